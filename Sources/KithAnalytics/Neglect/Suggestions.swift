import Foundation
import KithGraph

/// Writes the one-sentence suggestion attached to a neglected contact, from what is known:
/// a favour not returned, an open referral, the last thing talked about, their work.
struct Suggestions {
  let snapshot: NetworkSnapshot
  let ego: Int32
  /// The lost rule a lost tie's suggestion explains.
  let parameters: NeglectParameters
  /// Per person: the latest exchange they gave the ego with nothing given back since, -1 for
  /// none.
  private var unreturned: [Int]
  /// Per contact: an open referral made to the ego by them, or to them.
  private var openReferral: [Int32: SnapshotReferral] = [:]
  /// Per contact: the referral they made to the ego on which the ego owes them something
  /// (``ReferralHygiene``), the most pressing first as in the plan: a loop-back, then an
  /// answer, then the reason for a decline; each oldest first.
  private var owed: [Int32: (review: ReferralReview, action: ReferralAction)] = [:]
  private let callNames: _CallNames

  /// The interactions whose summary can be asked about ("how did it turn out?"): a
  /// conversation, not a like or a conference dinner.
  static func isTalkingPointKind(_ kind: InteractionKind) -> Bool {
    switch kind {
    case .meeting, .call, .video, .message, .email: true
    case .event, .social, .other: false
    }
  }
  /// How recent such a conversation must be to be asked about.
  static let talkingPointDays: Int64 = 120

  init(snapshot: NetworkSnapshot, ego: Int32, parameters: NeglectParameters = NeglectParameters()) {
    self.snapshot = snapshot
    self.ego = ego
    self.parameters = parameters
    callNames = _CallNames(snapshot: snapshot, ego: ego)
    let x = snapshot.activity.exchanges
    unreturned = [Int](repeating: -1, count: snapshot.personCount)
    for k in 0..<x.count {
      if x.receiver[k] == ego {
        unreturned[Int(x.giver[k])] = k
      } else if x.giver[k] == ego {
        unreturned[Int(x.receiver[k])] = -1
      }
    }
    for r in snapshot.activity.referrals where !r.status.isClosed && r.recipient == ego {
      for p in [r.referrer, r.refereePerson].compactMap({ $0 }) where p != ego {
        openReferral[p] = r
      }
    }
    func rank(_ action: ReferralAction) -> Int {
      switch action {
      case .loopBack: 0
      case .actOrDecline: 1
      case .explainDecline: 2
      }
    }
    // The review lists owed actions oldest first: the first of each rank is kept.
    for review in ReferralHygiene.review(in: snapshot, ego: ego) {
      guard let action = review.action else { continue }
      let r = review.referral
      if let held = owed[r.referrer], rank(held.action) <= rank(action) { continue }
      owed[r.referrer] = (review, action)
    }
  }

  /// The latest exchange `c` gave the ego with nothing given back since.
  private func unreturnedExchange(from c: Int32) -> Int? {
    let k = unreturned[Int(c)]
    return k >= 0 ? k : nil
  }

  /// The referral the exchange `k` records (a referral is also a gift from its referrer).
  private func referral(ofExchange k: Int) -> SnapshotReferral? {
    let x = snapshot.activity.exchanges
    guard x.kind[k] == .referral else { return nil }
    return snapshot.activity.referrals.first {
      $0.referrer == x.giver[k] && $0.recipient == x.receiver[k] && $0.time == x.time[k]
    }
  }

  /// " (“their reason”)", after the referee's name: the reason is about them.
  private static func because(_ r: SnapshotReferral) -> String {
    r.why.map { " (“\($0)”)" } ?? ""
  }

  func suggestion(for item: NeglectedContact) -> String { advice(for: item).text }

