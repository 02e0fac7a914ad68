/// Stable least-significant-digit radix sort of 64-bit keys, for the bulk paths that group
/// millions of events by pair (`TieEvents.accumulate`, the store's ledger merge).
///
/// A comparison sort through a closure costs O(E log E) indirect comparisons; this is a few
/// linear passes over contiguous arrays. Digits are 11 bits (2,048 buckets, which stay in the
/// cache); a pass whose digit is the same for every key is skipped, so keys that use few bits
/// (pair keys of a few hundred thousand people) take few passes.
///
/// Reference: Knuth, *The Art of Computer Programming*, vol. 3, §5.2.5 (radix sorting).
public enum RadixSort {
  static let digitBits = 11
  static let buckets = 1 << digitBits
  /// Below this many keys a comparison sort is faster than clearing the histograms.
  static let smallInput = 256

  /// The permutation that sorts `keys` ascending, stably: `order[k]` is the index in `keys` of
  /// the k-th smallest key, and equal keys keep their original relative order.
  /// - Complexity: O(E · d) for E keys and d ≤ 6 non-trivial 11-bit digits; O(E) extra memory.
  public static func stableOrder(_ keys: [UInt64]) -> [UInt32] {
    sorted(keys).order
  }

  /// The stable sorting permutation of `keys` and the keys in that order (for callers that
  /// need the sorted keys too: reading them through the permutation would miss the cache).
  /// - Complexity: as `stableOrder(_:)`.
  public static func sorted(_ keys: [UInt64]) -> (order: [UInt32], keys: [UInt64]) {
    let n = keys.count
    precondition(n < Int(UInt32.max), "too many keys for 32-bit indices")
    if n < smallInput {
      let order = (0..<UInt32(n)).sorted { (keys[Int($0)], $0) < (keys[Int($1)], $1) }
      return (order, order.map { keys[Int($0)] })
    }
    var histograms = [Int](repeating: 0, count: buckets * 6)
    var alreadySorted = true
    keys.withUnsafeBufferPointer { k in
      histograms.withUnsafeMutableBufferPointer { h in
        var previous = k[0]
        for i in 0..<n {
          let key = k[i]
          if key < previous { alreadySorted = false }
          previous = key
          var shifted = key
          for d in 0..<6 {
            h[d * buckets + Int(shifted & UInt64(buckets - 1))] += 1
            shifted >>= UInt64(digitBits)
          }
        }
      }
    }
    if alreadySorted { return (Array(0..<UInt32(n)), keys) }
    var order = [UInt32](unsafeUninitializedCapacity: n) { buffer, count in
      for i in 0..<n { buffer[i] = UInt32(truncatingIfNeeded: i) }
      count = n
    }
    var current = keys
    var nextOrder = [UInt32](repeating: 0, count: n)
    var nextKeys = [UInt64](repeating: 0, count: n)
    for d in 0..<6 {
      let base = d * buckets
      // Skip a digit that every key shares.
      if histograms[base + Int((keys[0] >> UInt64(d * digitBits)) & UInt64(buckets - 1))] == n {
        continue
      }
      var offsets = [Int](repeating: 0, count: buckets)
      var running = 0
      for b in 0..<buckets {
        offsets[b] = running
        running += histograms[base + b]
      }
      let shift = UInt64(d * digitBits)
      current.withUnsafeBufferPointer { ck in
        order.withUnsafeBufferPointer { co in
          nextKeys.withUnsafeMutableBufferPointer { nk in
            nextOrder.withUnsafeMutableBufferPointer { no in
              offsets.withUnsafeMutableBufferPointer { off in
                for i in 0..<n {
                  let key = ck[i]
                  let bucket = Int((key >> shift) & UInt64(buckets - 1))
                  let slot = off[bucket]
                  off[bucket] = slot + 1
                  nk[slot] = key
                  no[slot] = co[i]
                }
              }
            }
          }
        }
      }
      swap(&current, &nextKeys)
      swap(&order, &nextOrder)
    }
    return (order, current)
  }
}
