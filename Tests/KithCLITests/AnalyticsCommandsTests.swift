import Foundation
import KithTestSupport
import Testing

/// The analytics commands end to end through the real binary: a small network recorded with
/// `kith`, each command as of 2026-06-30 (T), in text and in JSON, against numbers worked out
/// here from the formulas (half-life 180 days; a meeting weighs 1 and a call 0.8 between two
/// people).
///
/// | contact | history with me (and settings)                                   | as of T (last contact) |
/// |---------|-------------------------------------------------------------------|------------------------|
/// | ben     | meetings May 1, 8, 15, 22 (I started), 29 (he did); tag colleague; my advice at T | T, learned 7: not overdue |
/// | cara    | meeting Apr 30; own cadence 30; introduced me to someone at T      | T, explicit 30: not overdue |
/// | dev     | meeting Mar 1, call Jun 10 (follow-up Jun 20); tag investor (14)    | 20 days, tag 14 → 1.43× |
/// | fay     | meeting Jun 1; tag investor but her own 60                         | 29 days, 60 → not overdue |
/// | gus     | meetings Jan 1, 11, 21, 31; referred ivy to me Jun 1               | 29 days, learned 10 → 2.9× (150 days since the meetings) |
/// | hal     | meeting May 20; no cadence, rank 8 by peak                         | 41 days, tier 30 → 1.37× |
/// | eve     | meeting Jun 25; referred fay to me Jun 26                          | 4 days, tier 30   |
/// | kim     | monthly meetings Jan–Jun 2024                                      | 759 days, learned 30 → lost; dormant |
///
/// Referrals to me: #1 gus about ivy (suggested Jun 1), #2 ben about Acme (met May 31),
/// #3 cara about hal (suggested Jun 25), #4 eve about fay (declined Jun 27, no reason).
@Suite("Analytics commands end to end, text and JSON")
struct AnalyticsCommandsTests {
  /// The start of 2026-06-30, the instant the hand-computed numbers are for (a date alone
  /// would be the end of that day).
  static let asOf = "2026-06-30T00:00:00Z"
  /// JSON numbers are rounded to 6 decimals.
  static let tolerance = 2e-6

  static func record(_ box: CLISandbox) throws {
    let steps: [[String]] = [
      ["init", "--me", "Alex Morgan"],
      ["person", "add", "Ben Okafor", "--tag", "colleague"],
      ["person", "add", "Cara Diaz", "--cadence", "30"],
      ["person", "add", "Dev Patel", "--tag", "investor"],
      ["person", "add", "Fay Chen", "--tag", "investor", "--cadence", "60"],
      ["person", "add", "Gus Lind"],
      ["person", "add", "Hal Berg"],
      ["person", "add", "Eve Novak"],
      ["person", "add", "Ivy Moss"],
      ["person", "add", "Kim Roe"],
      ["org", "add", "Acme Robotics"],
      ["cadence", "--tag", "investor", "14"],
      ["log", "meeting", "--with", "ben-okafor", "--on", "2026-05-01", "--by", "me"],
      ["log", "meeting", "--with", "ben-okafor", "--on", "2026-05-08", "--by", "me"],
      ["log", "meeting", "--with", "ben-okafor", "--on", "2026-05-15", "--by", "me"],
      ["log", "meeting", "--with", "ben-okafor", "--on", "2026-05-22", "--by", "me"],
      [
        "log", "meeting", "--with", "ben-okafor", "--on", "2026-05-29", "--by", "ben-okafor",
        "--summary", "Roadmap review",
      ],
      ["note", "ben-okafor", "Moved to the platform team", "--on", "2026-05-10"],
      ["note", "ben-okafor", "Training for the Lisbon marathon", "--on", "2026-05-29"],
      ["log", "meeting", "--with", "cara-diaz", "--on", "2026-04-30"],
      [
        "give", "introduction", "--from", "cara-diaz", "--to", "me", "--on", "2026-06-30",
        "--note", "to the Acme CTO",
      ],
      ["log", "meeting", "--with", "dev-patel", "--on", "2026-03-01"],
      [
        "log", "call", "--with", "dev-patel", "--on", "2026-06-10", "--follow-up", "2026-06-20",
        "--summary", "Seed round",
      ],
      ["give", "help", "--from", "dev-patel", "--to", "me", "--on", "2025-12-30"],
      ["log", "meeting", "--with", "fay-chen", "--on", "2026-06-01"],
      ["log", "meeting", "--with", "gus-lind", "--on", "2026-01-01"],
      ["log", "meeting", "--with", "gus-lind", "--on", "2026-01-11"],
      ["log", "meeting", "--with", "gus-lind", "--on", "2026-01-21"],
      ["log", "meeting", "--with", "gus-lind", "--on", "2026-01-31"],
      ["log", "meeting", "--with", "hal-berg", "--on", "2026-05-20"],
      ["log", "meeting", "--with", "eve-novak", "--on", "2026-06-25"],
      [
        "log", "meeting", "--no-ego", "--with", "ben-okafor", "--with", "cara-diaz", "--on",
        "2026-06-15",
      ],
      ["give", "advice", "--from", "me", "--to", "ben-okafor", "--on", "2026-06-30"],
      ["give", "favour", "--from", "ben-okafor", "--to", "me", "--on", "2026-06-20"],
      [
        "refer", "--by", "gus-lind", "--about", "ivy-moss", "--why",
        "She runs the data team at Fernwood", "--on", "2026-06-01",
      ],
      [
        "refer", "--by", "ben-okafor", "--about", "Acme Robotics", "--why",
        "They need a data lead", "--on", "2026-05-01",
      ],
      ["referral", "2", "--status", "met", "--on", "2026-05-31"],
      [
        "refer", "--by", "cara-diaz", "--about", "hal-berg", "--why", "He is hiring", "--on",
        "2026-06-25",
      ],
      [
        "refer", "--by", "eve-novak", "--about", "fay-chen", "--why", "Same field", "--on",
        "2026-06-26",
      ],
      ["referral", "4", "--status", "declined", "--on", "2026-06-27"],
    ]
    for step in steps { try box.ok(step) }
    for day in ["2024-01-05", "2024-02-05", "2024-03-05", "2024-04-05", "2024-05-05", "2024-06-01"]
    {
      try box.ok(["log", "meeting", "--with", "kim-roe", "--on", day])
    }
  }

  /// 2^(−days / 180): what a weight keeps after `days` with the default half-life.
  static func kept(_ days: Double) -> Double { pow(2, -days / 180) }

  /// The peak of equal-weight events `gaps` days apart (the strength right after the last).
  static func peak(weight: Double, gaps: [Double]) -> Double {
    gaps.reduce(weight) { s, gap in s * kept(gap) + weight }
  }

  static func number(_ value: Any?) -> Double { (value as? NSNumber)?.doubleValue ?? .nan }

