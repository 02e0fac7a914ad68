import Foundation

/// One parsed CSV record with the 1-based line it starts on.
public struct CSVRecord: Sendable, Hashable {
  public var line: Int
  public var fields: [String]
}

/// An RFC 4180 CSV reader: quoted fields with doubled quotes, commas and line breaks inside
/// quotes, CRLF or LF line ends, a UTF-8 byte-order mark skipped. Blank lines are skipped.
public enum CSVReader {
  /// Parses `text`; `path` names the file in errors.
  /// - Throws: `ImportError` at the line and column of an unterminated quote or of text
  ///   after a closing quote.
  /// - Complexity: O(length of `text`).
  public static func parse(_ text: String, path: String) throws(ImportError) -> [CSVRecord] {
    var records: [CSVRecord] = []
    var fields: [String] = []
    var field = String.UnicodeScalarView()
    var line = 1
    var column = 0
    var recordLine = 1
    var inQuotes = false
    var afterQuote = false
    var quoteLine = 1
    var quoteColumn = 1
    var scalars = text.unicodeScalars[...]
    if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
    var iterator = scalars.makeIterator()
    var pending: Unicode.Scalar? = nil

    func endRecord() {
      fields.append(String(field))
      field = String.UnicodeScalarView()
      if !(fields.count == 1 && fields[0].isEmpty) {
        records.append(CSVRecord(line: recordLine, fields: fields))
      }
      fields = []
    }

    while let c = pending ?? iterator.next() {
      pending = nil
      column += 1
      if inQuotes {
        if c == "\"" {
          let next = iterator.next()
          if next == "\"" {
            field.append("\"")
            column += 1
          } else {
            inQuotes = false
            afterQuote = true
            pending = next
          }
        } else {
          if c == "\n" {
            line += 1
            column = 0
          }
          field.append(c)
        }
        continue
      }
      switch c {
      case ",":
        fields.append(String(field))
        field = String.UnicodeScalarView()
        afterQuote = false
      case "\r":
        let next = iterator.next()
        if next != "\n" { pending = next }
        fallthrough
      case "\n":
        endRecord()
        afterQuote = false
        line += 1
        column = 0
        recordLine = line
      case "\"" where field.isEmpty && !afterQuote:
        inQuotes = true
        quoteLine = line
        quoteColumn = column
      default:
        if afterQuote {
          throw ImportError(
            path: path, location: SourceLocation(path: path, line: line, column: column),
            message: "text after a closing quote; double a quote inside a quoted field (\"\")")
        }
        field.append(c)
      }
    }
    if inQuotes {
      throw ImportError(
        path: path, location: SourceLocation(path: path, line: quoteLine, column: quoteColumn),
        message: "a quoted field is never closed")
    }
    if !field.isEmpty || !fields.isEmpty { endRecord() }
    return records
  }
}
