import Foundation
import KithAnalytics
import KithTestSupport
import Testing

@Suite("Betweenness")
struct BetweennessTests {
  typealias Edge = WeightedGraph.Edge

  static let graphs = ["karate", "les_miserables"]

  // MARK: Reference values (NetworkX 3.6.1; weighted: exact Fraction distances 1/weight)

  @Test(arguments: graphs, [true, false])
  func unweightedAgreesWithNetworkX(name: String, normalized: Bool) throws {
    let graph = try #require(NetworkXReference.shared?.graphs[name])
    let expected = normalized ? graph.betweenness.normalized : graph.betweenness.raw
    let scores = Betweenness.exact(
      in: graph.weightedGraph(), weighted: false, normalized: normalized)
    #expect(scores.isExact)
    #expect(disagreements(scores.values, expected.unweighted) == [])
  }

  @Test(arguments: graphs, [true, false])
  func weightedAgreesWithExactFractions(name: String, normalized: Bool) throws {
    let graph = try #require(NetworkXReference.shared?.graphs[name])
    let expected = normalized ? graph.betweenness.normalized : graph.betweenness.raw
    let scores = Betweenness.exact(
      in: graph.weightedGraph(), weighted: true, normalized: normalized)
    #expect(disagreements(scores.values, expected.weightedExact) == [])
  }

