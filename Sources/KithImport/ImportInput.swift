import Foundation
import KithGraph

/// What format detection looks at: the path, whether it is a folder, and the first bytes.
public struct FileSniff: Sendable {
  public var path: String
  public var isDirectory: Bool
  /// Up to the first 64 KiB (empty for a folder).
  public var head: Data
  /// The file name's extension, lower-cased (`vcf`, `csv`, `zip`…).
  public var pathExtension: String

  public init(path: String) throws(ImportError) {
    self.path = path
    var directory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &directory) else {
      throw ImportError(path: path, message: "no such file", isMissingFile: true)
    }
    isDirectory = directory.boolValue
    pathExtension = (path as NSString).pathExtension.lowercased()
    if isDirectory {
      head = Data()
    } else {
      guard let handle = FileHandle(forReadingAtPath: path) else {
        throw ImportError(path: path, message: "cannot read the file", isMissingFile: true)
      }
      defer { try? handle.close() }
      head = (try? handle.read(upToCount: 65_536)) ?? Data()
      // A UTF-16 file (with its byte-order mark) is sniffed as the UTF-8 it is read as.
      if let text = ImportText.utf8(fromUTF16: head.prefix(head.count & ~1)) { head = text }
    }
  }

  /// The head as text (invalid UTF-8 replaced), for header checks.
  public var text: String { String(decoding: head, as: UTF8.self) }

  /// Whether the head looks like binary data (NUL bytes) rather than text.
  public var looksBinary: Bool { head.prefix(8192).contains(0) }
}

/// Reading input files as text, with the checks every importer needs.
public enum ImportText {
  /// Reads `path` as text: UTF-16 with a byte-order mark (as Windows and some address books
  /// save "Unicode" files), else UTF-8 (a byte-order mark skipped), and a line that is not
  /// valid UTF-8 in Windows-1252, which old address-book exports and Excel on Western Windows
  /// use (a file may mix them: cards appended from two exports).
  /// - Throws: `ImportError` for a missing, empty or binary file; `format` names what was
  ///   expected ("a vCard file"). At its line, for a line in neither UTF-8 nor Windows-1252
  ///   (Shift_JIS, as Excel saves CSV on Japanese Windows): read as Windows-1252, it would be
  ///   other characters.
  public static func read(path: String, format: String) throws(ImportError) -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ImportError(path: path, message: "cannot read the file", isMissingFile: true)
    }
    return try decode(data, path: path, format: format)
  }

  /// Decodes file bytes as `read(path:format:)` does.
  public static func decode(_ data: Data, path: String, format: String) throws(ImportError)
    -> String
  {
    var data = data
    if let utf16 = utf8(fromUTF16: data) {
      data = utf16
    } else if data.prefix(8192).contains(0) {
      // Text with a NUL in every other byte is UTF-16 without its byte-order mark.
      let halves = data.prefix(8192).enumerated().filter { $0.element == 0 }
      let unicode =
        halves.count * 3 > min(data.count, 8192)
        && (halves.allSatisfy { $0.offset % 2 == 0 } || halves.allSatisfy { $0.offset % 2 == 1 })
      throw ImportError(
        path: path,
        message: unicode
          ? "UTF-16 text without a byte-order mark, not \(format); convert it to UTF-8 first (iconv -f UTF-16LE -t UTF-8, or UTF-16BE)"
          : "a binary file, not \(format)")
    }
    if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
      throw ImportError(path: path, message: "the file is empty; expected \(format)")
    }
    if let text = String(data: data, encoding: .utf8) {
      return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }
    // Line by line: valid UTF-8 stays UTF-8, the rest is read as Windows-1252 unless it is
    // plainly in another encoding, which Windows-1252 would turn into other characters.
    var text = ""
    text.reserveCapacity(data.count)
    for (k, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
      if !text.isEmpty || line.startIndex != data.startIndex { text.append("\n") }
      if String(validating: line, as: UTF8.self) == nil,
        let error = foreign(line, line: k + 1, path: path, format: format)
      {
        throw error
      }
      text += _Charsets.decodeUndeclared(line)
    }
    return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
  }

  /// The error for line `line` of a file, a line that is not UTF-8, when it is not Windows-1252
  /// text either (`_Charsets.foreignEncoding(_:)`): which encoding it looks like, and how to
  /// make the file UTF-8. Nil for a line that reads as Windows-1252.
  static func foreign<C: Collection<UInt8>>(
    _ bytes: C, line: Int, path: String, format: String
  ) -> ImportError? {
    guard let encoding = _Charsets.foreignEncoding(bytes) else { return nil }
    let spreadsheet = format.contains("CSV") ? " (in Excel, Save As › CSV UTF-8)" : ""
    let looks =
      encoding.isEmpty
      ? "it is in another encoding, such as GBK, Big5, EUC-KR or Windows-1251"
      : "it looks like \(encoding)"
    let convert =
      encoding == "Shift_JIS"
      ? "iconv -f CP932 -t UTF-8 FILE > NEW" : "iconv -f ENCODING -t UTF-8 FILE > NEW"
    return ImportError(
      path: path, location: SourceLocation(path: path, line: line, column: 1),
      message:
        "this line is not UTF-8 (\(looks)); save the file as UTF-8\(spreadsheet) or convert it (\(convert)), then import that"
    )
  }

  /// `data` converted to UTF-8 when it is UTF-16 with a byte-order mark (little- or
  /// big-endian); nil otherwise, or when it is not valid UTF-16.
  public static func utf8(fromUTF16 data: Data) -> Data? {
    let encoding: String.Encoding
    if data.starts(with: [0xFF, 0xFE]) {
      encoding = .utf16LittleEndian
    } else if data.starts(with: [0xFE, 0xFF]) {
      encoding = .utf16BigEndian
    } else {
      return nil
    }
    guard let text = String(data: data.dropFirst(2), encoding: encoding) else { return nil }
    return Data(text.utf8)
  }
}

