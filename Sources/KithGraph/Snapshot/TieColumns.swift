import Foundation

/// Per-pair tie aggregates in columnar form: the input of `NetworkSnapshot`.
///
/// Pairs use dense person indices. The store fills it from its tie ledger, or
/// `TieColumns.accumulate` builds it from raw events.
public struct TieColumns: Sendable {
  public var a: [Int32] = []
  public var b: [Int32] = []
  public var count: [UInt32] = []
  /// Seconds since the epoch; `TieColumns.none` when the pair has no dated event.
  public var first: [Int64] = []
  public var last: [Int64] = []
  public var strengthAtLast: [Double] = []
  public var peakDecaying: [Double] = []
  public var constant: [Double] = []

  /// The marker for "no dated event" in `first` and `last`.
  public static let none = Int64.min

  public init() {}

  public var isEmpty: Bool { a.isEmpty }

  /// The columns' storage while `init(capacity:initializingWith:)` fills it: room for
  /// `capacity` ties in each.
  public struct UninitializedColumns {
    public let a: UnsafeMutablePointer<Int32>
    public let b: UnsafeMutablePointer<Int32>
    public let count: UnsafeMutablePointer<UInt32>
    public let first: UnsafeMutablePointer<Int64>
    public let last: UnsafeMutablePointer<Int64>
    public let strengthAtLast: UnsafeMutablePointer<Double>
    public let peakDecaying: UnsafeMutablePointer<Double>
    public let constant: UnsafeMutablePointer<Double>

    /// Writes tie `k`: the pair (a, b) and `acc`'s aggregates, as `append(a:b:_:)` stores them.
    @inline(__always)
    public func set(_ k: Int, a: Int32, b: Int32, _ acc: TieAccumulator) {
      self.a[k] = a
      self.b[k] = b
      count[k] = UInt32(clamping: acc.count)
      first[k] = acc.first ?? TieColumns.none
      last[k] = acc.last ?? TieColumns.none
      strengthAtLast[k] = acc.strengthAtLast
      peakDecaying[k] = acc.peakDecaying
      constant[k] = acc.constant
    }

    /// Writes tie `k` as a copy of tie `r` of `ties`.
    @inline(__always)
    public func set(_ k: Int, from ties: TieColumns, at r: Int) {
      a[k] = ties.a[r]
      b[k] = ties.b[r]
      count[k] = ties.count[r]
      first[k] = ties.first[r]
      last[k] = ties.last[r]
      strengthAtLast[k] = ties.strengthAtLast[r]
      peakDecaying[k] = ties.peakDecaying[r]
      constant[k] = ties.constant[r]
    }
  }

  /// Columns written in place: `body` initialises ties `0..<k` of every column, k at most
  /// `capacity`, and returns k. For readers of millions of ties, where appending to eight
  /// arrays one element at a time costs more than the reading (every append checks that its
  /// array is uniquely referenced, and may grow it).
  /// - Complexity: O(capacity) memory, and the time of `body`.
  public init(capacity: Int, initializingWith body: (UninitializedColumns) throws -> Int) rethrows {
    let capacity = max(capacity, 1)
    var n = 0
    func column<T>(_ fill: (UnsafeMutablePointer<T>) throws -> Void) rethrows -> [T] {
      try [T](unsafeUninitializedCapacity: capacity) { buffer, initialized in
        // Not nil: the capacity is at least 1.
        try fill(buffer.baseAddress.unsafelyUnwrapped)
        initialized = n
      }
    }
    var b: [Int32] = []
    var count: [UInt32] = []
    var first: [Int64] = []
    var last: [Int64] = []
    var strengthAtLast: [Double] = []
    var peakDecaying: [Double] = []
    var constant: [Double] = []
    a = try column { pa in
      b = try column { pb in
        count = try column { pc in
          first = try column { pf in
            last = try column { pl in
              strengthAtLast = try column { ps in
                peakDecaying = try column { pp in
                  constant = try column { pk in
                    n = try body(
                      UninitializedColumns(
                        a: pa, b: pb, count: pc, first: pf, last: pl, strengthAtLast: ps,
                        peakDecaying: pp, constant: pk))
                    precondition(n >= 0 && n <= capacity, "more ties written than room for")
                  }
                }
              }
            }
          }
        }
      }
    }
    self.b = b
    self.count = count
    self.first = first
    self.last = last
    self.strengthAtLast = strengthAtLast
    self.peakDecaying = peakDecaying
    self.constant = constant
  }

