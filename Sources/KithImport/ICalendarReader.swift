import Foundation
import KithGraph

/// A person named by an iCalendar ORGANIZER or ATTENDEE property.
public struct CalendarPerson: Sendable, Hashable {
  /// The address from a `mailto:` value (or an `EMAIL` parameter), as written.
  public var email: String?
  /// The common name (`CN`), unquoted and unescaped; nil when absent or equal to the address.
  public var name: String?

  public init(email: String?, name: String?) {
    self.email = email
    self.name = name
  }
}

/// One occurrence of a calendar event that took place: a single event, or one expanded
/// occurrence of a recurring one (with its override applied).
public struct ParsedEvent: Sendable, Hashable {
  /// Stable across re-imports: the UID for a single event; `UID/occurrence` for an occurrence
  /// of a recurring one, the occurrence written as its original start (`20250107T090000Z`, or
  /// `20250107` for all-day events) so that a moved occurrence keeps its id.
  public var sourceID: String
  /// The event's UID (synthesised from its start, summary and organiser when missing).
  public var uid: String
  /// The start, in seconds since 1970-01-01T00:00:00Z; all-day events (`allDay`) start at the
  /// start of their day in the zone Kith counts days in.
  public var start: Int64
  public var allDay: Bool
  public var summary: String?
  /// The organiser, unless it is a calendar's own address (`ICalendarReader.isCalendarAddress`).
  public var organizer: CalendarPerson?
  /// The attendees who took part: declined ones, non-participants, resources (rooms,
  /// projectors), groups and calendars' own addresses are left out. The organiser may be listed too (Google Calendar does so).
  public var attendees: [CalendarPerson]
  /// Where the event (or the override that shaped this occurrence) begins.
  public var location: SourceLocation

  public init(
    sourceID: String, uid: String, start: Int64, allDay: Bool, summary: String?,
    organizer: CalendarPerson?, attendees: [CalendarPerson], location: SourceLocation
  ) {
    self.sourceID = sourceID
    self.uid = uid
    self.start = start
    self.allDay = allDay
    self.summary = summary
    self.organizer = organizer
    self.attendees = attendees
    self.location = location
  }
}

/// What an iCalendar file holds, ready to convert.
public struct ParsedCalendar: Sendable {
  /// Occurrences up to the import date, in file order (occurrences of a series in time order).
  public var events: [ParsedEvent] = []
  /// Events that could not be read (a bad date, an unknown time zone, a malformed line), each
  /// with its location: the importer refuses the file unless asked to skip them.
  public var rejected: [ImportError] = []
  /// Events read only in part, with the reason (e.g. a recurrence rule part not supported,
  /// whose first occurrence alone was kept), and time zones whose VTIMEZONE rules could not be
  /// read, so that events in them took its standard offset all year.
  public var warnings: [ImportError] = []
  /// Events or occurrences left out because they were cancelled.
  public var cancelled = 0
  /// Occurrences left out because they start after the import date.
  public var future = 0
  /// The UID of every event read (cancelled ones and those with nobody else included): the
  /// events this file holds as they are now.
  public var uids: Set<String> = []
  /// The version of every event and override read (cancelled ones included): by UID for an
  /// event, by `UID/occurrence` for an override of one occurrence and for the occurrences a
  /// `RANGE=THISANDFUTURE` override shaped (`ImportBatch.revisions`).
  public var revisions: [String: SourceRevision] = [:]
  /// The import date: occurrences were expanded up to it (seconds since the epoch).
  public var until: Int64 = 0

  public init() {}
}

/// An RFC 5545 iCalendar reader for what Kith needs: who met whom, and when.
///
/// - UTF-16 with a byte-order mark is read as the UTF-8 it converts to. Lines are unfolded on
///   bytes (a fold may split a UTF-8 sequence), then decoded as UTF-8 (Windows-1252 when not
///   valid UTF-8); CRLF and bare LF both end lines.
/// - Parameter values may be quoted; RFC 6868 caret escapes and, as some exporters write them,
///   backslash escapes inside parameter values are undone. Text values are unescaped.
/// - Time zones: `TZID` is resolved by IANA name (also at the end of a prefixed id such as
///   `/mozilla.org/20050126_1/Europe/Paris`), then by Windows name (Outlook's `W. Europe
///   Standard Time`), and only then from the file's VTIMEZONE block (Outlook's "Customized Time
///   Zone", `(UTC+01:00) Amsterdam, Berlin, …`) by its rules (RFC 5545 §3.6.5): a local time
///   takes the TZOFFSETTO of the latest STANDARD or DAYLIGHT onset at or before it (onsets
///   from DTSTART, a yearly RRULE with BYMONTH and an n-th or last weekday or BYMONTHDAY,
///   UNTIL, COUNT, and RDATEs); before the first onset, that observance's TZOFFSETFROM. In
///   every zone, a local time the clocks skip is read with the offset before the gap and one
///   they repeat is its first occurrence (RFC 5545 §3.3.5). A block whose rules cannot be read
///   (a missing DTSTART or offset, a rule that is not yearly or has parts Kith does not
///   expand) is read with its standard offset all year, with a warning once an event uses
///   it; a TZID that none of these define rejects the event.
/// - Floating times (no zone) are read in the calendar's `X-WR-TIMEZONE` when it names a known
///   zone, else in the zone Kith counts days in (`KithTime.zone`), as a calendar app reads them.
/// - All-day events (`VALUE=DATE`) start at the start of their day in that zone, like dates
///   typed on the CLI.
/// - Recurrence: RRULE with FREQ DAILY/WEEKLY/MONTHLY/YEARLY, INTERVAL, COUNT, UNTIL, BYDAY
///   (with ordinals), BYMONTHDAY, BYMONTH, BYSETPOS and WKST; RDATE; EXDATE; overrides by
///   RECURRENCE-ID (with `RANGE=THISANDFUTURE`, the override's changes and its shift in time
///   apply to that occurrence and every later one). Occurrences are expanded up to the import
///   date. A rule with parts beyond
///   these (BYHOUR, BYWEEKNO, FREQ=HOURLY, …) keeps its first occurrence and adds a warning.
/// - Left out: STATUS:CANCELLED events and occurrences, calendars with METHOD:CANCEL, declined
///   attendees (PARTSTAT=DECLINED), ROLE=NON-PARTICIPANT and CUTYPE=RESOURCE/ROOM/GROUP
///   attendees (a room, a projector, a mailing list), calendars' own addresses as organiser or
///   attendee (Google's `…@group.calendar.google.com`, `unknownorganizer@calendar.google.com`:
///   `isCalendarAddress`), and properties of nested components (a VALARM's ATTENDEE is not a
///   guest).
public enum ICalendarReader {
  /// Most occurrences expanded for one series; beyond it the series stops (a daily rule from
  /// 1900 would otherwise make 45,000 meetings).
  public static let occurrenceLimit = 20_000

