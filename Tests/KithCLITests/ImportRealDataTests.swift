import Foundation
import KithTestSupport
import Testing

/// Moving a real address book, calendar and mailbox in: the files as the services write them,
/// downloaded twice, older and newer.
@Suite("kith import of real exports")
struct ImportRealDataTests {
  func sandbox() throws -> CLISandbox {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Test User"])
    return box
  }

  func write(_ text: String, _ path: String) throws {
    try text.write(toFile: path, atomically: true, encoding: .utf8)
  }

  /// The counts of a `--json` import of one file.
  func counts(_ json: [String: Any]) throws -> [String: [String: Int]] {
    let files = try #require(json["files"] as? [[String: Any]])
    return try #require(files.first?["counts"] as? [String: [String: Int]])
  }

  @Test("the same CSV rows under another file name change nothing (people, notes, calls, edges)")
  func csvUnderAnotherName() throws {
    let box = try sandbox()
    let people = """
      email,company,last name,first name,tags,notes
      sam@taylor.example,Taylor Consulting,Taylor,Sam,clients,"Knows everyone in fintech"
      ,Coho Winery,Wilson,Emma,wine,Met at the tasting

      """
    let interactions = "date,with,kind\n2026-01-05,Emma Wilson,call\n2026-01-06,Sam Taylor,call\n"
    let edges = "source,target\nEmma Wilson,Sam Taylor\n"
    try write(people, box.file("contacts.csv"))
    try write(people, box.file("contacts (1).csv"))
    try write(interactions, box.file("calls.csv"))
    try write(interactions, box.file("calls-2026-01.csv"))
    try write(edges, box.file("edges.csv"))
    try write(edges, box.file("edges (1).csv"))
    try box.ok(["import", "csv", box.file("contacts.csv")])
    try box.ok(["import", "csv", box.file("calls.csv")])
    try box.ok(["import", "csv", box.file("edges.csv")])
    let again = try counts(box.json(["import", "csv", box.file("contacts (1).csv"), "--json"]))
    #expect(again["people"]?["added"] == 0, "\(again)")
    #expect(again["notes"] == ["added": 0, "merged": 0, "unchanged": 2, "skipped": 0], "\(again)")
    let calls = try counts(box.json(["import", "csv", box.file("calls-2026-01.csv"), "--json"]))
    #expect(
      calls["interactions"] == ["added": 0, "merged": 0, "unchanged": 2, "skipped": 0],
      "\(calls)")
    let ties = try counts(box.json(["import", "csv", box.file("edges (1).csv"), "--json"]))
    #expect(ties["ties"]?["added"] == 0, "\(ties)")
    let list = try box.ok(["person", "list"]).stdout
    #expect(!list.contains("emma-wilson-2"), "\(list)")
    let show = try box.ok(["person", "show", "emma-wilson"]).stdout
    #expect(show.components(separatedBy: "Met at the tasting").count == 2, "\(show)")
    let history = try box.ok(["history", "emma-wilson"]).stdout
    #expect(history.components(separatedBy: "call").count == 2, "\(history)")
  }
}

