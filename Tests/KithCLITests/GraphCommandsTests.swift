import Foundation
import KithTestSupport
import Testing

/// `kith import edges`, `kith metrics`, `kith path` and `kith circles` on Zachary's karate club,
/// checked against the NetworkX reference values in Fixtures/reference.
@Suite("Graph commands on the karate club")
struct GraphCommandsTests {
  struct Reference {
    var edges: [(Int, Int, Double)]
    var betweenness: [Double]
    var weightedBetweenness: [Double]
    var constraint: [Double]
    var effectiveSize: [Double]
  }

  static func reference() throws -> Reference {
    let url = kithPackageRoot()
      .appendingPathComponent("Fixtures/reference/networkx_reference.json")
    let root = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    let karate = try #require((root["graphs"] as? [String: Any])?["karate"] as? [String: Any])
    let edges = try #require(karate["edges"] as? [[Double]]).map { (Int($0[0]), Int($0[1]), $0[2]) }
    let raw = try #require((karate["betweenness"] as? [String: Any])?["raw"] as? [String: Any])
    let holes = try #require(
      (karate["structural_holes"] as? [String: Any])?["weighted"] as? [String: Any])
    return Reference(
      edges: edges, betweenness: try #require(raw["unweighted"] as? [Double]),
      weightedBetweenness: try #require(raw["weighted_exact"] as? [Double]),
      constraint: try #require(holes["constraint"] as? [Double]),
      effectiveSize: try #require(holes["effective_size"] as? [Double]))
  }

  /// A sandbox holding the karate club, imported from an edge list.
  static func karate() throws -> (CLISandbox, Reference) {
    let reference = try reference()
    let box = CLISandbox()
    let csv =
      "source,target,weight\n"
      + reference.edges.map { "n\($0.0),n\($0.1),\($0.2)" }.joined(separator: "\n")
    try csv.write(toFile: box.file("karate.csv"), atomically: true, encoding: .utf8)
    try box.ok(["import", "edges", "$DIR/karate.csv"])
    return (box, reference)
  }

  static func people(_ box: CLISandbox, _ arguments: [String]) throws -> [String: [String: Any]] {
    let document = try box.json(arguments)
    let people = try #require(document["people"] as? [[String: Any]])
    return Dictionary(uniqueKeysWithValues: people.map { ($0["handle"] as? String ?? "", $0) })
  }

