import Foundation
import GRDB
import GRDBSQLite
import KithGraph

/// Steps a prepared statement with the C API: the snapshot reads millions of rows, and the
/// per-row cost of a `Row` is what would dominate.
struct RawCursor {
  let statement: OpaquePointer

  init(_ statement: Statement) { self.statement = statement.sqliteStatement }

  /// Advances to the next row; false at the end.
  func next() throws -> Bool {
    let code = sqlite3_step(statement)
    if code == SQLITE_ROW { return true }
    if code == SQLITE_DONE { return false }
    throw StoreError.database(String(cString: sqlite3_errstr(code)))
  }

  @inline(__always) func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }
  @inline(__always) func double(_ column: Int32) -> Double {
    sqlite3_column_double(statement, column)
  }
  @inline(__always) func isNull(_ column: Int32) -> Bool {
    sqlite3_column_type(statement, column) == SQLITE_NULL
  }
  func text(_ column: Int32) -> String? {
    guard let c = sqlite3_column_text(statement, column) else { return nil }
    return String(cString: c)
  }
  /// The BLOB or TEXT bytes of `column`, valid until the next step.
  func bytes(_ column: Int32) -> UnsafeRawBufferPointer {
    let base = sqlite3_column_blob(statement, column)
    let count = Int(sqlite3_column_bytes(statement, column))
    guard let base, count > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
    return UnsafeRawBufferPointer(start: base, count: count)
  }
  /// Whether the TEXT in `column` is NULL or the empty list `[]`, without making a `String`.
  func isEmptyList(_ column: Int32) -> Bool {
    let b = bytes(column)
    return b.count == 0 || (b.count == 2 && b[0] == UInt8(ascii: "[") && b[1] == UInt8(ascii: "]"))
  }
  /// An interaction kind read from its raw value's bytes, without making a `String`.
  func kind(_ column: Int32) -> InteractionKind {
    InteractionKind.fromUTF8(bytes(column))
  }
}

extension InteractionKind {
  private static let utf8Names: [(name: [UInt8], kind: InteractionKind)] = InteractionKind
    .allCases.map { (Array($0.rawValue.utf8), $0) }

  /// The kind whose raw value is `bytes`; `.other` for anything else.
  static func fromUTF8(_ bytes: UnsafeRawBufferPointer) -> InteractionKind {
    for entry in utf8Names where entry.name.count == bytes.count {
      if entry.name.withUnsafeBytes({ $0.elementsEqual(bytes) }) { return entry.kind }
    }
    return .other
  }
}

/// Maps store ids to dense indices: an array when ids are dense enough, else a dictionary.
struct DenseIndex {
  private var table: [Int32] = []
  private var map: [Int64: Int32] = [:]
  private let useTable: Bool

  init(ids: [Int64]) {
    // `ids` ascend: a table when they are all ≥ 0 and not too sparse.
    let maxID = ids.last ?? 0
    useTable = (ids.first ?? 0) >= 0 && maxID <= Int64(max(4 * ids.count, 1024))
    if useTable {
      table = [Int32](repeating: -1, count: Int(maxID) + 1)
      for (i, id) in ids.enumerated() { table[Int(id)] = Int32(i) }
    } else {
      map.reserveCapacity(ids.count)
      for (i, id) in ids.enumerated() { map[id] = Int32(i) }
    }
  }

  @inline(__always) subscript(id: Int64) -> Int32 {
    if useTable { return id >= 0 && id < table.count ? table[Int(id)] : -1 }
    return map[id] ?? -1
  }
}

extension KithStore {
  /// Where a snapshot's ties came from.
  public enum SnapshotSource: String, Sendable {
    case ledger, interactions
  }

  /// The network as of `asOf`: read from the tie ledger when `asOf` is at or after every
  /// recorded event and `settings` are the stored ones; otherwise recomputed from the
  /// interactions and explicit ties dated at or before `asOf`.
  /// - Parameters:
  ///   - ego: the ego's store id; nil uses the stored ego (if any).
  ///   - settings: decay settings to use instead of the stored ones.
  /// - Complexity: O(n + m) from the ledger for n people and m ties; O(E log E) from
  ///   E interaction pairs otherwise.
  public func snapshot(asOf: Date, ego: Int64? = nil, settings: DecaySettings? = nil)
    throws(StoreError) -> NetworkSnapshot
  {
    try snapshotWithSource(asOf: asOf, ego: ego, settings: settings).snapshot
  }

