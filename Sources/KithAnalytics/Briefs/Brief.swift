import Foundation
import KithGraph

/// A contact both the ego and the subject know.
public struct MutualContact: Sendable, Hashable {
  public var person: Int32
  public var strengthToEgo: Double
  public var strengthToSubject: Double
  /// √(strength to ego × strength to subject): high only when both ties are strong.
  public var score: Double
}

/// Everything worth knowing about a person before meeting them, as of the snapshot.
public struct Brief: Sendable {
  public var person: Int32
  public var currentAffiliations: [SnapshotAffiliation]
  public var pastAffiliations: [SnapshotAffiliation]
  /// The first interaction with the ego (time, summary).
  public var firstInteraction: Int64?
  public var firstSummary: String?
  /// Referrals that brought the subject to the ego (referee = subject, recipient = ego).
  public var referredBy: [SnapshotReferral]
  public var tie: TieSummary?
  /// The contact's cadence; while the tie is let go (``letGo``), the one that applied before,
  /// which sets no aim now.
  public var cadence: Cadence?
  public var lastContact: Int64?
  /// Elapsed days since the last contact, with a fraction (JSON's `daysSinceLastContact`).
  public var daysSinceLastContact: Double?
  /// Calendar days from the day of the last contact to the snapshot's day
  /// (``KithTime/calendarDays(from:to:)``): what text prints beside the date, 0 being today.
  public var calendarDaysSinceLastContact: Int? = nil
  /// Days since the last contact over the cadence; nil with no cadence, and while the tie is
  /// let go.
  public var overdueRatio: Double?
  /// When the ego let the tie go (`kith let-go`), while that holds (no contact since,
  /// ``Neglect/isLetGo(_:in:lastContact:)``); nil otherwise. Such a tie has no cadence to keep
  /// up: no overdue ratio, and no question or sentence that presses for contact.
  public var letGo: Int64? = nil
  public var interactions: Int
  public var reciprocity: ReciprocityEntry?
  /// One sentence on what is owed either way.
  public var owed: String
  /// Open referrals (or ones owing an action, now or within ``Briefing/followUpHorizonDays``)
  /// in which the subject is referrer, recipient or referee.
  public var openReferrals: [ReferralReview]
  /// What to record on those referrals (``ReferralReview/recordLine(in:)``): bookkeeping, kept
  /// apart from the questions.
  public var toRecord: [String] = []
  /// The follow-ups the ego owes the subject (``FollowUps/list(in:ego:dueBy:)``): a follow-up
  /// date that passed with no later interaction, or falls in the next
  /// ``Briefing/followUpHorizonDays`` days, or a single recent contact never followed up.
  public var followUps: [FollowUp]
  public var mutualContacts: [MutualContact]
  /// The latest notes (newest first) and interactions (newest first, index into the ego's
  /// interactions).
  public var recentNotes: [SnapshotNote]
  public var recentInteractions: [Int]
  /// The latest exchanges between the ego and the subject, either way (newest first, index
  /// into the exchanges): what you did for each other is what to know before meeting again.
  public var recentExchanges: [Int] = []
  public var tags: [String]
  public var interests: [String]
  /// Questions to prepare, drawn from what is known.
  public var questions: [String]
}

/// Briefs: a one-screen dossier on a person.
public enum Briefing {
  /// How far ahead a brief looks for follow-up dates set: about a month, as a plan does.
  public static let followUpHorizonDays: Int64 = 31

  /// Mutual contacts whose score is under this fraction of the strongest one's are left out:
  /// a crowd's acquaintances, not people you both know.
  public static let mutualFloor = 0.02

