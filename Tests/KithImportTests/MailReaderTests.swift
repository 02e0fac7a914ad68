import Foundation
import KithImport
import Testing

@Suite("Mail reader")
struct MailReaderTests {
  struct Expected: Sendable, CustomTestStringConvertible {
    var sourceID: String
    var line: Int
    var from: String
    var fromName: String?
    var date: String
    var to: [String]
    var cc: [String] = []
    var inReplyTo: [String] = []
    var subject: String?
    var list = false
    var testDescription: String { sourceID }
  }

  struct Case: Sendable, CustomTestStringConvertible {
    var file: String
    var mbox: Bool
    var messages: [Expected]
    var withoutSender = 0
    var testDescription: String { file }
  }

  static let thunderbird: [Expected] = [
    // A group in To; a `>From ` line and an undated `From ` line in the body.
    Expected(
      sourceID: "a1@mail.example.com", line: 1, from: "ada.example@example.com",
      fromName: "Ada Example", date: "2025-01-04T10:00:00Z",
      to: ["bruno.testperson@example.org", "carla.team@example.net", "dee.team@example.net"],
      subject: "Kickoff notes"),
    Expected(
      sourceID: "b2@mail.example.org", line: 27, from: "bruno.testperson@example.org",
      fromName: "Bruno Testperson", date: "2025-01-05T17:30:00Z",
      to: ["ada.example@example.com"], inReplyTo: ["a1@mail.example.com"],
      subject: "Re: Kickoff notes"),
    Expected(
      sourceID: "list-77@lists.example.net", line: 39, from: "digest@lists.example.net",
      fromName: "Weekly Digest", date: "2025-01-06T08:00:00Z",
      to: ["swift-users@lists.example.net"], subject: "[swift-users] Digest, Vol 12", list: true),
    // No Message-ID: a digest of the headers; a two-digit year and EST without seconds.
    Expected(
      sourceID: "kith-", line: 50, from: "francois@example.fr", fromName: "François Exemple",
      date: "2025-01-07T14:00:00Z", to: ["ada.example@example.com"], subject: "Prix en €"),
  ]

  static let gmail: [Expected] = [
    Expected(
      sourceID: "CAG1234abcd@mail.gmail.com", line: 1, from: "Ada.Example@Example.com",
      fromName: "Ada Example", date: "2025-02-04T09:00:00Z",
      to: ["jane.doe@example.com", "gil@example.com", "hana@example.com"],
      cc: ["zoe@example.ch"], subject: "Dinner on Friday?"),
    // No Date header: the `From ` line's date.
    Expected(
      sourceID: "reply-jane-1@example.com", line: 32, from: "jane.doe@example.com",
      date: "2025-02-05T07:45:00Z", to: ["ada.example@example.com"],
      inReplyTo: ["CAG1234abcd@mail.gmail.com"], subject: "Re: Dinner on Friday?"),
    Expected(
      sourceID: "news-1@news.example.com", line: 43, from: "news@news.example.com",
      fromName: "Newsletter “Weekly”", date: "2025-02-06T16:20:00Z",
      to: ["ada.example@example.com"], subject: "“Top stories”", list: true),
    // Full weekday and month names, GMT+0100, junk; an empty group.
    Expected(
      sourceID: "obs-date@example.com", line: 55, from: "ivo@example.de", fromName: "Ivo Müller",
      date: "2025-02-07T10:00:00Z", to: [], subject: "Quick question"),
  ]

  static let cases: [Case] = [
    Case(file: "mail/thunderbird.mbox", mbox: true, messages: thunderbird),
    Case(file: "mail/gmail-takeout.mbox", mbox: true, messages: gmail, withoutSender: 1),
    Case(
      file: "mail/outlook.eml", mbox: false,
      messages: [
        Expected(
          sourceID: "DB9PR01MB1234ABCD@DB9PR01MB1234.eurprd01.prod.outlook.com", line: 1,
          from: "olivia.sample@example.com", fromName: "Olivia Sample",
          date: "2025-03-10T14:04:33Z", to: ["ada.example@example.com"],
          cc: ["bruno.testperson@example.org", "quinn@example.org"],
          inReplyTo: ["a1@mail.example.com", "b2@mail.example.org"],
          subject: "Quarterly review — agenda")
      ]),
    Case(
      file: "mail/apple-mail.eml", mbox: false,
      messages: [
        Expected(
          sourceID: "7D1E4B2C-1A2B-4C3D-9E8F-0A1B2C3D4E5F@example.com", line: 1,
          from: "grace.apple@example.com", fromName: "Grace Apple",
          date: "2024-06-16T01:12:08Z", to: ["ada.example@example.com", "hank@example.com"],
          subject: "Photos from lunch")
      ]),
  ]

