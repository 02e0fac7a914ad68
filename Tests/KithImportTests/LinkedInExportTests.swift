import Foundation
import KithGraph
import KithImport
import KithTestSupport
import Testing

@Suite("LinkedIn export")
struct LinkedInExportTests {
  @Test("current Connections.csv: preamble skipped, columns by name, URL keys, affiliations")
  func currentConnections() throws {
    let batch = try LinkedInExport.read(
      path: ImportFixtures.path("linkedin-current/Connections.csv"))
    #expect(batch.problems.isEmpty)
    #expect(
      batch.people.map(\.name) == [
        "Ada Quill", "Bruno Okafor-Lind", "Chloé Varga", "Dev Ramaswamy",
      ])
    let bruno = try #require(batch.person(named: "Bruno Okafor-Lind"))
    #expect(bruno.emails == ["bruno.ol@example.org"])
    #expect(bruno.key == "linkedin.com/in/bruno-okafor-lind")
    // A country subdomain and a trailing slash normalise away.
    #expect(batch.person(named: "Chloé Varga")?.key == "linkedin.com/in/chloe-varga")
    #expect(bruno.location.line == 6)
    #expect(batch.organisations.map(\.name) == ["Northwind Analytics", "Pemberly, Stroud & Co"])
    let roles = batch.affiliations.map { $0.role ?? "-" }
    #expect(roles == ["Staff Data Scientist", "Partner", "Head of Product, EMEA"])
    #expect(batch.ties.count == 4)
    #expect(batch.ties.allSatisfy { $0.a == .me && $0.weight == LinkedInExport.connectionWeight })
    #expect(batch.ties.first?.date.map(KithTime.format) == "2025-12-05T00:00:00Z")
  }

  @Test("old Connections.csv: no preamble, no URL, US dates with a clock")
  func oldConnections() throws {
    let batch = try LinkedInExport.read(path: ImportFixtures.path("linkedin-old/Connections.csv"))
    #expect(batch.problems.isEmpty)
    #expect(batch.people.map(\.key) == ["name:frida holm", "name:gus ibarra"])
    #expect(
      batch.ties.map { $0.date.map(KithTime.format) ?? "-" } == [
        "2018-01-08T18:14:00Z", "2017-11-23T10:01:00Z",
      ])
  }

  @Test(
    "the folder: invitations keep their text and sender, recommendations give a note and an endorsement"
  )
  func folder() throws {
    let batch = try LinkedInExport.read(path: ImportFixtures.path("linkedin-current"))
    #expect(batch.problems.isEmpty)
    #expect(batch.interactions.count == 2)
    let outgoing = try #require(batch.interactions.first)
    #expect(outgoing.initiator == .me)
    #expect(outgoing.participants == [.me, .record("linkedin.com/in/ada-quill-4b1a2c")])
    #expect(outgoing.summary?.contains("great talk at the meetup") == true)
    #expect(outgoing.kind == .message)
    let incoming = batch.interactions[1]
    #expect(incoming.initiator == .record("linkedin.com/in/emil-sorensen"))
    #expect(KithTime.format(incoming.time) == "2024-03-14T18:02:00Z")
    #expect(batch.notes.count == 1)
    #expect(batch.notes[0].text.contains("due-diligence data room"))
    // The recommender is the connection of the same name (keyed by URL).
    #expect(batch.notes[0].subject == .person(.record("linkedin.com/in/bruno-okafor-lind")))
    #expect(batch.exchanges.map(\.kind) == [.endorsement])
    #expect(batch.exchanges[0].receiver == .me)
  }

  @Test("the .zip of the export reads like the folder")
  func zip() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "kith-zip-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let archive = dir.appendingPathComponent("Basic_LinkedInDataExport.zip").path
    let zip = Process()
    zip.executableURL = URL(fileURLWithPath: "/usr/bin/zip")
    zip.currentDirectoryURL = ImportFixtures.root
    zip.arguments = ["-q", "-r", archive, "linkedin-current"]
    try zip.run()
    zip.waitUntilExit()
    try #require(zip.terminationStatus == 0, "zip failed (scripts/setup.sh --test installs it)")
    let fromZip = try LinkedInExport.read(path: archive)
    let fromFolder = try LinkedInExport.read(path: ImportFixtures.path("linkedin-current"))
    #expect(fromZip.people.map(\.key) == fromFolder.people.map(\.key))
    #expect(fromZip.interactions.map(\.sourceID) == fromFolder.interactions.map(\.sourceID))
    #expect(LinkedInExport.detect(try FileSniff(path: archive)))
  }

  struct BadCase: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    var expected: String
    var testDescription: String { name }
  }

  static let badRows: [BadCase] = [
    BadCase(
      name: "unparseable date",
      text:
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAl,Bo,,,,,32 Foo 2020\n",
      expected: "c.csv:2:11: Connected On: '32 Foo 2020' is not a date"),
    BadCase(
      name: "no name beside a profile",
      text:
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n,,https://www.linkedin.com/in/x,,,,05 Dec 2025\n",
      expected: "c.csv:2:1: First Name: the name is missing"),
    BadCase(
      name: "bad direction",
      text: "From,To,Sent At,Message,Direction\nA B,C D,\"1/8/18, 6:14 PM\",hi,SIDEWAYS\n",
      expected: "Direction: 'SIDEWAYS' is neither INCOMING nor OUTGOING"),
    BadCase(
      name: "a connection row with fields missing (an edited file)",
      text:
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\nBroken,Row,https://www.linkedin.com/in/broken\n",
      expected: "c.csv:2:1: 3 fields, but the header names 7 columns"),
    BadCase(
      name: "a connection row with a field too many (a comma not quoted)",
      text:
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAl,Bo,,,Acme, Inc,CEO,05 Dec 2025\n",
      expected: "c.csv:2:23: 8 fields, but the header names 7 columns"),
    BadCase(
      name: "an invitation row with fields missing",
      text: "From,To,Sent At,Message,Direction\nA B,C D,\"1/8/18, 6:14 PM\"\n",
      expected: "c.csv:2:1: 3 fields, but the header names 5 columns"),
  ]

  @Test("a trailing empty line is no row")
  func trailingEmptyLine() throws {
    let batch = try LinkedInExport.parse(
      "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\nAl,Bo,,,,,05 Dec 2025\r\n\r\n",
      path: "c.csv")
    #expect(batch.problems.isEmpty)
    #expect(batch.people.map(\.name) == ["Al Bo"])
  }

  @Test("a bad row is a located problem naming the field", arguments: badRows)
  func badRow(_ c: BadCase) throws {
    let batch = try LinkedInExport.parse(c.text, path: "c.csv")
    #expect(batch.problems.count == 1)
    let problem = try #require(batch.problems.first)
    #expect(problem.location?.line == 2)
    #expect(problem.description.contains(c.expected), "\(problem)")
  }

  @Test("a CSV that is not LinkedIn's is refused")
  func wrongFile() {
    #expect(throws: ImportError.self) {
      try LinkedInExport.parse("name,email\nA,a@b.c\n", path: "x.csv")
    }
  }
}

