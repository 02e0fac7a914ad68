import Foundation
import KithAnalytics
import KithGraph
import KithTestSupport
import Testing

@Suite("Ties let go: out of neglected, dormant and the plan until the next contact")
struct LetGoTests {
  /// As of day 0: `old` was met weekly on days −400…−372 (lost: 372 days > 8 × 7 and 180);
  /// `late` monthly on days −300, −270, −240, −210 (lost too); `quiet` six times on day −700
  /// (dormant: the highest peak, now 2^(−700/180) = 7% of it); `taker` was met on days −80 and
  /// −20 and gave an introduction on day −10 (taking).
  static func network() -> SnapshotFixture {
    var fixture = egoFixture("old", "late", "quiet", "taker")
    for k in 0..<5 { fixture.meet("old", at: at(-400 + 7 * Double(k))) }
    for k in 0..<4 { fixture.meet("late", at: at(-300 + 30 * Double(k))) }
    for _ in 0..<6 { fixture.meet("quiet", at: at(-700)) }
    fixture.meet("taker", at: at(-80))
    fixture.meet("taker", at: at(-20))
    fixture.exchange(at: at(-10), from: "taker", to: "me", .introduction)
    return fixture
  }

  func neglected(_ fixture: SnapshotFixture, asOf days: Double = 0, includeLetGo: Bool = false)
    -> [String]
  {
    let snapshot = fixture.snapshot(asOf: at(days))
    return fixture.handles(
      Neglect.neglected(
        in: snapshot, ego: fixture.index(of: "me"), includeLost: true, includeLetGo: includeLetGo
      ).map(\.person))
  }

  @Test("a tie let go leaves neglected; includeLetGo lists it again")
  func neglectedLeavesOut() {
    var fixture = Self.network()
    #expect(Set(neglected(fixture)).isSuperset(of: ["old", "late"]))
    fixture.letGo(of: "old", at: at(-5))
    #expect(!neglected(fixture).contains("old"))
    #expect(neglected(fixture).contains("late"))
    #expect(neglected(fixture, includeLetGo: true).contains("old"))
    let snapshot = fixture.snapshot(asOf: at(0))
    #expect(
      fixture.handles(Array(Neglect.lettingGo(in: snapshot, ego: fixture.index(of: "me"))))
        == ["old"])
  }

  @Test("as of a day before it was let go, the tie is listed")
  func notYetLetGo() {
    var fixture = Self.network()
    fixture.letGo(of: "old", at: at(-5))
    #expect(!neglected(fixture, asOf: 0).contains("old"))
    #expect(neglected(fixture, asOf: -6).contains("old"))
  }

  @Test(
    "a later interaction or exchange makes the tie live again; one at the same second does not",
    arguments: ["interaction", "exchange", "same second"])
  func laterContact(_ how: String) {
    var fixture = Self.network()
    fixture.letGo(of: "old", at: at(-30))
    switch how {
    case "interaction": fixture.meet("old", at: at(-25), .message)
    case "exchange": fixture.exchange(at: at(-25), from: "me", to: "old", .advice)
    default: fixture.meet("old", at: at(-30), .message)
    }
    // Day 0: 25 days after the new contact, over the cadence of a tie revived after a loss
    // (no rhythm yet: the tier default of its rank, 7 days).
    let snapshot = fixture.snapshot(asOf: at(0))
    let me = fixture.index(of: "me")
    let old = fixture.index(of: "old")
    #expect(Neglect.lettingGo(in: snapshot, ego: me).contains(old) == (how == "same second"))
    #expect(
      Neglect.neglected(in: snapshot, ego: me, includeLost: true).contains { $0.person == old }
        == (how != "same second"))
  }

  @Test("a dormant tie let go leaves dormant")
  func dormantLeavesOut() {
    var fixture = Self.network()
    let me = fixture.index(of: "me")
    #expect(
      fixture.handles(Neglect.dormant(in: fixture.snapshot(asOf: at(0)), ego: me).map(\.person))
        .contains("quiet"))
    fixture.letGo(of: "quiet", at: at(-1))
    let snapshot = fixture.snapshot(asOf: at(0))
    #expect(
      !fixture.handles(Neglect.dormant(in: snapshot, ego: me).map(\.person)).contains("quiet"))
    #expect(
      fixture.handles(Neglect.dormant(in: snapshot, ego: me, includeLetGo: true).map(\.person))
        .contains("quiet"))
  }

  @Test("the plan: no reconnect, revive or give-first item for a tie let go")
  func plan() {
    var fixture = Self.network()
    let me = fixture.index(of: "me")
    func planned() -> [String: PlanAction] {
      let items = Planner.plan(in: fixture.snapshot(asOf: at(0)), ego: me, budget: 8)
      return Dictionary(
        uniqueKeysWithValues: items.map { (fixture.handle($0.person), $0.action) })
    }
    let before = planned()
    #expect(before["taker"] == .giveFirst)
    #expect(before["quiet"] == .revive)
    #expect(before["old"] == .reconnect && before["late"] == .reconnect)
    for handle in ["taker", "quiet", "old"] { fixture.letGo(of: handle, at: at(-1)) }
    let after = planned()
    #expect(after["taker"] == nil && after["quiet"] == nil && after["old"] == nil)
    #expect(after["late"] == .reconnect)
  }

  @Test("a go-between let go: reconnect first, and the reason says it was let go")
  func goBetween() throws {
    var fixture = egoFixture("pal", "target")
    // Met every week until day −7: close, and not overdue on its learned weekly rhythm.
    for k in 0..<8 { fixture.meet("pal", at: at(-56 + 7 * Double(k))) }
    fixture.interaction(at: at(-7), .meeting, ["pal", "target"])
    let me = fixture.index(of: "me")
    let pal = fixture.index(of: "pal")
    let before = try #require(
      GoBetweens(snapshot: fixture.snapshot(asOf: at(0)), ego: me).tie(to: pal))
    #expect(before.warnings.isEmpty && before.letGo == nil)
    fixture.letGo(of: "pal", at: at(-1))
    let after = try #require(
      GoBetweens(snapshot: fixture.snapshot(asOf: at(0)), ego: me).tie(to: pal))
    #expect(after.warnings == [.reconnectFirst])
    #expect(after.letGo == at(-1))
    #expect(
      GoBetweens.reasons(after, name: "Pal")
        == [
          "reconnect first: last contact 2025-12-25, 7 days ago, you let this tie go on 2025-12-31"
        ])
  }

  @Test("met once and let go: no never-followed-up nudge; a follow-up date set is still owed")
  func followUps() {
    var fixture = egoFixture("new", "promised")
    fixture.meet("new", at: at(-20))
    fixture.meet("promised", at: at(-40))
    fixture.meet("promised", at: at(-20), followUp: at(-5))
    let me = fixture.index(of: "me")
    func listed() -> [String] {
      fixture.handles(FollowUps.list(in: fixture.snapshot(asOf: at(0)), ego: me).map(\.person))
    }
    #expect(listed() == ["new", "promised"])
    fixture.letGo(of: "new", at: at(-10))
    fixture.letGo(of: "promised", at: at(-10))
    #expect(listed() == ["promised"])
  }
}