extension ImportRealDataTests {
  @Test("another title at the same organisation retitles the open job; merge keeps one open job")
  func oneOpenJobPerOrganisation() throws {
    let box = try sandbox()
    let connections = box.file("Connections.csv")
    try write(
      #"""
      First Name,Last Name,URL,Email Address,Company,Position,Connected On
      José,Álvarez,https://www.linkedin.com/in/jalvarez,,"Contoso, S.L.","Head of ""Growth""",05 Dec 2025
      Chloé,Dubois,https://www.linkedin.com/in/cdubois,,Blue Yonder Airlines,Talent Partner,05 Dec 2025

      """#, connections)
    try box.ok(["import", connections])
    let card = box.file("apple.vcf")
    try write(
      """
      BEGIN:VCARD
      VERSION:3.0
      FN:José Álvarez
      ORG:Contoso\\, S.L.
      TITLE:Head of Growth
      URL:https://www.linkedin.com/in/jalvarez
      END:VCARD
      BEGIN:VCARD
      VERSION:3.0
      FN:Chloé Dubois
      EMAIL:chloe@blueyonder.example
      ORG:Blue Yonder Airlines
      END:VCARD

      """, card)
    let imported = try counts(box.json(["import", card, "--json"]))
    #expect(imported["affiliations"]?["added"] == 2, "\(imported)")
    // The later title is the open job; the one it replaced stays in the history, ended.
    let jose = try box.ok(["person", "show", "jose-alvarez"]).stdout
    let lines = jose.split(separator: "\n")
    #expect(
      lines.filter { $0.hasPrefix("  at Contoso") }.map(String.init) == [
        "  at Contoso, S.L., Head of Growth  (#3)"
      ], "\(jose)")
    #expect(
      lines.contains { $0.hasPrefix("  was at Contoso, S.L., Head of \"Growth\"") }, "\(jose)")
    // Each file again changes nothing: what a source said before does not retitle the job.
    let before = try box.export()
    try box.ok(["import", connections])
    try box.ok(["import", card])
    #expect(try box.export() == before)
    // Chloé's card (her email, no title) made a second person with her untitled job there;
    // merging the two leaves the titled job only.
    try box.ok(["merge", "chloe-dubois", "chloe-dubois-2"])
    let chloe = try box.ok(["person", "show", "chloe-dubois"]).stdout
    #expect(chloe.contains("at Blue Yonder Airlines, Talent Partner"), "\(chloe)")
    #expect(chloe.components(separatedBy: "at Blue Yonder Airlines").count == 2, "\(chloe)")
  }

  @Test("two roles held at one place on purpose stay: an import adds its title, merge keeps both")
  func twoRolesOnPurpose() throws {
    let box = try sandbox()
    try box.ok(["person", "add", "Ann Lee", "--email", "ann@acme.example"])
    try box.ok(["org", "add", "Acme"])
    try box.ok(["affiliate", "ann-lee", "acme", "--role", "Board member"])
    try box.ok(["affiliate", "ann-lee", "acme", "--role", "Advisor"])
    let card = box.file("ann.vcf")
    try write(
      "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nEMAIL:ann@acme.example\nORG:Acme\nTITLE:Chair\nEND:VCARD\n",
      card)
    try box.ok(["import", card])
    let shown = try box.ok(["person", "show", "ann-lee"]).stdout
    for role in ["Board member", "Advisor", "Chair"] {
      #expect(shown.contains("  at Acme, \(role)"), "\(role): \(shown)")
    }
    try box.ok(["person", "add", "Ann Lee"], quietStderr: false)
    try box.ok(["affiliate", "ann-lee-2", "acme", "--role", "Advisor"])
    try box.ok(["merge", "ann-lee", "ann-lee-2"])
    let merged = try box.ok(["person", "show", "ann-lee"]).stdout
    #expect(merged.components(separatedBy: "  at Acme, Advisor").count == 2, "\(merged)")
    #expect(merged.contains("  at Acme, Board member") && merged.contains("  at Acme, Chair"))
  }
}

extension ImportRealDataTests {
  /// Imports a newer LinkedIn file at `newerPath` in `box` (Jane's position changed, and Kwame
  /// connected on `kwameConnected`), then an older Connections.csv; returns the second import.
  func importOlderLinkedInAfterNewer(
    in box: CLISandbox, newerPath: String, kwameConnected: String
  ) throws -> KithRun {
    let header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
    let newer = box.file(newerPath)
    try FileManager.default.createDirectory(
      atPath: (newer as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try write(
      """
      \(header)
      Jane,Doe,https://www.linkedin.com/in/janedoe,,Adatum Cloud,Principal Engineer,05 Dec 2025
      Kwame,Mensah,https://www.linkedin.com/in/kmensah,,Northwind,CTO,\(kwameConnected)

      """, newer)
    let older = box.file("Connections.csv")
    try write(
      """
      \(header)
      Jane,Doe,https://www.linkedin.com/in/janedoe,,Adatum,Senior Engineer,05 Dec 2025

      """, older)
    try box.ok(["import", "linkedin", newer])
    return try box.ok(["import", "linkedin", older])
  }

  @Test("an older undated LinkedIn file after a newer dated export keeps the newer positions")
  func olderLinkedInAfterNewer() throws {
    let box = try sandbox()
    let result = try importOlderLinkedInAfterNewer(
      in: box, newerPath: "Basic_LinkedInDataExport_11-27-2026/Connections.csv",
      kwameConnected: "20 Nov 2026")
    #expect(
      result.stdout.contains(
        "Kept 1 position as imported before: the LinkedIn export imported before is dated 2026-11-27 by its name and this one has connections only up to 2025-12-05, so the earlier one was taken as the newer export. If this one is newer, name it after the day you downloaded it, as LinkedIn names its exports (Basic_LinkedInDataExport_MM-DD-YYYY.csv, or a folder of that name), and import it again.\n"
      ), "\(result.stdout)")
    // An older export lacks the newer connections: that is no news.
    #expect(!result.stdout.contains("no longer in the export"), "\(result.stdout)")
    let show = try box.ok(["person", "show", "jane"]).stdout
    #expect(show.contains("\n  at Adatum Cloud, Principal Engineer  (#"), "\(show)")
    #expect(!show.contains("Senior Engineer"), "\(show)")
  }
}

extension ImportRealDataTests {
  @Test("a newer LinkedIn export names the connections it no longer holds, and changes nothing")
  func connectionsNoLongerInExport() throws {
    let box = try sandbox()
    let header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
    let older = box.file("Basic_LinkedInDataExport_10-27-2026/Connections.csv")
    let newer = box.file("Basic_LinkedInDataExport_11-27-2026/Connections.csv")
    for path in [older, newer] {
      try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    }
    let jane = "Jane,Doe,https://www.linkedin.com/in/janedoe,,Adatum,Engineer,05 Dec 2025"
    try write(
      """
      \(header)
      \(jane)
      Emma,Wilson,https://www.linkedin.com/in/emmaw,,Coho Winery,Owner,03 Mar 2024

      """, older)
    try write("\(header)\n\(jane)\n", newer)
    let first = try box.ok(["import", "linkedin", older]).stdout
    #expect(!first.contains("no longer in the export"), "\(first)")
    let before = try box.export()
    let dry = try box.ok(["import", "linkedin", newer, "--dry-run"]).stdout
    #expect(try box.export() == before)
    #expect(
      dry.contains("\n1 connection no longer in the export (kept as recorded): Emma Wilson\n"),
      "\(dry)")
    let json = try box.json(["import", "linkedin", newer, "--json"])
    let file = try #require((json["files"] as? [[String: Any]])?.first)
    #expect(file["missingConnections"] as? [String] == ["emma-wilson"])
    // The summary only reports: Emma and her job are as they were.
    let show = try box.ok(["person", "show", "emma-wilson"]).stdout
    #expect(show.contains("at Coho Winery, Owner"), "\(show)")
  }

  @Test("a card with only an email is named after it; a skipped card counts as skipped")
  func emailOnlyCard() throws {
    let box = try sandbox()
    let path = box.file("google.vcf")
    try write(
      """
      BEGIN:VCARD
      VERSION:3.0
      FN:Ann Lee
      END:VCARD
      BEGIN:VCARD
      VERSION:3.0
      FN:
      N:;;;;
      EMAIL;TYPE=INTERNET:unknown.person@example.org
      END:VCARD
      BEGIN:VCARD
      VERSION:3.0
      TEL:+44 7700 900123
      END:VCARD

      """, path)
    let refused = try box.run(["import", path])
    #expect(refused.status == 65)
    #expect(refused.stderr.contains("google.vcf:11:1: FN: the card has no name"), "\(refused)")
    let json = try box.json(["import", path, "--skip-invalid", "--json"])
    #expect(try counts(json)["people"] == ["added": 2, "merged": 0, "unchanged": 0, "skipped": 1])
    let show = try box.ok(["person", "show", "unknown.person@example.org"]).stdout
    #expect(show.hasPrefix("unknown.person@example.org ("), "\(show)")
  }
}

extension ImportRealDataTests {
  @Test("a people CSV's birthday must be a date: 31.02.1990 is refused with file:line:col")
  func birthdayNotADate() throws {
    let box = try sandbox()
    let path = box.file("people.csv")
    try write(
      """
      name,email,birthday
      Good Person,good@example.com,1990-01-01
      Bad Date,bad@example.com,31.02.1990

      """, path)
    let before = try box.export()
    let refused = try box.run(["import", path])
    #expect(refused.status == 65)
    #expect(
      refused.stderr.hasPrefix("kith: error: \(path):3:26: birthday: '31.02.1990' is not a day"),
      "\(refused)")
    #expect(try box.export() == before)
    let fine = box.file("fine.csv")
    try write("name,birthday\nAnn Lee,5 Dec 1990\nBo Li,--02-29\n", fine)
    try box.ok(["import", fine])
    #expect(try box.ok(["person", "show", "ann-lee"]).stdout.contains("birthday: 1990-12-05"))
    #expect(try box.ok(["person", "show", "bo-li"]).stdout.contains("birthday: --02-29"))
    // Outlook's 0/0/00 is no birthday, not a bad one; Apple's year 1604 is no year; a slashed
    // date of unknown order that is a day either way is kept as written, as is other text.
    let outlook = box.file("outlook.csv")
    try write(
      "name,birthday\nCy Ng,0/0/00\nDi Oh,1604-03-07\nEd Pu,5/12/1990\nFay Qi,spring 1980\n",
      outlook)
    try box.ok(["import", outlook])
    #expect(!(try box.ok(["person", "show", "cy-ng"]).stdout.contains("birthday")))
    #expect(try box.ok(["person", "show", "di-oh"]).stdout.contains("birthday: --03-07"))
    #expect(try box.ok(["person", "show", "ed-pu"]).stdout.contains("birthday: 5/12/1990"))
    #expect(try box.ok(["person", "show", "fay-qi"]).stdout.contains("birthday: spring 1980"))
    // What Kith exports, it imports again.
    try box.ok(["export", "csv", "--kind", "people", "-o", "$DIR/out.csv"], quietStderr: false)
    let again = CLISandbox()
    try again.ok(["init", "--me", "Someone Else"])
    try again.ok(["import", "csv", box.file("out.csv")])
    #expect(try again.ok(["person", "show", "di-oh"]).stdout.contains("birthday: --03-07"))
    // A vCard's impossible BDAY is a bad card too, with its line.
    let card = box.file("bad.vcf")
    try write("BEGIN:VCARD\nVERSION:3.0\nFN:Gil Ra\nBDAY:1990-02-30\nEND:VCARD\n", card)
    let bad = try box.run(["import", card])
    #expect(
      bad.status == 65 && bad.stderr.contains("bad.vcf:4:1: BDAY: '1990-02-30' is not a day"),
      "\(bad)")
    // vCard 4's date and time: the birthday is its date; a REV in that form dates the note.
    let four = box.file("four.vcf")
    try write(
      """
      BEGIN:VCARD\nVERSION:4.0\nFN:Hal Su\nBDAY:19531015T231000Z\nNOTE:Met at the gallery
      REV:20240102T030405Z\nEND:VCARD\n
      """, four)
    try box.ok(["import", four])
    #expect(try box.ok(["person", "show", "hal-su"]).stdout.contains("birthday: 1953-10-15"))
    let notes = try box.json(["history", "hal-su", "--json"])["records"] as? [[String: Any]] ?? []
    #expect(notes.first?["time"] as? String == "2024-01-02T00:00:00Z", "\(notes)")
  }

  @Test("two undated LinkedIn files: the message says the dates are the newest connections")
  func olderUndatedLinkedInAfterNewer() throws {
    let result = try importOlderLinkedInAfterNewer(
      in: try sandbox(), newerPath: "new/Connections.csv", kwameConnected: "30 Jan 2026")
    #expect(
      result.stdout.contains(
        "Kept 1 position as imported before: the file imported before has connections up to 2026-01-30 and this one has connections only up to 2025-12-05, so the earlier one was taken as the newer export."
      ), "\(result.stdout)")
    #expect(!result.stdout.contains("an export of"), "\(result.stdout)")
  }
}
