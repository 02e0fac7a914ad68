import Foundation
import KithExport
import KithTestSupport
import Testing

@testable import KithRender

/// `DOTGraph` output read back by Graphviz itself: the counts must match and the text Graphviz
/// draws must be exactly the string that went in.
@Suite("DOTGraph read back by Graphviz")
struct DOTRoundTripTests {
  struct Name: CustomTestStringConvertible, Sendable {
    var why: String
    var text: String
    var testDescription: String { why }
  }

  static let weirdNames: [Name] = [
    Name(why: "plain", text: "alice"),
    Name(why: "keyword", text: "node"),
    Name(why: "keyword in capitals", text: "Graph"),
    Name(why: "number", text: "42"),
    Name(why: "leading zeros", text: "007"),
    Name(why: "negative decimal", text: "-3.5"),
    Name(why: "not a number", text: "1.2.3"),
    Name(why: "space", text: "Jane Doe"),
    Name(why: "double quotes", text: "Jane \"JD\" Doe"),
    Name(why: "lone quote", text: "\""),
    Name(why: "backslash", text: #"C:\Users\jane"#),
    Name(why: "trailing backslash", text: #"ends with \"#),
    Name(why: "backslash before quote", text: #"a\"b"#),
    Name(why: "Graphviz escapes", text: #"\N \G \E \T \H \L \n \l \r \\"#),
    Name(why: "line feed", text: "line one\nline two"),
    Name(why: "CR LF", text: "line one\r\nline two"),
    Name(why: "lone CR", text: "line one\rline two"),
    Name(why: "HTML-like", text: "<b>bold</b>"),
    Name(why: "less-than first", text: "<not html"),
    Name(why: "ampersand", text: "AT&T"),
    Name(why: "entities", text: "&amp; &lt; &#65; &#x42;"),
    Name(why: "DOT punctuation", text: "a;b{c}[d]=e,f:g"),
    Name(why: "edge operators", text: "a -> b -- c"),
    Name(why: "comment markers", text: "// not /* a */ # comment"),
    Name(why: "at sign", text: "jane@example.org"),
    Name(why: "tab", text: "a\tb"),
    Name(why: "emoji", text: "👩‍👩‍👧 family 🎉"),
    Name(why: "Hebrew", text: "שלום עולם"),
    Name(why: "Arabic", text: "مرحبا بالعالم"),
    Name(why: "mixed directions", text: "Dana דנה 2024"),
    Name(why: "combining accent", text: "Zoe\u{0308} Re\u{0301}mi"),
    Name(why: "CJK", text: "王小明"),
    Name(why: "byte order mark", text: "\u{FEFF}bom"),
    Name(why: "empty", text: ""),
    Name(why: "spaces around", text: "  lead and trail  "),
    Name(why: "double space", text: "a  b"),
    Name(why: "blank line", text: "a\n\nb"),
    Name(why: "only a line break", text: "\n"),
    Name(why: "NUL", text: "a\u{0}b"),
    Name(why: "very long", text: String(repeating: "Long name ", count: 2_000) + "end"),
  ]

  /// The `<text>` elements Graphviz draws for `text`: one per non-empty line (line breaks of
  /// any convention; an empty line is spacing, not an element), with NUL shown as U+FFFD.
  static func drawnLines(_ text: String) -> [String] {
    text.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}")
      .split(whereSeparator: \.isNewline).map(String.init)
  }

  /// SVG spells a run of spaces as no-break spaces after the first; compare as plain spaces,
  /// and compare bytes, since Swift's `==` would equate differently composed accents.
  static func bytes(_ texts: [String]) -> [[UInt8]] {
    texts.map { Array($0.replacingOccurrences(of: "\u{A0}", with: " ").utf8) }
  }

  @Test(arguments: weirdNames)
  func nameAsIdAndAsLabelSurvives(_ name: Name) throws {
    let graph = DOTGraph(
      nodes: [
        DOTNode(id: name.text),
        DOTNode(id: "labelled", attributes: ["label": name.text, "tooltip": name.text]),
      ],
      edges: [
        DOTEdge(from: name.text, to: "labelled", attributes: ["label": name.text]),
        DOTEdge(from: "labelled", to: "other"),
      ])
    let dot = graph.render()
    #expect(
      try GraphvizRenderer.parseCounts(dot: dot)
        == DOTGraphCounts(
          nodes: 3, edges: 2, directed: true))

    let svg = try SVGSummary(GraphvizRenderer.render(dot: dot, engine: .dot, format: .svg))
    let nodes = svg.nodes
    try #require(nodes.count == 3)
    let labelled = try #require(nodes.first { $0.title == "labelled" })
    let named = try #require(nodes.first { $0.title != "labelled" && $0.title != "other" })
    let expected = Self.bytes(Self.drawnLines(name.text))
    #expect(Self.bytes(labelled.texts) == expected, "label attribute")
    #expect(Self.bytes(named.texts) == expected, "id shown through \\N")
    let edge = try #require(
      svg.groups.first { $0.kind == "edge" && $0.title.hasSuffix("->labelled") })
    #expect(Self.bytes(edge.texts) == expected, "edge label")
  }

  /// Different strings must stay different nodes, even when they differ only in line-break
  /// convention, in an escape that Graphviz would interpret, or in Unicode composition (which
  /// Swift's `==` ignores, so count distinct UTF-8 byte sequences).
  @Test func differentStringsStayDifferentNodes() throws {
    let confusables = [
      "a\nb", "a\\nb", "a\r\nb", "a\rb", "a\\rb", "a\n\rb", "a\u{0}b", "a\u{FFFD}b", "a\\\u{FFFD}b",
      "a&b", "a&amp;b", "a\"b", "a\\\"b", "\u{E9}", "e\u{301}", "node", "Node", "\\N", "N",
    ]
    let names = Self.weirdNames.map(\.text) + confusables
    let distinct = Set(names.map { Array($0.utf8) }).count
    let graph = DOTGraph(
      directed: false,
      nodes: names.map { DOTNode(id: $0) },
      edges: zip(names, names.dropFirst()).map { DOTEdge(from: $0, to: $1) })
    #expect(
      try GraphvizRenderer.parseCounts(dot: graph.render())
        == DOTGraphCounts(nodes: distinct, edges: names.count - 1, directed: false))
  }

