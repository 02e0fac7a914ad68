import Foundation
import KithAnalytics
import KithGraph
import KithTestSupport
import Testing

/// The sentences of `neglected` and the plan: day counts that match the dates beside them,
/// the topic they quote, and how they name the person.
@Suite("Suggestions: day counts, topics and names")
struct SuggestionsTests {
  // `neglected --as-of 2025-12-01` showed "LAST 2025-10-31, DAYS 30": the count truncated the
  // elapsed time (30.5 days from noon) while the date is a calendar day.
  @Test("a day count next to a date counts calendar days, not truncated elapsed time")
  func calendarDays() throws {
    var fixture = egoFixture()
    fixture.person("ana", cadence: 7)
    fixture.meet("ana", at: at(-60))
    fixture.meet("ana", at: at(-31.5))
    let snapshot = fixture.snapshot(asOf: at(0))
    let me = fixture.index(of: "me")
    let item = try #require(Neglect.neglected(in: snapshot, ego: me).first)
    // Elapsed days keep their fraction (JSON's daysSince); the count shown is 31.
    #expect(abs(item.daysSince - 31.5) < 1e-9)
    #expect(item.calendarDaysSince == 32)
    #expect(item.suggestion.hasPrefix("No contact for 32 days"), "\(item.suggestion)")
    let plan = Planner.plan(in: snapshot, ego: me, budget: 3)
    let why = try #require(plan.first { $0.person == item.person }?.why)
    #expect(why.hasPrefix("32 days since your last contact"), "\(why)")
    // The shared count itself: one second before midnight to midnight is a day.
    #expect(KithTime.calendarDays(from: at(0) - 1, to: at(0)) == 1)
    #expect(KithTime.calendarDays(from: at(0), to: at(1) - 1) == 0)
    #expect(KithTime.calendarDays(from: at(3), to: at(0)) == -3)
  }

  @Test("the brief's 'today' is the calendar day: a contact late yesterday is a day ago")
  func briefDays() {
    var fixture = egoFixture("ana")
    fixture.meet("ana", at: at(-0.1))
    let snapshot = fixture.snapshot(asOf: at(0))
    let me = fixture.index(of: "me")
    let brief = Briefing.brief(in: snapshot, ego: me, person: fixture.index(of: "ana"))
    #expect(brief.calendarDaysSinceLastContact == 1)
    #expect(abs((brief.daysSinceLastContact ?? 0) - 0.1) < 1e-9)
  }

