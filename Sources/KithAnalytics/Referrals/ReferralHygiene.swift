import Foundation
import KithGraph

/// What the ego owes on a referral they received.
public enum ReferralAction: String, Sendable, Hashable, Codable {
  /// Suggested 7 days ago or more (listed from the day it falls due): act on it or decline
  /// politely.
  case actOrDecline = "act-or-decline"
  /// Contacted or met 14 days ago or more and not reported back: loop back to the referrer.
  case loopBack = "loop-back"
  /// Declined without a reason recorded: tell the referrer why.
  case explainDecline = "explain-decline"
}

/// A contact of the ego with the person referred that the referral's record does not show
/// yet: after the referral was made, or in the week before it (met at an event the day before a
/// friend suggested them, or recorded late).
public struct RefereeContact: Sendable, Hashable {
  public var time: Int64
  /// The status the contact would record: met (a meeting, call, video or event) or contacted.
  public var status: ReferralStatus
}

/// A referral with what it needs.
public struct ReferralReview: Sendable, Hashable {
  public var referral: SnapshotReferral
  /// Calendar days (in `KithTime.zone`) from the day the referral was made to today (open) or
  /// to the day it closed: the days between the dates printed.
  public var daysOpen: Int
  public var action: ReferralAction?
  /// When `action` falls due (``ReferralHygiene/due(for:)``): after now for one that comes
  /// due within the review's horizon.
  public var due: Int64? = nil
  /// For a referral to the ego still recorded as suggested: the first interaction with the
  /// person referred since it was made (the first meeting, else the first contact).
  public var refereeContact: RefereeContact? = nil

  /// What to record and say when the person referred was met (or contacted) but the referral
  /// still says suggested: "You met Hiro Tanaka on 2026-08-05: record it (`kith referral 1
  /// --status met --on 2026-08-05`) and tell Marco how it went." `referrer` is the name to
  /// call the referrer by. Nil without such a contact.
  ///
  /// A contact in the week before the referral says so ("on 2026-11-18, the day before the
  /// referral: if that was it, record it …").
  public func recordHint(referrer: String, in snapshot: NetworkSnapshot) -> String? {
    guard let contact = refereeContact, let command = recordCommand else { return nil }
    let did = contact.status == .met ? "met" : "were in touch with"
    let when = day(contact.time) + (before.map { "\($0): if that was it," } ?? ":")
    return
      "You \(did) \(referral.refereeName(in: snapshot)) on \(when) record it (`\(command)`) and tell \(referrer) how it went."
  }

  /// What to record, on a line of its own where the questions to ask are apart (a brief):
  /// "To record: `kith referral 1 --status met --on 2026-08-05` (you met Hiro Tanaka on
  /// 2026-08-05)." A contact before the referral says so: "(you met … on 2026-11-18, the day
  /// before the referral, if that was it)". Nil without such a contact.
  public func recordLine(in snapshot: NetworkSnapshot) -> String? {
    guard let contact = refereeContact, let command = recordCommand else { return nil }
    let did = contact.status == .met ? "met" : "were in touch with"
    return
      "To record: `\(command)` (you \(did) \(referral.refereeName(in: snapshot)) on \(day(contact.time))\(before.map { "\($0), if that was it" } ?? ""))."
  }

  /// The command that records the contact: "kith referral 1 --status met --on 2026-08-05". A
  /// status change cannot predate the referral, so `--on` is then the referral's own date; and
  /// it is an exact time where the day's midnight would predate the referral (a referral and a
  /// meeting on the same day).
  var recordCommand: String? {
    guard let contact = refereeContact else { return nil }
    let made = referral.time
    // The day alone when its midnight is not before the referral, else the exact time.
    let at = max(contact.time, made)
    let on =
      KithTime.startOfDay(KithTime.day(ofSeconds: at)) >= made
      ? day(at) : KithTime.format(seconds: at)
    return "kith referral \(referral.id) --status \(contact.status.rawValue) --on \(on)"
  }

  /// ", the day before the referral" for a contact before it (", 3 days before the referral",
  /// ", before the referral that day"); nil for one after it.
  private var before: String? {
    guard let contact = refereeContact, contact.time < referral.time else { return nil }
    let days = referral.calendarDay - KithTime.day(ofSeconds: contact.time)
    switch days {
    case 0: return ", before the referral that day"
    case 1: return ", the day before the referral"
    default: return ", \(days) days before the referral"
    }
  }
}

/// Referral hygiene: which referrals the ego owes action or a loop-back on.
public enum ReferralHygiene {
  public static let actAfterDays: Int64 = 7
  public static let loopBackAfterDays: Int64 = 14

  /// The action owed on `referral` by its recipient as of `now` (seconds): owed from the day
  /// it falls due (``due(for:)``) on, so that whoever looks on that day sees it, "due today".
  public static func action(for referral: SnapshotReferral, now: Int64) -> ReferralAction? {
    guard let due = due(for: referral),
      KithTime.day(ofSeconds: now) >= KithTime.day(ofSeconds: due)
    else { return nil }
    switch referral.status {
    case .suggested: return .actOrDecline
    case .contacted, .met: return .loopBack
    case .declined: return .explainDecline
    case .reportedBack: return nil
    }
  }

  /// When the action on `referral` falls (or fell) due: a week after the suggestion, two
  /// weeks after the contact or meeting, at once for a decline without a reason; nil when
  /// nothing will be owed. A status dated with a date alone counts from the start of that day
  /// in your zone, so that the day entered is the day counted from in every zone.
  public static func due(for referral: SnapshotReferral) -> Int64? {
    let since = referral.sinceDay.map(KithTime.startOfDay) ?? referral.since
    switch referral.status {
    case .suggested: return KithTime.adding(days: actAfterDays, to: since)
    case .contacted, .met: return KithTime.adding(days: loopBackAfterDays, to: since)
    case .declined:
      let reason = referral.reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
      return reason.isEmpty ? since : nil
    case .reportedBack: return nil
    }
  }

