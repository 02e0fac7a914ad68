import Foundation
import KithExport
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Names that break naive writers: markup, quotes, DOT and XML syntax, line breaks, emoji,
/// right-to-left text, a very long name.
let hostileNames: [String] = [
  "<script>alert(1)</script>", "\" onload=\"x", "Jane \"JD\" O'Doe & Co", "back\\slash\\N",
  "two\nlines", "Sam --> <!-- Lee", "🦊 Fox 👩🏽‍💻", "مريم الحسيني", "</td></tr></table>",
  String(repeating: "Very Long Name ", count: 200),
]

/// A small picture: the ego, three people in two circles, ties of varied strength.
func samplePicture(names: [String] = ["Jane Doe", "Sam Lee", "Ana Díaz"]) -> NetworkPicture {
  let day = Date(timeIntervalSince1970: 1_780_000_000)
  var nodes = [
    NetworkPicture.Node(
      id: "me", name: "Alex Morgan", strength: 2.5, size: 1, isEgo: true)
  ]
  for (k, name) in names.enumerated() {
    nodes.append(
      NetworkPicture.Node(
        id: "p\(k)", name: name, organisation: k == 0 ? "Acme & <Sons>" : nil,
        community: k % 2, strength: Double(k + 1) * 0.5, size: Double(k + 1) / Double(names.count),
        lastContact: k == 2 ? nil : day, isNeglected: k == 1, showsLabel: k < 2))
  }
  var edges: [NetworkPicture.Edge] = []
  for k in names.indices {
    edges.append(
      NetworkPicture.Edge(
        source: 0, target: k + 1, strength: Double(k + 1) * 0.5, peak: k == 2 ? 4 : 2,
        lastContact: day))
  }
  if names.count > 1 {
    edges.append(
      NetworkPicture.Edge(source: 1, target: 2, strength: 0.25, peak: 0.3, isHighlighted: true))
  }
  return NetworkPicture(
    kind: .ego, title: "Alex Morgan's ties", asOf: day, nodes: nodes, edges: edges,
    communities: [
      NetworkPicture.Community(id: 0, label: "Acme & <Sons>", size: (names.count + 1) / 2),
      NetworkPicture.Community(id: 1, label: nil, size: names.count / 2),
    ], omitted: "3 weaker ties")
}

@Suite("NetworkPicture: DOT encoding, GraphML, JSON")
struct NetworkPictureTests {
  static let goldens = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Goldens")

