import Foundation
import GRDB
import GRDBSQLite

/// Most of a large write's WAL made durable before its commit, while the write goes on.
///
/// A commit writes the pages its transaction dirtied to the WAL and waits for the disk
/// (`fdatasync`). For a large write that wait is long and nothing else runs in it: an import
/// of 200k interactions dirties 27 MB, whose sync took about 90 ms of the commit's 200.
/// `start` writes the pages dirtied so far to the WAL (`sqlite3_db_cacheflush`: frames of the
/// open transaction, which no reader uses before its commit frame) and syncs the file on
/// another thread while the caller does the rest of its work (source entries, ledger). The
/// commit then writes and syncs only what changed after the flush: the same import's commit
/// took about 115 ms.
///
/// Durability is SQLite's, unchanged: the commit still syncs the WAL, and frames of a
/// transaction rolled back, or cut short by a crash, are never read. A page changed again
/// after the flush is written again at the commit.
final class _WALPresync: @unchecked Sendable {
  private let done = DispatchGroup()

  /// Flushes `db`'s dirty pages to its WAL and starts syncing the WAL file; nil when `db`
  /// has no WAL file (an in-memory or temporary database, or another journal mode).
  static func start(_ db: Database) throws -> _WALPresync? {
    guard let connection = db.sqliteConnection,
      let name = sqlite3_db_filename(connection, "main"), name.pointee != 0,
      try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal"
    else { return nil }
    let wal = String(cString: name) + "-wal"
    let code = sqlite3_db_cacheflush(connection)
    // SQLITE_BUSY: some page could not be written yet; the commit writes it.
    guard code == SQLITE_OK || code == SQLITE_BUSY else {
      throw DatabaseError(
        resultCode: ResultCode(rawValue: code),
        message: String(cString: sqlite3_errmsg(connection)))
    }
    return _WALPresync(syncing: wal)
  }

  private init(syncing path: String) {
    done.enter()
    DispatchQueue.global(qos: .userInitiated).async { [done] in
      // A failure here is only a lost head start: the commit syncs the file and reports its
      // own errors.
      let fd = open(path, O_RDONLY | O_CLOEXEC)
      if fd >= 0 {
        #if canImport(Glibc)
          _ = fdatasync(fd)
        #else
          _ = fsync(fd)
        #endif
        close(fd)
      }
      done.leave()
    }
  }

  /// Waits for the sync to end, so that no thread outlives the write that started it.
  func wait() { done.wait() }
}
