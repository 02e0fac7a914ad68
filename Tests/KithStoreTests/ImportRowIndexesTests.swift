import Foundation
import GRDB
import KithGraph
import KithImport
import KithTestSupport
import Testing

@testable import KithStore

// A large import tells new interactions from re-imported ones with `_SourceIDGroups` and resolves
// the participant lists its rows share once (`_ParticipantLists`). Both must give exactly what
// the plain `Set<String>` and the per-row resolution gave.

@Suite("Import row indexes")
struct ImportRowIndexesTests {
  @Test(
    "the source id groups say what a Set<String> filled row by row said, digests colliding or not",
    arguments: [UInt64.max, 0x3, 0])
  func sourceIDGroupsMatchASet(keyMask: UInt64) {
    var rng = SeededGenerator(seed: 17 &+ keyMask)
    let pool = (0..<300).map { "row:\($0 * 7919 % 1000)|\($0 % 3)" }
    for round in 0..<20 {
      let records = (0..<(50 + round * 20)).map { _ in pool.randomElement(using: &rng)! }
      let stored = Array(Set((0..<(round % 4 * 15)).map { _ in pool.randomElement(using: &rng)! }))
      var groups = _SourceIDGroups(
        source: "csv:a.csv", count: records.count, id: { records[$0] }, stored: stored,
        keyMask: keyMask)
      // The same, given the records' keys as a large import computes them ahead.
      let digest = Schema.sourceDigest("csv:a.csv")
      var given = _SourceIDGroups(
        source: "csv:a.csv", count: records.count, id: { records[$0] }, stored: stored,
        recordKeys: records.map { Schema.sourceKey(sourceDigest: digest, sourceID: $0) },
        keyMask: keyMask)
      // The model: a set of the stored ids and those added; some records are refused when
      // added (not inserted), so that a later one with their id stands in for them.
      var model = Set(stored)
      for (k, id) in records.enumerated() {
        #expect(groups.isNew(k) == !model.contains(id), "round \(round), record \(k)")
        #expect(given.isNew(k) == !model.contains(id), "round \(round), record \(k), keys given")
        if groups.isNew(k) && Int.random(in: 0..<4, using: &rng) > 0 {
          groups.markAdded(k)
          if given.isNew(k) { given.markAdded(k) }
          model.insert(id)
        }
      }
    }
  }

  @Test("a record's kept ids are those remembered for its own list, shared or not")
  func participantListsNeverMix() {
    var rng = SeededGenerator(seed: 5)
    // 40 shared lists, and records with a list of their own equal to a shared one.
    let shared: [[PersonReference]] = (0..<40).map { [.me, .record("k\($0)")] }
    var records: [[PersonReference]] = []
    var owner: [Int] = []  // which shared list's content each record has
    for _ in 0..<2_000 {
      let s = Int.random(in: 0..<40, using: &rng)
      owner.append(s)
      records.append(Int.random(in: 0..<5, using: &rng) == 0 ? shared[s].map { $0 } : shared[s])
    }
    records.append((0..<6).map { .record("long\($0)") })
    owner.append(-1)
    var lists = _ParticipantLists(count: records.count) { records[$0] }
    /// The kept ids, read into a scratch array as the import reads them; a miss leaves the
    /// scratch array as it was.
    func ids(_ record: Int) -> [Int64]? {
      var out: [Int64] = [-7]
      guard lists.copyIDs(record: record, into: &out) else {
        #expect(out == [-7])
        return nil
      }
      return out
    }
    // The resolution a record's list gets: its shared list's number, and its own storage
    // when it has one, so that a mix-up between lists would show.
    func resolved(_ record: Int) -> [Int64] {
      let own = records[record].withUnsafeBufferPointer { $0.baseAddress }
      let isShared = shared[owner[record]].withUnsafeBufferPointer { $0.baseAddress } == own
      return [1, Int64(owner[record] + 2), isShared ? 0 : Int64(record + 1_000)]
    }
    var hits = 0
    var misses = 0
    for record in 0..<(records.count - 1) {
      if let found = ids(record) {
        hits += 1
        #expect(found == resolved(record), "record \(record)")
      } else {
        misses += 1
        lists.remember(resolved(record), record: record)
        #expect(ids(record) == resolved(record))
      }
    }
    // Each shared list missed once; each list of a record's own missed once.
    #expect(hits > 1_000)
    #expect(misses == 40 + records.indices.dropLast().filter { resolved($0)[2] != 0 }.count)
    // Lists longer than a slot holds are not kept.
    lists.remember(Array(1...6), record: records.count - 1)
    #expect(ids(records.count - 1) == nil)
    // Lists not numbered never answer.
    var none = _ParticipantLists()
    none.remember([1, 2], record: 0)
    var out: [Int64] = []
    #expect(!none.copyIDs(record: 0, into: &out))
  }

