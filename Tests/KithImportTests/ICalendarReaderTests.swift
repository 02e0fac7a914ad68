import Foundation
import KithGraph
import KithImport
import Testing

@Suite("iCalendar reader")
struct ICalendarReaderTests {
  /// One expected occurrence: its source id, start, and the attendees' addresses.
  struct Expected: Sendable, CustomTestStringConvertible {
    var sourceID: String
    var start: String
    var allDay = false
    var organizer: String?
    var attendees: [String]
    var testDescription: String { sourceID }
  }

  struct Case: Sendable, CustomTestStringConvertible {
    var file: String
    var until: String
    var events: [Expected]
    var cancelled = 0
    var future = 0
    var warnings = 0
    var testDescription: String { file }
  }

  static let runningClub: [Expected] = [
    ("20241229T220000Z", "2024-12-29T22:00:00Z"), ("20241231T220000Z", "2024-12-31T22:00:00Z"),
    ("20250102T220000Z", "2025-01-02T22:00:00Z"), ("20250104T220000Z", "2025-01-04T22:00:00Z"),
    ("20250106T220000Z", "2025-01-06T22:00:00Z"),
  ].map { (id: String, start: String) -> Expected in
    Expected(
      sourceID: "every-other-day/" + id, start: start, organizer: "ada.example@example.com",
      attendees: ["jo.runner@example.com"])
  }

  static let appleEvents: [Expected] =
    [
      Expected(
        sourceID: "5E1F3C2A-9B8D-4E7F-A6B5-C4D3E2F1A0B9", start: "2024-06-15T16:00:00Z",
        organizer: "ada.example@example.com",
        attendees: ["grace.apple@example.com", "hank@example.com", "ada.example@example.com"]),
      // Floating time, no X-WR-TIMEZONE: read as UTC.
      Expected(
        sourceID: "floating-breakfast-1", start: "2024-07-02T08:00:00Z",
        organizer: "ada.example@example.com", attendees: ["ivo@example.com"]),
      // Yearly from 29 February: only leap years have the day.
      Expected(
        sourceID: "yearly-dinner/20200229", start: "2020-02-29", allDay: true,
        organizer: "ada.example@example.com", attendees: ["kai@example.com"]),
      Expected(
        sourceID: "yearly-dinner/20240229", start: "2024-02-29", allDay: true,
        organizer: "ada.example@example.com", attendees: ["kai@example.com"]),
      // FREQ=HOURLY is not expanded: the first occurrence and a warning.
      Expected(
        sourceID: "hourly-rule/20250101T090000Z", start: "2025-01-01T09:00:00Z",
        organizer: "ada.example@example.com", attendees: ["lee@example.com"]),
    ] + runningClub

