import Foundation
import KithAnalytics
import KithGraph
import KithTestSupport
import Testing

@Suite("Monthly plan")
struct PlanTests {
  /// A network with candidates of every kind, as of day 0 (half-life 180 days):
  /// - follow-ups due: f1, f2, f3 (meetings on days −40 and −30, follow-up dates −20, −15,
  ///   −10; explicit cadence 60 so they are not neglected);
  /// - referral actions: p1 (suggested on day −30) and p2 (day −20), about x1 and x2; each
  ///   referral is also a gift, so p1 and p2 are "taking" too (R = 3 · 2^(−30/180) = 2.673
  ///   and 3 · 2^(−20/180) = 2.778);
  /// - give first (taking): g1 (an introduction on day −10: R = 2.887) and g2 (a job lead on
  ///   day −100: R = 2.041);
  /// - dormant: d1, d2 (three meetings on day −700: peak 3, strength 0.20, silence 700 days;
  ///   novelty 1 each, so by handle);
  /// - neglected: n1, n2, n3 (meetings on days −200 and −100: peak 1.680; cadences 20, 30,
  ///   50: ratios 5, 3.33, 2; values at risk 8.40, 5.60, 3.36).
  static func network() -> SnapshotFixture {
    var fixture = egoFixture("x1", "x2", "g1", "g2", "p1", "p2", "d1", "d2")
    for (k, f) in ["f1", "f2", "f3"].enumerated() {
      fixture.person(f, cadence: 60)
      fixture.meet(f, at: at(-40))
      fixture.meet(f, at: at(-30), followUp: at(-20 + 5 * Double(k)), summary: "next steps")
    }
    for (n, cadence) in [("n1", 20), ("n2", 30), ("n3", 50)] {
      fixture.person(n, cadence: cadence)
      fixture.meet(n, at: at(-200))
      fixture.meet(n, at: at(-100))
    }
    for d in ["d1", "d2"] {
      for _ in 0..<3 { fixture.meet(d, at: at(-700)) }
    }
    fixture.exchange(at: at(-10), from: "g1", to: "me", .introduction)
    fixture.exchange(at: at(-100), from: "g2", to: "me", .jobLead)
    fixture.referral(at: at(-30), from: "p1", to: "me", about: "x1", why: "x1 is hiring")
    fixture.referral(at: at(-20), from: "p2", to: "me", about: "x2")
    return fixture
  }