  /// With float distances NetworkX compares path lengths with ==, and on karate it misses
  /// equal-length paths at some nodes; the tolerance here counts them, as the exact answer does.
  @Test func floatNetworkXDiffersFromExactOnKarateWhereWeAgreeWithExact() throws {
    let graph = try #require(NetworkXReference.shared?.graphs["karate"])
    let set = graph.betweenness.normalized
    #expect(!set.nodesWhereFloatNetworkxDiffers.isEmpty)
    let scores = Betweenness.exact(in: graph.weightedGraph(), weighted: true).values
    #expect(
      disagreements(scores, set.weightedFloatNetworkx) == set.nodesWhereFloatNetworkxDiffers)
  }

  @Test(arguments: graphs)
  func sampledWithNetworkXsSourcesAgreesWithNetworkX(name: String) throws {
    let graph = try #require(NetworkXReference.shared?.graphs[name])
    let g = graph.weightedGraph()
    for sample in graph.betweenness.sampledUnweighted {
      for normalized in [true, false] {
        let expected = (normalized ? sample.normalized : sample.raw).map { $0 ?? .nan }
        let scores = Betweenness.sampled(
          in: g, sources: sample.sources, weighted: false, normalized: normalized)
        #expect(scores.sources == sample.k)
        #expect(
          disagreements(scores.values, expected) == [],
          "seed \(sample.seed), k \(sample.k), normalized \(normalized)")
      }
    }
  }

  // MARK: Sampling

  @Test func sampledIsReproducibleAndExactWhenEveryNodeIsASource() throws {
    let graph = try #require(NetworkXReference.shared?.graphs["les_miserables"])
    let g = graph.weightedGraph()
    let a = Betweenness.sampled(in: g, pivots: 20, weighted: true, seed: 42)
    let b = Betweenness.sampled(in: g, pivots: 20, weighted: true, seed: 42)
    #expect(a == b)
    #expect(!a.isExact)
    let all = Betweenness.sampled(in: g, pivots: g.nodeCount, weighted: true, seed: 1)
    #expect(all.isExact)
    #expect(disagreements(all.values, graph.betweenness.normalized.weightedExact) == [])
  }

  @Test(arguments: 0..<5)
  func sampledStaysWithinItsErrorBound(seed: Int) throws {
    let graph = try #require(NetworkXReference.shared?.graphs["les_miserables"])
    let g = graph.weightedGraph()
    let exact = Betweenness.exact(in: g).values
    let estimate = Betweenness.sampled(in: g, pivots: 40, seed: UInt64(seed))
    // δ = 1e-4 per node, so a failure anywhere among 77 nodes has probability < 1%.
    let bound = estimate.errorBound(failureProbability: 1e-4)
    #expect(bound > 0 && bound < 0.5)
    for v in 0..<g.nodeCount {
      #expect(abs(estimate.values[v] - exact[v]) <= bound, "node \(v)")
    }
    #expect(Betweenness.exact(in: g).errorBound(failureProbability: 0.05) == 0)
  }

  @Test func aSinglePivotsOwnScoreIsNaNAsInNetworkX() {
    let g = WeightedGraph(nodeCount: 3, edges: [Edge(0, 1), Edge(1, 2)])
    let single = Betweenness.sampled(in: g, sources: [0], weighted: false)
    #expect(single.values[0].isNaN)
    #expect(single.values[1] == 1)  // NetworkX: {0: nan, 1: 1.0, 2: 0.0}
    #expect(single.values[2] == 0)
    #expect(single == Betweenness.sampled(in: g, sources: [0], weighted: false))
  }

  /// A zero-weight edge is never used, by the search nor by the accumulation (which once took
  /// it for a shortest-path edge: an infinite length is "equal" within an infinite tolerance).
  @Test func aZeroWeightEdgeIsNeverOnAShortestPath() {
    let g = WeightedGraph(
      nodeCount: 4, edges: [Edge(0, 1), Edge(1, 2), Edge(2, 3), Edge(1, 3, weight: 0)])
    #expect(Betweenness.exact(in: g, weighted: true, normalized: false).values == [0, 2, 2, 0])
    // Every node searched from (the leaf 0 is folded into 1 above).
    let all = Betweenness.sampled(in: g, sources: [0, 1, 2, 3], weighted: true, normalized: false)
    #expect(all.values == [0, 2, 2, 0])
  }

  // MARK: Leaves folded into their neighbours

  @Test func aStarsCentreLiesOnEveryPathBetweenItsLeaves() {
    let n = 2_000
    let g = WeightedGraph(nodeCount: n, edges: (1..<n).map { Edge(0, Int32($0)) })
    let raw = Betweenness.exact(in: g, normalized: false).values
    #expect(raw[0] == Double((n - 1) * (n - 2) / 2))
    #expect(raw[1...].allSatisfy { $0 == 0 })
    #expect(Betweenness.exact(in: g, weighted: true).values[0] == 1)
  }

  /// Folding leaves must not change a score: against every node searched from (a sample of
  /// all the sources, which folds nothing), on graphs with trees hanging off a core, paths,
  /// two-node components, and, weighted, nodes whose other edges weigh 0 (unusable).
  @Test(arguments: 0..<12)
  func foldingLeavesChangesNoScore(seed: Int) {
    var rng = SeededGenerator(seed: UInt64(seed))
    let core = Int.random(in: 3...25, using: &rng)
    let n = core + Int.random(in: 0...60, using: &rng)
    var edges: [Edge] = []
    func weight() -> Double {
      [1, 2, 0.5, Double.random(in: 0.1...3, using: &rng)].randomElement(using: &rng)!
    }
    for u in 1..<core where Bool.random(using: &rng) || u == 1 {
      edges.append(Edge(Int32(Int.random(in: 0..<u, using: &rng)), Int32(u), weight: weight()))
    }
    for _ in 0..<Int.random(in: 0...(2 * core), using: &rng) {
      let u = Int32.random(in: 0..<Int32(core), using: &rng)
      let v = Int32.random(in: 0..<Int32(core), using: &rng)
      edges.append(Edge(u, v, weight: weight()))
    }
    // Each other node hangs from an earlier one (a leaf, or a tree), or pairs with the next.
    var v = core
    while v < n {
      if Int.random(in: 0..<8, using: &rng) == 0 && v + 1 < n {
        edges.append(Edge(Int32(v), Int32(v + 1), weight: weight()))
        v += 2
      } else {
        edges.append(Edge(Int32(Int.random(in: 0..<v, using: &rng)), Int32(v), weight: weight()))
        v += 1
      }
    }
    // Unusable (zero-weight) edges make leaves of some nodes when weighted only.
    for _ in 0..<3 {
      let u = Int32.random(in: 0..<Int32(n), using: &rng)
      let w = Int32.random(in: 0..<Int32(n), using: &rng)
      edges.append(Edge(u, w, weight: 0))
    }
    let g = WeightedGraph(nodeCount: n, edges: edges)
    let all = (0..<n).map { Int32($0) }
    let leaves = (0..<n).filter { g.offsets[$0 + 1] - g.offsets[$0] == 1 }
    #expect(!leaves.isEmpty, "no leaf to fold (seed \(seed))")
    for weighted in [false, true] {
      for normalized in [false, true] {
        let folded = Betweenness.exact(in: g, weighted: weighted, normalized: normalized)
        let plain = Betweenness.sampled(
          in: g, sources: all, weighted: weighted, normalized: normalized)
        #expect(folded.isExact && plain.isExact)
        #expect(
          disagreements(folded.values, plain.values, tolerance: 1e-12) == [],
          "seed \(seed), weighted \(weighted), normalized \(normalized)")
      }
    }
  }

  // MARK: Degenerate graphs

  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var nodeCount: Int
    var edges: [Edge]
    /// Unnormalised (unordered pairs) expected scores.
    var raw: [Double]
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(name: "empty", nodeCount: 0, edges: [], raw: []),
    Case(name: "one node", nodeCount: 1, edges: [], raw: [0]),
    Case(name: "two nodes", nodeCount: 2, edges: [Edge(0, 1)], raw: [0, 0]),
    Case(name: "isolated nodes", nodeCount: 3, edges: [], raw: [0, 0, 0]),
    Case(
      name: "path of three with an isolated node", nodeCount: 4, edges: [Edge(0, 1), Edge(1, 2)],
      raw: [0, 1, 0, 0]),
    Case(
      name: "two components", nodeCount: 6,
      edges: [Edge(0, 1), Edge(1, 2), Edge(3, 4), Edge(4, 5)], raw: [0, 1, 0, 0, 1, 0]),
    Case(
      name: "square: two shortest paths", nodeCount: 4,
      edges: [Edge(0, 1), Edge(1, 2), Edge(2, 3), Edge(3, 0)], raw: [0.5, 0.5, 0.5, 0.5]),
    Case(
      name: "star", nodeCount: 5, edges: [Edge(0, 1), Edge(0, 2), Edge(0, 3), Edge(0, 4)],
      raw: [6, 0, 0, 0, 0]),
    Case(
      name: "self-loops ignored", nodeCount: 3,
      edges: [Edge(0, 1), Edge(1, 1, weight: 9), Edge(1, 2), Edge(2, 2)], raw: [0, 1, 0]),
    Case(
      name: "duplicates merged", nodeCount: 3,
      edges: [Edge(0, 1), Edge(1, 0), Edge(1, 2), Edge(2, 1)], raw: [0, 1, 0]),
  ]

  @Test(arguments: cases)
  func degenerate(_ c: Case) {
    let g = WeightedGraph(nodeCount: c.nodeCount, edges: c.edges)
    for weighted in [false, true] {
      let raw = Betweenness.exact(in: g, weighted: weighted, normalized: false)
      #expect(disagreements(raw.values, c.raw) == [], "weighted \(weighted)")
      let normalized = Betweenness.exact(in: g, weighted: weighted, normalized: true)
      let n = Double(c.nodeCount)
      let scale = c.nodeCount > 2 ? 2 / ((n - 1) * (n - 2)) : 1
      #expect(disagreements(normalized.values, c.raw.map { $0 * scale }) == [])
    }
  }

  @Test func allEqualWeightsGiveTheUnweightedScores() throws {
    let graph = try #require(NetworkXReference.shared?.graphs["les_miserables"])
    let equal = WeightedGraph(
      nodeCount: graph.nodeCount,
      edges: graph.unweightedGraph().edgeList().map { Edge($0.source, $0.target, weight: 3) })
    let weighted = Betweenness.exact(in: equal, weighted: true).values
    #expect(disagreements(weighted, graph.betweenness.normalized.unweighted) == [])
  }

  @Test func weightedPrefersStrongTies() {
    // 0–1–2 strong, 0–2 weak: the direct weak tie (length 10) is longer than 0.5 + 0.5.
    let g = WeightedGraph(
      nodeCount: 3, edges: [Edge(0, 1, weight: 2), Edge(1, 2, weight: 2), Edge(0, 2, weight: 0.1)])
    #expect(Betweenness.exact(in: g, weighted: true, normalized: false).values == [0, 1, 0])
    #expect(Betweenness.exact(in: g, weighted: false, normalized: false).values == [0, 0, 0])
  }

  @Test func zeroWeightEdgesAreNeverTraversedWhenWeighted() {
    let g = WeightedGraph(nodeCount: 3, edges: [Edge(0, 1), Edge(1, 2, weight: 0)])
    #expect(Betweenness.exact(in: g, weighted: true, normalized: false).values == [0, 0, 0])
    #expect(Betweenness.exact(in: g, weighted: false, normalized: false).values == [0, 1, 0])
  }

  // MARK: Invariants

  @Test(arguments: 0..<8)
  func relabellingNodesDoesNotChangeScores(seed: Int) {
    let g = RandomGraphs.planted(
      nodes: 60, groups: 3, pIn: 0.2, pOut: 0.03, seed: UInt64(seed))
    let permutation = RandomGraphs.permutation(g.nodeCount, seed: UInt64(1000 + seed))
    let h = RandomGraphs.relabelled(g, permutation)
    for weighted in [false, true] {
      let before = Betweenness.exact(in: g, weighted: weighted).values
      let after = Betweenness.exact(in: h, weighted: weighted).values
      let back = (0..<g.nodeCount).map { after[Int(permutation[$0])] }
      #expect(disagreements(back, before, tolerance: 1e-12) == [], "weighted \(weighted)")
    }
  }

  @Test func parallelRunsAreIdentical() throws {
    let graph = try #require(NetworkXReference.shared?.graphs["les_miserables"])
    let g = graph.weightedGraph()
    #expect(Betweenness.exact(in: g, weighted: true) == Betweenness.exact(in: g, weighted: true))
  }

  @Test(arguments: 0..<4)
  func weightedMatchesABruteForceCount(seed: Int) {
    // Small random graphs with weights 1, 2 or 4, so many path lengths tie exactly.
    var rng = SeededGenerator(seed: UInt64(seed))
    let n = 9
    var edges: [Edge] = []
    for u in 0..<n {
      for v in (u + 1)..<n where Double.random(in: 0..<1, using: &rng) < 0.4 {
        edges.append(Edge(Int32(u), Int32(v), weight: [1, 2, 4].randomElement(using: &rng) ?? 1))
      }
    }
    let g = WeightedGraph(nodeCount: n, edges: edges)
    let expected = BruteForce.betweenness(g)
    let scores = Betweenness.exact(in: g, weighted: true, normalized: false).values
    #expect(disagreements(scores, expected) == [])
  }
}