  @Test("fixtures from real mailers", arguments: cases)
  func fixture(_ c: Case) throws {
    let path = ImportFixtures.path(c.file)
    let box = c.mbox ? try MailReader.readMbox(path: path) : try MailReader.readMessage(path: path)
    #expect(box.rejected.isEmpty, "\(box.rejected)")
    #expect(box.withoutSender == c.withoutSender)
    #expect(box.messages.count == c.messages.count)
    for (m, e) in zip(box.messages, c.messages) {
      #expect(m.sourceID.hasPrefix(e.sourceID), "\(e.sourceID)")
      #expect(m.location.line == e.line, "\(e.sourceID)")
      #expect(m.location.path == path)
      #expect(m.from.email == e.from, "\(e.sourceID)")
      #expect(m.from.name == e.fromName, "\(e.sourceID)")
      #expect(m.date == ImportFixtures.at(e.date), "\(e.sourceID)")
      #expect(m.to.map(\.email) == e.to, "\(e.sourceID)")
      #expect(m.cc.map(\.email) == e.cc, "\(e.sourceID)")
      #expect(m.inReplyTo == e.inReplyTo, "\(e.sourceID)")
      #expect(m.subject == e.subject, "\(e.sourceID)")
      #expect((m.listID != nil || m.isBulk) == e.list, "\(e.sourceID)")
    }
  }

  @Test("display names from the fixtures: quoted commas, escapes, comments, split UTF-8")
  func names() throws {
    let box = try MailReader.readMbox(path: ImportFixtures.path("mail/gmail-takeout.mbox"))
    let first = try #require(box.messages.first)
    #expect(first.to.map(\.name) == ["Doe, Jane", "Gil Comment", "Hana \"H\" Quote"])
    #expect(first.cc.map(\.name) == ["Zoë Ämtli"])
    let tb = try MailReader.readMbox(path: ImportFixtures.path("mail/thunderbird.mbox"))
    #expect(tb.messages.first?.to.map(\.name) == ["Bruno Testperson", nil, "Dee, Team"])
    let outlook = try MailReader.readMessage(path: ImportFixtures.path("mail/outlook.eml"))
    // 'Ada Example' in single quotes, as Outlook writes it.
    #expect(outlook.messages.first?.to.first?.name == "Ada Example")
  }

  struct AddressCase: Sendable, CustomTestStringConvertible {
    var text: String
    var expected: [String]
    var testDescription: String { text }
  }

  static let addresses: [AddressCase] = [
    AddressCase(text: "Jane Doe <jane@example.com>", expected: ["Jane Doe <jane@example.com>"]),
    AddressCase(text: "jane@example.com", expected: ["jane@example.com"]),
    AddressCase(text: "<jane@example.com>", expected: ["jane@example.com"]),
    AddressCase(
      text: "\"Doe, Jane\" <jane@example.com>, bob@example.org",
      expected: ["Doe, Jane <jane@example.com>", "bob@example.org"]),
    AddressCase(
      text: "jane@example.com (Jane (the) Doe)", expected: ["Jane (the) Doe <jane@example.com>"]),
    AddressCase(
      text: "Jane (work) <jane@example.com>", expected: ["Jane <jane@example.com>"]),
    AddressCase(
      text: "Friends: a@example.com, \"B\" <b@example.com>;, c@example.com",
      expected: ["a@example.com", "B <b@example.com>", "c@example.com"]),
    AddressCase(text: "undisclosed-recipients:;", expected: []),
    AddressCase(text: "Jane Doe", expected: []),
    AddressCase(text: "", expected: []),
    AddressCase(
      text: "=?UTF-8?Q?J=C3=BCrgen?= <j@example.de>", expected: ["Jürgen <j@example.de>"]),
    AddressCase(
      text: "\"=?ISO-8859-1?Q?Ren=E9?=\" <r@example.fr>", expected: ["René <r@example.fr>"]),
    AddressCase(
      text: "<@relay.example.net:jane@example.com>", expected: ["jane@example.com"]),
    AddressCase(
      text: "\"a@b.c\" <a@b.c>", expected: ["a@b.c"]),
    AddressCase(
      text: "\"Quote \\\" inside, and comma\" <q@example.com>",
      expected: ["Quote \" inside, and comma <q@example.com>"]),
    AddressCase(text: "Broken <jane@example.com", expected: ["Broken <jane@example.com>"]),
  ]

