import Foundation
import KithTestSupport
import Testing

/// Notes, exchanges and referrals dated with a date alone are that date in every zone, as
/// interactions are (`EnteredDayTests`): entered in Berlin, read in New York and Tokyo.
@Suite("notes, exchanges and referrals dated alone: the same day in every zone")
struct RecordDaysCommandTests {
  static let berlin = ["TZ": "Europe/Berlin"]
  static let zones = [berlin, ["TZ": "America/New_York"], ["TZ": "Asia/Tokyo"]]

  /// Lena in Berlin: a note and advice given on 2026-11-22, Omar's referral of Priya on
  /// 2026-11-20, met on the 21st (dates), and a note at 09:30 on the 23rd (a time).
  static func berlinStore() throws -> CLISandbox {
    let box = CLISandbox()
    for step in [
      ["init", "--me", "Lena Vogel"], ["person", "add", "Omar Haddad"],
      ["person", "add", "Priya Nair"], ["log", "meeting", "--with", "omar", "--on", "2026-11-02"],
      ["note", "omar", "Moving to Lisbon", "--on", "2026-11-22"],
      [
        "give", "advice", "--from", "me", "--to", "omar", "--on", "2026-11-22", "--note",
        "CV review",
      ],
      [
        "refer", "--by", "omar", "--about", "priya", "--on", "2026-11-20", "--why", "She is hiring",
      ],
      ["referral", "1", "--status", "met", "--on", "2026-11-21"],
      ["note", "omar", "Called about the flat", "--on", "2026-11-23T09:30"],
    ] {
      try box.ok(step, environment: berlin)
    }
    return box
  }

