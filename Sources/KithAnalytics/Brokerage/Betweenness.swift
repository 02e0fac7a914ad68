import Foundation

/// Betweenness centrality of every node, exact or estimated from a sample of sources.
///
/// Equality compares scores bit for bit, so that NaN scores (a single pivot) compare equal.
public struct BetweennessScores: Sendable, Hashable {
  /// The score of each node, scaled as NetworkX scales it (see `Betweenness`).
  public let values: [Double]
  /// Whether path lengths were 1/weight (true) or hop counts (false).
  public let weighted: Bool
  /// Whether the scores are normalised to [0, 1].
  public let normalized: Bool
  /// The number of sources whose shortest paths were counted: the node count when exact.
  public let sources: Int

  /// Whether every node was a source.
  public var isExact: Bool { sources == values.count }

  public static func == (a: BetweennessScores, b: BetweennessScores) -> Bool {
    a.weighted == b.weighted && a.normalized == b.normalized && a.sources == b.sources
      && _sameBits(a.values, b.values)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(weighted)
    hasher.combine(normalized)
    hasher.combine(sources)
    for x in values { hasher.combine(x.bitPattern) }
  }

  /// The score of node `v`.
  public subscript(v: Int32) -> Double { values[Int(v)] }

  /// A bound ε on the error of every node's *normalised* score that holds for each node with
  /// probability at least 1 − `failureProbability`: 0 when exact, else
  /// ε = √(ln(2/δ) / (2(k − 1))) for k sources (Hoeffding's inequality for sampling without
  /// replacement; see `Betweenness.sampled`). For unnormalised scores multiply by
  /// (n − 1)(n − 2)/2.
  public func errorBound(failureProbability delta: Double) -> Double {
    if isExact { return 0 }
    guard sources > 1, delta > 0 else { return .infinity }
    return (log(2 / min(delta, 1)) / (2 * Double(sources - 1))).squareRoot()
  }
}

/// Shortest-path betweenness centrality (Brandes 2001), exact or sampled.
///
/// The betweenness of v is Σ_{s ≠ v ≠ t} σ_st(v)/σ_st over pairs of other nodes, σ_st counting
/// shortest s–t paths and σ_st(v) those through v. Scaling follows NetworkX 3.6's
/// `betweenness_centrality` (endpoints excluded) on an undirected graph: unnormalised scores
/// count each unordered pair once (the ordered-pair sum divided by 2); normalised ones divide
/// that by (n − 1)(n − 2)/2, the number of pairs. With n ≤ 2 every score is 0.
///
/// Lengths: unweighted, a path's length is its hop count (breadth-first search). Weighted,
/// an edge's length is 1/weight, so that strong ties are short (NetworkX reads a weight as a
/// length, so pass it 1/weight to compare); a zero-weight edge is infinitely long, that is
/// never used. Two weighted path lengths are equal when they differ by at most 1e-12 of their
/// size, so that paths whose lengths are equal as exact fractions but whose floating sums
/// differ in the last bits are all counted: the reference is the computation in exact rational
/// arithmetic (NetworkX compares floating sums with ==, igraph with a tolerance, and the two
/// disagree on a few nodes of Zachary's karate club).
///
/// Reference: U. Brandes, "A faster algorithm for betweenness centrality", Journal of
/// Mathematical Sociology 25(2):163–177 (2001), doi:10.1080/0022250X.2001.9990249.
public enum Betweenness {
  /// The exact betweenness of every node, computed from every source in parallel.
  ///
  /// A leaf (a node whose one usable edge leads to a node with others) is not searched from:
  /// its shortest paths are its neighbour's with that edge in front, so its dependency on every
  /// other node is its neighbour's, and on the neighbour it is the number of other nodes it
  /// reaches, less 2. Its neighbour's search counts for both (as Baglioni, Geraci, Pellegrini
  /// and Lastres fold degree-one nodes into their neighbours, ASONAM 2012). A network imported
  /// from a contact list is mostly leaves around you.
  ///
  /// - Parameters:
  ///   - graph: the graph.
  ///   - weighted: lengths 1/weight (true) or hop counts (false).
  ///   - normalized: divide by the number of pairs (n − 1)(n − 2)/2, as NetworkX.
  /// - Returns: scores indexed by node. Empty graph: no scores; isolated nodes: 0.
  /// - Complexity: O(n·m) unweighted and O(n·m·log n) weighted time for n nodes and m edges
  ///   (n counting the nodes that are not leaves), split over every core; O(n) memory per core
  ///   plus 8n values (see `accumulate`).
  public static func exact(in graph: WeightedGraph, weighted: Bool = false, normalized: Bool = true)
    -> BetweennessScores
  {
    let n = graph.nodeCount
    let (sources, weight) = leafFolding(graph, weighted: weighted)
    let raw = accumulate(graph, sources: sources, weighted: weighted, weight: weight)
    let scale = exactScale(n: n, normalized: normalized)
    return BetweennessScores(
      values: raw.map { $0 * scale }, weighted: weighted, normalized: normalized, sources: n)
  }

