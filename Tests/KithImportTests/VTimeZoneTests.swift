import Foundation
import KithImport
import Testing

/// Zones that only the file's VTIMEZONE block defines (RFC 5545 §3.6.5): each case's TZID names
/// no IANA or Windows zone, so the block's STANDARD and DAYLIGHT rules decide every offset.
/// The expected instants are worked out by hand in the comments.
@Suite("iCalendar VTIMEZONE rules")
struct VTimeZoneTests {
  /// A local time as written in DTSTART, and the instant it means.
  struct Sample: Sendable {
    var local: String
    var utc: String
    init(_ local: String, _ utc: String) {
      self.local = local
      self.utc = utc
    }
  }

  struct ZoneCase: Sendable, CustomTestStringConvertible {
    var name: String
    var tzid: String
    /// The STANDARD and DAYLIGHT parts; none for a zone known by name.
    var parts: [String]
    var samples: [Sample]
    var testDescription: String { name }
  }

  /// A calendar with the zone's VTIMEZONE block (from line 3) and one event per local time.
  static func calendar(tzid: String, parts: [String], locals: [String]) -> Data {
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0"]
    if !parts.isEmpty {
      lines += ["BEGIN:VTIMEZONE", "TZID:\(tzid)"] + parts + ["END:VTIMEZONE"]
    }
    for (i, local) in locals.enumerated() {
      lines += [
        "BEGIN:VEVENT", "UID:e\(i)", "ORGANIZER:mailto:o@example.com",
        "ATTENDEE:mailto:a@example.com", "DTSTART;TZID=\"\(tzid)\":\(local)", "END:VEVENT",
      ]
    }
    return Data((lines + ["END:VCALENDAR"]).joined(separator: "\r\n").utf8)
  }

  /// Central European Time as Outlook writes it: both parts from 1601, DST from 02:00 on the
  /// last Sunday of March to 03:00 on the last Sunday of October.
  static let centralEurope = [
    "BEGIN:STANDARD", "DTSTART:16010101T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100",
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10", "END:STANDARD",
    "BEGIN:DAYLIGHT", "DTSTART:16010101T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200",
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", "END:DAYLIGHT",
  ]

  /// 2025: DST from Sunday 30 March, 02:00 CET (01:00Z), to Sunday 26 October, 03:00 CEST
  /// (01:00Z).
  static let centralEuropeSamples = [
    // Saturday before the change: CET, +01:00.
    Sample("20250329T100000", "2025-03-29T09:00:00Z"),
    // 01:30 on the day, before the 02:00 onset: still CET.
    Sample("20250330T013000", "2025-03-30T00:30:00Z"),
    // 02:30 does not exist (02:00 CET jumps to 03:00 CEST): read with the offset before the
    // gap, +01:00, that is 01:30Z, which the clocks show as 03:30 CEST.
    Sample("20250330T023000", "2025-03-30T01:30:00Z"),
    // 03:00 is the first minute of CEST, +02:00.
    Sample("20250330T030000", "2025-03-30T01:00:00Z"),
    Sample("20250330T100000", "2025-03-30T08:00:00Z"),
    // Summer: CEST.
    Sample("20250701T100000", "2025-07-01T08:00:00Z"),
    // 01:30 on 26 October, before the repeated hour: CEST.
    Sample("20251026T013000", "2025-10-25T23:30:00Z"),
    // 02:30 happens twice (03:00 CEST goes back to 02:00 CET): the first, CEST, is 00:30Z.
    Sample("20251026T023000", "2025-10-26T00:30:00Z"),
    // 03:00 happens once, in CET: 02:00Z.
    Sample("20251026T030000", "2025-10-26T02:00:00Z"),
    Sample("20251027T100000", "2025-10-27T09:00:00Z"),
    // The next year's change, on Sunday 29 March 2026: 10:00 is CEST.
    Sample("20260329T100000", "2026-03-29T08:00:00Z"),
  ]

