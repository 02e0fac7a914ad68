import Foundation
import GRDB
import KithGraph
import KithImport

/// The stored interactions of an import's `ImportBatch.replacedGroups` (a calendar's events as
/// they are now), and what the import changes of them: records whose fields changed are
/// rewritten in place (keeping their ids, which notes may name), and those the batch no longer
/// holds are removed. Both wait for `apply(_:)`, after the import's new rows are written, and
/// then the tie ledger is rebuilt from the interactions.
///
/// An import that holds no group reads nothing; a re-import of an unchanged calendar reads its
/// stored rows once and writes nothing.
struct _ReplacedInteractions {
  /// A stored interaction of one of the groups, or (in `edits`) the fields to rewrite it with.
  struct Stored {
    var id: Int64
    var time: Int64
    var kind: String
    var participants: [Int64]
    var initiator: Int64?
    var channel: String?
    var summary: String?
    var followUp: Int64?
    /// How many people took part when more than `participants` (`Interaction.participantCount`):
    /// nil for a calendar's event, which names everyone.
    var participantCount: Int? = nil
    /// The day entered, for an interaction entered as a date alone (`Interaction.day`).
    var day: Int64? = nil
    /// Whether a record of the batch has its source id.
    var seen = false
  }

  private var stored: [String: Stored] = [:]
  private var edits: [Stored] = []
  private let through: Int64

  /// No groups: every look-up misses.
  init() { through = .max }

  /// Reads the interactions of `source` among `ids` (the source's stored interaction ids)
  /// whose source id belongs to one of `groups`.
  init(source: String, groups: Set<String>, through: Date?, ids: [Int64], _ db: Database) throws {
    self.through = through.map(KithTime.seconds) ?? .max
    guard !groups.isEmpty, !ids.isEmpty else { return }
    var packed: [UInt8] = []
    Ledger.packParticipants(ids, into: &packed)
    for row in try Row.fetchAll(
      db,
      sql: """
        SELECT id, source_id, time, kind, participants, initiator_id, channel, summary, follow_up,
          day
        FROM interaction
        WHERE id IN (SELECT value FROM json_each(?)) AND source = ? AND source_id IS NOT NULL
        """, arguments: [String(decoding: packed, as: UTF8.self), source])
    {
      let sourceID: String = row["source_id"]
      guard Self.group(of: sourceID, in: groups) != nil else { continue }
      stored[sourceID] = Stored(
        id: row["id"], time: row["time"], kind: row["kind"],
        participants: Ledger.participants(row["participants"]),
        initiator: row["initiator_id"], channel: row["channel"], summary: row["summary"],
        followUp: row["follow_up"], day: row["day"])
    }
  }

  /// The group `sourceID` belongs to: itself, or what precedes a `/` (`UID/occurrence`).
  static func group(of sourceID: String, in groups: Set<String>) -> String? {
    if groups.contains(sourceID) { return sourceID }
    var prefix = Substring(sourceID)
    while let slash = prefix.lastIndex(of: "/") {
      prefix = prefix[..<slash]
      if groups.contains(String(prefix)) { return String(prefix) }
    }
    return nil
  }

  var isEmpty: Bool { stored.isEmpty }

  /// Keeps as they are the stored interactions for which `keeps(sourceID, group)` is true:
  /// no record of the batch rewrites them, and `apply(_:)` does not remove them.
  mutating func keep(in groups: Set<String>, where keeps: (String, String) -> Bool) {
    for (sourceID, row) in stored where !row.seen {
      guard let group = Self.group(of: sourceID, in: groups), keeps(sourceID, group) else {
        continue
      }
      stored[sourceID]?.seen = true
    }
  }

  /// Takes the record with `sourceID` (already stored) as the interaction's current state:
  /// returns whether its fields differ from the stored ones, in which case it is rewritten by
  /// `apply(_:)`. The first record of an id decides; later ones with the same id change
  /// nothing.
  mutating func update(
    _ sourceID: String, time: Date, kind: InteractionKind, participants: UnsafeBufferPointer<Int64>,
    initiator: Int64?, channel: String?, summary: String?, followUp: Date?, day: Int64?
  ) -> Bool {
    guard var row = stored[sourceID], !row.seen else { return false }
    row.seen = true
    stored[sourceID] = row
    let seconds = KithTime.seconds(time)
    let follow = followUp.map(KithTime.seconds)
    if row.time == seconds, row.kind == kind.rawValue, row.initiator == initiator,
      row.channel == channel, row.summary == summary, row.followUp == follow, row.day == day,
      row.participants.sorted() == participants.sorted()
    {
      return false
    }
    edits.append(
      Stored(
        id: row.id, time: seconds, kind: kind.rawValue, participants: Array(participants),
        initiator: initiator, channel: channel, summary: summary, followUp: follow, day: day))
    return true
  }

  /// Rewrites the edited interactions and removes those no record named (dated up to the
  /// batch's `replacedThrough`); notes about a removed interaction are kept, about nothing
  /// else. Returns how many were removed, and whether anything changed (then the caller
  /// rebuilds the ledger once the import's own rows are in).
  mutating func apply(_ db: Database) throws -> (removed: Int, changed: Bool) {
    for edit in edits { try Self.rewrite(edit, db) }
    let gone = stored.values.filter { !$0.seen && $0.time <= through }.map(\.id).sorted()
    for id in gone { try Self.remove(id, db) }
    let changed = !edits.isEmpty || !gone.isEmpty
    edits = []
    return (gone.count, changed)
  }

  /// Rewrites the stored interaction `row.id` with `row`'s fields (its source stays). The
  /// caller rebuilds the ledger.
  static func rewrite(_ row: Stored, _ db: Database) throws {
    var packed: [UInt8] = []
    Ledger.packParticipants(row.participants, into: &packed)
    try db.execute(
      sql: """
        UPDATE interaction SET time = ?, kind = ?, participant_count = ?, participants = ?,
          initiator_id = ?, channel = ?, summary = ?, follow_up = ?, day = ?
        WHERE id = ?
        """,
      arguments: [
        row.time, row.kind,
        Interaction.peopleWhoTookPart(
          named: row.participants.count, recorded: row.participantCount),
        String(decoding: packed, as: UTF8.self),
        row.initiator, row.channel, row.summary, row.followUp, row.day, row.id,
      ])
  }

  /// Removes the stored interaction `id`; its notes are kept, about nothing else. The caller
  /// rebuilds the ledger.
  static func remove(_ id: Int64, _ db: Database) throws {
    try KithStore.retireIDs(of: ["interaction"], db)
    try db.execute(
      sql: "UPDATE note SET interaction_id = NULL WHERE interaction_id = ?", arguments: [id])
    try db.execute(sql: "DELETE FROM interaction WHERE id = ?", arguments: [id])
  }
}
