import Foundation

/// One parsed CSV record with the 1-based line it starts on.
public struct CSVRecord: Sendable, Hashable {
  public var line: Int
  public var fields: [String]

  public init(line: Int, fields: [String]) {
    self.line = line
    self.fields = fields
  }
}

/// An RFC 4180 CSV reader: quoted fields with doubled quotes, commas and line breaks inside
/// quotes, CRLF, LF or CR line ends, a UTF-8 byte-order mark skipped. Blank lines are skipped.
public enum CSVReader {
  /// Parses `text`; `path` names the file in errors.
  ///
  /// Works on the UTF-8 bytes: every delimiter is ASCII, so a field is the bytes between two
  /// of them and becomes a `String` without re-validation of the text around it.
  ///
  /// - Throws: `ImportError` at the line and column (in Unicode scalars, 1-based) of an
  ///   unterminated quote or of text after a closing quote.
  /// - Complexity: O(length of `text`).
  public static func parse(_ text: String, path: String) throws(ImportError) -> [CSVRecord] {
    var records: [CSVRecord] = []
    try _CSVRow.scan(text, path: path) { row in records.append(row.record) }
    return records
  }
}

/// One record of a CSV text as byte ranges, for readers that look at most fields' bytes
/// without making a `String` of each: `_CSVRow.scan` hands out the same row value, refilled,
/// for every record.
///
/// An unquoted field is a range of the text's bytes; a quoted one, once its doubled quotes are
/// undone, is a range of the row's own scratch bytes.
struct _CSVRow {
  /// The 1-based line the record starts on.
  private(set) var line = 1
  /// The offset in the text just after the record and its line end.
  private var end = 0
  /// Where each field starts and ends, in the text or (when `quoted`) in `unescaped`.
  private var fields: [Field] = []
  /// The unescaped bytes of the record's quoted fields.
  private var unescaped: [UInt8] = []
  private let text: UnsafeBufferPointer<UInt8>

  private init(text: UnsafeBufferPointer<UInt8>) {
    self.text = text
    fields.reserveCapacity(16)
  }

  fileprivate struct Field {
    var start: Int
    var end: Int
    var quoted: Bool
  }

  /// The number of fields.
  var count: Int { fields.count }

  /// The fields' bytes, valid only inside `body`.
  @inline(__always)
  func withBytes<R>(_ body: (Bytes) throws -> R) rethrows -> R {
    try unescaped.withUnsafeBufferPointer { scratch in
      try body(Bytes(text: text, scratch: scratch, fields: fields))
    }
  }

  /// The bytes of a row's fields.
  struct Bytes {
    fileprivate let text: UnsafeBufferPointer<UInt8>
    fileprivate let scratch: UnsafeBufferPointer<UInt8>
    fileprivate let fields: [Field]

    /// The number of fields.
    var count: Int { fields.count }

    /// The bytes of field `index` (`0..<count`).
    @inline(__always)
    subscript(index: Int) -> UnsafeBufferPointer<UInt8> {
      let field = fields[index]
      return UnsafeBufferPointer(rebasing: (field.quoted ? scratch : text)[field.start..<field.end])
    }
  }

  /// The record with every field as text, as `CSVReader.parse` returns it.
  var record: CSVRecord {
    withBytes { bytes in
      var fields: [String] = []
      fields.reserveCapacity(bytes.count)
      for k in 0..<bytes.count { fields.append(String(decoding: bytes[k], as: UTF8.self)) }
      return CSVRecord(line: line, fields: fields)
    }
  }

  /// The number of line feeds in the text after this record: an upper bound on the number of
  /// records left, for readers that reserve room for them.
  /// - Complexity: O(length of the rest of the text).
  func lineFeedsAfter() -> Int {
    guard let base = text.baseAddress else { return 0 }
    var count = 0
    var p = UnsafeRawPointer(base + end)
    var left = text.count - end
    while left > 0, let hit = memchr(p, 0x0A, left) {
      count += 1
      let next = UnsafeRawPointer(hit) + 1
      left -= next - p
      p = next
    }
    return count
  }

  /// Whether the record is a blank line (one empty field), which readers skip.
  private var isBlank: Bool { fields.count == 1 && fields[0].start == fields[0].end }

