import Foundation
import KithAnalytics
import KithGraph
import KithTestSupport
import Testing

@Suite("Tie rankings: strongest and faded")
struct TieRankingTests {
  /// As of day 0, half-life 180 (decays by exact powers of two):
  /// a: dated 4 on day −180 → strength 2, peak 4 (retained 0.5);
  /// b, c: constant 2 → strength 2, peak 2;
  /// d: dated 4 on day −360 → 1, peak 4 (0.25); e: dated 3 on day −360 → 0.75, peak 3 (0.25);
  /// f: constant 1.
  static func network() -> SnapshotFixture {
    var fixture = egoFixture("a", "b", "c", "d", "e", "f", "other")
    fixture.tie("me", "a", weight: 4, at: at(-180))
    fixture.tie("me", "c", weight: 2)
    fixture.tie("me", "b", weight: 2)
    fixture.tie("me", "d", weight: 4, at: at(-360))
    fixture.tie("me", "e", weight: 3, at: at(-360))
    fixture.tie("me", "f", weight: 1)
    fixture.tie("a", "other", weight: 9)
    return fixture
  }

  @Test("strongest: by strength, then peak, then handle")
  func strongest() throws {
    let fixture = Self.network()
    let snapshot = fixture.snapshot(asOf: at(0))
    let me = fixture.index(of: "me")
    let ranked = TieRanking.strongest(in: snapshot, ego: me)
    #expect(fixture.handles(ranked.map(\.person)) == ["a", "b", "c", "d", "f", "e"])
    let expected: [(Double, Double)] = [(2, 4), (2, 2), (2, 2), (1, 4), (1, 1), (0.75, 3)]
    for (tie, (strength, peak)) in zip(ranked, expected) {
      #expect(tie.tie.strength == strength)
      #expect(tie.tie.peak == peak)
    }
    #expect(
      fixture.handles(TieRanking.strongest(in: snapshot, ego: me, limit: 2).map(\.person)) == [
        "a", "b",
      ])
    let a = try #require(ranked.first)
    #expect(a.retained == 0.5)
    #expect(a.tie.count == 1)
    #expect(a.tie.lastDay == Date(timeIntervalSince1970: TimeInterval(at(-180))))
  }

  @Test("faded: top half by peak (upper median) and less than half retained, by strength lost")
  func faded() {
    let fixture = Self.network()
    let snapshot = fixture.snapshot(asOf: at(0))
    let ranked = TieRanking.faded(in: snapshot, ego: fixture.index(of: "me"))
    // Peaks 1, 2, 2, 3, 4, 4: median (upper) 3. a keeps exactly half (not < 0.5). d lost 3,
    // e lost 2.25.
    #expect(fixture.handles(ranked.map(\.person)) == ["d", "e"])
  }

  @Test("a tie that never had strength counts as fully retained")
  func zeroPeak() throws {
    var fixture = egoFixture("z")
    fixture.tie("me", "z", weight: 0)
    let snapshot = fixture.snapshot(asOf: at(0))
    let tie = try #require(TieRanking.strongest(in: snapshot, ego: fixture.index(of: "me")).first)
    #expect(tie.retained == 1)
  }
}

@Suite("Degenerate inputs")
struct DegenerateTests {
  @Test("an ego with no ties")
  func egoAlone() {
    var fixture = egoFixture("a", "b")
    fixture.interaction(at: at(-5), .meeting, ["a", "b"], followUp: at(-1))
    fixture.exchange(at: at(-5), from: "a", to: "b", .help)
    let snapshot = fixture.snapshot(asOf: at(0))
    let me = fixture.index(of: "me")
    #expect(snapshot.degree(me) == 0)
    #expect(Neglect.neglected(in: snapshot, ego: me, includeLost: true).isEmpty)
    #expect(Neglect.dormant(in: snapshot, ego: me).isEmpty)
    #expect(Neglect.novelty(in: snapshot, ego: me, of: [fixture.index(of: "a")]) == [1])
    let report = Reciprocity.report(in: snapshot, ego: me)
    #expect(report.entries.isEmpty)
    #expect(report.given == 0 && report.received == 0)
    #expect(report.reciprocatedPairsFraction == 0)
    #expect(FollowUps.list(in: snapshot, ego: me).isEmpty)
    #expect(ReferralHygiene.review(in: snapshot, ego: me).isEmpty)
    #expect(Planner.plan(in: snapshot, ego: me, budget: 5).isEmpty)
    #expect(TieRanking.strongest(in: snapshot, ego: me).isEmpty)
    #expect(TieRanking.faded(in: snapshot, ego: me).isEmpty)
    #expect(CadenceModel.peakRanks(snapshot, ego: me).allSatisfy { $0 == 0 })
    let brief = Briefing.brief(in: snapshot, ego: me, person: fixture.index(of: "a"))
    #expect(brief.tie == nil && brief.mutualContacts.isEmpty && brief.cadence == nil)
  }

