import Foundation
import KithGraph
import KithTestSupport
import Testing

@testable import KithAnalytics

@Suite("Neglected contacts: overdue ratio, value at risk, lost")
struct NeglectedTests {
  /// The ego met Cara once, on day 0; she is the only contact (rank 1: a 7-day cadence).
  static func single(_ kind: InteractionKind = .meeting) -> SnapshotFixture {
    var fixture = egoFixture("cara")
    fixture.meet("cara", at: at(0), kind)
    return fixture
  }

  struct OverdueCase: Sendable, CustomTestStringConvertible {
    let name: String
    let asOfDays: Double
    /// nil: not listed (without lost ones).
    let ratio: Double?
    var testDescription: String { name }
  }

  @Test(
    "overdue ratio = days since / cadence; neglected only above 1",
    arguments: [
      OverdueCase(name: "6 days: ratio 6/7, not neglected", asOfDays: 6, ratio: nil),
      OverdueCase(name: "7 days exactly: ratio 1, not neglected", asOfDays: 7, ratio: nil),
      OverdueCase(
        name: "7 days + 1 s: just neglected", asOfDays: 7 + 1.0 / 86_400,
        ratio: (7 + 1.0 / 86_400) / 7),
      OverdueCase(name: "14 days: ratio 2", asOfDays: 14, ratio: 2),
      OverdueCase(name: "56 days: ratio 8", asOfDays: 56, ratio: 8),
      OverdueCase(
        name: "56 days + 1 s: over 8× the tier default, still neglected (lost needs a year)",
        asOfDays: 56 + 1.0 / 86_400, ratio: (56 + 1.0 / 86_400) / 7),
      OverdueCase(name: "365 days: still neglected", asOfDays: 365, ratio: 365.0 / 7),
      OverdueCase(
        name: "365 days + 1 s: lost, hidden by default", asOfDays: 365 + 1.0 / 86_400, ratio: nil),
    ])
  func overdueRatio(_ c: OverdueCase) throws {
    let fixture = Self.single()
    let snapshot = fixture.snapshot(asOf: at(c.asOfDays))
    let list = Neglect.neglected(in: snapshot, ego: fixture.index(of: "me"))
    guard let ratio = c.ratio else {
      #expect(list.isEmpty)
      return
    }
    let item = try #require(list.first)
    #expect(list.count == 1)
    #expect(item.person == fixture.index(of: "cara"))
    #expect(item.status == .neglected)
    #expect(item.cadence.source == .tier && item.cadence.days == 7)
    #expect(item.lastContact == at(0))
    #expect(abs(item.daysSince - c.asOfDays) <= 1e-9)
    #expect(abs(item.overdueRatio - ratio) <= 1e-9)
    // One meeting of weight 1: peak 1, strength 2^(−days/180).
    #expect(abs(item.peak - 1) <= tieFloatTolerance)
    #expect(abs(item.strength - halving(days: c.asOfDays)) <= tieFloatTolerance)
    #expect(abs(item.valueAtRisk - min(ratio, 8)) <= 1e-6)
    #expect(!item.suggestion.isEmpty)
  }

  @Test("8× the usual gap is lost: listed only with includeLost, value at risk capped at peak × 8")
  func lost() throws {
    // Meetings on days 0, 30 and 60: a learned usual gap of 30 days, lost after 240 days.
    var fixture = egoFixture("cara")
    for d in [0.0, 30, 60] { fixture.meet("cara", at: at(d)) }
    let me = fixture.index(of: "me")
    let before = fixture.snapshot(asOf: at(300))
    #expect(Neglect.neglected(in: before, ego: me).map(\.status) == [.neglected])
    let snapshot = fixture.snapshot(asOf: at(300 + 1.0 / 86_400))
    #expect(Neglect.neglected(in: snapshot, ego: me).isEmpty)
    let all = Neglect.neglected(in: snapshot, ego: me, includeLost: true)
    let item = try #require(all.first)
    #expect(all.count == 1)
    #expect(item.status == .lost)
    #expect(item.cadence.source == .learned && item.cadence.days == 30)
    #expect(abs(item.overdueRatio - (240 + 1.0 / 86_400) / 30) <= secondsRatioTolerance)
    // Peak after the third meeting: 1 + (1 + 2^(−30/180)) · 2^(−30/180) = 2.6845992; the
    // ratio just over 8 is capped at 8.
    #expect(abs(item.valueAtRisk - 8 * 2.6845992) <= tieFloatTolerance * 24)
    #expect(item.suggestion.contains("8×"))
  }

  @Test("a learned cadence is lost after 8× the usual gap, but not before half a year of silence")
  func learnedLostAfterHalfAYear() throws {
    // Meetings on days 0, 10 and 20 (a weekly-ish series that ended): 8 × 10 days is 80, but
    // after 80 days the tie still holds 2^(−80/180) = 73% of its strength. It is listed, its
    // ratio capped in the value at risk, until 180 days of silence.
    var fixture = egoFixture("cara")
    for d in [0.0, 10, 20] { fixture.meet("cara", at: at(d)) }
    let me = fixture.index(of: "me")
    let listed = Neglect.neglected(in: fixture.snapshot(asOf: at(200)), ego: me)
    let item = try #require(listed.first)
    #expect(listed.count == 1 && item.status == .neglected)
    #expect(abs(item.overdueRatio - 18) <= secondsRatioTolerance)
    #expect(abs(item.valueAtRisk - 8 * item.peak) <= 1e-9)
    let lost = fixture.snapshot(asOf: at(200 + 1.0 / 86_400))
    #expect(Neglect.neglected(in: lost, ego: me).isEmpty)
    #expect(Neglect.neglected(in: lost, ego: me, includeLost: true).map(\.status) == [.lost])
    let cadence = try #require(item.cadence as Cadence?)
    #expect(Neglect.lostAfterDays(cadence, parameters: NeglectParameters()) == 180)
  }

