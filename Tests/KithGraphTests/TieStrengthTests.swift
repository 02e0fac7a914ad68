import Foundation
import KithGraph
import KithStore
import KithTestSupport
import Testing

/// 2026-01-01T00:00:00Z.
private let T = Date(timeIntervalSince1970: 1_767_225_600)
private let daySeconds: Double = 86_400

private func days(_ n: Double) -> TimeInterval { n * daySeconds }

/// A store with `names` added as people.
private func storeWithPeople(_ names: [String]) throws -> (KithStore, TemporaryDirectory, [Person])
{
  let (store, dir) = try makeTemporaryStore()
  var people: [Person] = []
  for name in names { people.append(try store.addPerson(Person(name: name))) }
  return (store, dir, people)
}

/// The tie between two stored people in a snapshot, or nil.
private func tie(_ snapshot: NetworkSnapshot, _ a: Person, _ b: Person) throws -> TieSummary? {
  let u = try #require(snapshot.index(ofPerson: a.id))
  let v = try #require(snapshot.index(ofPerson: b.id))
  return snapshot.tieIndex(u, v).map(snapshot.tie)
}

@Suite("Tie strength: DecaySettings and TieAccumulator")
struct TieAccumulatorTests {
  @Test("default weights and half-life follow ARCHITECTURE.md")
  func defaults() {
    let s = DecaySettings.default
    #expect(s.halfLifeDays == 180)
    #expect(s.halfLifeSeconds == 180 * daySeconds)
    let expected: [InteractionKind: Double] = [
      .meeting: 1.0, .video: 0.8, .call: 0.8, .message: 0.3, .email: 0.3, .event: 0.5,
      .social: 0.1, .other: 0.3,
    ]
    #expect(s.weights == expected)
    for kind in InteractionKind.allCases { #expect(kind.defaultWeight == expected[kind]) }
  }

  @Test("pair weight is weight(kind) / (n − 1)")
  func pairWeight() {
    let s = DecaySettings.default
    #expect(s.pairWeight(.meeting, participants: 2) == 1)
    #expect(s.pairWeight(.meeting, participants: 3) == 0.5)
    #expect(s.pairWeight(.meeting, participants: 5) == 0.25)
    #expect(isClose(s.pairWeight(.call, participants: 3), 0.4))
    #expect(isClose(s.pairWeight(.social, participants: 4), 0.1 / 3))
  }

  @Test("custom weights override only the kinds given")
  func customWeights() {
    let s = DecaySettings(halfLifeDays: 30, weights: [.call: 2, .social: 0])
    #expect(s.weights[.call] == 2)
    #expect(s.weights[.social] == 0)
    #expect(s.weights[.meeting] == 1)
    #expect(s.weights[.email] == 0.3)
    #expect(s.weights.count == InteractionKind.allCases.count)
    #expect(s.pairWeight(.call, participants: 2) == 2)
    #expect(isClose(s.decay(overSeconds: days(30)), 0.5))
    #expect(isClose(s.decay(overSeconds: days(60)), 0.25))
    #expect(s != DecaySettings.default)
    #expect(DecaySettings(halfLifeDays: 180, weights: [.meeting: 1]) == DecaySettings.default)
  }

  @Test("decay over one half-life halves, over none keeps")
  func decay() {
    let s = DecaySettings.default
    #expect(s.decay(overSeconds: 0) == 1)
    #expect(isClose(s.decay(overSeconds: days(180)), 0.5))
    #expect(isClose(s.decay(overSeconds: days(360)), 0.25))
    #expect(isClose(s.decay(overSeconds: days(90)), 0.5.squareRoot()))
  }

  @Test("one event: strength decays from its weight; peak is the weight")
  func oneEvent() {
    let h = DecaySettings.default.halfLifeSeconds
    var acc = TieAccumulator()
    let t0: Int64 = 1_000_000_000
    acc.add(time: t0, weight: 1, halfLifeSeconds: h)
    #expect(acc.count == 1 && acc.first == t0 && acc.last == t0)
    #expect(acc.strength(at: t0, halfLifeSeconds: h) == 1)
    #expect(isClose(acc.strength(at: t0 + 180 * 86_400, halfLifeSeconds: h), 0.5))
    #expect(acc.peak == 1)
  }

  @Test("two meetings 30 days apart: peak = 1 + 2^(−30/180)")
  func twoEvents() {
    let h = DecaySettings.default.halfLifeSeconds
    var acc = TieAccumulator()
    let t0: Int64 = 1_000_000_000
    acc.add(time: t0, weight: 1, halfLifeSeconds: h)
    acc.add(time: t0 + 30 * 86_400, weight: 1, halfLifeSeconds: h)
    let peak = 1 + pow(2, -30.0 / 180)
    #expect(isClose(acc.peak, peak))
    #expect(isClose(acc.strengthAtLast, peak))
    #expect(acc.count == 2 && acc.first == t0 && acc.last == t0 + 30 * 86_400)
    #expect(isClose(acc.strength(at: t0 + 210 * 86_400, halfLifeSeconds: h), peak / 2))
  }

  @Test("the peak is kept when a later, weaker event follows a long silence")
  func peakKept() {
    let h = DecaySettings.default.halfLifeSeconds
    var acc = TieAccumulator()
    acc.add(time: 0, weight: 3, halfLifeSeconds: h)
    acc.add(time: 360 * 86_400, weight: 0.1, halfLifeSeconds: h)
    #expect(acc.peak == 3)
    #expect(isClose(acc.strengthAtLast, 0.75 + 0.1))
  }

  @Test("events at the same second add up")
  func sameSecond() {
    let h = DecaySettings.default.halfLifeSeconds
    var acc = TieAccumulator()
    acc.add(time: 5, weight: 1, halfLifeSeconds: h)
    acc.add(time: 5, weight: 0.5, halfLifeSeconds: h)
    #expect(acc.strengthAtLast == 1.5 && acc.peak == 1.5 && acc.count == 2)
  }

  @Test("an undated explicit tie is a constant on top of the decaying part")
  func constant() {
    let h = DecaySettings.default.halfLifeSeconds
    var acc = TieAccumulator()
    acc.addConstant(2)
    #expect(acc.count == 1 && acc.first == nil && acc.last == nil)
    #expect(acc.strength(at: 0, halfLifeSeconds: h) == 2)
    #expect(acc.strength(at: 1_000_000_000, halfLifeSeconds: h) == 2)
    #expect(acc.peak == 2)
    acc.add(time: 0, weight: 1, halfLifeSeconds: h)
    #expect(acc.count == 2)
    #expect(isClose(acc.strength(at: 180 * 86_400, halfLifeSeconds: h), 2.5))
    #expect(acc.peak == 3)
  }

  @Test("TieEvents.accumulate folds unordered events per pair, pairs sorted")
  func tieEventsAccumulate() {
    let s = DecaySettings.default
    let h = s.halfLifeSeconds
    var events = TieEvents()
    let d: Int64 = 86_400
    // Given out of time order and with pairs reversed.
    events.add(2, 0, time: 30 * d, weight: 1)
    events.addInteraction(participants: [1, 0, 2], time: 10 * d, kind: .meeting, settings: s)
    events.add(0, 2, time: 0, weight: 1)
    events.addConstant(3, 1, weight: 0.7)
    events.addConstant(2, 0, weight: 0.2)
    let ties = events.accumulate(halfLifeSeconds: h)
    #expect(ties.a == [0, 0, 1, 1])
    #expect(ties.b == [1, 2, 2, 3])
    #expect(ties.count == [1, 4, 1, 1])
    #expect(ties.first == [10 * d, 0, 10 * d, TieColumns.none])
    #expect(ties.last == [10 * d, 30 * d, 10 * d, TieColumns.none])
    // Pair (0, 2): 1 at day 0, 0.5 at day 10, 1 at day 30.
    let at10 = pow(2, -10.0 / 180) + 0.5
    let at30 = at10 * pow(2, -20.0 / 180) + 1
    #expect(isClose(ties.strengthAtLast[1], at30))
    #expect(isClose(ties.peakDecaying[1], max(1, at10, at30)))
    #expect(ties.constant == [0, 0.2, 0, 0.7])
    #expect(ties.strengthAtLast[0] == 0.5 && ties.strengthAtLast[2] == 0.5)
    #expect(ties.strengthAtLast[3] == 0)
  }
}

@Suite("Tie strength through the store")
struct StoreTieStrengthTests {
  @Test("one meeting 180 days before T has strength 0.5")
  func oneMeetingHalfLife() throws {
    let (store, dir, p) = try storeWithPeople(["Ann", "Bob"])
    defer { dir.remove() }
    _ = try store.addInteraction(
      Interaction(time: T - days(180), kind: .meeting, participants: [p[0].id, p[1].id]))
    let (snapshot, source) = try store.snapshotWithSource(asOf: T)
    #expect(source == .ledger)
    let t = try #require(try tie(snapshot, p[0], p[1]))
    #expect(isClose(t.strength, 0.5, tolerance: 1e-6))
    #expect(t.peak == 1)
    #expect(t.count == 1)
    #expect(t.firstDay == T - days(180) && t.lastDay == T - days(180))
    #expect(snapshot.numberOfTies == 1)
    // Right at the meeting, the strength is the full weight.
    let atMeeting = try store.snapshot(asOf: T - days(180))
    #expect(try tie(atMeeting, p[0], p[1])?.strength == 1)
  }

