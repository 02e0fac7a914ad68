import Foundation
import GRDB
import KithGraph

/// The tie ledger: per pair (a < b) the count, first, last, strength right after the last
/// dated event, the peak of the decaying part, and the constant of undated explicit ties.
///
/// It is maintained in the same transaction as every inserted interaction or explicit tie:
/// an event at or after a pair's last event updates the pair in O(1) with the recurrence of
/// `TieAccumulator`; an earlier one (a back-dated record) recomputes that pair from its events.
/// Changing a setting rebuilds the whole ledger.
enum Ledger {
  struct Key: Hashable {
    var a: Int64
    var b: Int64
    init(_ u: Int64, _ v: Int64) {
      a = min(u, v)
      b = max(u, v)
    }
  }

  /// Pending ledger changes inside one transaction.
  struct Batch {
    let settings: DecaySettings
    var pairs: [Key: TieAccumulator] = [:]
    var stale: Set<Key> = []
    /// Statements of the bulk path, prepared on first use.
    private var rawLoad: _RawStatement? = nil
    var rawInteraction: _RawStatement? = nil
    var rawParticipant: _RawStatement? = nil

    init(settings: DecaySettings) { self.settings = settings }

    mutating func load(_ key: Key, _ db: Database) throws -> TieAccumulator {
      if let acc = pairs[key] { return acc }
      if rawLoad == nil {
        rawLoad = try _RawStatement(
          db,
          "SELECT count, first, last, s_last, peak, constant FROM tie_ledger WHERE a = ? AND b = ?")
      }
      guard let statement = rawLoad else { return TieAccumulator() }
      statement.bind(1, key.a)
      statement.bind(2, key.b)
      var acc = TieAccumulator()
      if try statement.step() {
        acc = TieAccumulator(
          count: Int(statement.int64(0)), first: statement.isNull(1) ? nil : statement.int64(1),
          last: statement.isNull(2) ? nil : statement.int64(2), strengthAtLast: statement.double(3),
          peakDecaying: statement.double(4), constant: statement.double(5))
      }
      statement.reset()
      pairs[key] = acc
      return acc
    }

    /// Adds a dated event for one pair.
    mutating func add(_ key: Key, time: Int64, weight: Double, _ db: Database) throws {
      if stale.contains(key) { return }
      var acc = try load(key, db)
      if let last = acc.last, time < last {
        stale.insert(key)
        return
      }
      acc.add(time: time, weight: weight, halfLifeSeconds: settings.halfLifeSeconds)
      pairs[key] = acc
    }

    mutating func addConstant(_ key: Key, weight: Double, _ db: Database) throws {
      if stale.contains(key) { return }
      var acc = try load(key, db)
      acc.addConstant(weight)
      pairs[key] = acc
    }

    /// Adds every pair of an interaction's participants.
    mutating func add(
      interaction participants: [Int64], time: Int64, kind: InteractionKind, _ db: Database
    )
      throws
    {
      let w = settings.pairWeight(kind, participants: participants.count)
      for i in participants.indices {
        for j in (i + 1)..<participants.count {
          try add(Key(participants[i], participants[j]), time: time, weight: w, db)
        }
      }
    }

    /// Writes the pending pairs; stale ones are recomputed from their events first.
    func flush(_ db: Database) throws {
      let upsert = try _RawStatement(
        db,
        """
        INSERT OR REPLACE INTO tie_ledger (a, b, count, first, last, s_last, peak, constant)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """)
      func write(_ key: Key, _ acc: TieAccumulator) throws {
        upsert.bind(1, key.a)
        upsert.bind(2, key.b)
        upsert.bind(3, Int64(acc.count))
        upsert.bind(4, acc.first)
        upsert.bind(5, acc.last)
        upsert.bind(6, acc.strengthAtLast)
        upsert.bind(7, acc.peakDecaying)
        upsert.bind(8, acc.constant)
        try upsert.step()
        upsert.reset()
      }
      // Sorted, so the B-tree is written in key order.
      for key in pairs.keys.sorted(by: { ($0.a, $0.b) < ($1.a, $1.b) }) where !stale.contains(key) {
        if let acc = pairs[key] { try write(key, acc) }
      }
      for key in stale { try write(key, try Ledger.recompute(key, settings: settings, db)) }
    }
  }

  static func write(_ key: Key, _ acc: TieAccumulator, _ upsert: Statement) throws {
    try upsert.execute(arguments: [
      key.a, key.b, acc.count, acc.first, acc.last, acc.strengthAtLast, acc.peakDecaying,
      acc.constant,
    ])
  }

