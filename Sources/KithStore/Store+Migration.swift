import GRDB

extension KithStore {
  /// Creates a database at `path` with the schema migrated up to `migration` only, then runs
  /// `sql` on it: a store as an older Kith left it, for tests of the later migrations.
  static func createDatabase(path: String, upTo migration: String, sql: String) throws {
    let queue = try DatabaseQueue(path: path)
    try Schema.migrator.migrate(queue, upTo: migration)
    try queue.write { db in try db.execute(sql: sql) }
  }
}
