import Foundation
import KithGraph

/// An immutable, undirected, weighted graph in compressed sparse row (CSR) form: the input of
/// the community, brokerage and path algorithms.
///
/// Nodes are the dense indices `0..<nodeCount`. The neighbours of `u` are
/// `neighbors[offsets[u]..<offsets[u + 1]]`, sorted ascending, and `weights` holds the weight
/// of each of those slots. Every undirected edge appears twice, once in each endpoint's row,
/// with the same weight.
///
/// Normalisation of the input, so that every algorithm sees a simple graph:
/// - **Self-loops are dropped.** A tie of a person with themselves carries no information about
///   circles, brokerage or paths. (NetworkX keeps them; the reference values in the tests are
///   for graphs without self-loops, where the two agree.)
/// - **Duplicate edges are merged by summing their weights**, in input order, so the merged
///   weight is the same bit for bit in both rows.
/// - Weights must be finite and non-negative (a precondition: importers reject bad weights
///   with a located error before a graph is built). A zero-weight edge is kept: it is an edge
///   for unweighted measures and has no effect on weighted ones (each algorithm documents how).
public struct WeightedGraph: Sendable, Hashable {
  /// One undirected edge of an edge list.
  public struct Edge: Sendable, Hashable {
    public var source: Int32
    public var target: Int32
    public var weight: Double

    public init(_ source: Int32, _ target: Int32, weight: Double = 1) {
      self.source = source
      self.target = target
      self.weight = weight
    }
  }

  /// CSR offsets, `nodeCount + 1` of them.
  public let offsets: [Int]
  /// Neighbour indices, each row ascending.
  public let neighbors: [Int32]
  /// The weight of each adjacency slot.
  public let weights: [Double]
  /// The weighted degree (strength) of each node: the sum of its row's weights.
  public let strengths: [Double]
  /// The sum of the weights of all edges, each edge counted once.
  public let totalWeight: Double

  /// The number of nodes.
  public var nodeCount: Int { offsets.count - 1 }
  /// The number of undirected edges after merging duplicates and dropping self-loops.
  public var edgeCount: Int { neighbors.count / 2 }

  /// Builds a graph from an edge list.
  ///
  /// - Parameters:
  ///   - nodeCount: the number of nodes n; every endpoint must lie in `0..<n`.
  ///   - edges: undirected edges in any order. Self-loops are dropped and duplicates merged by
  ///     summing weights (see the type's documentation).
  /// - Precondition: endpoints in range; weights finite and ≥ 0.
  /// - Complexity: O(n + m) time for m input edges to place every edge in its two rows (one
  ///   counting pass), then each row sorted stably: O(d) for a row of d neighbours already in
  ///   order, O(d²) for a short one, O(d log d) otherwise; O(n + m) extra memory. From 131,072
  ///   edges on, the passes run on every core, each core owning a range of nodes (and reading
  ///   every edge): the result is the same bit for bit.
  public init(nodeCount: Int, edges: [Edge]) {
    self.init(
      nodeCount: nodeCount, sources: edges.map(\.source), targets: edges.map(\.target),
      weights: edges.map(\.weight))
  }

  /// Builds a graph from an edge list in columns: edge i joins `sources[i]` and `targets[i]`
  /// with weight `weights[i]`. The same graph as `init(nodeCount:edges:)` with those edges.
  /// - Precondition: the three arrays have the same length; endpoints in range; weights
  ///   finite and ≥ 0.
  /// - Complexity: O(n + m), as `init(nodeCount:edges:)`.
  public init(nodeCount: Int, sources: [Int32], targets: [Int32], weights: [Double]) {
    precondition(
      sources.count == targets.count && sources.count == weights.count,
      "one source, target and weight per edge")
    precondition(nodeCount >= 0 && nodeCount <= Int(Int32.max), "node count out of range")
    for i in 0..<sources.count {
      let (s, t, w) = (sources[i], targets[i], weights[i])
      precondition(
        s >= 0 && Int(s) < nodeCount && t >= 0 && Int(t) < nodeCount,
        "edge endpoint out of range")
      precondition(w.isFinite && w >= 0, "edge weights must be finite and ≥ 0")
    }
    self.init(
      checkedNodeCount: nodeCount, sources: sources, targets: targets, weights: weights,
      degrees: nil)
  }

