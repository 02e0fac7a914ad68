import KithExport
import Testing

@Suite("DOTGraph.render")
struct DOTWriterTests {
  @Test func smallDirectedGraphGolden() {
    let graph = DOTGraph(
      name: "kith",
      graphAttributes: ["rankdir": "LR", "label": "My network"],
      nodeDefaults: ["shape": "box", "fontname": "Helvetica"],
      edgeDefaults: ["color": "#999999"],
      nodes: [
        DOTNode(id: "jane-doe", attributes: ["label": "Jane \"JD\" Doe", "width": "1.5"]),
        DOTNode(id: "max"),
      ],
      edges: [
        DOTEdge(from: "jane-doe", to: "max", attributes: ["penwidth": "2", "style": "dashed"])
      ]
    )
    #expect(
      graph.render() == """
        digraph kith {
          graph [label="My network", rankdir=LR];
          node [fontname=Helvetica, shape=box];
          edge [color="#999999"];
          "jane-doe" [label="Jane \\"JD\\" Doe", width=1.5];
          max;
          "jane-doe" -> max [penwidth=2, style=dashed];
        }

        """)
  }

  @Test func undirectedAnonymousGraphUsesDoubleDash() {
    let graph = DOTGraph(directed: false, edges: [DOTEdge(from: "a", to: "b")])
    #expect(graph.render() == "graph {\n  a -- b;\n}\n")
  }

  @Test func emptyGraph() {
    #expect(DOTGraph().render() == "digraph {\n}\n")
    #expect(DOTGraph(name: "").render() == "digraph \"\" {\n}\n")
  }

  @Test func attributesAreSortedByKeyWhateverTheInsertionOrder() {
    var first: [String: String] = [:]
    var second: [String: String] = [:]
    let keys = ["z", "a", "m", "color", "B", "_x", "label", "penwidth"]
    for key in keys { first[key] = key + "!" }
    for key in keys.reversed() { second[key] = key + "!" }
    let one = DOTGraph(nodes: [DOTNode(id: "n", attributes: first)]).render()
    let two = DOTGraph(nodes: [DOTNode(id: "n", attributes: second)]).render()
    #expect(one == two)
    let expected =
      #"n [B="B!", _x="_x!", a="a!", color="color!", label="label!", m="m!", "#
      + #"penwidth="penwidth!", z="z!"];"#
    #expect(one.contains(expected))
  }

  @Test func nodesAndEdgesKeepTheirOrder() {
    let graph = DOTGraph(
      nodes: [DOTNode(id: "c"), DOTNode(id: "a"), DOTNode(id: "b")],
      edges: [DOTEdge(from: "c", to: "a"), DOTEdge(from: "a", to: "b")])
    #expect(graph.render() == "digraph {\n  c;\n  a;\n  b;\n  c -> a;\n  a -> b;\n}\n")
  }
}

@Suite("DOTQuoting")
struct DOTQuotingTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var why: String
    var input: String
    var asID: String
    var asText: String
    var testDescription: String { why }
  }

  static let cases: [Case] = [
    Case(why: "identifier", input: "jane_doe2", asID: "jane_doe2", asText: "jane_doe2"),
    Case(why: "number", input: "-12.5", asID: "-12.5", asText: "-12.5"),
    Case(why: "leading dot number", input: ".5", asID: ".5", asText: ".5"),
    Case(why: "trailing dot", input: "1.", asID: #""1.""#, asText: #""1.""#),
    Case(why: "two dots", input: "1.2.3", asID: #""1.2.3""#, asText: #""1.2.3""#),
    Case(why: "lone minus", input: "-", asID: #""-""#, asText: #""-""#),
    Case(why: "digit first", input: "2nd", asID: #""2nd""#, asText: #""2nd""#),
    Case(why: "hyphen", input: "jane-doe", asID: #""jane-doe""#, asText: #""jane-doe""#),
    Case(why: "keyword", input: "subgraph", asID: #""subgraph""#, asText: #""subgraph""#),
    Case(why: "keyword any case", input: "DiGraph", asID: #""DiGraph""#, asText: #""DiGraph""#),
    Case(why: "empty", input: "", asID: #""""#, asText: #""""#),
    Case(why: "non-ASCII letters", input: "Zoë", asID: #""Zoë""#, asText: #""Zoë""#),
    Case(why: "quote", input: #"say "hi""#, asID: #""say \"hi\"""#, asText: #""say \"hi\"""#),
    Case(why: "backslash", input: #"a\b"#, asID: #""a\\b""#, asText: #""a\\b""#),
    Case(why: "trailing backslash", input: #"a\"#, asID: #""a\\""#, asText: #""a\\""#),
    Case(why: "label escape", input: #"\N"#, asID: #""\\N""#, asText: #""\\N""#),
    Case(why: "ampersand", input: "R&D", asID: #""R&amp;D""#, asText: #""R&amp;D""#),
    Case(why: "line feed", input: "a\nb", asID: #""a\nb""#, asText: #""a\nb""#),
    Case(why: "CR LF", input: "a\r\nb", asID: #""a\r\nb""#, asText: #""a\nb""#),
    Case(why: "lone CR", input: "a\rb", asID: #""a\rb""#, asText: #""a\nb""#),
    Case(why: "CR CR LF", input: "a\r\r\nb", asID: #""a\r\r\nb""#, asText: #""a\n\nb""#),
    Case(why: "NUL", input: "a\u{0}b", asID: "\"a\\\u{FFFD}b\"", asText: "\"a\u{FFFD}b\""),
    Case(why: "less-than", input: "<b>", asID: #""<b>""#, asText: #""<b>""#),
    Case(why: "emoji", input: "🎉", asID: #""🎉""#, asText: #""🎉""#),
    Case(why: "right-to-left", input: "שלום", asID: #""שלום""#, asText: #""שלום""#),
    Case(why: "tab kept", input: "a\tb", asID: "\"a\tb\"", asText: "\"a\tb\""),
  ]

  @Test(arguments: cases)
  func quoting(_ example: Case) {
    #expect(DOTQuoting.id(example.input) == example.asID)
    #expect(DOTQuoting.text(example.input) == example.asText)
  }

  /// Whatever the input, the written form never holds a raw line break or NUL, and every
  /// quote inside it is escaped, so one statement stays on one line.
  @Test(arguments: cases)
  func writtenFormIsOneSafeLine(_ example: Case) {
    for written in [DOTQuoting.id(example.input), DOTQuoting.text(example.input)] {
      #expect(!written.unicodeScalars.contains { $0 == "\n" || $0 == "\r" || $0 == "\0" })
      guard written.hasPrefix("\"") else { continue }
      let inner = written.unicodeScalars.dropFirst().dropLast()
      var escaped = false
      for scalar in inner {
        if escaped {
          escaped = false
        } else if scalar == "\\" {
          escaped = true
        } else {
          #expect(scalar != "\"", "unescaped quote in \(written)")
        }
      }
      #expect(!escaped, "dangling backslash before the closing quote in \(written)")
    }
  }

  @Test func veryLongStringIsWrittenWhole() {
    let long = String(repeating: "é\"\\", count: 30_000)
    let written = DOTQuoting.text(long)
    #expect(written.unicodeScalars.count == 30_000 * 5 + 2)
  }
}
