import Foundation
import KithTestSupport
import Testing

/// Runs an external program (not kith) and collects its output; nil when it is not installed.
private func runTool(_ name: String, _ arguments: [String], timeout: TimeInterval = 120) throws
  -> KithRun?
{
  let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    .split(separator: ":").map { "\($0)/\(name)" }
    .first { FileManager.default.isExecutableFile(atPath: $0) }
  guard let path else { return nil }
  let folder = TemporaryDirectory("kith-tool")
  defer { folder.remove() }
  let out = folder.file("stdout")
  let err = folder.file("stderr")
  _ = FileManager.default.createFile(atPath: out, contents: nil)
  _ = FileManager.default.createFile(atPath: err, contents: nil)
  let process = Process()
  process.executableURL = URL(fileURLWithPath: path)
  process.arguments = arguments
  process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
  process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
  try process.run()
  let deadline = Date().addingTimeInterval(timeout)
  while process.isRunning && Date() < deadline { usleep(20_000) }
  if process.isRunning {
    process.terminate()
    process.waitUntilExit()
    throw ToolTimeout(tool: name, seconds: timeout)
  }
  return KithRun(
    stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
    stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "",
    status: process.terminationStatus)
}

private struct ToolTimeout: Error, CustomStringConvertible {
  var tool: String
  var seconds: TimeInterval
  var description: String { "\(tool) did not finish within \(Int(seconds)) s" }
}

private let scripts = CLIPaths.testsFolder.appendingPathComponent("Scripts")

/// A small network whose people have names that attack markup.
private func hostileNetwork() throws -> CLISandbox {
  let box = CLISandbox()
  try box.ok(["init", "--me", "Alex \"A\" & <b>Morgan</b>"])
  for name in [
    "<script>alert(1)</script>", "\" onload=\"x", "Sam --> <!-- Lee", "مريم الحسيني", "🦊 Fox",
  ] {
    try box.ok(["person", "add", name])
  }
  let script = "<script>alert(1)</script>"
  let onload = "\" onload=\"x"
  for (people, day) in [
    ([script], "2026-01-10"), ([onload], "2026-01-12"), (["Sam --> <!-- Lee"], "2026-02-01"),
    (["مريم الحسيني"], "2026-02-03"), (["🦊 Fox"], "2026-02-05"), ([script, onload], "2026-02-10"),
  ] {
    try box.ok(["log", "meeting"] + people.flatMap { ["--with", $0] } + ["--on", day])
  }
  try box.ok([
    "log", "call", "--with", "Sam --> <!-- Lee", "--with", "🦊 Fox", "--no-ego", "--on",
    "2026-02-11",
  ])
  return box
}

@Suite("render, export dot|graphml|graph-json, report")
struct RenderCommandsTests {
  @Test("render writes SVG, PNG and PDF, with the format taken from the file name")
  func renderFormats() throws {
    let box = try hostileNetwork()
    let svg = try box.ok(["render", "--as-of", "2026-03-01", "-o", "$DIR/net.svg"])
    #expect(svg.stdout.hasPrefix("Wrote \(box.file("net.svg")) (svg, dot): 6 people, 7 ties."))
    #expect(permissions(box.file("net.svg")) == 0o600)
    let text = try String(contentsOfFile: box.file("net.svg"), encoding: .utf8)
    #expect(text.components(separatedBy: "class=\"node person").count - 1 == 6)
    #expect(!text.contains("<script"))
    #expect(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    try box.ok(["render", "--as-of", "2026-03-01", "-o", "$DIR/net.png"])
    let png = try #require(FileManager.default.contents(atPath: box.file("net.png")))
    #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    try box.ok(["render", "--as-of", "2026-03-01", "--format", "pdf", "-o", "$DIR/net.out"])
    let pdf = try #require(FileManager.default.contents(atPath: box.file("net.out")))
    #expect(Array(pdf.prefix(5)) == Array("%PDF-".utf8))
    let json = try box.json([
      "render", "--as-of", "2026-03-01", "--view", "ego", "--engine", "neato", "--json", "-o",
      "$DIR/ego.svg",
    ])
    #expect(json["engine"] as? String == "neato")
    #expect(json["view"] as? String == "ego")
    #expect((json["people"] as? NSNumber)?.intValue == 6)
    // A name for another format: refused, nothing written.
    let gif = try box.run(["render", "--as-of", "2026-03-01", "-o", "$DIR/net.gif"])
    #expect(gif.status == 64, "\(gif)")
    #expect(gif.stderr.contains("kith draws svg, png, pdf or dot"), "\(gif)")
    let clash = try box.run(["render", "--format", "png", "-o", "$DIR/two.svg"])
    #expect(clash.status == 64, "\(clash)")
    #expect(clash.stderr.contains("names a .svg file, but --format is png"), "\(clash)")
    #expect(!FileManager.default.fileExists(atPath: box.file("net.gif")))
    #expect(!FileManager.default.fileExists(atPath: box.file("two.svg")))
  }

