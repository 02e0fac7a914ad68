import Foundation
import KithTestSupport
import Testing

@testable import kith

/// What kith writes to the terminal: column widths, colour, and standard output's failures.
@Suite("Terminal: display width, colour, standard output")
struct TerminalTests {
  @Test(
    "display width counts terminal columns",
    arguments: [
      ("Sam Lee", 7), ("王小明", 6), ("Zoë", 3), ("Zoe\u{0308}", 3), ("🎉 party", 8),
      ("❤️", 2), ("ｆｕｌｌ", 8), ("a\u{200B}b", 2), ("", 0),
    ])
  func displayWidth(_ text: String, _ width: Int) {
    #expect(Terminal.displayWidth(text) == width, "\(text)")
  }

  @Test("a table of wide names stays aligned")
  func wideTable() {
    var table = TextTable(["NAME", "HANDLE"])
    table.add(["王小明", "wang"])
    table.add(["Sam Lee", "sam-lee"])
    table.add(["🎉 Party", "party"])
    let lines = table.render().split(separator: "\n").map(String.init)
    let columns = lines.map { line in
      Terminal.displayWidth(String(line[..<line.range(of: "  ", options: .backwards)!.upperBound]))
    }
    #expect(Set(columns).count == 1, "\(lines)")
  }

  @Test("NO_COLOR turns colour off only when it has a value")
  func noColour() {
    #expect(Terminal.wantsColour(isTTY: true, environment: [:]))
    #expect(Terminal.wantsColour(isTTY: true, environment: ["NO_COLOR": ""]))
    #expect(!Terminal.wantsColour(isTTY: true, environment: ["NO_COLOR": "1"]))
    #expect(!Terminal.wantsColour(isTTY: true, environment: ["TERM": "dumb"]))
    #expect(!Terminal.wantsColour(isTTY: false, environment: [:]))
  }

  /// Runs `kith ARGUMENTS > /dev/full` through the shell: exit status and stderr.
  static func toFullDevice(_ arguments: [String], db: String) throws -> (Int32, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    let kith = try kithExecutableURL().path
    process.arguments = ["-c", "\"$0\" \"$@\" --db \"$DB\" > /dev/full", kith] + arguments
    process.environment = ["DB": db, "PATH": "/usr/bin:/bin"]
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, stderr)
  }

  @Test(
    "a failed write to standard output is an error",
    arguments: [["ties"], ["export", "json"], ["person", "list", "--json"]])
  func fullStandardOutput(_ arguments: [String]) throws {
    guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
    let box = CLISandbox()
    try box.ok(["init", "--me", "Alex Morgan"])
    try box.ok(["person", "add", "Sam Lee"])
    try box.ok(["log", "meeting", "--with", "sam-lee", "--on", "2026-01-10"])
    let (status, stderr) = try Self.toFullDevice(arguments, db: box.db)
    #expect(status == 1, "\(stderr)")
    #expect(stderr.hasPrefix("kith: error: cannot write to standard output: "), "\(stderr)")
    #expect(stderr.split(separator: "\n").count == 1, "\(stderr)")
  }

  @Test("--as-of is echoed by the commands that only list")
  func asOfEchoed() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Alex Morgan"])
    for arguments in [
      ["person", "list"], ["settings", "list"], ["cadence", "--list"], ["duplicates"],
    ] {
      let dated = try box.json(arguments + ["--json", "--as-of", "2026-03-01"])
      // A date alone is the end of that day.
      #expect(dated["asOf"] as? String == "2026-03-01T23:59:59Z", "\(arguments)")
      let undated = try box.json(arguments + ["--json"])
      #expect(undated["asOf"] is NSNull, "\(arguments)")
    }
  }
}
