import Foundation
import KithAnalytics
import KithGraph
import KithTestSupport
import Testing

@Suite("Briefs")
struct BriefTests {
  @Test("mutual contacts: ranked by √(strength to ego × strength to subject), then handle")
  func mutualContacts() throws {
    // Constant ties, so strengths are exact: (ego, subject) strengths and scores
    // m1 (4, 1) → 2; m2 (1, 9) → 3; m3 (1, 1) → 1; m4 (1, 4) → 2; m5 (0.25, 0.04) → 0.1;
    // crowd (0.04, 0.01) → 0.02, under a fiftieth of m2's 3 (0.06): a crowd's acquaintance, left
    // out.
    var fixture = egoFixture("sam", "m1", "m2", "m3", "m4", "m5", "crowd", "only-sam", "only-me")
    for (m, toEgo, toSam) in [
      ("m1", 4.0, 1.0), ("m2", 1, 9), ("m3", 1, 1), ("m4", 1, 4), ("m5", 0.25, 0.04),
      ("crowd", 0.04, 0.01),
    ] {
      fixture.tie("me", m, weight: toEgo)
      fixture.tie("sam", m, weight: toSam)
    }
    fixture.tie("sam", "only-sam", weight: 50)
    fixture.tie("me", "only-me", weight: 50)
    fixture.tie("me", "sam", weight: 1)
    let snapshot = fixture.snapshot(asOf: at(0))
    let me = fixture.index(of: "me")
    let sam = fixture.index(of: "sam")
    let brief = Briefing.brief(in: snapshot, ego: me, person: sam, mutualLimit: 6)
    #expect(fixture.handles(brief.mutualContacts.map(\.person)) == ["m2", "m1", "m4", "m3", "m5"])
    let expected = [3.0, 2, 2, 1, 0.1]
    for (m, e) in zip(brief.mutualContacts, expected) {
      #expect(abs(m.score - e) <= tieFloatTolerance)
    }
    let first = try #require(brief.mutualContacts.first)
    #expect(first.strengthToEgo == 1 && first.strengthToSubject == 9)
    let limited = Briefing.brief(in: snapshot, ego: me, person: sam, mutualLimit: 2)
    #expect(fixture.handles(limited.mutualContacts.map(\.person)) == ["m2", "m1"])
  }

  /// A subject about whom much is known.
  static func richFixture() -> SnapshotFixture {
    var fixture = egoFixture("rob", "dan", "mutual")
    fixture.person("sam", name: "Sam Lee", tags: ["alumni"], interests: ["sailing", "maps"])
    fixture.organisation("acme", name: "Acme")
    fixture.organisation("old-co", name: "Old Co")
    fixture.affiliation("sam", "old-co", role: "Analyst", from: at(-900), to: at(-400))
    fixture.affiliation("sam", "acme", role: "CTO", from: at(-399))
    fixture.referral(at: at(-200), from: "rob", to: "me", about: "sam", why: "you both do maps")
    fixture.meet("sam", at: at(-190), by: "me", summary: "first coffee")
    fixture.meet("sam", at: at(-100), by: "sam", summary: "the Acme launch")
    fixture.meet("sam", at: at(-40), by: "me")
    fixture.interaction(at: at(-30), .meeting, ["sam", "mutual"])
    fixture.meet("mutual", at: at(-30))
    fixture.referral(at: at(-20), from: "sam", to: "me", about: "dan", why: "Dan is hiring")
    fixture.note(about: "sam", at: at(-50), "moving to Lisbon")
    fixture.note(about: "sam", at: at(-10), "second child born")
    fixture.exchange(at: at(-15), from: "me", to: "sam", .advice, note: "pricing")
    return fixture
  }

