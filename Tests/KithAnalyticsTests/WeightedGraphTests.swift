import Foundation
import KithAnalytics
import KithGraph
import KithTestSupport
import Testing

@Suite("WeightedGraph")
struct WeightedGraphTests {
  typealias Edge = WeightedGraph.Edge

  @Test func emptyGraph() {
    let g = WeightedGraph(nodeCount: 0, edges: [])
    #expect(g.nodeCount == 0)
    #expect(g.edgeCount == 0)
    #expect(g.offsets == [0])
    #expect(g.totalWeight == 0)
  }

  @Test func oneNode() {
    let g = WeightedGraph(nodeCount: 1, edges: [])
    #expect(g.nodeCount == 1)
    #expect(g.degree(0) == 0)
    #expect(g.strengths == [0])
  }

  @Test func rowsAreSortedAndSymmetric() {
    let g = WeightedGraph(
      nodeCount: 5,
      edges: [Edge(3, 1, weight: 2), Edge(0, 4), Edge(1, 0, weight: 0.5), Edge(4, 3, weight: 3)])
    #expect(g.neighbors(of: 0) == [1, 4])
    #expect(g.neighbors(of: 1) == [0, 3])
    #expect(g.neighbors(of: 3) == [1, 4])
    #expect(g.neighbors(of: 2).isEmpty)
    #expect(g.weight(between: 1, and: 3) == 2)
    #expect(g.weight(between: 3, and: 1) == 2)
    #expect(g.weight(between: 0, and: 3) == nil)
    #expect(g.strengths == [1.5, 2.5, 0, 5, 4])
    #expect(g.totalWeight == 6.5)
    #expect(g.edgeCount == 4)
    #expect(
      g.edgeList() == [
        Edge(0, 1, weight: 0.5), Edge(0, 4), Edge(1, 3, weight: 2), Edge(3, 4, weight: 3),
      ])
  }

  @Test func selfLoopsAreDropped() {
    let g = WeightedGraph(nodeCount: 3, edges: [Edge(0, 0, weight: 5), Edge(0, 1), Edge(2, 2)])
    #expect(g == WeightedGraph(nodeCount: 3, edges: [Edge(0, 1)]))
    #expect(g.strengths == [1, 1, 0])
  }

  @Test func duplicateEdgesAreMergedBySummingWeights() {
    let g = WeightedGraph(
      nodeCount: 3, edges: [Edge(0, 1, weight: 1), Edge(1, 0, weight: 2), Edge(0, 1, weight: 0.25)])
    #expect(g.edgeCount == 1)
    #expect(g.weight(between: 0, and: 1) == 3.25)
    #expect(g.weight(between: 1, and: 0) == 3.25)
  }

  @Test func zeroWeightEdgesAreKept() {
    let g = WeightedGraph(nodeCount: 2, edges: [Edge(0, 1, weight: 0)])
    #expect(g.edgeCount == 1)
    #expect(g.totalWeight == 0)
  }

  @Test(arguments: 0..<10)
  func randomEdgeListsMatchADictionaryModel(seed: Int) {
    var rng = SeededGenerator(seed: UInt64(seed))
    let n = Int.random(in: 1...30, using: &rng)
    var edges: [Edge] = []
    var model: [Int: [Int: Double]] = [:]
    for _ in 0..<Int.random(in: 0...120, using: &rng) {
      let u = Int32.random(in: 0..<Int32(n), using: &rng)
      let v = Int32.random(in: 0..<Int32(n), using: &rng)
      let w = Double(Int.random(in: 0...8, using: &rng)) / 4
      edges.append(Edge(u, v, weight: w))
      if u != v {
        model[Int(u), default: [:]][Int(v), default: 0] += w
        model[Int(v), default: [:]][Int(u), default: 0] += w
      }
    }
    let g = WeightedGraph(nodeCount: n, edges: edges)
    for u in 0..<n {
      let row = model[u] ?? [:]
      #expect(Array(g.neighbors(of: Int32(u))) == row.keys.sorted().map { Int32($0) })
      for (v, w) in row {
        #expect(abs((g.weight(between: Int32(u), and: Int32(v)) ?? -1) - w) < 1e-12)
      }
    }
  }

  @Test func fromSnapshotWithAndWithoutTheEgo() {
    var fixture = SnapshotFixture(ego: "me")
    fixture.people("a", "b", "c")
    fixture.tie("me", "a", weight: 2)
    fixture.tie("me", "b", weight: 1)
    fixture.tie("a", "b", weight: 0.5)
    fixture.tie("b", "c", weight: 4)
    let snapshot = fixture.snapshot(asOf: SnapshotFixture.days(10))
    let me = fixture.index(of: "me")
    let a = fixture.index(of: "a")
    let b = fixture.index(of: "b")
    let c = fixture.index(of: "c")

    let all = WeightedGraph(snapshot: snapshot)
    #expect(all.nodeCount == 4)
    #expect(all.edgeCount == 4)
    #expect(all.weight(between: me, and: a) == 2)
    #expect(all.weight(between: b, and: c) == 4)
    #expect(all.offsets == snapshot.offsets)
    #expect(all.neighbors == snapshot.neighbors)

    let withoutMe = WeightedGraph(snapshot: snapshot, excluding: snapshot.ego)
    #expect(withoutMe.nodeCount == 4)
    #expect(withoutMe.degree(me) == 0)
    #expect(withoutMe.edgeCount == 2)
    #expect(withoutMe.weight(between: a, and: b) == 0.5)
    #expect(withoutMe.weight(between: c, and: b) == 4)
    #expect(withoutMe.weight(between: a, and: me) == nil)
    #expect(withoutMe.strengths[Int(b)] == 4.5)
  }

  @Test(arguments: ["karate", "les_miserables"])
  func referenceGraphsLoad(name: String) throws {
    let reference = try #require(NetworkXReference.shared)
    let graph = try #require(reference.graphs[name])
    let g = graph.weightedGraph()
    #expect(g.edgeCount == graph.edges.count)
    #expect(reference.versions.networkx == "3.6.1")
  }

  /// Large edge lists are built in parallel by node range: the same rows, bit for bit, as a
  /// plain dictionary build that sums duplicates in input order.
  @Test func largeGraphsMatchAPlainBuild() {
    var rng = SeededGenerator(seed: 7)
    let n = 3000
    let m = 400_000
    var sources = [Int32]()
    var targets = [Int32]()
    var weights = [Double]()
    var sums: [Int: Double] = [:]
    for _ in 0..<m {
      let s = Int32.random(in: 0..<Int32(n), using: &rng)
      let t = Int32.random(in: 0..<Int32(n), using: &rng)
      let w = Double.random(in: 0..<10, using: &rng)
      sources.append(s)
      targets.append(t)
      weights.append(w)
      if s != t { sums[Int(min(s, t)) * n + Int(max(s, t)), default: 0] += w }
    }
    let g = WeightedGraph(nodeCount: n + 1, sources: sources, targets: targets, weights: weights)
    #expect(g.edgeCount == sums.count)
    #expect(g.degree(Int32(n)) == 0)
    var expected = [Edge]()
    for key in sums.keys.sorted() {
      expected.append(Edge(Int32(key / n), Int32(key % n), weight: sums[key] ?? 0))
    }
    #expect(g.edgeList() == expected)
    for u in 0..<Int32(n) {
      for slot in g.slots(of: u) {
        #expect(g.weight(between: g.neighbors[slot], and: u) == g.weights[slot])
      }
    }
    let edges = (0..<m).map { Edge(sources[$0], targets[$0], weight: weights[$0]) }
    #expect(WeightedGraph(nodeCount: n + 1, edges: edges) == g)
  }
}

