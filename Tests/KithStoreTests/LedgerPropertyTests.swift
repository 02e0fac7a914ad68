import Foundation
import KithGraph
import KithStore
import KithTestSupport
import Testing

// The tie ledger is maintained incrementally on every insert (with back-dated records
// recomputing their pairs) and rebuilt on setting changes and removals. These tests check it,
// over many seeded random histories, against an oracle that applies ARCHITECTURE.md's formula
// directly to the raw records:
//
//   s(u, v, T) = Σ_{i ∋ u,v ; tᵢ ≤ T} wᵢ · 2^(−(T − tᵢ)/h)  (+ undated explicit ties)
//   peak = max over event times τ of s(u, v, τ)
//
// with no recurrence, no ordering and no shared code with the store.

struct RawInteraction: Sendable {
  var time: Int64
  var kind: InteractionKind
  var participants: [Int64]
  /// How many took part, when someone was removed since: the weight is among them all.
  var participantCount: Int? = nil
}

struct RawTie: Sendable {
  var a: Int64
  var b: Int64
  var weight: Double
  var time: Int64?
}

struct PairKey: Hashable, Sendable, CustomStringConvertible {
  var a: Int64
  var b: Int64
  init(_ u: Int64, _ v: Int64) {
    a = min(u, v)
    b = max(u, v)
  }
  var description: String { "(\(a), \(b))" }
}

struct ExpectedTie {
  var strength: Double
  var peak: Double
  var count: Int
  var first: Int64?
  var last: Int64?
}

/// Everything recorded so far, as plain values.
struct History {
  var people: [Int64] = []
  var interactions: [RawInteraction] = []
  var ties: [RawTie] = []

  var latest: Int64? {
    (interactions.map(\.time) + ties.compactMap(\.time)).max()
  }

  /// The oracle: ARCHITECTURE.md's sums, evaluated directly.
  func expected(settings: DecaySettings, asOf T: Int64) -> [PairKey: ExpectedTie] {
    let h = settings.halfLifeDays * 86_400
    var events: [PairKey: [(time: Int64, weight: Double)]] = [:]
    var constants: [PairKey: (weight: Double, count: Int)] = [:]
    for i in interactions where i.time <= T {
      let w =
        (settings.weights[i.kind] ?? .nan)
        / Double((i.participantCount ?? i.participants.count) - 1)
      for x in 0..<i.participants.count {
        for y in (x + 1)..<i.participants.count {
          events[PairKey(i.participants[x], i.participants[y]), default: []].append((i.time, w))
        }
      }
    }
    for t in ties {
      if let time = t.time {
        if time <= T { events[PairKey(t.a, t.b), default: []].append((time, t.weight)) }
      } else {
        constants[PairKey(t.a, t.b), default: (0, 0)].weight += t.weight
        constants[PairKey(t.a, t.b), default: (0, 0)].count += 1
      }
    }
    var out: [PairKey: ExpectedTie] = [:]
    for key in Set(events.keys).union(constants.keys) {
      let list = events[key] ?? []
      let c = constants[key] ?? (0, 0)
      func s(at tau: Int64) -> Double {
        list.filter { $0.time <= tau }.reduce(0) {
          $0 + $1.weight * exp2(-Double(tau - $1.time) / h)
        }
      }
      let peakDecaying = Set(list.map(\.time)).map(s(at:)).max() ?? 0
      out[key] = ExpectedTie(
        strength: s(at: T) + c.weight, peak: peakDecaying + c.weight, count: list.count + c.count,
        first: list.map(\.time).min(), last: list.map(\.time).max())
    }
    return out
  }

  /// The same history after removing person `id`, as `removePerson` documents it.
  func removing(_ id: Int64) -> History {
    var h = History()
    h.people = people.filter { $0 != id }
    h.interactions = interactions.compactMap { i in
      guard i.participants.contains(id) else { return i }
      guard i.participants.count > 2 else { return nil }
      var j = i
      j.participantCount = i.participantCount ?? i.participants.count
      j.participants.removeAll { $0 == id }
      return j
    }
    h.ties = ties.filter { $0.a != id && $0.b != id }
    return h
  }
}

