import GRDB
import GRDBSQLite
import KithGraph

/// Writes new people for an import, through statements prepared once for the whole import
/// (`_RawStatement`): `KithStore.insertPerson` prepares or looks up a GRDB statement and boxes
/// every argument for each of the half-dozen statements a person takes, which costs more than
/// SQLite's own work when an import creates thousands of people.
final class _PersonWriter {
  private let db: Database
  private let insertPerson: _RawStatement
  private let insertKey: _RawStatement
  /// `SQLITE_CONSTRAINT_UNIQUE`, a macro Swift does not import.
  private static let uniqueConstraint: Int32 = SQLITE_CONSTRAINT | (8 << 8)
  private let insertTag: _RawStatement

  init(_ db: Database) throws {
    self.db = db
    insertPerson = try _RawStatement(
      db,
      """
      INSERT INTO person (id, handle, name, aliases, emails, phones, urls, tags, interests)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
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
    // Each handle is tried by inserting the row: the table's UNIQUE constraint on the handle
    // refuses one that is taken (no other constraint of the table is UNIQUE), and the next
    // is tried. A look-up before each insert would cost a statement per person.
    var candidates = try KithStore.HandleCandidates(
      requested: p.handle, name: p.name, table: "person")
    let s = insertPerson
    defer { s.reset() }
    s.bind(1, p.id == 0 ? nil : p.id)
    s.bind(3, text: p.name)
    s.bind(4, text: ListColumn.encode(p.aliases))
    s.bind(5, text: ListColumn.encode(p.emails))
    s.bind(6, text: ListColumn.encode(p.phones))
    s.bind(7, text: ListColumn.encode(p.urls))
    s.bind(8, text: ListColumn.encode(p.tags))
    s.bind(9, text: ListColumn.encode(p.interests))
    while true {
      let handle = try candidates.next()
      s.bind(2, text: handle)
      let code = s.stepResult()
      if code == SQLITE_DONE {
        p.handle = handle
        break
      }
      guard s.extendedErrorCode == Self.uniqueConstraint else { throw s.failure(code) }
      s.resetKeepingBindings()
    }
    p.id = db.lastInsertedRowID
    // Unlike `writeKeys`, nothing to delete first: the row is new, and the keys and tags of an
    // earlier person with the same id went with that person (ON DELETE CASCADE).
    // One key a statement: a statement of several rows that may fail part-way makes SQLite
    // keep a copy of every page it changes, which costs more than the statements saved.
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
    // Rare in an import (a backup's): no statement of their own.
    if p.cadenceDays != nil || p.followUpsDismissed != nil {
      try KithStore.writeOwnChoices(of: p, db)
    }
    return p
  }
}
