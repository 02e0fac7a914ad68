import Foundation
import GRDB
import KithGraph

/// The `import_source` rows of one import (entity kind and source id → the stored entity):
/// looked up through one prepared statement, and those the import adds kept in memory until
/// `flush(_:)` writes them, in key order and several per statement.
///
/// A look-up sees the import's own rows first, so the import reads what it wrote exactly as if
/// every row had been written at once; `flush` must run before anything else reads the table.
struct _ImportSources {
  let source: String
  private var lookUp: _RawStatement? = nil
  /// Rows to write: per kind, source id → entity id (the last one remembered wins, as
  /// `INSERT OR REPLACE` would have it).
  private var pending: [String: [String: Int64]] = [:]
  /// Whether the table holds rows of this source (besides those pending); nil until asked. A
  /// first import of a source (most imports, and every large one worth measuring) then looks
  /// nothing up row by row, and writes its rows knowing none is there.
  private var storedBefore: Bool? = nil

  /// Whether `a` sorts before `b` byte by byte, as SQLite's BINARY collation compares text.
  static func precedes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    a.withUnsafeBytes { x in
      b.withUnsafeBytes { y in
        let common = min(x.count, y.count)
        if common > 0, let p = x.baseAddress, let q = y.baseAddress {
          let order = memcmp(p, q, common)
          if order != 0 { return order < 0 }
        }
        return x.count < y.count
      }
    }
  }

  /// Rows per `INSERT` statement.
  static let rowsPerInsert = 256

  init(source: String) { self.source = source }

  /// The entity that `sourceID` of `kind` became in an earlier import of the source, or
  /// earlier in this one.
  mutating func entity(_ kind: String, _ sourceID: String, _ db: Database) throws -> Int64? {
    if let id = pending[kind]?[sourceID] { return id }
    if try !hasStoredRows(db) { return nil }
    if lookUp == nil {
      lookUp = try _RawStatement(
        db,
        "SELECT entity_id FROM import_source WHERE source = ? AND kind = ? AND source_id = ?")
    }
    guard let lookUp else { return nil }
    lookUp.bind(1, text: source)
    lookUp.bind(2, text: kind)
    lookUp.bind(3, text: sourceID)
    defer { lookUp.reset() }
    return try lookUp.step() ? lookUp.int64(0) : nil
  }

  /// Whether the table holds rows of this source (it gets none of the import's own until
  /// `flush(_:)`, which sets this).
  private mutating func hasStoredRows(_ db: Database) throws -> Bool {
    if let storedBefore { return storedBefore }
    let stored =
      try Bool.fetchOne(
        db, sql: "SELECT EXISTS (SELECT 1 FROM import_source WHERE source = ?)",
        arguments: [source]) ?? true
    storedBefore = stored
    return stored
  }

  /// Records that `sourceID` of `kind` is entity `id` (written by `flush(_:)`).
  mutating func remember(_ kind: String, _ sourceID: String, _ id: Int64) {
    pending[kind, default: [:]][sourceID] = id
  }

  /// Writes the remembered rows, replacing stored ones with the same key, sorted by key so that
  /// they fill the table's B-tree pages in order.
  /// - Complexity: O(r log r) for r rows.
  mutating func flush(_ db: Database) throws {
    // The table's order: kind, then source id, as SQLite compares text (by bytes). The ids'
    // bytes are compared with `memcmp`: comparing `String.UTF8View`s byte by byte cost more
    // than writing the rows.
    var rows: [(kind: String, sourceID: String, id: Int64)] = []
    for kind in pending.keys.sorted(by: { Self.precedes(Array($0.utf8), Array($1.utf8)) }) {
      var group = (pending[kind] ?? [:]).map {
        (bytes: Array($0.key.utf8), sourceID: $0.key, id: $0.value)
      }
      group.sort { Self.precedes($0.bytes, $1.bytes) }
      for row in group { rows.append((kind, row.sourceID, row.id)) }
    }
    pending = [:]
    if rows.isEmpty { return }
    // Rows of a source the table had none of cannot conflict: `OR IGNORE` then writes the same
    // rows without the statement journal that `OR REPLACE` (which may abort on a CHECK) makes
    // SQLite keep for every page a statement of many rows changes.
    let conflict = try hasStoredRows(db) ? "REPLACE" : "IGNORE"
    try Ledger.insertRows(
      db, "INSERT OR \(conflict) INTO import_source (source, kind, source_id, entity_id)",
      width: 4,
      count: rows.count, perStatement: Self.rowsPerInsert
    ) { insert, b, r in
      insert.bind(b + 1, text: source)
      insert.bind(b + 2, text: rows[r].kind)
      insert.bind(b + 3, text: rows[r].sourceID)
      insert.bind(b + 4, rows[r].id)
    }
    storedBefore = true
  }
}
