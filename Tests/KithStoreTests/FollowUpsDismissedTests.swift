import Foundation
import GRDB
import KithGraph
import KithTestSupport
import Testing

@testable import KithStore

@Suite("A person's dismissed follow-ups (migration v12)")
struct FollowUpsDismissedTests {
  @Test("a store from schema v11 gains the column, with nobody's follow-ups dismissed")
  func migrationFromV11() throws {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("v11.sqlite")
    try KithStore.createDatabase(
      path: path, upTo: "v11-referral-exchange",
      sql: "INSERT INTO person (id, handle, name, cadence_days) VALUES (1, 'ann', 'Ann', 30)")
    let store = try KithStore(path: path)
    var ann = try #require(try store.people().first)
    #expect(ann.followUpsDismissed == nil && ann.cadenceDays == 30)
    #expect(try store.snapshot(asOf: storeT).people.followUpsDismissed == [TieColumns.none])
    // The migrated store keeps one.
    ann.followUpsDismissed = storeT
    _ = try store.updatePerson(ann)
    #expect(try store.people().first?.followUpsDismissed == storeT)
    #expect(
      try store.snapshot(asOf: storeT).people.followUpsDismissed == [KithTime.seconds(storeT)])
  }

  @Test("an edit keeps the dismissal; a merge keeps the later of the two")
  func editAndMerge() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let earlier = storeT.addingTimeInterval(-86_400)
    let ann = try store.addPerson(Person(name: "Ann Lee", followUpsDismissed: earlier))
    var other = try store.addPerson(Person(name: "Ann L", emails: ["ann@example.com"]))
    other.followUpsDismissed = storeT
    _ = try store.updatePerson(other)
    var edited = try store.resolvePerson("ann-lee")
    edited.tags = ["friend"]
    _ = try store.updatePerson(edited)
    #expect(try store.resolvePerson("ann-lee").followUpsDismissed == earlier)
    _ = try store.mergePeople(keep: ann.id, remove: other.id)
    #expect(try store.resolvePerson("ann-lee").followUpsDismissed == storeT)
  }
}
