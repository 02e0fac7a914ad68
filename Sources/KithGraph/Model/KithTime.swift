import Foundation

/// Parsing and formatting of the dates Kith accepts and prints.
///
/// Accepted: `YYYY-MM-DD` (the start of that day in ``zone``) and ISO 8601 date-times
/// `YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM|±HHMM)`; a date-time without an offset is a
/// wall-clock time in ``zone``. Times are kept to the second (fractions are truncated) so that
/// a backup round-trips exactly. Instants outside 1900-01-01T00:00:00Z...2200-01-01T00:00:00Z
/// are rejected as likely typos.
///
/// Days (which day an instant fell on, the days printed, the days of contact a cadence is
/// learned from) are the calendar days of ``zone``; the stable JSON form of an instant
/// (`format(seconds:)`) is UTC.
public enum KithTime {
  /// The zone whose days Kith counts and prints: UTC unless the program sets another, once,
  /// before any work (the `kith` command sets the system's zone). Library code only reads it;
  /// a function that takes a `DayZone` is for callers that need another.
  nonisolated(unsafe) public static var zone: DayZone = .utc

  /// The earliest and latest accepted instants.
  public static let validRange: ClosedRange<Int64> = -2_208_988_800...7_258_118_400

  /// Parses `text`, or returns nil when it is not an accepted date.
  /// - Complexity: O(length of `text`), no allocation.
  public static func parse(_ text: String) -> Date? {
    parseSeconds(text).map { Date(timeIntervalSince1970: TimeInterval($0)) }
  }

  /// Parses `text` to whole seconds since 1970-01-01T00:00:00Z; a date, or a time without an
  /// offset, is read in `zone`.
  public static func parseSeconds(_ text: String, in zone: DayZone = KithTime.zone) -> Int64? {
    var text = text
    return text.withUTF8 { parseSeconds(utf8: $0, in: zone) }
  }

