import Foundation
import KithTestSupport
import Testing

/// Names, tags and roles are one line without control or invisible characters; free text
/// keeps what was written, and the terminal is shown its control characters escaped.
@Suite("One-line fields and free text on the terminal")
struct OneLineTextTests {
  static func sandbox() throws -> CLISandbox {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Priya Raman"])
    try box.ok(["person", "add", "Uma Vale"])
    try box.ok(["org", "add", "Globex"])
    return box
  }

  @Test("invisible spaces and bidi overrides leave a typed name; a control character is refused")
  func invisibleCharacters() throws {
    let box = try Self.sandbox()
    #expect(
      try box.ok(["person", "add", "Zero\u{200B}Width"]).stdout == "Added ZeroWidth (zerowidth).\n")
    #expect(
      try box.ok(["person", "add", "RTL\u{202E}evil"]).stdout == "Added RTLevil (rtlevil).\n")
    let before = try box.export()
    let alias = try box.run(["person", "edit", "uma", "--alias", "U\u{7F}"])
    #expect(alias.status == 65, "\(alias)")
    #expect(
      alias.stderr
        == "kith: error: invalid alias: an alias cannot hold a control character (U+007F)\n")
    let long = try box.run(["person", "edit", "uma", "--name", String(repeating: "u", count: 301)])
    #expect(long.status == 65, "\(long)")
    #expect(long.stderr.contains("at most 300 characters (this one has 301)"), "\(long)")
    #expect(try box.export() == before)
  }

  @Test("tags, roles and an imported card's title, organisation and categories are one line")
  func tagsAndRoles() throws {
    let box = try Self.sandbox()
    try box.ok(["person", "add", "Xan", "--tag", "a\nb", "--tag", "c\u{1}d"])
    let tags = try box.ok(["tag", "list"]).stdout
    #expect(tags.contains("a b ") && tags.contains("cd "), "\(tags)")
    try box.ok(["affiliate", "uma", "globex", "--role", "Chief\nOfficer"])
    let org = try box.ok(["org", "show", "globex"]).stdout
    #expect(org.contains("Uma Vale (uma-vale), Chief Officer\n"), "\(org)")
    let card = box.file("nl.vcf")
    try Data(
      "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Vee\\nCard\r\nORG:Multi\\nLine Org\r\nTITLE:Head\\nof Things\r\nCATEGORIES:x\\ny\r\nEND:VCARD\r\n"
        .utf8
    ).write(to: URL(fileURLWithPath: card))
    try box.ok(["import", "vcard", card])
    let shown = try box.ok(["person", "show", "vee-card"]).stdout
    #expect(shown.contains("  tags: x y\n"), "\(shown)")
    #expect(shown.contains("at Multi Line Org, Head of Things"), "\(shown)")
    // A name too long to type is kept from an import.
    let long = String(repeating: "L", count: 400)
    try Data("name\n\(long)\n".utf8).write(to: URL(fileURLWithPath: box.file("long.csv")))
    try box.ok(["import", "csv", "$DIR/long.csv"])
    #expect(try box.ok(["person", "show", String(long.prefix(20))]).stdout.contains(long))
  }

  @Test("an escape sequence in a summary, a note or a reason is shown, not sent to the terminal")
  func escapesShown() throws {
    let box = try Self.sandbox()
    let red = "\u{1B}[31mRED\u{1B}[0m"
    let shownRed = "\\u{1B}[31mRED\\u{1B}[0m"
    try box.ok([
      "log", "call", "--with", "uma", "--on", "2026-10-02", "--summary", red, "--follow-up",
      "2026-10-09",
    ])
    try box.ok(["note", "uma", "see \u{9B}2J this", "--on", "2026-10-03"])
    try box.ok(["person", "add", "Eli Green"])
    try box.ok(["refer", "--by", "eli", "--about", "uma", "--why", red, "--on", "2026-10-04"])
    let asOf = ["--as-of", "2026-11-01"]
    for command in [
      ["history"], ["person", "show", "uma"], ["brief", "uma"], ["followups"], ["referrals"],
      ["referral", "1"], ["plan"],
    ] {
      let out = try box.ok(command + asOf).stdout
      #expect(
        !out.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" },
        "\(command): \(out)")
      #expect(out.contains(shownRed) || out.contains("\\u{1B}"), "\(command): \(out)")
    }
    #expect(try box.ok(["person", "show", "uma"] + asOf).stdout.contains("see \\u{9B}2J this"))
    // JSON and the backup keep the text as written.
    let history = try box.json(["history", "--json"] + asOf)
    let records = try #require(history["records"] as? [[String: Any]])
    #expect(records.contains { $0["text"] as? String == red }, "\(history)")
    #expect(try box.export().contains("\\u001b[31mRED"))
  }

  @Test("a brief's questions and a plan's items quote a note or summary of several lines on one")
  func quotedTextOnOneLine() throws {
    let box = try Self.sandbox()
    try box.ok([
      "log", "meeting", "--with", "uma", "--on", "2026-05-01", "--summary",
      "Pricing\nand the pilot",
    ])
    try box.ok(["note", "uma", "Moving to Lisbon\nin June", "--on", "2026-05-02"])
    let brief = try box.ok(["brief", "uma", "--as-of", "2026-06-01"]).stdout
    let ask = brief.components(separatedBy: "Ask\n").last ?? ""
    #expect(ask.contains("“Moving to Lisbon in June”"), "\(brief)")
    #expect(ask.split(separator: "\n").allSatisfy { $0.hasPrefix("  • ") }, "\(ask)")
    let plan = try box.ok(["plan", "--month", "2026-07", "--as-of", "2026-07-01"]).stdoutLines
    #expect(plan.contains { $0.contains("“Pricing and the pilot”") }, "\(plan)")
    #expect(plan.allSatisfy { !$0.hasPrefix("and the pilot") }, "\(plan)")
  }

  @Test("a backup whose names an earlier version kept raw is restored, cleaned")
  func rawBackupRestores() throws {
    let box = try Self.sandbox()
    try box.ok(["person", "add", "Line Break", "--tag", "team"])
    let backup = try box.export()
    let raw =
      backup
      .replacingOccurrences(of: "\"Line Break\"", with: "\"Line\\nBreak\"")
      .replacingOccurrences(of: "\"Uma Vale\"", with: "\"\\u0001Uma Vale\\u202e\"")
      .replacingOccurrences(of: "\"team\"", with: "\"te\\u001bam\"")
    #expect(raw != backup)
    try Data(raw.utf8).write(to: URL(fileURLWithPath: box.file("raw.json")))
    let restored = box.file("restored.sqlite")
    try box.ok(["import", "json", "$DIR/raw.json"], db: restored)
    #expect(try box.export(db: restored) == backup)
  }
}