  static let cases: [Case] = [
    Case(
      file: "ics/google-calendar.ics", until: "2025-04-01",
      events: [
        // The declined guest, the room and the alarm's ATTENDEE are not guests.
        Expected(
          sourceID: "2b1c9f0e8d7a@google.com", start: "2025-03-10T14:00:00Z",
          organizer: "ada.example@example.com",
          attendees: ["ada.example@example.com", "bruno.testperson@example.org"]),
        // Weekly in Europe/London until 3 Feb, 20 Jan excluded, 27 Jan moved to the 28th.
        Expected(
          sourceID: "weekly-standup-7f3a@google.com/20250106T093000Z",
          start: "2025-01-06T09:30:00Z", organizer: "bruno.testperson@example.org",
          attendees: ["bruno.testperson@example.org", "ada.example@example.com"]),
        Expected(
          sourceID: "weekly-standup-7f3a@google.com/20250113T093000Z",
          start: "2025-01-13T09:30:00Z", organizer: "bruno.testperson@example.org",
          attendees: ["bruno.testperson@example.org", "ada.example@example.com"]),
        Expected(
          sourceID: "weekly-standup-7f3a@google.com/20250127T093000Z",
          start: "2025-01-28T11:00:00Z", organizer: "bruno.testperson@example.org",
          attendees: [
            "bruno.testperson@example.org", "dora.guest@example.com", "ada.example@example.com",
          ]),
        Expected(
          sourceID: "weekly-standup-7f3a@google.com/20250203T093000Z",
          start: "2025-02-03T09:30:00Z", organizer: "bruno.testperson@example.org",
          attendees: ["bruno.testperson@example.org", "ada.example@example.com"]),
        Expected(
          sourceID: "offsite-allday@google.com", start: "2025-02-14", allDay: true,
          organizer: "ada.example@example.com", attendees: ["eli.offsite@example.com"]),
      ], cancelled: 1),
    Case(
      file: "ics/outlook.ics", until: "2025-12-31",
      events: [
        // Windows zone names; the second Tuesday, four times; CEST from April.
        Expected(
          sourceID:
            "040000008200E00074C5B7101A82E0080000000070D8A1B2C3D4DB01000000000000000010000000ABCDEF0123456789ABCDEF0123456789/20250114T100000Z",
          start: "2025-01-14T10:00:00Z", organizer: "olivia.sample@example.com",
          attendees: ["Jane.Doe@Example.COM", "quinn@example.org"]),
        Expected(
          sourceID:
            "040000008200E00074C5B7101A82E0080000000070D8A1B2C3D4DB01000000000000000010000000ABCDEF0123456789ABCDEF0123456789/20250211T100000Z",
          start: "2025-02-11T10:00:00Z", organizer: "olivia.sample@example.com",
          attendees: ["Jane.Doe@Example.COM", "quinn@example.org"]),
        Expected(
          sourceID:
            "040000008200E00074C5B7101A82E0080000000070D8A1B2C3D4DB01000000000000000010000000ABCDEF0123456789ABCDEF0123456789/20250311T100000Z",
          start: "2025-03-11T10:00:00Z", organizer: "olivia.sample@example.com",
          attendees: ["Jane.Doe@Example.COM", "quinn@example.org"]),
        Expected(
          sourceID:
            "040000008200E00074C5B7101A82E0080000000070D8A1B2C3D4DB01000000000000000010000000ABCDEF0123456789ABCDEF0123456789/20250408T090000Z",
          start: "2025-04-08T09:00:00Z", organizer: "olivia.sample@example.com",
          attendees: ["Jane.Doe@Example.COM", "quinn@example.org"]),
        // "Customized Time Zone" is only defined by the file's VTIMEZONE (+05:30).
        Expected(
          sourceID:
            "040000008200E00074C5B7101A82E00800000000F0E1D2C3B4A5DB01000000000000000010000000FEDCBA9876543210",
          start: "2025-03-03T09:30:00Z", organizer: "olivia.sample@example.com",
          attendees: ["ravi.custom@example.in"]),
        Expected(
          sourceID: "summer-pst-1", start: "2025-07-01T16:00:00Z",
          organizer: "olivia.sample@example.com", attendees: ["jane.doe@example.com"]),
      ]),
    Case(
      file: "ics/apple-calendar.ics", until: "2025-03-01", events: appleEvents, future: 1,
      warnings: 1),
    Case(file: "ics/outlook-custom-zones.ics", until: "2025-12-31", events: outlookCustomZones),
  ]

