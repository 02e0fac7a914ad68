import Foundation
import KithAnalytics
import KithGraph
import KithTestSupport
import Testing

@Suite("Properties over seeded random histories")
struct AnalyticsPropertyTests {
  static let seeds: [UInt64] = Array(1...25)

  @Test("with no new interaction, every overdue ratio grows by Δ / cadence", arguments: seeds)
  func overdueGrows(seed: UInt64) throws {
    let fixture = RandomHistory.make(seed: seed)
    var g = SeededGenerator(seed: seed &* 31)
    let t0 = RandomHistory.end
    let delta = Int64.random(in: 1...(200 * daySeconds), using: &g)
    let before = fixture.snapshot(asOf: t0)
    let after = fixture.snapshot(asOf: t0 + delta)
    let me = fixture.index(of: "me")
    let ranks0 = CadenceModel.peakRanks(before, ego: me)
    let ranks1 = CadenceModel.peakRanks(after, ego: me)
    #expect(ranks0 == ranks1, "peaks do not change without events")
    let history = before.activity.egoInteractions
    let revivals0 = Revivals(before, ego: me)
    let revivals1 = Revivals(after, ego: me)
    var checked = 0
    for c in 0..<Int32(before.personCount) where c != me {
      guard let last = history.time[history.range(of: c)].last,
        let cadence0 = CadenceModel.cadence(
          of: c, in: before, rank: ranks0[Int(c)], revivals: revivals0)
      else { continue }
      let cadence1 = try #require(
        CadenceModel.cadence(of: c, in: after, rank: ranks1[Int(c)], revivals: revivals1))
      #expect(cadence0 == cadence1)
      let ratio0 = Double(t0 - last) / 86_400 / cadence0.days
      let ratio1 = Double(t0 + delta - last) / 86_400 / cadence1.days
      #expect(ratio1 > ratio0)
      #expect(
        abs((ratio1 - ratio0) - Double(delta) / 86_400 / cadence0.days) <= 1e-9 * max(1, ratio1))
      checked += 1
    }
    #expect(checked > 0)
    // Every contact overdue at T is still listed at T + Δ (possibly now lost), more overdue.
    let list0 = Neglect.neglected(in: before, ego: me, includeLost: true)
    let list1 = Dictionary(
      uniqueKeysWithValues: Neglect.neglected(in: after, ego: me, includeLost: true).map {
        ($0.person, $0)
      })
    for item in list0 {
      let later = try #require(list1[item.person], "\(fixture.handle(item.person)) dropped out")
      #expect(later.overdueRatio > item.overdueRatio)
      #expect(later.valueAtRisk >= item.valueAtRisk)
      #expect(later.status == .lost || item.status == .neglected)
      #expect(
        abs(later.daysSince - item.daysSince - Double(delta) / 86_400) <= 1e-9 * later.daysSince)
    }
  }

  @Test("a new interaction at T resets the contact's clock", arguments: seeds)
  func newInteractionResets(seed: UInt64) throws {
    var fixture = RandomHistory.make(seed: seed)
    let me = fixture.index(of: "me")
    let t = RandomHistory.end
    // The most overdue contact at T, or any contact.
    let before = Neglect.neglected(in: fixture.snapshot(asOf: t), ego: me, includeLost: true)
    let c = before.first?.person ?? 1
    let handle = fixture.handle(c)
    fixture.meet(handle, at: t, .call)
    let snapshot = fixture.snapshot(asOf: t)
    #expect(
      !Neglect.neglected(in: snapshot, ego: me, includeLost: true).contains { $0.person == c })
    #expect(!Neglect.dormant(in: snapshot, ego: me).contains { $0.person == c })
    let brief = Briefing.brief(in: snapshot, ego: me, person: c)
    #expect(brief.lastContact == t)
    #expect(brief.daysSinceLastContact == 0)
    #expect(brief.overdueRatio.map { $0 == 0 } ?? true)
    // And a second later, still not overdue (every cadence is at least a day).
    let later = fixture.snapshot(asOf: t + 1)
    #expect(!Neglect.neglected(in: later, ego: me, includeLost: true).contains { $0.person == c })
  }

  @Test(
    "balance stays strictly inside (−1, 1) and matches G and R from the raw ledger",
    arguments: seeds)
  func balanceBounds(seed: UInt64) {
    let fixture = RandomHistory.make(seed: seed)
    let now = RandomHistory.end
    let snapshot = fixture.snapshot(asOf: now)
    let me = fixture.index(of: "me")
    let report = Reciprocity.report(in: snapshot, ego: me)
    // G and R straight from the fixture's exchanges: value · 2^(−age/180 days).
    var given: [String: Double] = [:]
    var received: [String: Double] = [:]
    for x in fixture.exchanges {
      let value = x.kind.value * halving(days: Double(now - x.time) / 86_400)
      if x.giver == "me" { given[x.receiver, default: 0] += value }
      if x.receiver == "me" { received[x.giver, default: 0] += value }
    }
    for entry in report.entries {
      #expect(entry.balance > -1 && entry.balance < 1)
      let h = fixture.handle(entry.person)
      #expect(abs(entry.given - given[h, default: 0]) <= 1e-9)
      #expect(abs(entry.received - received[h, default: 0]) <= 1e-9)
      let expected = (entry.given - entry.received) / (entry.given + entry.received + 1)
      #expect(abs(entry.balance - expected) <= secondsRatioTolerance)
      if let share = entry.initiationShare { #expect(share >= 0 && share <= 1) }
      #expect(entry.initiationsKnown <= entry.interactions)
    }
    #expect(Set(report.entries.map(\.person)).count == report.entries.count)
  }

  @Test("follow-ups agree with the raw interactions", arguments: seeds)
  func followUpsAgree(seed: UInt64) {
    let fixture = RandomHistory.make(seed: seed)
    let now = RandomHistory.end
    let snapshot = fixture.snapshot(asOf: now)
    let list = FollowUps.list(in: snapshot, ego: fixture.index(of: "me"))
    for item in list {
      let h = fixture.handle(item.person)
      let mine = fixture.interactions.filter {
        $0.participants.contains("me") && $0.participants.contains(h)
      }
      let last = mine.map(\.time).max()
      #expect(item.lastContact == last)
      switch item.reason {
      case .due:
        #expect(item.due <= now)
        // The follow-up was set by an interaction at the last contact: nothing came later.
        #expect(mine.contains { $0.time == item.lastContact && $0.followUp == item.due })
      case .neverFollowedUp:
        #expect(mine.count == 1)
        #expect(now - item.lastContact <= 60 * daySeconds)
        #expect(item.due == item.lastContact + 14 * daySeconds)
      }
    }
    // Completeness: every contact whose last interaction set a follow-up that passed is listed.
    for c in fixture.people.map(\.handle) where c != "me" {
      let mine = fixture.interactions.filter {
        $0.participants.contains("me") && $0.participants.contains(c)
      }
      guard let last = mine.max(by: { $0.time < $1.time }), let followUp = last.followUp,
        followUp <= now
      else { continue }
      #expect(
        list.contains {
          $0.person == fixture.index(of: c) && $0.reason == .due && $0.due == followUp
        })
    }
    #expect(zip(list, list.dropFirst()).allSatisfy { $0.due <= $1.due })
  }

  @Test(
    "results do not depend on the order interactions and exchanges were recorded",
    arguments: seeds)
  func insertionOrder(seed: UInt64) {
    let fixture = RandomHistory.make(seed: seed)
    var g = SeededGenerator(seed: seed ^ 0x5EED)
    let shuffled = fixture.shuffled(using: &g)
    let me = fixture.index(of: "me")
    for asOf in [RandomHistory.end, at(450), RandomHistory.end + 100 * daySeconds] {
      let a = fixture.snapshot(asOf: asOf)
      let b = shuffled.snapshot(asOf: asOf)
      #expect(
        Neglect.neglected(in: a, ego: me, includeLost: true)
          == Neglect.neglected(in: b, ego: me, includeLost: true))
      #expect(Neglect.dormant(in: a, ego: me) == Neglect.dormant(in: b, ego: me))
      #expect(Reciprocity.report(in: a, ego: me) == Reciprocity.report(in: b, ego: me))
      #expect(FollowUps.list(in: a, ego: me) == FollowUps.list(in: b, ego: me))
      #expect(ReferralHygiene.review(in: a, ego: me) == ReferralHygiene.review(in: b, ego: me))
      #expect(Planner.plan(in: a, ego: me, budget: 6) == Planner.plan(in: b, ego: me, budget: 6))
      #expect(TieRanking.strongest(in: a, ego: me) == TieRanking.strongest(in: b, ego: me))
    }
  }

  @Test("plans respect the budget, one item per person, with a reason each", arguments: seeds)
  func planInvariants(seed: UInt64) {
    let fixture = RandomHistory.make(seed: seed)
    let snapshot = fixture.snapshot(asOf: RandomHistory.end)
    let me = fixture.index(of: "me")
    for budget in [1, 2, 3, 5, 8, 13, 40] {
      let plan = Planner.plan(in: snapshot, ego: me, budget: budget)
      #expect(plan.count <= budget)
      #expect(Set(plan.map(\.person)).count == plan.count)
      #expect(!plan.contains { $0.person == me })
      #expect(plan.allSatisfy { !$0.why.isEmpty && !$0.task.isEmpty })
    }
  }
}
