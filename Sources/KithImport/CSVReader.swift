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
    var text = text
    text.makeContiguousUTF8()
    let parsed = text.utf8.withContiguousStorageIfAvailable { bytes in
      Result { () throws(ImportError) -> [CSVRecord] in try parse(bytes, path: path) }
    }
    if let parsed { return try parsed.get() }
    return try Array(text.utf8).withUnsafeBufferPointer { bytes throws(ImportError) in
      try parse(bytes, path: path)
    }
  }

  private static let quote = UInt8(ascii: "\"")
  private static let comma = UInt8(ascii: ",")
  private static let newline = UInt8(ascii: "\n")
  private static let carriageReturn = UInt8(ascii: "\r")

  private static func parse(_ bytes: UnsafeBufferPointer<UInt8>, path: String)
    throws(ImportError) -> [CSVRecord]
  {
    let count = bytes.count
    var records: [CSVRecord] = []
    var fields: [String] = []
    var line = 1
    var lineStart = 0
    var i = 0
    if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
      i = 3
      lineStart = 3
    }
    var recordLine = 1
    /// Unescaped bytes of a quoted field.
    var quoted: [UInt8] = []

    func string(_ start: Int, _ end: Int) -> String {
      String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
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
    func endRecord() {
      if !(fields.count == 1 && fields[0].isEmpty) {
        records.append(CSVRecord(line: recordLine, fields: fields))
      }
      fields = []
      fields.reserveCapacity(records.last?.fields.count ?? 4)
    }

    while i <= count {
      // At the start of a field.
      if i < count, bytes[i] == quote {
        let openLine = line
        let openColumn = column(i, lineStart: lineStart)
        quoted.removeAll(keepingCapacity: true)
        i += 1
        var closed = false
        while i < count {
          let c = bytes[i]
          if c == quote {
            if i + 1 < count, bytes[i + 1] == quote {
              quoted.append(quote)
              i += 2
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
          quoted.append(c)
          i += 1
        }
        guard closed else {
          throw ImportError(
            path: path, location: SourceLocation(path: path, line: openLine, column: openColumn),
            message: "a quoted field is never closed")
        }
        fields.append(String(decoding: quoted, as: UTF8.self))
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
        fields.append(string(start, i))
        if i < count, bytes[i] == comma {
          i += 1
          continue
        }
        if i >= count { break }
      }
      // A line end: CRLF, LF or a lone CR.
      if bytes[i] == carriageReturn, i + 1 < count, bytes[i + 1] == newline { i += 1 }
      i += 1
      endRecord()
      line += 1
      lineStart = i
      recordLine = line
      if i == count { return records }
    }
    if !(fields.count == 1 && fields[0].isEmpty) && !fields.isEmpty {
      records.append(CSVRecord(line: recordLine, fields: fields))
    }
    return records
  }
}