  /// Random strings built from the characters that need care, over many seeds: every string
  /// is its own node and Graphviz draws its label exactly.
  @Test(arguments: 1...12)
  func randomTroublesomeStringsRoundTrip(seed: UInt64) throws {
    let pieces = [
      "a", "b", " ", "\"", "\\", "\n", "\r", "\r\n", "&", "amp;", "lt;", "<", ">", "{", "}", ";",
      "->", "--", "=", "[", "]", "#", "//", "/*", "*/", "@", "\t", "0", "-1", ".5", "N", "G", "l",
      "\u{E9}", "e\u{301}", "👩‍👩‍👧", "ש", "م", "王", "\u{0}", "\u{FFFD}", "\u{200F}", "\u{FEFF}",
      "node", "graph",
    ]
    var generator = SeededGenerator(seed: seed)
    var seen: Set<[UInt8]> = []
    var names: [String] = []
    while names.count < 24 {
      let length = Int.random(in: 1...8, using: &generator)
      let name = (0..<length).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
      if seen.insert(Array(name.utf8)).inserted { names.append(name) }
    }
    let graph = DOTGraph(
      nodes: names.enumerated().map { DOTNode(id: $1, attributes: ["label": $1]) },
      edges: zip(names, names.dropFirst()).map { DOTEdge(from: $0, to: $1) })
    let dot = graph.render()
    #expect(
      try GraphvizRenderer.parseCounts(dot: dot)
        == DOTGraphCounts(nodes: names.count, edges: names.count - 1, directed: true))
    let svg = try SVGSummary(GraphvizRenderer.render(dot: dot, engine: .dot, format: .svg))
    #expect(svg.nodes.map { Self.bytes($0.texts) } == names.map { Self.bytes(Self.drawnLines($0)) })
  }
}
