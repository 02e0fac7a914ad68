import Foundation
import KithGraph

/// A time zone as a VTIMEZONE block defines it (RFC 5545 §3.6.5), for the TZIDs that name no
/// zone Kith knows (Outlook's "Customized Time Zone", "(UTC+01:00) Amsterdam, Berlin, …").
///
/// Each STANDARD or DAYLIGHT observance switches the zone to its `TZOFFSETTO` at its onsets:
/// its DTSTART, the occurrences of its yearly RRULE (BYMONTH with an n-th or last weekday, or
/// BYMONTHDAY; INTERVAL, UNTIL, COUNT) and its RDATEs, all written in the local time in force
/// before the onset (`TZOFFSETFROM`; a value with `Z` is UTC).
///
/// - A local time takes the `TZOFFSETTO` of the latest onset at or before it.
/// - Before the first onset, the `TZOFFSETFROM` of the observance with that onset holds.
/// - At a transition, as RFC 5545 §3.3.5 says for every zone: a local time the clocks skip
///   (spring forward) is read with the offset before the gap, so 02:30 on that day is 03:30 of
///   the new time; a local time they repeat (fall back) is its first occurrence, in the offset
///   before the change.
/// - Two onsets at the same local time (a STANDARD and a DAYLIGHT part both from 1601-01-01,
///   neither with a rule): the STANDARD one is taken as the later, so its offset holds.
///
/// - Complexity: the first lookup computes the onsets of every year from the first onset's to
///   the one looked up, O(y·k) for y years and k observances (a few hundred years from
///   Outlook's 1601); later lookups are O(1) amortised — one dictionary lookup per year and a
///   scan of two years' onsets.
final class _VTimeZone {
  /// One STANDARD or DAYLIGHT sub-component.
  struct Observance {
    var isStandard: Bool
    var offsetFrom: Int
    var offsetTo: Int
    /// DTSTART, local (in `offsetFrom`) seconds since the epoch.
    var start: Int64
    var startDay: Int
    var startYear: Int
    var secondOfDay: Int
    var rule: _RecurrenceRule?
    /// The last day COUNT lets the rule produce.
    var lastRuleDay = Int.max
    /// RDATEs (local seconds) by their year.
    var extra: [Int: [Int64]] = [:]

    /// The local time from which `offsetTo` holds for an onset at local time `onset`: after
    /// the skipped hour when clocks go forward, at the onset itself (after the repeated hour)
    /// when they go back.
    func threshold(_ onset: Int64) -> Int64 { onset + Int64(max(0, offsetTo - offsetFrom)) }
  }

  /// A switch to `offset` at the local time `onset`, for local times from `threshold` on.
  struct Onset {
    var onset: Int64
    var threshold: Int64
    var offset: Int
    var isStandard: Bool

    /// Onsets in time order; at the same moment, STANDARD last.
    static func inOrder(_ a: Onset, _ b: Onset) -> Bool {
      (a.onset, a.isStandard ? 1 : 0) < (b.onset, b.isStandard ? 1 : 0)
    }
  }

  /// The onsets of one year (by the day of the onset), in time order, and the offset in force
  /// once they are past.
  struct Year {
    var onsets: [Onset]
    var offsetAfter: Int
  }

  /// What a VTIMEZONE block yields.
  enum Reading {
    case rules(_VTimeZone)
    /// The rules cannot be read: the standard offset holds all year, rather than the import
    /// failing; `reason` and `line` say what could not be read.
    case standardOffset(Int, reason: String, line: Int)
    /// No offset at all: the TZID stays undefined and events that use it are rejected.
    case unusable
  }

  let observances: [Observance]
  /// The year of the first onset; local times before it take `initialOffset`.
  let firstYear: Int
  let initialOffset: Int
  /// Onsets by year, filled lazily from `firstYear` on.
  private var years: [Int: Year] = [:]

  /// The years a VTIMEZONE may use: Outlook starts its rules in 1601.
  static let yearRange = 1...9999

