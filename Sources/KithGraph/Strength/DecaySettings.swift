import Foundation

/// The parameters of time-decayed tie strength: a half-life and one weight per interaction kind.
public struct DecaySettings: Hashable, Sendable {
  public var halfLifeDays: Double
  public var weights: [InteractionKind: Double]

  public init(halfLifeDays: Double = 180, weights: [InteractionKind: Double] = [:]) {
    self.halfLifeDays = halfLifeDays
    var all = Dictionary(
      uniqueKeysWithValues: InteractionKind.allCases.map { ($0, $0.defaultWeight) })
    for (k, v) in weights { all[k] = v }
    self.weights = all
  }

  public static let `default` = DecaySettings()

  /// The half-life in seconds.
  public var halfLifeSeconds: Double { halfLifeDays * 86_400 }

  /// The weight an interaction of `kind` among `participants` people adds to each of its pairs:
  /// weight(kind) / (n − 1), after Newman's collaboration weighting.
  public func pairWeight(_ kind: InteractionKind, participants: Int) -> Double {
    Self.pairWeight(weights[kind] ?? kind.defaultWeight, participants: participants)
  }

  /// The pair weight of an interaction whose kind weighs `weight`: weight / (n − 1).
  @inlinable
  public static func pairWeight(_ weight: Double, participants: Int) -> Double {
    weight / Double(max(participants - 1, 1))
  }

  /// Each kind's weight, indexed by `InteractionKind.ordinal`: for folds over many interactions,
  /// without a dictionary look-up each.
  public var weightsByOrdinal: [Double] {
    InteractionKind.allCases.map { weights[$0] ?? $0.defaultWeight }
  }

  /// The factor by which a strength decays over `seconds`: 2^(−seconds / half-life).
  @inlinable
  public func decay(overSeconds seconds: Double) -> Double {
    exp2(-seconds / (halfLifeDays * 86_400))
  }
}

/// The running aggregate of one pair's dated events, fed in time order.
///
/// sₖ = sₖ₋₁ · 2^(−(tₖ − tₖ₋₁)/h) + wₖ; the peak is maxₖ sₖ; and for T ≥ tₖ,
/// s(T) = sₖ · 2^(−(T − tₖ)/h). Undated explicit ties add a constant on top.
public struct TieAccumulator: Hashable, Sendable {
  public var count: Int = 0
  public var first: Int64? = nil
  public var last: Int64? = nil
  /// The decaying part's value right after the last dated event.
  public var strengthAtLast: Double = 0
  /// The largest value of the decaying part.
  public var peakDecaying: Double = 0
  /// The sum of undated explicit tie weights.
  public var constant: Double = 0

  public init() {}

  public init(
    count: Int, first: Int64?, last: Int64?, strengthAtLast: Double, peakDecaying: Double,
    constant: Double
  ) {
    self.count = count
    self.first = first
    self.last = last
    self.strengthAtLast = strengthAtLast
    self.peakDecaying = peakDecaying
    self.constant = constant
  }

  /// Adds a dated event at `time` (seconds) of weight `weight`.
  /// - Precondition: `time` is not before the last event added.
  public mutating func add(time: Int64, weight: Double, halfLifeSeconds: Double) {
    if let last {
      precondition(time >= last, "events must be added in time order")
      strengthAtLast = strengthAtLast * exp2(-Double(time - last) / halfLifeSeconds) + weight
    } else {
      strengthAtLast = weight
      first = time
    }
    last = time
    count += 1
    peakDecaying = max(peakDecaying, strengthAtLast)
  }

  /// Adds an undated explicit tie of weight `weight`.
  public mutating func addConstant(_ weight: Double) {
    constant += weight
    count += 1
  }

  /// The strength at `time` (seconds), which must not precede the last event.
  public func strength(at time: Int64, halfLifeSeconds: Double) -> Double {
    guard let last else { return constant }
    return strengthAtLast * exp2(-Double(max(time - last, 0)) / halfLifeSeconds) + constant
  }

  /// The largest strength the pair ever had.
  public var peak: Double { peakDecaying + constant }
}