// MARK: - Shared test support for the graph-algorithm suites

/// The reference values made by `Fixtures/reference/make_reference.py` with NetworkX.
struct NetworkXReference: Decodable, Sendable {
  struct Versions: Decodable, Sendable {
    var networkx: String
    var python: String
  }

  struct BetweennessSet: Decodable, Sendable {
    var unweighted: [Double]
    var weightedExact: [Double]
    var weightedFloatNetworkx: [Double]
    var nodesWhereFloatNetworkxDiffers: [Int]
  }

  struct Sample: Decodable, Sendable {
    var seed: Int
    var k: Int
    var sources: [Int32]
    var normalized: [Double?]
    var raw: [Double?]
  }

  struct Betweenness: Decodable, Sendable {
    var normalized: BetweennessSet
    var raw: BetweennessSet
    var sampledUnweighted: [Sample]
  }

  struct HoleSet: Decodable, Sendable {
    var constraint: [Double]
    var effectiveSize: [Double]
  }

  struct Holes: Decodable, Sendable {
    var weighted: HoleSet
    var unweighted: HoleSet
  }

  struct FixedPartition: Decodable, Sendable {
    var name: String
    var labels: [Int32]
    var modularity: [String: Double]
  }

  struct CommunitySet: Decodable, Sendable {
    var louvainModularityPerSeed: [Double]
    var louvainBestModularity: Double
    var partitions: [FixedPartition]
  }