  /// Reads the calendar at `path`, keeping occurrences that start at or before `until`.
  /// - Throws: `ImportError` when the file is missing (`isMissingFile`), empty, binary, not an
  ///   iCalendar file, or structurally broken (an END that closes nothing, a component never
  ///   closed), with the line.
  public static func read(path: String, until: Int64) throws(ImportError) -> ParsedCalendar {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
    } catch {
      throw ImportError(path: path, message: "cannot read the file", isMissingFile: true)
    }
    return try parse(data, path: path, until: until)
  }

  /// Parses calendar bytes; `path` names the file in locations.
  /// - Complexity: O(n + k) for n bytes and k expanded occurrences (k ≤ `occurrenceLimit` per
  ///   series).
  public static func parse(_ data: Data, path: String, until: Int64) throws(ImportError)
    -> ParsedCalendar
  {
    let bytes = [UInt8](ImportText.utf8(fromUTF16: data) ?? data)
    if bytes.isEmpty { throw ImportError(path: path, message: "the file is empty") }
    if _Charsets.looksBinary(bytes) {
      throw ImportError(path: path, message: "a binary file, not an iCalendar file")
    }
    var parser = _CalendarParser(path: path, until: until)
    try parser.run(bytes)
    parser.result.until = until
    return parser.result
  }

  /// Whether a file that starts with `prefix` is an iCalendar file (for format detection).
  public static func looksLikeCalendar<C: Collection<UInt8>>(_ prefix: C) -> Bool {
    var text = Array(prefix.prefix(512))
    if text.starts(with: [0xEF, 0xBB, 0xBF]) { text.removeFirst(3) }
    let head = String(decoding: text, as: UTF8.self).trimmingCharacters(
      in: .whitespacesAndNewlines)
    return head.uppercased().hasPrefix("BEGIN:VCALENDAR")
  }
}

// MARK: - Content lines

/// One unfolded content line: `NAME;PARAM=VALUE,VALUE:value`.
struct _ContentLine {
  var name: String
  var parameters: [(name: String, values: [String])]
  var value: String
  var line: Int

  func parameter(_ name: String) -> String? {
    parameters.first { $0.name == name }?.values.first
  }

  /// Splits a logical line; nil when it has no name or no colon.
  init?(_ bytes: ArraySlice<UInt8>, line: Int) {
    self.line = line
    var i = bytes.startIndex
    let end = bytes.endIndex
    func isNameByte(_ b: UInt8) -> Bool {
      (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D
        || b == 0x5F || b == 0x2E
    }
    let nameStart = i
    while i < end, isNameByte(bytes[i]) { i += 1 }
    guard i > nameStart, i < end, bytes[i] == 0x3A || bytes[i] == 0x3B else { return nil }
    name = String(decoding: bytes[nameStart..<i], as: UTF8.self).uppercased()
    // Item groups (Apple writes `item1.X-…`) are not used by events: keep the last segment.
    if let dot = name.lastIndex(of: ".") { name = String(name[name.index(after: dot)...]) }
    parameters = []
    while i < end, bytes[i] == 0x3B {
      i += 1
      let pStart = i
      while i < end, isNameByte(bytes[i]) { i += 1 }
      let pName = String(decoding: bytes[pStart..<i], as: UTF8.self).uppercased()
      var values: [String] = []
      if i < end, bytes[i] == 0x3D {
        i += 1
        while true {
          var raw: [UInt8] = []
          if i < end, bytes[i] == 0x22 {
            i += 1
            while i < end, bytes[i] != 0x22 {
              if bytes[i] == 0x5C, i + 1 < end {  // a backslash escape inside quotes
                raw.append(bytes[i])
                i += 1
              }
              raw.append(bytes[i])
              i += 1
            }
            guard i < end else { return nil }  // an unterminated quote
            i += 1
            // Anything between the closing quote and the next separator is kept as written.
            while i < end, bytes[i] != 0x2C, bytes[i] != 0x3B, bytes[i] != 0x3A {
              raw.append(bytes[i])
              i += 1
            }
          } else {
            while i < end, bytes[i] != 0x2C, bytes[i] != 0x3B, bytes[i] != 0x3A {
              raw.append(bytes[i])
              i += 1
            }
          }
          values.append(_ContentLine.unescapeParameter(_Charsets.decodeUndeclared(raw)))
          if i < end, bytes[i] == 0x2C {
            i += 1
            continue
          }
          break
        }
      }
      guard !pName.isEmpty else { return nil }
      parameters.append((pName, values))
    }
    guard i < end, bytes[i] == 0x3A else { return nil }
    value = _Charsets.decodeUndeclared(bytes[(i + 1)...])
  }

  /// RFC 6868 caret escapes (`^n`, `^^`, `^'`) and the backslash escapes some exporters put
  /// in parameter values (`CN="Doe\, Jane"`).
  static func unescapeParameter(_ s: String) -> String {
    guard s.contains("^") || s.contains("\\") else { return s }
    var out = ""
    var it = s.makeIterator()
    while let c = it.next() {
      if c == "^" {
        switch it.next() {
        case "n", "N": out.append("\n")
        case "^": out.append("^")
        case "'": out.append("\"")
        case let other?: out.append("^"); out.append(other)
        case nil: out.append("^")
        }
      } else if c == "\\" {
        switch it.next() {
        case "n", "N": out.append("\n")
        case let other?: out.append(other)
        case nil: out.append("\\")
        }
      } else {
        out.append(c)
      }
    }
    return out
  }

  /// Undoes TEXT escapes: `\\`, `\;`, `\,`, `\n` / `\N`.
  static func unescapeText(_ s: String) -> String {
    guard s.contains("\\") else { return s }
    var out = ""
    var it = s.makeIterator()
    while let c = it.next() {
      guard c == "\\" else {
        out.append(c)
        continue
      }
      switch it.next() {
      case "n", "N": out.append("\n")
      case let other?: out.append(other)
      case nil: out.append("\\")
      }
    }
    return out
  }
}

/// A component (VCALENDAR, VEVENT, VTIMEZONE, …) with its own properties and children.
final class _Component {
  let name: String
  let line: Int
  var properties: [_ContentLine] = []
  var children: [_Component] = []
  /// A malformed content line inside this component (its first one).
  var malformedLine: Int?

  init(name: String, line: Int) {
    self.name = name
    self.line = line
  }