  /// Betweenness estimated from k sources drawn uniformly without replacement (Brandes &
  /// Pich's pivot sampling), for graphs too large for the exact computation.
  ///
  /// The dependencies of the k sources are summed and scaled as NetworkX 3.6 does, which is
  /// unbiased: a node that is not a source by (n − 1)/k, a source (whose own dependency is 0)
  /// by (n − 1)/(k − 1), then as `exact`. With k = 1 the source's own score is NaN, as in
  /// NetworkX; k ≥ n gives the exact scores.
  ///
  /// Error bound: a source's dependency δ_s(v) lies in [0, n − 2], and the normalised score
  /// of v is the mean of δ_s(v)/(n − 2) over the n − 1 sources s ≠ v. By Hoeffding's
  /// inequality, which holds for sampling without replacement (Hoeffding 1963, §6), the
  /// normalised estimate is within ε = √(ln(2/δ)/(2(k − 1))) of the exact score with
  /// probability ≥ 1 − δ, for each node (`BetweennessScores.errorBound`). For example,
  /// k = 1000 gives ε ≈ 0.043 at δ = 0.05. (Brandes & Pich, "Centrality estimation in large
  /// networks", IJBC 17(7):2303–2318 (2007), doi:10.1142/S0218127407018403; the bound in the
  /// same form as Eppstein & Wang's, which they cite.)
  ///
  /// - Parameters:
  ///   - graph: the graph.
  ///   - pivots: k, the number of sources.
  ///   - weighted: lengths 1/weight (true) or hop counts (false).
  ///   - normalized: divide by the number of pairs, as NetworkX.
  ///   - generator: draws the sources.
  /// - Complexity: O(k·m) unweighted and O(k·m·log n) weighted, split over every core.
  public static func sampled(
    in graph: WeightedGraph, pivots: Int, weighted: Bool = false, normalized: Bool = true,
    using generator: inout some RandomNumberGenerator
  ) -> BetweennessScores {
    precondition(pivots > 0, "sample at least one pivot")
    let n = graph.nodeCount
    guard pivots < n else { return exact(in: graph, weighted: weighted, normalized: normalized) }
    // Partial Fisher–Yates: the first k entries are a uniform sample without replacement.
    var nodes = (0..<n).map { Int32($0) }
    let k = pivots
    for i in 0..<k {
      let j = i + Int(_boundedRandom(UInt64(n - i), using: &generator))
      nodes.swapAt(i, j)
    }
    return sampled(
      in: graph, sources: Array(nodes.prefix(k)), weighted: weighted, normalized: normalized)
  }

  /// `sampled(in:pivots:weighted:normalized:using:)` with a SplitMix64 generator seeded with
  /// `seed`, so that the estimate is reproducible.
  public static func sampled(
    in graph: WeightedGraph, pivots: Int, weighted: Bool = false, normalized: Bool = true,
    seed: UInt64
  ) -> BetweennessScores {
    var generator = _SplitMix64(seed: seed)
    return sampled(
      in: graph, pivots: pivots, weighted: weighted, normalized: normalized, using: &generator)
  }