  @Test("DOT of a small picture matches its golden file")
  func dotGolden() throws {
    let text = samplePicture().dotGraph().render()
    let url = Self.goldens.appendingPathComponent("ego-picture.dot")
    if ProcessInfo.processInfo.environment["KITH_RECORD_GOLDENS"] == "1" {
      try Data(text.utf8).write(to: url)
      return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(text == expected, "re-record with KITH_RECORD_GOLDENS=1 if intended")
  }

  @Test("visual encoding: ego, neglect, decay, highlight, widths")
  func encoding() {
    let graph = samplePicture().dotGraph()
    let byID = Dictionary(uniqueKeysWithValues: graph.nodes.map { ($0.id, $0.attributes) })
    #expect(byID["me"]?["fillcolor"] == Palette.ego.hex)
    #expect(byID["me"]?["class"] == "person ego")
    #expect(byID["p1"]?["peripheries"] == "2")
    #expect(byID["p1"]?["color"] == Palette.neglected)
    #expect(byID["p0"]?["fillcolor"] == Palette.colours[0].hex)
    #expect(byID["p1"]?["fillcolor"] == Palette.colours[1].hex)
    #expect(byID["p2"]?["xlabel"] == nil, "labels only where the picture asks for them")
    // "you" inside the ego's disc, in white; a name beside it would be white on white.
    #expect(byID["me"]?["label"] == "you" && byID["me"]?["fontcolor"] == "white")
    #expect(byID["me"]?["xlabel"] == nil)
    #expect(byID["p0"]?["tooltip"]?.contains("last contact 2026-05-28") == true)
    #expect(byID["p2"]?["tooltip"]?.contains("last contact never") == true)
    // Bigger size, bigger node.
    let w0 = Double(byID["p0"]?["width"] ?? "") ?? 0
    let w2 = Double(byID["p2"]?["width"] ?? "") ?? 0
    #expect(w0 < w2)
    // The tie at 1.5 of a 4 peak is decaying: dashed and faded; the strongest is widest.
    let decaying = graph.edges.first { $0.to == "p2" }
    #expect(decaying?.attributes["style"] == "dashed")
    #expect(decaying?.attributes["color"] == Palette.decayingEdge)
    let widths = graph.edges.map { Double($0.attributes["penwidth"] ?? "") ?? 0 }
    #expect(widths[1] > widths[0])
    #expect(graph.edges.last?.attributes["color"] == Palette.highlight)
    // The legend is markup whose text is escaped.
    let legend = graph.htmlLabel?.markup ?? ""
    #expect(legend.contains("Acme &amp; &lt;Sons&gt;"))
    #expect(!legend.contains("<Sons>"))
    #expect(legend.contains("left out: 3 weaker ties"))
  }

  @Test("more communities than colours share grey, and the legend says how many")
  func paletteOverflow() {
    var picture = samplePicture(names: (0..<10).map { "P\($0)" })
    picture.communities = (0..<10).map { NetworkPicture.Community(id: $0, label: nil, size: 1) }
    for k in 1..<picture.nodes.count { picture.nodes[k].community = k - 1 }
    let graph = picture.dotGraph()
    let fills = graph.nodes.dropFirst().map { $0.attributes["fillcolor"] ?? "" }
    #expect(Array(fills.prefix(7)) == Palette.colours.map(\.hex))
    #expect(fills.dropFirst(7).allSatisfy { $0 == Palette.other.hex })
    #expect(graph.htmlLabel?.markup.contains("</font> 3 other circles</td>") == true)
    // A person in no listed circle (one tied to nobody else) is grey too, and the legend
    // says so.
    picture.communities.removeLast()
    let grey = picture.dotGraph().htmlLabel?.markup ?? ""
    #expect(grey.contains("</font> 2 other circles, and people in no circle</td>"), "\(grey)")
    #expect(grey.contains("Colours go to the circles holding most of your tie strength"))
    // Their hover text says so, not "circle 9".
    let last = picture.dotGraph().nodes.last?.attributes["tooltip"] ?? ""
    #expect(last.hasSuffix("\nin no circle") && !last.contains("circle 9"), "\(last)")
  }

  @Test("an overdue person on the path keeps the red outline; intro's other ways are thin")
  func highlightedAndOverdue() {
    var picture = samplePicture()
    picture.nodes[2].isHighlighted = true  // Sam Lee, overdue
    picture.nodes[1].isHighlighted = true
    let byID = Dictionary(
      uniqueKeysWithValues: picture.dotGraph().nodes.map { ($0.id, $0.attributes) })
    #expect(byID["p1"]?["color"] == Palette.neglected && byID["p1"]?["penwidth"] == "3")
    #expect(byID["p0"]?["color"] == Palette.highlight)
    #expect(picture.dotGraph().htmlLabel?.markup.contains("Thick black: the best path.") == true)
    picture.kind = .intro
    #expect(
      picture.dotGraph().htmlLabel?.markup.contains(
        "Thick black: the best way in; the other ways, thin.") == true)
  }

  @Test("the same picture always gives the same DOT")
  func deterministic() {
    let a = samplePicture(names: hostileNames).dotGraph().render()
    let b = samplePicture(names: hostileNames).dotGraph().render()
    #expect(a == b)
  }

  @Test("GraphML is well-formed XML with every node, edge and attribute, whatever the names")
  func graphML() throws {
    let picture = samplePicture(names: hostileNames)
    let text = GraphMLWriter.write(picture)
    let parsed = try GraphMLSummary(text)
    #expect(parsed.nodes.map(\.id) == picture.nodes.map(\.id))
    #expect(parsed.nodes.map { $0.data["name"] } == picture.nodes.map(\.name))
    #expect(parsed.nodes.map { $0.data["label"] } == picture.nodes.map(\.name))
    #expect(parsed.nodes[1].data["organisation"] == "Acme & <Sons>")
    #expect(parsed.nodes[3].data["lastContact"] == nil)
    #expect(parsed.nodes[1].data["lastContact"] == "2026-05-28")
    #expect(parsed.edges.count == picture.edges.count)
    for (edge, original) in zip(parsed.edges, picture.edges) {
      #expect(edge.source == picture.nodes[original.source].id)
      #expect(edge.target == picture.nodes[original.target].id)
      #expect(Double(edge.data["weight"] ?? "") == original.strength)
      #expect(edge.data["decaying"] == (original.isDecaying ? "true" : "false"))
    }
    #expect(parsed.keyNames["edgeLastContact"] == "lastContact")
  }

