import Foundation
import KithTestSupport
import Testing

private let fixtures = CLIPaths.packageRoot.appendingPathComponent("Fixtures/import").path

@Suite("kith import, duplicates, merge")
struct ImportCommandsTests {
  func sandbox() throws -> CLISandbox {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Test User"])
    return box
  }

  @Test("a LinkedIn folder imports once; importing it again changes nothing")
  func linkedInIdempotent() throws {
    let box = try sandbox()
    let first = try box.json(["import", "linkedin", "\(fixtures)/linkedin-current", "--json"])
    let files = try #require(first["files"] as? [[String: Any]])
    let counts = try #require(files.first?["counts"] as? [String: [String: Int]])
    #expect(counts["people"]?["added"] == 5)
    #expect(counts["interactions"]?["added"] == 2)
    #expect(counts["ties"]?["added"] == 4)
    #expect(first["schemaVersion"] as? Int == 1)
    let before = try box.export()
    let again = try box.ok(["import", "\(fixtures)/linkedin-current"])
    #expect(again.stdout.contains("Imported"))
    #expect(try box.export() == before)
    let ties = try box.ok(["ties"]).stdout
    #expect(ties.contains("Ada Quill"))
    // The brief says how you know a connection that no interaction explains.
    let brief = try box.ok(["brief", "Ada Quill"]).stdout
    #expect(
      brief.contains("\n  connected on LinkedIn on 2025-12-05\n"), "\(brief)")
    // The brief counts the tie's dated events as `ties` does (COUNT 2): the connection too.
    #expect(brief.contains("; 1 interaction and 1 dated connection\n"), "\(brief)")
  }

  @Test("a newer LinkedIn export with another company ends the old position the day before")
  func linkedInCompanyChange() throws {
    let box = try sandbox()
    let header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
    let older = box.file("Basic_LinkedInDataExport_12-05-2025/Connections.csv")
    let newer = box.file("Connections.csv")
    try FileManager.default.createDirectory(
      atPath: (older as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try
      "\(header)\nJane,Doe,https://www.linkedin.com/in/janedoe,,Acme Corp,Senior Engineer,05 Dec 2025\n"
      .write(toFile: older, atomically: true, encoding: .utf8)
    try
      "\(header)\nJane,Doe,https://www.linkedin.com/in/janedoe,,Initech,Principal Engineer,05 Dec 2025\n"
      .write(toFile: newer, atomically: true, encoding: .utf8)
    try box.ok(["import", "linkedin", older])
    // Its name carries no export date: the import's date stands for it.
    let json = try box.json(["import", "linkedin", newer, "--as-of", "2026-11-28", "--json"])
    let files = try #require(json["files"] as? [[String: Any]])
    let counts = try #require(files.first?["counts"] as? [String: [String: Int]])
    #expect(counts["affiliations"] == ["added": 1, "merged": 1, "unchanged": 0, "skipped": 0])
    let show = try box.ok(["person", "show", "jane"]).stdout
    #expect(show.contains("was at Acme Corp, Senior Engineer (…–2026-11-27)"), "\(show)")
    #expect(show.contains("\n  at Initech, Principal Engineer  (#2)\n"), "\(show)")
    let brief = try box.ok(["brief", "jane", "--as-of", "2026-11-28"]).stdout
    #expect(brief.contains("formerly: Acme Corp"), "\(brief)")
    // Importing either again changes nothing: the old position stays ended.
    let before = try box.export()
    try box.ok(["import", "linkedin", newer, "--as-of", "2026-12-01"])
    #expect(try box.export() == before)
  }

  @Test("--skip-invalid counts every listed record in the skipped column")
  func skippedCountsMatch() throws {
    let box = try sandbox()
    let path = box.file("Connections.csv")
    try """
    First Name,Last Name,URL,Email Address,Company,Position,Connected On
    Ann,Lee,https://www.linkedin.com/in/annlee,,,,05 Dec 2025
    ,,https://www.linkedin.com/in/nameless,,,,05 Dec 2025
    Bo,Li,https://www.linkedin.com/in/boli,,,,31 Feb 2025

    """.write(toFile: path, atomically: true, encoding: .utf8)
    let json = try box.json(["import", path, "--skip-invalid", "--json"])
    let file = try #require((json["files"] as? [[String: Any]])?.first)
    let counts = try #require(file["counts"] as? [String: [String: Int]])
    #expect(counts["people"]?["skipped"] == 2)
    #expect((file["skipped"] as? [Any])?.count == 2)
    let text = try box.ok(["import", path, "--skip-invalid"], quietStderr: false)
    #expect(text.stdout.contains("people       0       0          1        2"), "\(text.stdout)")
  }

  @Test("a LinkedIn row with nothing but a date (a deleted member) is left out and counted")
  func deletedMember() throws {
    let box = try sandbox()
    let path = box.file("Connections.csv")
    try """
    First Name,Last Name,URL,Email Address,Company,Position,Connected On
    Ann,Lee,https://www.linkedin.com/in/annlee,,,,05 Dec 2025
    ,,,,,,03 Mar 2022

    """.write(toFile: path, atomically: true, encoding: .utf8)
    let result = try box.ok(["import", path])
    #expect(result.stdout.contains("Left out on purpose: 1 without a name (deleted members)"))
    let json = try box.json(["import", path, "--json"])
    let file = try #require((json["files"] as? [[String: Any]])?.first)
    #expect(file["leftOut"] as? [String: Int] == ["withoutName": 1])
    #expect(try box.ok(["person", "list"]).stdout.contains("Ann Lee"))
  }

  @Test("names that differ only by spaces between CJK characters are possible duplicates")
  func cjkSpacing() throws {
    let box = try sandbox()
    let connections = box.file("Connections.csv")
    try """
    First Name,Last Name,URL,Email Address,Company,Position,Connected On
    李,小龙,https://www.linkedin.com/in/xiaolong-li-123,,,,01 Jan 2023

    """.write(toFile: connections, atomically: true, encoding: .utf8)
    try box.ok(["import", connections])
    let card = box.file("c.vcf")
    try "BEGIN:VCARD\nVERSION:3.0\nFN:李小龙\nEND:VCARD\n".write(
      toFile: card, atomically: true, encoding: .utf8)
    let imported = try box.ok(["import", card]).stdout
    #expect(imported.contains("like 李-小龙"), "\(imported)")
    let duplicates = try box.ok(["duplicates"]).stdout
    #expect(duplicates.contains("李 小龙 (李-小龙)"), "\(duplicates)")
    #expect(duplicates.contains("李小龙 (李小龙)"), "\(duplicates)")
    // A Latin name keeps its spaces: no pair.
    try box.ok(["person", "add", "Ann Lee"])
    try box.ok(["person", "add", "AnnLee"])
    #expect(try !box.ok(["duplicates"]).stdout.contains("AnnLee"))
  }

  @Test("a vCard's reading finds its person, and duplicates pairs names in the other order")
  func readingsAndNameOrder() throws {
    let box = try sandbox()
    let card = box.file("c.vcf")
    try """
    BEGIN:VCARD
    VERSION:3.0
    N:山田;剛;;;
    FN:山田 剛
    X-PHONETIC-FIRST-NAME:Takeshi
    X-PHONETIC-LAST-NAME:Yamada
    END:VCARD

    """.write(toFile: card, atomically: true, encoding: .utf8)
    try box.ok(["import", card])
    let shown = try box.ok(["person", "show", "yamada takeshi"]).stdout
    #expect(shown.contains("山田 剛"), "\(shown)")
    #expect(!shown.contains("剛 山田"), "\(shown)")
    // The reading is a name of theirs: a person added by it is noted as a namesake.
    let added = try box.run(["person", "add", "Takeshi Yamada"])
    #expect(added.status == 0 && added.stderr.contains("山田 剛 (山田-剛)"), "\(added)")
    try box.ok(["person", "add", "Mariko Fujita"])
    try box.ok(["person", "add", "Fujita Mariko"])
    try box.ok(["person", "add", "Ryo Ohno"])
    try box.ok(["person", "add", "Ryō Ōno"])
    try box.ok(["person", "add", "Ono Ryou"])
    let text = try box.ok(["duplicates"]).stdout
    #expect(text.contains("same name, family name first\n"), "\(text)")
    #expect(text.contains("same name, long vowel spelt another way\n"), "\(text)")
    #expect(
      text.contains("same name, family name first, long vowel spelt another way\n"), "\(text)")
    let pairs = try box.json(["duplicates", "--json"])["duplicates"] as? [[String: Any]] ?? []
    let reasons = pairs.map { $0["reasons"] as? [String] ?? [] }.sorted { "\($0)" < "\($1)" }
    #expect(
      reasons == [
        ["longVowel"], ["name"], ["nameOrder", "longVowel"], ["nameOrder", "longVowel"],
        ["nameOrder"],
      ])
  }

  @Test("a contacts CSV with columns kith does not read imports, with one note naming them")
  func ignoredColumnsNote() throws {
    let box = try sandbox()
    let path = box.file("contacts.csv")
    try "Name,E-mail 1 - Value,Gender,Hobby\nAnn Cole,ann@cole.io,female,chess\n".write(
      toFile: path, atomically: true, encoding: .utf8)
    let result = try box.ok(["import", path], quietStderr: false)
    #expect(result.stderr == "\(path):1:1: ignored 2 columns kith does not read: Gender, Hobby\n")
    #expect(try box.ok(["person", "show", "ann-cole"]).stdout.contains("email: ann@cole.io"))
  }

  @Test("formats are detected: vCard and CSV files in one command")
  func autoDetect() throws {
    let box = try sandbox()
    let result = try box.ok([
      "import", "\(fixtures)/vcard/contacts-v30.vcf", "\(fixtures)/csv/people.csv",
      "\(fixtures)/csv/interactions.csv",
    ])
    #expect(result.stdout.contains("(vcard)"))
    #expect(result.stdout.contains("(csv:people.csv)"))
    #expect(result.stdout.contains("(csv:interactions.csv)"))
    let people = try box.ok(["person", "list"]).stdout
    #expect(people.contains("hana-nakamura") && people.contains("ines-duarte"))
  }

  @Test("a bad record stops its file with file:line and the field; nothing is written")
  func rejected() throws {
    let box = try sandbox()
    let before = try box.export()
    let result = try box.run(["import", "vcard", "\(fixtures)/vcard/broken.vcf"])
    #expect(result.status == 65)
    #expect(
      result.stderr
        == "kith: error: \(fixtures)/vcard/broken.vcf:9:1: EMAIL: 'not-an-address' is not an email address\n"
    )
    #expect(try box.export() == before)
  }

  @Test("--skip-invalid imports the rest and lists every skipped record")
  func skipInvalid() throws {
    let box = try sandbox()
    let result = try box.ok(
      ["import", "vcard", "\(fixtures)/vcard/broken.vcf", "--skip-invalid"], quietStderr: false)
    #expect(
      result.stderr.components(separatedBy: "\n").filter { $0.contains("(skipped)") }.count == 3)
    #expect(result.stderr.contains("broken.vcf:13:1: line:"))
    #expect(try box.ok(["person", "list"]).stdout.contains("good-card"))
  }

  @Test("a CSV row with more fields than the header is refused with file:line; skippable")
  func raggedRow() throws {
    let box = try sandbox()
    let path = box.file("ragged.csv")
    try "name,email,company\nAnn Lee,ann@lee.io,Acme\nBen Ho,ben@ho.io,Acme,extra,fields\n"
      .write(toFile: path, atomically: true, encoding: .utf8)
    let before = try box.export()
    let result = try box.run(["import", path])
    #expect(result.status == 65)
    #expect(
      result.stderr == "kith: error: \(path):3:23: 5 fields, but the header names 3 columns\n")
    #expect(try box.export() == before)
    let skipped = try box.ok(["import", path, "--skip-invalid"], quietStderr: false)
    #expect(skipped.stderr.contains("\(path):3:23: 5 fields"))
    let people = try box.ok(["person", "list"]).stdout
    #expect(people.contains("ann-lee") && !people.contains("ben-ho"))
  }

  @Test("--dry-run shows the changes and writes nothing")
  func dryRun() throws {
    let box = try sandbox()
    let before = try box.export()
    let result = try box.ok(["import", "\(fixtures)/csv/people.csv", "--dry-run"])
    #expect(result.stdout.contains("Would import"))
    #expect(result.stdout.contains("Dry run: nothing was written."))
    #expect(try box.export() == before)
  }

  struct BadInput: Sendable, CustomTestStringConvertible {
    var name: String
    var contents: [UInt8]?
    var arguments: [String]
    var status: Int32
    var message: String
    var testDescription: String { name }
  }

  static let badInputs: [BadInput] = [
    BadInput(
      name: "missing file", contents: nil, arguments: ["import"], status: 66,
      message: "no such file"),
    BadInput(
      name: "empty file", contents: [], arguments: ["import", "vcard"], status: 65,
      message: "the file is empty; expected a vCard file"),
    BadInput(
      name: "binary file", contents: [0x89, 0x50, 0x4E, 0x47, 0, 0, 1, 2], arguments: ["import"],
      status: 65, message: "a binary file in no format kith recognises"),
    BadInput(
      name: "unknown text", contents: Array("hello world\n".utf8), arguments: ["import"],
      status: 65, message: "in no format kith recognises (linkedin, vcard, ics, mbox, eml, csv)"),
    BadInput(
      name: "wrong format", contents: Array("name,email\nA,a@b.c\n".utf8),
      arguments: ["import", "linkedin"], status: 65,
      message: "not a LinkedIn Connections, Invitations or Recommendations_Received file"),
    BadInput(
      name: "unterminated quote", contents: Array("name,email\n\"A,a@b.c\n".utf8),
      arguments: ["import", "csv"], status: 65, message: "input:2:1: a quoted field is never closed"
    ),
  ]

  @Test("bad inputs are one-line errors with the right exit code", arguments: badInputs)
  func badInput(_ c: BadInput) throws {
    let box = try sandbox()
    let path = box.file("input")
    if let contents = c.contents {
      _ = FileManager.default.createFile(atPath: path, contents: Data(contents))
    }
    let before = try box.export()
    let result = try box.run(c.arguments + [path])
    #expect(result.status == c.status, "\(result)")
    #expect(result.stderr.hasPrefix("kith: error: "), "\(result)")
    #expect(result.stderr.contains(c.message), "\(result)")
    #expect(result.stderr.filter { $0 == "\n" }.count == 1)
    #expect(try box.export() == before)
  }

  @Test("a file in no format kith recognises is read as the format its extension names")
  func formatByExtension() throws {
    let box = try sandbox()
    try box.ok(["settings", "set", "my-emails", "me@example.com"])
    func write(_ name: String, _ bytes: [UInt8]) -> String {
      let path = box.file(name)
      _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
      return path
    }
    let zip = write("export.zip", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00])
    let cases = [
      (write("people.vcf", []), "the file is empty; expected a vCard file"),
      (write("cal.ics", []), "the file is empty"),
      (zip, "not a readable .zip archive; it may be truncated or corrupt"),
    ]
    let before = try box.export()
    for (path, message) in cases {
      let result = try box.run(["import", path])
      #expect(result.status == 65, "\(result)")
      #expect(result.stderr.hasPrefix("kith: error: \(path): \(message)"), "\(result)")
      #expect(!result.stderr.contains("kith import csv"), "\(result)")
    }
    #expect(try box.export() == before)
    // An mbox or .eml with no message is refused as an empty .vcf, .ics or .csv is: one line,
    // exit 65, nothing written (an empty mbox was a note and exit 0).
    let mbox = write("Spam.mbox", [])
    let eml = write("note.eml", Array("\n\n".utf8))
    let text = write("text.mbox", Array("From a Mon Jan  1 00:00:00 2024\nno headers\n".utf8))
    for (arguments, message) in [
      (["import", mbox], "\(mbox): the file is empty; expected an mbox file"),
      (["import", "mbox", mbox], "\(mbox): the file is empty; expected an mbox file"),
      (["import", eml], "\(eml): the file is empty; expected an email message"),
      (["import", "eml", eml], "\(eml): the file is empty; expected an email message"),
      (
        ["import", "mbox", text],
        "\(text):2:1: no email message in the file (headers such as `From:` should follow each `From ` line)"
      ),
    ] {
      let result = try box.run(arguments)
      #expect(result.status == 65, "\(result)")
      #expect(result.stderr == "kith: error: \(message)\n", "\(result)")
      #expect(result.stdout.isEmpty, "\(result)")
    }
    #expect(try box.export() == before)
  }

  @Test("a format kith does not have is named as such, with the formats it has")
  func unknownFormat() throws {
    let box = try sandbox()
    let path = box.file("cal.ics")
    _ = FileManager.default.createFile(atPath: path, contents: Data())
    let result = try box.run(["import", "calendar", path])
    #expect(result.status == 64, "\(result)")
    #expect(
      result.stderr.hasPrefix(
        "kith: error: 'calendar' is neither a file nor a format (did you mean `ics`?); the formats are linkedin, vcard, ics, mbox, eml, csv, edges, json"
      ), "\(result)")
  }

  @Test(
    "--help after a word that is no format says so, as without --help",
    arguments: [
      ["import", "calendar", "--help"], ["import", "mail", "-h"], ["help", "import", "calendar"],
    ])
  func unknownFormatHelp(_ arguments: [String]) throws {
    let box = try sandbox()
    let result = try box.run(arguments)
    #expect(result.status == 64, "\(result)")
    #expect(result.stdout.isEmpty, "\(result)")
    let format = arguments.contains("mail") ? "mail" : "calendar"
    let guess = format == "mail" ? "mbox" : "ics"
    #expect(
      result.stderr
        == "kith: error: '\(format)' is neither a file nor a format (did you mean `\(guess)`?); the formats are linkedin, vcard, ics, mbox, eml, csv, edges, json, as in `kith import ics FILE`, and `kith import FILE…` detects each file's format. (see `kith import --help`)\n",
      "\(result)")
    // The error is the one the same words give without --help.
    let plain = try box.run(["import", format, box.file("x.ics")])
    #expect(plain.stderr == result.stderr, "\(plain)")
  }

  @Test("a CSV saved in Shift_JIS is refused at its line; nothing is written")
  func shiftJIS() throws {
    let box = try sandbox()
    let path = box.file("Connections.csv")
    let text =
      "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
      + "剛,山田,https://www.linkedin.com/in/y,,コーラル・キャピタル,パートナー,12 Mar 2024\r\n"
    try #require(text.data(using: .shiftJIS)).write(to: URL(fileURLWithPath: path))
    let before = try box.export()
    let result = try box.run(["import", path])
    #expect(result.status == 65, "\(result)")
    #expect(
      result.stderr
        == "kith: error: \(path):2:1: this line is not UTF-8 (it looks like Shift_JIS); save the file as UTF-8 (in Excel, Save As › CSV UTF-8) or convert it (iconv -f CP932 -t UTF-8 FILE > NEW), then import that\n",
      "\(result)")
    #expect(try box.export() == before)
  }

  @Test("a LinkedIn row with fields missing is refused with file:line; skippable")
  func linkedInShortRow() throws {
    let box = try sandbox()
    let path = box.file("Connections.csv")
    try """
    First Name,Last Name,URL,Email Address,Company,Position,Connected On
    Ann,Lee,https://www.linkedin.com/in/annlee,,Acme,CTO,05 Dec 2025
    Broken,Row,https://www.linkedin.com/in/broken

    """.write(toFile: path, atomically: true, encoding: .utf8)
    let before = try box.export()
    let result = try box.run(["import", path])
    #expect(result.status == 65, "\(result)")
    #expect(
      result.stderr
        == "kith: error: \(path):3:1: 3 fields, but the header names 7 columns\n",
      "\(result)")
    #expect(try box.export() == before)
    let skipped = try box.ok(["import", path, "--skip-invalid"], quietStderr: false)
    #expect(skipped.stderr.contains("\(path):3:1: 3 fields"), "\(skipped)")
    let people = try box.ok(["person", "list"]).stdout
    #expect(people.contains("ann-lee") && !people.contains("broken-row"), "\(people)")
  }

  @Test("an option before the format gets a usage error that says where options go")
  func optionBeforeFormat() throws {
    let box = try sandbox()
    let path = box.file("people.csv")
    _ = FileManager.default.createFile(atPath: path, contents: Data("name\nAnn\n".utf8))
    let before = try box.export()
    let result = try box.run(["import", "--dry-run", "csv", path])
    #expect(result.status == 64, "\(result)")
    #expect(
      result.stderr.contains(
        "'csv' names a format, not a file: put the options after it, as in `kith import csv --db PATH FILE`."
      ), "\(result)")
    #expect(try box.export() == before)
  }

  @Test("duplicates lists a name-only match from an import; merge joins them")
  func duplicatesAndMerge() throws {
    let box = try sandbox()
    try box.ok(["import", "\(fixtures)/linkedin-current/Connections.csv"])
    let imported = try box.ok(["import", "\(fixtures)/csv/people.csv"]).stdout
    #expect(imported.contains("line 3: Ada Quill → ada-quill-2, like ada-quill"))
    let listed = try box.json(["duplicates", "--json"])
    let pairs = try #require(listed["duplicates"] as? [[String: Any]])
    #expect(pairs.count == 1)
    #expect((pairs.first?["first"] as? [String: Any])?["handle"] as? String == "ada-quill")
    #expect(pairs.first?["reasons"] as? [String] == ["name"])
    try box.ok(["log", "call", "--with", "ada-quill-2", "--on", "2026-01-05"])
    let merged = try box.json(["merge", "ada-quill", "ada-quill-2", "--json"])
    #expect((merged["moved"] as? [String: Int])?["interactions"] == 1)
    #expect(try box.ok(["duplicates"]).stdout.hasPrefix("No likely duplicates"))
    let shown = try box.ok(["person", "show", "ada-quill"]).stdout
    #expect(shown.contains("ada@quill.example"))
    let failed = try box.run(["merge", "ada-quill", "ada-quill"])
    #expect(failed.status == 65)
  }
}
