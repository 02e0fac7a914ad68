import Foundation
import KithGraph
import KithStore
import KithTestSupport
import Testing

/// 2026-01-01T00:00:00Z.
private let T = Date(timeIntervalSince1970: 1_767_225_600)
private let tSeconds: Int64 = 1_767_225_600

/// `n` people with ids 101, 102, … and handles p0, p1, …
private func people(_ n: Int) -> SnapshotPeople {
  var people = SnapshotPeople()
  for i in 0..<n {
    people.append(Person(id: Int64(101 + i), handle: "p\(i)", name: "Person \(i)"))
  }
  return people
}

/// Undated ties with constant weights, in the order given.
private func constantTies(_ pairs: [(Int32, Int32, Double)]) -> TieColumns {
  var ties = TieColumns()
  for (a, b, w) in pairs {
    var acc = TieAccumulator()
    acc.addConstant(w)
    ties.append(a: a, b: b, acc)
  }
  return ties
}

/// Checks every structural invariant of a snapshot's CSR adjacency and tie columns.
func checkSnapshotInvariants(
  _ s: NetworkSnapshot, sourceLocation: SourceLocation = #_sourceLocation
) {
  let n = s.personCount
  let m = s.numberOfTies
  #expect(s.offsets.count == n + 1, sourceLocation: sourceLocation)
  #expect(s.offsets.first == 0, sourceLocation: sourceLocation)
  #expect(s.offsets.last == 2 * m, sourceLocation: sourceLocation)
  #expect(s.neighbors.count == 2 * m, sourceLocation: sourceLocation)
  #expect(s.tiePeak.count == m && s.tieCount.count == m, sourceLocation: sourceLocation)
  var adjacency = [Set<Int32>](repeating: [], count: n)
  var degreeSum = 0
  for u in 0..<Int32(n) {
    let list = Array(s.neighbors(of: u))
    #expect(list.count == s.degree(u), sourceLocation: sourceLocation)
    degreeSum += s.degree(u)
    #expect(
      zip(list, list.dropFirst()).allSatisfy { $0 < $1 },
      "neighbours of \(u) not strictly ascending: \(list)", sourceLocation: sourceLocation)
    #expect(!list.contains(u), "self-loop at \(u)", sourceLocation: sourceLocation)
    #expect(list.allSatisfy { $0 >= 0 && Int($0) < n }, sourceLocation: sourceLocation)
    adjacency[Int(u)] = Set(list)
    #expect(s.tieIndex(u, u) == nil, sourceLocation: sourceLocation)
  }
  #expect(degreeSum == 2 * m, sourceLocation: sourceLocation)
  var slotsPerTie = [Int](repeating: 0, count: m)
  let slotStrengths = s.slotStrengths()
  #expect(slotStrengths.count == s.neighbors.count, sourceLocation: sourceLocation)
  for u in 0..<Int32(n) {
    for slot in s.offsets[Int(u)]..<s.offsets[Int(u) + 1] {
      let v = s.neighbors[slot]
      #expect(
        adjacency[Int(v)].contains(u), "\(u)–\(v) not symmetric", sourceLocation: sourceLocation)
      let forward = s.tieIndex(u, v)
      let backward = s.tieIndex(v, u)
      #expect(forward != nil && forward == backward, sourceLocation: sourceLocation)
      let bySlot = s.tieIndex(slot: slot, of: u)
      #expect(bySlot == forward, "slot \(slot) of \(u)", sourceLocation: sourceLocation)
      guard let t = forward, t >= 0, t < m else {
        Issue.record("tie index out of range for \(u)–\(v)", sourceLocation: sourceLocation)
        continue
      }
      slotsPerTie[t] += 1
      let ends = s.endpoints(ofTie: t)
      #expect(ends.a == min(u, v) && ends.b == max(u, v), sourceLocation: sourceLocation)
      #expect(slotStrengths[slot] == s.tieStrength[t], sourceLocation: sourceLocation)
      #expect(Double(slotStrengths[slot]) == s.strength(u, v), sourceLocation: sourceLocation)
    }
  }
  #expect(
    slotsPerTie.allSatisfy { $0 == 2 }, "every tie has exactly two slots",
    sourceLocation: sourceLocation)
  // Canonical order: (a, b) strictly increasing, a < b.
  var previous: TieEndpoints? = nil
  for t in 0..<m {
    let e = s.endpoints(ofTie: t)
    #expect(e.a < e.b, sourceLocation: sourceLocation)
    if let p = previous {
      #expect(
        (p.a, p.b) < (e.a, e.b), "tie \(t) out of canonical order", sourceLocation: sourceLocation)
    }
    previous = e
    #expect(s.tieIndex(e.a, e.b) == t, sourceLocation: sourceLocation)
  }
  for u in 0..<Int32(n) {
    for v in 0..<Int32(n) where u != v && !adjacency[Int(u)].contains(v) {
      #expect(s.tieIndex(u, v) == nil && s.strength(u, v) == 0, sourceLocation: sourceLocation)
    }
  }
  if m > 0 { #expect(s.bytesPerTie == 24, sourceLocation: sourceLocation) }
  for (i, id) in s.people.ids.enumerated() {
    #expect(s.index(ofPerson: id) == Int32(i), sourceLocation: sourceLocation)
  }
}