@Suite("Import dates")
struct ImportDatesTests {
  @Test(
    "export date forms",
    arguments: [
      ("05 Dec 2025", "2025-12-05T00:00:00Z"), ("5 Dec 2025", "2025-12-05T00:00:00Z"),
      ("1/8/18, 6:14 PM", "2018-01-08T18:14:00Z"), ("12/31/99", "1999-12-31T00:00:00Z"),
      ("1/8/2018 12:05 AM", "2018-01-08T00:05:00Z"), ("2024-03-01", "2024-03-01T00:00:00Z"),
      ("2024-03-01 10:11:12 UTC", "2024-03-01T10:11:12Z"), ("Dec 5, 2025", "2025-12-05T00:00:00Z"),
      ("2024-03-01T10:00:00+02:00", "2024-03-01T08:00:00Z"),
    ])
  func parses(_ text: String, _ expected: String) {
    #expect(ImportDates.parse(text).map(KithTime.format) == expected)
  }

  @Test(
    "not dates",
    arguments: [
      "", "31 Feb 2024", "13/1/20", "1/8/18, 13:00 PM", "yesterday", "2/30/2020", "1/2/3",
    ])
  func rejects(_ text: String) {
    #expect(ImportDates.parse(text) == nil)
  }
}

@Suite("Identity keys")
struct IdentityKeyTests {
  @Test func emails() {
    #expect(IdentityKey.email(" Jane.Doe@Example.COM ") == "jane.doe@example.com")
    #expect(IdentityKey.email("mailto:a@b.org") == "a@b.org")
    #expect(IdentityKey.email("not an address") == nil)
    #expect(IdentityKey.email("@b.org") == nil)
  }