/// Differences between a snapshot and the oracle (empty when they agree).
func mismatches(
  _ s: NetworkSnapshot, _ expected: [PairKey: ExpectedTie], tolerance: Double = 1e-6
) -> [String] {
  var out: [String] = []
  if s.numberOfTies != expected.count {
    out.append("snapshot has \(s.numberOfTies) ties, oracle \(expected.count)")
  }
  for t in 0..<s.numberOfTies {
    let e = s.endpoints(ofTie: t)
    let key = PairKey(s.people.ids[Int(e.a)], s.people.ids[Int(e.b)])
    guard let x = expected[key] else {
      out.append("unexpected tie \(key)")
      continue
    }
    let got = s.tie(t)
    if !isClose(got.strength, x.strength, tolerance: tolerance) {
      out.append("\(key) strength \(got.strength) ≠ \(x.strength)")
    }
    if !isClose(got.peak, x.peak, tolerance: tolerance) {
      out.append("\(key) peak \(got.peak) ≠ \(x.peak)")
    }
    if got.count != x.count { out.append("\(key) count \(got.count) ≠ \(x.count)") }
    let firstDay = x.first.map {
      Date(timeIntervalSince1970: Double(KithTime.day(ofSeconds: $0) * 86_400))
    }
    let lastDay = x.last.map {
      Date(timeIntervalSince1970: Double(KithTime.day(ofSeconds: $0) * 86_400))
    }
    if got.firstDay != firstDay || got.lastDay != lastDay {
      out.append(
        "\(key) days \(String(describing: got.firstDay))…\(String(describing: got.lastDay)) ≠ \(String(describing: firstDay))…\(String(describing: lastDay))"
      )
    }
  }
  return out
}

/// Builds a random history through the store in many separate calls, in random time order,
/// checking the ledger against the oracle after every call.
struct RandomHistory {
  var rng: SeededGenerator
  var history = History()
  var usedTimes: [Int64] = []
  /// How many records were inserted with a time before the latest already stored.
  var backDated = 0
  let start = Int64(1_767_225_600) - 2_000 * 86_400

  init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

  mutating func time() -> Int64 {
    // One time in five repeats an earlier one, so that same-second events occur.
    if !usedTimes.isEmpty, Int.random(in: 0..<5, using: &rng) == 0 {
      return usedTimes[Int.random(in: usedTimes.indices, using: &rng)]
    }
    let t = start + Int64.random(in: 0..<(2_000 * 86_400), using: &rng)
    usedTimes.append(t)
    return t
  }

  mutating func participants(_ count: Int) -> [Int64] {
    Array(history.people.shuffled(using: &rng).prefix(count))
  }

  enum Record {
    case interaction(Interaction)
    case tie(Tie)
  }

  mutating func records(
    interactions: ClosedRange<Int>, dated: ClosedRange<Int>, undated: ClosedRange<Int>
  ) -> [Record] {
    var records: [Record] = []
    for _ in 0..<Int.random(in: interactions, using: &rng) {
      let n = Int.random(in: 2...min(5, history.people.count), using: &rng)
      let p = participants(n)
      let kind = InteractionKind.allCases[
        Int.random(in: 0..<InteractionKind.allCases.count, using: &rng)]
      let initiator = Bool.random(using: &rng) ? p.first : nil
      records.append(
        .interaction(
          Interaction(
            time: Date(timeIntervalSince1970: Double(time())), kind: kind, participants: p,
            initiator: initiator)))
    }
    let weights = [0, 0.25, 0.5, 1, 1.75, 3]
    for _ in 0..<Int.random(in: dated, using: &rng) {
      let p = participants(2)
      records.append(
        .tie(
          Tie(
            a: p[0], b: p[1], weight: weights[Int.random(in: weights.indices, using: &rng)],
            date: Date(timeIntervalSince1970: Double(time())))))
    }
    for _ in 0..<Int.random(in: undated, using: &rng) {
      let p = participants(2)
      records.append(
        .tie(Tie(a: p[0], b: p[1], weight: weights[Int.random(in: weights.indices, using: &rng)])))
    }
    records.shuffle(using: &rng)
    return records
  }

  /// Inserts `records` in runs of random length, one store call per run, and checks the
  /// ledger after each call.
  mutating func insert(_ records: [Record], into store: KithStore, seed: UInt64) throws {
    var k = 0
    while k < records.count {
      let length = Int.random(in: 1...8, using: &rng)
      var interactions: [Interaction] = []
      var ties: [Tie] = []
      if case .interaction = records[k] {
        while k < records.count, interactions.count < length, case .interaction(let i) = records[k]
        {
          interactions.append(i)
          k += 1
        }
        let latestSoFar = history.latest ?? .min
        backDated += interactions.filter { KithTime.seconds($0.time) < latestSoFar }.count
        if interactions.count == 1, Bool.random(using: &rng) {
          _ = try store.addInteraction(interactions[0])
        } else {
          _ = try store.addInteractions(interactions)
        }
        history.interactions += interactions.map {
          RawInteraction(
            time: KithTime.seconds($0.time), kind: $0.kind, participants: $0.participants)
        }
      } else {
        while k < records.count, ties.count < length, case .tie(let t) = records[k] {
          ties.append(t)
          k += 1
        }
        if ties.count == 1, Bool.random(using: &rng) {
          _ = try store.addTie(ties[0])
        } else {
          _ = try store.addTies(ties)
        }
        history.ties += ties.map {
          RawTie(a: $0.a, b: $0.b, weight: $0.weight, time: $0.date.map(KithTime.seconds))
        }
      }
      try checkLedger(
        store, asOf: history.latest ?? 1_767_225_600, context: "seed \(seed), after record \(k)")
    }
  }

