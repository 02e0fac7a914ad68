import Foundation
import GRDB
import KithGraph
import KithImport
import KithTestSupport
import Testing

@testable import KithStore

// A large import or insert writes its dirtied pages to the WAL before its commit and syncs the
// file on another thread while it finishes (`_WALPresync`). Those frames belong to an open
// transaction: these tests check that no reader sees them, that a transaction refused after
// them leaves the store exactly as it was (in this process and when the file is opened again),
// and that the store goes on working.

@Suite("A large write's WAL written and synced before its commit")
struct WALPresyncTests {
  private func walSize(_ store: KithStore) -> Int {
    let attributes = try? FileManager.default.attributesOfItem(atPath: store.path + "-wal")
    return (attributes?[.size] as? Int) ?? 0
  }

  private func settingCount(_ store: KithStore) throws -> Int {
    try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM setting") ?? -1 }
  }

  private struct Refused: Error {}

  @Test(
    "flushed pages reach the WAL before the commit, unseen by readers, and a rollback drops them")
  func flushedPagesStayUncommitted() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    _ = try store.initialise(me: "Me")
    try store.checkpoint()
    // Another connection pool on the same file, opened before the write takes its lock.
    let other = try KithStore(path: store.path)
    let settings = try settingCount(store)
    let walBefore = walSize(store)
    let value = String(repeating: "v", count: 1_000)
    #expect(throws: StoreError.self) {
      try store.write { db in
        for k in 0..<2_000 {
          try db.execute(
            sql: "INSERT INTO setting (key, value) VALUES (?, ?)", arguments: ["k\(k)", value])
        }
        let presync = try _WALPresync.start(db)
        #expect(presync != nil)
        presync?.wait()
        // About 2 MB of rows are in the WAL file while the transaction is still open.
        #expect(walSize(store) > walBefore + 1_500_000)
        #expect(try settingCount(other) == settings)
        throw Refused()
      }
    }
    #expect(try settingCount(store) == settings)
    #expect(try settingCount(other) == settings)
    // The store writes and checkpoints as before.
    try store.setSetting(key: "half-life-days", value: "90")
    try store.checkpoint()
    #expect(try settingCount(KithStore(path: store.path)) == settings + 1)
  }

  @Test("a database without a WAL file has nothing to sync")
  func inMemoryDatabase() throws {
    let queue = try DatabaseQueue()
    let presync = try queue.write { db in
      try db.execute(sql: "CREATE TABLE t (x)")
      return try _WALPresync.start(db)
    }
    #expect(presync == nil)
  }

  /// A large import (its rows go to the WAL before the rest: `RowPipelineTests.batch`) with a
  /// tie at the end, from k1 to `other`: the store refuses a tie of k1 with k1, after every row
  /// was written.
  private func batch(tieTo other: String) -> ImportBatch {
    let count = Ledger.preloadThreshold + 2_000
    var batch = RowPipelineTests.batch(count: count, bad: nil)
    batch.ties = [
      ImportedTie(
        sourceID: "tie:1", a: .record("k1"), b: .record(other), weight: 0.5,
        location: KithImport.SourceLocation(path: "late.csv", line: count + 2, column: 1))
    ]
    return batch
  }

  @Test("an import refused after its rows reached the WAL changes nothing, here or when reopened")
  func importRefusedAfterPresync() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    _ = try store.initialise(me: "Me")
    let before = try RowPipelineTests.footprint(store)
    let walBefore = walSize(store)
    do {
      _ = try store.importBatch(batch(tieTo: "k1"))
      Issue.record("the import should have been refused")
    } catch {
      guard case .rejectedRecord(let problem) = error else {
        Issue.record("unexpected error \(error)")
        return
      }
      #expect(problem.description.contains("late.csv:\(Ledger.preloadThreshold + 2_002)"))
    }
    // The rows were written to the WAL (it grew by far more than the small store it held)…
    #expect(walSize(store) > walBefore + 500_000)
    // …and none of them is part of the store.
    #expect(try RowPipelineTests.footprint(store) == before)
    #expect(try RowPipelineTests.footprint(KithStore(path: store.path)) == before)
    let summary = try store.importBatch(batch(tieTo: "k2"))
    #expect(summary.interactions.added == Ledger.preloadThreshold + 2_000)
    #expect(summary.ties.added == 1)
    try store.checkpoint()
    let reopened = try RowPipelineTests.footprint(KithStore(path: store.path))
    #expect(reopened["interaction"] == Ledger.preloadThreshold + 2_000)
    #expect(reopened["explicit_tie"] == 1)
  }
}
