import KithGraph

/// When each of the ego's ties was last revived after a silence that lost it, exchanges
/// included, and the rhythm since: what cadences start again from.
///
/// The snapshot's rhythms come from interactions only (``ContactRhythm``): a silence longer
/// than the lost threshold of the run before it ends the run, and the interaction that ended
/// the silence starts the next. An exchange between the ego and the contact (a favour given
/// or received, a referral) ends such a silence as well, since it restarts the neglect clock
/// (``Neglect/lastContact(of:in:exchanges:)``): the first exchange more than that threshold
/// after the last interaction before it revives the tie on its own time. Until an
/// interaction follows, the tie has no rhythm: a run of no days, a tier default by its current
/// strength (``CadenceModel/tierRanks(_:ego:revivals:)``). Once interactions follow, they
/// make the new run (the first of them ended the silence too, so the snapshot's latest run is
/// theirs), and the tie is still revived on the exchange's time: a referral that revived a
/// tie on 2026-10-20, answered by an email a month later, was the reconnection, not the email.
///
/// The silence is measured from the last interaction, as between interactions: an exchange
/// within the threshold does not make a later one any less of a revival. Only exchanges of the
/// ego count, whichever way they went.
public struct Revivals: Sendable {
  /// A tie revived by an exchange.
  struct Entry: Sendable, Hashable {
    /// The exchange that ended the silence.
    var time: Int64
    /// No interaction came after it: the run since has no days yet.
    var awaitingInteraction: Bool
  }

  /// The ties revived by an exchange, by contact.
  let byExchange: [Int32: Entry]

  /// The revivals of `ego`'s ties in `snapshot`, whose ego's interactions are its history.
  /// - Complexity: O(X) for X exchanges, plus O(k) for each contact with an exchange inside
  ///   the silence before their latest run, for the k interactions before that silence (its
  ///   threshold, from the run it ended).
  public init(_ snapshot: NetworkSnapshot, ego: Int32) {
    let history = snapshot.activity.egoInteractions
    let x = snapshot.activity.exchanges
    var found: [Int32: Entry] = [:]
    // The rhythm of the interactions before each latest run, when an exchange needs it.
    var before: [Int32: ContactRhythm] = [:]
    for k in 0..<x.count {
      let c: Int32
      if x.giver[k] == ego {
        c = x.receiver[k]
      } else if x.receiver[k] == ego {
        c = x.giver[k]
      } else {
        continue
      }
      let range = history.range(of: c)
      // No interaction: no rhythm to lose (and no clock).
      guard c != ego, let last = range.last else { continue }
      let t = x.time[k]
      // One after every interaction ends the latest silence; the earliest such one wins.
      if let held = found[c], held.awaitingInteraction, held.time <= t { continue }
      let day = KithTime.day(ofSeconds: t)
      let rhythm = history.rhythm(of: c)
      let entry: Entry
      if t > history.time[last] {
        // After every interaction: a silence against the latest run.
        guard rhythm.loses(silenceDays: day - KithTime.day(ofSeconds: history.time[last])) else {
          continue
        }
        entry = Entry(time: t, awaitingInteraction: true)
      } else if rhythm.start > 0 {
        // Inside the silence that the latest run's first interaction ended: against the run
        // that silence lost.
        let first = range.lowerBound + Int(rhythm.start)
        let end = history.time[first - 1]
        guard t > end, t < history.time[first] else { continue }
        let previous =
          before[c]
          ?? history.time.withUnsafeBufferPointer {
            var scratch = ContactRhythm.Scratch()
            return ContactRhythm(
              UnsafeBufferPointer(rebasing: $0[range.lowerBound..<first]), &scratch)
          }
        before[c] = previous
        guard previous.loses(silenceDays: day - KithTime.day(ofSeconds: end)) else { continue }
        entry = Entry(time: t, awaitingInteraction: false)
      } else {
        continue
      }
      // Ending the latest silence beats ending the one before the latest run; then the earlier.
      if let held = found[c],
        held.awaitingInteraction != entry.awaitingInteraction
          ? held.awaitingInteraction : held.time <= t
      {
        continue
      }
      found[c] = entry
    }
    byExchange = found
  }

  /// When the tie to `c` was revived: the time of the exchange or interaction that ended the
  /// latest silence that lost it, whichever came first; nil when it was never lost.
  /// - Complexity: O(1).
  public func revival(of c: Int32, in snapshot: NetworkSnapshot) -> Int64? {
    byExchange[c]?.time ?? snapshot.activity.egoInteractions.revival(of: c)
  }

  /// The rhythm of the ego's contact with `c` since the tie was last revived: the snapshot's
  /// (``EgoInteractions/rhythm(of:)``), or, revived by an exchange with no interaction since,
  /// a run of no days (no learned gap, `start` after every interaction).
  /// - Complexity: O(1).
  public func rhythm(of c: Int32, in snapshot: NetworkSnapshot) -> ContactRhythm {
    let history = snapshot.activity.egoInteractions
    if byExchange[c]?.awaitingInteraction == true {
      return ContactRhythm(medianGapDays: .nan, days: 0, start: Int32(history.count(of: c)))
    }
    return history.rhythm(of: c)
  }

  /// Whether the tie to `c` was revived and has no rhythm since: fewer than
  /// ``ContactRhythm/minimumDays`` days of contact since the revival.
  /// - Complexity: O(1).
  public func withoutRhythm(_ c: Int32, in snapshot: NetworkSnapshot) -> Bool {
    revival(of: c, in: snapshot) != nil
      && rhythm(of: c, in: snapshot).days < ContactRhythm.minimumDays
  }
}
