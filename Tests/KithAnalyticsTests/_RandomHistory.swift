import Foundation
import KithGraph
import KithTestSupport

/// Seeded random histories for property tests: the ego `me` and 6–14 contacts over 900 days
/// (plus, for some seeds, a `newbie` met once in the last 50 days).
///
/// Each contact is active from day 0 up to a random last day (so some go quiet early and become
/// lost or dormant); some have an explicit cadence or tags with a tag cadence. Interactions are
/// mostly one-to-one with the ego, some are groups with the ego, some do not involve the ego;
/// every interaction and exchange has its own second (no two share a time), so that the order
/// of events is never decided by insertion order alone.
enum RandomHistory {
  /// The end of the history: every event is strictly before it.
  static let end = at(900)

  static let kinds = InteractionKind.allCases
  static let exchangeKinds = ExchangeKind.allCases

  static func make(seed: UInt64) -> SnapshotFixture {
    var g = SeededGenerator(seed: seed)
    var fixture = SnapshotFixture(ego: "me")
    fixture.tagCadence("team", days: 14)
    fixture.tagCadence("alumni", days: 90)
    let n = Int.random(in: 6...14, using: &g)
    var contacts: [String] = []
    var lastActive: [String: Double] = [:]
    for k in 0..<n {
      let handle = String(format: "c%02d", k)
      let tags = ["team", "alumni", "family"].filter { _ in Int.random(in: 0..<5, using: &g) == 0 }
      let cadence = Int.random(in: 0..<5, using: &g) == 0 ? Int.random(in: 5...60, using: &g) : nil
      fixture.person(handle, tags: tags, cadence: cadence)
      contacts.append(handle)
      lastActive[handle] = Double.random(in: 30...899, using: &g)
    }
    fixture.organisation("acme")
    fixture.affiliation(contacts[0], "acme", role: "CEO")

    var used = Set<Int64>()
    func time(from start: Double = 0, upTo days: Double) -> Int64 {
      while true {
        let t = at(start) + Int64.random(in: 0..<Int64((days - start) * 86_400), using: &g)
        if used.insert(t).inserted { return t }
      }
    }

    let interactions = Int.random(in: 20...80, using: &g)
    for _ in 0..<interactions {
      let c = contacts[Int.random(in: 0..<n, using: &g)]
      let roll = Int.random(in: 0..<10, using: &g)
      var participants = ["me", c]
      if roll < 2 {
        let other = contacts[Int.random(in: 0..<n, using: &g)]
        if other != c { participants.append(other) }
      } else if roll == 2 {
        let other = contacts[Int.random(in: 0..<n, using: &g)]
        if other != c { participants = [c, other] }
      }
      let window = participants.compactMap { lastActive[$0] }.min() ?? 899
      let t = time(upTo: window)
      let initiator =
        Int.random(in: 0..<3, using: &g) == 0 ? nil : participants.randomElement(using: &g)
      let followUp =
        Int.random(in: 0..<6, using: &g) == 0
        ? t + Int64.random(in: 1...40, using: &g) * daySeconds : nil
      let summary = Int.random(in: 0..<3, using: &g) == 0 ? "talk \(t % 997)" : nil
      fixture.interaction(
        at: t, kinds[Int.random(in: 0..<kinds.count, using: &g)], participants,
        initiator: initiator, followUp: followUp, summary: summary)
    }
    // Some recent one-off meetings (never followed up, or followed up).
    for c in contacts.prefix(2) where lastActive[c, default: 0] > 860 {
      fixture.meet(c, at: time(from: 860, upTo: 899))
    }

    let exchanges = Int.random(in: 0...20, using: &g)
    for _ in 0..<exchanges {
      let c = contacts[Int.random(in: 0..<n, using: &g)]
      var giver = "me"
      var receiver = c
      switch Int.random(in: 0..<5, using: &g) {
      case 0, 1: swap(&giver, &receiver)
      case 2:
        let other = contacts[Int.random(in: 0..<n, using: &g)]
        if other != c { giver = other }
      default: break
      }
      fixture.exchange(
        at: time(upTo: 899), from: giver, to: receiver,
        exchangeKinds[Int.random(in: 0..<exchangeKinds.count, using: &g)],
        note: Bool.random(using: &g) ? "note" : nil)
    }

    let referrals = Int.random(in: 0...3, using: &g)
    for _ in 0..<referrals {
      let referrer = contacts[Int.random(in: 0..<n, using: &g)]
      let referee = contacts[Int.random(in: 0..<n, using: &g)]
      guard referee != referrer else { continue }
      let t = time(upTo: 880)
      var steps: [SnapshotFixture.ReferralStep] = []
      if Bool.random(using: &g) {
        steps.append(.init(.contacted, at: t + Int64.random(in: 1...10, using: &g) * daySeconds))
      }
      if Bool.random(using: &g) {
        steps.append(
          .init(.declined, at: t + 15 * daySeconds, reason: Bool.random(using: &g) ? "busy" : nil))
      }
      fixture.referral(
        at: t, from: referrer, to: "me", about: referee, why: "because", steps: steps)
    }

    for c in contacts where Int.random(in: 0..<3, using: &g) == 0 {
      fixture.note(about: c, at: time(upTo: 899), "note on \(c)")
    }
    // Sometimes someone met once in the last 50 days (never followed up).
    if Bool.random(using: &g) {
      fixture.person("newbie")
      fixture.meet("newbie", at: time(from: 850, upTo: 899), summary: "met at a talk")
    }
    return fixture
  }
}