  /// A snapshot and whether it came from the ledger (for tests and benchmarks).
  public func snapshotWithSource(asOf: Date, ego: Int64? = nil, settings: DecaySettings? = nil)
    throws(StoreError) -> (snapshot: NetworkSnapshot, source: SnapshotSource)
  {
    try read { db in
      let stored = try Self.decaySettings(db)
      let effective = settings ?? stored
      let now = KithTime.seconds(asOf)
      let latest = try Self.latestEventSeconds(db)
      let useLedger = effective == stored && latest <= now

      let egoID = try ego ?? Self.fetchEgo(db)?.id
      let people = try Self.readSnapshotPeople(ego: egoID, asOf: now, db)
      let ids = people.ids
      let index = DenseIndex(ids: ids)

      var organisations = SnapshotOrganisations()
      var orgIndex: [Int64: Int32] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT id, handle, name FROM organisation ORDER BY id")
      {
        orgIndex[row["id"]] = Int32(organisations.count)
        organisations.ids.append(row["id"])
        organisations.handles.append(row["handle"])
        organisations.names.append(row["name"])
      }
      var affiliations: [SnapshotAffiliation] = []
      for row in try Row.fetchAll(
        db,
        sql:
          "SELECT person_id, organisation_id, role, from_time, to_time FROM affiliation WHERE from_time IS NULL OR from_time <= ? ORDER BY id",
        arguments: [now])
      {
        let to: Int64? = row["to_time"]
        let p = index[row["person_id"] as Int64]
        guard p >= 0, let o = orgIndex[row["organisation_id"]] else { continue }
        affiliations.append(
          SnapshotAffiliation(
            person: p, organisation: o, role: row["role"], isCurrent: to.map { $0 >= now } ?? true))
      }

      let ties: TieColumns
      if useLedger {
        ties = try Self.readLedger(index, db)
      } else {
        ties = try Self.recomputeTies(asOf: now, settings: effective, index, db)
      }
      let egoIndex = egoID.map { index[$0] }.flatMap { $0 >= 0 ? $0 : nil }
      let activity = try Self.readActivity(
        asOf: now, ego: egoIndex == nil ? nil : egoID, cadencesOf: egoID, index, orgIndex,
        personCount: people.count, db)
      let snapshot = NetworkSnapshot(
        asOf: asOf, settings: effective, people: people, organisations: organisations,
        affiliations: affiliations, ties: ties, ego: egoIndex, activity: activity)
      return (snapshot, useLedger ? .ledger : .interactions)
    }
  }

  /// Every person, by id, as snapshot columns (through the C API: a snapshot of a large
  /// network reads 100k people), with `ego`'s cadences, dismissals and ties let go by `asOf`
  /// (nil: those kept with no ego, in a store without one).
  static func readSnapshotPeople(ego: Int64?, asOf: Int64, _ db: Database) throws
    -> SnapshotPeople
  {
    var people = SnapshotPeople()
    let expected = try Int.fetchOne(db, sql: "SELECT count(*) FROM person") ?? 0
    people.ids.reserveCapacity(expected)
    people.handles.reserveCapacity(expected)
    people.names.reserveCapacity(expected)
    people.tags.reserveCapacity(expected)
    people.interests.reserveCapacity(expected)
    let statement = try db.makeStatement(
      sql: "SELECT id, handle, name, tags, interests FROM person ORDER BY id")
    let cursor = RawCursor(statement)
    while try cursor.next() {
      people.ids.append(cursor.int64(0))
      people.handles.append(cursor.text(1) ?? "")
      people.names.append(cursor.text(2) ?? "")
      people.tags.append(cursor.isEmptyList(3) ? [] : ListColumn.decode(cursor.text(3)))
      people.interests.append(cursor.isEmptyList(4) ? [] : ListColumn.decode(cursor.text(4)))
    }
    people.cadenceDays = [Int32](repeating: 0, count: people.ids.count)
    people.followUpsDismissed = [Int64](repeating: TieColumns.none, count: people.ids.count)
    let index = DenseIndex(ids: people.ids)
    for row in try Row.fetchAll(
      db, sql: "SELECT person_id, days FROM person_cadence WHERE ego_id IS ?", arguments: [ego])
    {
      let p = index[row["person_id"] as Int64]
      if p >= 0 { people.cadenceDays[Int(p)] = Int32(clamping: row["days"] as Int64) }
    }
    for row in try Row.fetchAll(
      db, sql: "SELECT person_id, time FROM followup_dismissal WHERE ego_id IS ?",
      arguments: [ego])
    {
      let p = index[row["person_id"] as Int64]
      if p >= 0 { people.followUpsDismissed[Int(p)] = row["time"] }
    }
    // The latest time each tie was let go by then.
    for row in try Row.fetchAll(
      db,
      sql: """
        SELECT person_id, max(time) AS time FROM tie_letgo WHERE ego_id IS ? AND time <= ?
        GROUP BY person_id
        """, arguments: [ego, asOf])
    {
      let p = index[row["person_id"] as Int64]
      if p >= 0 { people.setLetGo(of: p, at: row["time"]) }
    }
    return people
  }

