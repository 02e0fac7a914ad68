import Foundation
import KithImport
import KithTestSupport
import Testing

@Suite("CSVReader")
struct CSVReaderTests {
  @Test func quotedFieldsLineEndsAndBOM() throws {
    let text =
      "\u{FEFF}name,note\r\n\"Ó Briain, Niamh\",\"said \"\"hi\"\"\nthen left\"\r\n\nlast,\n"
    let records = try CSVReader.parse(text, path: "x.csv")
    #expect(
      records == [
        CSVRecord(line: 1, fields: ["name", "note"]),
        CSVRecord(line: 2, fields: ["Ó Briain, Niamh", "said \"hi\"\nthen left"]),
        CSVRecord(line: 5, fields: ["last", ""]),
      ])
  }

  @Test func errorsNameLineAndColumnInScalars() {
    #expect(
      throws: ImportError(
        path: "x.csv", location: SourceLocation(path: "x.csv", line: 2, column: 5),
        message: "a quoted field is never closed")
    ) { try CSVReader.parse("a,b\né,😀,\"open\n", path: "x.csv") }
    #expect(
      throws: ImportError(
        path: "x.csv", location: SourceLocation(path: "x.csv", line: 1, column: 6),
        message: "text after a closing quote; double a quote inside a quoted field (\"\")")
    ) { try CSVReader.parse("é,\"x\"y", path: "x.csv") }
  }

  /// A quote left open swallows the lines after it up to the next quote, where the text after
  /// that quote is the first thing wrong: the error names the line the field opened on.
  @Test func aQuoteLeftOpenIsReportedWhereItOpened() {
    let text = "a,b\nok,\"open\nnext,row\nlast,\"x\" y\n"
    #expect(
      throws: ImportError(
        path: "x.csv", location: SourceLocation(path: "x.csv", line: 2, column: 4),
        message:
          "a quoted field opened here is not closed properly (the next quote is on line 4); close it, or double a quote inside it (\"\")"
      )
    ) { try CSVReader.parse(text, path: "x.csv") }
  }

  /// The byte-level reader agrees with a straightforward scalar-by-scalar reader (below) on
  /// random texts made of CSV syntax, multi-byte characters and a byte-order mark: the same
  /// records, or the same error at the same line and column.
  @Test func agreesWithAScalarReaderOnRandomText() {
    let pieces = ["a", "b", ",", "\"", "\"\"", "\n", "\r", "\r\n", "é", "😀", " ", "\u{FEFF}"]
    var rng = SeededGenerator(seed: 4180)
    var disagreements: [String] = []
    var errors = 0
    for _ in 0..<20_000 {
      let length = Int.random(in: 0...24, using: &rng)
      let text = (0..<length).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &rng)] }
        .joined()
      let fast = Result { () throws(ImportError) in try CSVReader.parse(text, path: "f.csv") }
      let slow = Result { () throws(ImportError) in try ScalarCSV.parse(text, path: "f.csv") }
      if case .failure = slow { errors += 1 }
      if fast != slow { disagreements.append(text.debugDescription) }
    }
    #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    // Both outcomes are exercised.
    #expect(errors > 1_000 && errors < 19_000)
  }
}

/// Source ids of interaction rows are a digest of their content, so that importing the same
/// file again (with this version or an earlier one) finds every row already there.
@Suite("Generic CSV source ids")
struct GenericCSVSourceIDTests {
  /// FNV-1a, 64 bits, in lower-case hexadecimal: the digest written out independently.
  static func fnv(_ text: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    return String(hash, radix: 16)
  }

  @Test func rowIDsDigestDateKindFoldedSortedNamesAndSummary() throws {
    let text = """
      date,with,kind,summary
      2026-03-01,Zoë  Adams;bob@example.com,call,Catch-up
      2026-03-01,bob@example.com; Zoë Adams,call,Catch-up
      2026-03-02,Ann,,
      """
    let batch = try GenericCSVReader.parse(
      text, path: "x.csv", now: Date(timeIntervalSince1970: 0))
    let content = "2026-03-01|call|bob@example.com|zoe adams|Catch-up"
    #expect(
      batch.interactions.map(\.sourceID) == [
        "row:\(Self.fnv(content))|1", "row:\(Self.fnv(content))|2",
        "row:\(Self.fnv("2026-03-02|other|ann|"))|1",
      ])
  }
}

/// The reference: a scalar-at-a-time RFC 4180 reader with the same rules.
private enum ScalarCSV {
  static func parse(_ text: String, path: String) throws(ImportError) -> [CSVRecord] {
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
        if afterQuote && quoteLine != line {
          throw ImportError(
            path: path, location: SourceLocation(path: path, line: quoteLine, column: quoteColumn),
            message:
              "a quoted field opened here is not closed properly (the next quote is on line \(line)); close it, or double a quote inside it (\"\")"
          )
        }
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