  /// A batch of `count` rows whose participant lists are shared (as the CSV reader shares
  /// them), one per row, or name a person who is not in the batch; some rows repeat an id.
  private func batch(count: Int) -> ImportBatch {
    var batch = ImportBatch(source: "csv:shared.csv", path: "shared.csv")
    batch.people = (1...60).map {
      ImportedPerson(
        key: "k\($0)", name: "Person \($0)", resolution: .reference,
        location: KithImport.SourceLocation(path: "shared.csv", line: 1, column: 1))
    }
    let shared: [[PersonReference]] = (1...60).map { [.me, .record("k\($0)")] }
    let t0: Int64 = 1_700_000_000
    batch.interactions = (0..<count).map { k in
      let participants: [PersonReference]
      switch k % 5 {
      case 0: participants = [.me, .record("k\(k % 60 + 1)"), .record("k\((k + 9) % 60 + 1)")]
      case 1: participants = [.me, .record("k\(k % 60 + 1)"), .record("missing")]
      default: participants = shared[k % 60]
      }
      return ImportedInteraction(
        sourceID: k % 997 == 5 ? "id:repeated" : "id:\(k)",
        time: Date(kithSeconds: t0 + Int64(k) * 60), kind: .meeting,
        participants: participants,
        location: KithImport.SourceLocation(path: "shared.csv", line: k + 2, column: 1))
    }
    return batch
  }

  /// Every interaction row, as text.
  private func rows(_ store: KithStore) throws -> [String] {
    try store.read { db in
      try Row.fetchAll(
        db,
        sql: "SELECT id, time, participants, source_id, source_key FROM interaction ORDER BY id"
      ).map { "\($0)" }
    }
  }

  @Test("a large import stores what the same records imported in small batches store")
  func largeImportEqualsSmallBatches() throws {
    let count = Ledger.preloadThreshold + 2_500
    let whole = batch(count: count)
    let (large, dir1) = try makeTemporaryStore()
    defer { dir1.remove() }
    let (small, dir2) = try makeTemporaryStore()
    defer { dir2.remove() }
    for store in [large, small] { _ = try store.initialise(me: "Me") }

    let summary = try large.importBatch(whole)
    var parts = 0
    var added = 0
    var unchanged = 0
    for start in stride(from: 0, to: count, by: 4_000) {
      var part = whole
      part.interactions = Array(whole.interactions[start..<min(start + 4_000, count)])
      let s = try small.importBatch(part)
      added += s.interactions.added
      unchanged += s.interactions.unchanged
      parts += 1
    }
    #expect(parts > 1)
    // Rows naming the missing person keep the others; the repeated id is stored once.
    let repeats = (0..<count).filter { $0 % 997 == 5 }.count
    #expect(summary.interactions.added == count - repeats + 1)
    #expect(summary.interactions.unchanged == repeats - 1)
    #expect(added == summary.interactions.added && unchanged == summary.interactions.unchanged)
    #expect(try rows(large) == rows(small))

    // Importing the whole batch again changes nothing.
    let again = try large.importBatch(whole)
    #expect(again.interactions.added == 0)
    #expect(again.interactions.unchanged == count)
    #expect(try rows(large) == rows(small))
  }
}