  @Test("a tier default is lost after 2× the default, but not before a year of silence")
  func tierLostAfterAYear() throws {
    // Cara (met once: rank 1, 7-day default) and Dev (one message: rank 2, also 7 days) are
    // listed after 57 days (over 8 × 7); before the floor, the strongest contacts of a small
    // network were lost after 8 weeks while weaker ones, with longer defaults, were listed.
    var fixture = egoFixture("cara", "dev")
    fixture.meet("cara", at: at(0))
    fixture.meet("dev", at: at(0), .message)
    let me = fixture.index(of: "me")
    let weeks = Neglect.neglected(in: fixture.snapshot(asOf: at(57)), ego: me)
    #expect(fixture.handles(weeks.map(\.person)) == ["cara", "dev"])
    #expect(weeks.allSatisfy { $0.status == .neglected && $0.cadence.source == .tier })
    let year = fixture.snapshot(asOf: at(366))
    #expect(Neglect.neglected(in: year, ego: me).isEmpty)
    let lost = Neglect.neglected(in: year, ego: me, includeLost: true)
    #expect(lost.map(\.status) == [.lost, .lost])
    #expect(
      lost[0].suggestion.hasPrefix(
        "366 days of silence is over a year, with only the 7-day default for your 5 closest ties to go by:"
      ))
    // A default of 180 days (ranks 16–50) is lost after a year (2 × 180 = 360 is less); one of
    // 365 days (ranks 51–150) after 2 × 365 = 730 days. (8 × 180 days kept a contact met once
    // at a conference "neglected" for four years.)
    let parameters = NeglectParameters()
    let half = Cadence(days: 180, source: .tier, usualGapDays: 180)
    #expect(Neglect.lostAfterDays(half, parameters: parameters) == 365)
    let yearly = Cadence(days: 365, source: .tier, usualGapDays: 365)
    #expect(Neglect.lostAfterDays(yearly, parameters: parameters) == 730)
    #expect(
      Neglect.lostReason(yearly, parameters: parameters)
        == "over 2× the 365-day default for your 150 closest ties")
  }

  /// Weekly meetings with Victor on days 0–119 (18; the median gap 7 loses the tie after 180
  /// days), 616 days of silence, one message on day 735 (2028-01-06), then meetings on `more`
  /// days; and 15 contacts held by undated ties of 10: peaks above Victor's strength now
  /// (about 1.6), below his peak of years ago (about 14.4).
  static func revived(more: [Double] = []) -> SnapshotFixture {
    var fixture = weekly()
    fixture.meet("victor", at: at(735), .message)
    for d in more { fixture.meet("victor", at: at(d)) }
    return fixture
  }

  /// Victor's weekly meetings on days 0–119 and the 15 contacts of `revived`, and nothing since.
  static func weekly() -> SnapshotFixture {
    var fixture = egoFixture("victor")
    for k in 0..<18 { fixture.meet("victor", at: at(Double(7 * k))) }
    for k in 1...15 {
      fixture.person("p\(k)")
      fixture.tie("me", "p\(k)", weight: 10)
    }
    return fixture
  }

  @Test("a revived tie starts again: no rhythm since, the default of its current strength's rank")
  func revivedWithoutRhythm() throws {
    let fixture = Self.revived()
    let me = fixture.index(of: "me")
    let victor = fixture.index(of: "victor")
    let snapshot = fixture.snapshot(asOf: at(747))
    // Ranked by what the tie was, 1st; by what it is, after the 15 ties that peaked above it
    // (its own old peak is not counted against it).
    #expect(CadenceModel.peakRanks(snapshot, ego: me)[Int(victor)] == 1)
    let revivals = Revivals(snapshot, ego: me)
    let ranks = CadenceModel.tierRanks(snapshot, ego: me, revivals: revivals)
    #expect(ranks[Int(victor)] == 16)
    let cadence = try #require(
      CadenceModel.cadence(of: victor, in: snapshot, rank: ranks[Int(victor)], revivals: revivals))
    #expect(cadence.source == .tier && cadence.days == 180 && cadence.revivedOn == at(735))
    #expect(
      cadence.rhythm
        == "no rhythm since you reconnected on 2028-01-06: 180 days is the default for your 50 closest ties"
    )
    // 12 days after the message: not "usually every 7 days", 1.71× overdue.
    #expect(Neglect.neglected(in: snapshot, ego: me, includeLost: true).isEmpty)
    // 200 days after it: overdue against the default, not yet lost (a year).
    let later = Neglect.neglected(in: fixture.snapshot(asOf: at(935)), ego: me)
    let item = try #require(later.first)
    #expect(later.count == 1 && item.person == victor && item.status == .neglected)
    #expect(abs(item.overdueRatio - 200.0 / 180) <= secondsRatioTolerance)
    #expect(
      item.cadence.clause
        == "180 days is the default for your 50 closest ties, with no rhythm since you reconnected on 2028-01-06"
    )
  }

  @Test("a revived tie with 3 or more days since learns its cadence from them only")
  func revivedLearnsFromNewRun() throws {
    // Days 735, 749 and 779 (two meetings on 749): gaps 14 and 30, median 22; over every day,
    // the median would still be the old weekly 7.
    let fixture = Self.revived(more: [749, 749.5, 779])
    let me = fixture.index(of: "me")
    let victor = fixture.index(of: "victor")
    let snapshot = fixture.snapshot(asOf: at(809))
    let history = snapshot.activity.egoInteractions
    #expect(history.rhythm(of: victor).days == 3 && history.revival(of: victor) == at(735))
    #expect(
      CadenceModel.tierRanks(snapshot, ego: me, revivals: Revivals(snapshot, ego: me))
        == CadenceModel.peakRanks(snapshot, ego: me))
    let item = try #require(Neglect.neglected(in: snapshot, ego: me).first)
    #expect(item.person == victor && item.cadence.source == .learned && item.cadence.days == 22)
    #expect(abs(item.overdueRatio - 30.0 / 22) <= secondsRatioTolerance)
    #expect(Neglect.lostAfterDays(item.cadence, parameters: NeglectParameters()) == 180)
  }

  /// Priya, as a tester met her: monthly meetings through 2024 (every 28 days from 2024-01-01,
  /// day −731, to 2024-12-02, day −395: 13 meetings, a learned 28 days, lost after
  /// max(8 × 28, 180) = 224 days of silence), then nothing until an exchange on 2026-10-20
  /// (day 292), 687 days later: given by the ego, or a referral from her (to Quinn); and 15
  /// contacts held by undated ties of 5. Her peak, Σ 2^(−28j/180) for j < 13 = 7.3749743, is
  /// above theirs; her strength on day 327, 7.3749743 · 2^(−722/180) = 0.4574, below.
  static func priya(gave: Bool) -> SnapshotFixture {
    var fixture = egoFixture("priya", "quinn")
    for k in 0..<13 { fixture.meet("priya", at: at(Double(-731 + 28 * k))) }
    if gave {
      fixture.exchange(at: at(292), from: "me", to: "priya", .help)
    } else {
      fixture.referral(at: at(292), from: "priya", to: "me", about: "quinn")
    }
    for k in 1...15 {
      fixture.person("p\(k)")
      fixture.tie("me", "p\(k)", weight: 5)
    }
    return fixture
  }

  struct ExchangeRevivalCase: Sendable, CustomTestStringConvertible {
    let name: String
    /// The ego gave the exchange; else Priya gave a referral.
    let gave: Bool
    var testDescription: String { name }
  }

  @Test(
    "a lost tie revived by an exchange starts again, as one revived by an interaction",
    arguments: [
      ExchangeRevivalCase(name: "help the ego gave", gave: true),
      ExchangeRevivalCase(name: "a referral she gave the ego", gave: false),
    ])
  func revivedByExchange(_ c: ExchangeRevivalCase) throws {
    let fixture = Self.priya(gave: c.gave)
    let me = fixture.index(of: "me")
    let priya = fixture.index(of: "priya")
    // Five weeks after the exchange: 35 days over the 2024 rhythm's 28 would be 1.25×
    // overdue. Revived, she has no rhythm: ranked by her strength now after the 15 ties whose
    // peak (5) is above it, 16th: the 180-day default.
    let snapshot = fixture.snapshot(asOf: at(327))
    let revivals = Revivals(snapshot, ego: me)
    #expect(revivals.revival(of: priya, in: snapshot) == at(292))
    #expect(revivals.rhythm(of: priya, in: snapshot).days == 0)
    #expect(CadenceModel.peakRanks(snapshot, ego: me)[Int(priya)] == 1)
    let ranks = CadenceModel.tierRanks(snapshot, ego: me, revivals: revivals)
    #expect(ranks[Int(priya)] == 16)
    let cadence = try #require(
      CadenceModel.cadence(of: priya, in: snapshot, rank: ranks[Int(priya)], revivals: revivals))
    #expect(cadence.source == .tier && cadence.days == 180 && cadence.revivedOn == at(292))
    #expect(
      cadence.rhythm
        == "no rhythm since you reconnected on 2026-10-20: 180 days is the default for your 50 closest ties"
    )
    #expect(Neglect.neglected(in: snapshot, ego: me, includeLost: true).isEmpty)
    // The brief says the same.
    let brief = Briefing.brief(in: snapshot, ego: me, person: priya)
    #expect(brief.cadence == cadence)
    // 200 days after the exchange: overdue against the default (200/180), not lost (a year).
    let later = Neglect.neglected(in: fixture.snapshot(asOf: at(492)), ego: me)
    let item = try #require(later.first)
    #expect(later.count == 1 && item.person == priya && item.status == .neglected)
    #expect(item.lastContact == at(292) && item.cadence == cadence)
    #expect(abs(item.overdueRatio - 200.0 / 180) <= secondsRatioTolerance)
    // Strength then: 7.3749743 · 2^(−887/180) = 0.2423; value at risk = peak × 200/180.
    #expect(abs(item.strength - 0.2422990) <= tieFloatTolerance)
    #expect(abs(item.valueAtRisk - 7.3749743 * 200 / 180) <= 1e-6 * 8.2)
    if c.gave {
      #expect(
        item.suggestion
          == "No contact for 200 days (180 days is the default for your 50 closest ties, with no rhythm since you reconnected on 2026-10-20): send Priya a short note."
      )
    }
  }

  struct WithinRhythmCase: Sendable, CustomTestStringConvertible {
    let name: String
    /// Days after Victor's last meeting (day 119) that the exchange came.
    let silence: Double
    let revived: Bool
    var testDescription: String { name }
  }

  @Test(
    "an exchange within the lost threshold of the rhythm so far revives nothing",
    arguments: [
      WithinRhythmCase(
        name: "180 days, the threshold of a weekly rhythm", silence: 180, revived: false),
      WithinRhythmCase(name: "181 days: lost, and revived", silence: 181, revived: true),
    ])
  func exchangeWithinRhythm(_ c: WithinRhythmCase) throws {
    // Weekly meetings (median gap 7): a silence over max(8 × 7, 180) = 180 days loses the tie.
    var fixture = Self.weekly()
    fixture.exchange(at: at(119 + c.silence), from: "victor", to: "me", .advice)
    let me = fixture.index(of: "me")
    let victor = fixture.index(of: "victor")
    // 10 days after the exchange.
    let snapshot = fixture.snapshot(asOf: at(129 + c.silence))
    let revivals = Revivals(snapshot, ego: me)
    let list = Neglect.neglected(in: snapshot, ego: me)
    if c.revived {
      // Strength 14.4545 · 2^(−191/180) = 6.93, under the 15 ties of 10: the 180-day default.
      #expect(revivals.revival(of: victor, in: snapshot) == at(300))
      #expect(list.isEmpty)
    } else {
      // Still usually every 7 days: 10/7 overdue.
      #expect(revivals.revival(of: victor, in: snapshot) == nil)
      let item = try #require(list.first)
      #expect(list.count == 1 && item.person == victor && item.lastContact == at(299))
      #expect(item.cadence.source == .learned && item.cadence.days == 7)
      #expect(item.cadence.revivedOn == nil)
      #expect(abs(item.overdueRatio - 10.0 / 7) <= secondsRatioTolerance)
    }
  }

  @Test("after an exchange revived the tie, interactions make the new run; revived on the exchange")
  func interactionAfterExchangeRevival() throws {
    var fixture = Self.priya(gave: false)
    // An email on 2026-11-17 (day 320): one day of contact since the referral.
    fixture.meet("priya", at: at(320), .email)
    let me = fixture.index(of: "me")
    let priya = fixture.index(of: "priya")
    let snapshot = fixture.snapshot(asOf: at(327))
    let revivals = Revivals(snapshot, ego: me)
    // The email ended the silence too, but the referral came first.
    #expect(snapshot.activity.egoInteractions.revival(of: priya) == at(320))
    #expect(revivals.revival(of: priya, in: snapshot) == at(292))
    #expect(revivals.rhythm(of: priya, in: snapshot).days == 1)
    // Strength now 0.4574 + 0.3 · 2^(−7/180) = 0.7494: still 16th, 180 days.
    let ranks = CadenceModel.tierRanks(snapshot, ego: me, revivals: revivals)
    #expect(ranks[Int(priya)] == 16)
    let cadence = try #require(
      CadenceModel.cadence(of: priya, in: snapshot, rank: ranks[Int(priya)], revivals: revivals))
    #expect(cadence.source == .tier && cadence.days == 180 && cadence.revivedOn == at(292))
    // Meetings on days 334 and 348: 3 days of contact since (320, 334, 348), gaps 14 and 14.
    fixture.meet("priya", at: at(334))
    fixture.meet("priya", at: at(348))
    // 22 days after the last: 22/14 overdue on the new rhythm, not 2024's 28 days.
    let overdue = fixture.snapshot(asOf: at(370))
    let item = try #require(Neglect.neglected(in: overdue, ego: me).first { $0.person == priya })
    #expect(item.cadence.source == .learned && item.cadence.days == 14)
    #expect(item.cadence.revivedOn == at(292) && item.lastContact == at(348))
    #expect(abs(item.overdueRatio - 22.0 / 14) <= secondsRatioTolerance)
  }

  @Test("a learned tie never lost keeps its cadence, from its days of contact")
  func learnedTieUnchanged() throws {
    // Every 14 days from day 0 to 140, with an email and its reply on each of those days: 11
    // days of contact, gaps of 14; a 150-day gap is within the lost threshold (180 days).
    var fixture = egoFixture("wendy")
    for k in 0...10 {
      fixture.meet("wendy", at: at(Double(14 * k)), .email)
      fixture.meet("wendy", at: at(Double(14 * k) + 0.2), .email)
    }
    fixture.meet("wendy", at: at(290))
    let me = fixture.index(of: "me")
    let snapshot = fixture.snapshot(asOf: at(320))
    let wendy = fixture.index(of: "wendy")
    #expect(snapshot.activity.egoInteractions.revival(of: wendy) == nil)
    let item = try #require(Neglect.neglected(in: snapshot, ego: me).first)
    #expect(item.cadence.source == .learned && item.cadence.days == 14)
    #expect(
      item.cadence.revivedOn == nil && item.cadence.rhythm == "usually every 14 days (learned)")
    #expect(Neglect.lostAfterDays(item.cadence, parameters: NeglectParameters()) == 180)
  }

  @Test("a cadence the user set is never lost: the contact is listed however long the silence")
  func explicitNeverLost() throws {
    // Explicit cadence 7 days, meetings every 20 days (learned usual gap 20): 70 days after the
    // last meeting the ratio is 70/7 = 10; and after 1,000 days still listed, as neglected.
    var fixture = egoFixture()
    fixture.person("cara", cadence: 7)
    for d in [0.0, 20, 40] { fixture.meet("cara", at: at(d)) }
    let me = fixture.index(of: "me")
    let years = Neglect.neglected(in: fixture.snapshot(asOf: at(1_040)), ego: me)
    #expect(years.map(\.status) == [.neglected])
    var tagged = egoFixture()
    tagged.person("dev", tags: ["client"])
    tagged.tagCadence("client", days: 30)
    tagged.meet("dev", at: at(0))
    #expect(
      Neglect.neglected(in: tagged.snapshot(asOf: at(2_000)), ego: tagged.index(of: "me")).map(
        \.cadence.source) == [.tag])
    let snapshot = fixture.snapshot(asOf: at(110))
    let item = try #require(Neglect.neglected(in: snapshot, ego: me).first)
    #expect(item.status == .neglected)
    #expect(item.cadence.source == .explicit && item.cadence.days == 7)
    #expect(abs(item.cadence.usualGapDays - 20) <= secondsRatioTolerance)
    #expect(abs(item.overdueRatio - 10) <= secondsRatioTolerance)
    // Peak right after the third meeting: s₁ = 1, s₂ = 1 + 2^(−20/180), s₃ = 1 + s₂ · 2^(−20/180)
    // = 2.7831186951; value at risk = peak × min(10, 8).
    #expect(abs(item.peak - 2.7831186951) <= 1e-6 * 2.8)
    #expect(abs(item.valueAtRisk - 22.264949561) <= 1e-6 * 22.3)
  }

  @Test("an explicit cadence just overdue is not lost because of a burst of contacts")
  func explicitCadenceBurst() throws {
    // Explicit cadence 14 days; three meetings an hour apart (raw median gap 1/24 day);
    // 15 days later the ratio is 15/14: overdue, and nowhere near 8 × any sensible usual gap.
    var fixture = egoFixture()
    fixture.person("cara", cadence: 14)
    for h in [0.0, 1, 2] { fixture.meet("cara", at: at(h / 24)) }
    let snapshot = fixture.snapshot(asOf: at(15 + 2.0 / 24))
    let all = Neglect.neglected(in: snapshot, ego: fixture.index(of: "me"), includeLost: true)
    let item = try #require(all.first)
    #expect(abs(item.overdueRatio - 15.0 / 14) <= secondsRatioTolerance)
    #expect(item.status == .neglected)
    #expect(
      Neglect.neglected(in: snapshot, ego: fixture.index(of: "me")).map(\.person) == [item.person])
  }

  @Test("a fading strong tie outranks a faint one that is more overdue")
  func rankingByValueAtRisk() throws {
    var fixture = egoFixture()
    fixture.person("strong", cadence: 10)
    fixture.person("faint", cadence: 4)
    // Two meetings the same day: peak 2. One message: peak 0.3.
    fixture.meet("strong", at: at(0))
    fixture.meet("strong", at: at(0))
    fixture.meet("faint", at: at(0), .message)
    let snapshot = fixture.snapshot(asOf: at(20))
    let list = Neglect.neglected(in: snapshot, ego: fixture.index(of: "me"))
    #expect(fixture.handles(list.map(\.person)) == ["strong", "faint"])
    // strong: ratio 20/10 = 2, VaR 2 × 2 = 4; faint: ratio 20/4 = 5, VaR 0.3 × 5 = 1.5.
    #expect(abs(list[0].overdueRatio - 2) <= secondsRatioTolerance)
    #expect(abs(list[0].valueAtRisk - 4) <= tieFloatTolerance * 4)
    #expect(abs(list[1].overdueRatio - 5) <= secondsRatioTolerance)
    #expect(abs(list[1].valueAtRisk - 1.5) <= tieFloatTolerance * 1.5)
    let limited = Neglect.neglected(in: snapshot, ego: fixture.index(of: "me"), limit: 1)
    #expect(fixture.handles(limited.map(\.person)) == ["strong"])
  }

  @Test("equal values at risk are ordered by handle")
  func ties() {
    var fixture = egoFixture()
    for h in ["zed", "amy", "kim"] {
      fixture.person(h, cadence: 10)
      fixture.meet(h, at: at(0))
    }
    let snapshot = fixture.snapshot(asOf: at(30))
    let list = Neglect.neglected(in: snapshot, ego: fixture.index(of: "me"))
    #expect(fixture.handles(list.map(\.person)) == ["amy", "kim", "zed"])
  }

  @Test("the clock restarts at the last interaction")
  func clockRestarts() {
    var fixture = egoFixture("cara")
    fixture.meet("cara", at: at(0))
    fixture.meet("cara", at: at(30))
    let snapshot = fixture.snapshot(asOf: at(33))
    // 3 days since day 30 < 7: not overdue, although day 0 is 33 days back.
    #expect(
      Neglect.neglected(in: snapshot, ego: fixture.index(of: "me"), includeLost: true).isEmpty)
  }

  @Test("an explicit tie alone starts no clock")
  func explicitTieOnly() {
    var fixture = egoFixture("cara", "dan")
    fixture.tie("me", "cara", weight: 5)
    fixture.tie("me", "dan", weight: 1, at: at(0))
    let snapshot = fixture.snapshot(asOf: at(400))
    #expect(
      Neglect.neglected(in: snapshot, ego: fixture.index(of: "me"), includeLost: true).isEmpty)
  }

  @Test("group interactions count for each participant's clock")
  func groupInteraction() {
    var fixture = egoFixture("cara", "dan")
    fixture.interaction(at: at(0), .meeting, ["me", "cara", "dan"])
    let snapshot = fixture.snapshot(asOf: at(10))
    let list = Neglect.neglected(in: snapshot, ego: fixture.index(of: "me"))
    #expect(Set(fixture.handles(list.map(\.person))) == ["cara", "dan"])
    // Two participants besides the ego: each pair gets 1/(3 − 1) = 0.5.
    for item in list { #expect(abs(item.peak - 0.5) <= tieFloatTolerance) }
  }

  // MARK: Suggestions

  struct SuggestionCase: Sendable, CustomTestStringConvertible {
    let name: String
    let expected: String
    var testDescription: String { name }
  }

  @Test("the suggestion draws on the most specific thing known")
  func suggestions() throws {
    var fixture = egoFixture()
    for h in ["gina-g", "ida-i", "rob-r", "sue-s", "wes-w", "pat-p", "ref-x", "bea-b"] {
      fixture.person(h, cadence: 10)
    }
    // A blank summary (an older Kith stored one) is not a talking point.
    fixture.meet("bea-b", at: at(0), summary: "  ")
    fixture.organisation("acme", name: "Acme")
    fixture.affiliation("wes-w", "acme", role: "CTO")
    for h in ["gina-g", "ida-i", "rob-r", "wes-w", "pat-p"] { fixture.meet(h, at: at(0)) }
    fixture.meet("sue-s", at: at(0), summary: "the merger")
    fixture.exchange(at: at(1), from: "gina-g", to: "me", .advice, note: "pricing")
    // A note written as a sentence loses its full stop inside the parentheses.
    fixture.exchange(at: at(1), from: "ida-i", to: "me", .help, note: "She fixed the build.")
    fixture.referral(at: at(2), from: "rob-r", to: "me", about: "ref-x", recordExchange: false)
    let snapshot = fixture.snapshot(asOf: at(30))
    let list = Neglect.neglected(in: snapshot, ego: fixture.index(of: "me"))
    let byHandle = Dictionary(
      uniqueKeysWithValues: list.map { (fixture.handle($0.person), $0.suggestion) })
    #expect(
      byHandle["gina-g"]
        == "Gina G gave you advice (pricing) on 2026-01-02 and you have not given back since: ask what they need right now."
    )
    #expect(
      byHandle["ida-i"]
        == "Ida I gave you help (She fixed the build) on 2026-01-02 and you have not given back since: ask what they need right now."
    )
    #expect(
      byHandle["rob-r"]
        == "Rob R referred you to Ref X on 2026-01-03: get in touch with Ref X, or tell Rob R you will pass."
    )
    #expect(
      byHandle["sue-s"]
        == "Last time (2026-01-01) you talked about “the merger”: ask Sue S how it turned out.")
    #expect(byHandle["wes-w"] == "No contact for 30 days: ask Wes W how things are going at Acme.")
    #expect(
      byHandle["pat-p"]
        == "No contact for 30 days (you set a cadence of 10 days): send Pat P a short note.")
    #expect(
      byHandle["bea-b"]
        == "No contact for 30 days (you set a cadence of 10 days): send Bea B a short note.")
  }

  @Test("someone you were referred to: the referral and its reason, not its status, by name")
  func refereeSuggestion() throws {
    var fixture = egoFixture()
    fixture.person("paul-p", cadence: 10)
    fixture.person("rob-r")
    fixture.meet("paul-p", at: at(0))
    fixture.referral(
      at: at(2), from: "rob-r", to: "me", about: "paul-p", why: "design partner",
      recordExchange: false)
    let snapshot = fixture.snapshot(asOf: at(30))
    let paul = try #require(
      Neglect.neglected(in: snapshot, ego: fixture.index(of: "me")).first {
        $0.person == fixture.index(of: "paul-p")
      })
    #expect(
      paul.suggestion
        == "Rob R referred you to Paul P on 2026-01-03 (“design partner”): get in touch.")
  }

  @Test("a referral you owe something on: the suggestion says what, naming the referee")
  func referralSuggestions() throws {
    var fixture = egoFixture()
    // Mateo's referral three days ago is a contact (an exchange): with a one-day cadence he
    // is overdue all the same.
    for h in ["victor", "henry", "mateo", "tom"] {
      fixture.person(h, cadence: h == "mateo" ? 1 : 10)
      fixture.meet(h, at: at(0))
    }
    fixture.people("carlos", "paul")
    fixture.organisation("acme", name: "Acme Corp")
    fixture.organisation("orbital", name: "Orbital Labs")
    // Victor: met 40 days ago, not reported back (a loop-back). Henry: declined without a
    // reason (an explanation). Both referrals are gifts not returned, too.
    fixture.referral(
      at: at(10), from: "victor", to: "me", aboutOrganisation: "acme",
      why: "they are evaluating vendors like us", steps: [.init(.met, at: at(20))])
    fixture.referral(
      at: at(10), from: "henry", to: "me", about: "carlos", why: "strong ML engineer",
      steps: [.init(.declined, at: at(15))])
    // Mateo: suggested 3 days ago (nothing owed yet; a gift not returned). Tom: contacted 5
    // days ago (nothing owed yet, no gift recorded).
    fixture.referral(
      at: at(57), from: "mateo", to: "me", about: "paul", why: "potential design partner")
    fixture.referral(
      at: at(40), from: "tom", to: "me", aboutOrganisation: "orbital",
      why: "they might buy our platform", steps: [.init(.contacted, at: at(55))],
      recordExchange: false)
    let snapshot = fixture.snapshot(asOf: at(60))
    let byHandle = Dictionary(
      uniqueKeysWithValues: Neglect.neglected(in: snapshot, ego: fixture.index(of: "me")).map {
        (fixture.handle($0.person), $0.suggestion)
      })
    #expect(
      byHandle["victor"]
        == "Victor referred you to Acme Corp (“they are evaluating vendors like us”) and you met them on 2026-01-21: tell Victor how it went."
    )
    #expect(
      byHandle["henry"]
        == "Henry referred you to Carlos (“strong ML engineer”) and you declined on 2026-01-16 without saying why: tell Henry why."
    )
    #expect(
      byHandle["mateo"]
        == "Mateo gave you a referral to Paul (“potential design partner”) on 2026-02-27 and you have not given back since: ask what they need right now."
    )
    #expect(
      byHandle["tom"]
        == "Their referral to Orbital Labs (“they might buy our platform”) is open (you contacted them on 2026-02-25): tell Tom where it stands."
    )
  }

  @Test("'how did it turn out?' only about a recent conversation whose summary is a topic")
  func talkingPoints() throws {
    var fixture = egoFixture()
    for h in ["sue", "oscar", "irene", "grace", "olaf"] { fixture.person(h, cadence: 10) }
    fixture.meet("sue", at: at(0), .call, summary: "the merger")
    fixture.meet("oscar", at: at(0), .social, summary: "liked a post")
    fixture.meet("irene", at: at(0), .event, summary: "conference dinner")
    fixture.meet("grace", at: at(0), summary: "Mentor 1:1 with Grace")
    fixture.meet("olaf", at: at(-61), summary: "pitch")
    let byHandle = Dictionary(
      uniqueKeysWithValues: Neglect.neglected(
        in: fixture.snapshot(asOf: at(60)), ego: fixture.index(of: "me")
      ).map { (fixture.handle($0.person), $0.suggestion) })
    #expect(
      byHandle["sue"]
        == "Last time (2026-01-01) you talked about “the merger”: ask Sue how it turned out.")
    for (h, days) in [("oscar", 60), ("irene", 60), ("grace", 60), ("olaf", 121)] {
      #expect(
        byHandle[h]
          == "No contact for \(days) days (you set a cadence of 10 days): send \(h.capitalized) a short note."
      )
    }
  }

  @Test("a learned cadence whose latest gaps are much longer says so")
  func slowedRhythm() throws {
    // 20 meetings 3 days apart, then 6 gaps of 100 days: the median gap is 3 (floored to 7),
    // the median of the last 6 is 100, over twice 7.
    var fixture = egoFixture("dima")
    var day = -700.0
    for _ in 0..<20 {
      fixture.meet("dima", at: at(day))
      day += 3
    }
    day += 97
    for _ in 0..<6 {
      fixture.meet("dima", at: at(day))
      day += 100
    }
    let last = day - 100
    let snapshot = fixture.snapshot(asOf: at(last + 47))
    let me = fixture.index(of: "me")
    let item = try #require(Neglect.neglected(in: snapshot, ego: me).first)
    #expect(item.cadence.days == 7 && item.cadence.source == .learned)
    #expect(item.cadence.recentGapDays == 100)
    #expect(item.cadence.clause == "you usually speak every 7 days, lately every 100 days")
    // At most twice the cadence is no change of rhythm worth a word.
    #expect(
      CadenceModel.recentGapDays(of: fixture.index(of: "dima"), in: snapshot, cadence: 50) == nil)
    #expect(
      CadenceModel.recentGapDays(of: fixture.index(of: "dima"), in: snapshot, cadence: 49) == 100)
  }

  @Test("an organisation whose name ends in a full stop ends the sentence with one, not two")
  func organisationFullStop() throws {
    var fixture = egoFixture()
    fixture.person("wes", cadence: 10)
    fixture.organisation("nw", name: "Northwind Traders, Inc.")
    fixture.affiliation("wes", "nw")
    fixture.meet("wes", at: at(0))
    let item = try #require(
      Neglect.neglected(in: fixture.snapshot(asOf: at(30)), ego: fixture.index(of: "me")).first)
    #expect(
      item.suggestion
        == "No contact for 30 days: ask Wes how things are going at Northwind Traders, Inc.")
  }

  @Test("giving back after receiving clears the unreturned favour")
  func givenBack() throws {
    var fixture = egoFixture()
    fixture.person("gina", cadence: 10)
    fixture.meet("gina", at: at(0))
    fixture.exchange(at: at(1), from: "gina", to: "me", .advice)
    fixture.exchange(at: at(2), from: "me", to: "gina", .help)
    let snapshot = fixture.snapshot(asOf: at(30))
    let item = try #require(Neglect.neglected(in: snapshot, ego: fixture.index(of: "me")).first)
    // The help given back on day 2 is the last contact: 28 days, not 30.
    #expect(item.lastContact == at(2))
    #expect(
      item.suggestion
        == "No contact for 28 days (you set a cadence of 10 days): send Gina a short note.")
  }

  @Test("an exchange after the last interaction restarts the clock; one before it does not")
  func exchangeRestartsTheClock() throws {
    // Met on day 0 with a 30-day cadence. Lev: you gave him an introduction on day 20. Mia:
    // she gave you advice on day 25. Ned: a referral from him (a gift) on day 10. Ola: an
    // exchange between two others says nothing about your contact with her.
    var fixture = egoFixture("sam")
    for h in ["lev", "mia", "ned", "ola"] {
      fixture.person(h, cadence: 30)
      fixture.meet(h, at: at(0))
    }
    fixture.exchange(at: at(20), from: "me", to: "lev", .introduction)
    fixture.exchange(at: at(25), from: "mia", to: "me", .advice)
    fixture.referral(at: at(10), from: "ned", to: "me", about: "sam")
    fixture.exchange(at: at(35), from: "sam", to: "ola", .help)
    let me = fixture.index(of: "me")
    let overdue = Neglect.neglected(in: fixture.snapshot(asOf: at(45)), ego: me)
    // Lev 25 days and Mia 20 days since: not overdue. Ned 35/30 and Ola 45/30 are.
    #expect(fixture.handles(overdue.map(\.person)) == ["ola", "ned"])
    #expect(overdue.map(\.lastContact) == [at(0), at(10)])
    #expect(abs(overdue[1].overdueRatio - 35.0 / 30) <= secondsRatioTolerance)
    let exchanges = Neglect.lastExchanges(in: fixture.snapshot(asOf: at(45)), ego: me)
    #expect(exchanges[Int(fixture.index(of: "ola"))] == .min)
    #expect(exchanges[Int(fixture.index(of: "mia"))] == at(25))
    // An exchange before the last interaction changes nothing.
    var earlier = egoFixture()
    earlier.person("lev", cadence: 30)
    earlier.exchange(at: at(-5), from: "me", to: "lev", .introduction)
    earlier.meet("lev", at: at(0))
    let lev = try #require(
      Neglect.neglected(in: earlier.snapshot(asOf: at(45)), ego: earlier.index(of: "me")).first)
    #expect(lev.lastContact == at(0))
    // An exchange alone starts no clock.
    var alone = egoFixture()
    alone.person("kim", cadence: 30)
    alone.exchange(at: at(0), from: "kim", to: "me", .advice)
    #expect(Neglect.neglected(in: alone.snapshot(asOf: at(45)), ego: alone.index(of: "me")).isEmpty)
  }

  @Test("dormancy counts a recent exchange as contact")
  func dormantAfterExchange() {
    var fixture = egoFixture("old", halfLifeDays: 30)
    fixture.meet("old", at: at(0))
    let me = fixture.index(of: "me")
    #expect(Neglect.dormant(in: fixture.snapshot(asOf: at(400)), ego: me).count == 1)
    fixture.exchange(at: at(300), from: "me", to: "old", .introduction)
    #expect(Neglect.dormant(in: fixture.snapshot(asOf: at(400)), ego: me).isEmpty)
  }
}

