import Foundation
import KithTestSupport
import Testing

/// Help text pinned by golden files in Goldens/. To accept a change on purpose, run
/// `KITH_RECORD_GOLDENS=1 swift test --filter HelpGoldenTests` and review the diff.
@Suite("Help goldens")
struct HelpGoldenTests {
  struct Golden: Sendable, CustomTestStringConvertible {
    var arguments: [String]
    var file: String
    var testDescription: String { "kith \(arguments.joined(separator: " "))" }
  }

  static let goldens: [Golden] = [
    Golden(arguments: ["--help"], file: "kith.help.txt"),
    Golden(arguments: ["log", "--help"], file: "log.help.txt"),
    Golden(arguments: ["import", "mbox", "--help"], file: "import-mbox.help.txt"),
    Golden(arguments: ["ties", "--help"], file: "ties.help.txt"),
    Golden(arguments: ["import", "--help"], file: "import.help.txt"),
    Golden(arguments: ["import", "csv", "--help"], file: "import-csv.help.txt"),
    Golden(arguments: ["render", "--help"], file: "render.help.txt"),
    Golden(arguments: ["report", "--help"], file: "report.help.txt"),
    Golden(arguments: ["export", "graphml", "--help"], file: "export-graphml.help.txt"),
    Golden(arguments: ["init", "--help"], file: "init.help.txt"),
  ]

  static var recording: Bool { ProcessInfo.processInfo.environment["KITH_RECORD_GOLDENS"] == "1" }

  @Test("help matches its golden file", arguments: goldens)
  func help(_ golden: Golden) throws {
    // A fixed width, so that wrapping does not depend on the terminal.
    let result = try runKith(golden.arguments, environment: ["COLUMNS": "100"])
    #expect(result.status == 0, "\(result)")
    #expect(result.stderr.isEmpty, "\(result)")
    let url = CLIPaths.goldens.appendingPathComponent(golden.file)
    if Self.recording {
      try FileManager.default.createDirectory(
        at: CLIPaths.goldens, withIntermediateDirectories: true)
      try Data(result.stdout.utf8).write(to: url)
      return
    }
    let expected = try #require(
      try? String(contentsOf: url, encoding: .utf8),
      "no golden at \(url.path); record it with KITH_RECORD_GOLDENS=1")
    #expect(
      result.stdout == expected,
      "help differs from \(golden.file); if intended, re-record with KITH_RECORD_GOLDENS=1")
    if result.stdout != expected {
      let got = result.stdout.components(separatedBy: "\n")
      let want = expected.components(separatedBy: "\n")
      if let line = zip(got, want).enumerated().first(where: { $0.element.0 != $0.element.1 }) {
        let (gotLine, wantLine) = line.element
        Issue.record(
          "first difference at line \(line.offset + 1):\n got: \(gotLine)\nwant: \(wantLine)")
      }
    }
  }

  /// `init` records no date and creates the ego: its help listed --as-of and --ego, which it
  /// refuses. Every other command still lists the shared options.
  @Test("init's help lists only the shared options it takes")
  func initOptions() throws {
    let options = { (path: [String]) in
      try runKith(path + ["--help"], environment: ["COLUMNS": "1000"]).stdoutLines
        .filter { $0.hasPrefix("  --") }.compactMap { $0.split(separator: " ").first }
    }
    #expect(try options(["init"]) == ["--db", "--json", "--me", "--version"])
    #expect(try options(["log"]).starts(with: ["--db", "--as-of", "--ego", "--json"]))
    #expect(try options(["brief"]).starts(with: ["--db", "--as-of", "--ego", "--json"]))
  }

  /// argument-parser wraps prose and option help to COLUMNS, but never the USAGE line.
  @Test("every line of help but USAGE fits in COLUMNS")
  func helpWidth() throws {
    for golden in Self.goldens {
      let result = try runKith(golden.arguments, environment: ["COLUMNS": "100"])
      for line in result.stdoutLines where !line.hasPrefix("USAGE: ") {
        #expect(line.count <= 100, "\(golden.testDescription): \(line)")
      }
    }
  }

  /// The subcommands' paths ("person add", …), read from the help itself, so that a new
  /// command is covered without being listed here.
  static func subcommandPaths(_ path: [String] = []) throws -> [[String]] {
    let result = try runKith(path + ["--help"], environment: ["COLUMNS": "1000"])
    var listing = false
    var paths: [[String]] = []
    for line in result.stdoutLines {
      if line.hasPrefix("SUBCOMMANDS:") {
        listing = true
      } else if listing, line.hasPrefix("  "), let name = line.split(separator: " ").first,
        name.first?.isLetter == true
      {
        paths.append(path + [String(name)])
      } else if listing, !line.hasPrefix(" ") {
        listing = false
      }
    }
    return try paths.flatMap { [$0] + (try subcommandPaths($0)) }
  }

  /// Every command (not a group of commands) shows at least one example of its use, before the
  /// usage line.
  @Test("every command's help shows an example")
  func examples() throws {
    for path in try Self.subcommandPaths() {
      let result = try runKith(path + ["--help"], environment: ["COLUMNS": "1000"])
      guard !result.stdoutLines.contains(where: { $0.hasPrefix("SUBCOMMANDS:") }) else {
        continue
      }
      let prose = result.stdoutLines.prefix { !$0.hasPrefix("USAGE: ") }
      #expect(
        prose.contains { $0.hasPrefix("Example: ") || $0 == "Example:" || $0 == "Examples:" },
        "kith \(path.joined(separator: " ")) --help shows no example")
    }
  }

  /// argument-parser reflows a discussion's paragraphs, but a line laid out by hand (an indented
  /// table row or example) that is wider than an 80-column terminal wraps to the left margin.
  @Test("the hand-laid lines of every command's help fit in 80 columns")
  func indentedLinesFit() throws {
    let paths = try Self.subcommandPaths()
    #expect(paths.count > 40, "\(paths)")
    #expect(paths.contains(["import", "csv"]))
    for path in [[]] + paths {
      let result = try runKith(path + ["--help"], environment: ["COLUMNS": "1000"])
      for line in result.stdoutLines.prefix(while: { !$0.hasPrefix("USAGE: ") })
      where line.hasPrefix("  ") {
        #expect(line.count <= 80, "kith \(path.joined(separator: " ")): \(line)")
      }
    }
  }
}
