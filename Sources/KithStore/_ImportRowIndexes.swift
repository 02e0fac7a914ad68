import KithGraph
import KithImport

/// The person ids of participant lists resolved lately, by the storage of the imported list.
///
/// The readers give every row with the same `with` text one shared `[PersonReference]`, so in a
/// large batch most rows find their ids here instead of looking up each person's key. A batch
/// is not changed while it is imported, so while it lives no other list has the storage of one
/// of its lists. Direct-mapped: a miss costs one slot, and lists that are not shared (a reader
/// that builds one per record) only overwrite slots. The ids are kept in one flat array (a few
/// per slot) and copied out: a cached array shared by the rows would cost an atomic update of
/// its reference count per row, on memory that is rarely in the cache.
struct _ParticipantCache {
  private var lists: [UnsafeRawPointer?]
  private var counts: [UInt8]
  private var ids: [Int64]
  private let shift: Int

  /// Ids kept per slot: longer lists are not cached.
  static let idsPerSlot = 4

  /// A cache of `2^bits` slots; 0 bits for none (every look-up misses).
  init(bits: Int) {
    lists = Array(repeating: nil, count: bits > 0 ? 1 << bits : 0)
    counts = Array(repeating: 0, count: lists.count)
    ids = Array(repeating: 0, count: Self.idsPerSlot * lists.count)
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

  /// Replaces the contents of `out` with the ids cached for `list`; false, leaving `out`
  /// alone, when they are not cached. (A caller's scratch array: no array made per row.)
  func copyIDs(of list: [PersonReference], into out: inout [Int64]) -> Bool {
    guard !lists.isEmpty, let storage = Self.storage(list) else { return false }
    let s = slot(storage)
    guard lists[s] == storage else { return false }
    let start = Self.idsPerSlot * s
    out.removeAll(keepingCapacity: true)
    out.append(contentsOf: ids[start..<(start + Int(counts[s]))])
    return true
  }

  /// Caches the ids resolved for `list`.
  mutating func remember(_ resolved: [Int64], of list: [PersonReference]) {
    guard !lists.isEmpty, resolved.count <= Self.idsPerSlot,
      let storage = Self.storage(list)
    else { return }
    let s = slot(storage)
    lists[s] = storage
    counts[s] = UInt8(resolved.count)
    for (k, id) in resolved.enumerated() { ids[Self.idsPerSlot * s + k] = id }
  }
}

/// Which interactions of an import are new: for each record, the record that stands for its
/// source id in the batch (the first with it), or none when an interaction with that id was
/// stored before the import.
///
/// Built at once from every id's 64-bit digest (its `Schema.sourceKey`), sorted with a radix
/// sort: a few passes over contiguous arrays, where a hash set of the ids, filled row by row,
/// reads a random slot for each (a cache miss per row, more with text comparisons). Ids with
/// the same digest are compared as text, so the groups are exact.
struct _SourceIDGroups {
  /// Per record: the index of the first record with its id, or -1 when the id was stored.
  private var leaders: [Int32]
  /// Per record that leads its group: whether a record of the group was added.
  private var added: [Bool]

  /// The groups of `count` records whose ids `id(k)` gives, against the ids `stored`.
  /// `keyMask` keeps all the digest's bits but in tests, which keep few to make ids collide.
  init(
    source: String, count: Int, id: (Int) -> String, stored: [String], keyMask: UInt64 = ~0
  ) {
    precondition(count < Int(Int32.max), "too many records for one import")
    let digest = Schema.sourceDigest(source)
    func key(_ text: String) -> UInt64 {
      UInt64(bitPattern: Schema.sourceKey(sourceDigest: digest, sourceID: text)) & keyMask
    }
    var keys: [UInt64] = []
    keys.reserveCapacity(count + stored.count)
    for k in 0..<count { keys.append(key(id(k))) }
    for text in stored { keys.append(key(text)) }
    // Stable: within a digest, records in their order, then the stored ids.
    let (order, sorted) = RadixSort.sorted(keys)
    func text(_ index: Int) -> String { index < count ? id(index) : stored[index - count] }
    leaders = Array(0..<Int32(count))
    added = Array(repeating: false, count: count)
    var start = 0
    while start < sorted.count {
      var end = start + 1
      while end < sorted.count && sorted[end] == sorted[start] { end += 1 }
      if end - start > 1 || Int(order[start]) >= count {
        group(order[start..<end], count: count, text: text)
      }
      start = end
    }
  }

  /// Groups the entries of one digest (record indices ascending, then stored ones) by text.
  private mutating func group(
    _ entries: ArraySlice<UInt32>, count: Int, text: (Int) -> String
  ) {
    // Each distinct text of the digest and who stands for it (usually one).
    var texts: [(text: String, leader: Int32)] = []
    for entry in entries {
      let index = Int(entry)
      let value = text(index)
      if let found = texts.firstIndex(where: { $0.text == value }) {
        if index < count {
          leaders[index] = texts[found].leader
        } else if texts[found].leader >= 0 {
          // Stored before: every record with this id is already there.
          let leader = texts[found].leader
          for k in entries where Int(k) < count && leaders[Int(k)] == leader {
            leaders[Int(k)] = -1
          }
          texts[found].leader = -1
        }
      } else {
        let leader: Int32 = index < count ? Int32(index) : -1
        if index < count { leaders[index] = leader }
        texts.append((value, leader))
      }
    }
  }

  /// Whether record `k` is new: neither stored before nor added by an earlier record. The
  /// caller adds it and calls `markAdded(_:)`, or leaves it for a later record with its id.
  func isNew(_ k: Int) -> Bool {
    let leader = leaders[k]
    return leader >= 0 && !added[Int(leader)]
  }

  /// Records that record `k`, new, was added.
  mutating func markAdded(_ k: Int) {
    added[Int(leaders[k])] = true
  }
}
