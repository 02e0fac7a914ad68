import Foundation
import GRDB
import KithGraph
import KithTestSupport
import Testing

@testable import KithStore

@Suite("Cadences and dismissals per ego (migration v13)")
struct EgoCadencesTests {
  @Test("a store from schema v12 keeps its cadences and dismissals as its ego's")
  func migrationFromV12() throws {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("v12.sqlite")
    try KithStore.createDatabase(
      path: path, upTo: "v12-followups-dismissed",
      sql: """
        INSERT INTO person (id, handle, name) VALUES (1, 'ana', 'Ana'), (3, 'chen', 'Chen');
        INSERT INTO person (id, handle, name, cadence_days, followups_dismissed)
          VALUES (2, 'ben', 'Ben', 30, 1000);
        INSERT INTO meta (key, value) VALUES ('ego', '1');
        INSERT INTO tag_cadence (tag, days) VALUES ('client', 14);
        """)
    let store = try KithStore(path: path)
    #expect(try store.cadence(of: 2, ego: 1) == 30)
    #expect(try store.cadence(of: 2, ego: nil) == 30)
    #expect(try store.person(id: 2).cadenceDays == 30)
    #expect(try store.followUpsDismissed(of: 2, ego: 1) == Date(kithSeconds: 1000))
    #expect(try store.tagCadences(ego: 1) == [TagCadence(tag: "client", days: 14, ego: 1)])
    // Chen has none of them, and sets his own.
    #expect(try store.cadence(of: 2, ego: 3) == nil)
    #expect(try store.tagCadences(ego: 3).isEmpty)
    try store.setCadence(7, of: 2, ego: 3)
    try store.setTagCadence(TagCadence(tag: "client", days: 5, ego: 3))
    #expect(try store.cadence(of: 2, ego: 1) == 30)
    let asOf = Date(kithSeconds: 2000)
    #expect(try store.snapshot(asOf: asOf, ego: 1).people.cadenceDays == [0, 30, 0])
    #expect(try store.snapshot(asOf: asOf, ego: 3).people.cadenceDays == [0, 7, 0])
    #expect(
      try store.snapshot(asOf: asOf, ego: 3).people.followUpsDismissed == [
        TieColumns.none, TieColumns.none, TieColumns.none,
      ])
    #expect(try store.snapshot(asOf: asOf, ego: 1).activity.tagCadences == ["client": 14])
    #expect(try store.snapshot(asOf: asOf, ego: 3).activity.tagCadences == ["client": 5])
    // An ego removed takes their cadences along.
    try store.removePerson(id: 3)
    #expect(try store.tagCadences(ego: 3).isEmpty)
  }

  @Test("without an ego, they wait for the one `kith init` records")
  func storeWithoutEgo() throws {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("v12.sqlite")
    try KithStore.createDatabase(
      path: path, upTo: "v12-followups-dismissed",
      sql: """
        INSERT INTO person (id, handle, name, cadence_days) VALUES (1, 'ben', 'Ben', 30);
        INSERT INTO tag_cadence (tag, days) VALUES ('client', 14);
        """)
    let store = try KithStore(path: path)
    #expect(try store.person(id: 1).cadenceDays == 30)
    let ana = try store.initialise(me: "Ana")
    #expect(try store.cadence(of: 1, ego: ana.id) == 30)
    #expect(try store.tagCadences(ego: ana.id).map(\.days) == [14])
  }

  @Test("a backup's own ego's cadences are the people's; the other egos' are listed apart")
  func backupForm() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let ana = try store.initialise(me: "Ana")
    let ben = try store.addPerson(Person(name: "Ben"))
    let tom = try store.addPerson(Person(name: "Tom", cadenceDays: 14))
    try store.setCadence(21, of: tom.id, ego: ben.id)
    try store.setFollowUpsDismissed(storeT, of: tom.id, ego: ben.id)
    try store.setTagCadence(TagCadence(tag: "client", days: 9))
    try store.setTagCadence(TagCadence(tag: "client", days: 5, ego: ben.id))
    let backup = try store.exportBackup()
    #expect(backup.people.map(\.cadenceDays) == [nil, nil, 14])
    #expect(backup.personCadences == [PersonCadence(ego: ben.id, person: tom.id, days: 21)])
    #expect(
      backup.followUpDismissals == [FollowUpDismissal(ego: ben.id, person: tom.id, time: storeT)])
    #expect(
      backup.tagCadences == [
        TagCadence(tag: "client", days: 9), TagCadence(tag: "client", days: 5, ego: ben.id),
      ])
    let (restored, dir2) = try makeTemporaryStore("restored.sqlite")
    defer { dir2.remove() }
    try restored.importBackup(backup)
    #expect(try restored.exportBackup() == backup)
    #expect(try restored.cadence(of: tom.id, ego: ana.id) == 14)
    #expect(try restored.cadence(of: tom.id, ego: ben.id) == 21)

    // The backup's ego is not named in the lists: its own are the people's.
    var named = backup
    named.personCadences[0].ego = ana.id
    let (other, dir3) = try makeTemporaryStore("other.sqlite")
    defer { dir3.remove() }
    let error = #expect(throws: StoreError.self) { try other.importBackup(named) }
    if case .invalid(let record) = error {
      #expect(record.field == "personCadences[0].ego")
    } else {
      Issue.record("expected invalid, got \(String(describing: error))")
    }
    #expect(try other.counts().isEmpty)
  }

  @Test("a tag renamed carries every ego's cadence, and an ego's two differing ones conflict")
  func tagRename() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    _ = try store.initialise(me: "Ana")
    let ben = try store.addPerson(Person(name: "Ben", tags: ["client"]))
    try store.setTagCadence(TagCadence(tag: "client", days: 9))
    try store.setTagCadence(TagCadence(tag: "client", days: 5, ego: ben.id))
    try store.setTagCadence(TagCadence(tag: "customer", days: 6, ego: ben.id))
    #expect(throws: StoreError.self) { try store.renameTag("client", to: "customer") }
    #expect(try store.clearTagCadence(tag: "customer", ego: ben.id))
    let use = try store.renameTag("client", to: "customer")
    #expect(use.cadenceDays == 9)
    #expect(try store.tagCadences().map(\.tag) == ["customer"])
    #expect(try store.tagCadences(ego: ben.id).map(\.days) == [5])
  }
}
