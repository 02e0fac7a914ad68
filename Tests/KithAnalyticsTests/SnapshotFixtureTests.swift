import Foundation
import KithGraph
import KithStore
import KithTestSupport
import Testing

/// `SnapshotFixture` must build the snapshot the store would: the analytics tests rely on it.
@Suite("SnapshotFixture matches KithStore.snapshot")
struct SnapshotFixtureTests {
  @Test(
    "same snapshot from the fixture and from a store holding its backup",
    arguments: [UInt64(3), 11, 42])
  func matchesStore(seed: UInt64) throws {
    var fixture = RandomHistory.make(seed: seed)
    // A dismissal, which the store carries into the snapshot as the fixture does.
    fixture.dismissFollowUps(of: fixture.people[1].handle, at: at(400))
    let (store, directory) = try makeTemporaryStore()
    defer { directory.remove() }
    try store.importBackup(fixture.backup())
    // After every event (the ledger path) and in the middle of the history (recomputed).
    for asOf in [RandomHistory.end + 10 * daySeconds, at(450)] {
      let expected = try store.snapshotWithSource(
        asOf: Date(timeIntervalSince1970: TimeInterval(asOf)))
      #expect(expected.source == (asOf > RandomHistory.end ? .ledger : .interactions))
      compare(fixture.snapshot(asOf: asOf), expected.snapshot)
    }
  }

  func compare(
    _ a: NetworkSnapshot, _ b: NetworkSnapshot, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(a.asOf == b.asOf, sourceLocation: sourceLocation)
    #expect(a.ego == b.ego, sourceLocation: sourceLocation)
    #expect(a.people.ids == b.people.ids, sourceLocation: sourceLocation)
    #expect(a.people.handles == b.people.handles, sourceLocation: sourceLocation)
    #expect(a.people.names == b.people.names, sourceLocation: sourceLocation)
    #expect(a.people.tags == b.people.tags, sourceLocation: sourceLocation)
    #expect(a.people.cadenceDays == b.people.cadenceDays, sourceLocation: sourceLocation)
    #expect(
      a.people.followUpsDismissed == b.people.followUpsDismissed, sourceLocation: sourceLocation)
    #expect(a.organisations.handles == b.organisations.handles, sourceLocation: sourceLocation)
    #expect(a.affiliations == b.affiliations, sourceLocation: sourceLocation)
    #expect(a.offsets == b.offsets, sourceLocation: sourceLocation)
    #expect(a.neighbors == b.neighbors, sourceLocation: sourceLocation)
    #expect(a.tieCount == b.tieCount, sourceLocation: sourceLocation)
    guard a.numberOfTies == b.numberOfTies else {
      Issue.record("tie counts differ", sourceLocation: sourceLocation)
      return
    }
    for t in 0..<a.numberOfTies {
      let x = a.tie(t)
      let y = b.tie(t)
      #expect(
        isClose(x.strength, y.strength, tolerance: tieFloatTolerance),
        sourceLocation: sourceLocation)
      #expect(isClose(x.peak, y.peak, tolerance: tieFloatTolerance), sourceLocation: sourceLocation)
      #expect(x.firstDay == y.firstDay && x.lastDay == y.lastDay, sourceLocation: sourceLocation)
    }
    let p = a.activity.egoInteractions
    let q = b.activity.egoInteractions
    #expect(p.offsets == q.offsets, sourceLocation: sourceLocation)
    #expect(p.time == q.time, sourceLocation: sourceLocation)
    #expect(p.kind == q.kind, sourceLocation: sourceLocation)
    #expect(p.initiator == q.initiator, sourceLocation: sourceLocation)
    #expect(p.followUp == q.followUp, sourceLocation: sourceLocation)
    #expect(p.interactionID == q.interactionID, sourceLocation: sourceLocation)
    #expect(p.participantCount == q.participantCount, sourceLocation: sourceLocation)
    #expect(
      p.time.indices.map(p.summaryText) == q.time.indices.map(q.summaryText),
      sourceLocation: sourceLocation)
    let x = a.activity.exchanges
    let y = b.activity.exchanges
    #expect(x.giver == y.giver && x.receiver == y.receiver, sourceLocation: sourceLocation)
    #expect(
      x.time == y.time && x.kind == y.kind && x.note == y.note, sourceLocation: sourceLocation)
    #expect(a.activity.referrals == b.activity.referrals, sourceLocation: sourceLocation)
    #expect(a.activity.notes == b.activity.notes, sourceLocation: sourceLocation)
    #expect(a.activity.tagCadences == b.activity.tagCadences, sourceLocation: sourceLocation)
  }
}
