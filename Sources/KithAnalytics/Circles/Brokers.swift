import Foundation
import KithGraph

/// A contact who bridges the ego into circles the ego hardly touches.
public struct BrokerContact: Sendable, Hashable {
  public var person: Int32
  /// The ego's tie strength to them.
  public var strength: Double
  /// Their tie strength to people the ego does not know, in circles outside the usual one.
  public var bridgeStrength: Double
  /// How many such people they know.
  public var reach: Int
  /// The circles (ids) they reach, by the strength they have there, strongest first.
  public var circles: [Int]
  /// Their own Burt constraint (low: they span structural holes), NaN when isolated.
  public var constraint: Double
  /// The ego's tie to them has faded (``GoBetweens``): someone to get back in touch with
  /// before leaning on them.
  public var faded: Bool = false
  /// What to do before asking them for an introduction (``GoBetweens``).
  public var warnings: [IntroWarning] = []
}

/// The ego's brokerage: the ego's own structural-hole scores and the contacts who bridge the
/// ego into other circles.
public struct BrokerageReport: Sendable {
  /// The ego's constraint and effective size (Burt; NetworkX's definitions, weighted).
  public var constraint: Double
  public var effectiveSize: Double
  public var degree: Int
  /// Contacts the ego can ask now, by bridge strength, strongest first (ties by handle); then
  /// those whose tie has faded, in the same order. Contacts with none are left out.
  public var brokers: [BrokerContact]
}

/// Who bridges the ego into other circles.
///
/// For each contact m of the ego: bridgeStrength(m) = Σ s(m, v) over m's contacts v whom the
/// ego has no tie with and whose circle is not one of the ego's usual ones (``EgoCircles``).
/// It measures how much of the network beyond the usual circle the ego reaches through m. The
/// ego's own constraint and effective size, and each broker's constraint, come from
/// ``StructuralHoles`` on the whole weighted graph (Burt, *Structural Holes*, 1992).
///
/// The list answers "whom can I lean on to reach further": a contact whose own tie to the ego
/// has faded (a 0.006 tie, silent for years) bridges into other circles all the same, but is
/// no one to ask before getting back in touch. Such contacts come after the ones the ego can
/// ask now, flagged reconnect-first (``GoBetweens``); the bridge strength itself is unchanged.
/// A contact whose tie the ego let go (`kith let-go`) is not listed.
///
/// - Complexity: O(n + m) for the bridge strengths, plus structural holes for the ego and the
///   brokers listed: O(Σ deg(w)) over their contacts w (see ``StructuralHoles``).
public enum Brokerage {
  /// - Parameter goBetweens: the ego's ties as the ego sees them; by default analysed from the
  ///   snapshot.
  public static func report(
    in snapshot: NetworkSnapshot, graph: WeightedGraph, circles: EgoCircles, ego: Int32,
    goBetweens: GoBetweens? = nil, limit: Int? = nil
  ) -> BrokerageReport {
    let judge = goBetweens ?? GoBetweens(snapshot: snapshot, ego: ego)
    let n = graph.nodeCount
    var known = [Bool](repeating: false, count: n)
    known[Int(ego)] = true
    for w in graph.neighbors(of: ego) { known[Int(w)] = true }
    var brokers: [BrokerContact] = []
    for slot in graph.slots(of: ego) {
      let m = graph.neighbors[slot]
      // A tie the ego let go is no one to lean on (until they are back in touch).
      if judge.tie(to: m)?.letGo != nil { continue }
      var total = 0.0
      var reach = 0
      var byCircle: [Int: Double] = [:]
      for s in graph.slots(of: m) {
        let v = graph.neighbors[s]
        if known[Int(v)] { continue }
        let c = circles.circle(of: v)
        if circles.isUsual(c) { continue }
        total += graph.weights[s]
        reach += 1
        byCircle[c, default: 0] += graph.weights[s]
      }
      guard total > 0 else { continue }
      let reached = byCircle.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        .map(\.key)
      let tie = judge.tie(to: m)
      brokers.append(
        BrokerContact(
          person: m, strength: graph.weights[slot], bridgeStrength: total, reach: reach,
          circles: reached, constraint: .nan, faded: tie?.faded ?? false,
          warnings: tie?.warnings ?? []))
    }
    let handles = snapshot.people.handles
    brokers.sort {
      if $0.faded != $1.faded { return !$0.faded }
      return $0.bridgeStrength != $1.bridgeStrength
        ? $0.bridgeStrength > $1.bridgeStrength : handles[Int($0.person)] < handles[Int($1.person)]
    }
    if let limit { brokers = Array(brokers.prefix(limit)) }
    // Structural holes for you and the contacts listed only: on a dense network of thousands,
    // everyone's constraint is seconds of work.
    let holes = StructuralHoles.scores(
      of: [ego] + brokers.map(\.person), in: graph, weighted: true)
    for i in brokers.indices { brokers[i].constraint = holes.constraint[i + 1] }
    return BrokerageReport(
      constraint: holes.constraint[0], effectiveSize: holes.effectiveSize[0],
      degree: graph.degree(ego), brokers: brokers)
  }
}
