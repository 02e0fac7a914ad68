import Foundation
import KithGraph

/// How warm an introduction path is: by its weakest hop.
public enum IntroTier: String, Sendable, Hashable, Codable {
  /// Every hop has q ≥ 2/3 (strength at least twice the median tie).
  case strong
  /// Every hop has q ≥ 1/3 (at least half the median tie).
  case moderate
  /// Some hop is weaker than that.
  case weak
}

/// Something to do before asking for an introduction.
public enum IntroWarning: String, Sendable, Hashable, Codable, CaseIterable {
  /// The ego's tie to the first go-between is neglected (overdue for contact).
  case reconnectFirst = "reconnect-first"
  /// The ego owes the first go-between (their give/take balance leans to the ego taking).
  case giveFirst = "give-first"
}

/// One way to be introduced: ego → via… → target.
public struct IntroPath: Sendable, Hashable {
  /// The go-betweens: one for a second-degree path, two for a third-degree one.
  public var via: [Int32]
  /// Tie strength of each hop, from the ego.
  public var hopStrengths: [Double]
  /// The product of the hops' qualities q = s/(s + s₀).
  public var score: Double
  public var tier: IntroTier
  public var warnings: [IntroWarning]
}

/// The introduction paths to one target.
public struct IntroTarget: Sendable, Hashable {
  public var person: Int32
  /// The ego's own tie strength to the target, when they already have a tie.
  public var directStrength: Double?
  /// Second-degree paths first (best first), then third-degree ones.
  public var paths: [IntroPath]
}

/// Second-degree introductions: who can introduce the ego to a person, an organisation's
/// current members or everyone with a tag.
///
/// For a target t, the second-degree paths are ego → m → t for every mutual contact m, scored
/// by q(e,m)·q(m,t) with q = s/(s + s₀) (``BestPaths/quality(ofStrength:)``): a product of
/// tie qualities, as in ``BestPaths`` — an introduction needs both ties to carry it. Then the
/// third-degree paths ego → m₁ → m₂ → t, where m₂ is not someone the ego knows (otherwise the
/// second-degree path through m₂ is the better ask). A path's tier is set by its weakest hop.
/// Warnings concern the first go-between, the one the ego would ask.
///
/// - Complexity: per target t, O(deg(t) + Σ deg(m₂) over t's contacts m₂), plus
///   O(k log k) to rank its k paths.
public enum Introductions {
  /// The tier of a path whose hops have these strengths.
  public static func tier(_ hopStrengths: [Double], paths: BestPaths) -> IntroTier {
    let weakest = hopStrengths.map(paths.quality(ofStrength:)).min() ?? 0
    return weakest >= 2.0 / 3 ? .strong : weakest >= 1.0 / 3 ? .moderate : .weak
  }

  /// Whether the ego owes a contact enough to give before asking: balance ≤ −0.5 (one
  /// unreturned favour of value 1 gives exactly −0.5).
  public static func owes(_ entry: ReciprocityEntry?) -> Bool {
    guard let e = entry else { return false }
    return owes(given: e.given, received: e.received)
  }

  /// The contacts to warn about as go-betweens: those whose tie with the ego is overdue or
  /// lost (`neglected`, for ``IntroWarning/reconnectFirst``) and those the ego owes (`owed`,
  /// for ``IntroWarning/giveFirst``). `intro`, `beyond` and the report warn alike.
  public static func warningSets(in snapshot: NetworkSnapshot, ego: Int32) -> (
    neglected: Set<Int32>, owed: Set<Int32>
  ) {
    warningSets(
      overdue: Neglect.neglected(in: snapshot, ego: ego, includeLost: true),
      reciprocity: Reciprocity.report(in: snapshot, ego: ego))
  }

  /// The same sets from analyses already made: `overdue` with the lost ties included, and the
  /// ego's whole reciprocity report (the HTML report has both for its own tables).
  public static func warningSets(overdue: [NeglectedContact], reciprocity: ReciprocityReport)
    -> (neglected: Set<Int32>, owed: Set<Int32>)
  {
    (Set(overdue.map(\.person)), Set(reciprocity.entries.filter(owes).map(\.person)))
  }

