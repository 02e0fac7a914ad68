import Foundation
import KithTestSupport
import Testing

@testable import KithGraph

/// A named date-parsing case: `expected` is the canonical `YYYY-MM-DDTHH:MM:SSZ` form, or nil
/// when the input must be rejected.
struct TimeParseCase: Sendable, CustomTestStringConvertible {
  let name: String
  let text: String
  let expected: String?

  init(_ name: String, _ text: String, _ expected: String?) {
    self.name = name
    self.text = text
    self.expected = expected
  }

  var testDescription: String { "\(name): '\(text)'" }
}

@Suite("KithTime")
struct KithTimeTests {
  static let accepted: [TimeParseCase] = [
    TimeParseCase("plain date is midnight UTC", "2026-03-14", "2026-03-14T00:00:00Z"),
    TimeParseCase("leap day in a leap year", "2024-02-29", "2024-02-29T00:00:00Z"),
    TimeParseCase("leap day in a 400-year", "2000-02-29", "2000-02-29T00:00:00Z"),
    TimeParseCase("end of year", "2025-12-31", "2025-12-31T00:00:00Z"),
    TimeParseCase("before the epoch", "1969-12-31", "1969-12-31T00:00:00Z"),
    TimeParseCase("earliest accepted day", "1900-01-01", "1900-01-01T00:00:00Z"),
    TimeParseCase("late accepted day", "2199-12-31", "2199-12-31T00:00:00Z"),
    TimeParseCase("date-time with Z", "2026-03-14T09:26:53Z", "2026-03-14T09:26:53Z"),
    TimeParseCase("lower-case t and z", "2026-03-14t09:26:53z", "2026-03-14T09:26:53Z"),
    TimeParseCase("space separator", "2026-03-14 09:26:53Z", "2026-03-14T09:26:53Z"),
    TimeParseCase("no offset means UTC", "2026-03-14T09:26:53", "2026-03-14T09:26:53Z"),
    TimeParseCase("minutes only", "2026-03-14T09:26", "2026-03-14T09:26:00Z"),
    TimeParseCase("minutes only with Z", "2026-03-14T09:26Z", "2026-03-14T09:26:00Z"),
    TimeParseCase("positive offset", "2026-03-14T09:26:53+02:00", "2026-03-14T07:26:53Z"),
    TimeParseCase("negative offset", "2026-03-14T09:26:53-05:00", "2026-03-14T14:26:53Z"),
    TimeParseCase("offset without colon", "2026-03-14T09:26:53+0530", "2026-03-14T03:56:53Z"),
    TimeParseCase(
      "offset crosses midnight backwards", "2026-03-01T01:00:00+02:00", "2026-02-28T23:00:00Z"),
    TimeParseCase(
      "offset crosses midnight forwards", "2026-12-31T23:30:00-01:00", "2027-01-01T00:30:00Z"),
    TimeParseCase("fraction truncated", "2026-03-14T09:26:53.999Z", "2026-03-14T09:26:53Z"),
    TimeParseCase("fraction with comma", "2026-03-14T09:26:53,5Z", "2026-03-14T09:26:53Z"),
    TimeParseCase(
      "long fraction with offset", "2026-03-14T09:26:53.123456789+01:00", "2026-03-14T08:26:53Z"),
    TimeParseCase("fraction without offset", "2026-03-14T09:26:53.7", "2026-03-14T09:26:53Z"),
    TimeParseCase(
      "fraction before the epoch truncates", "1960-06-01T12:00:00.9Z", "1960-06-01T12:00:00Z"),
    TimeParseCase("leap second clamps to :59", "2016-12-31T23:59:60Z", "2016-12-31T23:59:59Z"),
    TimeParseCase("zero offset", "2026-03-14T09:26:53+00:00", "2026-03-14T09:26:53Z"),
  ]

