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
  @inline(__always) func double(_ column: Int32) -> Double { sqlite3_column_double(statement, column) }
  @inline(__always) func isNull(_ column: Int32) -> Bool {
    sqlite3_column_type(statement, column) == SQLITE_NULL
  }
  func text(_ column: Int32) -> String? {
    guard let c = sqlite3_column_text(statement, column) else { return nil }
    return String(cString: c)
  }
}

/// Maps store ids to dense indices: an array when ids are dense enough, else a dictionary.
struct DenseIndex {
  private var table: [Int32] = []
  private var map: [Int64: Int32] = [:]
  private let useTable: Bool

  init(ids: [Int64]) {
    let maxID = ids.last ?? 0
    useTable = maxID >= 0 && maxID <= Int64(max(4 * ids.count, 1024))
    if useTable {
      table = [Int32](repeating: -1, count: Int(maxID) + 1)
      for (i, id) in ids.enumerated() where id >= 0 { table[Int(id)] = Int32(i) }
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
      let latest = max(
        try Int64.fetchOne(db, sql: "SELECT max(time) FROM interaction") ?? .min,
        try Int64.fetchOne(db, sql: "SELECT max(time) FROM explicit_tie") ?? .min)
      let useLedger = effective == stored && latest <= now

      var people = SnapshotPeople()
      var ids: [Int64] = []
      for row in try Row.fetchAll(
        db, sql: "SELECT id, handle, name, tags, cadence_days FROM person ORDER BY id")
      {
        let id: Int64 = row["id"]
        ids.append(id)
        people.ids.append(id)
        people.handles.append(row["handle"])
        people.names.append(row["name"])
        people.tags.append(ListColumn.decode(row["tags"]))
        people.cadenceDays.append(Int32(clamping: (row["cadence_days"] as Int?) ?? 0))
      }
      let index = DenseIndex(ids: ids)

      var organisations = SnapshotOrganisations()
      var orgIndex: [Int64: Int32] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT id, handle, name FROM organisation ORDER BY id") {
        orgIndex[row["id"]] = Int32(organisations.count)
        organisations.ids.append(row["id"])
        organisations.handles.append(row["handle"])
        organisations.names.append(row["name"])
      }
      var affiliations: [SnapshotAffiliation] = []
      for row in try Row.fetchAll(
        db,
        sql: "SELECT person_id, organisation_id, role, from_time, to_time FROM affiliation WHERE from_time IS NULL OR from_time <= ? ORDER BY id",
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
      let egoID = try ego ?? Self.fetchEgo(db)?.id
      let egoIndex = egoID.map { index[$0] }.flatMap { $0 >= 0 ? $0 : nil }
      let snapshot = NetworkSnapshot(
        asOf: asOf, settings: effective, people: people, organisations: organisations,
        affiliations: affiliations, ties: ties, ego: egoIndex)
      return (snapshot, useLedger ? .ledger : .interactions)
    }
  }

  static func readLedger(_ index: DenseIndex, _ db: Database) throws -> TieColumns {
    var ties = TieColumns()
    let expected = try Int.fetchOne(db, sql: "SELECT count(*) FROM tie_ledger") ?? 0
    ties.reserveCapacity(expected)
    let statement = try db.makeStatement(
      sql: "SELECT a, b, count, first, last, s_last, peak, constant FROM tie_ledger ORDER BY a, b")
    let cursor = RawCursor(statement)
    while try cursor.next() {
      let a = index[cursor.int64(0)]
      let b = index[cursor.int64(1)]
      guard a >= 0, b >= 0 else { continue }
      ties.append(
        a: a, b: b, count: UInt32(clamping: cursor.int64(2)),
        first: cursor.isNull(3) ? TieColumns.none : cursor.int64(3),
        last: cursor.isNull(4) ? TieColumns.none : cursor.int64(4),
        strengthAtLast: cursor.double(5), peakDecaying: cursor.double(6), constant: cursor.double(7))
    }
    return ties
  }

  static func recomputeTies(
    asOf now: Int64, settings: DecaySettings, _ index: DenseIndex, _ db: Database
  ) throws -> TieColumns {
    var events = TieEvents()
    let statement = try db.makeStatement(
      sql: """
        SELECT i.id, i.time, i.kind, p.person_id FROM interaction i
        JOIN interaction_participant p ON p.interaction_id = i.id
        WHERE i.time <= ? ORDER BY i.id, p.position
        """)
    try statement.setArguments([now])
    let cursor = RawCursor(statement)
    var currentID: Int64 = .min
    var time: Int64 = 0
    var kind = InteractionKind.other
    var participants: [Int32] = []
    func close() {
      if participants.count >= 2 {
        events.addInteraction(participants: participants, time: time, kind: kind, settings: settings)
      }
      participants.removeAll(keepingCapacity: true)
    }
    while try cursor.next() {
      let id = cursor.int64(0)
      if id != currentID {
        close()
        currentID = id
        time = cursor.int64(1)
        kind = cursor.text(2).flatMap(InteractionKind.init(rawValue:)) ?? .other
      }
      let p = index[cursor.int64(3)]
      if p >= 0 { participants.append(p) }
    }
    close()
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

  /// The time of the latest interaction or dated tie, if any.
  public func latestEventTime() throws(StoreError) -> Date? {
    try read { db in
      let latest = max(
        try Int64.fetchOne(db, sql: "SELECT max(time) FROM interaction") ?? .min,
        try Int64.fetchOne(db, sql: "SELECT max(time) FROM explicit_tie") ?? .min)
      return latest == .min ? nil : Date(kithSeconds: latest)
    }
  }
}
