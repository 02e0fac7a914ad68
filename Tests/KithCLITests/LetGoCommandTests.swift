import Foundation
import KithTestSupport
import Testing

/// `kith let-go` on the network of `AnalyticsCommandsTests` (as of 2026-06-30: Kim Roe is
/// dormant, Gus Lind overdue with a referral to act on, Hal Berg met once).
@Suite("let-go end to end: recorded, left out of neglected, dormant and plan, undone")
struct LetGoCommandTests {
  /// The start of 2026-06-30, the instant the hand-computed numbers are for (a date alone
  /// would be the end of that day).
  static let asOf = ["--as-of", "2026-06-30T00:00:00Z"]

  @Test("let go, listed, left out everywhere it reminds, back in touch, undone, in the backup")
  func lifecycle() throws {
    let box = CLISandbox()
    try AnalyticsCommandsTests.record(box)
    func handles(_ command: [String], _ key: String) throws -> [String] {
      let doc = try box.json(command + Self.asOf + ["--json"])
      return ((doc[key] as? [[String: Any]]) ?? []).compactMap { $0["handle"] as? String }
    }
    #expect(try handles(["dormant"], "dormant") == ["kim-roe"])
    #expect(try handles(["plan"], "items").contains("kim-roe"))
    #expect(try handles(["neglected"], "neglected").contains("gus-lind"))

    let reply = try box.ok(["let-go", "kim-roe", "--reason", "moved abroad"] + Self.asOf).stdout
    #expect(
      reply
        == "Let go of your tie to Kim Roe (kim-roe), last in touch on 2024-06-01: `neglected`, `dormant` and the plan's reminders leave them out until you are next in touch (follow-ups you set and referrals you owe stay). Undo with `kith let-go --undo kim-roe`.\n"
    )
    #expect(try handles(["dormant"], "dormant").isEmpty)
    #expect(try box.json(["dormant", "--json"] + Self.asOf)["letGoNotShown"] as? Int == 1)
    #expect(
      try box.ok(["dormant"] + Self.asOf).stdoutLines == [
        "No dormant ties as of 2026-06-30.",
        "Not shown: 1 tie you let go; `kith let-go --list` lists them.",
      ])
    #expect(try !handles(["plan"], "items").contains("kim-roe"))
    // The report's dormant section says so too.
    try box.ok(["report", "--html", "$DIR/r.html"] + Self.asOf)
    let html = try String(contentsOfFile: box.file("r.html"), encoding: .utf8)
    let section = try #require(html.range(of: "<section id=\"dormant\">"))
    let rest = html[section.lowerBound...]
    let dormantSection = rest[..<(rest.range(of: "</section>")?.lowerBound ?? rest.endIndex)]
    #expect(dormantSection.contains("Not shown: 1 tie you let go"), "\(dormantSection)")
    #expect(!dormantSection.contains("Kim Roe"))
    // Already let go: said, nothing written.
    let before = try box.export()
    #expect(
      try box.ok(["let-go", "Kim Roe"] + Self.asOf).stdout
        == "Kim Roe (kim-roe): already let go on 2026-06-30; nothing changed (--on moves the day, --reason changes the reason).\n"
    )
    #expect(try box.export() == before)

    // Gus: out of neglected; the referral he made is still owed in the plan.
    let gus = try box.json(["let-go", "gus-lind", "--json"] + Self.asOf)
    let record = try #require(gus["letGo"] as? [String: Any])
    #expect(record["on"] as? String == "2026-06-30T00:00:00Z")
    #expect(record["lastContact"] as? String == "2026-06-01T00:00:00Z")
    #expect(record["changed"] as? Bool == true && record["reason"] is NSNull)
    #expect(try !handles(["neglected"], "neglected").contains("gus-lind"))
    // Nobody is asked through them, and beyond and brokers say how many they leave out.
    #expect(try box.json(["beyond", "--json"] + Self.asOf)["letGoNotAsked"] as? Int == 2)
    #expect(try box.json(["brokers", "--json"] + Self.asOf)["letGoNotAsked"] as? Int == 2)
    #expect(
      try box.ok(["brokers"] + Self.asOf).stdoutLines.last
        == "Not asked: 2 ties you let go; `kith let-go --list` lists them.")
    #expect(try box.json(["neglected", "--json"] + Self.asOf)["letGoNotShown"] as? Int == 1)
    let plan = try box.json(["plan", "--json"] + Self.asOf)
    let items = try #require(plan["items"] as? [[String: Any]])
    #expect(
      items.contains {
        $0["handle"] as? String == "gus-lind" && $0["action"] as? String == "referral"
      })

    // brief and person show say so.
    let brief = try box.json(["brief", "kim-roe", "--json"] + Self.asOf)
    let briefed = try #require(brief["letGo"] as? [String: Any])
    #expect(
      briefed["status"] as? String == "let-go" && briefed["reason"] as? String == "moved abroad")
    #expect(
      try box.ok(["brief", "kim-roe"] + Self.asOf).stdoutLines.contains(
        "  you let this tie go on 2026-06-30: “moved abroad”: no reminders to keep it up (`kith let-go --undo kim-roe`)"
      ))
    #expect(
      try box.ok(["person", "show", "kim-roe"] + Self.asOf).stdoutLines.contains(
        "  tie let go on 2026-06-30: “moved abroad” (`kith let-go --undo kim-roe`)"))
    // As of before it was let go, nothing was.
    #expect(
      try box.json(["brief", "kim-roe", "--json", "--as-of", "2026-06-01"])["letGo"] is NSNull)

    // A contact after it makes the tie live again, and `log` says so; --list says so too.
    #expect(
      try box.ok(["log", "meeting", "--with", "gus-lind", "--on", "2026-07-05"]).stdoutLines.last
        == "Back in touch with Gus Lind (gus-lind), whose tie you let go on 2026-06-30: the reminders to keep it up are back. `kith let-go gus-lind` lets it go again."
    )
    let list = try box.json(["let-go", "--list", "--json", "--as-of", "2026-07-10"])
    let rows = try #require(list["letGo"] as? [[String: Any]])
    #expect(rows.map { $0["handle"] as? String } == ["gus-lind", "kim-roe"])
    #expect(rows.map { $0["status"] as? String } == ["back-in-touch", "let-go"])
    #expect(rows.map { $0["reason"] as? String } == [nil, "moved abroad"])
    // As of a day before Gus was let go, only what had been let go by then.
    let earlier = try box.json(["let-go", "--list", "--json", "--as-of", "2026-06-29"])
    #expect((earlier["letGo"] as? [[String: Any]])?.isEmpty == true)
    let shown = try box.json(["person", "show", "gus-lind", "--json", "--as-of", "2026-07-10"])
    #expect((shown["letGo"] as? [String: Any])?["status"] as? String == "back-in-touch")
    #expect(
      try box.ok(["person", "show", "gus-lind", "--as-of", "2026-07-10"]).stdoutLines.contains(
        "  tie let go on 2026-06-30; back in touch since 2026-07-05"))

    // The backup keeps them.
    let backup = try box.export()
    #expect(backup.contains("\"tiesLetGo\""))
    try box.ok(["export", "json", "-o", "$DIR/backup.json"], quietStderr: false)
    let restored = box.file("restored.sqlite")
    try box.ok(["import", "json", "$DIR/backup.json"], db: restored)
    #expect(try box.export(db: restored) == backup)

    // --undo: dormant lists Kim again.
    #expect(
      try box.ok(["let-go", "--undo", "kim-roe"] + Self.asOf).stdout
        == "Kim Roe (kim-roe): no longer let go (it was on 2026-06-30); `neglected`, `dormant` and `plan` remind you of them again when they are due.\n"
    )
    #expect(try handles(["dormant"], "dormant") == ["kim-roe"])
    #expect(
      try box.ok(["let-go", "--undo", "kim-roe"]).stdout
        == "Kim Roe (kim-roe): not let go; nothing to undo.\n")
  }

  // `brief` on a tie let go said "you aim for every 30 days", gave an overdue ratio and asked
  // "What could you do for Cara right now?"; `person show` gave the cadence as a live aim.
  @Test("brief and person show: a tie let go keeps no cadence and presses for no contact")
  func briefAndShow() throws {
    let box = CLISandbox()
    try AnalyticsCommandsTests.record(box)
    let day = ["--as-of", "2026-07-01T00:00:00Z"]
    func brief() throws -> [String] { try box.ok(["brief", "cara-diaz"] + day).stdoutLines }
    let before = try brief()
    #expect(before.contains { $0.hasSuffix("you aim for every 30 days (your setting)") })
    #expect(
      before.contains(
        "  • What could you do for Cara Diaz right now? You have received more than you gave."))
    try box.ok(["let-go", "cara-diaz"] + day)
    let after = try brief()
    #expect(
      Array(after.drop { !$0.hasPrefix("  last contact") }.prefix(3)) == [
        "  last contact 2026-06-30 (1 day ago: they gave you an introduction)",
        "  you let this tie go on 2026-07-01: no reminders to keep it up (`kith let-go --undo cara-diaz`)",
        "  cadence until then: every 30 days (your setting)",
      ], "\(after)")
    #expect(!after.contains { $0.contains("aim") || $0.contains("overdue") }, "\(after)")
    // The referral she made is a promise, still asked about; what you owe is still said.
    #expect(
      Array(after.drop { $0 != "Ask" }.dropFirst()) == [
        "  • Cara Diaz suggested Hal Berg on 2026-06-25: will you get in touch, or pass (by 2026-07-02)?",
        // The advice you gave Ben on 2026-06-30 is the last contact, as go-between lines say.
        "  • How is Ben Okafor doing? You both know them; you were last in touch on 2026-06-30.",
        "  • What has changed for you since we last spoke?",
      ], "\(after)")
    #expect(after.contains { $0.hasPrefix("  You owe Cara Diaz: ") })
    // `cadence` says the cadence is on hold, in text and JSON.
    #expect(
      try box.ok(["cadence", "cara-diaz"] + day).stdoutLines.last
        == "On hold: you let this tie go on 2026-07-01; `neglected` and the plan leave them out until you are next in touch (`kith let-go --undo cara-diaz` takes it back)."
    )
    let held = try box.json(["cadence", "cara-diaz", "--json"] + day)["cadence"] as? [String: Any]
    #expect(held?["onHold"] as? Bool == true && held?["days"] as? Double == 30)
    // On hold, nothing is due: no standing (the text's on-hold line says why).
    #expect(held?["standing"] is NSNull && held?["due"] is NSNull)
    let free = try box.json(["cadence", "ben-okafor", "--json"] + day)["cadence"] as? [String: Any]
    #expect(free?["onHold"] as? Bool == false)
    // JSON: every field kept, the cadence and the overdue ratio null while the tie is let go.
    let doc = try box.json(["brief", "cara-diaz", "--json"] + day)
    for key in ["cadenceDays", "cadenceSource", "overdueRatio"] {
      #expect(doc[key] is NSNull, "\(key): \(doc[key] ?? "missing")")
    }
    #expect(doc["daysSinceLastContact"] as? Double == 1)
    let live = try box.json(["brief", "cara-diaz", "--json"] + Self.asOf)
    #expect(live["cadenceDays"] as? Double == 30 && live["overdueRatio"] as? Double == 0)
    #expect(
      try box.ok(["person", "show", "cara-diaz"] + day).stdoutLines.contains(
        "  keep in touch: every 30 days; on hold while the tie is let go"))
    #expect(
      try box.ok(["person", "show", "cara-diaz", "--as-of", "2026-06-30"]).stdoutLines.contains(
        "  keep in touch: every 30 days"))
    // Back in touch: the aim is back.
    try box.ok(["log", "call", "--with", "cara-diaz", "--on", "2026-07-02"])
    let back = try box.ok(["brief", "cara-diaz", "--as-of", "2026-07-03"]).stdoutLines
    #expect(back.contains { $0.hasSuffix("you aim for every 30 days (your setting)") }, "\(back)")
    #expect(!back.contains { $0.hasPrefix("  cadence until then") })
  }

  @Test("changing the day or the reason; a tie let go again keeps the earlier record")
  func changesAndHistory() throws {
    let box = CLISandbox()
    try AnalyticsCommandsTests.record(box)
    try box.ok(["let-go", "kim-roe", "--reason", "moved abroad", "--as-of", "2026-06-01"])
    #expect(
      try box.ok(["let-go", "kim-roe", "--reason", "moved to Lisbon"] + Self.asOf).stdout
        == "Kim Roe (kim-roe): reason “moved to Lisbon” (was “moved abroad”).\n")
    #expect(
      try box.ok(["let-go", "kim-roe", "--on", "2026-06-10"] + Self.asOf).stdout
        == "Kim Roe (kim-roe): let go on 2026-06-10 (was 2026-06-01).\n")
    // Back in touch with a favour, then let go again: both records stay, and a month replayed
    // as of before the favour is as it was.
    let back = try box.ok(["give", "gift", "--from", "kim-roe", "--to", "me", "--on", "2026-06-20"])
    #expect(back.stdoutLines.last?.hasPrefix("Back in touch with Kim Roe (kim-roe)") == true)
    try box.ok(["let-go", "kim-roe", "--reason", "thanked her"] + Self.asOf)
    let replayed = try box.json(["dormant", "--json", "--as-of", "2026-06-15"])
    #expect(replayed["letGoNotShown"] as? Int == 1)
    let list = try box.json(["let-go", "--list", "--json", "--as-of", "2026-06-15"])
    #expect((list["letGo"] as? [[String: Any]])?.first?["reason"] as? String == "moved to Lisbon")
    // --undo forgets the latest record only.
    try box.ok(["let-go", "--undo", "kim-roe"] + Self.asOf)
    let after = try box.json(["let-go", "--list", "--json"] + Self.asOf)
    let row = try #require((after["letGo"] as? [[String: Any]])?.first)
    #expect(
      row["on"] as? String == "2026-06-10T00:00:00Z" && row["status"] as? String == "back-in-touch")
  }

  @Test(
    "an earlier record still holding after --undo; refer brings a tie back; back in touch since the first contact"
  )
  func undoAndRevivals() throws {
    let box = CLISandbox()
    try AnalyticsCommandsTests.record(box)
    // Let go, a contact, let go again, and the contact removed as a mistake: two records, no
    // contact since either; --undo forgets the later one only, and says the earlier holds.
    try box.ok(["let-go", "kim-roe", "--as-of", "2026-06-01"])
    let logged = try box.json(
      ["log", "call", "--with", "kim-roe", "--on", "2026-06-05", "--json", "--as-of", "2026-06-05"])
    let id = try #require((logged["interaction"] as? [String: Any])?["id"] as? Int)
    try box.ok(["let-go", "kim-roe", "--as-of", "2026-06-10"])
    try box.ok(["remove", "interaction", "\(id)"], quietStderr: false)
    #expect(
      try box.ok(["let-go", "--undo", "kim-roe"] + Self.asOf).stdout
        == "Kim Roe (kim-roe): forgot that you let the tie go on 2026-06-10; it is still let go since 2026-06-01 (`kith let-go --undo kim-roe` again forgets that too).\n"
    )
    #expect(try box.json(["dormant", "--json"] + Self.asOf)["letGoNotShown"] as? Int == 1)
    // A referral from someone let go is a contact: `refer` says the tie is back.
    try box.ok(["let-go", "dev-patel", "--as-of", "2026-06-20"])
    let referred = try box.ok([
      "refer", "--by", "dev-patel", "--about", "ivy-moss", "--on", "2026-06-25", "--as-of",
      "2026-06-25",
    ])
    #expect(
      referred.stdoutLines.last?.hasPrefix("Back in touch with Dev Patel (dev-patel)") == true)
    // A second contact after that: "back in touch since" the first one.
    try box.ok([
      "log", "call", "--with", "dev-patel", "--on", "2026-06-28", "--as-of", "2026-06-28",
    ])
    #expect(
      try box.ok(["person", "show", "dev-patel"] + Self.asOf).stdoutLines.contains(
        "  tie let go on 2026-06-20; back in touch since 2026-06-25"))
  }

  @Test("no same-day warning once a later contact has brought the tie back")
  func sameDayAfterRevival() throws {
    let box = CLISandbox()
    try AnalyticsCommandsTests.record(box)
    let evening = ["--as-of", "2026-06-30T18:00:00Z"]
    try box.ok(["let-go", "hal-berg", "--on", "2026-06-30T09:00:00Z"] + evening)
    try box.ok(["log", "call", "--with", "hal-berg", "--on", "2026-06-30T15:00:00Z"] + evening)
    let again = try box.ok(["log", "email", "--with", "hal-berg", "--on", "2026-06-30"] + evening)
    #expect(again.stdoutLines.count == 1, "\(again)")
  }

  @Test("--tag lets go of everyone with the tag, but those let go already or in touch since")
  func byTag() throws {
    let box = CLISandbox()
    try AnalyticsCommandsTests.record(box)
    for handle in ["kim-roe", "gus-lind", "eve-novak"] {
      try box.ok(["person", "edit", handle, "--tag", "old-job"])
    }
    try box.ok(["let-go", "gus-lind"] + Self.asOf)
    let reply = try box.ok(
      ["let-go", "--tag", "old-job", "--reason", "old job", "--on", "2026-06-20"] + Self.asOf)
    #expect(
      reply.stdoutLines == [
        "Let go of 1 tie tagged old-job: Kim Roe. `neglected`, `dormant` and the plan's reminders leave them out until you are next in touch (follow-ups you set and referrals you owe stay).",
        "Already let go: Gus Lind (their records are unchanged: `kith let-go PERSON --reason …` changes one).",
        "Not let go, in touch after 2026-06-20: Eve Novak.",
        "Undo one with `kith let-go --undo PERSON`.",
      ])
    let list = try box.json(["let-go", "--list", "--json"] + Self.asOf)
    let rows = try #require(list["letGo"] as? [[String: Any]])
    #expect(Set(rows.compactMap { $0["handle"] as? String }) == ["kim-roe", "gus-lind"])
    #expect(rows.first { $0["handle"] as? String == "kim-roe" }?["reason"] as? String == "old job")
  }

  @Test("a contact dated the day a tie was let go, not after it, leaves it let go, and says so")
  func sameDay() throws {
    let box = CLISandbox()
    try AnalyticsCommandsTests.record(box)
    let evening = ["--as-of", "2026-06-30T18:00:00Z"]
    try box.ok(["let-go", "hal-berg", "--on", "2026-06-30T09:00:00Z"] + evening)
    let log = try box.ok(["log", "call", "--with", "hal-berg", "--on", "2026-06-30"] + evening)
    #expect(
      log.stdoutLines.last
        == "Hal Berg (hal-berg): this contact is dated 2026-06-30, not after you let the tie go (2026-06-30 09:00 UTC), so the tie stays let go. Back in touch? Give the contact's time with --on, or `kith let-go --undo hal-berg`."
    )
    let later = try box.ok(
      ["log", "call", "--with", "hal-berg", "--on", "2026-06-30T15:00:00Z"] + evening)
    #expect(later.stdoutLines.last?.hasPrefix("Back in touch with Hal Berg (hal-berg)") == true)
  }

  /// The `letGoChanges` of a `--json` reply, each as "person ego letGoOn change contact".
  static func letGoChanges(_ doc: [String: Any]) throws -> [String] {
    let rows = try #require(doc["letGoChanges"] as? [[String: Any]], "no letGoChanges: \(doc)")
    return rows.map { row in
      ["person", "ego", "letGoOn", "change", "contact"].map { row[$0] as? String ?? "null" }
        .joined(separator: " ")
    }
  }

  @Test("log, give and refer --json say which ties let go they bring back, or leave let go")
  func jsonOfContacts() throws {
    let box = CLISandbox()
    try AnalyticsCommandsTests.record(box)
    try box.ok(["let-go", "gus-lind", "--reason", "moved"] + Self.asOf)
    try box.ok(["let-go", "kim-roe"] + Self.asOf)
    let evening = ["--as-of", "2026-06-30T18:00:00Z"]
    try box.ok(["let-go", "hal-berg", "--on", "2026-06-30T09:00:00Z"] + evening)
    // Always there: empty when nothing changed.
    let plain = try box.json(["log", "call", "--with", "cara-diaz", "--json"] + Self.asOf)
    #expect(try Self.letGoChanges(plain) == [])
    let logged = try box.json(
      [
        "log", "meeting", "--with", "gus-lind", "--with", "cara-diaz", "--on", "2026-07-05",
        "--json",
      ])
    #expect(
      try Self.letGoChanges(logged) == [
        "gus-lind alex-morgan 2026-06-30T00:00:00Z back-in-touch 2026-07-05T00:00:00Z"
      ])
    let row = try #require((logged["letGoChanges"] as? [[String: Any]])?.first)
    #expect(row["reason"] as? String == "moved")
    let given = try box.json(
      ["give", "advice", "--from", "me", "--to", "hal-berg", "--on", "2026-06-30", "--json"]
        + evening)
    #expect(
      try Self.letGoChanges(given) == [
        "hal-berg alex-morgan 2026-06-30T09:00:00Z stays-let-go 2026-06-30T00:00:00Z"
      ])
    let referred = try box.json([
      "refer", "--by", "kim-roe", "--about", "ivy-moss", "--on", "2026-07-01", "--json",
    ])
    #expect(
      try Self.letGoChanges(referred) == [
        "kim-roe alex-morgan 2026-06-30T00:00:00Z back-in-touch 2026-07-01T00:00:00Z"
      ])
  }

  @Test("edit, remove and import say which ties let go they bring back or let go again")
  func editsRemovalsImports() throws {
    let box = CLISandbox()
    try AnalyticsCommandsTests.record(box)
    try box.ok(["let-go", "kim-roe"] + Self.asOf)
    try box.ok(["let-go", "gus-lind"] + Self.asOf)
    let back =
      "Back in touch with Kim Roe (kim-roe), whose tie you let go on 2026-06-30: the reminders to keep it up are back. `kith let-go kim-roe` lets it go again."
    let again =
      "Let go again: no contact with Kim Roe (kim-roe) is left after you let the tie go on 2026-06-30, so the reminders to keep it up stop until you are next in touch. `kith let-go --undo kim-roe` brings them back."
    let logged = try box.json(["log", "call", "--with", "kim-roe", "--on", "2026-07-05", "--json"])
    let id = try #require((logged["interaction"] as? [String: Any])?["id"] as? Int)
    // Moved to before the let-go, then after it again.
    #expect(
      try box.ok(["edit", "interaction", "\(id)", "--on", "2026-06-20"]).stdoutLines.last == again)
    let moved = try box.json(["edit", "interaction", "\(id)", "--on", "2026-07-06", "--json"])
    #expect(
      try Self.letGoChanges(moved) == [
        "kim-roe alex-morgan 2026-06-30T00:00:00Z back-in-touch 2026-07-06T00:00:00Z"
      ])
    // Another person in its place, then back.
    #expect(
      try box.ok(["edit", "interaction", "\(id)", "--with", "cara-diaz"]).stdoutLines.last == again)
    #expect(
      try box.ok(["edit", "interaction", "\(id)", "--with", "kim-roe"]).stdoutLines.last == back)
    // Removed.
    #expect(
      try box.ok(["remove", "interaction", "\(id)"], quietStderr: false).stdoutLines == [
        "Removed interaction \(id): call with Kim Roe on 2026-07-06.", again,
      ])
    // A favour: given, moved, removed.
    let given = try box.json(
      ["give", "favour", "--from", "kim-roe", "--to", "me", "--on", "2026-07-07", "--json"])
    let favour = try #require((given["exchange"] as? [String: Any])?["id"] as? Int)
    #expect(
      try box.ok(["edit", "exchange", "\(favour)", "--on", "2026-06-01"]).stdoutLines.last == again)
    #expect(
      try box.ok(["edit", "exchange", "\(favour)", "--on", "2026-07-07"]).stdoutLines.last == back)
    let removed = try box.json(["remove", "exchange", "\(favour)", "--json"])
    #expect(
      try Self.letGoChanges(removed) == [
        "kim-roe alex-morgan 2026-06-30T00:00:00Z let-go-again null"
      ])
    // An import: one line, with how many and who; in a dry run, what would be.
    let csv = box.file("calls.csv")
    try
      "date,with,kind\n2026-07-08,Kim Roe,call\n2026-07-08,Gus Lind,call\n2026-07-08,Cara Diaz,call\n"
      .write(toFile: csv, atomically: true, encoding: .utf8)
    let dry = try box.ok(["import", csv, "--dry-run"]).stdoutLines
    #expect(dry.contains("Would be back in touch: 2 ties let go: Gus Lind and Kim Roe."), "\(dry)")
    let imported = try box.json(["import", csv, "--json"])
    let file = try #require((imported["files"] as? [[String: Any]])?.first)
    #expect(
      try Self.letGoChanges(file) == [
        "gus-lind alex-morgan 2026-06-30T00:00:00Z back-in-touch 2026-07-08T00:00:00Z",
        "kim-roe alex-morgan 2026-06-30T00:00:00Z back-in-touch 2026-07-08T00:00:00Z",
      ])
    let list = try box.json(["let-go", "--list", "--json"])
    #expect(
      (list["letGo"] as? [[String: Any]])?.map { $0["status"] as? String } == [
        "back-in-touch", "back-in-touch",
      ])
  }

  @Test("a reason keeps its line breaks, as a referral's reason and a summary do")
  func multiLineReason() throws {
    let box = CLISandbox()
    try AnalyticsCommandsTests.record(box)
    try box.ok(["let-go", "kim-roe", "--reason", "moved abroad\nand changed field "] + Self.asOf)
    let list = try box.json(["let-go", "--list", "--json"] + Self.asOf)
    #expect(
      (list["letGo"] as? [[String: Any]])?.first?["reason"] as? String
        == "moved abroad\nand changed field")
    // On the terminal, on one line where a line is expected.
    let table = try box.ok(["let-go", "--list"] + Self.asOf).stdoutLines
    #expect(table.count == 2 && table[1].hasSuffix("moved abroad and changed field"), "\(table)")
    #expect(
      try box.ok(["let-go", "kim-roe", "--reason", "retired\nfor good"] + Self.asOf).stdout
        == "Kim Roe (kim-roe): reason “retired for good” (was “moved abroad and changed field”).\n")
    // The same text again changes nothing.
    #expect(
      try box.ok(["let-go", "kim-roe", "--reason", "retired\nfor good"] + Self.asOf).stdout
        .contains("nothing changed"))
  }

  @Test("a merge keeps both reasons of a tie let go at the same instant under both records")
  func mergeKeepsBothReasons() throws {
    let box = CLISandbox()
    try AnalyticsCommandsTests.record(box)
    try box.ok(["person", "add", "Kim R", "--email", "kim@example.com"])
    try box.ok(["let-go", "kim-roe", "--reason", "moved abroad"] + Self.asOf)
    try box.ok(["let-go", "kim-r", "--reason", "new job"] + Self.asOf)
    let merged = try box.ok(["merge", "kim-roe", "kim-r"]).stdoutLines
    #expect(
      merged.contains(
        "1 tie let go at the same instant under both records is one record now, with both reasons."
      ), "\(merged)")
    let list = try box.json(["let-go", "--list", "--json"] + Self.asOf)
    #expect(
      (list["letGo"] as? [[String: Any]])?.map { $0["reason"] as? String } == [
        "moved abroad; new job"
      ])
  }

  struct Refusal: Sendable, CustomTestStringConvertible {
    let arguments: [String]
    let status: Int32
    let message: String
    var testDescription: String { arguments.joined(separator: " ") }
  }

  @Test(
    "bad input: one line, non-zero exit, nothing written",
    arguments: [
      Refusal(
        arguments: ["let-go", "hal-berg", "--on", "2026-05-01"], status: 65,
        message:
          "kith: error: your last contact with Hal Berg (hal-berg) was on 2026-05-20, after --on 2026-05-01: a tie is let go after the last contact; leave out --on, or give a later date"
      ),
      Refusal(
        arguments: ["let-go", "me"], status: 65,
        message: "kith: error: Alex Morgan (alex-morgan) is you: a tie is with someone else"),
      Refusal(
        arguments: ["let-go", "nobody"], status: 65,
        message: "kith: error: no person matches 'nobody'; see `kith person list`"),
      Refusal(
        arguments: ["let-go", "hal-berg", "--on", "2026-07-01"], status: 64,
        message:
          "kith: error: --on 2026-07-01 is after --as-of 2026-06-30: a tie is let go as of a day that has come; check the date. (see `kith let-go --help`)"
      ),
      Refusal(
        arguments: ["let-go", "--undo", "hal-berg", "--reason", "x"], status: 64,
        message:
          "kith: error: --undo forgets the tie let go, whatever its date and reason: leave out --on and --reason. (see `kith let-go --help`)"
      ),
      Refusal(
        arguments: ["let-go", "--list", "hal-berg"], status: 64,
        message: "kith: error: --list takes no other arguments. (see `kith let-go --help`)"),
      Refusal(
        arguments: ["let-go", "hal-berg", "--reason", " \n "], status: 64,
        message:
          "kith: error: --reason is empty; leave it out, or say why in a few words. (see `kith let-go --help`)"
      ),
      Refusal(
        arguments: ["let-go"], status: 64,
        message:
          "kith: error: Name the person: `kith let-go PERSON`, `kith let-go --tag TAG`, `kith let-go --undo PERSON` or `kith let-go --list`. (see `kith let-go --help`)"
      ),
      Refusal(
        arguments: ["let-go", "--tag", "nobody-has-it"], status: 65,
        message:
          "kith: error: nobody but you carries the tag 'nobody-has-it'; `kith tag list` shows the tags in use"
      ),
      Refusal(
        arguments: ["let-go", "--tag", "investor", "--undo"], status: 64,
        message:
          "kith: error: --tag lets go of everyone with the tag: name no person, and undo one at a time with `kith let-go --undo PERSON`. (see `kith let-go --help`)"
      ),
    ])
  func refusals(_ r: Refusal) throws {
    let box = CLISandbox()
    try AnalyticsCommandsTests.record(box)
    let before = try box.export()
    let result = try box.run(r.arguments + Self.asOf)
    #expect(result.status == r.status)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr == r.message + "\n")
    #expect(try box.export() == before)
  }
}
