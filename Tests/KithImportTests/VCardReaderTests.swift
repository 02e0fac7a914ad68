import Foundation
import KithGraph
import KithImport
import Testing

@Suite("vCard reader")
struct VCardReaderTests {
  func read(_ name: String) throws -> ImportBatch {
    try VCardReader.read(path: ImportFixtures.path("vcard/\(name)"), now: ImportFixtures.now)
  }

  @Test("3.0: folding, escapes, item groups, ORG/TITLE, NOTE, CATEGORIES, BDAY, UID")
  func v30() throws {
    let batch = try read("contacts-v30.vcf")
    #expect(batch.problems.isEmpty)
    let hana = try #require(batch.person(named: "Hana Nakamura"))
    #expect(hana.key == "uid:6A1F3C2E-1111-4A2B-9C3D-000000000001")
    #expect(hana.emails == ["hana.nakamura@example.com"])
    #expect(hana.phones == ["+44 7700 900123"])
    #expect(hana.urls == ["https://www.linkedin.com/in/hana-nakamura"])
    #expect(hana.tags == ["Data", "Leeds", "mentor"])
    #expect(hana.details["birthday"] == "1988-04-12")
    #expect(hana.location.line == 1)
    let note = try #require(batch.notes.first)
    #expect(
      note.text
        == "Met at the Leeds data meetup, introduced by Frida.\nWants intros to climate-tech founders."
    )
    #expect(note.location.line == 12)
    #expect(batch.affiliations.first?.role == "Engineering Manager")
    let sean = try #require(batch.person(named: "Seán O'Neill"))
    #expect(sean.aliases == ["Shay"])
    #expect(batch.organisations.map(\.name) == ["Copperleaf", "Harbour, Lane & Partners"])
  }

  @Test("2.1: quoted-printable with charsets and soft breaks, bare parameters, photo skipped")
  func v21() throws {
    let batch = try read("contacts-v21.vcf")
    #expect(batch.problems.isEmpty, "\(batch.problems)")
    let person = try #require(batch.people.first)
    #expect(person.name == "Jürgen Müller")
    #expect(person.phones == ["030 1234567"])
    #expect(person.emails == ["juergen.mueller@example.de"])
    #expect(
      batch.notes.first?.text
        == "Spricht gern über Segelboote und bietet Hilfe bei Finanzierungsfragen an.")
  }

  struct CharsetCase: Sendable, CustomTestStringConvertible {
    var charset: String
    var value: String
    var name: String
    var testDescription: String { charset }
  }

  // A name in quoted-printable Shift_JIS (as Japanese phones write 2.1 cards) was read as
  // Windows-1252: "斉藤 由紀" came out as "�ÄB� —R‹I".
  @Test(
    "2.1: a quoted-printable value is read in its CHARSET",
    arguments: [
      CharsetCase(charset: "SHIFT_JIS", value: "=90=C4=93=A1 =97R=8BI", name: "斉藤 由紀"),
      CharsetCase(charset: "Shift_JIS", value: "=87@=EE=E0=8B=B4", name: "①髙橋"),
      CharsetCase(charset: "x-sjis", value: "=90=C4=93=A1", name: "斉藤"),
      CharsetCase(
        charset: "ISO-2022-JP", value: "=1B$B;3ED=1B(B =1B$BB@O:=1B(B", name: "山田 太郎"),
      CharsetCase(charset: "ISO-8859-1", value: "J=FCrgen M=FCller", name: "Jürgen Müller"),
      CharsetCase(charset: "WINDOWS-1252", value: "Zo=EB Chen =96 =80", name: "Zoë Chen – €"),
      CharsetCase(charset: "ISO-8859-2", value: "=A3ukasz W=B1s", name: "Łukasz Wąs"),
      CharsetCase(charset: "WINDOWS-1250", value: "Pawe=B3 =A3o=9C", name: "Paweł Łoś"),
      CharsetCase(
        charset: "windows-1251", value: "=C4=EC=E8=F2=F0=E8=E9 =CE=F0=EB=EE=E2",
        name: "Дмитрий Орлов"),
      CharsetCase(charset: "WINDOWS-1253", value: "=C5=EB=DD=ED=E7", name: "Ελένη"),
      CharsetCase(charset: "WINDOWS-1254", value: "=C7a=F0r=FD I=FE=FDk", name: "Çağrı Işık"),
      CharsetCase(charset: "UTF-8", value: "=E6=96=89=E8=97=A4", name: "斉藤"),
    ])
  func quotedPrintableCharset(_ c: CharsetCase) throws {
    let text = """
      BEGIN:VCARD
      VERSION:2.1
      FN;CHARSET=\(c.charset);ENCODING=QUOTED-PRINTABLE:\(c.value)
      END:VCARD

      """
    let batch = try VCardReader.parse(text, path: "x.vcf", now: ImportFixtures.now)
    #expect(batch.people.map(\.name) == [c.name])
    #expect(batch.warnings.isEmpty, "\(batch.warnings)")
  }

  @Test("2.1: a CHARSET kith does not read, or bytes not in it: one warning, the value as before")
  func unreadCharset() throws {
    let text = """
      BEGIN:VCARD
      VERSION:2.1
      N;CHARSET=EUC-JP;ENCODING=QUOTED-PRINTABLE:=BB=B3=C5=C4;=C2=C0=CF=BA;;;
      FN;CHARSET=EUC-JP;ENCODING=QUOTED-PRINTABLE:=BB=B3=C5=C4 =C2=C0=CF=BA
      END:VCARD
      BEGIN:VCARD
      VERSION:2.1
      FN;CHARSET=SHIFT_JIS;ENCODING=QUOTED-PRINTABLE:Ann =81
      END:VCARD
      BEGIN:VCARD
      VERSION:2.1
      FN;CHARSET=EUC-JP;ENCODING=QUOTED-PRINTABLE:Bo
      END:VCARD

      """
    let batch = try VCardReader.parse(text, path: "x.vcf", now: ImportFixtures.now)
    #expect(
      batch.warnings.map(\.description) == [
        "x.vcf:3:1: CHARSET=EUC-JP is a charset kith does not read: 3 values (the first here) are read as UTF-8, else Windows-1252",
        "x.vcf:8:1: the value is not valid SHIFT_JIS text: it is read as UTF-8, else Windows-1252",
      ])
    // Kept as before: UTF-8, else Windows-1252.
    #expect(batch.people.map(\.name) == ["»³ÅÄ ÂÀÏº", "Ann \u{81}", "Bo"])
  }

  @Test("4.0: tel: URIs, quoted parameter lists, yearless BDAY, N's prefix ignored, ROLE")
  func v40() throws {
    let batch = try read("contacts-v40.vcf")
    #expect(batch.problems.isEmpty)
    let priya = try #require(batch.person(named: "Priya Raman"))
    #expect(priya.phones == ["+91-98765-43210"])
    #expect(priya.details["birthday"] == "--04-12")
    #expect(priya.aliases.isEmpty)
    #expect(batch.affiliations.first?.role == "Advisor")
    #expect(batch.person(named: "Solo Initial")?.details["birthday"] == "1979-01-02")
  }

  @Test("organisation cards (KIND:org, Apple's X-ABShowAs:COMPANY) are organisations")
  func organisationCards() throws {
    let text = """
      BEGIN:VCARD
      VERSION:4.0
      FN:Zoë Ångström
      EMAIL:zoe@angstrom.se
      ORG:Ångström Labs
      KIND:individual
      END:VCARD
      BEGIN:VCARD
      VERSION:4.0
      KIND:org
      FN:Ångström Labs
      ORG:Ångström Labs
      NOTE:Hiring in spring
      END:VCARD
      BEGIN:VCARD
      VERSION:3.0
      N:;;;;
      FN:Just A Company
      ORG:Just A Company;
      X-ABShowAs:COMPANY
      END:VCARD
      BEGIN:VCARD
      VERSION:4.0
      KIND:Organization
      FN:Named Only By FN
      END:VCARD
      """
    let batch = try VCardReader.parse(text, path: "c.vcf", now: ImportFixtures.now)
    #expect(batch.problems.isEmpty)
    #expect(batch.people.map(\.name) == ["Zoë Ångström"])
    #expect(
      batch.organisations.map(\.name) == ["Ångström Labs", "Just A Company", "Named Only By FN"])
    #expect(batch.affiliations.count == 1)
    let note = try #require(batch.notes.first)
    #expect(note.text == "Hiring in spring" && note.subject == .organisation("angstrom labs"))
  }

  @Test("Google's system groups in CATEGORIES (myContacts, starred) are no tags")
  func googleSystemGroups() throws {
    let text = """
      BEGIN:VCARD
      VERSION:3.0
      FN:Sam Patel
      CATEGORIES:myContacts,Starred,Investors
      END:VCARD
      BEGIN:VCARD
      VERSION:3.0
      FN:Jane Doe
      CATEGORIES:myContacts,starred
      END:VCARD
      """
    let batch = try VCardReader.parse(text, path: "g.vcf", now: ImportFixtures.now)
    #expect(batch.people.map(\.tags) == [["Investors"], []])
  }

  @Test("N without FN gives the name; an N that differs from FN becomes an alias")
  func names() throws {
    let text = """
      BEGIN:VCARD
      VERSION:3.0
      N:Lovelace;Augusta;Ada;;
      END:VCARD
      BEGIN:VCARD
      VERSION:3.0
      FN:Kit
      N:Marlowe;Christopher;;;
      END:VCARD
      """
    let batch = try VCardReader.parse(text, path: "n.vcf", now: ImportFixtures.now)
    #expect(batch.people.map(\.name) == ["Augusta Ada Lovelace", "Kit"])
    #expect(batch.people[1].aliases == ["Christopher Marlowe"])
  }

  @Test("a CJK name's N is family name first: no reversed alias; Western N still gives one")
  func cjkStructuredName() throws {
    let text = """
      BEGIN:VCARD
      VERSION:3.0
      N:山田;剛;;;
      FN:山田 剛
      END:VCARD
      BEGIN:VCARD
      VERSION:3.0
      N:山田;剛;;;
      FN:山田剛
      END:VCARD
      BEGIN:VCARD
      VERSION:3.0
      N:김;민준;;;
      END:VCARD
      BEGIN:VCARD
      VERSION:3.0
      N:Quill;Ada;;;
      FN:Quill, Ada
      END:VCARD
      BEGIN:VCARD
      VERSION:3.0
      N:山田;剛;;;
      FN:Yamada Takeshi
      END:VCARD
      """
    let batch = try VCardReader.parse(text, path: "n.vcf", now: ImportFixtures.now)
    #expect(batch.people.map(\.name) == ["山田 剛", "山田剛", "김 민준", "Quill, Ada", "Yamada Takeshi"])
    #expect(batch.people.map(\.aliases) == [[], [], [], ["Ada Quill"], ["山田 剛"]])
  }

  @Test("the reading of a CJK name becomes aliases, romaji in both orders, kana family first")
  func readings() throws {
    let text = """
      BEGIN:VCARD
      VERSION:3.0
      N:山田;剛;;;
      FN:山田 剛
      X-PHONETIC-FIRST-NAME:Takeshi
      X-PHONETIC-LAST-NAME:Yamada
      NICKNAME:Takeshi Yamada
      END:VCARD
      BEGIN:VCARD
      VERSION:4.0
      N;SORT-AS="Kato,Sakura":加藤;さくら;;;
      FN:加藤 さくら
      END:VCARD
      BEGIN:VCARD
      VERSION:4.0
      FN:大野 亮
      N;ALTID=1;LANGUAGE=ja:大野;亮;;;
      N;ALTID=1;PHONETIC=script;SCRIPT=Latn:Ohno;Ryo;;;
      END:VCARD
      BEGIN:VCARD
      VERSION:2.1
      N;CHARSET=UTF-8:斉藤;由紀;;;
      SOUND;X-IRMC-N;CHARSET=UTF-8:サイトウ;ユキ;;;
      END:VCARD
      BEGIN:VCARD
      VERSION:3.0
      N;SORT-AS="Doe,Shavon":Doe;Siobhan;;;
      FN:Siobhan Doe
      X-PHONETIC-FIRST-NAME:Shavon
      X-PHONETIC-LAST-NAME:Doe
      END:VCARD
      """
    let batch = try VCardReader.parse(text, path: "p.vcf", now: ImportFixtures.now)
    #expect(batch.problems.isEmpty)
    #expect(
      batch.people.map(\.aliases) == [
        ["Takeshi Yamada", "Yamada Takeshi"], ["Sakura Kato", "Kato Sakura"],
        ["Ryo Ohno", "Ohno Ryo"], ["サイトウ ユキ"], [],
      ])
    #expect(batch.people.map(\.name) == ["山田 剛", "加藤 さくら", "大野 亮", "斉藤 由紀", "Siobhan Doe"])
  }

  @Test("broken cards are reported with their lines; good cards are kept")
  func broken() throws {
    let batch = try read("broken.vcf")
    #expect(batch.people.map(\.name) == ["Good Card"])
    #expect(
      batch.problems.map(\.description) == [
        "\(ImportFixtures.path("vcard/broken.vcf")):9:1: EMAIL: 'not-an-address' is not an email address",
        "\(ImportFixtures.path("vcard/broken.vcf")):13:1: line: 'this line has no colon' has no ':'",
        "\(ImportFixtures.path("vcard/broken.vcf")):16:1: FN: the card has no name (FN or N)",
      ])
  }

  @Test("a card without END and stray text are located problems")
  func unterminated() throws {
    let batch = try VCardReader.parse(
      "junk\nBEGIN:VCARD\nFN:A\nBEGIN:VCARD\nFN:B\nEND:VCARD\nBEGIN:VCARD\nFN:C\n", path: "u.vcf",
      now: ImportFixtures.now)
    #expect(batch.people.map(\.name) == ["B"])
    #expect(batch.problems.compactMap { $0.location?.line } == [1, 2, 7])
  }

  @Test("a file with no card is refused")
  func notVCard() {
    #expect(throws: ImportError.self) {
      try VCardReader.parse("hello\nworld\n", path: "x.vcf", now: ImportFixtures.now)
    }
  }
}