/// A CSV file whose columns are found by name in a header line.
struct _CSVTable {
  let path: String
  let header: CSVRecord
  let names: [String]
  let rows: ArraySlice<CSVRecord>

  /// Finds the header: the first record holding every name in `required` (each a list of
  /// aliases), compared case-insensitively; rows are the records after it. Records before it
  /// (a preamble such as LinkedIn's "Notes:") are ignored.
  init?(_ records: [CSVRecord], path: String, required: [[String]]) {
    self.path = path
    for (i, record) in records.enumerated() {
      let names = record.fields.map(_CSVTable.normalise)
      if required.allSatisfy({ aliases in aliases.contains(where: names.contains) }) {
        header = record
        self.names = names
        rows = records[(i + 1)...]
        return
      }
    }
    return nil
  }

  static func normalise(_ name: String) -> String {
    name.trimmingCharacters(in: .whitespaces).lowercased()
      .replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
  }

  /// The index of the first column named by one of `aliases`.
  func column(_ aliases: [String]) -> Int? {
    for alias in aliases { if let i = names.firstIndex(of: alias) { return i } }
    return nil
  }

  /// The trimmed field of `record` in column `index`, nil when absent or blank.
  func field(_ record: CSVRecord, _ index: Int?) -> String? {
    guard let index, index < record.fields.count else { return nil }
    let value = _Text.trimmed(record.fields[index])
    return value.isEmpty ? nil : value
  }

  /// The location of column `index` of `record` (1-based column of the field's first
  /// character, counting the raw field lengths).
  func location(_ record: CSVRecord, _ index: Int? = nil) -> SourceLocation {
    let column =
      index.map { i in record.fields.prefix(i).reduce(1) { $0 + $1.unicodeScalars.count + 1 } }
      ?? 1
    return SourceLocation(path: path, line: record.line, column: column)
  }

  /// What an optional column of a row holds: nothing or a value (`.value`), or text that is
  /// not a value (`.invalid`, already recorded as a problem).
  enum Parsed<Value> {
    case value(Value?)
    case invalid
  }

