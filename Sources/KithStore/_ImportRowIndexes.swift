import KithImport

/// The person ids of participant lists resolved lately, by the storage of the imported list.
///
/// The readers give every row with the same `with` text one shared `[PersonReference]`, so in a
/// large batch most rows find their ids here: no look-up of each person's key, and their
/// interactions share one id array instead of each allocating its own (and the writing thread
/// freeing it). A batch is not changed while it is imported, so while it lives no other list
/// has the storage of one of its lists. Direct-mapped: a miss costs one slot, and lists that are
/// not shared (a reader that builds one per record) only overwrite slots.
struct _ParticipantCache {
  private var lists: [UnsafeRawPointer?]
  private var ids: [[Int64]]
  private let shift: Int

  /// A cache of `2^bits` slots; 0 bits for none (every look-up misses).
  init(bits: Int) {
    lists = Array(repeating: nil, count: bits > 0 ? 1 << bits : 0)
    ids = Array(repeating: [], count: lists.count)
    shift = 64 - bits
  }

  @inline(__always)
  private static func storage(_ list: [PersonReference]) -> UnsafeRawPointer? {
    list.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
  }

  @inline(__always)
  private func slot(_ storage: UnsafeRawPointer) -> Int {
    Int(truncatingIfNeeded: (UInt64(UInt(bitPattern: storage)) &* 0x9E37_79B9_7F4A_7C15) >> shift)
  }

  /// The ids cached for `list`, if any.
  func ids(of list: [PersonReference]) -> [Int64]? {
    guard !lists.isEmpty, let storage = Self.storage(list) else { return nil }
    let s = slot(storage)
    return lists[s] == storage ? ids[s] : nil
  }

  /// Caches the ids resolved for `list`.
  mutating func remember(_ resolved: [Int64], of list: [PersonReference]) {
    guard !lists.isEmpty, let storage = Self.storage(list) else { return }
    let s = slot(storage)
    lists[s] = storage
    ids[s] = resolved
  }
}

/// The source ids of one source's interactions: those stored before an import and those it
/// adds, to tell a re-imported record from a new one.
///
/// Open addressing over each id's 64-bit digest (its `Schema.sourceKey`) kept in the slot: an
/// insert reads one slot line, where a `Set<String>` compares the text of every id on the way
/// (a cache miss each). Ids with the same digest are compared as text, so the set is exact.
struct _SourceIDSet {
  /// Per slot, the digest and 1 + the index of the id in `ids`; 0 marks an empty slot.
  private var slots: [UInt64]
  /// The ids, in the order inserted; nil once removed.
  private var ids: [String?] = []
  private let sourceDigest: UInt64
  /// The bits of the digest kept: all but in tests, which keep few to make ids collide.
  private let keyMask: UInt64

  /// An empty set of `source`'s ids, with room for `capacity`.
  init(source: String, capacity: Int, keyMask: UInt64 = ~0) {
    sourceDigest = Schema.sourceDigest(source)
    self.keyMask = keyMask
    var size = 16
    while size < 2 * capacity { size *= 2 }
    slots = Array(repeating: 0, count: 2 * size)
    ids.reserveCapacity(capacity)
  }

  @inline(__always)
  private static func home(_ key: UInt64, mask: Int) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
  }

  @inline(__always)
  private func digest(of id: String) -> UInt64 {
    UInt64(bitPattern: Schema.sourceKey(sourceDigest: sourceDigest, sourceID: id)) & keyMask
  }

  /// Whether `id` is in the set.
  func contains(_ id: String) -> Bool {
    let key = digest(of: id)
    let mask = slots.count / 2 - 1
    var s = Self.home(key, mask: mask)
    while slots[2 * s + 1] != 0 {
      if slots[2 * s] == key, ids[Int(slots[2 * s + 1]) - 1] == id { return true }
      s = (s + 1) & mask
    }
    return false
  }

  /// Inserts `id`; returns whether it was not there yet.
  /// - Complexity: O(1) expected, amortised.
  @discardableResult
  mutating func insert(_ id: String) -> Bool {
    if 4 * (ids.count + 1) > slots.count { grow() }
    let key = digest(of: id)
    let mask = slots.count / 2 - 1
    var s = Self.home(key, mask: mask)
    while slots[2 * s + 1] != 0 {
      if slots[2 * s] == key, ids[Int(slots[2 * s + 1]) - 1] == id { return false }
      s = (s + 1) & mask
    }
    ids.append(id)
    slots[2 * s] = key
    slots[2 * s + 1] = UInt64(ids.count)
    return true
  }

  /// Removes `id` (an insert taken back).
  mutating func remove(_ id: String) {
    let key = digest(of: id)
    let mask = slots.count / 2 - 1
    var s = Self.home(key, mask: mask)
    while slots[2 * s + 1] != 0 {
      let index = Int(slots[2 * s + 1]) - 1
      if slots[2 * s] == key, ids[index] == id {
        // The slot stays taken (later ids may have probed past it); the id no longer matches.
        ids[index] = nil
        return
      }
      s = (s + 1) & mask
    }
  }

  private mutating func grow() {
    let old = slots
    slots = Array(repeating: 0, count: 2 * old.count)
    let mask = slots.count / 2 - 1
    for k in stride(from: 0, to: old.count, by: 2) where old[k + 1] != 0 {
      var s = Self.home(old[k], mask: mask)
      while slots[2 * s + 1] != 0 { s = (s + 1) & mask }
      slots[2 * s] = old[k]
      slots[2 * s + 1] = old[k + 1]
    }
  }
}
