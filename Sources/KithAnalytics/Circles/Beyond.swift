import Foundation
import KithGraph

/// A person outside the ego's usual circle, reachable through people the ego knows.
public struct BeyondCandidate: Sendable, Hashable {
  public var person: Int32
  /// Their circle (an ``EgoCircles`` id).
  public var circle: Int
  /// 1 − the ego's share of tie strength in that circle.
  public var novelty: Double
  /// The value of the route: bridge(q₁) × q₂ (× q₃), see ``Beyond``.
  public var pathScore: Double
  /// novelty × pathScore: the rank.
  public var score: Double
  /// The people between the ego and them (one for two hops, two for three).
  public var via: [Int32]
  /// Tie strength of each hop, from the ego.
  public var hopStrengths: [Double]
}

/// People beyond the ego's usual circle: who is two (or three) hops away, in circles the ego
/// hardly touches, and reachable through a tie that can actually carry an introduction.
///
/// Candidates are people the ego has no tie with, who have not been referred to the ego, and
/// whose circle is not one of the usual ones (``EgoCircles``); on a three-hop route the second
/// go-between is someone the ego does not know. Each is reached by the route that maximises
/// `bridge(q₁) · q₂ [· q₃]`, where qᵢ = s/(s + s₀) is the quality of the i-th hop (s₀ the median
/// tie strength, as in ``BestPaths``; for the first hop, the median of the ego's own ties) and
/// `bridge(q) = 4q(1 − q)`. The first hop — the ego's own tie to the go-between — is not simply
/// "the stronger the better": `bridge` peaks at q = ½ (a tie of the ego's median strength) and
/// falls towards both very weak ties (no one to ask) and the
/// very strongest ones (whose contacts the ego mostly shares already). This follows Rajkumar et
/// al., "A causal test of the strength of weak ties", Science 377 (2022),
/// doi:10.1126/science.abl4476: moderately weak ties were the most useful for job mobility —
/// an inverted U. Later hops use q itself: the go-between should know the candidate well.
/// The rank is `novelty × pathScore`, novelty being ``EgoCircles/circleNovelty(of:)``.
///
/// - Complexity: O(Σ deg(m) over the ego's contacts m) for two hops; O(n + m) for three.
public enum Beyond {
  /// The bridging value of a first hop of quality q: 4q(1 − q), 1 at q = ½.
  public static func bridge(_ q: Double) -> Double { 4 * q * (1 - q) }

