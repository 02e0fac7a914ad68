import Foundation
import KithGraph
import KithTestSupport

/// Whole seconds `days` days after the fixture epoch, 2026-01-01T00:00:00Z.
func at(_ days: Double) -> Int64 { SnapshotFixture.days(days) }

/// Seconds in a day.
let daySeconds: Int64 = 86_400

/// Tolerance for values that went through the snapshot's `Float` tie columns (strength, peak):
/// a `Float` holds about 7 significant digits.
let tieFloatTolerance = 1e-6

/// Tolerance for values computed in `Double` from whole seconds (ratios, days, balances).
let secondsRatioTolerance = 1e-12

/// A fixture with the ego `me` and the given contacts (declared, no events yet).
func egoFixture(_ contacts: String..., halfLifeDays: Double = 180) -> SnapshotFixture {
  var fixture = SnapshotFixture(settings: DecaySettings(halfLifeDays: halfLifeDays), ego: "me")
  for c in contacts { fixture.person(c) }
  return fixture
}

extension SnapshotFixture {
  /// A one-to-one interaction of the ego with `contact`.
  mutating func meet(
    _ contact: String, at time: Int64, _ kind: InteractionKind = .meeting,
    by initiator: String? = nil,
    followUp: Int64? = nil, summary: String? = nil
  ) {
    interaction(
      at: time, kind, ["me", contact], initiator: initiator, followUp: followUp, summary: summary)
  }

  /// The handles of dense indices, in order.
  func handles(_ people: [Int32]) -> [String] { people.map(handle) }
}

/// 2^(−days / halfLife): the decay factor written out, for hand-computed expectations.
func halving(days: Double, halfLife: Double = 180) -> Double { pow(2, -days / halfLife) }
