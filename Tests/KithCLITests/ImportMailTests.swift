import Foundation
import KithTestSupport
import Testing

/// `kith import ics|mbox|eml` end to end: the real binary on a temporary database.
@Suite("Import calendars and mail")
struct ImportMailTests {
  static func fixture(_ name: String) -> String {
    CLIPaths.packageRoot.appendingPathComponent("Fixtures/import/\(name)").path
  }

  /// A database with an ego and their addresses.
  static func sandbox() throws -> CLISandbox {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Ada Example"])
    try box.ok(["settings", "set", "my-emails", "ada.example@example.com"])
    return box
  }

  static func counts(_ json: [String: Any], file: Int = 0, kind: String) -> [String: Int] {
    let files = json["files"] as? [[String: Any]] ?? []
    guard file < files.count, let counts = files[file]["counts"] as? [String: Any],
      let c = counts[kind] as? [String: Int]
    else { return [:] }
    return c
  }

  static func leftOut(_ json: [String: Any], file: Int = 0) -> [String: Int] {
    let files = json["files"] as? [[String: Any]] ?? []
    guard file < files.count else { return [:] }
    return files[file]["leftOut"] as? [String: Int] ?? [:]
  }

  /// The backup's interactions and people, for checking what was written.
  static func backup(_ box: CLISandbox) throws -> (
    people: [[String: Any]], interactions: [[String: Any]]
  ) {
    let text = try box.export()
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    return (
      json["people"] as? [[String: Any]] ?? [], json["interactions"] as? [[String: Any]] ?? []
    )
  }

  @Test("a calendar: meetings initiated by the organiser; re-importing changes nothing")
  func calendarIdempotent() throws {
    let box = try Self.sandbox()
    let file = Self.fixture("ics/google-calendar.ics")
    let first = try box.json(["import", "ics", file, "--as-of", "2025-04-01", "--json"])
    #expect(Self.counts(first, kind: "interactions")["added"] == 6)
    #expect(Self.counts(first, kind: "people")["added"] == 3)
    #expect(Self.leftOut(first) == ["cancelled": 1])
    let before = try box.export()
    let again = try box.json(["import", "ics", file, "--as-of", "2025-04-01", "--json"])
    #expect(Self.counts(again, kind: "interactions")["unchanged"] == 6)
    #expect(Self.counts(again, kind: "interactions")["added"] == 0)
    #expect(try box.export() == before)

    let (people, interactions) = try Self.backup(box)
    let bruno = try #require(people.first { $0["name"] as? String == "Bruno Testperson" })
    let standups = interactions.filter {
      ($0["sourceID"] as? String)?.hasPrefix("weekly-standup-7f3a@google.com/") == true
    }
    #expect(standups.count == 4)
    #expect(standups.allSatisfy { $0["initiator"] as? Int == bruno["id"] as? Int })
    #expect(standups.allSatisfy { $0["kind"] as? String == "meeting" })
  }

  /// A database of Alex, whose calendar the `gcal-*.ics` fixtures are.
  static func alexSandbox() throws -> CLISandbox {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Alex Morgan"])
    try box.ok(["settings", "set", "my-emails", "alex.morgan@gmail.com"])
    return box
  }

  /// The interactions of a backup by source id: time, summary and participants' names.
  static func interactionsBySource(_ box: CLISandbox) throws -> [String: String] {
    let (people, interactions) = try Self.backup(box)
    var names: [Int: String] = [:]
    for p in people { names[p["id"] as? Int ?? 0] = p["name"] as? String }
    var out: [String: String] = [:]
    for i in interactions {
      let who = (i["participants"] as? [Int] ?? []).compactMap { names[$0] }.sorted()
      out[i["sourceID"] as? String ?? ""] =
        "\(i["time"] ?? "") \(i["summary"] ?? "") \(who.joined(separator: ", "))"
    }
    return out
  }