  @Test("a big network picture names your strongest ties, however central they are")
  func strongestTiesLabelled() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Alex Morgan"])
    // 70 people met once, then Zed, met every week: nobody but you is central, so the labels
    // go to the first 60 by order, and Zed, the strongest tie, came last.
    var csv = "date,with,kind\n"
    for k in 0..<70 { csv += "2026-01-05,Person \(k),call\n" }
    for week in 1...8 { csv += "2026-0\(week < 5 ? 1 : 2)-\(10 + week),Zed Strong,meeting\n" }
    try csv.write(toFile: box.file("calls.csv"), atomically: true, encoding: .utf8)
    try box.ok(["import", "$DIR/calls.csv"])
    try box.ok(["render", "--as-of", "2026-03-01", "--format", "dot", "-o", "$DIR/n.dot"])
    let dot = try String(contentsOfFile: box.file("n.dot"), encoding: .utf8)
    #expect(dot.contains("xlabel=\"Zed Strong\""), "\(dot.prefix(500))")
    #expect(dot.contains("xlabel=\"Person 0\"") && !dot.contains("xlabel=\"Person 69\""))
  }

  @Test("a circle's picture keeps its strongest ties, twice its people, as the network's does")
  func circleViewIsPruned() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Alex Morgan"])
    let people = (1...8).map { "Person \($0)" }
    for name in people { try box.ok(["person", "add", name]) }
    // Everyone meets everyone else without you, on a different day per pair: 28 ties among 8.
    var day = 1
    for i in 0..<people.count {
      for j in (i + 1)..<people.count {
        try box.ok([
          "log", "meeting", "--no-ego", "--with", people[i], "--with", people[j], "--on",
          String(format: "2026-01-%02d", day % 28 + 1),
        ])
        day += 1
      }
    }
    try box.ok(["log", "call", "--with", "Person 1", "--on", "2026-02-01"])
    let circles = try box.json(["circles", "--as-of", "2026-03-01", "--json"])
    let circle = try #require((circles["communities"] as? [[String: Any]])?.first)
    let id = try #require((circle["id"] as? NSNumber)?.intValue)
    let json = try box.json([
      "render", "--as-of", "2026-03-01", "--view", "circle", String(id), "--json", "-o",
      "$DIR/circle.svg",
    ])
    let drawn = try #require((json["people"] as? NSNumber)?.intValue)
    #expect(drawn >= 8)
    #expect((json["ties"] as? NSNumber)?.intValue == 2 * drawn, "\(json)")
    let all = try box.json([
      "render", "--as-of", "2026-03-01", "--view", "circle", String(id), "--max-ties", "100",
      "--json", "-o", "$DIR/all.svg",
    ])
    #expect(((all["ties"] as? NSNumber)?.intValue ?? 0) > 2 * drawn, "\(all)")
  }

  @Test(
    "exports keep people with no tie (NetworkX counts them); pictures leave them out, and say so")
  func exportsKeepEveryone() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Alex Morgan"])
    for name in ["Ann Lee", "Bo Chen", "Cy Dale"] { try box.ok(["person", "add", name]) }
    try box.ok(["log", "call", "--with", "Ann Lee", "--on", "2026-02-01"])
    let exported = try box.json([
      "export", "dot", "--as-of", "2026-03-01", "--json", "-o", "$DIR/g.dot",
    ])
    #expect((exported["people"] as? NSNumber)?.intValue == 4, "\(exported)")
    #expect(exported["omitted"] is NSNull, "\(exported)")
    let graphml = try box.run([
      "export", "graphml", "--as-of", "2026-03-01", "-o", "$DIR/g.graphml",
    ])
    #expect(graphml.stderr == "Wrote \(box.file("g.graphml")): 4 people, 1 tie.\n", "\(graphml)")
    // Asked for ties of some strength: the others are left out, and the note says so.
    let strong = try box.run([
      "export", "graphml", "--as-of", "2026-03-01", "--min-strength", "0.1", "-o", "$DIR/s.graphml",
    ])
    #expect(
      strong.stderr.hasPrefix(
        "Wrote \(box.file("s.graphml")): 2 people, 1 tie; left out: 2 people with no tie of strength ≥ 0.1"
      ),
      "\(strong)")
    let drawn = try box.json(["render", "--as-of", "2026-03-01", "--json", "-o", "$DIR/p.svg"])
    #expect((drawn["people"] as? NSNumber)?.intValue == 2, "\(drawn)")
    #expect((drawn["omitted"] as? String)?.contains("2 people with no tie") == true, "\(drawn)")
  }

  // A contact list (you and 1,100 people who do not know each other, a star) used to be drawn
  // with dot, everyone in one row, and above 1,000 people sfdp without overlap removal left
  // the layout unscaled: everyone within a fraction of an inch.
  @Test("a network of 1,100 people: 1,000 drawn by default, spread out, with sfdp")
  func bigNetworkIsCappedAndSpread() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Alex Morgan"])
    var csv = "date,with,kind\n"
    for k in 1...1_100 { csv += "2026-01-\(String(format: "%02d", k % 28 + 1)),Person \(k),call\n" }
    try csv.write(toFile: box.file("calls.csv"), atomically: false, encoding: .utf8)
    try box.ok(["import", "csv", "$DIR/calls.csv"])
    let json = try box.json(["render", "--as-of", "2026-03-01", "--json", "-o", "$DIR/big.svg"])
    #expect((json["people"] as? NSNumber)?.intValue == 1_000, "\(json)")
    #expect(json["engine"] as? String == "sfdp", "\(json)")
    #expect((json["omitted"] as? String)?.contains("101 people (kept the 1000 closest") == true)
    // The people's circles lie far apart: the drawing spans many inches, not a blot.
    let svg = try String(contentsOfFile: box.file("big.svg"), encoding: .utf8)
    let xs = svg.split(separator: "<ellipse").dropFirst().compactMap { piece -> Double? in
      guard let at = piece.range(of: "cx=\"") else { return nil }
      return Double(piece[at.upperBound...].prefix { $0 != "\"" })
    }
    #expect(xs.count >= 1_000)
    #expect(
      (xs.max() ?? 0) - (xs.min() ?? 0) > 720,
      "the drawing is \(Int((xs.max() ?? 0) - (xs.min() ?? 0))) points wide")
    // --max-people chooses another budget (five people: a small tree, drawn with dot); the
    // export has none by default.
    let few = try box.json([
      "render", "--as-of", "2026-03-01", "--max-people", "5", "--json", "-o", "$DIR/few.svg",
    ])
    #expect(
      (few["people"] as? NSNumber)?.intValue == 5 && few["engine"] as? String == "dot", "\(few)")
    let export = try box.run(["export", "graph-json", "--as-of", "2026-03-01"])
    #expect(export.status == 0 && export.stdout.components(separatedBy: "\"id\"").count > 1_100)
    // A path keeps its people: --max-people is refused there rather than ignored.
    let path = try box.json([
      "render", "--as-of", "2026-03-01", "--view", "path", "Person 1", "Person 2", "--json", "-o",
      "$DIR/path.svg",
    ])
    #expect((path["people"] as? NSNumber)?.intValue == 3, "\(path)")
    let bad = try box.run(["render", "--max-people", "0", "-o", "$DIR/x.svg"])
    #expect(bad.status == 64 && bad.stderr.contains("--max-people must be at least 1"))
  }

  @Test("the same network renders to the same SVG twice")
  func deterministic() throws {
    let box = try hostileNetwork()
    try box.ok(["render", "--as-of", "2026-03-01", "--engine", "sfdp", "-o", "$DIR/a.svg"])
    try box.ok(["render", "--as-of", "2026-03-01", "--engine", "sfdp", "-o", "$DIR/b.svg"])
    #expect(
      FileManager.default.contents(atPath: box.file("a.svg"))
        == FileManager.default.contents(atPath: box.file("b.svg")))
  }

  @Test("path and intro views draw the best path")
  func pathViews() throws {
    let box = try hostileNetwork()
    let path = try box.ok([
      "render", "--as-of", "2026-03-01", "--view", "path", "🦊 Fox", "\" onload=\"x", "-o",
      "$DIR/p.svg",
    ])
    #expect(path.stdout.contains("(svg, dot)"))
    let intro = try box.json([
      "render", "--as-of", "2026-03-01", "--view", "intro", "🦊 Fox", "--json", "-o", "$DIR/i.svg",
    ])
    #expect(intro["view"] as? String == "intro")
    let svg = try String(contentsOfFile: box.file("i.svg"), encoding: .utf8)
    let highlighted = svg.components(separatedBy: "class=\"node person").dropFirst().filter {
      $0.prefix(while: { $0 != "\"" }).contains("highlighted")
    }
    #expect(highlighted.count >= 2, "the ego and the target at least")
    // An organisation's members and a tag, as `intro --to` takes them.
    try box.ok(["org", "add", "Den"])
    try box.ok(["affiliate", "🦊 Fox", "den"])
    try box.ok(["person", "edit", "Sam --> <!-- Lee", "--tag", "fox-friends"])
    try box.ok(["person", "edit", "🦊 Fox", "--tag", "fox-friends"])
    for (target, title) in [
      ("org:den", "the current members of Den"), ("tag:fox-friends", "everyone tagged fox-friends"),
    ] {
      let view = try box.ok([
        "render", "--as-of", "2026-03-01", "--view", "intro", target, "--format", "dot", "-o",
        "$DIR/t.dot",
      ])
      #expect(view.stdout.contains("(dot, dot)"), "\(view)")
      let dot = try String(contentsOfFile: box.file("t.dot"), encoding: .utf8)
      #expect(dot.contains("Introductions to \(title)"), "\(target)")
    }
    // Five of the targets are drawn; the others are said to be left out, as other views say.
    for name in ["Ana", "Bo", "Cy", "Di", "Ed"] {
      try box.ok(["person", "add", name, "--tag", "fox-friends"])
      try box.ok(["tie", "🦊 Fox", name])
    }
    let many = try box.json([
      "render", "--as-of", "2026-03-01", "--view", "intro", "tag:fox-friends", "--format", "dot",
      "-o", "$DIR/m.dot", "--json",
    ])
    let left = try #require(many["omitted"] as? String)
    #expect(left.hasPrefix("2 of the 7 people (drew the best path to the 5 "), "\(left)")
    #expect(
      try String(contentsOfFile: box.file("m.dot"), encoding: .utf8).contains(
        "left out: 2 of the 7"))
    let nobody = try box.run(["render", "--view", "intro", "tag:nobody", "-o", "$DIR/n.svg"])
    #expect(nobody.status == 65 && nobody.stderr == "kith: error: nobody has the tag nobody\n")
  }

  struct BadCall: Sendable, CustomTestStringConvertible {
    var why: String
    var arguments: [String]
    var dot: String?
    var bytes: [UInt8]?
    var status: Int32
    var message: String
    var testDescription: String { why }
  }

  @Test(
    "bad input: one line, the right exit code, nothing written",
    arguments: [
      BadCall(
        why: "malformed DOT file",
        arguments: ["render", "--dot", "$DIR/in.dot", "-o", "$DIR/o.svg"],
        dot: "graph {\n  a -- b\n  c -- \n}\n", status: 65, message: "in.dot:4: not valid DOT"),
      BadCall(
        why: "unterminated string",
        arguments: ["render", "--dot", "$DIR/in.dot", "-o", "$DIR/o.svg"],
        dot: "graph { a [label=\"x] }", status: 65, message: "not valid DOT"),
      BadCall(
        why: "empty DOT file", arguments: ["render", "--dot", "$DIR/in.dot", "-o", "$DIR/o.svg"],
        dot: "", status: 65, message: "not valid DOT"),
      BadCall(
        why: "NUL byte in a DOT file",
        arguments: ["render", "--dot", "$DIR/in.dot", "-o", "$DIR/o.svg"],
        dot: "graph { a -- b\u{0} }\n", status: 65,
        message: "in.dot: not valid DOT: the DOT text contains a NUL byte"),
      BadCall(
        why: "DOT file not UTF-8",
        arguments: ["render", "--dot", "$DIR/in.dot", "-o", "$DIR/o.svg"],
        bytes: Array("graph { \"caf".utf8) + [0xE9] + Array("\" -- b }\n".utf8), status: 65,
        message: "in.dot: not UTF-8 text"),
      BadCall(
        why: "missing DOT file",
        arguments: ["render", "--dot", "$DIR/none.dot", "-o", "$DIR/o.svg"],
        status: 66, message: "no such file"),
      BadCall(
        why: "unknown view", arguments: ["render", "--view", "galaxy", "-o", "$DIR/o.svg"],
        status: 64, message: "unknown view 'galaxy'"),
      BadCall(
        why: "path with one person",
        arguments: ["render", "--view", "path", "Fox", "-o", "$DIR/o.svg"],
        status: 64, message: "--view path takes two people"),
      BadCall(
        why: "radius 3",
        arguments: ["render", "--view", "ego", "--radius", "3", "-o", "$DIR/o.svg"],
        status: 64, message: "--radius must be 1 or 2"),
      BadCall(
        why: "unknown circle", arguments: ["render", "--view", "circle", "99", "-o", "$DIR/o.svg"],
        status: 65, message: "no circle 99"),
      BadCall(
        why: "two intro targets",
        arguments: ["render", "--view", "intro", "ann", "bo", "-o", "$DIR/o.svg"],
        status: 64, message: "--view intro takes one target (a person, org:ORG or tag:TAG)"),
      BadCall(
        why: "unknown person",
        arguments: ["render", "--view", "intro", "nobody", "-o", "$DIR/o.svg"],
        status: 65, message: "no person or organisation matches 'nobody'"),
      BadCall(
        why: "unknown engine", arguments: ["render", "--engine", "magic", "-o", "$DIR/o.svg"],
        status: 64, message: "magic"),
      BadCall(
        why: "no output file", arguments: ["render", "--format", "svg"], status: 64,
        message: "-o"),
      BadCall(
        why: "--json without a file", arguments: ["export", "dot", "--json"], status: 64,
        message: "add -o FILE"),
      BadCall(
        why: "negative min strength", arguments: ["export", "graphml", "--min-strength", "-1"],
        status: 64, message: "--min-strength"),
    ])
  func badInput(_ call: BadCall) throws {
    let box = try hostileNetwork()
    if let bytes = call.bytes ?? call.dot.map({ Array($0.utf8) }) {
      try Data(bytes).write(to: URL(fileURLWithPath: box.file("in.dot")))
    }
    let before = try box.export()
    let result = try box.run(call.arguments)
    #expect(result.status == call.status, "\(result)")
    #expect(result.stderrLines.count == 1, "\(result)")
    #expect(result.stderr.hasPrefix("kith: error: "), "\(result)")
    #expect(result.stderr.contains(call.message), "\(result)")
    #expect(!FileManager.default.fileExists(atPath: box.file("o.svg")))
    #expect(try box.export() == before)
    let left = try FileManager.default.contentsOfDirectory(atPath: box.file(""))
    #expect(!left.contains { $0.contains(".tmp-") }, "no temporary file is left: \(left)")
  }

  @Test("a forced engine on a graph too big for it is stopped at the time limit")
  func timeLimit() throws {
    let box = CLISandbox()
    // 400 nodes, 1,200 edges: minutes for fdp.
    var generator = SeededGenerator(seed: 7)
    var lines = ["graph {"]
    for u in 1..<400 {
      for _ in 0..<3 { lines.append("  n\(u) -- n\(Int.random(in: 0..<u, using: &generator));") }
    }
    lines.append("}")
    try Data(lines.joined(separator: "\n").utf8).write(
      to: URL(fileURLWithPath: box.file("big.dot")))
    let started = Date()
    let result = try box.run([
      "render", "--dot", "$DIR/big.dot", "--engine", "fdp", "--time-limit", "1", "-o",
      "$DIR/big.svg",
    ])
    #expect(Date().timeIntervalSince(started) < 30)
    #expect(result.status == 1, "\(result)")
    #expect(result.stderr.contains("fdp did not finish within 1 s on 400 nodes"), "\(result)")
    #expect(result.stderrLines.count == 1)
    #expect(!FileManager.default.fileExists(atPath: box.file("big.svg")))
    // Graphviz's own DOT output of the same file, through the in-process parser.
    let laidOut = try box.ok([
      "render", "--dot", "$DIR/big.dot", "--engine", "sfdp", "-o", "$DIR/big.dot.out",
      "--format", "dot",
    ])
    #expect(laidOut.stdout.contains("400 people, 1197 ties"), "\(laidOut)")
  }

  @Test("export dot reads back in Graphviz, in-process and with the gc command")
  func exportDOT() throws {
    let box = try hostileNetwork()
    try box.ok(["export", "dot", "--as-of", "2026-03-01", "-o", "$DIR/g.dot"], quietStderr: false)
    let json = try box.json(["export", "graph-json", "--as-of", "2026-03-01"])
    let nodes = try #require(json["nodes"] as? [[String: Any]]).count
    let links = try #require(json["links"] as? [[String: Any]]).count
    #expect(nodes == 6 && links == 7)
    let summary = try box.json([
      "export", "graphml", "--as-of", "2026-03-01", "--json", "-o", "$DIR/g.graphml",
    ])
    #expect((summary["people"] as? NSNumber)?.intValue == nodes)
    #expect((summary["ties"] as? NSNumber)?.intValue == links)
    #expect(summary["format"] as? String == "graphml")
    // In-process: kith's own parse of the file (through cgraph) reports the counts.
    let again = try box.ok([
      "render", "--dot", "$DIR/g.dot", "--format", "dot", "-o", "$DIR/g2.dot",
    ])
    #expect(again.stdout.contains("\(nodes) people, \(links) ties"), "\(again)")
    // The gc command, where Graphviz's command-line tools are installed.
    guard let gc = try runTool("gc", ["-n", "-e", box.file("g.dot")]) else {
      print("skipped: the gc command (package graphviz) is missing")
      return
    }
    let numbers = gc.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap {
      Int($0)
    }
    #expect(Array(numbers.prefix(2)) == [nodes, links], "\(gc)")
  }

  /// graph-json writes numbers in full, as GraphML does: a tie of strength 1e-7 is not 0.
  @Test("graph-json keeps a tiny weight that six decimals would round to 0")
  func graphJSONExactNumbers() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Alex Morgan"])
    try box.ok(["person", "add", "Sam Lee"])
    try box.ok(["person", "add", "Kim Park"])
    try box.ok(["tie", "sam-lee", "kim-park", "--weight", "0.0000001"])
    try box.ok(["tie", "me", "sam-lee", "--weight", "123.456789"])
    let document = try box.json(["export", "graph-json"])
    let links = try #require(document["links"] as? [[String: Any]])
    let weights = links.compactMap { ($0["weight"] as? NSNumber)?.doubleValue }.sorted()
    // Strengths are stored as Float: the export is that value, to the last digit.
    #expect(weights == [Double(Float(1e-7)), Double(Float(123.456789))], "\(links)")
    let text = try box.ok(["export", "graph-json"]).stdout
    #expect(text.contains("\"weight\": 1.0000000116860974e-07"), "\(text)")
  }

  @Test("GraphML read by NetworkX has the same nodes, edges and weights as the JSON export")
  func graphMLWithNetworkX() throws {
    let demo = FileManager.default.fileExists(atPath: CLIPaths.demoFixture)
    let box = demo ? CLISandbox() : try hostileNetwork()
    var db: String?
    var asOf = "2026-03-01"
    if demo {
      try box.ok(["demo", "--out", "$DIR/demo", "--fixture", CLIPaths.demoFixture])
      db = box.file("demo/demo.kith.sqlite")
      asOf = "2026-06-30"
    }
    try box.ok(
      ["export", "graphml", "--as-of", asOf, "-o", "$DIR/g.graphml"], db: db, quietStderr: false)
    let wrote = try box.ok(
      ["export", "graph-json", "--as-of", asOf, "-o", "$DIR/g.json"], db: db, quietStderr: false)
    let counts = try box.ok(
      ["export", "graphml", "--as-of", asOf, "-o", "$DIR/again.graphml"], db: db,
      quietStderr: false)
    // The same counts in the same words as graphml's.
    #expect(
      wrote.stderr.replacingOccurrences(of: "g.json", with: "again.graphml") == counts.stderr,
      "\(wrote)")
    #expect(wrote.stderr.contains(" people, "), "\(wrote)")
    guard
      let result = try runTool(
        "python3",
        [
          scripts.appendingPathComponent("check_graphml.py").path, box.file("g.graphml"),
          box.file("g.json"),
        ])
    else {
      print("skipped: python3/networkx missing")
      return
    }
    if result.status == 3 {
      print("skipped: python3/networkx missing")
      return
    }
    #expect(result.status == 0, "\(result)")
    print(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
  }

  @Test(
    "the HTML report opens in headless Chromium: no console errors, a non-blank page, names as text"
  )
  func reportInChromium() throws {
    let box = try hostileNetwork()
    let written = try box.ok(["report", "--as-of", "2026-03-01", "--html", "$DIR/report.html"])
    #expect(written.stdout.contains("Wrote \(box.file("report.html"))"))
    #expect(permissions(box.file("report.html")) == 0o600)
    let html = try String(contentsOfFile: box.file("report.html"), encoding: .utf8)
    #expect(!html.lowercased().contains("<script"))
    #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(html.contains("&quot; onload=&quot;x"))
    #expect(html.contains("<svg"))
    #expect(!html.contains("http://") || html.allHTTPAreNamespaces)

    let browser = ["chromium", "chromium-browser", "google-chrome"].lazy.compactMap { name in
      (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }.first
    guard let browser else {
      print("skipped: chromium missing")
      return
    }
    let profile = TemporaryDirectory("kith-chromium")
    defer { profile.remove() }
    let shot = box.file("report.png")
    // One launch, phone-sized: console messages go to stderr, the screenshot to a file.
    let run = try #require(
      try runTool(
        (browser as NSString).lastPathComponent,
        [
          "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
          "--disable-extensions", "--user-data-dir=\(profile.path)", "--enable-logging=stderr",
          "--v=0", "--window-size=390,2400", "--screenshot=\(shot)",
          URL(fileURLWithPath: box.file("report.html")).absoluteString,
        ]))
    let console = run.stderr.split(separator: "\n").filter { $0.contains("CONSOLE") }
    #expect(console.isEmpty, "console messages: \(console)")
    #expect(FileManager.default.fileExists(atPath: shot), "\(run)")
    guard
      let stats = try runTool(
        "python3", [scripts.appendingPathComponent("png_stats.py").path, shot])
    else {
      print("skipped: python3 missing to read the screenshot")
      return
    }
    let fields = stats.stdout.split(separator: " ").compactMap {
      Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    #expect(fields.count == 3, "\(stats)")
    #expect(fields.first == 390, "\(stats)")
    #expect((fields.last ?? 0) >= 50, "a blank page has one colour: \(stats)")
  }

  @Test("the report's count of interactions is as of its day, as its ties are")
  func reportCountsAsOf() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Alex Morgan"])
    try box.ok(["person", "add", "Jane Doe"])
    for day in ["2026-01-10", "2026-02-10", "2026-05-10"] {
      try box.ok(["log", "call", "--with", "jane", "--on", day])
    }
    try box.ok(["report", "--as-of", "2026-03-01", "--html", "$DIR/r.html"])
    let html = try String(contentsOfFile: box.file("r.html"), encoding: .utf8)
    #expect(
      html.contains("As of 2026-03-01: 2 people, 1 tie, 2 interactions."), "\(html.prefix(2000))")
    // Nothing given or received and no flag: no rows of zeros under "Give and take".
    #expect(html.contains("No exchanges recorded, and nobody always or never starts."))
  }

  @Test("report --json and a store without an ego")
  func reportErrors() throws {
    let box = try hostileNetwork()
    let json = try box.json(["report", "--as-of", "2026-03-01", "--html", "$DIR/r.html", "--json"])
    #expect(
      json["sections"] as? [String] == [
        "picture", "plan", "neglected", "dormant", "reciprocity", "referrals", "followups",
        "circles", "beyond",
      ])
    let missing = try box.run(["report", "--html", "$DIR/r.html"], db: box.file("none.sqlite"))
    #expect(missing.status == 66)
  }
}

extension String {
  /// Whether every `http://` in the text is an XML namespace of the inline SVG.
  fileprivate var allHTTPAreNamespaces: Bool {
    let namespaces = ["http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"]
    var rest = self[...]
    while let range = rest.range(of: "http://") {
      let tail = rest[range.lowerBound...]
      guard namespaces.contains(where: { tail.hasPrefix($0) }) else { return false }
      rest = rest[range.upperBound...]
    }
    return true
  }
}