@Suite("Generic CSV reader")
struct GenericCSVReaderTests {
  @Test("people: aliases of column names, lists, organisation, note")
  func people() throws {
    let batch = try GenericCSVReader.read(
      path: ImportFixtures.path("csv/people.csv"), now: ImportFixtures.now)
    #expect(batch.problems.isEmpty)
    #expect(batch.people.map(\.name) == ["Ines Duarte", "Ada Quill", "Tomás Ferreira"])
    #expect(batch.people[0].tags == ["founder", "climate"])
    #expect(batch.people[0].phones == ["+351 912 345 678"])
    #expect(batch.affiliations.map { $0.role ?? "-" } == ["CTO", "Staff Data Scientist"])
    #expect(batch.notes.first?.text == "Wants to hire two ML engineers, ask in May")
    #expect(batch.source == "csv:people.csv")
  }

  @Test("Google Contacts' CSV: every E-mail N and Phone N value, the organisation and title")
  func googleContacts() throws {
    let batch = try GenericCSVReader.read(
      path: ImportFixtures.path("csv/google-contacts.csv"), now: ImportFixtures.now)
    #expect(batch.problems.isEmpty && batch.warnings.isEmpty)
    let sam = try #require(batch.person(named: "Sam Patel"))
    #expect(sam.emails == ["sam.patel@gmail.com", "sam@initech.io"])
    #expect(sam.phones == ["(415) 555-0199"])
    #expect(sam.aliases == ["Sammy"] && sam.details == ["birthday": "1988-06-12"])
    // Its system groups (myContacts, Starred) are no labels of the user's.
    #expect(sam.tags == [])
    #expect(batch.organisations.map(\.name) == ["Initech"])
    #expect(batch.affiliations.map(\.role) == ["CTO"])
    // Several values of one field, separated by " ::: ".
    let jane = try #require(batch.person(named: "Jane Doe"))
    #expect(jane.emails == ["jane.doe@example.com", "jane@doe.family"])
  }