  @Test("a 3-person meeting adds 0.5 to each of its three pairs")
  func groupMeeting() throws {
    let (store, dir, p) = try storeWithPeople(["Ann", "Bob", "Cem", "Dee"])
    defer { dir.remove() }
    _ = try store.addInteraction(
      Interaction(time: T, kind: .meeting, participants: [p[2].id, p[0].id, p[1].id]))
    let snapshot = try store.snapshot(asOf: T)
    #expect(snapshot.numberOfTies == 3)
    for (a, b) in [(0, 1), (0, 2), (1, 2)] {
      let t = try #require(try tie(snapshot, p[a], p[b]))
      #expect(t.strength == 0.5 && t.peak == 0.5 && t.count == 1)
    }
    #expect(try tie(snapshot, p[0], p[3]) == nil)
    let later = try store.snapshot(asOf: T + days(180))
    for (a, b) in [(0, 1), (0, 2), (1, 2)] {
      #expect(isClose(try #require(try tie(later, p[a], p[b])).strength, 0.25, tolerance: 1e-6))
    }
  }

  @Test("five participants: weight 1/4 per pair, ten pairs")
  func fivePeople() throws {
    let (store, dir, p) = try storeWithPeople(["A", "B", "C", "D", "E"])
    defer { dir.remove() }
    _ = try store.addInteraction(
      Interaction(time: T, kind: .call, participants: p.map(\.id)))
    let snapshot = try store.snapshot(asOf: T)
    #expect(snapshot.numberOfTies == 10)
    for t in 0..<snapshot.numberOfTies {
      #expect(isClose(snapshot.tie(t).strength, 0.2, tolerance: 1e-6))
    }
  }