  init?(_ observances: [Observance]) {
    var first: (onset: Int64, observance: Observance)?
    for o in observances {
      let earliest = min(o.start, o.extra.values.lazy.compactMap { $0.min() }.min() ?? o.start)
      if let f = first,
        (f.onset, f.observance.isStandard ? 1 : 0) <= (earliest, o.isStandard ? 1 : 0)
      {
        continue
      }
      first = (earliest, o)
    }
    guard let first else { return nil }
    self.observances = observances
    firstYear = Self.year(ofLocal: first.onset)
    initialOffset = first.observance.offsetFrom
  }

  static func year(ofLocal local: Int64) -> Int {
    KithTime.civilFromDays(Int(DayZone.utc.day(ofSeconds: local))).0
  }

  /// The UTC offset, in seconds, that applies to the local time `local` (seconds since the
  /// epoch of the wall-clock reading).
  func offset(atLocal local: Int64) -> Int {
    let y = Self.year(ofLocal: local)
    guard y >= firstYear else { return initialOffset }
    // The latest onset in force; one late on 31 December may take effect on 1 January, so the
    // year before counts too. Both years' onsets are in time order.
    var latest: Onset?
    for year in (y - 1)...y where year >= firstYear {
      for onset in table(year).onsets where onset.threshold <= local { latest = onset }
    }
    if let latest { return latest.offset }
    return y - 2 >= firstYear ? table(y - 2).offsetAfter : initialOffset
  }

  /// The onsets of `year`, computing those of the years before it that are still missing.
  private func table(_ year: Int) -> Year {
    if let t = years[year] { return t }
    var from = year
    while from > firstYear, years[from - 1] == nil { from -= 1 }
    var carried = from > firstYear ? years[from - 1]?.offsetAfter ?? initialOffset : initialOffset
    var last = Year(onsets: [], offsetAfter: carried)
    for y in from...year {
      let onsets = self.onsets(in: y)
      last = Year(onsets: onsets, offsetAfter: onsets.last?.offset ?? carried)
      years[y] = last
      carried = last.offsetAfter
    }
    return last
  }

  /// The onsets whose day falls in `year`, in time order.
  private func onsets(in year: Int) -> [Onset] {
    var out: [Onset] = []
    for o in observances {
      func add(_ local: Int64) {
        out.append(
          Onset(
            onset: local, threshold: o.threshold(local), offset: o.offsetTo,
            isStandard: o.isStandard))
      }
      if o.startYear == year { add(o.start) }
      if let rule = o.rule, year >= o.startYear, (year - o.startYear) % rule.interval == 0 {
        let days = rule.candidates(
          period: (year - o.startYear) / rule.interval, startDay: o.startDay)
        for day in days where day > o.startDay && day <= o.lastRuleDay {
          let local = Int64(day) * 86_400 + Int64(o.secondOfDay)
          if let u = rule.until {
            // RFC 5545 wants UNTIL in UTC here; a date, or a local time, is read as written.
            if u.isDate ? day > u.day : local - Int64(o.offsetFrom) > u.instant { break }
          }
          add(local)
        }
      }
      for local in o.extra[year] ?? [] { add(local) }
    }
    out.sort(by: Onset.inOrder)
    return out
  }

  /// Reads a VTIMEZONE block.
  ///
  /// Every STANDARD and DAYLIGHT sub-component must have a DTSTART, a TZOFFSETFROM and a
  /// TZOFFSETTO, and any RRULE must be yearly with parts Kith expands; otherwise the block
  /// falls back to its standard offset all year (the first STANDARD's TZOFFSETTO, else the
  /// first one written), and without any TZOFFSETTO it is unusable.
  static func read(_ block: _Component) -> Reading {
    let sub = block.children.filter { $0.name == "STANDARD" || $0.name == "DAYLIGHT" }
    let standardFirst = block.children.filter { $0.name == "STANDARD" } + block.children
    guard
      let standard = standardFirst.lazy.compactMap({
        $0.first("TZOFFSETTO").flatMap { _CalendarParser.parseOffset($0.value) }
      }).first
    else { return .unusable }
    guard !sub.isEmpty else {
      return .standardOffset(standard, reason: "no STANDARD or DAYLIGHT part", line: block.line)
    }
    var observances: [Observance] = []
    for part in sub {
      switch observance(part) {
      case .success(let o): observances.append(o)
      case .failure(let e):
        return .standardOffset(standard, reason: "\(part.name): \(e.message)", line: e.line)
      }
    }
    guard let zone = _VTimeZone(observances) else {
      return .standardOffset(standard, reason: "no onset", line: block.line)
    }
    return .rules(zone)
  }

