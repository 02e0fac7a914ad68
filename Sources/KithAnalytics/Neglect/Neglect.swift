import Foundation
import KithGraph

/// Whether an overdue contact is still worth a nudge or has gone silent for too long.
public enum NeglectStatus: String, Sendable, Hashable, Codable {
  case neglected
  /// Silent for more than `lostMultiple` × the usual gap (Navarro et al. 2017), or for a tie
  /// with no rhythm, a year; see ``Neglect/lostAfterDays(_:parameters:)``.
  case lost
}

/// One overdue contact.
public struct NeglectedContact: Sendable, Hashable {
  public var person: Int32
  public var lastContact: Int64
  /// Elapsed days since the last contact, with a fraction: what the overdue ratio and the
  /// lost rule measure (and JSON's `daysSince` reports).
  public var daysSince: Double
  /// Calendar days (in ``KithTime/zone``) from the day of the last contact to the snapshot's
  /// day (``KithTime/calendarDays(from:to:)``): the count text shows beside the date, which
  /// always matches it. 31 from 2025-10-31 to 2025-12-01, whatever the hours.
  public var calendarDaysSince: Int
  public var cadence: Cadence
  public var overdueRatio: Double
  public var strength: Double
  public var peak: Double
  public var valueAtRisk: Double
  public var status: NeglectStatus
  /// One sentence a person can act on.
  public var suggestion: String

  /// Lost, but still holding at least the share of its peak that a dormant tie has lost
  /// (``NeglectParameters/dormantRetained``): fading, not gone. `neglected` names them where
  /// it leaves the lost ones out.
  public func isFading(_ parameters: NeglectParameters = NeglectParameters()) -> Bool {
    status == .lost && strength >= parameters.dormantRetained * peak
  }

  /// The current strength as a whole percentage of the peak (0 with no peak).
  public var percentOfPeak: Int { peak > 0 ? Int((100 * strength / peak).rounded()) : 0 }
}

/// A strong tie that went quiet: worth reconnecting.
public struct DormantContact: Sendable, Hashable {
  public var person: Int32
  public var lastContact: Int64
  public var peak: Double
  public var strength: Double
  /// How little of the ego's tie strength sits among this contact's own contacts (0…1).
  public var novelty: Double
  public var score: Double
  public var why: String
}

/// Parameters of neglect detection, with the design's defaults.
public struct NeglectParameters: Sendable, Hashable {
  /// Silence longer than this multiple of the usual gap marks a tie lost. (The snapshot
  /// splits a contact's history into runs at such silences with the defaults:
  /// ``ContactRhythm``.)
  public var lostMultiple: Double = ContactRhythm.lostMultiple
  /// Silence longer than this multiple of a tier cadence marks a tie lost…
  public var tierLostMultiple: Double = 2
  /// …if it is also longer than this many days.
  public var tierLostFloorDays: Double = 365
  /// A tie with a learned cadence is lost only after at least this many days of silence:
  /// the default half-life of tie strength, so that a lost tie has lost at least half of
  /// what it had at the last contact.
  public var learnedLostFloorDays: Double = ContactRhythm.lostFloorDays
  /// The overdue ratio is capped at this value in the value at risk.
  public var overdueCap: Double = 8
  /// Dormant: current strength below this fraction of the peak…
  public var dormantRetained: Double = 0.1
  /// …and no contact for at least this many days.
  public var dormantSilenceDays: Double = 365
  /// A contact within this many days, or within the contact's cadence when that is longer,
  /// is being in touch: such a tie has not faded, however far below its peak it is
  /// (``Neglect/isFaded(strength:peak:daysSince:cadenceDays:parameters:)``).
  public var inTouchDays: Double = 30

  public init() {}
}

