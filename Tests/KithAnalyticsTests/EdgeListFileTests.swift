import Foundation
import KithImport
import KithTestSupport
import Testing

@testable import KithAnalytics

@Suite("EdgeListFile")
struct EdgeListFileTests {
  typealias Edge = WeightedGraph.Edge

  func parse(_ text: String, parts: Int = 1) throws(EdgeListFileError) -> EdgeListFile {
    try EdgeListFile.parse(Data(text.utf8), path: "edges.csv", parts: parts)
  }

  func error(_ text: String, parts: Int = 1) -> String? {
    do {
      _ = try parse(text, parts: parts)
      return nil
    } catch {
      return error.description
    }
  }

  @Test func namesInOrderOfFirstAppearanceAndWeights() throws {
    let file = try parse("source,target,weight\nann,bob,2\nbob,cy,0.5\ndee,ann,\n")
    #expect(file.names == ["ann", "bob", "cy", "dee"])
    #expect(file.records == 3)
    #expect(
      file.graph
        == WeightedGraph(
          nodeCount: 4,
          edges: [Edge(0, 1, weight: 2), Edge(1, 2, weight: 0.5), Edge(3, 0, weight: 1)]))
  }

  @Test func columnsByNameInAnyOrderWithExtraColumnsAndNoWeight() throws {
    let file = try parse("Date,To,From,note\n2024-01-01,b,a,x\n2024-01-02,c,a,y\n")
    // Within a record the source comes first.
    #expect(file.names == ["a", "b", "c"])
    #expect(file.graph.weight(between: 0, and: 1) == 1)
    #expect(file.graph.weight(between: 0, and: 2) == 1)
    #expect(file.graph.edgeCount == 2)
  }

  @Test func quotedFieldsWithCommasQuotesAndLineBreaks() throws {
    let text =
      "source,target,weight\n"
      + "\"Smith, Ann\",\"Bob \"\"the builder\"\"\",3\n"
      + "\"Smith, Ann\", \"two\nlines\" ,\"1.5\"\n"
      + "Bob \"the builder\",x,1"
    let file = try parse(text)
    #expect(file.names == ["Smith, Ann", "Bob \"the builder\"", "two\nlines", "x"])
    #expect(file.graph.weight(between: 0, and: 1) == 3)
    #expect(file.graph.weight(between: 0, and: 2) == 1.5)
    #expect(file.graph.edgeCount == 3)
  }

  @Test func crlfBlankLinesSpacesAndNoFinalLineBreak() throws {
    let file = try parse("\r\nsource,target,weight\r\n a , b ,2\r\n\r\nb,c,3")
    #expect(file.names == ["a", "b", "c"])
    #expect(file.graph.weight(between: 0, and: 1) == 2)
    #expect(file.graph.weight(between: 1, and: 2) == 3)
  }

  @Test func selfLoopsDroppedAndDuplicatesSummedInFileOrder() throws {
    let file = try parse("source,target,weight\na,a,5\na,b,0.1\nb,a,0.2\na,b,0.3\n")
    #expect(file.records == 4)
    #expect(file.graph.edgeCount == 1)
    #expect(file.graph.weight(between: 0, and: 1) == (0.1 + 0.2) + 0.3)
  }

  @Test func weightsAreParsedExactly() throws {
    let weights = [
      "0.1", "2.675", "123456789012345", "1234567890123456789", "0.000000000000000000001",
      "1e3", "1.5E-7", "007.50", "3.", "+2", "179769313486231570000000000000000000000000",
    ]
    var text = "source,target,weight\n"
    for (i, w) in weights.enumerated() { text += "n\(i),m\(i),\(w)\n" }
    let file = try parse(text)
    for (i, w) in weights.enumerated() {
      let expected = Double(w) ?? Double(w + "0")!
      #expect(file.graph.weight(between: Int32(2 * i), and: Int32(2 * i + 1)) == expected, "\(w)")
    }
  }

  @Test func aHeaderAloneIsAnEmptyGraph() throws {
    let file = try parse("source,target,weight\r\n\r\n")
    #expect(file.names.isEmpty)
    #expect(file.records == 0)
    #expect(file.graph == WeightedGraph(nodeCount: 0, edges: []))
  }

  @Test func badRecordsAreLocated() {
    #expect(error("") == "edges.csv: the file is empty")
    #expect(error("\n\n") == "edges.csv: the file is empty")
    #expect(
      error("from,weight\na,1\n")
        == "edges.csv:1:1: the header must name a source and a target column (source,target[,weight])"
    )
    #expect(error("source,target\na,b\nc\n") == "edges.csv:3:2: target: missing")
    #expect(error("source,target\na,b\n,c\n") == "edges.csv:3:1: source: missing")
    #expect(
      error("source,target,weight\na,b,1\r\nc,d,-1\r\n")
        == "edges.csv:3:5: weight: '-1' is not a finite number ≥ 0")
    #expect(
      error("source,target,weight\na,b,nan\n")
        == "edges.csv:2:5: weight: 'nan' is not a finite number ≥ 0")
    #expect(
      error("source,target,weight\na,b,1e999\n")
        == "edges.csv:2:5: weight: '1e999' is not a finite number ≥ 0")
    #expect(
      error("source,target,weight\n\"a\nb\",c,1\nd,e,x\n")
        == "edges.csv:4:5: weight: 'x' is not a finite number ≥ 0")
  }

  struct QuoteCase: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    var message: String
    var testDescription: String { name }
  }

  // The loader said only "text after a closing quote", and took a quote never closed for a
  // name running to the end of the file.
  static let quoteCases = [
    QuoteCase(
      name: "text after a closing quote", text: "source,target\n\"a\"b,c\n",
      message:
        "edges.csv:2:4: text after a closing quote; double a quote inside a quoted field (\"\")"),
    QuoteCase(
      name: "in a later field, after a field over two lines",
      text: "source,target\n\"a\nb\",\"c\"d\n",
      message:
        "edges.csv:3:7: text after a closing quote; double a quote inside a quoted field (\"\")"),
    QuoteCase(
      name: "a quote never closed", text: "source,target\na,b\nc,\"d\ne,f\n",
      message: "edges.csv:3:3: a quoted field is never closed"),
    QuoteCase(
      name: "a stray quote closes a field opened lines before",
      text: "source,target\n\"ann,bob\ncy,dee\nx,\"y\"z\n",
      message:
        "edges.csv:2:1: a quoted field opened here is not closed properly (the next quote is on line 4); close it, or double a quote inside it (\"\")"
    ),
    QuoteCase(
      name: "in the header, after blank lines", text: "\n\nsource,\"target\"s\na,b\n",
      message:
        "edges.csv:3:16: text after a closing quote; double a quote inside a quoted field (\"\")"),
    QuoteCase(
      name: "never closed in the header", text: "source,\"target\na,b\n",
      message: "edges.csv:1:8: a quoted field is never closed"),
  ]

  @Test("a quote out of place is reported as `kith import edges` reports it", arguments: quoteCases)
  func quoteOutOfPlace(_ c: QuoteCase) throws {
    #expect(error(c.text) == c.message)
    // `kith import edges` (KithImport's CSV reader) says the same.
    #expect(throws: ImportError.self) { try EdgeListReader.parse(c.text, path: "edges.csv") }
    do {
      _ = try EdgeListReader.parse(c.text, path: "edges.csv")
    } catch {
      #expect(error.description == c.message)
    }
  }

  @Test func theFirstBadLineIsReportedAcrossParallelParts() {
    var text = "source,target,weight\n"
    for i in 0..<20_000 { text += "p\(i % 997),q\(i % 1009),\(i % 7 + 1)\n" }
    text += "a,b,oops\n"
    for i in 0..<20_000 { text += "p\(i),q\(i),1\n" }
    text += "c,d,-2\n"
    #expect(
      error(text, parts: 4) == "edges.csv:20002:5: weight: 'oops' is not a finite number ≥ 0")
  }

  @Test func parallelPartsGiveTheSameGraphAndNames() throws {
    var generator = SystemRandomNumberGenerator()
    var text = "source,target,weight\r\n"
    for _ in 0..<60_000 {
      let a = Int.random(in: 0..<5000, using: &generator)
      let b = Int.random(in: 0..<5000, using: &generator)
      let w = Double(Int.random(in: 1...999, using: &generator)) / 100
      text += "node \(a),node \(b),\(w)\r\n"
    }
    let one = try parse(text, parts: 1)
    for parts in [2, 3, 8] {
      let many = try parse(text, parts: parts)
      #expect(many.names == one.names)
      #expect(many.graph == one.graph)
    }
    // And the same as building the graph from the same edges by hand.
    var index: [String: Int32] = [:]
    var edges: [Edge] = []
    for line in text.split(separator: "\r\n").dropFirst() {
      let f = line.split(separator: ",")
      func id(_ s: Substring) -> Int32 {
        if let i = index[String(s)] { return i }
        index[String(s)] = Int32(index.count)
        return Int32(index.count - 1)
      }
      let (a, b) = (id(f[0]), id(f[1]))
      edges.append(Edge(a, b, weight: Double(f[2])!))
    }
    #expect(one.graph == WeightedGraph(nodeCount: index.count, edges: edges))
  }

  // MARK: Names that are numbers (numbered through a dense array)

  struct NumericCase: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    var names: [String]
    var testDescription: String { name }
  }

  static let numericCases: [NumericCase] = [
    NumericCase(
      name: "numbers in order of first appearance", text: "source,target\n7,3\n3,0\n12,7\n",
      names: ["7", "3", "0", "12"]),
    NumericCase(
      name: "a leading zero is another name", text: "source,target\n7,07\n007,7\n",
      names: ["7", "07", "007"]),
    NumericCase(
      name: "a name that is not a number after numbers",
      text: "source,target\n1,2\n2,x\n-1,1\n", names: ["1", "2", "x", "-1"]),
    NumericCase(
      name: "values too sparse for an array", text: "source,target\n2147483647,5\n9,5\n",
      names: ["2147483647", "5", "9"]),
    NumericCase(
      name: "beyond 32 bits", text: "source,target\n99999999999,1\n1,4294967296\n",
      names: ["99999999999", "1", "4294967296"]),
    NumericCase(
      name: "quoted and spaced numbers", text: "source,target\n\"4\", 5 \n5,4\n",
      names: ["4", "5"]),
  ]

  @Test(arguments: numericCases)
  func numericNames(_ c: NumericCase) throws {
    let file = try parse(c.text)
    #expect(file.names == c.names)
    // The same graph as with names that are not numbers.
    let renamed = try parse(c.text.replacingOccurrences(of: "target\n", with: "target\nz,z\n"))
    #expect(renamed.names == ["z"] + c.names)
    #expect(
      renamed.graph.edgeList().map { Edge($0.source - 1, $0.target - 1, weight: $0.weight) }
        == file.graph.edgeList())
  }

  @Test func numericNamesAcrossParallelParts() throws {
    var generator = SystemRandomNumberGenerator()
    var text = "source,target,weight\n"
    for _ in 0..<60_000 {
      let a = Int.random(in: 0..<5000, using: &generator)
      let b = Int.random(in: 0..<5000, using: &generator)
      text += "\(a),\(b),\(Int.random(in: 1...9, using: &generator))\n"
    }
    let one = try parse(text, parts: 1)
    let hashed = try parse(text.replacingOccurrences(of: "weight\n", with: "weight\nz,z,1\n"))
    #expect(["z"] + one.names == hashed.names)
    for parts in [2, 3, 8] {
      let many = try parse(text, parts: parts)
      #expect(many.names == one.names)
      #expect(many.graph == one.graph)
    }
  }

  /// Plain numeric lines are read in one go; every other line field by field. On random files
  /// mixing plain lines with every near miss (spaces, signs, leading zeros, exponents, long
  /// weights, missing, empty and extra fields, CR, blank lines), both readings give the same
  /// names, graph and record count, or the same error.
  @Test(arguments: 0..<40)
  func plainLinesReadAsFieldByField(seed: Int) {
    var rng = SeededGenerator(seed: UInt64(seed))
    let headers = [
      "source,target,weight", "source,target", "Source,Target,Strength", "target,source,weight",
      "source,target,weight,note",
    ]
    let names = [
      "0", "1", "7", "42", "007", "-3", "+4", " 5", "6 ", "2147483647", "2147483648", "x",
    ]
    let weights = [
      "1", "2.5", "0.125", "10.", "007", "1e3", "-1", "", " 3", "3 ", "123456789012345",
      "1234567890123456", "1.2.3", ".", ".5", "oops",
    ]
    let endings = ["\n", "\r\n", "\r"]
    func pick(_ xs: [String]) -> String { xs[Int.random(in: 0..<xs.count, using: &rng)] }
    func plainName() -> String { String(Int.random(in: 0..<300, using: &rng)) }
    var text = pick(headers) + "\n"
    for _ in 0..<Int.random(in: 0...400, using: &rng) {
      let roll = Int.random(in: 0..<100, using: &rng)
      let (a, b) = (plainName(), plainName())
      let w = String(Double(Int.random(in: 0...999, using: &rng)) / 8)
      switch roll {
      case 0..<70: text += "\(a),\(b),\(w)"
      case 70..<75: text += "\(a),\(b)"
      case 75..<85: text += "\(pick(names)),\(pick(names)),\(pick(weights))"
      case 85..<90: text += "\(a),\(b),\(w),\(pick(weights))"
      case 90..<93: text += ""
      case 93..<96: text += "\(a),\(b),"
      default: text += pick(names)
      }
      // A CR alone only where a line break may end the record; mostly LF.
      text += roll < 60 ? "\n" : pick(endings)
    }
    if Bool.random(using: &rng) { text.removeLast() }
    let data = Data(text.utf8)
    for parts in [1, 3] {
      let fast = Result { () throws(EdgeListFileError) in
        try EdgeListFile.parse(data, path: "e.csv", parts: parts, plainLines: true)
      }
      let slow = Result { () throws(EdgeListFileError) in
        try EdgeListFile.parse(data, path: "e.csv", parts: parts, plainLines: false)
      }
      switch (fast, slow) {
      case (.success(let f), .success(let s)):
        #expect(f.names == s.names)
        #expect(f.graph == s.graph)
        #expect(f.records == s.records)
      case (.failure(let f), .failure(let s)):
        #expect(f.description == s.description)
      default:
        Issue.record("plain-line reading and field-by-field reading differ: \(fast) vs \(slow)")
      }
    }
  }

  @Test func loadReadsAFileAndNamesAMissingOne() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "kith-edges-\(UUID().uuidString).csv")
    try Data("source,target\nx,y\n".utf8).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    let file = try EdgeListFile.load(path: url.path)
    #expect(file.names == ["x", "y"])
    #expect(throws: EdgeListFileError.self) {
      try EdgeListFile.load(path: url.path + ".missing")
    }
  }
}