  /// Reads the optional column `index` of `record` with `parse`. Text that does not parse is
  /// recorded in `batch` as a problem at the field, "'TEXT' is not `expected`", and the
  /// caller skips the row.
  func parse<Value>(
    _ record: CSVRecord, _ index: Int?, into batch: inout ImportBatch, expected: String,
    _ parse: (String) -> Value?
  ) -> Parsed<Value> {
    guard let text = field(record, index) else { return .value(nil) }
    guard let value = parse(text) else {
      batch.problems.append(
        .record(
          at: location(record, index), field: name(index ?? 0), "'\(text)' is not \(expected)"))
      return .invalid
    }
    return .value(value)
  }

  /// The problem with a row that has text beyond the header's columns (a field with a comma
  /// that was not quoted, a shifted row): which column it belongs to is unknown, so the row
  /// is not read. Empty fields after the last column (a trailing comma) are no problem.
  func extraFields(_ record: CSVRecord) -> ImportError? {
    let columns = header.fields.count
    guard record.fields.count > columns,
      let first = record.fields[columns...].firstIndex(where: { !_Text.trimmed($0).isEmpty })
    else { return nil }
    return fieldCountProblem(record, at: location(record, first))
  }

  /// The problem with a row of a file whose every row has the header's fields, as a program
  /// writes it (LinkedIn's exports): one with fewer fields was cut or edited, and which of its
  /// fields is which is unknown, so the row is not read; one with more is `extraFields(_:)`'s.
  func wrongFieldCount(_ record: CSVRecord) -> ImportError? {
    let columns = header.fields.count
    guard record.fields.count < columns else { return extraFields(record) }
    return fieldCountProblem(record, at: location(record))
  }

  /// "3 fields, but the header names 7 columns" at `location`: a problem with the row as a
  /// whole, so no field is named before it.
  private func fieldCountProblem(_ record: CSVRecord, at location: SourceLocation) -> ImportError {
    let fields = record.fields.count
    let columns = header.fields.count
    return ImportError(
      path: path, location: location,
      message:
        "\(fields) field\(fields == 1 ? "" : "s"), but the header names \(columns) column\(columns == 1 ? "" : "s")"
    )
  }

  /// Counts `record` in `batch` when it has fewer fields than the header: it is read with the
  /// missing fields empty, and the file's short rows are reported together.
  func countIfShort(_ record: CSVRecord, in batch: inout ImportBatch) {
    if record.fields.count < header.fields.count {
      batch.countShortRow(at: location(record), columns: header.fields.count)
    }
  }

  /// The header name of column `index`, as written.
  func name(_ index: Int) -> String {
    index < header.fields.count ? header.fields[index].trimmingCharacters(in: .whitespaces) : "?"
  }
}

/// The order of day and month in a date of three numbers separated by `/` (`05/06/2025`).
public enum DateOrder: String, Sendable, CaseIterable {
  /// Day first, as most of the world writes it: `31/05/2025`.
  case dmy
  /// Month first, as the United States writes it (and LinkedIn exports): `05/31/2025`.
  case mdy
}