  /// The ledger's pairs as tie columns, sorted by (a, b): one BLOB per block of pairs.
  static func readLedger(_ index: DenseIndex, _ db: Database) throws -> TieColumns {
    // The number of pairs first, so that the columns are written in place: appending to eight
    // arrays cost more per pair than decoding it. The count reads each block's row header,
    // not its BLOB.
    let pairs = try Int.fetchOne(db, sql: "SELECT coalesce(sum(n), 0) FROM tie_ledger_block") ?? 0
    let statement = try db.makeStatement(
      sql: "SELECT a, data FROM tie_ledger_block ORDER BY a, lo")
    let cursor = RawCursor(statement)
    return try TieColumns(capacity: pairs) { ties in
      var k = 0
      while try cursor.next() {
        let a = index[cursor.int64(0)]
        guard a >= 0 else { continue }
        var entries = Ledger.Entry.Reader(cursor.bytes(1))
        while entries.next() {
          let b = index[entries.b]
          guard b >= 0 else { continue }
          // More entries than the blocks' counts promised.
          guard k < pairs else { throw Ledger.Entry.Reader.malformed }
          ties.a[k] = a
          ties.b[k] = b
          ties.count[k] = UInt32(clamping: entries.count)
          ties.first[k] = entries.first
          ties.last[k] = entries.last
          ties.strengthAtLast[k] = entries.strengthAtLast
          ties.peakDecaying[k] = entries.peakDecaying
          ties.constant[k] = entries.constant
          k += 1
        }
        if entries.isMalformed { throw Ledger.Entry.Reader.malformed }
      }
      return k
    }
  }

  static func recomputeTies(
    asOf now: Int64, settings: DecaySettings, _ index: DenseIndex, _ db: Database
  ) throws -> TieColumns {
    var events = TieEvents()
    let expected = try Int.fetchOne(db, sql: "SELECT count(*) FROM interaction") ?? 0
    events.reserveCapacity(expected + expected / 2)
    // In id order (a table scan), filtered here: an index on time would visit the rows in
    // another order and make SQLite sort them.
    let statement = try db.makeStatement(
      sql: "SELECT time, kind, participants, participant_count FROM interaction")
    let cursor = RawCursor(statement)
    var stored: [Int64] = []
    var participants: [Int32] = []
    while try cursor.next() {
      let time = cursor.int64(0)
      guard time <= now else { continue }
      let kind = cursor.kind(1)
      Ledger.parseParticipants(cursor.bytes(2), into: &stored)
      participants.removeAll(keepingCapacity: true)
      for id in stored {
        let p = index[id]
        if p >= 0 { participants.append(p) }
      }
      if participants.count >= 2 {
        events.addInteraction(
          participants: participants, time: time, kind: kind, settings: settings,
          participantCount: Interaction.peopleWhoTookPart(
            named: stored.count, recorded: Int(cursor.int64(3))))
      }
    }
    for row in try Row.fetchAll(
      db, sql: "SELECT a_id, b_id, weight, time FROM explicit_tie WHERE time IS NULL OR time <= ?",
      arguments: [now])
    {
      let a = index[row["a_id"] as Int64]
      let b = index[row["b_id"] as Int64]
      guard a >= 0, b >= 0 else { continue }
      if let t: Int64 = row["time"] {
        events.add(a, b, time: t, weight: row["weight"])
      } else {
        events.addConstant(a, b, weight: row["weight"])
      }
    }
    return events.accumulate(halfLifeSeconds: settings.halfLifeSeconds)
  }

