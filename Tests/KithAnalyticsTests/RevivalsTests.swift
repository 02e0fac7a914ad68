import Foundation
import KithGraph
import KithTestSupport
import Testing

@testable import KithAnalytics

@Suite("Revivals: a lost tie revived by an interaction or an exchange")
struct RevivalsTests {
  /// Weekly meetings with Victor on days 0–119 (median gap 7: a silence over 180 days loses
  /// the tie), then `exchanges` (Victor to the ego, or the ego to Victor when negative) and
  /// meetings on the days given.
  static func victor(exchanges: [Double] = [], meetings: [Double] = []) -> SnapshotFixture {
    var fixture = egoFixture("victor", "wren")
    for k in 0..<18 { fixture.meet("victor", at: at(Double(7 * k))) }
    for d in exchanges {
      if d < 0 {
        fixture.exchange(at: at(-d), from: "me", to: "victor", .help)
      } else {
        fixture.exchange(at: at(d), from: "victor", to: "me", .advice)
      }
    }
    for d in meetings { fixture.meet("victor", at: at(d)) }
    return fixture
  }

  struct Case: Sendable, CustomTestStringConvertible {
    let name: String
    let exchanges: [Double]
    var meetings: [Double] = []
    let asOf: Double
    /// The day of the revival; nil: never lost.
    let revival: Double?
    /// Days of contact since the revival (or in all, never lost).
    let days: Int32
    var testDescription: String { name }
  }

  @Test(
    "when the tie was revived, and the days of contact since",
    arguments: [
      Case(name: "no exchange: never lost", exchanges: [], asOf: 400, revival: nil, days: 18),
      Case(
        name: "the first exchange after the silence, not the latest", exchanges: [-330, 350],
        asOf: 400, revival: 330, days: 0),
      // Day 250 is 131 days after the last meeting: within the threshold; day 330, 211.
      Case(
        name: "one within the threshold, then one past it: the second revives",
        exchanges: [250, 330], asOf: 400, revival: 330, days: 0),
      Case(
        name: "within the threshold only: nothing lost", exchanges: [250, -290], asOf: 400,
        revival: nil, days: 18),
      // The meeting on day 400 ended the silence (281 days) too; the exchange came first.
      Case(
        name: "an exchange in the silence a meeting ended dates the revival",
        exchanges: [330], meetings: [400], asOf: 410, revival: 330, days: 1),
      // Within 180 days of day 119: the meeting alone revived the tie.
      Case(
        name: "an exchange too early in that silence does not", exchanges: [290],
        meetings: [400], asOf: 410, revival: 400, days: 1),
      // Meetings 400, 407, 414 make a weekly run again; the exchange on day 600 ends a new
      // silence (186 days): the latest revival, not the one on day 330.
      Case(
        name: "a new silence after the revived run: the latest revival", exchanges: [330, 600],
        meetings: [400, 407, 414], asOf: 610, revival: 600, days: 0),
      Case(
        name: "the revived run kept: an exchange within its threshold", exchanges: [330, 590],
        meetings: [400, 407, 414], asOf: 610, revival: 330, days: 3),
    ])
  func revival(_ c: Case) throws {
    let fixture = Self.victor(exchanges: c.exchanges, meetings: c.meetings)
    let snapshot = fixture.snapshot(asOf: at(c.asOf))
    let me = fixture.index(of: "me")
    let victor = fixture.index(of: "victor")
    let revivals = Revivals(snapshot, ego: me)
    #expect(revivals.revival(of: victor, in: snapshot) == c.revival.map(at))
    let rhythm = revivals.rhythm(of: victor, in: snapshot)
    #expect(rhythm.days == c.days)
    #expect(rhythm.medianGapDays.isNaN == (c.days < ContactRhythm.minimumDays))
    #expect(
      revivals.withoutRhythm(victor, in: snapshot)
        == (c.revival != nil && c.days < ContactRhythm.minimumDays))
  }

  @Test(
    "an exchange in the silence a meeting ended: against the threshold of the run it lost",
    arguments: [(200.0, 360.0), (241, 301)])
  func thresholdOfTheLostRun(_ exchangeAfter: Double, _ revival: Double) throws {
    // Monthly meetings on days 0, 30, 60 (median 30): lost after max(8 × 30, 180) = 240 days.
    // The meeting on day 360 ends a 300-day silence; an exchange 200 days into it is within
    // that run's threshold (though over 180 days), one 241 days into it is past it.
    var fixture = egoFixture("cara")
    for d in [0.0, 30, 60, 360] { fixture.meet("cara", at: at(d)) }
    fixture.exchange(at: at(60 + exchangeAfter), from: "cara", to: "me", .advice)
    let snapshot = fixture.snapshot(asOf: at(370))
    let cara = fixture.index(of: "cara")
    let revivals = Revivals(snapshot, ego: fixture.index(of: "me"))
    #expect(revivals.revival(of: cara, in: snapshot) == at(revival))
    #expect(revivals.rhythm(of: cara, in: snapshot).days == 1)
  }

  @Test(
    "an exchange after the last interaction: against the latest run's threshold",
    arguments: [(240.0, false), (241, true)])
  func thresholdOfTheLatestRun(_ exchangeAfter: Double, _ revived: Bool) throws {
    // Monthly meetings on days 0, 30, 60: lost after 240 days (over the 180-day floor).
    var fixture = egoFixture("cara")
    for d in [0.0, 30, 60] { fixture.meet("cara", at: at(d)) }
    fixture.exchange(at: at(60 + exchangeAfter), from: "me", to: "cara", .introduction)
    let snapshot = fixture.snapshot(asOf: at(310))
    let cara = fixture.index(of: "cara")
    let revivals = Revivals(snapshot, ego: fixture.index(of: "me"))
    #expect(revivals.revival(of: cara, in: snapshot) == (revived ? at(60 + exchangeAfter) : nil))
    #expect(revivals.rhythm(of: cara, in: snapshot).days == (revived ? 0 : 3))
  }

  @Test("a tie with no rhythm has none to lose: an exchange years later revives nothing")
  func noRhythmNothingLost() throws {
    // Two days of contact, then advice 700 days later: still the default of its peak's rank
    // (1st: 7 days), not a revival.
    var fixture = egoFixture("cara")
    fixture.meet("cara", at: at(0))
    fixture.meet("cara", at: at(10))
    fixture.exchange(at: at(710), from: "cara", to: "me", .advice)
    let snapshot = fixture.snapshot(asOf: at(720))
    let me = fixture.index(of: "me")
    let cara = fixture.index(of: "cara")
    let revivals = Revivals(snapshot, ego: me)
    #expect(revivals.revival(of: cara, in: snapshot) == nil)
    let cadence = try #require(
      CadenceModel.cadence(of: cara, in: snapshot, rank: 1, revivals: revivals))
    #expect(cadence.source == .tier && cadence.days == 7 && cadence.revivedOn == nil)
  }

  @Test("only the ego's exchanges: one between two others after the silence revives nothing")
  func othersExchanges() {
    var fixture = Self.victor()
    fixture.exchange(at: at(330), from: "victor", to: "wren", .introduction)
    let snapshot = fixture.snapshot(asOf: at(340))
    let revivals = Revivals(snapshot, ego: fixture.index(of: "me"))
    #expect(revivals.revival(of: fixture.index(of: "victor"), in: snapshot) == nil)
  }
}
