import Foundation
import KithAnalytics
import KithGraph
import KithTestSupport
import Testing

@Suite("Referral hygiene: act, loop back, explain a decline")
struct ReferralHygieneTests {
  struct ActionCase: Sendable, CustomTestStringConvertible {
    let name: String
    let status: ReferralStatus
    /// Seconds between reaching the status and now.
    let waited: Int64
    let reason: String?
    let action: ReferralAction?
    var testDescription: String { name }
  }

  static let week = 7 * daySeconds
  static let fortnight = 14 * daySeconds

  @Test(
    "the action owed, exactly at and around the 7- and 14-day thresholds: from the day it is due",
    arguments: [
      ActionCase(
        name: "suggested 6 days ago: due tomorrow, nothing yet", status: .suggested,
        waited: 6 * daySeconds, reason: nil, action: nil),
      ActionCase(
        name: "suggested 6 days + 1 s ago: due later today, act or decline", status: .suggested,
        waited: 6 * daySeconds + 1, reason: nil, action: .actOrDecline),
      ActionCase(
        name: "suggested 7 days ago exactly: due today, act or decline", status: .suggested,
        waited: week, reason: nil, action: .actOrDecline),
      ActionCase(
        name: "suggested 7 days + 1 s ago: act or decline", status: .suggested, waited: week + 1,
        reason: nil, action: .actOrDecline),
      ActionCase(
        name: "suggested 60 days ago: act or decline", status: .suggested, waited: 60 * daySeconds,
        reason: nil, action: .actOrDecline),
      ActionCase(
        name: "contacted 7 days + 1 s ago: nothing yet", status: .contacted, waited: week + 1,
        reason: nil, action: nil),
      ActionCase(
        name: "contacted 13 days ago: due tomorrow, nothing yet", status: .contacted,
        waited: 13 * daySeconds, reason: nil, action: nil),
      ActionCase(
        name: "contacted 14 days ago exactly: due today, loop back", status: .contacted,
        waited: fortnight, reason: nil, action: .loopBack),
      ActionCase(
        name: "contacted 14 days + 1 s ago: loop back", status: .contacted, waited: fortnight + 1,
        reason: nil, action: .loopBack),
      ActionCase(
        name: "met 13 days ago: nothing yet", status: .met, waited: 13 * daySeconds, reason: nil,
        action: nil),
      ActionCase(
        name: "met 14 days ago exactly: due today, loop back", status: .met, waited: fortnight,
        reason: nil, action: .loopBack),
      ActionCase(
        name: "met 14 days + 1 s ago: loop back", status: .met, waited: fortnight + 1, reason: nil,
        action: .loopBack),
      ActionCase(
        name: "reported back long ago: done", status: .reportedBack, waited: 400 * daySeconds,
        reason: nil, action: nil),
      ActionCase(
        name: "declined without a reason: explain", status: .declined, waited: 0, reason: nil,
        action: .explainDecline),
      ActionCase(
        name: "declined with an empty reason: explain", status: .declined, waited: daySeconds,
        reason: "", action: .explainDecline),
      ActionCase(
        name: "declined with a blank reason: explain", status: .declined, waited: daySeconds,
        reason: " \n\t", action: .explainDecline),
      ActionCase(
        name: "declined with a reason: done", status: .declined, waited: 100 * daySeconds,
        reason: "not hiring", action: nil),
    ])
  func action(_ c: ActionCase) {
    let now = at(100)
    let since = now - c.waited
    let referral = SnapshotReferral(
      id: 1, time: since - daySeconds, referrer: 1, recipient: 0, refereePerson: 2,
      refereeOrganisation: nil, why: "why", status: c.status, since: since, reason: c.reason)
    #expect(ReferralHygiene.action(for: referral, now: now) == c.action)
  }

  @Test(
    "the clocks run from the latest status change, not the referral's date",
    arguments: [(24.0 - 1.0 / 86_400, nil), (24.0, ReferralAction.loopBack)])
  func clockFromStatus(asOfDays: Double, action: ReferralAction?) throws {
    var fixture = egoFixture("rob", "ref")
    fixture.referral(
      at: at(0), from: "rob", to: "me", about: "ref",
      steps: [.init(.contacted, at: at(10))])
    let snapshot = fixture.snapshot(asOf: at(asOfDays))
    let review = ReferralHygiene.review(in: snapshot, ego: fixture.index(of: "me"))
    let item = try #require(review.first)
    #expect(item.referral.status == .contacted)
    #expect(item.referral.since == at(10))
    #expect(item.action == action)
    #expect(item.daysOpen == Int(asOfDays))
  }