  /// Builds the brief on `person` for `ego`.
  /// - Parameters:
  ///   - mutualLimit, recentLimit: how many mutual contacts, notes and interactions to keep.
  /// - Complexity: O(X + E + deg(ego) + deg(person) + r) — one pass over exchanges, the ego's
  ///   interactions with the person, both neighbourhoods and the referrals.
  public static func brief(
    in snapshot: NetworkSnapshot, ego: Int32, person c: Int32, mutualLimit: Int = 5,
    recentLimit: Int = 5
  ) -> Brief {
    let now = snapshot.asOfSeconds
    let history = snapshot.activity.egoInteractions
    let range = history.range(of: c)
    let affiliations = Array(snapshot.affiliations(of: c))
    let tieIndex = snapshot.tieIndex(ego, c)
    let revivals = Revivals(snapshot, ego: ego)
    let ranks = CadenceModel.tierRanks(snapshot, ego: ego, revivals: revivals)
    var cadence = CadenceModel.cadence(
      of: c, in: snapshot, rank: ranks[Int(c)], revivals: revivals)
    if let learned = cadence, learned.source == .learned {
      cadence?.recentGapDays = CadenceModel.recentGapDays(
        of: c, in: snapshot, cadence: learned.days)
    }
    // The last contact as `neglected` counts it: a later exchange between you restarts the
    // clock too.
    let last = Neglect.lastContact(
      of: c, in: snapshot, exchanges: Neglect.lastExchanges(in: snapshot, ego: ego))
    let daysSince = last.map { Double(now - $0) / 86_400 }
    let letGo =
      Neglect.isLetGo(c, in: snapshot, lastContact: last) ? snapshot.people.letGo(of: c) : nil
    let reciprocity = Reciprocity.entry(in: snapshot, ego: ego, contact: c)
    let referredBy = snapshot.activity.referrals.filter {
      $0.refereePerson == c && $0.recipient == ego
    }
    // A referral to an organisation the subject works at now involves them too: they are
    // the person to ask about it.
    let employers = Set(affiliations.filter(\.isCurrent).map(\.organisation))
    // Actions falling due within the follow-up horizon too: a loop-back due next week is what
    // to say at this meeting.
    let openReferrals = ReferralHygiene.review(
      in: snapshot, ego: ego, openOnly: true,
      dueBy: snapshot.asOfSeconds + followUpHorizonDays * 86_400
    ).filter {
      $0.referral.referrer == c || $0.referral.recipient == c || $0.referral.refereePerson == c
        || $0.referral.refereeOrganisation.map(employers.contains) == true
    }
    // The list's own rules (and whatever it leaves out), not a second reading of the history;
    // a follow-up date set for the coming weeks too, as the month's plan lists it: the brief
    // is read before the call that keeps it.
    let followUps = FollowUps.list(
      in: snapshot, ego: ego, dueBy: snapshot.asOfSeconds + followUpHorizonDays * 86_400
    ).filter { $0.person == c }

    // Mutual contacts: the ego's strengths in a dense array, then one pass over c's neighbours.
    let egoStrength = strengths(in: snapshot, from: ego)
    var mutual: [MutualContact] = []
    for slot in snapshot.offsets[Int(c)]..<snapshot.offsets[Int(c) + 1] {
      let w = snapshot.neighbors[slot]
      guard w != ego, egoStrength[Int(w)] > 0 else { continue }
      let se = Double(egoStrength[Int(w)])
      let sc = Double(snapshot.tieStrength[snapshot.tieIndex(slot: slot, of: c)])
      mutual.append(
        MutualContact(
          person: w, strengthToEgo: se, strengthToSubject: sc, score: (se * sc).squareRoot()))
    }
    mutual.sort {
      $0.score != $1.score
        ? $0.score > $1.score
        : snapshot.people.handles[Int($0.person)] < snapshot.people.handles[Int($1.person)]
    }
    // Someone you both merely shared a crowd with (a 200-guest event weighs each pair 1/199
    // of a one-to-one meeting) is no mutual contact beside people you both know.
    let floor = (mutual.first?.score ?? 0) * mutualFloor
    mutual = Array(mutual.prefix { $0.score >= floor }.prefix(mutualLimit))

    let notes = snapshot.activity.notes.filter { $0.person == c }.suffix(recentLimit).reversed()
    let recent = Array(range.reversed().prefix(recentLimit))
    let x = snapshot.activity.exchanges
    let exchanges = (0..<x.count).reversed().lazy.filter {
      (x.giver[$0] == ego && x.receiver[$0] == c) || (x.giver[$0] == c && x.receiver[$0] == ego)
    }.prefix(c == ego ? 0 : recentLimit)
    let name = _CallNames(snapshot: snapshot, ego: ego).name(c)
    let owed = owedSentence(snapshot, reciprocity, name: name, letGo: letGo != nil)

    var brief = Brief(
      person: c, currentAffiliations: affiliations.filter(\.isCurrent),
      pastAffiliations: affiliations.filter { !$0.isCurrent },
      firstInteraction: range.isEmpty ? nil : history.time[range.lowerBound],
      firstSummary: range.isEmpty ? nil : history.summaryText(range.lowerBound),
      referredBy: referredBy, tie: tieIndex.map(snapshot.tie), cadence: cadence, lastContact: last,
      daysSinceLastContact: daysSince,
      overdueRatio: letGo != nil ? nil : cadence.flatMap { c in daysSince.map { $0 / c.days } },
      interactions: range.count, reciprocity: reciprocity, owed: owed, openReferrals: openReferrals,
      followUps: followUps, mutualContacts: mutual, recentNotes: Array(notes),
      recentInteractions: recent, recentExchanges: Array(exchanges),
      tags: snapshot.people.tags[Int(c)], interests: snapshot.people.interests[Int(c)],
      questions: [])
    brief.letGo = letGo
    brief.calendarDaysSinceLastContact = last.map { KithTime.calendarDays(from: $0, to: now) }
    brief.toRecord = openReferrals.compactMap { $0.recordLine(in: snapshot) }
    brief.questions = c == ego ? [] : questions(for: brief, in: snapshot, ego: ego, name: name)
    if c == ego {
      // A brief on yourself: your profile, notes and the referrals you are part of; no tie,
      // no mutual contacts, nothing owed to yourself.
      brief.mutualContacts = []
      brief.reciprocity = nil
      brief.owed = ""
      brief.cadence = nil
      brief.overdueRatio = nil
    }
    return brief
  }

