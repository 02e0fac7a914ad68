import GRDB

/// Which interactions have which source key (`Schema.sourceKey`, a digest of the source and
/// the source id): how a record with a source is found again (migration v8).
///
/// The entries, (key, interaction id) sorted, are kept in blocks of about `maxBlock`, one row
/// of `interaction_source_block` each, keyed by the block's first key (`lo`): a block holds
/// the keys from its `lo` up to the next block's. Each entry is two varints: the key's
/// distance from the previous key (from `lo` for the first), then the id. Migration v5 kept a
/// B-tree row per entry (`interaction_source`), which cost an import about 2,600 SQLite
/// instructions an interaction; a block of 256 costs a fraction of that per entry.
///
/// Keys may collide (see `Schema.sourceKey`): readers check the interactions' own source and
/// source id. The blocks derive from `interaction.source_key`: code that deletes interactions
/// (merging or removing a person) rebuilds them with the ledger (`Ledger.rebuild`); until
/// then an entry may name a deleted interaction, which readers, joining with `interaction`,
/// do not find.
enum SourceBlocks {
  /// A block is split when it holds more entries than this (never between entries of one key).
  static let maxBlock = 256

  struct Entry: Comparable {
    var key: Int64
    var id: Int64

    static func < (x: Entry, y: Entry) -> Bool { (x.key, x.id) < (y.key, y.id) }
  }

  /// A block that cannot be decoded.
  struct Damaged: Error, CustomStringConvertible {
    let lo: Int64
    var description: String { "interaction source block \(lo) is damaged" }
  }

  // MARK: Encoding

  /// Appends the entries, sorted, as a block whose `lo` is the first key.
  static func encode(_ entries: ArraySlice<Entry>, into out: inout [UInt8]) {
    var previous = entries.first?.key ?? 0
    for entry in entries {
      appendVarint(UInt64(bitPattern: entry.key &- previous), to: &out)
      appendVarint(UInt64(bitPattern: entry.id), to: &out)
      previous = entry.key
    }
  }

  /// Appends the entries of the block at `lo`.
  static func decode(_ bytes: UnsafeRawBufferPointer, lo: Int64, into out: inout [Entry]) throws {
    var offset = 0
    var key = lo
    func next() throws -> UInt64 {
      var value: UInt64 = 0
      var shift: UInt64 = 0
      while offset < bytes.count {
        let byte = bytes[offset]
        offset += 1
        if shift == 63 && byte > 1 { break }
        value |= UInt64(byte & 0x7F) << shift
        if byte < 0x80 { return value }
        shift += 7
      }
      throw Damaged(lo: lo)
    }
    while offset < bytes.count {
      key = key &+ Int64(bitPattern: try next())
      out.append(Entry(key: key, id: Int64(bitPattern: try next())))
    }
  }

