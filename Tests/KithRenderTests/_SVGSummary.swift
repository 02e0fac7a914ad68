import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// What an SVG written by Graphviz shows, read with a real XML parser: for each node and edge
/// group, its `<title>` and the text of its `<text>` elements, in order.
struct SVGSummary {
  struct Group: Equatable {
    /// `node`, `edge` or `graph` (the group's `class`).
    var kind: String
    var title = ""
    var texts: [String] = []
    /// Every word of the group's `class` (e.g. `node`, `person`, `ego`).
    var classes: [String] = []
  }

  var groups: [Group]

  var nodes: [Group] { groups.filter { $0.kind == "node" } }

  /// Parses `bytes` as XML; throws if they are not well-formed.
  init(_ bytes: [UInt8]) throws {
    let parser = XMLParser(data: Data(bytes))
    let collector = Collector()
    parser.delegate = collector
    parser.shouldResolveExternalEntities = false
    guard parser.parse() else {
      throw NotWellFormed(reason: parser.parserError.map { "\($0)" } ?? "unknown")
    }
    groups = collector.groups
  }

  struct NotWellFormed: Error, CustomStringConvertible {
    var reason: String
    var description: String { "SVG is not well-formed XML: \(reason)" }
  }

  private final class Collector: NSObject, XMLParserDelegate {
    var groups: [Group] = []
    private var current: Group?
    private var buffer: String?
    private var inTitle = false
    /// How many `g` elements are open, and the depth of the current group's own `g`: a node's
    /// group holds nested groups (its link), and its outside label comes after them.
    private var depth = 0
    private var groupDepth = 0

    func parser(
      _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
      qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
      switch elementName {
      case "g":
        depth += 1
        let classes = (attributeDict["class"] ?? "").split(separator: " ").map(String.init)
        if let kind = classes.first, ["node", "edge", "graph"].contains(kind) {
          current = Group(kind: kind, classes: classes)
          groupDepth = depth
        }
      case "title", "text":
        if current != nil { buffer = "" }
      default: break
      }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
      buffer? += string
    }

    func parser(
      _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
      qualifiedName qName: String?
    ) {
      switch elementName {
      case "title":
        if let buffer { current?.title = buffer }
        buffer = nil
      case "text":
        if let buffer { current?.texts.append(buffer) }
        buffer = nil
      case "g":
        if depth == groupDepth, let group = current {
          groups.append(group)
          current = nil
        }
        depth -= 1
      default: break
      }
    }
  }
}
