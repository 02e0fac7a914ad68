import KithGraph

/// A birthday as contact files write it, read the one way for every importer.
///
/// Kept as `YYYY-MM-DD`, or `--MM-DD` without the year: from those forms (any year: Apple
/// writes 1604 for a birthday without one, kept as `--MM-DD`), vCard's `YYYYMMDD` and
/// `--MMDD`, and the dates `ImportDates` reads ("5 Dec 1990"). A slashed or dotted date whose
/// order is unknown (`5/12/1990`, `12.05.1990`) is kept as written when it is a day in one of
/// the two orders. All zeros (`0/0/00`, Outlook's "no birthday") is no birthday; an impossible
/// day (`31.02.1990`, `1990-13-01`) is a bad record. Other text is kept as written.
enum _Birthday: Equatable {
  case none
  case day(String)
  case bad

  /// The year Apple writes for a birthday without one.
  static let appleNoYear = 1604

  init(_ text: String) {
    let v = _Text.trimmed(text)
    guard !v.isEmpty,
      v.contains(where: { $0.isASCII && $0.isNumber && $0 != "0" })
        || !v.contains(where: { $0.isASCII && $0.isNumber })
    else {
      self = .none
      return
    }
    // The date before a time (vCard 4's `19531015T231000Z`).
    let datePart = v.split(separator: "T").first.map(String.init) ?? v
    let digits = datePart.filter { $0.isASCII && $0.isNumber }
    let dashed = datePart.allSatisfy { ($0.isASCII && $0.isNumber) || $0 == "-" }
    let numbers = datePart.split(whereSeparator: { !($0.isASCII && $0.isNumber) }).compactMap {
      Int($0)
    }
    // A run of ASCII digits as a number (-1, no day, should one not read).
    func int(_ s: Substring) -> Int { Int(s) ?? -1 }
    if dashed, datePart.hasPrefix("--") {
      // --MM-DD or --MMDD.
      let md = digits.count == 4 ? [int(digits.prefix(2)), int(digits.suffix(2))] : numbers
      self =
        md.count == 2 && Self.isDay(2000, md[0], md[1]) ? .day(Self.monthDay(md[0], md[1])) : .bad
      return
    }
    if dashed, digits.count == 8, numbers.count == 1 || numbers.count == 3 {
      // YYYY-MM-DD or YYYYMMDD.
      let y = int(digits.prefix(4))
      let m = int(digits.dropFirst(4).prefix(2))
      let d = int(digits.suffix(2))
      guard Self.isDay(y, m, d) else {
        self = .bad
        return
      }
      self = .day(
        y == Self.appleNoYear
          ? Self.monthDay(m, d) : "\(digits.prefix(4))-\(Self.two(m))-\(Self.two(d))")
      return
    }
    if numbers.count == 3,
      datePart.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == "/" || $0 == "." })
    {
      // Day and month in an order the file does not say: a day in either is kept as written.
      let y = numbers[2] < 100 ? 1900 + numbers[2] : numbers[2]
      self =
        Self.isDay(y, numbers[1], numbers[0]) || Self.isDay(y, numbers[0], numbers[1])
        ? .day(v) : .bad
      return
    }
    if let date = ImportDates.parse(v) {
      self = .day(KithTime.formatDay(date))
      return
    }
    self = .day(v)
  }

  /// The birthday as kept, if it is one.
  var day: String? {
    if case .day(let day) = self { return day }
    return nil
  }

  static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
  static func monthDay(_ m: Int, _ d: Int) -> String { "--\(two(m))-\(two(d))" }

  /// Whether month `m`, day `d` of year `y` is a day (29 February in leap years only; a
  /// birthday without a year is checked in 2000, a leap year).
  static func isDay(_ y: Int, _ m: Int, _ d: Int) -> Bool {
    (1...12).contains(m) && d >= 1 && d <= KithTime.daysInMonth(year: y, month: m)
  }
}