  static let cases: [ZoneCase] = [
    ZoneCase(
      name: "Central Europe by its rules: winter, summer, the days of both changes",
      tzid: "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna",
      parts: centralEurope, samples: centralEuropeSamples),
    // The same local times in the IANA zone give the same instants: named zones read the
    // skipped and the repeated hour the same way.
    ZoneCase(
      name: "Europe/Berlin by name reads the same hours alike", tzid: "Europe/Berlin", parts: [],
      samples: centralEuropeSamples),
    ZoneCase(
      name: "southern hemisphere: DST in January (Sydney)",
      tzid: "(UTC+10:00) Canberra, Melbourne, Sydney",
      parts: [
        "BEGIN:STANDARD", "DTSTART:16010101T030000", "TZOFFSETFROM:+1100", "TZOFFSETTO:+1000",
        "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=4", "END:STANDARD",
        "BEGIN:DAYLIGHT", "DTSTART:16010101T020000", "TZOFFSETFROM:+1000", "TZOFFSETTO:+1100",
        "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=10", "END:DAYLIGHT",
      ],
      samples: [
        // DST since Sunday 6 October 2024: AEDT, +11:00.
        Sample("20250115T100000", "2025-01-14T23:00:00Z"),
        // Sunday 6 April 2025 (the first Sunday of April): 03:00 AEDT goes back to 02:00 AEST.
        // 01:30 is AEDT.
        Sample("20250406T013000", "2025-04-05T14:30:00Z"),
        // 02:30 happens twice: the first, AEDT, is 15:30Z the day before.
        Sample("20250406T023000", "2025-04-05T15:30:00Z"),
        // 03:00 is AEST, +10:00.
        Sample("20250406T030000", "2025-04-05T17:00:00Z"),
        Sample("20250715T100000", "2025-07-15T00:00:00Z"),
        // Sunday 5 October 2025: 02:00 AEST jumps to 03:00 AEDT. 02:30 is read with the
        // offset before the gap, +10:00.
        Sample("20251005T023000", "2025-10-04T16:30:00Z"),
        // 03:00 is AEDT, +11:00.
        Sample("20251005T030000", "2025-10-04T16:00:00Z"),
        Sample("20251225T100000", "2025-12-24T23:00:00Z"),
      ]),
    ZoneCase(
      name: "no DAYLIGHT part (India)", tzid: "Customized Time Zone",
      parts: [
        "BEGIN:STANDARD", "DTSTART:16010101T000000", "TZOFFSETFROM:+0530", "TZOFFSETTO:+0530",
        "END:STANDARD",
      ],
      samples: [
        // +05:30 all year.
        Sample("20250115T150000", "2025-01-15T09:30:00Z"),
        Sample("20250701T150000", "2025-07-01T09:30:00Z"),
      ]),
    ZoneCase(
      name: "no DAYLIGHT part, the offset changed twice (Moscow, 2011 and 2014)",
      tzid: "(UTC+03:00) Moscow, St. Petersburg",
      parts: [
        "BEGIN:STANDARD", "DTSTART:20110327T020000", "TZOFFSETFROM:+0300", "TZOFFSETTO:+0400",
        "END:STANDARD",
        "BEGIN:STANDARD", "DTSTART:20141026T020000", "TZOFFSETFROM:+0400", "TZOFFSETTO:+0300",
        "END:STANDARD",
      ],
      samples: [
        // Before the first onset (27 March 2011): that part's TZOFFSETFROM, +03:00.
        Sample("20100115T120000", "2010-01-15T09:00:00Z"),
        // +04:00 from 27 March 2011 to 26 October 2014.
        Sample("20130701T120000", "2013-07-01T08:00:00Z"),
        // +03:00 again, winter and summer.
        Sample("20150115T120000", "2015-01-15T09:00:00Z"),
        Sample("20150701T120000", "2015-07-01T09:00:00Z"),
      ]),
    ZoneCase(
      name: "rules that end with UNTIL (US Eastern, before and after 2007)",
      tzid: "(UTC-05:00) Eastern Time (US & Canada)",
      parts: [
        "BEGIN:DAYLIGHT", "DTSTART:19870405T020000", "TZOFFSETFROM:-0500", "TZOFFSETTO:-0400",
        "RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU;UNTIL=20060402T070000Z", "END:DAYLIGHT",
        "BEGIN:STANDARD", "DTSTART:19671029T020000", "TZOFFSETFROM:-0400", "TZOFFSETTO:-0500",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU;UNTIL=20061029T060000Z", "END:STANDARD",
        "BEGIN:DAYLIGHT", "DTSTART:20070311T020000", "TZOFFSETFROM:-0500", "TZOFFSETTO:-0400",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU", "END:DAYLIGHT",
        "BEGIN:STANDARD", "DTSTART:20071104T020000", "TZOFFSETFROM:-0400", "TZOFFSETTO:-0500",
        "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU", "END:STANDARD",
      ],
      samples: [
        // 2006, old rules: EST (-05:00) until Sunday 2 April, not 12 March.
        Sample("20060320T120000", "2006-03-20T17:00:00Z"),
        Sample("20060415T120000", "2006-04-15T16:00:00Z"),
        // EST from Sunday 29 October 2006, 02:00 EDT = 06:00Z: the old rule's last onset,
        // exactly at its UNTIL.
        Sample("20061031T120000", "2006-10-31T17:00:00Z"),
        // 2007: the October rule ended in 2006, so 31 October is still EDT (-04:00) until
        // Sunday 4 November; without UNTIL, Sunday 28 October would have ended it.
        Sample("20071031T120000", "2007-10-31T16:00:00Z"),
        // 2008: EDT from Sunday 9 March to Sunday 2 November.
        Sample("20080310T120000", "2008-03-10T16:00:00Z"),
        Sample("20081101T120000", "2008-11-01T16:00:00Z"),
        Sample("20081103T120000", "2008-11-03T17:00:00Z"),
      ]),
    ZoneCase(
      name: "COUNT ends DST; before the first onset, its TZOFFSETFROM",
      tzid: "Customized Time Zone",
      parts: [
        "BEGIN:STANDARD", "DTSTART:20231029T040000", "TZOFFSETFROM:+0300", "TZOFFSETTO:+0200",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
        "BEGIN:DAYLIGHT", "DTSTART:20240331T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0300",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;COUNT=2", "END:DAYLIGHT",
      ],
      samples: [
        // Before the first onset (29 October 2023): the STANDARD part's TZOFFSETFROM, +03:00.
        Sample("20230701T120000", "2023-07-01T09:00:00Z"),
        // Winter: +02:00.
        Sample("20240115T120000", "2024-01-15T10:00:00Z"),
        // DST from 31 March 2024 and 30 March 2025, the two the COUNT allows: +03:00.
        Sample("20240701T120000", "2024-07-01T09:00:00Z"),
        Sample("20250701T120000", "2025-07-01T09:00:00Z"),
        // None in 2026: +02:00 since 26 October 2025.
        Sample("20260701T120000", "2026-07-01T10:00:00Z"),
      ]),
    ZoneCase(
      name: "onsets by RDATE, local and UTC", tzid: "(UTC+01:00) Brussels, Copenhagen",
      parts: [
        "BEGIN:STANDARD", "DTSTART:20241027T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100",
        "RDATE:20251026T010000Z", "END:STANDARD",
        "BEGIN:DAYLIGHT", "DTSTART:20240331T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200",
        "RDATE:20250330T020000,20260329T020000", "END:DAYLIGHT",
      ],
      samples: [
        // Before the first onset (31 March 2024): the DAYLIGHT part's TZOFFSETFROM, +01:00.
        Sample("20240110T100000", "2024-01-10T09:00:00Z"),
        Sample("20240701T100000", "2024-07-01T08:00:00Z"),
        Sample("20250110T100000", "2025-01-10T09:00:00Z"),
        Sample("20250701T100000", "2025-07-01T08:00:00Z"),
        // 01:00Z on 26 October 2025 is 03:00 in +02:00: 02:30 is repeated, the first is
        // +02:00; 10:00 is +01:00.
        Sample("20251026T023000", "2025-10-26T00:30:00Z"),
        Sample("20251026T100000", "2025-10-26T09:00:00Z"),
        // DST again from 29 March 2026, and no STANDARD onset after it: +02:00 in December.
        Sample("20260701T100000", "2026-07-01T08:00:00Z"),
        Sample("20261201T100000", "2026-12-01T08:00:00Z"),
      ]),
    ZoneCase(
      name: "second Sunday by BYMONTHDAY and BYDAY", tzid: "Eastern (custom)",
      parts: [
        "BEGIN:DAYLIGHT", "DTSTART:20070311T020000", "TZOFFSETFROM:-0500", "TZOFFSETTO:-0400",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=8,9,10,11,12,13,14;BYDAY=SU", "END:DAYLIGHT",
        "BEGIN:STANDARD", "DTSTART:20071104T020000", "TZOFFSETFROM:-0400", "TZOFFSETTO:-0500",
        "RRULE:FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=1,2,3,4,5,6,7;BYDAY=SU", "END:STANDARD",
      ],
      samples: [
        // 2025: EDT from Sunday 9 March to Sunday 2 November.
        Sample("20250308T120000", "2025-03-08T17:00:00Z"),
        Sample("20250309T120000", "2025-03-09T16:00:00Z"),
        Sample("20251101T120000", "2025-11-01T16:00:00Z"),
        Sample("20251102T120000", "2025-11-02T17:00:00Z"),
      ]),
    ZoneCase(
      name: "STANDARD and DAYLIGHT from the same moment, without rules: STANDARD holds",
      tzid: "Customized Time Zone",
      parts: [
        "BEGIN:DAYLIGHT", "DTSTART:16010101T000000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200",
        "END:DAYLIGHT",
        "BEGIN:STANDARD", "DTSTART:16010101T000000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0100",
        "END:STANDARD",
      ],
      samples: [Sample("20250701T100000", "2025-07-01T09:00:00Z")]),
  ]

