import Foundation
import KithTestSupport
import Testing

@testable import KithImport

/// The reading of interactions files in segments on several threads against the serial
/// reading: the same batch (records, people in the same order with the same names and
/// locations, source ids with the same occurrences, problems) or the same error, wherever the
/// split points fall, on both the byte-level and the general path.
@Suite("Generic CSV interactions read in segments")
struct ParallelParseTests {
  static let now = Date(timeIntervalSince1970: 1_780_000_000)

  /// A reading and what its split points did.
  struct Reading {
    var result: Result<ImportBatch, ImportError>
    var outcome: GenericCSVReader._SplitOutcome
  }

  static func parse(
    _ text: String, split: GenericCSVReader._Split, byteRows: Bool = true,
    includeEgo: Bool = true
  ) -> Reading {
    var outcome = GenericCSVReader._SplitOutcome()
    let result = Result { () throws(ImportError) in
      try GenericCSVReader.parse(
        text, path: "dir/x.csv", kind: nil, includeEgo: includeEgo, now: now, byteRows: byteRows,
        split: split, outcome: &outcome)
    }
    return Reading(result: result, outcome: outcome)
  }

  /// What the split readings of one text did, and where they differed from the serial one.
  struct Comparison {
    var disagreements: [String] = []
    var outcome = GenericCSVReader._SplitOutcome()

    mutating func add(_ other: Comparison) {
      disagreements += other.disagreements
      outcome.joined += other.outcome.joined
      outcome.readOn += other.outcome.readOn
    }
  }

  /// Reads `text` with each of `splits` on both paths and compares with the serial reading.
  static func compare(
    _ text: String, splits: [GenericCSVReader._Split], includeEgo: Bool = true
  ) -> Comparison {
    var comparison = Comparison()
    for byteRows in [true, false] {
      let serial = parse(text, split: .serial, byteRows: byteRows, includeEgo: includeEgo).result
      for split in splits {
        let reading = parse(text, split: split, byteRows: byteRows, includeEgo: includeEgo)
        comparison.outcome.joined += reading.outcome.joined
        comparison.outcome.readOn += reading.outcome.readOn
        if reading.result != serial {
          comparison.disagreements.append(
            "\(split), byteRows: \(byteRows), \(text.debugDescription): \(reading.result) ≠ \(serial)"
          )
        }
      }
    }
    return comparison
  }

  /// One split near every offset of `text`, a few segment counts, and two splits near every
  /// pair of line starts.
  static func sweep(_ text: String) -> [GenericCSVReader._Split] {
    let bytes = Array(text.utf8)
    var splits: [GenericCSVReader._Split] = (0...bytes.count).map { .near([$0]) }
    splits += (2...6).map { .segments($0) }
    let lineStarts = [0] + bytes.indices.filter { bytes[$0] == 0x0A || bytes[$0] == 0x0D }
    for a in lineStarts {
      for b in lineStarts where b > a { splits.append(.near([a, b])) }
    }
    return splits
  }

