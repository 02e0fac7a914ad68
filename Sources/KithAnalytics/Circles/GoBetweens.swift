import Foundation
import KithGraph

/// The ego's tie to someone they might ask for an introduction, as the ego sees it.
public struct GoBetweenTie: Sendable, Hashable {
  public var person: Int32
  /// The current strength of the ego's tie to them, and its peak.
  public var strength: Double
  public var peak: Double
  /// The last contact (an interaction, or a later exchange); nil when none is recorded.
  public var lastContact: Int64?
  /// Calendar days from the day of the last contact to the snapshot's day
  /// (``KithTime/calendarDays(from:to:)``), as printed beside its date; nil with none.
  public var daysSince: Int?
  /// How strong the tie is for the ego (``GoBetweens/tier(ofEgoTie:faded:)``).
  public var tier: IntroTier
  /// Faded by ``Neglect/isFaded(strength:peak:daysSince:cadenceDays:parameters:)``.
  public var faded: Bool
  /// What to do before asking them.
  public var warnings: [IntroWarning]
  /// When the ego let the tie go (`kith let-go`), with no contact since; nil otherwise.
  public var letGo: Int64? = nil
  /// The tie's cadence in days (``CadenceModel/cadence(of:in:rank:revivals:)``), and whether
  /// the last contact is longer ago than that (``GoBetweens/overdue``): what "reconnect first"
  /// says of a tie that has not faded.
  public var cadenceDays: Double? = nil
  public var overdue = false

  /// No interaction with them is recorded (a LinkedIn connection, a referee just suggested):
  /// a tie so weak it would read as faded is one not met yet, with nothing to reconnect.
  public var isUnmet: Bool { lastContact == nil }
}

/// One judgement of the ego's own ties for every command that names a go-between (`intro`,
/// `path`, `beyond`, `brief`, `brokers`, the plan and the report), so that one tie gets the
/// same words and the same warnings everywhere.
///
/// - Words: a tie of the ego's is *strong* when it is at least twice the median of the ego's
///   ties, or in the strongest quarter of them (at least the upper quartile: your strongest
///   contacts are strong ties even when all your ties are alike); *moderate* from half that median; *weak* below it; and *weak* whatever
///   its strength once it has faded. The ego's own ties are measured against the ego's own
///   median, not the network's: in a network of decayed ties the network's median is tiny, and
///   a tie met twice long ago would read as strong.
/// - Warnings: *reconnect first* when the tie is overdue or lost (``Neglect/neglected(in:ego:includeLost:limit:parameters:)``)
///   or has faded (``Neglect/isFaded(strength:peak:daysSince:cadenceDays:parameters:)``:
///   silent a year, or under a tenth of its peak without a contact within its cadence or the
///   last 30 days); *give first* when the ego owes them (``Introductions/owes(given:received:)``).
public struct GoBetweens: Sendable {
  public let snapshot: NetworkSnapshot
  public let ego: Int32
  /// The median current strength of the ego's ties (``BestPaths/medianStrength(of:)``).
  public let egoMedian: Double
  /// The upper quartile of the ego's ties (the value a quarter of the way down from the
  /// strongest, `sorted[3k/4]` of k ties): a tie at least this strong is among the ego's
  /// strongest.
  public let upperQuartile: Double
  /// Overdue or lost contacts (by cadence), to reconnect with first.
  public let overdue: Set<Int32>
  /// Contacts the ego owes.
  public let owed: Set<Int32>
  let parameters: NeglectParameters
  let exchanges: [Int64]
  /// What the ego's cadences are read from (``CadenceModel/cadence(of:in:rank:revivals:)``).
  let revivals: Revivals
  let ranks: [Int32]

  /// From analyses already made: `overdue`, the contacts overdue by cadence (lost ones
  /// included), and `owed`, those the ego owes.
  public init(
    snapshot: NetworkSnapshot, ego: Int32, overdue: Set<Int32>, owed: Set<Int32>,
    parameters: NeglectParameters = NeglectParameters()
  ) {
    self.snapshot = snapshot
    self.ego = ego
    self.overdue = overdue
    self.owed = owed
    self.parameters = parameters
    self.exchanges = Neglect.lastExchanges(in: snapshot, ego: ego)
    revivals = Revivals(snapshot, ego: ego)
    ranks = CadenceModel.tierRanks(snapshot, ego: ego, revivals: revivals)
    let slots = snapshot.offsets[Int(ego)]..<snapshot.offsets[Int(ego) + 1]
    let strengths = slots.map { Double(snapshot.tieStrength[snapshot.tieIndex(slot: $0, of: ego)]) }
    egoMedian = BestPaths.medianStrength(of: strengths)
    let ascending = strengths.sorted()
    upperQuartile = ascending.isEmpty ? .infinity : ascending[3 * ascending.count / 4]
  }

  /// Analyses the ego's overdue ties (lost ones included) and reciprocity.
  public init(
    snapshot: NetworkSnapshot, ego: Int32, parameters: NeglectParameters = NeglectParameters()
  ) {
    self.init(
      snapshot: snapshot, ego: ego,
      overdue: Set(
        Neglect.neglected(
          in: snapshot, ego: ego, includeLost: true, includeLetGo: true, parameters: parameters
        )
        .map(\.person)),
      owed: Set(
        Reciprocity.report(in: snapshot, ego: ego).entries.filter(Introductions.owes).map(\.person)),
      parameters: parameters)
  }

  /// How strong a tie of the ego's of strength `s` is for the ego.
  public func tier(ofEgoTie s: Double, faded: Bool = false) -> IntroTier {
    if faded || s <= 0 { return .weak }
    if s >= upperQuartile || s >= 2 * egoMedian { return .strong }
    return s >= egoMedian / 2 ? .moderate : .weak
  }