  /// Outlook names zones by display name ("(UTC+01:00) Amsterdam, …") or "Customized Time
  /// Zone", which only the file's VTIMEZONE rules define.
  static let outlookCustomZones: [Expected] = {
    let outlook = "040000008200E00074C5B7101A82E00800000000A1B2C3D4E5F6DB01000000000000000010000000"
    func event(_ id: String, _ start: String, _ guest: String) -> Expected {
      Expected(
        sourceID: outlook + id, start: start, organizer: "olivia.sample@example.com",
        attendees: [guest])
    }
    return [
      // 15 January 10:00, before DST begins on the last Sunday of March: CET, +01:00.
      event("AAAA0001", "2025-01-15T09:00:00Z", "wim@example.nl"),
      // 1 July 10:00, between 30 March and 26 October 2025 (the last Sundays of March and
      // October): CEST, +02:00.
      event("AAAA0002", "2025-07-01T08:00:00Z", "zoe@example.nl"),
      // Weekly on Monday at 10:00: 24 March is CET (09:00Z), 31 March, the day after the
      // change, CEST (08:00Z).
      event("AAAA0003/20250324T090000Z", "2025-03-24T09:00:00Z", "wim@example.nl"),
      event("AAAA0003/20250331T080000Z", "2025-03-31T08:00:00Z", "wim@example.nl"),
      // 26 October 02:30: clocks go back from 03:00 CEST to 02:00 CET, so 02:30 happens twice;
      // the first, still CEST (+02:00), is 00:30Z.
      event("AAAA0004", "2025-10-26T00:30:00Z", "zoe@example.nl"),
      // Sydney ("Customized Time Zone"): DST from the first Sunday of October to the first
      // Sunday of April. 15 January 10:00 is AEDT, +11:00: 14 January 23:00Z.
      event("BBBB0001", "2025-01-14T23:00:00Z", "sam@example.com.au"),
      // 15 July 10:00 is AEST, +10:00: 00:00Z.
      event("BBBB0002", "2025-07-15T00:00:00Z", "sam@example.com.au"),
    ]
  }()

  @Test("fixtures from real exporters", arguments: cases)
  func fixture(_ c: Case) throws {
    let calendar = try ICalendarReader.read(
      path: ImportFixtures.path(c.file), until: ImportFixtures.at(c.until))
    #expect(calendar.rejected.isEmpty, "\(calendar.rejected)")
    #expect(calendar.cancelled == c.cancelled)
    #expect(calendar.future == c.future)
    #expect(calendar.warnings.count == c.warnings, "\(calendar.warnings)")
    let got = calendar.events.sorted { ($0.uid, $0.start) < ($1.uid, $1.start) }
    let want = c.events.sorted {
      ($0.sourceID.split(separator: "/").first ?? "", ImportFixtures.at($0.start))
        < ($1.sourceID.split(separator: "/").first ?? "", ImportFixtures.at($1.start))
    }
    #expect(got.map(\.sourceID) == want.map(\.sourceID))
    for (event, expected) in zip(got, want) {
      #expect(event.start == ImportFixtures.at(expected.start), "\(expected.sourceID)")
      #expect(event.allDay == expected.allDay, "\(expected.sourceID)")
      #expect(event.organizer?.email == expected.organizer, "\(expected.sourceID)")
      #expect(event.attendees.compactMap(\.email) == expected.attendees, "\(expected.sourceID)")
    }
  }

  @Test("names: quoted, escaped, RFC 6868 carets, CN equal to the address dropped")
  func names() throws {
    let outlook = try ICalendarReader.read(
      path: ImportFixtures.path("ics/outlook.ics"), until: ImportFixtures.at("2025-12-31"))
    let first = try #require(outlook.events.first)
    #expect(first.organizer?.name == "Sample, Olivia")
    #expect(first.attendees.map(\.name) == ["Doe, Jane", "Quinn \"Q\" Sample"])
    #expect(outlook.events.first { $0.summary == "Vendor call" }?.attendees.first?.name == nil)
    let apple = try ICalendarReader.read(
      path: ImportFixtures.path("ics/apple-calendar.ics"), until: ImportFixtures.at("2025-03-01"))
    let lunch = try #require(apple.events.first)
    #expect(lunch.attendees.map(\.name) == ["Grace Apple", "Hank \"Hammer\" Doe", "Ada Example"])
    #expect(lunch.summary == "Lunch with Grace & Hank")
    let google = try ICalendarReader.read(
      path: ImportFixtures.path("ics/google-calendar.ics"), until: ImportFixtures.at("2025-04-01"))
    // Folded inside a name; escaped comma in the summary.
    #expect(google.events.first?.attendees.map(\.name) == ["Ada Example", "Bruno Testperson"])
    #expect(google.events.first?.summary == "Roadmap review, Q2")
  }

