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

  /// Sorts `values` by their high 32 bits, of which only the low `keyBits` may differ from 0,
  /// where the low 32 bits of each value are its index in the input (so that sorting by the
  /// whole value is the stable sort by key). In ⌈keyBits/11⌉ passes of at most 11 bits, each
  /// split across the cores for large inputs: every chunk counts its own part, then scatters it
  /// to its own offsets within each bucket, so the result does not depend on the split.
  /// - Complexity: O(E · ⌈keyBits/11⌉) for E values; O(E) extra memory.
  static func sortByHighBits(_ values: inout [UInt64], keyBits: Int) {
    precondition(keyBits >= 0 && keyBits <= 32, "the key is the high 32 bits")
    let n = values.count
    guard n > 1, keyBits > 0 else { return }
    if n < smallInput {
      values.sort()
      return
    }
    let passes = (keyBits + digitBits - 1) / digitBits
    let width = (keyBits + passes - 1) / passes
    let buckets = 1 << width
    let mask = UInt64(buckets - 1)
    let chunks = _chunkCount(n)
    func bounds(_ c: Int) -> Range<Int> { (n * c / chunks)..<(n * (c + 1) / chunks) }
    // counts[(c * passes + p) * buckets + bucket]: chunk c's histogram of digit p.
    let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: chunks * passes * buckets)
    counts.initialize(repeating: 0)
    let inOrder = UnsafeMutableBufferPointer<Bool>.allocate(capacity: chunks)
    inOrder.initialize(repeating: true)
    let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: n)
    defer {
      counts.deallocate()
      inOrder.deallocate()
      scratch.deallocate()
    }
    values.withUnsafeMutableBufferPointer { v in
      _forEachChunkConcurrently(chunks) { c in
        let range = bounds(c)
        let h = counts.baseAddress.unsafelyUnwrapped + c * passes * buckets
        var previous = v[range.lowerBound]
        var sorted = true
        for i in range {
          let x = v[i]
          if x < previous { sorted = false }
          previous = x
          var key = x >> 32
          for p in 0..<passes {
            h[p * buckets + Int(key & mask)] += 1
            key >>= UInt64(width)
          }
        }
        // The first value of the next chunk must not be smaller than this chunk's last.
        if range.upperBound < n && v[range.upperBound] < previous { sorted = false }
        inOrder[c] = sorted
      }
      if inOrder.allSatisfy({ $0 }) { return }
      var source = v
      var target = scratch
      var permuted = false
      let offsets = UnsafeMutableBufferPointer<Int>.allocate(capacity: chunks * buckets)
      defer { offsets.deallocate() }
      for p in 0..<passes {
        // Skip a digit that every value shares.
        let digit = Int(((source[0] >> 32) >> UInt64(p * width)) & mask)
        var total = 0
        for c in 0..<chunks { total += counts[(c * passes + p) * buckets + digit] }
        if total == n { continue }
        if permuted && chunks > 1 {
          // Each chunk's part of the permuted values has a histogram of its own.
          let from = source
          _forEachChunkConcurrently(chunks) { c in
            let h = counts.baseAddress.unsafelyUnwrapped + (c * passes + p) * buckets
            h.update(repeating: 0, count: buckets)
            let shift = UInt64(32 + p * width)
            for i in bounds(c) { h[Int((from[i] >> shift) & mask)] += 1 }
          }
        }
        var running = 0
        for bucket in 0..<buckets {
          for c in 0..<chunks {
            offsets[c * buckets + bucket] = running
            running += counts[(c * passes + p) * buckets + bucket]
          }
        }
        let shift = UInt64(32 + p * width)
        let (from, to) = (source, target)
        _forEachChunkConcurrently(chunks) { c in
          let off = offsets.baseAddress.unsafelyUnwrapped + c * buckets
          for i in bounds(c) {
            let x = from[i]
            let bucket = Int((x >> shift) & mask)
            let slot = off[bucket]
            off[bucket] = slot + 1
            to[slot] = x
          }
        }
        swap(&source, &target)
        permuted = true
      }
      if source.baseAddress != v.baseAddress {
        v.baseAddress.unsafelyUnwrapped.update(from: source.baseAddress.unsafelyUnwrapped, count: n)
      }
    }
  }
}