  public mutating func reserveCapacity(_ n: Int) {
    a.reserveCapacity(n)
    b.reserveCapacity(n)
    count.reserveCapacity(n)
    first.reserveCapacity(n)
    last.reserveCapacity(n)
    strengthAtLast.reserveCapacity(n)
    peakDecaying.reserveCapacity(n)
    constant.reserveCapacity(n)
  }

  public mutating func append(a: Int32, b: Int32, _ acc: TieAccumulator) {
    append(
      a: a, b: b, count: UInt32(clamping: acc.count), first: acc.first ?? Self.none,
      last: acc.last ?? Self.none, strengthAtLast: acc.strengthAtLast,
      peakDecaying: acc.peakDecaying, constant: acc.constant)
  }

  @inlinable
  public mutating func append(
    a: Int32, b: Int32, count: UInt32, first: Int64, last: Int64, strengthAtLast: Double,
    peakDecaying: Double, constant: Double
  ) {
    self.a.append(a)
    self.b.append(b)
    self.count.append(count)
    self.first.append(first)
    self.last.append(last)
    self.strengthAtLast.append(strengthAtLast)
    self.peakDecaying.append(peakDecaying)
    self.constant.append(constant)
  }
}

/// Raw tie events (interaction pairs and explicit ties) to be folded into `TieColumns`.
public struct TieEvents: Sendable {
  /// The dated events' people (dense indices, in the order given), times and weights.
  @usableFromInline var a: [Int32] = []
  @usableFromInline var b: [Int32] = []
  @usableFromInline var times: [Int64] = []
  @usableFromInline var weights: [Double] = []
  /// The largest index among the dated events' people (-1 when there are none): it sets the
  /// width of the pair keys that `accumulate` sorts.
  @usableFromInline var maxIndex: Int32 = -1
  var constantKeys: [UInt64] = []
  var constantWeights: [Double] = []

  public init() {}

  /// The number of dated events.
  public var count: Int { times.count }

  public mutating func reserveCapacity(_ n: Int) {
    a.reserveCapacity(n)
    b.reserveCapacity(n)
    times.reserveCapacity(n)
    weights.reserveCapacity(n)
  }

  @inline(__always)
  static func key(_ u: Int32, _ v: Int32) -> UInt64 {
    let (x, y) = u < v ? (u, v) : (v, u)
    return UInt64(UInt32(x)) << 32 | UInt64(UInt32(y))
  }

  /// Adds a dated event of `weight` between `u` and `v` (dense indices, u ≠ v).
  /// - Complexity: O(1) amortized.
  @inlinable
  public mutating func add(_ u: Int32, _ v: Int32, time: Int64, weight: Double) {
    precondition(u != v, "a tie joins two different people")
    precondition(u >= 0 && v >= 0, "people are dense indices")
    a.append(u)
    b.append(v)
    times.append(time)
    weights.append(weight)
    maxIndex = max(maxIndex, max(u, v))
  }

  /// Checks a bulk of events and returns their largest index.
  static func checkedMaxIndex(_ a: UnsafeBufferPointer<Int32>, _ b: UnsafeBufferPointer<Int32>)
    -> Int32
  {
    var top: Int32 = -1
    var bad = false
    for i in 0..<a.count {
      let u = a[i]
      let v = b[i]
      bad = bad || u == v || u < 0 || v < 0
      top = max(top, max(u, v))
    }
    precondition(!bad, "a tie joins two different people, both dense indices")
    return top
  }