@Suite("Dormant ties and novelty")
struct DormantTests {
  @Test(
    "no contact for a year: 365 days qualifies, a second less does not",
    arguments: [(364.0 + 86_399.0 / 86_400, false), (365.0, true), (400.0, true)])
  func silence(days: Double, dormant: Bool) {
    // Half-life 30 days: after ~a year the strength is far below 10% of the peak, so only the
    // silence criterion decides.
    var fixture = egoFixture("old", halfLifeDays: 30)
    fixture.meet("old", at: at(0))
    let snapshot = fixture.snapshot(asOf: at(days))
    let list = Neglect.dormant(in: snapshot, ego: fixture.index(of: "me"))
    #expect(fixture.handles(list.map(\.person)) == (dormant ? ["old"] : []))
  }

  @Test(
    "less than 10% of the peak retained: 2^(−590/180) = 0.1031 is not, 2^(−600/180) = 0.0992 is",
    arguments: [(590.0, false), (597.0, false), (599.0, true), (600.0, true)])
  func retained(days: Double, dormant: Bool) throws {
    // Half-life 180: the 10% line is crossed at 180 · log2(10) = 597.95 days.
    var fixture = egoFixture("old")
    fixture.meet("old", at: at(0))
    let snapshot = fixture.snapshot(asOf: at(days))
    let list = Neglect.dormant(in: snapshot, ego: fixture.index(of: "me"))
    #expect(fixture.handles(list.map(\.person)) == (dormant ? ["old"] : []))
    if dormant {
      let item = try #require(list.first)
      #expect(abs(item.strength - halving(days: days)) <= tieFloatTolerance)
      #expect(abs(item.peak - 1) <= tieFloatTolerance)
      #expect(item.lastContact == at(0))
      // The only tie: novelty 1 (the ego has no other tie), score = 1 × peak.
      #expect(item.novelty == 1)
      #expect(abs(item.score - 1) <= tieFloatTolerance)
    }
  }

