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

  /// Per person, the time of the exchange that revived the tie, `Int64.min` for none; empty
  /// when an exchange revived no tie (the usual case: nothing to look up then).
  let exchangeTime: [Int64]
  /// Per person, whether no interaction came after that exchange; empty as `exchangeTime`.
  let awaitingInteraction: [Bool]

  /// The revivals of `ego`'s ties in `snapshot`, whose ego's interactions are its history.
  /// - Complexity: O(n + X) for n people and X exchanges (one pass over each, so no scan of the
  ///   exchanges per contact), plus O(k) for each contact with an exchange over 180 days into
  ///   the silence before their latest run, for the k interactions before that silence (its
  ///   threshold, from the run it ended).
  public init(_ snapshot: NetworkSnapshot, ego: Int32) {
    let history = snapshot.activity.egoInteractions
    let x = snapshot.activity.exchanges
    var found: [Int32: Entry] = [:]
    // The rhythm of the interactions before each latest run, when an exchange needs it.
    var before: [Int32: ContactRhythm] = [:]
    // Per person, in one pass in order: the last interaction, and the silence before the latest
    // run (its two ends), so that the pass over the exchanges, in time order, reads these
    // rather than the whole history at random.
    let n = snapshot.personCount
    var lastTime = [Int64](repeating: .min, count: n)
    var silenceFrom = [Int64](repeating: .max, count: n)
    var silenceTo = [Int64](repeating: .min, count: n)
    for u in 0..<n where history.offsets[u + 1] > history.offsets[u] {
      lastTime[u] = history.lastTime(of: Int32(u)).unsafelyUnwrapped
      let start = history.rhythm(of: Int32(u)).start
      if start > 0 {
        silenceFrom[u] = history.time[history.offsets[u] + Int(start) - 1]
        silenceTo[u] = history.time[history.offsets[u] + Int(start)]
      }
    }
    for k in 0..<x.count {
      let c: Int32
      if x.giver[k] == ego {
        c = x.receiver[k]
      } else if x.receiver[k] == ego {
        c = x.giver[k]
      } else {
        continue
      }
      let t = x.time[k]
      let last = lastTime[Int(c)]
      // No interaction: no rhythm to lose (and no clock).
      guard c != ego, last != .min else { continue }
      let day = KithTime.day(ofSeconds: t)
      let entry: Entry
      if t > last {
        // After every interaction: a silence against the latest run.
        let rhythm = history.rhythm(of: c)
        guard rhythm.loses(silenceDays: day - KithTime.day(ofSeconds: last)) else { continue }
        entry = Entry(time: t, awaitingInteraction: true)
      } else if t > silenceFrom[Int(c)] && t < silenceTo[Int(c)] {
        // Inside the silence that the latest run's first interaction ended: against the run
        // that silence lost.
        let end = silenceFrom[Int(c)]
        // No threshold is under `lostFloorDays`: most exchanges need not learn that one.
        let silence = day - KithTime.day(ofSeconds: end)
        guard Double(silence) > ContactRhythm.lostFloorDays else { continue }
        if let held = found[c], held.awaitingInteraction || held.time <= t { continue }
        let previous =
          before[c]
          ?? history.time.withUnsafeBufferPointer {
            let range = history.range(of: c)
            let first = range.lowerBound + Int(history.rhythm(of: c).start)
            var scratch = ContactRhythm.Scratch()
            return ContactRhythm(
              UnsafeBufferPointer(rebasing: $0[range.lowerBound..<first]), &scratch)
          }
        before[c] = previous
        guard previous.loses(silenceDays: silence) else { continue }
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
    guard !found.isEmpty else {
      exchangeTime = []
      awaitingInteraction = []
      return
    }
    var time = [Int64](repeating: .min, count: n)
    var awaiting = [Bool](repeating: false, count: n)
    for (c, entry) in found {
      time[Int(c)] = entry.time
      awaiting[Int(c)] = entry.awaitingInteraction
    }
    exchangeTime = time
    awaitingInteraction = awaiting
  }

  /// Whether an exchange revived the tie to `c` and no interaction came since.
  func awaitsInteraction(_ c: Int32) -> Bool {
    !awaitingInteraction.isEmpty && awaitingInteraction[Int(c)]
  }

  /// When the tie to `c` was revived: the time of the exchange or interaction that ended the
  /// latest silence that lost it, whichever came first; nil when it was never lost.
  /// - Complexity: O(1).
  public func revival(of c: Int32, in snapshot: NetworkSnapshot) -> Int64? {
    if !exchangeTime.isEmpty && exchangeTime[Int(c)] != .min { return exchangeTime[Int(c)] }
    return snapshot.activity.egoInteractions.revival(of: c)
  }

  /// The rhythm of the ego's contact with `c` since the tie was last revived: the snapshot's
  /// (``EgoInteractions/rhythm(of:)``), or, revived by an exchange with no interaction since,
  /// a run of no days (no learned gap, `start` after every interaction).
  /// - Complexity: O(1).
  public func rhythm(of c: Int32, in snapshot: NetworkSnapshot) -> ContactRhythm {
    let history = snapshot.activity.egoInteractions
    if awaitsInteraction(c) {
      return ContactRhythm(medianGapDays: .nan, days: 0, start: Int32(history.count(of: c)))
    }
    return history.rhythm(of: c)
  }

  /// Whether the tie to `c` was revived and has no rhythm since: fewer than
  /// ``ContactRhythm/minimumDays`` days of contact since the revival.
  /// - Complexity: O(1).
  public func withoutRhythm(_ c: Int32, in snapshot: NetworkSnapshot) -> Bool {
    if awaitsInteraction(c) { return true }
    // An exchange inside the silence before the latest run only dates its revival.
    let rhythm = snapshot.activity.egoInteractions.rhythm(of: c)
    return rhythm.start > 0 && rhythm.days < ContactRhythm.minimumDays
  }
}
