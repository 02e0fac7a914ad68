/// A map from short byte strings (fields of an input file) to values, looked up by the bytes
/// themselves: a reader that sees the same few thousand field texts over and over finds each
/// one's value without making a `String` of it, or hashing one.
///
/// Open addressing with linear probing over a power-of-two slot array; keys live in one byte
/// arena. Entries are never removed.
struct _ByteKeyedTable<Value> {
  /// Each entry's key as a range of `arena`, its hash and its value, by insertion order.
  private var keyStarts: [Int] = []
  private var keyEnds: [Int] = []
  private var hashes: [UInt64] = []
  private(set) var values: [Value] = []
  private var arena: [UInt8] = []
  /// Entry index + 1 per slot, 0 when empty.
  private var slots: [Int32] = Array(repeating: 0, count: 64)

  var count: Int { values.count }

  /// FNV-1a, 64 bits.
  @inline(__always)
  private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      h ^= UInt64(byte)
      h = h &* 0x100_0000_01b3
    }
    return h
  }

  /// The first slot to probe for hash `h`: its high bits, remixed (FNV's low bits mix poorly
  /// for short keys that differ in their last byte).
  @inline(__always)
  private static func home(_ h: UInt64, mask: Int) -> Int {
    Int(truncatingIfNeeded: ((h ^ (h >> 29)) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
  }

  /// The slot of `bytes`: the one holding their entry, or the empty one where it would go.
  @inline(__always)
  private func slot(_ bytes: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> Int {
    let mask = slots.count - 1
    var s = Self.home(h, mask: mask)
    while true {
      let e = Int(slots[s]) - 1
      if e < 0 { return s }
      if hashes[e] == h && keyEnds[e] - keyStarts[e] == bytes.count {
        let equal = arena.withUnsafeBufferPointer { stored in
          bytes.count == 0
            || memcmpEqual(UnsafeBufferPointer(rebasing: stored[keyStarts[e]..<keyEnds[e]]), bytes)
        }
        if equal { return s }
      }
      s = (s + 1) & mask
    }
  }

  @inline(__always)
  private func memcmpEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>)
    -> Bool
  {
    for k in 0..<a.count where a[k] != b[k] { return false }
    return true
  }

  /// The index of the entry whose key is `bytes`, if any.
  /// - Complexity: O(`bytes.count`) expected.
  func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    let e = Int(slots[slot(bytes, hash: Self.hash(bytes))]) - 1
    return e < 0 ? nil : e
  }

  /// Adds `value` under `bytes`, which must not be a key yet; returns its index.
  /// - Complexity: O(`bytes.count`) amortised.
  @discardableResult
  mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>, _ value: Value) -> Int {
    if (values.count + 1) * 2 > slots.count { grow() }
    let h = Self.hash(bytes)
    let s = slot(bytes, hash: h)
    precondition(slots[s] == 0, "the key is in the table already")
    keyStarts.append(arena.count)
    arena.append(contentsOf: bytes)
    keyEnds.append(arena.count)
    hashes.append(h)
    values.append(value)
    slots[s] = Int32(values.count)
    return values.count - 1
  }

  private mutating func grow() {
    slots = Array(repeating: 0, count: slots.count * 2)
    let mask = slots.count - 1
    for e in hashes.indices {
      let h = hashes[e]
      var s = Self.home(h, mask: mask)
      while slots[s] != 0 { s = (s + 1) & mask }
      slots[s] = Int32(e + 1)
    }
  }
}
