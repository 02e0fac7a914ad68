import Foundation
import KithGraph
import KithStore
import KithTestSupport
import Testing

private let day: TimeInterval = 86_400

/// The records of the fixture that failure cases refer to.
struct Fixture: Sendable {
  var me: Person
  var ann: Person
  var bob: Person
  var cem: Person
  var acme: Organisation
  var referral: Referral
  var interaction: Interaction
}

/// A call that must fail and leave the database as it was.
struct FailureCase: Sendable, CustomTestStringConvertible {
  let name: String
  let run: @Sendable (KithStore, Fixture) throws -> Void

  var testDescription: String { name }
}

@Suite("KithStore: failing calls change nothing")
struct TransactionTests {
  static func fixture() throws -> (KithStore, TemporaryDirectory, Fixture) {
    let (store, dir) = try makeTemporaryStore()
    let me = try store.initialise(me: "Me")
    let ann = try store.addPerson(Person(name: "Ann", emails: ["ann@x.org"]))
    let bob = try store.addPerson(Person(name: "Bob"))
    let cem = try store.addPerson(Person(name: "Cem"))
    let acme = try store.addOrganisation(Organisation(name: "Acme"))
    _ = try store.addAffiliation(Affiliation(person: ann.id, organisation: acme.id))
    let interaction = try store.addInteraction(
      Interaction(time: storeT, kind: .meeting, participants: [me.id, ann.id, bob.id]))
    _ = try store.addInteraction(
      Interaction(time: storeT - 10 * day, kind: .call, participants: [me.id, cem.id]))
    _ = try store.addTie(Tie(a: ann.id, b: cem.id, weight: 0.5))
    let referral = try store.addReferral(
      Referral(time: storeT, referrer: ann.id, recipient: me.id, refereePerson: bob.id))
    _ = try store.updateReferral(id: referral.id, to: .met, at: storeT + day, reason: nil)
    _ = try store.addNote(Note(time: storeT, text: "note", person: bob.id))
    try store.setSetting(key: "half-life-days", value: "120")
    return (
      store, dir,
      Fixture(
        me: me, ann: ann, bob: bob, cem: cem, acme: acme, referral: referral,
        interaction: interaction)
    )
  }

