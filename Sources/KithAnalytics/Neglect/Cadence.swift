import KithGraph

/// Where a contact's cadence came from.
public enum CadenceSource: String, Sendable, Hashable, Codable {
  /// The person's own keep-in-touch setting.
  case explicit
  /// The shortest cadence among the person's tags.
  case tag
  /// The median gap between the days the ego was in touch with them (3 or more days since the
  /// tie was last lost; ``ContactRhythm``).
  case learned
  /// A default from the tie's rank among the ego's ties by peak strength (Dunbar's layers); for
  /// a tie revived with no rhythm yet, by its current strength
  /// (``CadenceModel/tierRanks(_:ego:revivals:)``).
  case tier
}

/// A contact's expected interval between contacts.
public struct Cadence: Sendable, Hashable {
  public var days: Double
  public var source: CadenceSource
  /// The contact's usual gap: the learned median gap when known, else `days`.
  public var usualGapDays: Double
  /// For a tag cadence, the tag whose cadence it is (the shortest; among equal ones the first
  /// by name).
  public var tag: String? = nil
  /// For a learned cadence, the median of the latest gaps when it is more than twice the
  /// cadence (``CadenceModel/recentGapDays(of:in:)``): the rhythm has slowed, and a reason that
  /// said only "you usually speak every 7 days" would not be true of the last year.
  public var recentGapDays: Double? = nil
  /// When the tie was revived after a silence that lost it (``Revivals``): the time of the
  /// interaction or exchange that ended the silence; nil when it was never lost. A tier
  /// cadence then says there has been no rhythm since.
  public var revivedOn: Int64? = nil

  /// For a tier cadence, the size of the Dunbar layer whose default it is (5, 15, 50, 150).
  public var layer: Int? {
    source == .tier ? CadenceModel.tiers.first { $0.days == days }?.maxRank : nil
  }

  /// The cadence and where it comes from, as a clause of a sentence: "you usually speak every
  /// 12 days", "you set a cadence of 30 days", "their tag's cadence is 14 days", "30 days is
  /// the default for your 15 closest ties".
  public var clause: String {
    let d = Int(days.rounded())
    let span = "\(d) \(d == 1 ? "day" : "days")"
    switch source {
    case .learned:
      // A clause that often sits inside parentheses itself: no parentheses of its own.
      let lately = recentGapDays.map { ", lately every \(Int($0.rounded())) days" } ?? ""
      return "you usually speak every \(span)\(lately)"
    case .explicit: return "you set a cadence of \(span)"
    case .tag: return "their tag's cadence is \(span)"
    case .tier:
      let since = revivedOn.map { ", with no rhythm since you reconnected on \(day($0))" } ?? ""
      return
        (layer.map { "\(span) is the default for your \($0) closest ties" }
        ?? "\(span) is the default for their rank") + since
    }
  }
}

extension Cadence {
  /// The cadence beside a last contact ("last contact 2026-10-14, …"), as what it is: a habit
  /// only when learned ("usually every 7 days (learned)"); a setting or a tag's cadence is a
  /// goal ("you aim for every 14 days (your setting)", "(the cadence of the tag customer)");
  /// a tier's is a default for someone met too seldom to have a rhythm ("no rhythm yet: 180
  /// days is the default for your 50 closest ties"), or met too seldom since the tie was
  /// revived ("no rhythm since you reconnected on 2026-08-05: …").
  public var rhythm: String {
    let d = Int(days.rounded())
    let span = "\(d) \(d == 1 ? "day" : "days")"
    switch source {
    case .learned: return "usually every \(span) (learned)"
    case .explicit: return "you aim for every \(span) (your setting)"
    case .tag:
      return
        "you aim for every \(span) (\(tag.map { "the cadence of the tag \($0)" } ?? "a tag's cadence"))"
    case .tier:
      let none =
        revivedOn.map { "no rhythm since you reconnected on \(day($0))" } ?? "no rhythm yet"
      return layer.map { "\(none): \(span) is the default for your \($0) closest ties" }
        ?? "\(none): \(span) is the default for their rank"
    }
  }

  /// The cadence as it was, for a tie let go, which keeps none now: "every 14 days (your
  /// setting)", "every 14 days (the cadence of the tag customer)", "every 12 days (learned)",
  /// "every 180 days (the default for your 50 closest ties)".
  public var formerly: String {
    let d = Int(days.rounded())
    let span = "every \(d) \(d == 1 ? "day" : "days")"
    switch source {
    case .learned: return "\(span) (learned)"
    case .explicit: return "\(span) (your setting)"
    case .tag: return "\(span) (\(tag.map { "the cadence of the tag \($0)" } ?? "a tag's cadence"))"
    case .tier:
      return
        "\(span) (\(layer.map { "the default for your \($0) closest ties" } ?? "the default for their rank"))"
    }
  }