  /// What to raise about an open referral with its subject, from who owes what: your
  /// loop-back or answer to the referrer, the reason you were referred to the referee, or
  /// where things stand when the subject is someone else's referral. A contact with the
  /// person referred that the record does not show yet is asked about ("how did it go?");
  /// what to record is the brief's ``Brief/toRecord``, not a question.
  public static func referralPoint(
    _ r: ReferralReview, subject c: Int32, ego: Int32, name: String, in snapshot: NetworkSnapshot
  ) -> String {
    let referral = r.referral
    let about = referral.refereeName(in: snapshot)
    let since = referral.sinceFormattedDay
    let progress = referral.standing(ego: ego, in: snapshot)
    // An action that falls due after now says when.
    let upcoming = r.due.flatMap { $0 > snapshot.asOfSeconds ? day($0) : nil }
    // "and you met them on 2026-10-16": a contact the record does not show yet.
    let contacted = r.refereeContact.map {
      " and you \($0.status == .met ? "met" : "were in touch with") them on \(day($0.time))"
    }
    if referral.referrer == c && referral.recipient == ego {
      switch r.action {
      case .loopBack:
        if let upcoming {
          return
            "Tell \(name) how it went with \(about) (\(progress)): the loop-back is due \(upcoming)."
        }
        return "You owe \(name) a loop-back: how did it go with \(about) (\(progress))?"
      case .actOrDecline:
        if let contacted {
          return
            "\(name) suggested \(about) on \(referral.formattedDay)\(contacted): how did it go?"
        }
        return
          "\(name) suggested \(about) on \(referral.formattedDay): will you get in touch, or pass\(upcoming.map { " (by \($0))" } ?? "")?"
      case .explainDecline:
        return "You declined \(about), \(name)'s suggestion, without saying why: tell \(name)."
      case nil where referral.status == .suggested:
        // Met already (the record is not due yet, but it is behind).
        if let contacted {
          return "\(name) suggested \(about) on \(since)\(contacted): how did it go?"
        }
        return
          "\(name) suggested \(about) on \(since): what should you know before you get in touch?"
      case nil:
        return "\(name) suggested \(about), and \(progress): how is it going?"
      }
    }
    if referral.refereePerson == c && referral.recipient == ego {
      let referrer = snapshot.people.names[Int(referral.referrer)]
      let because = referral.why.map { " (“\($0)”)" } ?? ""
      if let contact = r.refereeContact {
        return
          "\(referrer) suggested you two talk\(because), and you \(contact.status == .met ? "met" : "were in touch") on \(day(contact.time)): what comes next?"
      }
      if referral.status == .declined {
        return
          "\(referrer) suggested you two talk\(because) and you passed on \(since): has anything changed?"
      }
      return "\(referrer) suggested you two talk\(because): what could you do for each other?"
    }
    if let org = referral.refereeOrganisation, referral.recipient == ego,
      snapshot.affiliations(of: c).contains(where: { $0.isCurrent && $0.organisation == org })
    {
      let referrer = snapshot.people.names[Int(referral.referrer)]
      let because = referral.why.map { " (“\($0)”)" } ?? ""
      return
        "\(referrer) referred you to \(about)\(because), where \(name) works: what should you know, and whom should you talk to there?"
    }
    return "Where do things stand with \(about) (\(progress))?"
  }

