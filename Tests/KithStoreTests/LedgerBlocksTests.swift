import Foundation
import KithGraph
import KithTestSupport
import Testing

@testable import KithStore

// The ledger is stored as packed blocks per lower endpoint (migration v4). The random histories
// of LedgerPropertyTests are small; these tests drive the block layout through its edges: a
// hub with more pairs than a block holds (splits), later batches merging into stored blocks,
// back-dated batches, and a store written by the previous schema.

@Suite("Ledger blocks and migration v4")
struct LedgerBlocksTests {
  @Test("a hub with thousands of ties: blocks split, batches merge, back-dated pairs recompute")
  func hubAcrossBatches() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let n = 1_400
    let people = (1...n).map { Person(id: Int64($0), handle: "p-\($0)", name: "Person \($0)") }
    try store.importBackup(Backup(people: people))
    var rng = SeededGenerator(seed: 7)
    var history = History()
    history.people = people.map(\.id)
    let start: Int64 = 1_700_000_000
    let kinds = InteractionKind.allCases
    for batch in 0..<4 {
      var interactions: [Interaction] = []
      for _ in 0..<700 {
        // Person 1 is the hub (the lower endpoint of all its pairs), person n another one
        // (the upper endpoint of all of its pairs).
        let hub: Int64 = Bool.random(using: &rng) ? 1 : Int64(n)
        var other = Int64.random(in: 2..<Int64(n), using: &rng)
        var participants = [hub, other]
        if Int.random(in: 0..<10, using: &rng) == 0 {
          repeat {
            other = Int64.random(in: 2..<Int64(n), using: &rng)
          } while participants
            .contains(other)
          participants.append(other)
        }
        // Times over the whole window in every batch: later batches are partly back-dated.
        let time = start + Int64.random(in: 0..<(400 * 86_400), using: &rng)
        interactions.append(
          Interaction(
            time: Date(timeIntervalSince1970: Double(time)),
            kind: kinds[Int.random(in: kinds.indices, using: &rng)], participants: participants))
      }
      let stored = try store.addInteractions(interactions)
      #expect(stored.count == interactions.count)
      history.interactions += interactions.map {
        RawInteraction(
          time: KithTime.seconds($0.time), kind: $0.kind, participants: $0.participants)
      }
      var ties: [Tie] = []
      for k in 0..<30 {
        let b = Int64.random(in: 2..<Int64(n), using: &rng)
        let time: Int64? =
          k % 3 == 0 ? nil : start + Int64.random(in: 0..<(400 * 86_400), using: &rng)
        ties.append(
          Tie(a: 1, b: b, weight: 0.5, date: time.map { Date(timeIntervalSince1970: Double($0)) }))
      }
      _ = try store.addTies(ties)
      history.ties += ties.map {
        RawTie(a: $0.a, b: $0.b, weight: $0.weight, time: $0.date.map(KithTime.seconds))
      }
      let latest = try #require(history.latest)
      let (snapshot, source) = try store.snapshotWithSource(
        asOf: Date(timeIntervalSince1970: Double(latest)))
      #expect(source == .ledger)
      let expected = history.expected(settings: .default, asOf: latest)
      let diff = mismatches(snapshot, expected)
      #expect(diff.isEmpty, "batch \(batch): \(diff.prefix(5))")
      #expect(try store.counts().ledgerPairs == expected.count)
    }
    // The hub's pairs no longer fit one block.
    let blocks = try store.read { db in
      try Int.fetchOne(db, sql: "SELECT count(*) FROM tie_ledger_block WHERE a = 1") ?? 0
    }
    #expect(blocks > 1)
    // Participants come back in their recorded order, by person and in full.
    let hubInteractions = try store.interactions(person: Int64(n))
    #expect(
      hubInteractions.count
        == history.interactions.filter { $0.participants.contains(Int64(n)) }.count)
    let all = try store.interactions()
    #expect(Set(all.map(\.participants)) == Set(history.interactions.map(\.participants)))
  }

  @Test("a back-dated group meeting recomputes every pair of its participants, ties included")
  func backDatedGroupMeeting() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let n = 80
    let people = (1...n).map { Person(id: Int64($0), handle: "p-\($0)", name: "Person \($0)") }
    try store.importBackup(Backup(people: people))
    var rng = SeededGenerator(seed: 11)
    var history = History()
    history.people = people.map(\.id)
    let start: Int64 = 1_700_000_000
    let kinds = InteractionKind.allCases
    func record(_ interactions: [Interaction]) throws {
      _ = try store.addInteractions(interactions)
      history.interactions += interactions.map {
        RawInteraction(
          time: KithTime.seconds($0.time), kind: $0.kind, participants: $0.participants)
      }
    }
    // A history in which person 1 (you) takes part in everything, then undated and dated
    // explicit ties among some of the people.
    var recent: [Interaction] = []
    for k in 0..<3_000 {
      var participants: [Int64] = [1]
      let size = k % 7 == 0 ? Int.random(in: 3...6, using: &rng) : 2
      while participants.count < size {
        let p = Int64.random(in: 2...Int64(n), using: &rng)
        if !participants.contains(p) { participants.append(p) }
      }
      let time = start + 200 * 86_400 + Int64(k) * 3_600
      recent.append(
        Interaction(
          time: Date(timeIntervalSince1970: Double(time)),
          kind: kinds[k % kinds.count], participants: participants))
    }
    try record(recent)
    let ties = [
      Tie(a: 2, b: 3, weight: 0.5, date: nil),
      Tie(a: 3, b: 2, weight: 0.7, date: Date(timeIntervalSince1970: Double(start))),
      Tie(a: 1, b: 40, weight: 1.5, date: Date(timeIntervalSince1970: Double(start + 86_400))),
    ]
    _ = try store.addTies(ties)
    history.ties += ties.map {
      RawTie(a: $0.a, b: $0.b, weight: $0.weight, time: $0.date.map(KithTime.seconds))
    }
    // Two meetings of 50 people, long before the rest, in one batch: 1,225 pairs each, most of
    // them stored already.
    let meetings = (0..<2).map { m in
      Interaction(
        time: Date(timeIntervalSince1970: Double(start + Int64(m) * 7 * 86_400)),
        kind: .event, participants: (1...50).map { Int64($0 + m * 10) })
    }
    try record(meetings)
    let latest = try #require(history.latest)
    let (snapshot, source) = try store.snapshotWithSource(
      asOf: Date(timeIntervalSince1970: Double(latest)))
    #expect(source == .ledger)
    let expected = history.expected(settings: .default, asOf: latest)
    let diff = mismatches(snapshot, expected)
    #expect(diff.isEmpty, "\(diff.prefix(5))")
    #expect(try store.counts().ledgerPairs == expected.count)
  }

  @Test("Ledger.commonIDs is the intersection of two ascending lists")
  func commonIDs() {
    var rng = SeededGenerator(seed: 5)
    for _ in 0..<200 {
      let x = Set(
        (0..<Int.random(in: 0...60, using: &rng)).map { _ in
          Int64.random(in: 0..<100, using: &rng)
        }
      ).sorted()
      let y = Set(
        (0..<Int.random(in: 0...400, using: &rng)).map { _ in
          Int64.random(in: 0..<500, using: &rng)
        }
      ).sorted()
      let expected = Set(x).intersection(y).sorted()
      #expect(Ledger.commonIDs(x, y) == expected)
      #expect(Ledger.commonIDs(y, x) == expected)
    }
    #expect(Ledger.commonIDs([], [1, 2]) == [])
    #expect(Ledger.commonIDs([5], [1, 2, 5]) == [5])
    #expect(Ledger.commonIDs([1, 2, 2, 5], [2, 2, 5, 5]) == [2, 5])
  }

  @Test("a bulk insert numbers rows as SQLite would, around records with their own id or source")
  func bulkInsertMixesRows() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let people = try (0..<6).map { try store.addPerson(Person(name: "Person \($0)")) }
    let t0 = Date(timeIntervalSince1970: 1_700_000_000)
    func at(_ k: Int, _ ids: [Int], id: Int64 = 0, source: String? = nil) -> Interaction {
      Interaction(
        id: id, time: t0.addingTimeInterval(Double(k) * 3_600),
        kind: InteractionKind.allCases[k % InteractionKind.allCases.count],
        participants: ids.map { people[$0].id }, initiator: people[ids[0]].id,
        summary: k % 3 == 0 ? "note \(k)" : nil, source: source,
        sourceID: source == nil ? nil : "r\(k)")
    }
    // More than one multi-row statement's worth, an explicit id that jumps ahead, a sourced
    // record, and the same sourced record again inside the batch.
    let n = 2 * Ledger.interactionRowsPerInsert + 6
    var batch: [Interaction] = []
    for k in 0..<n { batch.append(at(k, [k % 6, (k + 1) % 6, (k + 3) % 6])) }
    let jump = Int64(n) + 430
    batch.append(at(n, [0, 1], id: jump))
    batch.append(at(n + 1, [2, 3]))
    batch.append(at(n + 2, [4, 5], source: "csv"))
    batch.append(at(n + 3, [1, 4]))
    batch.append(at(n + 2, [4, 5], source: "csv"))
    let stored = try store.addInteractions(batch)
    #expect(stored.prefix(n).map(\.id) == Array(1...Int64(n)))
    #expect(stored[n].id == jump)
    #expect(stored[n + 1].id == jump + 1)
    #expect(stored[n + 2].id == jump + 2)
    #expect(stored[n + 3].id == jump + 3)
    #expect(stored[n + 4].id == jump + 2)
    let read = try store.interactions()
    #expect(read.count == n + 4)
    #expect(read == stored.prefix(n + 4).map { $0 })
    let ofFive = try store.interactions(person: people[5].id).map(\.id)
    #expect(
      ofFive == stored.prefix(n + 4).filter { $0.participants.contains(people[5].id) }.map(\.id))
    #expect(try store.counts().ledgerPairs > 0)
  }

  @Test("kind ordinals follow allCases")
  func kindOrdinals() {
    #expect(InteractionKind.allCases.map(\.ordinal) == Array(InteractionKind.allCases.indices))
  }

  @Test("an interaction naming a person who does not exist is refused, and nothing is written")
  func unknownParticipant() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let a = try store.addPerson(Person(name: "Ann"))
    let b = try store.addPerson(Person(name: "Bob"))
    _ = try store.addInteraction(
      Interaction(
        time: Date(timeIntervalSince1970: 1_700_000_000), kind: .call, participants: [a.id, b.id]))
    let before = try store.counts()
    #expect(throws: StoreError.self) {
      _ = try store.addInteractions([
        Interaction(
          time: Date(timeIntervalSince1970: 1_700_100_000), kind: .call, participants: [a.id, b.id]),
        Interaction(
          time: Date(timeIntervalSince1970: 1_700_200_000), kind: .call, participants: [a.id, 999]),
      ])
    }
    #expect(try store.counts() == before)
    let rows = try store.read { db in
      try Int.fetchOne(db, sql: "SELECT count(*) FROM interaction_participant") ?? 0
    }
    #expect(rows == 2)
  }

  @Test("a store from the previous schema migrates with its interactions, participants and ledger")
  func migrationCarriesData() throws {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("old.sqlite")
    // Four people; three interactions (one a group); one dated and one undated explicit tie;
    // the ledger as the previous schema kept it.
    let t0: Int64 = 1_700_000_000
    var history = History()
    history.people = [1, 2, 3, 4]
    history.interactions = [
      RawInteraction(time: t0, kind: .meeting, participants: [2, 1]),
      RawInteraction(time: t0 + 86_400 * 30, kind: .call, participants: [1, 3, 2]),
      RawInteraction(time: t0 + 86_400 * 90, kind: .email, participants: [4, 1]),
    ]
    history.ties = [
      RawTie(a: 3, b: 4, weight: 1.5, time: t0 + 86_400 * 10),
      RawTie(a: 1, b: 4, weight: 0.25, time: nil),
    ]
    var ledger: [PairKey: TieAccumulator] = [:]
    let settings = DecaySettings.default
    var sql = ""
    for id in history.people {
      sql += "INSERT INTO person (id, handle, name) VALUES (\(id), 'p-\(id)', 'Person \(id)');\n"
    }
    var events: [(time: Int64, key: PairKey, weight: Double)] = []
    for (k, i) in history.interactions.enumerated() {
      sql += """
        INSERT INTO interaction (id, time, kind, participant_count) VALUES \
        (\(k + 1), \(i.time), '\(i.kind.rawValue)', \(i.participants.count));\n
        """
      for (position, p) in i.participants.enumerated() {
        sql += """
          INSERT INTO interaction_participant (interaction_id, position, person_id) VALUES \
          (\(k + 1), \(position), \(p));\n
          """
      }
      let w = settings.pairWeight(i.kind, participants: i.participants.count)
      for x in 0..<i.participants.count {
        for y in (x + 1)..<i.participants.count {
          events.append((i.time, PairKey(i.participants[x], i.participants[y]), w))
        }
      }
    }
    for (k, t) in history.ties.enumerated() {
      sql += """
        INSERT INTO explicit_tie (id, a_id, b_id, weight, time) VALUES \
        (\(k + 1), \(t.a), \(t.b), \(t.weight), \(t.time.map(String.init) ?? "NULL"));\n
        """
      if let time = t.time {
        events.append((time, PairKey(t.a, t.b), t.weight))
      } else {
        ledger[PairKey(t.a, t.b), default: TieAccumulator()].addConstant(t.weight)
      }
    }
    for e in events.sorted(by: { $0.time < $1.time }) {
      ledger[e.key, default: TieAccumulator()].add(
        time: e.time, weight: e.weight, halfLifeSeconds: settings.halfLifeSeconds)
    }
    for (key, acc) in ledger {
      sql += """
        INSERT INTO tie_ledger (a, b, count, first, last, s_last, peak, constant) VALUES \
        (\(key.a), \(key.b), \(acc.count), \(acc.first.map(String.init) ?? "NULL"), \
        \(acc.last.map(String.init) ?? "NULL"), \(acc.strengthAtLast), \(acc.peakDecaying), \
        \(acc.constant));\n
        """
    }
    try KithStore.createDatabase(path: path, upTo: "v2-explicit-tie-time", sql: sql)

    let store = try KithStore(path: path)
    let latest = try #require(history.latest)
    let (snapshot, source) = try store.snapshotWithSource(
      asOf: Date(timeIntervalSince1970: Double(latest)))
    #expect(source == .ledger)
    let diff = mismatches(snapshot, history.expected(settings: settings, asOf: latest))
    #expect(diff.isEmpty, "\(diff)")
    #expect(try store.counts().ledgerPairs == ledger.count)
    #expect(
      try store.interactions().map(\.participants) == history.interactions.map(\.participants))
    #expect(try store.interactions(person: 3).map(\.id) == [2])

    // The migrated store keeps working: a new interaction, then a removal.
    let later = latest + 86_400
    _ = try store.addInteraction(
      Interaction(
        time: Date(timeIntervalSince1970: Double(later)), kind: .video, participants: [3, 4]))
    history.interactions.append(RawInteraction(time: later, kind: .video, participants: [3, 4]))
    let after = try store.snapshot(asOf: Date(timeIntervalSince1970: Double(later)))
    #expect(mismatches(after, history.expected(settings: settings, asOf: later)).isEmpty)
    try store.removePerson(id: 2)
    history = history.removing(2)
    let removed = try store.snapshot(asOf: Date(timeIntervalSince1970: Double(later)))
    let removedDiff = mismatches(removed, history.expected(settings: settings, asOf: later))
    #expect(removedDiff.isEmpty, "\(removedDiff)")
    #expect(
      try store.interactions().map(\.participants) == history.interactions.map(\.participants))
  }
}