  /// What a lost tie's silence is measured against, for "silence is over 8× …": the usual
  /// gap when it is learned (or longer than the cadence), else the cadence and where it comes
  /// from — "the 7-day default for your 5 closest ties", not a "usual gap" there never was.
  public var lostMeasure: String {
    let gap = Int(usualGapDays.rounded())
    if source == .learned || usualGapDays > days {
      return "your usual gap with them (\(gap) \(gap == 1 ? "day" : "days"))"
    }
    let d = Int(days.rounded())
    switch source {
    case .explicit: return "the \(d)-day cadence you set"
    case .tag: return "their tag's \(d)-day cadence"
    case .learned, .tier:
      return layer.map { "the \(d)-day default for your \($0) closest ties" }
        ?? "the \(d)-day default for their rank"
    }
  }
}

/// Keep-in-touch cadences: explicit, by tag, learned from history, or by Dunbar tier.
///
/// Reference: Dunbar, "The social brain hypothesis" (1998), doi:10.1002/(SICI)1520-6505(1998)6:5<178::AID-EVAN5>3.0.CO;2-8
/// — layers of about 5, 15, 50 and 150 contacts, with contact frequencies of roughly weekly,
/// monthly, twice a year and yearly.
public enum CadenceModel {
  /// The Dunbar tiers: (largest rank in the tier, cadence in days).
  public static let tiers: [(maxRank: Int, days: Double)] = [
    (5, 7), (15, 30), (50, 180), (150, 365),
  ]

  /// The shortest cadence learned from history, in days.
  public static let minimumLearnedDays = ContactRhythm.minimumGapDays

  /// The usual gap behind a chosen cadence: the larger of the cadence and the learned gap
  /// (floored at a week).
  static func usualGap(_ cadence: Double, _ learned: Double?) -> Double {
    max(cadence, learned.map { max($0, minimumLearnedDays) } ?? 0)
  }

  /// The tier cadence for a tie ranked `rank` (1-based) by peak strength; nil beyond 150.
  public static func tierCadence(rank: Int) -> Double? {
    tiers.first { rank <= $0.maxRank }?.days
  }

  /// The ranks (1-based) of the ego's contacts by peak strength, strongest first (ties broken
  /// by handle), as a dense array indexed by person (0 = not a contact).
  /// - Complexity: O(d) for the ego's degree d, plus O(m log m) for each m contacts of equal
  ///   peak.
  public static func peakRanks(_ snapshot: NetworkSnapshot, ego: Int32) -> [Int32] {
    ranks(byPeak(snapshot, ego: ego).contacts, snapshot)
  }

  /// The ego's contacts by peak strength, strongest first, equal peaks by handle; and their
  /// peaks in that order.
  ///
  /// Sorted as integers (a key whose order is the peaks' descending order, by a stable radix
  /// sort), then each run of equal peaks by handle: a comparison that reads each pair's peaks
  /// and handles costs several times as much.
  static func byPeak(_ snapshot: NetworkSnapshot, ego: Int32) -> (contacts: [Int32], peaks: [Float])
  {
    let slots = snapshot.offsets[Int(ego)]..<snapshot.offsets[Int(ego) + 1]
    func peak(_ slot: Int) -> Float { snapshot.tiePeak[snapshot.tieIndex(slot: slot, of: ego)] }
    let (order, sorted) = RadixSort.sorted(slots.map { UInt64(descending(peak($0))) })
    var contacts = order.map { snapshot.neighbors[slots.lowerBound + Int($0)] }
    let handles = snapshot.people.handles
    var start = 0
    while start < sorted.count {
      var end = start + 1
      while end < sorted.count && sorted[end] == sorted[start] { end += 1 }
      if end - start > 1 { contacts[start..<end].sort { handles[Int($0)] < handles[Int($1)] } }
      start = end
    }
    return (contacts, order.map { peak(slots.lowerBound + Int($0)) })
  }

  /// Ranks 1, 2, … for `contacts` in order, as a dense array indexed by person.
  private static func ranks(_ contacts: [Int32], _ snapshot: NetworkSnapshot) -> [Int32] {
    var ranks = [Int32](repeating: 0, count: snapshot.personCount)
    for (i, c) in contacts.enumerated() { ranks[Int(c)] = Int32(i + 1) }
    return ranks
  }

  /// A key whose ascending order is `x`'s descending order (0 and −0 alike).
  static func descending(_ x: Float) -> UInt32 {
    let bits = (x == 0 ? 0 : x).bitPattern
    // Ascending: negative numbers' bits reversed, positive ones' above them.
    let ascending = bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
    return ~ascending
  }