/// Neglected and dormant ties of an ego.
///
/// - Neglected: overdue ratio (T − last contact) / cadence > 1, ranked by value at risk =
///   peak × min(overdue ratio, cap), so a fading strong tie outranks a faint one.
/// - Lost: silence > 8 × the usual gap (Navarro, Miritello et al., "Temporal patterns behind
///   the strength of persistent ties", EPJ Data Science 2017, doi:10.1140/epjds/s13688-017-0127-3)
///   and at least half a year for a learned cadence; > 2 × a tier default and at least a
///   year; never for a cadence the user set (``lostAfterDays(_:parameters:)``).
/// - Dormant: peak in the top half of the ego's ties, strength < 10% of peak, no contact for
///   a year; ranked by novelty × peak (Levin, Walter & Murnighan, "Dormant ties: the value of
///   reconnecting", Organization Science 2011, doi:10.1287/orsc.1100.0592).
///
/// Only contacts with at least one real interaction are considered: the clock restarts at
/// the last interaction or a later exchange between the two (``lastContact(of:in:exchanges:)``),
/// and an explicit tie alone starts no clock.
public enum Neglect {
  /// After how many days of silence a contact with `cadence` is lost; nil when never.
  ///
  /// - Learned: `lostMultiple` × the usual gap, the median gap (Navarro et al.), but at least
  ///   `learnedLostFloorDays` (half a year). Navarro et al. read such a silence as a sign that
  ///   the tie has decayed; here the decay is measured, and after eight weeks a weekly tie
  ///   still holds three quarters of its strength: a weekly series that ended, or a burst of
  ///   messages in one week, would otherwise hide the strongest ties as lost within two
  ///   months.
  /// - Tier (fewer than three days of contact): there is no usual gap, only a default guessed
  ///   from the tie's rank, so `tierLostMultiple` (2) × that default but at least
  ///   `tierLostFloorDays` (a year, as dormancy asks). Without the floor, a small network's
  ///   strongest contacts, met once, had the 7-day default and were lost after 8 weeks, while
  ///   weaker contacts met on the same day, with the 30-day default, were still listed; with
  ///   8 × the default, a contact met once at a conference (the 180-day default) was
  ///   "neglected" for four years.
  /// - Explicit or tag: never. The cadence is what the user asked for; a contact silent far
  ///   beyond it is the one the user wants to hear about, not to have hidden.
  public static func lostAfterDays(_ cadence: Cadence, parameters: NeglectParameters) -> Double? {
    switch cadence.source {
    case .learned:
      max(parameters.lostMultiple * cadence.usualGapDays, parameters.learnedLostFloorDays)
    case .tier: max(parameters.tierLostMultiple * cadence.days, parameters.tierLostFloorDays)
    case .explicit, .tag: nil
    }
  }

  /// Why a lost tie's silence is too long, after "400 days of silence is": "over 8× your usual
  /// gap with them (14 days)"; for a tier cadence, "over a year, with only the 180-day default
  /// for your 50 closest ties to go by" or "over 2× the 365-day default for your 150 closest
  /// ties", whichever bound `lostAfterDays` took.
  /// - Parameter spelled: "8 times" rather than "8×".
  public static func lostReason(
    _ cadence: Cadence, parameters: NeglectParameters, spelled: Bool = false
  ) -> String {
    func times(_ x: Double) -> String {
      String(format: spelled ? "%g times" : "%g×", x)
    }
    guard cadence.source == .tier else {
      return "over \(times(parameters.lostMultiple)) \(cadence.lostMeasure)"
    }
    if parameters.tierLostMultiple * cadence.days >= parameters.tierLostFloorDays {
      return "over \(times(parameters.tierLostMultiple)) \(cadence.lostMeasure)"
    }
    let floor = Int(parameters.tierLostFloorDays.rounded())
    let span = floor == 365 ? "a year" : "\(floor) days"
    return "over \(span), with only \(cadence.lostMeasure) to go by"
  }

