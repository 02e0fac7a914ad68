import Foundation
import KithGraph
import KithTestSupport
import Testing

@testable import KithImport

/// The byte-level reading of interaction rows against the general one (a `CSVRecord` of
/// strings per row): the same batch (records, people in the same order, problems with the
/// same locations and words) or the same error, on random files made of valid values and near
/// misses of them.
@Suite("Generic CSV interaction rows")
struct InteractionRowsTests {
  static let now = Date(timeIntervalSince1970: 1_780_000_000)

  static func parse(_ text: String, byteRows: Bool, includeEgo: Bool = true) -> Result<
    ImportBatch, ImportError
  > {
    Result { () throws(ImportError) in
      try GenericCSVReader.parse(
        text, path: "dir/x.csv", kind: nil, includeEgo: includeEgo, now: now, byteRows: byteRows)
    }
  }

  /// Values of each column: valid ones, and texts that almost are.
  static let dates = [
    "2026-03-01", "2026-03-01T10:20:30Z", "2026-03-01T10:20+02:00", "2026-03-01 10:20:30 UTC",
    "05 Dec 2025", "Dec 5, 2025", "1/8/18, 6:14 PM", "1/8/2018 18:14", " 2026-03-02 ",
    "\u{00A0}2026-03-03", "2026-03-04\u{2003}", "2026-02-30", "2026-13-01", "2026-3-1", "",
    "  ", "soon", "2026-03-01T25:00Z", "２０２６-03-01", "2026-03-01\u{301}",
  ]
  static let names = [
    "Ann", "ann", " Ann ", "ANN", "Bob Lee", "bob  lee", "bob@example.com", "Bob@Example.COM",
    "me", "Me", "ME", "mé", "Zoë", "Zoe\u{308}", "José García", "Ó Briain", "\u{00A0}Cy",
    "Dee\u{2003}", "Ève", "李小龍", "😀", "", " ", "Ann\u{301}", "\u{301}Ann",
  ]
  static let separators = [";", "; ", " ;", ";;", ";\u{301}", "\u{0600};"]
  static let kinds = [
    "call", "Call", "CALL", " meeting ", "video", "message", "email", "event", "social",
    "other", "", "meet", "calls", "ＣＡＬＬ", "\u{212A}ind", "cAlL\u{301}", "Évent", "\u{00A0}call",
  ]
  static let texts = [
    "hi", "Catch-up", "said \"yes\"", "a, b", "two\nlines", "two\r\nlines", " padded ", "",
    "Zoë's", "\u{2003}", "note 7",
  ]

  /// Whether the byte-level path reads every row of `text` that has no problem (and leaves
  /// those with one to the general path): it would agree with the general path if it left
  /// rows there for no reason, but it would be slow.
  static func onlyProblemRowsLeaveTheByteLevelPath(_ text: String, includeEgo: Bool) -> Bool {
    var rows: GenericCSVReader._InteractionRows? = nil
    var batch = ImportBatch(source: "csv:x.csv", path: "x.csv")
    var consistent = true
    _ = try? _CSVRow.scan(text, path: "x.csv") { row in
      guard var reader = rows else {
        if let (kind, table) = try? GenericCSVReader.table(row.record, path: "x.csv", kind: nil),
          kind == .interactions
        {
          rows = GenericCSVReader._InteractionRows(table, includeEgo: includeEgo)
        }
        return
      }
      let problems = batch.problems.count
      let byBytes = reader.add(row, to: &batch)
      rows = reader
      if byBytes != (batch.problems.count == problems) { consistent = false }
    }
    return consistent
  }