  @Test("the status is the one at the snapshot's time")
  func statusAsOf() throws {
    var fixture = egoFixture("rob", "ref")
    fixture.referral(
      at: at(0), from: "rob", to: "me", about: "ref",
      steps: [.init(.contacted, at: at(10)), .init(.declined, at: at(20))])
    let me = fixture.index(of: "me")
    let before = try #require(
      ReferralHygiene.review(in: fixture.snapshot(asOf: at(9)), ego: me).first)
    #expect(before.referral.status == .suggested)
    #expect(before.action == .actOrDecline)
    #expect(before.daysOpen == 9)
    let after = try #require(
      ReferralHygiene.review(in: fixture.snapshot(asOf: at(30)), ego: me).first)
    #expect(after.referral.status == .declined)
    #expect(after.action == .explainDecline)
    // Closed: open from day 0 to the decline on day 20.
    #expect(after.daysOpen == 20)
    #expect(ReferralHygiene.review(in: fixture.snapshot(asOf: at(0) - 1), ego: me).isEmpty)
  }

  @Test("declined with and without a reason")
  func declined() {
    var fixture = egoFixture("rob", "ann", "ref")
    let quiet = fixture.referral(
      at: at(0), from: "rob", to: "me", about: "ref", steps: [.init(.declined, at: at(1))])
    let explained = fixture.referral(
      at: at(0), from: "ann", to: "me", about: "ref",
      steps: [.init(.declined, at: at(2), reason: "we compete")])
    let snapshot = fixture.snapshot(asOf: at(5))
    let me = fixture.index(of: "me")
    let all = ReferralHygiene.review(in: snapshot, ego: me)
    #expect(all.map(\.referral.id) == [quiet, explained])
    #expect(all.map(\.action) == [.explainDecline, nil])
    let open = ReferralHygiene.review(in: snapshot, ego: me, openOnly: true)
    #expect(open.map(\.referral.id) == [quiet])
  }

  @Test("only the recipient owes an action")
  func onlyRecipient() throws {
    var fixture = egoFixture("cara", "dan", "ref")
    let mine = fixture.referral(at: at(0), from: "me", to: "cara", about: "ref")
    let theirs = fixture.referral(at: at(0), from: "cara", to: "dan", about: "ref")
    let snapshot = fixture.snapshot(asOf: at(30))
    let review = ReferralHygiene.review(in: snapshot, ego: fixture.index(of: "me"))
    #expect(Set(review.map(\.referral.id)) == [mine, theirs])
    #expect(review.allSatisfy { $0.action == nil })
    // From Cara's side, the one she received owes an action.
    let hers = ReferralHygiene.review(in: snapshot, ego: fixture.index(of: "cara"))
    #expect(hers.first?.referral.id == mine)
    #expect(hers.first?.action == .actOrDecline)
    #expect(ReferralHygiene.review(in: snapshot, ego: nil).allSatisfy { $0.action == nil })
  }

  @Test(
    "order: owed actions first (loop-backs, act-or-decline, explain-decline; each oldest first), then open, then closed"
  )
  func order() {
    var fixture = egoFixture("a", "b", "c", "d", "e", "ref")
    fixture.organisation("acme")
    let done = fixture.referral(
      at: at(0), from: "a", to: "me", about: "ref", steps: [.init(.reportedBack, at: at(3))])
    let fresh = fixture.referral(at: at(25), from: "b", to: "me", aboutOrganisation: "acme")
    let late = fixture.referral(at: at(10), from: "c", to: "me", about: "ref")
    let older = fixture.referral(at: at(5), from: "d", to: "me", about: "ref")
    let loop = fixture.referral(
      at: at(1), from: "e", to: "me", about: "ref", steps: [.init(.met, at: at(8))])
    let snapshot = fixture.snapshot(asOf: at(30))
    let me = fixture.index(of: "me")
    let review = ReferralHygiene.review(in: snapshot, ego: me)
    // The loop-back (met day 8) before the suggestions to act on, older (day 5) and late (day
    // 10), as the plan takes them; then the open fresh one (5 days old), then the closed one.
    #expect(review.map(\.referral.id) == [loop, older, late, fresh, done])
    #expect(review.map(\.action) == [.loopBack, .actOrDecline, .actOrDecline, nil, nil])
    #expect(review.map(\.daysOpen) == [29, 25, 20, 5, 3])
    let open = ReferralHygiene.review(in: snapshot, ego: me, openOnly: true)
    #expect(open.map(\.referral.id) == [loop, older, late, fresh])
  }

  @Test("the why is kept with the referral")
  func whyKept() throws {
    var fixture = egoFixture("rob", "ref")
    fixture.referral(
      at: at(0), from: "rob", to: "me", about: "ref", why: "she solved the same problem")
    let review = ReferralHygiene.review(
      in: fixture.snapshot(asOf: at(1)), ego: fixture.index(of: "me"))
    #expect(try #require(review.first).referral.why == "she solved the same problem")
  }

  @Test(
    "a referee met in the week before the referral: the hint says so and records on the referral's date"
  )
  func refereeMetJustBefore() throws {
    var fixture = egoFixture("omar", "paul", "ana", "bo", "cy", "dee")
    // Paul met the day before Omar's referral; Bo messaged 3 days before Ana's; Cy met 8 days
    // before (too long before to be the referral's contact).
    fixture.meet("paul", at: at(9))
    fixture.referral(at: at(10), from: "omar", to: "me", about: "paul", recordExchange: false)
    fixture.meet("bo", at: at(7), .message)
    fixture.referral(at: at(10), from: "ana", to: "me", about: "bo", recordExchange: false)
    fixture.meet("cy", at: at(2))
    fixture.referral(at: at(10), from: "ana", to: "me", about: "cy", recordExchange: false)
    // Dee: met before the referral the same day (10:00), and again after it: the later counts.
    fixture.meet("dee", at: at(10.4))
    fixture.referral(at: at(10.5), from: "omar", to: "me", about: "dee", recordExchange: false)
    let snapshot = fixture.snapshot(asOf: at(20))
    let me = fixture.index(of: "me")
    let reviews = Dictionary(
      uniqueKeysWithValues: ReferralHygiene.review(in: snapshot, ego: me).map {
        ($0.referral.id, $0)
      })
    #expect(reviews[1]?.refereeContact?.time == at(9) && reviews[1]?.refereeContact?.status == .met)
    #expect(
      reviews[1]?.recordHint(referrer: "Omar", in: snapshot)
        == "You met Paul on 2026-01-10, the day before the referral: if that was it, record it (`kith referral 1 --status met --on 2026-01-11`) and tell Omar how it went."
    )
    #expect(
      reviews[2]?.recordHint(referrer: "Ana", in: snapshot)
        == "You were in touch with Bo on 2026-01-08, 3 days before the referral: if that was it, record it (`kith referral 2 --status contacted --on 2026-01-11`) and tell Ana how it went."
    )
    #expect(reviews[3]?.refereeContact == nil)
    // The same day, before the referral: the exact time, since the day's midnight predates it.
    #expect(
      reviews[4]?.recordHint(referrer: "Omar", in: snapshot)
        == "You met Dee on 2026-01-11, before the referral that day: if that was it, record it (`kith referral 4 --status met --on 2026-01-11T12:00:00Z`) and tell Omar how it went."
    )
    fixture.meet("dee", at: at(10.75))
    let later = ReferralHygiene.review(in: fixture.snapshot(asOf: at(20)), ego: me)
    let dee = try #require(later.first { $0.referral.id == 4 })
    #expect(dee.refereeContact?.time == at(10.75) && dee.refereeContact?.status == .met)
    #expect(
      dee.recordHint(referrer: "Omar", in: snapshot)
        == "You met Dee on 2026-01-11: record it (`kith referral 4 --status met --on 2026-01-11T18:00:00Z`) and tell Omar how it went."
    )
  }
}