  /// - Parameter letGo: the ego let the tie go (``Brief/letGo``): no first give suggested.
  static func owedSentence(
    _ snapshot: NetworkSnapshot, _ entry: ReciprocityEntry?, name: String, letGo: Bool = false
  ) -> String {
    guard let entry, entry.given + entry.received > 0 else {
      if letGo { return "Nothing given or received." }
      return
        "Nothing given or received yet: an easy first give is an introduction or a useful link."
    }
    let x = snapshot.activity.exchanges
    func describe(_ k: Int?, _ last: String = "last") -> String {
      guard let k else { return "" }
      return
        " (\(last): \(phrase(x.kind[k])) on \(x.formattedDay(k))\(x.note[k].map { ": “\($0)”" } ?? ""))"
    }
    // "You owe" only where `reciprocity` flags taking (and the plan says "You also owe"):
    // otherwise the amounts are said as they are, the larger side first.
    if entry.flags.contains(.taking) {
      return
        "You owe \(name): received \(fmt(entry.received)) vs given \(fmt(entry.given))\(describe(entry.lastReceived))."
    }
    if entry.balance <= -0.2 {
      return
        "Received \(fmt(entry.received)), given \(fmt(entry.given))\(describe(entry.lastReceived, "last received"))."
    }
    if entry.balance >= 0.2 {
      return
        "Given \(fmt(entry.given)), received \(fmt(entry.received))\(describe(entry.lastGiven, "last given"))."
    }
    return "Balanced: given \(fmt(entry.given)), received \(fmt(entry.received))."
  }

  /// One line on a follow-up owed to the subject: "You owe a follow-up: due 2026-11-01 after
  /// your contact on 2026-10-15 about “the launch”." A new contact's nudge not yet due says
  /// "A follow-up is due …" instead.
  public static func followUpLine(_ f: FollowUp, asOf now: Int64) -> String {
    let opening = f.due <= now ? "You owe a follow-up: due" : "A follow-up is due"
    let about = f.summary.map { " about “\(topic(of: $0))”" } ?? ""
    switch f.reason {
    case .due:
      return "\(opening) \(day(f.due)) after your contact on \(day(f.lastContact))\(about)."
    case .neverFollowedUp:
      return
        "\(opening) \(day(f.due)), \(FollowUps.neverFollowedUpDueDays) days after your only contact, on \(day(f.lastContact))\(about)."
    }
  }

  /// The question a follow-up owed to the subject raises: the next step you set a date for,
  /// or what a single contact could lead to.
  public static func followUpPoint(_ f: FollowUp) -> String {
    switch f.reason {
    case .due:
      let after =
        f.summary.map { "on “\(topic(of: $0))” (\(day(f.lastContact)))" }
        ?? "after your contact on \(day(f.lastContact))"
      return "You set a follow-up for \(day(f.due)) \(after): what is the next step?"
    case .neverFollowedUp:
      let about = f.summary.map { " (“\(topic(of: $0))”)" } ?? ""
      return
        "Your only contact was on \(day(f.lastContact))\(about): what could you two do together next?"
    }
  }

  /// The question about a mutual contact, true to the ties as they are now. "You both know
  /// them well" only when both the ego's and the subject's tie to them are strong now: at
  /// least twice the median strength of the ego's ties (``Beyond/egoMedianStrength(in:ego:)``).
  /// Otherwise the question says when the ego was last in touch with them
  /// (``Neglect/lastContact(of:in:exchanges:)``, the date go-between lines give too), since a
  /// faded tie (met twice, years ago) is not one to vouch for; with no interaction to date it
  /// (a recorded tie only), just that you both know them.
  public static func mutualPoint(_ m: MutualContact, in snapshot: NetworkSnapshot, ego: Int32)
    -> String
  {
    let ask = "How is \(snapshot.people.names[Int(m.person)]) doing? You both know them"
    if let median = Beyond.egoMedianStrength(in: snapshot, ego: ego),
      min(m.strengthToEgo, m.strengthToSubject) >= 2 * median
    {
      return ask + " well."
    }
    guard
      let last = Neglect.lastContact(
        of: m.person, in: snapshot, exchanges: Neglect.lastExchanges(in: snapshot, ego: ego))
    else { return ask + "." }
    return ask + "; you were last in touch on \(day(last))."
  }

  /// The question about the last thing you talked about. "What happened next?" asks about a
  /// recent conversation; after a year or more of silence it reads as though no time had
  /// passed, so an older one says how long ago it was and asks how it turned out.
  static func talkingPointQuestion(
    _ point: _TalkingPoint.Point, in history: EgoInteractions, of c: Int32,
    asOf now: Int64
  ) -> String {
    // Whole years of calendar days, as the date beside it counts.
    let years = KithTime.calendarDays(from: history.time[point.entry], to: now) / 365
    guard years >= 1 else {
      let when = _TalkingPoint.when(point.entry, in: history, of: c, asOf: now)
      return "\(when) you talked about “\(point.topic)”: what happened next?"
    }
    let date = day(history.time[point.entry])
    let latest = _TalkingPoint.isLatest(point.entry, in: history, of: c)
    let when = latest ? "Last time (\(date))" : "On \(date)"
    let ago =
      (years == 1 ? "over a year ago" : "over \(years) years ago")
      + (latest ? "" : _TalkingPoint.passedOver(in: history, of: c))
    return "\(when), \(ago), you talked about “\(point.topic)”: how did it turn out?"
  }