  func first(_ name: String) -> _ContentLine? { properties.first { $0.name == name } }
  func all(_ name: String) -> [_ContentLine] { properties.filter { $0.name == name } }
}

// MARK: - Times

/// A calendar date-time as written: civil fields, and whether it is a date, UTC or zoned.
struct _CalendarTime {
  var day: Int  // days since 1970-01-01 of the civil date
  var secondOfDay: Int
  var isDate: Bool
  var zone: _Zone

  /// The years an event may have.
  static let eventYears = 1800...2200

  /// Parses `YYYYMMDD` or `YYYYMMDDTHHMMSS[Z]` with a year in `years`.
  static func parse(
    _ text: String, zone: _Zone, forceDate: Bool, years: ClosedRange<Int> = eventYears
  ) -> _CalendarTime? {
    let b = Array(text.utf8.filter { $0 != 0x20 })
    func num(_ from: Int, _ count: Int) -> Int? {
      guard from + count <= b.count else { return nil }
      var v = 0
      for k in from..<(from + count) {
        guard b[k] >= 0x30, b[k] <= 0x39 else { return nil }
        v = v * 10 + Int(b[k] - 0x30)
      }
      return v
    }
    guard b.count >= 8, let y = num(0, 4), let mo = num(4, 2), let d = num(6, 2),
      (1...12).contains(mo), d >= 1, d <= KithTime.daysInMonth(year: y, month: mo),
      years.contains(y)
    else { return nil }
    let day = KithTime.daysFromCivil(year: y, month: mo, day: d)
    if b.count == 8 {
      return _CalendarTime(day: day, secondOfDay: 0, isDate: true, zone: .utc)
    }
    guard !forceDate, b.count >= 15, b[8] == 0x54 || b[8] == 0x74, let h = num(9, 2),
      let mi = num(11, 2), let s = num(13, 2), h <= 23, mi <= 59, s <= 60
    else { return nil }
    var z = zone
    if b.count == 16 {
      guard b[15] == 0x5A || b[15] == 0x7A else { return nil }
      z = .utc
    } else if b.count != 15 {
      return nil
    }
    return _CalendarTime(
      day: day, secondOfDay: h * 3600 + mi * 60 + min(s, 59), isDate: false, zone: z)
  }

  /// The instant, in seconds since the epoch (a date at the start of that day in the zone
  /// Kith counts days in: an all-day event is on that day wherever you are).
  var instant: Int64 {
    if isDate { return KithTime.startOfDay(Int64(day)) }
    return zone.utc(fromLocal: Int64(day) * 86_400 + Int64(secondOfDay))
  }

  /// The occurrence id form: `YYYYMMDD` for dates, `YYYYMMDDTHHMMSSZ` in UTC otherwise (the
  /// same in every zone Kith counts days in).
  var idForm: String {
    if isDate {
      let (y, m, d) = KithTime.civilFromDays(day)
      return String(format: "%04d%02d%02d", y, m, d)
    }
    let s = instant
    let (y, m, d) = KithTime.civilFromDays(Int(DayZone.utc.day(ofSeconds: s)))
    let r = Int(s - DayZone.utc.day(ofSeconds: s) * 86_400)
    return String(format: "%04d%02d%02dT%02d%02d%02dZ", y, m, d, r / 3600, r / 60 % 60, r % 60)
  }
}

/// How a local time becomes an instant.
///
/// At a transition, every kind of zone reads local times as RFC 5545 §3.3.5 says: one the
/// clocks skip (spring forward) with the offset before the gap, one they repeat (fall back) as
/// its first occurrence.
enum _Zone {
  case utc
  case named(TimeZone)
  case fixed(Int)
  /// A file's VTIMEZONE block, by its STANDARD and DAYLIGHT rules.
  case rules(_VTimeZone)
  /// The zone Kith counts days in, for floating times when the calendar names none.
  case days(DayZone)

  func utc(fromLocal local: Int64) -> Int64 {
    switch self {
    case .utc: return local
    case .fixed(let offset): return local - Int64(offset)
    case .rules(let zone): return local - Int64(zone.offset(atLocal: local))
    case .days(let zone): return zone.instant(ofWallClock: local)
    case .named(let tz):
      func offset(_ t: Int64) -> Int64 {
        Int64(tz.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t))))
      }
      // The instant lies within a day of `local` read as UTC: the offsets a day either side
      // are those before and after any transition near it.
      let before = offset(local - 86_400)
      let after = offset(local + 86_400)
      if before == after { return local - before }
      switch (offset(local - before) == before, offset(local - after) == after) {
      case (true, true): return local - max(before, after)  // repeated: the first occurrence
      case (false, true): return local - after
      case (true, false), (false, false): return local - before  // skipped: the offset before
      }
    }
  }

  /// Outlook's Windows zone names for the zones people most often meet in (CLDR's mapping,
  /// its territory-001 entries).
  static let windowsNames: [String: String] = [
    "Dateline Standard Time": "Etc/GMT+12", "UTC-11": "Etc/GMT+11",
    "Hawaiian Standard Time": "Pacific/Honolulu", "Alaskan Standard Time": "America/Anchorage",
    "Pacific Standard Time": "America/Los_Angeles",
    "Pacific Standard Time (Mexico)": "America/Tijuana",
    "US Mountain Standard Time": "America/Phoenix", "Mountain Standard Time": "America/Denver",
    "Central America Standard Time": "America/Guatemala",
    "Central Standard Time": "America/Chicago",
    "Central Standard Time (Mexico)": "America/Mexico_City",
    "Canada Central Standard Time": "America/Regina",
    "SA Pacific Standard Time": "America/Bogota", "Eastern Standard Time": "America/New_York",
    "US Eastern Standard Time": "America/Indianapolis",
    "Atlantic Standard Time": "America/Halifax", "SA Western Standard Time": "America/La_Paz",
    "Pacific SA Standard Time": "America/Santiago",
    "Newfoundland Standard Time": "America/St_Johns",
    "E. South America Standard Time": "America/Sao_Paulo",
    "Argentina Standard Time": "America/Buenos_Aires", "UTC": "Etc/UTC",
    "GMT Standard Time": "Europe/London", "Greenwich Standard Time": "Atlantic/Reykjavik",
    "W. Europe Standard Time": "Europe/Berlin", "Central Europe Standard Time": "Europe/Budapest",
    "Romance Standard Time": "Europe/Paris", "Central European Standard Time": "Europe/Warsaw",
    "W. Central Africa Standard Time": "Africa/Lagos", "GTB Standard Time": "Europe/Bucharest",
    "E. Europe Standard Time": "Europe/Chisinau",
    "South Africa Standard Time":
      "Africa/Johannesburg",
    "FLE Standard Time": "Europe/Kiev", "Israel Standard Time": "Asia/Jerusalem",
    "Egypt Standard Time": "Africa/Cairo", "Turkey Standard Time": "Europe/Istanbul",
    "Russian Standard Time": "Europe/Moscow", "Arab Standard Time": "Asia/Riyadh",
    "Arabian Standard Time": "Asia/Dubai", "Iran Standard Time": "Asia/Tehran",
    "Pakistan Standard Time": "Asia/Karachi", "India Standard Time": "Asia/Calcutta",
    "Nepal Standard Time": "Asia/Katmandu", "Bangladesh Standard Time": "Asia/Dhaka",
    "SE Asia Standard Time": "Asia/Bangkok", "China Standard Time": "Asia/Shanghai",
    "Singapore Standard Time": "Asia/Singapore", "Taipei Standard Time": "Asia/Taipei",
    "W. Australia Standard Time": "Australia/Perth", "Tokyo Standard Time": "Asia/Tokyo",
    "Korea Standard Time": "Asia/Seoul", "AUS Central Standard Time": "Australia/Darwin",
    "Cen. Australia Standard Time": "Australia/Adelaide",
    "E. Australia Standard Time": "Australia/Brisbane",
    "AUS Eastern Standard Time": "Australia/Sydney",
    "New Zealand Standard Time": "Pacific/Auckland",
  ]

  /// An IANA zone named by `tzid`, directly, as the tail of a prefixed id, or by Windows name.
  static func known(_ tzid: String) -> TimeZone? {
    let id = tzid.trimmingCharacters(in: .whitespaces)
    guard !id.isEmpty else { return nil }
    if let tz = TimeZone(identifier: id) { return tz }
    let parts = id.split(separator: "/")
    if parts.count > 1 {
      for k in stride(from: min(3, parts.count - 1), through: 1, by: -1) {
        if let tz = TimeZone(identifier: parts.suffix(k).joined(separator: "/")) { return tz }
      }
    }
    if let iana = windowsNames[id], let tz = TimeZone(identifier: iana) { return tz }
    return nil
  }
}

