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
  var keys: [UInt64] = []
  var times: [Int64] = []
  var weights: [Double] = []
  var constantKeys: [UInt64] = []
  var constantWeights: [Double] = []

  public init() {}

  /// The number of dated events.
  public var count: Int { keys.count }

  public mutating func reserveCapacity(_ n: Int) {
    keys.reserveCapacity(n)
    times.reserveCapacity(n)
    weights.reserveCapacity(n)
  }

  @inline(__always)
  static func key(_ u: Int32, _ v: Int32) -> UInt64 {
    let (x, y) = u < v ? (u, v) : (v, u)
    return UInt64(UInt32(x)) << 32 | UInt64(UInt32(y))
  }

  /// Adds a dated event of `weight` between `u` and `v` (dense indices, u ≠ v).
  public mutating func add(_ u: Int32, _ v: Int32, time: Int64, weight: Double) {
    precondition(u != v, "a tie joins two different people")
    keys.append(Self.key(u, v))
    times.append(time)
    weights.append(weight)
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
    let start = keys.count
    keys.append(contentsOf: repeatElement(0, count: k))
    keys.withUnsafeMutableBufferPointer { keys in
      for i in 0..<k {
        let u = a[i]
        let v = b[i]
        precondition(u != v, "a tie joins two different people")
        keys[start + i] = Self.key(u, v)
      }
    }
    self.times.append(contentsOf: times)
    self.weights.append(contentsOf: weights)
  }

  /// Adds every pair of `participants` for one interaction.
  public mutating func addInteraction(
    participants: [Int32], time: Int64, kind: InteractionKind, settings: DecaySettings
  ) {
    let w = settings.pairWeight(kind, participants: participants.count)
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
  /// - Complexity: O(E · d) for E events: a radix sort on pair keys (d ≤ 6 passes), then
  ///   sorts by time only within pairs whose events were added out of time order.
  public func accumulate(halfLifeSeconds: Double) -> TieColumns {
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
