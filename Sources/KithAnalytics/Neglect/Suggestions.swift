import Foundation
import KithGraph

/// Writes the one-sentence suggestion attached to a neglected contact, from what is known:
/// a favour not returned, an open referral, the last thing talked about, their work.
struct Suggestions {
  let snapshot: NetworkSnapshot
  let ego: Int32
  /// Per contact: the latest exchange they gave the ego with nothing given back since.
  private var unreturned: [Int32: Int] = [:]
  /// Per contact: an open referral made to the ego by them, or to them.
  private var openReferral: [Int32: SnapshotReferral] = [:]
  private let callNames: _CallNames

  init(snapshot: NetworkSnapshot, ego: Int32) {
    self.snapshot = snapshot
    self.ego = ego
    callNames = _CallNames(snapshot: snapshot, ego: ego)
    let x = snapshot.activity.exchanges
    for k in 0..<x.count {
      if x.receiver[k] == ego {
        unreturned[x.giver[k]] = k
      } else if x.giver[k] == ego {
        unreturned[x.receiver[k]] = nil
      }
    }
    for r in snapshot.activity.referrals where !r.status.isClosed && r.recipient == ego {
      for p in [r.referrer, r.refereePerson].compactMap({ $0 }) where p != ego {
        openReferral[p] = r
      }
    }
  }

  func suggestion(for item: NeglectedContact) -> String {
    let c = item.person
    let first = callNames.name(c)
    let days = Int(item.daysSince)
    if item.status == .lost {
      return
        "\(days) days of silence is over 8× \(item.cadence.lostMeasure): reconnect with a personal note about them, not a request."
    }
    if let k = unreturned[c] {
      let x = snapshot.activity.exchanges
      // A note written as a sentence loses its full stop inside the parentheses.
      let what = x.note[k].map { " (\($0.hasSuffix(".") ? String($0.dropLast()) : $0))" } ?? ""
      return
        "\(first) gave you \(phrase(x.kind[k]))\(what) on \(day(x.time[k])) and you have not given back since: ask what they need right now."
    }
    if let r = openReferral[c] {
      if r.refereePerson == c {
        return
          "\(callNames.name(r.referrer)) referred you to \(first) on \(day(r.time)) and it is still \(r.status.rawValue): get in touch."
      }
      let about =
        r.refereePerson.map { snapshot.people.names[Int($0)] }
        ?? r.refereeOrganisation.map { snapshot.organisations.names[Int($0)] } ?? "a contact"
      return
        "Their referral to \(about) is still \(r.status.rawValue) (since \(day(r.since))): tell \(first) where it stands."
    }
    let history = snapshot.activity.egoInteractions
    if let point = _TalkingPoint.latest(in: history, of: c) {
      return
        "\(_TalkingPoint.when(point.entry, in: history, of: c)) you talked about “\(point.summary)”: ask \(first) how it turned out."
    }
    if let aff = snapshot.affiliations(of: c).last(where: \.isCurrent) {
      return
        "No contact for \(days) \(days == 1 ? "day" : "days"): ask \(first) how things are going at \(snapshot.organisations.names[Int(aff.organisation)])."
    }
    return
      "No contact for \(days) \(days == 1 ? "day" : "days") (\(item.cadence.clause)): send \(first) a short note."
  }
}

/// An exchange kind as a noun phrase: "an introduction", "advice", "a job lead".
func phrase(_ kind: ExchangeKind) -> String {
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