  /// Overdue contacts of `ego`, by value at risk (highest first; ties by handle).
  /// - Parameters:
  ///   - includeLost: also list lost ties (``lostAfterDays(_:parameters:)``).
  ///   - includeLetGo: also list the ties the ego let go (``isLetGo(_:in:lastContact:)``).
  /// - Complexity: O(d log d + E log k + X) for the ego's degree d, E ego interactions and X
  ///   exchanges.
  public static func neglected(
    in snapshot: NetworkSnapshot, ego: Int32, includeLost: Bool = false,
    includeLetGo: Bool = false, limit: Int? = nil,
    parameters: NeglectParameters = NeglectParameters()
  ) -> [NeglectedContact] {
    let revivals = Revivals(snapshot, ego: ego)
    let ranks = CadenceModel.tierRanks(snapshot, ego: ego, revivals: revivals)
    let now = snapshot.asOfSeconds
    let advisor = Suggestions(snapshot: snapshot, ego: ego, parameters: parameters)
    let exchanged = lastExchanges(in: snapshot, ego: ego)
    var out: [NeglectedContact] = []
    for slot in snapshot.offsets[Int(ego)]..<snapshot.offsets[Int(ego) + 1] {
      let c = snapshot.neighbors[slot]
      guard let last = lastContact(of: c, in: snapshot, exchanges: exchanged),
        includeLetGo || !isLetGo(c, in: snapshot, lastContact: last),
        var cadence = CadenceModel.cadence(
          of: c, in: snapshot, rank: ranks[Int(c)], revivals: revivals)
      else { continue }
      let daysSince = Double(now - last) / 86_400
      let ratio = daysSince / cadence.days
      guard ratio > 1 else { continue }
      let lost = lostAfterDays(cadence, parameters: parameters).map { daysSince > $0 } ?? false
      if lost && !includeLost { continue }
      if cadence.source == .learned {
        cadence.recentGapDays = CadenceModel.recentGapDays(
          of: c, in: snapshot, cadence: cadence.days)
      }
      let t = snapshot.tieIndex(slot: slot, of: ego)
      let peak = Double(snapshot.tiePeak[t])
      var item = NeglectedContact(
        person: c, lastContact: last, daysSince: daysSince,
        calendarDaysSince: KithTime.calendarDays(from: last, to: now), cadence: cadence,
        overdueRatio: ratio,
        strength: Double(snapshot.tieStrength[t]), peak: peak,
        valueAtRisk: peak * min(ratio, parameters.overdueCap), status: lost ? .lost : .neglected,
        suggestion: "")
      item.suggestion = advisor.suggestion(for: item)
      out.append(item)
    }
    // Sorted as positions, not as contacts (large values to move, with strings each).
    let handles = snapshot.people.handles
    let risks = out.map(\.valueAtRisk)
    let people = out.map(\.person)
    let order = out.indices.sorted { i, j in
      risks[i] != risks[j] ? risks[i] > risks[j] : handles[Int(people[i])] < handles[Int(people[j])]
    }
    return order.prefix(limit ?? order.count).map { out[$0] }
  }

  /// The novelty of each contact in `contacts`: 1 − (the ego's strength to the contact's own
  /// contacts) / (the ego's strength to everyone else). 1 when the ego has no other tie.
  /// - Complexity: O(d + Σ deg(c)) with one dense array of n floats.
  public static func novelty(in snapshot: NetworkSnapshot, ego: Int32, of contacts: [Int32])
    -> [Double]
  {
    let egoStrength = strengths(in: snapshot, from: ego)
    let total = egoStrength.reduce(0.0) { $0 + Double($1) }
    return contacts.map { c in
      let others = total - Double(egoStrength[Int(c)])
      guard others > 0 else { return 1 }
      var shared = 0.0
      for w in snapshot.neighbors(of: c) where w != ego { shared += Double(egoStrength[Int(w)]) }
      return max(0, min(1, 1 - shared / others))
    }
  }

