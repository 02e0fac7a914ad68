import Foundation

/// When local moving runs in parallel rounds, and on how many threads. The default depends
/// only on the graph; tests lower the sizes to run the rounds on small graphs.
struct _MovingSchedule: Sendable {
  /// Levels with at least this many nodes start local moving in parallel rounds. Smaller
  /// levels keep exactly the sequential queue (so the partitions of small graphs do not
  /// depend on the rounds at all): at 100,000 nodes and 1M edges, on a shared 2-core
  /// machine, the rounds took about a third more CPU time than the queue and were no faster.
  var parallelFrom = 1 << 17
  /// Below this many queued nodes, a round no longer pays for its synchronisation and the
  /// sequential queue takes over.
  var sequentialBelow = 1 << 12
  /// Threads for the rounds (nil: one per core). The partition never depends on it.
  var threads: Int? = nil

  static let standard = _MovingSchedule()
}

extension _LeidenWorkspace {
  /// Leiden's fast local moving, in deterministic parallel rounds: the first part of
  /// `moveNodes` on a large level. Returns the nodes still queued, in queue order, for the
  /// sequential queue to finish; `community` holds the moves made.
  ///
  /// A round visits the queued nodes in order, in batches of consecutive nodes. Within a batch
  /// every node's best move is decided in parallel against the communities as the batch began,
  /// then the moves are applied one by one in queue order, each re-checked against the
  /// community strengths as they are then (a move that no longer gains is dropped). A node
  /// with a neighbour earlier in its own batch is not decided in that batch but put back in
  /// the queue: that neighbour may move first. So every applied move was decided on exactly
  /// the neighbourhood the sequential queue would see at that point; only which nodes are
  /// postponed differs. Nodes that a move may attract (neighbours left in another community)
  /// are queued for the next round, in the order of the first shuffle.
  ///
  /// Batch boundaries depend only on the number of queued nodes, and each decision only on
  /// the state before its batch, so the result is the same for any number of threads and any
  /// timing: the same seed gives the same partition. With t threads, each round takes about
  /// 1/t of the sequential time for its nodes, plus a synchronisation per batch.
  ///
  /// - Complexity: O(Σ over rounds of the queued nodes' degrees + n) per round set, like the
  ///   sequential queue; O(n · t) scratch memory for t threads.
  ///
  /// FIXME: benchmark the batch size (1/256 of the queue, 256 to 8,192 nodes) on an idle
  /// machine; on a loaded one, batches of a few hundred nodes lose to the sequential queue.
  ///
  /// Reference: the parallel moves follow NetworKit's PLM (C. L. Staudt & H. Meyerhenke,
  /// "Engineering parallel algorithms for community detection in massive networks", IEEE TPDS
  /// 27(1), 2016, doi:10.1109/TPDS.2015.2390633), made deterministic by batches and the
  /// ordered apply; the queue is Leiden's (Traag, Waltman & van Eck 2019).
  func moveNodesInRounds(
    _ level: _LevelGraph, _ community: inout [Int32], scale: Double, order: [Int32],
    schedule: _MovingSchedule
  ) -> [Int32] {
    let requested = schedule.threads ?? ProcessInfo.processInfo.activeProcessorCount
    return level.offsets.withUnsafeBufferPointer { offsets in
      level.neighbors.withUnsafeBufferPointer { neighbors in
        level.weights.withUnsafeBufferPointer { weights in
          level.nodeWeight.withUnsafeBufferPointer { nodeWeight in
            community.withUnsafeMutableBufferPointer { community in
              _Rounds(
                offsets: offsets, neighbors: neighbors, weights: weights,
                nodeWeight: nodeWeight, community: community, total: total, size: size,
                emptyCommunities: emptyCommunities,
                scale: scale, chunks: requested <= 1 ? 1 : 2 * min(requested, 32),
                sequentialBelow: max(schedule.sequentialBelow, 1)
              ).run(order)
            }
          }
        }
      }
    }
  }
}

/// The state of `moveNodesInRounds`: the level and the communities as raw buffers, so that
/// the parallel decisions read them without reference counting or copy-on-write, and the
/// scratch arrays the rounds own. Only the ordered apply and the bookkeeping between batches
/// write shared state; in a batch, each thread writes its own scratch and its own slice of
/// the decisions.
private struct _Rounds: @unchecked Sendable {
  let offsets: UnsafeBufferPointer<Int>
  let neighbors: UnsafeBufferPointer<Int32>
  let weights: UnsafeBufferPointer<Double>
  let nodeWeight: UnsafeBufferPointer<Double>
  let community: UnsafeMutableBufferPointer<Int32>
  let total: UnsafeMutableBufferPointer<Double>
  let size: UnsafeMutableBufferPointer<Int32>
  let emptyCommunities: UnsafeMutableBufferPointer<Int32>
  let scale: Double
  /// Pieces each batch is decided in: twice the threads, so that a thread the machine does
  /// not schedule in time does not hold up the others (a piece is claimed when it starts).
  let chunks: Int
  let sequentialBelow: Int