  /// The snapshot as of `asOf` must come from the ledger and match the oracle.
  func checkLedger(_ store: KithStore, asOf: Int64, context: String) throws {
    let settings = try store.decaySettings()
    let (snapshot, source) = try store.snapshotWithSource(
      asOf: Date(timeIntervalSince1970: Double(asOf)))
    #expect(source == .ledger, "\(context)")
    let diff = mismatches(snapshot, history.expected(settings: settings, asOf: asOf))
    #expect(diff.isEmpty, "\(context): \(diff.prefix(8))")
  }
}

@Suite("Tie ledger equals recomputation over random histories")
struct LedgerPropertyTests {
  @Test(
    "ledger snapshot = oracle = recomputed snapshot = TieEvents.accumulate",
    arguments: Array(UInt64(1)...50))
  func ledgerMatchesRecomputation(seed: UInt64) throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    var random = RandomHistory(seed: seed)
    let names = ["Ann Lee", "Bob", "Cem Kaya", "Dee", "José García", "Zoë", "Li Wei", "Ann Lee"]
    for _ in 0..<Int.random(in: 4...14, using: &random.rng) {
      let name = names[Int.random(in: names.indices, using: &random.rng)]
      random.history.people.append(try store.addPerson(Person(name: name)).id)
    }
    let records = random.records(interactions: 10...80, dated: 0...8, undated: 0...5)
    try random.insert(records, into: store, seed: seed)
    let history = random.history
    let settings = try store.decaySettings()
    #expect(settings == .default)
    let latest = try #require(history.latest)
    #expect(try store.latestEventTime() == Date(timeIntervalSince1970: Double(latest)))
    // Not vacuous: ties exist, and some records were back-dated.
    #expect(try store.counts().ledgerPairs > 0)
    #expect(random.backDated > 0)

    // Later than every event: still the ledger.
    let later = latest + Int64.random(in: 1...(1_000 * 86_400), using: &random.rng)
    try random.checkLedger(store, asOf: later, context: "seed \(seed), later")