  /// Dormant ties of `ego`, by novelty × peak (highest first); ties the ego let go only with
  /// `includeLetGo`.
  /// - Parameter novelty: a replacement novelty measure (e.g. by community), given the
  ///   candidates; by default `Neglect.novelty`.
  /// - Complexity: O(d log d + Σ deg(c) over candidates).
  public static func dormant(
    in snapshot: NetworkSnapshot, ego: Int32, limit: Int? = nil, includeLetGo: Bool = false,
    parameters: NeglectParameters = NeglectParameters(),
    novelty customNovelty: (([Int32]) -> [Double])? = nil
  ) -> [DormantContact] {
    let now = snapshot.asOfSeconds
    let exchanged = lastExchanges(in: snapshot, ego: ego)
    let slots = snapshot.offsets[Int(ego)]..<snapshot.offsets[Int(ego) + 1]
    let peaks = slots.map { Double(snapshot.tiePeak[snapshot.tieIndex(slot: $0, of: ego)]) }
      .sorted()
    guard !peaks.isEmpty else { return [] }
    // The top half: at or above the upper median peak (with 4 ties, the strongest 2).
    let medianPeak = peaks[peaks.count / 2]
    var candidates: [(person: Int32, tie: Int, last: Int64)] = []
    for slot in slots {
      let c = snapshot.neighbors[slot]
      let t = snapshot.tieIndex(slot: slot, of: ego)
      let peak = Double(snapshot.tiePeak[t])
      let strength = Double(snapshot.tieStrength[t])
      guard peak >= medianPeak, peak > 0, strength < parameters.dormantRetained * peak,
        let last = lastContact(of: c, in: snapshot, exchanges: exchanged),
        Double(now - last) / 86_400 >= parameters.dormantSilenceDays,
        includeLetGo || !isLetGo(c, in: snapshot, lastContact: last)
      else { continue }
      candidates.append((c, t, last))
    }
    let people = candidates.map(\.person)
    let novelties = customNovelty?(people) ?? novelty(in: snapshot, ego: ego, of: people)
    var out: [DormantContact] = []
    for (k, c) in candidates.enumerated() {
      let peak = Double(snapshot.tiePeak[c.tie])
      let strength = Double(snapshot.tieStrength[c.tie])
      // Counted as the dates are printed (the plan says "silent since" the day).
      let days = KithTime.calendarDays(from: c.last, to: now)
      // Rank by peak = 1 + the number of the ego's ties with a higher peak.
      let higher = peaks.count - upperBound(peaks, peak)
      let topPercent = max(1, Int((Double(higher + 1) / Double(peaks.count) * 100).rounded(.up)))
      // "Strongest" only for the top tenth; a dormant tie may be anywhere in the top half.
      let once =
        topPercent <= 10 ? "Once among your strongest ties" : "Once in the top half of your ties"
      let why =
        "\(once) (peak \(fmt(peak)), top \(topPercent)%), now at \(Int((strength / peak * 100).rounded()))% after \(days) days of silence; novelty \(Int((novelties[k] * 100).rounded()))% (how much of their world lies outside your usual circles)."
      out.append(
        DormantContact(
          person: c.person, lastContact: c.last, peak: peak, strength: strength,
          novelty: novelties[k], score: novelties[k] * peak, why: why))
    }
    out.sort {
      $0.score != $1.score
        ? $0.score > $1.score
        : snapshot.people.handles[Int($0.person)] < snapshot.people.handles[Int($1.person)]
    }
    return limit.map { Array(out.prefix($0)) } ?? out
  }
}

extension Neglect {
  /// Whether the ego's tie to a contact has faded: no contact for at least
  /// ``NeglectParameters/dormantSilenceDays`` (a year), or under
  /// ``NeglectParameters/dormantRetained`` (a tenth) of its peak without being in touch
  /// lately. Each half of the dormant rule, on its own and whatever the tie's rank: a contact
  /// met twice long ago has no cadence and is never overdue, yet is no one to ask a favour of
  /// before getting back in touch. Intro, path, beyond, brief, brokers and the plan ask
  /// "reconnect first" of such a go-between.
  ///
  /// Being in touch lately — a contact (an interaction, or an exchange either way) within the
  /// contact's cadence, or within ``NeglectParameters/inTouchDays`` (30) when that is longer
  /// or there is no cadence — means the tie has not faded, whatever is left of a peak built
  /// long ago: a favour they did you today, or one call after years of weekly meetings, is
  /// not a faded tie. A year of silence is faded whatever the cadence.
  /// - Parameters:
  ///   - daysSince: days since the last contact; nil with none (a recorded tie alone, which
  ///     starts no clock: only the strength counts then).
  ///   - cadenceDays: the contact's cadence (``CadenceModel/cadence(of:in:rank:revivals:)``);
  ///     nil with none.
  public static func isFaded(
    strength: Double, peak: Double, daysSince: Double?, cadenceDays: Double?,
    parameters: NeglectParameters = NeglectParameters()
  ) -> Bool {
    if let daysSince {
      if daysSince >= parameters.dormantSilenceDays { return true }
      if daysSince <= max(cadenceDays ?? 0, parameters.inTouchDays) { return false }
    }
    return peak > 0 && strength < parameters.dormantRetained * peak
  }
}