  static let rejected: [TimeParseCase] = [
    TimeParseCase("empty", "", nil),
    TimeParseCase("garbage", "next tuesday", nil),
    TimeParseCase("February 30", "2026-02-30", nil),
    TimeParseCase("February 29 in a common year", "2026-02-29", nil),
    TimeParseCase("February 29 in 1900", "1900-02-29", nil),
    TimeParseCase("April 31", "2026-04-31", nil),
    TimeParseCase("month 13", "2026-13-01", nil),
    TimeParseCase("month 0", "2026-00-10", nil),
    TimeParseCase("day 0", "2026-01-00", nil),
    TimeParseCase("day 32", "2026-01-32", nil),
    TimeParseCase("one-digit month", "2026-1-01", nil),
    TimeParseCase("two-digit year", "26-01-01", nil),
    TimeParseCase("slashes", "2026/01/01", nil),
    TimeParseCase("European order", "14-03-2026", nil),
    TimeParseCase("year before 1900", "1899-12-31", nil),
    TimeParseCase("year after 2200", "2201-01-01", nil),
    TimeParseCase("year 0001", "0001-01-01", nil),
    TimeParseCase("year 9999", "9999-12-31", nil),
    TimeParseCase("offset pushes before 1900", "1900-01-01T00:30:00+01:00", nil),
    TimeParseCase("hour 24", "2026-03-14T24:00:00Z", nil),
    TimeParseCase("minute 60", "2026-03-14T10:60:00Z", nil),
    TimeParseCase("second 61", "2026-03-14T10:00:61Z", nil),
    TimeParseCase("dangling T", "2026-03-14T", nil),
    TimeParseCase("Z without time", "2026-03-14Z", nil),
    TimeParseCase("hour without minutes", "2026-03-14T10", nil),
    TimeParseCase("dangling fraction dot", "2026-03-14T10:00:00.Z", nil),
    TimeParseCase("offset hours only", "2026-03-14T10:00:00+01", nil),
    TimeParseCase("offset hour 24", "2026-03-14T10:00:00+24:00", nil),
    TimeParseCase("offset minute 60", "2026-03-14T10:00:00+01:60", nil),
    TimeParseCase("unknown zone letter", "2026-03-14T10:00:00A", nil),
    TimeParseCase("trailing text", "2026-03-14 and more", nil),
    TimeParseCase("trailing space", "2026-03-14 ", nil),
    TimeParseCase("leading space", " 2026-03-14", nil),
    TimeParseCase("non-ASCII digits", "２０２６-03-14", nil),
  ]

  @Test("accepted inputs", arguments: accepted)
  func parsesAccepted(_ c: TimeParseCase) throws {
    let date = try #require(KithTime.parse(c.text))
    #expect(KithTime.format(date) == c.expected)
    // Whole seconds: fractions are truncated, never kept.
    #expect(date.timeIntervalSince1970 == date.timeIntervalSince1970.rounded(.down))
    #expect(KithTime.parseSeconds(c.text) == KithTime.seconds(date))
  }

  @Test("rejected inputs", arguments: rejected)
  func rejects(_ c: TimeParseCase) {
    #expect(KithTime.parse(c.text) == nil)
    #expect(KithTime.parseSeconds(c.text) == nil)
  }

  @Test("a plain date is that day at 00:00 UTC")
  func plainDateIsMidnightUTC() throws {
    #expect(KithTime.parseSeconds("1970-01-01") == 0)
    #expect(KithTime.parseSeconds("1970-01-02") == 86_400)
    #expect(KithTime.parseSeconds("1969-12-31") == -86_400)
    // 2026-03-14 is day 20 526 since the epoch.
    let day20526: Int64 = 20_526 * 86_400
    #expect(KithTime.parseSeconds("2026-03-14") == day20526)
    let date = try #require(KithTime.parse("2026-03-14"))
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
    let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    #expect(parts.year == 2026 && parts.month == 3 && parts.day == 14)
    #expect(parts.hour == 0 && parts.minute == 0 && parts.second == 0)
  }

