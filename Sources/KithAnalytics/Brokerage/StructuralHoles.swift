import Foundation

/// Burt's constraint and effective size of every node, as NetworkX computes them.
///
/// Equality compares scores bit for bit, so that NaN scores (isolated nodes) compare equal.
public struct StructuralHoleScores: Sendable, Hashable {
  /// Burt's constraint per node: high when a node's contacts are tied to each other.
  public let constraint: [Double]
  /// Burt's effective size per node: the non-redundant part of its contacts.
  public let effectiveSize: [Double]
  /// Whether tie weights were used.
  public let weighted: Bool

  public static func == (a: StructuralHoleScores, b: StructuralHoleScores) -> Bool {
    a.weighted == b.weighted && _sameBits(a.constraint, b.constraint)
      && _sameBits(a.effectiveSize, b.effectiveSize)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(weighted)
    for x in constraint { hasher.combine(x.bitPattern) }
    for x in effectiveSize { hasher.combine(x.bitPattern) }
  }
}

/// Whether two arrays hold the same values bit for bit (NaN equals NaN).
func _sameBits(_ a: [Double], _ b: [Double]) -> Bool {
  a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }
}

/// Structural holes (Burt 1992): constraint and effective size.
///
/// Definitions, exactly those of NetworkX 3.6 (`nx.constraint`, `nx.effective_size`) for an
/// undirected graph, where the mutual weight of u and v is `2·w(u, v)` and so the normalised
/// mutual weight is `p(u, v) = w(u, v) / s(u)` with `s(u)` the strength of u:
///
///     constraint(u)     = Σ_{v ∈ N(u)} ( p(u, v) + Σ_{w ∈ N(u)} p(u, w)·p(w, v) )²
///     effectiveSize(u)  = Σ_{v ∈ N(u)} ( 1 − Σ_{w ∈ N(u)} p(u, w)·w(v, w) / max_x w(v, x) )
///
/// Unweighted, every edge weighs 1 and the effective size equals Borgatti's `n − 2t/n` (n
/// contacts, t ties among them), which is what NetworkX uses there.
///
/// Degenerate cases, as NetworkX: an isolated node's constraint and effective size are NaN
/// (both are undefined for an empty ego network). Weighted, a zero-weight edge is no tie (as
/// in NetworkX's default sparse-matrix path), so a node whose edges all weigh 0 is isolated:
/// NaN. Self-loops never reach here (`WeightedGraph` drops them). Empty graph: empty arrays.
///
/// References: R. S. Burt, *Structural Holes* (Harvard University Press, 1992); R. S. Burt,
/// "Structural holes and good ideas", American Journal of Sociology 110(2):349–399 (2004),
/// doi:10.1086/421787; S. P. Borgatti, "Structural holes: unpacking Burt's redundancy
/// measures", Connections 20(1):35–38 (1997).
public enum StructuralHoles {
  /// Constraint and effective size of every node, in one pass.
  ///
  /// - Parameters:
  ///   - graph: the graph.
  ///   - weighted: use edge weights (true) or count every edge as 1 (false).
  /// - Returns: both scores, indexed by node.
  /// - Complexity: O(n + Σ_v deg(v)²) time (every path u–w–x of length 2 is visited once from
  ///   u), split over every core; O(n) extra memory per core.
  public static func scores(in graph: WeightedGraph, weighted: Bool = true)
    -> StructuralHoleScores
  {
    let n = graph.nodeCount
    var constraint = [Double](repeating: .nan, count: n)
    var effective = [Double](repeating: .nan, count: n)
    guard n > 0 else {
      return StructuralHoleScores(constraint: [], effectiveSize: [], weighted: weighted)
    }
    let (slotWeight, strength, maxWeight) = weighting(graph, weighted: weighted)
    // One chunk per core, nodes dealt in blocks of 64; every node's score is computed by one
    // chunk alone, so the result does not depend on the split.
    let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount, n / 256))
    let block = 64
    constraint.withUnsafeMutableBufferPointer { cOut in
      effective.withUnsafeMutableBufferPointer { eOut in
        guard let cBase = cOut.baseAddress, let eBase = eOut.baseAddress else { return }
        let cPtr = _DisjointWrites(base: cBase)
        let ePtr = _DisjointWrites(base: eBase)
        graph.offsets.withUnsafeBufferPointer { offsets in
          graph.neighbors.withUnsafeBufferPointer { neighbors in
            slotWeight.withUnsafeBufferPointer { w in
              strength.withUnsafeBufferPointer { s in
                maxWeight.withUnsafeBufferPointer { mx in
                  _forEachChunkConcurrently(chunks) { chunk in
                    let p = _ZeroedScratch<Double>(count: n)
                    let viaStrength = _ZeroedScratch<Double>(count: n)
                    let viaWeight = _ZeroedScratch<Double>(count: n)
                    defer {
                      p.deallocate()
                      viaStrength.deallocate()
                      viaWeight.deallocate()
                    }
                    var first = chunk * block
                    while first < n {
                      for u in first..<min(first + block, n) {
                        let result = node(
                          u, offsets: offsets, neighbors: neighbors, weights: w, strength: s,
                          maxWeight: mx, p: p.buffer, a: viaStrength.buffer,
                          b: viaWeight.buffer)
                        cPtr.base[u] = result.constraint
                        ePtr.base[u] = result.effectiveSize
                      }
                      first += chunks * block
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return StructuralHoleScores(
      constraint: constraint, effectiveSize: effective, weighted: weighted)
  }

  /// Burt's constraint of every node (NaN for isolated nodes); see the type's documentation.
  /// - Complexity: O(n + Σ_v deg(v)²), split over every core.
  public static func constraint(in graph: WeightedGraph, weighted: Bool = true) -> [Double] {
    scores(in: graph, weighted: weighted).constraint
  }

  /// Burt's effective size of every node (NaN for isolated nodes); see the type's
  /// documentation.
  /// - Complexity: O(n + Σ_v deg(v)²), split over every core.
  public static func effectiveSize(in graph: WeightedGraph, weighted: Bool = true) -> [Double] {
    scores(in: graph, weighted: weighted).effectiveSize
  }

  /// Constraint and effective size of the given nodes only (each in the same order, NaN for an
  /// isolated one), equal bit for bit to theirs in `scores(in:weighted:)`: for a few people
  /// (you and the contacts a command lists) of a large, dense network.
  ///
  /// - Complexity: O(n + m) to weigh the graph, plus O(Σ_{u ∈ nodes} Σ_{w ∈ N(u)} deg(w)).
  public static func scores(of nodes: [Int32], in graph: WeightedGraph, weighted: Bool = true)
    -> (constraint: [Double], effectiveSize: [Double])
  {
    let n = graph.nodeCount
    let (slotWeight, strength, maxWeight) = weighting(graph, weighted: weighted)
    var constraint: [Double] = []
    var effective: [Double] = []
    constraint.reserveCapacity(nodes.count)
    effective.reserveCapacity(nodes.count)
    let p = _ZeroedScratch<Double>(count: n)
    let viaStrength = _ZeroedScratch<Double>(count: n)
    let viaWeight = _ZeroedScratch<Double>(count: n)
    defer {
      p.deallocate()
      viaStrength.deallocate()
      viaWeight.deallocate()
    }
    graph.offsets.withUnsafeBufferPointer { offsets in
      graph.neighbors.withUnsafeBufferPointer { neighbors in
        slotWeight.withUnsafeBufferPointer { w in
          strength.withUnsafeBufferPointer { s in
            maxWeight.withUnsafeBufferPointer { mx in
              for u in nodes {
                precondition(u >= 0 && Int(u) < n, "node \(u) is not in the graph")
                let result = node(
                  Int(u), offsets: offsets, neighbors: neighbors, weights: w, strength: s,
                  maxWeight: mx, p: p.buffer, a: viaStrength.buffer, b: viaWeight.buffer)
                constraint.append(result.constraint)
                effective.append(result.effectiveSize)
              }
            }
          }
        }
      }
    }
    return (constraint, effective)
  }

  /// Each slot's effective weight (zero-weight edges vanish in the weighted measures; every
  /// edge weighs 1 unweighted), and each node's strength and largest weight.
  static func weighting(_ graph: WeightedGraph, weighted: Bool)
    -> (slotWeight: [Double], strength: [Double], maxWeight: [Double])
  {
    let n = graph.nodeCount
    let slotWeight: [Double] =
      weighted ? graph.weights : [Double](repeating: 1, count: graph.neighbors.count)
    var strength = [Double](repeating: 0, count: n)
    var maxWeight = [Double](repeating: 0, count: n)
    for u in 0..<n {
      var s = 0.0
      var mx = 0.0
      for slot in graph.offsets[u]..<graph.offsets[u + 1] {
        s += slotWeight[slot]
        mx = max(mx, slotWeight[slot])
      }
      strength[u] = s
      maxWeight[u] = mx
    }
    return (slotWeight, strength, maxWeight)
  }

  struct _NodeResult {
    var constraint: Double
    var effectiveSize: Double
  }

  /// Scores of one node; `p`, `a` and `b` are all-zero scratch buffers of size n, left all-zero
  /// on return.
  @inline(__always)
  static func node(
    _ u: Int, offsets: UnsafeBufferPointer<Int>, neighbors: UnsafeBufferPointer<Int32>,
    weights: UnsafeBufferPointer<Double>, strength: UnsafeBufferPointer<Double>,
    maxWeight: UnsafeBufferPointer<Double>, p: UnsafeMutableBufferPointer<Double>,
    a: UnsafeMutableBufferPointer<Double>, b: UnsafeMutableBufferPointer<Double>
  ) -> _NodeResult {
    let su = strength[u]
    guard su > 0 else { return _NodeResult(constraint: .nan, effectiveSize: .nan) }
    let row = offsets[u]..<offsets[u + 1]
    for slot in row where weights[slot] > 0 {
      p[Int(neighbors[slot])] = weights[slot] / su
    }
    // Paths u – w – x with x a contact of u: a[x] = Σ_w p(u,w)·p(w,x), b[x] = Σ_w p(u,w)·w(w,x).
    for slot in row {
      let w = Int(neighbors[slot])
      let puw = p[w]
      guard puw > 0 else { continue }
      let sw = strength[w]
      for slot2 in offsets[w]..<offsets[w + 1] {
        let x = Int(neighbors[slot2])
        guard p[x] > 0 else { continue }
        let wx = weights[slot2]
        a[x] += puw * (wx / sw)
        b[x] += puw * wx
      }
    }
    var constraint = 0.0
    var effective = 0.0
    for slot in row {
      let v = Int(neighbors[slot])
      let puv = p[v]
      guard puv > 0 else { continue }
      let local = puv + a[v]
      constraint += local * local
      effective += 1 - b[v] / maxWeight[v]
      p[v] = 0
      a[v] = 0
      b[v] = 0
    }
    return _NodeResult(constraint: constraint, effectiveSize: effective)
  }
}

/// A zero-initialised scratch buffer owned by one concurrent chunk.
struct _ZeroedScratch<Element: Numeric> {
  let buffer: UnsafeMutableBufferPointer<Element>

  init(count: Int, value: Element = 0) {
    buffer = .allocate(capacity: max(count, 1))
    buffer.initialize(repeating: value)
  }

  func deallocate() { buffer.deallocate() }
}