  static let failures: [FailureCase] = [
    FailureCase(name: "a batch of interactions whose last one is invalid") { s, f in
      _ = try s.addInteractions([
        Interaction(time: storeT + 5 * day, kind: .meeting, participants: [f.me.id, f.bob.id]),
        Interaction(time: storeT - 50 * day, kind: .call, participants: [f.ann.id, f.cem.id]),
        Interaction(time: storeT, kind: .call, participants: [f.ann.id]),
      ])
    },
    FailureCase(name: "a batch of interactions naming an unknown person") { s, f in
      _ = try s.addInteractions([
        Interaction(time: storeT + 5 * day, kind: .meeting, participants: [f.me.id, f.bob.id]),
        Interaction(time: storeT + 6 * day, kind: .meeting, participants: [f.me.id, 999]),
      ])
    },
    FailureCase(name: "a back-dated interaction with a duplicated participant") { s, f in
      _ = try s.addInteraction(
        Interaction(
          time: storeT - 100 * day, kind: .meeting, participants: [f.me.id, f.ann.id, f.me.id]))
    },
    FailureCase(name: "a batch of ties whose last one joins a person to themself") { s, f in
      _ = try s.addTies([
        Tie(a: f.me.id, b: f.bob.id, weight: 1),
        Tie(a: f.me.id, b: f.ann.id, weight: 1, date: storeT - 300 * day),
        Tie(a: f.cem.id, b: f.cem.id, weight: 1),
      ])
    },
    FailureCase(name: "a batch of ties naming an unknown person") { s, f in
      _ = try s.addTies([
        Tie(a: f.me.id, b: f.bob.id, weight: 1), Tie(a: f.me.id, b: 12_345, weight: 1),
      ])
    },
    FailureCase(name: "a person with a taken handle") { s, f in
      _ = try s.addPerson(Person(handle: f.ann.handle, name: "Another Ann"))
    },
    FailureCase(name: "a person with an empty name") { s, _ in
      _ = try s.addPerson(Person(name: ""))
    },
    FailureCase(name: "a person with a bad email") { s, _ in
      _ = try s.addPerson(Person(name: "Dee", emails: ["dee at x.org"]))
    },
    FailureCase(name: "an update to a taken handle") { s, f in
      var ann = f.ann
      ann.handle = f.bob.handle
      ann.aliases = ["changed"]
      _ = try s.updatePerson(ann)
    },
    FailureCase(name: "removing an unknown person") { s, _ in
      try s.removePerson(id: 999)
    },
    FailureCase(name: "a referral about an unknown person") { s, f in
      _ = try s.addReferral(
        Referral(time: storeT, referrer: f.ann.id, recipient: f.me.id, refereePerson: 999))
    },
    FailureCase(name: "a referral to an unknown recipient") { s, f in
      _ = try s.addReferral(
        Referral(time: storeT, referrer: f.ann.id, recipient: 999, refereePerson: f.bob.id))
    },
    FailureCase(name: "a referral moved backward") { s, f in
      _ = try s.updateReferral(id: f.referral.id, to: .contacted, at: storeT + 9 * day, reason: nil)
    },
    FailureCase(name: "a referral change that predates the last one") { s, f in
      _ = try s.updateReferral(id: f.referral.id, to: .reportedBack, at: storeT, reason: nil)
    },
    FailureCase(name: "an invalid setting") { s, _ in
      try s.setSetting(key: "half-life-days", value: "-1")
    },
    FailureCase(name: "an unknown setting") { s, _ in
      try s.setSetting(key: "weight.lunch", value: "1")
    },
    FailureCase(name: "initialise twice") { s, _ in
      _ = try s.initialise(me: "Someone")
    },
    FailureCase(name: "an exchange with an unknown receiver") { s, f in
      _ = try s.addExchange(Exchange(time: storeT, giver: f.me.id, receiver: 999, kind: .advice))
    },
    FailureCase(name: "a note on an unknown interaction") { s, _ in
      _ = try s.addNote(Note(time: storeT, text: "lost", interaction: 999))
    },
    FailureCase(name: "an affiliation with an unknown organisation") { s, f in
      _ = try s.addAffiliation(Affiliation(person: f.me.id, organisation: 999))
    },
    FailureCase(name: "an organisation with a blank name") { s, _ in
      _ = try s.addOrganisation(Organisation(name: "  "))
    },
    FailureCase(name: "a tag cadence of 0 days") { s, _ in
      try s.setTagCadence(TagCadence(tag: "x", days: 0))
    },
    FailureCase(name: "a backup imported into a non-empty store") { s, _ in
      try s.importBackup(Backup(people: [Person(id: 50, handle: "zed", name: "Zed")]))
    },
  ]

  @Test("a failing call leaves the database unchanged", arguments: failures)
  func failureChangesNothing(_ c: FailureCase) throws {
    let (store, dir, fixture) = try Self.fixture()
    defer { dir.remove() }
    let counts = try store.counts()
    let backup = try store.exportBackup()
    let snapshot = try store.snapshot(asOf: storeT + 30 * day)
    #expect(throws: StoreError.self) { try c.run(store, fixture) }
    #expect(try store.counts() == counts)
    #expect(try store.exportBackup() == backup)
    let (after, source) = try store.snapshotWithSource(asOf: storeT + 30 * day)
    #expect(source == .ledger)
    #expect(after.tieStrength == snapshot.tieStrength)
    #expect(after.tiePeak == snapshot.tiePeak)
    #expect(after.tieCount == snapshot.tieCount)
    #expect(after.neighbors == snapshot.neighbors)
  }

