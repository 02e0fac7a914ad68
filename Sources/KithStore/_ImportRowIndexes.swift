import KithGraph
import KithImport

/// The person ids of an import's participant lists, resolved once per list.
///
/// The readers give every row with the same `with` text one shared `[PersonReference]`, so in a
/// large batch most rows' lists were resolved for an earlier row. Each record's list is numbered
/// ahead by the identity of its storage (`init`, on another thread while the people are
/// imported): a row then finds its ids by that number without touching its list, where a
/// retain and a release of a list lying anywhere in memory cost a cache miss a row, and without
/// hashing anything. A batch is not changed while it is imported, so while it lives no other
/// list has the storage of one of its lists. The ids are kept in one flat array (a few per
/// list) and copied out: a resolved array shared by the rows would cost an atomic update of its
/// reference count per row.
struct _ParticipantLists: Sendable {
  /// Per record, the number of its list; empty when the lists were not numbered.
  private let numbers: [Int32]
  /// Per list, how many of its ids are kept: 0 until resolved, or when longer than a slot.
  private var counts: [UInt8]
  private var ids: [Int64]

  /// Ids kept per list: longer lists are not kept.
  static let idsPerList = 4

  /// No lists: every look-up misses.
  init() {
    numbers = []
    counts = []
    ids = []
  }

  /// Numbers the lists of `count` records, record `k`'s being `list(k)`.
  init(count: Int, list: (Int) -> [PersonReference]) {
    precondition(count < Int(Int32.max), "too many records for one import")
    var numbering: [UInt: Int32] = [:]
    var numbers: [Int32] = []
    numbers.reserveCapacity(count)
    for k in 0..<count {
      let storage = list(k).withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
      if let known = numbering[storage] {
        numbers.append(known)
      } else {
        let number = Int32(numbering.count)
        numbering[storage] = number
        numbers.append(number)
      }
    }
    self.numbers = numbers
    counts = Array(repeating: 0, count: numbering.count)
    ids = Array(repeating: 0, count: Self.idsPerList * numbering.count)
  }

  /// Replaces the contents of `out` with the ids kept for record `record`'s list; false,
  /// leaving `out` alone, when they are not kept. (A caller's scratch array: no array made per
  /// row.)
  func copyIDs(record: Int, into out: inout [Int64]) -> Bool {
    guard record < numbers.count else { return false }
    let list = Int(numbers[record])
    let count = Int(counts[list])
    guard count > 0 else { return false }
    out.removeAll(keepingCapacity: true)
    let start = Self.idsPerList * list
    for i in start..<(start + count) { out.append(ids[i]) }
    return true
  }

  /// Keeps the ids resolved for record `record`'s list.
  mutating func remember(_ resolved: [Int64], record: Int) {
    guard record < numbers.count, !resolved.isEmpty, resolved.count <= Self.idsPerList else {
      return
    }
    let list = Int(numbers[record])
    counts[list] = UInt8(resolved.count)
    for (i, id) in resolved.enumerated() { ids[Self.idsPerList * list + i] = id }
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
  /// `recordKeys`, when given, are the records' `Schema.sourceKey`s, computed already
  /// (`_EncodedDetails.keys`). `keyMask` keeps all the digest's bits but in tests, which keep
  /// few to make ids collide.
  init(
    source: String, count: Int, id: (Int) -> String, stored: [String],
    recordKeys: [Int64?]? = nil, keyMask: UInt64 = ~0
  ) {
    precondition(count < Int(Int32.max), "too many records for one import")
    let digest = Schema.sourceDigest(source)
    func key(_ text: String) -> UInt64 {
      UInt64(bitPattern: Schema.sourceKey(sourceDigest: digest, sourceID: text)) & keyMask
    }
    var keys: [UInt64] = []
    keys.reserveCapacity(count + stored.count)
    if let recordKeys {
      precondition(recordKeys.count == count, "a key per record")
      for key in recordKeys { keys.append(UInt64(bitPattern: key ?? 0) & keyMask) }
    } else {
      for k in 0..<count { keys.append(key(id(k))) }
    }
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