  @Test("interactions after T are ignored by a snapshot as of T")
  func laterInteractionsIgnored() throws {
    let (store, dir, p) = try storeWithPeople(["Ann", "Bob", "Cem"])
    defer { dir.remove() }
    _ = try store.addInteraction(
      Interaction(time: T, kind: .meeting, participants: [p[0].id, p[1].id]))
    _ = try store.addInteraction(
      Interaction(time: T + days(100), kind: .meeting, participants: [p[0].id, p[1].id]))
    _ = try store.addInteraction(
      Interaction(time: T + days(100), kind: .call, participants: [p[1].id, p[2].id]))
    let (early, source) = try store.snapshotWithSource(asOf: T + days(10))
    #expect(source == .interactions)
    let t = try #require(try tie(early, p[0], p[1]))
    #expect(isClose(t.strength, pow(2, -10.0 / 180), tolerance: 1e-6))
    #expect(t.count == 1 && t.peak == 1)
    #expect(t.lastDay == T)
    #expect(try tie(early, p[1], p[2]) == nil)
    #expect(early.numberOfTies == 1)
    // Before anything happened: no ties at all, but everyone is there.
    let before = try store.snapshot(asOf: T - days(1))
    #expect(before.numberOfTies == 0 && before.personCount == 3)
    // At the last event, from the ledger: both meetings count.
    let (late, lateSource) = try store.snapshotWithSource(asOf: T + days(100))
    #expect(lateSource == .ledger)
    let lt = try #require(try tie(late, p[0], p[1]))
    #expect(lt.count == 2)
    #expect(isClose(lt.strength, 1 + pow(2, -100.0 / 180), tolerance: 1e-6))
  }