  static func quoted(_ value: String, _ rng: inout SeededGenerator) -> String {
    let mustQuote = value.contains(where: { ",\"\r\n".contains($0) })
    if mustQuote || Int.random(in: 0..<6, using: &rng) == 0 {
      return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return value
  }

  static func value(
    of column: String, _ rng: inout SeededGenerator, sameWith: inout [String]
  ) -> String {
    func pick(_ list: [String]) -> String { list[Int.random(in: 0..<list.count, using: &rng)] }
    switch column {
    case "date", "When", "follow up": return pick(dates)
    case "with", "Participants":
      // Repeats of earlier `with` texts, as in real files (they take the cached path).
      if !sameWith.isEmpty && Int.random(in: 0..<3, using: &rng) == 0 { return pick(sameWith) }
      var text = pick(names)
      for _ in 0..<Int.random(in: 0...2, using: &rng) { text += pick(separators) + pick(names) }
      sameWith.append(text)
      return text
    case "by": return Int.random(in: 0..<2, using: &rng) == 0 ? "" : pick(names)
    case "kind", "TYPE": return pick(kinds)
    case "id": return Int.random(in: 0..<3, using: &rng) == 0 ? pick(texts) : ""
    default: return pick(texts)
    }
  }

  static func randomFile(_ rng: inout SeededGenerator) -> String {
    let optional = ["kind", "TYPE", "by", "summary", "channel", "follow up", "id", "extra"]
    var columns = [Int.random(in: 0..<2, using: &rng) == 0 ? "date" : "When"]
    columns.append(Int.random(in: 0..<2, using: &rng) == 0 ? "with" : "Participants")
    for column in optional where Int.random(in: 0..<3, using: &rng) == 0 {
      columns.append(column)
    }
    columns.shuffle(using: &rng)
    let lineEnd = Int.random(in: 0..<2, using: &rng) == 0 ? "\n" : "\r\n"
    var text = columns.joined(separator: ",") + lineEnd
    var sameWith: [String] = []
    for _ in 0..<Int.random(in: 0...40, using: &rng) {
      var fields = columns.map { quoted(value(of: $0, &rng, sameWith: &sameWith), &rng) }
      switch Int.random(in: 0..<20, using: &rng) {
      case 0: fields.removeLast(Int.random(in: 0...fields.count, using: &rng))  // short row
      case 1: fields.append("surplus")  // text beyond the header: a problem
      case 3: fields.append(Int.random(in: 0..<2, using: &rng) == 0 ? "" : " ")  // a trailing comma
      case 2: fields = [""]  // a blank line
      default: break
      }
      text += fields.joined(separator: ",") + lineEnd
    }
    switch Int.random(in: 0..<30, using: &rng) {
    case 0: text += "2026-01-01,\"never closed"
    case 1: text += "2026-01-01,\"Ann\"x"
    case 2: text.removeLast(lineEnd.utf8.count)  // no line end at the end
    default: break
    }
    return text
  }

  @Test func byteRowsMatchTheGeneralPathOnRandomFiles() {
    var rng = SeededGenerator(seed: 2026_11_27)
    var disagreements: [String] = []
    var interactions = 0
    var problems = 0
    var failures = 0
    for _ in 0..<3_000 {
      let text = Self.randomFile(&rng)
      let includeEgo = Int.random(in: 0..<4, using: &rng) != 0
      let general = Self.parse(text, byteRows: false, includeEgo: includeEgo)
      let bytes = Self.parse(text, byteRows: true, includeEgo: includeEgo)
      if general != bytes { disagreements.append(text.debugDescription) }
      if !Self.onlyProblemRowsLeaveTheByteLevelPath(text, includeEgo: includeEgo) {
        disagreements.append("general path for a row without problem: \(text.debugDescription)")
      }
      switch general {
      case .success(let batch):
        interactions += batch.interactions.count
        problems += batch.problems.count
      case .failure: failures += 1
      }
    }
    #expect(disagreements.isEmpty, "\(disagreements.prefix(3))")
    // Every outcome is exercised.
    #expect(interactions > 10_000 && problems > 5_000 && failures > 50)
  }

  @Test func repeatedWithTextsNameTheSamePeople() throws {
    let text = """
      date,with,kind,summary
      2026-03-01,Ann;Bob,call,hi
      2026-03-02,Ann;Bob,Call,hi
      2026-03-03, Ann ,,
      """
    let batch = try Self.parse(text, byteRows: true).get()
    #expect(batch == (try Self.parse(text, byteRows: false).get()))
    #expect(batch.people.map(\.key) == ["ann", "bob"])
    #expect(batch.interactions.map(\.kind) == [.call, .call, .other])
    #expect(
      batch.interactions.map(\.participants) == [
        [.me, .record("ann"), .record("bob")], [.me, .record("ann"), .record("bob")],
        [.me, .record("ann")],
      ])
    #expect(batch.problems.isEmpty)
  }