  /// Betweenness estimated from the given distinct sources, scaled as NetworkX 3.6 scales a
  /// sample of them (see `sampled(in:pivots:weighted:normalized:using:)`).
  ///
  /// - Precondition: sources are distinct nodes of the graph, at least one unless the graph
  ///   is empty.
  /// - Complexity: O(k·m) unweighted and O(k·m·log n) weighted for k sources.
  public static func sampled(
    in graph: WeightedGraph, sources: [Int32], weighted: Bool = false, normalized: Bool = true
  ) -> BetweennessScores {
    let n = graph.nodeCount
    let k = sources.count
    precondition(k > 0 || n == 0, "sample at least one source")
    var isSource = [Bool](repeating: false, count: n)
    for s in sources {
      precondition(s >= 0 && Int(s) < n && !isSource[Int(s)], "sources must be distinct nodes")
      isSource[Int(s)] = true
    }
    var values = accumulate(graph, sources: sources, weighted: weighted)
    if k == n {
      let scale = exactScale(n: n, normalized: normalized)
      for v in 0..<n { values[v] *= scale }
    } else if n - 1 >= 2 {
      let bigN = Double(n - 1)
      let kk = Double(k)
      let sourceScale: Double
      let otherScale: Double
      if normalized {
        sourceScale = k > 1 ? 1 / ((kk - 1) * (bigN - 1)) : .nan
        otherScale = 1 / (kk * (bigN - 1))
      } else {
        sourceScale = k > 1 ? bigN / ((kk - 1) * 2) : .nan
        otherScale = bigN / (kk * 2)
      }
      for v in 0..<n { values[v] *= isSource[v] ? sourceScale : otherScale }
    }
    return BetweennessScores(
      values: values, weighted: weighted, normalized: normalized, sources: k)
  }

  /// NetworkX's scale for an exact computation on an undirected graph.
  static func exactScale(n: Int, normalized: Bool) -> Double {
    guard n - 1 >= 2 else { return 1 }
    return normalized ? 1 / (Double(n - 1) * Double(n - 2)) : 0.5
  }

  /// Relative tolerance within which two weighted path lengths are equal.
  static let tolerance = 1e-12

  /// The sources of an exact computation, every node but the leaves that hang from a node with
  /// other edges, and each source's weight: 1 plus the number of its leaves (see `exact`).
  static func leafFolding(_ graph: WeightedGraph, weighted: Bool) -> ([Int32], [Double]) {
    let n = graph.nodeCount
    // The one usable neighbour of each node that has exactly one, else -1.
    var only = [Int32](repeating: -1, count: n)
    for v in 0..<n {
      var usable = 0
      for slot in graph.offsets[v]..<graph.offsets[v + 1]
      where !weighted || graph.weights[slot] > 0 {
        usable += 1
        only[v] = graph.neighbors[slot]
      }
      if usable != 1 { only[v] = -1 }
    }
    var weight = [Double](repeating: 1, count: n)
    var sources: [Int32] = []
    sources.reserveCapacity(n)
    for v in 0..<n {
      let u = only[v]
      if u >= 0 && only[Int(u)] < 0 {
        weight[Int(u)] += 1
      } else {
        sources.append(Int32(v))
      }
    }
    return (sources, weight)
  }