    // Earlier than the last event: recomputed from the interactions, and equal to the oracle.
    let earliest = history.interactions.map(\.time).min() ?? latest
    for _ in 0..<3 {
      let asOf = Int64.random(in: (earliest - 10 * 86_400)...(latest - 1), using: &random.rng)
      let (past, source) = try store.snapshotWithSource(
        asOf: Date(timeIntervalSince1970: Double(asOf)))
      #expect(source == .interactions)
      let diff = mismatches(past, history.expected(settings: settings, asOf: asOf))
      #expect(
        diff.isEmpty, "seed \(seed), as of \(KithTime.format(seconds: asOf)): \(diff.prefix(8))")
    }

    // Other settings, passed in: recomputed, and equal to the oracle under those settings.
    let other = DecaySettings(halfLifeDays: 75, weights: [.meeting: 2, .email: 0.05, .social: 0])
    let (custom, customSource) = try store.snapshotWithSource(
      asOf: Date(timeIntervalSince1970: Double(latest)), settings: other)
    #expect(customSource == .interactions)
    let customDiff = mismatches(custom, history.expected(settings: other, asOf: latest))
    #expect(customDiff.isEmpty, "seed \(seed), custom settings: \(customDiff.prefix(8))")

    // TieEvents.accumulate from the raw records, compared as doubles.
    let ledger = try store.snapshot(asOf: Date(timeIntervalSince1970: Double(latest)))
    var events = TieEvents()
    for i in history.interactions {
      let dense = try i.participants.map { try #require(ledger.index(ofPerson: $0)) }
      events.addInteraction(participants: dense, time: i.time, kind: i.kind, settings: settings)
    }
    for t in history.ties {
      let a = try #require(ledger.index(ofPerson: t.a))
      let b = try #require(ledger.index(ofPerson: t.b))
      if let time = t.time {
        events.add(a, b, time: time, weight: t.weight)
      } else {
        events.addConstant(a, b, weight: t.weight)
      }
    }
    let columns = events.accumulate(halfLifeSeconds: settings.halfLifeSeconds)
    let expected = history.expected(settings: settings, asOf: latest)
    #expect(columns.a.count == expected.count)
    var accumulateDiff: [String] = []
    for r in 0..<columns.a.count {
      #expect(columns.a[r] < columns.b[r])
      if r > 0 { #expect((columns.a[r - 1], columns.b[r - 1]) < (columns.a[r], columns.b[r])) }
      let key = PairKey(ledger.people.ids[Int(columns.a[r])], ledger.people.ids[Int(columns.b[r])])
      let acc = TieAccumulator(
        count: Int(columns.count[r]),
        first: columns.first[r] == TieColumns.none ? nil : columns.first[r],
        last: columns.last[r] == TieColumns.none ? nil : columns.last[r],
        strengthAtLast: columns.strengthAtLast[r], peakDecaying: columns.peakDecaying[r],
        constant: columns.constant[r])
      guard let x = expected[key] else {
        accumulateDiff.append("unexpected \(key)")
        continue
      }
      if !isClose(
        acc.strength(at: latest, halfLifeSeconds: settings.halfLifeSeconds), x.strength,
        tolerance: 1e-9)
        || !isClose(acc.peak, x.peak, tolerance: 1e-9) || acc.count != x.count
        || acc.first != x.first
        || acc.last != x.last
      {
        accumulateDiff.append("\(key): \(acc) vs \(x)")
      }
    }
    #expect(accumulateDiff.isEmpty, "seed \(seed): \(accumulateDiff.prefix(5))")
    // And the snapshot built from them equals the one read from the ledger.
    let fromEvents = NetworkSnapshot(
      asOf: Date(timeIntervalSince1970: Double(latest)), settings: settings, people: ledger.people,
      ties: columns, ego: nil)
    #expect(fromEvents.neighbors == ledger.neighbors && fromEvents.offsets == ledger.offsets)
    #expect(fromEvents.tieCount == ledger.tieCount)
    for t in 0..<min(fromEvents.numberOfTies, ledger.numberOfTies) {
      #expect(
        isClose(Double(fromEvents.tieStrength[t]), Double(ledger.tieStrength[t]), tolerance: 1e-6))
      #expect(isClose(Double(fromEvents.tiePeak[t]), Double(ledger.tiePeak[t]), tolerance: 1e-6))
    }

    // Changing the half-life and a weight rebuilds the ledger under the new settings.
    try store.setSetting(key: "half-life-days", value: "90")
    #expect(try store.decaySettings().halfLifeDays == 90)
    try random.checkLedger(store, asOf: latest, context: "seed \(seed), half-life 90")
    try random.checkLedger(store, asOf: later, context: "seed \(seed), half-life 90, later")
    try store.setSetting(key: "weight.email", value: "1.7")
    try store.setSetting(key: "weight.meeting", value: "0.4")
    try random.checkLedger(store, asOf: latest, context: "seed \(seed), new weights")

    // Further records, some back-dated, are added under the new settings.
    let more = random.records(interactions: 5...20, dated: 0...3, undated: 0...2)
    try random.insert(more, into: store, seed: seed)
    let (final, finalSource) = try store.snapshotWithSource(
      asOf: Date(timeIntervalSince1970: Double(random.history.latest ?? latest)))
    #expect(finalSource == .ledger)
    #expect(try store.counts().ledgerPairs == final.numberOfTies)
  }

  @Test(
    "after removePerson the rebuilt ledger equals the oracle", arguments: Array(UInt64(101)...120))
  func ledgerAfterRemoval(seed: UInt64) throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    var random = RandomHistory(seed: seed)
    for k in 0..<Int.random(in: 5...12, using: &random.rng) {
      random.history.people.append(try store.addPerson(Person(name: "Person \(k)")).id)
    }
    try random.insert(
      random.records(interactions: 10...50, dated: 0...5, undated: 0...4), into: store, seed: seed)
    for _ in 0..<2 {
      let victim = random.history.people[
        Int.random(in: random.history.people.indices, using: &random.rng)]
      try store.removePerson(id: victim)
      random.history = random.history.removing(victim)
      #expect(try store.counts().interactions == random.history.interactions.count)
      #expect(try store.counts().ties == random.history.ties.count)
      let asOf = random.history.latest ?? 1_767_225_600
      try random.checkLedger(store, asOf: asOf, context: "seed \(seed), removed \(victim)")
      // And recomputation agrees.
      let settings = DecaySettings(halfLifeDays: 33)
      let recomputed = try store.snapshot(
        asOf: Date(timeIntervalSince1970: Double(asOf)), settings: settings)
      let diff = mismatches(recomputed, random.history.expected(settings: settings, asOf: asOf))
      #expect(diff.isEmpty, "seed \(seed), recomputed after removal: \(diff.prefix(8))")
    }
    // New records after the removals keep the ledger right.
    try random.insert(
      random.records(interactions: 3...10, dated: 0...2, undated: 0...1), into: store, seed: seed)
  }
}
