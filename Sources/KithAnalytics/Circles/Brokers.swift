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
}

/// The ego's brokerage: the ego's own structural-hole scores and the contacts who bridge the
/// ego into other circles.
public struct BrokerageReport: Sendable {
  /// The ego's constraint and effective size (Burt; NetworkX's definitions, weighted).
  public var constraint: Double
  public var effectiveSize: Double
  public var degree: Int
  /// By bridge strength, strongest first (ties by handle); contacts with none are left out.
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
/// - Complexity: O(n + m) for the bridge strengths, plus structural holes for the ego and the
///   brokers listed: O(Σ deg(w)) over their contacts w (see ``StructuralHoles``).
public enum Brokerage {
  public static func report(
    in snapshot: NetworkSnapshot, graph: WeightedGraph, circles: EgoCircles, ego: Int32,
    limit: Int? = nil
  ) -> BrokerageReport {
    let n = graph.nodeCount
    var known = [Bool](repeating: false, count: n)
    known[Int(ego)] = true
    for w in graph.neighbors(of: ego) { known[Int(w)] = true }
    var brokers: [BrokerContact] = []
    for slot in graph.slots(of: ego) {
      let m = graph.neighbors[slot]
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
      brokers.append(
        BrokerContact(
          person: m, strength: graph.weights[slot], bridgeStrength: total, reach: reach,
          circles: reached, constraint: .nan))
    }
    let handles = snapshot.people.handles
    brokers.sort {
      $0.bridgeStrength != $1.bridgeStrength
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