@Suite("NetworkSnapshot")
struct NetworkSnapshotTests {
  @Test("a hand-made graph given unsorted and reversed")
  func handMade() throws {
    let ties = constantTies([(3, 1, 31), (0, 4, 4), (1, 0, 1), (2, 4, 24), (4, 1, 14)])
    let s = NetworkSnapshot(
      asOf: T, settings: .default, people: people(5), ties: ties, ego: 0)
    checkSnapshotInvariants(s)
    #expect(s.numberOfTies == 5)
    #expect(s.ego == 0)
    #expect(Array(s.neighbors(of: 0)) == [1, 4])
    #expect(Array(s.neighbors(of: 1)) == [0, 3, 4])
    #expect(Array(s.neighbors(of: 2)) == [4])
    #expect(Array(s.neighbors(of: 3)) == [1])
    #expect(Array(s.neighbors(of: 4)) == [0, 1, 2])
    #expect((0..<5).map { s.degree(Int32($0)) } == [2, 3, 1, 1, 3])
    // Canonical order: (0,1) (0,4) (1,3) (1,4) (2,4).
    let ends = (0..<5).map { s.endpoints(ofTie: $0) }
    #expect(ends.map(\.a) == [0, 0, 1, 1, 2])
    #expect(ends.map(\.b) == [1, 4, 3, 4, 4])
    #expect(s.tieStrength == [1, 4, 31, 14, 24])
    for (u, v, w) in [(0, 1, 1.0), (0, 4, 4), (1, 3, 31), (1, 4, 14), (2, 4, 24)]
      as [(Int32, Int32, Double)]
    {
      #expect(s.strength(u, v) == w && s.strength(v, u) == w)
      let t = try #require(s.tieIndex(v, u))
      let summary = s.tie(t)
      #expect(summary.strength == w && summary.peak == w && summary.count == 1)
      #expect(summary.firstDay == nil && summary.lastDay == nil)
    }
    #expect(s.strength(0, 2) == 0 && s.tieIndex(3, 4) == nil)
    #expect(s.bytesPerTie == 24)
    #expect(s.slotStrengths() == [1, 4, 1, 31, 14, 24, 31, 4, 14, 24])
  }

  @Test("sorted and unsorted inputs give the same snapshot")
  func orderIndependent() {
    let pairs: [(Int32, Int32, Double)] = [(0, 1, 1), (0, 2, 2), (1, 2, 3), (2, 3, 4)]
    let sorted = NetworkSnapshot(
      asOf: T, settings: .default, people: people(4), ties: constantTies(pairs), ego: nil)
    let shuffled = NetworkSnapshot(
      asOf: T, settings: .default, people: people(4),
      ties: constantTies(pairs.reversed().map { ($0.1, $0.0, $0.2) }), ego: nil)
    #expect(sorted.neighbors == shuffled.neighbors)
    #expect(sorted.offsets == shuffled.offsets)
    #expect(sorted.tieStrength == shuffled.tieStrength)
    checkSnapshotInvariants(sorted)
    checkSnapshotInvariants(shuffled)
  }

