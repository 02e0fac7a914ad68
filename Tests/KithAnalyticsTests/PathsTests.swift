import Foundation
import KithAnalytics
import KithTestSupport
import Testing

@Suite("BestPaths")
struct PathsTests {
  typealias Edge = WeightedGraph.Edge

  /// 0 —1— 1 —1— 2 (two median ties) and 0 —0.1— 2 (one weak tie); 3 —4— 2; 4 isolated.
  static let small = WeightedGraph(
    nodeCount: 5,
    edges: [Edge(0, 1), Edge(1, 2), Edge(0, 2, weight: 0.1), Edge(2, 3, weight: 4)])

  @Test func medianStrength() {
    #expect(BestPaths.medianStrength(of: Self.small) == 1)  // 0.1, 1, 1, 4
    let odd = WeightedGraph(
      nodeCount: 4, edges: [Edge(0, 1, weight: 3), Edge(1, 2), Edge(2, 3, weight: 2)])
    #expect(BestPaths.medianStrength(of: odd) == 2)
    let even = WeightedGraph(nodeCount: 3, edges: [Edge(0, 1, weight: 3), Edge(1, 2)])
    #expect(BestPaths.medianStrength(of: even) == 2)
    let zeros = WeightedGraph(
      nodeCount: 4, edges: [Edge(0, 1, weight: 0), Edge(1, 2, weight: 0), Edge(2, 3, weight: 5)])
    #expect(BestPaths.medianStrength(of: zeros) == 5)
    #expect(BestPaths.medianStrength(of: WeightedGraph(nodeCount: 2, edges: [])) == 1)
  }

  @Test func twoMedianTiesBeatOneWeakTie() throws {
    let paths = BestPaths(graph: Self.small)
    #expect(paths.referenceStrength == 1)
    #expect(paths.quality(ofStrength: 1) == 0.5)
    let best = try #require(paths.best(from: 0, to: 2))
    #expect(best.nodes == [0, 1, 2])
    #expect(best.hopStrengths == [1, 1])
    #expect(best.score == 0.25)
    #expect(best.hops == 2)
    let toThree = try #require(paths.best(from: 0, to: 3))
    #expect(toThree.nodes == [0, 1, 2, 3])
    #expect(agrees(toThree.score, 0.25 * 0.8))
  }

  @Test func aLargeReferenceStrengthMakesEveryHopCostly() throws {
    // With s₀ = 100, q ≈ s/100: two ties of 1 give (1/101)² ≈ 1e-4, one tie of 0.1 gives
    // 0.1/100.1 ≈ 1e-3, so the direct weak tie wins.
    let paths = BestPaths(graph: Self.small, referenceStrength: 100)
    let best = try #require(paths.best(from: 0, to: 2))
    #expect(best.nodes == [0, 2])
    #expect(agrees(best.score, 0.1 / 100.1))
  }

  @Test func unreachableAndTrivialPaths() throws {
    let paths = BestPaths(graph: Self.small)
    #expect(paths.best(from: 0, to: 4) == nil)
    #expect(paths.best(from: 0, to: 4, limit: 3).isEmpty)
    let self0 = try #require(paths.best(from: 2, to: 2))
    #expect(self0.nodes == [2])
    #expect(self0.score == 1)
    #expect(self0.hopStrengths.isEmpty)
    #expect(paths.best(from: 2, to: 2, limit: 4).map(\.nodes) == [[2]])
    #expect(paths.best(from: 0, to: 2, limit: 0).isEmpty)
  }

  @Test func zeroStrengthTiesAreNeverUsed() {
    let g = WeightedGraph(nodeCount: 3, edges: [Edge(0, 1, weight: 0), Edge(1, 2)])
    let paths = BestPaths(graph: g)
    #expect(paths.best(from: 0, to: 2) == nil)
    #expect(paths.tree(from: 0).scores == [1, 0, 0])
  }

  @Test func kBestPathsOnTheSmallGraph() {
    let paths = BestPaths(graph: Self.small).best(from: 0, to: 3, limit: 5)
    #expect(paths.map(\.nodes) == [[0, 1, 2, 3], [0, 2, 3]])
    #expect(paths.map(\.score) == paths.map(\.score).sorted(by: >))
  }

  @Test(arguments: 0..<10)
  func kBestMatchesEnumeratingEverySimplePath(seed: Int) {
    var rng = SeededGenerator(seed: UInt64(seed))
    let n = 9
    var edges: [Edge] = []
    for u in 0..<n {
      for v in (u + 1)..<n where Double.random(in: 0..<1, using: &rng) < 0.35 {
        edges.append(Edge(Int32(u), Int32(v), weight: Double.random(in: 0.05...5, using: &rng)))
      }
    }
    let g = WeightedGraph(nodeCount: n, edges: edges)
    let finder = BestPaths(graph: g)
    let all = Self.simplePaths(g, from: 0, to: Int32(n - 1), finder: finder)
      .sorted { $0.score > $1.score }
    let k = 6
    let found = finder.best(from: 0, to: Int32(n - 1), limit: k)
    #expect(found.count == min(k, all.count))
    for (a, b) in zip(found, all) {
      #expect(agrees(a.score, b.score, tolerance: 1e-12))
    }
    #expect(Set(found.map(\.nodes)).count == found.count)
    for path in found {
      #expect(Set(path.nodes).count == path.nodes.count, "loopless")
      #expect(path.nodes.first == 0 && path.nodes.last == Int32(n - 1))
    }
    // The tree agrees with the single best path, and with hop limits with brute force.
    let tree = finder.tree(from: 0)
    for t in 0..<n {
      let best = finder.best(from: 0, to: Int32(t))
      #expect(agrees(tree.scores[t], best?.score ?? 0, tolerance: 1e-12))
      #expect(agrees(tree.path(to: Int32(t))?.score ?? 0, best?.score ?? 0, tolerance: 1e-12))
    }
    for hops in 0...3 {
      let limited = finder.tree(from: 0, maxHops: hops)
      for t in 0..<n {
        let brute =
          Self.simplePaths(g, from: 0, to: Int32(t), finder: finder)
          .filter { $0.hops <= hops }.map(\.score).max() ?? 0
        #expect(agrees(limited.scores[t], brute, tolerance: 1e-12), "≤ \(hops) hops to \(t)")
        let path = limited.path(to: Int32(t))
        #expect(agrees(path?.score ?? 0, brute, tolerance: 1e-12))
        #expect((path?.hops ?? 0) <= hops)
        #expect(Int(limited.hopCounts[t]) == (path.map(\.hops) ?? -1))
      }
    }
  }

  static func simplePaths(_ g: WeightedGraph, from s: Int32, to t: Int32, finder: BestPaths)
    -> [PathResult]
  {
    var out: [PathResult] = []
    var path: [Int32] = [s]
    var strengths: [Double] = []
    var onPath = [Bool](repeating: false, count: g.nodeCount)
    onPath[Int(s)] = true
    func walk(_ v: Int32) {
      if v == t {
        let score = strengths.reduce(1.0) { $0 * finder.quality(ofStrength: $1) }
        out.append(PathResult(nodes: path, hopStrengths: strengths, score: score))
        return
      }
      for slot in g.slots(of: v) where g.weights[slot] > 0 {
        let w = g.neighbors[slot]
        guard !onPath[Int(w)] else { continue }
        onPath[Int(w)] = true
        path.append(w)
        strengths.append(g.weights[slot])
        walk(w)
        path.removeLast()
        strengths.removeLast()
        onPath[Int(w)] = false
      }
    }
    walk(s)
    return out
  }
}