  @Test("attendee addresses: mailto in any case, spaces, percent escapes, EMAIL, CN as address")
  func attendeeAddresses() throws {
    let lines = [
      "ATTENDEE;CN=B@Example.COM:MAILTO:b@example.com",
      "ATTENDEE;CN= Cé Dé :Mailto:  c%2Bd@example.com ",
      "ATTENDEE;EMAIL=e@example.com;CN=Ed:urn:uuid:1234",
      "ATTENDEE;CN=Zoë@Example.com:mailto:zoë@example.com",
      "ATTENDEE;CN=Mailbox:mailbox:f@example.com",
      "ATTENDEE;CN=\u{3000}Wide Space\u{3000}:mailto:g@example.com",
    ]
    let parsed = try ICalendarReader.parse(
      Self.calendar(Self.event(["DTSTART:20250107T092700Z"] + lines)), path: "a.ics",
      until: Int64.max)
    let attendees = try #require(parsed.events.first).attendees
    #expect(
      attendees.map(\.email) == [
        "a@example.com", "b@example.com", "c+d@example.com", "e@example.com", "zoë@example.com",
        nil, "g@example.com",
      ])
    #expect(attendees.map(\.name) == [nil, nil, "Cé Dé", "Ed", nil, "Mailbox", "Wide Space"])
  }

  @Test("groups, resources, rooms and calendars' own addresses are no people")
  func placeholders() throws {
    let events = [
      [
        "BEGIN:VEVENT", "UID:g1", "DTSTART:20260320T150000Z",
        "ORGANIZER;CN=Engineering Team:mailto:c_8f3e2a1b9c@group.calendar.google.com",
        "ATTENDEE;CUTYPE=INDIVIDUAL;CN=Jane Doe:mailto:jane@example.com",
        "ATTENDEE;CUTYPE=GROUP;CN=eng-all:mailto:eng-all@example.com",
        "ATTENDEE;CUTYPE=RESOURCE;CN=Projector:mailto:projector@example.com",
        "ATTENDEE;CUTYPE=room;CN=Room 1:mailto:room1@example.com",
        "ATTENDEE;CN=Room 2:mailto:c_1889@resource.calendar.google.com",
        "ATTENDEE:mailto:Holidays@Group.V.Calendar.Google.COM",
        "ATTENDEE:mailto:sam@notcalendar.google.com", "END:VEVENT",
      ],
      [
        "BEGIN:VEVENT", "UID:g2", "DTSTART:20260321T150000Z",
        "ORGANIZER;CN=Unknown Organizer:mailto:unknownorganizer@calendar.google.com",
        "ATTENDEE:mailto:jane@example.com", "END:VEVENT",
      ],
    ]
    let parsed = try ICalendarReader.parse(
      Self.calendar(events.flatMap { $0 }), path: "a.ics", until: Int64.max)
    #expect(parsed.events.map(\.organizer) == [nil, nil])
    #expect(
      parsed.events.map { $0.attendees.map { $0.email ?? "-" } } == [
        ["jane@example.com", "sam@notcalendar.google.com"], ["jane@example.com"],
      ])
    // Converted: the group calendar's event is a meeting of you and Jane, without an
    // initiator; the imported one has nobody but Jane, and is left out as such.
    let converted = CalendarImport.convert(
      parsed, path: "a.ics", options: MailImportOptions(myEmails: ["jane@example.com"]))
    #expect(converted.batch.people.map(\.name) == ["sam@notcalendar.google.com"])
    #expect(converted.batch.interactions.map(\.initiator) == [nil])
    #expect(converted.leftOut.alone == 1)
  }

  @Test("an all-day event, each of its occurrences too, is an interaction on its day")
  func allDayEventsKeepTheirDay() throws {
    let events = [
      Self.event(["DTSTART;VALUE=DATE:20251124", "SUMMARY:Offsite"]).map {
        $0 == "UID:u1" ? "UID:offsite" : $0
      },
      Self.event(["DTSTART;VALUE=DATE:20251201", "RRULE:FREQ=WEEKLY;COUNT=2"]).map {
        $0 == "UID:u1" ? "UID:weekly" : $0
      },
      Self.event(["DTSTART:20251124T000000Z", "SUMMARY:Midnight call"]).map {
        $0 == "UID:u1" ? "UID:midnight" : $0
      },
    ]
    let parsed = try ICalendarReader.parse(
      Self.calendar(events.flatMap { $0 }), path: "a.ics", until: Int64.max)
    let converted = CalendarImport.convert(
      parsed, path: "a.ics", options: MailImportOptions(myEmails: ["o@example.com"]))
    // Tests run in UTC: 2025-11-24 is day 20416, and a meeting at 00:00 is a time.
    #expect(
      converted.batch.interactions.map(\.day) == [20_416, 20_423, 20_430, nil])
    #expect(
      converted.batch.interactions.map { KithTime.format($0.time) } == [
        "2025-11-24T00:00:00Z", "2025-12-01T00:00:00Z", "2025-12-08T00:00:00Z",
        "2025-11-24T00:00:00Z",
      ])
  }

  static func calendar(_ body: [String], lineEnd: String = "\r\n") -> Data {
    Data(
      (["BEGIN:VCALENDAR", "VERSION:2.0"] + body + ["END:VCALENDAR"]).joined(separator: lineEnd)
        .utf8)
  }

  static func event(_ lines: [String]) -> [String] {
    ["BEGIN:VEVENT", "UID:u1", "ORGANIZER:mailto:o@example.com", "ATTENDEE:mailto:a@example.com"]
      + lines + ["END:VEVENT"]
  }

  struct RuleCase: Sendable, CustomTestStringConvertible {
    var name: String
    var lines: [String]
    var until = "2030-01-01"
    var starts: [String]
    var testDescription: String { name }
  }

  static let rules: [RuleCase] = [
    RuleCase(
      name: "monthly on the 31st skips short months",
      lines: ["DTSTART:20250131T100000Z", "RRULE:FREQ=MONTHLY;COUNT=3"],
      starts: ["2025-01-31T10:00:00Z", "2025-03-31T10:00:00Z", "2025-05-31T10:00:00Z"]),
    RuleCase(
      name: "last Friday of the month",
      lines: ["DTSTART:20250131T100000Z", "RRULE:FREQ=MONTHLY;BYDAY=-1FR;COUNT=3"],
      starts: ["2025-01-31T10:00:00Z", "2025-02-28T10:00:00Z", "2025-03-28T10:00:00Z"]),
    RuleCase(
      name: "last weekday of the month (BYSETPOS)",
      lines: [
        "DTSTART:20250131T100000Z", "RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=3",
      ],
      starts: ["2025-01-31T10:00:00Z", "2025-02-28T10:00:00Z", "2025-03-31T10:00:00Z"]),
    RuleCase(
      name: "every other week on Tuesday and Thursday",
      lines: [
        "DTSTART:20250107T080000Z", "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=20250124",
      ],
      starts: [
        "2025-01-07T08:00:00Z", "2025-01-09T08:00:00Z", "2025-01-21T08:00:00Z",
        "2025-01-23T08:00:00Z",
      ]),
    RuleCase(
      name: "yearly on the first Monday of September",
      lines: ["DTSTART:20230904T120000Z", "RRULE:FREQ=YEARLY;BYMONTH=9;BYDAY=1MO;COUNT=3"],
      starts: ["2023-09-04T12:00:00Z", "2024-09-02T12:00:00Z", "2025-09-01T12:00:00Z"]),
    RuleCase(
      name: "daily, stopped at the import date",
      lines: ["DTSTART:20250101T090000Z", "RRULE:FREQ=DAILY"], until: "2025-01-03T12:00:00Z",
      starts: ["2025-01-01T09:00:00Z", "2025-01-02T09:00:00Z", "2025-01-03T09:00:00Z"]),
    RuleCase(
      name: "daily across the spring DST change keeps the local hour",
      lines: ["DTSTART;TZID=Europe/Berlin:20250329T090000", "RRULE:FREQ=DAILY;COUNT=2"],
      starts: ["2025-03-29T08:00:00Z", "2025-03-30T07:00:00Z"]),
    RuleCase(
      name: "EXDATE as a list, and RDATE",
      lines: [
        "DTSTART:20250101T090000Z", "RRULE:FREQ=DAILY;COUNT=4",
        "EXDATE:20250102T090000Z,20250103T090000Z", "RDATE:20250110T090000Z",
      ],
      starts: ["2025-01-01T09:00:00Z", "2025-01-04T09:00:00Z", "2025-01-10T09:00:00Z"]),
    RuleCase(
      name: "a cancelled override removes one occurrence",
      lines: [
        "DTSTART:20250101T090000Z", "RRULE:FREQ=DAILY;COUNT=3", "END:VEVENT", "BEGIN:VEVENT",
        "UID:u1", "RECURRENCE-ID:20250102T090000Z", "DTSTART:20250102T090000Z",
        "STATUS:CANCELLED",
      ],
      starts: ["2025-01-01T09:00:00Z", "2025-01-03T09:00:00Z"]),
    RuleCase(
      name: "RANGE=THISANDFUTURE moves that occurrence and the later ones",
      lines: [
        "DTSTART;TZID=Europe/London:20260601T090000", "RRULE:FREQ=DAILY;COUNT=5", "END:VEVENT",
        "BEGIN:VEVENT", "UID:u1",
        "RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/London:20260603T090000",
        "DTSTART;TZID=Europe/London:20260603T120000",
      ],
      starts: [
        "2026-06-01T08:00:00Z", "2026-06-02T08:00:00Z", "2026-06-03T11:00:00Z",
        "2026-06-04T11:00:00Z", "2026-06-05T11:00:00Z",
      ]),
    RuleCase(
      name: "a later single override and an EXDATE win over a RANGE=THISANDFUTURE one",
      lines: [
        "DTSTART:20250101T090000Z", "RRULE:FREQ=DAILY;COUNT=5", "EXDATE:20250105T090000Z",
        "END:VEVENT", "BEGIN:VEVENT", "UID:u1",
        "RECURRENCE-ID;RANGE=THISANDFUTURE:20250102T090000Z", "DTSTART:20250102T100000Z",
        "END:VEVENT", "BEGIN:VEVENT", "UID:u1", "RECURRENCE-ID:20250103T090000Z",
        "DTSTART:20250103T150000Z",
      ],
      starts: [
        "2025-01-01T09:00:00Z", "2025-01-02T10:00:00Z", "2025-01-03T15:00:00Z",
        "2025-01-04T10:00:00Z",
      ]),
    RuleCase(
      name: "a cancelling RANGE=THISANDFUTURE override ends the series",
      lines: [
        "DTSTART:20250101T090000Z", "RRULE:FREQ=DAILY;COUNT=4", "END:VEVENT", "BEGIN:VEVENT",
        "UID:u1", "RECURRENCE-ID;RANGE=THISANDFUTURE:20250103T090000Z",
        "DTSTART:20250103T090000Z", "STATUS:CANCELLED",
      ],
      starts: ["2025-01-01T09:00:00Z", "2025-01-02T09:00:00Z"]),
    RuleCase(
      name: "of two overrides of one occurrence, the higher SEQUENCE wins",
      lines: [
        "DTSTART:20250101T090000Z", "RRULE:FREQ=DAILY;COUNT=2", "END:VEVENT", "BEGIN:VEVENT",
        "UID:u1", "RECURRENCE-ID:20250102T090000Z", "DTSTART:20250102T150000Z", "SEQUENCE:2",
        "END:VEVENT", "BEGIN:VEVENT", "UID:u1", "RECURRENCE-ID:20250102T090000Z",
        "DTSTART:20250102T110000Z", "SEQUENCE:1",
      ],
      starts: ["2025-01-01T09:00:00Z", "2025-01-02T15:00:00Z"]),
    RuleCase(
      name: "floating time in the calendar's X-WR-TIMEZONE",
      lines: ["DTSTART:20250601T090000"], starts: ["2025-06-01T09:00:00Z"]),
    RuleCase(
      name: "a date without VALUE=DATE is an all-day event",
      lines: ["DTSTART:20250601"], starts: ["2025-06-01"]),
  ]

  @Test("recurrence rules", arguments: rules)
  func rule(_ c: RuleCase) throws {
    let data = Self.calendar(Self.event(c.lines))
    let result = try ICalendarReader.parse(data, path: "r.ics", until: ImportFixtures.at(c.until))
    #expect(result.rejected.isEmpty, "\(result.rejected)")
    #expect(result.events.map(\.start).sorted() == c.starts.map(ImportFixtures.at))
  }

  @Test("X-WR-TIMEZONE sets floating times")
  func floatingZone() throws {
    let data = Self.calendar(
      ["X-WR-TIMEZONE:America/New_York"] + Self.event(["DTSTART:20250601T090000"]), lineEnd: "\n")
    let result = try ICalendarReader.parse(data, path: "f.ics", until: Int64.max)
    #expect(result.events.map(\.start) == [ImportFixtures.at("2025-06-01T13:00:00Z")])
  }

  struct ErrorCase: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    var message: String
    var testDescription: String { name }
  }

  static let fileErrors: [ErrorCase] = [
    ErrorCase(name: "empty", text: "", message: "x.ics: the file is empty"),
    ErrorCase(name: "only blank lines", text: "\r\n\r\n", message: "x.ics: the file is empty"),
    ErrorCase(
      name: "a vCard", text: "BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n",
      message: "x.ics:1:1: not an iCalendar file (it should begin with BEGIN:VCALENDAR)"),
    ErrorCase(
      name: "CSV", text: "name,email\nJane,j@x\n",
      message: "x.ics:1:1: not an iCalendar file (it should begin with BEGIN:VCALENDAR)"),
    ErrorCase(
      name: "binary", text: "BEGIN:VCALENDAR\u{0}\u{1}\u{2}",
      message: "x.ics: a binary file, not an iCalendar file"),
    ErrorCase(
      name: "truncated",
      text: "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART:20250101T000000Z\r\n",
      message: "x.ics:2:1: BEGIN:VEVENT is never closed (the file may be truncated)"),
    ErrorCase(
      name: "mismatched END",
      text: "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VTODO\r\nEND:VCALENDAR\r\n",
      message: "x.ics:3:1: END:VTODO does not close BEGIN:VEVENT of line 2"),
  ]

  @Test("file errors", arguments: fileErrors)
  func fileError(_ c: ErrorCase) {
    #expect {
      _ = try ICalendarReader.parse(Data(c.text.utf8), path: "x.ics", until: Int64.max)
    } throws: { error in
      (error as? ImportError)?.description == c.message
    }
  }

  static let recordErrors: [ErrorCase] = [
    ErrorCase(
      name: "no DTSTART", text: "BEGIN:VEVENT\r\nUID:1\r\nEND:VEVENT",
      message: "x.ics:3:1: VEVENT without DTSTART"),
    ErrorCase(
      name: "bad date", text: "BEGIN:VEVENT\r\nUID:1\r\nDTSTART:2025-01-01\r\nEND:VEVENT",
      message: "x.ics:5:1: DTSTART: not a date or date-time (YYYYMMDD[THHMMSS[Z]])"),
    ErrorCase(
      name: "February 30th", text: "BEGIN:VEVENT\r\nUID:1\r\nDTSTART:20250230\r\nEND:VEVENT",
      message: "x.ics:5:1: DTSTART: not a date or date-time (YYYYMMDD[THHMMSS[Z]])"),
    ErrorCase(
      name: "unknown zone",
      text: "BEGIN:VEVENT\r\nUID:1\r\nDTSTART;TZID=Mars/Olympus:20250101T100000\r\nEND:VEVENT",
      message: "x.ics:5:1: DTSTART: unknown time zone TZID=Mars/Olympus"),
    ErrorCase(
      name: "bad rule",
      text: "BEGIN:VEVENT\r\nUID:1\r\nDTSTART:20250101\r\nRRULE:FREQ=SOMETIMES\r\nEND:VEVENT",
      message: "x.ics:6:1: RRULE: unknown FREQ"),
    ErrorCase(
      name: "a line without a colon",
      text: "BEGIN:VEVENT\r\nUID:1\r\nDTSTART:20250101\r\nthis is not a property\r\nEND:VEVENT",
      message: "x.ics:6:1: not a content line (NAME[;PARAM=VALUE]:value)"),
  ]

  @Test("bad events are rejected with their line; the others are read", arguments: recordErrors)
  func recordError(_ c: ErrorCase) throws {
    let good = "BEGIN:VEVENT\r\nUID:ok\r\nDTSTART:20250101T100000Z\r\nEND:VEVENT"
    let text =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + c.text + "\r\n" + good + "\r\nEND:VCALENDAR\r\n"
    let result = try ICalendarReader.parse(Data(text.utf8), path: "x.ics", until: Int64.max)
    #expect(result.rejected.map(\.description) == [c.message])
    #expect(result.events.map(\.sourceID) == ["ok"])
  }

  @Test("a fold may split a UTF-8 character; Latin-1 files still read")
  func encodings() throws {
    var bytes = Array(
      "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART:20250101\r\nSUMMARY:Caf".utf8)
    bytes += [0xC3, 0x0D, 0x0A, 0x20, 0xA9]  // "é" split by a fold
    bytes += Array("\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n".utf8)
    let folded = try ICalendarReader.parse(Data(bytes), path: "x.ics", until: Int64.max)
    #expect(folded.events.first?.summary == "Café")
    var latin = Array("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:1\nDTSTART:20250101\nSUMMARY:Caf".utf8)
    latin += [0xE9] + Array("\nEND:VEVENT\nEND:VCALENDAR\n".utf8)
    let latin1 = try ICalendarReader.parse(Data(latin), path: "x.ics", until: Int64.max)
    #expect(latin1.events.first?.summary == "Café")
  }

  @Test("detection")
  func detection() {
    #expect(ICalendarReader.looksLikeCalendar(Array("\u{FEFF}BEGIN:VCALENDAR\r\n".utf8)))
    #expect(ICalendarReader.looksLikeCalendar(Array("\n begin:vcalendar\n".utf8)))
    #expect(!ICalendarReader.looksLikeCalendar(Array("BEGIN:VCARD\r\n".utf8)))
  }
}

extension ICalendarReaderTests {
  @Test("every event's UID is kept, those of cancelled events too, with the import date")
  func uidsRead() throws {
    let data = Self.calendar(
      Self.event(["DTSTART:20250101T090000Z"])
        + [
          "BEGIN:VEVENT", "UID:gone", "DTSTART:20250102T090000Z", "STATUS:CANCELLED",
          "END:VEVENT",
        ])
    let result = try ICalendarReader.parse(data, path: "u.ics", until: 1_800_000_000)
    #expect(result.uids == ["u1", "gone"])
    #expect(result.until == 1_800_000_000)
  }
}
