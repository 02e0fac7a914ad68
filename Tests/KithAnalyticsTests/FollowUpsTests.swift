import Foundation
import KithAnalytics
import KithGraph
import KithTestSupport
import Testing

@Suite("Follow-ups: passed dates with nothing since, and people never followed up")
struct FollowUpsTests {
  @Test("due: the date passed and nothing later")
  func due() throws {
    var fixture = egoFixture("cara")
    fixture.meet("cara", at: at(-30))
    fixture.meet("cara", at: at(0), followUp: at(7), summary: "send the deck")
    let snapshot = fixture.snapshot(asOf: at(10))
    let list = FollowUps.list(in: snapshot, ego: fixture.index(of: "me"))
    let item = try #require(list.first)
    #expect(list.count == 1)
    #expect(item.person == fixture.index(of: "cara"))
    #expect(item.reason == .due)
    #expect(item.due == at(7))
    #expect(item.lastContact == at(0))
    #expect(item.summary == "send the deck")
  }

  @Test(
    "due exactly when the date is reached, not a second before",
    arguments: [(7.0 - 1.0 / 86_400, false), (7.0, true)])
  func dueBoundary(asOfDays: Double, listed: Bool) {
    var fixture = egoFixture("cara")
    fixture.meet("cara", at: at(-30))
    fixture.meet("cara", at: at(0), followUp: at(7))
    let snapshot = fixture.snapshot(asOf: at(asOfDays))
    #expect(
      FollowUps.list(in: snapshot, ego: fixture.index(of: "me")).map(\.reason)
        == (listed ? [.due] : []))
  }

  @Test("resolved by a later interaction")
  func resolved() {
    var fixture = egoFixture("cara")
    fixture.meet("cara", at: at(-30))
    fixture.meet("cara", at: at(0), followUp: at(7))
    fixture.meet("cara", at: at(8), .message)
    let snapshot = fixture.snapshot(asOf: at(10))
    #expect(FollowUps.list(in: snapshot, ego: fixture.index(of: "me")).isEmpty)
    // As of day 7.5 the later message had not happened yet: still due.
    let earlier = fixture.snapshot(asOf: at(7.5))
    #expect(FollowUps.list(in: earlier, ego: fixture.index(of: "me")).map(\.due) == [at(7)])
  }

  @Test("a later interaction with its own follow-up replaces the earlier one")
  func replaced() {
    var fixture = egoFixture("cara")
    fixture.meet("cara", at: at(-30), followUp: at(-20))
    fixture.meet("cara", at: at(0), followUp: at(5), summary: "intro to Dan")
    let snapshot = fixture.snapshot(asOf: at(10))
    let list = FollowUps.list(in: snapshot, ego: fixture.index(of: "me"))
    #expect(list.map(\.due) == [at(5)])
    #expect(list.map(\.summary) == ["intro to Dan"])
  }

  @Test("with dueBy, follow-ups falling due by then are included")
  func dueBy() {
    var fixture = egoFixture("cara")
    fixture.meet("cara", at: at(-30))
    fixture.meet("cara", at: at(0), followUp: at(20))
    let snapshot = fixture.snapshot(asOf: at(10))
    let me = fixture.index(of: "me")
    #expect(FollowUps.list(in: snapshot, ego: me).isEmpty)
    #expect(FollowUps.list(in: snapshot, ego: me, dueBy: at(19)).isEmpty)
    #expect(FollowUps.list(in: snapshot, ego: me, dueBy: at(20)).map(\.due) == [at(20)])
    // A horizon before now is now.
    #expect(FollowUps.list(in: snapshot, ego: me, dueBy: at(0)).isEmpty)
  }

  struct NewContactCase: Sendable, CustomTestStringConvertible {
    let name: String
    let meetings: [Double]
    let asOfDays: Double
    let listed: Bool
    var testDescription: String { name }
  }

  @Test(
    "never followed up: first met in the last 60 days, exactly one interaction",
    arguments: [
      NewContactCase(
        name: "one interaction 59 days ago", meetings: [0], asOfDays: 59, listed: true),
      NewContactCase(
        name: "one interaction 60 days ago exactly", meetings: [0], asOfDays: 60, listed: true),
      NewContactCase(
        name: "one interaction 61 days ago", meetings: [0], asOfDays: 61, listed: false),
      NewContactCase(name: "one interaction today", meetings: [0], asOfDays: 0, listed: true),
      NewContactCase(
        name: "two interactions within 59 days", meetings: [0, 1], asOfDays: 59, listed: false),
      NewContactCase(
        name: "two interactions the same day", meetings: [0, 0], asOfDays: 3, listed: false),
    ])
  func neverFollowedUp(_ c: NewContactCase) throws {
    var fixture = egoFixture("newbie")
    for (k, d) in c.meetings.enumerated() {
      fixture.meet("newbie", at: at(d), summary: k == 0 ? "met at the meetup" : nil)
    }
    let snapshot = fixture.snapshot(asOf: at(c.asOfDays))
    let list = FollowUps.list(in: snapshot, ego: fixture.index(of: "me"))
    guard c.listed else {
      #expect(list.isEmpty)
      return
    }
    let item = try #require(list.first)
    #expect(list.count == 1)
    #expect(item.reason == .neverFollowedUp)
    // The suggested follow-up: 14 days after meeting.
    #expect(item.due == at(14))
    #expect(item.lastContact == at(0))
    #expect(item.summary == "met at the meetup")
  }

  @Test("a group meeting counts once for each new contact; order by due date, then handle")
  func groupAndOrder() {
    var fixture = egoFixture("zoe", "abe", "old")
    fixture.interaction(at: at(0), .event, ["me", "zoe", "abe"])
    fixture.meet("old", at: at(-200))
    fixture.meet("old", at: at(-100), followUp: at(1))
    let snapshot = fixture.snapshot(asOf: at(20))
    let list = FollowUps.list(in: snapshot, ego: fixture.index(of: "me"))
    // old: due day 1; abe and zoe: never followed up, due day 14, by handle.
    #expect(fixture.handles(list.map(\.person)) == ["old", "abe", "zoe"])
    #expect(list.map(\.reason) == [.due, .neverFollowedUp, .neverFollowedUp])
  }

  @Test("a dismissal hides the follow-up of an interaction at or before it, not a later one")
  func dismissedDue() {
    var fixture = egoFixture("cara", "dan")
    fixture.meet("cara", at: at(-30))
    fixture.meet("cara", at: at(0), followUp: at(7), summary: "send the deck")
    fixture.meet("dan", at: at(-30))
    fixture.meet("dan", at: at(0), followUp: at(7))
    // Cara's dismissed on the day of the interaction (at or before hides it); Dan's the day
    // before, which hides nothing of the later interaction.
    fixture.dismissFollowUps(of: "cara", at: at(0))
    fixture.dismissFollowUps(of: "dan", at: at(-1))
    let me = fixture.index(of: "me")
    let list = FollowUps.list(in: fixture.snapshot(asOf: at(10)), ego: me)
    #expect(fixture.handles(list.map(\.person)) == ["dan"])
    // A follow-up date still ahead at the dismissal is dismissed too.
    var ahead = egoFixture("cara")
    ahead.meet("cara", at: at(-30))
    ahead.meet("cara", at: at(0), followUp: at(7))
    ahead.dismissFollowUps(of: "cara", at: at(2))
    #expect(FollowUps.list(in: ahead.snapshot(asOf: at(10)), ego: ahead.index(of: "me")).isEmpty)
    // As of before the dismissal, it had not been made.
    #expect(
      FollowUps.list(in: ahead.snapshot(asOf: at(1)), ego: ahead.index(of: "me"), dueBy: at(7))
        .count == 1)
  }

  @Test("a later interaction's follow-up shows again after a dismissal")
  func dismissedThenLater() {
    var fixture = egoFixture("cara")
    fixture.meet("cara", at: at(-30), followUp: at(-20))
    fixture.dismissFollowUps(of: "cara", at: at(-10))
    let me = fixture.index(of: "me")
    #expect(FollowUps.list(in: fixture.snapshot(asOf: at(-5)), ego: me).isEmpty)
    fixture.meet("cara", at: at(0), followUp: at(5), summary: "intro to Dan")
    let list = FollowUps.list(in: fixture.snapshot(asOf: at(10)), ego: me)
    #expect(list.map(\.due) == [at(5)])
    #expect(list.map(\.summary) == ["intro to Dan"])
  }

  @Test("a dismissal hides a contact never followed up; a later first meeting shows again")
  func dismissedNewContact() {
    var fixture = egoFixture("newbie", "other")
    fixture.meet("newbie", at: at(0))
    fixture.meet("other", at: at(0))
    fixture.dismissFollowUps(of: "newbie", at: at(3))
    let me = fixture.index(of: "me")
    let list = FollowUps.list(in: fixture.snapshot(asOf: at(20)), ego: me)
    #expect(fixture.handles(list.map(\.person)) == ["other"])
    #expect(list.map(\.reason) == [.neverFollowedUp])
    // Dismissed before they met: the meeting is after it and is listed.
    var early = egoFixture("newbie")
    early.dismissFollowUps(of: "newbie", at: at(-3))
    early.meet("newbie", at: at(0))
    #expect(
      FollowUps.list(in: early.snapshot(asOf: at(20)), ego: early.index(of: "me")).map(\.reason)
        == [
          .neverFollowedUp
        ])
  }

  @Test("interactions among others do not count for the ego")
  func othersOnly() {
    var fixture = egoFixture("a", "b")
    fixture.interaction(at: at(0), .meeting, ["a", "b"], followUp: at(1))
    let snapshot = fixture.snapshot(asOf: at(10))
    #expect(FollowUps.list(in: snapshot, ego: fixture.index(of: "me")).isEmpty)
  }
}