  @Test("local times become the instants the rules give", arguments: cases)
  func zone(_ c: ZoneCase) throws {
    let data = Self.calendar(tzid: c.tzid, parts: c.parts, locals: c.samples.map(\.local))
    let result = try ICalendarReader.parse(data, path: "z.ics", until: Int64.max)
    #expect(result.rejected.isEmpty, "\(result.rejected)")
    #expect(result.warnings.isEmpty, "\(result.warnings)")
    try #require(result.events.count == c.samples.count)
    for (event, sample) in zip(result.events, c.samples) {
      #expect(event.start == ImportFixtures.at(sample.utc), "\(sample.local)")
    }
  }

  struct UnreadableCase: Sendable, CustomTestStringConvertible {
    var name: String
    /// The DAYLIGHT part that cannot be read.
    var daylight: [String]
    /// The start of the line the warning names.
    var at: String
    var reason: String
    var testDescription: String { name }
  }

  static let unreadable: [UnreadableCase] = [
    UnreadableCase(
      name: "a rule part Kith does not expand",
      daylight: [
        "DTSTART:16010101T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200",
        "RRULE:FREQ=YEARLY;BYWEEKNO=13;BYDAY=SU",
      ],
      at: "RRULE", reason: "DAYLIGHT: RRULE: BYWEEKNO not supported"),
    UnreadableCase(
      name: "a rule that is not yearly",
      daylight: [
        "DTSTART:16010101T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200",
        "RRULE:FREQ=MONTHLY;BYDAY=-1SU;BYMONTH=3",
      ],
      at: "RRULE", reason: "DAYLIGHT: RRULE: only FREQ=YEARLY is read here"),
    UnreadableCase(
      name: "a malformed rule",
      daylight: [
        "DTSTART:16010101T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=13",
      ],
      at: "RRULE", reason: "DAYLIGHT: RRULE: BYMONTH out of range"),
    UnreadableCase(
      name: "no DTSTART",
      daylight: ["TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "RRULE:FREQ=YEARLY;BYMONTH=3"],
      at: "BEGIN:DAYLIGHT", reason: "DAYLIGHT: DTSTART is missing"),
    UnreadableCase(
      name: "an offset that is not one",
      daylight: [
        "DTSTART:16010101T020000", "TZOFFSETFROM:+1", "TZOFFSETTO:+0200",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
      ],
      at: "TZOFFSETFROM", reason: "DAYLIGHT: TZOFFSETFROM is not an offset (±HHMM)"),
    UnreadableCase(
      name: "an RDATE that is not a date",
      daylight: [
        "DTSTART:20240331T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200",
        "RDATE:20250330T020000,last Sunday",
      ],
      at: "RDATE", reason: "DAYLIGHT: RDATE is not a date or date-time"),
  ]

  @Test(
    "rules it cannot read: the standard offset all year, one warning when events use the zone",
    arguments: unreadable)
  func unreadableRules(_ c: UnreadableCase) throws {
    let parts =
      Array(Self.centralEurope.prefix(6)) + ["BEGIN:DAYLIGHT"] + c.daylight + ["END:DAYLIGHT"]
    let tzid = "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna"
    let data = Self.calendar(
      tzid: tzid, parts: parts, locals: ["20250115T100000", "20250701T100000"])
    let result = try ICalendarReader.parse(data, path: "z.ics", until: Int64.max)
    #expect(result.rejected.isEmpty, "\(result.rejected)")
    // +01:00 in winter and, as before Kith read the rules, in summer too.
    #expect(
      result.events.map(\.start) == [
        ImportFixtures.at("2025-01-15T09:00:00Z"), ImportFixtures.at("2025-07-01T09:00:00Z"),
      ])
    // The parts start on line 5, after BEGIN:VCALENDAR, VERSION, BEGIN:VTIMEZONE and TZID;
    // the DAYLIGHT part after the six lines of the STANDARD one.
    let line = 5 + (parts[6...].firstIndex { $0.hasPrefix(c.at) } ?? -5)
    #expect(
      result.warnings.map(\.description) == [
        "z.ics:\(line):1: VTIMEZONE TZID=\(tzid): \(c.reason); its standard offset, +0100, is used all year"
      ])
  }

  @Test("a zone no event uses gives no warning; one without any offset defines nothing")
  func unusedAndUnusable() throws {
    let data = Data(
      [
        "BEGIN:VCALENDAR", "VERSION:2.0",
        "BEGIN:VTIMEZONE", "TZID:Odd", "BEGIN:STANDARD", "DTSTART:16010101T000000",
        "TZOFFSETFROM:+0100", "TZOFFSETTO:+0100", "RRULE:FREQ=DAILY", "END:STANDARD",
        "END:VTIMEZONE",
        "BEGIN:VTIMEZONE", "TZID:Empty", "BEGIN:STANDARD", "DTSTART:16010101T000000",
        "END:STANDARD", "END:VTIMEZONE",
        "BEGIN:VEVENT", "UID:utc", "ORGANIZER:mailto:o@example.com",
        "ATTENDEE:mailto:a@example.com", "DTSTART:20250701T100000Z", "END:VEVENT",
        "BEGIN:VEVENT", "UID:empty", "ORGANIZER:mailto:o@example.com",
        "ATTENDEE:mailto:a@example.com", "DTSTART;TZID=Empty:20250701T100000", "END:VEVENT",
        "END:VCALENDAR",
      ].joined(separator: "\r\n").utf8)
    let result = try ICalendarReader.parse(data, path: "z.ics", until: Int64.max)
    #expect(result.warnings.isEmpty, "\(result.warnings)")
    #expect(result.events.map(\.sourceID) == ["utc"])
    #expect(
      result.rejected.map(\.description) == [
        "z.ics:28:1: DTSTART: unknown time zone TZID=Empty"
      ])
  }
}