  static func object(_ run: KithRun) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
  }

  @Test("history, person show, brief, referral and export show the day entered in every zone")
  func listings() throws {
    let box = try Self.berlinStore()
    let asOf = ["--as-of", "2026-11-30"]
    for zone in Self.zones {
      let history = try box.ok(["history", "omar"] + asOf, environment: zone).stdoutLines
      let dated = Dictionary(
        history.dropFirst().map { line in
          let cells = line.components(separatedBy: "  ").filter { !$0.isEmpty }
          return (cells[1].trimmingCharacters(in: .whitespaces), cells[0])
        }, uniquingKeysWith: { a, _ in a })
      #expect(dated["note 1"] == "2026-11-22", "\(zone): \(history)")
      #expect(dated["exchange 1"] == "2026-11-22", "\(zone): \(history)")
      #expect(dated["referral 1"] == "2026-11-20", "\(zone): \(history)")
      // A time keeps its time, on the zone's clock.
      #expect(dated["note 2"]?.hasSuffix(":30") == true, "\(zone): \(history)")
      let json = try Self.object(
        try box.ok(["history", "omar", "--json"] + asOf, environment: zone))
      let records = try #require(json["records"] as? [[String: Any]])
      let dates = Dictionary(
        records.map {
          ("\($0["record"] ?? "") \($0["id"] ?? "")", $0["date"] as? String ?? "null")
        },
        uniquingKeysWith: { a, _ in a })
      #expect(dates["note 1"] == "2026-11-22" && dates["note 2"] == "null", "\(zone)")
      #expect(dates["exchange 1"] == "2026-11-22" && dates["referral 1"] == "2026-11-20", "\(zone)")

      let shown = try box.ok(["person", "show", "omar"] + asOf, environment: zone).stdoutLines
      #expect(shown.contains("    2026-11-22  Moving to Lisbon  (#1)"), "\(zone): \(shown)")
      let brief = try box.ok(["brief", "omar"] + asOf, environment: zone).stdoutLines
      #expect(brief.contains("  2026-11-22 note: Moving to Lisbon"), "\(zone): \(brief)")
      #expect(brief.contains("  2026-11-22 you gave them advice: CV review"), "\(zone): \(brief)")
      let briefJSON = try Self.object(
        try box.ok(["brief", "omar", "--json"] + asOf, environment: zone))
      let notes = try #require(briefJSON["recentNotes"] as? [[String: Any]])
      #expect(notes.map { $0["date"] as? String ?? "null" } == ["null", "2026-11-22"], "\(zone)")
      let exchanges = try #require(briefJSON["recentExchanges"] as? [[String: Any]])
      #expect(
        Set(exchanges.map { $0["date"] as? String ?? "null" }) == ["2026-11-22", "2026-11-20"],
        "\(zone)")

      #expect(
        try box.ok(["referral", "1"] + asOf, environment: zone).stdoutLines.suffix(2) == [
          "  2026-11-20  suggested", "  2026-11-21  met",
        ], "\(zone)")
      let referral = try #require(
        try Self.object(try box.ok(["referral", "1", "--json"] + asOf, environment: zone))[
          "referral"] as? [String: Any])
      let steps = try #require(referral["history"] as? [[String: Any]])
      #expect(steps.map { $0["date"] as? String } == ["2026-11-20", "2026-11-21"], "\(zone)")
      #expect(
        try box.ok(["export", "csv", "--kind", "exchanges"], environment: zone).stdoutLines == [
          "date,giver,receiver,kind,note", "2026-11-20,omar-haddad,me,referral,She is hiring",
          "2026-11-22,me,omar-haddad,advice,CV review",
        ], "\(zone)")
      #expect(
        try box.ok(["export", "csv", "--kind", "referrals"], environment: zone).stdoutLines.last
          == "1,2026-11-20,omar-haddad,me,priya-nair,She is hiring,met,2026-11-21", "\(zone)")
    }
  }

  @Test("a referral's days open and its loop-back count from the days entered, in every zone")
  func referralRules() throws {
    let box = try Self.berlinStore()
    for zone in Self.zones {
      func line(_ day: String) throws -> String? {
        try box.ok(["referrals", "--as-of", day], environment: zone).stdoutLines.first
      }
      let head = "#1 Omar Haddad → Lena Vogel about Priya Nair: met on 2026-11-21"
      #expect(try line("2026-11-30") == "\(head) (open for 10 days)", "\(zone)")
      // Met on the 21st: the loop-back falls due 14 days later, on December 5, not a day early
      // west of Berlin.
      #expect(try line("2026-12-04") == "\(head) (open for 14 days)", "\(zone)")
      #expect(try line("2026-12-05") == "\(head) (open for 15 days) → loop-back", "\(zone)")
      let brief = try box.ok(["brief", "omar", "--as-of", "2026-11-30"], environment: zone)
      #expect(
        brief.stdoutLines.contains(
          "  • Tell Omar Haddad how it went with Priya Nair (you met them on 2026-11-21): the loop-back is due 2026-12-05."
        ), "\(zone): \(brief.stdout)")
    }
  }

  @Test("edits set the day or a time; a backup keeps the days and restores them in another zone")
  func editsAndBackups() throws {
    let box = try Self.berlinStore()
    let tokyo = ["TZ": "Asia/Tokyo"]
    let edited = try Self.object(
      try box.ok(["edit", "note", "2", "--on", "2026-11-24", "--json"], environment: tokyo))
    #expect((edited["note"] as? [String: Any])?["date"] as? String == "2026-11-24")
    let timed = try Self.object(
      try box.ok(
        ["edit", "exchange", "1", "--on", "2026-11-22T18:00", "--json"], environment: tokyo))
    #expect((timed["exchange"] as? [String: Any])?["date"] is NSNull)
    #expect(
      try box.ok(["edit", "note", "1", "--on", "2026-11-21"], environment: tokyo).stdout
        == "Updated note 1 (2026-11-21): Moving to Lisbon\n")
    try box.ok(
      ["export", "json", "-o", "$DIR/backup.json"], environment: Self.berlin, quietStderr: false)
    let text = try String(contentsOfFile: box.file("backup.json"), encoding: .utf8)
    #expect(text.contains("\"day\" : \"2026-11-24\","))
    #expect(text.contains("\"schemaVersion\" : 3,"))
    let copy = box.file("copy.sqlite")
    try box.ok(
      ["import", "json", "$DIR/backup.json"], db: copy, environment: ["TZ": "America/New_York"])
    #expect(try box.export(db: copy) == (try box.export()))
    let history = ["history", "omar", "--as-of", "2026-11-30"]
    #expect(
      try box.ok(history, db: copy, environment: tokyo).stdout
        == (try box.ok(history, environment: tokyo).stdout))
  }
}
