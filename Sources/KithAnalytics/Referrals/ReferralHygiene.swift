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

/// A referral with what it needs.
public struct ReferralReview: Sendable, Hashable {
  public var referral: SnapshotReferral
  /// Days since the referral was made, up to now (open) or to its close.
  public var daysOpen: Int
  public var action: ReferralAction?
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

  /// Every referral, owed actions first (oldest first), then open ones, then closed ones.
  /// Actions are computed for referrals whose recipient is `ego`; others have none.
  /// - Parameter openOnly: keep only referrals that are open or owe an action.
  /// - Complexity: O(r log r).
  public static func review(in snapshot: NetworkSnapshot, ego: Int32?, openOnly: Bool = false)
    -> [ReferralReview]
  {
    let now = snapshot.asOfSeconds
    var out: [ReferralReview] = []
    for r in snapshot.activity.referrals {
      let action = r.recipient == ego ? action(for: r, now: now) : nil
      if openOnly && r.status.isClosed && action == nil { continue }
      let end = r.status.isClosed ? r.since : now
      out.append(
        ReferralReview(referral: r, daysOpen: Int((end - r.time) / 86_400), action: action))
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
