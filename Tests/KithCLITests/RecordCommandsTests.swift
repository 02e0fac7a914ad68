import Foundation
import KithTestSupport
import Testing

/// `kith history`, `kith edit` and `kith remove` on the session of `SessionTests`: records
/// listed with their ids, and tie strengths after a correction checked against hand-computed
/// values (T = 2026-06-30, half-life 180 days).
///
/// The session's ids: interactions 1 (Jane, meeting 2026-01-01), 2 (Jane, call T), 3 (José and
/// Sam, meeting T), 4 (Chen, meeting 2025-07-05), 5 (Chen, 2026-08-01), 6 (Jane and Sam without
/// me); exchanges 1 (advice to Jane), 2 (introduction from Sam), 3 (the referral's); referral
/// 1; note 1; ties 1 (Dana, undated 0.2) and 2 (Chen and Sam); affiliations 1 (Jane, CTO from
/// 2024-03-01) and 2 (José, undated).
@Suite("Listing, editing and removing records")
struct RecordCommandsTests {
  static let asOf = SessionTests.asOf

  static func session() throws -> CLISandbox {
    let box = CLISandbox()
    try SessionTests.recordSession(box)
    return box
  }

  static func ties(_ box: CLISandbox) throws -> [String: [String: Any]] {
    let ties = try #require(
      try box.json(["ties", "--as-of", asOf, "--json"])["ties"] as? [[String: Any]])
    return Dictionary(uniqueKeysWithValues: ties.map { ($0["handle"] as? String ?? "", $0) })
  }

  static func number(_ value: Any?) -> Double { (value as? NSNumber)?.doubleValue ?? .nan }

  @Test("history lists every record newest first, with its id; a person's only theirs")
  func historyLists() throws {
    let box = try Self.session()
    let all = try box.json(["history", "--json", "--limit", "100"])
    let records = try #require(all["records"] as? [[String: Any]])
    // 6 interactions, 3 exchanges, 1 referral, 1 note, 2 ties, 2 affiliations.
    #expect((all["total"] as? NSNumber)?.intValue == 15)
    #expect(records.count == 15)
    let keys = records.map { "\($0["record"] ?? "") \($0["id"] ?? "")" }
    #expect(keys.first == "interaction 5")  // 2026-08-01, the latest
    // Undated last: the tie, then José's job (no dates); Jane's job from 2024-03-01 before.
    #expect(Array(keys.suffix(3)) == ["affiliation 1", "tie 1", "affiliation 2"])
    #expect(Set(keys).count == 15)
    let times = records.compactMap { $0["time"] as? String }
    #expect(times == times.sorted(by: >))

    let chen = try box.json(["history", "chen-wu", "--json"])
    let chenKeys = (chen["records"] as? [[String: Any]] ?? []).map {
      "\($0["record"] ?? "") \($0["id"] ?? "")"
    }
    #expect(chenKeys == ["interaction 5", "tie 2", "interaction 4"])

    // --as-of leaves out what came later; --limit cuts and says so.
    let text = try box.ok(["history", "--as-of", Self.asOf, "--limit", "2"]).stdout
    #expect(!text.contains("interaction 5"))
    #expect(text.contains("Showing the latest 2 of 14"))
  }

  @Test("removing an interaction recomputes the tie without it")
  func removeInteraction() throws {
    let box = try Self.session()
    let result = try box.ok(["remove", "interaction", "1"])
    #expect(result.stdout == "Removed interaction 1: meeting with Jane Doe on 2026-01-01.\n")
    // Jane: only the call at T is left: 0.8, once.
    let jane = try #require(try Self.ties(box)["jane-doe"])
    #expect(abs(Self.number(jane["strength"]) - 0.8) <= 1e-6)
    #expect(abs(Self.number(jane["peak"]) - 0.8) <= 1e-6)
    #expect((jane["count"] as? NSNumber)?.intValue == 1)
    #expect(jane["first"] as? String == "2026-06-30")
    // Gone from the history, and a second removal finds nothing (65).
    let again = try box.run(["remove", "interaction", "1"])
    #expect(again.status == 65)
    #expect(again.stderr == "kith: error: no interaction matches '1'; see `kith history`\n")
  }

  @Test("removing a person keeps a shared meeting's weight for the others, and says so")
  func removePersonKeepsSharedWeight() throws {
    let box = try Self.session()
    // Meeting 3 (me, José, Sam) at T gives me–José 1/(3 − 1) = 0.5: José's only interaction.
    #expect(abs(Self.number(try Self.ties(box)["jose-garcia"]?["strength"]) - 0.5) <= 1e-6)
    let refused = try box.run(["person", "remove", "sam-lee"])
    #expect(refused.status == 65)
    #expect(
      refused.stderr
        == "kith: error: sam-lee appears in 2 interactions, 2 exchanges, 1 referral, 1 tie, 0 notes and 0 affiliations; add --force to remove them all, except that 1 interaction with others stays for them, without Sam Lee; their ties keep the same strength\n"
    )
    let removed = try box.ok(["person", "remove", "sam-lee", "--force"]).stdout
    #expect(
      removed
        == "Removed Sam Lee (sam-lee). 1 interaction with others stays for them, without Sam Lee; their ties keep the same strength.\n"
    )
    // Still 0.5, not the 1 of a meeting of two; the backup keeps the count of three.
    #expect(abs(Self.number(try Self.ties(box)["jose-garcia"]?["strength"]) - 0.5) <= 1e-6)
    #expect(try box.export().contains(#""participantCount" : 3,"#))
    // A restored backup keeps it too: the same export, José still at 0.5.
    try box.ok(["export", "json", "-o", "$DIR/backup.json"], quietStderr: false)
    let restored = box.file("restored.sqlite")
    try box.ok(["import", "json", "$DIR/backup.json"], db: restored)
    #expect(try box.export(db: restored) == (try box.export()))
    let restoredTies = try box.json(["ties", "--as-of", Self.asOf, "--json"], db: restored)
    let jose = (restoredTies["ties"] as? [[String: Any]])?.first {
      $0["handle"] as? String == "jose-garcia"
    }
    #expect(abs(Self.number(jose?["strength"]) - 0.5) <= 1e-6)
    // Removing José leaves me alone in it: it goes.
    let json = try box.json(["person", "remove", "jose-garcia", "--force", "--json"])
    #expect((json["keptInteractions"] as? NSNumber)?.intValue == 0)
    let history = try box.json(["history", "--json", "--limit", "100"])
    let ids = (history["records"] as? [[String: Any]] ?? []).filter {
      $0["record"] as? String == "interaction"
    }.compactMap { ($0["id"] as? NSNumber)?.intValue }
    #expect(!ids.contains(3))
  }

  @Test("editing an interaction's date, kind and people recomputes the ties")
  func editInteraction() throws {
    let box = try Self.session()
    // Chen's 2025 meeting moved to T: 1 at T, peak 1, instead of 0.25 (peak 1).
    try box.ok(["edit", "interaction", "4", "--on", Self.asOf])
    var chen = try #require(try Self.ties(box)["chen-wu"])
    #expect(abs(Self.number(chen["strength"]) - 1) <= 1e-6)
    #expect(chen["first"] as? String == "2026-06-30")
    // A call instead: 0.8.
    try box.ok(["edit", "interaction", "4", "--kind", "call"])
    chen = try #require(try Self.ties(box)["chen-wu"])
    #expect(abs(Self.number(chen["strength"]) - 0.8) <= 1e-6)
    // With Dana instead of Chen: Chen has no tie as of T left (his other meeting is later),
    // Dana has the call on top of her undated 0.2.
    let moved = try box.ok(["edit", "interaction", "4", "--with", "dana-fox"]).stdout
    // Moved to a time (T, midnight in UTC), not to a date: its time is shown.
    #expect(moved == "Updated interaction 4: call with Dana Fox on 2026-06-30 00:00 UTC.\n")
    let ties = try Self.ties(box)
    #expect(ties["chen-wu"] == nil)
    #expect(abs(Self.number(ties["dana-fox"]?["strength"]) - 1.0) <= 1e-6)
  }

  @Test("--no-follow-up clears a follow-up; an empty --summary clears the summary")
  func clearFields() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Alex Morgan"])
    try box.ok(["person", "add", "Jane Doe"])
    try box.ok([
      "log", "call", "--with", "jane", "--on", "2026-03-01", "--follow-up", "2026-03-10",
      "--summary", "Pricing",
    ])
    func reasons() throws -> [String] {
      let due = try box.json(["followups", "--as-of", "2026-04-01", "--json"])
      return (due["followups"] as? [[String: Any]] ?? []).compactMap { $0["reason"] as? String }
    }
    #expect(try reasons() == ["due"])
    try box.ok(["edit", "interaction", "1", "--no-follow-up", "--summary", ""])
    // Jane is still a new contact met once.
    #expect(try reasons() == ["never-followed-up"])
    let record = try #require(
      (try box.json(["history", "--json"])["records"] as? [[String: Any]])?.first)
    #expect(record["text"] is NSNull)
  }

  @Test("removing a referral takes the exchange recorded with it; removing a tie, its strength")
  func removeReferralAndTie() throws {
    let box = try Self.session()
    let removed = try box.json(["remove", "referral", "1", "--json"])
    #expect((removed["exchange"] as? NSNumber)?.intValue == 3)
    let referrals = try box.json(["referrals", "--as-of", Self.asOf, "--json"])
    #expect((referrals["referrals"] as? [Any])?.isEmpty == true)
    // Sam's gifts: the introduction (3) only, not the referral (3 more).
    let history = try box.json(["history", "sam-lee", "--json"])
    let exchanges = (history["records"] as? [[String: Any]] ?? []).filter {
      $0["record"] as? String == "exchange"
    }
    #expect(exchanges.map { ($0["id"] as? NSNumber)?.intValue } == [2])

    try box.ok(["remove", "tie", "1"])
    #expect(try Self.ties(box)["dana-fox"] == nil)
  }

  @Test("a referral's exchange goes with it, whatever was edited, and only with it")
  func referralKeepsItsExchange() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Alex Morgan"])
    try box.ok(["person", "add", "Ben Okafor"])
    try box.ok(["person", "add", "Cara Diaz"])
    // Two identical referrals (the second noted as a repeat), each with its exchange.
    for _ in 0..<2 {
      try box.ok(
        ["refer", "--by", "ben", "--about", "cara", "--on", "2026-09-01", "--why", "A"],
        quietStderr: false)
    }
    // The first gift's date corrected by a day; removing it alone is refused.
    try box.ok(["edit", "exchange", "1", "--on", "2026-09-02"])
    let refused = try box.run(["remove", "exchange", "1"])
    #expect(refused.status == 65)
    #expect(
      refused.stderr
        == "kith: error: exchange 1 is what referral 1 gave; `kith remove referral 1` removes both\n"
    )
    let second = try box.json(["remove", "referral", "2", "--json"])
    #expect((second["exchange"] as? NSNumber)?.intValue == 2)
    let first = try box.json(["remove", "referral", "1", "--json"])
    #expect((first["exchange"] as? NSNumber)?.intValue == 1)
    let left = try box.json(["history", "--json"])
    #expect((left["total"] as? NSNumber)?.intValue == 0)
  }

  @Test("editing an exchange and a note")
  func editExchangeAndNote() throws {
    let box = try Self.session()
    let out = try box.ok(["edit", "exchange", "1", "--from", "jane-doe", "--to", "me"]).stdout
    #expect(out == "Updated exchange 1: advice from Jane Doe to Alex Morgan on 2026-03-02.\n")
    let reciprocity = try box.json(["reciprocity", "--as-of", Self.asOf, "--json"])
    let jane = (reciprocity["contacts"] as? [[String: Any]] ?? []).first {
      $0["handle"] as? String == "jane-doe"
    }
    #expect(Self.number(jane?["given"]) == 0)
    #expect(Self.number(jane?["received"]) > 0)

    try box.ok(["edit", "note", "1", "--text", "Moving to Porto in October"])
    let notes = try box.ok(["person", "show", "jane-doe"]).stdout
    #expect(notes.contains("Moving to Porto in October"))
    #expect(!notes.contains("Lisbon"))
  }

  @Test("an id is never given twice: a removal run again finds nothing")
  func idsAreNotReused() throws {
    let box = try Self.session()
    // The newest of each kind is removed, then a new one recorded.
    try box.ok(["remove", "interaction", "6"])
    let logged = try box.ok(["log", "call", "--with", "sam-lee", "--on", "2026-06-01"]).stdout
    #expect(logged.hasSuffix("(#7).\n"), "\(logged)")
    // The referral takes its gift, exchange 3, the newest exchange.
    try box.ok(["remove", "referral", "1"])
    try box.ok(["remove", "note", "1"])
    try box.ok(["remove", "tie", "2"])
    try box.ok(["give", "advice", "--from", "me", "--to", "sam-lee", "--on", "2026-06-02"])
    try box.ok(["refer", "--by", "sam-lee", "--about", "jane-doe", "--on", "2026-06-03"])
    try box.ok(["note", "sam-lee", "Likes chess", "--on", "2026-06-04"])
    try box.ok(["tie", "sam-lee", "dana-fox", "--on", "2026-06-05"])
    let records = try #require(
      try box.json(["history", "--json", "--since", "2026-06-01", "--as-of", "2026-06-05"])[
        "records"] as? [[String: Any]])
    let keys = Set(records.map { "\($0["record"] ?? "") \($0["id"] ?? "")" })
    // Exchange 3 (the removed referral's gift) stays retired: the advice is 4, the new
    // referral's gift 5.
    #expect(
      keys == [
        "interaction 7", "exchange 4", "exchange 5", "referral 2", "note 2", "tie 3",
      ], "\(keys)")
    for (kind, id) in [
      ("interaction", "6"), ("exchange", "3"), ("referral", "1"), ("note", "1"), ("tie", "2"),
    ] {
      #expect(try box.run(["remove", kind, id]).status == 65, "\(kind) \(id)")
    }
  }

  @Test("what a history and a person show say: without you, in the future, nothing since")
  func historyMarks() throws {
    let box = try Self.session()
    // Interaction 6 is Jane and Sam's, without me; 5 (2026-08-01) is after --as-of.
    let history = try box.ok(["history", "jane-doe", "--as-of", Self.asOf]).stdout
    #expect(history.contains("Jane Doe, Sam Lee (without you)"), "\(history)")
    let none = try box.ok(["history", "--since", "2026-09-01"]).stdout
    #expect(none == "Nothing recorded since 2026-09-01.\n")
    // A record dated after today (as a typo of the year might make it) is marked.
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withFullDate]
    let soon = formatter.string(from: Date().addingTimeInterval(10 * 86_400))
    try box.ok(["log", "call", "--with", "jane-doe", "--on", soon], quietStderr: false)
    let future = try box.ok(["history", "jane-doe", "--limit", "1"]).stdout
    #expect(future.contains("\(soon) (future)  interaction 7"), "\(future)")
    let shown = try box.ok(["person", "show", "jane-doe", "--as-of", Self.asOf]).stdout
    #expect(shown.contains("2026-03-01  event  (#6)  (without you)"), "\(shown)")
    let note = try box.ok(["remove", "note", "1"]).stdout
    #expect(
      note
        == "Removed note 1: note about Jane Doe on 2026-05-01: “Moving to Lisbon in September”.\n")
  }

  // Regression: a conference of 150 guests made the WHO column of `history` 3,000 characters
  // wide, for every row of the table.
  @Test("history names the first three of a big meeting and counts the rest; JSON lists all")
  func historyBigMeeting() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Ana Alvarez"])
    let guests = (1...7).map { "Guest \($0)" }
    var log = ["log", "meeting", "--on", "2026-02-11"]
    for g in guests {
      try box.ok(["person", "add", g])
      log += ["--with", g]
    }
    try box.ok(log)
    try box.ok(["log", "call", "--with", "guest-1", "--with", "guest-2", "--on", "2026-02-12"])
    let lines = try box.ok(["history"]).stdoutLines
    #expect(lines.contains { $0.contains("Guest 1, Guest 2, Guest 3 and 4 more") }, "\(lines)")
    #expect(lines.contains { $0.contains("Guest 1, Guest 2 ") || $0.hasSuffix("Guest 1, Guest 2") })
    let records = try box.json(["history", "--json"])["records"] as? [[String: Any]] ?? []
    let meeting = records.first { $0["what"] as? String == "meeting" }
    #expect((meeting?["people"] as? [Any])?.count == 8, "\(String(describing: meeting))")
  }

  // Regression: `person show` listed the latest 5 interactions, so in a store where others
  // met Dana more recently, your own meeting with her was the one cut off ("6, 1 of them with
  // you" above five lines "(without you)"); its notes came oldest first.
  @Test("person show keeps your own interactions among the five, and lists notes newest first")
  func showKeepsYours() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Ana Alvarez"])
    try box.ok(["person", "add", "Dana Fox"])
    try box.ok(["person", "add", "Ben Brooks"])
    try box.ok(["log", "meeting", "--with", "dana-fox", "--on", "2026-02-11", "--summary", "Ana"])
    for month in 3...7 {
      try box.ok([
        "log", "call", "--no-ego", "--with", "dana-fox", "--with", "ben-brooks", "--on",
        "2026-0\(month)-01",
      ])
    }
    for day in 1...6 {
      try box.ok(["note", "dana-fox", "Note \(day)", "--on", "2026-05-0\(day)"])
    }
    let shown = try box.ok(["person", "show", "dana-fox", "--as-of", "2026-08-01"]).stdout
    let lines = shown.split(separator: "\n").map(String.init)
    let listed = lines.drop { !$0.hasPrefix("  interactions:") }.dropFirst().prefix(5)
    #expect(
      Array(listed) == [
        "    2026-07-01  call  (#6)  (without you)", "    2026-06-01  call  (#5)  (without you)",
        "    2026-05-01  call  (#4)  (without you)", "    2026-04-01  call  (#3)  (without you)",
        "    2026-02-11  meeting — Ana  (#1)",
      ], "\(shown)")
    let notes = lines.drop { !$0.hasPrefix("  notes:") }
    #expect(notes.first == "  notes: 6, the latest 5:", "\(shown)")
    #expect(
      notes.dropFirst().prefix(5).map { $0.prefix(22) }
        == (2...6).reversed().map {
          "    2026-05-0\($0)  Note \($0)"
        }, "\(shown)")
    // The JSON keeps its documented lists: the latest 5 interactions, newest first; every
    // note, oldest first.
    let json = try box.json(["person", "show", "dana-fox", "--as-of", "2026-08-01", "--json"])
    let recent = try #require(json["recentInteractions"] as? [[String: Any]])
    #expect(
      recent.map { $0["time"] as? String } == (3...7).reversed().map { "2026-0\($0)-01T00:00:00Z" })
    let jsonNotes = try #require(json["notes"] as? [[String: Any]])
    #expect(jsonNotes.map { $0["text"] as? String } == (1...6).map { "Note \($0)" })
  }

  @Test("an edit that changes nothing says so; one that drops the initiator says that")
  func editOutcomes() throws {
    let box = try Self.session()
    // Interaction 2: the call with Jane at T, started by me.
    let same = try box.ok(["edit", "interaction", "2", "--kind", "call"]).stdout
    #expect(same == "Nothing changed for interaction 2.\n")
    let json = try box.json(["edit", "interaction", "2", "--kind", "call", "--json"])
    #expect(json["changed"] as? Bool == false)
    try box.ok(["edit", "interaction", "3", "--by", "sam-lee"])
    let moved = try box.ok(
      ["edit", "interaction", "3", "--with", "jose-garcia"], quietStderr: false)
    #expect(
      moved.stderrLines == [
        "note: Sam Lee started it and is no longer a participant: it has no initiator now (--by sets one)."
      ], "\(moved)")
    let logged = try box.json([
      "log", "call", "--with", "jane-doe", "--on", "2026-06-01", "--channel", "zoom", "--json",
    ])
    #expect((logged["interaction"] as? [String: Any])?["channel"] as? String == "zoom")
  }

  @Test("a job: --to without the role ends the open one; a past job once; removed by its id")
  func affiliations() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Alex Morgan"])
    try box.ok(["person", "add", "Olivia Brown"])
    try box.ok(["org", "add", "Acme Corp"])
    try box.ok(["affiliate", "olivia", "acme", "--role", "VP", "--from", "2026-01-02"])
    let ended = try box.ok(["affiliate", "olivia", "acme", "--to", "2026-11-20"]).stdout
    #expect(ended == "Ended: Olivia Brown — Acme Corp, VP (2026-01-02–2026-11-20).\n")
    let past = ["affiliate", "olivia", "acme", "--role", "Director", "--to", "2025-12-31"]
    #expect(
      try box.ok(past).stdout
        == "Added a past job: Olivia Brown — Acme Corp, Director (…–2025-12-31).\n")
    #expect(
      try box.ok(past).stdout
        == "Already recorded: Olivia Brown — Acme Corp, Director (…–2025-12-31).\n")
    // Two open jobs there: --to must say which.
    try box.ok(["affiliate", "olivia", "acme", "--role", "Advisor"])
    try box.ok(["affiliate", "olivia", "acme", "--role", "Board member"])
    let which = try box.run(["affiliate", "olivia", "acme", "--to", "2026-11-21"])
    #expect(which.status == 65)
    #expect(which.stderr.contains("has 2 open jobs at Acme Corp ('Advisor', 'Board member')"))

    let records = try #require(
      try box.json(["history", "olivia", "--json"])["records"] as? [[String: Any]])
    #expect(records.filter { $0["record"] as? String == "affiliation" }.count == 4)
    let shown = try box.ok(["person", "show", "olivia"]).stdout
    #expect(shown.contains("was at Acme Corp, Director (…–2025-12-31)  (#2)"), "\(shown)")
    let removed = try box.ok(["remove", "affiliation", "2"]).stdout
    #expect(
      removed == "Removed affiliation 2: Olivia Brown at Acme Corp, Director (…–2025-12-31).\n")
    #expect(!(try box.ok(["person", "show", "olivia"]).stdout.contains("Director")))
  }

  @Test("bad edits are refused with one line and change nothing")
  func badEdits() throws {
    let box = try Self.session()
    let before = try box.export()
    let cases: [([String], Int32, String)] = [
      (["edit", "interaction", "99", "--on", "2026-01-01"], 65, "no interaction matches '99'"),
      (["edit", "interaction", "1"], 64, "Nothing to change"),
      (
        ["edit", "interaction", "1", "--follow-up", "2025-12-01"], 65,
        "the follow-up 2025-12-01 is before the interaction (2026-01-01)"
      ),
      (["edit", "interaction", "1", "--with", "me"], 65, "you take part in this interaction"),
      (["edit", "interaction", "1", "--with", "nobody-here"], 65, "no person matches"),
      (["edit", "interaction", "2", "--by", "sam-lee"], 65, "--by: the initiator must be one of"),
      (["edit", "exchange", "1", "--to", "me", "--from", "me"], 65, "must differ"),
      (["edit", "note", "1", "--text", " "], 64, "--text is empty"),
      (["remove", "note", "7"], 65, "no note matches '7'"),
      (["remove", "person", "1"], 64, "invalid"),
    ]
    for (arguments, status, message) in cases {
      let result = try box.run(arguments)
      #expect(result.status == status, "\(arguments): \(result)")
      #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
      #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
    }
    #expect(try box.export() == before)
  }
}