// MARK: - Recurrence rules

/// A parsed RRULE.
struct _RecurrenceRule {
  enum Frequency { case daily, weekly, monthly, yearly }
  var frequency: Frequency
  var interval = 1
  var count: Int?
  var until: _CalendarTime?
  /// (ordinal or 0, weekday 0 = Monday).
  var byDay: [(Int, Int)] = []
  var byMonthDay: [Int] = []
  var byMonth: [Int] = []
  var bySetPos: [Int] = []
  var weekStart = 0
  /// Parts this reader does not expand (they make the series keep its first occurrence).
  var unsupported: [String] = []

  static let weekdays = ["MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6]

  /// Parses `FREQ=…;…`; returns a message for a malformed rule.
  static func parse(
    _ text: String, zone: _Zone, years: ClosedRange<Int> = _CalendarTime.eventYears
  ) -> Result<_RecurrenceRule, _RuleError> {
    var frequency: Frequency?
    var rule = _RecurrenceRule(frequency: .daily)
    for part in text.split(separator: ";", omittingEmptySubsequences: true) {
      let kv = part.split(separator: "=", maxSplits: 1)
      guard kv.count == 2 else { return .failure(_RuleError("RRULE: malformed part")) }
      let key = kv[0].uppercased().trimmingCharacters(in: .whitespaces)
      let value = kv[1].trimmingCharacters(in: .whitespaces)
      let items = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      func ints(_ range: ClosedRange<Int>) -> [Int]? {
        var out: [Int] = []
        for item in items {
          guard let v = Int(item), range.contains(v), v != 0 else { return nil }
          out.append(v)
        }
        return out
      }
      switch key {
      case "FREQ":
        switch value.uppercased() {
        case "DAILY": frequency = .daily
        case "WEEKLY": frequency = .weekly
        case "MONTHLY": frequency = .monthly
        case "YEARLY": frequency = .yearly
        case "HOURLY", "MINUTELY", "SECONDLY":
          frequency = .daily
          rule.unsupported.append("FREQ=\(value.uppercased())")
        default: return .failure(_RuleError("RRULE: unknown FREQ"))
        }
      case "INTERVAL":
        guard let v = Int(value), v >= 1, v <= 10_000 else {
          return .failure(_RuleError("RRULE: INTERVAL is not a positive number"))
        }
        rule.interval = v
      case "COUNT":
        guard let v = Int(value), v >= 1 else {
          return .failure(_RuleError("RRULE: COUNT is not a positive number"))
        }
        rule.count = v
      case "UNTIL":
        guard let t = _CalendarTime.parse(value, zone: zone, forceDate: false, years: years)
        else {
          return .failure(_RuleError("RRULE: UNTIL is not a date"))
        }
        rule.until = t
      case "BYDAY":
        for item in items {
          let upper = item.uppercased()
          guard upper.count >= 2, let wd = weekdays[String(upper.suffix(2))] else {
            return .failure(_RuleError("RRULE: BYDAY has an unknown weekday"))
          }
          let prefix = upper.dropLast(2)
          var ordinal = 0
          if !prefix.isEmpty {
            guard let o = Int(prefix.hasPrefix("+") ? String(prefix.dropFirst()) : String(prefix)),
              o != 0, abs(o) <= 53
            else { return .failure(_RuleError("RRULE: BYDAY has a bad ordinal")) }
            ordinal = o
          }
          rule.byDay.append((ordinal, wd))
        }
      case "BYMONTHDAY":
        guard let v = ints(-31...31) else {
          return .failure(_RuleError("RRULE: BYMONTHDAY out of range"))
        }
        rule.byMonthDay = v
      case "BYMONTH":
        guard let v = ints(1...12) else {
          return .failure(_RuleError("RRULE: BYMONTH out of range"))
        }
        rule.byMonth = v
      case "BYSETPOS":
        guard let v = ints(-366...366) else {
          return .failure(_RuleError("RRULE: BYSETPOS out of range"))
        }
        rule.bySetPos = v
      case "WKST":
        guard let wd = weekdays[value.uppercased()] else {
          return .failure(_RuleError("RRULE: WKST is not a weekday"))
        }
        rule.weekStart = wd
      case "BYHOUR", "BYMINUTE", "BYSECOND", "BYWEEKNO", "BYYEARDAY":
        rule.unsupported.append(key)
      default:
        if !key.hasPrefix("X-") { rule.unsupported.append(key) }
      }
    }
    guard let f = frequency else { return .failure(_RuleError("RRULE: FREQ is missing")) }
    rule.frequency = f
    return .success(rule)
  }

  static func weekday(ofDay day: Int) -> Int { ((day % 7) + 7 + 3) % 7 }

  /// Candidate days of the month `y`-`m` under BYMONTHDAY/BYDAY, or `fallbackDay`.
  func monthDays(year y: Int, month m: Int, fallbackDay: Int, ordinalsInMonth: Bool) -> [Int] {
    let first = KithTime.daysFromCivil(year: y, month: m, day: 1)
    let length = KithTime.daysInMonth(year: y, month: m)
    var byMD: Set<Int>?
    if !byMonthDay.isEmpty {
      var s = Set<Int>()
      for v in byMonthDay {
        let dom = v > 0 ? v : length + 1 + v
        if dom >= 1 && dom <= length { s.insert(first + dom - 1) }
      }
      byMD = s
    }
    var byD: Set<Int>?
    if !byDay.isEmpty {
      var s = Set<Int>()
      for (ordinal, wd) in byDay {
        let offset = (wd - _RecurrenceRule.weekday(ofDay: first) + 7) % 7
        let all = Array(stride(from: first + offset, to: first + length, by: 7))
        if ordinal == 0 || !ordinalsInMonth {
          s.formUnion(all)
        } else if ordinal > 0, ordinal <= all.count {
          s.insert(all[ordinal - 1])
        } else if ordinal < 0, -ordinal <= all.count {
          s.insert(all[all.count + ordinal])
        }
      }
      byD = s
    }
    switch (byMD, byD) {
    case (let a?, let b?): return a.intersection(b).sorted()
    case (let a?, nil): return a.sorted()
    case (nil, let b?): return b.sorted()
    case (nil, nil):
      return fallbackDay <= length ? [first + fallbackDay - 1] : []
    }
  }

  /// The candidate days of the period that contains `anchor` (a day number), sorted.
  func candidates(period: Int, startDay: Int) -> [Int] {
    let (sy, sm, sd) = KithTime.civilFromDays(startDay)
    var days: [Int]
    switch frequency {
    case .daily:
      let day = startDay + period * interval
      let (_, m, dom) = KithTime.civilFromDays(day)
      let length = KithTime.daysInMonth(year: KithTime.civilFromDays(day).0, month: m)
      if !byMonth.isEmpty && !byMonth.contains(m) { return [] }
      if !byMonthDay.isEmpty
        && !byMonthDay.contains(where: { ($0 > 0 ? $0 : length + 1 + $0) == dom })
      {
        return []
      }
      if !byDay.isEmpty && !byDay.contains(where: { $0.1 == _RecurrenceRule.weekday(ofDay: day) }) {
        return []
      }
      days = [day]
    case .weekly:
      let weekOf = startDay - (_RecurrenceRule.weekday(ofDay: startDay) - weekStart + 7) % 7
      let week = weekOf + period * interval * 7
      let wanted = byDay.isEmpty ? [_RecurrenceRule.weekday(ofDay: startDay)] : byDay.map { $0.1 }
      days = Set(wanted.map { week + ($0 - weekStart + 7) % 7 }).sorted()
      if !byMonth.isEmpty {
        days = days.filter { byMonth.contains(KithTime.civilFromDays($0).1) }
      }
    case .monthly:
      let index = sm - 1 + period * interval
      let y = sy + index / 12
      let m = index % 12 + 1
      if !byMonth.isEmpty && !byMonth.contains(m) { return [] }
      days = monthDays(year: y, month: m, fallbackDay: sd, ordinalsInMonth: true)
    case .yearly:
      let y = sy + period * interval
      if byMonth.isEmpty && !byDay.isEmpty && byDay.contains(where: { $0.0 != 0 })
        && byMonthDay.isEmpty
      {
        // Ordinal weekdays within the whole year ("20MO").
        let first = KithTime.daysFromCivil(year: y, month: 1, day: 1)
        let next = KithTime.daysFromCivil(year: y + 1, month: 1, day: 1)
        var s = Set<Int>()
        for (ordinal, wd) in byDay {
          let offset = (wd - _RecurrenceRule.weekday(ofDay: first) + 7) % 7
          let all = Array(stride(from: first + offset, to: next, by: 7))
          if ordinal == 0 {
            s.formUnion(all)
          } else if ordinal > 0, ordinal <= all.count {
            s.insert(all[ordinal - 1])
          } else if ordinal < 0, -ordinal <= all.count {
            s.insert(all[all.count + ordinal])
          }
        }
        days = s.sorted()
      } else {
        let months = byMonth.isEmpty ? [sm] : byMonth.sorted()
        days = months.flatMap {
          monthDays(year: y, month: $0, fallbackDay: sd, ordinalsInMonth: true)
        }
      }
    }
    if !bySetPos.isEmpty && !days.isEmpty {
      var picked = Set<Int>()
      for p in bySetPos {
        if p > 0, p <= days.count { picked.insert(days[p - 1]) }
        if p < 0, -p <= days.count { picked.insert(days[days.count + p]) }
      }
      days = picked.sorted()
    }
    return days
  }
}

struct _RuleError: Error {
  var message: String
  init(_ message: String) { self.message = message }
}

// MARK: - The parser

struct _CalendarParser {
  let path: String
  let until: Int64
  var result = ParsedCalendar()
  /// VTIMEZONE blocks of the file, by TZID.
  var fileZones: [String: _FileZone] = [:]
  var floatingZone: _Zone = .days(KithTime.zone)