/// Betweenness by enumerating every simple path, lengths as exact multiples of 1/4.
enum BruteForce {
  static func betweenness(_ g: WeightedGraph) -> [Double] {
    let n = g.nodeCount
    var result = [Double](repeating: 0, count: n)
    // Lengths in units of 1/4: 1/w for w ∈ {1, 2, 4} is 4, 2 or 1 units.
    func units(_ w: Double) -> Int { Int((4 / w).rounded()) }
    for s in 0..<n {
      for t in (s + 1)..<max(n, s + 1) {
        var best = Int.max
        var paths: [[Int32]] = []
        var path: [Int32] = [Int32(s)]
        var onPath = [Bool](repeating: false, count: n)
        onPath[s] = true
        func walk(_ v: Int32, _ length: Int) {
          if Int(v) == t {
            if length < best {
              best = length
              paths = [path]
            } else if length == best {
              paths.append(path)
            }
            return
          }
          for slot in g.slots(of: v) {
            let w = g.neighbors[slot]
            guard !onPath[Int(w)] else { continue }
            onPath[Int(w)] = true
            path.append(w)
            walk(w, length + units(g.weights[slot]))
            path.removeLast()
            onPath[Int(w)] = false
          }
        }
        walk(Int32(s), 0)
        guard !paths.isEmpty else { continue }
        for p in paths {
          for v in p.dropFirst().dropLast() { result[Int(v)] += 1 / Double(paths.count) }
        }
      }
    }
    return result
  }
}
