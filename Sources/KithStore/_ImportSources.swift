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

  /// Rows per `INSERT` statement.
  static let rowsPerInsert = 256

  init(source: String) { self.source = source }

  /// The entity that `sourceID` of `kind` became in an earlier import of the source, or
  /// earlier in this one.
  mutating func entity(_ kind: String, _ sourceID: String, _ db: Database) throws -> Int64? {
    if let id = pending[kind]?[sourceID] { return id }
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

  /// Records that `sourceID` of `kind` is entity `id` (written by `flush(_:)`).
  mutating func remember(_ kind: String, _ sourceID: String, _ id: Int64) {
    pending[kind, default: [:]][sourceID] = id
  }

  /// Writes the remembered rows, replacing stored ones with the same key, sorted by key so that
  /// they fill the table's B-tree pages in order.
  /// - Complexity: O(r log r) for r rows.
  mutating func flush(_ db: Database) throws {
    var rows: [(kind: String, sourceID: String, id: Int64)] = []
    for (kind, ids) in pending {
      for (sourceID, id) in ids { rows.append((kind, sourceID, id)) }
    }
    pending = [:]
    if rows.isEmpty { return }
    // The table's order: kind, then source id, as SQLite compares text (by bytes).
    rows.sort {
      $0.kind != $1.kind
        ? $0.kind.utf8.lexicographicallyPrecedes($1.kind.utf8)
        : $0.sourceID.utf8.lexicographicallyPrecedes($1.sourceID.utf8)
    }
    try Ledger.insertRows(
      db, "INSERT OR REPLACE INTO import_source (source, kind, source_id, entity_id)", width: 4,
      count: rows.count, perStatement: Self.rowsPerInsert
    ) { insert, b, r in
      insert.bind(b + 1, text: source)
      insert.bind(b + 2, text: rows[r].kind)
      insert.bind(b + 3, text: rows[r].sourceID)
      insert.bind(b + 4, rows[r].id)
    }
  }
}