  static let maxBatch = 1 << 13
  static let postponed: Int32 = -1
  /// The decision to leave for an empty community (the gain of staying is negative).
  static let toEmpty: Int32 = -2
  static let communityBits: UInt64 = 0xFFFF_FFFF
  static let notQueued: UInt64 = 0xFFFF_FFFF << 32

  func run(_ order: [Int32]) -> [Int32] {
    let n = nodeWeight.count
    guard n > 0 else { return order }
    for c in 0..<n {
      total[c] = 0
      size[c] = 0
    }
    for v in 0..<n {
      total[Int(community[v])] += nodeWeight[v]
      size[Int(community[v])] += 1
    }
    var emptyCount = 0
    for c in stride(from: n - 1, through: 0, by: -1) where size[c] == 0 {
      emptyCommunities[emptyCount] = Int32(c)
      emptyCount += 1
    }
    // state[v]: v's position in this round's queue (high 32 bits, all ones when not queued)
    // and its community (low 32 bits), packed so that a decision reads both with one memory
    // access per neighbour. moved[v]: the last round (from 1) in which v moved. flagged[v]:
    // queued for the next round.
    let state = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: n)
    for v in 0..<n {
      state.initializeElement(at: v, to: Self.notQueued | UInt64(UInt32(community[v])))
    }
    let moved = UnsafeMutableBufferPointer<Int32>.allocate(capacity: n)
    moved.initialize(repeating: 0)
    let flagged = UnsafeMutableBufferPointer<Bool>.allocate(capacity: n)
    flagged.initialize(repeating: false)
    let decision = UnsafeMutableBufferPointer<Int32>.allocate(capacity: Self.maxBatch)
    decision.initialize(repeating: 0)
    let linkToBest = UnsafeMutableBufferPointer<Double>.allocate(capacity: Self.maxBatch)
    linkToBest.initialize(repeating: 0)
    let linkToCurrent = UnsafeMutableBufferPointer<Double>.allocate(capacity: Self.maxBatch)
    linkToCurrent.initialize(repeating: 0)
    // Each thread's scratch: dense link weights (zero between uses) and the touched list.
    let scratchWeights = UnsafeMutableBufferPointer<Double>.allocate(capacity: n * chunks)
    scratchWeights.initialize(repeating: 0)
    let scratchTouched = UnsafeMutableBufferPointer<Int32>.allocate(capacity: n * chunks)
    scratchTouched.initialize(repeating: 0)
    defer {
      state.deallocate()
      moved.deallocate()
      flagged.deallocate()
      decision.deallocate()
      linkToBest.deallocate()
      linkToCurrent.deallocate()
      scratchWeights.deallocate()
      scratchTouched.deallocate()
    }
    var pending = order
    var round: Int32 = 0
    while pending.count >= sequentialBelow && round < 64 {
      round += 1
      let count = pending.count
      let batch = min(max(count / 256, 256), Self.maxBatch)
      for i in 0..<count {
        let v = Int(pending[i])
        state[v] = UInt64(i) << 32 | (state[v] & Self.communityBits)
      }
      var movers: [Int32] = []
      var moverSlots = 0
      var batchStart = 0
      while batchStart < count {
        let batchEnd = min(batchStart + batch, count)
        let chunks = min(self.chunks, max(1, (batchEnd - batchStart) / 64))
        let queued = _UncheckedSendable(value: pending)
        // Decide, in parallel, each node's move against the state before the batch.
        _forEachChunkConcurrently(chunks) { chunk in
          let lo = batchStart + (batchEnd - batchStart) * chunk / chunks
          let hi = batchStart + (batchEnd - batchStart) * (chunk + 1) / chunks
          queued.value.withUnsafeBufferPointer { pending in
            decide(
              pending, lo..<hi, batchStart: batchStart, state: state, decision: decision,
              linkToBest: linkToBest,
              linkToCurrent: linkToCurrent,
              linkWeight: UnsafeMutableBufferPointer(rebasing: scratchWeights[(n * chunk)...]),
              touched: UnsafeMutableBufferPointer(rebasing: scratchTouched[(n * chunk)...]))
          }
        }
        // Apply in queue order, re-checking each gain against the strengths as they are now.
        for i in batchStart..<batchEnd {
          let v = Int(pending[i])
          let best = decision[i - batchStart]
          if best == Self.postponed {
            flagged[v] = true
            continue
          }
          let current = Int(community[v])
          let kv = nodeWeight[v]
          let kvScale = kv * scale
          let epsilon = _LeidenWorkspace.relativeEpsilon * kv
          let stay = linkToCurrent[i - batchStart] - kvScale * (total[current] - kv)
          let target: Int
          if best == Self.toEmpty {
            // Alone in an empty community the gain is 0.
            guard stay < -epsilon && size[current] > 1 && emptyCount > 0 else { continue }
            emptyCount -= 1
            target = Int(emptyCommunities[emptyCount])
          } else {
            target = Int(best)
            guard target != current else { continue }
            let gain = linkToBest[i - batchStart] - kvScale * total[target] - stay
            guard gain > epsilon else { continue }
          }
          total[current] -= kv
          total[target] += kv
          size[current] -= 1
          size[target] += 1
          if size[current] == 0 {
            total[current] = 0
            emptyCommunities[emptyCount] = Int32(current)
            emptyCount += 1
          }
          community[v] = Int32(target)
          state[v] = (state[v] & ~Self.communityBits) | UInt64(UInt32(target))
          moved[v] = round
          movers.append(Int32(v))
          moverSlots += offsets[v + 1] - offsets[v]
        }
        batchStart = batchEnd
      }
      // Queue the neighbours a move may attract: those left in another community. From the
      // movers, as the sequential queue does; when the movers hold most of the edges (the
      // first round), every node looks at its neighbours instead, in parallel.
      if moverSlots < neighbors.count / 2 {
        for v in movers {
          let c = community[Int(v)]
          for slot in offsets[Int(v)]..<offsets[Int(v) + 1] {
            let u = Int(neighbors[slot])
            if community[u] != c { flagged[u] = true }
          }
        }
      } else {
        _forEachChunkConcurrently(chunks) { chunk in
          for u in (n * chunk / chunks)..<(n * (chunk + 1) / chunks) where !flagged[u] {
            let c = community[u]
            for slot in offsets[u]..<offsets[u + 1] {
              let v = Int(neighbors[slot])
              if moved[v] == round && community[v] != c {
                flagged[u] = true
                break
              }
            }
          }
        }
      }
      for v in pending { state[Int(v)] |= Self.notQueued }
      pending.removeAll(keepingCapacity: true)
      for v in order where flagged[Int(v)] {
        pending.append(v)
        flagged[Int(v)] = false
      }
    }
    return pending
  }

  /// Decides the move of `pending[range]` against the current state: the neighbouring
  /// community of best gain (possibly its own), or `postponed` for a node with a neighbour
  /// earlier in the batch. Records the link weights to the best and to the current community.
  @inline(__always)
  func decide(
    _ pending: UnsafeBufferPointer<Int32>, _ range: Range<Int>, batchStart: Int,
    state: UnsafeMutableBufferPointer<UInt64>,
    decision: UnsafeMutableBufferPointer<Int32>, linkToBest: UnsafeMutableBufferPointer<Double>,
    linkToCurrent: UnsafeMutableBufferPointer<Double>,
    linkWeight: UnsafeMutableBufferPointer<Double>, touched: UnsafeMutableBufferPointer<Int32>
  ) {
    for i in range {
      let v = Int(pending[i])
      var touchedCount = 0
      var blocked = false
      for slot in offsets[v]..<offsets[v + 1] {
        let packed = state[Int(neighbors[slot])]
        let position = Int(truncatingIfNeeded: packed >> 32)
        if position >= batchStart && position < i {
          blocked = true
          break
        }
        let k = Int(truncatingIfNeeded: packed & Self.communityBits)
        if linkWeight[k] == 0 {
          touched[touchedCount] = Int32(k)
          touchedCount += 1
        }
        linkWeight[k] += weights[slot]
      }
      let current = Int(community[v])
      let kv = nodeWeight[v]
      let kvScale = kv * scale
      let epsilon = _LeidenWorkspace.relativeEpsilon * kv
      var best = current
      var bestGain = linkWeight[current] - kvScale * (total[current] - kv)
      if !blocked {
        for j in 0..<touchedCount {
          let k = Int(touched[j])
          guard k != current else { continue }
          let gain = linkWeight[k] - kvScale * total[k]
          if gain > bestGain + epsilon {
            best = k
            bestGain = gain
          }
        }
      }
      if blocked {
        decision[i - batchStart] = Self.postponed
      } else if bestGain < -epsilon && size[current] > 1 {
        decision[i - batchStart] = Self.toEmpty
      } else {
        decision[i - batchStart] = Int32(best)
      }
      linkToBest[i - batchStart] = linkWeight[best]
      linkToCurrent[i - batchStart] = linkWeight[current]
      for j in 0..<touchedCount { linkWeight[Int(touched[j])] = 0 }
    }
  }
}