  @Test("a date-time without an offset equals the same one with Z")
  func noOffsetIsUTC() {
    #expect(KithTime.parse("2026-05-01T08:15:00") == KithTime.parse("2026-05-01T08:15:00Z"))
    #expect(KithTime.parse("2026-05-01T08:15") == KithTime.parse("2026-05-01T08:15:00+00:00"))
  }

  @Test("offsets: the same instant written in three zones")
  func offsetsDenoteTheSameInstant() throws {
    let utc = try #require(KithTime.parseSeconds("2026-07-01T12:00:00Z"))
    #expect(KithTime.parseSeconds("2026-07-01T14:00:00+02:00") == utc)
    #expect(KithTime.parseSeconds("2026-07-01T07:00:00-0500") == utc)
    #expect(KithTime.parseSeconds("2026-07-01T17:30:00+05:30") == utc)
  }

  @Test("the accepted range is 1900-01-01 through 2200-01-01T00:00:00Z")
  func rangeBoundaries() {
    #expect(KithTime.parseSeconds("1900-01-01T00:00:00Z") == KithTime.validRange.lowerBound)
    #expect(KithTime.parseSeconds("1899-12-31T23:59:59Z") == nil)
    #expect(KithTime.parseSeconds("2200-01-01T00:00:00Z") == KithTime.validRange.upperBound)
    #expect(KithTime.parseSeconds("2199-12-31T23:59:59Z") == KithTime.validRange.upperBound - 1)
  }

  @Test("format then parse is the identity on whole seconds", arguments: [UInt64(1), 2, 3, 4, 5])
  func formatParseRoundTrip(seed: UInt64) throws {
    var rng = SeededGenerator(seed: seed)
    for _ in 0..<2_000 {
      let s = Int64.random(in: KithTime.validRange, using: &rng)
      let text = KithTime.format(seconds: s)
      #expect(text.count == 20)
      #expect(KithTime.parseSeconds(text) == s, "\(text)")
      let day = KithTime.formatDay(seconds: s)
      let midnight = try #require(KithTime.parseSeconds(day))
      #expect(midnight == KithTime.day(ofSeconds: s) * 86_400)
      #expect(midnight <= s && s - midnight < 86_400)
      #expect(KithTime.parse(text).map(KithTime.format) == text)
    }
  }

  @Test("parse then format is the identity on canonical text")
  func parseFormatRoundTrip() throws {
    for text in [
      "1900-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "1970-01-01T00:00:00Z",
      "2000-02-29T12:34:56Z", "2026-03-14T09:26:53Z", "2199-12-31T23:59:59Z",
    ] {
      let date = try #require(KithTime.parse(text))
      #expect(KithTime.format(date) == text)
    }
  }