  @Test(
    "automated senders by their address's name",
    arguments: [
      ("messages-noreply@linkedin.com", true), ("noreply@x.io", true), ("No.Reply@x.io", true),
      ("no_reply+abc@x.io", true), ("donotreply@x.io", true), ("do-not-reply@x.io", true),
      ("MAILER-DAEMON@mx.x.io", true), ("postmaster@x.io", true), ("bounces+1234@x.io", true),
      ("bounce@x.io", true), ("notifications@github.com", true), ("ann@x.io", false),
      ("noreply.fan@x.io", true), ("ann.notifications@x.io", false), ("x@noreply.io", false),
      ("not an address", false),
    ])
  func automated(address: String, expected: Bool) {
    #expect(MailImport.isAutomated(address) == expected)
  }

  @Test("mailboxes: a +tag is the same mailbox; Gmail ignores dots and answers at googlemail.com")
  func mailboxes() {
    #expect(IdentityKey.mailbox("Alex.Morgan+kith@gmail.com") == "alexmorgan@gmail.com")
    #expect(IdentityKey.mailbox("AlexMorgan@googlemail.com") == "alexmorgan@gmail.com")
    #expect(IdentityKey.mailbox("<a.b+x+y@GoogleMail.COM>") == "ab@gmail.com")
    #expect(IdentityKey.mailbox("jane.doe+news@example.com") == "jane.doe@example.com")
    #expect(IdentityKey.mailbox("jane.doe@example.com") == "jane.doe@example.com")
    #expect(IdentityKey.mailbox("a.b@mail.gmail.com") == "a.b@mail.gmail.com")
    #expect(IdentityKey.mailbox("+1@example.com") == "+1@example.com")
    #expect(IdentityKey.mailbox("zoë+x@example.com") == "zoë@example.com")
    #expect(IdentityKey.mailbox("not an address") == nil)
  }

  /// Printable ASCII without spaces takes a byte path; spaces around the same text send it
  /// through the general one (Foundation's trimming and lower-casing). Both must give one key,
  /// and one mailbox.
  @Test func emailByteAndGeneralPathsAgree() {
    var rng = SeededGenerator(seed: 4)
    let pieces = [
      "mailto:", "MailTo:", "mailto", "<", ">", "@", "a", "B.", "Jane.Doe", "example.COM", ",",
      ";", ".", "-", "+", "mail", "to:", "x@y", "gmail.com", "GoogleMail.com", "+tag",
    ]
    var texts = [
      "Jane.Doe@Example.COM", "mailto:a@b.org", "MAILTO:<A@B.ORG>", "<a@b>", "@b.org", "a@",
      "a@b,c", "mailto:", "<>", "<@>", "mailto:@x", "<a@b", "a@b>",
    ]
    for _ in 0..<3_000 {
      texts.append(
        (0..<Int.random(in: 1...6, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }
          .joined())
    }
    var keys = 0
    for text in texts {
      let key = IdentityKey.email(text)
      #expect(key == IdentityKey.email(" " + text + "\t"), "\(text)")
      #expect(IdentityKey.mailbox(text) == IdentityKey.mailbox(" " + text + "\t"), "\(text)")
      #expect(IdentityKey.mailbox(text) == key.map(IdentityKey.mailbox(ofAddress:)), "\(text)")
      if key != nil { keys += 1 }
    }
    #expect(keys > 300)
    #expect(IdentityKey.email("Zoë@Example.com") == "zoë@example.com")
  }

  @Test func urls() {
    #expect(
      IdentityKey.url("https://uk.linkedin.com/in/Jane-Doe/?trk=x#top")
        == "linkedin.com/in/jane-doe")
    #expect(IdentityKey.url("http://www.example.com/") == "example.com")
    #expect(IdentityKey.url("jane doe") == nil)
  }

