import Foundation

/// A map from short byte strings (fields of an input file) to values, looked up by the bytes
/// themselves: a reader that sees the same few thousand field texts over and over finds each
/// one's value without making a `String` of it, or hashing one.
///
/// Open addressing with linear probing over a power-of-two slot array; each slot holds 32 bits
/// of its key's hash beside the entry's index, so that a probe reads one slot and, when the bits
/// agree, the key's bytes in one byte arena. Entries are never removed.
struct _ByteKeyedTable<Value> {
  /// Per entry, by insertion order: where its key lies in `arena` (start and end packed).
  private var keys: [UInt64] = []
  private(set) var values: [Value] = []
  private var arena: [UInt8] = []
  /// Per slot: the key's hash in the high 32 bits and the entry index + 1 in the low 32 bits;
  /// 0 when empty.
  private var slots: [UInt64] = Array(repeating: 0, count: 64)

  var count: Int { values.count }

  /// FNV-1a, 64 bits.
  @inline(__always)
  private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      h ^= UInt64(byte)
      h = h &* 0x100_0000_01b3
    }
    // Remixed: FNV's low bits mix poorly for short keys that differ in their last byte.
    return (h ^ (h >> 29)) &* 0x9E37_79B9_7F4A_7C15
  }

  /// The slot of `bytes`: the one holding their entry, or the empty one where it would go.
  @inline(__always)
  private func slot(_ bytes: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> Int {
    let mask = slots.count - 1
    let tag = h & 0xFFFF_FFFF_0000_0000
    var s = Int(truncatingIfNeeded: h >> 32) & mask
    while true {
      let slot = slots[s]
      if slot == 0 { return s }
      if slot & 0xFFFF_FFFF_0000_0000 == tag {
        let key = keys[Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) - 1]
        let start = Int(truncatingIfNeeded: key >> 32)
        let end = Int(truncatingIfNeeded: key & 0xFFFF_FFFF)
        if end - start == bytes.count {
          let equal = arena.withUnsafeBufferPointer { stored in
            guard let a = stored.baseAddress, let b = bytes.baseAddress else { return true }
            return memcmp(a + start, b, bytes.count) == 0
          }
          if equal { return s }
        }
      }
      s = (s + 1) & mask
    }
  }

  /// The index of the entry whose key is `bytes`, if any.
  /// - Complexity: O(`bytes.count`) expected.
  func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    let slot = slots[slot(bytes, hash: Self.hash(bytes))]
    return slot == 0 ? nil : Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) - 1
  }

  /// Adds `value` under `bytes`, which must not be a key yet; returns its index.
  /// - Complexity: O(`bytes.count`) amortised.
  @discardableResult
  mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>, _ value: Value) -> Int {
    precondition(
      values.count < Int(UInt32.max) && arena.count + bytes.count < Int(UInt32.max),
      "the table is full")
    if (values.count + 1) * 2 > slots.count { grow() }
    let h = Self.hash(bytes)
    let s = slot(bytes, hash: h)
    precondition(slots[s] == 0, "the key is in the table already")
    let start = UInt64(arena.count)
    arena.append(contentsOf: bytes)
    keys.append(start << 32 | UInt64(arena.count))
    values.append(value)
    slots[s] = h & 0xFFFF_FFFF_0000_0000 | UInt64(values.count)
    return values.count - 1
  }

  private mutating func grow() {
    let old = slots
    slots = Array(repeating: 0, count: old.count * 2)
    let mask = slots.count - 1
    for slot in old where slot != 0 {
      var s = Int(truncatingIfNeeded: slot >> 32) & mask
      while slots[s] != 0 { s = (s + 1) & mask }
      slots[s] = slot
    }
  }
}