  /// The ranks that choose a tier cadence: `peakRanks`, except for a tie revived after a
  /// silence that lost it, by an interaction or an exchange, and met on fewer than
  /// ``ContactRhythm/minimumDays`` days since (``Revivals``), which has no rhythm yet and is
  /// ranked by what it is now, not what it was years ago: 1 + the number of the ego's other
  /// ties whose peak is greater than its current strength. One congratulation to a weekly
  /// colleague of two years ago is not a top-5 tie.
  /// - Parameter revivals: ``Revivals`` of the same snapshot and ego.
  /// - Complexity: as `peakRanks`, plus O(log d) for each such tie.
  public static func tierRanks(_ snapshot: NetworkSnapshot, ego: Int32, revivals: Revivals)
    -> [Int32]
  {
    let (contacts, descendingPeaks) = byPeak(snapshot, ego: ego)
    var ranks = ranks(contacts, snapshot)
    let slots = snapshot.offsets[Int(ego)]..<snapshot.offsets[Int(ego) + 1]
    var peaks: [Float]? = nil
    for slot in slots {
      let c = snapshot.neighbors[slot]
      guard revivals.withoutRhythm(c, in: snapshot) else { continue }
      if peaks == nil { peaks = descendingPeaks.reversed() }
      let t = snapshot.tieIndex(slot: slot, of: ego)
      let strength = snapshot.tieStrength[t]
      // Ties with a greater peak, less this tie's own (what it was, not what it is).
      var greater = peaks.unsafelyUnwrapped.count - upperBound(peaks.unsafelyUnwrapped, strength)
      if snapshot.tiePeak[t] > strength { greater -= 1 }
      ranks[Int(c)] = Int32(greater + 1)
    }
    return ranks
  }

  /// How many of the latest gaps `recentGapDays` looks at.
  public static let recentGaps = 6

  /// The median of the latest `recentGaps` gaps between the days you were in touch with
  /// `contact` (since the tie was last lost), when there are more gaps than that and the median
  /// is over twice `cadence`; else nil.
  /// - Complexity: O(1) but for the interactions on those days.
  public static func recentGapDays(of contact: Int32, in snapshot: NetworkSnapshot, cadence: Double)
    -> Double?
  {
    let median = snapshot.activity.egoInteractions.recentGapDays(of: contact, gaps: recentGaps)
    return median.flatMap { $0 > 2 * cadence ? $0 : nil }
  }

  /// The cadence of `contact`: the person's explicit setting; else the shortest cadence of
  /// their tags; else, with at least 3 days of contact since the tie was last lost, the
  /// median gap between those days (at least `minimumLearnedDays`; ``ContactRhythm``); else
  /// the Dunbar tier of `rank` (nil beyond rank 150 or with no rank), from `tierRanks`. A tie
  /// revived by an exchange has had no day of contact since until an interaction follows
  /// (``Revivals``).
  /// - Parameter revivals: ``Revivals`` of the same snapshot and ego.
  /// - Complexity: O(t) for the person's t tags (the rhythms are the snapshot's, the revivals
  ///   computed once).
  public static func cadence(
    of contact: Int32, in snapshot: NetworkSnapshot, rank: Int32, revivals: Revivals
  ) -> Cadence? {
    let m = revivals.rhythm(of: contact, in: snapshot).medianGapDays
    let learned = m.isNaN ? nil : m
    let revivedOn = revivals.revival(of: contact, in: snapshot)
    let explicit = snapshot.people.cadenceDays[Int(contact)]
    if explicit > 0 {
      return Cadence(
        days: Double(explicit), source: .explicit, usualGapDays: usualGap(Double(explicit), learned)
      )
    }
    let shortestTag = snapshot.people.tags[Int(contact)].compactMap { tag in
      snapshot.activity.tagCadences[tag].map { (days: $0, tag: tag) }
    }.min { ($0.days, $0.tag) < ($1.days, $1.tag) }
    if let (tagDays, tag) = shortestTag {
      return Cadence(
        days: Double(tagDays), source: .tag, usualGapDays: usualGap(Double(tagDays), learned),
        tag: tag)
    }
    if let learned {
      // Weekly is the most frequent rhythm of Dunbar's layers, and the finest Kith learns:
      // a colleague seen daily is not neglected after a quiet week.
      let days = max(learned, minimumLearnedDays)
      return Cadence(days: days, source: .learned, usualGapDays: days, revivedOn: revivedOn)
    }
    if rank > 0, let days = tierCadence(rank: Int(rank)) {
      return Cadence(days: days, source: .tier, usualGapDays: days, revivedOn: revivedOn)
    }
    return nil
  }
}
