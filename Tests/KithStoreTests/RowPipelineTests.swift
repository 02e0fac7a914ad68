import Foundation
import GRDB
import KithGraph
import KithImport
import KithTestSupport
import Testing

@testable import KithStore

// A large insert or import writes its interaction rows on another thread while the calling
// one numbers and adds the next interactions (`_InteractionRowPipeline`). By the time a bad
// record late in the batch is found, thousands of rows are in the transaction: these tests
// check that a failure on either thread leaves the store exactly as it was, that skipping
// keeps every other row, and that the store is usable afterwards.

@Suite("Interaction rows written on another thread")
struct RowPipelineTests {
  /// Rows and blocks in every table an interaction insert or import writes.
  static func footprint(_ store: KithStore) throws -> [String: Int] {
    try store.read { db in
      var counts: [String: Int] = [:]
      for table in [
        "person", "person_key", "interaction", "participation_block", "tie_ledger_block",
        "import_source", "explicit_tie",
      ] {
        counts[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? -1
      }
      counts["sources"] = try Int.fetchOne(db, sql: "SELECT sum(n) FROM interaction_source_block")
      counts["latest"] = try Int.fetchOne(
        db, sql: "SELECT count(*) FROM meta WHERE key = 'latest-interaction-time'")
      return counts
    }
  }

  /// An import of `count` interactions with 40 people; the one at `bad` (if any) is dated in
  /// 2500, which the store refuses.
  static func batch(count: Int, bad: Int?) -> ImportBatch {
    var batch = ImportBatch(source: "csv:late.csv", path: "late.csv")
    batch.people = (1...40).map {
      ImportedPerson(
        key: "k\($0)", name: "Person \($0)", resolution: .reference,
        location: KithImport.SourceLocation(path: "late.csv", line: 1, column: 1))
    }
    let t0: Int64 = 1_700_000_000
    batch.interactions = (0..<count).map { k in
      ImportedInteraction(
        sourceID: "row:\(k)",
        time: Date(kithSeconds: k == bad ? 16_725_225_600 : t0 + Int64(k) * 60),
        kind: .call, participants: [.me, .record("k\(k % 40 + 1)")],
        location: KithImport.SourceLocation(path: "late.csv", line: k + 2, column: 1))
    }
    return batch
  }

  /// `count` meetings of two of 30 people, a second apart from `t0`.
  private func meetings(_ count: Int, from t0: Int64) -> [Interaction] {
    (0..<count).map { (k: Int) -> Interaction in
      let a = Int64(k % 30 + 1)
      let b = Int64((k + 7) % 30 + 1)
      return Interaction(
        time: Date(kithSeconds: t0 + Int64(k)), kind: .meeting, participants: [a, b])
    }
  }

  @Test("an import refused late, after rows were written on the other thread, changes nothing")
  func importRefusedLate() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    _ = try store.initialise(me: "Me")
    let before = try Self.footprint(store)
    let count = Ledger.preloadThreshold + 3_000
    let bad = count - 100
    #expect(bad > 4 * _InteractionWriter.pipelineChunk)
    do {
      _ = try store.importBatch(Self.batch(count: count, bad: bad))
      Issue.record("the import should have been refused")
    } catch {
      guard case .rejectedRecord(let problem) = error else {
        Issue.record("unexpected error \(error)")
        return
      }
      #expect(problem.description.contains("late.csv:\(bad + 2)"), "\(problem)")
    }
    #expect(try Self.footprint(store) == before)
    // The store takes the same file once the record is mended.
    let summary = try store.importBatch(Self.batch(count: count, bad: nil))
    #expect(summary.interactions.added == count)
    #expect(try Self.footprint(store)["interaction"] == count)
  }

  @Test("skipping the refused record keeps every other row")
  func importSkipsLateRecord() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let me = try store.initialise(me: "Me")
    let count = Ledger.preloadThreshold + 3_000
    let bad = count - 100
    let summary = try store.importBatch(
      Self.batch(count: count, bad: bad), options: ImportOptions(skipInvalid: true))
    #expect(summary.interactions.added == count - 1)
    #expect(summary.interactions.skipped == 1)
    #expect(summary.skipped.map(\.description).contains { $0.contains("late.csv:\(bad + 2)") })
    let stored = try store.interactions(person: me.id)
    #expect(stored.count == count - 1)
    #expect(Set(stored.map(\.id)) == Set(1...Int64(count - 1)))
    #expect(try Self.footprint(store)["sources"] == count - 1)
  }

  @Test("a large insert naming nobody late changes nothing")
  func insertRefusedLate() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let people = (1...30).map { Person(id: Int64($0), handle: "p-\($0)", name: "Person \($0)") }
    try store.importBackup(Backup(people: people))
    let before = try Self.footprint(store)
    let count = Ledger.preloadThreshold + 2_000
    var interactions = meetings(count, from: 1_700_000_000)
    interactions[count - 10].participants = [1, 999]
    #expect(throws: StoreError.self) { try store.addInteractions(interactions) }
    #expect(try Self.footprint(store) == before)
    interactions[count - 10].participants = [1, 2]
    let stored = try store.addInteractions(interactions)
    #expect(stored.map { $0.id } == Array(1...Int64(count)))
  }

  @Test("a row refused by SQLite on the writing thread stops the insert and changes nothing")
  func writerThreadFails() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let people = (1...30).map { Person(id: Int64($0), handle: "p-\($0)", name: "Person \($0)") }
    try store.importBackup(Backup(people: people))
    let count = Ledger.preloadThreshold + 2_000
    let t0: Int64 = 1_700_000_000
    // A row far past the first chunk, refused by a trigger of the writing connection.
    let refused = t0 + Int64(3 * _InteractionWriter.pipelineChunk + 5)
    try store.writer.write { db in
      try db.execute(
        sql: """
          CREATE TEMP TRIGGER refuse BEFORE INSERT ON interaction WHEN new.time = \(refused)
          BEGIN SELECT RAISE(ABORT, 'refused on purpose'); END
          """)
    }
    let before = try Self.footprint(store)
    let interactions = meetings(count, from: t0)
    do {
      _ = try store.addInteractions(interactions)
      Issue.record("the insert should have failed")
    } catch {
      #expect("\(error)".contains("refused on purpose"), "\(error)")
    }
    #expect(try Self.footprint(store) == before)
    try store.writer.write { db in try db.execute(sql: "DROP TRIGGER temp.refuse") }
    let stored = try store.addInteractions(interactions)
    #expect(stored.count == count)
    #expect(try Self.footprint(store)["interaction"] == count)
  }
}

