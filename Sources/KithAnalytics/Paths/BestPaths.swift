import Foundation

/// One path between two people, with the strength of each hop.
public struct PathResult: Sendable, Hashable {
  /// The people along the path, from the source to the target.
  public let nodes: [Int32]
  /// The tie strength of each hop: `hopStrengths[i]` joins `nodes[i]` and `nodes[i + 1]`.
  public let hopStrengths: [Double]
  /// The product of the tie qualities q = s/(s + s₀) of the hops, in (0, 1]; 1 for the
  /// zero-hop path from a person to themselves.
  public let score: Double

  public init(nodes: [Int32], hopStrengths: [Double], score: Double) {
    self.nodes = nodes
    self.hopStrengths = hopStrengths
    self.score = score
  }

  /// The number of hops.
  public var hops: Int { hopStrengths.count }
}

/// The best paths from one source to every node, optionally within a number of hops.
public struct BestPathTree: Sendable {
  /// The source.
  public let source: Int32
  /// The hop limit, or nil for none.
  public let maxHops: Int?
  /// The score of the best path to each node (product of tie qualities), 0 when it is not
  /// reachable (within the hop limit), 1 at the source.
  public let scores: [Double]
  /// The number of hops of that path, -1 when not reachable.
  public let hopCounts: [Int32]
  /// `parents[h * n + v]`: the node before v on the best path with at most h hops, when that
  /// path improved at exactly h hops; -1 otherwise. Without a hop limit, one layer (h = 0)
  /// holds the Dijkstra tree.
  let parents: [Int32]
  let strengths: _PathStrengths

  /// The best path to `target`, or nil when it is not reachable.
  /// - Complexity: O(hops · log deg) (each hop's strength is looked up).
  public func path(to target: Int32) -> PathResult? {
    let n = scores.count
    guard target >= 0, Int(target) < n, hopCounts[Int(target)] >= 0 else { return nil }
    var nodes = [target]
    var v = Int(target)
    if let limit = maxHops {
      var layer = limit
      while v != Int(source) {
        while layer > 0 && parents[layer * n + v] < 0 { layer -= 1 }
        guard layer > 0 else { return nil }
        let u = Int(parents[layer * n + v])
        nodes.append(Int32(u))
        v = u
        layer -= 1
      }
    } else {
      while v != Int(source) {
        let u = Int(parents[v])
        guard u >= 0 else { return nil }
        nodes.append(Int32(u))
        v = u
      }
    }
    return strengths.result(nodes.reversed())
  }
}

/// Best paths through strong ties: tie quality q = s/(s + s₀) ∈ (0, 1) for strength s, with
/// s₀ the median strength by default, and a path's score the product of its qualities.
///
/// The best path maximises the score, that is minimises Σ −log q = Σ log(1 + s₀/s) over its
/// hops (Dijkstra on non-negative lengths). q halves at s = s₀, so a path through two median
/// ties (0.25) beats one through a single tie of a tenth of the median (≈ 0.09): a weak tie
/// costs more than an extra hop. A zero-strength tie has q = 0 and is never used.
///
/// References: E. W. Dijkstra, "A note on two problems in connexion with graphs", Numerische
/// Mathematik 1:269–271 (1959), doi:10.1007/BF01386390; J. Y. Yen, "Finding the k shortest
/// loopless paths in a network", Management Science 17(11):712–716 (1971),
/// doi:10.1287/mnsc.17.11.712.
public struct BestPaths: Sendable {
  /// The graph whose weights are tie strengths.
  public let graph: WeightedGraph
  /// s₀: the strength at which a tie's quality is 1/2.
  public let referenceStrength: Double
  /// −log q of each adjacency slot (infinity for a zero-strength tie).
  let costs: [Double]
  let strengths: _PathStrengths

  /// Prepares best-path queries on `graph`.
  ///
  /// - Parameters:
  ///   - graph: weights are tie strengths.
  ///   - referenceStrength: s₀ > 0; nil uses `medianStrength(of:)`.
  /// - Complexity: O(m) with s₀ given, O(m log m) to find the median.
  public init(graph: WeightedGraph, referenceStrength: Double? = nil) {
    let s0 = referenceStrength ?? Self.medianStrength(of: graph)
    precondition(s0 > 0 && s0.isFinite, "the reference strength must be positive and finite")
    self.graph = graph
    self.referenceStrength = s0
    self.costs = graph.weights.map { $0 > 0 ? log1p(s0 / $0) : .infinity }
    self.strengths = _PathStrengths(graph: graph, referenceStrength: s0)
  }

  /// The median strength of the graph's ties (each edge once; the mean of the two middle
  /// values for an even count), used as s₀. Degenerate cases: when the median is 0 the
  /// smallest positive strength is used, and 1 when no tie has a positive strength (no path
  /// then uses any tie).
  /// - Complexity: O(m log m).
  public static func medianStrength(of graph: WeightedGraph) -> Double {
    medianStrength(of: graph.edgeList().map(\.weight))
  }

