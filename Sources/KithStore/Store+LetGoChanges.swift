import Foundation
import GRDB
import KithGraph

/// What a change to the records (a contact logged, edited, removed, imported, or two people
/// merged) did to a tie an ego let go: it brought the tie back, left it let go although a
/// contact now falls on the day it was let go, or let it go again by taking away the contact
/// that had brought it back.
public struct LetGoChange: Sendable, Hashable {
  public enum Kind: String, Sendable {
    /// The record had no contact after it; now it has one: the tie is live again.
    case backInTouch = "back-in-touch"
    /// Still no contact after the record, but one more dated on its day, not after it (a date
    /// is its midnight): the tie stays let go, which the user may not expect.
    case staysLetGo = "stays-let-go"
    /// The record had a contact after it; now it has none: the tie is let go again.
    case letGoAgain = "let-go-again"
  }

  /// The ego whose tie it is.
  public var ego: Int64
  /// The ego's latest record for the person (its `ego` is `ego`).
  public var record: TieLetGo
  public var kind: Kind
  /// For `backInTouch`, the first contact after the record now; for `staysLetGo`, the contact
  /// the change put on the record's day; nil for `letGoAgain`.
  public var contact: Date?
}

/// Where the ties let go stood at one moment: for each ego and person, the ego's latest
/// record, the first contact after it (an interaction of the two, or an exchange between them
/// either way), and the contacts dated on its day but not after it. Two of them, taken before
/// and after a change, say what the change did (`changes(to:)`): the one place that decides
/// which records a change ends or restores, whatever the command.
public struct LetGoStandings: Sendable {
  struct Tie: Hashable, Sendable {
    var ego: Int64
    var person: Int64
  }

  struct Standing: Hashable, Sendable {
    var record: TieLetGo
    /// The first contact after the record (seconds); nil while the record holds.
    var firstAfter: Int64?
    /// The contacts dated on the record's day, at or before it (seconds), ascending.
    var sameDay: [Int64]
  }

  /// Which ties were read: those whose ego and person are both among these people (a contact
  /// between them is the only kind that bears on a tie), or every one when nil.
  let people: Set<Int64>?
  var standings: [Tie: Standing]

  /// What happened to each tie let go between `self` (before a change) and `after`, by ego,
  /// then person. A tie whose latest record differs between the two (one added, changed or
  /// forgotten) is not reported: the change is to the record, not to the contacts.
  /// - Complexity: O(T) for T ties let go read.
  public func changes(to after: LetGoStandings) -> [LetGoChange] {
    var out: [LetGoChange] = []
    for (tie, now) in after.standings {
      guard let was = standings[tie], was.record.time == now.record.time else { continue }
      let kind: LetGoChange.Kind
      let contact: Int64?
      switch (was.firstAfter, now.firstAfter) {
      case (nil, let first?):
        kind = .backInTouch
        contact = first
      case (_?, nil):
        kind = .letGoAgain
        contact = nil
      case (nil, nil):
        // A contact put on the record's day: the first the change added.
        var earlier = was.sameDay
        var added: Int64? = nil
        for t in now.sameDay {
          if let k = earlier.firstIndex(of: t) {
            earlier.remove(at: k)
          } else {
            added = t
            break
          }
        }
        guard let added else { continue }
        kind = .staysLetGo
        contact = added
      case (_?, _?):
        continue
      }
      out.append(
        LetGoChange(
          ego: tie.ego, record: now.record, kind: kind,
          contact: contact.map { Date(kithSeconds: $0) }))
    }
    return out.sorted { ($0.ego, $0.record.person) < ($1.ego, $1.record.person) }
  }

  /// These standings with `removed`'s ties counted as `kept`'s (as the ego and as the person),
  /// for a merge of the two: where both had one for the same tie, the later record's, which is
  /// the one in force after the merge; of two at the same instant (one record after the
  /// merge), the one that held, so that the merge ending it is said. The ties between the two
  /// go.
  func merging(_ removed: Int64, into kept: Int64) -> LetGoStandings {
    var out = LetGoStandings(people: people, standings: [:])
    for (tie, standing) in standings {
      var moved = tie
      if moved.ego == removed { moved.ego = kept }
      if moved.person == removed { moved.person = kept }
      if moved.ego == moved.person { continue }
      if let other = out.standings[moved],
        (other.record.time, other.firstAfter == nil ? 1 : 0)
          >= (standing.record.time, standing.firstAfter == nil ? 1 : 0)
      {
        continue
      }
      out.standings[moved] = standing
    }
    return out
  }
}

extension KithStore {
  /// Where every tie let go stands now, or only those whose ego and person are both among
  /// `people` (the people a change involves), to compare with after the change
  /// (`letGoChanges(since:)`). Ties let go in a store with no ego are left out.
  /// - Complexity: O(L + Σ contacts of each person let go) for L records.
  public func letGoStandings(among people: Set<Int64>? = nil) throws(StoreError)
    -> LetGoStandings
  {
    try read { db in try Self.letGoStandings(among: people, db) }
  }

  /// What the changes made since `before` did to the ties let go it read.
  public func letGoChanges(since before: LetGoStandings) throws(StoreError) -> [LetGoChange] {
    let after = try letGoStandings(among: before.people)
    return before.changes(to: after)
  }

  static func letGoStandings(among people: Set<Int64>?, _ db: Database) throws -> LetGoStandings {
    var result = LetGoStandings(people: people, standings: [:])
    // The latest record of each ego and person (SQLite takes the bare column `reason` from
    // the row of the max).
    let latest = try Row.fetchAll(
      db,
      sql: """
        SELECT ego_id, person_id, max(time) AS time, reason FROM tie_letgo
        WHERE ego_id IS NOT NULL GROUP BY ego_id, person_id
        """)
    // Interactions of both, and exchanges between them, after ?3, or from ?4 to ?3.
    let contacts = """
      SELECT i.time AS t FROM interaction_participant p JOIN interaction i ON i.id = p.interaction_id
      WHERE p.person_id = ?2 AND i.time BETWEEN ?3 AND ?4
        AND EXISTS (SELECT 1 FROM json_each(i.participants) WHERE value = ?1)
      UNION ALL
      SELECT time FROM exchange WHERE giver_id = ?1 AND receiver_id = ?2 AND time BETWEEN ?3 AND ?4
      UNION ALL
      SELECT time FROM exchange WHERE giver_id = ?2 AND receiver_id = ?1 AND time BETWEEN ?3 AND ?4
      """
    let first = try db.cachedStatement(sql: "SELECT min(t) FROM (\(contacts))")
    let sameDay = try db.cachedStatement(sql: "SELECT t FROM (\(contacts)) ORDER BY t")
    for row in latest {
      let ego: Int64 = row["ego_id"]
      let person: Int64 = row["person_id"]
      if let people, !people.contains(ego) || !people.contains(person) { continue }
      let time: Int64 = row["time"]
      let dayStart = KithTime.startOfDay(KithTime.day(ofSeconds: time))
      result.standings[LetGoStandings.Tie(ego: ego, person: person)] = LetGoStandings.Standing(
        record: TieLetGo(
          ego: ego, person: person, time: Date(kithSeconds: time), reason: row["reason"]),
        firstAfter: try Int64.fetchOne(first, arguments: [ego, person, time + 1, Int64.max]),
        sameDay: try Int64.fetchAll(sameDay, arguments: [ego, person, dayStart, time]))
    }
    return result
  }
}
