/// A graph in Graphviz's DOT language, independent of Kith's model: ids, attributes, order.
///
/// ``render()`` writes it deterministically (nodes and edges in the given order, attributes
/// sorted by key) and quotes every string so that any text survives, including quotes,
/// backslashes, line breaks, `<`, `&`, DOT keywords, emoji, right-to-left scripts and very long
/// strings. What Graphviz *displays* for an id or a value is exactly the Swift string, with its
/// line breaks as line breaks (NUL, which C strings cannot hold, shows as U+FFFD). See
/// ``DOTQuoting`` for the rules.
///
/// ```swift
/// let graph = DOTGraph(
///   directed: false, nodeDefaults: ["shape": "box"],
///   nodes: [DOTNode(id: "jane-doe", attributes: ["label": "Jane \"JD\" Doe"])],
///   edges: [DOTEdge(from: "jane-doe", to: "max", attributes: ["penwidth": "2"])])
/// print(graph.render())
/// ```
public struct DOTGraph: Sendable, Equatable {
  /// The graph's name, or `nil` for an anonymous graph.
  public var name: String?
  /// `digraph` with `->` edges when true, `graph` with `--` edges when false.
  public var directed: Bool
  /// Attributes of the graph itself (`rankdir`, `label`, `overlap`, …).
  public var graphAttributes: [String: String]
  /// An HTML-like label for the graph (written `label=<…>`, replacing any `label` in
  /// ``graphAttributes``), e.g. a legend table. It is markup: build it with ``DOTHTML`` so that
  /// every piece of text in it is escaped.
  public var htmlLabel: DOTHTML?
  /// Attributes every node gets unless it sets its own (`node [...]`).
  public var nodeDefaults: [String: String]
  /// Attributes every edge gets unless it sets its own (`edge [...]`).
  public var edgeDefaults: [String: String]
  /// Nodes, written in this order. Graphviz merges repeated ids into one node.
  public var nodes: [DOTNode]
  /// Edges, written in this order. An endpoint not in `nodes` becomes a node with default
  /// attributes.
  public var edges: [DOTEdge]

  public init(
    name: String? = nil,
    directed: Bool = true,
    graphAttributes: [String: String] = [:],
    htmlLabel: DOTHTML? = nil,
    nodeDefaults: [String: String] = [:],
    edgeDefaults: [String: String] = [:],
    nodes: [DOTNode] = [],
    edges: [DOTEdge] = []
  ) {
    self.name = name
    self.directed = directed
    self.graphAttributes = graphAttributes
    self.htmlLabel = htmlLabel
    self.nodeDefaults = nodeDefaults
    self.edgeDefaults = edgeDefaults
    self.nodes = nodes
    self.edges = edges
  }

  /// The DOT text: a header line, one statement per line indented by two spaces, a closing
  /// brace and a final newline. Empty attribute lists are left out.
  ///
  /// The same graph always gives the same text.
  ///
  /// - Complexity: O(*L* + *a* log *a*), where *L* is the total length of all strings and *a*
  ///   the largest attribute count of one statement.
  public func render() -> String {
    var out = directed ? "digraph" : "graph"
    if let name {
      out += " " + DOTQuoting.id(name)
    }
    out += " {\n"
    var graphLine = graphAttributes.filter { htmlLabel == nil || $0.key != "label" }.sorted {
      $0.key < $1.key
    }.map { DOTQuoting.id($0.key) + "=" + DOTQuoting.text($0.value) }
    if let htmlLabel {
      graphLine.append("label=<" + htmlLabel.markup + ">")
    }
    if !graphLine.isEmpty {
      out += "  graph [" + graphLine.joined(separator: ", ") + "];\n"
    }
    for (keyword, attributes) in [("node", nodeDefaults), ("edge", edgeDefaults)]
    where !attributes.isEmpty {
      out += "  " + keyword + Self.attributeList(attributes) + ";\n"
    }
    for node in nodes {
      out += "  " + DOTQuoting.id(node.id) + Self.attributeList(node.attributes) + ";\n"
    }
    let edgeOperator = directed ? " -> " : " -- "
    for edge in edges {
      out += "  " + DOTQuoting.id(edge.from) + edgeOperator + DOTQuoting.id(edge.to)
      out += Self.attributeList(edge.attributes) + ";\n"
    }
    out += "}\n"
    return out
  }

  /// ` [key=value, …]` sorted by key, or "" when there are no attributes.
  private static func attributeList(_ attributes: [String: String]) -> String {
    guard !attributes.isEmpty else { return "" }
    let pairs = attributes.sorted { $0.key < $1.key }.map {
      DOTQuoting.id($0.key) + "=" + DOTQuoting.text($0.value)
    }
    return " [" + pairs.joined(separator: ", ") + "]"
  }
}

/// A node statement: an id and its attributes.
public struct DOTNode: Sendable, Equatable {
  /// The node's identity. Without a `label` attribute, Graphviz displays it.
  public var id: String
  /// Attributes such as `label`, `shape`, `color`, `width`.
  public var attributes: [String: String]

  public init(id: String, attributes: [String: String] = [:]) {
    self.id = id
    self.attributes = attributes
  }
}

/// An edge statement: two node ids and the edge's attributes.
public struct DOTEdge: Sendable, Equatable {
  /// The tail node's id.
  public var from: String
  /// The head node's id.
  public var to: String
  /// Attributes such as `penwidth`, `style`, `color`, `label`.
  public var attributes: [String: String]

  public init(from: String, to: String, attributes: [String: String] = [:]) {
    self.from = from
    self.to = to
    self.attributes = attributes
  }
}
