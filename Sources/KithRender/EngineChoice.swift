extension GraphvizEngine {
  /// The engine Kith uses when the user names none: `dot` for small tree-like graphs (at most
  /// one cycle per component on average: m ≤ n, e.g. a path or three introductions) and for
  /// very small ones, `sfdp` otherwise.
  ///
  /// `dot` draws layered hierarchies beautifully, but its crossing minimisation blows up on
  /// dense graphs (0.6 s at 100 nodes with 3 edges per node, no result after 10 minutes at
  /// 1,000), while `sfdp` lays out 5,000 such nodes in about a second. A bigger tree-like
  /// view is nearly always a star (you and contacts who do not know each other, as after a
  /// LinkedIn import), which `dot` puts in one row: 10,000 people took 18 s and drew a strip
  /// 32,767 pixels wide; `sfdp` spreads them around you.
  ///
  /// - Parameters:
  ///   - nodes: the number of nodes.
  ///   - edges: the number of edges.
  /// - Complexity: O(1).
  public static func automatic(nodes: Int, edges: Int) -> GraphvizEngine {
    if (edges <= nodes && nodes <= 16) || (nodes <= 12 && edges <= 24) { return .dot }
    return .sfdp
  }

  /// Whether this engine is expected to lay out a graph of this size within a few seconds.
  ///
  /// Measured on random graphs with 3 edges per node (Graphviz 2.42, one core); the bounds are
  /// where layouts start to take more than a few seconds. `fdp` and `circo` grow fastest.
  /// Used to decide when a render the user forced onto an engine runs under a time limit.
  ///
  /// - Complexity: O(1).
  public func isComfortable(nodes: Int, edges: Int) -> Bool {
    let treeLike = edges <= nodes
    switch self {
    case .dot: return treeLike ? nodes <= 5_000 : nodes <= 150 && edges <= 600
    case .sfdp: return nodes <= 20_000 && edges <= 100_000
    case .neato: return nodes <= 500 && edges <= 3_000
    case .fdp: return nodes <= 200 && edges <= 1_000
    case .circo: return nodes <= 60 && edges <= 300
    case .twopi: return nodes <= 5_000 && edges <= 20_000
    }
  }
}
