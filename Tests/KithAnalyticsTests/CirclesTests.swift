import Foundation
import KithAnalytics
import KithGraph
import KithTestSupport
import Testing

/// Three triangles of ties of strength 4: the ego's own circle A (a1, a2, a3, each tied to the
/// ego), and two far circles B and C, joined to A by one weak tie each (a1–b1 and a2–c1, of
/// strength 1). Every strength is a constant tie, so the numbers are exact. With
/// `strongA2`, the ego's tie to a2 is 12 instead of 4 (the median tie stays 4).
func threeCircles(strongA2: Bool = false) -> SnapshotFixture {
  var f = egoFixture("a1", "a2", "a3")
  for h in ["b1", "b2", "b3"] { f.person(h, tags: ["climbing"]) }
  f.people("c1", "c2", "c3")
  for (x, y, z) in [("a1", "a2", "a3"), ("b1", "b2", "b3"), ("c1", "c2", "c3")] {
    f.tie(x, y, weight: 4)
    f.tie(y, z, weight: 4)
    f.tie(x, z, weight: 4)
  }
  f.tie("me", "a1", weight: 4)
  f.tie("me", "a2", weight: strongA2 ? 12 : 4)
  f.tie("me", "a3", weight: 4)
  f.tie("a1", "b1", weight: 1)
  f.tie("a2", "c1", weight: 1)
  return f
}

@Suite("Circles, beyond, introductions and brokers")
struct CirclesTests {
  struct Setup {
    let fixture: SnapshotFixture
    let snapshot: NetworkSnapshot
    let graph: WeightedGraph
    let paths: BestPaths
    let circles: EgoCircles
    let me: Int32

    init(_ fixture: SnapshotFixture) {
      self.fixture = fixture
      snapshot = fixture.snapshot(asOf: at(0))
      graph = WeightedGraph(snapshot: snapshot)
      paths = BestPaths(graph: graph)
      me = fixture.index(of: "me")
      circles = EgoCircles(snapshot: snapshot, ego: me)
    }

    func circle(_ handle: String) -> Int { circles.circle(of: fixture.index(of: handle)) }
  }

  @Test("circles: found without the ego; shares, the usual circle and labels")
  func egoCircles() {
    let s = Setup(threeCircles())
    #expect(s.circle("a1") == s.circle("a2") && s.circle("a2") == s.circle("a3"))
    #expect(s.circle("b1") == s.circle("b3") && s.circle("c1") == s.circle("c3"))
    #expect(Set([s.circle("a1"), s.circle("b1"), s.circle("c1")]).count == 3)
    #expect(s.circles.ids.count == 3, "the ego's own singleton is not a circle")
    #expect(s.circles.egoShare[s.circle("a1")] == 1)
    #expect(s.circles.egoShare[s.circle("b1")] == 0)
    #expect(s.circles.usual == [s.circle("a1")])
    #expect(s.circles.labels[s.circle("b1")] == "climbing")
    #expect(s.circles.labels[s.circle("c1")] == nil)
    #expect(s.circles.circleNovelty(of: s.fixture.index(of: "c2")) == 1)
    #expect(s.circles.circleNovelty(of: s.fixture.index(of: "a2")) == 0)
    #expect(s.circles.members.allSatisfy { !$0.contains(s.me) })
  }

  @Test("a person tied to nobody else is in no circle, never a usual one")
  func singletonsAreNoCircles() {
    // A (12 of your strength) and B (4) are circles; s1 and s2 (8 each) know nobody else.
    // Of all your strength (32), A and B hold only half: the usual circle is chosen from the
    // circles, by 80% of the strength in them (A's 75% is not enough, so B too); s1 and s2,
    // though stronger ties than B, are not circles and not usual.
    var f = threeCircles()
    f.people("s1", "s2")
    f.tie("me", "s1", weight: 8)
    f.tie("me", "s2", weight: 8)
    f.tie("me", "b2", weight: 4)
    let s = Setup(f)
    let lone = s.circle("s1")
    #expect(!s.circles.isCircle(lone) && s.circles.isCircle(s.circle("a1")))
    #expect(s.circles.egoShare[lone] == 0.25)
    #expect(s.circles.usual == [s.circle("a1"), s.circle("b1")].sorted())
  }