  /// Every referral, owed actions first (loop-backs, then act-or-decline, then declines to
  /// explain, as the plan takes them; each oldest first), then open ones, then closed ones.
  /// Actions are computed for referrals whose recipient is `ego`; others have none.
  /// - Parameters:
  ///   - openOnly: keep only referrals that are open or owe an action.
  ///   - dueBy: actions falling due up to this time count too (a month's plan, a brief read
  ///     before the meeting); their `due` is after now.
  /// - Complexity: O(r log r + E) for E ego interactions.
  public static func review(
    in snapshot: NetworkSnapshot, ego: Int32?, openOnly: Bool = false, dueBy: Int64? = nil
  ) -> [ReferralReview] {
    let now = snapshot.asOfSeconds
    let horizon = max(dueBy ?? now, now)
    var out: [ReferralReview] = []
    for r in snapshot.activity.referrals {
      let action = r.recipient == ego ? action(for: r, now: horizon) : nil
      if openOnly && r.status.isClosed && action == nil { continue }
      // Calendar days, from the days entered for a referral and a status dated as days.
      let end = r.status.isClosed ? r.sinceCalendarDay : KithTime.day(ofSeconds: now)
      var review = ReferralReview(
        referral: r, daysOpen: Int(end - r.calendarDay), action: action,
        due: action == nil ? nil : due(for: r))
      if r.status == .suggested, let ego, r.recipient == ego, let referee = r.refereePerson {
        review.refereeContact = contact(of: ego, with: referee, after: r.time, in: snapshot)
      }
      out.append(review)
    }
    // Loop-backs first: the referrer is waiting to hear how it went, and the referral is done
    // but for that. Then suggestions to act on or decline; then declines to explain.
    func group(_ x: ReferralReview) -> Int {
      switch x.action {
      case .loopBack: 0
      case .actOrDecline: 1
      case .explainDecline: 2
      case nil: x.referral.status.isClosed ? 4 : 3
      }
    }
    out.sort {
      group($0) != group($1)
        ? group($0) < group($1)
        : ($0.referral.since, $0.referral.id) < ($1.referral.since, $1.referral.id)
    }
    return out
  }
}

extension ReferralHygiene {
  /// `reviews` with the ego's own referrals (made or received) first and those between
  /// others, which owe the ego nothing, after them; each part in its order.
  public static func yoursFirst(_ reviews: [ReferralReview], ego: Int32) -> (
    yours: [ReferralReview], others: [ReferralReview]
  ) {
    var yours: [ReferralReview] = []
    var others: [ReferralReview] = []
    for r in reviews {
      if r.referral.referrer == ego || r.referral.recipient == ego {
        yours.append(r)
      } else {
        others.append(r)
      }
    }
    return (yours, others)
  }

  /// The ego's first meeting (a meeting, call, video or event) with `person` after `time`,
  /// else the last one in the week before it (``actAfterDays``: met the day before the
  /// referral, the referral recorded late); else, the same way, an interaction of any kind;
  /// nil when there was none (or `person` is the ego). A contact longer before says nothing
  /// about the referral: being pointed back to an old contact is a referral too.
  static func contact(
    of ego: Int32, with person: Int32, after time: Int64, in snapshot: NetworkSnapshot
  ) -> RefereeContact? {
    guard person != ego else { return nil }
    let history = snapshot.activity.egoInteractions
    let window = history.range(of: person).filter {
      history.time[$0] >= time - actAfterDays * 86_400 && history.time[$0] != time
    }
    let since = window.filter { history.time[$0] > time }
    let before = window.filter { history.time[$0] < time }
    let met: Set<InteractionKind> = [.meeting, .call, .video, .event]
    let isMeeting = { (k: Int) in met.contains(history.kind[k]) }
    if let k = since.first(where: isMeeting) ?? before.last(where: isMeeting) {
      return RefereeContact(time: history.time[k], status: .met)
    }
    return (since.first ?? before.last).map {
      RefereeContact(time: history.time[$0], status: .contacted)
    }
  }
}

extension SnapshotReferral {
  /// Where the referral stands, as a clause that says who did what and when: "you met them on
  /// 2026-10-20", "Bo contacted them on 2026-11-20" ("them" is the person or organisation
  /// referred), "not acted on since 2026-11-18". A status is something done on a day, not a
  /// state held "since" it ("met since 2026-10-20"). The plan, the suggestions and the brief
  /// share it.
  public func standing(ego: Int32, in snapshot: NetworkSnapshot) -> String {
    let who = recipient == ego ? "you" : snapshot.people.names[Int(recipient)]
    let on = sinceFormattedDay
    switch status {
    case .suggested: return "not acted on since \(on)"
    case .contacted: return "\(who) contacted them on \(on)"
    case .met: return "\(who) met them on \(on)"
    case .reportedBack: return "\(who) reported back on \(on)"
    case .declined: return "\(who) declined on \(on)"
    }
  }

  /// The referee's name (a person's or an organisation's), or "the referral" when neither is
  /// known.
  public func refereeName(in snapshot: NetworkSnapshot) -> String {
    refereePerson.map { snapshot.people.names[Int($0)] }
      ?? refereeOrganisation.map { snapshot.organisations.names[Int($0)] } ?? "the referral"
  }
}
