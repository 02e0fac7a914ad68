import Foundation
import GRDB
import KithGraph
import KithImport
import KithTestSupport
import Testing

@testable import KithStore

// Migration v8 keeps the (source key, interaction id) entries in blocks of varints. These
// tests check the blocks against a plain sorted list after random bulk and single inserts,
// the encoding at the extremes, damaged blocks, the migration from v7 and the rebuild.

@Suite("Source blocks (migration v8)")
struct SourceBlocksTests {
  typealias Entry = SourceBlocks.Entry

  /// Every entry, and the blocks' (lo, n) with their decoded entries.
  private func stored(_ db: Database) throws -> (all: [Entry], blocks: [(Int64, Int, [Entry])]) {
    var blocks: [(Int64, Int, [Entry])] = []
    for row in try Row.fetchAll(
      db, sql: "SELECT lo, n, entries FROM interaction_source_block ORDER BY lo")
    {
      let data: Data = row["entries"]
      var entries: [Entry] = []
      try data.withUnsafeBytes { try SourceBlocks.decode($0, lo: row["lo"], into: &entries) }
      blocks.append((row["lo"], row["n"], entries))
    }
    return (blocks.flatMap(\.2), blocks)
  }

  @Test("entries round-trip through a block at the extremes of 64 bits")
  func roundTrip() throws {
    let keys: [Int64] = [.min, .min + 1, -1 << 40, -1, 0, 0, 1, 1 << 40, .max - 1, .max, .max]
    let entries = zip(keys, [1, 2, 3, Int64.max, 5, 6, 7, 8, 9, 10, 11]).map {
      Entry(key: $0, id: $1)
    }
    var bytes: [UInt8] = []
    SourceBlocks.encode(entries[...], into: &bytes)
    var decoded: [Entry] = []
    try bytes.withUnsafeBytes { try SourceBlocks.decode($0, lo: Int64.min, into: &decoded) }
    #expect(decoded == entries)
    // A block cut anywhere inside a varint is refused, not read past its end.
    for cut in 1..<bytes.count where bytes[cut - 1] >= 0x80 {
      var partial: [Entry] = []
      #expect(throws: SourceBlocks.Damaged.self) {
        try Array(bytes[..<cut]).withUnsafeBytes {
          try SourceBlocks.decode($0, lo: Int64.min, into: &partial)
        }
      }
    }
  }

  @Test("bulk and single inserts keep the blocks equal to a sorted list, in blocks of 256")
  func insertsMatchAList() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    var rng = SeededGenerator(seed: 8)
    var model: [Entry] = []
    var nextID: Int64 = 1
    // Keys from a few narrow ranges (as sources are) and anywhere, some repeated.
    func key() -> Int64 {
      switch Int.random(in: 0..<4, using: &rng) {
      case 0: return Int64.random(in: -5_000...5_000, using: &rng)
      case 1: return (7 << 40) + Int64.random(in: 0..<(1 << 40), using: &rng)
      case 2: return model.isEmpty ? 0 : model[Int.random(in: model.indices, using: &rng)].key
      default: return Int64.random(in: .min ... .max, using: &rng)
      }
    }
    for round in 0..<40 {
      let count = round % 3 == 0 ? Int.random(in: 200...2_000, using: &rng) : 1
      var batch: [Entry] = []
      for _ in 0..<count {
        batch.append(Entry(key: key(), id: nextID))
        nextID += 1
      }
      let sorted = batch.sorted()
      try store.write { db in try SourceBlocks.insert(sorted, db) }
      model += batch
      model.sort()
      let (all, blocks) = try store.read { db in try stored(db) }
      #expect(all == model)
      for (k, block) in blocks.enumerated() {
        #expect(block.0 == block.2.first?.key)
        #expect(block.1 == block.2.count)
        // Longer only where one key's entries continue past the last place to split.
        let m = SourceBlocks.maxBlock
        #expect(block.1 <= m || block.2[(m - 1)...].allSatisfy { $0.key == block.2[m - 1].key })
        if k > 0 { #expect(blocks[k - 1].2.last!.key < block.0) }
      }
      // Ranges read back exactly, whichever blocks they start and end in.
      for _ in 0..<5 {
        let a = key()
        let b = Bool.random(using: &rng) ? a : key()
        let range = min(a, b)...max(a, b)
        let read = try store.read { db in try SourceBlocks.entries(in: range, db) }
        #expect(read == model.filter { range.contains($0.key) })
      }
    }
    #expect(model.count > 10_000)
  }

  @Test("a restore's sources in memory tell records whose keys collide apart")
  func sourcesInMemoryCollisions() {
    var sources = SourcesInMemory(capacity: 4)
    let mail = SourceIdentity(source: "mbox", sourceID: "<a@b>")
    let csv = SourceIdentity(source: "csv:x.csv", sourceID: "1")
    let other = SourceIdentity(source: "ics", sourceID: "uid-1")
    #expect(sources.id(key: 7, mail) == nil)
    sources.add(key: 7, mail, id: 10)
    #expect(sources.id(key: 7, mail) == 10)
    // Another source with the same key is not the first one's record, until it is added.
    #expect(sources.id(key: 7, csv) == nil)
    sources.add(key: 7, csv, id: 11)
    #expect(sources.id(key: 7, csv) == 11 && sources.id(key: 7, mail) == 10)
    #expect(sources.id(key: 8, mail) == nil && sources.id(key: 7, other) == nil)
  }

  @Test("a store from schema v7 migrates its source rows into blocks")
  func migratesFromV7() throws {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("kith.sqlite")
    let t0: Int64 = 1_700_000_000
    var values: [String] = []
    var expected: [Entry] = []
    for k in 1...700 {
      let source = k % 3 == 0 ? "ical:x" : "csv:old.csv"
      let key = Schema.sourceKey(source: source, sourceID: "row:\(k)")
      values.append(
        "(\(k), \(t0 + Int64(k)), 'call', 2, '[1,2]', '\(source)', 'row:\(k)', \(key))")
      expected.append(Entry(key: key, id: Int64(k)))
    }
    try KithStore.createDatabase(
      path: path, upTo: "v7-compact-ledger-records",
      sql: """
        INSERT INTO person (id, handle, name) VALUES (1, 'me', 'Me'), (2, 'ann', 'Ann');
        INSERT INTO interaction (id, time, kind, participant_count, participants, source,
          source_id, source_key) VALUES \(values.joined(separator: ", "));
        INSERT INTO interaction_source (source_key, interaction_id)
          SELECT source_key, id FROM interaction;
        """)
    let store = try KithStore(path: path)
    let sortedExpected = expected.sorted()
    try store.read { db in
      #expect(try stored(db).all == sortedExpected)
      #expect(try !db.tableExists("interaction_source"))
      let triggers = try String.fetchAll(
        db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%source%'")
      #expect(triggers.isEmpty)
    }
    // A record is found again by its source id, in a single insert and in an import.
    let again = try store.addInteraction(
      Interaction(
        time: Date(kithSeconds: t0), kind: .email, participants: [1, 2], source: "ical:x",
        sourceID: "row:300"))
    #expect(again.id == 300)
    var batch = ImportBatch(source: "csv:old.csv", path: "old.csv")
    batch.people = [
      ImportedPerson(
        key: "ann", name: "Ann", resolution: .reference,
        location: KithImport.SourceLocation(path: "old.csv", line: 2, column: 1))
    ]
    batch.interactions = ["row:1", "row:2", "row:3", "row:701"].map { id in
      ImportedInteraction(
        sourceID: id, time: Date(kithSeconds: t0), kind: .message,
        participants: [.me, .record("ann")],
        location: KithImport.SourceLocation(path: "old.csv", line: 2, column: 1))
    }
    let summary = try store.importBatch(batch, options: ImportOptions(ego: 1))
    // row:3 belongs to ical:x in the old store: new for csv:old.csv.
    #expect(summary.interactions.unchanged == 2)
    #expect(summary.interactions.added == 2)
  }

  @Test("removing a person rebuilds the blocks without the deleted interactions")
  func rebuildDropsDeleted() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let people = (1...4).map { Person(id: Int64($0), handle: "p-\($0)", name: "Person \($0)") }
    try store.importBackup(Backup(people: people))
    let interactions = (0..<600).map { (k: Int) -> Interaction in
      let a = Int64(k % 4 + 1)
      return Interaction(
        time: Date(kithSeconds: 1_700_000_000 + Int64(k)), kind: .call,
        participants: [a, a % 4 + 1], source: "csv:x.csv", sourceID: "row:\(k)")
    }
    _ = try store.addInteractions(interactions)
    try store.removePerson(id: 3)
    let left = try store.interactions()
    let entries = try store.read { db in try stored(db).all }
    let expected = left.map {
      Entry(key: Schema.sourceKey(source: "csv:x.csv", sourceID: $0.sourceID!), id: $0.id)
    }
    #expect(entries == expected.sorted())
    #expect(left.count < 600)
  }
}
