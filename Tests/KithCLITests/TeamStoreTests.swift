import Foundation
import KithTestSupport
import Testing

/// A team store: one database, several egos (`--ego`). What an ego chooses for themself, a
/// cadence or a dismissal of follow-ups, is theirs alone.
@Suite("A team store")
struct TeamStoreTests {
  static let asOf = ["--as-of", "2026-11-01"]

  /// Ana (you) and her partners Ben and Chen; Tom and Uma, whom Ben and Chen meet, and Dana,
  /// whom everyone meets.
  static func sandbox() throws -> CLISandbox {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Ana Alvarez"])
    for name in ["Ben Brooks", "Chen Wei", "Tom Ueda", "Uma Vale", "Dana Fox"] {
      try box.ok(["person", "add", name, "--tag", name.hasPrefix("Tom") ? "client" : "contact"])
    }
    for (ego, other) in [("ben", "tom"), ("chen", "tom"), ("ben", "uma"), ("chen", "dana")] {
      try box.ok([
        "log", "meeting", "--no-ego", "--with", ego, "--with", other, "--on", "2026-08-02",
      ])
    }
    try box.ok(["log", "meeting", "--with", "dana", "--on", "2026-08-03"])
    return box
  }

  /// The `cadence` of `kith cadence PERSON --json` as `ego` sees it: days and source.
  static func cadence(_ box: CLISandbox, _ person: String, ego: String? = nil) throws
    -> (days: Double?, source: String?)
  {
    let json = try box.json(
      ["cadence", person, "--json"] + asOf + (ego.map { ["--ego", $0] } ?? []))
    let c = try #require(json["cadence"] as? [String: Any])
    return ((c["days"] as? NSNumber)?.doubleValue, c["source"] as? String)
  }

