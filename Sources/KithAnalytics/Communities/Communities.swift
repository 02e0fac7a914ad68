/// A partition of a graph's nodes into communities, with its modularity.
///
/// Equality compares floating-point fields bit for bit, so that a partition with NaN modularity
/// (a graph without edge weight) equals itself.
public struct Partition: Sendable, Hashable {
  /// The community of each node, in `0..<count`, numbered in order of each community's
  /// smallest node.
  public let communities: [Int32]
  /// The number of communities.
  public let count: Int
  /// Modularity at `resolution`, as NetworkX's `modularity` computes it (NaN when the graph
  /// has no edge weight).
  public let modularity: Double
  /// The resolution γ the partition was found and scored with.
  public let resolution: Double

  /// The community of node `v`.
  public subscript(v: Int32) -> Int32 { communities[Int(v)] }

  /// The members of each community, each ascending.
  /// - Complexity: O(n).
  public func members() -> [[Int32]] {
    var out = [[Int32]](repeating: [], count: count)
    for (v, c) in communities.enumerated() { out[Int(c)].append(Int32(v)) }
    return out
  }

  public static func == (a: Partition, b: Partition) -> Bool {
    a.communities == b.communities && a.count == b.count
      && a.modularity.bitPattern == b.modularity.bitPattern
      && a.resolution.bitPattern == b.resolution.bitPattern
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(communities)
    hasher.combine(modularity.bitPattern)
    hasher.combine(resolution.bitPattern)
  }

  /// The size of each community.
  public var sizes: [Int] {
    var out = [Int](repeating: 0, count: count)
    for c in communities { out[Int(c)] += 1 }
    return out
  }
}

/// Communities by modularity: Louvain with Leiden's refinement, and modularity itself.
///
/// Modularity of a partition into communities c at resolution γ, exactly NetworkX's
/// `networkx.algorithms.community.modularity` on an undirected weighted graph:
///
///     Q = Σ_c ( L_c / m − γ · (d_c / 2m)² )
///
/// with m the total edge weight, L_c the weight of the edges inside c and d_c the summed
/// strengths of c's nodes. Isolated nodes add nothing (as in NetworkX, where they may sit in
/// any community). A graph without edge weight (m = 0) has no modularity: NaN (NetworkX raises
/// ZeroDivisionError there).
///
/// Detection follows the Leiden algorithm's structure: fast local moving of nodes (a queue of
/// nodes whose neighbourhood changed, as in Leiden, rather than Louvain's full sweeps; a node
/// may also leave for an empty community), then a refinement of each community in which
/// singletons merge greedily into well-connected sub-communities of their community, then
/// aggregation of the refined sub-communities (each starting in its unrefined community), level
/// after level until no node moves. The refinement is the greedy limit (θ → 0) of Leiden's
/// randomised merge. The whole is iterated from the partition found (as Leiden's iterations
/// are) while an iteration still improves modularity by 0.001 or more, at most `iterations`
/// times: later iterations gain less than that each (a few 1e-4 at most on the graphs of
/// Benchmarks/Graphs) at the cost of a whole pass each. Finally each community is split into its connected
/// components — with refinement they are connected already, and splitting never lowers
/// modularity — so every community is connected. Node orders are shuffled by a SplitMix64
/// generator seeded with `seed`: the same seed gives the same partition on every machine.
///
/// On every core: on levels of 131,072 nodes or more, local moving starts in rounds whose
/// batches of queued nodes decide their moves in parallel against the state before the batch
/// and apply them in queue order (a node with a neighbour earlier in its batch waits for the
/// next round), as NetworKit's PLM moves nodes in parallel but deterministically; the
/// sequential queue finishes. The refinement (per community) and the aggregation (per
/// cluster) run in parallel too. Batches depend only on the graph, never on the number of
/// cores or the timing, so the partition does not either.
///
/// Degenerate cases: an empty graph gives an empty partition; a graph without edge weight
/// gives singletons (modularity NaN); isolated nodes are communities of their own; the
/// components of a disconnected graph never share a community.
///
/// References: V. D. Blondel, J.-L. Guillaume, R. Lambiotte & E. Lefebvre, "Fast unfolding of
/// communities in large networks", J. Stat. Mech. (2008) P10008,
/// doi:10.1088/1742-5468/2008/10/P10008; V. A. Traag, L. Waltman & N. J. van Eck, "From
/// Louvain to Leiden: guaranteeing well-connected communities", Scientific Reports 9:5233
/// (2019), doi:10.1038/s41598-019-41695-z; M. E. J. Newman, "Analysis of weighted networks",
/// Phys. Rev. E 70:056131 (2004), doi:10.1103/PhysRevE.70.056131; C. L. Staudt & H.
/// Meyerhenke, "Engineering parallel algorithms for community detection in massive networks",
/// IEEE TPDS 27(1):171–184 (2016), doi:10.1109/TPDS.2015.2390633.
public enum Communities {
  /// Finds communities of high modularity, every one of them connected.
  ///
  /// - Parameters:
  ///   - graph: the graph (for circles: the person graph without the ego).
  ///   - resolution: γ > 0; larger finds more, smaller communities.
  ///   - seed: seeds the node orders.
  ///   - iterations: the most times the whole algorithm runs, each from the last partition;
  ///     it stops earlier once an iteration improves modularity by less than 0.001.
  /// - Returns: the partition and its modularity at `resolution`.
  /// - Complexity: O(m) per pass of local moving over m edges, with a number of passes and
  ///   levels that is small in practice (not bounded polynomially in theory); O(n + m)
  ///   memory.
  public static func detect(
    in graph: WeightedGraph, resolution: Double = 1, seed: UInt64 = 0, iterations: Int = 8
  ) -> Partition {
    detect(
      in: graph, resolution: resolution, seed: seed, iterations: iterations, schedule: .standard)
  }