  /// Recomputes one pair from its interactions and explicit ties, in time order.
  static func recompute(_ key: Key, settings: DecaySettings, _ db: Database) throws
    -> TieAccumulator
  {
    var events: [(time: Int64, id: Int64, weight: Double)] = []
    let rows = try Row.fetchCursor(
      db,
      sql: """
        SELECT i.id, i.time, i.kind, i.participant_count FROM interaction i
        JOIN interaction_participant pa ON pa.interaction_id = i.id AND pa.person_id = ?
        JOIN interaction_participant pb ON pb.interaction_id = i.id AND pb.person_id = ?
        """, arguments: [key.a, key.b])
    while let row = try rows.next() {
      let kind = InteractionKind(rawValue: row["kind"]) ?? .other
      events.append(
        (row["time"], row["id"], settings.pairWeight(kind, participants: row["participant_count"])))
    }
    var acc = TieAccumulator()
    let ties = try Row.fetchAll(
      db,
      sql:
        "SELECT id, weight, time FROM explicit_tie WHERE a_id = ? AND b_id = ? OR a_id = ? AND b_id = ?",
      arguments: [key.a, key.b, key.b, key.a])
    for row in ties {
      if let time: Int64 = row["time"] {
        // Explicit ties sort after interactions at the same second (ids are per table).
        events.append((time, Int64.max / 2 + (row["id"] as Int64), row["weight"]))
      } else {
        acc.addConstant(row["weight"])
      }
    }
    events.sort { ($0.time, $0.id) < ($1.time, $1.id) }
    for e in events {
      acc.add(time: e.time, weight: e.weight, halfLifeSeconds: settings.halfLifeSeconds)
    }
    return acc
  }

  /// Rebuilds the whole ledger from the interactions and explicit ties.
  /// - Complexity: O(P log P) for P participant rows (one ordered scan), O(pairs) memory.
  static func rebuild(_ db: Database) throws {
    let settings = try KithStore.decaySettings(db)
    try db.execute(sql: "DELETE FROM tie_ledger")
    var pairs: [Key: TieAccumulator] = [:]
    let h = settings.halfLifeSeconds
    var current: [Int64] = []
    var currentID: Int64 = -1
    var currentTime: Int64 = 0
    var currentWeight = 0.0
    func close() {
      guard currentID >= 0 else { return }
      for i in current.indices {
        for j in (i + 1)..<current.count {
          pairs[Key(current[i], current[j]), default: TieAccumulator()]
            .add(time: currentTime, weight: currentWeight, halfLifeSeconds: h)
        }
      }
    }
    var events: [(time: Int64, id: Int64, key: Key, weight: Double)] = []
    for row in try Row.fetchAll(db, sql: "SELECT id, a_id, b_id, weight, time FROM explicit_tie") {
      let key = Key(row["a_id"], row["b_id"])
      if let time: Int64 = row["time"] {
        events.append((time, row["id"], key, row["weight"]))
      } else {
        pairs[key, default: TieAccumulator()].addConstant(row["weight"])
      }
    }
    events.sort { ($0.time, $0.id) < ($1.time, $1.id) }
    var nextTie = 0
    let rows = try Row.fetchCursor(
      db,
      sql: """
        SELECT i.id, i.time, i.kind, i.participant_count, p.person_id FROM interaction i
        JOIN interaction_participant p ON p.interaction_id = i.id
        ORDER BY i.time, i.id, p.position
        """)
    while let row = try rows.next() {
      let id: Int64 = row["id"]
      if id != currentID {
        close()
        currentID = id
        currentTime = row["time"]
        // Dated explicit ties before this second come first; at the same second they follow
        // the interactions, as in `recompute`.
        while nextTie < events.count, events[nextTie].time < currentTime {
          pairs[events[nextTie].key, default: TieAccumulator()]
            .add(time: events[nextTie].time, weight: events[nextTie].weight, halfLifeSeconds: h)
          nextTie += 1
        }
        let kind = InteractionKind(rawValue: row["kind"]) ?? .other
        currentWeight = settings.pairWeight(kind, participants: row["participant_count"])
        current.removeAll(keepingCapacity: true)
      }
      current.append(row["person_id"])
    }
    close()
    while nextTie < events.count {
      pairs[events[nextTie].key, default: TieAccumulator()]
        .add(time: events[nextTie].time, weight: events[nextTie].weight, halfLifeSeconds: h)
      nextTie += 1
    }
    let upsert = try db.cachedStatement(
      sql: """
        INSERT INTO tie_ledger (a, b, count, first, last, s_last, peak, constant)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """)
    for (key, acc) in pairs { try write(key, acc, upsert) }
  }
}