  /// Reads the ego's interactions, and every exchange, referral and note, as of `now`, and the
  /// tag cadences of `cadencesOf` (nil: those kept with no ego, in a store without one).
  static func readActivity(
    asOf now: Int64, ego: Int64?, cadencesOf: Int64?, _ index: DenseIndex,
    _ orgIndex: [Int64: Int32],
    personCount: Int, _ db: Database
  ) throws -> SnapshotActivity {
    var builder = EgoInteractionsBuilder()
    if let ego {
      let statement = try db.makeStatement(
        sql: """
          SELECT i.id, i.time, i.kind, i.initiator_id, i.follow_up, i.summary, i.participant_count,
            i.participants
          FROM interaction_participant p
          JOIN interaction i ON i.id = p.interaction_id
          WHERE p.person_id = ? AND i.time <= ?
          """)
      try statement.setArguments([ego, now])
      let cursor = RawCursor(statement)
      var participants: [Int64] = []
      while try cursor.next() {
        Ledger.parseParticipants(cursor.bytes(7), into: &participants)
        let kind = cursor.kind(2)
        let initiator = cursor.isNull(3) ? -1 : index[cursor.int64(3)]
        let followUp = cursor.isNull(4) ? TieColumns.none : cursor.int64(4)
        let summary = cursor.text(5)
        for person in participants where person != ego {
          let contact = index[person]
          guard contact >= 0 else { continue }
          builder.add(
            contact: contact, time: cursor.int64(1), kind: kind, initiator: initiator,
            followUp: followUp, summary: summary, interactionID: cursor.int64(0),
            participantCount: Int32(truncatingIfNeeded: cursor.int64(6)))
        }
      }
    }
    var exchanges = SnapshotExchanges()
    for row in try Row.fetchAll(
      db,
      sql:
        "SELECT giver_id, receiver_id, time, kind, note, day FROM exchange WHERE time <= ? ORDER BY time, id",
      arguments: [now])
    {
      let g = index[row["giver_id"] as Int64]
      let r = index[row["receiver_id"] as Int64]
      guard g >= 0, r >= 0, let kind = ExchangeKind(rawValue: row["kind"]) else { continue }
      exchanges.append(
        giver: g, receiver: r, time: row["time"], kind: kind, note: row["note"], day: row["day"])
    }
    var referrals: [SnapshotReferral] = []
    for r in try fetchReferrals(id: nil, db) {
      let referrer = index[r.referrer]
      let recipient = index[r.recipient]
      guard referrer >= 0, recipient >= 0 else { continue }
      let person = r.refereePerson.map { index[$0] }.flatMap { $0 >= 0 ? $0 : nil }
      let org = r.refereeOrganisation.flatMap { orgIndex[$0] }
      if let s = SnapshotReferral.asOf(
        r, time: now, referrer: referrer, recipient: recipient, refereePerson: person,
        refereeOrganisation: org)
      {
        referrals.append(s)
      }
    }
    var notes: [SnapshotNote] = []
    for row in try Row.fetchAll(
      db,
      sql:
        "SELECT person_id, time, text, day FROM note WHERE person_id IS NOT NULL AND time <= ? ORDER BY time, id",
      arguments: [now])
    {
      let p = index[row["person_id"] as Int64]
      if p >= 0 {
        notes.append(SnapshotNote(person: p, time: row["time"], text: row["text"], day: row["day"]))
      }
    }
    var cadences: [String: Int] = [:]
    for row in try Row.fetchAll(
      db, sql: "SELECT tag, days FROM tag_cadence WHERE ego_id IS ?", arguments: [cadencesOf])
    {
      cadences[row["tag"]] = row["days"]
    }
    return SnapshotActivity(
      egoInteractions: builder.build(personCount: personCount), exchanges: exchanges,
      referrals: referrals, notes: notes, tagCadences: cadences)
  }

  /// The latest interaction or dated tie, in seconds; `Int64.min` when there is none.
  static func latestEventSeconds(_ db: Database) throws -> Int64 {
    max(
      try Ledger.latestInteractionTime(db) ?? .min,
      try Int64.fetchOne(db, sql: "SELECT max(time) FROM explicit_tie") ?? .min)
  }

  /// The time of the latest interaction or dated tie, if any.
  public func latestEventTime() throws(StoreError) -> Date? {
    try read { db in
      let latest = try Self.latestEventSeconds(db)
      return latest == .min ? nil : Date(kithSeconds: latest)
    }
  }
}
