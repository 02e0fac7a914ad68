import Foundation
import GRDB
import KithTestSupport
import Testing

/// An interaction entered as a date alone is that date in every zone; one entered as a time
/// shows its time, 00:00 included: typed, imported, exported, restored and migrated.
@Suite("dates entered alone end to end: the same day in every zone, a time keeps its time")
struct EnteredDayTests {
  static let tokyo = ["TZ": "Asia/Tokyo"]
  static let newYork = ["TZ": "America/New_York"]
  static let berlin = ["TZ": "Europe/Berlin"]

  /// The DATE column of each row of a `history` table (the header left out).
  static func dates(_ run: KithRun) -> [String] {
    run.stdoutLines.dropFirst().compactMap { $0.components(separatedBy: "  ").first }
  }

  /// A `--json` document's top-level object.
  static func object(_ run: KithRun) throws -> [String: Any] {
    try #require(
      try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any],
      "not a JSON object: \(run.stdout)")
  }

  /// `field` of each record of `history --json`, as text ("null" for null).
  static func field(_ field: String, _ records: Any?) -> [String] {
    (records as? [[String: Any]] ?? []).map { ($0[field] as? String) ?? "null" }
  }

  /// Kenji in Tokyo: a coffee on 2025-12-04 (a date), breakfast at 08:00 on 2025-11-24 (00:00
  /// in Berlin), a message at 09:00 on the 5th, and a call logged --as-of the 6th (a date).
  static func tokyoStore() throws -> CLISandbox {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Kenji Mori"], environment: tokyo)
    try box.ok(["person", "add", "Hiroshi Kato"], environment: tokyo)
    let breakfast = try box.ok(
      [
        "log", "meeting", "--with", "hiroshi", "--on", "2025-11-24T08:00", "--summary", "Breakfast",
      ],
      environment: tokyo)
    #expect(breakfast.stdout == "Logged meeting with Hiroshi Kato on 2025-11-24 08:00 (#1).\n")
    let coffee = try box.ok(
      ["log", "meeting", "--with", "hiroshi", "--on", "2025-12-04", "--summary", "Coffee"],
      environment: tokyo)
    #expect(coffee.stdout == "Logged meeting with Hiroshi Kato on 2025-12-04 (#2).\n")
    try box.ok(
      ["log", "message", "--with", "hiroshi", "--on", "2025-12-05T09:00", "--summary", "Thanks"],
      environment: tokyo)
    let call = try box.ok(
      ["log", "call", "--with", "hiroshi", "--as-of", "2025-12-06", "--json"], environment: tokyo)
    let logged = try #require(try object(call)["interaction"] as? [String: Any])
    #expect(logged["date"] as? String == "2025-12-06")
    #expect(logged["time"] as? String == "2025-12-05T15:00:00Z")
    return box
  }

  @Test("logged in Tokyo on a date, it is that date in New York and Berlin, text and JSON")
  func sameDayInEveryZone() throws {
    let box = try Self.tokyoStore()
    let asOf = ["--as-of", "2025-12-10"]
    #expect(
      Self.dates(try box.ok(["history", "hiroshi"] + asOf, environment: Self.tokyo)) == [
        "2025-12-06", "2025-12-05 09:00", "2025-12-04", "2025-11-24 08:00",
      ])
    #expect(
      Self.dates(try box.ok(["history", "hiroshi"] + asOf, environment: Self.newYork)) == [
        "2025-12-06", "2025-12-04 19:00", "2025-12-04", "2025-11-23 18:00",
      ])
    #expect(
      Self.dates(try box.ok(["history", "hiroshi"] + asOf, environment: Self.berlin)) == [
        "2025-12-06", "2025-12-05 01:00", "2025-12-04", "2025-11-24 00:00",
      ])
    // JSON tells a day from an instant: the day entered beside the time kept.
    let json = try Self.object(
      try box.ok(["history", "hiroshi", "--json"] + asOf, environment: Self.newYork))
    #expect(
      Self.field("date", json["records"]) == ["2025-12-06", "null", "2025-12-04", "null"])
    #expect(
      Self.field("time", json["records"]) == [
        "2025-12-05T15:00:00Z", "2025-12-05T00:00:00Z", "2025-12-03T15:00:00Z",
        "2025-11-23T23:00:00Z",
      ])
    // person show, text and JSON.
    let show = try box.ok(["person", "show", "hiroshi"] + asOf, environment: Self.newYork)
    #expect(show.stdout.contains("    2025-12-04  meeting — Coffee  (#2)\n"), "\(show.stdout)")
    #expect(show.stdout.contains("    2025-12-06  call  (#4)\n"), "\(show.stdout)")
    #expect(show.stdout.contains("    2025-11-23 18:00  meeting — Breakfast  (#1)\n"))
    let shown = try Self.object(
      try box.ok(["person", "show", "hiroshi", "--json"] + asOf, environment: Self.newYork))
    #expect(
      Self.field("date", shown["recentInteractions"]) == [
        "2025-12-06", "null", "2025-12-04", "null",
      ])
    // brief's recent interactions, text and JSON.
    let brief = try box.ok(["brief", "hiroshi"] + asOf, environment: Self.newYork)
    #expect(brief.stdout.contains("  2025-12-06 call\n"), "\(brief.stdout)")
    #expect(brief.stdout.contains("  2025-12-04 message: Thanks\n"), "\(brief.stdout)")
    #expect(brief.stdout.contains("  2025-12-04 meeting: Coffee\n"), "\(brief.stdout)")
    let briefed = try Self.object(
      try box.ok(["brief", "hiroshi", "--json"] + asOf, environment: Self.newYork))
    #expect(
      Self.field("date", briefed["recentInteractions"]) == [
        "2025-12-06", "null", "2025-12-04", "null",
      ])
  }

  @Test("a meeting at midnight where it is read shows its time, 00:00, not a bare date")
  func midnightKeepsItsTime() throws {
    let box = try Self.tokyoStore()
    let logged = try box.ok(
      ["log", "call", "--with", "hiroshi", "--on", "2025-11-25T00:00"], environment: Self.berlin)
    #expect(logged.stdout == "Logged call with Hiroshi Kato on 2025-11-25 00:00 (#5).\n")
    try Data(
      """
      BEGIN:VCALENDAR
      BEGIN:VEVENT
      UID:late
      DTSTART:20251126T000000
      SUMMARY:Midnight launch
      ORGANIZER:mailto:kenji@example.jp
      ATTENDEE;CN=Hiroshi Kato:mailto:hiroshi@example.jp
      END:VEVENT
      END:VCALENDAR

      """.utf8
    ).write(to: URL(fileURLWithPath: box.file("late.ics")))
    try box.ok(["settings", "set", "my-emails", "kenji@example.jp"], environment: Self.berlin)
    try box.ok(["person", "edit", "hiroshi", "--email", "hiroshi@example.jp"])
    try box.ok(["import", "$DIR/late.ics", "--as-of", "2025-12-01"], environment: Self.berlin)
    let history = try box.ok(
      ["history", "hiroshi", "--since", "2025-11-24", "--as-of", "2025-11-30"],
      environment: Self.berlin)
    #expect(Self.dates(history) == ["2025-11-26 00:00", "2025-11-25 00:00", "2025-11-24 00:00"])
    let show = try box.ok(
      ["person", "show", "hiroshi", "--as-of", "2025-11-30"], environment: Self.berlin)
    #expect(show.stdout.contains("    2025-11-24 00:00  meeting — Breakfast  (#1)\n"))
  }

  @Test("an all-day event imported in New York is on its day in Tokyo")
  func allDayEventAcrossZones() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Kenji Mori"], environment: Self.newYork)
    try box.ok(["settings", "set", "my-emails", "kenji@example.jp"], environment: Self.newYork)
    try Data(
      """
      BEGIN:VCALENDAR
      BEGIN:VEVENT
      UID:offsite
      DTSTART;VALUE=DATE:20251124
      DTEND;VALUE=DATE:20251125
      SUMMARY:Offsite all day
      ORGANIZER:mailto:kenji@example.jp
      ATTENDEE;CN=Ryo Ohno:mailto:ryo@example.jp
      END:VEVENT
      END:VCALENDAR

      """.utf8
    ).write(to: URL(fileURLWithPath: box.file("float.ics")))
    try box.ok(["import", "$DIR/float.ics", "--as-of", "2025-12-01"], environment: Self.newYork)
    let history = try box.ok(
      ["history", "ryo-ohno", "--as-of", "2025-12-01"], environment: Self.tokyo)
    #expect(Self.dates(history) == ["2025-11-24"], "\(history.stdout)")
    let json = try Self.object(
      try box.ok(
        ["history", "ryo-ohno", "--as-of", "2025-12-01", "--json"], environment: Self.tokyo))
    #expect(Self.field("date", json["records"]) == ["2025-11-24"])
    #expect(Self.field("time", json["records"]) == ["2025-11-24T05:00:00Z"])
  }

  @Test("edit --on with a date alone makes a date, with a time a time")
  func edits() throws {
    let box = try Self.tokyoStore()
    let timed = try box.ok(
      ["edit", "interaction", "2", "--on", "2025-12-04T10:00"], environment: Self.tokyo)
    #expect(
      timed.stdout == "Updated interaction 2: meeting with Hiroshi Kato on 2025-12-04 10:00.\n")
    let json = try Self.object(
      try box.ok(
        ["edit", "interaction", "1", "--on", "2025-11-24", "--json"], environment: Self.tokyo))
    #expect((json["interaction"] as? [String: Any])?["date"] as? String == "2025-11-24")
    // A change of summary alone keeps the day.
    try box.ok(["edit", "interaction", "1", "--summary", "Breakfast"], environment: Self.tokyo)
    let history = try box.ok(
      ["history", "hiroshi", "--as-of", "2025-12-10"], environment: Self.newYork)
    #expect(
      Self.dates(history) == ["2025-12-06", "2025-12-04 19:00", "2025-12-03 20:00", "2025-11-24"])
  }

  @Test("export csv in Berlin, import csv in Tokyo: dates stay dates, times keep their time")
  func csvRoundTrip() throws {
    let box = try Self.tokyoStore()
    for kind in ["people", "interactions"] {
      try box.ok(
        ["export", "csv", "--kind", kind, "-o", "$DIR/\(kind).csv"], environment: Self.berlin,
        quietStderr: false)
    }
    let csv = try String(contentsOfFile: box.file("interactions.csv"), encoding: .utf8)
    #expect(
      csv.split(separator: "\n").map { $0.prefix { $0 != "," } } == [
        "date", "2025-11-23T23:00:00Z", "2025-12-04", "2025-12-05T00:00:00Z", "2025-12-06",
      ])
    let copy = box.file("copy.sqlite")
    try box.ok(["init", "--me", "Kenji Mori"], db: copy, environment: Self.tokyo)
    try box.ok(
      ["import", "csv", "$DIR/people.csv"], db: copy, environment: Self.tokyo, quietStderr: false)
    try box.ok(
      ["import", "csv", "$DIR/interactions.csv", "--no-ego"], db: copy, environment: Self.tokyo,
      quietStderr: false)
    for zone in [Self.tokyo, Self.berlin, Self.newYork] {
      let arguments = ["history", "hiroshi", "--as-of", "2025-12-10"]
      #expect(
        try box.ok(arguments, db: copy, environment: zone).stdout
          == (try box.ok(arguments, environment: zone).stdout), "\(zone)")
      let json = ["history", "hiroshi", "--as-of", "2025-12-10", "--json"]
      let original = try Self.object(try box.ok(json, environment: zone))["records"]
      let restored = try Self.object(try box.ok(json, db: copy, environment: zone))["records"]
      #expect(Self.field("date", restored) == Self.field("date", original))
      #expect(Self.field("time", restored) == Self.field("time", original))
    }
  }

  @Test("a backup restored in another zone keeps the dates; one from before them is read here")
  func backupRoundTrip() throws {
    let box = try Self.tokyoStore()
    try box.ok(
      ["export", "json", "-o", "$DIR/backup.json"], environment: Self.berlin, quietStderr: false)
    let text = try String(contentsOfFile: box.file("backup.json"), encoding: .utf8)
    #expect(text.contains("\"day\" : \"2025-12-04\","))
    #expect(text.contains("\"schemaVersion\" : 3,"))
    let copy = box.file("copy.sqlite")
    try box.ok(["import", "json", "$DIR/backup.json"], db: copy, environment: Self.newYork)
    #expect(try box.export(db: copy) == (try box.export()))
    let arguments = ["history", "hiroshi", "--as-of", "2025-12-10"]
    #expect(
      try box.ok(arguments, db: copy, environment: Self.newYork).stdout
        == (try box.ok(arguments, environment: Self.newYork).stdout))
    // A backup of version 1 has no days: restored in Tokyo, where the dates were entered, the
    // interactions at the start of a day there are dates again.
    let old =
      text.split(separator: "\n", omittingEmptySubsequences: false)
      .filter { !$0.contains("\"day\" : ") }.joined(separator: "\n")
      .replacingOccurrences(of: "\"schemaVersion\" : 3,", with: "\"schemaVersion\" : 1,")
    try Data(old.utf8).write(to: URL(fileURLWithPath: box.file("old.json")))
    let restored = box.file("old.sqlite")
    try box.ok(["import", "json", "$DIR/old.json"], db: restored, environment: Self.tokyo)
    #expect(try box.export(db: restored) == (try box.export()))
  }

  @Test("an older store is upgraded where it is opened: its midnights there become dates")
  func migration() throws {
    let box = try Self.tokyoStore()
    try box.ok(
      ["log", "call", "--with", "hiroshi", "--on", "2025-12-08T00:00"], environment: Self.tokyo)
    let arguments = ["history", "hiroshi", "--as-of", "2025-12-10"]
    let before = try box.ok(arguments, environment: Self.tokyo)
    #expect(Self.dates(before).first == "2025-12-08 00:00")
    // The database as the version before interaction days left it.
    try DatabaseQueue(path: box.db).write { db in
      try db.execute(sql: "ALTER TABLE interaction DROP COLUMN day")
      try db.execute(
        sql: "DELETE FROM grdb_migrations WHERE identifier = 'v18-interaction-days'")
    }
    // Upgraded in Tokyo: what that version showed as dates (Tokyo's midnights) are dates,
    // the 00:00 call among them, as it was shown; the times are times.
    let after = try box.ok(arguments, environment: Self.tokyo)
    #expect(
      after.stdout
        == before.stdout.replacingOccurrences(of: "2025-12-08 00:00", with: "2025-12-08      "))
    #expect(
      Self.dates(try box.ok(arguments, environment: Self.newYork)) == [
        "2025-12-08", "2025-12-06", "2025-12-04 19:00", "2025-12-04", "2025-11-23 18:00",
      ])
  }
}