  @Test("the ego is the only person")
  func onlyTheEgo() {
    let fixture = egoFixture()
    let snapshot = fixture.snapshot(asOf: at(0))
    let me = fixture.index(of: "me")
    #expect(snapshot.personCount == 1)
    #expect(Neglect.neglected(in: snapshot, ego: me).isEmpty)
    #expect(Neglect.dormant(in: snapshot, ego: me).isEmpty)
    #expect(Reciprocity.report(in: snapshot, ego: me).entries.isEmpty)
    #expect(Reciprocity.report(in: snapshot, ego: me).reciprocatedPairsFraction == nil)
    #expect(FollowUps.list(in: snapshot, ego: me).isEmpty)
    #expect(Planner.plan(in: snapshot, ego: me, budget: 1).isEmpty)
  }

  @Test("no exchanges: every contact is balanced at 0, no network reciprocity")
  func noExchanges() {
    var fixture = egoFixture("a", "b")
    fixture.meet("a", at: at(-3), by: "a")
    fixture.meet("b", at: at(-2))
    let snapshot = fixture.snapshot(asOf: at(0))
    let report = Reciprocity.report(in: snapshot, ego: fixture.index(of: "me"))
    #expect(fixture.handles(report.entries.map(\.person)) == ["a", "b"])
    #expect(
      report.entries.allSatisfy {
        $0.given == 0 && $0.received == 0 && $0.balance == 0 && $0.flags.isEmpty
      })
    #expect(report.entries.map(\.initiationShare) == [0, nil])
    #expect(report.reciprocatedPairsFraction == nil)
  }

  @Test("a plain graph: no ego, no activity")
  func plainGraph() {
    var fixture = SnapshotFixture()
    fixture.people("a", "b", "c")
    fixture.interaction(at: at(-400), .meeting, ["a", "b"], followUp: at(-300))
    fixture.interaction(at: at(-10), .call, ["b", "c"])
    fixture.tie("a", "c", weight: 2)
    let snapshot = fixture.snapshot(asOf: at(0))
    #expect(snapshot.ego == nil)
    #expect(snapshot.numberOfTies == 3)
    #expect(snapshot.activity.egoInteractions.time.isEmpty)
    #expect(snapshot.activity.egoInteractions.offsets == [0, 0, 0, 0])
    // Analyses that need the ego's history find nothing for anyone.
    let b = fixture.index(of: "b")
    #expect(Neglect.neglected(in: snapshot, ego: b, includeLost: true).isEmpty)
    #expect(Neglect.dormant(in: snapshot, ego: b).isEmpty)
    #expect(Reciprocity.report(in: snapshot, ego: b).entries.isEmpty)
    #expect(FollowUps.list(in: snapshot, ego: b).isEmpty)
    #expect(ReferralHygiene.review(in: snapshot, ego: nil).isEmpty)
    #expect(Planner.plan(in: snapshot, ego: b, budget: 3).isEmpty)
    // Graph-only analyses still work: b's ties by strength (call today-ish beats an old meeting).
    #expect(
      fixture.handles(TieRanking.strongest(in: snapshot, ego: b).map(\.person)) == ["c", "a"])
    let novelty = Neglect.novelty(
      in: snapshot, ego: b, of: [fixture.index(of: "a"), fixture.index(of: "c")])
    // a knows c and c knows a: each shares all of b's other strength → 0.
    #expect(novelty == [0, 0])
  }

  @Test("no people at all")
  func empty() {
    let fixture = SnapshotFixture()
    let snapshot = fixture.snapshot(asOf: at(0))
    #expect(snapshot.personCount == 0)
    #expect(snapshot.numberOfTies == 0)
    #expect(ReferralHygiene.review(in: snapshot, ego: nil).isEmpty)
  }
}