  @Test("GraphML replaces characters XML cannot hold")
  func graphMLControlCharacters() throws {
    let picture = samplePicture(names: ["nul\u{0}bell\u{7}", "tab\there"])
    let parsed = try GraphMLSummary(GraphMLWriter.write(picture))
    #expect(parsed.nodes[1].data["name"] == "nul\u{FFFD}bell\u{FFFD}")
    #expect(parsed.nodes[2].data["name"] == "tab\there")
  }

  /// Six decimals for `--json`; in full, read back exactly, for files other tools compute with.
  @Test("JSON numbers: six decimals by default, the shortest exact form on request")
  func exactNumbers() throws {
    let values: [Double] = [1e-7, 0.1, 2, 123.456787109375, -3.5e-9]
    let document = JSONValue.array(values.map { .double($0) } + [.double(.nan)])
    #expect(document.serialized(pretty: false) == "[0.0,0.1,2.0,123.456787,0.0,null]")
    let exact = document.serialized(pretty: false, exactNumbers: true)
    #expect(exact == "[1e-07,0.1,2.0,123.456787109375,-3.5e-09,null]")
    let parsed = try #require(
      try JSONSerialization.jsonObject(with: Data(exact.utf8)) as? [Any])
    #expect(parsed.prefix(values.count).compactMap { ($0 as? NSNumber)?.doubleValue } == values)
  }

  @Test("JSON numbers of 1e15 and more stay JSON: a digit after the point")
  func largeNumbers() throws {
    let values: [Double] = [1e15, 1_000_000_000_000_000.5, -2e15 - 0.25, 1e20 + 0.5, 123.5]
    let text = JSONValue.array(values.map { .double($0) }).serialized(pretty: false)
    #expect(!text.contains(".,") && !text.hasSuffix(".]"), "\(text)")
    let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any])
    #expect(parsed.count == values.count)
  }

  @Test("JSON nodes and links name nodes by id and carry the weights")
  func graphJSON() throws {
    let picture = samplePicture(names: hostileNames)
    let text = JSONValue.object(GraphJSONWriter.fields(picture)).serialized()
    let root = try #require(
      try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    let nodes = try #require(root["nodes"] as? [[String: Any]])
    let links = try #require(root["links"] as? [[String: Any]])
    #expect(nodes.compactMap { $0["name"] as? String } == picture.nodes.map(\.name))
    #expect(links.count == picture.edges.count)
    #expect(links.first?["source"] as? String == "me")
    #expect(links.first?["weight"] as? Double == 0.5)
    #expect(root["directed"] as? Bool == false)
    #expect(nodes[3]["lastContact"] is NSNull)
  }
}

/// GraphML read back with a real XML parser.
struct GraphMLSummary {
  struct Item {
    var id = ""
    var source = ""
    var target = ""
    var data: [String: String] = [:]
  }
  var nodes: [Item] = []
  var edges: [Item] = []
  /// Key id → attr.name.
  var keyNames: [String: String] = [:]

  init(_ text: String) throws {
    let parser = XMLParser(data: Data(text.utf8))
    let collector = Collector()
    parser.delegate = collector
    guard parser.parse() else {
      throw NotWellFormed(reason: parser.parserError.map { "\($0)" } ?? "unknown")
    }
    nodes = collector.nodes
    edges = collector.edges
    keyNames = collector.keyNames
  }

  struct NotWellFormed: Error { var reason: String }

  private final class Collector: NSObject, XMLParserDelegate {
    var nodes: [Item] = []
    var edges: [Item] = []
    var keyNames: [String: String] = [:]
    var current: Item?
    var isEdge = false
    var key: String?
    var buffer = ""

    func parser(
      _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
      qualifiedName qName: String?, attributes: [String: String] = [:]
    ) {
      switch elementName {
      case "key": keyNames[attributes["id"] ?? ""] = attributes["attr.name"]
      case "node", "edge":
        current = Item(
          id: attributes["id"] ?? "", source: attributes["source"] ?? "",
          target: attributes["target"] ?? "")
        isEdge = elementName == "edge"
      case "data":
        key = attributes["key"]
        buffer = ""
      default: break
      }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
      if key != nil { buffer += string }
    }

    func parser(
      _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
      qualifiedName qName: String?
    ) {
      switch elementName {
      case "data":
        if let key { current?.data[key] = buffer }
        key = nil
      case "node", "edge":
        if let current { isEdge ? edges.append(current) : nodes.append(current) }
        current = nil
      default: break
      }
    }
  }
}
