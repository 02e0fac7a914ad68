import Foundation
import GRDB
import KithGraph
import KithImport
import KithTestSupport
import Testing

@testable import KithStore

@Suite("Ties let go, per ego (migration v16)")
struct TiesLetGoTests {
  @Test("a store from schema v15 gains the table, with no tie let go")
  func migrationFromV15() throws {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("v15.sqlite")
    try KithStore.createDatabase(
      path: path, upTo: "v15-latin-name-keys",
      sql: """
        INSERT INTO person (id, handle, name) VALUES (1, 'ana', 'Ana'), (2, 'tom', 'Tom');
        INSERT INTO meta (key, value) VALUES ('ego', '1');
        """)
    let store = try KithStore(path: path)
    #expect(try store.letGo(of: 2, ego: nil) == nil)
    #expect(try store.snapshot(asOf: storeT, ego: 1).people.letGo.isEmpty)
    try store.letGo(storeT, reason: "moved on", of: 2, ego: nil)
    #expect(
      try store.letGo(of: 2, ego: 1)
        == TieLetGo(ego: 1, person: 2, time: storeT, reason: "moved on"))
    #expect(
      try store.snapshot(asOf: storeT, ego: 1).people.letGo == [
        TieColumns.none, KithTime.seconds(storeT),
      ])
  }

  @Test(
    "each ego lets their own ties go; the reason is kept as written, line breaks included, a blank one as none"
  )
  func perEgo() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let ana = try store.initialise(me: "Ana")
    let ben = try store.addPerson(Person(name: "Ben"))
    let tom = try store.addPerson(Person(name: "Tom"))
    let earlier = storeT.addingTimeInterval(-86_400)
    try store.letGo(earlier, reason: "  left the\nindustry ", of: tom.id, ego: nil)
    try store.letGo(storeT, reason: " ", of: tom.id, ego: ben.id)
    #expect(try store.letGo(of: tom.id, ego: ana.id)?.reason == "left the\nindustry")
    #expect(try store.letGo(of: tom.id, ego: ben.id)?.reason == nil)
    #expect(try store.tiesLetGo(ego: nil).map(\.time) == [earlier])
    #expect(try store.tiesLetGo(ego: ben.id).map(\.time) == [storeT])
    #expect(
      try store.snapshot(asOf: storeT, ego: ben.id).people.letGo(of: 2) == KithTime.seconds(storeT))
    #expect(try store.forgetLetGo(at: earlier, of: tom.id, ego: ana.id))
    #expect(try !store.forgetLetGo(at: earlier, of: tom.id, ego: ana.id))
    #expect(try store.tiesLetGo(ego: ana.id).isEmpty)
    #expect(try store.tiesLetGo(ego: ben.id).count == 1)
    // Removing the person removes what was recorded about them.
    try store.removePerson(id: tom.id)
    #expect(try store.tiesLetGo(ego: ben.id).isEmpty)
  }

  @Test("every time a tie was let go is kept: the latest by a day is the one in force then")
  func history() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    _ = try store.initialise(me: "Ana")
    let tom = try store.addPerson(Person(name: "Tom"))
    let first = storeT.addingTimeInterval(-100 * 86_400)
    try store.letGo(first, reason: "placed", of: tom.id, ego: nil)
    try store.letGo(storeT, reason: "again", of: tom.id, ego: nil)
    #expect(try store.tiesLetGo(ego: nil).map(\.reason) == ["placed", "again"])
    #expect(try store.letGo(of: tom.id, ego: nil)?.reason == "again")
    let between = storeT.addingTimeInterval(-86_400)
    #expect(try store.letGo(of: tom.id, ego: nil, asOf: between)?.reason == "placed")
    #expect(try store.letGo(of: tom.id, ego: nil, asOf: first.addingTimeInterval(-1)) == nil)
    #expect(
      try store.snapshot(asOf: between).people.letGo(of: 1) == KithTime.seconds(first))
    #expect(try store.snapshot(asOf: storeT).people.letGo(of: 1) == KithTime.seconds(storeT))
    // Replacing the latest changes its day and reason; the earlier one stays.
    let moved = storeT.addingTimeInterval(-3_600)
    try store.letGo(moved, reason: "moved", of: tom.id, ego: nil, replacing: storeT)
    #expect(try store.tiesLetGo(ego: nil).map(\.time) == [first, moved])
  }

  @Test(
    "a merge keeps the times of both records; at the same time, one record with both reasons"
  )
  func merge() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    _ = try store.initialise(me: "Ana")
    let tom = try store.addPerson(Person(name: "Tom Hale"))
    let other = try store.addPerson(Person(name: "Tom H", emails: ["tom@example.com"]))
    let earlier = storeT.addingTimeInterval(-86_400)
    try store.letGo(earlier, reason: "old", of: tom.id, ego: nil)
    try store.letGo(storeT, reason: "kept", of: tom.id, ego: nil)
    try store.letGo(storeT, reason: "other", of: other.id, ego: nil)
    try store.letGo(storeT.addingTimeInterval(60), reason: "newer", of: other.id, ego: nil)
    let summary = try store.mergePeople(keep: tom.id, remove: other.id)
    #expect(try store.tiesLetGo(ego: nil).map(\.reason) == ["old", "kept; other", "newer"])
    #expect(try store.tiesLetGo(ego: nil).allSatisfy { $0.person == tom.id })
    #expect(summary.letGoReasonsJoined == 1)
    #expect(summary.letGoChanges.isEmpty)
  }

  @Test("a merge of two egos: their ties let go at the same instant keep both reasons")
  func mergeEgos() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    _ = try store.initialise(me: "Ana")
    let ben = try store.addPerson(Person(name: "Ben"))
    let benToo = try store.addPerson(Person(name: "Ben B"))
    let tom = try store.addPerson(Person(name: "Tom"))
    let uma = try store.addPerson(Person(name: "Uma"))
    try store.letGo(storeT, reason: "moved on", of: tom.id, ego: ben.id)
    try store.letGo(storeT, reason: "retired", of: tom.id, ego: benToo.id)
    try store.letGo(storeT, reason: "same", of: uma.id, ego: ben.id)
    try store.letGo(storeT, reason: "same", of: uma.id, ego: benToo.id)
    let summary = try store.mergePeople(keep: ben.id, remove: benToo.id)
    #expect(try store.letGo(of: tom.id, ego: ben.id)?.reason == "moved on; retired")
    #expect(try store.letGo(of: uma.id, ego: ben.id)?.reason == "same")
    #expect(summary.letGoReasonsJoined == 1)
  }

  @Test("a store with no ego keeps them for the ego `kith init` records")
  func withoutEgo() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let tom = try store.addPerson(Person(name: "Tom"))
    try store.letGo(storeT, of: tom.id, ego: nil)
    let ana = try store.initialise(me: "Ana")
    #expect(try store.letGo(of: tom.id, ego: ana.id)?.time == storeT)
  }

  // SQLite takes NULLs for distinct values: `UNIQUE (ego_id, person_id, time)` let a store
  // with no ego hold the same tie let go twice at one instant.
  @Test("without an ego too, a tie is let go once at one instant")
  func onceWithoutEgo() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let tom = try store.addPerson(Person(name: "Tom"))
    try store.letGo(storeT, reason: "moved on", of: tom.id, ego: nil)
    try store.letGo(storeT, reason: "retired", of: tom.id, ego: nil)
    #expect(
      try store.tiesLetGo(ego: nil) == [
        TieLetGo(ego: nil, person: tom.id, time: storeT, reason: "retired")
      ])
    // The database holds it, whoever writes: so it does the cadences and dismissals of no ego.
    let queue = try DatabaseQueue(path: dir.file("kith.sqlite"))
    let t = KithTime.seconds(storeT)
    for sql in [
      "INSERT INTO tie_letgo (ego_id, person_id, time) VALUES (NULL, \(tom.id), \(t))",
      "INSERT INTO person_cadence (ego_id, person_id, days) VALUES (NULL, \(tom.id), 7), (NULL, \(tom.id), 9)",
      "INSERT INTO followup_dismissal (ego_id, person_id, time) VALUES (NULL, \(tom.id), 1), (NULL, \(tom.id), 2)",
      "INSERT INTO tag_cadence (ego_id, tag, days) VALUES (NULL, 'client', 7), (NULL, 'client', 9)",
    ] {
      #expect(throws: DatabaseError.self, "\(sql)") { try queue.write { try $0.execute(sql: sql) } }
    }
  }

  @Test("a store from schema v16 keeps one of each repeated row of no ego, every reason kept")
  func migrationFromV16() throws {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("v16.sqlite")
    try KithStore.createDatabase(
      path: path, upTo: "v16-ties-let-go",
      sql: """
        INSERT INTO person (id, handle, name) VALUES (1, 'ben', 'Ben'), (2, 'tom', 'Tom');
        INSERT INTO tie_letgo (ego_id, person_id, time, reason) VALUES
          (NULL, 2, 100, 'moved on'), (NULL, 2, 100, NULL), (NULL, 2, 100, 'retired'),
          (NULL, 2, 100, 'moved on'), (NULL, 2, 200, NULL), (NULL, 2, 200, NULL),
          (NULL, 2, 300, 'once'), (1, 2, 100, 'Ben''s');
        INSERT INTO person_cadence (ego_id, person_id, days) VALUES
          (NULL, 2, 30), (NULL, 2, 14), (1, 2, 7);
        INSERT INTO followup_dismissal (ego_id, person_id, time) VALUES
          (NULL, 2, 500), (NULL, 2, 300);
        INSERT INTO tag_cadence (ego_id, tag, days) VALUES (NULL, 'client', 9), (NULL, 'client', 5);
        """)
    let store = try KithStore(path: path)
    #expect(
      try store.tiesLetGo(ego: nil).map { "\(KithTime.seconds($0.time)) \($0.reason ?? "-")" } == [
        "100 moved on; retired", "200 -", "300 once",
      ])
    #expect(try store.tiesLetGo(ego: 1).map(\.reason) == ["Ben's"])
    // Of two cadences the one written last; of two dismissals the later.
    #expect(try store.cadence(of: 2, ego: nil) == 14)
    #expect(try store.cadence(of: 2, ego: 1) == 7)
    #expect(try store.followUpsDismissed(of: 2, ego: nil) == Date(kithSeconds: 500))
    #expect(try store.tagCadences(ego: nil) == [TagCadence(tag: "client", days: 5)])
    try store.letGo(Date(kithSeconds: 100), reason: "again", of: 2, ego: nil)
    #expect(try store.tiesLetGo(ego: nil).count == 3)
  }

  @Test("a backup keeps every ego's, the store's own without an ego, and restores them")
  func backup() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let ana = try store.initialise(me: "Ana")
    let ben = try store.addPerson(Person(name: "Ben"))
    let tom = try store.addPerson(Person(name: "Tom"))
    try store.letGo(storeT, reason: "moved on", of: tom.id, ego: nil)
    try store.letGo(storeT, of: tom.id, ego: ben.id)
    try store.letGo(storeT, of: ana.id, ego: ben.id)
    let backup = try store.exportBackup()
    #expect(
      backup.tiesLetGo == [
        TieLetGo(ego: nil, person: tom.id, time: storeT, reason: "moved on"),
        TieLetGo(ego: ben.id, person: ana.id, time: storeT),
        TieLetGo(ego: ben.id, person: tom.id, time: storeT),
      ])
    let (restored, dir2) = try makeTemporaryStore("restored.sqlite")
    defer { dir2.remove() }
    try restored.importBackup(backup)
    #expect(try restored.exportBackup() == backup)
    #expect(try restored.letGo(of: tom.id, ego: ana.id)?.reason == "moved on")

    // Refused, with where: the ego named (its own have none), the ego let go, a repeat.
    for (change, field) in [
      ({ (b: inout Backup) in b.tiesLetGo[0].ego = ana.id }, "tiesLetGo[0].ego"),
      ({ (b: inout Backup) in b.tiesLetGo[0].person = ana.id }, "tiesLetGo[0].person"),
      ({ (b: inout Backup) in b.tiesLetGo[2] = b.tiesLetGo[1] }, "tiesLetGo[2].time"),
    ] {
      var bad = backup
      change(&bad)
      let (other, dir3) = try makeTemporaryStore("other.sqlite")
      defer { dir3.remove() }
      let error = #expect(throws: StoreError.self) { try other.importBackup(bad) }
      if case .invalid(let record) = error {
        #expect(record.field == field)
      } else {
        Issue.record("expected invalid, got \(String(describing: error))")
      }
      #expect(try other.counts().isEmpty)
    }
  }

  /// The changes as (ego, person, kind, contact) rows, for comparisons.
  static func rows(_ changes: [LetGoChange]) -> [[String]] {
    changes.map {
      [
        "\($0.ego)", "\($0.record.person)", $0.kind.rawValue,
        $0.contact.map(KithTime.format) ?? "-",
      ]
    }
  }

  @Test(
    "a change's effect on every ego's ties let go: brought back, let go again, left let go on its day"
  )
  func changes() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let ana = try store.initialise(me: "Ana")
    let ben = try store.addPerson(Person(name: "Ben"))
    let tom = try store.addPerson(Person(name: "Tom"))
    let day: TimeInterval = 86_400
    _ = try store.addInteraction(
      Interaction(time: storeT - 10 * day, kind: .meeting, participants: [ana.id, ben.id, tom.id]))
    try store.letGo(storeT, reason: "mine", of: tom.id, ego: nil)
    try store.letGo(storeT, reason: "his", of: tom.id, ego: ben.id)
    let all: Set<Int64> = [ana.id, ben.id, tom.id]
    let t = KithTime.format(storeT + day)

    // A meeting of the three brings both ties back; Ben's is no less for Ana logging it.
    var before = try store.letGoStandings(among: all)
    let met = try store.addInteraction(
      Interaction(time: storeT + day, kind: .meeting, participants: [ana.id, ben.id, tom.id]))
    #expect(
      Self.rows(try store.letGoChanges(since: before)) == [
        ["\(ana.id)", "\(tom.id)", "back-in-touch", t],
        ["\(ben.id)", "\(tom.id)", "back-in-touch", t],
      ])
    // Only the ties between the people given are read.
    #expect(try store.letGoStandings(among: [ben.id, tom.id]).standings.count == 1)
    // A second contact changes nothing; removing the first leaves the second.
    before = try store.letGoStandings(among: all)
    let call = try store.addInteraction(
      Interaction(time: storeT + 2 * day, kind: .call, participants: [ana.id, tom.id]))
    #expect(try store.letGoChanges(since: before).isEmpty)
    before = try store.letGoStandings(among: all)
    _ = try store.removeRecord(.interaction, id: met.id)
    #expect(
      Self.rows(try store.letGoChanges(since: before)) == [
        ["\(ben.id)", "\(tom.id)", "let-go-again", "-"]
      ])
    // An exchange either way is a contact; moving it to before the let-go lets the tie go
    // again, and to its day (not after it) leaves it let go, said as such.
    before = try store.letGoStandings(among: all)
    var favour = try store.addExchange(
      Exchange(time: storeT + 3 * day, giver: tom.id, receiver: ben.id, kind: .favour))
    #expect(Self.rows(try store.letGoChanges(since: before)).map { $0[2] } == ["back-in-touch"])
    before = try store.letGoStandings(among: all)
    favour.time = storeT - 3_600
    favour = try store.updateExchange(favour)
    #expect(
      Self.rows(try store.letGoChanges(since: before)) == [
        ["\(ben.id)", "\(tom.id)", "let-go-again", "-"]
      ])
    try store.letGo(storeT + 9 * 3_600, of: tom.id, ego: ben.id, replacing: storeT)
    before = try store.letGoStandings(among: all)
    favour.time = storeT
    _ = try store.updateExchange(favour)
    #expect(
      Self.rows(try store.letGoChanges(since: before)) == [
        ["\(ben.id)", "\(tom.id)", "stays-let-go", KithTime.format(storeT)]
      ])
    // A record changed is not a change of contacts.
    before = try store.letGoStandings(among: all)
    try store.letGo(storeT + 3 * day, of: tom.id, ego: nil, replacing: storeT)
    #expect(try store.letGoChanges(since: before).isEmpty)
    _ = call
  }

  @Test("an import says which ties let go it brings back, in a dry run too")
  func importChanges() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    _ = try store.initialise(me: "Ana")
    let tom = try store.addPerson(Person(name: "Tom Hale"))
    try store.letGo(storeT, reason: "moved on", of: tom.id, ego: nil)
    let location = KithImport.SourceLocation(path: "m.csv", line: 2, column: 1)
    var batch = ImportBatch(source: "csv:m.csv", path: "m.csv")
    batch.people = [
      ImportedPerson(key: "tom", name: "Tom Hale", resolution: .reference, location: location)
    ]
    batch.interactions = [
      ImportedInteraction(
        sourceID: "row:1", time: storeT + 86_400, kind: .call, participants: [.me, .record("tom")],
        location: location)
    ]
    let dry = try store.importBatch(batch, options: ImportOptions(dryRun: true))
    #expect(dry.letGoChanges.map(\.kind) == [.backInTouch])
    #expect(try store.interactions().isEmpty)
    let done = try store.importBatch(batch)
    #expect(done.letGoChanges == dry.letGoChanges)
    #expect(done.letGoChanges.first?.record.reason == "moved on")
    #expect(try store.importBatch(batch).letGoChanges.isEmpty)
  }

  @Test("a merge says which ties let go the merged person's contacts bring back")
  func mergeChanges() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let ana = try store.initialise(me: "Ana")
    let tom = try store.addPerson(Person(name: "Tom Hale"))
    let other = try store.addPerson(Person(name: "Tom H"))
    _ = try store.addInteraction(
      Interaction(time: storeT + 86_400, kind: .call, participants: [ana.id, other.id]))
    try store.letGo(storeT, reason: "moved on", of: tom.id, ego: nil)
    // At the same instant as the kept one's (one record after the merge), but back in touch:
    // the kept one held, and the merge ends it.
    try store.letGo(storeT, reason: "other", of: other.id, ego: nil)
    let summary = try store.mergePeople(keep: tom.id, remove: other.id)
    #expect(summary.letGoReasonsJoined == 1)
    #expect(summary.letGoChanges.first?.record.reason == "moved on; other")
    #expect(
      Self.rows(summary.letGoChanges) == [
        ["\(ana.id)", "\(tom.id)", "back-in-touch", KithTime.format(storeT + 86_400)]
      ])
  }
}