/// The date forms found in exports, beyond ISO 8601.
public enum ImportDates {
  static let months = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
  ]

  /// What `parse(_:slashed:)` reads, for error messages: with `order` nil, slashed dates are
  /// read only when one of their first two numbers is over 12.
  public static func expected(slashed order: DateOrder?) -> String {
    let slashed =
      switch order {
      case .dmy: "DD/MM/YYYY"
      case .mdy: "MM/DD/YYYY"
      case nil: "DD/MM/YYYY or MM/DD/YYYY when the day is over 12"
      }
    return "YYYY-MM-DD, ISO 8601, 5 Dec 2025 or \(slashed)"
  }

  /// The error for a slashed date that reads as two days when the order is not known.
  public static func ambiguity(_ text: String) -> String? {
    guard parse(text, slashed: nil) == nil, let dmy = parse(text, slashed: .dmy),
      let mdy = parse(text, slashed: .mdy), dmy != mdy
    else { return nil }
    let day = { (d: Date) in KithTime.formatDay(d) }
    return
      "'\(text)' could be \(day(dmy)) (day first) or \(day(mdy)) (month first): \(ambiguityAdvice)"
  }

  /// How `ambiguity(_:)` ends: what to do when the file does not show the order.
  static let ambiguityAdvice = "say which with --date-order dmy or mdy"

  /// The order a date shows by its numbers alone (`31/05/2025`: day first), or nil for a
  /// date that reads the same either way, or not at all.
  static func orderShown(by text: String) -> DateOrder? {
    guard parse(text, slashed: nil) != nil else { return nil }
    switch (parse(text, slashed: .dmy), parse(text, slashed: .mdy)) {
    case (.some, nil): return .dmy
    case (nil, .some): return .mdy
    default: return nil
    }
  }

  /// Parses `YYYY-MM-DD` and ISO 8601 date-times (as `KithTime`), `YYYY-MM-DD HH:MM:SS UTC`,
  /// `05 Dec 2025` / `Dec 5, 2025`, and slashed `1/8/18`, `1/8/2018`, with an optional
  /// `, 6:14 PM` or ` 18:14`; two-digit years are 19xx above 69. Times without a zone are UTC.
  /// Slashed dates are read in `slashed` order (month first by default, as LinkedIn writes
  /// them); with `slashed` nil, only when the order is plain from the numbers (one of the
  /// first two is over 12), so that a day and a month are never swapped unseen.
  /// Returns nil for anything else.
  /// - Complexity: O(length of `text`).
  public static func parse(_ text: String, slashed order: DateOrder? = .mdy) -> Date? {
    let t = _Text.trimmed(text)
    if t.isEmpty { return nil }
    if let d = KithTime.parse(t) { return d }
    var u = t
    if u.hasSuffix(" UTC") || u.hasSuffix(" GMT") { u.removeLast(4) }
    if let d = KithTime.parse(u) { return d }
    let words = u.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
    guard !words.isEmpty else { return nil }
    var day: Int? = nil
    var month: Int? = nil
    var year: Int? = nil
    var rest: ArraySlice<String> = []
    if words[0].contains("/") {
      let parts = words[0].split(separator: "/", omittingEmptySubsequences: false)
      guard parts.count == 3, let a = Int(parts[0]), let b = Int(parts[1]),
        let y = Int(parts[2]), parts[2].count == 2 || parts[2].count == 4
      else { return nil }
      switch order ?? (a > 12 && b <= 12 ? .dmy : b > 12 && a <= 12 ? .mdy : nil) {
      case .dmy: (day, month) = (a, b)
      case .mdy: (month, day) = (a, b)
      case nil: if a != b { return nil } else { (day, month) = (a, b) }
      }
      year = parts[2].count == 2 ? (y > 69 ? 1900 + y : 2000 + y) : y
      rest = words.dropFirst()
    } else if words.count >= 3, let dd = Int(words[0]), let m = monthNumber(words[1]),
      let y = Int(words[2]), words[2].count == 4
    {
      day = dd
      month = m
      year = y
      rest = words.dropFirst(3)
    } else if words.count >= 3, let m = monthNumber(words[0]), let dd = Int(words[1]),
      let y = Int(words[2]), words[2].count == 4
    {
      day = dd
      month = m
      year = y
      rest = words.dropFirst(3)
    }
    guard let day, let month, let year, (1...12).contains(month), day >= 1,
      day <= KithTime.daysInMonth(year: year, month: month)
    else { return nil }
    // Wall-clock seconds, in the zone Kith counts days in unless marked UTC.
    var seconds = Int64(KithTime.daysFromCivil(year: year, month: month, day: day)) * 86_400
    var utc = false
    if let clock = rest.first {
      let hm = clock.split(separator: ":")
      guard hm.count >= 2, hm.count <= 3, var h = Int(hm[0]), let mi = Int(hm[1]),
        (0...59).contains(mi)
      else { return nil }
      let s = hm.count == 3 ? Int(hm[2]) : 0
      guard let s, (0...59).contains(s) else { return nil }
      let marker = rest.dropFirst().first?.uppercased()
      if marker == "PM" || marker == "AM" {
        guard (1...12).contains(h) else { return nil }
        h = h % 12 + (marker == "PM" ? 12 : 0)
      } else if marker == "UTC" || marker == "GMT" {
        utc = true
      } else if marker != nil {
        return nil
      }
      guard (0...23).contains(h) else { return nil }
      seconds += Int64(h * 3600 + mi * 60 + s)
    }
    if !utc { seconds = KithTime.zone.instant(ofWallClock: seconds) }
    guard KithTime.validRange.contains(seconds) else { return nil }
    return Date(timeIntervalSince1970: TimeInterval(seconds))
  }

  /// The calendar day `time` starts, when `text`, the date `parse(_:slashed:)` read as `time`,
  /// gives no time of day (`2025-12-04`, `5 Dec 2025`, `1/8/18`): a date alone, which `parse`
  /// reads as the start of its day in `KithTime.zone`. Nil for a time of day, which every form
  /// `parse` reads writes with a `:`.
  public static func day(of time: Date, text: String) -> Int64? {
    text.utf8.contains(UInt8(ascii: ":")) ? nil : KithTime.day(ofSeconds: KithTime.seconds(time))
  }

  /// `day(of:text:)` of a date's UTF-8 bytes.
  public static func day(of time: Date, bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
    bytes.contains(UInt8(ascii: ":")) ? nil : KithTime.day(ofSeconds: KithTime.seconds(time))
  }

  static func monthNumber(_ word: String) -> Int? {
    let w = word.lowercased()
    guard w.count >= 3 else { return nil }
    return months.firstIndex(of: String(w.prefix(3))).map { $0 + 1 }
  }
}

