import Foundation
import KithTestSupport
import Testing

/// What `kith import` reports and keeps when files are imported again, edited, or have
/// mistakes: the same report whichever way the format was chosen, no change from a second
/// import, and errors in file order.
@Suite("kith import: reports and re-imports")
struct ImportReportTests {
  static func fixture(_ name: String) -> String { ImportMailTests.fixture(name) }

  /// A database with an ego and their addresses (calendars and mail need them).
  static func sandbox() throws -> CLISandbox { try ImportMailTests.sandbox() }

  static func file(_ json: [String: Any]) -> [String: Any] {
    (json["files"] as? [[String: Any]])?.first ?? [:]
  }

  static func counts(_ json: [String: Any], _ kind: String) -> [String: Int] {
    (file(json)["counts"] as? [String: Any])?[kind] as? [String: Int] ?? [:]
  }

  static func write(_ box: CLISandbox, _ name: String, _ text: String) throws -> String {
    let path = box.file(name)
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test(
    "kith import FILE reports what a calendar or mailbox left out, as the named format does",
    arguments: [
      ("ics", "ics/google-calendar.ics", ["cancelled": 1]),
      ("mbox", "mail/gmail-takeout.mbox", ["lists": 1, "withoutSender": 1]),
    ])
  func leftOutWhenDetected(format: String, fixture: String, expected: [String: Int]) throws {
    for named in [true, false] {
      let box = try Self.sandbox()
      let arguments = ["import"] + (named ? [format] : []) + [Self.fixture(fixture)]
      let json = try box.json(arguments + ["--as-of", "2025-04-01", "--json", "--dry-run"])
      #expect(Self.file(json)["leftOut"] as? [String: Int] == expected, "named: \(named)")
      let text = try box.ok(arguments + ["--as-of", "2025-04-01"]).stdout
      #expect(text.contains("\nLeft out on purpose: "), "named: \(named): \(text)")
    }
  }

  @Test("the import JSON echoes --as-of, and is null without it")
  func asOfEchoed() throws {
    let box = try Self.sandbox()
    let file = Self.fixture("ics/google-calendar.ics")
    let dated = try box.json(["import", file, "--as-of", "2025-04-01", "--json", "--dry-run"])
    #expect(dated["asOf"] as? String == "2025-04-01T23:59:59Z")
    let csv = try Self.write(box, "i.csv", "date,with,kind\n2025-01-01,Bo Lee,call\n")
    let undated = try box.json(["import", csv, "--json"])
    #expect(undated["asOf"] is NSNull)
  }

  @Test("importing an interactions CSV again changes nothing: no alias from an email or a handle")
  func csvReimportChangesNothing() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Robin C"])
    try box.ok(["person", "add", "Zoë O'Brien", "--email", "zoe@obrien.design"])
    let csv = try Self.write(
      box, "i.csv",
      "date,with,kind\n2025-01-01,zoe@obrien.design,call\n2025-01-02,zoe-o-brien,call\n"
    )
    try box.ok(["import", csv])
    let before = try box.export()
    let again = try box.json(["import", csv, "--json"])
    #expect(
      Self.counts(again, "people") == ["added": 0, "merged": 0, "unchanged": 2, "skipped": 0])
    #expect(try box.export() == before)
    let shown = try box.ok(["person", "show", "zoe-o-brien"]).stdout
    #expect(!shown.contains("also known as"), "\(shown)")
  }

  @Test("`Name <email>` in `with` names the person of that address, or a new one so named")
  func nameAndAddressInWith() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Robin C"])
    try box.ok(["person", "add", "Zoë O'Brien", "--email", "zoe@obrien.design"])
    let csv = try Self.write(
      box, "i.csv",
      "date,with,kind\n2025-01-01,Zoe <ZOE@obrien.design>,call\n"
        + "2025-01-02,\"Sam Taylor <sam.taylor@hooli.com>\",call\n")
    let json = try box.json(["import", csv, "--json"])
    #expect(Self.counts(json, "people")["added"] == 1)
    #expect(Self.counts(json, "interactions")["added"] == 2)
    let sam = try box.ok(["person", "show", "sam.taylor@hooli.com"]).stdout
    #expect(sam.hasPrefix("Sam Taylor (sam-taylor)"), "\(sam)")
    #expect(try box.ok(["history", "zoe-o-brien"]).stdout.contains("2025-01-01"))
  }

  /// Line 3 is wrong for the store (an address that is none), line 4 for the reader (a date).
  static let twoBadLines =
    "date,with,kind\n2025-01-01,Bo Lee,call\n2025-01-02,bo@,call\n05-31-2025,Bo Lee,call\n"

  @Test("without --skip-invalid the error is the first bad line of the file")
  func firstBadLineFirst() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Robin C"])
    let csv = try Self.write(box, "bad.csv", Self.twoBadLines)
    let before = try box.export()
    let run = try box.run(["import", csv])
    #expect(run.status == 65)
    #expect(run.stderr.hasPrefix("kith: error: \(csv):3:"), "\(run.stderr)")
    #expect(run.stderr.split(separator: "\n").count == 1)
    #expect(try box.export() == before)
  }

  @Test("with --skip-invalid the skipped records are listed in file order")
  func skippedInFileOrder() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Robin C"])
    let csv = try Self.write(box, "bad.csv", Self.twoBadLines)
    let json = try box.json(["import", csv, "--skip-invalid", "--json"])
    let skipped = (Self.file(json)["skipped"] as? [[String: Any]] ?? []).compactMap {
      $0["location"] as? String
    }
    let lines = skipped.map { $0.dropFirst(csv.count + 1).prefix { $0 != ":" } }
    #expect(lines == ["3", "3", "4"], "\(skipped)")
  }

  @Test("a slashed date is read only in a known order: --date-order, or a day over 12")
  func slashedDates() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Robin C"])
    let ambiguous = try Self.write(box, "a.csv", "date,with,kind\n05/06/2025,Bo Lee,call\n")
    let before = try box.export()
    let refused = try box.run(["import", ambiguous])
    #expect(refused.status == 65)
    #expect(
      refused.stderr
        == "kith: error: \(ambiguous):2:1: date: '05/06/2025' could be 2025-06-05 (day first) "
        + "or 2025-05-06 (month first): say which with --date-order dmy or mdy\n")
    #expect(try box.export() == before)
    try box.ok(["import", "csv", ambiguous, "--date-order", "dmy"])
    #expect(try box.ok(["history", "bo-lee"]).stdout.contains("2025-06-05"))

    let dayFirst = try Self.write(box, "d.csv", "date,with,kind\n31/05/2025,Cy Ng,call\n")
    let wrongOrder = try box.run(["import", dayFirst, "--date-order", "mdy"])
    #expect(wrongOrder.status == 65)
    #expect(wrongOrder.stderr.contains("'31/05/2025' is not a date ("), "\(wrongOrder.stderr)")
    #expect(wrongOrder.stderr.contains("MM/DD/YYYY)"), "\(wrongOrder.stderr)")
    try box.ok(["import", dayFirst])
    #expect(try box.ok(["history", "cy-ng"]).stdout.contains("2025-05-31"))
  }

  @Test("a date that could be read either way names the earlier line that showed the order")
  func slashedDateOrderShownEarlier() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Robin C"])
    let dayFirst = try Self.write(
      box, "mix.csv", "date,with,kind\n31/05/2025,Bo Lee,call\n05/06/2025,Bo Lee,call\n")
    let before = try box.export()
    let refused = try box.run(["import", dayFirst])
    #expect(refused.status == 65)
    #expect(
      refused.stderr
        == "kith: error: \(dayFirst):3:1: date: '05/06/2025' could be 2025-06-05 (day first) "
        + "or 2025-05-06 (month first): line 2 reads day first (31/05/2025): "
        + "add --date-order dmy\n")
    #expect(try box.export() == before)
    // The order shown after the date, or both orders before it, leave the advice as it was.
    for (name, text) in [
      ("after.csv", "date,with,kind\n05/06/2025,Bo Lee,call\n05/31/2025,Bo Lee,call\n"),
      (
        "both.csv",
        "date,with,kind\n31/05/2025,Bo Lee,call\n05/31/2025,Bo Lee,call\n05/06/2025,Bo,call\n"
      ),
    ] {
      let file = try Self.write(box, name, text)
      let run = try box.run(["import", file])
      #expect(run.status == 65)
      #expect(run.stderr.hasSuffix("say which with --date-order dmy or mdy\n"), "\(run.stderr)")
    }
    // Only the message changes: with the flag, the file imports as before.
    try box.ok(["import", "csv", dayFirst, "--date-order", "dmy"])
    #expect(try box.ok(["history", "bo-lee"]).stdout.contains("2025-06-05"))
  }

  @Test(
    "a header that fits no kind says what is missing, or that `;` separates its columns",
    arguments: [
      ("date,kind,summary\n2025-01-01,call,x\n", "interactions need a `with` column"),
      ("with,kind\nBo Lee,call\n", "interactions need a `date` column"),
      ("source,weight\na,1\n", "edges need a `source` and a `target` column"),
      (
        "date;with;kind\n2025-01-01;Bo Lee;call\n",
        "the header is one column with `;` in it: kith reads CSV files separated by commas"
      ),
    ])
  func headerErrors(text: String, message: String) throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Robin C"])
    let csv = try Self.write(box, "h.csv", text)
    // Named or detected: a table whose header fits no kind is read as the CSV it is.
    for format in [["csv"], []] {
      let run = try box.run(["import"] + format + [csv])
      #expect(run.status == 65)
      #expect(run.stderr.hasPrefix("kith: error: \(csv):1:1: \(message)"), "\(run.stderr)")
    }
  }

  @Test("the import names the people it added, and duplicates pairs a first name with its owner")
  func addedPeopleNamed() throws {
    let box = try Self.sandbox()
    try box.ok(["person", "add", "Dr. Chidi Okafor"])
    let csv = try Self.write(
      box, "i.csv",
      "date,with,kind\n2025-03-20,Chidi,meeting\n2025-03-21,Wei Zhang;Bo;Cy;Di;Ed;Fay,call\n")
    let json = try box.json(["import", csv, "--json", "--dry-run"])
    #expect(
      Self.file(json)["addedPeople"] as? [String]
        == ["chidi", "wei-zhang", "bo", "cy", "di", "ed", "fay"])
    let text = try box.ok(["import", csv]).stdout
    #expect(text.contains("\nAdded: Chidi, Wei Zhang, Bo, Cy, Di and 2 more\n"), "\(text)")
    let pairs = try box.json(["duplicates", "--json"])["duplicates"] as? [[String: Any]] ?? []
    let handles = pairs.map {
      [($0["first"] as? [String: Any])?["handle"], ($0["second"] as? [String: Any])?["handle"]]
        .compactMap { $0 as? String }.sorted()
    }
    #expect(handles == [["chidi", "dr-chidi-okafor"]])
    #expect(pairs.first?["reasons"] as? [String] == ["firstName"])
    #expect(try box.ok(["duplicates"]).stdout.contains("first name"))
  }

  @Test("an edited row imported again is reported as a repeat of the interaction it was")
  func editedRowRepeats() throws {
    let box = try Self.sandbox()
    let csv = try Self.write(
      box, "j.csv", "date,with,kind,summary\n2025-01-01,Bo Lee,call,Kickoff\n")
    try box.ok(["import", csv])
    // The edited row, and two new ones that repeat nothing: another day, another kind.
    try """
    date,with,kind,summary
    2025-01-01,Bo Lee,call,Kickoff call about the launch
    2025-01-02,Bo Lee,call,Follow-up
    2025-01-01,Bo Lee,email,Notes
    """.write(toFile: csv, atomically: true, encoding: .utf8)
    let json = try box.json(["import", csv, "--json", "--dry-run"])
    let repeats = Self.file(json)["repeats"] as? [[String: Int]] ?? []
    #expect(repeats.count == 1)
    #expect(repeats.first?["line"] == 2)
    let earlier = repeats.first?["repeats"] ?? 0
    let text = try box.ok(["import", csv]).stdout
    #expect(
      text.contains("  line 2: interaction \(earlier + 1) repeats interaction \(earlier)"),
      "\(text)")
    // Imported again unchanged: nothing added, nothing repeated.
    let again = try box.json(["import", csv, "--json"])
    #expect((Self.file(again)["repeats"] as? [Any])?.isEmpty == true)
  }

  @Test("an edited row repeats the row as it was imported, not a call logged by hand that day")
  func editedRowRepeatsItsOldSelf() throws {
    let box = try Self.sandbox()
    try box.ok(["person", "add", "Bo Lee"])
    // Interaction 1, logged by hand; 2, the row as first imported; 3, the row as edited.
    try box.ok(["log", "call", "--with", "bo-lee", "--on", "2025-01-01", "--summary", "Early chat"])
    let csv = try Self.write(
      box, "j.csv", "date,with,kind,summary\n2025-01-01,Bo Lee,call,Kickoff\n")
    try box.ok(["import", csv])
    try "date,with,kind,summary\n2025-01-01,Bo Lee,call,Kickoff call about the launch\n"
      .write(toFile: csv, atomically: true, encoding: .utf8)
    let text = try box.ok(["import", csv]).stdout
    #expect(text.contains("  line 2: interaction 3 repeats interaction 2"), "\(text)")
  }

  @Test("a vCard's ORG without TITLE is the current affiliation the person has there")
  func roleLessAffiliationMerges() throws {
    let box = try Self.sandbox()
    let people = try Self.write(
      box, "p.csv", "name,email,company,title\nZoe Brien,zoe@example.com,Brien Design,Founder\n")
    try box.ok(["import", "csv", people])
    let card = try Self.write(
      box, "z.vcf",
      "BEGIN:VCARD\nVERSION:3.0\nFN:Zoe Brien\nEMAIL:zoe@example.com\nORG:Brien Design\nEND:VCARD\n"
    )
    let json = try box.json(["import", card, "--json"])
    #expect(
      Self.counts(json, "affiliations") == ["added": 0, "merged": 0, "unchanged": 1, "skipped": 0])
    let shown = try box.ok(["person", "show", "zoe-brien"]).stdout
    #expect(shown.components(separatedBy: "at Brien Design").count == 2, "\(shown)")
  }

  @Test("rows with fewer fields than the header are counted, with the first one's line")
  func shortRowsReported() throws {
    let box = try Self.sandbox()
    let csv = try Self.write(
      box, "s.csv",
      "date,with,kind,summary\n2025-05-01,Bo Lee,call,x\n2025-05-03,Bo Lee\n2025-05-04,Cy,call\n")
    let run = try box.run(["import", csv])
    #expect(run.status == 0)
    #expect(
      run.stderr.contains(
        "\(csv):3:1: 2 rows have fewer fields than the header's 4 columns (the first here)"),
      "\(run.stderr)")
    // The note goes to stderr in either mode; the JSON holds it too.
    let json = try box.run(["import", csv, "--json", "--dry-run"])
    let document =
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any] ?? [:]
    let warnings = Self.file(document)["warnings"] as? [[String: String]] ?? []
    #expect(warnings.map { $0["location"] } == ["\(csv):3:1"])
  }

  @Test("a refused file gets its one error line, without the note about short rows")
  func shortRowsNotNotedWhenRefused() throws {
    let box = try Self.sandbox()
    let csv = try Self.write(box, "r.csv", "date,kind,summary,with\n2025-05-02,call,short row\n")
    let before = try box.export()
    let run = try box.run(["import", csv])
    #expect(run.status == 65)
    #expect(run.stderr == "kith: error: \(csv):2:27: with: no participant named\n")
    #expect(try box.export() == before)
  }

  @Test("LinkedIn's Self-employed is kept as the person's position, not an organisation")
  func selfEmployedIsNoOrganisation() throws {
    let box = try Self.sandbox()
    let header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    let before = try Self.write(
      box, "Connections.csv",
      header + "Bo,Lee,https://www.linkedin.com/in/bolee,,Acme,Engineer,01 Jan 2024\n")
    try box.ok(["import", "linkedin", before])
    try
      (header
      + "Bo,Lee,https://www.linkedin.com/in/bolee,,Self-employed,Consultant,01 Jan 2024\n"
      + "Cy,Day,https://www.linkedin.com/in/cyday,,Freelance,,01 Jan 2024\n")
      .write(toFile: before, atomically: true, encoding: .utf8)
    try box.ok(["import", "linkedin", before])
    let orgs = try box.ok(["org", "list"]).stdout
    #expect(!orgs.lowercased().contains("self"), "\(orgs)")
    #expect(!orgs.lowercased().contains("freelance"), "\(orgs)")
    let bo = try box.json(["person", "show", "bo-lee", "--json"])
    let details =
      (bo["person"] as? [String: Any])?["details"] as? [String: String]
      ?? bo["details"] as? [String: String]
    #expect(details?["position"] == "Consultant (Self-employed)", "\(bo)")
    #expect(try box.ok(["person", "show", "cy-day"]).stdout.contains("position: Freelance"))
  }

  @Test("a note imported from a vCard names its source in history --json, as interactions do")
  func noteSource() throws {
    let box = try Self.sandbox()
    let card = try Self.write(
      box, "n.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Bo Lee\nNOTE:Met at the fair\nEND:VCARD\n")
    try box.ok(["import", card])
    let history = try box.json(["history", "bo-lee", "--json"])
    let records = history["records"] as? [[String: Any]] ?? []
    let note = records.first { $0["record"] as? String == "note" }
    #expect((note?["source"] as? String)?.hasPrefix("vcard") == true, "\(records)")
  }
}