  /// Printable ASCII without `%` takes a byte path; a leading space sends the same text through
  /// the general one (which trims it). Both must give the same key.
  @Test func urlByteAndGeneralPathsAgree() {
    var rng = SeededGenerator(seed: 3)
    let pieces = [
      "https://", "http://", "://", "www.", "uk.", "linkedin.com", ".linkedin.com", "/in/", "/",
      "//", "?", "#", "a", "B", "Jane-Doe", "x.org", ".", ":", "=", "ÉX",
    ]
    var texts = [
      "https://uk.linkedin.com/in/Jane-Doe/?trk=x#top", "WWW.Example.COM///", "www.", "a.b",
      "http://", "x.org?y=http://z.org", "https://www.linkedin.com/in/u1", "linkedin.com",
      "www.linkedin.com", "a.linkedin.com/", "nodot/path",
    ]
    for _ in 0..<3_000 {
      texts.append(
        (0..<Int.random(in: 1...6, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }
          .joined())
    }
    for text in texts {
      #expect(IdentityKey.url(text) == IdentityKey.url(" " + text), "\(text)")
    }
    #expect(IdentityKey.url("https://WWW.LinkedIn.com/in/Zoë") == "linkedin.com/in/zoë")
    #expect(IdentityKey.url("https://x.org/a%20b") == "x.org/a b")
  }

  @Test func phones() {
    #expect(IdentityKey.phone("+44 20 7946 0958") == "442079460958")
    #expect(IdentityKey.phone("0044 20 7946 0958") == "442079460958")
    #expect(IdentityKey.phone("020 7946 0958") == "2079460958")
    #expect(IdentityKey.phone("123") == nil)
    #expect(IdentityKey.phonesMatch("442079460958", "2079460958"))
    #expect(!IdentityKey.phonesMatch("442079460958", "2079460959"))
    #expect(!IdentityKey.phonesMatch("12345678901234", "8901234"))
  }
}

extension LinkedInExportTests {
  @Test("the export's date comes from LinkedIn's name for it, month first")
  func exportDate() {
    #expect(
      LinkedInExport.exportDate("/d/Basic_LinkedInDataExport_12-05-2025.zip/Connections.csv")
        == KithTime.parse("2025-12-05"))
    #expect(LinkedInExport.exportDate("/d/Connections.csv") == nil)
    #expect(LinkedInExport.exportDate("/d/Basic_LinkedInDataExport_13-05-2025") == nil)
  }

  @Test("a connection's company is their one current position")
  func positionPlace() throws {
    let batch = try LinkedInExport.read(
      path: ImportFixtures.path("linkedin-old/Connections.csv"), now: KithTime.parse("2026-01-02")!
    )
    #expect(batch.snapshotDate == KithTime.parse("2026-01-02"))
    #expect(!batch.affiliations.isEmpty)
    #expect(batch.affiliations.allSatisfy { $0.sourceID == "position:\($0.person)" })
  }
}

extension LinkedInExportTests {
  @Test("a row with nothing but a date (a deleted member) is left out and counted")
  func deletedMemberRow() throws {
    let batch = try LinkedInExport.parse(
      "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n,,,,,,03 Mar 2022\nA,B,,,,,05 Dec 2025\n",
      path: "c.csv")
    #expect(batch.problems.isEmpty)
    #expect(batch.leftOut == ["withoutName": 1])
    #expect(batch.people.map(\.name) == ["A B"])
  }

  @Test("rows a file cannot read are records of its kind")
  func problemKinds() throws {
    let connections = try LinkedInExport.parse(
      "First Name,Last Name,URL,Email Address,Company,Position,Connected On\nA,B,,,,,31 Feb 2025\n",
      path: "c.csv")
    #expect(connections.problems.map(\.recordKind) == ["people"])
    let invitations = try LinkedInExport.parse(
      "From,To,Sent At,Message,Direction\nA B,C D,\"1/8/18, 6:14 PM\",hi,SIDEWAYS\n",
      path: "i.csv")
    #expect(invitations.problems.map(\.recordKind) == ["interactions"])
  }
}