  /// `detect` with a schedule for the parallel rounds of local moving, so that tests can run
  /// them on small graphs and check that the number of threads does not change the partition.
  static func detect(
    in graph: WeightedGraph, resolution: Double, seed: UInt64, iterations: Int,
    schedule: _MovingSchedule
  ) -> Partition {
    precondition(resolution > 0 && resolution.isFinite, "resolution must be positive")
    let n = graph.nodeCount
    var membership = (0..<n).map { Int32($0) }
    if n > 0 && graph.totalWeight > 0 {
      var generator = _SplitMix64(seed: seed)
      let workspace = _LeidenWorkspace(capacity: n)
      var quality = -Double.infinity
      for iteration in 0..<max(iterations, 1) {
        let found = workspace.run(
          graph, initial: iteration == 0 ? nil : membership, resolution: resolution,
          schedule: schedule, using: &generator)
        let next = splitDisconnected(graph, found)
        let q = modularity(graph, next, resolution: resolution)
        // Keep the better partition; stop once an iteration no longer pays.
        if q >= quality {
          membership = next
        }
        if q < quality + convergenceTolerance { break }
        quality = q
      }
    }
    return partition(graph, membership, resolution: resolution)
  }

  /// An iteration that improves modularity by less than this is the last one.
  static let convergenceTolerance = 1e-3

  /// Modularity of `communities` (one label per node, labels ≥ 0) at resolution γ, exactly as
  /// NetworkX's `modularity` (see the type's documentation); NaN without edge weight.
  /// - Complexity: O(n + m + the largest label).
  public static func modularity(
    _ graph: WeightedGraph, _ communities: [Int32], resolution: Double = 1
  ) -> Double {
    let n = graph.nodeCount
    precondition(communities.count == n, "one community label per node")
    let labels = (communities.max().map { Int($0) } ?? -1) + 1
    precondition(communities.allSatisfy { $0 >= 0 }, "community labels must be non-negative")
    let degreeSum = graph.strengths.reduce(0, +)
    guard degreeSum > 0 else { return .nan }
    let m = degreeSum / 2
    let norm = 1 / (degreeSum * degreeSum)
    var inside = [Double](repeating: 0, count: labels)
    var degree = [Double](repeating: 0, count: labels)
    var used = [Bool](repeating: false, count: labels)
    for u in 0..<n {
      let c = Int(communities[u])
      used[c] = true
      degree[c] += graph.strengths[u]
      for slot in graph.offsets[u]..<graph.offsets[u + 1] {
        let v = Int(graph.neighbors[slot])
        if v > u && Int(communities[v]) == c { inside[c] += graph.weights[slot] }
      }
    }
    var q = 0.0
    for c in 0..<labels where used[c] {
      q += inside[c] / m - resolution * degree[c] * degree[c] * norm
    }
    return q
  }

  /// The modularity of `partition` at its own resolution, or at `resolution` when given.
  /// - Complexity: O(n + m).
  public static func modularity(
    _ graph: WeightedGraph, _ partition: Partition, resolution: Double? = nil
  ) -> Double {
    modularity(graph, partition.communities, resolution: resolution ?? partition.resolution)
  }

  /// A `Partition` of `communities` (any non-negative labels): renumbered in order of each
  /// community's smallest node, and scored.
  /// - Complexity: O(n + m + the largest label).
  public static func partition(
    _ graph: WeightedGraph, _ communities: [Int32], resolution: Double = 1
  ) -> Partition {
    let dense = renumbered(communities)
    return Partition(
      communities: dense.labels, count: dense.count,
      modularity: modularity(graph, dense.labels, resolution: resolution),
      resolution: resolution)
  }

  /// Whether every community of `communities` induces a connected subgraph.
  /// - Complexity: O(n + m).
  public static func isEveryCommunityConnected(_ graph: WeightedGraph, _ communities: [Int32])
    -> Bool
  {
    let split = splitDisconnected(graph, communities)
    return renumbered(split).count == renumbered(communities).count
  }

  /// Labels renumbered densely in order of first appearance.
  static func renumbered(_ labels: [Int32]) -> _Labels {
    let size = (labels.max().map { Int($0) } ?? -1) + 1
    var map = [Int32](repeating: -1, count: size)
    var next: Int32 = 0
    var out = labels
    for i in out.indices {
      let c = Int(out[i])
      if map[c] < 0 {
        map[c] = next
        next += 1
      }
      out[i] = map[c]
    }
    return _Labels(labels: out, count: Int(next))
  }

  /// Each community split into its connected components; labels in order of first node.
  /// - Complexity: O(n + m).
  static func splitDisconnected(_ graph: WeightedGraph, _ communities: [Int32]) -> [Int32] {
    let n = graph.nodeCount
    var out = [Int32](repeating: -1, count: n)
    var stack: [Int32] = []
    var next: Int32 = 0
    for start in 0..<n where out[start] < 0 {
      let c = communities[start]
      out[start] = next
      stack.append(Int32(start))
      while let v = stack.popLast() {
        for slot in graph.slots(of: v) {
          let w = Int(graph.neighbors[slot])
          if out[w] < 0 && communities[w] == c {
            out[w] = next
            stack.append(Int32(w))
          }
        }
      }
      next += 1
    }
    return out
  }
}

/// Dense labels `0..<count`.
struct _Labels {
  var labels: [Int32]
  var count: Int
}