  /// The median of `strengths` by the same rule (the smallest positive one when the median is
  /// 0, and 1 when none is positive): the median of some ties, such as the ego's own.
  /// - Complexity: O(k log k).
  public static func medianStrength(of strengths: [Double]) -> Double {
    guard !strengths.isEmpty else { return 1 }
    let values = strengths.sorted()
    let mid = values.count / 2
    let median = values.count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2
    if median > 0 { return median }
    return values.first { $0 > 0 } ?? 1
  }

  /// The quality q = s/(s + s₀) of a tie of strength s.
  public func quality(ofStrength s: Double) -> Double { s / (s + referenceStrength) }

  /// The best path from `source` to `target`, or nil when no path of positive-strength ties
  /// joins them. The path from a node to itself has no hops and score 1.
  /// - Complexity: O((n + m) log n) at worst; the search stops when it reaches the target.
  public func best(from source: Int32, to target: Int32) -> PathResult? {
    var search = _PathSearch(nodeCount: graph.nodeCount)
    return search.shortest(graph, costs, from: source, to: target, avoidingFirstHops: [])
      .flatMap { strengths.result($0) }
  }

  /// The k best loopless paths from `source` to `target`, best first (Yen 1971); fewer when
  /// fewer exist, none when the two are not joined. Equal scores are ordered by the nodes'
  /// indices along the path, so the answer is reproducible.
  ///
  /// - Complexity: O(k · L · (n + m) log n) at worst for paths of up to L hops (one
  ///   best-path search per spur node of each accepted path), usually far less since each
  ///   search stops at the target.
  public func best(from source: Int32, to target: Int32, limit k: Int) -> [PathResult] {
    guard k > 0 else { return [] }
    var search = _PathSearch(nodeCount: graph.nodeCount)
    guard
      let first = search.shortest(graph, costs, from: source, to: target, avoidingFirstHops: [])
    else { return [] }
    var accepted: [[Int32]] = [first]
    var seen: Set<[Int32]> = [first]
    var candidates: [_Candidate] = []
    while accepted.count < k, let previous = accepted.last {
      for i in 0..<max(previous.count - 1, 0) {
        let spur = previous[i]
        let root = previous[0...i]
        var avoid: [Int32] = []
        for path in accepted where path.count > i + 1 && path[0...i] == root {
          avoid.append(path[i + 1])
        }
        for node in root.dropLast() { search.block(node) }
        let spurPath = search.shortest(
          graph, costs, from: spur, to: target, avoidingFirstHops: avoid)
        search.unblockAll()
        guard let spurPath else { continue }
        let total = Array(root) + spurPath.dropFirst()
        guard seen.insert(total).inserted else { continue }
        candidates.append(_Candidate(cost: pathCost(total), nodes: total))
      }
      guard let bestIndex = candidates.indices.min(by: { candidates[$0] < candidates[$1] })
      else { break }
      accepted.append(candidates.remove(at: bestIndex).nodes)
    }
    return accepted.compactMap { strengths.result($0) }
  }

  /// The best paths from `source` to every node, within `maxHops` hops when given.
  ///
  /// - Parameters:
  ///   - source: the start (the ego, usually).
  ///   - maxHops: nil for no limit (Dijkstra); h ≥ 0 for the best paths of at most h hops
  ///     (Bellman–Ford in h rounds over the nodes improved in the previous round). Without
  ///     zero-cost ties the best walk of at most h hops is a simple path.
  /// - Complexity: O((n + m) log n) without a limit; O(h · (n + m)) time and O(h · n) memory
  ///   with one.
  public func tree(from source: Int32, maxHops: Int? = nil) -> BestPathTree {
    let n = graph.nodeCount
    precondition(source >= 0 && Int(source) < n, "source out of range")
    var cost = [Double](repeating: .infinity, count: n)
    var hops = [Int32](repeating: -1, count: n)
    var parents: [Int32]
    cost[Int(source)] = 0
    hops[Int(source)] = 0
    if let limit = maxHops {
      precondition(limit >= 0, "the hop limit must be non-negative")
      parents = [Int32](repeating: -1, count: (limit + 1) * n)
      var frontier: [Int32] = [source]
      var previous = cost
      var improved = [Bool](repeating: false, count: n)
      var layer = 1
      while layer <= limit && !frontier.isEmpty {
        var next: [Int32] = []
        for v in frontier {
          let base = previous[Int(v)]
          for slot in graph.slots(of: v) {
            let w = Int(graph.neighbors[slot])
            let candidate = base + costs[slot]
            if candidate < cost[w] {
              cost[w] = candidate
              hops[w] = Int32(layer)
              parents[layer * n + w] = v
              if !improved[w] {
                improved[w] = true
                next.append(Int32(w))
              }
            }
          }
        }
        for w in next {
          improved[Int(w)] = false
          previous[Int(w)] = cost[Int(w)]
        }
        frontier = next
        layer += 1
      }
    } else {
      parents = [Int32](repeating: -1, count: n)
      var heap = _DistanceHeap()
      var settled = [Bool](repeating: false, count: n)
      heap.push(0, source)
      while let top = heap.pop() {
        let v = Int(top.node)
        if settled[v] || top.distance > cost[v] { continue }
        settled[v] = true
        for slot in graph.slots(of: top.node) {
          let w = Int(graph.neighbors[slot])
          let candidate = top.distance + costs[slot]
          if candidate < cost[w] {
            cost[w] = candidate
            hops[w] = hops[v] + 1
            parents[w] = top.node
            heap.push(candidate, Int32(w))
          }
        }
      }
    }
    let scores = cost.map { $0.isFinite ? exp(-$0) : 0 }
    return BestPathTree(
      source: source, maxHops: maxHops, scores: scores, hopCounts: hops, parents: parents,
      strengths: strengths)
  }

