import Foundation
import KithTestSupport
import Testing

/// `kith demo` loads the demo network (built in, or a backup such as Fixtures/demo.kith.json)
/// into a new database and prints an overview.
/// The fixture is generated separately; until it exists these tests are skipped.
@Suite(
  "Demo",
  .enabled(
    if: FileManager.default.fileExists(atPath: CLIPaths.demoFixture),
    "Fixtures/demo.kith.json has not been generated yet"))
struct DemoTests {
  @Test("demo --out naming a file is one clear line, and the file is kept")
  func outIsAFile() throws {
    let box = CLISandbox()
    let file = box.file("notes.txt")
    try Data("keep me\n".utf8).write(to: URL(fileURLWithPath: file))
    let result = try box.run(["demo", "--out", file, "--fixture", CLIPaths.demoFixture])
    #expect(result.status == 64, "\(result)")
    #expect(result.stderr == "kith: error: --out \(file) is a file; name a folder for the demo\n")
    #expect(FileManager.default.contents(atPath: file) == Data("keep me\n".utf8))
  }

  @Test("demo prints the overview")
  func overview() throws {
    let box = CLISandbox()
    let out = box.file("demo-out")
    let result = try box.ok(["demo", "--out", out, "--fixture", CLIPaths.demoFixture])
    let text = result.stdout
    for expected in [
      "Kith demo: the network of", "Database: \(out)/demo.kith.sqlite", "people,", "interactions,",
      "Strongest ties now", "Strong ties that faded (peak strength lost)", "NAME", "STRENGTH",
      "Explore it: kith ", "Picture of the network: \(out)/network.svg",
      "Report (open it in a browser): \(out)/report.html",
    ] {
      #expect(text.contains(expected), "missing \"\(expected)\" in:\n\(text)")
    }
    #expect(permissions(out + "/demo.kith.sqlite") == 0o600)
    // The report and the picture of the demo network, ready to open.
    let report = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
    #expect(report.hasPrefix("<!DOCTYPE html>") && report.contains("<svg"))
    // Tables cut at --limit say so, and referrals say to whom.
    #expect(report.contains("Showing the first 20 of"), "no note on a cut table")
    #expect(report.contains("`kith neglected` lists them all"))
    #expect(report.contains("<th>To</th>"))
    let picture = try String(contentsOfFile: out + "/network.svg", encoding: .utf8)
    #expect(picture.components(separatedBy: "class=\"node person").count - 1 >= 100)
    // The user's database (KITH_DB) is never touched by the demo.
    #expect(!FileManager.default.fileExists(atPath: box.db))
    // The command the overview suggests works as printed (the folder has no spaces).
    let hint = try #require(result.stdoutLines.last { $0.hasPrefix("Explore it: kith ") })
    let suggested = hint.dropFirst("Explore it: kith ".count).split(separator: " ").map(String.init)
    #expect(suggested.contains("\(out)/demo.kith.sqlite"), "\(hint)")
    let explored = try box.ok(suggested)
    #expect(explored.stdoutLines.count > 10, "\(explored)")
    // A plan of more than nine items keeps "why" under each task.
    let plan = try box.ok(
      ["plan", "--db", "\(out)/demo.kith.sqlite", "--as-of", "2026-06-30", "--budget", "12"]
    ).stdoutLines
    // At the end of June, the plan is July's, as the overview's is: the same plan.
    #expect(plan.first == "Plan for 2026-07 (12 actions)", "\(plan)")
    let eight = try box.ok(["plan", "--db", "\(out)/demo.kith.sqlite", "--as-of", "2026-06-30"])
    let overview = result.stdoutLines.drop { !$0.hasPrefix("Plan for ") }.prefix {
      !$0.isEmpty && !$0.hasPrefix("Explore it")
    }
    // (The plan's items; the hint after them, on letting a tie go, is printed by both too.)
    #expect(Array(overview) == Array(eight.stdoutLines.prefix { !$0.isEmpty }), "\(overview)")
    #expect(eight.stdoutLines.last?.hasPrefix("Done with a tie? `kith let-go PERSON`") == true)
    #expect(plan.contains { $0.hasPrefix("10. [") }, "\(plan)")
    #expect(
      plan.contains { $0.hasPrefix("    why: ") } && plan.contains { $0.hasPrefix("   why: ") })
  }

  @Test("the demo network is built into kith: the same overview without the repository's file")
  func builtIn() throws {
    let box = CLISandbox()
    let built = try box.ok(["demo", "--out", box.file("a"), "--json"]).stdout
    let loaded = try box.ok(
      ["demo", "--out", box.file("b"), "--fixture", CLIPaths.demoFixture, "--json"]
    ).stdout
    #expect(!built.isEmpty)
    #expect(
      built.replacingOccurrences(of: box.file("a"), with: "OUT")
        == loaded.replacingOccurrences(of: box.file("b"), with: "OUT"))
  }

  @Test("the demo is as of the end of 2026-06-30 in any zone, as --as-of 2026-06-30 gives it")
  func asOfInAnyZone() throws {
    let box = CLISandbox()
    for (zone, asOf) in [("UTC", "2026-06-30T23:59:59Z"), ("Asia/Tokyo", "2026-06-30T14:59:59Z")] {
      let out = box.file(zone.replacingOccurrences(of: "/", with: "-"))
      let environment = ["TZ": zone]
      let demo = try #require(
        try JSONSerialization.jsonObject(
          with: Data(
            try box.ok(["demo", "--out", out, "--json"], environment: environment).stdout.utf8))
          as? [String: Any])
      #expect(demo["asOf"] as? String == asOf, "\(zone)")
      let text = try box.ok(["demo", "--out", out], environment: environment).stdout
      #expect(text.contains("as of 2026-06-30"), "\(zone): \(text.prefix(200))")
      // The command the overview suggests gives the overview's numbers.
      let ties = try #require(
        try JSONSerialization.jsonObject(
          with: Data(
            try box.ok(
              ["ties", "--as-of", "2026-06-30", "--json", "--limit", "1"],
              db: out + "/demo.kith.sqlite", environment: environment
            ).stdout.utf8)) as? [String: Any])
      let strongest = (demo["strongest"] as? [[String: Any]])?.first
      let first = (ties["ties"] as? [[String: Any]])?.first
      #expect(strongest?["handle"] as? String == first?["handle"] as? String)
      #expect(
        (strongest?["strength"] as? NSNumber)?.doubleValue
          == (first?["strength"] as? NSNumber)?.doubleValue, "\(zone)")
    }
  }

  @Test("demo --help lists the options it takes: no --db, which it refuses")
  func helpHasNoDatabase() throws {
    let box = CLISandbox()
    let help = try box.ok(["demo", "--help"]).stdout
    #expect(
      !help.contains("--db <path>") && help.contains("--as-of <date>") && help.contains("--out"),
      "\(help)")
    let refused = try box.run(["demo", "--db", box.file("k.sqlite"), "--out", box.file("d")])
    #expect(refused.status == 64 && refused.stderr.contains("--db does not apply to demo"))
  }

  @Test("demo --json has counts, strongest and faded")
  func json() throws {
    let box = CLISandbox()
    let out = box.file("demo-out")
    let document = try box.json(["demo", "--out", out, "--fixture", CLIPaths.demoFixture, "--json"])
    #expect((document["schemaVersion"] as? NSNumber)?.intValue == 1)
    #expect(document["ego"] is String)
    #expect(document["asOf"] is String)
    let counts = try #require(document["counts"] as? [String: Any])
    #expect(
      Set(counts.keys) == [
        "people", "organisations", "interactions", "exchanges", "referrals", "ties", "notes",
      ])
    let people = (counts["people"] as? NSNumber)?.intValue ?? 0
    #expect(people >= 100, "the demo has about 300 people: \(people)")
    #expect(((counts["interactions"] as? NSNumber)?.intValue ?? 0) > people)
    let strongest = try #require(document["strongest"] as? [[String: Any]])
    let faded = try #require(document["faded"] as? [[String: Any]])
    #expect((1...10).contains(strongest.count))
    #expect(faded.count <= 10)
    let strengths = strongest.compactMap { ($0["strength"] as? NSNumber)?.doubleValue }
    #expect(strengths.count == strongest.count)
    #expect(strengths == strengths.sorted(by: >), "strongest first")
    for tie in strongest + faded {
      #expect(Set(tie.keys) == ["handle", "name", "strength", "peak", "count", "first", "last"])
    }
    for tie in faded {
      let strength = (tie["strength"] as? NSNumber)?.doubleValue ?? .nan
      let peak = (tie["peak"] as? NSNumber)?.doubleValue ?? .nan
      #expect(strength < peak / 2, "a faded tie kept less than half its peak: \(tie)")
    }
  }

  @Test("the demo database round-trips through export and import")
  func roundTrip() throws {
    let box = CLISandbox()
    let out = box.file("demo-out")
    try box.ok(["demo", "--out", out, "--fixture", CLIPaths.demoFixture])
    let demoDB = out + "/demo.kith.sqlite"
    let original = try box.export(db: demoDB)
    try box.ok(["export", "json", "-o", "$DIR/demo-backup.json"], db: demoDB, quietStderr: false)
    try box.ok(["import", "json", "$DIR/demo-backup.json"], db: box.file("restored.sqlite"))
    #expect(try box.export(db: box.file("restored.sqlite")) == original)
  }

  @Test("demo with a missing fixture fails with exit 66")
  func missingFixture() throws {
    let box = CLISandbox()
    let result = try box.run(["demo", "--out", box.file("demo-out"), "--fixture", "$DIR/none.json"])
    #expect(result.status == 66, "\(result)")
    #expect(result.stderrLines.count == 1 && result.stderr.hasPrefix("kith: error: "), "\(result)")
    #expect(result.stdout.isEmpty)
  }
}
