import Foundation
import KithGraph

/// How warm an introduction path is, judged by its weakest link. The ego's own tie (the first
/// hop) is judged as the ego sees it (``GoBetweens/tier(ofEgoTie:faded:)``); the others
/// against the network's median tie s₀, by their quality q = s/(s + s₀).
public enum IntroTier: String, Sendable, Hashable, Codable, Comparable {
  /// Your tie is strong for you, and every later hop has q ≥ 2/3 (at least twice s₀).
  case strong
  /// Your tie is at least moderate, and every later hop has q ≥ 1/3 (at least half s₀).
  case moderate
  /// Some link is weaker than that, or your tie has faded.
  case weak

  public static func < (a: IntroTier, b: IntroTier) -> Bool { a.rank < b.rank }

  var rank: Int {
    switch self {
    case .weak: 0
    case .moderate: 1
    case .strong: 2
    }
  }
}

/// Something to do before asking for an introduction.
public enum IntroWarning: String, Sendable, Hashable, Codable, CaseIterable {
  /// The ego's tie to the first go-between is overdue, lost or faded (``GoBetweens``).
  case reconnectFirst = "reconnect-first"
  /// The ego owes the first go-between (their give/take balance leans to the ego taking).
  case giveFirst = "give-first"

  /// The warning in words, as every command prints it: "reconnect first", "give first" (the
  /// raw value is for JSON).
  public var phrase: String {
    switch self {
    case .reconnectFirst: "reconnect first"
    case .giveFirst: "give first"
    }
  }
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
  /// The ego's tie to the first go-between, the person the ego would ask (its words, whether
  /// it has faded, the last contact).
  public var firstHop: GoBetweenTie

  /// The path as ``BestPaths`` gives one, from the ego through the go-betweens to `target`.
  public func path(from ego: Int32, to target: Int32) -> PathResult {
    PathResult(nodes: [ego] + via + [target], hopStrengths: hopStrengths, score: score)
  }
}

/// The introduction paths to one target.
public struct IntroTarget: Sendable, Hashable {
  public var person: Int32
  /// The ego's own tie strength to the target, when they already have a tie.
  public var directStrength: Double?
  /// That tie has faded (``Neglect/isFaded(strength:peak:daysSince:cadenceDays:parameters:)``): the target
  /// is someone to be reintroduced to, ranked with the people the ego has yet to meet.
  public var directFaded: Bool
  /// That tie in the words the ego's ties are given everywhere
  /// (``GoBetweens/tier(ofEgoTie:faded:)``: weak once faded); nil without a tie.
  public var directTier: IntroTier?
  /// In the order ``Introductions/paths(in:graph:paths:ego:to:goBetweens:limit:)`` gives.
  public var paths: [IntroPath]

  /// Whether the ego already knows the target well enough to need no introduction: a tie
  /// that is strong or moderate for the ego. A tie that is weak for the ego (or has faded) is
  /// no way in: such a target is ranked with the people the ego has yet to meet, by its paths.
  public var isKnown: Bool { directStrength != nil && (directTier ?? .weak) != .weak }
}

/// Second-degree introductions: who can introduce the ego to a person, an organisation's
/// current members or everyone with a tag.
///
/// For a target t, the second-degree paths are ego → m → t for every mutual contact m, scored
/// by q(e,m)·q(m,t) with q = s/(s + s₀) (``BestPaths/quality(ofStrength:)``): a product of
/// tie qualities, as in ``BestPaths`` — an introduction needs both ties to carry it. Then the
/// third-degree paths ego → m₁ → m₂ → t, where m₂ is not someone the ego knows (otherwise the
/// second-degree path through m₂ is the better ask). A path's tier is set by its weakest link
/// (``IntroTier``). Warnings concern the first go-between, the one the ego would ask
/// (``GoBetweens``).
///
/// The paths kept for a target ask as many different people as there are: a second way
/// through the same go-between is no alternative when that person says no, so it is kept
/// only when nobody else is left to offer. They are listed in the order of the words printed
/// with them: strong paths, then moderate, then weak ones, those whose go-between's tie to the
/// ego has faded (reconnect-first) last; by score within each, second- and third-degree paths
/// alike (a third hop already lowers the score). The score measures the ego's own tie against
/// the network's median, the words against the ego's other ties: in a network of decayed ties
/// a weak or faded tie of the ego's can score above a strong one, and a user who reads the
/// list top-down would be sent to it first.
///
/// This is the one place that decides which ways to reach someone are offered: `intro`, the
/// "how to reach" paths of `brief` and the intro picture all take theirs from
/// ``paths(in:graph:paths:ego:to:goBetweens:limit:)``, so that they never disagree. A
/// best-path search (``BestPaths/best(from:to:limit:)``) would also offer ways that go round
/// through a stranger to someone the ego already knows, such as ego → client → the ego's own
/// partner → target, where asking the partner directly is the better ask.
///
/// - Complexity: per target t, O(deg(t) + Σ deg(m₂) over t's contacts m₂), plus
///   O(k log k) to rank its k paths.
public enum Introductions {
  /// The number of ways offered per target unless asked otherwise (`intro --limit`).
  public static let defaultLimit = 3

  /// The tier of hops between other people, with these strengths, by the weakest quality.
  public static func tier(_ hopStrengths: [Double], paths: BestPaths) -> IntroTier {
    let weakest = hopStrengths.map(paths.quality(ofStrength:)).min() ?? 0
    return weakest >= 2.0 / 3 ? .strong : weakest >= 1.0 / 3 ? .moderate : .weak
  }

