import Foundation
import GRDB
import KithGraph

#if canImport(Glibc)
  import Glibc
#endif

/// The embedded SQLite store: every entity, the settings, and the tie ledger.
///
/// One file per network, opened in WAL mode with foreign keys on and a busy timeout, created
/// with mode 0600 (it holds personal data) in a folder created 0700 when missing. Every public
/// mutating method runs in one transaction: it either applies entirely or leaves the database
/// unchanged.
public final class KithStore: Sendable {
  /// The database file's path.
  public let path: String
  let pool: DatabasePool

  /// How long a command waits for another `kith` process holding the write lock.
  public static let busyTimeout: TimeInterval = 15

  /// The database path: `explicit` (from `--db`), else `KITH_DB`, else
  /// `$XDG_DATA_HOME/kith/kith.sqlite`, else `~/.local/share/kith/kith.sqlite`.
  public static func resolvePath(
    explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> String {
    if let explicit, !explicit.isEmpty { return explicit }
    if let env = environment["KITH_DB"], !env.isEmpty { return env }
    if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
      return (xdg as NSString).appendingPathComponent("kith/kith.sqlite")
    }
    let home = environment["HOME"] ?? NSHomeDirectory()
    return (home as NSString).appendingPathComponent(".local/share/kith/kith.sqlite")
  }

  /// Opens (creating if needed) the store at `path` and brings its schema up to date.
  /// - Parameter create: when false, a missing file is an error instead of being created.
  public init(path: String, create: Bool = true) throws(StoreError) {
    self.path = path
    let fm = FileManager.default
    let directory = (path as NSString).deletingLastPathComponent
    if !fm.fileExists(atPath: path) {
      guard create else { throw .notFound(kind: "database", reference: path, suggestions: []) }
      if !directory.isEmpty, !fm.fileExists(atPath: directory) {
        do {
          try fm.createDirectory(
            atPath: directory, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        } catch {
          throw .database("cannot create the folder \(directory): \(error.localizedDescription)")
        }
      }
      let fd = open(path, O_CREAT | O_WRONLY | O_EXCL, 0o600)
      if fd < 0 && errno != EEXIST {
        throw .database("cannot create \(path): \(String(cString: strerror(errno)))")
      }
      if fd >= 0 { close(fd) }
    }
    var config = Configuration()
    config.foreignKeysEnabled = true
    config.busyMode = .timeout(Self.busyTimeout)
    config.label = "kith"
    config.prepareDatabase { db in
      // A new database gets 16 KiB pages (runs before GRDB turns WAL on, after which the page
      // size is fixed; an existing database keeps its own). A transaction's pages are written
      // twice, to the WAL and then by the checkpoint, one write call each: 16 KiB pages make
      // a quarter of the calls, and pack the ledger's ~2 KB blocks with less slack. Inserting
      // 1M interactions took about 35% less system time and 10–15% less wall-clock time than
      // with SQLite's default 4 KiB.
      try db.execute(sql: "PRAGMA page_size = 16384")
      // Bulk writes (imports, ledger rebuilds) touch B-tree pages all over the file. A cache
      // smaller than what one transaction dirties makes SQLite spill pages to the WAL before
      // the commit and write some of them again: 1M interactions dirty about 200 MB, and with
      // a 64 MiB cache the insert was 25% slower. 256 MiB, allocated only as used.
      try db.execute(sql: "PRAGMA cache_size = -262144")
      try db.execute(sql: "PRAGMA temp_store = MEMORY")
      // Reads (a snapshot copies ~100 MB of ledger BLOBs) use the file's pages in place instead
      // of copying each page from the kernel into the page cache.
      try db.execute(sql: "PRAGMA mmap_size = 1073741824")
    }
    do {
      pool = try DatabasePool(path: path, configuration: config)
      try Schema.migrator.migrate(pool)
    } catch {
      throw Self.map(error)
    }
    // SQLite gives the -wal and -shm files the database file's mode.
    chmod(path, 0o600)
  }

  static func map(_ error: any Error) -> StoreError {
    if let error = error as? StoreError { return error }
    if let error = error as? InvalidRecord { return .invalid(error) }
    if let error = error as? DatabaseError {
      if error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
        return .database("the database is busy (another kith is writing); try again")
      }
      if error.resultCode == .SQLITE_NOTADB {
        return .database("the file is not a Kith database")
      }
      return .database(error.message ?? "\(error.resultCode)")
    }
    return .database(String(describing: error))
  }

  /// Runs `body` in one write transaction.
  func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
    do {
      return try pool.write { db in try body(db) }
    } catch {
      throw Self.map(error)
    }
  }

  /// Runs `body` on a consistent read snapshot.
  func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
    do {
      return try pool.read { db in try body(db) }
    } catch {
      throw Self.map(error)
    }
  }

  /// Checkpoints the WAL into the main file (used by tests and benchmarks).
  public func checkpoint() throws(StoreError) {
    do {
      try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    } catch {
      throw Self.map(error)
    }
  }

  /// Counts of each kind of record, for overviews and tests.
  public func counts() throws(StoreError) -> StoreCounts {
    try read { db in
      func c(_ table: String) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
      }
      return StoreCounts(
        people: try c("person"), organisations: try c("organisation"),
        affiliations: try c("affiliation"), interactions: try c("interaction"),
        exchanges: try c("exchange"), referrals: try c("referral"), ties: try c("explicit_tie"),
        notes: try c("note"),
        ledgerPairs: try Int.fetchOne(db, sql: "SELECT coalesce(sum(n), 0) FROM tie_ledger_block")
          ?? 0)
    }
  }
}

/// How many records of each kind a store holds.
public struct StoreCounts: Codable, Hashable, Sendable {
  public var people: Int
  public var organisations: Int
  public var affiliations: Int
  public var interactions: Int
  public var exchanges: Int
  public var referrals: Int
  public var ties: Int
  public var notes: Int
  public var ledgerPairs: Int

  /// Whether the store holds no entity at all.
  public var isEmpty: Bool {
    people + organisations + affiliations + interactions + exchanges + referrals + ties + notes
      == 0
  }
}