  private mutating func clear(line: Int) {
    self.line = line
    fields.removeAll(keepingCapacity: true)
    if !unescaped.isEmpty { unescaped.removeAll(keepingCapacity: true) }
  }

  private mutating func append(_ start: Int, _ end: Int, quoted isQuoted: Bool) {
    fields.append(Field(start: start, end: end, quoted: isQuoted))
  }

  private static let quote = UInt8(ascii: "\"")
  private static let comma = UInt8(ascii: ",")
  private static let newline = UInt8(ascii: "\n")
  private static let carriageReturn = UInt8(ascii: "\r")

  /// Reads `text` record by record, blank lines skipped, calling `body` with each (the row is
  /// reused: copy out what must outlive the call). `path` names the file in errors.
  /// - Throws: `ImportError` at the line and column (in Unicode scalars, 1-based) of an
  ///   unterminated quote or of text after a closing quote, after `body` has seen the records
  ///   before it.
  /// - Complexity: O(length of `text`).
  static func scan(_ text: String, path: String, _ body: (inout _CSVRow) -> Void)
    throws(ImportError)
  {
    var text = text
    text.makeContiguousUTF8()
    let scanned = text.utf8.withContiguousStorageIfAvailable { bytes in
      Result { () throws(ImportError) in try scan(bytes, path: path, body) }
    }
    if let scanned { return try scanned.get() }
    try Array(text.utf8).withUnsafeBufferPointer { bytes throws(ImportError) in
      try scan(bytes, path: path, body)
    }
  }

  private static func scan(
    _ bytes: UnsafeBufferPointer<UInt8>, path: String, _ body: (inout _CSVRow) -> Void
  ) throws(ImportError) {
    let count = bytes.count
    var row = _CSVRow(text: bytes)
    var line = 1
    var lineStart = 0
    var i = 0
    if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
      i = 3
      lineStart = 3
    }

    /// The 1-based column, in Unicode scalars, of the byte at `offset` on the line starting
    /// at `start`.
    func column(_ offset: Int, lineStart start: Int) -> Int {
      var scalars = 1
      var k = start
      while k < offset {
        if bytes[k] & 0xC0 != 0x80 { scalars += 1 }
        k += 1
      }
      return scalars
    }

    while i <= count {
      // At the start of a field.
      if i < count, bytes[i] == quote {
        let openLine = line
        let openColumn = column(i, lineStart: lineStart)
        let start = row.unescaped.count
        i += 1
        var closed = false
        // Copies runs between quotes and line feeds at once.
        var run = i
        while i < count {
          let c = bytes[i]
          if c == quote {
            row.unescaped.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
            if i + 1 < count, bytes[i + 1] == quote {
              row.unescaped.append(quote)
              i += 2
              run = i
              continue
            }
            i += 1
            closed = true
            break
          }
          if c == newline {
            line += 1
            lineStart = i + 1
          }
          i += 1
        }
        guard closed else {
          throw ImportError(
            path: path, location: SourceLocation(path: path, line: openLine, column: openColumn),
            message: "a quoted field is never closed")
        }
        row.append(start, row.unescaped.count, quoted: true)
        // After the closing quote: a delimiter, a line end or the end of the text.
        guard i < count else { break }
        switch bytes[i] {
        case comma:
          i += 1
          continue
        case newline, carriageReturn:
          break
        default:
          throw ImportError(
            path: path,
            location: SourceLocation(
              path: path, line: line, column: column(i, lineStart: lineStart)),
            message: "text after a closing quote; double a quote inside a quoted field (\"\")")
        }
      } else {
        // An unquoted field: up to the next comma or line end. A quote inside it is text.
        let start = i
        while i < count {
          let c = bytes[i]
          if c == comma || c == newline || c == carriageReturn { break }
          i += 1
        }
        row.append(start, i, quoted: false)
        if i < count, bytes[i] == comma {
          i += 1
          continue
        }
        if i >= count { break }
      }
      // A line end: CRLF, LF or a lone CR.
      if bytes[i] == carriageReturn, i + 1 < count, bytes[i + 1] == newline { i += 1 }
      i += 1
      row.end = i
      if !row.isBlank { body(&row) }
      line += 1
      lineStart = i
      row.clear(line: line)
      if i == count { return }
    }
    row.end = count
    if row.count > 0 && !row.isBlank { body(&row) }
  }
}
