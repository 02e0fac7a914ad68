import Foundation
import KithGraph

/// Dates in mail headers and mbox `From ` lines, as mailers really write them.
///
/// RFC 5322 (`Tue, 1 Jul 2003 10:52:37 +0200`) and its obsolete forms: two-digit years (below
/// 50 → 20xx, else 19xx) and three-digit years (+1900), named zones (UT, UTC, GMT, Z, the US
/// zones EST/EDT/CST/CDT/MST/MDT/PST/PDT, and common European and Asian abbreviations), military
/// letters (read as +0000, as RFC 5322 advises), missing seconds, missing day of week, a zone
/// comment (`+0000 (UTC)`), `GMT+0100`, `+01:00`; also asctime (`Wed Jan  1 12:00:00 2025`, the
/// mbox `From ` line form), full month and weekday names, ISO 8601 (`2025-01-01T12:00:00Z`), and
/// junk words, which are ignored. A missing time is midnight; a missing zone is UTC.
public enum MailDate {
  static let months: [String: Int] = [
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
  ]

  static let zones: [String: Int] = [
    "ut": 0, "utc": 0, "gmt": 0, "z": 0, "wet": 0, "est": -5 * 60, "edt": -4 * 60,
    "cst": -6 * 60, "cdt": -5 * 60, "mst": -7 * 60, "mdt": -6 * 60, "pst": -8 * 60,
    "pdt": -7 * 60, "akst": -9 * 60, "akdt": -8 * 60, "hst": -10 * 60, "ast": -4 * 60,
    "adt": -3 * 60, "nst": -210, "ndt": -150, "bst": 60, "ist": 60, "cet": 60, "met": 60,
    "mez": 60, "cest": 120, "mest": 120, "mesz": 120, "west": 60, "eet": 120, "eest": 180,
    "msk": 180, "jst": 540, "kst": 540, "hkt": 480, "sgt": 480, "awst": 480, "acst": 570,
    "aest": 600, "aedt": 660, "nzst": 720, "nzdt": 780,
  ]

  /// Parses `text` to seconds since 1970-01-01T00:00:00Z, or nil when it holds no date.
  /// - Complexity: O(length of `text`).
  public static func parse(_ text: String) -> Int64? {
    // Comments are dropped first: "(PST)", "(added by postmaster@…)".
    var cleaned = String.UnicodeScalarView()
    var depth = 0
    for c in text.unicodeScalars {
      if c == "(" {
        depth += 1
      } else if c == ")" {
        depth = max(0, depth - 1)
      } else if depth == 0 {
        cleaned.append(c == "," ? " " : c)
      }
    }
    let tokens = String(cleaned).split(whereSeparator: {
      $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n"
    })
    if tokens.count == 1, let iso = KithTime.parseSeconds(String(tokens[0])) { return iso }
    var day: Int?
    var month: Int?
    var year: Int?
    var hour = 0
    var minute = 0
    var second = 0
    var sawTime = false
    var offset: Int?  // minutes east of UTC
    for token in tokens {
      let t = token.lowercased()
      if let m = months[String(t.prefix(4))] ?? months[String(t.prefix(3))],
        t.first?.isLetter == true,
        month == nil, isMonthName(t)
      {
        month = m
        continue
      }
      if t.contains(":"), !sawTime, let parsed = time(t) {
        (hour, minute, second) = (parsed.0, parsed.1, parsed.2)
        if let z = parsed.3 { offset = z }
        sawTime = true
        continue
      }
      if t.contains("-"), t.first?.isNumber == true, t.count >= 8, let ymd = isoDay(t) {
        (year, month, day) = (ymd.0, ymd.1, ymd.2)
        continue
      }
      if let z = zone(t) {
        if offset == nil { offset = z }
        continue
      }
      if t.allSatisfy({ $0.isASCII && $0.isNumber }) {
        guard let v = Int(t) else { continue }
        if day == nil, t.count <= 2, v >= 1, v <= 31, year == nil || month != nil {
          day = v
        } else if year == nil {
          switch t.count {
          case 1, 2: year = v < 50 ? 2000 + v : 1900 + v
          case 3: year = 1900 + v
          case 4: year = v
          default: continue
          }
        }
        continue
      }
      // Anything else (weekday names, "at", stray words) is junk and ignored.
    }
    guard let d = day, let m = month, let y = year, y >= 1900, y <= 2200,
      d <= KithTime.daysInMonth(year: y, month: m)
    else { return nil }
    let days = Int64(KithTime.daysFromCivil(year: y, month: m, day: d))
    let seconds =
      days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64((offset ?? 0) * 60)
    guard KithTime.validRange.contains(seconds) else { return nil }
    return seconds
  }