  /// The tier of a path from the ego: the weaker of the ego's own tie, as the ego sees it
  /// (`firstHop`), and the later hops (`laterHops`, against the network's median tie).
  public static func tier(firstHop: GoBetweenTie, laterHops: [Double], paths: BestPaths)
    -> IntroTier
  {
    laterHops.isEmpty ? firstHop.tier : min(firstHop.tier, tier(laterHops, paths: paths))
  }

  /// Whether the ego owes a contact enough to give before asking: balance ≤ −0.5 (one
  /// unreturned favour of value 1 gives exactly −0.5).
  public static func owes(_ entry: ReciprocityEntry?) -> Bool {
    guard let e = entry else { return false }
    return owes(given: e.given, received: e.received)
  }

  /// Whether the ego owes a contact, from the decayed values given (G) and received (R).
  public static func owes(given: Double, received: Double) -> Bool {
    Reciprocity.balance(given: given, received: received) <= -0.5
  }

  /// Introduction paths from `ego` to each of `targets` (the ego itself is skipped).
  /// - Parameters:
  ///   - graph: the whole person graph with the ego.
  ///   - goBetweens: the ego's ties as the ego sees them (words, warnings, faded ties); by
  ///     default analysed from the snapshot.
  ///   - limit: paths kept per target.
  /// - Returns: targets the ego has no tie with, or one that is weak for the ego (faded ones
  ///   included), first, by their first path in the order paths are listed (those with no
  ///   path last), then targets the ego knows (``IntroTarget/isKnown``), by tie strength;
  ///   ties by handle.
  public static func paths(
    in snapshot: NetworkSnapshot, graph: WeightedGraph, paths quality: BestPaths, ego: Int32,
    to targets: [Int32], goBetweens: GoBetweens? = nil, limit: Int = defaultLimit
  ) -> [IntroTarget] {
    let judge = goBetweens ?? GoBetweens(snapshot: snapshot, ego: ego)
    let n = graph.nodeCount
    var egoStrength = [Double](repeating: 0, count: n)
    for slot in graph.slots(of: ego) {
      egoStrength[Int(graph.neighbors[slot])] = graph.weights[slot]
    }
    let handles = snapshot.people.handles

    var askable: [Int32: GoBetweenTie] = [:]
    func ask(_ m: Int32) -> GoBetweenTie {
      if let known = askable[m] { return known }
      let tie =
        judge.tie(to: m)
        ?? GoBetweenTie(
          person: m, strength: egoStrength[Int(m)], peak: egoStrength[Int(m)], lastContact: nil,
          daysSince: nil, tier: judge.tier(ofEgoTie: egoStrength[Int(m)]), faded: false,
          warnings: [])
      askable[m] = tie
      return tie
    }
    func make(_ via: [Int32], _ strengths: [Double]) -> IntroPath {
      let score = strengths.reduce(1.0) { $0 * quality.quality(ofStrength: $1) }
      let first = ask(via[0])
      return IntroPath(
        via: via, hopStrengths: strengths, score: score,
        tier: tier(firstHop: first, laterHops: Array(strengths.dropFirst()), paths: quality),
        warnings: first.warnings, firstHop: first)
    }
    func byHandles(_ a: IntroPath, _ b: IntroPath) -> Bool {
      a.via.map { handles[Int($0)] }.lexicographicallyPrecedes(b.via.map { handles[Int($0)] })
    }
    /// The listing order: a first hop the ego let go after all others, then by tier, a faded
    /// first hop after the other weak paths, then by score; nil when two paths are alike in
    /// all four.
    func precedes(_ a: IntroPath, _ b: IntroPath) -> Bool? {
      if (a.firstHop.letGo == nil) != (b.firstHop.letGo == nil) { return a.firstHop.letGo == nil }
      if a.tier != b.tier { return a.tier > b.tier }
      if a.firstHop.faded != b.firstHop.faded { return !a.firstHop.faded }
      return a.score != b.score ? a.score > b.score : nil
    }
    func listed(_ a: IntroPath, _ b: IntroPath) -> Bool { precedes(a, b) ?? byHandles(a, b) }

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
      // Kept: the first way through each person to ask (as many people as there are), then
      // other ways through someone already offered; listed as they read.
      var asked = Set<Int32>()
      var fresh: [IntroPath] = []
      var again: [IntroPath] = []
      for p in (second + third).sorted(by: listed) {
        if asked.insert(p.via[0]).inserted { fresh.append(p) } else { again.append(p) }
      }
      let kept = (fresh + again).prefix(max(limit, 0)).sorted(by: listed)
      let direct = egoStrength[Int(t)] > 0 ? egoStrength[Int(t)] : nil
      let tie = direct == nil ? nil : judge.tie(to: t)
      results.append(
        IntroTarget(
          person: t, directStrength: direct, directFaded: tie?.faded ?? false,
          directTier: direct.map { tie?.tier ?? judge.tier(ofEgoTie: $0) }, paths: kept))
    }
    // People the ego has yet to meet, or knows only weakly (a faded tie among them), come
    // first, by their first path as paths are listed; then those the ego knows, by the
    // strength of that tie.
    func current(_ r: IntroTarget) -> Double? { r.isKnown ? r.directStrength : nil }
    results.sort {
      switch (current($0), current($1)) {
      case (nil, .some): return true
      case (.some, nil): return false
      case (.some(let a), .some(let b)) where a != b: return a > b
      case (nil, nil):
        switch ($0.paths.first, $1.paths.first) {
        case (.some, nil): return true
        case (nil, .some): return false
        case (.some(let a), .some(let b)): if let first = precedes(a, b) { return first }
        case (nil, nil): break
        }
      default: break
      }
      return handles[Int($0.person)] < handles[Int($1.person)]
    }
    return results
  }
}