  /// The ordered-pair dependency sums Σ_{s ∈ sources} δ_s(v), unscaled; with `weight`, each
  /// source's dependencies count `weight[s]` times, and its own score gains (weight[s] − 1)
  /// × (the nodes it reaches − 2): the dependencies of the leaves it stands for (`exact`).
  ///
  /// Sources are dealt into a fixed number of chunks (source i to chunk i mod 8), each summed
  /// into its own accumulator, and the accumulators are added in chunk order, so the result
  /// is the same bit for bit whatever the number of cores. One worker per core takes chunks in
  /// turn and reuses its scratch, so memory is O(n) per core plus 8n values.
  static func accumulate(
    _ graph: WeightedGraph, sources: [Int32], weighted: Bool, weight: [Double]? = nil
  ) -> [Double] {
    let n = graph.nodeCount
    guard n > 0, !sources.isEmpty else { return [Double](repeating: 0, count: n) }
    let chunks = min(8, sources.count)
    let workers = min(chunks, max(1, ProcessInfo.processInfo.activeProcessorCount))
    let lengths: [Double] = weighted ? graph.weights.map { $0 > 0 ? 1 / $0 : .infinity } : []
    var partial = [[Double]](repeating: [], count: chunks)
    partial.withUnsafeMutableBufferPointer { partialBuffer in
      guard let partialBase = partialBuffer.baseAddress else { return }
      let out = _DisjointWrites(base: partialBase)
      graph.offsets.withUnsafeBufferPointer { offsets in
        graph.neighbors.withUnsafeBufferPointer { neighbors in
          lengths.withUnsafeBufferPointer { lengths in
            _forEachChunkConcurrently(workers) { worker in
              let state = _BrandesState(
                nodeCount: n, offsets: offsets, neighbors: neighbors, lengths: lengths)
              var chunk = worker
              while chunk < chunks {
                state.clearTotals()
                var i = chunk
                while i < sources.count {
                  let s = Int(sources[i])
                  let times = weight?[s] ?? 1
                  if weighted {
                    state.dijkstra(from: s)
                    state.accumulateWeighted(times: times)
                  } else {
                    state.breadthFirst(from: s)
                    state.accumulateUnweighted(times: times)
                  }
                  if times > 1 { state.total[s] += (times - 1) * Double(state.reached - 2) }
                  i += chunks
                }
                // Each chunk's slot is written by exactly one worker.
                (out.base + chunk).initialize(to: state.totals())
                chunk += workers
              }
            }
          }
        }
      }
    }
    var sum = partial[0]
    for chunk in 1..<chunks {
      for v in 0..<n { sum[v] += partial[chunk][v] }
    }
    return sum
  }
}

/// One worker's scratch for single-source shortest paths and dependency accumulation, in raw
/// buffers (this is the hot loop of betweenness: no bounds or uniqueness checks), reset in
/// time proportional to the nodes a search reached.
final class _BrandesState {
  let n: Int
  let offsets: UnsafeBufferPointer<Int>
  let neighbors: UnsafeBufferPointer<Int32>
  /// 1/weight per slot; empty when unweighted.
  let lengths: UnsafeBufferPointer<Double>
  /// Hops from the source (unweighted), -1 when unreached.
  let hops: UnsafeMutablePointer<Int32>
  /// Summed 1/weight from the source (weighted), infinity when unreached.
  let distance: UnsafeMutablePointer<Double>
  let sigma: UnsafeMutablePointer<Double>
  let delta: UnsafeMutablePointer<Double>
  /// The dependency sums so far, over every source this worker handled.
  let total: UnsafeMutablePointer<Double>
  /// Nodes in the order they were settled (non-decreasing distance).
  let order: UnsafeMutablePointer<Int32>
  var reached = 0
  var heap: _IndexedHeap

  init(
    nodeCount n: Int, offsets: UnsafeBufferPointer<Int>, neighbors: UnsafeBufferPointer<Int32>,
    lengths: UnsafeBufferPointer<Double>
  ) {
    self.n = n
    self.offsets = offsets
    self.neighbors = neighbors
    self.lengths = lengths
    hops = .allocate(capacity: n)
    hops.initialize(repeating: -1, count: n)
    distance = .allocate(capacity: n)
    distance.initialize(repeating: .infinity, count: n)
    sigma = .allocate(capacity: n)
    sigma.initialize(repeating: 0, count: n)
    delta = .allocate(capacity: n)
    delta.initialize(repeating: 0, count: n)
    total = .allocate(capacity: n)
    total.initialize(repeating: 0, count: n)
    order = .allocate(capacity: n)
    order.initialize(repeating: 0, count: n)
    heap = _IndexedHeap(capacity: n)
  }

  deinit {
    hops.deallocate()
    distance.deallocate()
    sigma.deallocate()
    delta.deallocate()
    total.deallocate()
    order.deallocate()
    heap.deallocate()
  }

  func totals() -> [Double] { Array(UnsafeBufferPointer(start: total, count: n)) }

  func clearTotals() { total.update(repeating: 0, count: n) }

  func reset() {
    for i in 0..<reached {
      let v = Int(order[i])
      hops[v] = -1
      distance[v] = .infinity
      sigma[v] = 0
      delta[v] = 0
    }
    reached = 0
  }

