import Foundation
import KithTestSupport
import Testing

/// A whole session through the real binary: record a small network, then read the ties back
/// and check them against strengths computed by hand.
///
/// The network, as of T = 2026-06-30 (default half-life 180 days):
///
/// | contact     | events with me                                          | strength | peak |
/// |-------------|---------------------------------------------------------|----------|------|
/// | jane-doe    | meeting 2026-01-01 (180 days before T: 1 → 0.5), call T (0.8) | 1.3 | 1.3 |
/// | jose-garcia | one 3-person meeting at T: 1/(3−1) = 0.5 per pair        | 0.5      | 0.5  |
/// | sam-lee     | the same meeting                                         | 0.5      | 0.5  |
/// | chen-wu     | meeting 2025-07-05 (360 days: 1 → 0.25); one after T, ignored | 0.25 | 1 |
/// | dana-fox    | undated explicit tie, weight 0.2 (constant)              | 0.2      | 0.2  |
///
/// jose-garcia and sam-lee tie on strength and peak, so they are ordered by handle. The
/// --no-ego event (Jane and Sam) and the tie between Chen and Sam are not ties of mine.
@Suite("A full kith session")
struct SessionTests {
  /// The start of 2026-06-30, the instant the hand-computed numbers are for (a date alone
  /// would be the end of that day).
  static let asOf = "2026-06-30T00:00:00Z"

  /// Records the network described above.
  static func recordSession(_ box: CLISandbox) throws {
    try box.ok(["init", "--me", "Alex Morgan"])
    try box.ok([
      "person", "add", "Jane Doe", "--alias", "JD", "--alias", "Janie", "--email",
      "jane@example.com", "--tag", "alumni", "--tag", "Mentor", "--interest", "climbing",
      "--cadence", "30",
    ])
    try box.ok(["person", "add", "José García", "--email", "jose@acme.io"])
    try box.ok(["person", "add", "Sam Lee", "--phone", "+1 555 0100"])
    try box.ok(["person", "add", "Chen Wu"])
    try box.ok(["person", "add", "Dana Fox"])
    try box.ok(["org", "add", "Acme Robotics", "--domain", "acme.io", "--tag", "robotics"])
    try box.ok(["affiliate", "jane-doe", "acme", "--role", "CTO", "--from", "2024-03-01"])
    try box.ok(["affiliate", "jose", "acme.io"])
    try box.ok([
      "log", "meeting", "--with", "jane-doe", "--on", "2026-01-01", "--summary", "Coffee",
    ])
    try box.ok(["log", "call", "--with", "JD", "--on", "2026-06-30", "--by", "me"])
    try box.ok([
      "log", "meeting", "--with", "José García", "--with", "sam-lee", "--on", "2026-06-30",
      "--summary", "Three-way intro",
    ])
    try box.ok(["log", "meeting", "--with", "chen-wu", "--on", "2025-07-05"])
    try box.ok(["log", "meeting", "--with", "chen-wu", "--on", "2026-08-01"])
    try box.ok([
      "log", "event", "--no-ego", "--with", "jane-doe", "--with", "sam-lee", "--on", "2026-03-01",
    ])
    try box.ok(["tie", "me", "dana-fox", "--weight", "0.2"])
    try box.ok(["tie", "chen-wu", "sam-lee", "--weight", "2", "--on", "2026-02-01"])
    try box.ok([
      "give", "advice", "--from", "me", "--to", "jane-doe", "--on", "2026-03-02", "--note",
      "Pitch deck",
    ])
    try box.ok(["give", "introduction", "--from", "sam-lee", "--to", "me", "--on", "2026-03-03"])
    try box.ok([
      "refer", "--by", "sam-lee", "--about", "Acme Robotics", "--why", "they need a data lead",
      "--on", "2026-04-01",
    ])
    try box.ok(["referral", "1", "--status", "contacted", "--on", "2026-04-05"])
    try box.ok(["referral", "1", "--status", "met", "--on", "2026-04-10"])
    try box.ok(["note", "jane-doe", "Moving to Lisbon in September", "--on", "2026-05-01"])
  }