  /// Σ −log q along `nodes`.
  func pathCost(_ nodes: [Int32]) -> Double {
    var total = 0.0
    for i in 0..<max(nodes.count - 1, 0) {
      guard let slot = graph.slot(of: nodes[i + 1], inRowOf: nodes[i]) else { return .infinity }
      total += costs[slot]
    }
    return total
  }
}

/// A candidate path of Yen's algorithm, ordered by cost then nodes.
struct _Candidate: Comparable {
  var cost: Double
  var nodes: [Int32]

  static func < (a: _Candidate, b: _Candidate) -> Bool {
    if a.cost != b.cost { return a.cost < b.cost }
    return a.nodes.lexicographicallyPrecedes(b.nodes)
  }
}

/// Turns node sequences into `PathResult`s.
struct _PathStrengths: Sendable {
  let graph: WeightedGraph
  let referenceStrength: Double

  func result(_ nodes: [Int32]) -> PathResult? {
    var strengths: [Double] = []
    strengths.reserveCapacity(max(nodes.count - 1, 0))
    var score = 1.0
    for i in 0..<max(nodes.count - 1, 0) {
      guard let s = graph.weight(between: nodes[i], and: nodes[i + 1]) else { return nil }
      strengths.append(s)
      score *= s / (s + referenceStrength)
    }
    return PathResult(nodes: nodes, hopStrengths: strengths, score: score)
  }
}

/// Reusable scratch for single-pair Dijkstra searches, reset in time proportional to the
/// nodes a search touched.
struct _PathSearch {
  var cost: [Double]
  var parent: [Int32]
  var settled: [Bool]
  var blocked: [Bool]
  var touched: [Int32] = []
  var blockedList: [Int32] = []
  var heap = _DistanceHeap()

  init(nodeCount n: Int) {
    cost = [Double](repeating: .infinity, count: n)
    parent = [Int32](repeating: -1, count: n)
    settled = [Bool](repeating: false, count: n)
    blocked = [Bool](repeating: false, count: n)
  }

  mutating func block(_ v: Int32) {
    if !blocked[Int(v)] {
      blocked[Int(v)] = true
      blockedList.append(v)
    }
  }

  mutating func unblockAll() {
    for v in blockedList { blocked[Int(v)] = false }
    blockedList.removeAll(keepingCapacity: true)
  }

  /// The least-cost path from `source` to `target` that avoids blocked nodes and does not
  /// leave `source` towards any of `avoidingFirstHops`; nil when there is none.
  mutating func shortest(
    _ graph: WeightedGraph, _ costs: [Double], from source: Int32, to target: Int32,
    avoidingFirstHops avoid: [Int32]
  ) -> [Int32]? {
    let n = graph.nodeCount
    guard source >= 0, Int(source) < n, target >= 0, Int(target) < n else { return nil }
    guard !blocked[Int(source)], !blocked[Int(target)] else { return nil }
    for v in touched {
      cost[Int(v)] = .infinity
      parent[Int(v)] = -1
      settled[Int(v)] = false
    }
    touched.removeAll(keepingCapacity: true)
    heap.removeAll()
    cost[Int(source)] = 0
    touched.append(source)
    heap.push(0, source)
    var found = false
    while let top = heap.pop() {
      let v = top.node
      if settled[Int(v)] || top.distance > cost[Int(v)] { continue }
      settled[Int(v)] = true
      if v == target {
        found = true
        break
      }
      for slot in graph.slots(of: v) {
        let w = graph.neighbors[slot]
        if blocked[Int(w)] || settled[Int(w)] { continue }
        if v == source && avoid.contains(w) { continue }
        let candidate = top.distance + costs[slot]
        if candidate < cost[Int(w)] {
          if cost[Int(w)] == .infinity { touched.append(w) }
          cost[Int(w)] = candidate
          parent[Int(w)] = v
          heap.push(candidate, w)
        }
      }
    }
    guard found else { return nil }
    var path = [target]
    var v = target
    while v != source {
      v = parent[Int(v)]
      guard v >= 0 else { return nil }
      path.append(v)
    }
    return path.reversed()
  }
}
