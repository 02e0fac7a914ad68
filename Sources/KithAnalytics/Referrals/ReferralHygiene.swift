import Foundation
import KithGraph

/// What the ego owes on a referral they received.
public enum ReferralAction: String, Sendable, Hashable, Codable {
  /// Suggested more than 7 days ago: act on it or decline politely.
  case actOrDecline = "act-or-decline"
  /// Contacted or met more than 14 days ago and not reported back: loop back to the referrer.
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
  /// Days since the referral was made, up to now (open) or to its close.
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
  /// referral: if that was it, record it …"). A status change cannot predate the referral, so
  /// `--on` is then the referral's own date; and it is an exact time where the day's midnight
  /// would predate the referral (a referral and a meeting on the same day).
  public func recordHint(referrer: String, in snapshot: NetworkSnapshot) -> String? {
    guard let contact = refereeContact else { return nil }
    let did = contact.status == .met ? "met" : "were in touch with"
    let made = referral.time
    // The day alone when its midnight is not before the referral, else the exact time.
    let at = max(contact.time, made)
    let on =
      KithTime.day(ofSeconds: at) * 86_400 >= made ? day(at) : KithTime.format(seconds: at)
    var when = day(contact.time)
    if contact.time < made {
      let days = KithTime.day(ofSeconds: made) - KithTime.day(ofSeconds: contact.time)
      when +=
        days == 0
        ? ", before the referral that day: if that was it,"
        : days == 1
          ? ", the day before the referral: if that was it,"
          : ", \(days) days before the referral: if that was it,"
    } else {
      when += ":"
    }
    return
      "You \(did) \(referral.refereeName(in: snapshot)) on \(when) record it (`kith referral \(referral.id) --status \(contact.status.rawValue) --on \(on)`) and tell \(referrer) how it went."
  }
}

/// Referral hygiene: which referrals the ego owes action or a loop-back on.
public enum ReferralHygiene {
  public static let actAfterDays: Int64 = 7
  public static let loopBackAfterDays: Int64 = 14

  /// The action owed on `referral` by its recipient as of `now` (seconds).
  public static func action(for referral: SnapshotReferral, now: Int64) -> ReferralAction? {
    let waited = now - referral.since
    switch referral.status {
    case .suggested: return waited > actAfterDays * 86_400 ? .actOrDecline : nil
    case .contacted, .met: return waited > loopBackAfterDays * 86_400 ? .loopBack : nil
    case .declined:
      let reason = referral.reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
      return reason.isEmpty ? .explainDecline : nil
    case .reportedBack: return nil
    }
  }

  /// When the action on `referral` falls (or fell) due: a week after the suggestion, two
  /// weeks after the contact or meeting, at once for a decline without a reason; nil when
  /// nothing will be owed.
  public static func due(for referral: SnapshotReferral) -> Int64? {
    switch referral.status {
    case .suggested: return referral.since + actAfterDays * 86_400
    case .contacted, .met: return referral.since + loopBackAfterDays * 86_400
    case .declined:
      let reason = referral.reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
      return reason.isEmpty ? referral.since : nil
    case .reportedBack: return nil
    }
  }

  /// Every referral, owed actions first (oldest first), then open ones, then closed ones.
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
      let end = r.status.isClosed ? r.since : now
      var review = ReferralReview(
        referral: r, daysOpen: Int((end - r.time) / 86_400), action: action,
        due: action == nil ? nil : due(for: r))
      if r.status == .suggested, let ego, r.recipient == ego, let referee = r.refereePerson {
        review.refereeContact = contact(of: ego, with: referee, after: r.time, in: snapshot)
      }
      out.append(review)
    }
    func group(_ x: ReferralReview) -> Int {
      x.action != nil ? 0 : (x.referral.status.isClosed ? 2 : 1)
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
    let on = day(since)
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