  init(path: String, until: Int64) {
    self.path = path
    self.until = until
  }

  func error(_ line: Int, _ message: String) -> ImportError {
    ImportError(
      path: path, location: SourceLocation(path: path, line: line, column: 1), message: message)
  }

  /// Unfolds lines on bytes; yields (bytes, first physical line).
  static func logicalLines(_ bytes: [UInt8]) -> [(ArraySlice<UInt8>, Int)] {
    var lines: [(ArraySlice<UInt8>, Int)] = []
    var current: [UInt8] = []
    var currentLine = 0
    var physical = 0
    var start = 0
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
    var i = start
    let n = bytes.count
    while i <= n {
      var j = i
      while j < n, bytes[j] != 0x0A { j += 1 }
      physical += 1
      var lineEnd = j
      if lineEnd > i, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
      let content = bytes[i..<lineEnd]
      if let first = content.first, first == 0x20 || first == 0x09, currentLine > 0 {
        current.append(contentsOf: content.dropFirst())
      } else {
        if currentLine > 0 { lines.append((current[...], currentLine)) }
        current = Array(content)
        currentLine = physical
      }
      if j >= n { break }
      i = j + 1
    }
    if currentLine > 0 { lines.append((current[...], currentLine)) }
    return lines
  }

  mutating func run(_ bytes: [UInt8]) throws(ImportError) {
    var stack: [_Component] = []
    var calendars: [_Component] = []
    var sawContent = false
    for (raw, line) in Self.logicalLines(bytes) {
      if raw.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
      // A line that is not UTF-8 is read as Windows-1252 (Latin-1 calendars), unless it is
      // plainly in another encoding (Shift_JIS), which would become other characters.
      if raw.contains(where: { $0 >= 0x80 }), String(validating: raw, as: UTF8.self) == nil,
        let foreign = ImportText.foreign(raw, line: line, path: path, format: "an iCalendar file")
      {
        throw foreign
      }
      guard let content = _ContentLine(raw, line: line) else {
        guard sawContent else {
          throw error(line, "not an iCalendar file (it should begin with BEGIN:VCALENDAR)")
        }
        if let top = stack.last, top.malformedLine == nil { top.malformedLine = line }
        continue
      }
      if !sawContent {
        guard content.name == "BEGIN", content.value.uppercased() == "VCALENDAR" else {
          throw error(line, "not an iCalendar file (it should begin with BEGIN:VCALENDAR)")
        }
        sawContent = true
      }
      switch content.name {
      case "BEGIN":
        let name = content.value.trimmingCharacters(in: .whitespaces).uppercased()
        let component = _Component(name: name, line: line)
        if let parent = stack.last {
          parent.children.append(component)
        } else if name == "VCALENDAR" {
          calendars.append(component)
        } else {
          throw error(line, "BEGIN:\(name) outside a VCALENDAR")
        }
        guard stack.count < 32 else { throw error(line, "components nested too deeply") }
        stack.append(component)
      case "END":
        let name = content.value.trimmingCharacters(in: .whitespaces).uppercased()
        guard let top = stack.last else {
          throw error(line, "END:\(name) closes nothing")
        }
        guard top.name == name else {
          throw error(line, "END:\(name) does not close BEGIN:\(top.name) of line \(top.line)")
        }
        stack.removeLast()
      default:
        if let top = stack.last {
          top.properties.append(content)
        } else {
          throw error(line, "\(content.name) outside a VCALENDAR")
        }
      }
    }
    guard sawContent else { throw ImportError(path: path, message: "the file is empty") }
    if let open = stack.last {
      throw error(open.line, "BEGIN:\(open.name) is never closed (the file may be truncated)")
    }
    for calendar in calendars { read(calendar) }
  }