  struct ExpectedTie {
    var handle: String
    var name: String
    var strength: Double
    var peak: Double
    var count: Int
    var first: String?
    var last: String?
  }

  static let expectedTies: [ExpectedTie] = [
    ExpectedTie(
      handle: "jane-doe", name: "Jane Doe", strength: 1.3, peak: 1.3, count: 2,
      first: "2026-01-01", last: "2026-06-30"),
    ExpectedTie(
      handle: "jose-garcia", name: "José García", strength: 0.5, peak: 0.5, count: 1,
      first: "2026-06-30", last: "2026-06-30"),
    ExpectedTie(
      handle: "sam-lee", name: "Sam Lee", strength: 0.5, peak: 0.5, count: 1, first: "2026-06-30",
      last: "2026-06-30"),
    ExpectedTie(
      handle: "chen-wu", name: "Chen Wu", strength: 0.25, peak: 1, count: 1, first: "2025-07-05",
      last: "2025-07-05"),
    ExpectedTie(
      handle: "dana-fox", name: "Dana Fox", strength: 0.2, peak: 0.2, count: 1, first: nil,
      last: nil),
  ]

  /// JSON output is rounded to 6 decimals.
  static let tolerance = 1e-6

  static func checkTies(_ ties: [[String: Any]], _ expected: [ExpectedTie]) {
    #expect(ties.map { $0["handle"] as? String } == expected.map(\.handle))
    for (tie, want) in zip(ties, expected) {
      let label = want.handle
      #expect(tie["name"] as? String == want.name, "\(label)")
      let strength = (tie["strength"] as? NSNumber)?.doubleValue ?? .nan
      let peak = (tie["peak"] as? NSNumber)?.doubleValue ?? .nan
      #expect(abs(strength - want.strength) <= tolerance, "\(label): strength \(strength)")
      #expect(abs(peak - want.peak) <= tolerance, "\(label): peak \(peak)")
      #expect((tie["count"] as? NSNumber)?.intValue == want.count, "\(label): count")
      #expect(tie["first"] as? String == want.first, "\(label): first")
      #expect(tie["last"] as? String == want.last, "\(label): last")
      // null is written, never omitted.
      #expect(Set(tie.keys) == ["handle", "name", "strength", "peak", "count", "first", "last"])
    }
  }

