import Foundation
import KithGraph
import KithTestSupport
import Testing

@testable import KithStore

// An interaction that outlives a removed participant keeps how many people took part
// (`Interaction.participantCount`), and every pair it still names weighs 1/(n − 1) of them.
// These tests store such interactions through each write path and check that the stored count,
// the ledger written as they are added, the rebuilt ledger and a past date's recomputation all
// agree.

@Suite("Participant counts on every write path")
struct ParticipantCountTests {
  static let t0 = Date(timeIntervalSince1970: 1_767_225_600)

  @Test("a count beyond the people named is stored and weighs the pairs, however it is added")
  func everyWritePath() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let me = try store.initialise(me: "Me")
    var pairs: [(person: Int64, meetings: Int)] = []
    func meetings(_ n: Int, id: Int64 = 0, source: String? = nil) throws -> [Interaction] {
      let other = try store.addPerson(Person(name: "Person \(pairs.count)")).id
      pairs.append((other, n))
      return (0..<n).map { k in
        Interaction(
          id: id == 0 ? 0 : id + Int64(k), time: Self.t0, kind: .meeting,
          participants: [me.id, other], source: source, sourceID: source.map { _ in "\(k)" },
          participantCount: 3)
      }
    }
    // With its own id (as a backup restore adds them), without, with a source, and a batch
    // large enough to be written on two threads.
    _ = try store.addInteractions(try meetings(1, id: 500))
    _ = try store.addInteractions(try meetings(1))
    _ = try store.addInteractions(try meetings(2, source: "test"))
    _ = try store.addInteractions(try meetings(Ledger.preloadThreshold))
    #expect(try store.interactions().allSatisfy { $0.participantCount == 3 })

    func check(_ context: String) throws {
      // As of t0 (no decay): each meeting adds 1/(3 − 1) to its pair.
      let ledger = try store.snapshotWithSource(asOf: Self.t0)
      #expect(ledger.1 == .ledger)
      let past = try store.snapshotWithSource(
        asOf: Self.t0, settings: DecaySettings(halfLifeDays: 90))
      #expect(past.1 == .interactions)
      for (snapshot, source) in [ledger, past] {
        let u = try #require(snapshot.index(ofPerson: me.id))
        for (person, n) in pairs {
          let v = try #require(snapshot.index(ofPerson: person))
          #expect(
            abs(snapshot.strength(u, v) - Double(n) / 2) <= 1e-3 * Double(n),
            "\(context), \(source): \(n) meetings")
        }
      }
    }
    try check("as added")
    try store.setSetting(key: "half-life-days", value: "90")
    try store.setSetting(key: "half-life-days", value: "180")
    try check("rebuilt")
  }

  @Test("an edit keeps the people removed since: a new summary or new people")
  func editKeepsRemovedPeople() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let me = try store.initialise(me: "Me")
    let ann = try store.addPerson(Person(name: "Ann")).id
    let bob = try store.addPerson(Person(name: "Bob")).id
    let cem = try store.addPerson(Person(name: "Cem")).id
    let meeting = try store.addInteraction(
      Interaction(time: Self.t0, kind: .meeting, participants: [me.id, ann, bob]))
    try store.removePerson(id: bob)
    func strength(_ person: Int64) throws -> Double {
      let snapshot = try store.snapshot(asOf: Self.t0)
      return snapshot.strength(
        try #require(snapshot.index(ofPerson: me.id)),
        try #require(snapshot.index(ofPerson: person)))
    }
    #expect(abs(try strength(ann) - 0.5) <= 1e-6)

    var edited = try #require(try store.interaction(id: meeting.id))
    #expect(edited.participantCount == 3)
    edited.summary = "Bob since removed"
    _ = try store.updateInteraction(edited)
    #expect(try store.interaction(id: meeting.id)?.participantCount == 3)
    #expect(abs(try strength(ann) - 0.5) <= 1e-6)

    // Cem added: four took part, Bob among them.
    edited.participants.append(cem)
    _ = try store.updateInteraction(edited)
    #expect(try store.interaction(id: meeting.id)?.participantCount == 4)
    #expect(abs(try strength(ann) - 1.0 / 3) <= 1e-6)
    #expect(abs(try strength(cem) - 1.0 / 3) <= 1e-6)
  }
}