  @Test("dated ties: strength decayed to asOf, peak, count and days")
  func datedTies() throws {
    var ties = TieColumns()
    let d: Int64 = 86_400
    // (0,1): one event 180 days before T, at 15:00.
    ties.append(
      a: 0, b: 1, count: 1, first: tSeconds - 180 * d + 54_000, last: tSeconds - 180 * d + 54_000,
      strengthAtLast: 1, peakDecaying: 1, constant: 0)
    // (1,2): events from 400 to 360 days before T, plus an undated constant of 0.25.
    ties.append(
      a: 2, b: 1, count: 3, first: tSeconds - 400 * d, last: tSeconds - 360 * d,
      strengthAtLast: 2, peakDecaying: 2.5, constant: 0.25)
    let s = NetworkSnapshot(asOf: T, settings: .default, people: people(3), ties: ties, ego: nil)
    checkSnapshotInvariants(s)
    #expect(s.dayBase == tSeconds / d - 400)
    let first = s.tie(try #require(s.tieIndex(0, 1)))
    #expect(
      isClose(first.strength, pow(2, -(180 * 86_400 - 54_000) / (180.0 * 86_400)), tolerance: 1e-6))
    #expect(first.peak == 1 && first.count == 1)
    #expect(first.firstDay == T - 180 * 86_400 && first.lastDay == T - 180 * 86_400)
    let second = s.tie(try #require(s.tieIndex(1, 2)))
    #expect(isClose(second.strength, 2 * 0.25 + 0.25, tolerance: 1e-6))
    #expect(second.peak == 2.75 && second.count == 3)
    #expect(second.firstDay == T - 400 * 86_400 && second.lastDay == T - 360 * 86_400)
  }

  @Test("first and last days more than 179 years after the earliest are kept")
  func daysAcrossTheAcceptedRange() throws {
    let early = try #require(KithTime.parseSeconds("1901-01-01"))
    let late = try #require(KithTime.parseSeconds("2150-06-01"))
    var ties = TieColumns()
    ties.append(
      a: 0, b: 1, count: 1, first: early, last: early, strengthAtLast: 1, peakDecaying: 1,
      constant: 0)
    ties.append(
      a: 1, b: 2, count: 1, first: late, last: late, strengthAtLast: 1, peakDecaying: 1, constant: 0
    )
    let asOf = Date(timeIntervalSince1970: Double(late))
    let s = NetworkSnapshot(asOf: asOf, settings: .default, people: people(3), ties: ties, ego: nil)
    let t = s.tie(try #require(s.tieIndex(1, 2)))
    #expect(t.lastDay.map(KithTime.formatDay) == "2150-06-01")
    #expect(t.firstDay.map(KithTime.formatDay) == "2150-06-01")
    #expect(s.tie(try #require(s.tieIndex(0, 1))).firstDay.map(KithTime.formatDay) == "1901-01-01")
  }

  @Test("no people")
  func empty() {
    let s = NetworkSnapshot(
      asOf: T, settings: .default, people: SnapshotPeople(), ties: TieColumns(), ego: nil)
    #expect(s.personCount == 0 && s.numberOfTies == 0)
    #expect(s.offsets == [0])
    #expect(s.neighbors.isEmpty)
    #expect(s.slotStrengths().isEmpty)
    #expect(s.bytesPerTie == 0)
    #expect(s.affiliationOffsets == [0])
    #expect(s.index(ofPerson: 1) == nil)
    checkSnapshotInvariants(s)
  }

  @Test("people with no ties")
  func isolated() {
    let s = NetworkSnapshot(
      asOf: T, settings: .default, people: people(4), ties: TieColumns(), ego: 2)
    #expect(s.personCount == 4 && s.numberOfTies == 0)
    #expect(s.offsets == [0, 0, 0, 0, 0])
    for u in 0..<Int32(4) {
      #expect(s.degree(u) == 0 && s.neighbors(of: u).isEmpty)
      for v in 0..<Int32(4) { #expect(s.tieIndex(u, v) == nil && s.strength(u, v) == 0) }
    }
    #expect(s.bytesPerTie == 0)
    #expect(s.dayBase == tSeconds / 86_400)
    #expect(s.people.handles == ["p0", "p1", "p2", "p3"])
    #expect(s.index(ofPerson: 103) == 2)
    checkSnapshotInvariants(s)
  }

  @Test("isolated people between connected ones")
  func isolatedBetween() {
    // People 0, 2, 5 have no ties; 6 is linked to everyone else connected.
    let ties = constantTies([(6, 1, 1), (3, 6, 2), (4, 1, 3), (1, 3, 4), (6, 4, 5)])
    let s = NetworkSnapshot(asOf: T, settings: .default, people: people(8), ties: ties, ego: nil)
    checkSnapshotInvariants(s)
    #expect(s.degree(0) == 0 && s.degree(2) == 0 && s.degree(5) == 0 && s.degree(7) == 0)
    #expect(Array(s.neighbors(of: 6)) == [1, 3, 4])
    #expect(s.strength(4, 6) == 5)
  }

  @Test("seeded random graphs keep every invariant", arguments: Array(UInt64(1)...20))
  func randomGraphs(seed: UInt64) {
    var rng = SeededGenerator(seed: seed)
    let n = Int.random(in: 1...60, using: &rng)
    var expected: [UInt64: Float] = [:]
    var pairs: [(Int32, Int32, Double)] = []
    if n > 1 {
      for _ in 0..<Int.random(in: 0...(n * 3), using: &rng) {
        let u = Int32.random(in: 0..<Int32(n), using: &rng)
        let v = Int32.random(in: 0..<Int32(n), using: &rng)
        let key = UInt64(UInt32(min(u, v))) << 32 | UInt64(UInt32(max(u, v)))
        guard u != v, expected[key] == nil else { continue }
        let w = Double(Int.random(in: 1...1000, using: &rng)) / 8
        expected[key] = Float(w)
        pairs.append(Bool.random(using: &rng) ? (u, v, w) : (v, u, w))
      }
    }
    pairs.shuffle(using: &rng)
    let s = NetworkSnapshot(
      asOf: T, settings: .default, people: people(n), ties: constantTies(pairs), ego: nil)
    #expect(s.numberOfTies == expected.count)
    checkSnapshotInvariants(s)
    for (key, w) in expected {
      let u = Int32(truncatingIfNeeded: key >> 32)
      let v = Int32(truncatingIfNeeded: key & 0xFFFF_FFFF)
      #expect(s.strength(v, u) == Double(w))
    }
  }

  @Test("affiliation incidence is grouped by person")
  func affiliations() {
    let affiliations = [
      SnapshotAffiliation(person: 2, organisation: 0, role: "CTO", isCurrent: true),
      SnapshotAffiliation(person: 0, organisation: 1, role: nil, isCurrent: false),
      SnapshotAffiliation(person: 2, organisation: 1, role: "advisor", isCurrent: false),
    ]
    var orgs = SnapshotOrganisations()
    orgs.append(Organisation(id: 7, handle: "acme", name: "Acme"))
    orgs.append(Organisation(id: 8, handle: "globex", name: "Globex"))
    let s = NetworkSnapshot(
      asOf: T, settings: .default, people: people(3), organisations: orgs,
      affiliations: affiliations, ties: TieColumns(), ego: nil)
    #expect(s.affiliationOffsets == [0, 1, 1, 3])
    #expect(s.affiliations(of: 0).map(\.organisation) == [1])
    #expect(s.affiliations(of: 1).isEmpty)
    #expect(s.affiliations(of: 2).map(\.role) == ["CTO", "advisor"])
    #expect(s.organisations.handles == ["acme", "globex"])
  }

  @Test("a store snapshot: people in id order, ego, affiliations, ties")
  func fromStore() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let me = try store.initialise(me: "Me Myself")
    let ann = try store.addPerson(Person(name: "Ann", tags: ["Friend"], cadenceDays: 14))
    let bob = try store.addPerson(Person(name: "Bob"))
    let loner = try store.addPerson(Person(name: "Loner"))
    let acme = try store.addOrganisation(Organisation(name: "Acme"))
    _ = try store.addAffiliation(
      Affiliation(person: ann.id, organisation: acme.id, role: "CEO", from: T - 1_000_000))
    _ = try store.addAffiliation(
      Affiliation(person: bob.id, organisation: acme.id, from: T - 2_000_000, to: T - 1_000_000))
    _ = try store.addAffiliation(
      Affiliation(person: me.id, organisation: acme.id, from: T + 1_000_000))
    _ = try store.addInteraction(
      Interaction(time: T - 86_400, kind: .meeting, participants: [me.id, ann.id, bob.id]))
    let s = try store.snapshot(asOf: T)
    checkSnapshotInvariants(s)
    #expect(s.people.ids == [me.id, ann.id, bob.id, loner.id])
    #expect(s.people.handles == ["me-myself", "ann", "bob", "loner"])
    #expect(s.people.tags[1] == ["friend"])
    #expect(s.people.cadenceDays == [0, 14, 0, 0])
    #expect(s.ego == 0)
    #expect(s.numberOfTies == 3)
    #expect(s.degree(3) == 0)
    #expect(s.bytesPerTie == 24)
    // The future affiliation of `me` is not known yet; Bob's has ended.
    #expect(s.affiliations(of: 0).isEmpty)
    #expect(s.affiliations(of: 1).map(\.isCurrent) == [true])
    #expect(s.affiliations(of: 2).map(\.isCurrent) == [false])
    #expect(s.organisations.handles == ["acme"])
    // Another ego can be asked for.
    #expect(try store.snapshot(asOf: T, ego: bob.id).ego == 2)
  }
}