  /// `init(nodeCount:sources:targets:weights:)` for columns already checked (endpoints in
  /// range, weights finite and ≥ 0), as a parser that checked every field has them; with
  /// `degrees`, each node's number of edges other than self-loops, counted by the caller as
  /// it built the columns, so that no pass over the edges counts them again.
  init(
    checkedNodeCount nodeCount: Int, sources: [Int32], targets: [Int32], weights: [Double],
    degrees: [Int32]?
  ) {
    let n = nodeCount
    let m = sources.count
    // Large graphs are built in parallel: part p owns the nodes of one range, reads every edge
    // and writes only its own nodes' counts and rows, in the same order as one pass would.
    let parts = m < 1 << 17 || n < 2 ? 1 : min(ProcessInfo.processInfo.activeProcessorCount, n)
    let bounds = (0...parts).map { n * $0 / parts }
    var start = [Int](repeating: 0, count: n + 1)
    var rowNeighbor: [Int32] = []
    var rowWeight: [Double] = []
    var merged = [Int](repeating: 0, count: n)
    sources.withUnsafeBufferPointer { sources in
      targets.withUnsafeBufferPointer { targets in
        weights.withUnsafeBufferPointer { weights in
          start.withUnsafeMutableBufferPointer { start in
            // Degrees, into start[u + 1].
            if let degrees {
              for u in 0..<n { start[u + 1] = Int(degrees[u]) }
            } else {
              _forEachChunkConcurrently(parts) { p in
                let (lo, hi) = (Int32(bounds[p]), Int32(bounds[p + 1]))
                for i in 0..<m where sources[i] != targets[i] {
                  let (s, t) = (sources[i], targets[i])
                  if s >= lo && s < hi { start[Int(s) + 1] += 1 }
                  if t >= lo && t < hi { start[Int(t) + 1] += 1 }
                }
              }
            }
            for u in 0..<n { start[u + 1] += start[u] }
            let entries = start[n]
            rowNeighbor = [Int32](repeating: 0, count: entries)
            rowWeight = [Double](repeating: 0, count: entries)
            var fill = Array(start)
            fill.withUnsafeMutableBufferPointer { fill in
              rowNeighbor.withUnsafeMutableBufferPointer { rowNeighbor in
                rowWeight.withUnsafeMutableBufferPointer { rowWeight in
                  merged.withUnsafeMutableBufferPointer { merged in
                    _forEachChunkConcurrently(parts) { p in
                      let (lo, hi) = (Int32(bounds[p]), Int32(bounds[p + 1]))
                      // Each directed entry into its endpoint's row, in input order.
                      for i in 0..<m where sources[i] != targets[i] {
                        let (s, t) = (sources[i], targets[i])
                        if s >= lo && s < hi {
                          rowNeighbor[fill[Int(s)]] = t
                          rowWeight[fill[Int(s)]] = weights[i]
                          fill[Int(s)] += 1
                        }
                        if t >= lo && t < hi {
                          rowNeighbor[fill[Int(t)]] = s
                          rowWeight[fill[Int(t)]] = weights[i]
                          fill[Int(t)] += 1
                        }
                      }
                      // Each row sorted by neighbour, stably (so a neighbour's duplicates stay
                      // in input order), then its duplicates merged in place: rows only shrink,
                      // so writing never overtakes reading.
                      var sorter = _StableRowSorter()
                      var write = start[Int(lo)]
                      for u in Int(lo)..<Int(hi) {
                        let end = start[u + 1]
                        sorter.sort(rowNeighbor, rowWeight, start[u]..<end)
                        var read = start[u]
                        let rowStart = write
                        while read < end {
                          let v = rowNeighbor[read]
                          var w = rowWeight[read]
                          read += 1
                          while read < end && rowNeighbor[read] == v {
                            w += rowWeight[read]
                            read += 1
                          }
                          rowNeighbor[write] = v
                          rowWeight[write] = w
                          write += 1
                        }
                        merged[u] = write - rowStart
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    // Close the gaps the parts left: each part's rows move left, in order.
    var offsets = [Int](repeating: 0, count: n + 1)
    for u in 0..<n { offsets[u + 1] = offsets[u] + merged[u] }
    for p in 0..<parts where bounds[p] < bounds[p + 1] {
      let (from, to) = (start[bounds[p]], offsets[bounds[p]])
      let count = offsets[bounds[p + 1]] - to
      if from != to && count > 0 {
        for k in 0..<count {
          rowNeighbor[to + k] = rowNeighbor[from + k]
          rowWeight[to + k] = rowWeight[from + k]
        }
      }
    }
    let write = offsets[n]
    rowNeighbor.removeSubrange(write...)
    rowWeight.removeSubrange(write...)
    self.init(validatedOffsets: offsets, neighbors: rowNeighbor, weights: rowWeight)
  }

  /// Builds the person–person graph of a snapshot, weighted by current tie strength.
  ///
  /// - Parameters:
  ///   - snapshot: the network; node i is the snapshot's person i.
  ///   - excluded: a person to leave out (typically the ego, who touches all of their alters
  ///     and would glue their circles together), or nil. The node stays present but isolated,
  ///     so that indices match the snapshot's.
  /// - Precondition: `excluded` is nil or a person of the snapshot.
  /// - Complexity: O(n + m) for n people and m ties.
  public init(snapshot: NetworkSnapshot, excluding excluded: Int32? = nil) {
    let n = snapshot.personCount
    let strengths = snapshot.slotStrengths()
    let source = snapshot.neighbors
    let sourceOffsets = snapshot.offsets
    precondition(excluded.map { $0 >= 0 && Int($0) < n } ?? true, "excluded person out of range")
    guard let x = excluded else {
      self.init(
        validatedOffsets: sourceOffsets, neighbors: source,
        weights: strengths.map { Double($0) })
      return
    }
    var offsets = [Int](repeating: 0, count: n + 1)
    var neighbors = [Int32]()
    var weights = [Double]()
    let kept = source.count - 2 * snapshot.degree(x)
    neighbors.reserveCapacity(kept)
    weights.reserveCapacity(kept)
    for u in 0..<n {
      if u != Int(x) {
        for slot in sourceOffsets[u]..<sourceOffsets[u + 1] where source[slot] != x {
          neighbors.append(source[slot])
          weights.append(Double(strengths[slot]))
        }
      }
      offsets[u + 1] = neighbors.count
    }
    self.init(validatedOffsets: offsets, neighbors: neighbors, weights: weights)
  }

  /// Wraps CSR arrays that already satisfy the invariants (sorted rows, symmetric, no
  /// self-loops, no duplicates).
  init(validatedOffsets offsets: [Int], neighbors: [Int32], weights: [Double]) {
    self.offsets = offsets
    self.neighbors = neighbors
    self.weights = weights
    let n = offsets.count - 1
    var strengths = [Double](repeating: 0, count: n)
    var total = 0.0
    for u in 0..<n {
      var s = 0.0
      for slot in offsets[u]..<offsets[u + 1] { s += weights[slot] }
      strengths[u] = s
      total += s
    }
    self.strengths = strengths
    self.totalWeight = total / 2
    #if DEBUG
      _checkInvariants()
    #endif
  }

  /// The number of neighbours of `u`.
  @inlinable
  public func degree(_ u: Int32) -> Int { offsets[Int(u) + 1] - offsets[Int(u)] }

  /// The adjacency slots of `u`: index `neighbors` and `weights` with them.
  @inlinable
  public func slots(of u: Int32) -> Range<Int> { offsets[Int(u)]..<offsets[Int(u) + 1] }

  /// The neighbours of `u`, ascending.
  public func neighbors(of u: Int32) -> ArraySlice<Int32> { neighbors[slots(of: u)] }

  /// The weight of the edge between `u` and `v`, or nil when there is none.
  /// - Complexity: O(log deg(u)).
  public func weight(between u: Int32, and v: Int32) -> Double? {
    slot(of: v, inRowOf: u).map { weights[$0] }
  }

  /// The slot of `v` in `u`'s row, or nil.
  /// - Complexity: O(log deg(u)).
  public func slot(of v: Int32, inRowOf u: Int32) -> Int? {
    var lo = offsets[Int(u)]
    var hi = offsets[Int(u) + 1]
    let end = hi
    while lo < hi {
      let mid = (lo + hi) / 2
      if neighbors[mid] < v { lo = mid + 1 } else { hi = mid }
    }
    return lo < end && neighbors[lo] == v ? lo : nil
  }

  /// Every edge once, as (u, v, weight) with u < v, sorted by (u, v).
  /// - Complexity: O(n + m).
  public func edgeList() -> [Edge] {
    var out = [Edge]()
    out.reserveCapacity(edgeCount)
    for u in 0..<nodeCount {
      for slot in offsets[u]..<offsets[u + 1] where neighbors[slot] > Int32(u) {
        out.append(Edge(Int32(u), neighbors[slot], weight: weights[slot]))
      }
    }
    return out
  }

  /// Checks the CSR invariants: sorted rows without self-loops or duplicates, and symmetry.
  func _checkInvariants() {
    let n = nodeCount
    precondition(offsets.first == 0 && offsets.last == neighbors.count)
    precondition(weights.count == neighbors.count)
    guard neighbors.count <= 200_000 else { return }  // keep debug builds usable at scale
    for u in 0..<n {
      var previous: Int32 = -1
      for slot in offsets[u]..<offsets[u + 1] {
        let v = neighbors[slot]
        precondition(v > previous && v != Int32(u) && Int(v) < n, "row \(u) is not simple")
        previous = v
        precondition(weight(between: v, and: Int32(u)) == weights[slot], "asymmetric edge")
      }
    }
  }
}

/// Sorts the rows of a CSR build by neighbour, stably: insertion sort for short rows, and for
/// longer ones a sort of (neighbour, position) keys with the weights gathered after.
struct _StableRowSorter {
  private var keys: [UInt64] = []
  private var scratch: [Double] = []

  /// Sorts `neighbors[range]` ascending, moving `weights[range]` along; equal neighbours keep
  /// their order.
  mutating func sort(
    _ neighbors: UnsafeMutableBufferPointer<Int32>, _ weights: UnsafeMutableBufferPointer<Double>,
    _ range: Range<Int>
  ) {
    let count = range.count
    guard count > 1 else { return }
    let lo = range.lowerBound
    // Already sorted (as rows of an edge list written in order often are).
    var sorted = true
    for i in lo + 1..<range.upperBound where neighbors[i] < neighbors[i - 1] {
      sorted = false
      break
    }
    if sorted { return }
    if count <= 48 {
      for i in lo + 1..<range.upperBound {
        let v = neighbors[i]
        let w = weights[i]
        var j = i
        while j > lo && neighbors[j - 1] > v {
          neighbors[j] = neighbors[j - 1]
          weights[j] = weights[j - 1]
          j -= 1
        }
        neighbors[j] = v
        weights[j] = w
      }
      return
    }
    keys.removeAll(keepingCapacity: true)
    scratch.removeAll(keepingCapacity: true)
    for k in 0..<count {
      keys.append(UInt64(UInt32(bitPattern: neighbors[lo + k])) << 32 | UInt64(k))
      scratch.append(weights[lo + k])
    }
    // Keys are distinct, so any sort is stable on the neighbour.
    keys.sort()
    for (k, key) in keys.enumerated() {
      neighbors[lo + k] = Int32(bitPattern: UInt32(truncatingIfNeeded: key >> 32))
      weights[lo + k] = scratch[Int(key & 0xFFFF_FFFF)]
    }
  }
}