  @Test("two meetings 30 days apart: peak = 1 + 2^(−30/180)")
  func peakOfTwoMeetings() throws {
    let (store, dir, p) = try storeWithPeople(["Ann", "Bob"])
    defer { dir.remove() }
    // Recorded in reverse order: the second insert is back-dated.
    _ = try store.addInteraction(
      Interaction(time: T + days(30), kind: .meeting, participants: [p[1].id, p[0].id]))
    _ = try store.addInteraction(
      Interaction(time: T, kind: .meeting, participants: [p[0].id, p[1].id]))
    let peak = 1 + pow(2, -30.0 / 180)
    let asOf = T + days(90)
    let (snapshot, source) = try store.snapshotWithSource(asOf: asOf)
    #expect(source == .ledger)
    let t = try #require(try tie(snapshot, p[0], p[1]))
    #expect(isClose(t.peak, peak, tolerance: 1e-6))
    #expect(isClose(t.strength, peak * pow(2, -60.0 / 180), tolerance: 1e-6))
    #expect(t.count == 2 && t.firstDay == T && t.lastDay == T + days(30))
  }

  @Test("an undated explicit tie is constant")
  func undatedExplicitTie() throws {
    let (store, dir, p) = try storeWithPeople(["Ann", "Bob"])
    defer { dir.remove() }
    _ = try store.addTie(Tie(a: p[0].id, b: p[1].id, weight: 2.5))
    for asOf in [T - days(10_000), T, T + days(5_000)] {
      let (snapshot, source) = try store.snapshotWithSource(asOf: asOf)
      #expect(source == .ledger)
      let t = try #require(try tie(snapshot, p[0], p[1]))
      #expect(t.strength == 2.5 && t.peak == 2.5 && t.count == 1)
      #expect(t.firstDay == nil && t.lastDay == nil)
    }
    // Recomputed (other settings): still constant.
    let other = DecaySettings(halfLifeDays: 7)
    let (snapshot, source) = try store.snapshotWithSource(asOf: T, settings: other)
    #expect(source == .interactions)
    #expect(try tie(snapshot, p[0], p[1])?.strength == 2.5)
  }

  @Test("a dated explicit tie decays from its date")
  func datedExplicitTie() throws {
    let (store, dir, p) = try storeWithPeople(["Ann", "Bob"])
    defer { dir.remove() }
    _ = try store.addTie(Tie(a: p[1].id, b: p[0].id, weight: 2, date: T - days(90)))
    let t = try #require(try tie(try store.snapshot(asOf: T), p[0], p[1]))
    #expect(isClose(t.strength, 2 * 0.5.squareRoot(), tolerance: 1e-6))
    #expect(t.peak == 2 && t.count == 1 && t.firstDay == T - days(90))
    // Not yet known before its date.
    let (before, source) = try store.snapshotWithSource(asOf: T - days(91))
    #expect(source == .interactions)
    #expect(try tie(before, p[0], p[1]) == nil)
  }