  @Test("RFC 5322 address lists", arguments: addresses)
  func addressList(_ c: AddressCase) {
    #expect(MailAddress.parseList(c.text).map(\.description) == c.expected)
  }

  struct DateCase: Sendable, CustomTestStringConvertible {
    var text: String
    var expected: String?
    var testDescription: String { text }
  }

  static let dates: [DateCase] = [
    DateCase(text: "Tue, 1 Jul 2003 10:52:37 +0200", expected: "2003-07-01T08:52:37Z"),
    DateCase(text: "1 Jul 2003 10:52:37 +0200", expected: "2003-07-01T08:52:37Z"),
    DateCase(text: "Tue, 1 Jul 2003 10:52 +0200", expected: "2003-07-01T08:52:00Z"),
    DateCase(text: "Tue, 01 Jul 03 10:52:37 GMT", expected: "2003-07-01T10:52:37Z"),
    DateCase(text: "Fri, 21 Nov 97 09:55:06 -0600", expected: "1997-11-21T15:55:06Z"),
    DateCase(text: "Thu, 13 Feb 103 23:32:54 -0330", expected: "2003-02-14T03:02:54Z"),
    DateCase(text: "Mon, 6 Jan 2025 08:00:00 EST", expected: "2025-01-06T13:00:00Z"),
    DateCase(text: "Mon, 6 Jan 2025 08:00:00 PDT", expected: "2025-01-06T15:00:00Z"),
    DateCase(text: "Mon, 6 Jan 2025 08:00:00 UT", expected: "2025-01-06T08:00:00Z"),
    DateCase(text: "Mon, 6 Jan 2025 08:00:00 +0000 (UTC)", expected: "2025-01-06T08:00:00Z"),
    DateCase(text: "Mon, 6 Jan 2025 08:00:00 -0500 (EST) junk", expected: "2025-01-06T13:00:00Z"),
    DateCase(text: "Mon, 6 Jan 2025 08:00:00 GMT+0100", expected: "2025-01-06T07:00:00Z"),
    DateCase(text: "Mon, 6 Jan 2025 08:00:00 +01:00", expected: "2025-01-06T07:00:00Z"),
    DateCase(text: "Mon,6 Jan 2025 08:00:00 +0100", expected: "2025-01-06T07:00:00Z"),
    DateCase(text: "Mon 6 Jan 2025 08:00:00", expected: "2025-01-06T08:00:00Z"),
    DateCase(text: "Monday, January 6, 2025 8:00 AM", expected: "2025-01-06T08:00:00Z"),
    DateCase(text: "Wed Jan  1 12:00:00 2025", expected: "2025-01-01T12:00:00Z"),
    DateCase(text: "2025-01-06T08:00:00Z", expected: "2025-01-06T08:00:00Z"),
    DateCase(text: "2025-01-06 08:00:00 +0100", expected: "2025-01-06T07:00:00Z"),
    DateCase(text: "6 Jan 2025", expected: "2025-01-06T00:00:00Z"),
    DateCase(text: "Mon, 6 Jan 2025 08:00:00 A", expected: "2025-01-06T08:00:00Z"),
    DateCase(text: "Tue, 31 Feb 2025 08:00:00 +0000", expected: nil),
    DateCase(text: "yesterday", expected: nil),
    DateCase(text: "", expected: nil),
  ]

  @Test("dates, including obsolete and odd forms", arguments: dates)
  func date(_ c: DateCase) {
    #expect(MailDate.parse(c.text) == c.expected.map(ImportFixtures.at))
  }

