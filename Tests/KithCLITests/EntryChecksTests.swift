import Foundation
import KithTestSupport
import Testing

/// What a record's command line is checked for before anything is written: dates with a
/// mistyped year or ahead of a status change, dates and months in another form, and refusals
/// that name the option at fault as it was typed.
extension FailureTests {
  static let entryCases: [Case] = [
    Case(
      name: "log --on with a mistyped past year",
      arguments: ["log", "meeting", "--with", "sam-lee", "--on", "1926-03-01"], status: 64,
      mentions: ["--on 1926-03-01 is before 1950-01-01; check the year."]),
    Case(
      name: "give --on 1900",
      arguments: ["give", "advice", "--from", "me", "--to", "sam-lee", "--on", "1900-01-01"],
      status: 64, mentions: ["--on 1900-01-01 is before 1950-01-01"]),
    Case(
      name: "refer --on 1926",
      arguments: ["refer", "--by", "sam-lee", "--about", "jane-doe", "--on", "1926-01-01"],
      status: 64, mentions: ["--on 1926-01-01 is before 1950-01-01"]),
    Case(
      name: "note --on the day before 1950",
      arguments: ["note", "sam-lee", "Moved to Lisbon", "--on", "1949-12-31"], status: 64,
      mentions: ["--on 1949-12-31 is before 1950-01-01"]),
    Case(
      name: "tie --on 1926",
      arguments: ["tie", "sam-lee", "jane-doe", "--on", "1926-01-01"], status: 64,
      mentions: ["--on 1926-01-01 is before 1950-01-01"]),
    Case(
      name: "--follow-up more than a year ahead",
      arguments: [
        "log", "call", "--with", "sam-lee", "--on", "2026-03-01", "--follow-up", "2030-01-01",
        "--as-of", "2026-03-01",
      ],
      status: 64,
      mentions: ["--follow-up 2030-01-01 is more than a year after --as-of 2026-03-01"]),
    Case(
      name: "a referral status change dated ahead",
      arguments: [
        "referral", "1", "--status", "reported-back", "--on", "2026-03-01", "--as-of",
        "2026-02-01",
      ],
      status: 64,
      mentions: [
        "--on 2026-03-01 is after --as-of 2026-02-01: a status change records what has happened"
      ]),
    Case(
      name: "a referral status change before the last one, named",
      arguments: ["referral", "1", "--status", "reported-back", "--on", "2026-01-15"],
      status: 65,
      mentions: [
        "--on: the change cannot predate the referral's last status change, met on 2026-01-20"
      ]),
    Case(
      name: "a date in another form",
      arguments: ["log", "meeting", "--with", "sam-lee", "--on", "2026-6-1"], status: 64,
      mentions: [
        "--on '2026-6-1' is not a date; use YYYY-MM-DD (e.g. 2026-06-01) or an ISO 8601 date-time"
      ]),
    Case(
      name: "an empty handle", arguments: ["person", "add", "Ada Quill", "--handle", ""],
      status: 64,
      mentions: ["--handle is empty; give one such as jane-doe, or leave the option out."]),
    Case(
      name: "an empty organisation handle", arguments: ["org", "add", "Zed", "--handle", " "],
      status: 64,
      mentions: ["--handle is empty; give one such as jane-doe, or leave the option out."]),
    Case(
      name: "a date out of range", arguments: ["ties", "--as-of", "3000-01-01"], status: 64,
      mentions: ["--as-of '3000-01-01' is out of range; dates run from 1900-01-01 to 2199-12-31"]
    ),
    Case(
      name: "an affiliation ending before it starts, named by its option",
      arguments: ["affiliate", "sam-lee", "acme", "--from", "2026-05-01", "--to", "2026-01-01"],
      status: 65, mentions: ["kith: error: --to: an affiliation cannot end before it starts"]),
    Case(
      name: "a month in another form", arguments: ["plan", "--month", "2026-1"], status: 64,
      mentions: ["--month '2026-1' is not a month; use YYYY-MM (e.g. 2026-01)"]),
    Case(
      name: "log with only you", arguments: ["log", "meeting", "--with", "me"], status: 65,
      mentions: [
        "--with me names you (alex-morgan), and you take part in every interaction; name the other person with --with"
      ]),
    Case(
      name: "log --by someone not there",
      arguments: ["log", "meeting", "--with", "sam-lee", "--by", "jane-doe"], status: 65,
      mentions: ["kith: error: --by: the initiator must be one of the participants"]),
    Case(
      name: "give to the giver",
      arguments: ["give", "advice", "--from", "sam-lee", "--to", "Sam Lee"], status: 65,
      mentions: ["kith: error: --to: the giver and the receiver must differ"]),
    Case(
      name: "refer by you to you", arguments: ["refer", "--by", "me", "--about", "jane-doe"],
      status: 65, mentions: ["kith: error: --by: the referrer and the recipient must differ"]),
    Case(
      name: "referral with two numbers", arguments: ["referral", "1", "2"], status: 64,
      mentions: ["Unexpected argument '2'"]),
    Case(name: "an empty note", arguments: ["note", "sam-lee", ""], status: 65),
  ]

  @Test("a refused record keeps every promise", arguments: entryCases)
  func entryFailure(_ c: Case) throws {
    try failure(c)
  }
}

@Suite("Record entry: kinds in any case, empty text, dates at the edges")
struct EntryChecksTests {
  static func seeded() throws -> CLISandbox {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Alex Morgan"])
    try box.ok(["person", "add", "Sam Lee"])
    try box.ok(["org", "add", "Acme Robotics"])
    return box
  }