  @Test("formatDay writes the day digit by digit as printf's %04d-%02d-%02d would")
  func formatDayDigits() {
    var rng = SeededGenerator(seed: 7)
    // Years 0…9999 by the fast path, and around them (negative years, five digits) by printf.
    let edges: [Int64] = [
      -719_528, -719_529, 2_932_896, 2_932_897, -800_000, 3_000_000, 0, -1, 59, 60,
    ]
    let days = edges + (0..<5_000).map { _ in Int64.random(in: -800_000...3_000_000, using: &rng) }
    for day in days {
      let (y, m, d) = KithTime.civilFromDays(Int(day))
      #expect(
        KithTime.formatDay(seconds: day * 86_400 + 43_200)
          == String(format: "%04d-%02d-%02d", y, m, d))
    }
    #expect(KithTime.formatDay(seconds: -719_528 * 86_400) == "0000-01-01")
    #expect(KithTime.formatDay(seconds: 2_932_896 * 86_400) == "9999-12-31")
    #expect(KithTime.formatDay(seconds: 2_932_897 * 86_400) == "10000-01-01")
  }

  @Test("format writes the time digit by digit as printf's %04d-%02d-%02dT%02d:%02d:%02dZ would")
  func formatDigits() {
    var rng = SeededGenerator(seed: 8)
    let edges: [Int64] = [
      -719_528 * 86_400, -719_528 * 86_400 - 1, 2_932_897 * 86_400 - 1, 2_932_897 * 86_400,
      0, -1, 59, 60, 3_599, 3_600, 86_399, 86_400,
    ]
    let times =
      edges
      + (0..<5_000).map { _ in Int64.random(in: -70_000_000_000...260_000_000_000, using: &rng) }
    for t in times {
      let days = Int(t >= 0 ? t / 86_400 : (t - 86_399) / 86_400)
      let rem = Int(t - Int64(days) * 86_400)
      let (y, m, d) = KithTime.civilFromDays(days)
      #expect(
        KithTime.format(seconds: t)
          == String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, rem / 3600, rem / 60 % 60, rem % 60))
    }
    #expect(KithTime.format(seconds: -719_528 * 86_400) == "0000-01-01T00:00:00Z")
    #expect(KithTime.format(seconds: 2_932_897 * 86_400 - 1) == "9999-12-31T23:59:59Z")
  }

  @Test("formatDay, formatHuman and seconds")
  func otherFormats() throws {
    let midnight = try #require(KithTime.parse("2026-03-14"))
    #expect(KithTime.formatDay(midnight) == "2026-03-14")
    #expect(KithTime.formatHuman(midnight) == "2026-03-14")
    let afternoon = try #require(KithTime.parse("2026-03-14T15:04:05Z"))
    #expect(KithTime.formatDay(afternoon) == "2026-03-14")
    #expect(KithTime.formatHuman(afternoon) == "2026-03-14 15:04 UTC")
    let beforeEpoch = try #require(KithTime.parse("1969-12-31T23:00:00Z"))
    #expect(KithTime.formatDay(beforeEpoch) == "1969-12-31")
    #expect(KithTime.formatHuman(beforeEpoch) == "1969-12-31 23:00 UTC")
    // seconds() truncates toward minus infinity.
    #expect(KithTime.seconds(Date(timeIntervalSince1970: 10.9)) == 10)
    #expect(KithTime.seconds(Date(timeIntervalSince1970: -0.5)) == -1)
    #expect(KithTime.day(ofSeconds: -1) == -1)
    #expect(KithTime.day(ofSeconds: 86_399) == 0)
  }

  @Test("calendar days: the same text in every zone, before 1970 too")
  func calendarDays() throws {
    #expect(KithTime.formatCalendarDay(20_426) == "2025-12-04")
    #expect(KithTime.formatCalendarDay(-1) == "1969-12-31")
    #expect(KithTime.parseCalendarDay("2025-12-04") == 20_426)
    #expect(KithTime.parseCalendarDay("1969-12-31") == -1)
    for text in ["2025-12-04T00:00", "2025-02-30", "20251204", "", "2025-12-04Z"] {
      #expect(KithTime.parseCalendarDay(text) == nil, "\(text)")
    }
  }

  @Test("formatHuman with the day entered: that day anywhere; a time keeps its 00:00")
  func humanFormWithDay() throws {
    let tokyo = try #require(DayZone(identifier: "Asia/Tokyo"))
    let newYork = try #require(DayZone(identifier: "America/New_York"))
    let berlin = try #require(DayZone(identifier: "Europe/Berlin"))
    // 2025-12-04 entered in Tokyo: its start there, 2025-12-03T15:00Z.
    let date = Date(timeIntervalSince1970: 1_764_774_000)
    for zone in [tokyo, newYork, berlin, .utc] {
      #expect(KithTime.formatHuman(date, day: 20_426, in: zone) == "2025-12-04", "\(zone)")
    }
    #expect(KithTime.formatHuman(date, day: nil, in: newYork) == "2025-12-03 10:00")
    // 08:00 in Tokyo is midnight in Berlin: a time, shown with it.
    let breakfast = Date(timeIntervalSince1970: 1_763_938_800)  // 2025-11-23T23:00:00Z
    #expect(KithTime.formatHuman(breakfast, day: nil, in: berlin) == "2025-11-24 00:00")
    #expect(KithTime.formatHuman(breakfast, in: berlin) == "2025-11-24")
    #expect(KithTime.formatHuman(breakfast, day: nil, in: tokyo) == "2025-11-24 08:00")
    let midnightUTC = Date(timeIntervalSince1970: 1_763_942_400)  // 2025-11-24T00:00:00Z
    #expect(KithTime.formatHuman(midnightUTC, day: nil, in: .utc) == "2025-11-24 00:00 UTC")
    // What a store from before days were kept showed as a date: the start of a day there.
    #expect(Interaction.shownDay(ofSeconds: 1_764_774_000, in: tokyo) == 20_426)
    #expect(Interaction.shownDay(ofSeconds: 1_764_774_000, in: newYork) == nil)
    #expect(Interaction.shownDay(ofSeconds: 1_763_938_800, in: berlin) == 20_416)
  }

  @Test("an interaction's day is written YYYY-MM-DD, left out for a time, and read back")
  func interactionDayCodable() throws {
    let dated = Interaction(
      id: 1, time: Date(timeIntervalSince1970: 1_764_774_000), kind: .meeting,
      participants: [1, 2], day: 20_426)
    let timed = Interaction(
      id: 2, time: Date(timeIntervalSince1970: 1_763_938_800), kind: .call, participants: [1, 2])
    let data = try Backup.makeEncoder(pretty: false).encode([dated, timed])
    let text = String(decoding: data, as: UTF8.self)
    #expect(
      text
        == #"[{"day":"2025-12-04","id":1,"kind":"meeting","participants":[1,2],"time":"2025-12-03T15:00:00Z"},{"id":2,"kind":"call","participants":[1,2],"time":"2025-11-23T23:00:00Z"}]"#
    )
    #expect(try Backup.makeDecoder().decode([Interaction].self, from: data) == [dated, timed])
    let bad = Data(text.replacingOccurrences(of: "2025-12-04", with: "2025-12-04T00:00").utf8)
    #expect(throws: DecodingError.self) {
      try Backup.makeDecoder().decode([Interaction].self, from: bad)
    }
  }
}