@Suite("Interaction rows of a large import, written on another thread")
struct PipelinedImportRowsTests {
  /// A large import whose rows give any mix of initiator, channel, summary and follow-up, in
  /// runs, so that its statements name different optional columns: every row reads back with
  /// what it gave, its source and its source id; a refused import leaves CHECK constraints on.
  @Test("rows with any mix of optional fields read back as imported")
  func mixedOptionalFields() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let me = try store.initialise(me: "Me")
    var generator = SeededGenerator(seed: 11)
    let location = KithImport.SourceLocation(path: "mixed.csv", line: 1, column: 1)
    var batch = ImportBatch(source: "csv:mixed.csv", path: "mixed.csv")
    batch.people = (1...20).map {
      ImportedPerson(
        key: "k\($0)", name: "Person \($0)", resolution: .reference, location: location)
    }
    let t0: Int64 = 1_700_000_000
    while batch.interactions.count < Ledger.preloadThreshold + 1_500 {
      let detailed = Bool.random(using: &generator)
      for _ in 0..<Int.random(in: 1...300, using: &generator) {
        let k = batch.interactions.count
        var row = ImportedInteraction(
          sourceID: "row:\(k)", time: Date(kithSeconds: t0 + Int64(k) * 60),
          kind: InteractionKind.allCases.randomElement(using: &generator)!,
          participants: [.me, .record("k\(k % 20 + 1)")],
          location: KithImport.SourceLocation(path: "mixed.csv", line: k + 2, column: 1))
        if detailed {
          if Bool.random(using: &generator) { row.initiator = .me }
          if Bool.random(using: &generator) { row.channel = "phone" }
          if Bool.random(using: &generator) { row.summary = "about \(k)" }
          if Bool.random(using: &generator) { row.followUp = Date(kithSeconds: t0 + 86_400) }
        }
        batch.interactions.append(row)
      }
    }
    let summary = try store.importBatch(batch)
    #expect(summary.interactions.added == batch.interactions.count)
    let read = try store.interactions(person: me.id).sorted { $0.id < $1.id }
    #expect(read.count == batch.interactions.count)
    for (got, sent) in zip(read, batch.interactions) {
      let initiator: Int64? = sent.initiator == nil ? nil : me.id
      var same = got.time == sent.time && got.kind == sent.kind && got.initiator == initiator
      same = same && got.channel == sent.channel && got.summary == sent.summary
      same = same && got.followUp == sent.followUp && got.sourceID == sent.sourceID
      same = same && got.source == "csv:mixed.csv" && got.participants.count == 2
      if !same || !got.participants.contains(me.id) {
        Issue.record("\(got) was imported from \(sent)")
        break
      }
    }
    // Importing it again finds every row by its source id.
    let again = try store.importBatch(batch)
    #expect(again.interactions.added == 0)
    #expect(again.interactions.unchanged == batch.interactions.count)
    // A refused large import (its rows were written) leaves CHECK constraints on.
    var refused = batch
    refused.source = "csv:refused.csv"
    refused.interactions[refused.interactions.count - 5].time = Date(kithSeconds: 16_725_225_600)
    #expect(throws: StoreError.self) { try store.importBatch(refused) }
    #expect(try !store.acceptsBogusKind())
  }
}

extension KithStore {
  /// Whether the store takes an interaction of an unknown kind: false while the table's CHECK
  /// constraints are enforced (the row pipeline turns them off only while it writes).
  func acceptsBogusKind() throws -> Bool {
    do {
      try writer.write { db in
        try db.execute(
          sql: """
            INSERT INTO interaction (time, kind, participant_count, participants)
            VALUES (0, 'bogus', 2, '[1,2]')
            """)
      }
      return true
    } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
      return false
    }
  }
}