  /// You have given at least this much to someone…
  static let oneSidedGiven = 2.0
  /// …with a balance (``ReciprocityEntry/balance``) of at least this: they give little back.
  static let oneSidedBalance = 0.5

  /// The question for someone you keep giving to who gives little back (given at least
  /// ``oneSidedGiven``, balance at least ``oneSidedBalance``): not what more you could do for
  /// them, but how what you gave worked out and what they could do for you. Nil otherwise.
  static func givingPoint(_ entry: ReciprocityEntry, in snapshot: NetworkSnapshot, name: String)
    -> String?
  {
    guard entry.given >= oneSidedGiven, entry.balance >= oneSidedBalance else { return nil }
    let x = snapshot.activity.exchanges
    let sent =
      entry.lastGiven.map {
        "You gave \(name) \(phrase(x.kind[$0])) on \(x.formattedDay($0)): how did it work out? "
      }
      ?? ""
    return
      "\(sent)You have given \(fmt(entry.given)) and received \(fmt(entry.received)): is there something \(name) could help you with, or someone to introduce you to?"
  }

  /// Three questions, in order of how specific the knowledge behind them is: a follow-up owed
  /// first, then an open referral. For a tie the ego let go (``Brief/letGo``), none that
  /// presses for contact (what you could do for them, what they could do for you, whom they
  /// should meet): questions about the person, such as what has changed since; a follow-up
  /// you set and a referral you owe are promises, and are still asked about.
  static func questions(
    for brief: Brief, in snapshot: NetworkSnapshot, ego: Int32, name: String
  ) -> [String] {
    var out: [String] = []
    let history = snapshot.activity.egoInteractions
    if let f = brief.followUps.first {
      out.append(followUpPoint(f))
    }
    if let r = brief.openReferrals.first {
      out.append(referralPoint(r, subject: brief.person, ego: ego, name: name, in: snapshot))
    }
    // The follow-up's question already names what it was about.
    if let point = _TalkingPoint.latest(in: history, of: brief.person),
      !brief.followUps.contains(where: {
        $0.lastContact == history.time[point.entry] && $0.summary.map(topic(of:)) == point.topic
      })
    {
      out.append(
        talkingPointQuestion(point, in: history, of: brief.person, asOf: snapshot.asOfSeconds))
    }
    if let aff = brief.currentAffiliations.last {
      let org = snapshot.organisations.names[Int(aff.organisation)]
      out.append(
        "How is \(aff.role.map { "being \($0) at " } ?? "life at ")\(org) going, and what is the team focused on now?"
      )
    }
    if let note = brief.recentNotes.first {
      out.append("Noted on \(note.formattedDay): “\(note.text)” — ask \(name) about it.")
    }
    if let interest = brief.interests.first {
      out.append("What is new for \(name) in \(interest)?")
    }
    let letGo = brief.letGo != nil
    if !letGo, let entry = brief.reciprocity, entry.flags.contains(.taking) {
      out.append("What could you do for \(name) right now? You have received more than you gave.")
    }
    let giving =
      letGo ? nil : brief.reciprocity.flatMap { givingPoint($0, in: snapshot, name: name) }
    if let giving { out.append(giving) }
    // Not about someone whose tie the ego let go: no one to ask after, or to vouch for.
    let lettingGo = Neglect.lettingGo(in: snapshot, ego: ego)
    if let m = brief.mutualContacts.first(where: { !lettingGo.contains($0.person) }) {
      out.append(mutualPoint(m, in: snapshot, ego: ego))
    }
    // Someone you keep giving to is not asked what more you could do for them, nor someone
    // whose tie you let go.
    if giving == nil && !letGo {
      out.append("What are you working on that I could help with, or whom should you meet?")
    }
    // With no interaction on record, there is no "last time" to ask about.
    if brief.lastContact != nil {
      out.append("What has changed for you since we last spoke?")
    } else {
      out.append(
        letGo
          ? "What has changed for you lately?"
          : "What would you like to get out of this first conversation?")
    }
    out.append("What is the most interesting problem on your desk this month?")
    if letGo { out.append("What are you most looking forward to this year?") }
    var seen = Set<String>()
    return Array(out.filter { seen.insert($0).inserted }.prefix(3))
  }
}