@Suite("TextKey")
struct TextKeyTests {
  @Test("fold ignores case, accents and extra spaces")
  func fold() {
    #expect(TextKey.fold("  José  García ") == "jose garcia")
    #expect(TextKey.fold("JOSÉ garcia") == TextKey.fold("José García"))
    #expect(TextKey.fold("Zoë\tÅström") == "zoe astrom")
  }

  @Test("fold spells ł, ø, ß and the like in Latin and leaves emoji and symbols out")
  func foldLatinAndEmoji() {
    #expect(TextKey.fold("Łukasz Kowalski") == "lukasz kowalski")
    #expect(TextKey.fold("Søren Ødegård") == "soren odegard")
    #expect(TextKey.fold("Straße") == "strasse")
    #expect(TextKey.fold("Đorđe Ægir Þór") == "dorde aegir thor")
    #expect(TextKey.fold("Zoë Chen 🚀") == "zoe chen")
    #expect(TextKey.fold("🏳️‍🌈 Ana 👩🏽‍💻 Ruiz ™") == "ana ruiz")
    #expect(TextKey.fold("李 伟") == "李 伟", "letters of other scripts stay")
    #expect(TextKey.fold("Ben & Jerry's") == "ben & jerry's", "ASCII symbols stay")
    #expect(TextKey.slug("Łukasz Kowalski 🚀") == "lukasz-kowalski")
    // A name of nothing but emoji keeps them: two such names are not one.
    #expect(TextKey.fold("🚀") == "🚀" && TextKey.fold("🚀") != TextKey.fold("🌈"))
  }

