/// One level of the Louvain/Leiden hierarchy: a graph in CSR form whose nodes are groups of
/// the original nodes. Rows need not be sorted and hold no self-loops; `nodeWeight` is the
/// summed strength of a node's members (so it counts the weight inside the group twice).
struct _LevelGraph {
  var offsets: [Int]
  var neighbors: [Int32]
  var weights: [Double]
  var nodeWeight: [Double]

  var count: Int { nodeWeight.count }

  init(_ graph: WeightedGraph) {
    offsets = graph.offsets
    neighbors = graph.neighbors
    weights = graph.weights
    nodeWeight = graph.strengths
  }

  init(offsets: [Int], neighbors: [Int32], weights: [Double], nodeWeight: [Double]) {
    self.offsets = offsets
    self.neighbors = neighbors
    self.weights = weights
    self.nodeWeight = nodeWeight
  }
}

/// Dense scratch arrays for the Leiden engine, allocated once for the largest level (the
/// original graph) and reused at every level, so that no inner loop allocates or hashes.
final class _LeidenWorkspace {
  let capacity: Int
  /// Weight from the current node to each community (or cluster); 0 outside `touched`.
  let linkWeight: UnsafeMutableBufferPointer<Double>
  let isTouched: UnsafeMutableBufferPointer<Bool>
  let touched: UnsafeMutableBufferPointer<Int32>
  let queue: UnsafeMutableBufferPointer<Int32>
  let inQueue: UnsafeMutableBufferPointer<Bool>
  let total: UnsafeMutableBufferPointer<Double>
  let size: UnsafeMutableBufferPointer<Int32>
  let emptyCommunities: UnsafeMutableBufferPointer<Int32>

  init(capacity n: Int) {
    capacity = max(n, 1)
    linkWeight = .allocate(capacity: capacity)
    linkWeight.initialize(repeating: 0)
    isTouched = .allocate(capacity: capacity)
    isTouched.initialize(repeating: false)
    touched = .allocate(capacity: capacity)
    touched.initialize(repeating: 0)
    queue = .allocate(capacity: capacity)
    queue.initialize(repeating: 0)
    inQueue = .allocate(capacity: capacity)
    inQueue.initialize(repeating: false)
    total = .allocate(capacity: capacity)
    total.initialize(repeating: 0)
    size = .allocate(capacity: capacity)
    size.initialize(repeating: 0)
    emptyCommunities = .allocate(capacity: capacity)
    emptyCommunities.initialize(repeating: 0)
  }

  deinit {
    linkWeight.deallocate()
    isTouched.deallocate()
    touched.deallocate()
    queue.deallocate()
    inQueue.deallocate()
    total.deallocate()
    size.deallocate()
    emptyCommunities.deallocate()
  }

  /// Moves below this fraction of a node's strength are rounding noise, not improvements; the
  /// threshold also keeps floating-point ties from making a node hop back and forth.
  static let relativeEpsilon = 1e-12

  /// One run of the algorithm on `graph`, from singletons or from `initial`; returns the
  /// community of each original node (labels < n, not yet renumbered).
  func run(
    _ graph: WeightedGraph, initial: [Int32]?, resolution: Double,
    using generator: inout _SplitMix64
  ) -> [Int32] {
    let n = graph.nodeCount
    let twoM = graph.strengths.reduce(0, +)
    let scale = resolution / twoM
    var level = _LevelGraph(graph)
    var community = initial.map { Communities.renumbered($0).labels } ?? (0..<n).map { Int32($0) }
    var nodeOf = (0..<n).map { Int32($0) }
    while true {
      moveNodes(level, &community, scale: scale, using: &generator)
      let coarse = Communities.renumbered(community)
      community = coarse.labels
      if coarse.count == level.count { break }
      let refined = refine(
        level, community, communityCount: coarse.count, scale: scale, using: &generator)
      // Aggregate the refined clusters, each starting in its community; when refinement merged
      // nothing, aggregate the communities themselves (Louvain's step) so that levels shrink.
      let clusters: [Int32]
      let clusterCount: Int
      var start: [Int32]
      if refined.count < level.count {
        clusters = refined.labels
        clusterCount = refined.count
        start = [Int32](repeating: 0, count: clusterCount)
        for v in 0..<level.count { start[Int(clusters[v])] = community[v] }
      } else {
        clusters = community
        clusterCount = coarse.count
        start = (0..<clusterCount).map { Int32($0) }
      }
      level = aggregate(level, clusters, clusterCount)
      for v in 0..<n { nodeOf[v] = clusters[Int(nodeOf[v])] }
      community = start
    }
    return nodeOf.map { community[Int($0)] }
  }