  /// Why an observance cannot be read, and where.
  struct Unreadable: Error {
    var message: String
    var line: Int
  }

  static func observance(_ part: _Component) -> Result<Observance, Unreadable> {
    func offset(_ name: String) -> Result<Int, Unreadable> {
      guard let p = part.first(name) else {
        return .failure(Unreadable(message: "\(name) is missing", line: part.line))
      }
      guard let v = _CalendarParser.parseOffset(p.value) else {
        return .failure(Unreadable(message: "\(name) is not an offset (±HHMM)", line: p.line))
      }
      return .success(v)
    }
    let from: Int
    let to: Int
    switch (offset("TZOFFSETFROM"), offset("TZOFFSETTO")) {
    case (.failure(let e), _), (_, .failure(let e)): return .failure(e)
    case (.success(let f), .success(let t)):
      from = f
      to = t
    }
    /// A local time as written, or a UTC one moved into `from`; a date starts at midnight.
    func local(_ text: some StringProtocol) -> Int64? {
      guard
        let t = _CalendarTime.parse(
          text.trimmingCharacters(in: .whitespaces), zone: .fixed(from), forceDate: false,
          years: yearRange)
      else { return nil }
      return t.isDate ? Int64(t.day) * 86_400 : t.instant + Int64(from)
    }
    guard let startProperty = part.first("DTSTART") else {
      return .failure(Unreadable(message: "DTSTART is missing", line: part.line))
    }
    guard let start = local(startProperty.value) else {
      return .failure(
        Unreadable(message: "DTSTART is not a date or date-time", line: startProperty.line))
    }
    let startDay = Int(DayZone.utc.day(ofSeconds: start))  // a wall-clock time
    var o = Observance(
      isStandard: part.name == "STANDARD", offsetFrom: from, offsetTo: to, start: start,
      startDay: startDay, startYear: KithTime.civilFromDays(startDay).0,
      secondOfDay: Int(start - Int64(startDay) * 86_400))
    if let r = part.first("RRULE") {
      let rule: _RecurrenceRule
      switch _RecurrenceRule.parse(r.value, zone: .fixed(from), years: yearRange) {
      case .failure(let e): return .failure(Unreadable(message: e.message, line: r.line))
      case .success(let parsed): rule = parsed
      }
      guard rule.unsupported.isEmpty else {
        return .failure(
          Unreadable(
            message: "RRULE: \(rule.unsupported.joined(separator: ", ")) not supported",
            line: r.line))
      }
      guard rule.frequency == .yearly else {
        return .failure(Unreadable(message: "RRULE: only FREQ=YEARLY is read here", line: r.line))
      }
      o.rule = rule
      if let count = rule.count { o.lastRuleDay = lastDay(of: rule, count: count, o) }
    }
    for p in part.all("RDATE") {
      for value in p.value.split(separator: ",") {
        // A PERIOD starts at its first half.
        guard let first = value.split(separator: "/").first, let t = local(first) else {
          return .failure(Unreadable(message: "RDATE is not a date or date-time", line: p.line))
        }
        o.extra[year(ofLocal: t), default: []].append(t)
      }
    }
    return .success(o)
  }

  /// The day of the rule's `count`-th occurrence (DTSTART is the first), or `Int.max` when
  /// the years a calendar can hold do not reach it.
  static func lastDay(of rule: _RecurrenceRule, count: Int, _ o: Observance) -> Int {
    var produced = 1
    var last = o.startDay
    var period = 0
    while produced < count {
      guard o.startYear + period * rule.interval <= _CalendarTime.eventYears.upperBound + 1 else {
        return Int.max
      }
      for day in rule.candidates(period: period, startDay: o.startDay) where day > o.startDay {
        produced += 1
        last = day
        if produced == count { break }
      }
      period += 1
    }
    return last
  }
}