  mutating func read(_ calendar: _Component) {
    if calendar.first("METHOD")?.value.uppercased() == "CANCEL" {
      result.cancelled += calendar.children.filter { $0.name == "VEVENT" }.count
      return
    }
    floatingZone = .days(KithTime.zone)
    if let name = calendar.first("X-WR-TIMEZONE")?.value, let tz = _Zone.known(name) {
      floatingZone = .named(tz)
    }
    for block in calendar.children where block.name == "VTIMEZONE" {
      guard let id = block.first("TZID")?.value else { continue }
      switch _VTimeZone.read(block) {
      case .rules(let zone): fileZones[id] = _FileZone(zone: .rules(zone))
      case .standardOffset(let offset, let reason, let line):
        fileZones[id] = _FileZone(
          zone: .fixed(offset),
          warning: error(
            line,
            "VTIMEZONE TZID=\(id): \(reason); its standard offset, \(Self.formatOffset(offset)), is used all year"
          ))
      case .unusable: continue
      }
    }
    // Group by UID: a series and its overrides are read together.
    var order: [String] = []
    var masters: [String: _EventDraft] = [:]
    var overrides: [String: [_EventDraft]] = [:]
    for component in calendar.children where component.name == "VEVENT" {
      switch draft(component) {
      case .failure(let e): result.rejected.append(e)
      case .success(let d):
        result.uids.insert(d.uid)
        if masters[d.uid] == nil && overrides[d.uid] == nil { order.append(d.uid) }
        if d.recurrenceID != nil {
          overrides[d.uid, default: []].append(d)
        } else if masters[d.uid] == nil {
          masters[d.uid] = d
        } else {
          // The same UID twice without RECURRENCE-ID: the later (higher SEQUENCE) wins.
          if let old = masters[d.uid], d.sequence >= old.sequence { masters[d.uid] = d }
        }
      }
    }
    for uid in order {
      if let master = masters[uid] { result.revisions[uid] = master.revision }
      expand(master: masters[uid], overrides: overrides[uid] ?? [])
    }
    // A zone read with its standard offset all year is worth a warning once events use it.
    for zone in fileZones.values.sorted(by: { $0.line < $1.line }) where zone.used {
      if let w = zone.warning, !zone.warned {
        result.warnings.append(w)
        zone.warned = true
      }
    }
  }

  /// `+0530`, `-0800`, `+013015`.
  static func formatOffset(_ seconds: Int) -> String {
    let v = abs(seconds)
    let hm = (seconds < 0 ? "-" : "+") + String(format: "%02d%02d", v / 3600, v / 60 % 60)
    return v % 60 == 0 ? hm : hm + String(format: "%02d", v % 60)
  }

  static func parseOffset(_ text: String) -> Int? {
    let b = Array(text.trimmingCharacters(in: .whitespaces).utf8)
    guard b.count == 5 || b.count == 7, b[0] == 0x2B || b[0] == 0x2D,
      b.dropFirst().allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
    else { return nil }
    let d = b.dropFirst().map { Int($0 - 0x30) }
    var v = (d[0] * 10 + d[1]) * 3600 + (d[2] * 10 + d[3]) * 60
    if d.count == 6 { v += d[4] * 10 + d[5] }
    guard v < 86_400 else { return nil }
    return b[0] == 0x2D ? -v : v
  }

  func zone(of property: _ContentLine) -> Result<_Zone, ImportError> {
    guard let tzid = property.parameter("TZID") else { return .success(floatingZone) }
    if let tz = _Zone.known(tzid) { return .success(.named(tz)) }
    if let file = fileZones[tzid] {
      file.used = true
      return .success(file.zone)
    }
    return .failure(error(property.line, "\(property.name): unknown time zone TZID=\(tzid)"))
  }

  func time(_ property: _ContentLine, value: String? = nil) -> Result<_CalendarTime, ImportError> {
    let zone: _Zone
    switch self.zone(of: property) {
    case .success(let z): zone = z
    case .failure(let e): return .failure(e)
    }
    let isDate = property.parameter("VALUE")?.uppercased() == "DATE"
    guard
      let t = _CalendarTime.parse(
        (value ?? property.value).trimmingCharacters(in: .whitespaces), zone: zone,
        forceDate: isDate)
    else {
      return .failure(
        error(property.line, "\(property.name): not a date or date-time (YYYYMMDD[THHMMSS[Z]])"))
    }
    return .success(t)
  }