  @Test("top half by peak, odd number of ties: the median tie and those above it")
  func topHalfOdd() {
    // Peaks 1, 0.8, 0.5, 0.3, 0.1 (meeting, call, event, email, social), all silent for two
    // years with a 30-day half-life: the top half is the three at or above the median 0.5.
    var fixture = egoFixture("m", "c", "e", "x", "s", halfLifeDays: 30)
    fixture.meet("m", at: at(0), .meeting)
    fixture.meet("c", at: at(0), .call)
    fixture.meet("e", at: at(0), .event)
    fixture.meet("x", at: at(0), .email)
    fixture.meet("s", at: at(0), .social)
    let snapshot = fixture.snapshot(asOf: at(730))
    let list = Neglect.dormant(in: snapshot, ego: fixture.index(of: "me"))
    // All novelties are 1 (no ties among them), so the order is by peak.
    #expect(fixture.handles(list.map(\.person)) == ["m", "c", "e"])
  }

  @Test("why: \"strongest\" only for the top tenth, and novelty named as such")
  func why() throws {
    // Peaks 1, 0.8, 0.5 of five ties: m is the top 20%, c 40%, e 60%.
    var fixture = egoFixture("m", "c", "e", "x", "s", halfLifeDays: 30)
    fixture.meet("m", at: at(0), .meeting)
    fixture.meet("c", at: at(0), .call)
    fixture.meet("e", at: at(0), .event)
    fixture.meet("x", at: at(0), .email)
    fixture.meet("s", at: at(0), .social)
    let list = Neglect.dormant(in: fixture.snapshot(asOf: at(730)), ego: fixture.index(of: "me"))
    let c = try #require(list.first { $0.person == fixture.index(of: "c") })
    #expect(c.why.hasPrefix("Once in the top half of your ties (peak 0.80, top 40%), now at 0%"))
    #expect(
      c.why.hasSuffix("novelty 100% (how much of their world lies outside your usual circles)."))
    // Among 20 ties, the strongest is in the top tenth.
    var many = egoFixture("top", halfLifeDays: 30)
    many.meet("top", at: at(0), .meeting)
    for k in 0..<19 {
      many.person("p\(k)")
      many.meet("p\(k)", at: at(700), .social)
    }
    let top = try #require(
      Neglect.dormant(in: many.snapshot(asOf: at(730)), ego: many.index(of: "me")).first)
    #expect(top.why.hasPrefix("Once among your strongest ties (peak 1.00, top 5%)"))
  }

  @Test("top half by peak, even number of ties: two of four")
  func topHalfEven() {
    // Peaks 1, 0.8, 0.3, 0.1: the top half is {1, 0.8}.
    var fixture = egoFixture("m", "c", "x", "s", halfLifeDays: 30)
    fixture.meet("m", at: at(0), .meeting)
    fixture.meet("c", at: at(0), .call)
    fixture.meet("x", at: at(0), .email)
    fixture.meet("s", at: at(0), .social)
    let snapshot = fixture.snapshot(asOf: at(730))
    let list = Neglect.dormant(in: snapshot, ego: fixture.index(of: "me"))
    #expect(fixture.handles(list.map(\.person)) == ["m", "c"])
  }

  @Test("dormant ties rank by novelty × peak, not by closeness alone")
  func rankedByNovelty() throws {
    // X (peak 2) and Y (peak 1.8) went silent two years ago; P and Q are current (one message
    // each, today). X knows P and Q; Y knows none of the ego's contacts.
    var fixture = egoFixture("x", "y", "p", "q", halfLifeDays: 30)
    fixture.meet("x", at: at(0))
    fixture.meet("x", at: at(0))
    fixture.meet("y", at: at(0), .meeting)
    fixture.meet("y", at: at(0), .call)
    fixture.interaction(at: at(700), .meeting, ["x", "p"])
    fixture.interaction(at: at(700), .meeting, ["x", "q"])
    fixture.meet("p", at: at(730), .message)
    fixture.meet("q", at: at(730), .message)
    let snapshot = fixture.snapshot(asOf: at(730))
    let list = Neglect.dormant(in: snapshot, ego: fixture.index(of: "me"))
    #expect(fixture.handles(list.map(\.person)) == ["y", "x"])
    let y = try #require(list.first)
    let x = try #require(list.last)
    // Strengths: p = q = 0.3 (today), x = 2 · 2^(−730/30), y = 1.8 · 2^(−730/30).
    let sx = 2 * halving(days: 730, halfLife: 30)
    let sy = 1.8 * halving(days: 730, halfLife: 30)
    // novelty(x) = 1 − (s_p + s_q) / (s_y + s_p + s_q); novelty(y) = 1 − 0 / … = 1.
    #expect(abs(x.novelty - (1 - 0.6 / (sy + 0.6))) <= tieFloatTolerance)
    #expect(y.novelty == 1)
    #expect(abs(y.score - 1.8) <= tieFloatTolerance * 1.8)
    #expect(abs(x.score - 2 * x.novelty) <= tieFloatTolerance)
    _ = sx
    #expect(y.why.contains("peak 1.80"))
    #expect(y.why.contains("730 days of silence"))
    #expect(x.why.contains("top 25%"))
  }

  @Test("a custom novelty replaces the default one")
  func customNovelty() {
    var fixture = egoFixture("a", "b", halfLifeDays: 30)
    fixture.meet("a", at: at(0))
    fixture.meet("b", at: at(0))
    let snapshot = fixture.snapshot(asOf: at(730))
    let b = fixture.index(of: "b")
    let list = Neglect.dormant(in: snapshot, ego: fixture.index(of: "me")) { people in
      people.map { $0 == b ? 0.9 : 0.1 }
    }
    #expect(fixture.handles(list.map(\.person)) == ["b", "a"])
    #expect(list.map(\.novelty) == [0.9, 0.1])
  }

  @Test("novelty = 1 − (ego's strength to the contact's contacts) / (ego's strength to all others)")
  func novelty() {
    // Constant ties: ego–A 4, ego–B 2, ego–C 1, ego–D 1; A–B and A–C (their weights do not
    // matter, only that they exist).
    var fixture = egoFixture("a", "b", "c", "d", "loner")
    fixture.tie("me", "a", weight: 4)
    fixture.tie("me", "b", weight: 2)
    fixture.tie("me", "c", weight: 1)
    fixture.tie("me", "d", weight: 1)
    fixture.tie("a", "b", weight: 0.01)
    fixture.tie("a", "c", weight: 7)
    let snapshot = fixture.snapshot(asOf: at(0))
    let people = ["a", "b", "c", "d", "loner"].map(fixture.index(of:))
    let values = Neglect.novelty(in: snapshot, ego: fixture.index(of: "me"), of: people)
    // A: 1 − (2 + 1) / (2 + 1 + 1) = 0.25; B: 1 − 4 / (4 + 1 + 1) = 1/3;
    // C: 1 − 4 / (4 + 2 + 1) = 3/7; D: 1 − 0 / 7 = 1; a non-contact: 1 − 0 / 8 = 1.
    let expected = [0.25, 1.0 / 3, 3.0 / 7, 1, 1]
    for (v, e) in zip(values, expected) { #expect(abs(v - e) <= tieFloatTolerance) }
  }

  @Test("novelty is 1 when the ego has no other tie")
  func noveltyAlone() {
    var fixture = egoFixture("a", "b")
    fixture.tie("me", "a", weight: 3)
    fixture.tie("a", "b", weight: 1)
    let snapshot = fixture.snapshot(asOf: at(0))
    #expect(
      Neglect.novelty(in: snapshot, ego: fixture.index(of: "me"), of: [fixture.index(of: "a")]) == [
        1
      ])
  }

  @Test("only contacts with a real interaction can be dormant")
  func explicitTieNotDormant() {
    var fixture = egoFixture("a", halfLifeDays: 30)
    fixture.tie("me", "a", weight: 1, at: at(0))
    let snapshot = fixture.snapshot(asOf: at(730))
    #expect(Neglect.dormant(in: snapshot, ego: fixture.index(of: "me")).isEmpty)
  }
}