  @Test("a date alone is a day entered, on both paths; a time of day is not")
  func datesAloneKeepTheirDay() throws {
    let text = """
      date,with
      2026-03-01,Ann
      " 2026-03-02 ",Ann
      05 Dec 2025,Ann
      13/8/18,Ann
      2026-03-01T00:00:00Z,Ann
      2026-03-01T10:20+02:00,Ann
      13/8/18 0:00,Ann
      2026-03-01 00:00:00 UTC,Ann
      """
    let batch = try Self.parse(text, byteRows: true).get()
    #expect(batch == (try Self.parse(text, byteRows: false).get()))
    // Tests run in UTC: each day starts at its midnight there.
    #expect(
      batch.interactions.map(\.day) == [20_513, 20_514, 20_427, 17_756, nil, nil, nil, nil])
    for i in batch.interactions.prefix(4) {
      #expect(KithTime.seconds(i.time) == (i.day ?? 0) * 86_400)
    }
  }

  @Test func identicalRowsAreCountedWhicheverPathReadsThem() {
    // The same content read by the general path (a row read from a record) and then by the
    // byte-level path: the second is |2.
    var rows: GenericCSVReader._InteractionRows? = nil
    var batch = ImportBatch(source: "csv:x.csv", path: "x.csv")
    var k = 0
    _ = try? _CSVRow.scan("date,with\n2026-01-01,Ann\n2026-01-01,Ann\n", path: "x.csv") { row in
      guard var reader = rows else {
        if let (_, table) = try? GenericCSVReader.table(row.record, path: "x.csv", kind: nil) {
          rows = GenericCSVReader._InteractionRows(table, includeEgo: true)
        }
        return
      }
      if k == 0 { reader.add(row.record, to: &batch) } else { reader.add(row, to: &batch) }
      k += 1
      rows = reader
    }
    rows?.numberOccurrences(in: &batch)
    #expect(batch.interactions.map { $0.sourceID.hasSuffix("|1") } == [true, false])
    #expect(batch.interactions.last?.sourceID.hasSuffix("|2") == true)
  }

  @Test func trimmingBytesTrimsTheSameScalarsAsText() {
    let pieces = ["a", " ", "\t", "\n", "\u{00A0}", "\u{2003}", "\u{3000}", "é", "\u{301}", "😀"]
    var rng = SeededGenerator(seed: 17)
    for _ in 0..<5_000 {
      let text = (0..<Int.random(in: 0...6, using: &rng)).map { _ in
        pieces[Int.random(in: 0..<pieces.count, using: &rng)]
      }.joined()
      var copy = text
      let trimmed = copy.withUTF8 { String(decoding: _Text.trimmed($0), as: UTF8.self) }
      #expect(trimmed == _Text.trimmed(text), "\(text.debugDescription)")
    }
  }

  @Test func rowIDsAreWrittenAsInterpolationWritesThem() {
    var rng = SeededGenerator(seed: 41)
    for value in [0, 1, 15, 16, UInt64.max]
      + (0..<1_000).map({ _ in
        UInt64.random(in: 0...UInt64.max, using: &rng) >> UInt64.random(in: 0...63, using: &rng)
      })
    {
      var digest = _Digest()
      digest.add("\(value)")
      for occurrence in [1, 9, 10, 99, 100, 12_345, Int.max, 0, -1, -10, Int.min] {
        #expect(digest.rowID(occurrence: occurrence) == "row:\(digest.hex)|\(occurrence)")
        #expect(
          _Digest.rowID(digest: value, occurrence: occurrence)
            == "row:\(String(value, radix: 16))|\(occurrence)")
      }
    }
  }

  @Test func theByteKeyedTableFindsWhatADictionaryFinds() {
    var rng = SeededGenerator(seed: 99)
    var table = _ByteKeyedTable<Int>()
    var reference: [[UInt8]: Int] = [:]
    for k in 0..<20_000 {
      let key = (0..<Int.random(in: 0...12, using: &rng)).map { _ in
        UInt8.random(in: 0...3, using: &rng) * 60
      }
      let found = key.withUnsafeBufferPointer { table.index(of: $0) }
      #expect(found.map { table.values[$0] } == reference[key])
      if reference[key] == nil {
        reference[key] = k
        key.withUnsafeBufferPointer { _ = table.insert($0, k) }
      }
    }
    #expect(table.count == reference.count)
  }
}