  @Test("ties --ego for an ego with none suggests logging one for that ego")
  func noTiesForAnotherEgo() throws {
    let box = try Self.sandbox()
    try box.ok(["person", "add", "Olga Ek"])
    #expect(
      try box.ok(["ties", "--ego", "olga"] + Self.asOf).stdout
        == "No ties yet as of 2026-11-01; record one with `kith log meeting --with NAME --ego olga-ek`.\n"
    )
  }

  @Test("a tie let go is the ego's who let it go: the others are still reminded")
  func letGoPerEgo() throws {
    let box = try Self.sandbox()
    let later = ["--as-of", "2026-12-01"]
    func neglected(_ ego: String) throws -> [String] {
      let doc = try box.json(["neglected", "--json", "--ego", ego] + later)
      return ((doc["neglected"] as? [[String: Any]]) ?? []).compactMap { $0["handle"] as? String }
    }
    #expect(try neglected("ben") == ["tom-ueda", "uma-vale"])
    #expect(try neglected("chen") == ["dana-fox", "tom-ueda"])
    let reply = try box.ok(["let-go", "tom", "--ego", "ben"] + later)
    #expect(reply.stdout.hasSuffix("Undo with `kith let-go --undo tom-ueda --ego ben-brooks`.\n"))
    #expect(try neglected("ben") == ["uma-vale"])
    #expect(
      try box.ok(["neglected", "--ego", "ben"] + later).stdoutLines.contains(
        "Not shown: 1 tie you let go; `kith let-go --list --ego ben-brooks` lists them."))
    #expect(try neglected("chen") == ["dana-fox", "tom-ueda"])
    let bens = try box.json(["let-go", "--list", "--json", "--ego", "ben"] + later)
    #expect((bens["letGo"] as? [[String: Any]])?.map { $0["handle"] as? String } == ["tom-ueda"])
    let mine = try box.json(["let-go", "--list", "--json"] + later)
    #expect((mine["letGo"] as? [[String: Any]])?.isEmpty == true)
  }

  @Test("a contact that brings back another ego's tie let go names them, in text and JSON")
  func letGoOfAnotherEgo() throws {
    let box = try Self.sandbox()
    let later = ["--as-of", "2026-12-01"]
    try box.ok(["let-go", "tom", "--ego", "ben", "--reason", "moved on"] + later)
    // A meeting of three, logged by Ana: Ben is back in touch with Tom.
    let logged = try box.ok(
      ["log", "meeting", "--with", "ben", "--with", "tom", "--as-of", "2026-12-05"])
    #expect(
      logged.stdoutLines.dropFirst() == [
        "Ben Brooks (ben-brooks) is back in touch with Tom Ueda (tom-ueda), whose tie they let go on 2026-12-01 (“moved on”): their reminders to keep it up are back. `kith let-go tom-ueda --ego ben-brooks` lets it go again."
      ], "\(logged)")
    let bens = try box.json(["let-go", "--list", "--json", "--ego", "ben", "--as-of", "2026-12-05"])
    #expect((bens["letGo"] as? [[String: Any]])?.first?["status"] as? String == "back-in-touch")
    // Let go again, and a meeting of the three logged by Chen, in JSON.
    try box.ok(["let-go", "tom", "--ego", "ben", "--as-of", "2026-12-06"])
    let json = try box.json([
      "log", "meeting", "--ego", "chen", "--with", "ben", "--with", "tom", "--as-of", "2026-12-07",
      "--json",
    ])
    let changes = try #require(json["letGoChanges"] as? [[String: Any]])
    #expect(changes.map { $0["ego"] as? String } == ["ben-brooks"])
    #expect(changes.map { $0["person"] as? String } == ["tom-ueda"])
    #expect(changes.map { $0["change"] as? String } == ["back-in-touch"])
  }

  @Test("a cadence is the ego's who set it: the others neither see it nor change it")
  func cadencesPerEgo() throws {
    let box = try Self.sandbox()
    try box.ok(["cadence", "tom", "14"])
    #expect(try Self.cadence(box, "tom").source == "explicit")
    let bens = try Self.cadence(box, "tom", ego: "ben")
    #expect(bens.source != "explicit" && bens.days != 14)
    let plan = try box.ok(["plan", "--ego", "chen"] + Self.asOf)
    #expect(!plan.stdout.contains("you set a cadence"), "\(plan)")

    // Ben's own, for a person and for a tag, named his in the reply and the hint.
    let set = try box.ok(["cadence", "uma", "10", "--ego", "ben"] + Self.asOf)
    #expect(set.stdoutLines.first == "Uma Vale: every 10 days for Ben Brooks.", "\(set)")
    let show = try box.ok(["cadence", "uma", "--ego", "ben"] + Self.asOf)
    // Where Ben stands with Uma under his cadence, in the reply and when shown.
    #expect(set.stdoutLines.count == 2 && set.stdoutLines.last == show.stdoutLines.last, "\(show)")
    #expect(show.stdoutLines.last?.hasPrefix("Last contact ") == true, "\(show)")
    let mine = try box.ok(["cadence", "uma"] + Self.asOf)
    #expect(mine.stdoutLines.last != show.stdoutLines.last, "\(mine)")
    #expect(show.stdout.contains("`kith cadence --clear uma-vale --ego ben-brooks`"), "\(show)")
    #expect(try Self.cadence(box, "uma").source != "explicit")
    try box.ok(["cadence", "--tag", "client", "7", "--ego", "ben"])
    #expect(try Self.cadence(box, "tom", ego: "ben").days == 7)
    #expect(try Self.cadence(box, "tom").days == 14)
    #expect(try Self.cadence(box, "tom", ego: "chen").source != "tag")

    // Listed, shown and analysed per ego.
    #expect(
      try box.ok(["cadence", "--list"]).stdout == "Tom Ueda (tom-ueda): every 14 days\n")
    #expect(
      try box.ok(["cadence", "--list", "--ego", "ben"]).stdout
        == "Uma Vale (uma-vale): every 10 days\ntag client: every 7 days\n")
    #expect(
      try box.ok(["person", "show", "uma", "--ego", "ben"]).stdout.contains(
        "keep in touch: every 10 days"))
    #expect(!(try box.ok(["person", "show", "uma"]).stdout.contains("keep in touch")))
    let neglected = try box.json(["neglected", "--json", "--ego", "chen"] + Self.asOf)
    let rows = try #require(neglected["neglected"] as? [[String: Any]])
    #expect(!rows.contains { $0["cadenceSource"] as? String == "explicit" }, "\(rows)")

    // Cleared per ego too.
    try box.ok(["cadence", "--clear", "tom"])
    #expect(try Self.cadence(box, "tom", ego: "ben").days == 7)
    let again = try box.ok(["cadence", "--clear", "tom", "--ego", "ben"])
    #expect(again.stdout.contains("no cadence of Ben Brooks's to clear"), "\(again)")
    try box.ok(["cadence", "--clear", "--tag", "client", "--ego", "ben"])
    #expect(try box.ok(["cadence", "--list", "--ego", "ben"]).stdout.contains("Uma Vale"))
  }

  @Test("person add and edit set the cadence of --ego")
  func personCadenceOptions() throws {
    let box = try Self.sandbox()
    try box.ok(["person", "add", "Vic Wynn", "--cadence", "20", "--ego", "ben"])
    try box.ok(["person", "edit", "uma", "--cadence", "9", "--ego", "ben"])
    #expect(
      try box.ok(["cadence", "--list", "--ego", "ben"]).stdout
        == "Uma Vale (uma-vale): every 9 days\nVic Wynn (vic-wynn): every 20 days\n")
    #expect(try box.ok(["cadence", "--list"]).stdout.hasPrefix("No explicit cadences"))
    let edited = try box.ok(["person", "edit", "uma", "--clear-cadence", "--ego", "ben"])
    #expect(edited.stdout == "Updated Uma Vale (uma-vale).\n", "\(edited)")
  }

  @Test("a partner's dismissal hides their follow-ups only, and its undo names them")
  func dismissalsPerEgo() throws {
    let box = try Self.sandbox()
    let on = ["--as-of", "2026-10-15"]
    try box.ok([
      "log", "call", "--with", "dana", "--on", "2026-09-25", "--follow-up", "2026-10-05",
      "--summary", "Ana FU",
    ])
    try box.ok([
      "log", "call", "--no-ego", "--with", "chen", "--with", "dana", "--on", "2026-09-26",
      "--follow-up", "2026-10-06", "--summary", "Chen FU",
    ])
    let dismissed = try box.ok(["followups", "dismiss", "dana", "--ego", "chen"] + on)
    #expect(
      dismissed.stdout.hasSuffix(
        "Undo with `kith followups dismiss --undo dana-fox --ego chen-wei`.\n"), "\(dismissed)")
    #expect(try box.ok(["followups"] + on).stdout.contains("Ana FU"))
    #expect(!(try box.ok(["followups", "--ego", "chen"] + on).stdout.contains("Chen FU")))
    #expect(
      try box.ok(["person", "show", "dana", "--ego", "chen"] + on).stdout.contains(
        "follow-ups dismissed on 2026-10-15"))
    #expect(!(try box.ok(["person", "show", "dana"] + on).stdout.contains("dismissed")))
    // Ana's own dismissal's hint has no --ego; her undo leaves Chen's.
    let mine = try box.ok(["followups", "dismiss", "dana"] + on)
    #expect(mine.stdout.hasSuffix("`kith followups dismiss --undo dana-fox`.\n"), "\(mine)")
    try box.ok(["followups", "dismiss", "--undo", "dana"] + on)
    #expect(!(try box.ok(["followups", "--ego", "chen"] + on).stdout.contains("Chen FU")))
  }

  @Test("every ego's cadences and dismissals survive a backup and a merge")
  func backupAndMerge() throws {
    let box = try Self.sandbox()
    try box.ok(["cadence", "tom", "14"])
    try box.ok(["cadence", "tom", "21", "--ego", "ben"])
    try box.ok(["cadence", "--tag", "client", "30", "--ego", "chen"])
    try box.ok([
      "log", "call", "--no-ego", "--with", "chen", "--with", "tom", "--on", "2026-10-01",
      "--follow-up", "2026-10-10",
    ])
    try box.ok(["followups", "dismiss", "tom", "--ego", "chen"] + Self.asOf)
    let backup = box.file("team.json")
    try box.ok(["export", "json", "-o", backup], quietStderr: false)
    let restored = box.file("restored.sqlite")
    try box.ok(["import", "json", backup], db: restored)
    #expect(try box.export(db: restored) == box.export())
    #expect(try Self.cadence(box, "tom", ego: "ben").days == 21)

    // A second Tom, whom Ben gave another cadence and Chen none: merged, each ego keeps theirs.
    try box.ok(["person", "add", "Tom U", "--email", "tom@example.com"])
    try box.ok(["cadence", "tom-u", "5", "--ego", "ben"])
    try box.ok(["cadence", "tom-u", "8", "--ego", "chen"])
    let merged = try box.ok(["merge", "tom-ueda", "tom-u"])
    #expect(
      merged.stdout.contains(
        "Kept the cadences of tom-ueda where both had one: 1 cadence of tom-u's was dropped."),
      "\(merged)")
    #expect(try Self.cadence(box, "tom", ego: "ben").days == 21)
    #expect(try Self.cadence(box, "tom", ego: "chen").days == 8)
    #expect(try Self.cadence(box, "tom").days == 14)
    #expect(
      try box.ok(["person", "show", "tom", "--ego", "chen"] + Self.asOf).stdout.contains(
        "follow-ups dismissed on 2026-11-01"))
  }
  /// A calendar of one lunch that `email` (Ben's or Ana's) organised with Walt.
  static func calendar(_ box: CLISandbox, organiser email: String) throws -> String {
    let path = box.file("lunch.ics")
    let text = """
      BEGIN:VCALENDAR\r
      VERSION:2.0\r
      PRODID:-//test//EN\r
      BEGIN:VEVENT\r
      UID:lunch@test\r
      DTSTAMP:20261001T000000Z\r
      DTSTART:20261002T100000Z\r
      DTEND:20261002T110000Z\r
      SUMMARY:Lunch\r
      ORGANIZER:mailto:\(email)\r
      ATTENDEE;CN=Walt Xu:mailto:walt@example.com\r
      ATTENDEE:mailto:\(email)\r
      END:VEVENT\r
      END:VCALENDAR\r

      """
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test("an import for a partner knows them by their own recorded addresses, not my-emails")
  func importAddressesPerEgo() throws {
    let box = try Self.sandbox()
    let ics = try Self.calendar(box, organiser: "ben@example.com")
    // Nobody's address yet: the error says whose are needed and how to record them.
    let refused = try box.run(["import", "ics", ics, "--ego", "ben"])
    #expect(refused.status == 64, "\(refused)")
    #expect(
      refused.stderr
        == "kith: error: kith import ics --ego ben-brooks needs Ben Brooks's own addresses to tell them apart from the people they meet: record them with `kith person edit ben-brooks --email ADDRESS` first\n"
    )
    try box.ok(["person", "edit", "ben", "--email", "ben@example.com"])
    try box.ok(["import", "ics", ics, "--ego", "ben"])
    let history = try box.ok(["history", "walt"] + Self.asOf).stdout
    #expect(history.contains("Ben Brooks"), "\(history)")
    #expect(!history.contains("Ana Alvarez"), "\(history)")
  }

  @Test("your own recorded addresses are yours in an import, as my-emails are")
  func importAddressesOfYours() throws {
    let box = try Self.sandbox()
    let ics = try Self.calendar(box, organiser: "ana@example.com")
    #expect(try box.run(["import", "ics", ics]).status == 64)
    try box.ok(["person", "edit", "me", "--email", "ana@example.com"])
    try box.ok(["import", "ics", ics])
    let ties = try box.ok(["ties"] + Self.asOf).stdout
    #expect(ties.contains("Walt Xu"), "\(ties)")
  }
}
