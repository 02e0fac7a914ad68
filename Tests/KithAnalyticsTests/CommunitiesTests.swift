import Foundation
import KithTestSupport
import Testing

@testable import KithAnalytics

@Suite("Communities")
struct CommunitiesTests {
  typealias Edge = WeightedGraph.Edge

  static let graphs = ["karate", "les_miserables"]

  // MARK: Modularity, exactly as NetworkX

  @Test(arguments: graphs, [true, false])
  func modularityAgreesWithNetworkX(name: String, weighted: Bool) throws {
    let graph = try #require(NetworkXReference.shared?.graphs[name])
    let g = weighted ? graph.weightedGraph() : graph.unweightedGraph()
    let set = weighted ? graph.communities.weighted : graph.communities.unweighted
    for partition in set.partitions {
      for (key, expected) in partition.modularity {
        let resolution = try #require(Double(key))
        let q = Communities.modularity(g, partition.labels, resolution: resolution)
        #expect(agrees(q, expected), "\(partition.name) at γ = \(key)")
      }
    }
  }

  @Test func modularityWithIsolatedNodesAgreesWithNetworkX() throws {
    let graph = try #require(NetworkXReference.shared?.graphs["karate"])
    let g = graph.weightedGraph(extraNodes: 2)
    for c in graph.communities.withIsolatedNodes {
      #expect(agrees(Communities.modularity(g, c.labels), c.modularity), "\(c.name)")
    }
  }

  @Test func modularityOfAGraphWithoutEdgesIsNaN() {
    #expect(Communities.modularity(WeightedGraph(nodeCount: 3, edges: []), [0, 1, 2]).isNaN)
    #expect(Communities.modularity(WeightedGraph(nodeCount: 0, edges: []), []).isNaN)
  }

  @Test func modularityOfTwoTrianglesByHand() {
    // Two triangles joined by one edge: m = 7, each side L = 3, d = 7.
    let g = WeightedGraph(
      nodeCount: 6,
      edges: [
        Edge(0, 1), Edge(1, 2), Edge(0, 2), Edge(3, 4), Edge(4, 5), Edge(3, 5), Edge(2, 3),
      ])
    let q = Communities.modularity(g, [0, 0, 0, 1, 1, 1])
    #expect(agrees(q, 2 * (3.0 / 7 - 49.0 / 196)))
    // Labels need not be dense.
    #expect(Communities.modularity(g, [5, 5, 5, 9, 9, 9]) == q)
  }

  // MARK: Detection on the reference graphs

  @Test(arguments: graphs, [true, false])
  func detectionReachesNetworkXsBestLouvain(name: String, weighted: Bool) throws {
    let graph = try #require(NetworkXReference.shared?.graphs[name])
    let g = weighted ? graph.weightedGraph() : graph.unweightedGraph()
    let best = (weighted ? graph.communities.weighted : graph.communities.unweighted)
      .louvainBestModularity
    var worst = Double.infinity
    for seed in 0..<20 {
      let partition = Communities.detect(in: g, seed: UInt64(seed))
      worst = min(worst, partition.modularity)
      #expect(partition.modularity >= best - 0.005, "seed \(seed): \(partition.modularity)")
      #expect(Communities.isEveryCommunityConnected(g, partition.communities))
      #expect(agrees(partition.modularity, Communities.modularity(g, partition.communities)))
    }
    #expect(worst.isFinite)
  }

  @Test func sameSeedSamePartition() throws {
    let graph = try #require(NetworkXReference.shared?.graphs["les_miserables"])
    let g = graph.weightedGraph()
    for seed: UInt64 in [0, 1, 99] {
      #expect(Communities.detect(in: g, seed: seed) == Communities.detect(in: g, seed: seed))
    }
  }

  @Test func higherResolutionFindsMoreCommunities() throws {
    let graph = try #require(NetworkXReference.shared?.graphs["les_miserables"])
    let g = graph.weightedGraph()
    let coarse = Communities.detect(in: g, resolution: 0.5)
    let fine = Communities.detect(in: g, resolution: 2)
    #expect(fine.count > coarse.count)
    #expect(fine.resolution == 2)
    #expect(agrees(fine.modularity, Communities.modularity(g, fine.communities, resolution: 2)))
  }