  func person(_ property: _ContentLine) -> CalendarPerson? {
    // Foundation's string calls only where the text needs them: a calendar of 20k events
    // names about 100k attendees, and on ASCII the byte checks give the same answers.
    var email: String?
    let value = TextKey.trimmed(property.value, in: .whitespaces)
    if Self.hasMailtoPrefix(value) {
      let address = TextKey.trimmed(String(value.dropFirst(7)), in: .whitespaces)
      if address.utf8.contains(UInt8(ascii: "@")) {
        email =
          address.utf8.contains(UInt8(ascii: "%"))
          ? address.removingPercentEncoding ?? address : address
      }
    }
    if email == nil, let e = property.parameter("EMAIL"), e.contains("@") {
      email = TextKey.trimmed(e, in: .whitespaces)
    }
    var name = property.parameter("CN").map(TextKey.trimmed)
    if let n = name, n.isEmpty || Self.sameIgnoringCase(n, email ?? "") {
      name = nil
    }
    if email == nil && name == nil { return nil }
    return CalendarPerson(email: email, name: name)
  }

  /// Whether `email` is a calendar's rather than a person's: Google Calendar organises events
  /// of shared, resource and imported calendars as `…@group.calendar.google.com`,
  /// `…@resource.calendar.google.com`, `…@import.calendar.google.com`, and events it cannot
  /// attribute as `unknownorganizer@calendar.google.com`.
  static func isCalendarAddress(_ email: String?) -> Bool {
    guard let email, let at = email.utf8.lastIndex(of: UInt8(ascii: "@")) else { return false }
    let domain = email.utf8[email.utf8.index(after: at)...].map { $0 | 0x20 }
    let google = Array("calendar.google.com".utf8)
    return domain.elementsEqual(google)
      || (domain.count > google.count
        && domain.suffix(google.count + 1).elementsEqual([0x2E] + google))
  }

  /// Whether `text` starts with `mailto:` in any case.
  static func hasMailtoPrefix(_ text: String) -> Bool {
    let utf8 = text.utf8
    guard let first = utf8.first, first | 0x20 == UInt8(ascii: "m") else { return false }
    // ASCII up to the byte after the colon (no combining mark on it): the bytes decide.
    if utf8.prefix(8).allSatisfy({ $0 < 0x80 }) {
      return utf8.count >= 7 && utf8.prefix(6).map({ $0 | 0x20 }).elementsEqual("mailto".utf8)
        && utf8.dropFirst(6).first == UInt8(ascii: ":")
    }
    return text.lowercased().hasPrefix("mailto:")
  }

  /// `a.caseInsensitiveCompare(b) == .orderedSame`, on the bytes when both are ASCII.
  static func sameIgnoringCase(_ a: String, _ b: String) -> Bool {
    if a.utf8.allSatisfy({ $0 < 0x80 }) && b.utf8.allSatisfy({ $0 < 0x80 }) {
      @inline(__always) func lower(_ c: UInt8) -> UInt8 {
        c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z") ? c | 0x20 : c
      }
      return a.utf8.count == b.utf8.count && a.utf8.map(lower).elementsEqual(b.utf8.map(lower))
    }
    return a.caseInsensitiveCompare(b) == .orderedSame
  }

  func draft(_ c: _Component) -> Result<_EventDraft, ImportError> {
    if let bad = c.malformedLine {
      return .failure(error(bad, "not a content line (NAME[;PARAM=VALUE]:value)"))
    }
    guard let startProperty = c.first("DTSTART") else {
      return .failure(error(c.line, "VEVENT without DTSTART"))
    }
    let start: _CalendarTime
    switch time(startProperty) {
    case .success(let t): start = t
    case .failure(let e): return .failure(e)
    }
    var d = _EventDraft(uid: "", line: c.line, start: start)
    d.summary = c.first("SUMMARY").map { _ContentLine.unescapeText($0.value) }
    d.cancelled =
      c.first("STATUS")?.value.trimmingCharacters(in: .whitespaces).uppercased()
      == "CANCELLED"
    d.sequence =
      c.first("SEQUENCE").flatMap { Int($0.value.trimmingCharacters(in: .whitespaces)) }
      ?? 0
    // Dates of the revision only: one that cannot be read leaves the event undated.
    if let p = c.first("LAST-MODIFIED"), case .success(let t) = time(p) { d.modified = t.instant }
    if let p = c.first("DTSTAMP"), case .success(let t) = time(p) { d.stamp = t.instant }
    let organizer = c.first("ORGANIZER").flatMap(person)
    if let organizer, !Self.isCalendarAddress(organizer.email) { d.organizer = organizer }
    var seen = Set<String>()
    for a in c.all("ATTENDEE") {
      if a.parameter("PARTSTAT")?.uppercased() == "DECLINED" { continue }
      if a.parameter("ROLE")?.uppercased() == "NON-PARTICIPANT" { continue }
      if let cutype = a.parameter("CUTYPE")?.uppercased(),
        cutype == "RESOURCE" || cutype == "ROOM" || cutype == "GROUP"
      {
        continue
      }
      guard let p = person(a), !Self.isCalendarAddress(p.email) else { continue }
      let key = p.email?.lowercased() ?? "name:" + (p.name ?? "")
      if seen.insert(key).inserted { d.attendees.append(p) }
    }
    if let uid = c.first("UID")?.value.trimmingCharacters(in: .whitespaces), !uid.isEmpty {
      d.uid = uid
    } else {
      d.uid =
        "kith-"
        + _Charsets.fnv1a([
          startProperty.value, d.summary ?? "", organizer?.email ?? "",
        ])
    }
    if let r = c.first("RECURRENCE-ID") {
      switch time(r) {
      case .success(let t): d.recurrenceID = t
      case .failure(let e): return .failure(e)
      }
      d.thisAndFuture = r.parameter("RANGE")?.uppercased() == "THISANDFUTURE"
    }
    if let r = c.first("RRULE") {
      switch _RecurrenceRule.parse(r.value, zone: start.zone) {
      case .success(let rule):
        d.rule = rule
        d.ruleLine = r.line
      case .failure(let e): return .failure(error(r.line, e.message))
      }
    }
    for property in c.all("EXDATE") + c.all("RDATE") {
      if property.parameter("VALUE")?.uppercased() == "PERIOD" { continue }
      for value in property.value.split(separator: ",") {
        switch time(property, value: String(value)) {
        case .success(let t):
          if property.name == "EXDATE" {
            if t.isDate { d.excludedDays.insert(t.day) } else { d.excluded.insert(t.instant) }
          } else {
            d.extra.append(t)
          }
        case .failure(let e): return .failure(e)
        }
      }
    }
    return .success(d)
  }