  /// The suggestion and the referral it is about, if any (a plan item links to it).
  func advice(for item: NeglectedContact) -> (text: String, referral: SnapshotReferral?) {
    let c = item.person
    let first = callNames.name(c)
    let days = item.calendarDaysSince
    if item.status == .lost {
      return (
        "\(days) days of silence is \(Neglect.lostReason(item.cadence, parameters: parameters)): reconnect with a personal note about them, not a request.",
        nil
      )
    }
    // What you owe on their referral is the thing to do, before anything they gave.
    if let (review, action) = owed[c] {
      let r = review.referral
      let about = r.refereeName(in: snapshot)
      let referred = "\(first) referred you to \(about)\(Self.because(r))"
      switch action {
      case .loopBack:
        return (
          "\(referred) and \(r.standing(ego: ego, in: snapshot)): tell \(first) how it went.", r
        )
      case .actOrDecline:
        // Met already, but not recorded: what to record comes first.
        if let hint = review.recordHint(referrer: first, in: snapshot) {
          return ("\(referred) on \(r.formattedDay). \(hint)", r)
        }
        return (
          "\(referred) on \(r.formattedDay): get in touch with \(about), or tell \(first) you will pass.",
          r
        )
      case .explainDecline:
        return (
          "\(referred) and \(r.standing(ego: ego, in: snapshot)) without saying why: tell \(first) why.",
          r
        )
      }
    }
    if let k = unreturnedExchange(from: c) {
      let x = snapshot.activity.exchanges
      let what: String
      if let r = referral(ofExchange: k) {
        // Their reason is about the referee: it is quoted after the referee's name.
        what = "a referral to \(r.refereeName(in: snapshot))\(Self.because(r))"
      } else {
        // A note written as a sentence loses its full stop inside the parentheses.
        what =
          phrase(x.kind[k])
          + (x.note[k].map { " (\($0.hasSuffix(".") ? String($0.dropLast()) : $0))" } ?? "")
      }
      return (
        "\(first) gave you \(what) on \(x.formattedDay(k)) and you have not given back since: ask what they need right now.",
        referral(ofExchange: k)
      )
    }
    if let r = openReferral[c] {
      if r.refereePerson == c {
        // A suggestion not acted on yet is said by the referral alone, with its reason.
        let state = r.status == .suggested ? "" : " and \(r.standing(ego: ego, in: snapshot))"
        return (
          "\(callNames.name(r.referrer)) referred you to \(first) on \(r.formattedDay)\(Self.because(r))\(state): get in touch.",
          r
        )
      }
      return (
        "Their referral to \(r.refereeName(in: snapshot))\(Self.because(r)) is open (\(r.standing(ego: ego, in: snapshot))): tell \(first) where it stands.",
        r
      )
    }
    let history = snapshot.activity.egoInteractions
    if let point = _TalkingPoint.latest(in: history, of: c), askable(point, of: c, in: history) {
      return (
        "\(_TalkingPoint.when(point.entry, in: history, of: c, asOf: snapshot.asOfSeconds)) you talked about “\(point.topic)”: ask \(first) how it turned out.",
        nil
      )
    }
    if let aff = snapshot.affiliations(of: c).last(where: \.isCurrent) {
      return (
        "No contact for \(days) \(days == 1 ? "day" : "days"): ask \(first) how things are going at \(ending(snapshot.organisations.names[Int(aff.organisation)]))",
        nil
      )
    }
    return (
      "No contact for \(days) \(days == 1 ? "day" : "days") (\(item.cadence.clause)): send \(first) a short note.",
      nil
    )
  }
}

extension Suggestions {
  /// Whether "how did it turn out?" makes sense about a talking point: a conversation (not a
  /// like, not a conference dinner), recent, whose summary is a topic rather than a calendar
  /// title naming the contact ("Mentor 1:1 with Grace", "Product demo: Kenji / Shota").
  func askable(_ point: _TalkingPoint.Point, of c: Int32, in history: EgoInteractions) -> Bool {
    let k = point.entry
    let words = _CallNames.words(of: snapshot.people.names[Int(c)])
    return Self.isTalkingPointKind(history.kind[k])
      && snapshot.asOfSeconds - history.time[k] <= Self.talkingPointDays * 86_400
      && !words.contains { point.topic.range(of: $0, options: .caseInsensitive) != nil }
  }
}

/// A name that ends a sentence, with its full stop: one already there ("Northwind Traders,
/// Inc.") is not doubled.
func ending(_ name: String) -> String { name.hasSuffix(".") ? name : name + "." }

/// An interaction of `count` people (the ego included) as a noun phrase: "a meeting of 12
/// people", "an event of 28 people", "an email among 9 people".
func phrase(_ kind: InteractionKind, of count: Int) -> String {
  switch kind {
  case .meeting: "a meeting of \(count) people"
  case .call: "a call of \(count) people"
  case .video: "a video call of \(count) people"
  case .event: "an event of \(count) people"
  case .message: "a message among \(count) people"
  case .email: "an email among \(count) people"
  case .social: "a social-media exchange among \(count) people"
  case .other: "an interaction of \(count) people"
  }
}

/// An exchange kind as a noun phrase: "an introduction", "advice", "a job lead".
public func phrase(_ kind: ExchangeKind) -> String {
  switch kind {
  case .introduction: "an introduction"
  case .referral: "a referral"
  case .jobLead: "a job lead"
  case .advice: "advice"
  case .information: "information"
  case .help: "help"
  case .endorsement: "an endorsement"
  case .gift: "a gift"
  case .favour: "a favour"
  }
}
