import Foundation
import KithTestSupport
import Testing

/// Days in the user's time zone (`TZ`): what is typed, stored, shown and counted.
@Suite("time zone end to end: dates typed, shown and counted in TZ's zone")
struct TimeZoneCommandTests {
  static let tokyo = ["TZ": "Asia/Tokyo"]

  /// The interactions' times as the backup keeps them (UTC instants), oldest first.
  static func storedTimes(_ box: CLISandbox, db: String? = nil) throws -> [String] {
    let doc = try #require(
      try JSONSerialization.jsonObject(with: Data(try box.export(db: db).utf8)) as? [String: Any])
    let rows = try #require(doc["interactions"] as? [[String: Any]])
    return rows.compactMap { $0["time"] as? String }.sorted()
  }

  @Test("Tokyo: an 08:00 breakfast is on its own day; a date is Tokyo's midnight")
  func tokyoDays() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Kenji Mori"], environment: Self.tokyo)
    try box.ok(["person", "add", "Ryo Ohno"], environment: Self.tokyo)
    let breakfast = try box.ok(
      [
        "log", "meeting", "--with", "ryo-ohno", "--on", "2025-11-24T08:00:00+09:00", "--summary",
        "Breakfast",
      ], environment: Self.tokyo)
    #expect(breakfast.stdout == "Logged meeting with Ryo Ohno on 2025-11-24 08:00 (#1).\n")
    // A time without an offset is a time in Tokyo; a date is the start of that day there.
    try box.ok(
      ["log", "call", "--with", "ryo-ohno", "--on", "2025-12-03T08:00"], environment: Self.tokyo)
    try box.ok(
      ["log", "email", "--with", "ryo-ohno", "--on", "2025-12-05"], environment: Self.tokyo)
    #expect(
      try Self.storedTimes(box) == [
        "2025-11-23T23:00:00Z", "2025-12-02T23:00:00Z", "2025-12-04T15:00:00Z",
      ])
    let history = try box.ok(
      ["history", "ryo-ohno", "--as-of", "2025-12-10"], environment: Self.tokyo
    ).stdoutLines
    #expect(history.count == 4)
    #expect(history[1].hasPrefix("2025-12-05 ") && !history[1].contains("UTC"))
    #expect(history[2].hasPrefix("2025-12-03 08:00 "))
    #expect(history[3].hasPrefix("2025-11-24 08:00 "))
    // The brief counts the days of Tokyo: last contact on the 5th, 5 days before the 10th.
    let brief = try box.ok(["brief", "ryo-ohno", "--as-of", "2025-12-10"], environment: Self.tokyo)
    #expect(brief.stdout.contains("last contact 2025-12-05 (5 days ago)"), "\(brief.stdout)")
    #expect(brief.stdout.contains("first contact 2025-11-24: Breakfast"), "\(brief.stdout)")
    // The same store read in UTC: the same instants on UTC's clock, and the date entered as
    // that date.
    let utc = try box.ok(["history", "ryo-ohno", "--as-of", "2025-12-10"]).stdoutLines
    #expect(utc[1].hasPrefix("2025-12-05 ") && !utc[1].contains("UTC"), "\(utc)")
    #expect(utc[3].hasPrefix("2025-11-23 23:00 UTC"), "\(utc)")
  }

  @Test("New York: an evening call stays on its evening; JSON days are New York's")
  func newYorkEvening() throws {
    let box = CLISandbox()
    let ny = ["TZ": "America/New_York"]
    try box.ok(["init", "--me", "Ann Lee"], environment: ny)
    try box.ok(["person", "add", "Bo Chen"], environment: ny)
    for day in ["2025-06-03", "2025-06-10", "2025-06-17", "2025-06-24"] {
      try box.ok(["log", "call", "--with", "bo-chen", "--on", day + "T20:30"], environment: ny)
    }
    #expect(try Self.storedTimes(box).first == "2025-06-04T00:30:00Z")
    let result = try box.ok(
      ["person", "show", "bo-chen", "--as-of", "2025-07-20", "--json"], environment: ny)
    #expect(result.stdout.contains("\"2025-06-24\""), "\(result.stdout)")
    #expect(!result.stdout.contains("\"2025-06-25\""), "\(result.stdout)")
  }

  @Test("history --as-of a 25-hour day shows that day's last hour (New York, clocks back)")
  func longDay() throws {
    let box = CLISandbox()
    let ny = ["TZ": "America/New_York"]
    try box.ok(["init", "--me", "Ann Lee"], environment: ny)
    try box.ok(["person", "add", "Bo Chen"], environment: ny)
    try box.ok(
      ["log", "call", "--with", "bo-chen", "--on", "2025-11-02T23:30", "--summary", "Late call"],
      environment: ny)
    let history = try box.ok(["history", "bo-chen", "--as-of", "2025-11-02"], environment: ny)
    #expect(history.stdout.contains("2025-11-02 23:30"), "\(history.stdout)")
    #expect(history.stdout.contains("Late call"), "\(history.stdout)")
  }

  @Test("export csv in Berlin, import csv in Tokyo: the same instants, and dates as dates")
  func csvAcrossZones() throws {
    let box = CLISandbox()
    let berlin = ["TZ": "Europe/Berlin"]
    try box.ok(["init", "--me", "Alex Morgan"], environment: berlin)
    try box.ok(["person", "add", "Jane Doe"], environment: berlin)
    try box.ok(["log", "meeting", "--with", "jane-doe", "--on", "2025-12-04"], environment: berlin)
    try box.ok(
      ["log", "call", "--with", "jane-doe", "--on", "2025-12-05T08:00"], environment: berlin)
    for kind in ["people", "interactions"] {
      try box.ok(
        ["export", "csv", "--kind", kind, "-o", "$DIR/\(kind).csv"], environment: berlin,
        quietStderr: false)
    }
    let csv = try String(contentsOfFile: box.file("interactions.csv"), encoding: .utf8)
    #expect(csv.contains("\n2025-12-04,me;jane-doe,meeting,"), "\(csv)")
    #expect(csv.contains("\n2025-12-05T07:00:00Z,me;jane-doe,call,"), "\(csv)")
    let copy = box.file("copy.sqlite")
    try box.ok(["init", "--me", "Alex Morgan"], db: copy, environment: Self.tokyo)
    try box.ok(
      ["import", "csv", "$DIR/people.csv"], db: copy, environment: Self.tokyo, quietStderr: false)
    try box.ok(
      ["import", "csv", "$DIR/interactions.csv", "--no-ego"], db: copy, environment: Self.tokyo,
      quietStderr: false)
    // The call at the same instant; the date on its day, which starts earlier in Tokyo.
    #expect(try Self.storedTimes(box) == ["2025-12-03T23:00:00Z", "2025-12-05T07:00:00Z"])
    #expect(
      try Self.storedTimes(box, db: copy) == ["2025-12-03T15:00:00Z", "2025-12-05T07:00:00Z"])
  }

  @Test("a calendar's all-day event and floating time are on their day in Tokyo")
  func calendarInTokyo() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Kenji Mori"], environment: Self.tokyo)
    try box.ok(["settings", "set", "my-emails", "kenji@example.jp"], environment: Self.tokyo)
    try Data(
      """
      BEGIN:VCALENDAR
      BEGIN:VEVENT
      UID:offsite
      DTSTART;VALUE=DATE:20251124
      DTEND;VALUE=DATE:20251125
      SUMMARY:Offsite
      ORGANIZER:mailto:kenji@example.jp
      ATTENDEE;CN=Ryo Ohno:mailto:ryo@example.jp
      END:VEVENT
      BEGIN:VEVENT
      UID:breakfast
      DTSTART:20251126T080000
      SUMMARY:Breakfast
      ORGANIZER:mailto:kenji@example.jp
      ATTENDEE;CN=Ryo Ohno:mailto:ryo@example.jp
      END:VEVENT
      END:VCALENDAR

      """.utf8
    ).write(to: URL(fileURLWithPath: box.file("cal.ics")))
    try box.ok(["import", "$DIR/cal.ics", "--as-of", "2025-12-01"], environment: Self.tokyo)
    #expect(try Self.storedTimes(box) == ["2025-11-23T15:00:00Z", "2025-11-25T23:00:00Z"])
    let history = try box.ok(
      ["history", "ryo-ohno", "--as-of", "2025-12-01"], environment: Self.tokyo
    ).stdoutLines
    #expect(history[1].hasPrefix("2025-11-26 08:00 ") && history[2].hasPrefix("2025-11-24 "))
  }

  @Test("a TZ Kith cannot read: one warning, UTC, the command still runs")
  func unknownZone() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Kenji Mori"])
    try box.ok(["person", "add", "Ryo Ohno"])
    let result = try box.run(["ties"], environment: ["TZ": "Mars/Olympus_Mons"])
    #expect(result.status == 0)
    #expect(
      result.stderr
        == "warning: TZ=Mars/Olympus_Mons is not a time zone kith knows (an IANA name such as Asia/Tokyo); dates are in UTC.\n"
    )
    // The POSIX forms with a leading colon and a zoneinfo path are read.
    for tz in [":Asia/Tokyo", "/usr/share/zoneinfo/Asia/Tokyo"] {
      let ok = try box.ok(
        ["log", "call", "--with", "Ryo Ohno", "--on", "2025-11-24T08:00", "--json"],
        environment: ["TZ": tz], quietStderr: false)
      #expect(ok.stderr.isEmpty || !ok.stderr.contains("warning: TZ"), "\(ok.stderr)")
    }
    #expect(try Self.storedTimes(box) == ["2025-11-23T23:00:00Z", "2025-11-23T23:00:00Z"])
  }

  @Test(
    "London: a referral's age, its week to act and a follow-up's two weeks are calendar days across the October change"
  )
  func referralDaysAcrossTheChangeOfClocks() throws {
    let box = CLISandbox()
    let london = ["TZ": "Europe/London"]
    try box.ok(["init", "--me", "Amara Okafor"], environment: london)
    for name in ["Priya Raman", "Mia Chen", "Leo Park"] {
      try box.ok(["person", "add", name], environment: london)
    }
    try box.ok(
      ["refer", "--by", "priya", "--about", "mia", "--on", "2026-10-01"], environment: london)
    try box.ok(
      ["refer", "--by", "priya", "--about", "leo", "--on", "2026-10-22"], environment: london)
    // 2026-10-01 to 2026-11-27 is 57 days, as `neglected` and `brief` count them.
    let late = try box.ok(["referrals", "--as-of", "2026-11-27"], environment: london).stdout
    #expect(late.contains("suggested on 2026-10-01 (open for 57 days)"), "\(late)")
    // Suggested on the 22nd (BST): the week to act ends on the 29th (GMT), not the 28th.
    let before = try box.ok(["referrals", "--as-of", "2026-10-28"], environment: london).stdout
    #expect(before.contains("on 2026-10-22 (open for 6 days)\n"), "\(before)")
    let due = try box.ok(["referrals", "--as-of", "2026-10-29"], environment: london).stdout
    #expect(due.contains("on 2026-10-22 (open for 7 days) → act-or-decline"), "\(due)")
    // Met once on the 20th (BST): the follow-up is due two weeks later, on the 3rd (GMT).
    try box.ok(["log", "meeting", "--with", "mia", "--on", "2026-10-20"], environment: london)
    let followUps = try box.ok(
      ["followups", "--as-of", "2026-11-05", "--json"], environment: london
    ).stdout
    #expect(followUps.contains("\"due\": \"2026-11-03T00:00:00Z\""), "\(followUps)")
  }

  @Test("Tokyo: a contact at 08:00 on the day a tie was let go at 15:00 leaves it let go")
  func letGoSameDay() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Kenji Mori"], environment: Self.tokyo)
    try box.ok(["person", "add", "Ryo Ohno"], environment: Self.tokyo)
    try box.ok(["log", "call", "--with", "ryo", "--on", "2025-10-01"], environment: Self.tokyo)
    try box.ok(["let-go", "ryo", "--on", "2025-12-10T15:00"], environment: Self.tokyo)
    let logged = try box.ok(
      ["log", "call", "--with", "ryo", "--on", "2025-12-10T08:00"], environment: Self.tokyo)
    #expect(
      logged.stdout.contains(
        "this contact is dated 2025-12-10 08:00, not after you let the tie go (2025-12-10 15:00)"),
      "\(logged.stdout)")
  }

  @Test("New York: a time the clocks skip or repeat is read with a note; with an offset, none")
  func changeOfClocksNotes() throws {
    let box = CLISandbox()
    let ny = ["TZ": "America/New_York"]
    try box.ok(["init", "--me", "Ann Lee"], environment: ny)
    try box.ok(["person", "add", "Bo Chen"], environment: ny)
    let skipped = try box.ok(
      ["log", "call", "--with", "bo", "--on", "2026-03-08T02:30"], environment: ny,
      quietStderr: false)
    #expect(
      skipped.stderr
        == "note: 2026-03-08T02:30 is not a time in America/New_York (the clocks go forward then); read as 2026-03-08T03:30:00-04:00.\n"
    )
    let repeated = try box.ok(
      ["log", "call", "--with", "bo", "--on", "2025-11-02T01:30"], environment: ny,
      quietStderr: false)
    #expect(
      repeated.stderr
        == "note: 2025-11-02T01:30 happens twice in America/New_York (the clocks go back then); read as the first, 2025-11-02T01:30:00-04:00; write 2025-11-02T01:30:00-05:00 for the second.\n"
    )
    // Said once, quietly elsewhere: an offset given, an ordinary time, the same text in Tokyo.
    try box.ok(
      ["log", "call", "--with", "bo", "--on", "2025-11-02T01:30:00-05:00"], environment: ny)
    try box.ok(["log", "call", "--with", "bo", "--on", "2025-11-02T03:30"], environment: ny)
    try box.ok(
      ["log", "call", "--with", "bo", "--on", "2025-11-02T01:30"], environment: Self.tokyo)
    #expect(
      try Self.storedTimes(box).prefix(3) == [
        "2025-11-01T16:30:00Z", "2025-11-02T05:30:00Z", "2025-11-02T06:30:00Z",
      ])
  }
}