  @Test("a calendar exported again after edits: each event once, as it is now")
  func editedCalendar() throws {
    let box = try Self.alexSandbox()
    let asOf = ["--as-of", "2026-11-28", "--json"]
    try box.ok(["import", "ics", Self.fixture("ics/gcal-before-edit.ics")] + asOf)
    // The weekly 1:1 moved from 10:00 to 11:00 New York time (its occurrences' ids with it),
    // the offsite a day later: the old occurrences go, the offsite is rewritten in place.
    let moved = try box.json(["import", "ics", Self.fixture("ics/gcal-series-moved.ics")] + asOf)
    #expect(
      Self.counts(moved, kind: "interactions") == [
        "added": 6, "merged": 1, "unchanged": 0, "skipped": 0,
      ])
    let files = moved["files"] as? [[String: Any]] ?? []
    #expect(files.first?["removedInteractions"] as? Int == 6)
    let oneToOnes = try Self.interactionsBySource(box).filter {
      $0.key.hasPrefix("weekly1on1abc@google.com/")
    }
    #expect(oneToOnes.count == 6)
    #expect(Set(oneToOnes.values.map { $0.prefix(20) }).count == 6)

    // The same as importing the edited calendar alone, down to the ties.
    let fresh = try Self.alexSandbox()
    try fresh.ok(["import", "ics", Self.fixture("ics/gcal-series-moved.ics")] + asOf)
    #expect(try Self.interactionsBySource(box) == Self.interactionsBySource(fresh))
    let ties = ["ties", "--as-of", "2026-11-28", "--json"]
    #expect(try box.ok(ties).stdout == fresh.ok(ties).stdout)

    // Importing it again changes nothing.
    let before = try box.export()
    let again = try box.json(["import", "ics", Self.fixture("ics/gcal-series-moved.ics")] + asOf)
    #expect(Self.counts(again, kind: "interactions")["unchanged"] == 7)
    #expect((again["files"] as? [[String: Any]])?.first?["removedInteractions"] as? Int == 0)
    #expect(try box.export() == before)