  /// The ego's tie to `m`, nil when they have none.
  public func tie(to m: Int32) -> GoBetweenTie? {
    guard let t = snapshot.tieIndex(ego, m) else { return nil }
    let strength = Double(snapshot.tieStrength[t])
    let peak = Double(snapshot.tiePeak[t])
    let last = Neglect.lastContact(of: m, in: snapshot, exchanges: exchanges)
    let days = last.map { Double(snapshot.asOfSeconds - $0) / 86_400 }
    let cadence = CadenceModel.cadence(
      of: m, in: snapshot, rank: ranks[Int(m)], revivals: revivals)
    let faded = Neglect.isFaded(
      strength: strength, peak: peak, daysSince: days, cadenceDays: cadence?.days,
      parameters: parameters)
    // A tie let go is no one to ask a favour of before getting back in touch either.
    let letGo =
      Neglect.isLetGo(m, in: snapshot, lastContact: last) ? snapshot.people.letGo(of: m) : nil
    let isOverdue = overdue.contains(m)
    var warnings: [IntroWarning] = []
    if faded || isOverdue || letGo != nil { warnings.append(.reconnectFirst) }
    if owed.contains(m) { warnings.append(.giveFirst) }
    return GoBetweenTie(
      person: m, strength: strength, peak: peak, lastContact: last,
      daysSince: last.map { KithTime.calendarDays(from: $0, to: snapshot.asOfSeconds) },
      tier: tier(ofEgoTie: strength, faded: faded),
      faded: faded, warnings: warnings, letGo: letGo, cadenceDays: cadence?.days,
      overdue: isOverdue)
  }

  /// What to do before asking `m` for an introduction.
  public func warnings(for m: Int32) -> [IntroWarning] { tie(to: m)?.warnings ?? [] }

  /// Whether the ego's tie to `m` has faded.
  public func isFaded(_ m: Int32) -> Bool { tie(to: m)?.faded ?? false }

  /// "a strong tie of yours, 3.41, last contact 2026-11-20"; "a faded tie of yours, …" once it
  /// has faded (no date when none is recorded); "a tie of yours not met yet, 0.01" for a tie
  /// that would read as faded with no interaction recorded.
  public static func label(_ tie: GoBetweenTie) -> String {
    if tie.faded && tie.isUnmet { return "a tie of yours not met yet, \(fmt(tie.strength))" }
    let word = tie.faded ? "faded" : tie.tier.rawValue
    return "a \(word) tie of yours, \(fmt(tie.strength))"
      + (tie.lastContact.map { ", last contact \(day($0))" } ?? "")
  }

  /// "your tie 3.73 (strong for you), last contact 2026-06-24"; "(faded)" once it has faded;
  /// no date when none is recorded.
  public static func describe(_ tie: GoBetweenTie) -> String {
    "your tie \(fmt(tie.strength)) (\(words(tie)))"
      + (tie.lastContact.map { ", last contact \(day($0))" } ?? "")
  }

  /// How strong the tie is for the ego, in words: "strong for you", "moderate for you", "weak
  /// for you", or "faded"; "not met yet" instead of faded with no interaction recorded.
  public static func words(_ tie: GoBetweenTie) -> String {
    guard tie.faded else { return "\(tie.tier.rawValue) for you" }
    return tie.isUnmet ? "not met yet" : "faded"
  }

  /// Why to reconnect first, or nil when there is no need: "reconnect first: last contact
  /// 2024-11-22, 584 days ago", with the share of the peak left when that is what faded, or
  /// the cadence when the tie is only overdue ("…, 9 days ago, over its 7-day cadence"), and
  /// "give first: you owe Jane Doe" for the other warning. `name` is the go-between's: a line
  /// printed under a path of several people would leave "them" to be read as any of them.
  public static func reasons(_ tie: GoBetweenTie, name: String) -> [String] {
    tie.warnings.map { reason($0, tie, name: name) }
  }

  /// Why the warning `w` applies to `tie` (one of ``reasons(_:name:)``). With no interaction
  /// recorded, reconnecting is "get in touch first: not met yet": a share of the peak would
  /// tell of a tie that never was.
  public static func reason(_ w: IntroWarning, _ tie: GoBetweenTie, name: String) -> String {
    switch w {
    case .reconnectFirst where tie.isUnmet:
      return "get in touch first: not met yet"
        + (tie.letGo.map { ", and you let this tie go on \(day($0))" } ?? "")
    case .reconnectFirst:
      var why: [String] = []
      if let last = tie.lastContact, let days = tie.daysSince {
        let ago = days == 0 ? "today" : "\(days) \(days == 1 ? "day" : "days") ago"
        why.append("last contact \(day(last)), \(ago)")
      }
      if tie.peak > 0 && tie.strength < 0.5 * tie.peak {
        why.append(
          "\(Int((100 * tie.strength / tie.peak).rounded()))% of its peak \(fmt(tie.peak))")
      } else if !tie.faded && tie.overdue, let cadence = tie.cadenceDays {
        // Overdue is the whole reason: say against what ("7 days ago" alone reads as recent).
        let d = Int(cadence.rounded())
        why.append("over its \(d)-day cadence")
      }
      if let letGo = tie.letGo { why.append("you let this tie go on \(day(letGo))") }
      return why.isEmpty ? w.phrase : "\(w.phrase): " + why.joined(separator: ", ")
    case .giveFirst:
      return "\(w.phrase): you owe \(name)"
    }
  }
}