/// Text helpers for the per-field hot path, in pure Swift: Foundation's trimming and folding
/// cost microseconds per call on Linux, which dominate a million-field import.
enum _Text {
  /// Whether `text` holds an `@`, as `text.contains("@")` finds it (a literal search) without
  /// Foundation's string search, which costs thousands of instructions a call.
  static func containsAt(_ text: String) -> Bool {
    text.utf8.contains(UInt8(ascii: "@"))
  }

  /// `text` without leading and trailing whitespace (spaces, tabs, line breaks).
  static func trimmed(_ text: String) -> String {
    // Most fields start and end with a visible ASCII character: nothing to trim.
    if let first = text.utf8.first, let last = text.utf8.last, first > 0x20, first < 0x80,
      last > 0x20, last < 0x80
    {
      return text
    }
    let scalars = text.unicodeScalars
    guard let first = scalars.first, let last = scalars.last else { return text }
    if !first.properties.isWhitespace && !last.properties.isWhitespace { return text }
    var view = Substring(text).unicodeScalars
    while let f = view.first, f.properties.isWhitespace { view.removeFirst() }
    while let l = view.last, l.properties.isWhitespace { view.removeLast() }
    return String(view)
  }

  /// The bytes of `trimmed(_:)` of the text these UTF-8 bytes spell: the same scalars are
  /// trimmed, so the result is a slice of `bytes`.
  /// - Complexity: O(length of the whitespace trimmed).
  static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    var lo = 0
    var hi = bytes.count
    while lo < hi {
      let lead = bytes[lo]
      if lead < 0x80 {
        guard isWhitespace(ascii: lead) else { break }
        lo += 1
        continue
      }
      let (scalar, length) = scalar(in: bytes, at: lo)
      guard scalar.properties.isWhitespace else { break }
      lo += length
    }
    while hi > lo {
      let last = bytes[hi - 1]
      if last < 0x80 {
        guard isWhitespace(ascii: last) else { break }
        hi -= 1
        continue
      }
      var start = hi - 1
      while start > lo, bytes[start] & 0xC0 == 0x80 { start -= 1 }
      guard scalar(in: bytes, at: start).scalar.properties.isWhitespace else { break }
      hi = start
    }
    return UnsafeBufferPointer(rebasing: bytes[lo..<hi])
  }

  /// Whether an ASCII byte is whitespace: tab, line feed, vertical tab, form feed, carriage
  /// return or space (the ASCII scalars with the White_Space property).
  @inline(__always)
  static func isWhitespace(ascii byte: UInt8) -> Bool {
    byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
  }

  /// The scalar whose UTF-8 encoding starts at `offset` of valid UTF-8 `bytes`, and its length.
  @inline(__always)
  private static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at offset: Int)
    -> (scalar: Unicode.Scalar, length: Int)
  {
    let lead = bytes[offset]
    if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
    let length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    var value = UInt32(lead) & (0xFF >> (length + 1))
    for k in 1..<length where offset + k < bytes.count {
      value = value << 6 | UInt32(bytes[offset + k] & 0x3F)
    }
    return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
  }
}