  @Test("the candidates are what the fixture says (a check of the scenario itself)")
  func scenario() {
    let fixture = Self.network()
    let snapshot = fixture.snapshot(asOf: at(0))
    let me = fixture.index(of: "me")
    #expect(
      fixture.handles(FollowUps.list(in: snapshot, ego: me).map(\.person)) == ["f1", "f2", "f3"])
    #expect(
      fixture.handles(ReferralHygiene.review(in: snapshot, ego: me).map(\.referral.referrer))
        == ["p1", "p2"])
    let taking = Reciprocity.report(in: snapshot, ego: me).entries.filter {
      $0.flags.contains(.taking)
    }
    #expect(Set(fixture.handles(taking.map(\.person))) == ["g1", "g2", "p1", "p2"])
    #expect(fixture.handles(Neglect.dormant(in: snapshot, ego: me).map(\.person)) == ["d1", "d2"])
    let neglected = Neglect.neglected(in: snapshot, ego: me)
    #expect(fixture.handles(neglected.map(\.person)) == ["n1", "n2", "n3"])
    let peak = 1 + halving(days: 100)
    for (item, ratio) in zip(neglected, [5.0, 100.0 / 30, 2]) {
      #expect(abs(item.valueAtRisk - peak * ratio) <= tieFloatTolerance * 10)
    }
  }

  struct BudgetCase: Sendable, CustomTestStringConvertible {
    let budget: Int
    let people: [String]
    let actions: [PlanAction]
    var testDescription: String { "budget \(budget)" }
  }

  @Test(
    "the mix under a budget: follow-ups and referrals up to a quarter each, one give-first, one dormant, then neglected, then leftovers",
    arguments: [
      BudgetCase(budget: 1, people: ["f1"], actions: [.followUp]),
      BudgetCase(budget: 2, people: ["f1", "p1"], actions: [.followUp, .referral]),
      BudgetCase(
        budget: 4, people: ["f1", "p1", "g1", "d1"],
        actions: [.followUp, .referral, .giveFirst, .revive]),
      BudgetCase(
        budget: 5, people: ["f1", "f2", "p1", "p2", "g1"],
        actions: [.followUp, .followUp, .referral, .referral, .giveFirst]),
      BudgetCase(
        budget: 8, people: ["f1", "f2", "p1", "p2", "g1", "d1", "n1", "n2"],
        actions: [
          .followUp, .followUp, .referral, .referral, .giveFirst, .revive, .reconnect, .reconnect,
        ]),
      // Quarter 5: all 3 follow-ups, both referrals, g1, d1, the 3 neglected; then leftovers in
      // order: give-first (p2 and p1 are already in, g2 is not), dormant (d2). 12 people in all.
      BudgetCase(
        budget: 20,
        people: ["f1", "f2", "f3", "p1", "p2", "g1", "d1", "n1", "n2", "n3", "g2", "d2"],
        actions: [
          .followUp, .followUp, .followUp, .referral, .referral, .giveFirst, .revive, .reconnect,
          .reconnect, .reconnect, .giveFirst, .revive,
        ]),
    ])
  func mix(_ c: BudgetCase) {
    let fixture = Self.network()
    let plan = Planner.plan(
      in: fixture.snapshot(asOf: at(0)), ego: fixture.index(of: "me"), budget: c.budget)
    #expect(fixture.handles(plan.map(\.person)) == c.people)
    #expect(plan.map(\.action) == c.actions)
    #expect(plan.count <= c.budget)
    #expect(Set(plan.map(\.person)).count == plan.count, "one item per person")
    for item in plan {
      #expect(!item.why.trimmingCharacters(in: .whitespaces).isEmpty, "\(item.action) has no why")
      #expect(!item.task.isEmpty)
      #expect((item.referralID != nil) == (item.action == .referral))
    }
  }

  @Test("item texts")
  func texts() throws {
    let fixture = Self.network()
    let plan = Planner.plan(
      in: fixture.snapshot(asOf: at(0)), ego: fixture.index(of: "me"), budget: 8)
    let follow = try #require(plan.first { $0.action == .followUp })
    #expect(follow.task == "Follow up with F1 about “next steps”.")
    #expect(
      follow.why
        == "You set a follow-up for 2025-12-12 after your contact on 2025-12-02, and nothing since."
    )
    let referral = try #require(plan.first { $0.action == .referral })
    #expect(referral.task == "Contact X1, or tell P1 you will pass.")
    #expect(
      referral.why
        == "P1 referred you to X1 (their reason: “x1 is hiring”); suggested on 2025-12-02.")
    // The task says the cadence already ("… (you set a cadence of 20 days): send …").
    let reconnect = try #require(plan.first { $0.action == .reconnect })
    #expect(reconnect.task.contains("(you set a cadence of 20 days)"))
    #expect(
      reconnect.why == "100 days since your last contact, 5.00× the cadence; peak strength 1.68.")
  }

  @Test("a person who is several candidates appears once, in the first category that takes them")
  func onePerPerson() {
    var fixture = egoFixture()
    fixture.person("cara", cadence: 20)
    fixture.meet("cara", at: at(-100))
    // Neglected (ratio 95/20 = 4.75; not lost: 95 ≤ 8 × 20), with a due follow-up, and taking
    // (an introduction received yesterday).
    fixture.meet("cara", at: at(-95), followUp: at(-90))
    fixture.exchange(at: at(-1), from: "cara", to: "me", .introduction)
    let plan = Planner.plan(
      in: fixture.snapshot(asOf: at(0)), ego: fixture.index(of: "me"), budget: 5)
    #expect(plan.map(\.action) == [.followUp])
  }

  @Test("follow-ups falling due by the month's end are included with dueBy")
  func dueBy() {
    var fixture = egoFixture("cara")
    fixture.meet("cara", at: at(-100))
    fixture.meet("cara", at: at(-2), followUp: at(20))
    let snapshot = fixture.snapshot(asOf: at(0))
    let me = fixture.index(of: "me")
    #expect(Planner.plan(in: snapshot, ego: me, budget: 3).isEmpty)
    #expect(
      Planner.plan(in: snapshot, ego: me, budget: 3, dueBy: at(30)).map(\.action) == [.followUp])
  }

  @Test("a follow-up date you set comes before people met once, whatever the dates")
  func promisedFirst() {
    var fixture = egoFixture("cara", "dana", "eli")
    // Dana and Eli, met once 30 and 25 days ago (never followed up, due days −16 and −11);
    // Cara, seen twice, with a follow-up date set for day −5.
    fixture.meet("dana", at: at(-30))
    fixture.meet("eli", at: at(-25))
    fixture.meet("cara", at: at(-100))
    fixture.meet("cara", at: at(-10), followUp: at(-5))
    let snapshot = fixture.snapshot(asOf: at(0))
    let me = fixture.index(of: "me")
    let followUps = FollowUps.list(in: snapshot, ego: me)
    #expect(followUps.map(\.reason) == [.neverFollowedUp, .neverFollowedUp, .due])
    // A budget of 4 has room for one follow-up: Cara's. Dana and Eli come back as neglected
    // (tier cadence 7 days).
    let plan = Planner.plan(in: snapshot, ego: me, budget: 4)
    #expect(plan.map { snapshot.people.handles[Int($0.person)] } == ["cara", "dana", "eli"])
    #expect(plan.map(\.action) == [.followUp, .reconnect, .reconnect])
    #expect(
      Planner.plan(in: snapshot, ego: me, budget: 12).map(\.action) == [
        .followUp, .followUp, .followUp,
      ])
  }

  @Test("referral actions: loop-backs first, then act or decline, then declines to explain")
  func referralOrder() {
    var fixture = egoFixture("r1", "r2", "r3", "r4", "x")
    // Oldest first would be: r1's decline, r2's suggestion, r3's and r4's meetings.
    fixture.referral(
      at: at(-90), from: "r1", to: "me", about: "x", steps: [.init(.declined, at: at(-80))],
      recordExchange: false)
    fixture.referral(at: at(-60), from: "r2", to: "me", about: "x", recordExchange: false)
    fixture.referral(
      at: at(-50), from: "r3", to: "me", about: "x", steps: [.init(.met, at: at(-40))],
      recordExchange: false)
    fixture.referral(
      at: at(-45), from: "r4", to: "me", about: "x", steps: [.init(.contacted, at: at(-30))],
      recordExchange: false)
    let plan = Planner.plan(
      in: fixture.snapshot(asOf: at(0)), ego: fixture.index(of: "me"), budget: 8)
    #expect(fixture.handles(plan.map(\.person)) == ["r3", "r4", "r2", "r1"])
    #expect(plan.first?.task == "Tell R3 how it went with X.")
    // With a budget of 4 (a quarter: 1 referral action first), the loop-back comes first.
    let small = Planner.plan(
      in: fixture.snapshot(asOf: at(0)), ego: fixture.index(of: "me"), budget: 4)
    #expect(small.first?.person == fixture.index(of: "r3"))
  }

  @Test("a strong tie gone silent (lost, not yet dormant) fills room left over")
  func lostTiesFillLeftoverRoom() throws {
    var fixture = egoFixture("jane", "sam")
    // Six weekly meetings, then 277 days of silence: over 8× the usual gap (lost), but not a
    // year and still above a tenth of the peak (not dormant).
    for week in 0..<6 { fixture.meet("jane", at: at(-277 - 7 * Double(5 - week))) }
    fixture.meet("sam", at: at(-400))
    fixture.meet("sam", at: at(-1))
    let snapshot = fixture.snapshot(asOf: at(0))
    let me = fixture.index(of: "me")
    #expect(Neglect.neglected(in: snapshot, ego: me).isEmpty)
    #expect(Neglect.dormant(in: snapshot, ego: me).isEmpty)
    let plan = Planner.plan(in: snapshot, ego: me, budget: 8)
    let item = try #require(plan.first)
    #expect(plan.count == 1 && item.action == .revive && item.person == fixture.index(of: "jane"))
    #expect(item.task == "Reconnect with Jane, silent since 2025-03-30.")
    #expect(item.why.hasPrefix("277 days since your last contact, over 8 times your usual gap"))
  }

  @Test("a lost tie still above a tenth of its peak competes with the neglected by value at risk")
  func fadingLostTieRanksWithNeglected() throws {
    var fixture = egoFixture("jane", "ann", "old")
    // Jane: six weekly meetings (peak 5.61), then 100 days of silence: lost (over 8 × 7 days),
    // still at 2^(−100/180) = 68% of her peak; value at risk 5.61 × 8 = 44.9. Ann: meetings
    // every 10 days (peak 2.89), then 25 days of silence: neglected, value at risk 2.89 × 2.5
    // = 7.22. Old: three weekly messages (peak 0.88) 900 days ago: lost, value at risk 7.01,
    // 3% of the peak left, but not a dormant tie (the bottom half by peak): only room left over.
    for week in 0..<6 { fixture.meet("jane", at: at(-100 - 7 * Double(5 - week))) }
    for d in [-45.0, -35, -25] { fixture.meet("ann", at: at(d)) }
    for week in 0..<3 { fixture.meet("old", at: at(-900 - 7 * Double(2 - week)), .message) }
    let snapshot = fixture.snapshot(asOf: at(0))
    let me = fixture.index(of: "me")
    let overdue = Neglect.neglected(in: snapshot, ego: me, includeLost: true)
    #expect(fixture.handles(overdue.map(\.person)) == ["jane", "ann", "old"])
    #expect(overdue.map(\.status) == [.lost, .neglected, .lost])
    let one = Planner.plan(in: snapshot, ego: me, budget: 1)
    #expect(one.map(\.person) == [fixture.index(of: "jane")])
    #expect(one[0].action == .revive)
    #expect(one[0].why.hasPrefix("100 days since your last contact, over 8 times your usual gap"))
    #expect(one[0].why.hasSuffix(", 68% of its peak 5.61."), "\(one[0].why)")
    let three = Planner.plan(in: snapshot, ego: me, budget: 3)
    #expect(fixture.handles(three.map(\.person)) == ["jane", "ann", "old"])
  }

  @Test("a tie with a default cadence: no 'usual gap', and the why does not repeat the task")
  func defaultCadenceWording() throws {
    var fixture = egoFixture("ann", "bo")
    // Fewer than 3 meetings each: the tier cadence of ranks 1 and 2 (7 days). Ann, last seen
    // 20 days ago, is overdue (20/7; peak 1·2^(−1) + 1 = 1.5); Bo, met once 400 days ago, is
    // lost (over 8 × 7 days, and over a year). Neither is a new contact (first met over 60 days
    // ago).
    fixture.meet("ann", at: at(-200))
    fixture.meet("ann", at: at(-20))
    fixture.meet("bo", at: at(-400))
    let plan = Planner.plan(
      in: fixture.snapshot(asOf: at(0)), ego: fixture.index(of: "me"), budget: 8)
    let ann = try #require(plan.first { $0.person == fixture.index(of: "ann") })
    #expect(
      ann.task
        == "No contact for 20 days (7 days is the default for your 5 closest ties): send Ann a short note."
    )
    #expect(ann.why == "20 days since your last contact, 2.86× the cadence; peak strength 1.50.")
    let bo = try #require(plan.first { $0.person == fixture.index(of: "bo") })
    #expect(
      bo.why
        == "400 days since your last contact, over 8 times the 7-day default for your 5 closest ties; strength 0.21, 21% of its peak 1.00."
    )
  }

  @Test("an empty agenda when nothing needs doing")
  func nothingToDo() {
    var fixture = egoFixture("cara")
    fixture.meet("cara", at: at(-100))
    fixture.meet("cara", at: at(-1))
    let plan = Planner.plan(
      in: fixture.snapshot(asOf: at(0)), ego: fixture.index(of: "me"), budget: 10)
    #expect(plan.isEmpty)
  }
}