  @inline(__always) static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
    var v = value
    while v >= 0x80 {
      out.append(UInt8(truncatingIfNeeded: v) | 0x80)
      v >>= 7
    }
    out.append(UInt8(v))
  }

  // MARK: Reading and writing

  /// The entries whose keys lie in `range`, sorted.
  static func entries(in range: ClosedRange<Int64>, _ db: Database) throws -> [Entry] {
    try Access(db).entries(in: range)
  }

  /// Adds entries, sorted and new (see `Access.insert`).
  static func insert(_ sorted: [Entry], _ db: Database) throws {
    try Access(db).insert(sorted)
  }

  /// The statements that read and write the blocks, prepared once: a write that stores
  /// records with sources one by one looks up and adds an entry for each
  /// (`Ledger.Batch.sourceBlocks`).
  final class Access {
    private let range: _RawStatement
    private let containing: _RawStatement
    private let first: _RawStatement
    private let following: _RawStatement
    private let delete: _RawStatement
    private var writer: Writer

    init(_ db: Database) throws {
      range = try _RawStatement(
        db,
        """
        SELECT lo, entries FROM interaction_source_block
        WHERE lo >= coalesce(
            (SELECT lo FROM interaction_source_block WHERE lo <= ?1 ORDER BY lo DESC LIMIT 1), ?1)
          AND lo <= ?2
        ORDER BY lo
        """)
      containing = try _RawStatement(
        db,
        "SELECT lo, entries FROM interaction_source_block WHERE lo <= ? ORDER BY lo DESC LIMIT 1")
      first = try _RawStatement(
        db, "SELECT lo, entries FROM interaction_source_block ORDER BY lo LIMIT 1")
      following = try _RawStatement(
        db, "SELECT lo FROM interaction_source_block WHERE lo > ? ORDER BY lo LIMIT 1")
      delete = try _RawStatement(db, "DELETE FROM interaction_source_block WHERE lo = ?")
      writer = try Writer(db)
    }

    /// The interactions whose source key is `key` (an entry may name a deleted interaction).
    func interactions(key: Int64) throws -> [Int64] {
      try entries(in: key...key).map(\.id)
    }

    /// The entries whose keys lie in `range`, sorted.
    func entries(in range: ClosedRange<Int64>) throws -> [Entry] {
      let scan = self.range
      scan.bind(1, range.lowerBound)
      scan.bind(2, range.upperBound)
      defer { scan.reset() }
      var all: [Entry] = []
      while try scan.step() { try decode(scan.bytes(1), lo: scan.int64(0), into: &all) }
      return all.filter { range.contains($0.key) }
    }

    /// Adds entries, sorted and new: each block they fall in is read, merged and written again
    /// (split when it grows past `maxBlock`).
    /// - Complexity: O(n + b · maxBlock) for n entries falling in b blocks.
    func insert(_ sorted: [Entry]) throws {
      var merged: [Entry] = []
      var start = 0
      while start < sorted.count {
        // The block holding the next key: the last one starting at or before it, else the
        // first (whose `lo` the key then lowers); none in an empty table.
        merged.removeAll(keepingCapacity: true)
        var lo: Int64? = nil
        containing.bind(1, sorted[start].key)
        if try containing.step() {
          lo = containing.int64(0)
          try decode(containing.bytes(1), lo: containing.int64(0), into: &merged)
        } else if try first.step() {
          lo = first.int64(0)
          try decode(first.bytes(1), lo: first.int64(0), into: &merged)
        }
        containing.reset()
        first.reset()
        // The entries up to the next block's `lo` go to this block.
        var end = sorted.count
        following.bind(1, lo ?? sorted[start].key)
        if try following.step() {
          let next = following.int64(0)
          end = start
          while end < sorted.count && sorted[end].key < next { end += 1 }
        }
        following.reset()
        if let lo {
          delete.bind(1, lo)
          _ = try delete.step()
          delete.reset()
        }
        let old = merged.count
        merged += sorted[start..<end]
        if old > 0 && merged[old - 1] > merged[old] { merged.sort() }
        try writer.write(merged[...])
        start = end
      }
    }
  }

  /// Writes every block again from `interaction.source_key`.
  static func rebuild(_ db: Database) throws {
    try db.execute(sql: "DELETE FROM interaction_source_block")
    try write(
      scanning: "SELECT source_key, id FROM interaction WHERE source_key IS NOT NULL", db)
  }

  /// Writes the (key, interaction id) rows `sql` selects, sorted, as new blocks, into a table
  /// that holds none of their keys yet.
  static func write(scanning sql: String, _ db: Database) throws {
    var all: [Entry] = []
    let scan = try _RawStatement(db, sql)
    while try scan.step() { all.append(Entry(key: scan.int64(0), id: scan.int64(1))) }
    scan.reset()
    all.sort()
    var writer = try Writer(db)
    try writer.write(all[...])
  }

  /// Writes sorted entries as new blocks of at most `maxBlock` (more only when one key has
  /// more entries).
  struct Writer {
    private let insert: _RawStatement
    private var bytes: [UInt8] = []

    init(_ db: Database) throws {
      insert = try _RawStatement(
        db, "INSERT INTO interaction_source_block (lo, n, entries) VALUES (?, ?, ?)")
    }

    mutating func write(_ entries: ArraySlice<Entry>) throws {
      var start = entries.startIndex
      while start < entries.endIndex {
        var end = min(start + maxBlock, entries.endIndex)
        while end < entries.endIndex && entries[end].key == entries[end - 1].key { end += 1 }
        bytes.removeAll(keepingCapacity: true)
        encode(entries[start..<end], into: &bytes)
        insert.bind(1, entries[start].key)
        insert.bind(2, Int64(end - start))
        try bytes.withUnsafeBytes { b in
          insert.bind(3, staticBlob: b)
          defer { insert.reset() }
          _ = try insert.step()
        }
        start = end
      }
    }
  }
}

/// A record's source and its id there: what makes a re-import find the record again.
struct SourceIdentity: Hashable {
  var source: String
  var sourceID: String
}

/// The records with a source written by a batch that started from a store holding no
/// interaction (a restore), found by their source key (`Schema.sourceKey`) and checked against
/// the record's source and source id, as the blocks' readers check: keys may collide.
struct SourcesInMemory {
  private var byKey: [Int64: (id: Int64, identity: SourceIdentity)] = [:]
  /// The records whose key an earlier record with another source already had.
  private var collided: [SourceIdentity: Int64] = [:]

  init(capacity: Int) {
    byKey.reserveCapacity(capacity)
  }

  /// The id of the record with this source, if one was added.
  func id(key: Int64, _ identity: SourceIdentity) -> Int64? {
    guard let first = byKey[key] else { return nil }
    return first.identity == identity ? first.id : collided[identity]
  }

  /// Adds a record whose source no record added so far has.
  mutating func add(key: Int64, _ identity: SourceIdentity, id: Int64) {
    if byKey[key] == nil {
      byKey[key] = (id, identity)
    } else {
      collided[identity] = id
    }
  }
}
