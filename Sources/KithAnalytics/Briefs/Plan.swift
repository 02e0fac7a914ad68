import Foundation
import KithGraph

/// What a plan item asks the ego to do.
public enum PlanAction: String, Sendable, Hashable, Codable {
  /// A follow-up that is due.
  case followUp = "follow-up"
  /// A referral the ego owes action or a loop-back on.
  case referral
  /// Give first to a contact the ego has been taking from.
  case giveFirst = "give-first"
  /// Revive a dormant tie.
  case revive
  /// Reconnect with a neglected tie.
  case reconnect
  /// Meet someone beyond the usual circle, through a contact.
  case meet
}

/// One item on the month's agenda.
public struct PlanItem: Sendable, Hashable {
  public var action: PlanAction
  public var person: Int32
  public var referralID: Int64?
  /// For a meet item, whom to ask for the introduction (the first go-between).
  public var via: Int32? = nil
  /// What to do, in one sentence.
  public var task: String
  /// Why it is on the list.
  public var why: String
}

/// The month's plan: a short agenda that maintains the network before it is needed.
public enum Planner {
  /// An agenda of at most `budget` items, one per person: due follow-ups (the dates you set,
  /// by due date, before the new contacts never followed up, but the second goes to the new
  /// contact who drops off the list soonest) and owed referral actions (loop-backs, then
  /// act-or-decline, then declines to explain; each up to a quarter of the budget, rounded
  /// up), one give-first action, one tie gone quiet, one person
  /// to meet beyond the usual circle (when `circles` is given; through a go-between who is
  /// neither lost nor dormant nor in another item, to reconnect with first when overdue), and
  /// the most valuable neglected ties.
  /// Room left after the neglected goes to more of the first four kinds, in that order, then
  /// to the other lost ties. An item for someone the ego owes (``Reciprocity``'s
  /// taking) says so: they get no give-first item of their own. Likewise an owed referral
  /// whose referrer has another item is said in that item's why.
  ///
  /// The tie gone quiet is a dormant tie to revive or a lost one (``NeglectStatus/lost``, not
  /// dormant) to reconnect with, whichever had the higher peak (the dormant tie on a tie):
  /// a lost tie does not compete with the neglected ones by value at risk, where the capped
  /// ratio gives every lost tie 8 × its peak, ahead of an active tie merely overdue. Its item
  /// is a reconnect (revive is for dormant ties) whose why says it is lost.
  /// - Parameters:
  ///   - dueBy: follow-ups and referral actions due up to this time (the month's end) are
  ///     included; each says when it is (or was) due.
  ///   - dormantNovelty: novelty for dormant ties; by default the circles' refinement when
  ///     `circles` is given, else ``Neglect/novelty(in:ego:of:)``.
  ///   - circles: the ego's circles, for the reach beyond them (``Beyond``).
  /// - Complexity: that of the analyses it combines: O(X + E log E + d log d).
  public static func plan(
    in snapshot: NetworkSnapshot, ego: Int32, budget: Int, dueBy: Int64? = nil,
    dormantNovelty: (([Int32]) -> [Double])? = nil, circles: EgoCircles? = nil
  ) -> [PlanItem] {
    precondition(budget >= 1, "a plan needs a budget of at least one item")
    let names = snapshot.people.names
    let quarter = (budget + 3) / 4

    let now = snapshot.asOfSeconds
    // A follow-up date you set is a promise; a contact met once is a nudge. The promises come
    // first, but the second follow-up goes to the person met once who is closest to dropping
    // off the list: otherwise a few dates set, or one long overdue, would keep every new
    // contact out until they expire.
    let due = FollowUps.list(in: snapshot, ego: ego, dueBy: dueBy)
    let dated = due.filter { $0.reason == .due }
    let metOnce = due.filter { $0.reason == .neverFollowedUp }
      .sorted { ($0.lastContact, $0.person) < ($1.lastContact, $1.person) }
    let promised =
      Array(dated.prefix(1) + metOnce.prefix(1)) + dated.dropFirst() + metOnce.dropFirst()
    let followUps = promised.map { f in
      PlanItem(
        action: .followUp, person: f.person, referralID: nil,
        task:
          "Follow up with \(names[Int(f.person)])\(f.summary.map { " about “\(topic(of: $0))”" } ?? "").",
        why: f.reason == .due
          ? "\(dueClause(f.due, now: now)): you set it after your contact on \(day(f.lastContact))\(f.due <= now ? ", and nothing since" : "")."
          : "You met on \(day(f.lastContact)) and never followed up; a second contact is what turns a meeting into a tie. It drops off your follow-ups after \(day(f.listedUntil ?? f.due))."
      )
    }
    // The review's order: loop-backs, then suggestions to act on or decline, then declines to
    // explain, each oldest first. Actions falling due by the month's end count, as follow-ups
    // do.
    let owed = ReferralHygiene.review(in: snapshot, ego: ego, openOnly: true, dueBy: dueBy)
    /// What to do about a referral: record a contact its record does not show yet, or act.
    func referralTask(_ r: ReferralReview, _ action: ReferralAction) -> String {
      let referrer = names[Int(r.referral.referrer)]
      if action == .actOrDecline, let hint = r.recordHint(referrer: referrer, in: snapshot) {
        return hint
      }
      let about = r.referral.refereeName(in: snapshot)
      switch action {
      case .actOrDecline: return "Contact \(about), or tell \(referrer) you will pass."
      case .loopBack: return "Tell \(referrer) how it went with \(ending(about))"
      case .explainDecline: return "Tell \(referrer) why you declined \(ending(about))"
      }
    }
    let referrals = owed.compactMap { r -> PlanItem? in
      guard let action = r.action else { return nil }
      let referrer = names[Int(r.referral.referrer)]
      let about = r.referral.refereeName(in: snapshot)
      let because = r.referral.why.map { " (their reason: “\($0)”)" } ?? ""
      // When it is (or was) due, as a follow-up's item says: late ones say by how much.
      let upcoming = r.due.map { " \(dueClause($0, now: now))." } ?? ""
      return PlanItem(
        action: .referral, person: r.referral.referrer, referralID: r.referral.id,
        task: referralTask(r, action),
        why:
          "\(referrer) referred you to \(about)\(because); \(r.referral.standing(ego: ego, in: snapshot)).\(upcoming)"
      )
    }
    let report = Reciprocity.report(in: snapshot, ego: ego)
    // A tie let go gets no item of keeping in touch (give-first, reconnect, revive); a
    // referral or a follow-up is owed all the same.
    let letGo = Neglect.lettingGo(in: snapshot, ego: ego)
    let giveFirst = report.entries.filter {
      $0.flags.contains(.taking) && !letGo.contains($0.person)
    }
    .sorted { $0.received - $0.given > $1.received - $1.given }
    .map { e in
      PlanItem(
        action: .giveFirst, person: e.person, referralID: nil,
        task:
          "Give \(names[Int(e.person)]) something back: an introduction, a lead or your time.",
        why:
          "You received \(fmt(e.received)) and gave \(fmt(e.given)) (balance \(fmt(e.balance))).")
    }
    let novelty = dormantNovelty ?? circles.map { c in { c.dormantNovelty(in: snapshot, of: $0) } }
    let dormantTies = Neglect.dormant(in: snapshot, ego: ego, novelty: novelty)
    let dormant = dormantTies.map { d in
      PlanItem(
        action: .revive, person: d.person, referralID: nil,
        task: "Reconnect with \(names[Int(d.person)]), silent since \(day(d.lastContact)).",
        why: d.why)
    }
    // The referral a reconnect item's suggestion is about, for a script to follow.
    let advisor = Suggestions(snapshot: snapshot, ego: ego)
    func reconnectItem(_ n: NeglectedContact) -> PlanItem {
      PlanItem(
        action: .reconnect, person: n.person,
        referralID: advisor.advice(for: n).referral?.id, task: n.suggestion,
        // The task may already say where the cadence comes from (a suggestion with nothing
        // more specific to offer does); the why then does not say it again.
        why:
          "\(n.calendarDaysSince) \(n.calendarDaysSince == 1 ? "day" : "days") since your last contact, \(fmt(n.overdueRatio))× the cadence\(n.suggestion.contains(n.cadence.clause) ? "" : " (\(n.cadence.clause))"); peak strength \(fmt(n.peak))."
      )
    }
    // Revive is for a dormant tie; a lost tie not dormant (yet) is one to reconnect with,
    // and its why says it is lost.
    func lostItem(_ n: NeglectedContact) -> PlanItem {
      PlanItem(
        action: .reconnect, person: n.person, referralID: nil,
        task: "Reconnect with \(names[Int(n.person)]), silent since \(day(n.lastContact)).",
        why:
          "\(n.calendarDaysSince) days since your last contact, \(Neglect.lostReason(n.cadence, parameters: NeglectParameters(), spelled: true)); strength \(fmt(n.strength)), \(n.percentOfPeak)% of its peak \(fmt(n.peak))."
      )
    }
    let overdue = Neglect.neglected(in: snapshot, ego: ego, includeLost: true)
    let neglected = overdue.filter { $0.status == .neglected }.map(reconnectItem)
    // A lost tie (silent for over 8× the usual gap, or a year with no rhythm) does not compete
    // with the neglected by value at risk: the capped ratio gives every one of them 8 × its
    // peak, ahead of a client merely overdue. Lost and dormant ties share one slot, the higher peak first (the
    // dormant tie on a tie; each kind in its own order), and otherwise fill room left over.
    // Most value at risk first is the highest peak first, the ratio being capped for all.
    let dormantPeople = Set(dormantTies.map(\.person))
    let lostTies = overdue.filter { $0.status == .lost && !dormantPeople.contains($0.person) }
    let lost = lostTies.map(lostItem)
    var quiet: [PlanItem] = []
    var (d, l) = (0, 0)
    while d < dormantTies.count || l < lostTies.count {
      if l == lostTies.count || (d < dormantTies.count && dormantTies[d].peak >= lostTies[l].peak) {
        quiet.append(dormant[d])
        d += 1
      } else {
        quiet.append(lost[l])
        l += 1
      }
    }

    let goBetweens = GoBetweens(
      snapshot: snapshot, ego: ego, overdue: Set(overdue.map(\.person)),
      owed: Set(report.entries.filter(Introductions.owes).map(\.person)))
    var beyond: [BeyondCandidate] = []
    if let circles {
      let graph = WeightedGraph(snapshot: snapshot)
      beyond = Beyond.candidates(
        in: snapshot, graph: graph, paths: BestPaths(graph: graph), circles: circles, ego: ego)
    }
    // The one to ask for an introduction must be someone you are in touch with: a lost,
    // dormant or faded tie gets a personal note first, not a request (the items for a tie
    // gone quiet are for them).
    let lapsed = Set(overdue.filter { $0.status == .lost }.map(\.person) + dormant.map(\.person))
      .union(letGo)
    let overdueNow = Dictionary(
      overdue.filter { $0.status == .neglected }.map { ($0.person, $0) },
      uniquingKeysWith: { a, _ in a })

    var chosen: [PlanItem] = []
    var people = Set<Int32>()
    func take(_ items: [PlanItem], upTo count: Int) {
      var taken = 0
      for item in items where taken < count && chosen.count < budget {
        // One item per referral too: the referee's reconnect item says nothing the
        // referral's own item (to its referrer) does not.
        if let id = item.referralID, chosen.contains(where: { $0.referralID == id }) { continue }
        if people.insert(item.person).inserted {
          chosen.append(item)
          taken += 1
        }
      }
    }
    /// The best candidate to meet whose go-between is in touch and in no other item (one
    /// item per person counts the one you would ask too); an overdue go-between is to be
    /// reconnected with first, as `intro` and `path` warn.
    func takeMeet() {
      guard let circles, chosen.count < budget else { return }
      for b in beyond {
        let asked = b.via[0]
        if lapsed.contains(asked) || goBetweens.isFaded(asked) || people.contains(asked)
          || people.contains(b.person)
        {
          continue
        }
        let why = Beyond.why(b, in: snapshot, circles: circles, goBetweens: goBetweens)
        let target = names[Int(b.person)]
        let go = names[Int(asked)]
        let item: PlanItem
        if let n = overdueNow[asked] {
          item = PlanItem(
            action: .meet, person: b.person, referralID: nil, via: asked,
            task:
              "Reconnect with \(go) first, then ask \(go) to introduce you to \(ending(target))",
            why:
              "\(why) Your last contact with \(go) was on \(day(n.lastContact)), \(fmt(n.overdueRatio))× the cadence: reconnect first."
          )
        } else {
          item = PlanItem(
            action: .meet, person: b.person, referralID: nil, via: asked,
            task: "Ask \(go) to introduce you to \(ending(target))", why: why)
        }
        people.insert(asked)
        people.insert(b.person)
        chosen.append(item)
        return
      }
    }
    take(followUps, upTo: quarter)
    take(referrals, upTo: quarter)
    take(giveFirst, upTo: 1)
    take(quiet, upTo: 1)
    takeMeet()
    take(neglected, upTo: budget)
    for items in [followUps, referrals, giveFirst, dormant, lost] { take(items, upTo: budget) }
    // One item per person must not lose a referral: one whose referrer already has another
    // item (a follow-up, another referral, the go-between of a meet) is said in that item,
    // unless an item is about it already (a reconnect item's suggestion may be, the
    // referee's as well as the referrer's).
    for r in owed {
      guard let action = r.action, !chosen.contains(where: { $0.referralID == r.referral.id }),
        let k = chosen.firstIndex(where: {
          $0.person == r.referral.referrer || $0.via == r.referral.referrer
        })
      else { continue }
      let upcoming = r.due.map { " (\(dueClause($0, now: now).lowercased()))" }
      // The task is a sentence of its own; after the colon it goes on in lower case.
      let task = referralTask(r, action)
      chosen[k].why +=
        " Also, referral #\(r.referral.id)\(upcoming ?? ""): \(task.prefix(1).lowercased())\(task.dropFirst())"
      if chosen[k].referralID == nil { chosen[k].referralID = r.referral.id }
    }
    // Someone you owe may be in the plan for another reason (a referral is a gift, so its
    // referrer often is) and then gets no give-first item: the item says the debt instead. A
    // suggestion that already says you have not given back needs no second word.
    let owing = Dictionary(
      report.entries.filter { $0.flags.contains(.taking) }.map { ($0.person, $0) },
      uniquingKeysWith: { a, _ in a })
    for k in chosen.indices where chosen[k].action != .giveFirst {
      guard let e = owing[chosen[k].person], !chosen[k].task.contains("not given back") else {
        continue
      }
      chosen[k].why +=
        " You also owe \(names[Int(e.person)]): you received \(fmt(e.received)) and gave \(fmt(e.given))."
    }
    return chosen
  }
}

/// "Due 2026-09-05, 57 days ago", "Due today, 2026-10-01", "Due 2026-10-15, in 14 days": a
/// date the plan holds the ego to, with how late (or how near) it is.
func dueClause(_ due: Int64, now: Int64) -> String {
  let days = KithTime.calendarDays(from: now, to: due)
  switch days {
  case 0: return "Due today, \(day(due))"
  case ..<0: return "Due \(day(due)), \(-days) \(days == -1 ? "day" : "days") ago"
  default: return "Due \(day(due)), in \(days) \(days == 1 ? "day" : "days")"
  }
}
