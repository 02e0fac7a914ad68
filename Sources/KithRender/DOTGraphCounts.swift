/// What Graphviz's parser made of a DOT text: its node and edge counts and its direction.
public struct DOTGraphCounts: Sendable, Equatable, CustomStringConvertible {
  /// Distinct nodes (Graphviz merges repeated node ids).
  public let nodes: Int
  /// Edges (in a `strict` graph, repeated edges are merged).
  public let edges: Int
  /// Whether the graph is a `digraph`.
  public let directed: Bool

  public init(nodes: Int, edges: Int, directed: Bool) {
    self.nodes = nodes
    self.edges = edges
    self.directed = directed
  }

  public var description: String {
    "\(directed ? "digraph" : "graph") with \(nodes) nodes and \(edges) edges"
  }
}