  // MARK: Degenerate graphs

  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var nodeCount: Int
    var edges: [Edge]
    /// The expected partition, in `Partition`'s canonical numbering.
    var communities: [Int32]
    var testDescription: String { name }
  }

  static let twoTriangles: [Edge] = [
    Edge(0, 1), Edge(1, 2), Edge(0, 2), Edge(3, 4), Edge(4, 5), Edge(3, 5), Edge(2, 3),
  ]

  static let cases: [Case] = [
    Case(name: "empty", nodeCount: 0, edges: [], communities: []),
    Case(name: "one node", nodeCount: 1, edges: [], communities: [0]),
    Case(name: "isolated nodes only", nodeCount: 3, edges: [], communities: [0, 1, 2]),
    Case(
      name: "isolated nodes beside a triangle", nodeCount: 5,
      edges: [Edge(1, 2), Edge(2, 3), Edge(1, 3)], communities: [0, 1, 1, 1, 2]),
    Case(
      name: "two components", nodeCount: 6,
      edges: [Edge(0, 1), Edge(1, 2), Edge(0, 2), Edge(3, 4), Edge(4, 5), Edge(3, 5)],
      communities: [0, 0, 0, 1, 1, 1]),
    Case(
      name: "two triangles joined", nodeCount: 6, edges: twoTriangles,
      communities: [0, 0, 0, 1, 1, 1]),
    Case(
      name: "all-equal weights", nodeCount: 6,
      edges: twoTriangles.map { Edge($0.source, $0.target, weight: 7) },
      communities: [0, 0, 0, 1, 1, 1]),
    Case(
      name: "self-loops ignored", nodeCount: 6,
      edges: twoTriangles + [Edge(0, 0, weight: 100), Edge(4, 4, weight: 100)],
      communities: [0, 0, 0, 1, 1, 1]),
    Case(
      name: "duplicates merged", nodeCount: 6,
      edges: twoTriangles + twoTriangles.map { Edge($0.target, $0.source) },
      communities: [0, 0, 0, 1, 1, 1]),
  ]

  @Test(arguments: cases)
  func degenerate(_ c: Case) {
    let g = WeightedGraph(nodeCount: c.nodeCount, edges: c.edges)
    for seed: UInt64 in [0, 1, 2, 3] {
      let partition = Communities.detect(in: g, seed: seed)
      #expect(partition.communities == c.communities, "seed \(seed)")
      #expect(partition.count == Set(c.communities).count)
      if g.totalWeight > 0 {
        #expect(agrees(partition.modularity, Communities.modularity(g, c.communities)))
      } else {
        #expect(partition.modularity.isNaN)
      }
    }
  }

  @Test func aPartitionWithNaNModularityEqualsItself() {
    let empty = WeightedGraph(nodeCount: 2, edges: [])
    #expect(Communities.detect(in: empty).modularity.isNaN)
    #expect(Communities.detect(in: empty) == Communities.detect(in: empty))
  }

  @Test func allEqualWeightsGiveTheUnweightedPartition() throws {
    let graph = try #require(NetworkXReference.shared?.graphs["karate"])
    let unweighted = graph.unweightedGraph()
    let equal = WeightedGraph(
      nodeCount: graph.nodeCount,
      edges: unweighted.edgeList().map { Edge($0.source, $0.target, weight: 0.25) })
    for seed: UInt64 in 0..<5 {
      let a = Communities.detect(in: unweighted, seed: seed)
      let b = Communities.detect(in: equal, seed: seed)
      #expect(a.communities == b.communities)
      #expect(agrees(a.modularity, b.modularity))
    }
  }

  // MARK: Invariants over many seeds

  @Test(arguments: 0..<24)
  func partitionInvariants(seed: Int) {
    let g = RandomGraphs.planted(
      nodes: 120 + 10 * (seed % 5), groups: 3 + seed % 4, pIn: 0.15, pOut: 0.01,
      seed: UInt64(seed))
    let partition = Communities.detect(
      in: g, resolution: [1, 0.5, 2][seed % 3], seed: UInt64(seed))
    // Covers every node once, with dense labels in order of each community's first node.
    #expect(partition.communities.count == g.nodeCount)
    var firstSeen: [Int32] = []
    for c in partition.communities where Int(c) == firstSeen.count { firstSeen.append(c) }
    #expect(firstSeen.count == partition.count)
    #expect(partition.communities.allSatisfy { $0 >= 0 && Int($0) < partition.count })
    #expect(partition.members().map(\.count).reduce(0, +) == g.nodeCount)
    #expect(partition.sizes == partition.members().map(\.count))
    // At least as good as singletons, every community connected, modularity as reported.
    let singletons = Communities.modularity(
      g, (0..<g.nodeCount).map { Int32($0) }, resolution: partition.resolution)
    #expect(partition.modularity >= singletons)
    #expect(Communities.isEveryCommunityConnected(g, partition.communities))
    #expect(
      agrees(
        partition.modularity,
        Communities.modularity(g, partition.communities, resolution: partition.resolution)))
  }

  @Test(arguments: 0..<6)
  func plantedCommunitiesAreRecovered(seed: Int) {
    let groups = 4
    let g = RandomGraphs.planted(
      nodes: 200, groups: groups, pIn: 0.3, pOut: 0.005, seed: UInt64(seed))
    let partition = Communities.detect(in: g, seed: UInt64(seed))
    #expect(partition.count == groups)
    for v in 0..<g.nodeCount {
      #expect(partition.communities[v] == partition.communities[v % groups])
    }
  }

  @Test(arguments: 0..<6)
  func relabellingNodesKeepsTheQuality(seed: Int) {
    let g = RandomGraphs.planted(nodes: 150, groups: 5, pIn: 0.12, pOut: 0.01, seed: UInt64(seed))
    let permutation = RandomGraphs.permutation(g.nodeCount, seed: UInt64(77 + seed))
    let h = RandomGraphs.relabelled(g, permutation)
    let a = Communities.detect(in: g, seed: 3)
    let b = Communities.detect(in: h, seed: 3)
    #expect(abs(a.modularity - b.modularity) < 0.01)
  }

  // MARK: Parallel rounds of local moving (large graphs), run here on small ones

  /// Every level in parallel rounds until no node is queued.
  static func rounds(threads: Int?) -> _MovingSchedule {
    _MovingSchedule(parallelFrom: 1, sequentialBelow: 1, threads: threads)
  }

  @Test(arguments: graphs, [true, false])
  func parallelRoundsReachNetworkXsBestLouvain(name: String, weighted: Bool) throws {
    let graph = try #require(NetworkXReference.shared?.graphs[name])
    let g = weighted ? graph.weightedGraph() : graph.unweightedGraph()
    let best = (weighted ? graph.communities.weighted : graph.communities.unweighted)
      .louvainBestModularity
    for seed in 0..<20 {
      let partition = Communities.detect(
        in: g, resolution: 1, seed: UInt64(seed), iterations: 8,
        schedule: Self.rounds(threads: nil))
      #expect(partition.modularity >= best - 0.005, "seed \(seed): \(partition.modularity)")
      #expect(Communities.isEveryCommunityConnected(g, partition.communities))
      #expect(agrees(partition.modularity, Communities.modularity(g, partition.communities)))
    }
  }

  @Test(arguments: 0..<8)
  func parallelRoundsKeepTheInvariants(seed: Int) {
    let g = RandomGraphs.planted(
      nodes: 400 + 50 * seed, groups: 4 + seed, pIn: 0.08, pOut: 0.004, seed: UInt64(seed))
    let resolution = [1, 0.5, 2][seed % 3]
    let partition = Communities.detect(
      in: g, resolution: resolution, seed: UInt64(seed), iterations: 8,
      schedule: Self.rounds(threads: nil))
    let sequential = Communities.detect(in: g, resolution: resolution, seed: UInt64(seed))
    #expect(Communities.isEveryCommunityConnected(g, partition.communities))
    #expect(
      agrees(
        partition.modularity,
        Communities.modularity(g, partition.communities, resolution: resolution)))
    // Tolerance: the rounds postpone some nodes, so the partition may differ a little.
    #expect(partition.modularity >= sequential.modularity - 0.01)
  }

  @Test(arguments: [0, 7, 42] as [UInt64])
  func parallelRoundsGiveTheSamePartitionOnAnyNumberOfThreads(seed: UInt64) {
    let g = RandomGraphs.planted(nodes: 3000, groups: 12, pIn: 0.02, pOut: 0.001, seed: seed)
    let one = Communities.detect(
      in: g, resolution: 1, seed: seed, iterations: 8, schedule: Self.rounds(threads: 1))
    for threads in [2, 3, 5] {
      let other = Communities.detect(
        in: g, resolution: 1, seed: seed, iterations: 8, schedule: Self.rounds(threads: threads))
      #expect(other == one, "\(threads) threads")
    }
    #expect(Communities.isEveryCommunityConnected(g, one.communities))
  }

  @Test func connectivityCheckSeesASplitCommunity() {
    let g = WeightedGraph(nodeCount: 4, edges: [Edge(0, 1), Edge(2, 3)])
    #expect(!Communities.isEveryCommunityConnected(g, [0, 0, 0, 0]))
    #expect(Communities.isEveryCommunityConnected(g, [0, 0, 1, 1]))
    let p = Communities.partition(g, [7, 7, 3, 3])
    #expect(p.communities == [0, 0, 1, 1])
    #expect(p.count == 2)
  }
}