  /// Adds dated events in bulk, one per index k: between `a[k]` and `b[k]` (dense indices,
  /// a[k] ≠ b[k]) at `times[k]` with `weights[k]`. The same as calling `add` for each k in
  /// order, without a call per event.
  /// - Complexity: O(k) for k events.
  public mutating func append(
    a: UnsafeBufferPointer<Int32>, b: UnsafeBufferPointer<Int32>,
    times: UnsafeBufferPointer<Int64>, weights: UnsafeBufferPointer<Double>
  ) {
    let k = a.count
    precondition(b.count == k && times.count == k && weights.count == k, "columns differ in length")
    maxIndex = max(maxIndex, Self.checkedMaxIndex(a, b))
    self.a.append(contentsOf: a)
    self.b.append(contentsOf: b)
    self.times.append(contentsOf: times)
    self.weights.append(contentsOf: weights)
  }

  /// Adds dated events in bulk, as the buffer-pointer `append` does, taking the arrays over:
  /// when no dated event was added before, they become the events' storage without a copy
  /// (pass them uniquely referenced, e.g. with `consume`, and the memory is never duplicated).
  /// - Complexity: O(k) for k events: one pass that checks them.
  public mutating func append(a: [Int32], b: [Int32], times: [Int64], weights: [Double]) {
    let k = a.count
    precondition(b.count == k && times.count == k && weights.count == k, "columns differ in length")
    let top = a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in Self.checkedMaxIndex(a, b) }
    }
    maxIndex = max(maxIndex, top)
    if self.times.isEmpty {
      self.a = a
      self.b = b
      self.times = times
      self.weights = weights
    } else {
      self.a.append(contentsOf: a)
      self.b.append(contentsOf: b)
      self.times.append(contentsOf: times)
      self.weights.append(contentsOf: weights)
    }
  }

  /// Adds every pair of `participants` for one interaction, weighted for `participantCount`
  /// people (by default, the participants; more when someone who took part was removed).
  public mutating func addInteraction(
    participants: [Int32], time: Int64, kind: InteractionKind, settings: DecaySettings,
    participantCount: Int? = nil
  ) {
    let w = settings.pairWeight(kind, participants: participantCount ?? participants.count)
    for i in participants.indices {
      for j in participants.index(after: i)..<participants.endIndex {
        add(participants[i], participants[j], time: time, weight: w)
      }
    }
  }

  /// Adds an undated explicit tie.
  public mutating func addConstant(_ u: Int32, _ v: Int32, weight: Double) {
    precondition(u != v, "a tie joins two different people")
    constantKeys.append(Self.key(u, v))
    constantWeights.append(weight)
  }

  /// The events ordered by pair, then time (events equal in both keep the order they were
  /// added in): keys, times and weights gathered into that order.
  static func sortedEvents(keys: [UInt64], times: [Int64], weights: [Double]) -> (
    keys: [UInt64], times: [Int64], weights: [Double]
  ) {
    let (order, sortedKeys) = RadixSort.sorted(keys)
    let n = order.count
    // Gathers: independent loads the processor overlaps, then sequential folds.
    var sortedTimes = [Int64](repeating: 0, count: n)
    var sortedWeights = [Double](repeating: 0, count: n)
    order.withUnsafeBufferPointer { order in
      times.withUnsafeBufferPointer { times in
        sortedTimes.withUnsafeMutableBufferPointer { out in
          for i in 0..<n { out[i] = times[Int(order[i])] }
        }
      }
      weights.withUnsafeBufferPointer { weights in
        sortedWeights.withUnsafeMutableBufferPointer { out in
          for i in 0..<n { out[i] = weights[Int(order[i])] }
        }
      }
    }
    // Within a pair, by time; stable, since the radix sort kept insertion order.
    sortedKeys.withUnsafeBufferPointer { keys in
      sortedTimes.withUnsafeMutableBufferPointer { times in
        sortedWeights.withUnsafeMutableBufferPointer { weights in
          var start = 0
          while start < n {
            var end = start + 1
            var inOrder = true
            while end < n, keys[end] == keys[start] {
              if times[end] < times[end - 1] { inOrder = false }
              end += 1
            }
            if !inOrder {
              let run = (start..<end).sorted { (times[$0], $0) < (times[$1], $1) }
              let t = run.map { times[$0] }
              let w = run.map { weights[$0] }
              for k in 0..<run.count {
                times[start + k] = t[k]
                weights[start + k] = w[k]
              }
            }
            start = end
          }
        }
      }
    }
    return (sortedKeys, sortedTimes, sortedWeights)
  }

  /// Folds the events into per-pair aggregates, pairs sorted by (a, b).
  ///
  /// With fewer than 65,536 people (both indices in 16 bits), each event becomes one 64-bit
  /// word, its pair key above its index, sorted by `RadixSort` in 3 passes of 11 bits at most,
  /// and the pairs are folded straight from the sorted words; large inputs use every core for
  /// both. Otherwise the events are sorted by 64-bit pair keys.
  /// - Complexity: O(E · d) for E events: a radix sort on pair keys (d ≤ 6 passes), then
  ///   sorts by time only within pairs whose events were added out of time order.
  public func accumulate(halfLifeSeconds: Double) -> TieColumns {
    let n = times.count
    let bits = max(1, Int32.bitWidth - max(maxIndex, 0).leadingZeroBitCount)
    guard 2 * bits <= 32, n < Int(UInt32.max) else {
      return accumulateByFullKeys(halfLifeSeconds: halfLifeSeconds)
    }
    // Per event: (min index << bits | max index) << 32 | event index.
    var packed = [UInt64](unsafeUninitializedCapacity: n) { out, count in
      a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
          _forEachChunkConcurrently(_chunkCount(n)) { [chunks = _chunkCount(n)] c in
            for i in (n * c / chunks)..<(n * (c + 1) / chunks) {
              let u = UInt64(UInt32(a[i]))
              let v = UInt64(UInt32(b[i]))
              let key = u < v ? u << UInt64(bits) | v : v << UInt64(bits) | u
              out[i] = key << 32 | UInt64(i)
            }
          }
        }
      }
      count = n
    }
    RadixSort.sortByHighBits(&packed, keyBits: 2 * bits)
    return packed.withUnsafeMutableBufferPointer { packed in
      times.withUnsafeBufferPointer { times in
        weights.withUnsafeBufferPointer { weights in
          let fold = _PackedFold(
            packed: packed, times: times, weights: weights, bits: bits,
            halfLifeSeconds: halfLifeSeconds)
          let chunks = constantKeys.isEmpty ? _chunkCount(n) : 1
          if chunks == 1 {
            return fold.columns(0..<n, constantKeys: constantKeys, constantWeights: constantWeights)
          }
          // Split at pair boundaries; each chunk folds its own pairs into its own columns.
          var cuts = [0]
          for c in 1..<chunks {
            var k = max(n * c / chunks, cuts[c - 1])
            while k > 0 && k < n && packed[k] >> 32 == packed[k - 1] >> 32 { k += 1 }
            cuts.append(k)
          }
          cuts.append(n)
          var parts = [TieColumns](repeating: TieColumns(), count: chunks)
          parts.withUnsafeMutableBufferPointer { parts in
            _forEachChunkConcurrently(chunks) { c in
              parts[c] = fold.columns(cuts[c]..<cuts[c + 1], constantKeys: [], constantWeights: [])
            }
          }
          var out = parts[0]
          out.reserveCapacity(parts.reduce(0) { $0 + $1.a.count })
          for part in parts.dropFirst() {
            out.a.append(contentsOf: part.a)
            out.b.append(contentsOf: part.b)
            out.count.append(contentsOf: part.count)
            out.first.append(contentsOf: part.first)
            out.last.append(contentsOf: part.last)
            out.strengthAtLast.append(contentsOf: part.strengthAtLast)
            out.peakDecaying.append(contentsOf: part.peakDecaying)
            out.constant.append(contentsOf: part.constant)
          }
          return out
        }
      }
    }
  }

  /// `accumulate` with 64-bit pair keys, for indices beyond 16 bits.
  func accumulateByFullKeys(halfLifeSeconds: Double) -> TieColumns {
    let keys = zip(a, b).map { Self.key($0, $1) }
    let events = Self.sortedEvents(keys: keys, times: times, weights: weights)
    let cOrder = RadixSort.stableOrder(constantKeys)
    var out = TieColumns()
    var i = 0
    var c = 0
    let n = events.keys.count
    events.keys.withUnsafeBufferPointer { keys in
      events.times.withUnsafeBufferPointer { times in
        events.weights.withUnsafeBufferPointer { weights in
          while i < n || c < cOrder.count {
            let nextKey = min(
              i < n ? keys[i] : UInt64.max,
              c < cOrder.count ? constantKeys[Int(cOrder[c])] : UInt64.max)
            var acc = TieAccumulator()
            while i < n, keys[i] == nextKey {
              acc.add(time: times[i], weight: weights[i], halfLifeSeconds: halfLifeSeconds)
              i += 1
            }
            while c < cOrder.count, constantKeys[Int(cOrder[c])] == nextKey {
              acc.addConstant(constantWeights[Int(cOrder[c])])
              c += 1
            }
            out.append(
              a: Int32(truncatingIfNeeded: nextKey >> 32),
              b: Int32(truncatingIfNeeded: nextKey & 0xFFFF_FFFF), acc)
          }
        }
      }
    }
    return out
  }
}

