/// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators",
/// OOPSLA 2014, doi:10.1145/2660193.2660195): a tiny seeded generator, so that every randomised
/// algorithm here gives the same answer for the same seed on every platform and toolchain
/// (the system generator is not seedable, and the standard library's bounded sampling is not
/// promised to stay the same across releases).
struct _SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// A uniform integer in `0..<bound` (bound > 0) by Lemire's multiply-and-reject method
/// ("Fast random integer generation in an interval", ACM TOMACS 29(1), 2019,
/// doi:10.1145/3230636), written out so that the sequence is fixed for a given generator.
@inline(__always)
func _boundedRandom(_ bound: UInt64, using generator: inout some RandomNumberGenerator) -> UInt64 {
  precondition(bound > 0)
  var product = generator.next().multipliedFullWidth(by: bound)
  if product.low < bound {
    let threshold = (0 &- bound) % bound
    while product.low < threshold {
      product = generator.next().multipliedFullWidth(by: bound)
    }
  }
  return product.high
}

/// Shuffles `values` in place (Fisher–Yates) with `_boundedRandom`.
func _shuffle<T>(_ values: inout [T], using generator: inout some RandomNumberGenerator) {
  guard values.count > 1 else { return }
  var i = values.count - 1
  while i > 0 {
    let j = Int(_boundedRandom(UInt64(i + 1), using: &generator))
    values.swapAt(i, j)
    i -= 1
  }
}