    // A guest added to the offsite (and its title changed) is in it.
    let guest = try box.json(["import", "ics", Self.fixture("ics/gcal-guest-added.ics")] + asOf)
    #expect(Self.counts(guest, kind: "people")["added"] == 1)
    let offsite = try Self.interactionsBySource(box)["offsite2026@google.com"] ?? ""
    #expect(offsite.contains("Strategy offsite 2026"))
    #expect(offsite.contains("Zoë Ångström"))
  }

  /// A calendar export of Alex's: `events` are VEVENT bodies (UID, DTSTART, SEQUENCE…),
  /// each between Alex and Jane.
  static func calendar(_ events: [String]) -> String {
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "METHOD:PUBLISH"]
    for event in events {
      lines += ["BEGIN:VEVENT"] + event.split(separator: "\n").map(String.init)
      lines += [
        "ORGANIZER:mailto:alex.morgan@gmail.com", "ATTENDEE:mailto:jane.doe@example.com",
        "END:VEVENT",
      ]
    }
    return (lines + ["END:VCALENDAR", ""]).joined(separator: "\r\n")
  }

  @Test("an older export imported after a newer one keeps the newer versions")
  func olderExportAfterNewer() throws {
    let box = try Self.alexSandbox()
    let asOf = ["--as-of", "2026-11-28", "--json"]
    let series = "UID:series@x\nDTSTART:20260105T150000Z\nRRULE:FREQ=WEEKLY;COUNT=4\nSUMMARY:Sync"
    // This week's export: the lunch moved (SEQUENCE 2), one occurrence of the series moved by
    // an override of its own (the series unchanged), another override edited twice.
    let newer = Self.calendar([
      "UID:lunch@x\nSEQUENCE:2\nLAST-MODIFIED:20260301T000000Z\nDTSTAMP:20261120T000000Z\n"
        + "DTSTART:20260210T120000Z\nSUMMARY:Lunch (moved)",
      series + "\nSEQUENCE:0\nLAST-MODIFIED:20260101T000000Z\nDTSTAMP:20261120T000000Z",
      "UID:series@x\nRECURRENCE-ID:20260112T150000Z\nSEQUENCE:1\n"
        + "LAST-MODIFIED:20260110T000000Z\nDTSTAMP:20261120T000000Z\n"
        + "DTSTART:20260112T170000Z\nSUMMARY:Sync (later)",
      "UID:series@x\nRECURRENCE-ID:20260119T150000Z\nSEQUENCE:2\n"
        + "LAST-MODIFIED:20260115T000000Z\nDTSTAMP:20261120T000000Z\n"
        + "DTSTART:20260119T150000Z\nSUMMARY:Sync (new agenda)",
    ])
    // Last month's: the lunch before it moved, the series before the first override and with
    // the second one's first edit, and an event the newer export does not hold.
    let older = Self.calendar([
      "UID:lunch@x\nSEQUENCE:0\nLAST-MODIFIED:20260101T000000Z\nDTSTAMP:20261001T000000Z\n"
        + "DTSTART:20260203T120000Z\nSUMMARY:Lunch",
      series + "\nSEQUENCE:0\nLAST-MODIFIED:20260101T000000Z\nDTSTAMP:20261001T000000Z",
      "UID:series@x\nRECURRENCE-ID:20260119T150000Z\nSEQUENCE:1\n"
        + "LAST-MODIFIED:20260105T000000Z\nDTSTAMP:20261001T000000Z\n"
        + "DTSTART:20260119T150000Z\nSUMMARY:Sync (old agenda)",
      "UID:coffee@x\nDTSTAMP:20261001T000000Z\nDTSTART:20260301T090000Z\nSUMMARY:Coffee",
    ])
    try Data(newer.utf8).write(to: URL(fileURLWithPath: box.file("newer.ics")))
    try Data(older.utf8).write(to: URL(fileURLWithPath: box.file("older.ics")))
    try box.ok(["import", "ics", box.file("newer.ics")] + asOf)
    let before = try Self.interactionsBySource(box)
    #expect(before["lunch@x"]?.contains("Lunch (moved)") == true)
    #expect(before["series@x/20260112T150000Z"]?.contains("Sync (later)") == true)

    let json = try box.json(["import", "ics", box.file("older.ics")] + asOf)
    #expect((json["files"] as? [[String: Any]])?.first?["keptNewer"] as? Int == 2)
    #expect((json["files"] as? [[String: Any]])?.first?["removedInteractions"] as? Int == 0)
    #expect(
      Self.counts(json, kind: "interactions") == [
        "added": 1, "merged": 0, "unchanged": 2, "skipped": 0,
      ])
    var after = try Self.interactionsBySource(box)
    #expect(after.removeValue(forKey: "coffee@x")?.contains("Coffee") == true)
    #expect(after == before)
    let text = try box.ok(["import", "ics", box.file("older.ics"), "--as-of", "2026-11-28"])
    #expect(
      text.stdout.contains(
        "Kept 2 events as imported before: the database has a newer version of them than the file."
      ))

    // The newer export again changes nothing; an edit after it is taken.
    let again = try box.json(["import", "ics", box.file("newer.ics")] + asOf)
    #expect((again["files"] as? [[String: Any]])?.first?["keptNewer"] as? Int == 0)
    #expect(Self.counts(again, kind: "interactions")["unchanged"] == 5)
    let latest = newer.replacingOccurrences(
      of: "SEQUENCE:2\r\nLAST-MODIFIED:20260301", with: "SEQUENCE:3\r\nLAST-MODIFIED:20260401"
    )
    .replacingOccurrences(of: "Lunch (moved)", with: "Lunch (moved again)")
    try Data(latest.utf8).write(to: URL(fileURLWithPath: box.file("latest.ics")))
    try box.ok(["import", "ics", box.file("latest.ics")] + asOf)
    #expect(try Self.interactionsBySource(box)["lunch@x"]?.contains("moved again") == true)
  }

  @Test("an older export keeps the overrides of a later SEQUENCE: moved and cancelled occurrences")
  func olderExportKeepsOverrides() throws {
    let box = try Self.alexSandbox()
    let asOf = ["--as-of", "2026-11-28", "--json"]
    // The overrides have no LAST-MODIFIED and the DTSTAMP of the export, as Google's: only
    // the SEQUENCE, the event's, tells them newer than the series of the older file.
    let series =
      "UID:weekly@x\nDTSTART:20260105T150000Z\nRRULE:FREQ=WEEKLY;COUNT=4\nSUMMARY:Sync\n"
      + "LAST-MODIFIED:20260101T000000Z\nDTSTAMP:20261120T000000Z\nSEQUENCE:"
    let older = Self.calendar([series + "1"])
    let newer = Self.calendar([
      series + "2",
      "UID:weekly@x\nRECURRENCE-ID:20260112T150000Z\nSEQUENCE:2\nDTSTAMP:20261120T000000Z\n"
        + "DTSTART:20260112T190000Z\nSUMMARY:Sync (moved)",
      "UID:weekly@x\nRECURRENCE-ID:20260119T150000Z\nSEQUENCE:2\nDTSTAMP:20261120T000000Z\n"
        + "DTSTART:20260119T150000Z\nSTATUS:CANCELLED\nSUMMARY:Sync",
    ])
    try Data(older.utf8).write(to: URL(fileURLWithPath: box.file("older.ics")))
    try Data(newer.utf8).write(to: URL(fileURLWithPath: box.file("newer.ics")))
    try box.ok(["import", "ics", box.file("older.ics")] + asOf)
    try box.ok(["import", "ics", box.file("newer.ics")] + asOf)
    let before = try box.export()
    let occurrences = try Self.interactionsBySource(box)
    #expect(occurrences["weekly@x/20260112T150000Z"]?.contains("Sync (moved)") == true)
    #expect(occurrences["weekly@x/20260119T150000Z"] == nil)

    let json = try box.json(["import", "ics", box.file("older.ics")] + asOf)
    #expect((json["files"] as? [[String: Any]])?.first?["keptNewer"] as? Int == 1)
    #expect(
      Self.counts(json, kind: "interactions") == [
        "added": 0, "merged": 0, "unchanged": 0, "skipped": 0,
      ])
    #expect(try box.export() == before)
  }

  @Test("--event-threshold turns larger gatherings into events")
  func eventThreshold() throws {
    let box = try Self.sandbox()
    try box.ok([
      "import", "ics", Self.fixture("ics/google-calendar.ics"), "--as-of", "2025-04-01",
      "--event-threshold", "2",
    ])
    let (_, interactions) = try Self.backup(box)
    let kinds = Dictionary(
      interactions.map { ($0["sourceID"] as? String ?? "", $0["kind"] as? String ?? "") },
      uniquingKeysWith: { a, _ in a })
    #expect(kinds["weekly-standup-7f3a@google.com/20250127T093000Z"] == "event")
    #expect(kinds["offsite-allday@google.com"] == "meeting")
  }

  @Test("--dry-run reports the same counts and writes nothing")
  func dryRun() throws {
    let box = try Self.sandbox()
    let before = try box.export()
    let json = try box.json([
      "import", "mbox", Self.fixture("mail/thunderbird.mbox"), "--dry-run", "--json",
    ])
    #expect(Self.counts(json, kind: "interactions")["added"] == 3)
    #expect((json["files"] as? [[String: Any]])?.first?["dryRun"] as? Bool == true)
    #expect(try box.export() == before)
  }

  @Test("mail: replies make ties; someone who never writes is recorded without one")
  func mailReplies() throws {
    let box = try Self.sandbox()
    let json = try box.json([
      "import", "mbox", Self.fixture("mail/gmail-takeout.mbox"), "--json",
    ])
    #expect(Self.leftOut(json) == ["lists": 1, "withoutSender": 1])
    let (people, interactions) = try Self.backup(box)
    func id(_ email: String) -> Int? {
      people.first { ($0["emails"] as? [String])?.contains(email) == true }?["id"] as? Int
    }
    let gil = try #require(id("gil@example.com"))
    let jane = try #require(id("jane.doe@example.com"))
    let participants = interactions.flatMap { $0["participants"] as? [Int] ?? [] }
    #expect(!participants.contains(gil))
    #expect(participants.contains(jane))
    // "Doe, Jane" reads as Jane Doe; the written form is no alias (it is the same name).
    let janeDoe = try #require(people.first { $0["name"] as? String == "Jane Doe" })
    #expect((janeDoe["aliases"] as? [String] ?? []).isEmpty, "\(janeDoe)")
    // The reply, initiated by Jane.
    let reply = try #require(
      interactions.first { $0["sourceID"] as? String == "reply-jane-1@example.com" })
    #expect(reply["initiator"] as? Int == jane)
    #expect(reply["kind"] as? String == "email")
  }

  @Test("other spellings of my address (+tag, Gmail's dots and googlemail.com) are me")
  func mySubAddresses() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Alex Morgan"])
    try box.ok(["settings", "set", "my-emails", "alex.morgan@gmail.com"])
    let mbox = box.file("plus.mbox")
    try """
    From x Mon Jan 05 10:15:00 2026
    From: Ann Lee <ann@lee.io>
    To: Alex Morgan <alex.morgan+kith@gmail.com>
    Date: Mon, 5 Jan 2026 10:15:00 +0000
    Message-ID: <p1@x>

    b

    From x Mon Jan 05 10:15:00 2026
    From: Ann Lee <ann+work@lee.io>
    To: Alex Morgan <AlexMorgan@googlemail.com>
    Date: Mon, 6 Jan 2026 10:15:00 +0000
    Message-ID: <p2@x>

    b

    """.write(toFile: mbox, atomically: true, encoding: .utf8)
    let json = try box.json(["import", "mbox", mbox, "--json"])
    #expect(Self.counts(json, kind: "people")["added"] == 1)
    #expect(Self.counts(json, kind: "interactions")["added"] == 2)
    let (people, _) = try Self.backup(box)
    #expect(people.map { $0["name"] as? String } == ["Alex Morgan", "Ann Lee"])
    #expect(people.last?["emails"] as? [String] == ["ann@lee.io"])
    // Named on the command line by another spelling of their mailbox.
    #expect(try box.ok(["person", "show", "Ann+Kith@Lee.io"]).stdout.hasPrefix("Ann Lee"))
  }

  @Test("mail from automated senders is left out and counted; --include-lists keeps it")
  func automatedSenders() throws {
    let box = try Self.sandbox()
    let mbox = box.file("automated.mbox")
    func message(_ from: String, _ id: Int, to: String = "ada.example@example.com") -> String {
      """
      From x Mon Jan 05 10:15:00 2026
      From: \(from)
      To: \(to)
      Date: Mon, 5 Jan 2026 10:15:00 +0000
      Message-ID: <a\(id)@x>

      b


      """
    }
    try [
      message("LinkedIn <messages-noreply@linkedin.com>", 1),
      message("Shop <do-not-reply@shop.example>", 2),
      message("Mail Delivery System <MAILER-DAEMON@mx.example>", 3),
      message("Ann Lee <ann@lee.io>", 4, to: "ada.example@example.com, no_reply@x.example"),
    ].joined().write(toFile: mbox, atomically: true, encoding: .utf8)
    let json = try box.json(["import", "mbox", mbox, "--json"])
    #expect(Self.leftOut(json) == ["automated": 3])
    let (people, interactions) = try Self.backup(box)
    #expect(people.map { $0["name"] as? String } == ["Ada Example", "Ann Lee"])
    #expect(interactions.count == 1)
    let text = try box.ok(["import", "mbox", mbox, "--dry-run"]).stdout
    #expect(text.contains("Left out on purpose: 3 from automated senders"), "\(text)")
    let all = try box.json(["import", "mbox", mbox, "--include-lists", "--json"])
    #expect(Self.leftOut(all) == [:])
  }

  @Test("unanswered mail is left out until the reply is imported with it")
  func unanswered() throws {
    let box = try Self.sandbox()
    let dir = box.file("mail")
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let sent = """
      From ada.example@example.com Mon Jan  6 08:00:00 2025
      From: Ada Example <ada.example@example.com>
      To: Pat Silent <pat@example.com>
      Date: Mon, 6 Jan 2025 08:00:00 +0000
      Message-ID: <s1@example.com>

      Hello?

      """
    let inbox = """
      From pat@example.com Tue Jan  7 08:00:00 2025
      From: Pat Silent <pat@example.com>
      To: ada.example@example.com
      Date: Tue, 7 Jan 2025 08:00:00 +0000
      Message-ID: <r1@example.com>
      In-Reply-To: <s1@example.com>

      Hi!

      """
    try sent.write(toFile: dir + "/Sent.mbox", atomically: true, encoding: .utf8)
    try inbox.write(toFile: dir + "/Inbox.mbox", atomically: true, encoding: .utf8)
    let alone = try box.json(["import", "mbox", dir + "/Sent.mbox", "--json"])
    #expect(Self.leftOut(alone) == ["unanswered": 1])
    #expect(Self.counts(alone, kind: "people")["added"] == 1)
    #expect(Self.counts(alone, kind: "interactions")["added"] == 0)
    let text = try box.ok(["import", "mbox", dir + "/Sent.mbox", "--dry-run"])
    #expect(text.stdout.contains("Left out on purpose: 1 unanswered"))
    let together = try box.json([
      "import", "mbox", dir + "/Sent.mbox", dir + "/Inbox.mbox", "--json",
    ])
    #expect(Self.counts(together, file: 0, kind: "interactions")["added"] == 1)
    #expect(Self.counts(together, file: 1, kind: "interactions")["added"] == 1)
  }

  @Test("--include-lists imports mailing-list mail")
  func includeLists() throws {
    let box = try Self.sandbox()
    let json = try box.json([
      "import", "mbox", Self.fixture("mail/thunderbird.mbox"), "--include-lists", "--json",
    ])
    #expect(Self.leftOut(json) == [:])
    #expect(Self.counts(json, kind: "interactions")["added"] == 4)
  }

  @Test("formats are detected: kith import FILE…")
  func autoDetect() throws {
    let box = try Self.sandbox()
    let json = try box.json([
      "import", Self.fixture("ics/outlook.ics"), Self.fixture("mail/thunderbird.mbox"),
      Self.fixture("mail/outlook.eml"), "--as-of", "2025-12-31", "--json",
    ])
    let sources = (json["files"] as? [[String: Any]] ?? []).map { $0["source"] as? String }
    #expect(sources == ["calendar", "email", "email"])
  }

  @Test("a bad event stops the file with file:line and writes nothing; --skip-invalid lists it")
  func rollback() throws {
    let box = try Self.sandbox()
    let path = box.file("bad.ics")
    let text = [
      "BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:good", "DTSTART:20250101T100000Z",
      "ORGANIZER:mailto:ada.example@example.com", "ATTENDEE:mailto:bo@example.com", "END:VEVENT",
      "BEGIN:VEVENT", "UID:bad", "DTSTART;TZID=Nowhere/Land:20250102T100000",
      "ATTENDEE:mailto:cy@example.com", "END:VEVENT", "END:VCALENDAR",
    ].joined(separator: "\r\n")
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let before = try box.export()
    let failed = try box.run(["import", "ics", path, "--as-of", "2025-04-01"])
    #expect(failed.status == 65)
    #expect(failed.stderr.contains("\(path):11:1: DTSTART: unknown time zone TZID=Nowhere/Land"))
    #expect(try box.export() == before)
    let skipped = try box.run(["import", "ics", path, "--as-of", "2025-04-01", "--skip-invalid"])
    #expect(skipped.status == 0)
    #expect(skipped.stdout.contains("interactions      1"))
    #expect(skipped.stderr.contains("\(path):11:1:"))
  }

  @Test("an mbox cut inside headers is refused at that message; --skip-invalid skips it")
  func truncatedMbox() throws {
    let box = try Self.sandbox()
    let path = box.file("cut.mbox")
    let text = [
      "From bo@example.com Mon Jan  6 08:00:00 2025", "From: Bo <bo@example.com>",
      "To: ada.example@example.com", "Date: 6 Jan 2025 08:00 +0000", "Message-ID: <1@x>", "",
      "hello", "", "From ada.example@example.com Mon Jan  6 09:00:00 2025",
      "From: ada.example@example.com", "To: bo@example.com", "X-GM-",
    ].joined(separator: "\n")
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let before = try box.export()
    let failed = try box.run(["import", path, "--as-of", "2025-04-01"])
    #expect(failed.status == 65, "\(failed)")
    #expect(
      failed.stderr
        == "kith: error: \(path):9:1: the file ends inside the headers of the message starting "
        + "here (it may be truncated)\n")
    #expect(try box.export() == before)
    let skipped = try box.json([
      "import", path, "--as-of", "2025-04-01", "--skip-invalid", "--json",
    ])
    #expect(Self.counts(skipped, kind: "interactions")["skipped"] == 1)
    #expect(Self.leftOut(skipped)["withoutSender", default: 0] == 0)
  }

  struct ErrorCase: Sendable, CustomTestStringConvertible {
    var name: String
    var arguments: [String]
    var status: Int32
    var message: String
    var testDescription: String { name }
  }

  static let errors: [ErrorCase] = [
    ErrorCase(
      name: "missing file", arguments: ["import", "mbox", "$DIR/nope.mbox"], status: 66,
      message: "$DIR/nope.mbox: no such file"),
    ErrorCase(
      name: "an eml given as mbox", arguments: ["import", "mbox", fixture("mail/outlook.eml")],
      status: 65,
      message: fixture("mail/outlook.eml")
        + ":1:1: a single message, not an mbox file: import it with `kith import eml`"),
    ErrorCase(
      name: "text given as eml", arguments: ["import", "eml", fixture("mail/not-mail.txt")],
      status: 65,
      message: fixture("mail/not-mail.txt")
        + ":1:1: not an email message (it should begin with headers such as `From:`)"),
    ErrorCase(
      name: "a bad Date", arguments: ["import", "eml", fixture("mail/bad-date.eml")], status: 65,
      message: fixture("mail/bad-date.eml") + ":3:1: Date: not a date"),
    ErrorCase(
      name: "mail given as a calendar", arguments: ["import", "ics", fixture("mail/outlook.eml")],
      status: 65,
      message: fixture("mail/outlook.eml")
        + ":1:1: not an iCalendar file (it should begin with BEGIN:VCALENDAR)"),
    ErrorCase(
      name: "an empty file", arguments: ["import", "ics", "$DIR/empty.ics"], status: 65,
      message: "$DIR/empty.ics: the file is empty"),
    ErrorCase(
      name: "a binary file", arguments: ["import", "mbox", "$DIR/binary.mbox"], status: 65,
      message: "$DIR/binary.mbox: a binary file, not an mbox file"),
    ErrorCase(
      name: "a bad threshold",
      arguments: ["import", "ics", fixture("ics/outlook.ics"), "--event-threshold", "0"],
      status: 64, message: "--event-threshold must be at least 1 (it was 0)."),
  ]

  @Test(
    "errors: one line naming the file (and line), the right exit code, nothing written",
    arguments: errors)
  func error(_ c: ErrorCase) throws {
    let box = try Self.sandbox()
    try Data().write(to: URL(fileURLWithPath: box.file("empty.ics")))
    try Data([0x46, 0x72, 0x00, 0x01, 0xFF]).write(
      to: URL(fileURLWithPath: box.file("binary.mbox")))
    let before = try box.export()
    let result = try box.run(c.arguments)
    #expect(result.status == c.status, "\(result)")
    let message = c.message.replacingOccurrences(of: "$DIR", with: box.directory.path)
    #expect(result.stderr.contains(message), "\(result)")
    #expect(result.stderr.split(separator: "\n").count == 1, "\(result)")
    #expect(try box.export() == before)
  }

  @Test("without my-emails the import explains how to set them")
  func needsMyEmails() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Ada Example"])
    let result = try box.run(["import", "mbox", Self.fixture("mail/thunderbird.mbox")])
    #expect(result.status == 64)
    #expect(result.stderr.contains("kith settings set my-emails"))
  }
}
