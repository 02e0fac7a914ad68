import Foundation
import GRDB
import KithGraph
import KithImport
import KithTestSupport
import Testing

@testable import KithStore

// Migration v6 keeps each person's interaction ids in blocks (`participation_block`) instead of
// a row per participant, and the latest interaction time in `meta` instead of an index. Both
// derive from the interactions: these tests check them against the interactions' own
// participants and times after every kind of write — bulk and single inserts, blocks that
// fill and split, ids that arrive out of order, merges, removals — and on a store migrated
// from schema v5.

@Suite("Participation blocks and the latest interaction time (migration v6)")
struct ParticipationTests {
  @Test("blocks list each person's interactions exactly, across batches, splits and late ids")
  func blocksFollowInserts() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let n = 60
    let people = (1...n).map { Person(id: Int64($0), handle: "p-\($0)", name: "Person \($0)") }
    try store.importBackup(Backup(people: people))
    var rng = SeededGenerator(seed: 11)
    let t0: Int64 = 1_700_000_000
    func random(_ count: Int) -> [Interaction] {
      (0..<count).map { _ in
        // Person 1 takes part in about half: more ids than two blocks hold.
        var participants: [Int64] = Bool.random(using: &rng) ? [1] : []
        let size = Int.random(in: 2...4, using: &rng)
        while participants.count < size {
          let p = Int64.random(in: 2...Int64(n), using: &rng)
          if !participants.contains(p) { participants.append(p) }
        }
        participants.shuffle(using: &rng)
        return Interaction(
          time: Date(kithSeconds: t0 + Int64.random(in: 0..<(300 * 86_400), using: &rng)),
          kind: .meeting, participants: participants)
      }
    }
    // An id far ahead leaves a gap that a later record with its own id fills: that person's
    // new id is below the last one stored.
    _ = try store.addInteraction(
      Interaction(
        id: 5_000, time: Date(kithSeconds: t0), kind: .call, participants: [1, 2]))
    try expectBlocksMatch(store)
    _ = try store.addInteractions(random(900))
    try expectBlocksMatch(store)
    for interaction in random(40) { _ = try store.addInteraction(interaction) }
    try expectBlocksMatch(store)
    _ = try store.addInteractions(random(700))
    _ = try store.addInteraction(
      Interaction(id: 7, time: Date(kithSeconds: t0 + 5), kind: .call, participants: [3, 1, 2]))
    _ = try store.addInteractions([
      Interaction(id: 9, time: Date(kithSeconds: t0 + 6), kind: .video, participants: [2, 4])
    ])
    try expectBlocksMatch(store)
    let hubBlocks = try store.read { db in
      try Int.fetchOne(db, sql: "SELECT count(*) FROM participation_block WHERE person_id = 1")
        ?? 0
    }
    #expect(hubBlocks >= 2)
    // Through the view and through the store's API, in time order.
    let hub = try store.interactions(person: 1)
    #expect(hub.allSatisfy { $0.participants.contains(1) })
    #expect(hub.count == (try store.interactions().filter { $0.participants.contains(1) }.count))
    #expect(try store.removalImpact(ofPerson: 1).interactions == hub.count)
  }

  @Test("a large batch, sorted on another thread while its rows are written, stores the same")
  func largeBatch() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let n = 400
    let people = (1...n).map { Person(id: Int64($0), handle: "p-\($0)", name: "Person \($0)") }
    try store.importBackup(Backup(people: people))
    var rng = SeededGenerator(seed: 23)
    let t0: Int64 = 1_700_000_000
    var history = History()
    history.people = people.map(\.id)
    // Above `Ledger.preloadThreshold`, in random time order: many pairs' events need ordering.
    let count = Ledger.preloadThreshold + 2_500
    let kinds = InteractionKind.allCases
    let interactions = (0..<count).map { _ in
      var participants: [Int64] = []
      let size = Int.random(in: 0..<10, using: &rng) == 0 ? 4 : 2
      while participants.count < size {
        let p = Int64.random(in: 1...Int64(n), using: &rng)
        if !participants.contains(p) { participants.append(p) }
      }
      return Interaction(
        time: Date(kithSeconds: t0 + Int64.random(in: 0..<(200 * 86_400), using: &rng)),
        kind: kinds[Int.random(in: kinds.indices, using: &rng)], participants: participants)
    }
    _ = try store.addInteraction(interactions[0])
    let stored = try store.addInteractions(Array(interactions[1...]))
    #expect(stored.map(\.id) == Array(2...Int64(count)))
    #expect(stored.map(\.participants) == interactions[1...].map(\.participants))
    history.interactions = interactions.map {
      RawInteraction(time: KithTime.seconds($0.time), kind: $0.kind, participants: $0.participants)
    }
    try expectBlocksMatch(store)
    let latest = try #require(history.latest)
    let (snapshot, source) = try store.snapshotWithSource(asOf: Date(kithSeconds: latest))
    #expect(source == .ledger)
    let diff = mismatches(snapshot, history.expected(settings: .default, asOf: latest))
    #expect(diff.isEmpty, "\(diff.prefix(5))")
  }

  @Test("a large import, sorted on another thread while its rows are written, stores the same")
  func largeImport() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let me = try store.initialise(me: "Me")
    let n = 300
    var batch = ImportBatch(source: "csv:big.csv", path: "big.csv")
    batch.people = (1...n).map {
      ImportedPerson(
        key: "k\($0)", name: "Person \($0)", resolution: .reference,
        location: KithImport.SourceLocation(path: "big.csv", line: 1, column: 1))
    }
    var rng = SeededGenerator(seed: 31)
    let t0: Int64 = 1_700_000_000
    let count = Ledger.preloadThreshold + 1_000
    batch.interactions = (0..<count).map { k in
      let other = Int.random(in: 1...n, using: &rng)
      var participants: [PersonReference] = [.me, .record("k\(other)")]
      if k % 5 == 0 { participants.append(.record("k\(other % n + 1)")) }
      return ImportedInteraction(
        sourceID: "row:\(k)",
        time: Date(kithSeconds: t0 + Int64.random(in: 0..<(90 * 86_400), using: &rng)),
        kind: .email, participants: participants,
        location: KithImport.SourceLocation(path: "big.csv", line: k + 2, column: 1))
    }
    let summary = try store.importBatch(batch)
    #expect(summary.interactions.added == count)
    try expectBlocksMatch(store)
    #expect(try store.interactions(person: me.id).count == count)
    // The ledger equals one rebuilt from the stored rows.
    let latest = try #require(try store.latestEventTime())
    let fromLedger = try store.snapshotWithSource(asOf: latest)
    #expect(fromLedger.source == .ledger)
    try store.writer.write { db in try Ledger.rebuild(db) }
    let rebuilt = try store.snapshot(asOf: latest)
    let kept = fromLedger.snapshot
    #expect(kept.offsets == rebuilt.offsets && kept.neighbors == rebuilt.neighbors)
    #expect(kept.tieCount == rebuilt.tieCount)
    #expect(kept.tieStrength == rebuilt.tieStrength && kept.tiePeak == rebuilt.tiePeak)
    // Importing the file again changes nothing.
    let again = try store.importBatch(batch)
    #expect(again.interactions.added == 0 && again.interactions.unchanged == count)
    try expectBlocksMatch(store)
  }

  @Test("id lists are written as JSON arrays, extremes included, and read back")
  func idText() {
    var rng = SeededGenerator(seed: 5)
    var cases: [[Int64]] = [[], [0], [Int64.min, Int64.max, -1, 9, 10, 99, 100]]
    for _ in 0..<2_000 {
      let n = Int.random(in: 0...6, using: &rng)
      cases.append(
        (0..<n).map { _ in
          let digits = Int64.random(in: 0...18, using: &rng)
          var bound: Int64 = 1
          for _ in 0..<digits { bound *= 10 }
          return Int64.random(in: -bound...bound, using: &rng)
        })
    }
    var parsed: [Int64] = []
    for ids in cases {
      var out: [UInt8] = [UInt8(ascii: "x")]
      Ledger.packParticipants(ids, into: &out)
      #expect(
        String(decoding: out, as: UTF8.self) == "x[\(ids.map(String.init).joined(separator: ","))]")
      out.removeFirst()
      out.withUnsafeBytes { Ledger.parseParticipants($0, into: &parsed) }
      #expect(parsed == ids)
    }
    var more: [UInt8] = Array("[1".utf8)
    Participations.appendIDs(
      [2, 30], to: &more, prefix: UInt8(ascii: ","), suffix: UInt8(ascii: "]"))
    #expect(String(decoding: more, as: UTF8.self) == "[1,2,30]")
  }

  @Test("merging and removing people keeps blocks and the latest time in step")
  func blocksFollowMergeAndRemoval() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let people = (1...8).map { Person(id: Int64($0), handle: "p-\($0)", name: "Person \($0)") }
    try store.importBackup(Backup(people: people))
    let t0: Int64 = 1_700_000_000
    func at(_ days: Int64, _ participants: [Int64]) -> Interaction {
      Interaction(
        time: Date(kithSeconds: t0 + days * 86_400), kind: .meeting, participants: participants)
    }
    _ = try store.addInteractions([
      at(0, [1, 2]), at(1, [2, 3, 4]), at(2, [1, 3]), at(3, [3, 4]), at(4, [5, 6, 3]),
      at(5, [2, 3]), at(6, [7, 8]), at(9, [8, 4]),
    ])
    try expectBlocksMatch(store)
    #expect(try store.latestEventTime() == Date(kithSeconds: t0 + 9 * 86_400))
    // 2 and 3 together: alone in day 5's (dropped), among others in day 1's (3 leaves).
    let summary = try store.mergePeople(keep: 2, remove: 3)
    #expect(summary.dropped >= 1)
    try expectBlocksMatch(store)
    #expect(try store.interactions(person: 3).isEmpty)
    #expect(try store.interactions(person: 2).map(\.participants).contains([5, 6, 2]))
    // Removing the only people of the latest interaction lowers the latest time.
    try store.removePerson(id: 8)
    try expectBlocksMatch(store)
    #expect(try store.latestEventTime() == Date(kithSeconds: t0 + 4 * 86_400))
    let (_, source) = try store.snapshotWithSource(asOf: Date(kithSeconds: t0 + 4 * 86_400))
    #expect(source == .ledger)
  }

  @Test("the latest interaction time rises with inserts and answers snapshots")
  func latestTime() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    try store.importBackup(
      Backup(people: (1...3).map { Person(id: Int64($0), handle: "p-\($0)", name: "P \($0)") }))
    #expect(try store.latestEventTime() == nil)
    let t0: Int64 = 1_700_000_000
    _ = try store.addInteraction(
      Interaction(time: Date(kithSeconds: t0 + 100), kind: .call, participants: [1, 2]))
    // An earlier interaction does not lower it.
    _ = try store.addInteractions([
      Interaction(time: Date(kithSeconds: t0), kind: .call, participants: [2, 3])
    ])
    #expect(try store.latestEventTime() == Date(kithSeconds: t0 + 100))
    let (_, before) = try store.snapshotWithSource(asOf: Date(kithSeconds: t0 + 99))
    #expect(before == .interactions)
    let (_, at) = try store.snapshotWithSource(asOf: Date(kithSeconds: t0 + 100))
    #expect(at == .ledger)
  }

  @Test("a store from schema v5 migrates its participant rows into blocks")
  func migrationFromV5() throws {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("v5.sqlite")
    let t0: Int64 = 1_700_000_000
    // Person 1 takes part in 1,100 interactions (three blocks); 2–4 in some of them.
    var sql = """
      INSERT INTO person (id, handle, name) VALUES
        (1, 'p-1', 'One'), (2, 'p-2', 'Two'), (3, 'p-3', 'Three'), (4, 'p-4', 'Four');

      """
    var expected: [Int64: [Int64]] = [:]
    for id in 1...1_100 {
      let participants: [Int64] = [1, Int64(2 + id % 3)] + (id % 7 == 0 ? [4] : [])
      let unique = Array(Set(participants)).sorted()
      sql += """
        INSERT INTO interaction (id, time, kind, participant_count, participants) VALUES \
        (\(id), \(t0 + Int64(id) * 60), 'call', \(unique.count), \
        '[\(unique.map(String.init).joined(separator: ","))]');

        """
      for (position, p) in unique.enumerated() {
        sql += """
          INSERT INTO interaction_participant (person_id, interaction_id, position) VALUES \
          (\(p), \(id), \(position));

          """
        expected[p, default: []].append(Int64(id))
      }
    }
    try KithStore.createDatabase(path: path, upTo: "v5-interaction-write-path", sql: sql)
    let store = try KithStore(path: path)
    try expectBlocksMatch(store)
    let byPerson = try store.read { db in
      var byPerson: [Int64: [Int64]] = [:]
      for row in try Row.fetchAll(
        db,
        sql: "SELECT person_id, interaction_id FROM interaction_participant ORDER BY 1, 2")
      {
        byPerson[row["person_id"], default: []].append(row["interaction_id"])
      }
      return byPerson
    }
    #expect(byPerson == expected)
    try store.read { db in
      #expect(
        try Int.fetchOne(
          db, sql: "SELECT count(*) FROM participation_block WHERE person_id = 1") == 3)
      let indexes = try String.fetchAll(
        db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'interaction'")
      #expect(indexes == ["interaction_initiator"])
      let triggers = try String.fetchAll(
        db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
      // Migration v8 dropped the trigger that removed source entries (`SourceBlocks`).
      #expect(triggers == ["person_delete_participation"])
    }
    #expect(try store.latestEventTime() == Date(kithSeconds: t0 + 1_100 * 60))
    // The trigger that came back removes a deleted person from the interactions' participants.
    try store.removePerson(id: 4)
    #expect(try store.interactions().allSatisfy { !$0.participants.contains(4) })
    try expectBlocksMatch(store)
  }
}