  @Test("fold of ASCII text, byte by byte, is Foundation's folding")
  func foldASCII() {
    var rng = SeededGenerator(seed: 0x7f)
    let bytes = Array(0...127) + Array(repeating: 32, count: 40) + Array(65...90)
    for length in 0..<2_000 {
      let text = String(
        decoding: (0..<(length % 12)).map { _ in
          UInt8(bytes[Int.random(in: 0..<bytes.count, using: &rng)])
        },
        as: UTF8.self)
      let foundation = text.folding(
        options: [.caseInsensitive, .diacriticInsensitive], locale: nil
      )
      .split(whereSeparator: \.isWhitespace).joined(separator: " ")
      #expect(TextKey.fold(text) == foundation, "\(text.debugDescription)")
    }
  }

  @Test("trimmed is Foundation's trimming of whitespace and newlines")
  func trimmed() {
    let pieces = [
      "a", "Z", " ", "\t", "\n", "\r\n", "\u{0}", "\u{7F}", "\u{85}", "\u{A0}", "é", "\u{301}",
      "\u{2028}", "\u{3000}",
    ]
    var rng = SeededGenerator(seed: 0x20)
    for _ in 0..<3_000 {
      let text = (0..<Int.random(in: 0...5, using: &rng)).map { _ in
        pieces[Int.random(in: 0..<pieces.count, using: &rng)]
      }.joined()
      #expect(
        TextKey.trimmed(text) == text.trimmingCharacters(in: .whitespacesAndNewlines),
        "\(text.debugDescription)")
    }
  }

  @Test("slug makes handles")
  func slug() {
    #expect(TextKey.slug("Jane Doe") == "jane-doe")
    #expect(TextKey.slug("  José   García ") == "jose-garcia")
    #expect(TextKey.slug("O'Brien, Mary-Kate") == "o-brien-mary-kate")
    #expect(TextKey.slug("!!!") == "person")
    #expect(TextKey.slug("!!!", fallback: "organisation") == "organisation")
    #expect(TextKey.slug("Иван Петров") == "иван-петров")
    #expect(TextKey.slug("李小龙") == "李小龙")
    // Idempotent: a slug is its own slug.
    for name in ["Jane Doe", "José García", "Иван Петров", "Дмитрий", "A  B  3"] {
      let s = TextKey.slug(name)
      #expect(TextKey.slug(s) == s)
    }
  }

  @Test("slug reads ASCII names byte by byte as it reads characters")
  func slugOfASCIIBytesMatchesCharacters() {
    // The character-by-character rule, for comparison with the byte path.
    func reference(_ text: String) -> String {
      let out = TextKey.slugByCharacters(TextKey.fold(text))
      return out.isEmpty ? "person" : out
    }
    var rng = SeededGenerator(seed: 7)
    let alphabet = Array(" \t\r\n!@#-_.,'09azAZ[]`{}~\u{7F}mqX5/:;")
    for _ in 0..<2_000 {
      let name = String(
        (0..<Int.random(in: 0...12, using: &rng)).map { _ in
          alphabet.randomElement(using: &rng)!
        })
      #expect(TextKey.slug(name) == reference(name), "\(name.debugDescription)")
    }
  }

  @Test("edit distance")
  func editDistance() {
    #expect(TextKey.editDistance("", "abc") == 3)
    #expect(TextKey.editDistance("abc", "") == 3)
    #expect(TextKey.editDistance("kitten", "sitting") == 3)
    #expect(TextKey.editDistance("jane", "jane") == 0)
    // A swap of two neighbouring characters is one edit; each character moves at most once.
    #expect(TextKey.editDistance("jnae", "jane") == 1)
    #expect(TextKey.editDistance("jaen", "jane") == 1)
    #expect(TextKey.editDistance("ab", "ba") == 1)
    #expect(TextKey.editDistance("ca", "abc") == 3)
    #expect(TextKey.editDistance("sma lee", "sam lee") == 1)
    #expect(TextKey.editDistance("abcdef", "badcfe") == 3)
  }
}