  @Test("two stores on one file writing from different threads both succeed")
  func concurrentWriters() throws {
    let (first, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let second = try KithStore(path: first.path)
    let people = try (0..<6).map { try first.addPerson(Person(name: "Person \($0)")) }
    let ids = people.map(\.id)
    let perWriter = 60
    let errors = ErrorLog()
    let group = DispatchGroup()
    for (w, store) in [first, second].enumerated() {
      DispatchQueue.global().async(group: group) {
        for k in 0..<perWriter {
          do {
            let a = ids[(k + w) % ids.count]
            let b = ids[(k + w + 1 + k % 3) % ids.count]
            // Back-dated every third time, so that some pairs are recomputed under the lock.
            let time = storeT + Double(k % 3 == 0 ? -k : k) * 3_600
            _ = try store.addInteraction(
              Interaction(time: time, kind: .call, participants: [a, b]))
            if k % 10 == 0 {
              _ = try store.addPerson(Person(name: "Writer \(w) \(k)"))
              _ = try store.addTie(Tie(a: a, b: b, weight: 0.25))
            }
            _ = try store.counts()
          } catch {
            errors.append("writer \(w) step \(k): \(error)")
          }
        }
      }
    }
    group.wait()
    #expect(errors.all.isEmpty, "\(errors.all)")
    let counts = try second.counts()
    #expect(counts.interactions == 2 * perWriter)
    #expect(counts.people == 6 + 2 * (perWriter / 10))
    #expect(counts.ties == 2 * (perWriter / 10))
    // The ledger built by the interleaved writers equals a recomputation.
    let latest = try #require(try first.latestEventTime())
    let (ledger, source) = try first.snapshotWithSource(asOf: latest)
    #expect(source == .ledger)
    let recomputed = try first.snapshot(
      asOf: latest, settings: DecaySettings(halfLifeDays: 180.000_000_1))
    #expect(ledger.numberOfTies == recomputed.numberOfTies)
    #expect(ledger.neighbors == recomputed.neighbors)
    for t in 0..<min(ledger.numberOfTies, recomputed.numberOfTies) {
      #expect(
        isClose(Double(ledger.tieStrength[t]), Double(recomputed.tieStrength[t]), tolerance: 1e-6))
      #expect(isClose(Double(ledger.tiePeak[t]), Double(recomputed.tiePeak[t]), tolerance: 1e-6))
      #expect(ledger.tieCount[t] == recomputed.tieCount[t])
    }
  }
}

extension TransactionTests {
  @Test("a backup exported while another writer adds records is consistent")
  func exportDuringWrites() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let me = try store.initialise(me: "Me")
    let writer = try KithStore(path: store.path)
    let errors = ErrorLog()
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) {
      for k in 0..<300 {
        do {
          let p = try writer.addPerson(Person(name: "Person \(k)"))
          _ = try writer.addInteraction(
            Interaction(time: storeT + Double(k), kind: .call, participants: [me.id, p.id]))
        } catch {
          errors.append("writer step \(k): \(error)")
        }
      }
      errors.append("done")
    }
    var exports = 0
    var inconsistent = 0
    var firstProblem: String? = nil
    while !errors.all.contains("done") {
      let backup = try store.exportBackup()
      exports += 1
      let ids = Set(backup.people.map(\.id))
      if let orphan = backup.interactions.first(where: { !$0.participants.allSatisfy(ids.contains) }
      ) {
        inconsistent += 1
        firstProblem =
          firstProblem
          ?? "interaction \(orphan.id) names \(orphan.participants), people \(backup.people.count)"
      }
    }
    group.wait()
    #expect(errors.all == ["done"])
    #expect(
      inconsistent == 0,
      "\(inconsistent) of \(exports) backups name people they do not hold; first: \(firstProblem ?? "")"
    )
    // And a backup taken at rest restores.
    let (fresh, freshDir) = try makeTemporaryStore()
    defer { freshDir.remove() }
    try fresh.importBackup(try store.exportBackup())
    #expect(try fresh.counts() == store.counts())
  }
}

/// A thread-safe list of messages.
final class ErrorLog: @unchecked Sendable {
  private let lock = NSLock()
  private var messages: [String] = []

  func append(_ message: String) {
    lock.lock()
    messages.append(message)
    lock.unlock()
  }

  var all: [String] {
    lock.lock()
    defer { lock.unlock() }
    return messages
  }
}