  /// Parses UTF-8 bytes as `parseSeconds(_:)` parses text, for readers that hold bytes; a
  /// date, or a time without an offset, is read in `zone`.
  /// - Complexity: O(`b.count`), no allocation.
  public static func parseSeconds(
    utf8 b: UnsafeBufferPointer<UInt8>, in zone: DayZone = KithTime.zone
  ) -> Int64? {
    var i = 0
    func digits(_ count: Int) -> Int? {
      guard i + count <= b.count else { return nil }
      var v = 0
      for k in 0..<count {
        let c = b[i + k]
        guard c >= 48, c <= 57 else { return nil }
        v = v * 10 + Int(c - 48)
      }
      i += count
      return v
    }
    func expect(_ c: UInt8) -> Bool {
      guard i < b.count, b[i] == c else { return false }
      i += 1
      return true
    }
    guard let y = digits(4), expect(45), let mo = digits(2), expect(45), let d = digits(2) else {
      return nil
    }
    guard (1...12).contains(mo), d >= 1, d <= daysInMonth(year: y, month: mo) else { return nil }
    // Wall-clock seconds until an offset says otherwise.
    var seconds = Int64(daysFromCivil(year: y, month: mo, day: d)) * 86_400
    var offsetGiven = false
    if i < b.count {
      guard b[i] == 84 || b[i] == 116 || b[i] == 32 else { return nil }  // T, t or space
      i += 1
      guard let h = digits(2), expect(58), let mi = digits(2) else { return nil }
      var s = 0
      if expect(58) {
        guard let sv = digits(2) else { return nil }
        s = sv
        if i < b.count, b[i] == 46 || b[i] == 44 {  // fraction: truncated
          i += 1
          let start = i
          while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1 }
          guard i > start else { return nil }
        }
      }
      guard h <= 23, mi <= 59, s <= 60 else { return nil }
      seconds += Int64(h * 3600 + mi * 60 + min(s, 59))
      if i < b.count {
        offsetGiven = true
        if b[i] == 90 || b[i] == 122 {  // Z
          i += 1
        } else if b[i] == 43 || b[i] == 45 {  // + or -
          let sign: Int64 = b[i] == 43 ? 1 : -1
          i += 1
          guard let oh = digits(2) else { return nil }
          _ = expect(58)
          guard let om = digits(2), oh <= 23, om <= 59 else { return nil }
          seconds -= sign * Int64(oh * 3600 + om * 60)
        } else {
          return nil
        }
      }
    }
    guard i == b.count else { return nil }
    if !offsetGiven { seconds = zone.instant(ofWallClock: seconds) }
    guard validRange.contains(seconds) else { return nil }
    return seconds
  }

  /// Formats an instant as `YYYY-MM-DDTHH:MM:SSZ` (the stable JSON form).
  public static func format(_ date: Date) -> String { format(seconds: seconds(date)) }

  /// Formats whole seconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ`.
  public static func format(seconds: Int64) -> String {
    let days = floorDiv(seconds, 86_400)
    let rem = Int(seconds - days * 86_400)
    let (h, mi, s) = (rem / 3600, rem / 60 % 60, rem % 60)
    let (y, m, d) = civilFromDays(Int(days))
    guard (0...9999).contains(y) else {
      return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, h, mi, s)
    }
    // Digit by digit, as `formatDay` (a backup formats a time for every interaction).
    return String(unsafeUninitializedCapacity: 20) { out in
      writeDay(y, m, d, into: out)
      let colon = UInt8(ascii: ":")
      (out[10], out[11], out[12], out[13]) = (
        UInt8(ascii: "T"), digit(h / 10), digit(h % 10), colon
      )
      (out[14], out[15], out[16]) = (digit(mi / 10), digit(mi % 10), colon)
      (out[17], out[18], out[19]) = (digit(s / 10), digit(s % 10), UInt8(ascii: "Z"))
      return 20
    }
  }

  /// Formats whole seconds since the epoch as the wall-clock time in `zone` with its offset,
  /// `YYYY-MM-DDTHH:MM:SS±HH:MM`: the same instant, as people there read it.
  public static func formatWithOffset(seconds: Int64, in zone: DayZone = KithTime.zone) -> String {
    let offset = zone.offset(at: seconds)
    let magnitude = Int(abs(offset))
    let sign = offset < 0 ? "-" : "+"
    let hours = String(magnitude / 3600)
    let minutes = String(magnitude / 60 % 60)
    return String(format(seconds: seconds + offset).dropLast())
      + sign + String(repeating: "0", count: 2 - hours.count) + hours + ":"
      + String(repeating: "0", count: 2 - minutes.count) + minutes
  }

  /// The ASCII digit of 0…9.
  private static func digit(_ v: Int) -> UInt8 { UInt8(ascii: "0") + UInt8(v) }

  /// Writes `YYYY-MM-DD` (a year of 0…9999) into `out[0..<10]`.
  private static func writeDay(
    _ y: Int, _ m: Int, _ d: Int, into out: UnsafeMutableBufferPointer<UInt8>
  ) {
    (out[0], out[1], out[2], out[3]) = (
      digit(y / 1000), digit(y / 100 % 10), digit(y / 10 % 10), digit(y % 10)
    )
    (out[4], out[5], out[6]) = (UInt8(ascii: "-"), digit(m / 10), digit(m % 10))
    (out[7], out[8], out[9]) = (UInt8(ascii: "-"), digit(d / 10), digit(d % 10))
  }

  /// Formats the day of an instant as `YYYY-MM-DD`.
  public static func formatDay(_ date: Date) -> String { formatDay(seconds: seconds(date)) }

  /// Formats the day (in `zone`) of whole seconds since the epoch as `YYYY-MM-DD`.
  public static func formatDay(seconds: Int64, in zone: DayZone = KithTime.zone) -> String {
    let (y, m, d) = civilFromDays(Int(zone.day(ofSeconds: seconds)))
    guard (0...9999).contains(y) else { return String(format: "%04d-%02d-%02d", y, m, d) }
    // Digit by digit: String(format:) costs about a microsecond, and a list of thousands of
    // contacts formats a day for each.
    return String(unsafeUninitializedCapacity: 10) { out in
      writeDay(y, m, d, into: out)
      return 10
    }
  }

  /// Formats day number `day` (days since 1970-01-01) as `YYYY-MM-DD`: a calendar day, the
  /// same in every zone.
  public static func formatCalendarDay(_ day: Int64) -> String {
    formatDay(seconds: day * 86_400, in: .utc)
  }

  /// The day number (days since 1970-01-01) of `YYYY-MM-DD`, or nil for any other text.
  public static func parseCalendarDay(_ text: String) -> Int64? {
    guard text.utf8.count == 10, let seconds = parseSeconds(text, in: .utc) else { return nil }
    return floorDiv(seconds, 86_400)
  }

  /// A human form of a time kept with the day it was entered as, if it was entered as a date
  /// alone (an interaction's `day`): that day, the same in every zone; else the day and the
  /// wall-clock time to the minute in `zone`, 00:00 included (a meeting at midnight is not a
  /// date), marked UTC as `formatHuman(_:in:)` marks it.
  public static func formatHuman(_ date: Date, day: Int64?, in zone: DayZone = KithTime.zone)
    -> String
  {
    if let day { return formatCalendarDay(day) }
    let wall = format(seconds: zone.wallClock(ofSeconds: seconds(date)))
    return String(wall.prefix(16)).replacingOccurrences(of: "T", with: " ")
      + (zone.isUTC ? " UTC" : "")
  }

  /// The day of a record as lists show it: the day entered, for one dated with a date alone
  /// (`day`, the same in every zone), else the day of `seconds` in ``zone``.
  public static func formatDay(seconds: Int64, day: Int64?, in zone: DayZone = KithTime.zone)
    -> String
  {
    formatCalendarDay(calendarDay(seconds: seconds, day: day, in: zone))
  }

  /// `formatDay(seconds:day:)` of a date.
  public static func formatDay(_ date: Date, day: Int64?, in zone: DayZone = KithTime.zone)
    -> String
  {
    formatDay(seconds: seconds(date), day: day, in: zone)
  }

  /// The calendar day of a record: the day entered, for one dated with a date alone, else the
  /// day of `seconds` in ``zone``.
  public static func calendarDay(seconds: Int64, day: Int64?, in zone: DayZone = KithTime.zone)
    -> Int64
  {
    day ?? zone.day(ofSeconds: seconds)
  }

  /// A human form: the day alone at the start of a day in ``zone``, else day and wall-clock
  /// time to the minute there; marked UTC when the zone is UTC (a time typed with an offset,
  /// 10:00+02:00, reads back as 08:00 UTC, not as a wrong 08:00).
  public static func formatHuman(_ date: Date, in zone: DayZone = KithTime.zone) -> String {
    let s = seconds(date)
    return formatHuman(date, day: zone.isStartOfDay(s) ? zone.day(ofSeconds: s) : nil, in: zone)
  }

  /// Whole seconds since the epoch (truncated toward minus infinity).
  public static func seconds(_ date: Date) -> Int64 {
    Int64((date.timeIntervalSince1970).rounded(.down))
  }

  /// The day number (days since 1970-01-01) of the day in ``zone`` that contains `seconds`.
  public static func day(ofSeconds seconds: Int64) -> Int64 { zone.day(ofSeconds: seconds) }

  /// The calendar days in ``zone`` from the day of `earlier` to the day of `later` (negative
  /// when `later` is the earlier): the one count of days that text prints beside, or instead
  /// of, a date ("85 days ago", "today", "in 3 days"), so that it always matches the dates
  /// printed. A contact at 23:00 is one day ago at 01:00 the next morning; elapsed time, which
  /// JSON's fractional `daysSince` keeps, would say 0.08.
  /// - Complexity: O(log z) for z changes of offset in the zone.
  public static func calendarDays(from earlier: Int64, to later: Int64) -> Int {
    Int(day(ofSeconds: later) - day(ofSeconds: earlier))
  }

  /// The instant `days` calendar days after `seconds` in `zone`, at the same wall-clock time: a
  /// week after 00:00 on the day before a change of clocks is 00:00 a week later, 167 or 169
  /// hours on, not 168 (a time a change of clocks skips is read as `DayZone` reads it).
  public static func adding(days: Int64, to seconds: Int64, in zone: DayZone = KithTime.zone)
    -> Int64
  {
    zone.instant(ofWallClock: zone.wallClock(ofSeconds: seconds) + days * 86_400)
  }

  /// The first instant of day number `day` in ``zone``.
  public static func startOfDay(_ day: Int64) -> Int64 { zone.startOfDay(day) }

  /// Whether `seconds` is the first instant of its day in ``zone``: a date with no time.
  public static func isStartOfDay(_ seconds: Int64) -> Bool { zone.isStartOfDay(seconds) }

  @usableFromInline static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
  }

  /// The days of `month` (1–12) in `year` of the proleptic Gregorian calendar.
  public static func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  // Howard Hinnant's civil-date algorithms (http://howardhinnant.github.io/date_algorithms.html).
  /// Days since 1970-01-01 of a proleptic Gregorian date.
  public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  /// The (year, month, day) of a day number (days since 1970-01-01).
  public static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
    let z = z0 + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d)
  }
}