  /// What to do before asking `goBetween` for an introduction.
  public static func warnings(
    for goBetween: Int32, neglected: Set<Int32>, owed: Set<Int32>
  ) -> [IntroWarning] {
    var w: [IntroWarning] = []
    if neglected.contains(goBetween) { w.append(.reconnectFirst) }
    if owed.contains(goBetween) { w.append(.giveFirst) }
    return w
  }

  /// Whether the ego owes a contact, from the decayed values given (G) and received (R).
  public static func owes(given: Double, received: Double) -> Bool {
    Reciprocity.balance(given: given, received: received) <= -0.5
  }

  /// Introduction paths from `ego` to each of `targets` (the ego itself is skipped).
  /// - Parameters:
  ///   - graph: the whole person graph with the ego.
  ///   - neglected: contacts whose tie with the ego is overdue.
  ///   - owed: contacts the ego owes (see ``owes(_:)``).
  ///   - limit: paths kept per target.
  /// - Returns: targets the ego has no tie with first, by their best path score (those with
  ///   no path last), then targets the ego already knows, by tie strength; ties by handle.
  public static func paths(
    in snapshot: NetworkSnapshot, graph: WeightedGraph, paths quality: BestPaths, ego: Int32,
    to targets: [Int32], neglected: Set<Int32> = [], owed: Set<Int32> = [], limit: Int = 3
  ) -> [IntroTarget] {
    let n = graph.nodeCount
    var egoStrength = [Double](repeating: 0, count: n)
    for slot in graph.slots(of: ego) {
      egoStrength[Int(graph.neighbors[slot])] = graph.weights[slot]
    }
    let handles = snapshot.people.handles

    func warnings(_ m: Int32) -> [IntroWarning] {
      Self.warnings(for: m, neglected: neglected, owed: owed)
    }
    func make(_ via: [Int32], _ strengths: [Double]) -> IntroPath {
      let score = strengths.reduce(1.0) { $0 * quality.quality(ofStrength: $1) }
      return IntroPath(
        via: via, hopStrengths: strengths, score: score,
        tier: tier(strengths, paths: quality), warnings: warnings(via[0]))
    }
    func ordered(_ a: IntroPath, _ b: IntroPath) -> Bool {
      if a.score != b.score { return a.score > b.score }
      return a.via.map { handles[Int($0)] }.lexicographicallyPrecedes(
        b.via.map { handles[Int($0)] })
    }

    var results: [IntroTarget] = []
    var seen = Set<Int32>()
    for t in targets where t != ego && seen.insert(t).inserted {
      var second: [IntroPath] = []
      var third: [IntroPath] = []
      for slot in graph.slots(of: t) {
        let m2 = graph.neighbors[slot]
        let s2t = graph.weights[slot]
        guard m2 != ego, s2t > 0 else { continue }
        if egoStrength[Int(m2)] > 0 {
          second.append(make([m2], [egoStrength[Int(m2)], s2t]))
          continue
        }
        for s in graph.slots(of: m2) {
          let m1 = graph.neighbors[s]
          guard m1 != t, m1 != ego, egoStrength[Int(m1)] > 0, graph.weights[s] > 0 else { continue }
          third.append(make([m1, m2], [egoStrength[Int(m1)], graph.weights[s], s2t]))
        }
      }
      second.sort(by: ordered)
      third.sort(by: ordered)
      let kept = Array((second + third).prefix(max(limit, 0)))
      results.append(
        IntroTarget(
          person: t, directStrength: egoStrength[Int(t)] > 0 ? egoStrength[Int(t)] : nil,
          paths: kept))
    }
    // People the ego has yet to meet come first, by their best path; then those the ego
    // already knows, by the strength of that tie.
    results.sort {
      switch ($0.directStrength, $1.directStrength) {
      case (nil, .some): return true
      case (.some, nil): return false
      case (.some(let a), .some(let b)) where a != b: return a > b
      case (nil, nil):
        let a = $0.paths.first?.score ?? 0
        let b = $1.paths.first?.score ?? 0
        if a != b { return a > b }
      default: break
      }
      return handles[Int($0.person)] < handles[Int($1.person)]
    }
    return results
  }
}