  func breadthFirst(from s: Int) {
    reset()
    hops[s] = 0
    sigma[s] = 1
    order[0] = Int32(truncatingIfNeeded: s)
    var head = 0
    var tail = 1
    while head < tail {
      let v = Int(truncatingIfNeeded: order[head])
      head &+= 1
      let next = hops[v] &+ 1
      let sv = sigma[v]
      var slot = offsets[v]
      let end = offsets[v &+ 1]
      while slot < end {
        let w = Int(truncatingIfNeeded: neighbors[slot])
        let hw = hops[w]
        if hw < 0 {
          hops[w] = next
          sigma[w] = sv
          order[tail] = Int32(truncatingIfNeeded: w)
          tail &+= 1
        } else if hw == next {
          sigma[w] += sv
        }
        slot &+= 1
      }
    }
    reached = tail
  }

  /// Adds each reached node's dependency on the source, `times` times, to its total.
  func accumulateUnweighted(times: Double = 1) {
    var i = reached - 1
    while i > 0 {
      let w = Int(truncatingIfNeeded: order[i])
      let coefficient = (1 + delta[w]) / sigma[w]
      let previous = hops[w] &- 1
      var slot = offsets[w]
      let end = offsets[w &+ 1]
      while slot < end {
        let v = Int(truncatingIfNeeded: neighbors[slot])
        if hops[v] == previous { delta[v] += sigma[v] * coefficient }
        slot &+= 1
      }
      total[w] += times * delta[w]
      i &-= 1
    }
  }

  @inline(__always)
  static func equalLength(_ a: Double, _ b: Double) -> Bool {
    abs(a - b) <= Betweenness.tolerance * max(a, b)
  }

  func dijkstra(from s: Int) {
    reset()
    distance[s] = 0
    sigma[s] = 1
    heap.insert(Int32(truncatingIfNeeded: s), distance: distance)
    var settledCount = 0
    while let top = heap.popMin(distance: distance) {
      let v = Int(truncatingIfNeeded: top)
      // `hops` marks settled nodes here: 0 once settled.
      hops[v] = 0
      order[settledCount] = top
      settledCount &+= 1
      let dv = distance[v]
      let sv = sigma[v]
      var slot = offsets[v]
      let end = offsets[v &+ 1]
      while slot < end {
        let w = Int(truncatingIfNeeded: neighbors[slot])
        let length = lengths[slot]
        slot &+= 1
        if hops[w] == 0 || length == .infinity { continue }
        let d = dv + length
        let dw = distance[w]
        if dw == .infinity {
          distance[w] = d
          sigma[w] = sv
          heap.insert(Int32(truncatingIfNeeded: w), distance: distance)
        } else if Self.equalLength(d, dw) {
          sigma[w] += sv
        } else if d < dw {
          distance[w] = d
          sigma[w] = sv
          heap.decrease(Int32(truncatingIfNeeded: w), distance: distance)
        }
      }
    }
    // Every reached node was settled: the search runs until the heap is empty.
    reached = settledCount
  }

  /// Adds each reached node's dependency on the source, `times` times, to its total.
  func accumulateWeighted(times: Double = 1) {
    var i = reached - 1
    while i > 0 {
      let w = Int(truncatingIfNeeded: order[i])
      let dw = distance[w]
      let coefficient = (1 + delta[w]) / sigma[w]
      var slot = offsets[w]
      let end = offsets[w &+ 1]
      while slot < end {
        let v = Int(truncatingIfNeeded: neighbors[slot])
        let dv = distance[v]
        let length = lengths[slot]
        // A predecessor is strictly closer and on a shortest path to w: the same test as in
        // the search, so σ and δ agree on who precedes whom. An unusable (zero-weight) edge
        // leads nowhere: the tolerance of an infinite sum is infinite, and would take it.
        if dv < dw && length < .infinity && Self.equalLength(dv + length, dw) {
          delta[v] += sigma[v] * coefficient
        }
        slot &+= 1
      }
      total[w] += times * delta[w]
      i &-= 1
    }
  }
}

/// A binary min-heap of nodes keyed by an external distance array, with decrease-key, ties
/// broken by node index; O(n) memory whatever the number of relaxations.
struct _IndexedHeap {
  let nodes: UnsafeMutablePointer<Int32>
  /// The heap slot of each node, -1 when absent.
  let position: UnsafeMutablePointer<Int32>
  var count = 0

