import Foundation
import KithTestSupport
import Testing

/// `--as-of DATE`: a date alone is the end of that day in the user's zone, so everything that
/// happened on it counts, in the analytics as in `history`; a date-time is that instant.
@Suite("--as-of a date counts the whole of that day")
struct AsOfDayTests {
  static func object(_ result: KithRun) throws -> [String: Any] {
    try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
      "not a JSON object: \(result.stdout)")
  }

  /// Ryo, met in June and again at 15:00 on 2025-11-24 (UTC).
  static func afternoonMeeting(_ box: CLISandbox) throws {
    try box.ok(["init", "--me", "Kenji Mori"])
    try box.ok(["person", "add", "Ryo Ohno"])
    for day in ["2025-06-02", "2025-06-09", "2025-06-16", "2025-06-23"] {
      try box.ok(["log", "call", "--with", "ryo-ohno", "--on", day])
    }
    try box.ok(
      ["log", "meeting", "--with", "ryo-ohno", "--on", "2025-11-24T15:00Z", "--summary", "Lunch"])
  }

  @Test("brief, neglected and history count an afternoon meeting on the --as-of day")
  func wholeDay() throws {
    let box = CLISandbox()
    try Self.afternoonMeeting(box)
    let brief = try box.ok(["brief", "ryo-ohno", "--as-of", "2025-11-24"]).stdout
    #expect(brief.contains("last contact 2025-11-24 (today)"), "\(brief)")
    let doc = try box.json(["brief", "ryo-ohno", "--as-of", "2025-11-24", "--json"])
    #expect(doc["asOf"] as? String == "2025-11-24T23:59:59Z")
    #expect(doc["lastContact"] as? String == "2025-11-24T15:00:00Z")
    let neglected = try box.json(["neglected", "--as-of", "2025-11-24", "--json"])
    #expect((neglected["neglected"] as? [Any])?.isEmpty == true, "\(neglected)")
    let history = try box.ok(["history", "ryo-ohno", "--as-of", "2025-11-24", "--limit", "1"])
    #expect(
      history.stdoutLines.dropFirst().first?.hasPrefix("2025-11-24 15:00 UTC  interaction") == true)
    #expect(!history.stdout.contains("(future)"), "\(history.stdout)")
    // A time is that instant: the meeting is still ahead at noon, and history says so.
    let noon = try box.ok(["brief", "ryo-ohno", "--as-of", "2025-11-24T12:00Z"]).stdout
    #expect(noon.contains("last contact 2025-06-23 (154 days ago)"), "\(noon)")
    let before = try box.ok(["history", "ryo-ohno", "--as-of", "2025-11-24T12:00Z", "--limit", "1"])
    #expect(before.stdout.contains("15:00 UTC (future)"), "\(before.stdout)")
    let overdue = try box.json(["neglected", "--as-of", "2025-11-24T12:00Z", "--json"])
    let ryo = try #require((overdue["neglected"] as? [[String: Any]])?.first)
    #expect(ryo["handle"] as? String == "ryo-ohno")
    // At noon: 154.5 days since the call at midnight on 2025-06-23, which the overdue ratio
    // divides; 154 days between the dates, as the text's DAYS column and the brief say.
    #expect(ryo["daysSince"] as? Double == 154.5 && ryo["calendarDays"] as? Int == 154, "\(ryo)")
    let text = try box.ok(["neglected", "--as-of", "2025-11-24T12:00Z"]).stdout
    #expect(text.contains("2025-06-23   154 "), "\(text)")
    let noonBrief = try box.json(["brief", "ryo-ohno", "--as-of", "2025-11-24T12:00Z", "--json"])
    #expect(noonBrief["daysSinceLastContact"] as? Double == 154.5)
    #expect(noonBrief["calendarDaysSinceLastContact"] as? Int == 154)
  }

  @Test("in Tokyo, --as-of a date ends at Tokyo's midnight; a 25-hour day ends an hour later")
  func zones() throws {
    let box = CLISandbox()
    try Self.afternoonMeeting(box)
    let tokyo = ["TZ": "Asia/Tokyo"]
    // 15:00 UTC is 00:00 on the 25th in Tokyo: after --as-of 2025-11-24 there.
    let brief = try Self.object(
      try box.ok(["brief", "ryo-ohno", "--as-of", "2025-11-24", "--json"], environment: tokyo))
    #expect(brief["asOf"] as? String == "2025-11-24T14:59:59Z")
    #expect(brief["lastContact"] as? String == "2025-06-23T00:00:00Z")
    let next = try box.ok(["brief", "ryo-ohno", "--as-of", "2025-11-25"], environment: tokyo)
    #expect(next.stdout.contains("last contact 2025-11-25 (today)"), "\(next.stdout)")
    // New York falls back on 2025-11-02: that day ends at 05:00 UTC the next day.
    let fallBack = try Self.object(
      try box.ok(
        ["ties", "--as-of", "2025-11-02", "--json"], environment: ["TZ": "America/New_York"]))
    #expect(fallBack["asOf"] as? String == "2025-11-03T04:59:59Z")
  }

  @Test("a record made with --as-of a date and no --on is dated that day, shown as the day")
  func recordsDatedTheDay() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Kenji Mori"])
    try box.ok(["person", "add", "Ryo Ohno"])
    let logged = try box.ok(["log", "call", "--with", "ryo-ohno", "--as-of", "2025-12-16"])
    #expect(logged.stdout == "Logged call with Ryo Ohno on 2025-12-16 (#1).\n")
    // A call that evening, typed with its time, is not in the future of that day.
    let evening = try box.ok(
      ["log", "call", "--with", "ryo-ohno", "--on", "2025-12-16T20:00", "--as-of", "2025-12-16"])
    #expect(evening.stderr.isEmpty, "\(evening.stderr)")
    let records = try box.json(["history", "ryo-ohno", "--json"])["records"] as? [[String: Any]]
    #expect(
      records?.compactMap { $0["time"] as? String }
        == ["2025-12-16T20:00:00Z", "2025-12-16T00:00:00Z"])
  }
}