  struct IsolatedCase: Decodable, Sendable {
    var name: String
    var labels: [Int32]
    var modularity: Double
  }

  struct CommunitiesReference: Decodable, Sendable {
    var weighted: CommunitySet
    var unweighted: CommunitySet
    var withIsolatedNodes: [IsolatedCase]
  }

  struct Graph: Decodable, Sendable {
    var nodeLabels: [String]
    var edges: [[Double]]
    var betweenness: Betweenness
    var structuralHoles: Holes
    var communities: CommunitiesReference

    var nodeCount: Int { nodeLabels.count }

    func weightedGraph(extraNodes: Int = 0) -> WeightedGraph {
      WeightedGraph(
        nodeCount: nodeCount + extraNodes,
        edges: edges.map { WeightedGraph.Edge(Int32($0[0]), Int32($0[1]), weight: $0[2]) })
    }

    func unweightedGraph() -> WeightedGraph {
      WeightedGraph(
        nodeCount: nodeCount, edges: edges.map { WeightedGraph.Edge(Int32($0[0]), Int32($0[1])) })
    }
  }

  var versions: Versions
  var graphs: [String: Graph]

  static let url = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/reference/networkx_reference.json")

  static let shared: NetworkXReference? = {
    guard let data = try? Data(contentsOf: url) else { return nil }
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try? decoder.decode(NetworkXReference.self, from: data)
  }()
}

/// The tolerance of every comparison with reference values: |a − b| ≤ 1e-9 · max(1, |b|).
func agrees(_ a: Double, _ b: Double, tolerance: Double = 1e-9) -> Bool {
  if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
  return abs(a - b) <= tolerance * max(1, abs(b))
}

/// The indices where two score vectors disagree beyond `agrees`.
func disagreements(_ a: [Double], _ b: [Double], tolerance: Double = 1e-9) -> [Int] {
  guard a.count == b.count else { return [-1] }
  return a.indices.filter { !agrees(a[$0], b[$0], tolerance: tolerance) }
}

/// Random graphs for invariant tests.
enum RandomGraphs {
  /// A planted-partition graph: `groups` groups of about n/groups nodes, each pair inside a
  /// group joined with probability pIn and across with pOut, weights in [0.5, 3].
  static func planted(
    nodes n: Int, groups: Int, pIn: Double, pOut: Double, seed: UInt64, weighted: Bool = true
  ) -> WeightedGraph {
    var rng = SeededGenerator(seed: seed)
    var edges: [WeightedGraph.Edge] = []
    for u in 0..<n {
      for v in (u + 1)..<max(n, u + 1) {
        let p = u % groups == v % groups ? pIn : pOut
        if Double.random(in: 0..<1, using: &rng) < p {
          let w = weighted ? Double(Int.random(in: 2...12, using: &rng)) / 4 : 1
          edges.append(WeightedGraph.Edge(Int32(u), Int32(v), weight: w))
        }
      }
    }
    return WeightedGraph(nodeCount: n, edges: edges)
  }

  /// `graph` with node v renamed `permutation[v]`.
  static func relabelled(_ graph: WeightedGraph, _ permutation: [Int32]) -> WeightedGraph {
    WeightedGraph(
      nodeCount: graph.nodeCount,
      edges: graph.edgeList().map {
        WeightedGraph.Edge(
          permutation[Int($0.source)], permutation[Int($0.target)], weight: $0.weight)
      })
  }

  static func permutation(_ n: Int, seed: UInt64) -> [Int32] {
    var rng = SeededGenerator(seed: seed)
    return (0..<n).map { Int32($0) }.shuffled(using: &rng)
  }
}