  /// What the split points of a case must do (at least once over the sweep).
  enum Expected: Sendable {
    /// Join every segment: no quoted field holds a line end.
    case joins
    /// Read on past some split point, and join elsewhere.
    case readsOn
    /// Anything (a malformed CSV stops the reading before some split points).
    case any
  }

  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    var expected: Expected
    var testDescription: String { name }
  }

  static let plain = """
    date,with,kind,summary
    2026-01-01,Ann,call,hi
    2026-01-02,Bob;Cy,meeting,lunch
    2026-01-03,Ann,video,catch-up
    2026-01-04,Dee,message,
    2026-01-05,Cy;Ann,email,note
    2026-01-06,Eve,other,x

    """

  static let cases: [Case] = [
    Case(name: "plain rows", text: plain, expected: .joins),
    Case(
      name: "quoted fields with line breaks",
      text: """
        date,with,summary
        2026-01-01,Ann,"two
        lines"
        2026-01-02,Bob,plain
        2026-01-03,"Cy
        ",x
        2026-01-04,Dee,"a\r\nb"
        2026-01-05,Eve,"many

        lines, ""quoted""
        here"
        2026-01-06,Ann,end

        """,
      expected: .readsOn),
    Case(
      name: "CRLF line ends", text: plain.replacingOccurrences(of: "\n", with: "\r\n"),
      expected: .joins),
    Case(
      name: "CR line ends", text: plain.replacingOccurrences(of: "\n", with: "\r"),
      expected: .joins),
    Case(
      name: "mixed line ends",
      text: "date,with\r\n2026-01-01,Ann\r2026-01-02,Bob\n2026-01-03,Cy\r\n2026-01-04,Dee\r",
      expected: .joins),
    Case(name: "a byte-order mark", text: "\u{FEFF}" + plain, expected: .joins),
    Case(
      name: "a lone CR in a quoted field puts the counted lines off by one",
      text: "date,with,summary\n2026-01-01,Eve,\n2026-01-01,Fay,\n2026-01-01,Ann,\"a\rb\"\n"
        + "2026-01-02,Bob,x\n2026-01-03,Cy,y\n2026-01-04,Bob,no date below\n,Dee,z\n",
      expected: .readsOn),
    Case(
      name: "identical rows on both sides",
      text: """
        date,with,kind,summary
        2026-01-01,Ann,call,same
        2026-01-01,Ann,call,same
        2026-01-02,Bob,call,other
        2026-01-01,ann,call,same
        2026-01-01,Ann,call,same
        2026-01-02,Bob,call,other
        2026-01-01,ANN,Call,same
        2026-01-02,Bob,call,other

        """,
      expected: .joins),
    Case(
      name: "people first seen late, and seen on both sides",
      text: """
        date,with,by
        2026-01-01,Ann;Bob,Ann
        2026-01-02,ann,
        2026-01-03,Cy;ANN,Cy
        2026-01-04,Bob Lee;bob  lee,Dee
        2026-01-05,Zoë;Zoe\u{308},dee
        2026-01-06,Fay,Gus
        2026-01-07,fay;Ann,gus
        2026-01-08,Hal,Ivy

        """,
      expected: .joins),
    Case(
      name: "emails and me",
      text: """
        date,with,by
        2026-01-01,me;ann@example.com,me
        2026-01-02,Ann@Example.com,Me
        2026-01-03,Me;bob@example.com,bob@example.com
        2026-01-04,BOB@example.com;ME,
        2026-01-05,cy@example.com,Cy@Example.com
        2026-01-06,me,

        """,
      expected: .joins),
    Case(
      name: "an id column",
      text: """
        id,date,with,summary
        a,2026-01-01,Ann,same
        ,2026-01-01,Ann,same
        a,2026-01-01,Ann,same
        b,2026-01-02,Bob,x
        ,2026-01-01,Ann,same
        ,2026-01-02,Bob,x
        c,2026-01-02,Bob,x

        """,
      expected: .joins),
    Case(
      name: "bad rows on both sides",
      text: """
        date,with,kind,follow up
        soon,Ann,call,
        2026-01-01,Ann,meet,
        2026-01-02,,call,
        2026-01-03,Bob,call,later
        2026-01-04,;,call,
        2026-01-05,Cy,call,2026-02-01
        2026-02-30,Dee,call,
        2026-01-06,Eve,CALLS,
        2026-01-07,,,

        """,
      expected: .joins),
    Case(
      name: "an unterminated quote early",
      text: "date,with\n2026-01-01,Ann\n2026-01-02,\"Bob\n2026-01-03,Cy\n2026-01-04,Dee\n",
      expected: .any),
    Case(
      name: "an unterminated quote late",
      text: "date,with\n2026-01-01,Ann\n2026-01-02,Bob\n2026-01-03,Cy\n2026-01-04,\"Dee\n",
      expected: .any),
    Case(
      name: "text after a closing quote early and late",
      text:
        "date,with\n2026-01-01,\"Ann\"x\n2026-01-02,Bob\n2026-01-03,Cy\n2026-01-04,\"Dee\"y\n",
      expected: .any),
    Case(
      name: "text after a closing quote late, and a quote never closed",
      text: "date,with\n2026-01-01,Ann\n2026-01-02,Bob\n2026-01-03,\"Cy\"z\n2026-01-04,\"Dee\n",
      expected: .any),
    Case(name: "the header alone", text: "date,with\n", expected: .any),
    Case(name: "the header alone, without a line end", text: "date,with", expected: .any),
    Case(
      name: "one row: fewer rows than segments", text: "date,with\n2026-01-01,Ann\n",
      expected: .any),
    Case(
      name: "blank lines", text: "\n\ndate,with\n\n2026-01-01,Ann\n\n\n2026-01-02,Bob\n\n",
      expected: .joins),
    Case(
      name: "no line end after the last row",
      text: "date,with\n2026-01-01,Ann\n2026-01-02,Bob\n2026-01-03,Cy", expected: .joins),
    Case(
      name: "a header that lacks the columns",
      text: "date,who\n2026-01-01,Ann\n2026-01-02,Bob\n", expected: .any),
    Case(
      name: "a header that lacks the columns, and a malformed CSV after it",
      text: "date,who\n2026-01-01,Ann\n2026-01-02,\"Bob\n2026-01-03,Cy\n", expected: .any),
    Case(name: "a people file", text: "name,email\nAnn,a@x.org\nBob,b@x.org\n", expected: .any),
  ]

  @Test("a split anywhere gives the serial reading", arguments: cases)
  func splitAnywhere(_ c: Case) {
    let comparison = Self.compare(c.text, splits: Self.sweep(c.text))
    #expect(comparison.disagreements.isEmpty, "\(comparison.disagreements.prefix(3))")
    switch c.expected {
    case .joins:
      #expect(comparison.outcome.joined > 0)
      #expect(comparison.outcome.readOn == 0)
    case .readsOn:
      #expect(comparison.outcome.joined > 0)
      #expect(comparison.outcome.readOn > 0)
    case .any: break
    }
  }

  @Test func withoutTheEgoToo() {
    for c in Self.cases {
      let comparison = Self.compare(c.text, splits: Self.sweep(c.text), includeEgo: false)
      #expect(comparison.disagreements.isEmpty, "\(comparison.disagreements.prefix(3))")
    }
  }

  @Test func identicalRowsCountOnAcrossTheSplit() throws {
    let text = "date,with\n2026-01-01,Ann\n2026-01-01,Ann\n2026-01-01,Ann\n"
    // The split after the second row (near its line feed): the second segment reads the third.
    let offset = text.utf8.count - "2026-01-01,Ann\n".utf8.count - 1
    let reading = Self.parse(text, split: .near([offset]))
    #expect(reading.outcome == GenericCSVReader._SplitOutcome(joined: 1, readOn: 0))
    let ids = try reading.result.get().interactions.map(\.sourceID)
    #expect(ids.map { $0.split(separator: "|").last } == ["1", "2", "3"])
    #expect(Set(ids.map { $0.split(separator: "|").first }).count == 1)
  }

  /// Thousands of rows drawn from a few hundred contents, read serially and in segments:
  /// every id's occurrence is the count of its content so far in file order, counted here by
  /// a dictionary of the ids' digests (the reader numbers them with a radix sort at the end).
  @Test func identicalRowsAreNumberedInFileOrderAtScale() throws {
    var rng = SeededGenerator(seed: 23)
    var text = "date,with,kind,summary\n"
    for _ in 0..<6_000 {
      let day = Int.random(in: 1...9, using: &rng)
      let who = ["Ann", "Bob", "Ann;Bob", "Cy"][Int.random(in: 0..<4, using: &rng)]
      let kind = ["call", "email"][Int.random(in: 0..<2, using: &rng)]
      text += "2026-03-0\(day),\(who),\(kind),note \(Int.random(in: 0..<10, using: &rng))\n"
    }
    for split in [GenericCSVReader._Split.serial, .near([1_000, 90_000, 150_000])] {
      let batch = try GenericCSVReader.parse(
        text, path: "x.csv", kind: nil, includeEgo: true, now: Date(timeIntervalSince1970: 0),
        byteRows: true, split: split)
      #expect(batch.interactions.count == 6_000)
      var seen: [Substring: Int] = [:]
      var numbered = 0
      for interaction in batch.interactions {
        let parts = interaction.sourceID.split(separator: "|")
        seen[parts[0], default: 0] += 1
        if parts.last == Substring(String(seen[parts[0]] ?? 0)) { numbered += 1 }
      }
      #expect(numbered == 6_000, "\(split)")
      #expect(seen.count < 1_000 && seen.values.contains { $0 > 10 })
    }
  }

  @Test func aPersonKeepsTheFirstSighting() throws {
    let text = "date,with\n2026-01-01,Ann\n2026-01-02,ANN;Bob\n2026-01-03,bob\n"
    let offset = text.utf8.count - "2026-01-02,ANN;Bob\n2026-01-03,bob\n".utf8.count - 1
    let reading = Self.parse(text, split: .near([offset]))
    #expect(reading.outcome.joined == 1)
    let people = try reading.result.get().people
    #expect(people.map(\.name) == ["Ann", "Bob"])
    #expect(people.map(\.location.line) == [2, 3])
  }

  @Test func aMalformedCSVInTheSecondSegmentIsReportedWhereTheSerialReadingReportsIt() {
    let text = "date,with\n2026-01-01,Ann\n2026-01-02,Bob\n2026-01-03,\"Cy\"x\n"
    let offset = text.utf8.count - "2026-01-03,\"Cy\"x\n".utf8.count - 1
    let reading = Self.parse(text, split: .near([offset]))
    #expect(reading.outcome == GenericCSVReader._SplitOutcome(joined: 1, readOn: 0))
    #expect(
      throws: ImportError(
        path: "dir/x.csv",
        location: SourceLocation(path: "dir/x.csv", line: 4, column: 16),
        message: "text after a closing quote; double a quote inside a quoted field (\"\")")
    ) { try reading.result.get() }
  }

  // MARK: Random files

  /// A random interactions file: columns in any order, LF, CRLF or CR line ends, a byte-order
  /// mark, people who first appear anywhere (emails and `me` among them), identical rows,
  /// blank lines, bad values, quoted fields with line breaks (in one file in three unless
  /// `lineBreaks` says), and a malformed CSV in about one row in `malformed`.
  static func randomFile(
    _ rng: inout SeededGenerator, rows: Int, lineBreaks: Bool? = nil, malformed: Int = 400
  ) -> String {
    func pick(_ list: [String]) -> String { list[Int.random(in: 0..<list.count, using: &rng)] }
    func chance(_ n: Int) -> Bool { Int.random(in: 0..<n, using: &rng) == 0 }
    var columns = [chance(2) ? "date" : "When", chance(2) ? "with" : "Participants"]
    for column in ["kind", "by", "summary", "channel", "follow up", "id"] where chance(2) {
      columns.append(column)
    }
    columns.shuffle(using: &rng)
    let lineEnd = pick(["\n", "\r\n", "\r"])
    let lineBreaks = lineBreaks ?? chance(3)
    let people = [
      "Ann", "ann", "ANN", "Bob Lee", "bob  lee", "bob@example.com", "Bob@Example.COM", "me",
      "Me", "Zoë", "Zoe\u{308}", "Cy", "Dee", "Eve", "Fay", "Gus", "Hal", "Ivy", "李小龍",
    ]
    let summaries =
      ["hi", "same", "a \"quote\"", "x, y", ""]
      + (lineBreaks ? ["two\nlines", "cr\r\nlf", "lone\rcr", "\n"] : [])
    func value(_ column: String, row: Int) -> String {
      switch column {
      case "date", "When":
        return chance(20)
          ? pick(["soon", "2026-02-30", ""])
          : pick(["2026-01-01", "2026-01-02 10:00:00 UTC", "05 Dec 2025"])
      case "with", "Participants":
        // People appear as the file goes on: later rows may name people not seen before.
        let known = max(1, people.count * (row + 1) / rows)
        if chance(25) { return pick(["", ";", " "]) }
        return (0...Int.random(in: 0...2, using: &rng)).map { _ in
          people[Int.random(in: 0..<known, using: &rng)]
        }.joined(separator: ";")
      case "kind": return chance(15) ? "meet" : pick(["call", "Meeting", "", "video"])
      case "by": return chance(2) ? "" : pick(people)
      case "summary": return pick(summaries)
      case "channel": return pick(["", "zoom", "phone"])
      case "follow up": return chance(15) ? "later" : pick(["", "2026-03-01"])
      case "id": return chance(2) ? "" : pick(["a", "b", "c"])
      default: return ""
      }
    }
    func quoted(_ value: String) -> String {
      if value.contains(where: { ",\"\r\n".contains($0) }) || chance(8) {
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
      }
      return value
    }
    var text = (chance(5) ? "\u{FEFF}" : "") + columns.joined(separator: ",") + lineEnd
    var written: [String] = []
    for row in 0..<rows {
      var line: String
      if !written.isEmpty && chance(5) {
        line = pick(written)  // an identical row
      } else if chance(30) {
        line = ""  // a blank line
      } else {
        line = columns.map { quoted(value($0, row: row)) }.joined(separator: ",")
        written.append(line)
      }
      if chance(malformed) { line += pick([",\"never closed", ",\"Ann\"x"]) }
      text += line + lineEnd
    }
    if chance(10) { text.removeLast(lineEnd.utf8.count) }
    return text
  }

  @Test func randomFilesGiveTheSerialReadingWhereverTheyAreSplit() {
    var rng = SeededGenerator(seed: 2026_05_14)
    var comparison = Comparison()
    for _ in 0..<150 {
      let text = Self.randomFile(&rng, rows: Int.random(in: 0...30, using: &rng))
      let bytes = Array(text.utf8)
      // Near every line end, and a few random sets of split points.
      var splits: [GenericCSVReader._Split] = bytes.indices.filter {
        bytes[$0] == 0x0A || bytes[$0] == 0x0D
      }.map { .near([$0]) }
      for _ in 0..<5 {
        splits.append(
          .near(
            (0..<Int.random(in: 1...4, using: &rng)).map { _ in
              Int.random(in: 0...bytes.count, using: &rng)
            }))
      }
      splits += (2...5).map { .segments($0) }
      comparison.add(
        Self.compare(text, splits: splits, includeEgo: Int.random(in: 0..<4, using: &rng) != 0))
    }
    #expect(comparison.disagreements.isEmpty, "\(comparison.disagreements.prefix(3))")
    // Both ways of going on at a split point were taken.
    #expect(comparison.outcome.joined > 1_000)
    #expect(comparison.outcome.readOn > 100)
  }

  @Test func thousandsOfRowsWithSeveralSplitPoints() throws {
    var rng = SeededGenerator(seed: 77)
    var comparison = Comparison()
    for k in 0..<4 {
      let text = Self.randomFile(&rng, rows: 3_000, lineBreaks: k % 2 == 1, malformed: 10_000)
      let count = text.utf8.count
      var splits: [GenericCSVReader._Split] = (2...7).map { .segments($0) }
      for _ in 0..<4 {
        splits.append(
          .near(
            (0..<Int.random(in: 1...6, using: &rng)).map { _ in
              Int.random(in: 0..<count, using: &rng)
            }))
      }
      comparison.add(Self.compare(text, splits: splits))
    }
    #expect(comparison.disagreements.isEmpty, "\(comparison.disagreements.prefix(1))")
    #expect(comparison.outcome.joined > 50)
    #expect(comparison.outcome.readOn > 0)
  }

  @Test func aLargeFileIsReadInSegmentsWhenCoresAllow() throws {
    var text = "date,with,kind,summary\n"
    var k = 0
    while text.utf8.count < GenericCSVReader.parallelMinimumBytes {
      text += "2026-01-\(10 + k % 20),Person \(k % 997);Person \(k % 13),call,note \(k % 5000)\n"
      k += 1
    }
    let serial = try GenericCSVReader.parse(
      text, path: "dir/x.csv", kind: nil, includeEgo: true, now: Self.now, byteRows: true)
    let parallel = try GenericCSVReader.parse(text, path: "dir/x.csv", now: Self.now)
    #expect(parallel == serial)
    #expect(serial.interactions.count == k)
    if ProcessInfo.processInfo.activeProcessorCount > 1 {
      let segments = min(
        ProcessInfo.processInfo.activeProcessorCount, GenericCSVReader.maximumSegments)
      let reading = Self.parse(text, split: GenericCSVReader.split(for: text))
      #expect(reading.outcome.joined == segments - 1)
    }
    // Below the threshold, and for other kinds of file, the serial reading.
    if case .serial = GenericCSVReader.split(for: Self.plain) {} else { Issue.record() }
  }
}