  static func isMonthName(_ t: String) -> Bool {
    let full = [
      "january", "february", "march", "april", "may", "june", "july", "august", "september",
      "october", "november", "december",
    ]
    let word = t.hasSuffix(".") ? String(t.dropLast()) : t
    if word.count == 3 || word == "sept" { return months[word] != nil }
    return full.contains(word)
  }

  /// `HH:MM[:SS[.fff]]`, optionally followed by a zone (`10:00:00+0100`, `10:00Z`).
  static func time(_ t: String) -> (Int, Int, Int, Int?)? {
    let b = Array(t.utf8)
    var i = 0
    func number(max: Int) -> Int? {
      let start = i
      var v = 0
      while i < b.count, b[i] >= 0x30, b[i] <= 0x39, i - start < max {
        v = v * 10 + Int(b[i] - 0x30)
        i += 1
      }
      return i > start ? v : nil
    }
    guard let h = number(max: 2), i < b.count, b[i] == 0x3A else { return nil }
    i += 1
    guard let m = number(max: 2) else { return nil }
    var s = 0
    if i < b.count, b[i] == 0x3A {
      i += 1
      guard let sv = number(max: 2) else { return nil }
      s = sv
      if i < b.count, b[i] == 0x2E || b[i] == 0x2C {
        i += 1
        while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
      }
    }
    guard h <= 23, m <= 59, s <= 60 else { return nil }
    var zoneMinutes: Int?
    if i < b.count {
      guard let z = zone(String(decoding: b[i...], as: UTF8.self)) else { return nil }
      zoneMinutes = z
    }
    return (h, m, min(s, 59), zoneMinutes)
  }

  /// A zone token: `+hhmm`, `-hhmm`, `+hh:mm`, `+hh`, a name, `GMT+0100`, `UTC-5`, a military
  /// letter. Minutes east of UTC.
  static func zone(_ t: String) -> Int? {
    if let z = zones[t] { return z }
    if t.count == 1, let c = t.first, c.isLetter, c != "j" { return 0 }  // military zones
    var s = Substring(t)
    for prefix in ["gmt", "utc", "ut"] where s.hasPrefix(prefix) {
      s = s.dropFirst(prefix.count)
      break
    }
    guard let sign = s.first, sign == "+" || sign == "-" else { return nil }
    let digits = s.dropFirst().filter { $0 != ":" }
    guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
      let v = Int(digits)
    else { return nil }
    let (h, m) = digits.count <= 2 ? (v, 0) : (v / 100, v % 100)
    guard h <= 14, m <= 59 else { return nil }
    return (sign == "-" ? -1 : 1) * (h * 60 + m)
  }

  /// `YYYY-MM-DD`, possibly followed by `T…` (then the whole token is tried as ISO 8601).
  static func isoDay(_ t: String) -> (Int, Int, Int)? {
    let parts = t.prefix(10).split(separator: "-")
    guard parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]),
      let d = Int(parts[2]), (1...12).contains(m), d >= 1, d <= 31
    else { return nil }
    return (y, m, d)
  }
}