  func location(_ line: Int) -> SourceLocation { SourceLocation(path: path, line: line, column: 1) }

  mutating func emit(_ d: _EventDraft, sourceID: String, start: Int64, allDay: Bool) {
    // An occurrence an override shaped has the override's version (a cancelled one too).
    if d.recurrenceID != nil { result.revisions[sourceID] = d.revision }
    if d.cancelled {
      result.cancelled += 1
      return
    }
    if start > until {
      result.future += 1
      return
    }
    result.events.append(
      ParsedEvent(
        sourceID: sourceID, uid: d.uid, start: start, allDay: allDay, summary: d.summary,
        organizer: d.organizer, attendees: d.attendees, location: location(d.line)))
  }

  mutating func expand(master: _EventDraft?, overrides: [_EventDraft]) {
    guard let m = master else {
      // Overrides of a series this file does not hold (an invitation to one occurrence).
      for o in overrides {
        guard let r = o.recurrenceID else { continue }
        emit(o, sourceID: o.uid + "/" + r.idForm, start: o.start.instant, allDay: o.start.isDate)
      }
      return
    }
    guard m.rule != nil || !m.extra.isEmpty || !overrides.isEmpty else {
      emit(m, sourceID: m.uid, start: m.start.instant, allDay: m.start.isDate)
      return
    }
    // Overrides by the occurrence they replace; of two for the same one, the later revision
    // (higher SEQUENCE, else the later in the file) wins.
    var byInstant: [Int64: _EventDraft] = [:]
    for o in overrides {
      if let r = o.recurrenceID, byInstant[r.instant].map({ o.sequence >= $0.sequence }) ?? true {
        byInstant[r.instant] = o
      }
    }
    // RANGE=THISANDFUTURE overrides, by the occurrence they start from: each shapes the later
    // occurrences that have no override of their own, until the next one.
    let ranges = byInstant.values.filter(\.thisAndFuture).sorted {
      ($0.recurrenceID?.instant ?? 0) < ($1.recurrenceID?.instant ?? 0)
    }
    var occurrences = occurrenceTimes(m)
    let known = Set(occurrences.map { $0.instant })
    // Overrides whose RECURRENCE-ID the rule does not produce still happened (RDATE-like).
    for (instant, o) in byInstant where !known.contains(instant) {
      if let r = o.recurrenceID { occurrences.append(r) }
    }
    occurrences.sort { $0.instant < $1.instant }
    for t in occurrences {
      let id = m.uid + "/" + t.idForm
      if let o = byInstant[t.instant] {
        emit(o, sourceID: id, start: o.start.instant, allDay: o.start.isDate)
      } else {
        if m.excluded.contains(t.instant) || m.excludedDays.contains(t.day) { continue }
        if let o = ranges.last(where: { ($0.recurrenceID?.instant ?? .max) < t.instant }),
          let r = o.recurrenceID
        {
          // The occurrence moves by as much as the one the range starts from.
          emit(
            o, sourceID: id, start: t.instant + (o.start.instant - r.instant),
            allDay: o.start.isDate)
        } else {
          emit(m, sourceID: id, start: t.instant, allDay: t.isDate)
        }
      }
    }
  }

  /// The series' occurrence start times: DTSTART, the rule's occurrences and RDATEs (before
  /// EXDATE, which COUNT does not see), up to the import date.
  mutating func occurrenceTimes(_ m: _EventDraft) -> [_CalendarTime] {
    var out: [_CalendarTime] = [m.start]
    for t in m.extra where t.instant != m.start.instant && t.instant <= until { out.append(t) }
    guard let rule = m.rule else { return out }
    if !rule.unsupported.isEmpty {
      result.warnings.append(
        error(
          m.ruleLine,
          "RRULE: \(rule.unsupported.joined(separator: ", ")) not supported; only the first occurrence is imported"
        ))
      return out
    }
    var produced = 1
    let startDay = m.start.day
    let maxPeriods = 200_000
    var period = 0
    outer: while period < maxPeriods {
      let days = rule.candidates(period: period, startDay: startDay)
      period += 1
      for day in days where day > startDay {
        if let c = rule.count, produced >= c { break outer }
        if produced >= ICalendarReader.occurrenceLimit { break outer }
        let t = _CalendarTime(
          day: day, secondOfDay: m.start.secondOfDay, isDate: m.start.isDate, zone: m.start.zone)
        if let u = rule.until {
          if u.isDate || m.start.isDate {
            if day > u.day { break outer }
          } else if t.instant > u.instant {
            break outer
          }
        }
        let instant = t.instant
        if instant > until || day > 84_000 {
          break outer
        }
        produced += 1
        out.append(t)
      }
      // Periods with no candidates (e.g. the 31st in short months) still advance; stop once
      // the period itself is past the import date.
      if days.isEmpty {
        let probe: Int
        switch rule.frequency {
        case .daily: probe = startDay + period * rule.interval
        case .weekly: probe = startDay + period * rule.interval * 7 - 7
        case .monthly: probe = startDay + (period - 1) * rule.interval * 28
        case .yearly: probe = startDay + (period - 1) * rule.interval * 365
        }
        if Int64(probe) * 86_400 > until + 86_400 * 2 || probe > 84_000 { break }
      }
    }
    return out
  }
}

/// A VTIMEZONE block as events use it.
final class _FileZone {
  let zone: _Zone
  /// Why the block's rules could not be read, when they could not.
  let warning: ImportError?
  var used = false
  var warned = false

  var line: Int { warning?.location?.line ?? 0 }

  init(zone: _Zone, warning: ImportError? = nil) {
    self.zone = zone
    self.warning = warning
  }
}

/// A VEVENT read but not yet expanded.
struct _EventDraft {
  var uid: String
  var line: Int
  var start: _CalendarTime
  var summary: String?
  var organizer: CalendarPerson?
  var attendees: [CalendarPerson] = []
  var cancelled = false
  var sequence = 0
  /// LAST-MODIFIED and DTSTAMP, in seconds since the epoch.
  var modified: Int64?
  var stamp: Int64?
  var recurrenceID: _CalendarTime?
  /// `RECURRENCE-ID;RANGE=THISANDFUTURE`: the override applies to later occurrences too.
  var thisAndFuture = false
  var rule: _RecurrenceRule?
  var ruleLine = 0
  var excluded = Set<Int64>()
  var excludedDays = Set<Int>()
  var extra: [_CalendarTime] = []

  var revision: SourceRevision {
    SourceRevision(sequence: sequence, modified: modified, stamp: stamp)
  }
}