  @Test("kinds and statuses are read in any case")
  func kindsInAnyCase() throws {
    let box = try Self.seeded()
    try box.ok(["log", "Meeting", "--with", "sam-lee", "--on", "2026-01-10"])
    try box.ok(["give", "ADVICE", "--from", "sam-lee", "--to", "me", "--on", "2026-01-10"])
    try box.ok(["refer", "--by", "sam-lee", "--about", "acme-robotics", "--on", "2026-01-11"])
    let moved = try box.json(["referral", "1", "--status", "Met", "--on", "2026-01-20", "--json"])
    #expect((moved["referral"] as? [String: Any])?["status"] as? String == "met")
  }

  @Test("refer --about a name that is a person's and an organisation's asks which; prefixes say")
  func personOrOrganisation() throws {
    let box = try Self.seeded()
    try box.ok(["person", "add", "Acme Robotics"])
    try box.ok(["person", "add", "Helix Smith"])
    try box.ok(["org", "add", "Helix Diagnostics"])
    let before = try box.export()
    let both = try box.run(["refer", "--by", "sam-lee", "--about", "Acme Robotics"])
    #expect(both.status == 65)
    #expect(
      both.stderr
        == "kith: error: 'Acme Robotics' is both a person, Acme Robotics (acme-robotics), and an organisation, Acme Robotics (acme-robotics); say which with person:acme-robotics or org:acme-robotics\n"
    )
    #expect(try box.export() == before)
    // intro --to asks the same.
    let intro = try box.run(["intro", "--to", "Acme Robotics"])
    #expect(intro.status == 65 && intro.stderr.contains("say which with person:acme-robotics"))
    try box.ok(["refer", "--by", "sam-lee", "--about", "org:acme-robotics", "--on", "2026-01-11"])
    try box.ok([
      "refer", "--by", "sam-lee", "--about", "person:Acme Robotics", "--on", "2026-01-12",
    ])
    // One exact match wins over the other's word prefix: the organisation here.
    try box.ok(["refer", "--by", "sam-lee", "--about", "helix diagnostics", "--on", "2026-01-13"])
    let listed = try box.json(["referrals", "--as-of", "2026-01-14", "--json"])
    let referees = try #require(listed["referrals"] as? [[String: Any]]).compactMap {
      $0["referee"] as? [String: Any]
    }
    #expect(
      referees.map { "\($0["name"] ?? "")|\($0["organisation"] as? Bool == true)" }.sorted() == [
        "Acme Robotics|false", "Acme Robotics|true", "Helix Diagnostics|true",
      ])
    #expect(try box.run(["refer", "--by", "sam-lee", "--about", "org:"]).status == 64)
  }

  @Test("refer's reply tells a namesake of yours apart by handle")
  func referNamesake() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Sofia Marin"])
    try box.ok(["person", "add", "Sofia Marin"], quietStderr: false)
    try box.ok(["person", "add", "Ann Lee"])
    #expect(
      try box.ok(["refer", "--by", "sofia-marin-2", "--about", "ann", "--on", "2026-01-02"]).stdout
        == "Referral #1: Sofia Marin (sofia-marin-2) → Sofia Marin (sofia-marin) about Ann Lee (suggested).\n"
    )
  }

  @Test("empty or blank optional text is recorded as absent")
  func emptyTextIsAbsent() throws {
    let box = try Self.seeded()
    let logged = try box.json([
      "log", "meeting", "--with", "sam-lee", "--on", "2026-01-10", "--summary", "", "--channel",
      " ", "--json",
    ])
    #expect((logged["interaction"] as? [String: Any])?["summary"] is NSNull)
    let given = try box.json([
      "give", "advice", "--from", "me", "--to", "sam-lee", "--note", " ", "--json",
    ])
    #expect((given["exchange"] as? [String: Any])?["note"] is NSNull)
    let referred = try box.json([
      "refer", "--by", "sam-lee", "--about", "acme-robotics", "--why", "", "--json",
    ])
    #expect((referred["referral"] as? [String: Any])?["why"] is NSNull)
    let backup = try box.export()
    #expect(!backup.contains("\"\""), "an empty text was stored: \(backup)")
    #expect(!backup.contains("\" \""), "a blank text was stored: \(backup)")
    let brief = try box.ok(["brief", "sam-lee", "--as-of", "2026-02-01"]).stdout
    #expect(!brief.contains("“”"), "\(brief)")
  }

  @Test("1950-01-01 and a status change dated now are accepted")
  func datesAtTheEdges() throws {
    let box = try Self.seeded()
    try box.ok(["log", "meeting", "--with", "sam-lee", "--on", "1950-01-01"])
    try box.ok(["refer", "--by", "sam-lee", "--about", "acme-robotics", "--on", "2026-01-11"])
    try box.ok(["referral", "1", "--status", "met", "--on", "2026-02-01", "--as-of", "2026-02-01"])
    try box.ok(["referral", "1", "--status", "reported-back", "--as-of", "2026-02-02"])
  }

  @Test("referral's help shows one number, as it takes one")
  func referralUsage() throws {
    let help = try CLISandbox().ok(["referral", "--help"]).stdout
    #expect(help.contains("[--json] <id> [--status <status>]"), "\(help)")
    #expect(!help.contains("<id> ..."), "\(help)")
  }
}
