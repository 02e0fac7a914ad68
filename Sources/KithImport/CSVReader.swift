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
  ///   unterminated quote or of text after a closing quote; when the quoted field before that
  ///   text ran over lines, at the quote that opened it.
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
  func lineFeedsAfter() -> Int { Self.occurrences(of: Self.newline, in: text, end..<text.count) }

  /// The number of bytes equal to `byte` in `range` of `bytes`.
  /// - Complexity: O(`range.count`).
  static func occurrences(
    of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>
  ) -> Int {
    guard let base = bytes.baseAddress else { return 0 }
    var count = 0
    var p = UnsafeRawPointer(base + range.lowerBound)
    var left = range.count
    while left > 0, let hit = memchr(p, Int32(byte), left) {
      count += 1
      let next = UnsafeRawPointer(hit) + 1
      left -= next - p
      p = next
    }
    return count
  }

  /// The line `scan` gives a record starting at `offset`, just after a line end, when no
  /// quoted field before it holds a lone carriage return: 1 + the line ends before it (CRLF,
  /// LF or a lone CR). A quoted field's lone CR is text to `scan`, so there this is one more
  /// than `scan`'s line; the segments of `GenericCSVReader`'s parallel parse check it.
  /// - Complexity: O(`offset`).
  static func line(at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var line = 1 + occurrences(of: newline, in: bytes, 0..<offset)
    // Carriage returns are rare outside CRLF files: find them with `memchr` too.
    guard let base = bytes.baseAddress else { return line }
    var p = UnsafeRawPointer(base)
    var left = offset
    while left > 0, let hit = memchr(p, Int32(carriageReturn), left) {
      let at = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
      if at + 1 >= bytes.count || bytes[at + 1] != newline { line += 1 }
      p = UnsafeRawPointer(hit) + 1
      left = offset - (at + 1)
    }
    return line
  }

  /// The offset just after the first line end (a line feed, or a carriage return without one
  /// after it) at or after `offset`, or `bytes.count` when there is none: where a record
  /// starts unless a quoted field holds that line end.
  /// - Complexity: O(distance to that line end).
  static func lineStart(after offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var i = max(offset, 0)
    while i < bytes.count {
      let c = bytes[i]
      i += 1
      if c == newline { return i }
      if c == carriageReturn && (i == bytes.count || bytes[i] != newline) { return i }
    }
    return bytes.count
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

  /// Where a record starts: the offset of its first byte and its 1-based line. Between records
  /// `scan` holds nothing else, so a scan resumed from a position reads what a scan from the
  /// start of the text would read from there.
  struct Position: Hashable {
    var offset: Int
    var line: Int

    /// The start of the text (where a byte-order mark is skipped).
    static let start = Position(offset: 0, line: 1)
  }

  /// Reads `text` record by record, blank lines skipped, calling `body` with each (the row is
  /// reused: copy out what must outlive the call). `path` names the file in errors.
  /// - Throws: `ImportError` at the line and column (in Unicode scalars, 1-based) of an
  ///   unterminated quote or of text after a closing quote, after `body` has seen the records
  ///   before it.
  /// - Complexity: O(length of `text`).
  static func scan(_ text: String, path: String, _ body: (inout _CSVRow) -> Void)
    throws(ImportError)
  {
    try withUTF8(text) { bytes throws(ImportError) in
      _ = try scan(bytes, path: path) { row in
        body(&row)
        return true
      }
    }
  }

  /// Calls `body` with the UTF-8 bytes of `text`, contiguous (copied only when `text` is not
  /// stored contiguously).
  static func withUTF8<R>(
    _ text: String, _ body: (UnsafeBufferPointer<UInt8>) throws(ImportError) -> R
  ) throws(ImportError) -> R {
    var text = text
    text.makeContiguousUTF8()
    let result = text.utf8.withContiguousStorageIfAvailable { bytes in
      Result { () throws(ImportError) in try body(bytes) }
    }
    if let result { return try result.get() }
    return try Array(text.utf8).withUnsafeBufferPointer { bytes throws(ImportError) in
      try body(bytes)
    }
  }

  /// Reads the records of `bytes` from `start`, blank lines skipped, calling `body` with each
  /// (the row is reused) for as long as it returns true, and stopping before the first record
  /// that starts at or after offset `stop`. A byte-order mark is skipped at the start of the
  /// text only.
  /// - Returns: where the next record starts when the scan stopped before the end of the text
  ///   (`body` returned false, or that record starts at or after `stop`); nil at the end.
  /// - Throws: as `scan(_:path:_:)`.
  /// - Complexity: O(length of the text read).
  static func scan(
    _ bytes: UnsafeBufferPointer<UInt8>, path: String, from start: Position = .start,
    stoppingAt stop: Int = .max, _ body: (inout _CSVRow) -> Bool
  ) throws(ImportError) -> Position? {
    let count = bytes.count
    var line = start.line
    var lineStart = start.offset
    var i = start.offset
    if i == 0, count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
      i = 3
      lineStart = 3
    }
    if i >= stop && i < count { return Position(offset: i, line: line) }
    var row = _CSVRow(text: bytes)
    row.line = line

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
          // A field that ran over lines to this quote most likely lacks its closing quote
          // where it opened: the line this quote is on may well be sound.
          if openLine != line {
            throw ImportError(
              path: path,
              location: SourceLocation(path: path, line: openLine, column: openColumn),
              message:
                "a quoted field opened here is not closed properly (the next quote is on line \(line)); close it, or double a quote inside it (\"\")"
            )
          }
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
      let goOn = row.isBlank || body(&row)
      line += 1
      lineStart = i
      row.clear(line: line)
      if i == count { return nil }
      if !goOn || i >= stop { return Position(offset: i, line: line) }
    }
    row.end = count
    if row.count > 0 && !row.isBlank { _ = body(&row) }
    return nil
  }
}