/// A stable short digest of text, for source ids made from content (FNV-1a, 64 bits).
struct _Digest {
  private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

  /// Feeds the UTF-8 bytes of `text`: adding pieces one after another gives the digest of
  /// their concatenation.
  mutating func add(_ text: String) {
    var text = text
    text.withUTF8 { add(bytes: $0) }
  }

  /// Feeds `bytes`, as `add(_:)` feeds a text's.
  @inline(__always)
  mutating func add(bytes: UnsafeBufferPointer<UInt8>) {
    for byte in bytes {
      value ^= UInt64(byte)
      value = value &* 0x100_0000_01b3
    }
  }

  /// The digest in lower-case hexadecimal, without leading zeros.
  var hex: String { String(value, radix: 16) }

  /// `"row:\(hex)|\(occurrence)"`, the source id of a row without an id column, written
  /// without intermediate strings.
  func rowID(occurrence: Int) -> String {
    // "row:" + at most 16 hex digits + "|" + at most 20 decimal digits and a sign.
    String(unsafeUninitializedCapacity: 42) { buffer in
      // Written through the base pointer: every row's id is made here, and bounds-checked
      // stores, a sequence's iteration and a slice's reversal cost more than the rest.
      guard let out = buffer.baseAddress else { return 0 }
      out[0] = UInt8(ascii: "r")
      out[1] = UInt8(ascii: "o")
      out[2] = UInt8(ascii: "w")
      out[3] = UInt8(ascii: ":")
      var n = 4
      let digits = Swift.max(1, (67 - value.leadingZeroBitCount) / 4)
      var rest = value
      for k in stride(from: n + digits - 1, through: n, by: -1) {
        let nibble = UInt8(truncatingIfNeeded: rest & 0xF)
        out[k] = nibble < 10 ? 0x30 + nibble : 0x57 + nibble
        rest >>= 4
      }
      n += digits
      out[n] = UInt8(ascii: "|")
      n += 1
      if occurrence < 0 {
        out[n] = UInt8(ascii: "-")
        n += 1
      }
      var decimal = occurrence.magnitude
      var width = 1
      var power: UInt = 10
      while decimal >= power && width < 20 {
        width += 1
        if power > UInt.max / 10 { break }
        power *= 10
      }
      for k in stride(from: n + width - 1, through: n, by: -1) {
        out[k] = 0x30 + UInt8(truncatingIfNeeded: decimal % 10)
        decimal /= 10
      }
      return n + width
    }
  }

  /// `rowID(occurrence:)` of a digest whose value is `digest`.
  static func rowID(digest: UInt64, occurrence: Int) -> String {
    var d = _Digest()
    d.value = digest
    return d.rowID(occurrence: occurrence)
  }

  static func hex(_ text: String) -> String {
    var digest = _Digest()
    digest.add(text)
    return digest.hex
  }
}