  static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= tolerance * max(1, abs(b)) }

  @Test("neglected: order, cadence sources, ratios and values at risk; lost only when asked")
  func neglected() throws {
    let box = CLISandbox()
    try Self.record(box)
    let doc = try box.json(["neglected", "--as-of", Self.asOf, "--json"])
    #expect((doc["schemaVersion"] as? NSNumber)?.intValue == 1)
    #expect(doc["ego"] as? String == "alex-morgan")
    #expect(doc["asOf"] as? String == "2026-06-30T00:00:00Z")
    let items = try #require(doc["neglected"] as? [[String: Any]])
    let gusPeak = Self.peak(weight: 1, gaps: [10, 10, 10])
    let devPeak = Self.kept(101) + 0.8
    // (handle, days since the last contact, cadence, source, peak, days since the last
    // interaction): ranked by peak × ratio. An exchange after the last interaction is the last
    // contact: Gus's referral on June 1 (his meetings ended on January 31), so he is 29 days
    // overdue against his 10-day rhythm, not lost. Ben (advice you gave him today), Cara (her
    // introduction today) and Eve (her referral on June 26) are not overdue.
    let expected: [(String, Double, Double, String, Double, Double)] = [
      ("gus-lind", 29, 10, "learned", gusPeak, 150), ("dev-patel", 20, 14, "tag", devPeak, 20),
      ("hal-berg", 41, 30, "tier", 1, 41),
    ]
    #expect(items.map { $0["handle"] as? String } == expected.map(\.0))
    for (item, (handle, days, cadence, source, peak, met)) in zip(items, expected) {
      #expect(Self.close(Self.number(item["daysSince"]), days), "\(handle)")
      #expect(item["calendarDays"] as? Int == Int(days), "\(handle)")
      #expect(Self.close(Self.number(item["cadenceDays"]), cadence), "\(handle)")
      #expect(item["cadenceSource"] as? String == source, "\(handle)")
      #expect(Self.close(Self.number(item["overdueRatio"]), days / cadence), "\(handle)")
      #expect(Self.close(Self.number(item["peak"]), peak), "\(handle)")
      #expect(Self.close(Self.number(item["strength"]), peak * Self.kept(met)), "\(handle)")
      #expect(Self.close(Self.number(item["valueAtRisk"]), peak * days / cadence), "\(handle)")
      #expect(item["status"] as? String == "neglected", "\(handle)")
      #expect(
        Set(item.keys) == [
          "handle", "name", "lastContact", "daysSince", "calendarDays", "cadenceDays",
          "cadenceSource",
          "overdueRatio", "strength", "peak", "valueAtRisk", "status", "suggestion",
        ])
    }
    // Fay's own 60 days beat the investor tag's 14: 29 days is not overdue.
    #expect(!items.contains { $0["handle"] as? String == "fay-chen" })
    // Suggestions say what to do, from what is known.
    let gus = try #require(items.first { $0["handle"] as? String == "gus-lind" })
    #expect(
      gus["suggestion"] as? String
        == "Gus Lind referred you to Ivy Moss (“She runs the data team at Fernwood”) on 2026-06-01: get in touch with Ivy Moss, or tell Gus Lind you will pass."
    )

    // Lost, listed only when asked, first by value at risk (the ratio capped at 8): Kim, 759 days
    // against a usual gap of 30 (the median of 31, 29, 31, 30, 27). The JSON says how many it
    // left out, as the text does.
    let shortList = try box.json(["neglected", "--as-of", Self.asOf, "--json"])
    #expect((shortList["lostNotShown"] as? NSNumber)?.intValue == 1)
    let all = try box.json(["neglected", "--as-of", Self.asOf, "--include-lost", "--json"])
    #expect((all["lostNotShown"] as? NSNumber)?.intValue == 0)
    let withLost = try #require(all["neglected"] as? [[String: Any]])
    let lost: [(String, Double, Double)] = [
      ("kim-roe", 759.0 / 30, Self.peak(weight: 1, gaps: [31, 29, 31, 30, 27]))
    ]
    #expect(withLost.map { $0["handle"] as? String } == lost.map(\.0) + expected.map(\.0))
    for (item, (handle, ratio, peak)) in zip(withLost, lost) {
      #expect(item["status"] as? String == "lost", "\(handle)")
      #expect(Self.close(Self.number(item["overdueRatio"]), ratio), "\(handle)")
      #expect(Self.close(Self.number(item["valueAtRisk"]), peak * 8), "\(handle)")
    }

    let limited = try box.json(["neglected", "--as-of", Self.asOf, "--limit", "2", "--json"])
    #expect(
      (limited["neglected"] as? [[String: Any]])?.map { $0["handle"] as? String }
        == ["gus-lind", "dev-patel"])

    let text = try box.ok(["neglected", "--as-of", Self.asOf]).stdoutLines
    #expect(text.first?.hasPrefix("NAME") == true)
    #expect(text.count >= 4)
    #expect(
      text[1].contains("Gus Lind") && text[1].contains("10d learned") && text[1].contains("2.90×"))
    #expect(text[2].contains("Dev Patel") && text[2].contains("14d tag"))
    #expect(text[3].contains("Hal Berg") && text[3].contains("30d tier"))
    // Named once, as the plan names them: "them" after.
    #expect(
      text.contains {
        $0.hasPrefix("• Gus Lind referred you to Ivy Moss")
          && $0.contains("or tell them you will pass")
      })
    // Kim is left out, and the text says so; dormant, she is not named. The way out of the
    // reminders for a tie that ended follows.
    #expect(
      text.suffix(2) == [
        "Not shown: 1 tie silent for over 8× its usual gap (lost); --include-lost lists it.",
        "Done with a tie? `kith let-go PERSON` stops the reminders until you are next in touch.",
      ])
    let lostText = try box.ok(["neglected", "--as-of", Self.asOf, "--include-lost"]).stdout
    #expect(lostText.contains("Kim Roe (lost)") && !lostText.contains("Gus Lind (lost)"))
    #expect(!lostText.contains("Not shown"))
  }

  @Test("report: the lost ties under the overdue table, and the follow-ups' date said")
  func reportSaysWhatItLeavesOut() throws {
    let box = CLISandbox()
    try Self.record(box)
    try box.ok(["report", "--as-of", Self.asOf, "--html", "$DIR/r.html"])
    let html = try String(contentsOfFile: box.file("r.html"), encoding: .utf8)
    func section(_ id: String) throws -> Substring {
      let start = try #require(html.range(of: "<section id=\"\(id)\">"))
      let rest = html[start.lowerBound...]
      return rest[..<(rest.range(of: "</section>")?.lowerBound ?? rest.endIndex)]
    }
    // The same line as `kith neglected`'s, naming the whole command.
    #expect(
      try section("neglected").contains(
        "<p class=\"note\">Not shown: 1 tie silent for over 8× its usual gap (lost); `kith neglected --include-lost` lists it.</p>"
      ))
    // As of 2026-06-30 the report plans July: its follow-ups are those due by July's end.
    #expect(
      try section("followups").contains(
        "<p>Due by 2026-07-31, the end of the month planned; `kith followups` lists those due by 2026-06-30, and new contacts met once.</p>"
      ))
  }

  @Test("a network just started: what is left out is said, no table line ends in spaces")
  func justStarted() throws {
    let box = CLISandbox()
    for step in [
      ["init", "--me", "Alex Morgan"], ["person", "add", "Jane Doe"],
      ["log", "meeting", "--with", "jane-doe", "--on", "2026-01-01"],
    ] {
      try box.ok(step)
    }
    // One contact, a tier cadence of 7 days: overdue after 181 days of silence (lost only
    // after a year), lost after 369 (2^(−369/180) = 24% of the peak left).
    #expect(
      try box.ok(["neglected", "--as-of", Self.asOf]).stdoutLines.first?.hasPrefix("NAME") == true)
    #expect(
      try box.ok(["neglected", "--as-of", "2027-01-05"]).stdoutLines == [
        "Nobody is overdue as of 2027-01-05.",
        "Not shown: 1 tie silent for over 8× its usual gap, or a year with no rhythm (lost), Jane Doe (now 24% of peak); --include-lost lists it.",
      ])
    let reciprocity = try box.ok(["reciprocity", "--as-of", Self.asOf]).stdoutLines
    #expect(
      reciprocity.last == "Nothing given or received yet; record it with `kith give`.")
    // Jane's row ends in an empty FLAGS cell.
    #expect(reciprocity[1].hasPrefix("Jane Doe") && reciprocity[1].hasSuffix("1"))
    let followups = try box.ok(["followups", "--as-of", "2026-01-05"]).stdoutLines
    #expect(followups[1].hasPrefix("Jane Doe") && followups[1].hasSuffix("2026-01-01"))
    for line in reciprocity + followups {
      #expect(line.last != " ", "trailing spaces: \"\(line)\"")
    }
    // One action, not "1 actions".
    let plan = try box.ok(["plan", "--as-of", "2026-01-05"]).stdoutLines
    #expect(plan.first == "Plan for 2026-01 (1 action)")
    // Nobody yet: a sentence, not a bare table header.
    let empty = CLISandbox()
    try empty.ok(["init", "--me", "Alex Morgan"])
    #expect(
      try empty.ok(["reciprocity", "--as-of", Self.asOf]).stdoutLines == [
        "No exchanges or interactions with anyone as of 2026-06-30.", "",
        "Nothing given or received yet; record it with `kith give`.",
      ])
  }

  @Test("cadence: a person's own beats the tag's, clearing restores the tag's")
  func cadence() throws {
    let box = CLISandbox()
    try Self.record(box)
    let list = try box.json(["cadence", "--list", "--json"])
    let people = try #require(list["people"] as? [[String: Any]])
    #expect(people.map { $0["handle"] as? String } == ["cara-diaz", "fay-chen"])
    #expect(people.map { ($0["days"] as? NSNumber)?.intValue } == [30, 60])
    #expect((list["tags"] as? [[String: Any]])?.first?["tag"] as? String == "investor")
    #expect(
      try box.ok(["cadence", "--list"]).stdoutLines == [
        "Cara Diaz (cara-diaz): every 30 days", "Fay Chen (fay-chen): every 60 days",
        "tag investor: every 14 days",
      ])
    // A person alone: the cadence in force and where it comes from, for each source.
    func shown(_ handle: String) throws -> String {
      try box.ok(["cadence", handle, "--as-of", Self.asOf]).stdout
    }
    // Then where you stand, as `neglected` judges it: overdue by its ratio, lost, or due again
    // on the last contact's day plus the cadence. An exchange either way is a contact: Cara's
    // introduction and your advice to Ben on the day itself, Gus's and Eve's referrals.
    let listed = "`kith neglected` lists them.\n"
    #expect(
      try shown("cara-diaz")
        == "Cara Diaz: every 30 days, your setting (`kith cadence --clear cara-diaz` forgets it).\n"
        + "Last contact 2026-06-30 (today): due again 2026-07-30 (in 30 days).\n"
    )
    #expect(
      try shown("dev")
        == "Dev Patel: every 14 days, the cadence of the tag investor.\n"
        + "Last contact 2026-06-10 (20 days ago): overdue, 1.43× the cadence; \(listed)")
    #expect(
      try shown("ben-okafor")
        == "Ben Okafor: every 7 days, learned from your history (the median gap between the days you were in touch). Set one with `kith cadence ben-okafor DAYS`.\n"
        + "Last contact 2026-06-30 (today): due again 2026-07-07 (in 7 days).\n"
    )
    #expect(
      try shown("hal-berg")
        == "Hal Berg: every 30 days, the default for your 15 closest ties. Set one with `kith cadence hal-berg DAYS`.\n"
        + "Last contact 2026-05-20 (41 days ago): overdue, 1.37× the cadence; \(listed)"
    )
    #expect(
      try box.ok(["cadence", "kim-roe", "--as-of", Self.asOf]).stdoutLines.last
        == "Last contact 2024-06-01 (759 days ago): silent long enough to count as lost; `kith neglected --include-lost` lists them."
    )
    #expect(
      try box.ok(["cadence", "gus-lind", "--as-of", Self.asOf]).stdoutLines.last
        == "Last contact 2026-06-01 (29 days ago): overdue, 2.90× the cadence; `kith neglected` lists them."
    )
    // Not overdue: Fay's own 60 days run out on Jul 31, Eve's tier 30 on Jul 26.
    #expect(
      try box.ok(["cadence", "fay-chen", "--as-of", Self.asOf]).stdoutLines.last
        == "Last contact 2026-06-01 (29 days ago): due again 2026-07-31 (in 31 days).")
    #expect(
      try box.ok(["cadence", "eve-novak", "--as-of", Self.asOf]).stdoutLines.last
        == "Last contact 2026-06-26 (4 days ago): due again 2026-07-26 (in 26 days).")
    let fayJSON = try #require(
      try box.json(["cadence", "fay-chen", "--as-of", Self.asOf, "--json"])["cadence"]
        as? [String: Any])
    #expect(
      fayJSON["standing"] as? String == "on-track" && fayJSON["due"] as? String == "2026-07-31")
    #expect(abs(Self.number(fayJSON["overdueRatio"]) - 29.0 / 60) < Self.tolerance)
    #expect(fayJSON["lastContact"] as? String == "2026-06-01T00:00:00Z")
    let kimJSON = try #require(
      try box.json(["cadence", "kim-roe", "--as-of", Self.asOf, "--json"])["cadence"]
        as? [String: Any])
    #expect(
      kimJSON["standing"] as? String == "lost"
        && abs(Self.number(kimJSON["overdueRatio"]) - 759.0 / 30) < Self.tolerance)
    // Someone you have never interacted with (only referred to you): no tie to rank.
    #expect(
      try shown("ivy-moss")
        == "Ivy Moss: no cadence; you have no interactions with them yet. Set one with `kith cadence ivy-moss DAYS`.\n"
    )
    let dev = try box.json(["cadence", "dev-patel", "--as-of", Self.asOf, "--json"])
    let shownJSON = try #require(dev["cadence"] as? [String: Any])
    #expect(shownJSON["source"] as? String == "tag" && shownJSON["tag"] as? String == "investor")
    #expect(Self.number(shownJSON["days"]) == 14 && shownJSON["handle"] as? String == "dev-patel")
    #expect(
      shownJSON["standing"] as? String == "overdue" && shownJSON["due"] as? String == "2026-06-24")
    #expect(abs(Self.number(shownJSON["overdueRatio"]) - 20.0 / 14) < Self.tolerance)
    #expect(dev["asOf"] as? String == "2026-06-30T00:00:00Z")

    func fay() throws -> [String: Any]? {
      let doc = try box.json(["neglected", "--as-of", Self.asOf, "--json"])
      return (doc["neglected"] as? [[String: Any]])?.first { $0["handle"] as? String == "fay-chen" }
    }
    #expect(try fay() == nil)
    // Without her own cadence, the investor tag's 14 days apply: 29/14.
    #expect(
      try box.ok(["cadence", "--clear", "fay-chen"]).stdout == "Fay Chen: cadence cleared.\n")
    // Clearing again changes nothing, and says so.
    #expect(
      try box.ok(["cadence", "--clear", "fay-chen"]).stdout
        == "Fay Chen: no cadence of your own to clear; nothing changed.\n")
    let unchanged = try box.json(["cadence", "--clear", "fay-chen", "--json"])
    #expect((unchanged["cadence"] as? [String: Any])?["changed"] as? Bool == false)
    let tagged = try #require(try fay())
    #expect(tagged["cadenceSource"] as? String == "tag")
    #expect(Self.close(Self.number(tagged["overdueRatio"]), 29.0 / 14))
    // A shorter tag wins among tags; a person's own setting beats every tag.
    try box.ok(["person", "edit", "fay-chen", "--tag", "family"])
    try box.ok(["cadence", "--tag", "family", "10"])
    #expect(Self.close(Self.number(try #require(try fay())["cadenceDays"]), 10))
    let set = try box.json(["cadence", "fay-chen", "5", "--as-of", Self.asOf, "--json"])
    let cadence = try #require(set["cadence"] as? [String: Any])
    #expect(cadence["person"] as? String == "fay-chen")
    #expect((cadence["days"] as? NSNumber)?.intValue == 5)
    // Where she stands under it: 29 days since June 1, over 5 days since June 6.
    #expect(
      cadence["standing"] as? String == "overdue" && cadence["due"] as? String == "2026-06-06")
    #expect(Self.close(Self.number(cadence["overdueRatio"]), 29.0 / 5))
    let own = try #require(try fay())
    #expect(own["cadenceSource"] as? String == "explicit")
    #expect(Self.close(Self.number(own["overdueRatio"]), 29.0 / 5))
    #expect(
      try box.ok(["cadence", "hal-berg", "1", "--as-of", Self.asOf]).stdoutLines == [
        "Hal Berg: every 1 day.",
        "Last contact 2026-05-20 (41 days ago): overdue, 41.00× the cadence; `kith neglected` lists them.",
      ])
    // Someone with no contact yet: the cadence alone.
    #expect(
      try box.ok(["cadence", "ivy-moss", "30", "--as-of", Self.asOf]).stdout
        == "Ivy Moss: every 30 days.\n")
    #expect(
      try box.ok(["cadence", "--tag", "Family", "12"]).stdout
        == "Everyone tagged family: every 12 days.\n")
  }

  @Test("followups: dates that passed, and people met once in the last 60 days")
  func followups() throws {
    let box = CLISandbox()
    try Self.record(box)
    let doc = try box.json(["followups", "--as-of", Self.asOf, "--json"])
    let items = try #require(doc["followups"] as? [[String: Any]])
    let first = try box.json(["followups", "--as-of", Self.asOf, "--limit", "1", "--json"])
    #expect(
      ((first["followups"] as? [[String: Any]]) ?? []).map { $0["handle"] as? String }
        == items.prefix(1).map { $0["handle"] as? String })
    // By due date: met once (due 14 days later) or the follow-up date set on the call. Cara,
    // first met 61 days ago, and Ben, seen five times, are not listed.
    let expected: [(String, String, String, String)] = [
      ("hal-berg", "never-followed-up", "2026-06-03", "2026-05-20"),
      ("fay-chen", "never-followed-up", "2026-06-15", "2026-06-01"),
      ("dev-patel", "due", "2026-06-20", "2026-06-10"),
      ("eve-novak", "never-followed-up", "2026-07-09", "2026-06-25"),
    ]
    #expect(items.map { $0["handle"] as? String } == expected.map(\.0))
    for (item, (handle, reason, due, last)) in zip(items, expected) {
      #expect(item["reason"] as? String == reason, "\(handle)")
      #expect(item["due"] as? String == due + "T00:00:00Z", "\(handle)")
      #expect(item["lastContact"] as? String == last + "T00:00:00Z", "\(handle)")
    }
    #expect(items[2]["summary"] as? String == "Seed round")
    let text = try box.ok(["followups", "--as-of", Self.asOf]).stdoutLines
    #expect(text.first?.hasPrefix("NAME") == true && text.count == 7)
    #expect(text.last?.contains("`kith followups dismiss PERSON`") == true, "\(text)")
    #expect(
      text[3].contains("Dev Patel") && text[3].contains("due") && text[3].contains("Seed round"))
    // Eve's nudge is still ahead (9 days after the as-of date), and the table says so; the
    // dates that passed stand alone.
    #expect(text[4].contains("2026-07-09 (in 9 days)"), "\(text[4])")
    #expect(text[3].contains("2026-06-20  "), "\(text[3])")
    // A later interaction settles the follow-up.
    try box.ok(["log", "call", "--with", "dev-patel", "--on", "2026-06-25"])
    let after = try box.json(["followups", "--as-of", Self.asOf, "--json"])
    #expect(
      !((after["followups"] as? [[String: Any]]) ?? []).contains {
        $0["handle"] as? String == "dev-patel"
      })
  }

  @Test("followups dismiss: hides what is owed then, everywhere, until a later interaction")
  func dismiss() throws {
    let box = CLISandbox()
    try Self.record(box)
    func listed(_ asOf: String = Self.asOf) throws -> [String] {
      let doc = try box.json(["followups", "--as-of", asOf, "--json"])
      return ((doc["followups"] as? [[String: Any]]) ?? []).compactMap { $0["handle"] as? String }
    }
    #expect(try listed() == ["hal-berg", "fay-chen", "dev-patel", "eve-novak"])
    let reply = try box.ok(["followups", "dismiss", "dev-patel", "--as-of", Self.asOf]).stdout
    #expect(
      reply
        == "Dismissed 1 follow-up for Dev Patel (dev-patel): due 2026-06-20 (last contact 2026-06-10: Seed round). Undo with `kith followups dismiss --undo dev-patel`.\n"
    )
    #expect(try listed() == ["hal-berg", "fay-chen", "eve-novak"])
    // As of before the dismissal, it had not been made.
    #expect(try listed("2026-06-25").contains("dev-patel"))
    // A contact met once, dismissed as of a date (--on) after the meeting.
    let hal = try box.json([
      "followups", "dismiss", "Hal Berg", "--on", "2026-06-01", "--as-of", Self.asOf, "--json",
    ])
    let dismissal = try #require(hal["dismissal"] as? [String: Any])
    #expect(dismissal["handle"] as? String == "hal-berg")
    #expect(dismissal["on"] as? String == "2026-06-01T00:00:00Z")
    let hidden = try #require(dismissal["followups"] as? [[String: Any]])
    #expect(hidden.map { $0["reason"] as? String } == ["never-followed-up"])
    #expect(try listed() == ["fay-chen", "eve-novak"])

    // plan and report leave them out; person show says when.
    let plan = try box.json(["plan", "--month", "2026-07", "--json"])
    let planned = try #require(plan["items"] as? [[String: Any]])
    #expect(
      planned.filter { $0["action"] as? String == "follow-up" }.compactMap {
        $0["handle"] as? String
      } == ["fay-chen", "eve-novak"])
    try box.ok(["report", "--as-of", Self.asOf, "--html", "$DIR/r.html"])
    let html = try String(contentsOfFile: box.file("r.html"), encoding: .utf8)
    let section = try #require(html.range(of: "<section id=\"followups\">"))
    let rest = html[section.lowerBound...]
    let followups = rest[..<(rest.range(of: "</section>")?.lowerBound ?? rest.endIndex)]
    #expect(followups.contains("Fay Chen") && !followups.contains("Dev Patel"))
    #expect(!followups.contains("Hal Berg"))
    let show = try box.ok(["person", "show", "dev-patel", "--as-of", Self.asOf]).stdoutLines
    #expect(
      show.contains("  follow-ups dismissed on 2026-06-30 (those of contacts up to then)"),
      "\(show)")
    let shown = try box.json(["person", "show", "dev-patel", "--as-of", Self.asOf, "--json"])
    #expect(
      (shown["person"] as? [String: Any])?["followUpsDismissed"] as? String
        == "2026-06-30T00:00:00Z")

    // Nothing to dismiss, or already dismissed: said, exit 0, nothing written.
    let before = try box.export()
    #expect(
      try box.ok(["followups", "dismiss", "ben-okafor", "--as-of", Self.asOf]).stdout
        == "Nothing to dismiss: Ben Okafor (ben-okafor) has no follow-up as of 2026-06-30; nothing recorded.\n"
    )
    #expect(
      try box.ok(["followups", "dismiss", "dev-patel", "--as-of", Self.asOf]).stdout
        == "Dev Patel (dev-patel): follow-ups already dismissed on 2026-06-30; nothing changed.\n")
    #expect(try box.export() == before)

    // A later interaction with its own follow-up date shows again.
    try box.ok([
      "log", "call", "--with", "dev-patel", "--on", "2026-07-02", "--follow-up", "2026-07-05",
    ])
    #expect(try listed("2026-07-10").contains("dev-patel"))

    // --undo lists them again.
    let undo = try box.json([
      "followups", "dismiss", "--undo", "hal-berg", "--as-of", Self.asOf, "--json",
    ])
    let undone = try #require(undo["dismissal"] as? [String: Any])
    #expect(undone["on"] is NSNull)
    #expect(
      (undone["followups"] as? [[String: Any]])?.map { $0["handle"] as? String } == ["hal-berg"])
    #expect(try listed() == ["hal-berg", "fay-chen", "eve-novak"])
    #expect(
      try box.ok(["followups", "dismiss", "--undo", "hal-berg"]).stdout
        == "Hal Berg (hal-berg): no follow-ups dismissed; nothing to undo.\n")

    // The dismissal survives the backup.
    let backup = try box.export()
    #expect(backup.contains("\"followUpsDismissed\" : \"2026-06-30T00:00:00Z\""))
    try box.ok(["export", "json", "-o", "$DIR/backup.json"], quietStderr: false)
    let restored = box.file("restored.sqlite")
    try box.ok(["import", "json", "$DIR/backup.json"], db: restored)
    #expect(try box.export(db: restored) == backup)
    #expect(
      try box.ok(["followups", "--as-of", Self.asOf, "--json"], db: restored).stdout
        == box.ok(["followups", "--as-of", Self.asOf, "--json"]).stdout)
  }

  @Test("followups dismiss: a person or a date it cannot take is one line; nothing is written")
  func dismissErrors() throws {
    let box = CLISandbox()
    try Self.record(box)
    try box.ok(["person", "add", "Hal Berg"], quietStderr: false)
    let before = try box.export()
    let cases: [([String], Int32, String)] = [
      (["followups", "dismiss", "nobody"], 65, "no person matches 'nobody'"),
      (["followups", "dismiss", "me"], 65, "is you: follow-ups are owed to your contacts"),
      (["followups", "dismiss", "Hal Berg"], 65, "'Hal Berg' matches 2 people"),
      (["followups", "dismiss", "hal-berg", "--on", "2026-07-02"], 64, "is after --as-of"),
      (["followups", "dismiss", "--undo", "hal-berg", "--on", "2026-06-01"], 64, "--on dates"),
      (["followups", "dismis", "hal-berg"], 64, "did you mean `kith followups dismiss`?"),
      (["followups", "--json", "dismiss", "hal-berg"], 64, "put the options after `dismiss`"),
    ]
    for (arguments, status, message) in cases {
      let result = try box.run(arguments + ["--as-of", Self.asOf])
      #expect(result.status == status, "\(arguments): \(result)")
      #expect(result.stdout.isEmpty, "\(arguments): \(result)")
      #expect(
        result.stderrLines.count == 1 && result.stderr.hasPrefix("kith: error: ")
          && result.stderr.contains(message), "\(arguments): \(result)")
    }
    #expect(try box.export() == before)
  }

  @Test("reciprocity: decayed give and take, balances, flags and the network")
  func reciprocity() throws {
    let box = CLISandbox()
    try Self.record(box)
    let doc = try box.json(["reciprocity", "--as-of", Self.asOf, "--json"])
    let contacts = try #require(doc["contacts"] as? [[String: Any]])
    // A referral to me is a gift too (3). (handle, given, received, flags)
    let expected: [(String, Double, Double, [String])] = [
      ("cara-diaz", 0, 3 + 3 * Self.kept(5), ["taking"]),
      ("eve-novak", 0, 3 * Self.kept(4), ["taking"]),
      ("gus-lind", 0, 3 * Self.kept(29), ["taking"]),
      ("dev-patel", 0, 2 * Self.kept(182), []),
      ("ben-okafor", 1, 3 * Self.kept(60) + Self.kept(10), ["always-initiating"]),
    ]
    #expect(Array(contacts.prefix(5)).map { $0["handle"] as? String } == expected.map(\.0))
    for (entry, (handle, given, received, flags)) in zip(contacts, expected) {
      #expect(Self.close(Self.number(entry["given"]), given), "\(handle)")
      #expect(Self.close(Self.number(entry["received"]), received), "\(handle)")
      let balance = (given - received) / (given + received + 1)
      #expect(Self.close(Self.number(entry["balance"]), balance), "\(handle)")
      #expect(entry["flags"] as? [String] == flags, "\(handle)")
    }
    // Ben: I started 4 of his 5 meetings.
    #expect(Self.close(Self.number(contacts[4]["initiationShare"]), 0.8))
    #expect((contacts[4]["initiationsKnown"] as? NSNumber)?.intValue == 5)
    #expect(contacts[0]["initiationShare"] is NSNull)
    // The text says of how many the share is.
    let rows = try box.ok(["reciprocity", "--as-of", Self.asOf, "--limit", "5"]).stdoutLines
    #expect(rows.contains { $0.hasPrefix("Ben Okafor") && $0.contains("80% of 5") })
    let network = try #require(doc["network"] as? [String: Any])
    #expect(Self.close(Self.number(network["given"]), 1))
    let received = expected.map(\.2).reduce(0, +)
    #expect(Self.close(Self.number(network["received"]), received))
    // Six giver → receiver pairs, of which me → Ben and Ben → me answer each other.
    #expect(Self.close(Self.number(network["reciprocatedPairsFraction"]), 2.0 / 6))

    let text = try box.ok(["reciprocity", "--as-of", Self.asOf, "--limit", "2"]).stdoutLines
    #expect(text.first?.hasPrefix("NAME") == true)
    #expect(text[1].contains("Cara Diaz") && text[1].contains("taking"))
    #expect(text[2].contains("Eve Novak"))
    #expect(!text.contains { $0.contains("Gus Lind") })
    #expect(
      text.last
        == "In all you gave 1.00 and received \(String(format: "%.2f", received)); across the whole network, 33% of giver → receiver pairs are reciprocated."
    )
  }

  @Test("referrals: owed actions first, at the 7- and 14-day marks, with the referrer's reason")
  func referrals() throws {
    let box = CLISandbox()
    try Self.record(box)
    let doc = try box.json(["referrals", "--as-of", Self.asOf, "--json"])
    let items = try #require(doc["referrals"] as? [[String: Any]])
    let expected: [(Int, String, String?, Int, String)] = [
      (2, "met", "loop-back", 60, "They need a data lead"),
      (1, "suggested", "act-or-decline", 29, "She runs the data team at Fernwood"),
      (4, "declined", "explain-decline", 1, "Same field"),
      (3, "suggested", nil, 5, "He is hiring"),
    ]
    #expect(items.map { ($0["id"] as? NSNumber)?.intValue } == expected.map(\.0))
    for (item, (id, status, action, days, why)) in zip(items, expected) {
      #expect(item["status"] as? String == status, "#\(id)")
      #expect((item["action"] as? String) == action, "#\(id)")
      #expect(action != nil || item["action"] is NSNull, "#\(id)")
      #expect((item["daysOpen"] as? NSNumber)?.intValue == days, "#\(id)")
      #expect(item["why"] as? String == why, "#\(id)")
    }
    // When each action fell due: two weeks after the meeting (May 31), a week after the
    // suggestion (June 1), at the decline without a reason (June 27); none for #3 yet.
    #expect(
      items.map { $0["due"] as? String } == [
        "2026-06-14T00:00:00Z", "2026-06-08T00:00:00Z", "2026-06-27T00:00:00Z", nil,
      ])
    #expect(items.last?["due"] is NSNull)
    // --limit keeps the first rows, in the same order (as person list and org list do).
    let two = try box.json(["referrals", "--as-of", Self.asOf, "--limit", "2", "--json"])
    #expect(
      ((two["referrals"] as? [[String: Any]]) ?? []).map { ($0["id"] as? NSNumber)?.intValue }
        == [2, 1])
    let people = try box.json(["person", "list", "--json"])["people"] as? [[String: Any]] ?? []
    let firstTwo = try box.json(["person", "list", "--limit", "2", "--json"])["people"]
    #expect(people.count > 2)
    #expect(
      (firstTwo as? [[String: Any]])?.map { $0["handle"] as? String }
        == people.prefix(2).map { $0["handle"] as? String })
    let orgs = try box.json(["org", "list", "--limit", "1", "--json"])["organisations"]
    #expect((orgs as? [Any])?.count == 1)
    let acme = try #require(items.first?["referee"] as? [String: Any])
    #expect(acme["name"] as? String == "Acme Robotics" && acme["organisation"] as? Bool == true)
    #expect((items.first?["referrer"] as? [String: Any])?["handle"] as? String == "ben-okafor")
    // --open keeps what is open or owes an action (the declined one owes an explanation).
    let open = try box.json(["referrals", "--as-of", Self.asOf, "--open", "--json"])
    #expect(((open["referrals"] as? [[String: Any]]) ?? []).count == 4)
    try box.ok(["referral", "2", "--status", "reported-back", "--on", "2026-06-28"])
    let later = try box.json(["referrals", "--as-of", Self.asOf, "--open", "--json"])
    #expect(
      ((later["referrals"] as? [[String: Any]]) ?? []).map { ($0["id"] as? NSNumber)?.intValue }
        == [1, 4, 3])

    // A reason given after declining clears the explanation owed, without a second change.
    #expect(try box.run(["referral", "4", "--status", "declined"]).status == 65)
    #expect(try box.run(["referral", "4", "--reason", "  "]).status == 64)
    #expect(try box.run(["referral", "4", "--on", "2026-06-29"]).status == 64)
    try box.ok(["referral", "4", "--status", "declined", "--reason", "Met her last year"])
    let explained = try box.json(["referral", "4", "--json"])
    let history = try #require(
      (explained["referral"] as? [String: Any])?["history"] as? [[String: Any]])
    #expect(history.map { $0["status"] as? String } == ["suggested", "declined"])
    #expect(history.last?["reason"] as? String == "Met her last year")
    #expect(history.last?["time"] as? String == "2026-06-27T00:00:00Z")
    #expect(explained["replacedReason"] is NSNull)
    // A second reason replaces the first, says so, and keeps it as a dated note on the referrer.
    let replaced = try box.json([
      "referral", "4", "--reason", "Told her by phone", "--as-of", Self.asOf, "--json",
    ])
    #expect(replaced["replacedReason"] as? String == "Met her last year")
    let noteID = try #require((replaced["replacedReasonNote"] as? NSNumber)?.intValue)
    let referrer = try #require((replaced["referral"] as? [String: Any])?["referrer"] as? String)
    let notes = try box.json(["history", referrer, "--json"])["records"] as? [[String: Any]] ?? []
    let note = try #require(notes.first { $0["record"] as? String == "note" })
    #expect((note["id"] as? NSNumber)?.intValue == noteID)
    #expect(
      note["text"] as? String
        == "Reason for referral #4 (declined on 2026-06-27), replaced on 2026-06-30: Met her last year"
    )
    let again = try box.ok(["referral", "4", "--reason", "Told her by phone"]).stdout
    #expect(!again.contains("replaced:"), "the same reason replaces nothing: \(again)")
    let back = try box.ok(["referral", "4", "--reason", "Met her last year"]).stdout
    #expect(back.contains("  replaced: Told her by phone (kept as note "), "\(back)")
    let afterReason = try box.json(["referrals", "--as-of", Self.asOf, "--open", "--json"])
    #expect(
      ((afterReason["referrals"] as? [[String: Any]]) ?? []).map {
        ($0["id"] as? NSNumber)?.intValue
      } == [1, 3])
    try box.ok(["referral", "1", "--reason", "Waiting for her to be back from leave"])
    #expect(
      try box.ok(["referral", "1"]).stdout.contains(
        "suggested — Waiting for her to be back from leave"))

    let text = try box.ok(["referrals", "--as-of", Self.asOf]).stdout
    #expect(
      text.contains(
        "#1 Gus Lind → Alex Morgan about Ivy Moss: suggested on 2026-06-01 (open for 29 days) → act-or-decline\n"
      ), "\(text)")
    #expect(text.contains("(closed after 1 day)"))
    #expect(text.contains("    why: She runs the data team at Fernwood"))

    // One between others, suggested long ago: last, under its own heading, not as owed.
    try box.ok([
      "refer", "--by", "ben-okafor", "--about", "dev-patel", "--to", "gus-lind", "--on",
      "2026-01-05",
    ])
    let withOthers = try box.json(["referrals", "--as-of", Self.asOf, "--open", "--json"])
    let listed = (withOthers["referrals"] as? [[String: Any]]) ?? []
    #expect(listed.map { $0["yours"] as? Bool } == [true, true, false])
    #expect(listed.last?["action"] is NSNull)
    let lines = try box.ok(["referrals", "--as-of", Self.asOf, "--open"]).stdoutLines
    let heading = try #require(lines.firstIndex(of: "Between others, nothing for you to do:"))
    #expect(lines[heading + 1].hasPrefix("#5 Ben Okafor → Gus Lind about Dev Patel"), "\(lines)")
    // The report lists it as apart too: after yours, under the same label, with no "To do".
    try box.ok(["report", "--as-of", Self.asOf, "--html", "$DIR/r.html"])
    let html = try String(contentsOfFile: box.file("r.html"), encoding: .utf8)
    let section = try #require(html.range(of: "<section id=\"referrals\">"))
    let rest = html[section.lowerBound...]
    let referrals = rest[..<(rest.range(of: "</section>")?.lowerBound ?? rest.endIndex)]
    let label = try #require(referrals.range(of: "<h3>Between others, nothing for you to do</h3>"))
    #expect(!referrals[..<label.lowerBound].contains("Ben Okafor</td><td>Gus Lind"))
    let apart = referrals[label.upperBound...]
    #expect(
      apart.contains("<tr><td class=\"num\">5</td><td>Ben Okafor</td><td>Gus Lind</td>"),
      "\(apart)")
    #expect(!apart.contains("To do") && apart.components(separatedBy: "<tr>").count == 3)
  }

  @Test("--tag, --org: neglected, dormant, followups, reciprocity list only those, as ranked")
  func tagFilter() throws {
    let box = CLISandbox()
    try Self.record(box)
    try box.ok(["person", "edit", "kim-roe", "--tag", "Old-Team"])
    let day = ["--as-of", Self.asOf]
    /// The handles a JSON list holds, in order.
    func handles(_ command: [String], _ key: String) throws -> [String] {
      try #require(try box.json(command + day + ["--json"])[key] as? [[String: Any]])
        .map { $0["handle"] as? String ?? "?" }
    }
    let investors: Set = ["dev-patel", "fay-chen"]
    // Each list is the whole list with only the tagged left, in the same order; lost ties and
    // ties let go are counted among the tagged.
    for (command, key) in [
      (["neglected", "--include-lost"], "neglected"), (["followups"], "followups"),
      (["reciprocity"], "contacts"),
    ] {
      let all = try handles(command, key)
      let tagged = try handles(command + ["--tag", "investor"], key)
      #expect(tagged == all.filter { investors.contains($0) }, "\(command)")
      #expect(!tagged.isEmpty, "\(command)")
    }
    #expect(try handles(["neglected", "--tag", "investor"], "neglected") == ["dev-patel"])
    #expect(
      try handles(["followups", "--tag", "investor"], "followups") == ["fay-chen", "dev-patel"])
    // Several tags, in one option or two, and in any case: anyone with one of them.
    #expect(
      try handles(["neglected", "--include-lost", "--tag", "INVESTOR,old-team"], "neglected")
        == ["kim-roe", "dev-patel"])
    #expect(
      try handles(["dormant", "--tag", "investor", "--tag", "old-team"], "dormant") == ["kim-roe"])
    let lost = try box.json(["neglected", "--tag", "colleague", "--json"] + day)
    #expect(lost["lostNotShown"] as? Int == 0)
    let kimsLost = try box.json(["neglected", "--tag", "old-team", "--json"] + day)
    #expect(kimsLost["lostNotShown"] as? Int == 1)
    // Text: what is empty is said of the tagged; reciprocity sums the tagged, then everyone.
    #expect(
      try box.ok(["neglected", "--tag", "colleague"] + day).stdoutLines
        == ["Nobody tagged colleague is overdue as of 2026-06-30."])
    #expect(
      try box.ok(["dormant", "--tag", "colleague,investor"] + day).stdoutLines
        == ["No dormant ties tagged colleague or investor as of 2026-06-30."])
    let contacts = try #require(
      try box.json(["reciprocity", "--tag", "investor", "--json"] + day)["contacts"]
        as? [[String: Any]])
    let given = contacts.reduce(0) { $0 + Self.number($1["given"]) }
    let received = contacts.reduce(0) { $0 + Self.number($1["received"]) }
    let text = try box.ok(["reciprocity", "--tag", "investor"] + day).stdoutLines
    #expect(
      text.contains(
        "With everyone tagged investor you gave \(String(format: "%.2f", given)) and received \(String(format: "%.2f", received))."
      ), "\(text)")
    #expect(text.last?.hasPrefix("In all you gave ") == true)
    // --limit counts the tagged.
    #expect(
      try handles(["reciprocity", "--tag", "investor", "--limit", "1"], "contacts").count == 1)
    // A tag nobody carries is a likely typo: refused, with the closest spelling; nothing listed.
    let typo = try box.run(["neglected", "--tag", "investr"] + day)
    #expect(typo.status == 65 && typo.stdout.isEmpty)
    #expect(typo.stderrLines == ["kith: error: nobody is tagged investr; did you mean 'investor'?"])
    #expect(try box.run(["followups", "--tag", ""] + day).status == 64)

    // --org: those now at the organisation; an affiliation that ended does not count; with
    // --tag, those with both.
    try box.ok(["affiliate", "fay-chen", "acme-robotics", "--from", "2026-01-01"])
    try box.ok(
      ["affiliate", "dev-patel", "acme-robotics", "--from", "2025-01-01", "--to", "2026-01-01"])
    try box.ok(["affiliate", "hal-berg", "Acme Robotics"])
    #expect(try handles(["followups", "--org", "acme"], "followups") == ["hal-berg", "fay-chen"])
    #expect(
      try handles(["followups", "--org", "acme", "--tag", "investor"], "followups") == ["fay-chen"])
    #expect(try handles(["neglected", "--org", "acme-robotics"], "neglected") == ["hal-berg"])
    #expect(
      try box.ok(["neglected", "--org", "acme", "--tag", "investor"] + day).stdoutLines
        == ["Nobody tagged investor at Acme Robotics is overdue as of 2026-06-30."])
    let unknown = try box.run(["reciprocity", "--org", "globex"] + day)
    #expect(unknown.status == 65 && unknown.stdout.isEmpty, "\(unknown)")
  }

  @Test("dormant: the strong tie that went quiet, with why")
  func dormant() throws {
    let box = CLISandbox()
    try Self.record(box)
    let doc = try box.json(["dormant", "--as-of", Self.asOf, "--json"])
    let items = try #require(doc["dormant"] as? [[String: Any]])
    #expect(items.map { $0["handle"] as? String } == ["kim-roe"])
    let kim = try #require(items.first)
    let peak = Self.peak(weight: 1, gaps: [31, 29, 31, 30, 27])
    #expect(Self.close(Self.number(kim["peak"]), peak))
    // 2024-06-01 to 2026-06-30: 759 days.
    #expect(Self.close(Self.number(kim["strength"]), peak * Self.kept(759)))
    let novelty = Self.number(kim["novelty"])
    #expect(novelty > 0.5 && novelty <= 1, "Kim knows nobody else of mine: \(novelty)")
    let why = try #require(kim["why"] as? String)
    #expect(why.contains("after 759 days of silence"))
    #expect(
      Set(kim.keys) == ["handle", "name", "lastContact", "peak", "strength", "novelty", "why"])
    let text = try box.ok(["dormant", "--as-of", Self.asOf]).stdoutLines
    #expect(text.first == "• Kim Roe (kim-roe), last 2024-06-01")
    // A year earlier Kim was neither quiet for a year nor faded.
    let earlier = try box.json(["dormant", "--as-of", "2024-12-01", "--json"])
    #expect((earlier["dormant"] as? [[String: Any]])?.isEmpty == true)
  }

  @Test("brief: the tie, cadence, what is owed, referrals, mutual contacts, notes, questions")
  func brief() throws {
    let box = CLISandbox()
    try Self.record(box)
    let doc = try box.json(["brief", "ben", "--as-of", Self.asOf, "--json"])
    #expect((doc["person"] as? [String: Any])?["handle"] as? String == "ben-okafor")
    let tie = try #require(doc["tie"] as? [String: Any])
    let peak = Self.peak(weight: 1, gaps: [7, 7, 7, 7])
    #expect(Self.close(Self.number(tie["peak"]), peak))
    #expect(Self.close(Self.number(tie["strength"]), peak * Self.kept(32)))
    #expect(doc["cadenceSource"] as? String == "learned")
    // The advice you gave Ben today is the last contact: not overdue.
    #expect(Self.close(Self.number(doc["overdueRatio"]), 0))
    #expect(
      doc["owed"] as? String
        == "Received 3.34, given 1.00 (last received: a favour on 2026-06-20).")
    let referrals = try #require(doc["openReferrals"] as? [[String: Any]])
    #expect(referrals.map { $0["action"] as? String } == ["loop-back"])
    // What the referral is about, as `kith referrals --json` gives it.
    let loopBack = try #require(referrals.first)
    #expect(
      Set(loopBack.keys) == [
        "id", "status", "why", "action", "due", "referrer", "recipient", "referee",
      ])
    #expect(loopBack["due"] as? String == "2026-06-14T00:00:00Z")
    #expect((loopBack["recipient"] as? [String: Any])?["handle"] as? String == "alex-morgan")
    let referee = try #require(loopBack["referee"] as? [String: Any])
    #expect(
      referee["name"] as? String == "Acme Robotics" && referee["organisation"] as? Bool == true)
    #expect((doc["followUps"] as? [Any])?.isEmpty == true)
    let mutual = try #require(doc["mutualContacts"] as? [[String: Any]])
    #expect(mutual.map { $0["handle"] as? String } == ["cara-diaz"])
    #expect(
      (doc["recentNotes"] as? [[String: Any]])?.first?["text"] as? String
        == "Training for the Lisbon marathon")
    let questions = try #require(doc["questions"] as? [String])
    #expect(questions.count == 3)
    #expect(questions.contains { $0.contains("Acme Robotics") })
    #expect(questions.contains { $0.contains("Roadmap review") })

    let text = try box.ok(["brief", "ben-okafor", "--as-of", Self.asOf]).stdout
    for expected in [
      "Ben Okafor (ben-okafor) — brief as of 2026-06-30", "5 interactions",
      "last contact 2026-06-30 (today: you gave them advice), usually every 7 days (learned)",
      "Received 3.34, given 1.00",
      "#2 Ben Okafor → you about Acme Robotics: met → loop-back: “They need a data lead”",
      "Mutual contacts", "Cara Diaz", "note: Training for the Lisbon marathon", "Ask",
    ] {
      #expect(text.contains(expected), "missing \"\(expected)\" in:\n\(text)")
    }
    // The last three interactions, notes and exchanges either way, newest first (an
    // interaction before a note of the same day).
    let recently = text.components(separatedBy: "Recently\n").last?.components(
      separatedBy: "\nAsk\n"
    ).first
    #expect(
      recently == """
          2026-06-30 you gave them advice
          2026-06-20 they gave you a favour
          2026-05-29 meeting: Roadmap review
          2026-05-29 note: Training for the Lisbon marathon
          2026-05-22 meeting
          2026-05-15 meeting
          2026-05-10 note: Moved to the platform team
          2026-05-01 they gave you a referral: They need a data lead
        """)
    // Hal's cadence is the default of his Dunbar layer (rank 8: the 15 closest), said so.
    let hal = try box.ok(["brief", "hal-berg", "--as-of", Self.asOf]).stdout
    #expect(
      hal.contains(
        "last contact 2026-05-20 (41 days ago), no rhythm yet: 30 days is the default for your 15 closest ties"
      ), "\(hal)")
    // Met once, five days ago: one interaction, not "1 interactions"; her referral the day
    // after is the last contact.
    let eve = try box.ok(["brief", "eve-novak", "--as-of", Self.asOf]).stdout
    #expect(
      eve.contains("1 interaction\n")
        && eve.contains("last contact 2026-06-26 (4 days ago: they gave you a referral)"))
  }

  @Test("brief: a cadence set or from a tag is a goal, not a habit")
  func briefCadenceWording() throws {
    let box = CLISandbox()
    try Self.record(box)
    let cara = try box.ok(["brief", "cara-diaz", "--as-of", Self.asOf]).stdout
    #expect(
      cara.contains(
        "last contact 2026-06-30 (today: they gave you an introduction), you aim for every 30 days (your setting)"
      ),
      "\(cara)")
    let dev = try box.ok(["brief", "dev-patel", "--as-of", Self.asOf]).stdout
    #expect(
      dev.contains(
        "last contact 2026-06-10 (20 days ago), you aim for every 14 days (the cadence of the tag investor)"
      ), "\(dev)")
    #expect(!cara.contains("usually") && !dev.contains("usually"))
  }

  @Test("a tie revived by an exchange: cadence, brief, neglected and plan say the same")
  func revivedByExchange() throws {
    // Priya: every 28 days through 2024 (13 meetings, 2024-01-01 to 2024-12-02; peak
    // Σ 2^(−28j/180) = 7.37), lost after max(8 × 28, 180) = 224 days of silence; then help
    // given on 2026-10-20. 15 undated ties of 5 peaked above her strength now (0.46): ranked
    // 16th by it, she has the 180-day default, not the 28 days of 2024.
    let box = CLISandbox()
    try box.ok(["init", "--me", "Alex Morgan"])
    try box.ok(["person", "add", "Priya Shah"])
    for k in 1...15 {
      try box.ok(["person", "add", "Peer \(k)", "--handle", "peer-\(k)"])
      try box.ok(["tie", "me", "peer-\(k)", "--weight", "5"])
    }
    for day in [
      "01-01", "01-29", "02-26", "03-25", "04-22", "05-20", "06-17", "07-15", "08-12", "09-09",
      "10-07", "11-04", "12-02",
    ] {
      try box.ok(["log", "meeting", "--with", "priya-shah", "--on", "2024-\(day)"])
    }
    try box.ok(["give", "help", "--from", "me", "--to", "priya-shah", "--on", "2026-10-20"])
    let since = "no rhythm since you reconnected on 2026-10-20"
    // Five weeks later: 35 days would be 1.25× the 2024 rhythm; 35/180 is not overdue.
    #expect(
      try box.ok(["cadence", "priya-shah", "--as-of", "2026-11-24T00:00:00Z"]).stdout
        == "Priya Shah: every 180 days, the default for your 50 closest ties (\(since)). Set one with `kith cadence priya-shah DAYS`.\n"
        + "Last contact 2026-10-20 (35 days ago): due again 2027-04-18 (in 145 days).\n"
    )
    let soon = try box.json([
      "neglected", "--as-of", "2026-11-24T00:00:00Z", "--include-lost", "--json",
    ])
    #expect((soon["neglected"] as? [Any])?.isEmpty == true)
    #expect(
      try box.ok(["brief", "priya-shah", "--as-of", "2026-11-24T00:00:00Z"]).stdoutLines.contains(
        "  last contact 2026-10-20 (35 days ago: you gave them help), \(since): 180 days is the default for your 50 closest ties"
      ))
    // 200 days after: overdue on the default, 200/180, the same words in the list and the plan.
    let suggestion =
      "No contact for 200 days (180 days is the default for your 50 closest ties, with \(since)): send Priya Shah a short note."
    let later = try box.json(["neglected", "--as-of", "2027-05-08T00:00:00Z", "--json"])
    let item = try #require((later["neglected"] as? [[String: Any]])?.first)
    #expect((later["neglected"] as? [Any])?.count == 1)
    #expect(item["handle"] as? String == "priya-shah" && item["cadenceSource"] as? String == "tier")
    #expect(Self.close(Self.number(item["cadenceDays"]), 180))
    #expect(Self.close(Self.number(item["overdueRatio"]), 200.0 / 180))
    #expect(item["suggestion"] as? String == suggestion)
    #expect(
      try box.ok(["plan", "--as-of", "2027-05-08T00:00:00Z"]).stdoutLines.contains(
        "1. [reconnect] Priya Shah: \(suggestion.replacingOccurrences(of: "Priya Shah", with: "them"))"
      ))
  }

  @Test("brief: the follow-up you owe, in text, JSON and first among the questions")
  func briefFollowUps() throws {
    let box = CLISandbox()
    try Self.record(box)
    // Dev: a call on 2026-06-10 set a follow-up for 2026-06-20, and nothing since.
    let dev = try box.ok(["brief", "dev-patel", "--as-of", Self.asOf]).stdout
    #expect(
      dev.contains(
        "\n  You owe a follow-up: due 2026-06-20 after your contact on 2026-06-10 about “Seed round”.\n"
      ), "\(dev)")
    let ask = dev.components(separatedBy: "\nAsk\n").last ?? ""
    #expect(
      ask.hasPrefix(
        "  • You set a follow-up for 2026-06-20 on “Seed round” (2026-06-10): what is the next step?\n"
      ), "\(dev)")
    let doc = try box.json(["brief", "dev-patel", "--as-of", Self.asOf, "--json"])
    let items = try #require(doc["followUps"] as? [[String: Any]])
    #expect(items.count == 1)
    // The fields and values of `kith followups --json`, less who it is.
    let listed = try box.json(["followups", "--as-of", Self.asOf, "--json"])
    var expected = try #require(
      (listed["followups"] as? [[String: Any]])?.first { $0["handle"] as? String == "dev-patel" })
    expected["handle"] = nil
    expected["name"] = nil
    #expect(NSDictionary(dictionary: items[0]) == NSDictionary(dictionary: expected))
    #expect(items[0]["due"] as? String == "2026-06-20T00:00:00Z")
    // Eve, met five days ago: the nudge to follow up is still ahead.
    let eve = try box.ok(["brief", "eve-novak", "--as-of", Self.asOf]).stdout
    #expect(
      eve.contains(
        "\n  A follow-up is due 2026-07-09, 14 days after your only contact, on 2026-06-25.\n"),
      "\(eve)")
    // Ben owes nothing of the kind.
    let ben = try box.ok(["brief", "ben-okafor", "--as-of", Self.asOf]).stdout
    #expect(!ben.contains("follow-up"), "\(ben)")
  }

  @Test("brief --help lists the JSON fields the brief emits")
  func briefHelpListsJSON() throws {
    let box = CLISandbox()
    try Self.record(box)
    let help = try box.ok(["brief", "--help"], environment: ["COLUMNS": "1000"]).stdout
    let line = try #require(
      help.split(separator: "\n").first { $0.hasPrefix("JSON: {") }, "no JSON line in:\n\(help)")
    let doc = try box.json(["brief", "dev-patel", "--as-of", Self.asOf, "--json"])
    let names = Self.topLevelNames(ofJSONLine: line)
    #expect(Set(names) == Set(doc.keys), "\(names) vs \(doc.keys.sorted())")
  }

  @Test(
    "person list and show, org list and show, settings list: --help lists the JSON fields emitted",
    arguments: [
      ["person", "list"], ["person", "show", "dev-patel"], ["org", "list"],
      ["org", "show", "acme-robotics"], ["settings", "list"],
    ])
  func readCommandsHelpListJSON(_ command: [String]) throws {
    let box = CLISandbox()
    try Self.record(box)
    try box.ok(["affiliate", "dev-patel", "acme-robotics", "--role", "CTO"])
    let path = command.filter { !$0.contains("-") }
    let help = try box.ok(path + ["--help"], environment: ["COLUMNS": "1000"]).stdout
    let line = try #require(
      help.split(separator: "\n").first { $0.hasPrefix("JSON: {") }, "no JSON line in:\n\(help)")
    let doc = try box.json(command + ["--json"])
    let names = Self.topLevelNames(ofJSONLine: line)
    #expect(Set(names) == Set(doc.keys), "\(names) vs \(doc.keys.sorted())")
    // The fields of each listed object, where the line gives them.
    for (key, value) in doc {
      let object = (value as? [[String: Any]])?.first ?? (value as? [String: Any])
      guard let object, key != "details", key != "settings", key != "person" || path[0] != "person"
      else { continue }
      for field in object.keys {
        #expect(line.contains("\"\(field)\""), "\(key).\(field) is not in: \(line)")
      }
    }
  }

  @Test(
    "log, give, referral, person remove, import: --help lists the JSON fields, --as-of is echoed",
    arguments: [
      (["log"], ["log", "call", "--with", "dev-patel", "--on", "2026-06-20"]),
      (["give"], ["give", "advice", "--from", "me", "--to", "dev-patel", "--on", "2026-06-20"]),
      (["referral"], ["referral", "4", "--reason", "No time this quarter"]),
      (["person", "remove"], ["person", "remove", "kim-roe", "--force"]),
      (["import"], ["import", "$DIR/calls.csv"]),
    ])
  func writeCommandsHelpListJSON(help path: [String], command: [String]) throws {
    let box = CLISandbox()
    try Self.record(box)
    try "date,with,kind\n2026-06-01,Dev Patel,call\n".write(
      toFile: box.file("calls.csv"), atomically: true, encoding: .utf8)
    let help = try box.ok(path + ["--help"], environment: ["COLUMNS": "1000"]).stdout
    let line = try #require(
      help.split(separator: "\n").first { $0.hasPrefix("JSON") }, "no JSON line in:\n\(help)")
    let doc = try box.json(command + ["--as-of", Self.asOf, "--json"])
    // `JSON: {…}`, or `JSON (which): {…}`.
    let brace = try #require(line.firstIndex(of: "{"))
    let names = Self.topLevelNames(ofJSONLine: Substring("JSON: " + line[brace...]))
    #expect(Set(names) == Set(doc.keys), "\(names) vs \(doc.keys.sorted())")
    // The date the command acted as of, as read commands give it.
    #expect(doc["asOf"] as? String == "2026-06-30T00:00:00Z")
    for (key, value) in doc {
      let object = (value as? [[String: Any]])?.first ?? (value as? [String: Any])
      guard let object else { continue }
      for field in object.keys {
        #expect(line.contains("\"\(field)\""), "\(key).\(field) is not in: \(line)")
      }
    }
  }

  /// The top-level names of a `JSON: {…}` help line: quoted names outside any nested [{…}], up
  /// to the closing brace.
  static func topLevelNames(ofJSONLine line: Substring) -> [String] {
    var depth = 0
    var names: [String] = []
    var quoted: String?
    scan: for ch in line.dropFirst("JSON: {".count) {
      if let name = quoted {
        if ch == "\"" {
          if depth == 0 { names.append(name) }
          quoted = nil
        } else {
          quoted = name + String(ch)
        }
        continue
      }
      switch ch {
      case "\"": quoted = ""
      case "[", "{": depth += 1
      case "]": depth -= 1
      case "}":
        if depth == 0 { break scan }
        depth -= 1
      default: break
      }
    }
    return names
  }

  @Test("`me` names you in brief, person show and cadence; an organisation left twice, once")
  func meAndFormerAffiliations() throws {
    let box = CLISandbox()
    for step in [
      ["init", "--me", "Alex Morgan"],
      ["person", "add", "Ben Okafor"],
      ["org", "add", "Acme Robotics"],
      ["org", "add", "Brightline"],
      [
        "affiliate", "ben", "Acme Robotics", "--role", "Engineer", "--from", "2019-01-01",
        "--to", "2021-01-01",
      ],
      [
        "affiliate", "ben", "Acme Robotics", "--role", "Lead", "--from", "2021-01-01",
        "--to", "2023-01-01",
      ],
      ["affiliate", "ben", "Brightline", "--from", "2023-01-01", "--to", "2024-01-01"],
      ["affiliate", "me", "Brightline", "--role", "Founder", "--from", "2020-01-01"],
      ["log", "meeting", "--with", "ben", "--on", "2026-05-01"],
    ] {
      try box.ok(step)
    }
    let ben = try box.ok(["brief", "ben", "--as-of", Self.asOf]).stdout
    #expect(ben.contains("  formerly: Acme Robotics, Brightline\n"), "\(ben)")
    let me = try box.ok(["brief", "me", "--as-of", Self.asOf]).stdout
    #expect(me.hasPrefix("Alex Morgan (alex-morgan) — brief as of 2026-06-30"), "\(me)")
    #expect(me.contains("Founder, Brightline"), "\(me)")
    // A brief on yourself: no tie to yourself, no mutual contacts, no questions to ask yourself.
    for absent in [
      "How you know them", "Mutual contacts", "Circle and paths", "Ask", "via", "tags: ;",
    ] {
      #expect(!me.contains(absent), "\"\(absent)\" in:\n\(me)")
    }
    let meJSON = try box.json(["brief", "me", "--as-of", Self.asOf, "--json"])
    #expect((meJSON["paths"] as? [Any])?.isEmpty == true && meJSON["owed"] is NSNull)
    #expect((meJSON["questions"] as? [Any])?.isEmpty == true)
    #expect(try box.ok(["person", "show", "me"]).stdout.hasPrefix("Alex Morgan (alex-morgan)"))
    #expect(
      try box.ok(["cadence", "me", "--as-of", Self.asOf]).stdout
        == "Alex Morgan (alex-morgan) is you: cadences are for keeping in touch with your contacts.\n"
    )
    let doc = try box.json(["cadence", "me", "--as-of", Self.asOf, "--json"])
    let cadence = try #require(doc["cadence"] as? [String: Any])
    #expect(cadence["handle"] as? String == "alex-morgan" && cadence["days"] is NSNull)
    // Someone refers another person to you; a note about yourself.
    try box.ok(["person", "add", "Cara Diaz"])
    #expect(
      try box.ok(["refer", "--by", "ben", "--about", "me", "--to", "cara", "--on", "2026-06-01"])
        .stdout == "Referral #1: Ben Okafor → Cara Diaz about Alex Morgan (suggested).\n")
    #expect(try box.ok(["note", "me", "Started running"]).stdout.contains("about Alex Morgan"))
  }

  @Test("plan: promised follow-ups first, referrals, give-first, revive; one per person")
  func plan() throws {
    let box = CLISandbox()
    try Self.record(box)
    let doc = try box.json(["plan", "--month", "2026-07", "--budget", "5", "--json"])
    #expect(doc["month"] as? String == "2026-07" && (doc["budget"] as? NSNumber)?.intValue == 5)
    #expect(doc["asOf"] as? String == "2026-07-01T00:00:00Z")
    let items = try #require(doc["items"] as? [[String: Any]])
    // Follow-ups and referral actions take up to a quarter of the budget each (2 of 5):
    // Dev's follow-up date first, then the earliest of the people met once (Hal).
    #expect(
      items.map { $0["action"] as? String } == [
        "follow-up", "follow-up", "referral", "referral", "give-first",
      ])
    #expect(
      items.map { $0["handle"] as? String } == [
        "dev-patel", "hal-berg", "ben-okafor", "gus-lind", "cara-diaz",
      ])
    #expect(items[0]["task"] as? String == "Follow up with Dev Patel about “Seed round”.")
    // Cara's referral of Hal (2026-06-25) falls due within the month; Cara has an item already
    // (give-first), so that item says it, and links to it.
    #expect(items.map { ($0["referral"] as? NSNumber)?.intValue } == [nil, nil, 2, 1, 3])
    #expect(
      (items[4]["why"] as? String)?.contains(
        " Also, referral #3 (due 2026-07-02, in 1 day): contact Hal Berg, or tell Cara Diaz you will pass."
      ) == true)
    // No meet item here: every item's via is null, and present.
    #expect(items.allSatisfy { $0["via"] is NSNull })
    for item in items { #expect(((item["why"] as? String) ?? "").count > 20) }

    let full = try box.json(["plan", "--month", "2026-07", "--json"])
    let all = try #require(full["items"] as? [[String: Any]])
    #expect(all.count == 8)
    #expect(Set(all.compactMap { $0["handle"] as? String }).count == all.count)
    #expect(
      all.contains { $0["action"] as? String == "revive" && $0["handle"] as? String == "kim-roe" })

    // --month names the month planned; --as-of says what "now" is: inside the month the plan
    // is as of it, else as of the month's start.
    for (month, asOf) in [
      ("2026-06", "2026-06-30T00:00:00Z"), ("2026-09", "2026-09-01T00:00:00Z"),
      ("2026-05", "2026-05-01T00:00:00Z"),
    ] {
      let planned = try box.json(["plan", "--month", month, "--as-of", Self.asOf, "--json"])
      #expect(planned["asOf"] as? String == asOf, "\(month)")
    }

    // Without --month: the month of --as-of, or the next in its last 7 days (as the demo and
    // the report plan), computed as of that day.
    for (asOf, month) in [
      ("2026-06-23", "2026-06"), ("2026-06-24", "2026-07"), ("2026-06-30", "2026-07"),
    ] {
      let planned = try box.json(["plan", "--as-of", asOf, "--json"])
      #expect(planned["month"] as? String == month, "\(asOf)")
      #expect(planned["asOf"] as? String == asOf + "T23:59:59Z", "\(asOf)")
    }

    // Without --as-of, now is past July: the plan is as of July's first day, and says so.
    let text = try box.ok(["plan", "--month", "2026-07", "--budget", "3"]).stdoutLines
    #expect(text.first == "Plan for 2026-07 (3 actions), as of 2026-07-01")
    // A month planned as of its first day (past, or further ahead than the last 7 days of the
    // month before) says so.
    for (month, day) in [("2026-05", "2026-05-01"), ("2026-09", "2026-09-01")] {
      let heading = try box.ok(["plan", "--month", month, "--as-of", Self.asOf]).stdoutLines.first
      #expect(heading?.hasSuffix(", as of \(day)") == true, "\(heading ?? "")")
    }
    #expect(text[1] == "1. [follow-up] Follow up with Dev Patel about “Seed round”.")
    #expect(text[2].hasPrefix("   why: Due 2026-06-20, 11 days ago: you set it after your contact"))
  }

  @Test("plan text names each item's person in full; referrals say what to record")
  func planNamesAndReferralHints() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Elena Varga"])
    for step in [
      ["person", "add", "Marco Rossi"],
      ["person", "add", "Hiro Tanaka"], ["person", "add", "Lukas Novak"],
      ["log", "meeting", "--with", "lukas-novak", "--on", "2026-01-10", "--summary", "Renewal"],
      ["log", "meeting", "--with", "lukas-novak", "--on", "2026-02-10", "--summary", "Expansion"],
      ["cadence", "lukas-novak", "10"],
      ["refer", "--by", "marco-rossi", "--about", "hiro-tanaka", "--on", "2026-02-01"],
      ["log", "meeting", "--with", "hiro-tanaka", "--on", "2026-02-05"],
    ] {
      try box.ok(step + ["--as-of", "2026-02-20"])
    }
    let hint =
      "You met Hiro Tanaka on 2026-02-05: record it (`kith referral 1 --status met --on 2026-02-05`) and tell Marco Rossi how it went."
    let referrals = try box.ok(["referrals", "--open", "--as-of", "2026-03-01"]).stdout
    #expect(referrals.contains("\n    \(hint)\n"), "\(referrals)")
    let listed = try box.json(["referrals", "--open", "--as-of", "2026-03-01", "--json"])
    let first = try #require((listed["referrals"] as? [[String: Any]])?.first)
    let contact = try #require(first["refereeContact"] as? [String: Any])
    #expect(contact["time"] as? String == "2026-02-05T00:00:00Z")
    #expect(contact["status"] as? String == "met")
    #expect(contact["hint"] as? String == hint)
    let doc = try box.json(["plan", "--month", "2026-03", "--as-of", "2026-03-01", "--json"])
    let items = try #require(doc["items"] as? [[String: Any]])
    let lines = try box.ok(["plan", "--month", "2026-03", "--as-of", "2026-03-01"]).stdoutLines
      .filter {
        $0.first?.isNumber == true
      }
    #expect(lines.count == items.count && lines.count >= 2)
    for (line, item) in zip(lines, items) {
      let name = try #require(item["name"] as? String)
      #expect(line.contains(name), "\(line)")
    }
    #expect(
      lines == [
        "1. [follow-up] Follow up with Hiro Tanaka.",
        "2. [referral] Marco Rossi: \(hint.replacingOccurrences(of: "tell Marco Rossi", with: "tell them"))",
        "3. [reconnect] Lukas Novak: Last time (2026-02-10) you talked about “Expansion”: ask them how it turned out.",
      ])
    // The report's plan says whom each item is for in the same words.
    try box.ok(["report", "--as-of", "2026-03-01", "--html", "$DIR/r.html"])
    let html = try String(contentsOfFile: box.file("r.html"), encoding: .utf8)
    #expect(
      html.contains(
        "<td>Lukas Novak: Last time (2026-02-10) you talked about “Expansion”: ask them how it turned out.</td>"
      ), "\(html)")
  }

  @Test(
    "plan text: a task that names its person only after a colon starts with the full name, ambiguous first name or not"
  )
  func planNamesAmbiguousFirstName() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Elena Varga"])
    for step in [
      ["person", "add", "Maria Lopez"], ["person", "add", "Maria Santos"],
      ["log", "meeting", "--with", "maria-lopez", "--on", "2026-01-10"],
      ["log", "meeting", "--with", "maria-lopez", "--on", "2026-01-20"],
      ["log", "meeting", "--with", "maria-santos", "--on", "2026-02-25"],
      ["log", "meeting", "--with", "maria-santos", "--on", "2026-02-26"],
    ] {
      try box.ok(step + ["--as-of", "2026-03-01"])
    }
    let lines = try box.ok(["plan", "--month", "2026-03", "--as-of", "2026-03-01"]).stdoutLines
    // "Maria" says not which: the suggestion names her in full, after its colon.
    #expect(
      lines.contains(
        "1. [reconnect] Maria Lopez: No contact for 40 days (7 days is the default for your 5 closest ties): send them a short note."
      ), "\(lines)")
  }

  // `neglected --as-of 2025-12-01` printed "LAST 2025-10-31, DAYS 30", and `brief` "last
  // contact 2025-11-23 (today)": elapsed time truncated beside a calendar date.
  @Test("a day count beside a date counts calendar days: neglected, plan and brief agree")
  func calendarDayCounts() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Kenji Mori"])
    for step in [
      ["person", "add", "Arjun Rossi"], ["person", "add", "James Novak"],
      ["person", "add", "James Park"],
      ["log", "meeting", "--with", "arjun-rossi", "--on", "2025-10-31T12:00"],
      ["log", "meeting", "--with", "james-novak", "--on", "2025-10-30T12:00"],
      ["log", "meeting", "--with", "james-park", "--on", "2025-11-20T12:00"],
      ["cadence", "arjun-rossi", "7"], ["cadence", "james-novak", "7"],
    ] {
      try box.ok(step + ["--as-of", "2025-11-21"])
    }
    let table = try box.ok(["neglected", "--as-of", "2025-12-01"]).stdoutLines
    let row = try #require(table.first { $0.hasPrefix("Arjun Rossi") })
    #expect(row.contains("2025-10-31") && row.contains(" 31 "), "\(row)")
    // The same person in the same words in `neglected` and in the plan: named once, then "them"
    // (James Novak and James Park share a first name; Kith uses none).
    let bullet = try #require(table.first { $0.hasPrefix("• James Park") })
    #expect(bullet.hasSuffix("send them a short note."), "\(bullet)")
    let plan = try box.ok(["plan", "--month", "2025-12", "--as-of", "2025-12-01"]).stdoutLines
    let item = try #require(plan.first { $0.contains("] James Park") }, "\(plan)")
    #expect(item.hasSuffix("] " + bullet.dropFirst(2)), "\(item) vs \(bullet)")
    let why = try #require(plan.firstIndex(of: item).map { plan[$0 + 1] })
    #expect(why.contains("why: 11 days since your last contact"), "\(why)")
    // Late yesterday is a day ago, not today.
    try box.ok([
      "log", "call", "--with", "james-park", "--on", "2025-11-23T20:00", "--as-of", "2025-11-24",
    ])
    let brief = try box.ok(["brief", "james-park", "--as-of", "2025-11-24"]).stdout
    #expect(brief.contains("last contact 2025-11-23 (1 day ago"), "\(brief)")
  }

  // `brief` on a LinkedIn connection never met said "strength 0.01 now (faded)" and "reconnect
  // first: 6% of its peak 0.10".
  @Test("brief on someone never met says so, with nothing to reconnect")
  func briefNotMetYet() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Kenji Mori"])
    try box.ok(["person", "add", "Tomoko Takahashi"])
    try box.ok(["tie", "me", "tomoko-takahashi", "--weight", "0.1", "--on", "2024-01-10"])
    let brief = try box.ok(["brief", "tomoko-takahashi", "--as-of", "2025-12-15"]).stdout
    #expect(brief.contains("now (not met yet)"), "\(brief)")
    #expect(!brief.contains("faded") && !brief.contains("reconnect"), "\(brief)")
    #expect(brief.contains("get in touch first: not met yet"), "\(brief)")
  }

  // `kith referral 3 --as-of 2025-12-16` listed a step of 2025-12-20, and `history --as-of`
  // the referral's later status.
  @Test("referral and history with --as-of show the referral as it stood that day")
  func referralAsOf() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Kenji Mori"])
    for step in [
      ["person", "add", "Ryo Ohno"], ["person", "add", "Emily Carter"],
      ["refer", "--by", "ryo-ohno", "--about", "emily-carter", "--on", "2025-12-10"],
      ["referral", "1", "--status", "contacted", "--on", "2025-12-20"],
    ] {
      try box.ok(step + ["--as-of", "2025-12-21"])
    }
    let then = try box.ok(["referral", "1", "--as-of", "2025-12-16"]).stdout
    #expect(then.contains("suggested") && !then.contains("contacted"), "\(then)")
    let json = try box.json(["referral", "1", "--as-of", "2025-12-16", "--json"])
    let referral = try #require(json["referral"] as? [String: Any])
    #expect(referral["status"] as? String == "suggested")
    #expect((referral["history"] as? [Any])?.count == 1)
    let later = try box.ok(["referral", "1", "--as-of", "2025-12-20"]).stdout
    #expect(later.contains("contacted"), "\(later)")
    let history = try box.ok(["history", "ryo-ohno", "--as-of", "2025-12-16"]).stdoutLines
    let line = try #require(history.first { $0.contains("referral 1") })
    #expect(line.contains("suggested") && !line.contains("contacted"), "\(line)")
    let before = try box.run(["referral", "1", "--as-of", "2025-12-01"])
    #expect(before.status != 0)
    #expect(before.stderr.contains("after --as-of 2025-12-01"), "\(before.stderr)")
  }
}
