import Foundation
import KithDemo
import KithGraph
import Testing

@Suite("DayZone")
struct DayZoneTests {
  static func zone(_ id: String) throws -> DayZone { try #require(DayZone(identifier: id)) }

  /// Seconds of an ISO 8601 text with an explicit offset (independent of any zone).
  static func at(_ text: String) throws -> Int64 {
    try #require(KithTime.parseSeconds(text, in: .utc))
  }

  @Test("UTC: days are 86,400-second blocks from the epoch, times marked UTC")
  func utc() throws {
    let z = DayZone.utc
    #expect(z.isUTC && z.identifier == "UTC")
    #expect(z.day(ofSeconds: 0) == 0 && z.day(ofSeconds: -1) == -1 && z.day(ofSeconds: 86_399) == 0)
    #expect(z.startOfDay(20_000) == 20_000 * 86_400)
    let t = try Self.at("2025-11-23T23:00:00Z")
    #expect(
      KithTime.formatHuman(Date(timeIntervalSince1970: Double(t)), in: z) == "2025-11-23 23:00 UTC")
  }

  @Test("Tokyo: an 08:00 meeting is on its own day, at 08:00, unmarked")
  func tokyo() throws {
    let z = try Self.zone("Asia/Tokyo")
    #expect(!z.isUTC)
    let breakfast = try Self.at("2025-11-24T08:00:00+09:00")
    #expect(KithTime.formatDay(seconds: breakfast, in: z) == "2025-11-24")
    #expect(KithTime.formatDay(seconds: breakfast, in: .utc) == "2025-11-23")
    #expect(
      KithTime.formatHuman(Date(timeIntervalSince1970: Double(breakfast)), in: z)
        == "2025-11-24 08:00")
    // A date is the start of that day there; a time without an offset is a time there.
    #expect(
      KithTime.parseSeconds("2025-11-24", in: z) == (try Self.at("2025-11-24T00:00:00+09:00")))
    #expect(KithTime.parseSeconds("2025-11-24T08:00", in: z) == breakfast)
    #expect(KithTime.parseSeconds("2025-11-24T08:00Z", in: z) == breakfast + 9 * 3600)
    // Midnight there prints as the day alone; 00:00 UTC (09:00 there) does not.
    let midnight = try #require(KithTime.parseSeconds("2025-11-24", in: z))
    #expect(
      KithTime.formatHuman(Date(timeIntervalSince1970: Double(midnight)), in: z) == "2025-11-24")
    let nine = try Self.at("2025-11-24T00:00:00Z")
    #expect(
      KithTime.formatHuman(Date(timeIntervalSince1970: Double(nine)), in: z) == "2025-11-24 09:00")
    #expect(z.isStartOfDay(midnight) && !z.isStartOfDay(nine))
  }

  @Test("New York: a spring-forward night's skipped time, a fall-back night's repeated one")
  func newYork() throws {
    let z = try Self.zone("America/New_York")
    // 2025-03-09: 02:00 EST becomes 03:00 EDT; 02:30 does not exist and is read at -05:00.
    #expect(
      KithTime.parseSeconds("2025-03-09T02:30", in: z) == (try Self.at("2025-03-09T07:30:00Z")))
    #expect(
      KithTime.parseSeconds("2025-03-09T03:30", in: z) == (try Self.at("2025-03-09T07:30:00Z")))
    #expect(
      KithTime.parseSeconds("2025-03-09T01:30", in: z) == (try Self.at("2025-03-09T06:30:00Z")))
    // 2025-11-02: 02:00 EDT becomes 01:00 EST; 01:30 happens twice, and is the first.
    #expect(
      KithTime.parseSeconds("2025-11-02T01:30", in: z) == (try Self.at("2025-11-02T05:30:00Z")))
    #expect(
      KithTime.parseSeconds("2025-11-02T02:30", in: z) == (try Self.at("2025-11-02T07:30:00Z")))
    // How many instants each wall-clock time names.
    func wall(_ text: String) throws -> Int64 {
      try #require(KithTime.parseSeconds(text, in: .utc))
    }
    #expect(z.occurrences(ofWallClock: try wall("2025-03-09T02:30")) == .none)
    #expect(z.occurrences(ofWallClock: try wall("2025-03-09T03:00")) == .one)
    #expect(z.occurrences(ofWallClock: try wall("2025-11-02T01:30")) == .two)
    #expect(z.occurrences(ofWallClock: try wall("2025-11-02T02:00")) == .one)
    #expect(z.occurrences(ofWallClock: try wall("2025-07-01T02:30")) == .one)
    #expect(DayZone.utc.occurrences(ofWallClock: try wall("2025-03-09T02:30")) == .one)
    // A 23-hour and a 25-hour day.
    let march9 = KithTime.daysFromCivil(year: 2025, month: 3, day: 9)
    #expect(z.startOfDay(Int64(march9) + 1) - z.startOfDay(Int64(march9)) == 23 * 3600)
    let november2 = KithTime.daysFromCivil(year: 2025, month: 11, day: 2)
    #expect(z.startOfDay(Int64(november2) + 1) - z.startOfDay(Int64(november2)) == 25 * 3600)
    // An evening call is on that evening's day, not the next (as in UTC).
    let call = try Self.at("2025-07-01T20:30:00-04:00")
    #expect(KithTime.formatDay(seconds: call, in: z) == "2025-07-01")
    #expect(KithTime.formatDay(seconds: call, in: .utc) == "2025-07-02")
  }

  @Test(
    "offsets and days agree with Foundation's TimeZone at seeded random instants",
    arguments: [
      "Asia/Tokyo", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kolkata",
    ])
  func agreesWithFoundation(id: String) throws {
    let z = try Self.zone(id)
    let tz = try #require(TimeZone(identifier: id))
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = tz
    var rng = SeededGenerator(seed: 20_261_129)
    for _ in 0..<2_000 {
      // 1950…2100
      let s = Int64(rng.next() % 4_733_510_400) - 631_152_000
      let date = Date(timeIntervalSince1970: Double(s))
      #expect(z.offset(at: s) == Int64(tz.secondsFromGMT(for: date)), "\(id) at \(s)")
      let parts = calendar.dateComponents([.year, .month, .day], from: date)
      let day = KithTime.daysFromCivil(
        year: try #require(parts.year), month: try #require(parts.month),
        day: try #require(parts.day))
      #expect(z.day(ofSeconds: s) == Int64(day), "\(id) at \(s)")
      // The start of that day is the first instant whose day it is.
      let start = z.startOfDay(Int64(day))
      #expect(
        start <= s && z.day(ofSeconds: start) == Int64(day)
          && z.day(ofSeconds: start - 1) == Int64(day) - 1)
    }
  }

  @Test("a contact's days of contact are the days of its zone")
  func rhythmDays() throws {
    let z = try Self.zone("Asia/Tokyo")
    // Four breakfasts at 08:00 in Tokyo, a week apart: four days there, 7-day gaps. In UTC
    // they are on four other days, also a week apart; but an 08:00 and a 10:00 meeting the
    // same morning in Tokyo are one day there and two in UTC.
    var times: [Int64] = []
    for week in 0..<4 {
      times.append(try Self.at("2025-11-03T08:00:00+09:00") + Int64(week) * 7 * 86_400)
    }
    times.append(times[3] + 2 * 3600)
    let tokyo = ContactRhythm(times, zone: z)
    let utc = ContactRhythm(times, zone: .utc)
    #expect(tokyo.days == 4 && tokyo.medianGapDays == 7)
    #expect(utc.days == 5 && utc.medianGapDays == 7)
  }
}