  @Test("explicit ties and interactions on one pair add up")
  func mixedPair() throws {
    let (store, dir, p) = try storeWithPeople(["Ann", "Bob"])
    defer { dir.remove() }
    _ = try store.addTie(Tie(a: p[0].id, b: p[1].id, weight: 0.5))
    _ = try store.addInteraction(
      Interaction(time: T - days(180), kind: .video, participants: [p[0].id, p[1].id]))
    _ = try store.addTie(Tie(a: p[0].id, b: p[1].id, weight: 1, date: T - days(180)))
    let t = try #require(try tie(try store.snapshot(asOf: T), p[0], p[1]))
    #expect(isClose(t.strength, 0.5 + (0.8 + 1) / 2, tolerance: 1e-6))
    #expect(isClose(t.peak, 0.5 + 1.8, tolerance: 1e-6))
    #expect(t.count == 3)
  }

  @Test("each kind adds its default weight", arguments: InteractionKind.allCases)
  func kindWeights(kind: InteractionKind) throws {
    let (store, dir, p) = try storeWithPeople(["Ann", "Bob"])
    defer { dir.remove() }
    _ = try store.addInteraction(
      Interaction(time: T, kind: kind, participants: [p[0].id, p[1].id]))
    let t = try #require(try tie(try store.snapshot(asOf: T), p[0], p[1]))
    #expect(isClose(t.strength, kind.defaultWeight, tolerance: 1e-6))
  }

  @Test("custom weights and half-life from the settings")
  func customSettings() throws {
    let (store, dir, p) = try storeWithPeople(["Ann", "Bob", "Cem"])
    defer { dir.remove() }
    _ = try store.addInteraction(
      Interaction(time: T - days(60), kind: .call, participants: [p[0].id, p[1].id]))
    _ = try store.addInteraction(
      Interaction(time: T - days(60), kind: .meeting, participants: [p[1].id, p[2].id]))
    try store.setSetting(key: "weight.call", value: "2")
    try store.setSetting(key: "half-life-days", value: "30")
    let settings = try store.decaySettings()
    #expect(settings == DecaySettings(halfLifeDays: 30, weights: [.call: 2]))
    let (snapshot, source) = try store.snapshotWithSource(asOf: T)
    #expect(source == .ledger)
    #expect(snapshot.settings == settings)
    #expect(isClose(try #require(try tie(snapshot, p[0], p[1])).strength, 0.5, tolerance: 1e-6))
    #expect(isClose(try #require(try tie(snapshot, p[1], p[2])).strength, 0.25, tolerance: 1e-6))
    #expect(try #require(try tie(snapshot, p[0], p[1])).peak == 2)
    // Settings passed explicitly recompute from the interactions.
    let custom = DecaySettings(halfLifeDays: 60, weights: [.call: 4, .meeting: 3])
    let (other, otherSource) = try store.snapshotWithSource(asOf: T, settings: custom)
    #expect(otherSource == .interactions)
    #expect(isClose(try #require(try tie(other, p[0], p[1])).strength, 2, tolerance: 1e-6))
    #expect(isClose(try #require(try tie(other, p[1], p[2])).strength, 1.5, tolerance: 1e-6))
  }

  @Test("a weight of 0 keeps the tie with strength 0")
  func zeroWeight() throws {
    let (store, dir, p) = try storeWithPeople(["Ann", "Bob"])
    defer { dir.remove() }
    try store.setSetting(key: "weight.social", value: "0")
    _ = try store.addInteraction(
      Interaction(time: T, kind: .social, participants: [p[0].id, p[1].id]))
    let t = try #require(try tie(try store.snapshot(asOf: T), p[0], p[1]))
    #expect(t.strength == 0 && t.peak == 0 && t.count == 1)
  }
}
