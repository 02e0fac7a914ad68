import Foundation
import KithAnalytics
import KithTestSupport
import Testing

@Suite("StructuralHoles")
struct StructuralHolesTests {
  typealias Edge = WeightedGraph.Edge

  // MARK: Reference values (NetworkX 3.6.1)

  @Test(arguments: ["karate", "les_miserables"], [true, false])
  func agreesWithNetworkX(name: String, weighted: Bool) throws {
    let graph = try #require(NetworkXReference.shared?.graphs[name])
    let expected =
      weighted ? graph.structuralHoles.weighted : graph.structuralHoles.unweighted
    let scores = StructuralHoles.scores(in: graph.weightedGraph(), weighted: weighted)
    #expect(scores.weighted == weighted)
    #expect(disagreements(scores.constraint, expected.constraint) == [])
    #expect(disagreements(scores.effectiveSize, expected.effectiveSize) == [])
    #expect(
      StructuralHoles.constraint(in: graph.weightedGraph(), weighted: weighted)
        == scores.constraint)
    #expect(
      StructuralHoles.effectiveSize(in: graph.weightedGraph(), weighted: weighted)
        == scores.effectiveSize)
  }

  // MARK: Hand-derived values and degenerate graphs

  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var nodeCount: Int
    var edges: [Edge]
    var constraint: [Double]
    var effectiveSize: [Double]
    var testDescription: String { name }
  }

  static let nan = Double.nan

  static let cases: [Case] = [
    Case(name: "empty", nodeCount: 0, edges: [], constraint: [], effectiveSize: []),
    Case(name: "one node", nodeCount: 1, edges: [], constraint: [nan], effectiveSize: [nan]),
    Case(
      name: "pair with an isolated node", nodeCount: 3, edges: [Edge(0, 1)],
      constraint: [1, 1, nan], effectiveSize: [1, 1, nan]),
    // Triangle: p = 1/2, indirect 1/4; constraint 2·(3/4)² = 1.125; effective size 2 − 2·1/2.
    Case(
      name: "triangle", nodeCount: 3, edges: [Edge(0, 1), Edge(1, 2), Edge(0, 2)],
      constraint: [1.125, 1.125, 1.125], effectiveSize: [1, 1, 1]),
    // Star of 4 leaves: the centre 4·(1/4)² = 0.25, effective size 4; leaves 1 and 1.
    Case(
      name: "star", nodeCount: 5, edges: [Edge(0, 1), Edge(0, 2), Edge(0, 3), Edge(0, 4)],
      constraint: [0.25, 1, 1, 1, 1], effectiveSize: [4, 1, 1, 1, 1]),
    Case(
      name: "two components", nodeCount: 5,
      edges: [Edge(0, 1), Edge(1, 2), Edge(0, 2), Edge(3, 4)],
      constraint: [1.125, 1.125, 1.125, 1, 1], effectiveSize: [1, 1, 1, 1, 1]),
    Case(
      name: "self-loops ignored", nodeCount: 3,
      edges: [Edge(0, 1), Edge(1, 2), Edge(0, 2), Edge(0, 0, weight: 5)],
      constraint: [1.125, 1.125, 1.125], effectiveSize: [1, 1, 1]),
    Case(
      name: "duplicates merged (equal weights stay equal)", nodeCount: 3,
      edges: [Edge(0, 1), Edge(1, 0), Edge(1, 2, weight: 2), Edge(0, 2, weight: 2)],
      constraint: [1.125, 1.125, 1.125], effectiveSize: [1, 1, 1]),
  ]

  @Test(arguments: cases)
  func degenerate(_ c: Case) {
    let g = WeightedGraph(nodeCount: c.nodeCount, edges: c.edges)
    for weighted in [false, true] {
      let scores = StructuralHoles.scores(in: g, weighted: weighted)
      #expect(disagreements(scores.constraint, c.constraint) == [], "weighted \(weighted)")
      #expect(disagreements(scores.effectiveSize, c.effectiveSize) == [], "weighted \(weighted)")
    }
  }

  @Test func allEqualWeightsGiveTheUnweightedScores() throws {
    let graph = try #require(NetworkXReference.shared?.graphs["karate"])
    let equal = WeightedGraph(
      nodeCount: graph.nodeCount,
      edges: graph.unweightedGraph().edgeList().map { Edge($0.source, $0.target, weight: 2.5) })
    let scores = StructuralHoles.scores(in: equal, weighted: true)
    #expect(disagreements(scores.constraint, graph.structuralHoles.unweighted.constraint) == [])
    #expect(
      disagreements(scores.effectiveSize, graph.structuralHoles.unweighted.effectiveSize) == [])
  }

  @Test func weightedTriangleByHand() {
    // w(0,1) = 2, w(0,2) = 1, w(1,2) = 1. Strengths 3, 3, 2.
    let g = WeightedGraph(
      nodeCount: 3, edges: [Edge(0, 1, weight: 2), Edge(0, 2, weight: 1), Edge(1, 2, weight: 1)])
    let s = StructuralHoles.scores(in: g, weighted: true)
    // Node 0: p01 = 2/3, p02 = 1/3; p12 = 1/3, p21 = 1/2.
    // c0 = (2/3 + 1/3·1/2)² + (1/3 + 2/3·1/3)² = (5/6)² + (5/9)².
    #expect(agrees(s.constraint[0], 25.0 / 36 + 25.0 / 81))
    // e0 = (1 − p02·w(1,2)/max1) + (1 − p01·w(2,1)/max2) = (1 − 1/3·1/2) + (1 − 2/3·1/1).
    #expect(agrees(s.effectiveSize[0], (1 - 1.0 / 6) + (1 - 2.0 / 3)))
  }

  @Test func zeroWeightEdgesAreNoTiesWhenWeighted() {
    let g = WeightedGraph(
      nodeCount: 4, edges: [Edge(0, 1), Edge(1, 2), Edge(0, 2), Edge(0, 3, weight: 0)])
    let weighted = StructuralHoles.scores(in: g, weighted: true)
    #expect(disagreements(weighted.constraint, [1.125, 1.125, 1.125, .nan]) == [])
    #expect(disagreements(weighted.effectiveSize, [1, 1, 1, .nan]) == [])
    let unweighted = StructuralHoles.scores(in: g, weighted: false)
    #expect(unweighted.constraint[3] == 1)
    #expect(unweighted.effectiveSize[3] == 1)
  }

  // MARK: Invariants

  @Test(arguments: 0..<8)
  func relabellingNodesDoesNotChangeScores(seed: Int) {
    let g = RandomGraphs.planted(
      nodes: 80, groups: 4, pIn: 0.25, pOut: 0.02, seed: UInt64(seed))
    let permutation = RandomGraphs.permutation(g.nodeCount, seed: UInt64(500 + seed))
    let h = RandomGraphs.relabelled(g, permutation)
    for weighted in [false, true] {
      let before = StructuralHoles.scores(in: g, weighted: weighted)
      let after = StructuralHoles.scores(in: h, weighted: weighted)
      let constraint = (0..<g.nodeCount).map { after.constraint[Int(permutation[$0])] }
      let effective = (0..<g.nodeCount).map { after.effectiveSize[Int(permutation[$0])] }
      #expect(disagreements(constraint, before.constraint, tolerance: 1e-12) == [])
      #expect(disagreements(effective, before.effectiveSize, tolerance: 1e-12) == [])
    }
  }

  @Test(arguments: 0..<4)
  func matchesTheDefinitionComputedNaively(seed: Int) {
    let g = RandomGraphs.planted(nodes: 40, groups: 2, pIn: 0.3, pOut: 0.05, seed: UInt64(seed))
    let scores = StructuralHoles.scores(in: g, weighted: true)
    let n = g.nodeCount
    func w(_ a: Int, _ b: Int) -> Double { g.weight(between: Int32(a), and: Int32(b)) ?? 0 }
    func p(_ a: Int, _ b: Int) -> Double { w(a, b) / g.strengths[a] }
    for u in 0..<n where g.degree(Int32(u)) > 0 {
      let contacts = g.neighbors(of: Int32(u)).map { Int($0) }
      var c = 0.0
      var e = 0.0
      for v in contacts {
        let indirect = contacts.reduce(0.0) { $0 + p(u, $1) * p($1, v) }
        c += (p(u, v) + indirect) * (p(u, v) + indirect)
        let maxV = g.neighbors(of: Int32(v)).map { w(v, Int($0)) }.max() ?? 1
        e += 1 - contacts.reduce(0.0) { $0 + p(u, $1) * w(v, $1) / maxV }
      }
      #expect(agrees(scores.constraint[u], c), "constraint of \(u)")
      #expect(agrees(scores.effectiveSize[u], e), "effective size of \(u)")
    }
  }

  @Test(arguments: 0..<4)
  func scoresOfSomeNodesAreTheirsAmongAll(seed: Int) {
    let planted = RandomGraphs.planted(
      nodes: 300, groups: 5, pIn: 0.2, pOut: 0.01, seed: UInt64(seed))
    // The same graph with an isolated node after it: NaN in both.
    var edges: [WeightedGraph.Edge] = []
    for u in 0..<planted.nodeCount {
      for slot in planted.offsets[u]..<planted.offsets[u + 1] where Int(planted.neighbors[slot]) > u
      {
        edges.append(.init(Int32(u), planted.neighbors[slot], weight: planted.weights[slot]))
      }
    }
    let g = WeightedGraph(nodeCount: planted.nodeCount + 1, edges: edges)
    let isolated = Int32(planted.nodeCount)
    func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }
    for weighted in [false, true] {
      let all = StructuralHoles.scores(in: g, weighted: weighted)
      let nodes: [Int32] =
        [isolated, 7, 0, 299, 7] + (0..<20).map { Int32(($0 * 37 + seed) % 300) }
      let some = StructuralHoles.scores(of: nodes, in: g, weighted: weighted)
      #expect(bits(some.constraint) == bits(nodes.map { all.constraint[Int($0)] }))
      #expect(bits(some.effectiveSize) == bits(nodes.map { all.effectiveSize[Int($0)] }))
      #expect(some.constraint[0].isNaN && !some.constraint[1].isNaN)
    }
    #expect(StructuralHoles.scores(of: [], in: g).constraint.isEmpty)
  }

  @Test func nanScoresCompareEqual() {
    let g = WeightedGraph(nodeCount: 3, edges: [Edge(0, 1)])
    #expect(StructuralHoles.scores(in: g).constraint[2].isNaN)
    #expect(StructuralHoles.scores(in: g) == StructuralHoles.scores(in: g))
  }
}
