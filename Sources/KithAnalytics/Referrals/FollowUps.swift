import KithGraph

/// Why a follow-up is listed.
public enum FollowUpReason: String, Sendable, Hashable, Codable {
  /// A follow-up date set on an interaction has passed with no later interaction.
  case due
  /// Met in the last 60 days, exactly once, and never since.
  case neverFollowedUp = "never-followed-up"
}

/// One follow-up the ego owes.
public struct FollowUp: Sendable, Hashable {
  public var person: Int32
  public var reason: FollowUpReason
  /// When it was due: the follow-up date, or the first meeting + `neverFollowedUpDueDays`.
  public var due: Int64
  public var lastContact: Int64
  /// What the interaction that set it was about.
  public var summary: String?

  /// The last day a contact met once is listed unless followed up (the first meeting +
  /// ``FollowUps/newContactWindowDays``); nil for a follow-up date you set, which stays.
  public var listedUntil: Int64? {
    reason == .neverFollowedUp
      ? KithTime.adding(days: FollowUps.newContactWindowDays, to: lastContact) : nil
  }
}

/// Follow-ups: explicit follow-up dates that passed with no later interaction with that
/// person, and people first met recently with exactly one interaction (unless that
/// interaction set a follow-up date that is still ahead). A person's follow-ups dismissed at
/// time D (`SnapshotPeople.followUpsDismissed`) are not listed while their last interaction
/// is at or before D: both kinds of follow-up hang on the last interaction, so a later one
/// (with its own follow-up date, or a first meeting again) is listed as usual. A contact met
/// once whose tie the ego let go since (`kith let-go`) is not "never followed up".
public enum FollowUps {
  /// People first met within this many days with one interaction are "never followed up".
  public static let newContactWindowDays: Int64 = 60
  /// The suggested follow-up for a new contact: this many days after meeting.
  public static let neverFollowedUpDueDays: Int64 = 14

  /// Follow-ups owed by `ego` as of the snapshot, by due date (oldest first), then handle.
  /// With `dueBy`, explicit follow-ups falling due up to that time are included too. A
  /// dismissal counts from its time: as of an earlier time, what it hid is listed.
  /// - Complexity: O(E + f log f) for E ego interactions and f follow-ups.
  public static func list(in snapshot: NetworkSnapshot, ego: Int32, dueBy: Int64? = nil)
    -> [FollowUp]
  {
    let history = snapshot.activity.egoInteractions
    let now = snapshot.asOfSeconds
    let horizon = max(dueBy ?? now, now)
    let dismissed = snapshot.people.followUpsDismissed
    var out: [FollowUp] = []
    for c in 0..<Int32(snapshot.personCount) where c != ego {
      let range = history.range(of: c)
      guard let last = history.time[range].last else { continue }
      // (`TieColumns.none` is before any interaction.)
      let d = dismissed[Int(c)]
      if d <= now, last <= d { continue }
      // The latest interaction with a follow-up date that has no later interaction: only an
      // interaction at the last contact time can qualify (the run's last entries, in time order).
      let atLast = range.reversed().prefix { history.time[$0] == last }
      if let k = atLast.first(where: { history.followUp[$0] != TieColumns.none }),
        history.followUp[k] <= horizon
      {
        out.append(
          FollowUp(
            person: c, reason: .due, due: history.followUp[k], lastContact: last,
            summary: history.summaryText(k)))
        continue
      }
      // A single contact with a follow-up date still ahead is already planned: not listed. A
      // contact met once whose tie the ego let go since is no one to follow up (a date the ego
      // set is still owed, above).
      let letGo = snapshot.people.letGo(of: c).map { $0 <= now && last <= $0 } ?? false
      if range.count == 1, !letGo, now <= KithTime.adding(days: newContactWindowDays, to: last),
        history.followUp[range.lowerBound] == TieColumns.none
      {
        let k = range.lowerBound
        out.append(
          FollowUp(
            person: c, reason: .neverFollowedUp,
            due: KithTime.adding(days: neverFollowedUpDueDays, to: last),
            lastContact: last, summary: history.summaryText(k)))
      }
    }
    out.sort {
      $0.due != $1.due
        ? $0.due < $1.due
        : snapshot.people.handles[Int($0.person)] < snapshot.people.handles[Int($1.person)]
    }
    return out
  }
}
