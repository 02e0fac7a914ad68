import Foundation
import GRDB
import KithGraph
import KithImport
import KithTestSupport
import Testing

@testable import KithStore

// Migration v5 rebuilds the interaction table for the write path: a CHECK on the kind that
// SQLite evaluates cheaply, and imported rows found through a 64-bit digest of (source,
// source id) instead of a unique index on the two texts. These tests pin the digest, drive
// its collisions, and migrate a store written by the previous schema.

@Suite("Interaction write path and migration v5")
struct InteractionWritePathTests {
  @Test(
    "source keys are pinned: stored databases hold them",
    arguments: [
      ("csv:interactions.csv", "row:1a2b|1", 4_111_214_265_056_534_396 as Int64),
      ("ical:work.ics", "uid-42@example.com", 7_374_920_719_132_329_223),
      ("", "", -780_787_492_076_525_413),
      ("mail", "<a@b>", 2_790_677_991_223_423_217),
    ])
  func pinnedKeys(source: String, sourceID: String, key: Int64) {
    #expect(Schema.sourceKey(source: source, sourceID: sourceID) == key)
    #expect(Schema.sourceKeyRange(source: source).contains(key))
  }

  @Test("one source's keys share one range; another source's do not fall in it")
  func ranges() {
    let range = Schema.sourceKeyRange(source: "csv:a.csv")
    #expect(range.upperBound - range.lowerBound == (1 << 40) - 1)
    for k in 0..<200 {
      #expect(range.contains(Schema.sourceKey(source: "csv:a.csv", sourceID: "r\(k)")))
    }
    #expect(!range.contains(Schema.sourceKey(source: "csv:b.csv", sourceID: "r1")))
  }

  @Test("two source ids with the same key stay two interactions, each found again")
  func collidingSourceIDs() throws {
    // Found by search: same source, equal low 40 bits of the digest.
    let a = "r444675"
    let b = "r1388648"
    #expect(
      Schema.sourceKey(source: "csv:a.csv", sourceID: a)
        == Schema.sourceKey(source: "csv:a.csv", sourceID: b))
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let me = try store.initialise(me: "Me")
    let ann = try store.addPerson(Person(name: "Ann"))
    func interaction(_ sourceID: String, _ day: Double) -> Interaction {
      Interaction(
        time: Date(timeIntervalSince1970: 1_700_000_000 + day * 86_400), kind: .call,
        participants: [me.id, ann.id], source: "csv:a.csv", sourceID: sourceID)
    }
    let first = try store.addInteraction(interaction(a, 0))
    let second = try store.addInteraction(interaction(b, 1))
    #expect(first.id != second.id)
    #expect(try store.addInteraction(interaction(a, 5)).id == first.id)
    #expect(try store.addInteraction(interaction(b, 5)).id == second.id)
    #expect(try store.counts().interactions == 2)