  init(capacity: Int) {
    nodes = .allocate(capacity: max(capacity, 1))
    position = .allocate(capacity: max(capacity, 1))
    position.initialize(repeating: -1, count: max(capacity, 1))
  }

  func deallocate() {
    nodes.deallocate()
    position.deallocate()
  }

  @inline(__always)
  static func less(_ a: Int32, _ b: Int32, _ d: UnsafeMutablePointer<Double>) -> Bool {
    let da = d[Int(truncatingIfNeeded: a)]
    let db = d[Int(truncatingIfNeeded: b)]
    return da < db || (da == db && a < b)
  }

  mutating func insert(_ v: Int32, distance: UnsafeMutablePointer<Double>) {
    nodes[count] = v
    position[Int(truncatingIfNeeded: v)] = Int32(truncatingIfNeeded: count)
    count &+= 1
    siftUp(count &- 1, distance)
  }

  mutating func decrease(_ v: Int32, distance: UnsafeMutablePointer<Double>) {
    siftUp(Int(truncatingIfNeeded: position[Int(truncatingIfNeeded: v)]), distance)
  }

  mutating func popMin(distance: UnsafeMutablePointer<Double>) -> Int32? {
    guard count > 0 else { return nil }
    let top = nodes[0]
    position[Int(truncatingIfNeeded: top)] = -1
    count &-= 1
    if count > 0 {
      let last = nodes[count]
      nodes[0] = last
      position[Int(truncatingIfNeeded: last)] = 0
      siftDown(0, distance)
    }
    return top
  }

  @inline(__always)
  private func siftUp(_ start: Int, _ d: UnsafeMutablePointer<Double>) {
    var i = start
    let v = nodes[i]
    while i > 0 {
      let parent = (i &- 1) >> 1
      let p = nodes[parent]
      guard Self.less(v, p, d) else { break }
      nodes[i] = p
      position[Int(truncatingIfNeeded: p)] = Int32(truncatingIfNeeded: i)
      i = parent
    }
    nodes[i] = v
    position[Int(truncatingIfNeeded: v)] = Int32(truncatingIfNeeded: i)
  }

  @inline(__always)
  private func siftDown(_ start: Int, _ d: UnsafeMutablePointer<Double>) {
    var i = start
    let v = nodes[i]
    while true {
      let left = 2 &* i &+ 1
      guard left < count else { break }
      var child = left
      let right = left &+ 1
      if right < count && Self.less(nodes[right], nodes[left], d) { child = right }
      let c = nodes[child]
      guard Self.less(c, v, d) else { break }
      nodes[i] = c
      position[Int(truncatingIfNeeded: c)] = Int32(truncatingIfNeeded: i)
      i = child
    }
    nodes[i] = v
    position[Int(truncatingIfNeeded: v)] = Int32(truncatingIfNeeded: i)
  }
}

/// A binary min-heap of (distance, node), ties broken by node so runs are reproducible.
struct _DistanceHeap {
  struct Entry {
    var distance: Double
    var node: Int32
  }

  private var entries: [Entry] = []

  var isEmpty: Bool { entries.isEmpty }

  mutating func removeAll() { entries.removeAll(keepingCapacity: true) }

  @inline(__always)
  static func less(_ a: Entry, _ b: Entry) -> Bool {
    a.distance < b.distance || (a.distance == b.distance && a.node < b.node)
  }

  mutating func push(_ distance: Double, _ node: Int32) {
    entries.append(Entry(distance: distance, node: node))
    var i = entries.count - 1
    while i > 0 {
      let parent = (i - 1) / 2
      guard Self.less(entries[i], entries[parent]) else { break }
      entries.swapAt(i, parent)
      i = parent
    }
  }

  mutating func pop() -> Entry? {
    guard let last = entries.popLast() else { return nil }
    guard !entries.isEmpty else { return last }
    let top = entries[0]
    entries[0] = last
    var i = 0
    let count = entries.count
    while true {
      let left = 2 * i + 1
      guard left < count else { break }
      var child = left
      if left + 1 < count && Self.less(entries[left + 1], entries[left]) { child = left + 1 }
      guard Self.less(entries[child], entries[i]) else { break }
      entries.swapAt(i, child)
      i = child
    }
    return top
  }
}
