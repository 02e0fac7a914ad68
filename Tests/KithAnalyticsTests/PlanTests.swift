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
        == "Due 2025-12-12, 20 days ago: you set it after your contact on 2025-12-02, and nothing since."
    )
    let referral = try #require(plan.first { $0.action == .referral })
    #expect(referral.task == "Contact X1, or tell P1 you will pass.")
    #expect(
      referral.why
        == "P1 referred you to X1 (their reason: “x1 is hiring”); not acted on since 2025-12-02. Due 2025-12-09, 23 days ago. You also owe P1: you received 2.67 and gave 0.00."
    )
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

  @Test("a strong tie gone silent (lost, not yet dormant): a reconnect item, with the lost why")
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
    #expect(
      plan.count == 1 && item.action == .reconnect && item.person == fixture.index(of: "jane"))
    #expect(item.task == "Reconnect with Jane, silent since 2025-03-30.")
    #expect(item.why.hasPrefix("277 days since your last contact, over 8 times your usual gap"))
  }

  @Test(
    "lost ties do not compete with the neglected by value at risk: one takes the slot of a tie gone quiet, the rest fill room left over"
  )
  func lostTiesTakeOneSlot() throws {
    var fixture = egoFixture("jane", "kim", "ann", "old")
    // Jane: six weekly meetings (peak 5.61), then 200 days of silence: lost (over 8 × 7 days
    // and half a year), still at 2^(−200/180) = 46% of her peak; value at risk 5.61 × 8 = 44.9.
    // Kim: the same, 210 days ago (peak 5.61, value at risk 44.9). Ann: meetings every 10
    // days (peak 2.89), then 25 days of silence: neglected, value at risk 2.89 × 2.5 = 7.22.
    // Old: three weekly messages (peak 0.88) 900 days ago: lost, value at risk 7.01, 3% of
    // the peak left, but not a dormant tie (the bottom half by peak).
    for week in 0..<6 { fixture.meet("jane", at: at(-200 - 7 * Double(5 - week))) }
    for week in 0..<6 { fixture.meet("kim", at: at(-210 - 7 * Double(5 - week))) }
    for d in [-45.0, -35, -25] { fixture.meet("ann", at: at(d)) }
    for week in 0..<3 { fixture.meet("old", at: at(-900 - 7 * Double(2 - week)), .message) }
    let snapshot = fixture.snapshot(asOf: at(0))
    let me = fixture.index(of: "me")
    let overdue = Neglect.neglected(in: snapshot, ego: me, includeLost: true)
    #expect(overdue.map(\.status) == [.lost, .lost, .neglected, .lost])
    #expect(Neglect.dormant(in: snapshot, ego: me).isEmpty)
    let one = Planner.plan(in: snapshot, ego: me, budget: 1)
    #expect(one.map(\.person) == [fixture.index(of: "jane")])
    #expect(one[0].action == .reconnect)
    #expect(one[0].why.hasPrefix("200 days since your last contact, over 8 times your usual gap"))
    #expect(one[0].why.hasSuffix(", 46% of its peak 5.61."), "\(one[0].why)")
    // Ann, merely overdue, comes before Kim, lost with a larger value at risk.
    let two = Planner.plan(in: snapshot, ego: me, budget: 2)
    #expect(fixture.handles(two.map(\.person)) == ["jane", "ann"])
    let four = Planner.plan(in: snapshot, ego: me, budget: 4)
    #expect(fixture.handles(four.map(\.person)) == ["jane", "ann", "kim", "old"])
    #expect(four.map(\.action) == [.reconnect, .reconnect, .reconnect, .reconnect])
  }

  @Test(
    "dormant and lost ties share one slot: the higher peak takes it",
    arguments: [(5, ["kim", "ann", "d1"]), (3, ["d1", "ann", "kim"])])
  func dormantAndLostShareTheSlot(kimMeetings: Int, order: [String]) throws {
    var fixture = egoFixture("kim", "ann", "d1", "x1", "x2")
    // D1: three meetings 700 days ago (peak 3, 20% left: dormant, and lost). Kim: weekly
    // meetings, 200 days ago (lost, not dormant): peak 4.73 with five, 2.92 with three. Ann:
    // neglected (25 days of silence, every 10 days). X1, x2: small ties, so that d1 is in the
    // top half by peak.
    for week in 0..<kimMeetings {
      fixture.meet("kim", at: at(-200 - 7 * Double(kimMeetings - 1 - week)))
    }
    for d in [-45.0, -35, -25] { fixture.meet("ann", at: at(d)) }
    for _ in 0..<3 { fixture.meet("d1", at: at(-700)) }
    fixture.tie("me", "x1", weight: 0.1)
    fixture.tie("me", "x2", weight: 0.1)
    let snapshot = fixture.snapshot(asOf: at(0))
    let me = fixture.index(of: "me")
    #expect(fixture.handles(Neglect.dormant(in: snapshot, ego: me).map(\.person)) == ["d1"])
    let plan = Planner.plan(in: snapshot, ego: me, budget: 3)
    #expect(fixture.handles(plan.map(\.person)) == order)
    #expect(plan.first { $0.person == fixture.index(of: "d1") }?.action == .revive)
    #expect(plan.first { $0.person == fixture.index(of: "kim") }?.action == .reconnect)
  }

  @Test(
    "a reconnect item: the why says the overdue ratio the same way, and a topic older than the last contact says how old it is"
  )
  func reconnectWording() throws {
    var fixture = egoFixture()
    fixture.person("julia", cadence: 10)
    // The last contact, a call 20 days ago, has no summary: the topic is the meeting's, 60
    // days ago.
    fixture.meet("julia", at: at(-60), summary: "brand refresh v2")
    fixture.meet("julia", at: at(-20), .call)
    let plan = Planner.plan(
      in: fixture.snapshot(asOf: at(0)), ego: fixture.index(of: "me"), budget: 8)
    let item = try #require(plan.first)
    #expect(
      item.task
        == "On 2025-11-02, 60 days ago (your last contact, on 2025-12-12, had no topic recorded), you talked about “brand refresh v2”: ask Julia how it turned out."
    )
    #expect(
      item.why
        == "20 days since your last contact, 2.00× the cadence (you set a cadence of 10 days); peak strength 1.66."
    )
  }

  @Test("a tie with a default cadence: no 'usual gap', and the why does not repeat the task")
  func defaultCadenceWording() throws {
    var fixture = egoFixture("ann", "bo")
    // Fewer than 3 meetings each: the tier cadence of ranks 1 and 2 (7 days). Ann, last seen
    // 20 days ago, is overdue (20/7; peak 1·2^(−1) + 1 = 1.5); Bo, met once 400 days ago, is
    // lost (over a year, with a default cadence). Neither is a new contact (first met over 60 days
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
        == "400 days since your last contact, over a year, with only the 7-day default for your 5 closest ties to go by; strength 0.21, 21% of its peak 1.00."
    )
  }

  /// Three circles as in `threeCircles`: the ego's own (a1, a2, a3) and two far ones (b…, c…),
  /// reached through a1 (a1–b1, strength 1) and, with `c1ViaA2`, through a2 (a2–c1). The
  /// ego's ties to a2 (12: too strong to bridge well, bridge(¾) = ¾) and a3 (4) are constant;
  /// its tie to a1 is made of meetings on `a1Days`, so that a1 can be in touch, overdue or
  /// lost — and, close to the median tie, the better one to ask.
  static func circles(a1Days: [Double], a1Cadence: Int? = nil, c1ViaA2: Bool = true)
    -> SnapshotFixture
  {
    var f = egoFixture("a2", "a3")
    f.person("a1", cadence: a1Cadence)
    f.people("b1", "b2", "b3", "c1", "c2", "c3", "x")
    for (x, y, z) in [("a1", "a2", "a3"), ("b1", "b2", "b3"), ("c1", "c2", "c3")] {
      f.tie(x, y, weight: 4)
      f.tie(y, z, weight: 4)
      f.tie(x, z, weight: 4)
    }
    f.tie("me", "a2", weight: 12)
    f.tie("me", "a3", weight: 4)
    for d in a1Days { f.meet("a1", at: at(d)) }
    f.tie("a1", "b1", weight: 1)
    if c1ViaA2 { f.tie("a2", "c1", weight: 1) }
    return f
  }

  static func planWithCircles(_ f: SnapshotFixture, budget: Int = 8) -> [PlanItem] {
    let snapshot = f.snapshot(asOf: at(0))
    let me = f.index(of: "me")
    return Planner.plan(
      in: snapshot, ego: me, budget: budget, circles: EgoCircles(snapshot: snapshot, ego: me))
  }

  /// The people `Beyond` suggests meeting, best first.
  static func candidates(_ f: SnapshotFixture) -> [String] {
    let snapshot = f.snapshot(asOf: at(0))
    let me = f.index(of: "me")
    let graph = WeightedGraph(snapshot: snapshot)
    return f.handles(
      Beyond.candidates(
        in: snapshot, graph: graph, paths: BestPaths(graph: graph),
        circles: EgoCircles(snapshot: snapshot, ego: me), ego: me
      ).map(\.person))
  }

  @Test("meet: never through a lost go-between; the next candidate instead")
  func meetSkipsLostGoBetween() throws {
    // a1: six weekly meetings, then 200 days of silence (lost, not dormant: a reconnect item).
    let f = Self.circles(a1Days: (0..<6).map { -235 + 7 * Double($0) })
    let lost = Neglect.neglected(
      in: f.snapshot(asOf: at(0)), ego: f.index(of: "me"), includeLost: true)
    #expect(lost.map(\.status) == [.lost] && lost.first?.person == f.index(of: "a1"))
    #expect(Self.candidates(f) == ["b1", "c1"], "b1 through a1 would come first")
    let plan = Self.planWithCircles(f)
    let meet = try #require(plan.first { $0.action == .meet })
    #expect(meet.person == f.index(of: "c1"))
    #expect(meet.task == "Ask A2 to introduce you to C1.")
    #expect(meet.via == f.index(of: "a2"))
    #expect(plan.filter { $0.action != .meet }.allSatisfy { $0.via == nil })
    #expect(plan.filter { $0.person == f.index(of: "a1") }.map(\.action) == [.reconnect])
    // With no other candidate, no meet item at all.
    let only = Self.planWithCircles(
      Self.circles(a1Days: (0..<6).map { -235 + 7 * Double($0) }, c1ViaA2: false))
    #expect(!only.contains { $0.action == .meet })
  }

  @Test("meet: a go-between already in the plan is not asked in a second item")
  func meetSkipsGoBetweenInPlan() throws {
    // a1 in touch (met yesterday and 100 days ago), and owed an answer on a referral.
    var f = Self.circles(a1Days: [-100, -1])
    f.referral(at: at(-30), from: "a1", to: "me", about: "x", recordExchange: false)
    #expect(Self.candidates(f) == ["b1", "c1"], "b1 through a1 would come first")
    let plan = Self.planWithCircles(f)
    #expect(plan.filter { $0.person == f.index(of: "a1") }.map(\.action) == [.referral])
    let meet = try #require(plan.first { $0.action == .meet })
    #expect(meet.task == "Ask A2 to introduce you to C1.")
    // Without the referral, a1 is the one to ask.
    let free = Self.planWithCircles(Self.circles(a1Days: [-100, -1], c1ViaA2: false))
    #expect(free.first { $0.action == .meet }?.task == "Ask A1 to introduce you to B1.")
  }

  @Test("meet: an overdue go-between is to be reconnected with first, in the same item")
  func meetReconnectFirst() throws {
    // a1: cadence 7 days set, last met 30 days ago (4.29× overdue; never lost with a cadence
    // you set).
    let f = Self.circles(a1Days: [-100, -30], a1Cadence: 7, c1ViaA2: false)
    let plan = Self.planWithCircles(f)
    let meet = try #require(plan.first { $0.action == .meet })
    #expect(meet.task == "Reconnect with A1 first, then ask A1 to introduce you to B1.")
    #expect(
      meet.why.hasSuffix(
        " Your last contact with A1 was on 2025-12-02, 4.29× the cadence: reconnect first."))
    #expect(plan.filter { $0.person == f.index(of: "a1") }.isEmpty, "one item per person")
  }

  @Test("someone you owe who is in the plan for another reason: the item says the debt")
  func debtInAnotherItem() throws {
    var fixture = egoFixture("raj", "nadia", "tom")
    // Raj gave three introductions and referred Nadia (a referral is a gift too); Tom gave a
    // job lead. Raj's referral item takes him; the give-first goes to Tom.
    for d in [-60.0, -50, -40] { fixture.exchange(at: at(d), from: "raj", to: "me", .introduction) }
    fixture.referral(at: at(-20), from: "raj", to: "me", about: "nadia", why: "she runs growth")
    fixture.exchange(at: at(-10), from: "tom", to: "me", .jobLead)
    let snapshot = fixture.snapshot(asOf: at(0))
    let plan = Planner.plan(in: snapshot, ego: fixture.index(of: "me"), budget: 8)
    #expect(plan.map(\.action) == [.referral, .giveFirst])
    let raj = Reciprocity.report(in: snapshot, ego: fixture.index(of: "me")).entries.first {
      $0.person == fixture.index(of: "raj")
    }
    let received = try #require(raj?.received)
    #expect(
      plan[0].why
        == "Raj referred you to Nadia (their reason: “she runs growth”); not acted on since 2025-12-12. Due 2025-12-19, 13 days ago. You also owe Raj: you received \(String(format: "%.2f", received)) and gave 0.00."
    )
    #expect(plan[1].person == fixture.index(of: "tom") && !plan[1].why.contains("also owe"))
  }

  @Test("a referral whose referrer has another item is said in that item, never dropped")
  func referralInAnotherItem() throws {
    var fixture = egoFixture("marco", "hiro", "priya", "ethan")
    // Marco: a follow-up date 20 days ago, and a suggestion not acted on (day −30). Priya: a
    // decline without a reason (a referral action of its own).
    fixture.meet("marco", at: at(-100))
    fixture.meet("marco", at: at(-40), followUp: at(-20), summary: "the intro")
    fixture.referral(
      at: at(-30), from: "marco", to: "me", about: "hiro", why: "they need a partner",
      recordExchange: false)
    fixture.referral(
      at: at(-60), from: "priya", to: "me", about: "ethan",
      steps: [.init(.declined, at: at(-50))], recordExchange: false)
    let snapshot = fixture.snapshot(asOf: at(0))
    let me = fixture.index(of: "me")
    for budget in [2, 8, 30] {
      let plan = Planner.plan(in: snapshot, ego: me, budget: budget)
      #expect(plan.map(\.action) == [.followUp, .referral], "budget \(budget)")
      let marco = try #require(plan.first)
      #expect(marco.person == fixture.index(of: "marco"))
      #expect(
        marco.why
          == "Due 2025-12-12, 20 days ago: you set it after your contact on 2025-11-22, and nothing since. Also, referral #1 (due 2025-12-09, 23 days ago): contact Hiro, or tell Marco you will pass."
      )
      #expect(marco.referralID == 1, "the item links to the referral it carries")
      #expect(plan[1].referralID == 2 && plan[1].task == "Tell Priya why you declined Ethan.")
    }
  }

  @Test("a suggestion whose referee you met since: what to record, in the plan and the review")
  func referralMetSince() throws {
    var fixture = egoFixture("marco", "hiro", "ana", "bo", "cy")
    fixture.referral(at: at(-30), from: "marco", to: "me", about: "hiro", recordExchange: false)
    fixture.meet("hiro", at: at(-20))
    // Ana: only a message to Bo since (contacted); Cy: met before the referral (nothing since).
    fixture.referral(at: at(-40), from: "ana", to: "me", about: "bo", recordExchange: false)
    fixture.meet("bo", at: at(-35), .message)
    fixture.meet("cy", at: at(-90))
    fixture.referral(at: at(-50), from: "ana", to: "me", about: "cy", recordExchange: false)
    let snapshot = fixture.snapshot(asOf: at(0))
    let me = fixture.index(of: "me")
    let reviews = Dictionary(
      uniqueKeysWithValues: ReferralHygiene.review(in: snapshot, ego: me).map {
        ($0.referral.id, $0)
      })
    #expect(reviews[1]?.refereeContact?.time == at(-20))
    #expect(reviews[1]?.refereeContact?.status == .met)
    #expect(reviews[2]?.refereeContact?.time == at(-35))
    #expect(reviews[2]?.refereeContact?.status == .contacted)
    #expect(reviews[3]?.refereeContact == nil)
    #expect(
      reviews[2]?.recordHint(referrer: "Ana", in: snapshot)
        == "You were in touch with Bo on 2025-11-27: record it (`kith referral 2 --status contacted --on 2025-11-27`) and tell Ana how it went."
    )
    let plan = Planner.plan(in: snapshot, ego: me, budget: 8)
    let marco = try #require(plan.first { $0.person == fixture.index(of: "marco") })
    #expect(
      marco.task
        == "You met Hiro on 2025-12-12: record it (`kith referral 1 --status met --on 2025-12-12`) and tell Marco how it went."
    )
  }

  @Test("referral actions falling due by the month's end are included with dueBy, with the date")
  func referralDueBy() throws {
    var fixture = egoFixture("aisha", "dan")
    // Met Dan 5 days ago on Aisha's suggestion: the loop-back falls due on day 9.
    fixture.referral(
      at: at(-10), from: "aisha", to: "me", about: "dan", steps: [.init(.met, at: at(-5))],
      recordExchange: false)
    let snapshot = fixture.snapshot(asOf: at(0))
    let me = fixture.index(of: "me")
    #expect(Planner.plan(in: snapshot, ego: me, budget: 3).isEmpty)
    let plan = Planner.plan(in: snapshot, ego: me, budget: 3, dueBy: at(30))
    let item = try #require(plan.first)
    #expect(plan.count == 1 && item.action == .referral && item.referralID == 1)
    #expect(item.task == "Tell Aisha how it went with Dan.")
    #expect(
      item.why
        == "Aisha referred you to Dan; you met them on 2025-12-27. Due 2026-01-10, in 9 days.")
    // Not within the horizon: not yet.
    #expect(Planner.plan(in: snapshot, ego: me, budget: 3, dueBy: at(8)).isEmpty)
  }

  @Test("the second follow-up goes to the person met once closest to dropping off the list")
  func metOnceGetsASlot() throws {
    var fixture = Self.network()
    // Dana, met once 50 days ago (listed until day 10), and Eli, 30 days ago.
    fixture.person("dana")
    fixture.person("eli")
    fixture.meet("dana", at: at(-50), summary: "the dinner")
    fixture.meet("eli", at: at(-30))
    let snapshot = fixture.snapshot(asOf: at(0))
    let me = fixture.index(of: "me")
    let plan = Planner.plan(in: snapshot, ego: me, budget: 8)
    #expect(
      fixture.handles(plan.filter { $0.action == .followUp }.map(\.person)) == ["f1", "dana"])
    let dana = try #require(plan.first { $0.person == fixture.index(of: "dana") })
    #expect(
      dana.why
        == "You met on 2025-11-12 and never followed up; a second contact is what turns a meeting into a tie. It drops off your follow-ups after 2026-01-11."
    )
    // The rest come with room left over: the dates you set, then the other person met once.
    let all = Planner.plan(in: snapshot, ego: me, budget: 30)
    #expect(
      fixture.handles(all.filter { $0.action == .followUp }.map(\.person)) == [
        "f1", "dana", "f2", "f3", "eli",
      ])
  }

  @Test("a reconnect item built from a referral links to it")
  func reconnectReferralID() throws {
    var fixture = egoFixture("aisha")
    // Dan: neglected (cadence 20, silent 100 days); Aisha referred you to him 30 days ago.
    fixture.person("dan", cadence: 20)
    fixture.meet("dan", at: at(-200))
    fixture.meet("dan", at: at(-100))
    // Three days ago: nothing owed on it yet, so it is no item of its own.
    fixture.referral(at: at(-3), from: "aisha", to: "me", about: "dan", recordExchange: false)
    let plan = Planner.plan(
      in: fixture.snapshot(asOf: at(0)), ego: fixture.index(of: "me"), budget: 8)
    let dan = try #require(plan.first { $0.person == fixture.index(of: "dan") })
    #expect(dan.action == .reconnect && dan.referralID == 1)
    #expect(dan.task.hasPrefix("Aisha referred you to Dan"))
  }

  @Test("one item per referral: the referee's reconnect item gives way to the referral's own")
  func oneItemPerReferral() throws {
    var fixture = egoFixture("aisha")
    fixture.person("dan", cadence: 20)
    fixture.meet("dan", at: at(-200))
    fixture.meet("dan", at: at(-100))
    // Thirty days ago: act on it or decline (an item to Aisha). Dan's reconnect item would
    // say the same referral again.
    fixture.referral(at: at(-30), from: "aisha", to: "me", about: "dan", recordExchange: false)
    let me = fixture.index(of: "me")
    let snapshot = fixture.snapshot(asOf: at(0))
    #expect(
      Neglect.neglected(in: snapshot, ego: me).map(\.person) == [fixture.index(of: "dan")])
    let plan = Planner.plan(in: snapshot, ego: me, budget: 8)
    #expect(plan.filter { $0.referralID == 1 }.count == 1)
    #expect(plan.map(\.action) == [.referral])
    #expect(plan[0].task == "Contact Dan, or tell Aisha you will pass.")
    // Aisha with another item (a follow-up): the referral goes into it, once.
    fixture.interaction(at: at(-5), .meeting, ["me", "aisha"], followUp: at(-1))
    let withFollowUp = Planner.plan(in: fixture.snapshot(asOf: at(0)), ego: me, budget: 8)
    #expect(withFollowUp.filter { $0.referralID == 1 }.count == 1)
    #expect(
      withFollowUp.filter { $0.why.contains("referral #1") || $0.task.contains("Dan") }.count == 1)
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