    // The import path reads the source's ids once: both are recognised.
    var batch = ImportBatch(source: "csv:a.csv", path: "a.csv")
    batch.people = [
      ImportedPerson(key: "ann", name: "Ann", resolution: .reference, location: at(2))
    ]
    batch.interactions = [a, b, "r3"].enumerated().map { k, id in
      ImportedInteraction(
        sourceID: id, time: Date(timeIntervalSince1970: 1_700_000_000), kind: .call,
        participants: [.me, .record("ann")], location: at(k + 2))
    }
    let summary = try store.importBatch(batch)
    #expect(summary.interactions.unchanged == 2)
    #expect(summary.interactions.added == 1)
    #expect(try store.counts().interactions == 3)
    // The imported row's key was written at the import's flush: the store finds it.
    let imported = try #require(try store.interactions().first { $0.sourceID == "r3" })
    #expect(try store.addInteraction(interaction("r3", 9)).id == imported.id)
    #expect(try store.counts().interactions == 3)
  }

  @Test("a source whose keys share the range of another is told apart by its name")
  func collidingSources() throws {
    // Found by search: the two sources' digests share their high 24 bits.
    #expect(
      Schema.sourceKeyRange(source: "csv:3564.csv") == Schema.sourceKeyRange(source: "csv:6062.csv")
    )
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    _ = try store.initialise(me: "Me")
    func batch(_ source: String) -> ImportBatch {
      var b = ImportBatch(source: source, path: "x.csv")
      b.people = [
        ImportedPerson(key: "ann", name: "Ann", resolution: .reference, location: at(2))
      ]
      b.interactions = [
        ImportedInteraction(
          sourceID: "same", time: Date(timeIntervalSince1970: 1_700_000_000), kind: .email,
          participants: [.me, .record("ann")], location: at(2))
      ]
      return b
    }
    #expect(try store.importBatch(batch("csv:3564.csv")).interactions.added == 1)
    #expect(try store.importBatch(batch("csv:6062.csv")).interactions.added == 1)
    #expect(try store.importBatch(batch("csv:3564.csv")).interactions.unchanged == 1)
    #expect(try store.importBatch(batch("csv:6062.csv")).interactions.unchanged == 1)
    #expect(try store.counts().interactions == 2)
  }

  @Test("the kind is still checked by the database", arguments: ["bogus", "Meeting", ""])
  func kindCheck(kind: String) throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let me = try store.initialise(me: "Me")
    let ann = try store.addPerson(Person(name: "Ann"))
    #expect(throws: DatabaseError.self) {
      try store.writer.write { db in
        try db.execute(
          sql: """
            INSERT INTO interaction (time, kind, participant_count, participants)
            VALUES (0, ?, 2, ?)
            """, arguments: [kind, "[\(me.id),\(ann.id)]"])
      }
    }
    for valid in InteractionKind.allCases {
      try store.writer.write { db in
        try db.execute(
          sql: """
            INSERT INTO interaction (time, kind, participant_count, participants)
            VALUES (0, ?, 2, '[]')
            """, arguments: [valid.rawValue])
      }
    }
  }

  @Test("a store from schema v4 migrates with every interaction, its source, notes and ledger")
  func migrationFromV4() throws {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("v4.sqlite")
    let t0: Int64 = 1_700_000_000
    // People 1–4; interactions 1–4 (one a group, one with a follow-up and an initiator, two
    // imported from one source, one from another), a note on interaction 2; ids with a gap.
    let sql = """
      INSERT INTO person (id, handle, name) VALUES
        (1, 'p-1', 'One'), (2, 'p-2', 'Two'), (3, 'p-3', 'Three'), (4, 'p-4', 'Four');
      INSERT INTO interaction (id, time, kind, participant_count, initiator_id, channel, summary,
        follow_up, source, source_id, participants) VALUES
        (1, \(t0), 'meeting', 2, NULL, NULL, NULL, NULL, NULL, NULL, '[2,1]'),
        (2, \(t0 + 86_400), 'call', 3, 3, 'phone', 'plans', \(t0 + 30 * 86_400), NULL, NULL,
          '[1,3,2]'),
        (3, \(t0 + 2 * 86_400), 'email', 2, NULL, NULL, 'hello', NULL, 'csv:old.csv', 'row:1',
          '[4,1]'),
        (7, \(t0 + 3 * 86_400), 'video', 2, NULL, NULL, NULL, NULL, 'csv:old.csv', 'row:2',
          '[1,2]'),
        (8, \(t0 + 4 * 86_400), 'social', 2, NULL, NULL, NULL, NULL, 'ical:x', 'row:1', '[3,4]');
      INSERT INTO interaction_participant (person_id, interaction_id, position) VALUES
        (2, 1, 0), (1, 1, 1), (1, 2, 0), (3, 2, 1), (2, 2, 2), (4, 3, 0), (1, 3, 1),
        (1, 7, 0), (2, 7, 1), (3, 8, 0), (4, 8, 1);
      INSERT INTO note (id, time, text, interaction_id) VALUES (1, \(t0), 'agenda', 2);
      """
    try KithStore.createDatabase(path: path, upTo: "v4-compact-participants", sql: sql)
    // The v4 store's ledger, as v4 code maintained it: the same pairs, in 56-byte records
    // (today's code writes its own records, which v4's table refuses until they are converted).
    let queue = try DatabaseQueue(path: path)
    try queue.inDatabase { db in try db.execute(sql: "PRAGMA ignore_check_constraints = ON") }
    try queue.write { db in
      try Ledger.rebuild(db, ledgerOnly: true)
      for row in try Row.fetchAll(db, sql: "SELECT id, data FROM tie_ledger_block") {
        let data: Data = row["data"]
        let entries = try data.withUnsafeBytes { try Ledger.Entry.decode($0) }
        try db.execute(
          sql: "UPDATE tie_ledger_block SET data = ? WHERE id = ?",
          arguments: [Data(fixedRecords(entries)), row["id"] as Int64])
      }
    }
    try queue.inDatabase { db in try db.execute(sql: "PRAGMA ignore_check_constraints = OFF") }
    let records = try queue.read { db in
      try Int.fetchOne(
        db, sql: "SELECT count(*) FROM tie_ledger_block WHERE length(data) <> 56 * n")
    }
    #expect(records == 0)
    let before = try queue.read { db in try Row.fetchAll(db, sql: "SELECT * FROM interaction") }
    try queue.close()

    let store = try KithStore(path: path)
    let all = try store.interactions()
    #expect(all.map(\.id) == [1, 2, 3, 7, 8])
    #expect(all.map(\.participants) == [[2, 1], [1, 3, 2], [4, 1], [1, 2], [3, 4]])
    #expect(all[1].initiator == 3)
    #expect(all[1].channel == "phone")
    #expect(all[1].summary == "plans")
    #expect(all[1].followUp == Date(kithSeconds: t0 + 30 * 86_400))
    #expect(all[2].source == "csv:old.csv" && all[2].sourceID == "row:1")
    #expect(all[4].source == "ical:x" && all[4].sourceID == "row:1")
    #expect(try store.interactions(person: 4).map(\.id) == [3, 8])
    #expect(try store.notes().map(\.interaction) == [2])
    try store.writer.read { db in
      // Every column of every row carried over, and the new key filled in.
      let after = try Row.fetchAll(db, sql: "SELECT * FROM interaction ORDER BY id")
      #expect(after.count == before.count)
      for (old, new) in zip(before, after) {
        for column in old.columnNames { #expect(old[column] as DatabaseValue == new[column]) }
        let source: String? = new["source"]
        let sourceID: String? = new["source_id"]
        let key: Int64? = new["source_key"]
        if let source, let sourceID {
          #expect(key == Schema.sourceKey(source: source, sourceID: sourceID))
        } else {
          #expect(key == nil)
        }
      }
      let violations = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
      #expect(violations.isEmpty)
      let indexes = try String.fetchAll(
        db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'interaction'")
      #expect(Set(indexes) == ["interaction_initiator"])
      // Migration v8 packed the entries in blocks.
      let sources = try SourceBlocks.entries(in: Int64.min...Int64.max, db).sorted { $0.id < $1.id }
      #expect(sources.map(\.id) == [3, 7, 8])
      #expect(
        sources.map(\.key) == [
          Schema.sourceKey(source: "csv:old.csv", sourceID: "row:1"),
          Schema.sourceKey(source: "csv:old.csv", sourceID: "row:2"),
          Schema.sourceKey(source: "ical:x", sourceID: "row:1"),
        ])
    }

    // Imported rows are recognised after the migration: by the store and by a re-import.
    let again = try store.addInteraction(
      Interaction(
        time: Date(kithSeconds: t0), kind: .email, participants: [1, 4], source: "csv:old.csv",
        sourceID: "row:2"))
    #expect(again.id == 7)
    var batch = ImportBatch(source: "csv:old.csv", path: "old.csv")
    batch.people = [
      ImportedPerson(key: "one", name: "One", resolution: .reference, location: at(2)),
      ImportedPerson(key: "two", name: "Two", resolution: .reference, location: at(2)),
    ]
    batch.interactions = ["row:1", "row:2", "row:3"].enumerated().map { k, id in
      ImportedInteraction(
        sourceID: id, time: Date(kithSeconds: t0 + 10 * 86_400), kind: .message,
        participants: [.record("one"), .record("two")], location: at(k + 2))
    }
    let summary = try store.importBatch(batch, options: ImportOptions(ego: 1))
    #expect(summary.interactions.unchanged == 2)
    #expect(summary.interactions.added == 1)
    #expect(try store.counts().interactions == 6)

    // The ledger carried over matches one rebuilt from the migrated rows, and the triggers
    // came back with the table: removing a person updates interactions and participant rows.
    let carried = try storedLedger(store)
    try store.writer.write { db in try Ledger.rebuild(db) }
    let rebuilt = try storedLedger(store)
    // 1–2, 1–3, 2–3, 1–4, 3–4. The imported row's One and Two are people 1 and 2: this
    // hand-made v4 store has no lookup keys, which migration v15 writes for every person.
    #expect(carried.count == 5)
    #expect(carried.keys == rebuilt.keys)
    for (key, acc) in carried {
      let other = try #require(rebuilt[key])
      #expect(acc.count == other.count && acc.first == other.first && acc.last == other.last)
      #expect(abs(acc.strengthAtLast - other.strengthAtLast) < 1e-12)
      #expect(abs(acc.peakDecaying - other.peakDecaying) < 1e-12)
    }
    try store.removePerson(id: 3)
    let left = try store.interactions()
    #expect(left.map(\.id) == [1, 2, 3, 7, 9])
    #expect(left[1].participants == [1, 2])
    #expect(try store.interactions(person: 3).isEmpty)
    let orphans = try store.writer.read { db in
      (
        try Int.fetchOne(
          db, sql: "SELECT count(*) FROM interaction_participant WHERE interaction_id = 8"),
        try SourceBlocks.entries(in: Int64.min...Int64.max, db).filter { $0.id == 8 }.count
      )
    }
    #expect(orphans.0 == 0 && orphans.1 == 0)
  }
}

private func at(_ line: Int) -> KithImport.SourceLocation {
  KithImport.SourceLocation(path: "in.csv", line: line, column: 1)
}