  @Test("what the brief gathers")
  func contents() throws {
    let fixture = Self.richFixture()
    let snapshot = fixture.snapshot(asOf: at(0))
    let me = fixture.index(of: "me")
    let brief = Briefing.brief(in: snapshot, ego: me, person: fixture.index(of: "sam"))
    #expect(brief.currentAffiliations.map(\.role) == ["CTO"])
    #expect(brief.pastAffiliations.map(\.role) == ["Analyst"])
    #expect(brief.firstInteraction == at(-190))
    #expect(brief.firstSummary == "first coffee")
    #expect(brief.referredBy.map(\.referrer) == [fixture.index(of: "rob")])
    #expect(brief.referredBy.first?.why == "you both do maps")
    // The last meeting was 40 days ago; the advice you gave 15 days ago is the last contact.
    #expect(brief.lastContact == at(-15))
    #expect(brief.daysSinceLastContact == 15)
    #expect(brief.interactions == 3)
    // Three meetings: learned cadence = median of gaps 90 and 60 = 75 days; ratio 15/75.
    let cadence = try #require(brief.cadence)
    #expect(cadence.source == .learned && cadence.days == 75)
    #expect(abs((brief.overdueRatio ?? 0) - 15.0 / 75) <= secondsRatioTolerance)
    // Reciprocity: G = advice 15 days ago = 2^(−15/180); R = the referral 20 days ago
    // (the gift it is) = 3 · 2^(−20/180).
    let entry = try #require(brief.reciprocity)
    #expect(abs(entry.given - halving(days: 15)) <= secondsRatioTolerance)
    #expect(abs(entry.received - 3 * halving(days: 20)) <= secondsRatioTolerance)
    // Balance (0.94 − 2.78)/(0.94 + 2.78 + 1) = −0.39: not taking (−0.5 or less), so the
    // amounts are said as they are, not as a debt.
    #expect(brief.owed.hasPrefix("Received 2.78, given 0.94 (last received: a referral"))
    // Both referrals involving Sam owe an action: Rob's about Sam (200 days) and Sam's to the
    // ego about Dan (20 days).
    #expect(
      Set(brief.openReferrals.map(\.referral.referrer)) == [
        fixture.index(of: "sam"), fixture.index(of: "rob"),
      ])
    #expect(fixture.handles(brief.mutualContacts.map(\.person)) == ["mutual"])
    #expect(brief.recentNotes.map(\.text) == ["second child born", "moving to Lisbon"])
    let history = snapshot.activity.egoInteractions
    #expect(brief.recentInteractions.map { history.time[$0] } == [at(-40), at(-100), at(-190)])
    #expect(brief.tags == ["alumni"])
    #expect(brief.interests == ["sailing", "maps"])
    let tie = try #require(brief.tie)
    #expect(tie.count == 3)
  }

  @Test("three questions, most specific knowledge first")
  func questions() {
    let fixture = Self.richFixture()
    let snapshot = fixture.snapshot(asOf: at(0))
    let brief = Briefing.brief(
      in: snapshot, ego: fixture.index(of: "me"), person: fixture.index(of: "sam"))
    #expect(brief.questions.count == 3)
    // The open referral acted on least recently (Rob's, to Sam, still recorded as suggested
    // although you met Sam since: what to record is apart), the last summary (not of the last
    // contact: "On", with how long ago, not "Last time"), the current affiliation.
    #expect(
      brief.toRecord == [
        "To record: `kith referral 1 --status met --on 2025-06-25` (you met Sam Lee on 2025-06-25)."
      ])
    #expect(
      brief.questions == [
        "Rob suggested you two talk (“you both do maps”), and you met on 2025-06-25: what comes next?",
        "On 2025-09-23, 100 days ago (your last contact, on 2025-11-22, had no topic recorded), you talked about “the Acme launch”: what happened next?",
        "How is being CTO at Acme going, and what is the team focused on now?",
      ])
  }

  @Test(
    "the referrer's brief says what to record when the referee was met, due or not yet: on a line of its own, not as a question"
  )
  func referrerHintBeforeDue() {
    var fixture = egoFixture("eli", "gus")
    fixture.meet("eli", at: at(-30))
    fixture.meet("gus", at: at(-4))
    fixture.referral(at: at(-3), from: "eli", to: "me", about: "gus", recordExchange: false)
    let me = fixture.index(of: "me")
    let brief = Briefing.brief(
      in: fixture.snapshot(asOf: at(0)), ego: me, person: fixture.index(of: "eli"))
    #expect(
      brief.toRecord == [
        "To record: `kith referral 1 --status met --on 2025-12-29` (you met Gus on 2025-12-28, the day before the referral, if that was it)."
      ])
    #expect(
      brief.questions.contains(
        "Eli suggested Gus on 2025-12-29 and you met them on 2025-12-28: how did it go?"),
      "\(brief.questions)")
    #expect(!brief.questions.contains { $0.contains("kith referral") }, "\(brief.questions)")
  }

  @Test("recently: the exchanges either way, newest first")
  func recentExchanges() {
    let fixture = Self.richFixture()
    let snapshot = fixture.snapshot(asOf: at(0))
    let brief = Briefing.brief(
      in: snapshot, ego: fixture.index(of: "me"), person: fixture.index(of: "sam"))
    let x = snapshot.activity.exchanges
    // The advice you gave 15 days ago, the referral Sam made to you 20 days ago.
    #expect(brief.recentExchanges.map { x.time[$0] } == [at(-15), at(-20)])
    #expect(brief.recentExchanges.map { x.kind[$0] } == [.advice, .referral])
  }

  @Test("someone you keep giving to is asked how it worked out, not what more you could do")
  func oneSidedGiving() throws {
    var fixture = egoFixture("tom", "una")
    for d in [-40.0, -30, -20] {
      fixture.meet("tom", at: at(d))
      fixture.exchange(at: at(d), from: "me", to: "tom", .advice)
    }
    // Una: one piece of advice (given under 2): the usual question.
    fixture.meet("una", at: at(-20))
    fixture.exchange(at: at(-20), from: "me", to: "una", .advice)
    let snapshot = fixture.snapshot(asOf: at(0))
    let me = fixture.index(of: "me")
    let tom = Briefing.brief(in: snapshot, ego: me, person: fixture.index(of: "tom"))
    let entry = try #require(tom.reciprocity)
    #expect(entry.given >= 2 && entry.balance >= 0.5 && entry.received == 0)
    let help = "What are you working on that I could help with, or whom should you meet?"
    #expect(!tom.questions.contains(help), "\(tom.questions)")
    #expect(
      tom.questions.contains(
        "You gave Tom advice on 2025-12-12: how did it work out? You have given \(String(format: "%.2f", entry.given)) and received 0.00: is there something Tom could help you with, or someone to introduce you to?"
      ), "\(tom.questions)")
    let una = Briefing.brief(in: snapshot, ego: me, person: fixture.index(of: "una"))
    #expect(una.questions.contains(help), "\(una.questions)")
  }

  @Test("a talking point a year old or more says how long ago it was and asks how it turned out")
  func oldTalkingPoint() {
    let fixture = Self.richFixture()
    let me = fixture.index(of: "me")
    let sam = fixture.index(of: "sam")
    func question(asOfDays days: Double) -> String? {
      Briefing.brief(in: fixture.snapshot(asOf: at(days)), ego: me, person: sam).questions
        .first { $0.contains("you talked about") }
    }
    #expect(
      question(asOfDays: 264)
        == "On 2025-09-23, 364 days ago (your last contact, on 2025-11-22, had no topic recorded), you talked about “the Acme launch”: what happened next?"
    )
    #expect(
      question(asOfDays: 266)
        == "On 2025-09-23, over a year ago (your last contact, on 2025-11-22, had no topic recorded), you talked about “the Acme launch”: how did it turn out?"
    )
    #expect(
      question(asOfDays: 1_000)
        == "On 2025-09-23, over 3 years ago (your last contact, on 2025-11-22, had no topic recorded), you talked about “the Acme launch”: how did it turn out?"
    )
  }

  @Test("a referral point says who owes what: your loop-back, your answer, your reason")
  func referralPoints() throws {
    var fixture = egoFixture("ana", "bo", "cy", "dee")
    for h in ["ana", "bo", "cy"] { fixture.tie("me", h, weight: 1) }
    fixture.referral(at: at(-100), from: "ana", to: "me", about: "dee", recordExchange: false)
    fixture.referral(at: at(-50), from: "bo", to: "me", about: "dee", recordExchange: false)
    fixture.referral(at: at(-30), from: "cy", to: "me", about: "dee", recordExchange: false)
    var snapshot = fixture.snapshot(asOf: at(0))
    let me = fixture.index(of: "me")
    let reviews = ReferralHygiene.review(in: snapshot, ego: me)
    func point(_ referrer: String, _ action: ReferralAction?) throws -> String {
      var r = try #require(reviews.first { $0.referral.referrer == fixture.index(of: referrer) })
      r.action = action
      r.referral.status =
        action == .loopBack ? .met : action == .explainDecline ? .declined : .suggested
      let c = fixture.index(of: referrer)
      return Briefing.referralPoint(
        r, subject: c, ego: me, name: snapshot.people.names[Int(c)], in: snapshot)
    }
    #expect(
      try point("ana", .loopBack)
        == "You owe Ana a loop-back: how did it go with Dee (you met them on 2025-09-23)?")
    #expect(
      try point("bo", .actOrDecline)
        == "Bo suggested Dee on 2025-11-12: will you get in touch, or pass?")
    #expect(
      try point("cy", .explainDecline)
        == "You declined Dee, Cy's suggestion, without saying why: tell Cy.")
    // No action owed yet: where it stands, as what you did and when (not "contacted since").
    var contacted = try #require(reviews.first { $0.referral.referrer == fixture.index(of: "bo") })
    contacted.action = nil
    contacted.referral.status = .contacted
    let bo = fixture.index(of: "bo")
    #expect(
      Briefing.referralPoint(contacted, subject: bo, ego: me, name: "Bo", in: snapshot)
        == "Bo suggested Dee, and you contacted them on 2025-11-12: how is it going?")
    contacted.referral.status = .suggested
    #expect(
      Briefing.referralPoint(contacted, subject: bo, ego: me, name: "Bo", in: snapshot)
        == "Bo suggested Dee on 2025-11-12: what should you know before you get in touch?")
    // A brief on the person referred: a referral you passed on is not "what could you do".
    var declined = try #require(reviews.first { $0.referral.referrer == fixture.index(of: "cy") })
    declined.referral.status = .declined
    let dee = fixture.index(of: "dee")
    #expect(
      Briefing.referralPoint(declined, subject: dee, ego: me, name: "Dee", in: snapshot)
        == "Cy suggested you two talk and you passed on 2025-12-02: has anything changed?")
    // A brief on yourself asks nothing and owes nothing.
    snapshot = fixture.snapshot(asOf: at(0))
    let mine = Briefing.brief(in: snapshot, ego: me, person: me)
    #expect(mine.questions.isEmpty && mine.mutualContacts.isEmpty && mine.owed.isEmpty)
  }

  /// Sam, with one mutual contact, Ivan; the ego's other ties (Sam, A, B) are constant 1, so
  /// the median of the ego's four ties is 1 and a strong tie is one of at least 2.
  static func mutualFixture(egoToIvan: Double?, samToIvan: Double, metIvan: Bool)
    -> SnapshotFixture
  {
    var fixture = egoFixture("sam", "a", "b", "ivan")
    for h in ["sam", "a", "b"] { fixture.tie("me", h, weight: 1) }
    if let egoToIvan { fixture.tie("me", "ivan", weight: egoToIvan) }
    // Met 720 days ago (2024-01-12): 2^(−4) = 0.0625 of a meeting's weight is left.
    if metIvan { fixture.meet("ivan", at: at(-720)) }
    fixture.tie("sam", "ivan", weight: samToIvan)
    return fixture
  }

  @Test(
    "a mutual contact is known well only when both ties are strong now",
    arguments: [
      // Both strong (ego 4 + 0.0625, Sam 9: both ≥ 2 × median 1).
      (4.0, 9.0, true, "How is Ivan doing? You both know them well."),
      // The ego's tie faded to 0.0625: when you were last in touch, not "well".
      (
        nil, 9.0, true,
        "How is Ivan doing? You both know them; you were last in touch on 2024-01-12."
      ),
      // Sam's tie is weak (0.5 < 2) while the ego's is strong.
      (
        4.0, 0.5, true,
        "How is Ivan doing? You both know them; you were last in touch on 2024-01-12."
      ),
      // Exactly at the bound: 2 and 2 are strong.
      (2.0, 2.0, false, "How is Ivan doing? You both know them well."),
      // A weak recorded tie with no interaction to date: just that you both know them.
      (1.0, 9.0, false, "How is Ivan doing? You both know them."),
    ] as [(Double?, Double, Bool, String)])
  func mutualQuestion(egoToIvan: Double?, samToIvan: Double, metIvan: Bool, expected: String)
    throws
  {
    let fixture = Self.mutualFixture(egoToIvan: egoToIvan, samToIvan: samToIvan, metIvan: metIvan)
    let snapshot = fixture.snapshot(asOf: at(0))
    let brief = Briefing.brief(
      in: snapshot, ego: fixture.index(of: "me"), person: fixture.index(of: "sam"))
    #expect(fixture.handles(brief.mutualContacts.map(\.person)) == ["ivan"])
    // Nothing more specific is known about Sam: the mutual contact's question comes first.
    #expect(brief.questions.first == expected)
  }

  @Test("a mutual contact last in touch through a favour: the favour's day, as go-betweens say")
  func mutualLastContactCountsExchanges() throws {
    var fixture = Self.mutualFixture(egoToIvan: nil, samToIvan: 9, metIvan: true)
    // Ivan gave advice 20 days ago (2025-12-12), long after the meeting of 2024-01-12.
    fixture.exchange(at: at(-20), from: "ivan", to: "me", .advice)
    let snapshot = fixture.snapshot(asOf: at(0))
    let brief = Briefing.brief(
      in: snapshot, ego: fixture.index(of: "me"), person: fixture.index(of: "sam"))
    #expect(
      brief.questions.first
        == "How is Ivan doing? You both know them; you were last in touch on 2025-12-12.")
  }

  @Test("a mutual contact whose tie the ego let go is not asked after")
  func mutualLetGo() throws {
    var fixture = Self.mutualFixture(egoToIvan: 4, samToIvan: 9, metIvan: true)
    fixture.letGo(of: "ivan", at: at(-1))
    let snapshot = fixture.snapshot(asOf: at(0))
    let brief = Briefing.brief(
      in: snapshot, ego: fixture.index(of: "me"), person: fixture.index(of: "sam"))
    #expect(fixture.handles(brief.mutualContacts.map(\.person)) == ["ivan"])
    #expect(!brief.questions.contains { $0.contains("Ivan") }, "\(brief.questions)")
  }

  // A brief on someone whose tie you let go said "you aim for every 14 days", gave an overdue
  // ratio, and asked "What could you do for them right now?".
  @Test("a tie let go: no overdue ratio, the cadence as history, no question pressing for contact")
  func letGo() throws {
    var fixture = egoFixture("kim", "ned", "gus")
    fixture.person("pat", cadence: 14)
    for h in ["kim", "ned", "gus", "pat"] {
      for d in [-400.0, -393, -386] { fixture.meet(h, at: at(d)) }
    }
    // Lately Kim gave more than she got (you owe her); you kept giving to Ned; nothing passed
    // either way with Gus.
    for d in [-12.0, -10] { fixture.exchange(at: at(d), from: "kim", to: "me", .introduction) }
    for d in [-12.0, -11, -10] { fixture.exchange(at: at(d), from: "me", to: "ned", .advice) }
    let me = fixture.index(of: "me")
    func brief(_ h: String, _ f: SnapshotFixture) -> Brief {
      Briefing.brief(in: f.snapshot(asOf: at(0)), ego: me, person: f.index(of: h))
    }
    let pressing = [
      "What could you do for", "could help you with", "I could help with",
      "whom should you meet", "first conversation",
    ]
    func presses(_ b: Brief) -> Bool {
      b.questions.contains { q in pressing.contains(where: q.contains) }
    }
    let before = ["kim", "ned", "pat"].map { brief($0, fixture) }
    #expect(before.allSatisfy(presses), "\(before.map(\.questions))")
    #expect(before.allSatisfy { $0.overdueRatio != nil && $0.letGo == nil })
    #expect(
      brief("gus", fixture).owed.hasPrefix("Nothing given or received yet: an easy first give"))
    for h in ["kim", "ned", "gus", "pat"] { fixture.letGo(of: h, at: at(-1)) }
    for h in ["kim", "ned", "gus", "pat"] {
      let b = brief(h, fixture)
      #expect(b.letGo == at(-1) && b.overdueRatio == nil)
      #expect(b.questions.count == 3 && !presses(b), "\(h): \(b.questions)")
      #expect(b.questions.contains("What has changed for you since we last spoke?"))
    }
    // The cadence is kept, as what applied until then.
    #expect(brief("pat", fixture).cadence?.formerly == "every 14 days (your setting)")
    // What you owe is still said; no first give is suggested.
    #expect(brief("kim", fixture).owed.hasPrefix("You owe Kim"))
    #expect(brief("gus", fixture).owed == "Nothing given or received.")
    // Back in touch: the cadence and the questions are back.
    fixture.meet("pat", at: at(-0.5))
    let back = brief("pat", fixture)
    #expect(back.letGo == nil && back.overdueRatio != nil && presses(back))
  }

  @Test("a follow-up owed: in the brief, and the first question to prepare")
  func followUps() throws {
    var fixture = egoFixture("kate", "elena", "rob", "ann")
    // Kate: a call 44 days ago with a follow-up 27 days ago, nothing since: due.
    fixture.meet("kate", at: at(-44), .call, followUp: at(-27), summary: "the launch")
    // Elena: met once, 21 days ago: never followed up, due 14 days after (7 days ago).
    fixture.meet("elena", at: at(-21), summary: "the summit")
    // Ann: met 90 days ago and 5 days ago, with a follow-up set 40 days ahead.
    fixture.meet("ann", at: at(-90))
    fixture.meet("ann", at: at(-5), followUp: at(40))
    // Rob referred Elena: an open referral, still behind the follow-up.
    fixture.referral(at: at(-30), from: "rob", to: "me", about: "elena", why: "climate")
    let snapshot = fixture.snapshot(asOf: at(0))
    let me = fixture.index(of: "me")
    let kate = Briefing.brief(in: snapshot, ego: me, person: fixture.index(of: "kate"))
    let due = try #require(kate.followUps.first)
    #expect(kate.followUps.count == 1 && due.reason == .due && due.due == at(-27))
    #expect(
      Briefing.followUpLine(due, asOf: at(0))
        == "You owe a follow-up: due 2025-12-05 after your contact on 2025-11-18 about “the launch”."
    )
    // The follow-up's question first; the talking point it already names is not asked again.
    #expect(
      kate.questions.first
        == "You set a follow-up for 2025-12-05 on “the launch” (2025-11-18): what is the next step?"
    )
    #expect(!kate.questions.contains { $0.contains("you talked about") })
    let elena = Briefing.brief(in: snapshot, ego: me, person: fixture.index(of: "elena"))
    let nudge = try #require(elena.followUps.first)
    #expect(nudge.reason == .neverFollowedUp && nudge.due == at(-7))
    #expect(
      Briefing.followUpLine(nudge, asOf: at(0))
        == "You owe a follow-up: due 2025-12-25, 14 days after your only contact, on 2025-12-11 about “the summit”."
    )
    // Rob's referral (day −30) is still recorded as suggested, but you met Elena since.
    #expect(
      elena.questions.prefix(2) == [
        "Your only contact was on 2025-12-11 (“the summit”): what could you two do together next?",
        "Rob suggested you two talk (“climate”), and you met on 2025-12-11: what comes next?",
      ])
    #expect(
      elena.toRecord == [
        "To record: `kith referral 1 --status met --on 2025-12-11` (you met Elena on 2025-12-11)."
      ])
    // Met 5 days ago: the nudge is still ahead, not yet owed.
    let early = fixture.snapshot(asOf: at(-16))
    let soon = try #require(
      Briefing.brief(in: early, ego: me, person: fixture.index(of: "elena")).followUps.first)
    #expect(
      Briefing.followUpLine(soon, asOf: at(-16))
        == "A follow-up is due 2025-12-25, 14 days after your only contact, on 2025-12-11 about “the summit”."
    )
    // A follow-up date in the coming month is in the brief too (the plan lists it); one
    // further ahead is not.
    let ahead = try #require(
      Briefing.brief(
        in: fixture.snapshot(asOf: at(-40)), ego: me, person: fixture.index(of: "kate")
      )
      .followUps.first)
    #expect(
      Briefing.followUpLine(ahead, asOf: at(-40))
        == "A follow-up is due 2025-12-05 after your contact on 2025-11-18 about “the launch”.")
    #expect(
      Briefing.brief(in: snapshot, ego: me, person: fixture.index(of: "ann")).followUps.isEmpty)
    #expect(
      Briefing.brief(in: fixture.snapshot(asOf: at(10)), ego: me, person: fixture.index(of: "ann"))
        .followUps.map(\.due) == [at(40)])
    // Nobody else is owed one, and a brief on yourself owes yourself nothing.
    #expect(
      Briefing.brief(in: snapshot, ego: me, person: fixture.index(of: "rob")).followUps.isEmpty)
    #expect(Briefing.brief(in: snapshot, ego: me, person: me).followUps.isEmpty)
  }

  @Test("a referral to the organisation the subject works at is theirs to talk about")
  func referralToTheirEmployer() throws {
    var fixture = egoFixture("priya", "tom", "ola")
    fixture.organisation("orbital", name: "Orbital Labs")
    fixture.affiliation("priya", "orbital", role: "Head of platform")
    // Ola worked there once: not theirs any more.
    fixture.affiliation("ola", "orbital", from: at(-900), to: at(-400))
    for h in ["priya", "tom", "ola"] {
      fixture.meet(h, at: at(-90))
      fixture.meet(h, at: at(-10))
    }
    _ = fixture.referral(
      at: at(-5), from: "tom", to: "me", aboutOrganisation: "orbital", why: "they might buy")
    let snapshot = fixture.snapshot(asOf: at(0))
    let me = fixture.index(of: "me")
    let priya = Briefing.brief(in: snapshot, ego: me, person: fixture.index(of: "priya"))
    #expect(priya.openReferrals.count == 1)
    #expect(
      priya.questions.first
        == "Tom referred you to Orbital Labs (“they might buy”), where Priya works: what should you know, and whom should you talk to there?"
    )
    let ola = Briefing.brief(in: snapshot, ego: me, person: fixture.index(of: "ola"))
    #expect(ola.openReferrals.isEmpty)
  }

  @Test("three questions even when nothing is known")
  func questionsWithNothingKnown() {
    var fixture = egoFixture("stranger")
    fixture.tie("me", "stranger", weight: 1)
    let snapshot = fixture.snapshot(asOf: at(0))
    let brief = Briefing.brief(
      in: snapshot, ego: fixture.index(of: "me"), person: fixture.index(of: "stranger"))
    #expect(brief.questions.allSatisfy { !$0.isEmpty })
    // With nothing known, the generic questions still make three; never met, none of them
    // asks about a last time.
    #expect(brief.questions.count == 3)
    #expect(brief.questions.contains("What would you like to get out of this first conversation?"))
    #expect(!brief.questions.contains { $0.contains("last spoke") })
    fixture.meet("stranger", at: at(-3))
    let met = Briefing.brief(
      in: fixture.snapshot(asOf: at(0)), ego: fixture.index(of: "me"),
      person: fixture.index(of: "stranger"))
    #expect(met.questions.contains("What has changed for you since we last spoke?"))
  }

  @Test("owed sentence: balanced, they owe, you owe, nothing yet")
  func owed() {
    var fixture = egoFixture("bal", "owes", "owed", "none")
    let now = at(0)
    fixture.exchange(at: now, from: "me", to: "bal", .advice)
    fixture.exchange(at: now, from: "bal", to: "me", .advice)
    fixture.exchange(at: now, from: "me", to: "owes", .introduction, note: "to Dan")
    fixture.exchange(at: now, from: "owed", to: "me", .help)
    fixture.meet("none", at: now)
    let snapshot = fixture.snapshot(asOf: now)
    let me = fixture.index(of: "me")
    func owed(_ h: String) -> String {
      Briefing.brief(in: snapshot, ego: me, person: fixture.index(of: h)).owed
    }
    #expect(owed("bal") == "Balanced: given 1.00, received 1.00.")
    // Only taking (`reciprocity`'s flag) is a debt: more given than received is said as it is.
    #expect(
      owed("owes")
        == "Given 3.00, received 0.00 (last given: an introduction on 2026-01-01: “to Dan”).")
    #expect(owed("owed") == "You owe Owed: received 2.00 vs given 0.00 (last: help on 2026-01-01).")
    #expect(
      owed("none")
        == "Nothing given or received yet: an easy first give is an introduction or a useful link.")
  }

  @Test("a person is named in full, honorific and all: never 'ask Dr. about it'")
  func honorifics() {
    var fixture = egoFixture()
    for (h, name) in [
      ("chidi", "Dr. Chidi Okafor"), ("ada", "Prof Ada Byrne"), ("mx", "Mx. Sam Lee"),
      ("bare", "Dr."),
    ] {
      fixture.person(h, name: name)
      fixture.meet(h, at: at(-3))
      fixture.note(about: h, at: at(-2), "back from leave")
    }
    let snapshot = fixture.snapshot(asOf: at(0))
    let me = fixture.index(of: "me")
    func ask(_ h: String) -> String? {
      Briefing.brief(in: snapshot, ego: me, person: fixture.index(of: h)).questions.first {
        $0.hasPrefix("Noted on")
      }
    }
    #expect(
      ask("chidi") == "Noted on 2025-12-30: “back from leave” — ask Dr. Chidi Okafor about it.")
    #expect(
      ask("ada") == "Noted on 2025-12-30: “back from leave” — ask Prof Ada Byrne about it.")
    #expect(ask("mx") == "Noted on 2025-12-30: “back from leave” — ask Mx. Sam Lee about it.")
    // Nothing but the title: that is the name.
    #expect(ask("bare") == "Noted on 2025-12-30: “back from leave” — ask Dr. about it.")
  }

  @Test("a title the history repeats (a recurring series) is no talking point")
  func recurringTitle() {
    var fixture = egoFixture("grace")
    fixture.meet("grace", at: at(-60), summary: "Budget")
    fixture.meet("grace", at: at(-30), summary: "Weekly 1:1")
    fixture.meet("grace", at: at(-15), summary: "Weekly 1:1")
    let snapshot = fixture.snapshot(asOf: at(0))
    let brief = Briefing.brief(
      in: snapshot, ego: fixture.index(of: "me"), person: fixture.index(of: "grace"))
    #expect(
      brief.questions.contains(
        "On 2025-11-02, 60 days ago (your last contact, on 2025-12-17, was one of a recurring series), you talked about “Budget”: what happened next?"
      ))
    #expect(!brief.questions.contains { $0.contains("Weekly 1:1") })
  }

  @Test("a loop-back falling due within the brief's horizon is raised, with its date")
  func upcomingLoopBack() throws {
    var fixture = egoFixture("aisha", "dan")
    fixture.tie("me", "aisha", weight: 1)
    fixture.referral(
      at: at(-10), from: "aisha", to: "me", about: "dan", steps: [.init(.met, at: at(-5))],
      recordExchange: false)
    let snapshot = fixture.snapshot(asOf: at(0))
    let brief = Briefing.brief(
      in: snapshot, ego: fixture.index(of: "me"), person: fixture.index(of: "aisha"))
    let r = try #require(brief.openReferrals.first)
    #expect(r.action == .loopBack && r.due == at(9))
    #expect(
      brief.questions.first
        == "Tell Aisha how it went with Dan (you met them on 2025-12-27): the loop-back is due 2026-01-10."
    )
  }

  @Test("a brief on someone the ego never met")
  func unknownPerson() {
    var fixture = egoFixture("cara", "stranger")
    fixture.meet("cara", at: at(0))
    let snapshot = fixture.snapshot(asOf: at(10))
    let brief = Briefing.brief(
      in: snapshot, ego: fixture.index(of: "me"), person: fixture.index(of: "stranger"))
    #expect(brief.tie == nil)
    #expect(brief.cadence == nil)
    #expect(brief.lastContact == nil)
    #expect(brief.daysSinceLastContact == nil)
    #expect(brief.overdueRatio == nil)
    #expect(brief.firstInteraction == nil)
    #expect(brief.interactions == 0)
    #expect(brief.reciprocity == nil)
    #expect(brief.mutualContacts.isEmpty)
  }
}