  @Test("ties --as-of --json lists hand-computed strengths in strength order")
  func tiesJSON() throws {
    let box = CLISandbox()
    try Self.recordSession(box)
    let result = try box.ok(["ties", "--as-of", Self.asOf, "--json"])
    let document = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(Set(document.keys) == ["schemaVersion", "asOf", "ego", "ties"])
    #expect((document["schemaVersion"] as? NSNumber)?.intValue == 1)
    #expect(document["asOf"] as? String == "2026-06-30T00:00:00Z")
    #expect(document["ego"] as? String == "alex-morgan")
    let ties = try #require(document["ties"] as? [[String: Any]])
    Self.checkTies(ties, Self.expectedTies)

    // Sorted keys in the raw text, at the top level and inside each tie.
    let top = keyOffsets(["asOf", "ego", "schemaVersion", "ties"], in: result.stdout)
    #expect(
      !top.contains(-1) && top == top.sorted(), "top-level keys out of order: \(result.stdout)")
    let tieText = try #require(result.stdout.range(of: "\"ties\":")).upperBound
    let firstTie = String(result.stdout[tieText...])
    let inner = keyOffsets(
      ["count", "first", "handle", "last", "name", "peak", "strength"], in: firstTie)
    #expect(!inner.contains(-1) && inner == inner.sorted(), "tie keys out of order: \(firstTie)")
  }

  @Test("--limit keeps the strongest ties")
  func tiesLimit() throws {
    let box = CLISandbox()
    try Self.recordSession(box)
    let document = try box.json(["ties", "--as-of", Self.asOf, "--limit", "2", "--json"])
    let ties = try #require(document["ties"] as? [[String: Any]])
    Self.checkTies(ties, Array(Self.expectedTies.prefix(2)))
  }

  /// As of a date after every event, `ties` reads the tie ledger instead of recomputing from the
  /// interactions; it must agree with the formula s = Σ w·2^(−Δt/h).
  @Test("the ledger path agrees with the formula")
  func tiesFromLedger() throws {
    let box = CLISandbox()
    try Self.recordSession(box)
    let document = try box.json(["ties", "--as-of", "2026-12-31T00:00:00Z", "--json"])
    let ties = try #require(document["ties"] as? [[String: Any]])
    func decayed(_ weight: Double, days: Double) -> Double { weight * exp2(-days / 180) }
    // 2026-01-01 and 2026-06-30 are 364 and 184 days before 2026-12-31.
    let jane = decayed(1, days: 364) + decayed(0.8, days: 184)
    let grouped = decayed(0.5, days: 184)
    // Chen: 2025-07-05 and 2026-08-01 (392 days apart; the second is 152 days before).
    let chenPeak = decayed(1, days: 392) + 1
    let chen = chenPeak * exp2(-152 / 180)
    let expected = [
      ExpectedTie(
        handle: "chen-wu", name: "Chen Wu", strength: chen, peak: chenPeak, count: 2,
        first: "2025-07-05", last: "2026-08-01"),
      ExpectedTie(
        handle: "jane-doe", name: "Jane Doe", strength: jane, peak: 1.3, count: 2,
        first: "2026-01-01", last: "2026-06-30"),
      ExpectedTie(
        handle: "jose-garcia", name: "José García", strength: grouped, peak: 0.5, count: 1,
        first: "2026-06-30", last: "2026-06-30"),
      ExpectedTie(
        handle: "sam-lee", name: "Sam Lee", strength: grouped, peak: 0.5, count: 1,
        first: "2026-06-30", last: "2026-06-30"),
      ExpectedTie(
        handle: "dana-fox", name: "Dana Fox", strength: 0.2, peak: 0.2, count: 1, first: nil,
        last: nil),
    ].sorted { ($0.strength, $1.handle) > ($1.strength, $0.handle) }
    Self.checkTies(ties, expected)
  }

  /// Interactions logged out of time order: the ledger recomputes the pair, and a past
  /// --as-of recomputes from the interactions; both follow the recurrence
  /// sₖ = sₖ₋₁·2^(−Δt/h) + wₖ.
  @Test("back-dated interactions give the same strengths on both paths")
  func backDated() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Alex Morgan"])
    try box.ok(["person", "add", "Jane Doe"])
    try box.ok(["log", "call", "--with", "jane-doe", "--on", "2026-06-30"])
    try box.ok(["log", "meeting", "--with", "jane-doe", "--on", "2026-01-01"])
    try box.ok(["log", "meeting", "--with", "jane-doe", "--on", "2026-03-01"])
    // 2026-01-01 → 2026-03-01: 59 days; 2026-03-01 → 2026-06-29: 120 days; → 06-30: 121.
    let peakInMarch = exp2(-59.0 / 180) + 1
    let cases: [(asOf: String, tie: ExpectedTie)] = [
      (
        "2026-06-29T00:00:00Z",
        ExpectedTie(
          handle: "jane-doe", name: "Jane Doe", strength: peakInMarch * exp2(-120.0 / 180),
          peak: peakInMarch, count: 2, first: "2026-01-01", last: "2026-03-01")
      ),
      (
        "2026-06-30T00:00:00Z",
        ExpectedTie(
          handle: "jane-doe", name: "Jane Doe", strength: peakInMarch * exp2(-121.0 / 180) + 0.8,
          peak: peakInMarch * exp2(-121.0 / 180) + 0.8, count: 3, first: "2026-01-01",
          last: "2026-06-30")
      ),
    ]
    for (asOf, tie) in cases {
      let document = try box.json(["ties", "--as-of", asOf, "--json"])
      Self.checkTies(try #require(document["ties"] as? [[String: Any]]), [tie])
    }
  }

  @Test("changing the half-life recomputes every tie")
  func halfLifeSetting() throws {
    let box = CLISandbox()
    try Self.recordSession(box)
    #expect(
      try box.ok(["settings", "set", "half-life-days", "90"]).stdout == "half-life-days = 90\n")
    #expect(try box.ok(["settings", "get", "half-life-days"]).stdout == "90\n")
    let document = try box.json(["ties", "--as-of", Self.asOf, "--json"])
    let ties = try #require(document["ties"] as? [[String: Any]])
    // Jane: 1·2^(−180/90) + 0.8 = 1.05; Chen: 1·2^(−360/90) = 0.0625.
    var expected = Self.expectedTies
    expected[0].strength = 1.05
    expected[0].peak = 1.05
    expected[3].strength = 0.0625
    expected.swapAt(3, 4)
    Self.checkTies(ties, expected)
  }

  @Test("referral status moves forward and keeps its history and why")
  func referralHistory() throws {
    let box = CLISandbox()
    try Self.recordSession(box)
    let document = try box.json(["referral", "1", "--json"])
    let referral = try #require(document["referral"] as? [String: Any])
    #expect(referral["status"] as? String == "met")
    #expect(referral["why"] as? String == "they need a data lead")
    #expect(referral["referrer"] as? String == "sam-lee")
    #expect(referral["recipient"] as? String == "alex-morgan")
    #expect(referral["referee"] as? String == "acme-robotics")
    let history = try #require(referral["history"] as? [[String: Any]])
    #expect(history.map { $0["status"] as? String } == ["suggested", "contacted", "met"])
    #expect(
      history.map { $0["time"] as? String } == [
        "2026-04-01T00:00:00Z", "2026-04-05T00:00:00Z", "2026-04-10T00:00:00Z",
      ])
    let text = try box.ok(["referral", "1"]).stdout
    #expect(text.contains("Referral #1: Sam Lee → Alex Morgan about Acme Robotics"), "\(text)")
    #expect(text.contains("why: they need a data lead"), "\(text)")
    // Declining is allowed from an open status, with its reason; then it is closed.
    try box.ok([
      "referral", "1", "--status", "declined", "--reason", "not hiring", "--on", "2026-04-20",
    ])
    let closed = try box.run(["referral", "1", "--status", "reported-back"])
    #expect(closed.status == 65, "\(closed)")
  }

  @Test("a record made without --on is dated --as-of; --on wins")
  func recordsTakeAsOf() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Alex Morgan"])
    try box.ok(["person", "add", "Jane Doe"])
    try box.ok(["org", "add", "Acme Robotics"])
    let asOf = ["--as-of", "2026-02-03"]
    try box.ok(["log", "call", "--with", "jane-doe"] + asOf)
    try box.ok(["log", "meeting", "--with", "jane-doe", "--on", "2026-01-05"] + asOf)
    try box.ok(["give", "advice", "--from", "me", "--to", "jane-doe"] + asOf)
    try box.ok(["refer", "--by", "jane-doe", "--about", "Acme Robotics"] + asOf)
    try box.ok(["referral", "1", "--status", "contacted", "--as-of", "2026-02-10"])
    try box.ok(["note", "jane-doe", "Likes sailing"] + asOf)
    let backup = try #require(
      try JSONSerialization.jsonObject(with: Data(try box.export().utf8)) as? [String: Any])
    func times(_ key: String) -> [String] {
      ((backup[key] as? [[String: Any]]) ?? []).compactMap { $0["time"] as? String }.sorted()
    }
    #expect(times("interactions") == ["2026-01-05T00:00:00Z", "2026-02-03T00:00:00Z"])
    // The advice, and the referral's own gift.
    #expect(times("exchanges") == ["2026-02-03T00:00:00Z", "2026-02-03T00:00:00Z"])
    #expect(times("notes") == ["2026-02-03T00:00:00Z"])
    let referral = try #require(
      try box.json(["referral", "1", "--json"])["referral"] as? [String: Any])
    #expect(
      (referral["history"] as? [[String: Any]])?.map { $0["time"] as? String } == [
        "2026-02-03T00:00:00Z", "2026-02-10T00:00:00Z",
      ])
    // The list marks who you are.
    let list = try box.ok(["person", "list"]).stdoutLines
    #expect(list.contains { $0.hasPrefix("alex-morgan  Alex Morgan (you)") }, "\(list)")
    #expect(list.contains { $0.hasPrefix("jane-doe") && !$0.contains("(you)") }, "\(list)")
  }

  @Test("a referral is also a gift in the exchange ledger")
  func referralIsExchange() throws {
    let box = CLISandbox()
    try Self.recordSession(box)
    let backup = try #require(
      try JSONSerialization.jsonObject(with: Data(try box.export().utf8)) as? [String: Any])
    let exchanges = try #require(backup["exchanges"] as? [[String: Any]])
    // give advice, give introduction, and the referral's own exchange.
    #expect(exchanges.count == 3)
    #expect(
      exchanges.compactMap { $0["kind"] as? String }.sorted() == [
        "advice", "introduction", "referral",
      ])
    #expect((backup["interactions"] as? [Any])?.count == 6)
    #expect((backup["ties"] as? [Any])?.count == 2)
    #expect((backup["notes"] as? [Any])?.count == 1)
    #expect(backup["ego"] as? String == "alex-morgan")
  }

  @Test("ties prints a table strongest first")
  func tiesText() throws {
    let box = CLISandbox()
    try Self.recordSession(box)
    let result = try box.ok(["ties", "--as-of", Self.asOf])
    let lines = result.stdoutLines
    #expect(lines.count == 6, "\(result)")
    let header = try #require(lines.first)
    for column in ["NAME", "HANDLE", "STRENGTH", "PEAK", "COUNT", "LAST"] {
      #expect(header.contains(column), "\(header)")
    }
    let rows = lines.dropFirst().map { $0.split(separator: " ", omittingEmptySubsequences: true) }
    #expect(
      rows.map { $0.count > 2 ? String($0[2]) : "" } == [
        "jane-doe", "jose-garcia", "sam-lee", "chen-wu", "dana-fox",
      ])
    #expect(
      rows.first.map { $0.suffix(4).map(String.init) } == ["1.30", "1.30", "2", "2026-06-30"])
    #expect(rows.last.map { $0.suffix(4).map(String.init) } == ["0.20", "0.20", "1", "undated"])
    #expect(lines[4].contains("Chen Wu") && lines[4].contains("0.25") && lines[4].contains("1.00"))
    // No colour codes when stdout is not a terminal.
    #expect(!result.stdout.contains("\u{1B}["))
  }

  @Test("ties on a network with no ties says how to start")
  func tiesEmpty() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Alex Morgan"])
    let result = try box.ok(["ties", "--as-of", Self.asOf])
    #expect(result.stdout.hasPrefix("No ties yet as of 2026-06-30"), "\(result)")
    let document = try box.json(["ties", "--as-of", Self.asOf, "--json"])
    #expect((document["ties"] as? [Any])?.isEmpty == true)
  }

  @Test("person show tells who they are and how we are tied")
  func personShowText() throws {
    let box = CLISandbox()
    try Self.recordSession(box)
    let result = try box.ok(["person", "show", "jane-doe", "--as-of", Self.asOf])
    let text = result.stdout
    for expected in [
      "Jane Doe (jane-doe)",
      "also known as: JD, Janie",
      "email: jane@example.com",
      "tags: alumni, mentor",
      "interests: climbing",
      "keep in touch: every 30 days",
      "at Acme Robotics, CTO (2024-03-01–now)",
      "tie: strength 1.30 (peak 1.30), last 2026-06-30",
      // The meeting, the call and the --no-ego event.
      "interactions: 3, 2 of them with you",
      "2026-01-01  meeting — Coffee  (#1)",
      "2026-06-30  call  (#2)",
      "2026-03-01  event  (#6)",
      "notes:",
      "2026-05-01  Moving to Lisbon in September  (#1)",
      "(#: the record's id, for `kith edit` and `kith remove`; `kith history jane-doe` lists every record)",
    ] {
      #expect(text.contains(expected), "missing \"\(expected)\" in:\n\(text)")
    }
    #expect(text.hasPrefix("Jane Doe (jane-doe)\n"))
  }

  @Test("person show --as-of hides what happened later")
  func personShowAsOf() throws {
    let box = CLISandbox()
    try Self.recordSession(box)
    let text = try box.ok(["person", "show", "chen-wu", "--as-of", Self.asOf]).stdout
    #expect(text.contains("tie: strength 0.25 (peak 1.00), last 2025-07-05"), "\(text)")
    #expect(text.contains("interactions: 1, with you\n"), "\(text)")
    #expect(!text.contains("2026-08-01"), "\(text)")
  }

  @Test("person show --json has the person, tie, affiliations and notes")
  func personShowJSON() throws {
    let box = CLISandbox()
    try Self.recordSession(box)
    let document = try box.json(["person", "show", "jose", "--as-of", Self.asOf, "--json"])
    let person = try #require(document["person"] as? [String: Any])
    #expect(person["handle"] as? String == "jose-garcia")
    #expect(person["emails"] as? [String] == ["jose@acme.io"])
    let tie = try #require(document["tie"] as? [String: Any])
    #expect((tie["strength"] as? NSNumber)?.doubleValue == 0.5)
    let affiliations = try #require(document["affiliations"] as? [[String: Any]])
    #expect(affiliations.first?["organisation"] as? String == "acme-robotics")
    #expect(affiliations.first?["current"] as? Bool == true)
    #expect((document["interactions"] as? NSNumber)?.intValue == 1)
    #expect(document["ego"] as? String == "alex-morgan")
  }

  @Test("org show and person list show what was recorded")
  func listsAndOrg() throws {
    let box = CLISandbox()
    try Self.recordSession(box)
    let org = try box.ok(["org", "show", "acme", "--as-of", Self.asOf]).stdout
    #expect(org.contains("Acme Robotics (acme-robotics)"), "\(org)")
    #expect(org.contains("domains: acme.io"), "\(org)")
    #expect(org.contains("Jane Doe (jane-doe), CTO"), "\(org)")
    #expect(org.contains("José García (jose-garcia)"), "\(org)")
    let people = try box.json(["person", "list", "--json"])
    let handles = (people["people"] as? [[String: Any]])?.compactMap { $0["handle"] as? String }
    // By name.
    #expect(
      handles == ["alex-morgan", "chen-wu", "dana-fox", "jane-doe", "jose-garcia", "sam-lee"])
    let alumni = try box.ok(["person", "list", "--tag", "ALUMNI"]).stdoutLines
    #expect(alumni.count == 2 && alumni[1].hasPrefix("jane-doe"), "\(alumni)")
  }

  /// A record dated after now is kept, with a note saying it counts only from then; a
  /// follow-up on the interaction's own day is allowed.
  @Test("a record dated later than now is kept, with a note on stderr")
  func futureRecord() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Alex Morgan"])
    try box.ok(["person", "add", "Sam Lee"])
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withFullDate]
    let soon = formatter.string(from: Date().addingTimeInterval(10 * 86_400))
    let logged = try box.ok(
      ["log", "call", "--with", "sam-lee", "--on", soon, "--follow-up", soon], quietStderr: false)
    #expect(logged.stderrLines.count == 1, "\(logged)")
    #expect(logged.stderr.hasPrefix("note: --on \(soon) is after today, "), "\(logged)")
    #expect(logged.stdout.contains("on \(soon)"), "\(logged)")
    // In the past of --as-of it is an ordinary record.
    try box.ok(["log", "call", "--with", "sam-lee", "--on", "2026-01-10", "--as-of", "2026-01-11"])

    // A note does not "count": it is shown only from its date.
    let noted = try box.ok(
      ["note", "sam-lee", "Moving to Lisbon", "--on", soon], quietStderr: false)
    #expect(noted.stderrLines.count == 1, "\(noted)")
    #expect(noted.stderr.hasPrefix("note: --on \(soon) is after today, "), "\(noted)")
    #expect(
      noted.stderr.hasSuffix(
        "; `kith brief` quotes the note only from then (`kith person show` marks it as in the future).\n"
      ), "\(noted)")
    #expect(!(try box.ok(["brief", "sam-lee"]).stdout.contains("Lisbon")))
    #expect(
      try box.ok(["person", "show", "sam-lee"]).stdout.contains(
        "Moving to Lisbon  (#1)  (in the future)"))
    let edited = try box.ok(["edit", "note", "1", "--on", soon], quietStderr: false)
    #expect(edited.stderrLines == noted.stderrLines)
  }
}