/// The fold of `TieEvents.accumulate` over events sorted as packed words (pair key above
/// event index): per pair, the events in time order through `TieAccumulator`, merged with the
/// undated explicit ties. Each call reads and reorders only the words in its range.
///
/// The events' times and weights are read at random (a pair's events are spread over the
/// input). They are gathered a block at a time into a small buffer, in a loop of independent
/// loads whose cache misses the processor overlaps, then folded from there; reading them inside
/// the fold would wait for each miss in turn.
struct _PackedFold {
  let packed: UnsafeMutableBufferPointer<UInt64>
  let times: UnsafeBufferPointer<Int64>
  let weights: UnsafeBufferPointer<Double>
  let bits: Int
  let halfLifeSeconds: Double

  static let block = 2_048

  /// The pair of a packed word as a 64-bit key (smaller index in the high half).
  @inline(__always)
  func fullKey(_ word: UInt64) -> UInt64 {
    let key = word >> 32
    return (key >> UInt64(bits)) << 32 | (key & (1 << UInt64(bits) - 1))
  }

  /// The time of a packed word's event.
  @inline(__always)
  func time(of word: UInt64) -> Int64 { times[Int(UInt32(truncatingIfNeeded: word))] }

  /// Folds `range`'s events (whole pairs) and the constants into columns.
  func columns(_ range: Range<Int>, constantKeys: [UInt64], constantWeights: [Double])
    -> TieColumns
  {
    let cOrder = RadixSort.stableOrder(constantKeys)
    var out = TieColumns()
    var i = range.lowerBound
    let n = range.upperBound
    var c = 0
    // Times and weights of packed[bufferStart..<bufferEnd].
    let bufferTimes = UnsafeMutablePointer<Int64>.allocate(capacity: Self.block)
    let bufferWeights = UnsafeMutablePointer<Double>.allocate(capacity: Self.block)
    defer {
      bufferTimes.deallocate()
      bufferWeights.deallocate()
    }
    var bufferStart = 0
    var bufferEnd = 0
    @inline(__always) func fill(from k: Int) {
      bufferStart = k
      bufferEnd = min(k + Self.block, n)
      for j in 0..<(bufferEnd - k) {
        let e = Int(UInt32(truncatingIfNeeded: packed[k + j]))
        bufferTimes[j] = times[e]
        bufferWeights[j] = weights[e]
      }
    }
    /// One pair's events folded in the order of the words; nil when a time goes backwards.
    @inline(__always) func fold(_ run: Range<Int>) -> TieAccumulator? {
      var acc = TieAccumulator()
      var last = Int64.min
      for k in run {
        if k >= bufferEnd || k < bufferStart { fill(from: k) }
        let t = bufferTimes[k - bufferStart]
        if t < last { return nil }
        last = t
        acc.add(time: t, weight: bufferWeights[k - bufferStart], halfLifeSeconds: halfLifeSeconds)
      }
      return acc
    }
    while i < n || c < cOrder.count {
      let nextKey = min(
        i < n ? fullKey(packed[i]) : UInt64.max,
        c < cOrder.count ? constantKeys[Int(cOrder[c])] : UInt64.max)
      var acc = TieAccumulator()
      if i < n && fullKey(packed[i]) == nextKey {
        let pair = packed[i] >> 32
        var end = i + 1
        while end < n && packed[end] >> 32 == pair { end += 1 }
        if let folded = fold(i..<end) {
          acc = folded
        } else {
          // Added out of time order: by time, then by the order they were added in.
          var run = UnsafeMutableBufferPointer(rebasing: packed[i..<end])
          run.sort { (time(of: $0), $0) < (time(of: $1), $1) }
          bufferEnd = 0
          acc = fold(i..<end).unsafelyUnwrapped
        }
        i = end
      }
      while c < cOrder.count, constantKeys[Int(cOrder[c])] == nextKey {
        acc.addConstant(constantWeights[Int(cOrder[c])])
        c += 1
      }
      out.append(
        a: Int32(truncatingIfNeeded: nextKey >> 32),
        b: Int32(truncatingIfNeeded: nextKey & 0xFFFF_FFFF), acc)
    }
    return out
  }
}