  /// Candidates beyond the usual circle, best first (ties by handle).
  /// - Parameters:
  ///   - graph: the whole person graph with the ego (`WeightedGraph(snapshot:)`).
  ///   - paths: quality of ties (its s₀).
  ///   - hops: 2, or 3 to also reach people three hops away.
  public static func candidates(
    in snapshot: NetworkSnapshot, graph: WeightedGraph, paths: BestPaths, circles: EgoCircles,
    ego: Int32, hops: Int = 2, limit: Int? = nil
  ) -> [BeyondCandidate] {
    precondition(hops == 2 || hops == 3, "hops must be 2 or 3")
    let n = graph.nodeCount
    var known = [Bool](repeating: false, count: n)
    known[Int(ego)] = true
    for w in graph.neighbors(of: ego) { known[Int(w)] = true }
    // Someone already referred to you has a way in: no introduction to suggest.
    var referred = [Bool](repeating: false, count: n)
    for r in snapshot.activity.referrals where r.recipient == ego {
      if let p = r.refereePerson, Int(p) < n { referred[Int(p)] = true }
    }

    // Your own ties are measured against your median tie (s₀ᵉ): "moderately weak" means
    // weak for you, not for a network whose median is set by others' group events.
    let egoMedian = BestPaths.medianStrength(of: graph.slots(of: ego).map { graph.weights[$0] })
    func firstHop(_ s: Double) -> Double { s / (s + egoMedian) }
    // Two hops: best2[v] = max over contacts m of bridge(q₁(e,m)) · q(m,v).
    var best2 = [Double](repeating: 0, count: n)
    var via2 = [Int32](repeating: -1, count: n)
    // Nobody is asked through a tie the ego let go (`kith let-go`).
    let letGo = Neglect.lettingGo(in: snapshot, ego: ego)
    for slot in graph.slots(of: ego) {
      let m = graph.neighbors[slot]
      let b = bridge(firstHop(graph.weights[slot]))
      guard b > 0, !letGo.contains(m) else { continue }
      for s2 in graph.slots(of: m) {
        let v = Int(graph.neighbors[s2])
        if v == Int(ego) { continue }
        let value = b * paths.quality(ofStrength: graph.weights[s2])
        if value > best2[v] || (value == best2[v] && value > 0 && m < via2[v]) {
          best2[v] = value
          via2[v] = m
        }
      }
    }
    // Three hops: best3[v] = max over m2 of best2[m2] · q(m2,v), m2 any person reached in two.
    var best3 = [Double](repeating: 0, count: n)
    var via3 = [Int32](repeating: -1, count: n)
    if hops == 3 {
      // The second go-between is someone you do not know: through a contact of yours, the
      // route is that contact's two hops.
      for m2 in 0..<n where best2[m2] > 0 && !known[m2] {
        for slot in graph.slots(of: Int32(m2)) {
          let v = Int(graph.neighbors[slot])
          if known[v] { continue }
          let value = best2[m2] * paths.quality(ofStrength: graph.weights[slot])
          if value > best3[v] || (value == best3[v] && value > 0 && Int32(m2) < via3[v]) {
            best3[v] = value
            via3[v] = Int32(m2)
          }
        }
      }
    }
    var out: [BeyondCandidate] = []
    for v in 0..<n where !known[v] && !referred[v] && (best2[v] > 0 || best3[v] > 0) {
      let c = circles.circle(of: Int32(v))
      if circles.isUsual(c) { continue }
      let viaPeople: [Int32]
      let pathScore: Double
      if best2[v] >= best3[v] {
        viaPeople = [via2[v]]
        pathScore = best2[v]
      } else {
        viaPeople = [via2[Int(via3[v])], via3[v]]
        pathScore = best3[v]
      }
      let nodes = [ego] + viaPeople + [Int32(v)]
      let hopStrengths = zip(nodes, nodes.dropFirst()).map {
        graph.weight(between: $0, and: $1) ?? 0
      }
      let novelty = circles.circleNovelty(of: Int32(v))
      out.append(
        BeyondCandidate(
          person: Int32(v), circle: c, novelty: novelty, pathScore: pathScore,
          score: novelty * pathScore, via: viaPeople, hopStrengths: hopStrengths))
    }
    out.sort {
      $0.score != $1.score
        ? $0.score > $1.score
        : snapshot.people.handles[Int($0.person)] < snapshot.people.handles[Int($1.person)]
    }
    return limit.map { Array(out.prefix($0)) } ?? out
  }

  /// The median current strength of the ego's ties (``BestPaths/medianStrength(of:)``), the
  /// measure of ``GoBetweens``; nil when the ego has no tie.
  /// - Complexity: O(d log d) for the ego's d ties.
  public static func egoMedianStrength(in snapshot: NetworkSnapshot, ego: Int32) -> Double? {
    let slots = snapshot.offsets[Int(ego)]..<snapshot.offsets[Int(ego) + 1]
    guard !slots.isEmpty else { return nil }
    return BestPaths.medianStrength(
      of: slots.map { Double(snapshot.tieStrength[snapshot.tieIndex(slot: $0, of: ego)]) })
  }

  /// One sentence on why a candidate is listed; the go-between's tie in the words of
  /// ``GoBetweens`` ("a strong tie of yours, 3.41, last contact 2026-11-20").
  public static func why(
    _ c: BeyondCandidate, in snapshot: NetworkSnapshot, circles: EgoCircles,
    goBetweens: GoBetweens
  ) -> String {
    let names = snapshot.people.names
    let share = Int((circles.egoShare[c.circle] * 100).rounded())
    let kind = goBetweens.tie(to: c.via[0]).map(GoBetweens.label) ?? "a tie of yours"
    let circle = circles.name(of: c.circle)
    let route: String
    if c.via.count == 1 {
      route =
        "\(names[Int(c.via[0])]) (\(kind)) knows them (strength \(String(format: "%.2f", c.hopStrengths[1])))"
    } else {
      route =
        "\(names[Int(c.via[0])]) (\(kind)) knows \(names[Int(c.via[1])]), who knows them"
    }
    return "In circle \(circle) (\(share)% of your tie strength); \(route)."
  }
}