  // Lucas Fischer: "On 2025-09-07, 85 days ago, you talked about “Re: Pilot proposal”" while the
  // last contact was "Re: Deck v3", a subject also used months before and so taken for a
  // recurring series.
  @Test("a mail subject that comes back is the latest topic, quoted without Re:")
  func threadSubject() throws {
    var fixture = egoFixture()
    fixture.person("lucas", cadence: 7)
    fixture.meet("lucas", at: at(-200), .email, summary: "Re: Deck v3")
    fixture.meet("lucas", at: at(-85), .email, summary: "Re: Pilot proposal")
    fixture.meet("lucas", at: at(-67), .email, summary: "Deck v3")
    fixture.meet("lucas", at: at(-67) + 3600, .email, summary: "Re: Deck v3")
    let snapshot = fixture.snapshot(asOf: at(0))
    let me = fixture.index(of: "me")
    let item = try #require(Neglect.neglected(in: snapshot, ego: me).first)
    #expect(
      item.suggestion
        == "Last time (2025-10-26) you talked about “Deck v3”: ask Lucas how it turned out.",
      "\(item.suggestion)")
  }

  @Test("an older topic says why the last contact's was not quoted")
  func olderTopicSaysWhy() throws {
    var fixture = egoFixture()
    fixture.person("lucas", cadence: 7)
    fixture.meet("lucas", at: at(-85), .email, summary: "Fwd: RE: Pilot proposal")
    fixture.meet("lucas", at: at(-67), .call)
    let snapshot = fixture.snapshot(asOf: at(0))
    let me = fixture.index(of: "me")
    let item = try #require(Neglect.neglected(in: snapshot, ego: me).first)
    #expect(
      item.suggestion
        == "On 2025-10-08, 85 days ago (your last contact, on 2025-10-26, had no topic recorded), you talked about “Pilot proposal”: ask Lucas how it turned out.",
      "\(item.suggestion)")
  }

  @Test(
    "a large gathering is no topic, and says what it was with its article",
    arguments: [
      (InteractionKind.event, "an event of 6 people"), (.meeting, "a meeting of 6 people"),
      (.email, "an email among 6 people"), (.video, "a video call of 6 people"),
      (.other, "an interaction of 6 people"),
    ])
  func largeGathering(_ kind: InteractionKind, _ words: String) throws {
    var fixture = egoFixture("ana", "bo", "cy", "di")
    fixture.person("lucas", cadence: 7)
    fixture.meet("lucas", at: at(-85), .email, summary: "Pilot proposal")
    fixture.interaction(
      at: at(-67), kind, ["me", "lucas", "ana", "bo", "cy", "di"], summary: "Summit dinner")
    let snapshot = fixture.snapshot(asOf: at(0))
    let me = fixture.index(of: "me")
    let item = try #require(
      Neglect.neglected(in: snapshot, ego: me).first { $0.person == fixture.index(of: "lucas") })
    #expect(
      item.suggestion
        == "On 2025-10-08, 85 days ago (your last contact, on 2025-10-26, was \(words)), you talked about “Pilot proposal”: ask Lucas how it turned out.",
      "\(item.suggestion)")
  }

  // 'you talked about "お礼": ask them how it turned out' for a thank-you note.
  @Test(
    "a thank-you is no topic: the one before it is quoted, saying why",
    arguments: [
      "お礼", "Thanks!", "Thank you for the intro", "Merci", "Danke", "Re: thanks",
      "【御礼】本日はありがとうございました", "Many thanks, Lucas", "Vielen Dank!",
    ])
  func thankYou(_ summary: String) throws {
    var fixture = egoFixture()
    fixture.person("lucas", cadence: 7)
    fixture.meet("lucas", at: at(-85), .email, summary: "Pilot proposal")
    fixture.meet("lucas", at: at(-67), .email, summary: summary)
    let snapshot = fixture.snapshot(asOf: at(0))
    let me = fixture.index(of: "me")
    let item = try #require(Neglect.neglected(in: snapshot, ego: me).first)
    #expect(
      item.suggestion
        == "On 2025-10-08, 85 days ago (your last contact, on 2025-10-26, was a thank-you), you talked about “Pilot proposal”: ask Lucas how it turned out.",
      "\(item.suggestion)")
  }

  @Test(
    "with nothing but thank-yous, the plain wording; a word that only starts like one is a topic")
  func onlyThanks() throws {
    var fixture = egoFixture()
    fixture.person("lucas", cadence: 7)
    fixture.person("ana", cadence: 7)
    fixture.meet("lucas", at: at(-67), .email, summary: "Thanks!")
    fixture.meet("ana", at: at(-67), .email, summary: "Thanksgiving plans")
    let snapshot = fixture.snapshot(asOf: at(0))
    let me = fixture.index(of: "me")
    let items = Neglect.neglected(in: snapshot, ego: me)
    let text = Dictionary(
      uniqueKeysWithValues: items.map { (fixture.handle($0.person), $0.suggestion) })
    #expect(text["lucas"]?.hasPrefix("No contact for 67 days") == true, "\(text)")
    #expect(
      text["ana"]
        == "Last time (2025-10-26) you talked about “Thanksgiving plans”: ask Ana how it turned out.",
      "\(text)")
  }

  struct TopicCase: Sendable, CustomTestStringConvertible {
    let summary: String
    let topic: String
    var testDescription: String { summary }
  }

  @Test(
    "reply and forward prefixes are stripped from a quoted subject",
    arguments: [
      TopicCase(summary: "Re: Re: intro", topic: "intro"),
      TopicCase(summary: "RE: Fwd: FW: Fw: Deck v3", topic: "Deck v3"),
      TopicCase(summary: "AW: WG: Angebot", topic: "Angebot"),
      TopicCase(summary: "SV: VS: Möte", topic: "Möte"),
      TopicCase(summary: "Re[2]: Re [3]: Budget", topic: "Re [3]: Budget"),
      TopicCase(summary: "Re[2]: Budget", topic: "Budget"),
      TopicCase(summary: "回复：答复: 会议", topic: "会议"),
      TopicCase(summary: "転送: お礼", topic: "お礼"),
      TopicCase(summary: "Re:", topic: "Re:"),
      TopicCase(summary: "Regarding: the plan", topic: "Regarding: the plan"),
      TopicCase(summary: "Revenue review", topic: "Revenue review"),
    ])
  func topics(_ c: TopicCase) {
    #expect(topic(of: c.summary) == c.topic)
  }

  // "ask Sasaki how it turned out" for Sasaki Shota: the first word of a name written family
  // name first is no first name.
  @Test("a suggestion names the person in full, never by a guessed first name")
  func fullNames() throws {
    var fixture = egoFixture()
    fixture.person("sasaki", name: "Sasaki Shota", cadence: 7)
    fixture.person("chidi", name: "Dr. Chidi Okafor", cadence: 7)
    for h in ["sasaki", "chidi"] { fixture.meet(h, at: at(-20), .email, summary: "Pilot") }
    let snapshot = fixture.snapshot(asOf: at(0))
    let me = fixture.index(of: "me")
    let items = Neglect.neglected(in: snapshot, ego: me)
    let text = Dictionary(
      uniqueKeysWithValues: items.map { (fixture.handle($0.person), $0.suggestion) })
    #expect(text["sasaki"]?.hasSuffix(": ask Sasaki Shota how it turned out.") == true, "\(text)")
    #expect(text["chidi"]?.hasSuffix(": ask Dr. Chidi Okafor how it turned out.") == true)
    // A calendar title that names them by either word is no topic to ask them about.
    var titled = egoFixture()
    titled.person("sasaki", name: "Sasaki Shota", cadence: 7)
    titled.meet("sasaki", at: at(-20), summary: "Product demo: Kenji / Shota")
    let s = titled.snapshot(asOf: at(0))
    let item = try #require(Neglect.neglected(in: s, ego: titled.index(of: "me")).first)
    #expect(!item.suggestion.contains("Product demo"), "\(item.suggestion)")
  }
}