  @Test("circle labels tell circles apart: the next common tag, else the id")
  func uniqueLabels() {
    var f = egoFixture()
    let tags: [(String, [String])] = [
      ("x1", ["climbing", "rust"]), ("x2", ["climbing", "rust"]), ("x3", ["climbing"]),
      ("y1", ["climbing", "chess"]), ("y2", ["climbing", "chess"]), ("y3", ["climbing", "rust"]),
      ("z1", ["climbing", "rust"]), ("z2", ["climbing", "rust"]), ("z3", ["climbing"]),
      ("w1", ["sailing"]), ("u1", ["sailing", "chess"]), ("u2", ["sailing"]), ("u3", ["sailing"]),
      ("v1", []),
    ]
    for (handle, its) in tags { f.person(handle, tags: its) }
    let snapshot = f.snapshot(asOf: at(0))
    let circles = [
      ["x1", "x2", "x3"], ["y1", "y2", "y3"], ["z1", "z2", "z3"], ["w1"], ["u1", "u2", "u3"],
      ["v1"], [],
    ].map { $0.map(f.index(of:)) }
    // The three climbing circles share "climbing". Rust is the next tag of two of them, so it
    // tells neither apart, and they have no other: they keep it, with their ids; chess is the
    // y circle's own. The sailing circles share "sailing", and one member's chess describes
    // no circle: ids.
    #expect(
      EgoCircles.labels(of: circles, in: snapshot) == [
        "climbing · rust #0", "climbing · chess", "climbing · rust #2", "sailing #3",
        "sailing #4", nil, nil,
      ])
    #expect(EgoCircles.label(of: circles[1], in: snapshot) == "climbing")
  }

  @Test("a label must describe the circle: held by a fifth of its members and by two")
  func labelsDescribe() {
    var f = egoFixture()
    // Ten people, each with a tag of their own: no tag names the circle.
    for i in 0..<10 { f.person("p\(i)", tags: ["grp\(i)"]) }
    // Ten people, two of whom share a tag (a fifth): it names the circle.
    for i in 0..<10 { f.person("q\(i)", tags: i < 2 ? ["acme"] : []) }
    // Ten people, one with a tag.
    for i in 0..<10 { f.person("r\(i)", tags: i == 0 ? ["solo"] : []) }
    let snapshot = f.snapshot(asOf: at(0))
    let circles = ["p", "q", "r"].map { prefix in (0..<10).map { f.index(of: "\(prefix)\($0)") } }
    #expect(EgoCircles.labels(of: circles, in: snapshot) == [nil, "acme", nil])
    #expect(EgoCircles.label(of: circles[0], in: snapshot) == nil)
    #expect(EgoCircles.label(of: circles[1], in: snapshot) == "acme")
  }

  @Test("a go-between let go: beyond and brokers leave them out, intro lists them last")
  func letGoGoBetween() throws {
    // A second, weaker way to b1: through a3.
    var fixture = threeCircles(strongA2: true)
    fixture.tie("a3", "b1", weight: 0.5)
    let before = Setup(fixture)
    let a1 = before.fixture.index(of: "a1")
    let listed = Beyond.candidates(
      in: before.snapshot, graph: before.graph, paths: before.paths, circles: before.circles,
      ego: before.me)
    #expect(listed.contains { $0.via.first == a1 })
    fixture.letGo(of: "a1", at: at(-1))
    let s = Setup(fixture)
    let items = Beyond.candidates(
      in: s.snapshot, graph: s.graph, paths: s.paths, circles: s.circles, ego: s.me)
    #expect(!items.isEmpty && !items.contains { $0.via.first == a1 })
    let brokers = Brokerage.report(in: s.snapshot, graph: s.graph, circles: s.circles, ego: s.me)
    #expect(s.fixture.handles(brokers.brokers.map(\.person)) == ["a2", "a3"])
    let intro = Introductions.paths(
      in: s.snapshot, graph: s.graph, paths: s.paths, ego: s.me,
      to: [s.fixture.index(of: "b1")], goBetweens: GoBetweens(snapshot: s.snapshot, ego: s.me))
    let paths = try #require(intro.first?.paths)
    #expect(paths.count >= 2, "\(paths)")
    #expect(paths.first?.via.first != a1 && paths.last?.via.first == a1)
    #expect(paths.last?.warnings == [.reconnectFirst])
  }

  @Test("beyond, two hops: bridge(q₁)·q₂, and the strongest first hop is not simply best")
  func beyondTwoHops() {
    // s₀ = 4: q(4) = ½, bridge(½) = 1; q(1) = 0.2; q(12) = ¾, bridge(¾) = ¾.
    let s = Setup(threeCircles(strongA2: true))
    #expect(s.paths.referenceStrength == 4)
    let items = Beyond.candidates(
      in: s.snapshot, graph: s.graph, paths: s.paths, circles: s.circles, ego: s.me)
    #expect(s.fixture.handles(items.map(\.person)) == ["b1", "c1"])
    #expect(abs(items[0].pathScore - 0.2) < 1e-12 && abs(items[0].score - 0.2) < 1e-12)
    #expect(abs(items[1].pathScore - 0.15) < 1e-12)
    #expect(s.fixture.handles(items[0].via) == ["a1"] && items[0].hopStrengths == [4, 1])
    #expect(items[0].novelty == 1 && items[0].circle == s.circle("b1"))
    let why = Beyond.why(
      items[0], in: s.snapshot, circles: s.circles,
      goBetweens: GoBetweens(snapshot: s.snapshot, ego: s.me))
    #expect(why.contains("climbing") && why.contains("A1 (a moderate tie of yours, 4.00)"))
    let one = Beyond.candidates(
      in: s.snapshot, graph: s.graph, paths: s.paths, circles: s.circles, ego: s.me, limit: 1)
    #expect(s.fixture.handles(one.map(\.person)) == ["b1"])
  }

  @Test("a go-between's tie is judged against the median of your own ties, not the network's")
  func tieLabels() {
    // Your ties: 4, 12, 4 (median 4); the network's median is 4 too, so add many faint ties
    // among others: the network's median falls, yours stays.
    var f = threeCircles(strongA2: true)
    for i in 0..<20 {
      f.people("x\(i)", "y\(i)")
      f.tie("x\(i)", "y\(i)", weight: 0.1)
    }
    let s = Setup(f)
    #expect(s.paths.referenceStrength < 1)
    let judge = GoBetweens(snapshot: s.snapshot, ego: s.me)
    #expect(judge.egoMedian == 4)
    #expect(judge.tier(ofEgoTie: 12) == .strong)
    #expect(judge.tier(ofEgoTie: 8) == .strong)
    #expect(judge.tier(ofEgoTie: 4) == .moderate, "your median tie, below your upper quartile")
    #expect(judge.tier(ofEgoTie: 2) == .moderate)
    #expect(judge.tier(ofEgoTie: 1.9) == .weak)
    #expect(judge.tier(ofEgoTie: 12, faded: true) == .weak)
    let items = Beyond.candidates(
      in: s.snapshot, graph: s.graph, paths: s.paths, circles: s.circles, ego: s.me)
    let via = items.first { s.fixture.handles($0.via) == ["a1"] }
    #expect(
      via.map { Beyond.why($0, in: s.snapshot, circles: s.circles, goBetweens: judge) }?.contains(
        "A1 (a moderate tie of yours, 4.00)") == true)
  }

  // The ego's strongest contact, in a network of alike ties (3.41, the strongest, shared by
  // more than half of them), was "a moderate tie of yours" in `beyond`.
  @Test("your strongest ties are strong for you even when your ties are alike")
  func strongestTiesAreStrong() {
    var f = egoFixture("t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9")
    for (k, w) in [3.5, 3.5, 3.5, 3.5, 3.5, 2.5, 2.5, 2, 0.5].enumerated() {
      f.tie("me", "t\(k + 1)", weight: w)
    }
    let judge = GoBetweens(snapshot: f.snapshot(asOf: at(0)), ego: f.index(of: "me"))
    #expect(judge.egoMedian == 3.5 && judge.upperQuartile == 3.5)
    #expect(judge.tier(ofEgoTie: 3.5) == .strong, "the strongest, though the median")
    #expect(judge.tier(ofEgoTie: 2.5) == .moderate)
    #expect(judge.tier(ofEgoTie: 0.5) == .weak)
    var spread = egoFixture("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8")
    for (k, w) in [4.0, 3.0, 2.5, 2.25, 2.0, 1.5, 1.25, 1.0].enumerated() {
      spread.tie("me", "u\(k + 1)", weight: w)
    }
    let other = GoBetweens(snapshot: spread.snapshot(asOf: at(0)), ego: spread.index(of: "me"))
    // Median (2.25 + 2)/2, upper quartile 3: the strongest quarter is strong.
    #expect(other.tier(ofEgoTie: 3) == .strong && other.tier(ofEgoTie: 2.5) == .moderate)
  }

  // A go-between met twice long ago has no cadence (under 3 interactions, beyond the 150
  // strongest), so is never overdue: `intro` asked them with no warning.
  @Test("a faded go-between is reconnect-first whatever their cadence")
  func fadedGoBetween() throws {
    var f = egoFixture("old", "new")
    f.person("target")
    // 150 stronger ties: old and new are beyond them, with no default cadence.
    for i in 0..<150 {
      f.person("p\(i)")
      f.tie("me", "p\(i)", weight: 10)
    }
    f.interaction(at: at(-584), .meeting, ["me", "old"])
    f.interaction(at: at(-600), .meeting, ["me", "old"])
    f.interaction(at: at(-10), .meeting, ["me", "new"])
    f.tie("old", "target", weight: 4)
    f.tie("new", "target", weight: 1)
    let s = Setup(f)
    let old = s.fixture.index(of: "old")
    let judge = GoBetweens(snapshot: s.snapshot, ego: s.me)
    #expect(Neglect.neglected(in: s.snapshot, ego: s.me, includeLost: true).isEmpty)
    let tie = try #require(judge.tie(to: old))
    #expect(tie.faded && tie.warnings == [.reconnectFirst] && tie.tier == .weak)
    #expect(tie.daysSince == 584)
    #expect(
      GoBetweens.reasons(tie, name: "Old").first?.hasPrefix("reconnect first: last contact ")
        == true)
    #expect(GoBetweens.reasons(tie, name: "Old").first?.contains(", 584 days ago") == true)
    #expect(judge.tie(to: s.fixture.index(of: "new"))?.warnings == [])
    let intro = Introductions.paths(
      in: s.snapshot, graph: s.graph, paths: s.paths, ego: s.me,
      to: [s.fixture.index(of: "target")], goBetweens: judge)
    let viaOld = try #require(intro.first?.paths.first { $0.via == [old] })
    #expect(viaOld.warnings == [.reconnectFirst] && viaOld.tier == .weak)
    // The rule itself: a year of silence, or under a tenth of the peak when not in touch
    // within the cadence or the last 30 days.
    #expect(Neglect.isFaded(strength: 1, peak: 1, daysSince: 365, cadenceDays: nil))
    #expect(!Neglect.isFaded(strength: 1, peak: 1, daysSince: 364, cadenceDays: nil))
    #expect(Neglect.isFaded(strength: 0.09, peak: 1, daysSince: 31, cadenceDays: nil))
    #expect(Neglect.isFaded(strength: 0.09, peak: 1, daysSince: nil, cadenceDays: 30))
  }

  // `brief` on a LinkedIn connection never met said "strength 0.01 now (faded)" and
  // "reconnect first: 6% of its peak 0.10": there is nothing to reconnect.
  @Test("a tie with no interaction is not met yet, not faded, wherever it is judged")
  func unmetTie() throws {
    var f = egoFixture("link", "target")
    f.tie("me", "link", weight: 0.1, at: at(-700))
    f.tie("link", "target", weight: 4)
    let s = Setup(f)
    let link = f.index(of: "link")
    let tie = try #require(GoBetweens(snapshot: s.snapshot, ego: s.me).tie(to: link))
    #expect(tie.isUnmet && tie.faded && tie.warnings == [.reconnectFirst])
    #expect(GoBetweens.words(tie) == "not met yet")
    #expect(GoBetweens.reasons(tie, name: "Link") == ["get in touch first: not met yet"])
    #expect(GoBetweens.label(tie).hasPrefix("a tie of yours not met yet, "))
    #expect(GoBetweens.describe(tie).hasSuffix("(not met yet)"), "\(GoBetweens.describe(tie))")
    // Met once since: judged as any tie.
    var met = f
    met.meet("link", at: at(-400))
    let after = try #require(
      GoBetweens(snapshot: met.snapshot(asOf: at(0)), ego: s.me).tie(to: link))
    #expect(!after.isUnmet && GoBetweens.words(after) == "faded")
  }

  // `brief` said "reconnect first: last contact 2026-06-23, 7 days ago" of a weekly contact:
  // "7 days ago" read as recent, with nothing to say it was past the cadence.
  @Test("a go-between only overdue: the reason names the cadence it is past")
  func overdueReasonNamesTheCadence() throws {
    var f = egoFixture("pal", "target")
    // Weekly for eight weeks, until day −10: a learned 7-day cadence, 10 days past.
    for k in 0..<8 { f.meet("pal", at: at(-59 + 7 * Double(k))) }
    f.tie("pal", "target", weight: 4)
    let s = Setup(f)
    let tie = try #require(GoBetweens(snapshot: s.snapshot, ego: s.me).tie(to: f.index(of: "pal")))
    #expect(!tie.faded && tie.overdue && tie.cadenceDays == 7)
    #expect(
      GoBetweens.reasons(tie, name: "Pal")
        == ["reconnect first: last contact 2025-12-22, 10 days ago, over its 7-day cadence"])
  }

  // One call after years of weekly meetings (or a favour they did you today) left the tie
  // under a tenth of its peak: `brief` and `intro` said "reconnect first: last contact …,
  // 0 days ago" and called the tie faded.
  @Test("a go-between in touch within their cadence or the last 30 days has not faded")
  func inTouchIsNotFaded() throws {
    var f = egoFixture("pal", "target")
    // Weekly for a year, until day −800: a peak far above what is left.
    for k in 0..<52 { f.meet("pal", at: at(-1164 + 7 * Double(k))) }
    f.tie("pal", "target", weight: 4)
    let me = f.index(of: "me")
    let pal = f.index(of: "pal")
    func judged(_ f: SnapshotFixture) throws -> GoBetweenTie {
      try #require(GoBetweens(snapshot: f.snapshot(asOf: at(0)), ego: me).tie(to: pal))
    }
    let silent = try judged(f)
    #expect(silent.faded && silent.warnings == [.reconnectFirst])
    // A call today: under a tenth of the peak still, but in touch.
    var called = f
    called.meet("pal", at: at(0), .call)
    let today = try judged(called)
    #expect(today.strength < 0.1 * today.peak && today.daysSince == 0)
    #expect(!today.faded && today.warnings.isEmpty, "\(GoBetweens.reasons(today, name: "Pal"))")
    #expect(GoBetweens.words(today) != "faded")
    let s = Setup(called)
    let intro = Introductions.paths(
      in: s.snapshot, graph: s.graph, paths: s.paths, ego: me, to: [f.index(of: "target")])
    #expect(intro.first?.paths.first?.warnings == [])
    // A favour they did you today is a contact too (no interaction, so no strength).
    var favour = f
    favour.exchange(at: at(0), from: "pal", to: "me", .favour)
    #expect(try !judged(favour).faded)
    // Forty days ago, with no cadence of more than a week since the tie came back: faded.
    var earlier = f
    earlier.meet("pal", at: at(-40), .call)
    #expect(try judged(earlier).faded)
    // The rule: a contact within the cadence, or within 30 days when that is longer, is being
    // in touch; a year of silence is faded whatever the cadence.
    #expect(!Neglect.isFaded(strength: 0.09, peak: 1, daysSince: 0, cadenceDays: nil))
    #expect(!Neglect.isFaded(strength: 0.09, peak: 1, daysSince: 30, cadenceDays: nil))
    #expect(!Neglect.isFaded(strength: 0.09, peak: 1, daysSince: 20, cadenceDays: 7))
    #expect(!Neglect.isFaded(strength: 0.09, peak: 1, daysSince: 60, cadenceDays: 60))
    #expect(Neglect.isFaded(strength: 0.09, peak: 1, daysSince: 61, cadenceDays: 60))
    #expect(Neglect.isFaded(strength: 1, peak: 1, daysSince: 365, cadenceDays: 730))
    #expect(!Neglect.isFaded(strength: 0.1, peak: 1, daysSince: nil, cadenceDays: nil))
  }

  @Test("beyond: your tie to the go-between is moderate for you, not for the whole network")
  func beyondFirstHopAgainstYourOwnTies() {
    // Your ties: a, b, c at 4 (a tight trio, your usual circle) and w at 0.5 (weak for you).
    // Many faint ties among others pull the network's median below 0.5.
    var f = egoFixture("a", "b", "c", "w")
    f.people("x", "y", "z")
    for h in ["a", "b", "c"] { f.tie("me", h, weight: 4) }
    f.tie("me", "w", weight: 0.5)
    f.tie("a", "b", weight: 4)
    f.tie("b", "c", weight: 4)
    f.tie("a", "c", weight: 4)
    f.tie("w", "x", weight: 1)
    f.tie("a", "y", weight: 1)
    f.tie("x", "y", weight: 4)
    f.tie("y", "z", weight: 4)
    f.tie("x", "z", weight: 4)
    for i in 0..<30 {
      f.people("p\(i)", "q\(i)")
      f.tie("p\(i)", "q\(i)", weight: 0.1)
    }
    let s = Setup(f)
    #expect(s.paths.referenceStrength < 0.5)
    let items = Beyond.candidates(
      in: s.snapshot, graph: s.graph, paths: s.paths, circles: s.circles, ego: s.me)
    // y through a (a median tie of yours: bridge 1) before x through w (q = 0.5/4.5: 0.40).
    #expect(s.fixture.handles(items.prefix(2).map(\.person)) == ["y", "x"])
    #expect(s.fixture.handles(items.first?.via ?? []) == ["a"])
    let q = 0.5 / (0.5 + 4)
    let x = items.first { $0.person == s.fixture.index(of: "x") }
    #expect(abs((x?.pathScore ?? 0) - Beyond.bridge(q) * s.paths.quality(ofStrength: 1)) < 1e-12)
  }

  @Test("beyond, three hops: people two circles' steps away, with both go-betweens")
  func beyondThreeHops() {
    let s = Setup(threeCircles(strongA2: true))
    let items = Beyond.candidates(
      in: s.snapshot, graph: s.graph, paths: s.paths, circles: s.circles, ego: s.me, hops: 3)
    #expect(s.fixture.handles(items.map(\.person)) == ["b1", "c1", "b2", "b3", "c2", "c3"])
    let b2 = items[2]
    #expect(s.fixture.handles(b2.via) == ["a1", "b1"] && b2.hopStrengths == [4, 1, 4])
    #expect(abs(b2.pathScore - 0.1) < 1e-12)
    #expect(abs(items[4].pathScore - 0.075) < 1e-12)
    // Nobody in the usual circle and nobody the ego knows.
    let excluded = Set(["me", "a1", "a2", "a3"].map(s.fixture.index(of:)))
    #expect(items.allSatisfy { !excluded.contains($0.person) })
  }

  @Test("three hops go through a stranger in the middle; people referred to you are left out")
  func beyondThreeHopsThroughStrangers() throws {
    // You know Bea well and Ann barely; Ann knows Bea, Bea knows Xu. Xu is two hops away via
    // Bea, not three via Ann → Bea. Yan, a friend of Xu's, is three hops via Bea → Xu.
    var f = egoFixture("bea", "ann")
    f.people("xu", "yan", "zed", "zoe", "ref")
    // So strong that a route through Ann (a median tie, bridge ½·…) to Bea scores higher than
    // Bea herself (bridge(q(1000)) ≈ 0.04): the old search went "via Ann → Bea".
    f.tie("me", "bea", weight: 1000)
    f.tie("me", "ann", weight: 1)
    f.tie("ann", "bea", weight: 10)
    f.tie("bea", "xu", weight: 10)
    f.tie("xu", "yan", weight: 10)
    f.tie("bea", "ref", weight: 10)
    f.tie("zed", "zoe", weight: 1)
    f.referral(at: at(-5), from: "ann", to: "me", about: "ref", recordExchange: false)
    let s = Setup(f)
    let items = Beyond.candidates(
      in: s.snapshot, graph: s.graph, paths: s.paths, circles: s.circles, ego: s.me, hops: 3)
    let known = Set([s.me, s.fixture.index(of: "bea"), s.fixture.index(of: "ann")])
    for item in items where item.via.count == 2 {
      #expect(!known.contains(item.via[1]), "\(s.fixture.handles(item.via))")
    }
    let xu = try #require(items.first { $0.person == s.fixture.index(of: "xu") })
    #expect(s.fixture.handles(xu.via) == ["bea"])
    let yan = try #require(items.first { $0.person == s.fixture.index(of: "yan") })
    #expect(s.fixture.handles(yan.via) == ["bea", "xu"])
    #expect(!items.contains { $0.person == s.fixture.index(of: "ref") })
  }

  @Test("bridge(q) = 4q(1 − q): an inverted U with its top at the median tie")
  func bridgeShape() {
    #expect(Beyond.bridge(0.5) == 1)
    #expect(Beyond.bridge(0) == 0 && Beyond.bridge(1) == 0)
    #expect(Beyond.bridge(0.25) == Beyond.bridge(0.75))
    #expect(Beyond.bridge(0.4) < Beyond.bridge(0.5) && Beyond.bridge(0.6) < Beyond.bridge(0.5))
  }

  @Test("intro: second- and third-degree paths; scores, tiers and warnings")
  func introductions() {
    let s = Setup(threeCircles())
    let ids = { (h: [String]) in h.map(s.fixture.index(of:)) }
    let results = Introductions.paths(
      in: s.snapshot, graph: s.graph, paths: s.paths, ego: s.me, to: ids(["b2", "b1", "a3"]),
      goBetweens: GoBetweens(
        snapshot: s.snapshot, ego: s.me, overdue: Set(ids(["a1"])), owed: Set(ids(["a1"]))))
    // Unknown targets by their best path (b1 0.1, b2 0.05), then the ones the ego knows.
    #expect(s.fixture.handles(results.map(\.person)) == ["b1", "b2", "a3"])
    let b1 = results[0]
    #expect(b1.directStrength == nil && b1.paths.count == 1)
    #expect(s.fixture.handles(b1.paths[0].via) == ["a1"] && b1.paths[0].hopStrengths == [4, 1])
    #expect(abs(b1.paths[0].score - 0.1) < 1e-12 && b1.paths[0].tier == .weak)
    #expect(b1.paths[0].warnings == [.reconnectFirst, .giveFirst])
    let b2 = results[1]
    #expect(s.fixture.handles(b2.paths.flatMap(\.via)) == ["a1", "b1"])
    #expect(abs(b2.paths[0].score - 0.05) < 1e-12)
    let a3 = results[2]
    #expect(a3.directStrength == 4)
    // a3 through a1 or a2 (second degree, q ½ · ½), never through a third-degree detour via
    // someone the ego knows; ties by handle.
    #expect(a3.paths.map { s.fixture.handles($0.via) } == [["a1"], ["a2"]])
    #expect(a3.paths.allSatisfy { abs($0.score - 0.25) < 1e-12 && $0.tier == .moderate })
    let limited = Introductions.paths(
      in: s.snapshot, graph: s.graph, paths: s.paths, ego: s.me, to: ids(["a3"]), limit: 1)
    #expect(limited[0].paths.count == 1)
    let none = Introductions.paths(
      in: s.snapshot, graph: s.graph, paths: s.paths, ego: s.me, to: [s.me])
    #expect(none.isEmpty, "the ego is not a target")
  }

  // The second option asked the same person again (Bea, then Bea → Carl): no alternative
  // when Bea says no, while Omar reached the target through Iris. The options kept ask
  // different people where they can, and are listed by score.
  @Test("intro: the options kept ask someone else before the same person again; by score")
  func introAlternativesAskSomeoneElse() {
    var f = egoFixture("bea", "omar")
    f.people("carl", "iris", "eli")
    f.tie("me", "bea", weight: 4)
    f.tie("me", "omar", weight: 2)
    f.tie("bea", "eli", weight: 2)
    f.tie("bea", "carl", weight: 8)
    f.tie("carl", "eli", weight: 8)
    f.tie("omar", "iris", weight: 2)
    f.tie("iris", "eli", weight: 2)
    let s = Setup(f)
    let eli = s.fixture.index(of: "eli")
    let results = Introductions.paths(
      in: s.snapshot, graph: s.graph, paths: s.paths, ego: s.me, to: [eli])
    let bea = s.paths.quality(ofStrength: 4) * s.paths.quality(ofStrength: 8)
    let omar = s.paths.quality(ofStrength: 2) * s.paths.quality(ofStrength: 2)
    #expect(bea * s.paths.quality(ofStrength: 8) > omar * s.paths.quality(ofStrength: 2))
    #expect(
      results.first?.paths.map { s.fixture.handles($0.via) } == [
        ["bea", "carl"], ["bea"], ["omar", "iris"],
      ])
    let two = Introductions.paths(
      in: s.snapshot, graph: s.graph, paths: s.paths, ego: s.me, to: [eli], limit: 2)
    #expect(
      two.first?.paths.map { s.fixture.handles($0.via) } == [["bea", "carl"], ["omar", "iris"]])
  }

  // The list was ordered by score with second-degree paths first: "ask Old: a weak path …
  // (faded) … reconnect first" came above a path through a tie you keep up, and a better
  // third-degree path came after a worse second-degree one.
  @Test("intro: options through a faded tie come last; then by score, two and three hops alike")
  func introOrderAsItReads() throws {
    var f = egoFixture("old", "new", "far")
    f.people("t", "x", "u", "v")
    f.tie("me", "old", weight: 8)
    f.tie("me", "new", weight: 2)
    f.tie("me", "far", weight: 2)
    // Old: silent for two years, so faded whatever its strength.
    f.interaction(at: at(-700), .meeting, ["me", "old"])
    f.interaction(at: at(-10), .meeting, ["me", "new"])
    f.interaction(at: at(-10), .meeting, ["me", "far"])
    f.tie("old", "t", weight: 8)
    f.tie("new", "t", weight: 1)
    f.tie("far", "x", weight: 8)
    f.tie("x", "t", weight: 8)
    // u is reached only through old, v only through new.
    f.tie("old", "u", weight: 8)
    f.tie("new", "v", weight: 1)
    let s = Setup(f)
    let judge = GoBetweens(snapshot: s.snapshot, ego: s.me)
    #expect(judge.isFaded(s.fixture.index(of: "old")))
    #expect(
      !judge.isFaded(s.fixture.index(of: "new")) && !judge.isFaded(s.fixture.index(of: "far")))
    let results = Introductions.paths(
      in: s.snapshot, graph: s.graph, paths: s.paths, ego: s.me,
      to: ["t", "u", "v"].map(s.fixture.index(of:)), goBetweens: judge)
    let t = try #require(results.first { $0.person == s.fixture.index(of: "t") })
    let score = { (via: [String]) in
      t.paths.first { s.fixture.handles($0.via) == via }?.score ?? 0
    }
    // By score alone: old, then far → x (three hops), then new.
    #expect(score(["old"]) > score(["far", "x"]) && score(["far", "x"]) > score(["new"]))
    #expect(t.paths.map { s.fixture.handles($0.via) } == [["far", "x"], ["new"], ["old"]])
    #expect(t.paths.map(\.firstHop.faded) == [false, false, true])
    #expect(t.paths.last?.warnings == [.reconnectFirst])
    // Targets by their first option the same way: v (through new, whom you can ask now)
    // before u (only through old, with a higher score), then t.
    let u = try #require(results.first { $0.person == s.fixture.index(of: "u") })
    let v = try #require(results.first { $0.person == s.fixture.index(of: "v") })
    #expect(u.paths[0].score > v.paths[0].score && v.paths[0].score < t.paths[0].score)
    #expect(s.fixture.handles(results.map(\.person)) == ["t", "v", "u"])
  }

  // In a network of faint ties every tie of yours scores near 1, so "ask Arjun: a weak path
  // (your tie 0.03, weak for you); score 0.497" came above "ask Ji-woo: a moderate path (your
  // tie 3.75, strong for you); score 0.478".
  @Test("intro: options listed by their words, strong before weak, whatever the score")
  func introOrderByTier() throws {
    var f = egoFixture("a", "b", "c", "w")
    f.people("t")
    for h in ["a", "b", "c"] { f.tie("me", h, weight: 40) }
    f.tie("me", "w", weight: 8)
    f.tie("w", "t", weight: 40)
    f.tie("a", "t", weight: 4)
    for i in 0..<30 {
      f.people("p\(i)", "q\(i)")
      f.tie("p\(i)", "q\(i)", weight: 0.1)
    }
    let s = Setup(f)
    let results = Introductions.paths(
      in: s.snapshot, graph: s.graph, paths: s.paths, ego: s.me, to: [s.fixture.index(of: "t")])
    let paths = try #require(results.first?.paths)
    #expect(paths.map { s.fixture.handles($0.via) } == [["a"], ["w"]])
    #expect(paths.map(\.tier) == [.strong, .weak])
    #expect(paths[1].score > paths[0].score, "the weak path scores higher")
    #expect(!paths[1].firstHop.faded && paths[1].firstHop.tier == .weak)
  }

  // `intro --to org:X` listed a 0.01 tie under "You already know", with no path.
  @Test("intro: a target whose tie to you has faded gets paths, ranked with the unknown")
  func introFadedTargets() throws {
    var f = egoFixture("bea", "nadia")
    f.people("eli")
    f.interaction(at: at(-10), .meeting, ["me", "bea"])
    f.interaction(at: at(-700), .meeting, ["me", "nadia"])
    f.tie("bea", "nadia", weight: 4)
    f.tie("bea", "eli", weight: 4)
    let s = Setup(f)
    let ids = ["nadia", "eli", "bea"].map(s.fixture.index(of:))
    let results = Introductions.paths(
      in: s.snapshot, graph: s.graph, paths: s.paths, ego: s.me, to: ids)
    #expect(s.fixture.handles(results.map(\.person)) == ["eli", "nadia", "bea"])
    let nadia = results[1]
    #expect(nadia.directStrength != nil && nadia.directFaded)
    #expect(nadia.paths.map { s.fixture.handles($0.via) } == [["bea"]])
    #expect(!results[2].directFaded)
  }

  // `intro --to org:acme-pay` listed Priya (one e-mail a year ago, 0.07) under "You already
  // know", with no path, while `intro --to priya-raman` offered the strong way via Henrik.
  @Test("intro: a target you know only weakly gets paths, ranked with the unknown")
  func introWeakTargets() throws {
    var f = egoFixture("bea", "carl", "dan", "nadia")
    f.people("eli")
    for h in ["bea", "carl", "dan"] { f.tie("me", h, weight: 4) }
    f.tie("me", "nadia", weight: 0.1)
    f.tie("bea", "nadia", weight: 8)
    f.tie("bea", "eli", weight: 2)
    let s = Setup(f)
    let judge = GoBetweens(snapshot: s.snapshot, ego: s.me)
    let nadiaTie = try #require(judge.tie(to: s.fixture.index(of: "nadia")))
    #expect(!nadiaTie.faded && nadiaTie.tier == .weak, "weak for the ego, not faded")
    let results = Introductions.paths(
      in: s.snapshot, graph: s.graph, paths: s.paths, ego: s.me,
      to: ["bea", "eli", "nadia"].map(s.fixture.index(of:)), goBetweens: judge)
    #expect(s.fixture.handles(results.map(\.person)) == ["nadia", "eli", "bea"])
    let nadia = results[0]
    #expect(abs((nadia.directStrength ?? 0) - 0.1) < 1e-6)
    #expect(nadia.directTier == .weak && !nadia.directFaded)
    #expect(!nadia.isKnown)
    #expect(nadia.paths.map { s.fixture.handles($0.via) } == [["bea"]])
    #expect(results[1].directTier == nil && !results[1].isKnown)
    #expect(results[2].directTier == .strong && results[2].isKnown)
  }

  @Test("intro: tiers by the weakest hop, and when the ego owes the go-between")
  func tiersAndOwing() {
    let s = Setup(threeCircles())
    #expect(Introductions.tier([12, 12], paths: s.paths) == .strong)
    #expect(Introductions.tier([8, 12], paths: s.paths) == .strong)
    #expect(Introductions.tier([4, 2], paths: s.paths) == .moderate)
    #expect(Introductions.tier([12, 1], paths: s.paths) == .weak)
    #expect(Introductions.owes(given: 0, received: 1))
    #expect(!Introductions.owes(given: 1, received: 1))
    #expect(!Introductions.owes(given: 0, received: 0.6), "balance −0.375 is not owing")
    #expect(Introductions.owes(given: 1, received: 5), "balance −4/7")
    #expect(!Introductions.owes(nil))
  }

  @Test("brokers: bridge strength into unknown people of other circles, and Burt's scores")
  func brokers() {
    let s = Setup(threeCircles(strongA2: true))
    let report = Brokerage.report(
      in: s.snapshot, graph: s.graph, circles: s.circles, ego: s.me)
    #expect(s.fixture.handles(report.brokers.map(\.person)) == ["a1", "a2"])
    #expect(report.brokers.map(\.bridgeStrength) == [1, 1])
    #expect(report.brokers.map(\.reach) == [1, 1])
    #expect(report.brokers[0].circles == [s.circle("b1")])
    #expect(report.brokers[1].strength == 12)
    let holes = StructuralHoles.scores(in: s.graph, weighted: true)
    #expect(report.constraint == holes.constraint[Int(s.me)])
    #expect(report.effectiveSize == holes.effectiveSize[Int(s.me)])
    #expect(report.degree == 3)
    #expect(report.brokers[0].constraint == holes.constraint[Int(s.fixture.index(of: "a1"))])
  }

  @Test("dormant novelty refined by circles: the mean of the local and the circle measure")
  func dormantNovelty() {
    let s = Setup(threeCircles())
    let people = ["a1", "b1"].map(s.fixture.index(of:))
    let local = Neglect.novelty(in: s.snapshot, ego: s.me, of: people)
    let refined = s.circles.dormantNovelty(in: s.snapshot, of: people)
    #expect(abs(refined[0] - local[0] / 2) < 1e-12, "a1's circle holds all the ego's strength")
    #expect(abs(refined[1] - (local[1] + 1) / 2) < 1e-12)
  }

  @Test("the month's plan gains one person to meet beyond the usual circle")
  func planReach() {
    let s = Setup(threeCircles(strongA2: true))
    let items = Planner.plan(in: s.snapshot, ego: s.me, budget: 3, circles: s.circles)
    let meet = items.filter { $0.action == .meet }
    #expect(meet.count == 1)
    #expect(meet.first.map { s.fixture.handle($0.person) } == "b1")
    #expect(meet.first?.task == "Ask A1 to introduce you to B1.")
    #expect(!Planner.plan(in: s.snapshot, ego: s.me, budget: 3).contains { $0.action == .meet })
  }

  @Test("degenerate: an ego with no ties, and a network of the ego alone")
  func degenerate() {
    var f = egoFixture("x", "y")
    f.tie("x", "y", weight: 1)
    let s = Setup(f)
    #expect(s.circles.usual.isEmpty)
    #expect(
      Beyond.candidates(
        in: s.snapshot, graph: s.graph, paths: s.paths, circles: s.circles, ego: s.me
      ).isEmpty)
    #expect(
      Brokerage.report(in: s.snapshot, graph: s.graph, circles: s.circles, ego: s.me).brokers
        .isEmpty)
    let alone = Setup(egoFixture())
    #expect(alone.circles.ids.isEmpty && alone.circles.usual.isEmpty)
  }
}
