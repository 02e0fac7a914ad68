import Foundation

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
  /// `schedule` says which levels start their local moving in parallel rounds.
  func run(
    _ graph: WeightedGraph, initial: [Int32]?, resolution: Double,
    schedule: _MovingSchedule = .standard, using generator: inout _SplitMix64
  ) -> [Int32] {
    let n = graph.nodeCount
    let twoM = graph.strengths.reduce(0, +)
    let scale = resolution / twoM
    var level = _LevelGraph(graph)
    var community = initial.map { Communities.renumbered($0).labels } ?? (0..<n).map { Int32($0) }
    var nodeOf = (0..<n).map { Int32($0) }
    while true {
      moveNodes(
        level, &community, scale: scale, schedule: schedule, using: &generator)
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
  /// neighbours that a move may attract. A level of at least `schedule.parallelFrom` nodes
  /// first runs the same queue in parallel rounds (`moveNodesInRounds`), and finishes here
  /// with the nodes those rounds left queued.
  func moveNodes(
    _ level: _LevelGraph, _ community: inout [Int32], scale: Double,
    schedule: _MovingSchedule, using generator: inout _SplitMix64
  ) {
    let (total, size, linkWeight, touched) = (self.total, self.size, self.linkWeight, self.touched)
    let (queue, inQueue, emptyCommunities) = (self.queue, self.inQueue, self.emptyCommunities)
    let n = level.count
    var order = (0..<n).map { Int32($0) }
    _shuffle(&order, using: &generator)
    if n >= schedule.parallelFrom {
      order = moveNodesInRounds(level, &community, scale: scale, order: order, schedule: schedule)
    }
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
    for i in 0..<order.count {
      queue[i] = order[i]
      inQueue[Int(order[i])] = true
    }
    var head = 0
    var queued = order.count
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
  ///
  /// Communities are refined independently of each other, so they are refined in parallel:
  /// each keeps the shuffled order of its own nodes, and every cluster, with its entries in
  /// the scratch arrays (indexed by the node that started it), lies in one community. The
  /// result is the same as refining the nodes in the shuffled order one by one.
  func refine(
    _ level: _LevelGraph, _ community: [Int32], communityCount: Int, scale: Double,
    using generator: inout _SplitMix64
  ) -> _Labels {
    let (total, size, linkWeight, isTouched) = (
      self.total, self.size, self.linkWeight, self.isTouched
    )
    let n = level.count
    var communityTotal = [Double](repeating: 0, count: communityCount)
    var memberStart = [Int](repeating: 0, count: communityCount + 1)
    for v in 0..<n {
      communityTotal[Int(community[v])] += level.nodeWeight[v]
      memberStart[Int(community[v]) + 1] += 1
    }
    for c in 0..<communityCount { memberStart[c + 1] += memberStart[c] }
    var cluster = (0..<n).map { Int32($0) }
    // total[c]: strength of cluster c; size[c]: its node count; external[c]: weight from c
    // to the rest of its community.
    var external = [Double](repeating: 0, count: n)
    var order = (0..<n).map { Int32($0) }
    _shuffle(&order, using: &generator)
    // Each community's nodes, in shuffled order.
    var members = [Int32](repeating: 0, count: n)
    var fill = memberStart
    for v in order {
      let c = Int(community[Int(v)])
      members[fill[c]] = v
      fill[c] += 1
    }
    // Parts: runs of whole communities with about equal numbers of adjacency slots.
    let parts = n < 1 << 16 ? 1 : ProcessInfo.processInfo.activeProcessorCount
    var partStart = [0]
    if parts > 1 {
      var slots = 0
      let share = max(level.neighbors.count / parts, 1)
      for c in 0..<communityCount {
        for i in memberStart[c]..<memberStart[c + 1] {
          let v = Int(members[i])
          slots += level.offsets[v + 1] - level.offsets[v] + 1
        }
        if slots >= share * partStart.count && partStart.count < parts {
          partStart.append(c + 1)
        }
      }
    }
    partStart.append(communityCount)
    let shared = _UncheckedSendable(value: (level, community, communityTotal, members, memberStart))
    cluster.withUnsafeMutableBufferPointer { clusterBuffer in
      external.withUnsafeMutableBufferPointer { externalBuffer in
        guard let clusterBase = clusterBuffer.baseAddress,
          let externalBase = externalBuffer.baseAddress
        else { return }
        let cluster = _DisjointWrites(base: clusterBase)
        let external = _DisjointWrites(base: externalBase)
        _forEachChunkConcurrently(partStart.count - 1) { part in
          let (level, community, communityTotal, members, memberStart) = shared.value
          let (cluster, external) = (cluster.base, external.base)
          var touched = [Int32]()
          level.offsets.withUnsafeBufferPointer { offsets in
            level.neighbors.withUnsafeBufferPointer { neighbors in
              level.weights.withUnsafeBufferPointer { weights in
                level.nodeWeight.withUnsafeBufferPointer { nodeWeight in
                  community.withUnsafeBufferPointer { community in
                    let firstMember = memberStart[partStart[part]]
                    let lastMember = memberStart[partStart[part + 1]]
                    for i in firstMember..<lastMember {
                      let v = Int(members[i])
                      total[v] = nodeWeight[v]
                      size[v] = 1
                      var w = 0.0
                      let c = community[v]
                      for slot in offsets[v]..<offsets[v + 1]
                      where community[Int(neighbors[slot])] == c {
                        w += weights[slot]
                      }
                      external[v] = w
                    }
                    for i in firstMember..<lastMember {
                      let v = Int(members[i])
                      guard size[Int(cluster[v])] == 1 else { continue }
                      let c = community[v]
                      let kv = nodeWeight[v]
                      let rest = communityTotal[Int(c)]
                      guard external[v] >= kv * (rest - kv) * scale else { continue }
                      touched.removeAll(keepingCapacity: true)
                      for slot in offsets[v]..<offsets[v + 1] {
                        let u = Int(neighbors[slot])
                        guard community[u] == c else { continue }
                        let k = Int(cluster[u])
                        if !isTouched[k] {
                          isTouched[k] = true
                          touched.append(Int32(k))
                        }
                        linkWeight[k] += weights[slot]
                      }
                      let epsilon = Self.relativeEpsilon * kv
                      var best = -1
                      var bestGain = 0.0
                      for kk in touched {
                        let k = Int(kk)
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
                      for kk in touched {
                        let k = Int(kk)
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
  /// dropped inside them. Runs of clusters are aggregated in parallel, each with its own
  /// scratch arrays, and concatenated in order: the same graph as one run would build.
  func aggregate(_ level: _LevelGraph, _ clusters: [Int32], _ count: Int) -> _LevelGraph {
    let n = level.count
    var memberStart = [Int](repeating: 0, count: count + 1)
    for v in 0..<n { memberStart[Int(clusters[v]) + 1] += 1 }
    for c in 0..<count { memberStart[c + 1] += memberStart[c] }
    var fill = memberStart
    var members = [Int32](repeating: 0, count: n)
    var nodeWeight = [Double](repeating: 0, count: count)
    var slotsOf = [Int](repeating: 0, count: count + 1)
    for v in 0..<n {
      let c = Int(clusters[v])
      members[fill[c]] = Int32(v)
      fill[c] += 1
      nodeWeight[c] += level.nodeWeight[v]
      slotsOf[c + 1] += level.offsets[v + 1] - level.offsets[v]
    }
    for c in 0..<count { slotsOf[c + 1] += slotsOf[c] }
    let parts = level.neighbors.count < 1 << 20 ? 1 : ProcessInfo.processInfo.activeProcessorCount
    var partStart = [0]
    for p in 1..<max(parts, 1) {
      let goal = slotsOf[count] * p / parts
      var c = partStart[p - 1]
      while c < count && slotsOf[c] < goal { c += 1 }
      partStart.append(c)
    }
    partStart.append(count)
    struct Piece {
      var rowEnds: [Int] = []
      var neighbors: [Int32] = []
      var weights: [Double] = []
    }
    var pieces = [Piece](repeating: Piece(), count: partStart.count - 1)
    let shared = _UncheckedSendable(value: (level, clusters, members, memberStart))
    pieces.withUnsafeMutableBufferPointer { out in
      guard let first = out.baseAddress else { return }
      let target = _DisjointWrites(base: first)
      _forEachChunkConcurrently(out.count) { part in
        let (level, clusters, members, memberStart) = shared.value
        var piece = Piece()
        let (first, last) = (partStart[part], partStart[part + 1])
        piece.rowEnds.reserveCapacity(last - first)
        let expected = (slotsOf[last] - slotsOf[first]) / 2
        piece.neighbors.reserveCapacity(expected)
        piece.weights.reserveCapacity(expected)
        var linkWeight = [Double](repeating: 0, count: count)
        var isTouched = [Bool](repeating: false, count: count)
        var touched = [Int32]()
        level.offsets.withUnsafeBufferPointer { levelOffsets in
          level.neighbors.withUnsafeBufferPointer { levelNeighbors in
            level.weights.withUnsafeBufferPointer { levelWeights in
              clusters.withUnsafeBufferPointer { clusters in
                for c in first..<last {
                  touched.removeAll(keepingCapacity: true)
                  for i in memberStart[c]..<memberStart[c + 1] {
                    let v = Int(members[i])
                    for slot in levelOffsets[v]..<levelOffsets[v + 1] {
                      let d = Int(clusters[Int(levelNeighbors[slot])])
                      guard d != c else { continue }
                      if !isTouched[d] {
                        isTouched[d] = true
                        touched.append(Int32(d))
                      }
                      linkWeight[d] += levelWeights[slot]
                    }
                  }
                  for d in touched {
                    piece.neighbors.append(d)
                    piece.weights.append(linkWeight[Int(d)])
                    linkWeight[Int(d)] = 0
                    isTouched[Int(d)] = false
                  }
                  piece.rowEnds.append(piece.neighbors.count)
                }
              }
            }
          }
        }
        target.base[part] = piece
      }
    }
    var offsets = [Int](repeating: 0, count: count + 1)
    var neighbors: [Int32] = []
    var weights: [Double] = []
    let total = pieces.reduce(0) { $0 + $1.neighbors.count }
    neighbors.reserveCapacity(total)
    weights.reserveCapacity(total)
    var c = 0
    for piece in pieces {
      let base = neighbors.count
      for end in piece.rowEnds {
        offsets[c + 1] = base + end
        c += 1
      }
      neighbors.append(contentsOf: piece.neighbors)
      weights.append(contentsOf: piece.weights)
    }
    return _LevelGraph(
      offsets: offsets, neighbors: neighbors, weights: weights, nodeWeight: nodeWeight)
  }
}