extension Neglect {
  /// Whether the ego let the tie to `c` go (`kith let-go`) and has not been in touch since:
  /// let go by the snapshot's time, with no contact after (`lastContact`, from
  /// ``lastContact(of:in:exchanges:)``). A later contact makes the tie live again.
  public static func isLetGo(_ c: Int32, in snapshot: NetworkSnapshot, lastContact: Int64?)
    -> Bool
  {
    guard let time = snapshot.people.letGo(of: c), time <= snapshot.asOfSeconds else {
      return false
    }
    return (lastContact ?? .min) <= time
  }

  /// The ego's first contact with `c` after `time` (seconds): an interaction, or an exchange
  /// either way; nil with none. "Back in touch since" a tie was let go.
  public static func firstContact(
    of c: Int32, after time: Int64, in snapshot: NetworkSnapshot, ego: Int32
  ) -> Int64? {
    let history = snapshot.activity.egoInteractions
    var first = history.time[history.range(of: c)].first { $0 > time }
    let x = snapshot.activity.exchanges
    for k in 0..<x.count
    where x.time[k] > time
      && ((x.giver[k] == ego && x.receiver[k] == c) || (x.receiver[k] == ego && x.giver[k] == c))
    {
      first = min(first ?? .max, x.time[k])
    }
    return first
  }

  /// The people whose ties the ego let go and has not been in touch with since, by index.
  public static func lettingGo(in snapshot: NetworkSnapshot, ego: Int32) -> Set<Int32> {
    guard !snapshot.people.letGo.isEmpty else { return [] }
    let exchanged = lastExchanges(in: snapshot, ego: ego)
    var out = Set<Int32>()
    for c in snapshot.neighbors(of: ego) {
      let last = lastContact(of: c, in: snapshot, exchanges: exchanged)
      if isLetGo(c, in: snapshot, lastContact: last) { out.insert(c) }
    }
    return out
  }
}

extension Neglect {
  /// When the ego last dealt with each person through an exchange, either way (a favour
  /// given or received; a referral is recorded as one from its referrer), by person index;
  /// `Int64.min` for none. The snapshot holds no exchange after its time.
  /// - Complexity: O(n + X) for X exchanges.
  public static func lastExchanges(in snapshot: NetworkSnapshot, ego: Int32) -> [Int64] {
    var out = [Int64](repeating: .min, count: snapshot.personCount)
    let x = snapshot.activity.exchanges
    for k in 0..<x.count {
      let other: Int32
      if x.giver[k] == ego {
        other = x.receiver[k]
      } else if x.receiver[k] == ego {
        other = x.giver[k]
      } else {
        continue
      }
      out[Int(other)] = max(out[Int(other)], x.time[k])
    }
    return out
  }

  /// The ego's last contact with `c`, where the neglect clock restarts: the last interaction
  /// with them, or a later exchange between them (giving an introduction, the give-first
  /// step of a plan, is a contact; so is advice or a referral they gave you). Nil with no
  /// interaction: an exchange alone starts no clock, as a recorded tie alone does not.
  /// - Parameter exchanges: ``lastExchanges(in:ego:)`` of the same snapshot and ego.
  public static func lastContact(of c: Int32, in snapshot: NetworkSnapshot, exchanges: [Int64])
    -> Int64?
  {
    snapshot.activity.egoInteractions.lastTime(of: c).map { max($0, exchanges[Int(c)]) }
  }
}

/// The strength from `u` to every person, as a dense array (0 where there is no tie).
/// - Complexity: O(n + deg(u)).
func strengths(in snapshot: NetworkSnapshot, from u: Int32) -> [Float] {
  var out = [Float](repeating: 0, count: snapshot.personCount)
  for slot in snapshot.offsets[Int(u)]..<snapshot.offsets[Int(u) + 1] {
    out[Int(snapshot.neighbors[slot])] = snapshot.tieStrength[snapshot.tieIndex(slot: slot, of: u)]
  }
  return out
}

/// The index of the first element of ascending `values` greater than `x`.
func upperBound<T: Comparable>(_ values: [T], _ x: T) -> Int {
  var lo = 0
  var hi = values.count
  while lo < hi {
    let mid = (lo + hi) / 2
    if values[mid] <= x { lo = mid + 1 } else { hi = mid }
  }
  return lo
}

/// Two decimals, for sentences.
func fmt(_ value: Double) -> String { String(format: "%.2f", value) }

/// A day, for sentences.
func day(_ seconds: Int64) -> String { KithTime.formatDay(seconds: seconds) }