  @Test(
    "metrics agree with NetworkX: betweenness (unweighted and 1/weight), constraint, effective size"
  )
  func metrics() throws {
    let (box, reference) = try Self.karate()
    let plain = try Self.people(box, ["metrics", "--json"])
    let weighted = try Self.people(box, ["metrics", "--json", "--weighted"])
    #expect(plain.count == 34)
    // JSON carries six decimals.
    let tolerance = 1e-6
    for i in 0..<34 {
      let p = try #require(plain["n\(i)"])
      let w = try #require(weighted["n\(i)"])
      #expect(
        abs((p["betweenness"] as? Double ?? .nan) - reference.betweenness[i]) <= tolerance, "n\(i)")
      #expect(
        abs((w["betweenness"] as? Double ?? .nan) - reference.weightedBetweenness[i]) <= tolerance,
        "n\(i)")
      #expect(
        abs((w["constraint"] as? Double ?? .nan) - reference.constraint[i]) <= tolerance, "n\(i)")
      #expect(
        abs((w["effectiveSize"] as? Double ?? .nan) - reference.effectiveSize[i]) <= tolerance,
        "n\(i)")
    }
  }

  @Test("metrics lists people in one order in the text and the JSON: highest betweenness first")
  func metricsOrder() throws {
    let (box, _) = try Self.karate()
    let document = try box.json(["metrics", "--json"])
    let people = try #require(document["people"] as? [[String: Any]])
    let json = people.compactMap { $0["name"] as? String }
    let text = try box.ok(["metrics"]).stdoutLines.dropFirst().prefix(34).map {
      String($0.split(separator: " ").first ?? "")
    }
    #expect(json.count == 34)
    #expect(json == Array(text))
    let scores = people.map { $0["betweenness"] as? Double ?? .nan }
    #expect(scores == scores.sorted(by: >))
  }

  @Test("re-importing the same edge list changes nothing")
  func idempotent() throws {
    let (box, _) = try Self.karate()
    let before = try box.export()
    let again = try box.json(["import", "edges", "$DIR/karate.csv", "--json"])
    #expect((again["tiesAdded"] as? NSNumber)?.intValue == 0)
    #expect((again["tiesUnchanged"] as? NSNumber)?.intValue == 78)
    #expect(try box.export() == before)
  }

  @Test("path: the best path maximises the product of tie qualities, with hop strengths")
  func path() throws {
    let (box, _) = try Self.karate()
    let document = try box.json(["path", "n0", "n33", "--json"])
    let hops = try #require(document["hops"] as? [[String: Any]])
    #expect(hops.first?["from"] as? String == "n0")
    #expect(hops.last?["to"] as? String == "n33")
    #expect(hops.count >= 2)
    #expect((document["score"] as? Double ?? 0) > 0)
  }

  @Test("metrics --sample: an estimate from k people with its error bound; exact when k ≥ n")
  func sampledMetrics() throws {
    let (box, reference) = try Self.karate()
    let document = try box.json(["metrics", "--json", "--sample", "10", "--normalized"])
    let sample = try #require(document["betweennessSample"] as? [String: Any])
    #expect(sample["sources"] as? Int == 10)
    // ε = √(ln(2/0.05) / (2 · 9)).
    let bound = (log(2 / 0.05) / 18).squareRoot()
    #expect(abs((sample["errorBound"] as? Double ?? 0) - bound) <= 1e-6)
    let people = try #require(document["people"] as? [[String: Any]])
    #expect(people.count == 34)
    // Every estimate is a normalised score, and most lie within the bound of NetworkX's.
    let n = 34.0
    var within = 0
    for p in people {
      let handle = p["handle"] as? String ?? ""
      let i = Int(handle.dropFirst()) ?? 0
      let estimate = p["betweenness"] as? Double ?? .nan
      #expect(estimate >= 0 && estimate <= 1, "\(handle)")
      let exact = reference.betweenness[i] * 2 / ((n - 1) * (n - 2))
      if abs(estimate - exact) <= bound { within += 1 }
    }
    #expect(within >= 30, "\(within) of 34 within ±\(bound)")
    let text = try box.ok(["metrics", "--sample", "10"]).stdout
    #expect(text.contains("Betweenness estimated from 10 of 34 people (seed 0)"))
    // As many people as the network has: the exact scores, and no estimate to report.
    let all = try box.json(["metrics", "--json", "--sample", "34"])
    #expect(all["betweennessSample"] is NSNull)
    let exact = try Self.people(box, ["metrics", "--json"])
    for p in try #require(all["people"] as? [[String: Any]]) {
      let handle = p["handle"] as? String ?? ""
      #expect(p["betweenness"] as? Double == exact[handle]?["betweenness"] as? Double, "\(handle)")
    }
    let bad = try box.run(["metrics", "--sample", "1"])
    #expect(bad.status == 64 && bad.stderr.contains("--sample must be at least 2"))
  }

  @Test("circles on a plain graph: every member in one community, modularity reported")
  func circles() throws {
    let (box, _) = try Self.karate()
    let document = try box.json(["circles", "--json"])
    let communities = try #require(document["communities"] as? [[String: Any]])
    let members = communities.flatMap { $0["members"] as? [String] ?? [] }
    #expect(members.count == 34 && Set(members).count == 34)
    #expect((document["modularity"] as? Double ?? 0) > 0.4)
    // No ego in this store: the text does not speak of "your tie strength".
    let text = try box.ok(["circles"]).stdoutLines
    #expect(text.count > 2 && text.dropFirst().allSatisfy { !$0.contains("your tie strength") })
    #expect(text[1].hasPrefix("#") && text[1].contains("people — n"), "\(text)")
  }

  @Test("a malformed edge list is rejected with its line and nothing is written")
  func malformed() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Alex Morgan"])
    let before = try box.export()
    try "source,target,weight\na,b,1\nc,d,heavy\n".write(
      toFile: box.file("bad.csv"), atomically: true, encoding: .utf8)
    let result = try box.run(["import", "edges", "$DIR/bad.csv"])
    #expect(result.status == 65)
    #expect(result.stderr.contains("bad.csv:3:5: weight"), "\(result)")
    #expect(try box.export() == before)
    // A weight a 32-bit strength cannot hold (1e39 was stored as infinity) is refused too.
    try "source,target,weight\na,b,1\nc,d,1e39\n".write(
      toFile: box.file("huge.csv"), atomically: true, encoding: .utf8)
    let huge = try box.run(["import", "edges", "$DIR/huge.csv"])
    #expect(huge.status == 65)
    #expect(
      huge.stderr
        == "kith: error: \(box.file("huge.csv")):3:5: weight: '1e39' is not a number from 0 to 1000000\n",
      "\(huge)")
    #expect(try box.export() == before)
  }
}