  struct WordCase: Sendable, CustomTestStringConvertible {
    var text: String
    var expected: String
    var testDescription: String { text }
  }

  static let words: [WordCase] = [
    WordCase(text: "=?UTF-8?B?w6lsw6hWZQ==?=", expected: "élèVe"),
    WordCase(text: "=?utf-8?q?caf=C3=A9_cr=C3=A8me?=", expected: "café crème"),
    WordCase(text: "=?ISO-8859-1?Q?Fran=E7ois?=", expected: "François"),
    WordCase(text: "=?ISO-8859-15?Q?=A4?=", expected: "€"),
    WordCase(text: "=?ISO-8859-1?Q?=A4?=", expected: "¤"),
    WordCase(text: "=?windows-1252?Q?=80=93=96?=", expected: "€“–"),
    WordCase(text: "=?UTF-8*en?Q?hi?=", expected: "hi"),
    WordCase(text: "=?UTF-8?Q?a?= =?UTF-8?Q?b?=", expected: "ab"),
    WordCase(text: "=?UTF-8?Q?a?= plain =?UTF-8?Q?b?=", expected: "a plain b"),
    WordCase(text: "Re: =?UTF-8?Q?x?=", expected: "Re: x"),
    WordCase(text: "=?KOI8-R?B?8NLJ18XU?=", expected: "=?KOI8-R?B?8NLJ18XU?="),
    // Japanese mail writes names in ISO-2022-JP, or Shift_JIS: they were left as written.
    WordCase(
      text: "=?ISO-2022-JP?B?GyRCOzNFRBsoQg==?= <y@example.jp>", expected: "山田 <y@example.jp>"),
    WordCase(text: "=?shift_jis?B?kMSToQ==?=", expected: "斉藤"),
    WordCase(text: "=?windows-1251?Q?=C4=EC=E8=F2=F0=E8=E9?=", expected: "Дмитрий"),
    WordCase(text: "=?UTF-8?X?abc?=", expected: "=?UTF-8?X?abc?="),
    WordCase(text: "=?UTF-8?B?not base64!?=", expected: "=?UTF-8?B?not base64!?="),
    WordCase(text: "=?UTF-8?Q?unterminated", expected: "=?UTF-8?Q?unterminated"),
    WordCase(text: "=?UTF-8?B?/w==?=", expected: "ÿ"),
  ]

  @Test("RFC 2047 encoded words", arguments: words)
  func encodedWord(_ c: WordCase) {
    #expect(EncodedWords.decode(c.text) == c.expected)
  }