/// Checks that the participation blocks hold exactly each person's interactions as the
/// interactions' participants name them, ascending, in well-formed blocks, and that the
/// latest interaction time is the interactions' latest.
private func expectBlocksMatch(
  _ store: KithStore, sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws {
  try store.read { db in
    var expected: [Int64: [Int64]] = [:]
    var latest: Int64? = nil
    var participants: [Int64] = []
    for row in try Row.fetchAll(db, sql: "SELECT id, time, participants FROM interaction") {
      var text: String = row["participants"]
      text.withUTF8 { Ledger.parseParticipants(UnsafeRawBufferPointer($0), into: &participants) }
      for p in participants { expected[p, default: []].append(row["id"]) }
      latest = max(latest ?? .min, row["time"])
    }
    for p in expected.keys { expected[p]?.sort() }
    var actual: [Int64: [Int64]] = [:]
    var ids: [Int64] = []
    for row in try Row.fetchAll(
      db, sql: "SELECT person_id, lo, hi, n, ids FROM participation_block ORDER BY person_id, lo")
    {
      var text: String = row["ids"]
      text.withUTF8 { Ledger.parseParticipants(UnsafeRawBufferPointer($0), into: &ids) }
      let person: Int64 = row["person_id"]
      #expect(ids.count == row["n"] as Int, sourceLocation: sourceLocation)
      #expect(ids.count <= Participations.maxBlock, sourceLocation: sourceLocation)
      #expect(ids.first == row["lo"] && ids.last == row["hi"], sourceLocation: sourceLocation)
      #expect(ids == ids.sorted(), sourceLocation: sourceLocation)
      if let previous = actual[person]?.last {
        #expect(previous < ids[0], sourceLocation: sourceLocation)
      }
      actual[person, default: []].append(contentsOf: ids)
    }
    #expect(actual == expected, sourceLocation: sourceLocation)
    #expect(try Ledger.latestInteractionTime(db) == latest, sourceLocation: sourceLocation)
  }
}
