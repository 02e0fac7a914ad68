import KithGraph

/// One of the ego's ties, as the tie rankings report it.
public struct RankedTie: Sendable, Hashable {
  /// The other person's dense index.
  public var person: Int32
  public var tie: TieSummary

  /// Current strength as a fraction of the peak (1 for a tie at its peak, 0 when faded away).
  public var retained: Double { tie.peak > 0 ? tie.strength / tie.peak : 1 }
}

/// Rankings of one person's ties: the strongest now, and the strong ones that faded.
public enum TieRanking {
  /// The ties of `ego`, strongest first (ties broken by peak, then handle).
  /// - Complexity: O(d log d) for the ego's degree d.
  public static func strongest(in snapshot: NetworkSnapshot, ego: Int32, limit: Int? = nil)
    -> [RankedTie]
  {
    let ties = egoTies(snapshot, ego)
    let sorted = ties.sorted {
      if $0.tie.strength != $1.tie.strength { return $0.tie.strength > $1.tie.strength }
      if $0.tie.peak != $1.tie.peak { return $0.tie.peak > $1.tie.peak }
      return snapshot.people.handles[Int($0.person)] < snapshot.people.handles[Int($1.person)]
    }
    return limit.map { Array(sorted.prefix($0)) } ?? sorted
  }

  /// The ego's ties that were strong and have faded: peak in the top half of the ego's ties,
  /// less than half of it retained, ranked by the strength lost (peak − strength).
  /// - Complexity: O(d log d).
  public static func faded(in snapshot: NetworkSnapshot, ego: Int32, limit: Int? = nil)
    -> [RankedTie]
  {
    let ties = egoTies(snapshot, ego)
    let peaks = ties.map(\.tie.peak).sorted()
    let medianPeak = peaks.isEmpty ? 0 : peaks[peaks.count / 2]
    let sorted = ties.filter { $0.tie.peak >= medianPeak && $0.retained < 0.5 }.sorted {
      let lossA = $0.tie.peak - $0.tie.strength
      let lossB = $1.tie.peak - $1.tie.strength
      if lossA != lossB { return lossA > lossB }
      return snapshot.people.handles[Int($0.person)] < snapshot.people.handles[Int($1.person)]
    }
    return limit.map { Array(sorted.prefix($0)) } ?? sorted
  }

  static func egoTies(_ snapshot: NetworkSnapshot, _ ego: Int32) -> [RankedTie] {
    let start = snapshot.offsets[Int(ego)]
    return (start..<snapshot.offsets[Int(ego) + 1]).map { slot in
      RankedTie(
        person: snapshot.neighbors[slot],
        tie: snapshot.tie(snapshot.tieIndex(slot: slot, of: ego)))
    }
  }
}