  struct ErrorCase: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    var mbox: Bool
    var message: String
    var testDescription: String { name }
  }

  static let errors: [ErrorCase] = [
    ErrorCase(
      name: "empty eml", text: "", mbox: false,
      message: "x: the file is empty; expected an email message"),
    ErrorCase(
      name: "blank eml", text: "\r\n\n", mbox: false,
      message: "x: the file is empty; expected an email message"),
    // An empty mbox is refused as an empty .vcf, .ics or .csv is (it was a note and exit 0).
    ErrorCase(
      name: "empty mbox", text: "", mbox: true,
      message: "x: the file is empty; expected an mbox file"
    ),
    ErrorCase(
      name: "blank mbox", text: "\n\n", mbox: true,
      message: "x: the file is empty; expected an mbox file"),
    ErrorCase(
      name: "a byte-order mark alone", text: "\u{FEFF}", mbox: true,
      message: "x: the file is empty; expected an mbox file"),
    // `From ` lines with text but no header after them: no message at all, where it was taken
    // for one without a sender and imported as nothing.
    ErrorCase(
      name: "mbox of text under a From line",
      text: "\nFrom someone Mon Jan  1 00:00:00 2024\njust some text\n\nmore text\n", mbox: true,
      message:
        "x:3:1: no email message in the file (headers such as `From:` should follow each `From ` line)"
    ),
    ErrorCase(
      name: "mbox of From lines alone",
      text: "From a Mon Jan  1 00:00:00 2024\n\nFrom b Tue Jan  2 00:00:00 2024\n\n", mbox: true,
      message:
        "x:2:1: no email message in the file (headers such as `From:` should follow each `From ` line)"
    ),
    ErrorCase(
      name: "binary", text: "From \u{0}\u{1}", mbox: true,
      message: "x: a binary file, not an mbox file"),
    ErrorCase(
      name: "an eml given as mbox", text: "From: a@example.com\nDate: 6 Jan 2025\n\nhi\n",
      mbox: true,
      message: "x:1:1: a single message, not an mbox file: import it with `kith import eml`"),
    ErrorCase(
      name: "text as mbox", text: "Shopping list\n- milk\n", mbox: true,
      message: "x:1:1: not an mbox file (it should begin with a `From ` line)"),
    ErrorCase(
      name: "text as eml", text: "\nShopping list\n- milk\n", mbox: false,
      message: "x:2:1: not an email message (it should begin with headers such as `From:`)"),
    ErrorCase(
      name: "a calendar as eml", text: "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", mbox: false,
      message: "x:1:1: not an email message (it should begin with headers such as `From:`)"),
  ]

  @Test("a message without a sender is still a message: the mbox is not refused")
  func headersWithoutSender() throws {
    let box = try Self.mbox(
      "From x Mon Jan  1 00:00:00 2024\nX-GM-THRID: 1\nSubject: chat\n\nhi\n")
    #expect(box.messages.isEmpty && box.withoutSender == 1)
  }

  @Test("file errors", arguments: errors)
  func fileError(_ c: ErrorCase) {
    let bytes = Array(c.text.utf8)
    #expect {
      _ = try bytes.withUnsafeBytes { raw in
        try Result { () throws(ImportError) -> ParsedMailbox in
          c.mbox
            ? try MailReader.parseMbox(raw, path: "x") : try MailReader.parseMessage(raw, path: "x")
        }.get()
      }
    } throws: { error in
      (error as? ImportError)?.description == c.message
    }
  }

  static func mbox(_ text: String) throws -> ParsedMailbox {
    let bytes = Array(text.utf8)
    return try bytes.withUnsafeBytes { raw in
      try Result { () throws(ImportError) -> ParsedMailbox in
        try MailReader.parseMbox(raw, path: "m.mbox")
      }.get()
    }
  }

  @Test("a bad Date rejects the message at the Date line; the others are read")
  func badDate() throws {
    let box = try Self.mbox(
      """
      From a@example.com Mon Jan  6 08:00:00 2025
      From: a@example.com
      To: b@example.com
      Date: sometime
      Message-ID: <1@x>

      body

      From b@example.com Mon Jan  6 09:00:00 2025
      From: b@example.com
      To: a@example.com
      Message-ID: <2@x>


      """)
    // The bad Date falls back to the From line's date; without one it is rejected.
    #expect(box.messages.map(\.sourceID) == ["1@x", "2@x"])
    #expect(box.messages.first?.date == ImportFixtures.at("2025-01-06T08:00:00Z"))
    // …and says so, at the Date line, with the date the message got.
    #expect(
      box.warnings.map(\.description) == [
        "m.mbox:4:1: Date: not a date; the message is dated 2025-01-06 08:00 UTC, from its `From ` line"
      ])
    let eml = try MailReader.readMessage(path: ImportFixtures.path("mail/bad-date.eml"))
    #expect(
      eml.rejected.map(\.description) == [
        ImportFixtures.path("mail/bad-date.eml") + ":3:1: Date: not a date"
      ])
    #expect(eml.messages.isEmpty)
  }

  @Test("a file that ends inside a message's headers rejects that message at its first line")
  func truncatedHeaders() throws {
    let message = """
      From a@example.com Mon Jan  6 08:00:00 2025
      From: a@example.com
      Date: 6 Jan 2025 08:00 +0000
      Message-ID: <1@x>

      body

      From b@example.com Mon Jan  6 09:00:00 2025
      From: b@example.com
      Date: 6 Jan 2025 09:00 +0000

      """
    // Cut inside a header line, after a whole header line, and inside the From line.
    for cut in ["X-GM-", "Subject: hi\n", ""] {
      let box = try Self.mbox(message + "\nFrom c@example.com Mon Jan  6 10:00:00 2025\n" + cut)
      #expect(box.messages.map(\.sourceID).count == 2, "\(cut)")
      #expect(
        box.rejected.map(\.description) == [
          "m.mbox:12:1: the file ends inside the headers of the message starting here "
            + "(it may be truncated)"
        ], "\(cut)")
      #expect(box.withoutSender == 0)
    }
    // A cut inside a body cannot be told from a whole message.
    #expect(try Self.mbox(message + "\nhalf a sent").rejected.isEmpty)
  }

  @Test("List-Unsubscribe and Gmail's Promotions/Updates/Forums/Social tabs are bulk mail")
  func bulkSignals() throws {
    func message(_ id: Int, _ header: String) -> String {
      """
      From a@example.com Mon Jan  6 08:00:00 2025
      From: News <crew@news.example.com>
      To: me@example.com
      Date: 6 Jan 2025 08:00 +0000
      Message-ID: <\(id)@x>
      \(header)

      body


      """
    }
    let box = try Self.mbox(
      [
        message(1, "List-Unsubscribe: <https://news.example.com/unsub>"),
        message(2, "X-Gmail-Labels: Inbox,Category Updates"),
        message(3, "X-Gmail-Labels: Category Promotions"),
        message(4, "X-Gmail-Labels: Archived, Category Social"),
        message(5, "X-Gmail-Labels: Category Forums,Opened"),
        message(6, "X-Gmail-Labels: Inbox,Category Personal,Important"),
        message(7, "X-Gmail-Labels: Updates from Ana"),
      ].joined())
    #expect(box.messages.map(\.isBulk) == [true, true, true, true, true, false, false])
  }

  @Test("separators: blank line before, a date on the line; mboxrd escapes are body")
  func separators() throws {
    let box = try Self.mbox(
      """
      From a@example.com Mon Jan  6 08:00:00 2025
      From: a@example.com
      Date: 6 Jan 2025 08:00 +0000

      >From a@example.com Mon Jan  6 08:00:00 2025
      >>From a@example.com Mon Jan  6 08:00:00 2025
      From the desk of A, 10:30 sharp

      From a@example.com Mon Jan  6 09:00:00 2025
      From: b@example.com
      Date: 6 Jan 2025 09:00 +0000
      From a@example.com Mon Jan  6 10:00:00 2025
      From: c@example.com
      Date: 6 Jan 2025 10:00 +0000


      """)
    #expect(box.messages.map(\.from.email) == ["a@example.com", "b@example.com", "c@example.com"])
    #expect(box.messages.map(\.location.line) == [1, 9, 12])
  }

  @Test("CRLF and LF files give the same messages")
  func lineEnds() throws {
    let lf = try Data(
      contentsOf: URL(fileURLWithPath: ImportFixtures.path("mail/thunderbird.mbox")))
    let crlf = Array(
      String(decoding: lf, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n").utf8)
    let a = try Self.mbox(String(decoding: lf, as: UTF8.self))
    let b = try crlf.withUnsafeBytes { raw in
      try Result { () throws(ImportError) -> ParsedMailbox in
        try MailReader.parseMbox(raw, path: "m.mbox")
      }.get()
    }
    #expect(a.messages.map(\.sourceID) == b.messages.map(\.sourceID))
    #expect(a.messages.map(\.location.line) == b.messages.map(\.location.line))
    #expect(a.messages.map(\.subject) == b.messages.map(\.subject))
  }

  @Test("detection")
  func detection() throws {
    let mbox = try ImportFixtures.data("mail/gmail-takeout.mbox")
    let eml = try ImportFixtures.data("mail/outlook.eml")
    let ics = try ImportFixtures.data("ics/outlook.ics")
    mbox.withUnsafeBytes { #expect(MailReader.looksLikeMbox($0)) }
    mbox.withUnsafeBytes { #expect(!MailReader.looksLikeMessage($0)) }
    eml.withUnsafeBytes { #expect(MailReader.looksLikeMessage($0)) }
    eml.withUnsafeBytes { #expect(!MailReader.looksLikeMbox($0)) }
    ics.withUnsafeBytes { #expect(!MailReader.looksLikeMessage($0)) }
    ics.withUnsafeBytes { #expect(!MailReader.looksLikeMbox($0)) }
  }
}