extension TieColumns {
  /// The ego's ties from its interaction history, already grouped by contact: per contact with
  /// at least one interaction, its entries in (time, interaction id) order through
  /// `TieAccumulator`, each weighing `settings.pairWeight(kind, participants:)`. These are the
  /// folds `TieEvents.accumulate` makes of the same interactions' ego pairs (in the order they
  /// were added, when interaction ids follow it), without grouping millions of events again.
  /// Explicit ties are not in the history: accumulate them with the other pairs and `merged`.
  /// Pairs in (a, b) order; contacts split across the cores.
  /// - Complexity: O(k + n) for k entries and n people.
  public static func egoTies(
    from history: EgoInteractions, ego: Int32, settings: DecaySettings
  ) -> TieColumns {
    let people = history.offsets.count - 1
    // Where each contact's tie goes: contacts with interactions, in index order (the ego's
    // pairs sort by the contact whether the contact's index is below or above the ego's).
    var position = [Int](repeating: 0, count: people + 1)
    for u in 0..<people {
      let has = u != Int(ego) && history.offsets[u + 1] > history.offsets[u]
      position[u + 1] = position[u] + (has ? 1 : 0)
    }
    let base = settings.weightsByOrdinal
    let h = settings.halfLifeSeconds
    let chunks = _chunkCount(history.time.count)
    let cuts = EgoInteractions.contactCuts(offsets: history.offsets, chunks: chunks)
    // Participant counts read from their array, or one count for all.
    let uniform = history.participantCount.repeatedValue
    let counts = uniform == nil ? history.participantCount.array : []
    return TieColumns(capacity: position[people]) { out in
      history.time.withUnsafeBufferPointer { time in
        history.kind.withUnsafeBufferPointer { kind in
          counts.withUnsafeBufferPointer { counts in
            _forEachChunkConcurrently(chunks) { c in
              for u in cuts[c]..<cuts[c + 1] where position[u + 1] > position[u] {
                var acc = TieAccumulator()
                for k in history.offsets[u]..<history.offsets[u + 1] {
                  let w = DecaySettings.pairWeight(
                    base[kind[k].ordinal], participants: Int(uniform ?? counts[k]))
                  acc.add(time: time[k], weight: w, halfLifeSeconds: h)
                }
                out.set(position[u], a: min(ego, Int32(u)), b: max(ego, Int32(u)), acc)
              }
            }
          }
        }
      }
      return position[people]
    }
  }

  /// These ties and `other`'s, both in (a, b) order, in (a, b) order.
  /// - Precondition: no pair is in both.
  /// - Complexity: O(t) for t ties.
  public func merged(with other: TieColumns) -> TieColumns {
    let (m, n) = (a.count, other.a.count)
    return TieColumns(capacity: m + n) { out in
      var (i, j) = (0, 0)
      for k in 0..<(m + n) {
        let mine: Bool
        if i == m {
          mine = false
        } else if j == n {
          mine = true
        } else {
          precondition((a[i], b[i]) != (other.a[j], other.b[j]), "a pair is in both")
          mine = (a[i], b[i]) < (other.a[j], other.b[j])
        }
        if mine {
          out.set(k, from: self, at: i)
          i += 1
        } else {
          out.set(k, from: other, at: j)
          j += 1
        }
      }
      return m + n
    }
  }
}