  @Test("Outlook's CSV: E-mail Address, Business and Mobile Phone, Job Title over the honorific")
  func outlookContacts() throws {
    let batch = try GenericCSVReader.read(
      path: ImportFixtures.path("csv/outlook-contacts.csv"), now: ImportFixtures.now)
    #expect(batch.problems.isEmpty && batch.warnings.isEmpty)
    let jurgen = try #require(batch.person(named: "Jürgen Müller"))
    #expect(jurgen.emails == ["juergen.mueller@contoso.de"])
    #expect(jurgen.phones == ["+49 30 1234567", "+49 151 1234567"])
    #expect(batch.organisations.map(\.name) == ["Contoso GmbH"])
    #expect(batch.affiliations.map(\.role) == ["Head of Platform"])
    #expect(batch.notes.map(\.text) == ["Met at KubeCon"])
  }

  @Test("a title without a company, or at Self-employed/Freelance, is the person's position")
  func titleWithoutCompany() throws {
    let text = """
      name,title,company
      Zed Test,Accountant,
      Ann Free,Designer,Freelance
      Bo Self,,Self-employed
      Cy Job,CTO,Acme

      """
    let batch = try GenericCSVReader.parse(text, path: "x.csv", now: ImportFixtures.now)
    #expect(batch.problems.isEmpty && batch.warnings.isEmpty)
    #expect(
      batch.people.map { $0.details["position"] ?? "-" } == [
        "Accountant", "Designer (Freelance)", "Self-employed", "-",
      ])
    #expect(batch.organisations.map(\.name) == ["Acme"])
    #expect(batch.affiliations.map(\.role) == ["CTO"])
  }

  @Test("columns holding values kith does not read are named in one warning; labels kept")
  func ignoredColumns() throws {
    let text = """
      First Name,Middle Name,Last Name,Title,Job Title,Company,E-mail 2 Address,Gender,Pager,Hobby,Group Membership,Home Fax
      Ann,B.,Cole,Dr.,,Acme,ann@cole.io,female,,chess,* myContacts ::: Friends,
      Bo,,Dahl,,,,,,555 0100,,,
      """
    let batch = try GenericCSVReader.parse(text, path: "x.csv", now: ImportFixtures.now)
    #expect(batch.problems.isEmpty)
    #expect(batch.people.map(\.name) == ["Ann B. Cole", "Bo Dahl"])
    #expect(batch.people[0].emails == ["ann@cole.io"] && batch.people[0].tags == ["Friends"])
    // Outlook's Title is an honorific: the (empty) job title is the role.
    #expect(batch.affiliations.map(\.role) == [nil])
    #expect(
      batch.warnings.map(\.description) == [
        "x.csv:1:1: ignored 4 columns kith does not read: Title, Gender, Pager, Hobby"
      ])
  }

  @Test("interactions: the ego takes part, people by name or email, initiator, kinds")
  func interactions() throws {
    let batch = try GenericCSVReader.read(
      path: ImportFixtures.path("csv/interactions.csv"), now: ImportFixtures.now)
    #expect(batch.problems.isEmpty)
    #expect(batch.interactions.map(\.kind) == [.meeting, .video, .call])
    #expect(batch.interactions[0].participants == [.me, .record("ines duarte")])
    #expect(batch.interactions[0].initiator == .me)
    #expect(
      batch.interactions[1].participants == [
        .me, .record("ines.duarte@example.pt"), .record("tomas ferreira"),
      ])
    #expect(batch.people.allSatisfy { $0.resolution == .reference })
    let noEgo = try GenericCSVReader.read(
      path: ImportFixtures.path("csv/interactions.csv"), includeEgo: false,
      now: ImportFixtures.now)
    #expect(noEgo.interactions[0].participants == [.record("ines duarte")])
  }

  @Test("edges: weight and date, source ids by content")
  func edges() throws {
    let batch = try GenericCSVReader.read(
      path: ImportFixtures.path("csv/edges.csv"), now: ImportFixtures.now)
    #expect(batch.ties.map(\.weight) == [2, 1])
    #expect(batch.ties[0].date.map(KithTime.format) == "2025-06-01T00:00:00Z")
    #expect(Set(batch.ties.map(\.sourceID)).count == 2)
  }

  struct BadCase: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    var expected: String
    var testDescription: String { name }
  }

  static let badRows: [BadCase] = [
    BadCase(
      name: "bad date", text: "date,with\n2024-13-01,Ann\n",
      expected: "x.csv:2:1: date: '2024-13-01' is not a date"),
    BadCase(
      name: "unknown kind", text: "date,with,kind\n2024-01-01,Ann,lunch\n",
      expected: "x.csv:2:16: kind: 'lunch' is not a kind"),
    BadCase(
      name: "no participant", text: "date,with\n2024-01-01,\n",
      expected: "x.csv:2:12: with: no participant named"),
    BadCase(
      name: "bad email", text: "name,email\nAnn,ann-at-example\n",
      expected: "x.csv:2:5: email: 'ann-at-example' is not an email address"),
    BadCase(
      name: "negative weight", text: "source,target,weight\nA,B,-1\n",
      expected: "x.csv:2:5: weight: '-1' is not a number from 0 to 1000000"),
    BadCase(
      name: "weight too large for a tie", text: "source,target,weight\nA,B,1e39\n",
      expected: "x.csv:2:5: weight: '1e39' is not a number from 0 to 1000000"),
    BadCase(
      name: "self edge", text: "source,target\nAnn,ann\n",
      expected: "x.csv:2:5: target: an edge joins two different people"),
    BadCase(
      name: "people row with more fields than the header",
      text: "name,email,company\nAnn Lee,ann@lee.io,Acme\nBen Ho,ben@ho.io,Acme,extra,f\n",
      expected: "x.csv:3:23: 5 fields, but the header names 3 columns"),
    BadCase(
      name: "interaction row with more fields than the header",
      text: "date,with,kind\n2026-01-01,Ann,call\n2026-01-02,Ann,call, extra\n",
      expected: "x.csv:3:21: 4 fields, but the header names 3 columns"),
    BadCase(
      name: "edge row with more fields than the header",
      text: "source,target\nAnn,Bob,3\n", expected: "x.csv:2:9: 3 fields"),
  ]

  @Test("empty fields after the last column (a trailing comma) are no problem")
  func trailingEmptyFields() throws {
    for text in [
      "name,email\nAnn Lee,ann@lee.io,\n", "date,with\n2026-01-01,Ann, ,\n",
      "source,target\nAnn,Bob,,\n",
    ] {
      let batch = try GenericCSVReader.parse(text, path: "x.csv", now: ImportFixtures.now)
      #expect(batch.problems.isEmpty && batch.recordCount > 0, "\(text)")
    }
  }

  @Test("a bad row is a located problem naming the field", arguments: badRows)
  func badRow(_ c: BadCase) throws {
    let batch = try GenericCSVReader.parse(c.text, path: "x.csv", now: ImportFixtures.now)
    #expect(batch.problems.count == 1)
    #expect(batch.problems.first?.description.hasPrefix(c.expected) == true, "\(batch.problems)")
  }

  @Test("a header that fits no kind, and an empty file, are refused")
  func refused() {
    #expect(throws: ImportError.self) {
      try GenericCSVReader.parse("foo,bar\n1,2\n", path: "x.csv", now: ImportFixtures.now)
    }
    #expect(throws: ImportError.self) {
      try GenericCSVReader.parse("", path: "x.csv", now: ImportFixtures.now)
    }
  }
}