  /// Leiden's fast local moving: visits nodes from a queue (initially all, shuffled), moves
  /// each to the neighbouring or empty community of best modularity gain, and requeues the
  /// neighbours that a move may attract.
  func moveNodes(
    _ level: _LevelGraph, _ community: inout [Int32], scale: Double,
    using generator: inout _SplitMix64
  ) {
    let (total, size, linkWeight, touched) = (self.total, self.size, self.linkWeight, self.touched)
    let (queue, inQueue, emptyCommunities) = (self.queue, self.inQueue, self.emptyCommunities)
    let n = level.count
    var order = (0..<n).map { Int32($0) }
    _shuffle(&order, using: &generator)
    for c in 0..<n {
      total[c] = 0
      size[c] = 0
    }
    for v in 0..<n {
      total[Int(community[v])] += level.nodeWeight[v]
      size[Int(community[v])] += 1
    }
    var emptyCount = 0
    for c in stride(from: n - 1, through: 0, by: -1) where size[c] == 0 {
      emptyCommunities[emptyCount] = Int32(c)
      emptyCount += 1
    }
    for i in 0..<n {
      queue[i] = order[i]
      inQueue[Int(order[i])] = true
    }
    var head = 0
    var queued = n
    level.offsets.withUnsafeBufferPointer { offsets in
      level.neighbors.withUnsafeBufferPointer { neighbors in
        level.weights.withUnsafeBufferPointer { weights in
          level.nodeWeight.withUnsafeBufferPointer { nodeWeight in
            community.withUnsafeMutableBufferPointer { community in
              while queued > 0 {
                let v = Int(queue[head])
                head = head + 1 == n ? 0 : head + 1
                queued -= 1
                inQueue[v] = false
                let current = Int(community[v])
                let kv = nodeWeight[v]
                // A community is listed when its link weight is still 0; with zero-weight
                // edges it may be listed twice, which is harmless (same gain, reset twice) and
                // bounded by the degree. This saves a random access per edge.
                var touchedCount = 0
                for slot in offsets[v]..<offsets[v + 1] {
                  let c = Int(community[Int(neighbors[slot])])
                  if linkWeight[c] == 0 {
                    touched[touchedCount] = Int32(c)
                    touchedCount += 1
                  }
                  linkWeight[c] += weights[slot]
                }
                total[current] -= kv
                let kvScale = kv * scale
                let epsilon = Self.relativeEpsilon * kv
                var best = current
                var bestGain = linkWeight[current] - kvScale * total[current]
                for i in 0..<touchedCount {
                  let c = Int(touched[i])
                  let gain = linkWeight[c] - kvScale * total[c]
                  if gain > bestGain + epsilon {
                    best = c
                    bestGain = gain
                  }
                }
                for i in 0..<touchedCount { linkWeight[Int(touched[i])] = 0 }
                // Alone in an empty community the gain is 0.
                if bestGain < -epsilon && size[current] > 1 && emptyCount > 0 {
                  emptyCount -= 1
                  best = Int(emptyCommunities[emptyCount])
                }
                total[best] += kv
                guard best != current else { continue }
                community[v] = Int32(best)
                size[best] += 1
                size[current] -= 1
                if size[current] == 0 {
                  total[current] = 0
                  emptyCommunities[emptyCount] = Int32(current)
                  emptyCount += 1
                }
                for slot in offsets[v]..<offsets[v + 1] {
                  let u = Int(neighbors[slot])
                  if !inQueue[u] && Int(community[u]) != best {
                    inQueue[u] = true
                    var tail = head + queued
                    if tail >= n { tail -= n }
                    queue[tail] = Int32(u)
                    queued += 1
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  /// Leiden's refinement, greedy: within each community, in shuffled order, a node that is
  /// still a singleton and well connected to its community joins the well-connected cluster
  /// of its community with the largest positive gain. Clusters grow only along edges, so each
  /// is connected. Returns cluster labels (dense) and their count.
  func refine(
    _ level: _LevelGraph, _ community: [Int32], communityCount: Int, scale: Double,
    using generator: inout _SplitMix64
  ) -> _Labels {
    let (total, size, linkWeight, isTouched, touched) = (
      self.total, self.size, self.linkWeight, self.isTouched, self.touched
    )
    let n = level.count
    var communityTotal = [Double](repeating: 0, count: communityCount)
    for v in 0..<n { communityTotal[Int(community[v])] += level.nodeWeight[v] }
    var cluster = (0..<n).map { Int32($0) }
    // total[c]: strength of cluster c; size[c]: its node count; external[c]: weight from c
    // to the rest of its community.
    var external = [Double](repeating: 0, count: n)
    for v in 0..<n {
      total[v] = level.nodeWeight[v]
      size[v] = 1
      var w = 0.0
      let c = community[v]
      for slot in level.offsets[v]..<level.offsets[v + 1]
      where community[Int(level.neighbors[slot])] == c {
        w += level.weights[slot]
      }
      external[v] = w
    }
    var order = (0..<n).map { Int32($0) }
    _shuffle(&order, using: &generator)
    level.offsets.withUnsafeBufferPointer { offsets in
      level.neighbors.withUnsafeBufferPointer { neighbors in
        level.weights.withUnsafeBufferPointer { weights in
          level.nodeWeight.withUnsafeBufferPointer { nodeWeight in
            community.withUnsafeBufferPointer { community in
              communityTotal.withUnsafeBufferPointer { communityTotal in
                cluster.withUnsafeMutableBufferPointer { cluster in
                  external.withUnsafeMutableBufferPointer { external in
                    for vv in order {
                      let v = Int(vv)
                      guard size[Int(cluster[v])] == 1 else { continue }
                      let c = community[v]
                      let kv = nodeWeight[v]
                      let rest = communityTotal[Int(c)]
                      guard external[v] >= kv * (rest - kv) * scale else { continue }
                      var touchedCount = 0
                      for slot in offsets[v]..<offsets[v + 1] {
                        let u = Int(neighbors[slot])
                        guard community[u] == c else { continue }
                        let k = Int(cluster[u])
                        if !isTouched[k] {
                          isTouched[k] = true
                          touched[touchedCount] = Int32(k)
                          touchedCount += 1
                        }
                        linkWeight[k] += weights[slot]
                      }
                      let epsilon = Self.relativeEpsilon * kv
                      var best = -1
                      var bestGain = 0.0
                      for i in 0..<touchedCount {
                        let k = Int(touched[i])
                        guard k != v else { continue }
                        let tk = total[k]
                        guard external[k] >= tk * (rest - tk) * scale else { continue }
                        let gain = linkWeight[k] - kv * tk * scale
                        if gain > bestGain + epsilon {
                          best = k
                          bestGain = gain
                        }
                      }
                      if best >= 0 {
                        cluster[v] = Int32(best)
                        size[best] += 1
                        size[v] = 0
                        total[best] += kv
                        external[best] += external[v] - 2 * linkWeight[best]
                      }
                      for i in 0..<touchedCount {
                        let k = Int(touched[i])
                        linkWeight[k] = 0
                        isTouched[k] = false
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
    return Communities.renumbered(cluster)
  }

  /// The graph whose nodes are the clusters of `level`, edges summed between clusters and
  /// dropped inside them.
  func aggregate(_ level: _LevelGraph, _ clusters: [Int32], _ count: Int) -> _LevelGraph {
    let (linkWeight, isTouched, touched) = (self.linkWeight, self.isTouched, self.touched)
    let n = level.count
    var memberStart = [Int](repeating: 0, count: count + 1)
    for v in 0..<n { memberStart[Int(clusters[v]) + 1] += 1 }
    for c in 0..<count { memberStart[c + 1] += memberStart[c] }
    var fill = memberStart
    var members = [Int32](repeating: 0, count: n)
    var nodeWeight = [Double](repeating: 0, count: count)
    for v in 0..<n {
      let c = Int(clusters[v])
      members[fill[c]] = Int32(v)
      fill[c] += 1
      nodeWeight[c] += level.nodeWeight[v]
    }
    var offsets = [Int](repeating: 0, count: count + 1)
    var neighbors: [Int32] = []
    var weights: [Double] = []
    neighbors.reserveCapacity(level.neighbors.count / 2)
    weights.reserveCapacity(level.neighbors.count / 2)
    level.offsets.withUnsafeBufferPointer { levelOffsets in
      level.neighbors.withUnsafeBufferPointer { levelNeighbors in
        level.weights.withUnsafeBufferPointer { levelWeights in
          clusters.withUnsafeBufferPointer { clusters in
            for c in 0..<count {
              var touchedCount = 0
              for i in memberStart[c]..<memberStart[c + 1] {
                let v = Int(members[i])
                for slot in levelOffsets[v]..<levelOffsets[v + 1] {
                  let d = Int(clusters[Int(levelNeighbors[slot])])
                  guard d != c else { continue }
                  if !isTouched[d] {
                    isTouched[d] = true
                    touched[touchedCount] = Int32(d)
                    touchedCount += 1
                  }
                  linkWeight[d] += levelWeights[slot]
                }
              }
              for i in 0..<touchedCount {
                let d = Int(touched[i])
                neighbors.append(Int32(d))
                weights.append(linkWeight[d])
                linkWeight[d] = 0
                isTouched[d] = false
              }
              offsets[c + 1] = neighbors.count
            }
          }
        }
      }
    }
    return _LevelGraph(
      offsets: offsets, neighbors: neighbors, weights: weights, nodeWeight: nodeWeight)
  }
}
