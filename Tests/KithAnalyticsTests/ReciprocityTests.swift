import Foundation
import KithGraph
import KithTestSupport
import Testing

@testable import KithAnalytics

@Suite("Reciprocity: decayed ledger, smoothed balance, initiation share, flags")
struct ReciprocityTests {
  struct BalanceCase: Sendable, CustomTestStringConvertible {
    let given: Double
    let received: Double
    let balance: Double
    var testDescription: String { "G=\(given), R=\(received) → \(balance)" }
  }

  @Test(
    "balance = (G − R) / (G + R + 1)",
    arguments: [
      BalanceCase(given: 0, received: 0, balance: 0),
      BalanceCase(given: 3, received: 0, balance: 0.75),
      BalanceCase(given: 0, received: 3, balance: -0.75),
      BalanceCase(given: 1, received: 0, balance: 0.5),
      BalanceCase(given: 0, received: 1, balance: -0.5),
      BalanceCase(given: 2, received: 2, balance: 0),
      BalanceCase(given: 5, received: 1, balance: 4.0 / 7),
      BalanceCase(given: 1.5, received: 3, balance: -1.5 / 5.5),
      BalanceCase(given: 99, received: 0, balance: 0.99),
    ])
  func balance(_ c: BalanceCase) {
    #expect(
      abs(Reciprocity.balance(given: c.given, received: c.received) - c.balance)
        <= secondsRatioTolerance)
  }

  struct DecayCase: Sendable, CustomTestStringConvertible {
    let name: String
    let kind: ExchangeKind
    let ageDays: Double
    let value: Double
    var testDescription: String { name }
  }

  @Test(
    "decayed value = value(kind) · 2^(−age / 180 days)",
    arguments: [
      DecayCase(name: "referral, 180 days: 3 · ½ = 1.5", kind: .referral, ageDays: 180, value: 1.5),
      DecayCase(name: "introduction, today: 3", kind: .introduction, ageDays: 0, value: 3),
      DecayCase(
        name: "job lead, 540 days: 3 · ⅛ = 0.375", kind: .jobLead, ageDays: 540, value: 0.375),
      DecayCase(name: "help, 360 days: 2 · ¼ = 0.5", kind: .help, ageDays: 360, value: 0.5),
      DecayCase(
        name: "advice, 90 days: 2^(−½) = 0.70711", kind: .advice, ageDays: 90,
        value: 0.7071067811865476),
      DecayCase(name: "information, 180 days: 0.5", kind: .information, ageDays: 180, value: 0.5),
      DecayCase(name: "endorsement, today: 1", kind: .endorsement, ageDays: 0, value: 1),
      DecayCase(name: "gift, 180 days: 0.5", kind: .gift, ageDays: 180, value: 0.5),
      DecayCase(
        name: "favour in the future counts as today: 1", kind: .favour, ageDays: -10, value: 1),
    ])
  func decayedValue(_ c: DecayCase) {
    let value = Reciprocity.decayedValue(
      c.kind, ageSeconds: Int64(c.ageDays * 86_400), settings: .default)
    #expect(abs(value - c.value) <= secondsRatioTolerance)
  }

  @Test("decay follows the snapshot's half-life")
  func customHalfLife() {
    let value = Reciprocity.decayedValue(
      .referral, ageSeconds: 90 * daySeconds, settings: DecaySettings(halfLifeDays: 90))
    #expect(abs(value - 1.5) <= secondsRatioTolerance)
  }

  struct FlagCase: Sendable, CustomTestStringConvertible {
    let name: String
    let received: Double
    let balance: Double
    let share: Double?
    let known: Int
    let flags: [ReciprocityFlag]
    var testDescription: String { name }
  }

  @Test(
    "flags at their thresholds",
    arguments: [
      FlagCase(
        name: "taking: R = 2, balance = −0.5", received: 2, balance: -0.5, share: nil, known: 0,
        flags: [.taking]),
      FlagCase(
        name: "not taking: R just under 2", received: 1.999, balance: -0.9, share: nil, known: 0,
        flags: []),
      FlagCase(
        name: "not taking: balance just above −0.5", received: 5, balance: -0.499, share: nil,
        known: 0, flags: []),
      FlagCase(
        name: "always initiating: 4 of 5", received: 0, balance: 0, share: 4.0 / 5, known: 5,
        flags: [.alwaysInitiating]),
      FlagCase(
        name: "always initiating: 5 of 5", received: 0, balance: 0, share: 1, known: 5,
        flags: [.alwaysInitiating]),
      FlagCase(
        name: "not always initiating: 4 of 4 is too few", received: 0, balance: 0, share: 1,
        known: 4, flags: []),
      FlagCase(
        name: "not always initiating: share 0.79", received: 0, balance: 0, share: 0.79, known: 50,
        flags: []),
      FlagCase(
        name: "they initiate: 1 of 5", received: 0, balance: 0, share: 1.0 / 5, known: 5,
        flags: [.theyInitiate]),
      FlagCase(
        name: "they initiate: 0 of 6", received: 0, balance: 0, share: 0, known: 6,
        flags: [.theyInitiate]),
      FlagCase(
        name: "not they-initiate: share 0.21", received: 0, balance: 0, share: 0.21, known: 50,
        flags: []),
      FlagCase(
        name: "not they-initiate: 0 of 4 is too few", received: 0, balance: 0, share: 0, known: 4,
        flags: []),
      FlagCase(
        name: "no known initiator", received: 0, balance: 0, share: nil, known: 0, flags: []),
      FlagCase(
        name: "taking and always initiating", received: 3, balance: -0.75, share: 0.8, known: 5,
        flags: [.taking, .alwaysInitiating]),
    ])
  func flags(_ c: FlagCase) {
    #expect(
      Reciprocity.flags(received: c.received, balance: c.balance, share: c.share, known: c.known)
        == c.flags)
  }

  @Test("report: decayed G and R, balance, initiation share over known initiators")
  func report() throws {
    var fixture = egoFixture("cara", "dan")
    let now = at(360)
    // G = introduction today = 3. R = help 180 days ago (2 · ½ = 1) + referral today (3) = 4.
    fixture.exchange(at: now, from: "me", to: "cara", .introduction)
    fixture.exchange(at: now - 180 * daySeconds, from: "cara", to: "me", .help)
    fixture.exchange(at: now, from: "cara", to: "me", .referral, note: "a lead")
    // Exchanges not involving the ego do not count for her entry.
    fixture.exchange(at: now, from: "cara", to: "dan", .gift)
    // 6 interactions: the ego started 4, Cara 1, one unknown → share 4/5, always initiating.
    for (k, by) in ["me", "me", "cara", "me", "me", nil].enumerated() {
      fixture.meet("cara", at: at(Double(10 * k)), by: by)
    }
    let snapshot = fixture.snapshot(asOf: now)
    let me = fixture.index(of: "me")
    let entry = try #require(
      Reciprocity.entry(in: snapshot, ego: me, contact: fixture.index(of: "cara")))
    #expect(abs(entry.given - 3) <= secondsRatioTolerance)
    #expect(abs(entry.received - 4) <= secondsRatioTolerance)
    // (3 − 4) / (3 + 4 + 1) = −0.125.
    #expect(abs(entry.balance - -0.125) <= secondsRatioTolerance)
    #expect(entry.interactions == 6)
    #expect(entry.initiationsKnown == 5)
    #expect(entry.initiationShare == 0.8)
    #expect(entry.flags == [.alwaysInitiating])
    let received = try #require(entry.lastReceived)
    let given = try #require(entry.lastGiven)
    #expect(snapshot.activity.exchanges.kind[received] == .referral)
    #expect(snapshot.activity.exchanges.kind[given] == .introduction)
  }

  @Test("a referral received is a gift: R = 3 and balance −0.75 flag taking")
  func referralIsAGift() throws {
    var fixture = egoFixture("rob", "ref")
    fixture.referral(at: at(0), from: "rob", to: "me", about: "ref", why: "you both love maps")
    let snapshot = fixture.snapshot(asOf: at(0))
    let entry = try #require(
      Reciprocity.entry(
        in: snapshot, ego: fixture.index(of: "me"), contact: fixture.index(of: "rob")))
    #expect(entry.given == 0)
    #expect(abs(entry.received - 3) <= secondsRatioTolerance)
    #expect(abs(entry.balance - -0.75) <= secondsRatioTolerance)
    #expect(entry.flags == [.taking])
    #expect(entry.initiationShare == nil)
  }

  @Test("order: balance ascending (most owed first), then handle; totals over everyone")
  func ordering() {
    var fixture = egoFixture("ann", "bob", "cid", "dee", "eve")
    let now = at(0)
    fixture.exchange(at: now, from: "ann", to: "me", .help)  // balance −2/3
    fixture.exchange(at: now, from: "me", to: "bob", .help)  // +2/3
    fixture.exchange(at: now, from: "me", to: "cid", .advice)  // +1/2
    fixture.meet("dee", at: now)  // interactions only: 0
    fixture.exchange(at: now, from: "eve", to: "me", .help)  // −2/3, after ann by handle
    let snapshot = fixture.snapshot(asOf: now)
    let report = Reciprocity.report(in: snapshot, ego: fixture.index(of: "me"))
    #expect(fixture.handles(report.entries.map(\.person)) == ["ann", "eve", "dee", "cid", "bob"])
    #expect(abs(report.given - 3) <= secondsRatioTolerance)
    #expect(abs(report.received - 4) <= secondsRatioTolerance)
    let limited = Reciprocity.report(in: snapshot, ego: fixture.index(of: "me"), limit: 2)
    #expect(fixture.handles(limited.entries.map(\.person)) == ["ann", "eve"])
    #expect(abs(limited.given - 3) <= secondsRatioTolerance)
  }

  @Test("reciprocated pairs: the fraction of directed giver→receiver pairs whose reverse exists")
  func reciprocatedPairs() throws {
    var fixture = egoFixture("a", "b", "c")
    let now = at(0)
    // Pairs: a→b (twice, counted once), b→a, a→c, me→a: 4 pairs, of which a→b and b→a are
    // reciprocated → 2/4.
    fixture.exchange(at: now, from: "a", to: "b", .advice)
    fixture.exchange(at: now, from: "a", to: "b", .gift)
    fixture.exchange(at: now, from: "b", to: "a", .help)
    fixture.exchange(at: now, from: "a", to: "c", .favour)
    fixture.exchange(at: now, from: "me", to: "a", .favour)
    let snapshot = fixture.snapshot(asOf: now)
    let fraction = try #require(
      Reciprocity.report(in: snapshot, ego: fixture.index(of: "me")).reciprocatedPairsFraction)
    #expect(abs(fraction - 0.5) <= secondsRatioTolerance)
  }

  @Test("exchanges after the snapshot's time are not seen")
  func future() throws {
    var fixture = egoFixture("cara")
    fixture.exchange(at: at(0), from: "cara", to: "me", .help)
    fixture.exchange(at: at(10), from: "cara", to: "me", .introduction)
    let snapshot = fixture.snapshot(asOf: at(5))
    let entry = try #require(
      Reciprocity.entry(
        in: snapshot, ego: fixture.index(of: "me"), contact: fixture.index(of: "cara")))
    #expect(abs(entry.received - 2 * halving(days: 5)) <= secondsRatioTolerance)
  }

  @Test("initiations: the branch-free counts equal plain counts, whatever the values")
  func initiationCounts() {
    var rng = SeededGenerator(seed: 41)
    let edges: [Int32] = [-1, 0, 1, Int32.max, Int32.min, Int32.max - 1, Int32.min + 1]
    for (ego, contact) in [
      (Int32(0), Int32(5)), (7, 3), (Int32.max, 0), (0, Int32.max), (12, 12_000),
    ] {
      let values = (0..<2_000).map { _ -> Int32 in
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: ego
        case 1: contact
        case 2: edges[Int.random(in: edges.indices, using: &rng)]
        default: Int32.random(in: Int32.min...Int32.max, using: &rng)
        }
      }
      let counts = values.withUnsafeBufferPointer {
        Reciprocity.initiations($0, ego: ego, contact: contact)
      }
      #expect(counts.ego == values.filter { $0 == ego }.count)
      #expect(counts.contact == values.filter { $0 == contact }.count)
    }
  }

  @Test("no entry for a stranger")
  func stranger() {
    var fixture = egoFixture("cara", "stranger")
    fixture.meet("cara", at: at(0))
    let snapshot = fixture.snapshot(asOf: at(0))
    #expect(
      Reciprocity.entry(
        in: snapshot, ego: fixture.index(of: "me"), contact: fixture.index(of: "stranger")) == nil)
  }
}
