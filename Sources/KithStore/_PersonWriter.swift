import GRDB
import KithGraph

/// Writes new people for an import, through statements prepared once for the whole import
/// (`_RawStatement`): `KithStore.insertPerson` prepares or looks up a GRDB statement and boxes
/// every argument for each of the half-dozen statements a person takes, which costs more than
/// SQLite's own work when an import creates thousands of people.
final class _PersonWriter {
  private let db: Database
  private let handleTaken: _RawStatement
  private let insertPerson: _RawStatement
  private let insertKey: _RawStatement
  private let insertTag: _RawStatement

  init(_ db: Database) throws {
    self.db = db
    handleTaken = try _RawStatement(db, "SELECT 1 FROM person WHERE handle = ?")
    insertPerson = try _RawStatement(
      db,
      """
      INSERT INTO person (id, handle, name, aliases, emails, phones, urls, tags, interests, cadence_days)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """)
    insertKey = try _RawStatement(
      db, "INSERT OR IGNORE INTO person_key (key, person_id, kind) VALUES (?, ?, ?)")
    insertTag = try _RawStatement(
      db, "INSERT OR IGNORE INTO person_tag (tag, person_id) VALUES (?, ?)")
  }

  /// Adds a person as `KithStore.insertPerson` does: the same normalisation, checks, handle,
  /// row, keys and tags.
  /// - Returns: the person as stored, with their id and handle.
  /// - Complexity: O(k) statements for k keys and tags, plus one per handle tried.
  func insert(_ person: Person) throws -> Person {
    var p = KithStore.normalised(person)
    try p.validate()
    p.handle = try KithStore.uniqueHandle(p.handle, name: p.name, table: "person") { handle in
      handleTaken.bind(1, text: handle)
      defer { handleTaken.reset() }
      return try handleTaken.step()
    }
    let s = insertPerson
    defer { s.reset() }
    s.bind(1, p.id == 0 ? nil : p.id)
    s.bind(2, text: p.handle)
    s.bind(3, text: p.name)
    s.bind(4, text: ListColumn.encode(p.aliases))
    s.bind(5, text: ListColumn.encode(p.emails))
    s.bind(6, text: ListColumn.encode(p.phones))
    s.bind(7, text: ListColumn.encode(p.urls))
    s.bind(8, text: ListColumn.encode(p.tags))
    s.bind(9, text: ListColumn.encode(p.interests))
    s.bind(10, p.cadenceDays.map(Int64.init))
    try s.step()
    p.id = db.lastInsertedRowID
    // Unlike `writeKeys`, nothing to delete first: the row is new, and the keys and tags of an
    // earlier person with the same id went with that person (ON DELETE CASCADE).
    for row in KithStore.keyRows(of: p) {
      insertKey.bind(1, text: row.key)
      insertKey.bind(2, p.id)
      insertKey.bind(3, text: row.kind)
      defer { insertKey.reset() }
      try insertKey.step()
    }
    for tag in p.tags {
      insertTag.bind(1, text: tag)
      insertTag.bind(2, p.id)
      defer { insertTag.reset() }
      try insertTag.step()
    }
    return p
  }
}
