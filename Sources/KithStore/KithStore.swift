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
///
/// A store is read through read-only connections until its first write, so that reading leaves
/// the file byte for byte as it was (a read-write pool's setup writes to a database whose WAL
/// is empty) and a database file the user may only read can still be read. SQLite reads a WAL
/// database through a -wal and a -shm file next to it: the last read-write connection to
/// close removes them, but a read of a file the user may only read leaves them (see
/// `repairSideFiles(of:)`). A database in a
/// folder the user may not write (where SQLite cannot create the -wal and -shm files a WAL
/// database is read through) is opened immutable, and cannot be written.
public final class KithStore: Sendable {
  /// The database file's path.
  public let path: String
  private let connections: _Locked<Connections>

  /// The open connections to the file.
  private struct Connections {
    /// For reading: read-only, or read-write when the store created or migrated the file.
    var pool: DatabasePool?
    /// For writing, once the store has written (or created or migrated the file): the
    /// read-write pool, or the keeper (``KithStore/writer``).
    var writer: (any DatabaseWriter)?
    /// The database's folder, when the store was opened immutable because that folder cannot
    /// be written: then nothing can be written.
    var unwritableFolder: String?
    /// A read-write connection that closes last: read-only connections leave the -wal and
    /// -shm files behind, and the last read-write one to close removes them. It is also the
    /// writer of a store that opened its file read-only.
    var keeper: DatabaseQueue?
  }

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

  /// The folder part of `path`, as `NSString.deletingLastPathComponent` gives it ("a/b" → "a",
  /// "/a" → "/", "a" → ""): that one traps on a path of one character ("k", "x/") in the
  /// Foundation this is built with, and `--db k` or `-o x` are paths people type.
  public static func folder(of path: String) -> String {
    var trimmed = Substring(path)
    while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    guard let slash = trimmed.lastIndex(of: "/") else { return "" }
    var folder = trimmed[..<slash]
    while folder.count > 1, folder.hasSuffix("/") { folder = folder.dropLast() }
    return folder.isEmpty ? "/" : String(folder)
  }

  /// Opens the store at `path`, creating it when `create` allows, and brings its schema up to
  /// date. Nothing is written to an existing Kith database whose schema is current.
  ///
  /// - Parameter create: whether a missing or empty (0-byte, or table-less SQLite) file may
  ///   become a new database. When false, a missing file is ``StoreError/notFound(kind:reference:suggestions:)``
  ///   and an empty one ``StoreError/incompatible(_:)``.
  /// - Throws: ``StoreError/incompatible(_:)`` for a file that is not a Kith database (another
  ///   program's SQLite tables, not SQLite at all) or that a newer Kith wrote; nothing is
  ///   written to it.
  public init(path: String, create: Bool = true) throws(StoreError) {
    self.path = path
    let fm = FileManager.default
    let directory = Self.folder(of: path)
    var isDirectory: ObjCBool = false
    let exists = fm.fileExists(atPath: path, isDirectory: &isDirectory)
    if exists && isDirectory.boolValue {
      throw .incompatible("\(path) is a directory, not a Kith database")
    }
    var created = false
    if !exists {
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
      if fd >= 0 {
        close(fd)
        created = true
      }
    }
    if exists { Self.repairSideFiles(of: path) }
    var connections = Connections(pool: nil, writer: nil, unwritableFolder: nil, keeper: nil)
    do {
      var keeperConfiguration = Self.configuration(writable: true)
      keeperConfiguration.label = "kith.keeper"
      let keeper = try DatabaseQueue(path: path, configuration: keeperConfiguration)
      connections.keeper = keeper
      let state = try keeper.read { db in try Self.schemaState(db) }
      switch state {
      case .foreign, .newer:
        throw Self.incompatibility(state, path: path)
      case .empty where !create:
        throw Self.incompatibility(state, path: path)
      case .empty, .outdated:
        do {
          let pool = try Self.openPool(path: path, writable: true)
          connections.pool = pool
          connections.writer = pool
          try Schema.migrator.migrate(pool)
        } catch let error as DatabaseError where state == .outdated {
          throw Self.mapMigrationFailure(error, path: path)
        }
      case .current:
        connections.pool = try Self.openPool(path: path, writable: false)
      }
    } catch {
      connections.pool = nil
      connections.writer = nil
      connections.keeper = nil
      if created { unlink(path) }
      guard !created, let folder = Self.unwritableFolder(of: path) else {
        throw Self.map(error, path: path)
      }
      connections.pool = try Self.openImmutable(path: path, folder: folder)
      connections.unwritableFolder = folder
    }
    self.connections = _Locked(connections)
    // SQLite gives the -wal and -shm files the database file's mode.
    if created { chmod(path, 0o600) }
  }

  /// Opens the existing store at `path` so that nothing is written to it, for a dry run: as
  /// `init(path:create: false)` when its schema is current; a database this version would
  /// migrate is copied to `scratch` (a new file) and the copy migrated and opened instead. So
  /// is one in a folder that cannot be written, which can only be read immutable.
  /// - Throws: as `init(path:create:)` with `create` false.
  public static func openUnchanged(path: String, scratch: String) throws(StoreError) -> KithStore {
    var copied = false
    if unwritableFolder(of: path) != nil {
      let original = try KithStore(path: path, create: false)
      do {
        try original.readingPool.backup(to: try DatabaseQueue(path: scratch))
      } catch {
        throw Self.map(error, path: path)
      }
      return try KithStore(path: scratch, create: false)
    }
    do {
      // A read-write connection that only reads, closed last (see `Connections.keeper`).
      var configuration = Configuration()
      configuration.busyMode = .timeout(Self.busyTimeout)
      configuration.label = "kith.keeper"
      if FileManager.default.fileExists(atPath: path) {
        let original = try DatabaseQueue(path: path, configuration: configuration)
        if try original.read({ db in try Self.schemaState(db) }) == .outdated {
          try original.backup(to: try DatabaseQueue(path: scratch))
          copied = true
        }
      }
    } catch {
      throw Self.map(error, path: path)
    }
    return try KithStore(path: copied ? scratch : path, create: false)
  }

  deinit {
    // The pool's connections close first, so that the keeper's is the last to close.
    connections.withLock { connections in
      connections.pool = nil
      connections.writer = nil
      connections.keeper = nil
    }
  }

  /// What a file holds, as far as opening it is concerned.
  private enum SchemaState {
    /// No table at all: a 0-byte file, or an SQLite database nothing was put in.
    case empty
    /// Kith's schema, with every migration this version knows.
    case current
    /// Kith's schema, missing migrations this version would apply.
    case outdated
    /// Kith's schema with migrations this version does not know.
    case newer
    /// Tables that are not Kith's.
    case foreign
  }

  /// The folder of `path`, when the user cannot write it (nor create files in it).
  private static func unwritableFolder(of path: String) -> String? {
    let directory = (path as NSString).deletingLastPathComponent
    let folder = directory.isEmpty ? "." : directory
    return access(folder, W_OK) != 0 ? folder : nil
  }

  /// The -wal and -shm files SQLite keeps next to a database in WAL mode.
  static func sideFiles(of path: String) -> [String] { [path + "-wal", path + "-shm"] }

  /// Whether `file` exists and cannot be written: the user may not write it, or its owner's
  /// write bit is clear (which the superuser, whom modes do not stop, would not see).
  static func isReadOnly(_ file: String) -> Bool {
    var status = stat()
    guard lstat(file, &status) == 0 else { return false }
    return access(file, W_OK) != 0 || status.st_mode & S_IWUSR == 0
  }

  /// The -wal and -shm files of `path`, a writable database, that keep SQLite from reading or
  /// writing it: read-only (and not the user's, or `repairSideFiles(of:)` would have made them
  /// writable), or not even readable.
  static func blockingSideFiles(of path: String) -> [(
    file: String, unreadable: Bool, yours: Bool
  )] {
    guard FileManager.default.fileExists(atPath: path), !isReadOnly(path) else { return [] }
    return sideFiles(of: path).filter(isReadOnly).map { file in
      var status = stat()
      let yours = lstat(file, &status) == 0 && status.st_uid == geteuid()
      return (file, access(file, R_OK) != 0, yours)
    }
  }

  /// Gives the -wal and -shm files of `path` the database file's mode again when they are
  /// read-only, the user owns them and the database file is writable. SQLite creates them
  /// with the database file's mode, and a read-only connection (the only kind that can open a
  /// file the user may only read) leaves them behind: a read while the file was 0400 left them
  /// 0400, and once the file was writable again SQLite opened the -shm file read-only and
  /// refused every write. They hold nothing the user may not read, and the mode is the one
  /// SQLite would give them now. Files of another user are left as they are
  /// (`map(_:path:)` names them when a write fails).
  static func repairSideFiles(of path: String) {
    var database = stat()
    guard stat(path, &database) == 0, !isReadOnly(path) else { return }
    for file in sideFiles(of: path) where isReadOnly(file) {
      var status = stat()
      guard lstat(file, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
        status.st_uid == geteuid()
      else { continue }
      chmod(file, database.st_mode & 0o777)
    }
  }

  /// Why a file in `state` (foreign, newer or empty) cannot be opened.
  private static func incompatibility(_ state: SchemaState, path: String) -> StoreError {
    switch state {
    case .newer: .incompatible("\(path) was written by a newer version of Kith")
    case .empty:
      .incompatible(
        "\(path) is an empty file, not a Kith database; create one with `kith init --me NAME`")
    default: .incompatible("\(path) is not a Kith database")
    }
  }

  /// Opens the database at `path`, in `folder` which cannot be written, read-only through
  /// SQLite's URI parameter `immutable=1`: SQLite then reads the file alone, without locks and
  /// without the -wal and -shm files it cannot create there. That file is the whole database
  /// only when its -wal file is missing or empty.
  private static func openImmutable(path: String, folder: String) throws(StoreError)
    -> DatabasePool
  {
    var walSize = 0
    if let attributes = try? FileManager.default.attributesOfItem(atPath: path + "-wal") {
      walSize = (attributes[.size] as? NSNumber)?.intValue ?? 0
    }
    guard walSize == 0 else {
      throw .database(
        "cannot read \(path): its folder \(folder) is not writable, and its -wal file holds "
          + "changes not yet copied into it")
    }
    do {
      let absolute =
        path.hasPrefix("/")
        ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
      // In a URI `%`, `?` and `#` are not themselves.
      var escaped = ""
      for character in absolute.unicodeScalars {
        switch character {
        case "%": escaped += "%25"
        case "?": escaped += "%3F"
        case "#": escaped += "%23"
        default: escaped.unicodeScalars.append(character)
        }
      }
      let pool = try DatabasePool(
        path: "file://\(escaped)?immutable=1", configuration: configuration(writable: false))
      switch try pool.read({ db in try schemaState(db) }) {
      case .current:
        return pool
      case .outdated:
        throw StoreError.database(
          "cannot open \(path): an earlier version of Kith wrote it and its folder \(folder) is "
            + "not writable, so it cannot be brought up to date")
      case let state:
        throw incompatibility(state, path: path)
      }
    } catch {
      throw map(error, path: path)
    }
  }

  private static func schemaState(_ db: Database) throws -> SchemaState {
    let tables = try String.fetchSet(
      db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
    if tables.isEmpty { return .empty }
    guard tables.contains("grdb_migrations") else { return .foreign }
    let migrator = Schema.migrator
    let applied = try migrator.appliedIdentifiers(db)
    guard let first = migrator.migrations.first, applied.contains(first) else { return .foreign }
    if try migrator.hasBeenSuperseded(db) { return .newer }
    return try migrator.hasCompletedMigrations(db) ? .current : .outdated
  }

  /// A pool on `path`: read-only, or read-write in WAL mode.
  private static func openPool(path: String, writable: Bool) throws -> DatabasePool {
    try DatabasePool(path: path, configuration: configuration(writable: writable))
  }

  /// The connections' settings.
  static func configuration(writable: Bool) -> Configuration {
    var config = Configuration()
    config.readonly = !writable
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
      // As GRDB sets it for a pool's writer: in WAL mode, a commit is durable from the next
      // checkpoint, and the database is never corrupted.
      if writable { try db.execute(sql: "PRAGMA synchronous = NORMAL") }
    }
    return config
  }

  /// Whether the store has written, or created or migrated its file.
  var isWritable: Bool { connections.withLock { $0.writer != nil } }

  /// The connection for writing: the read-write pool of a store that created or migrated its
  /// file, else the keeper. Not a new read-write pool: opening one while the write-ahead log
  /// is empty, GRDB creates and drops a table to fill it (its set-up of WAL mode), which
  /// changes the file's header (its change counter and schema cookie) at the next checkpoint,
  /// so that a command refused after it began to write (an unknown person, a referral's step
  /// backwards) left the file changed, if not its records. The file is in WAL mode already
  /// (the pool that created it set it, and the mode is kept in the file), and the keeper
  /// keeps it.
  var writer: any DatabaseWriter {
    get throws(StoreError) {
      do {
        return try connections.withLock { connections in
          if let writer = connections.writer { return writer }
          if let folder = connections.unwritableFolder {
            throw StoreError.database("cannot write \(path): its folder \(folder) is not writable")
          }
          guard let keeper = connections.keeper else { preconditionFailure("the store is closed") }
          connections.writer = keeper
          return keeper
        }
      } catch {
        throw Self.map(error, path: path)
      }
    }
  }

  /// The pool for reading: read-only, or the read-write pool of a store that created or
  /// migrated its file. Writes through the keeper are committed before any read that follows,
  /// which a new read transaction sees.
  private var readingPool: DatabasePool {
    connections.withLock { connections in
      guard let pool = connections.pool else { preconditionFailure("the store is closed") }
      return pool
    }
  }

  static func map(_ error: any Error, path: String? = nil) -> StoreError {
    if let error = error as? StoreError { return error }
    if let error = error as? InvalidRecord { return .invalid(error) }
    if let error = error as? DatabaseError {
      if error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
        return .database("the database is busy (another kith is writing); try again")
      }
      if error.resultCode == .SQLITE_NOTADB {
        return .incompatible("\(path ?? "the file") is not a Kith database")
      }
      if error.resultCode == .SQLITE_READONLY || error.resultCode == .SQLITE_CANTOPEN,
        let path, case let blocking = blockingSideFiles(of: path), !blocking.isEmpty
      {
        let files = blocking.map(\.file)
        let one = files.count == 1
        let why = blocking.allSatisfy { !$0.unreadable } ? "read-only" : "not readable"
        let listed = files.joined(separator: " ")
        return .database(
          "cannot \(error.resultCode == .SQLITE_READONLY ? "write" : "open") \(path): "
            + "its side \(one ? "file" : "files") \(files.joined(separator: " and ")) "
            + "\(one ? "is" : "are") \(why)"
            + (blocking.allSatisfy(\.yours)
              ? "; make \(one ? "it" : "them") writable (`chmod 600 \(listed)`)"
              : ", and not yours; \(one ? "its" : "their") owner or root can give "
                + "\(one ? "it" : "them") to you (`chown`)"))
      }
      if error.resultCode == .SQLITE_READONLY {
        return .database("cannot write \(path ?? "the database"): it is read-only")
      }
      return .database(error.message ?? "\(error.resultCode)")
    }
    return .database(String(describing: error))
  }

  /// Why a database an earlier version wrote could not be brought up to date: a file the
  /// user may only read cannot be migrated, which even a read command must do first, and
  /// "cannot write" alone read as if the command meant to change the records.
  static func mapMigrationFailure(_ error: DatabaseError, path: String) -> StoreError {
    guard error.resultCode == .SQLITE_READONLY, blockingSideFiles(of: path).isEmpty else {
      return map(error, path: path)
    }
    return .database(
      "cannot open \(path): an earlier version of Kith wrote it and it is read-only, so it "
        + "cannot be brought up to date; open it once as someone who may write it (or make it "
        + "writable), which upgrades it")
  }

  /// Runs `body` in one write transaction.
  func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
    let writer = try writer
    do {
      return try writer.write { db in try body(db) }
    } catch {
      throw Self.map(error, path: path)
    }
  }

  /// Runs `body` on a consistent read snapshot.
  func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
    do {
      return try readingPool.read { db in try body(db) }
    } catch {
      throw Self.map(error, path: path)
    }
  }

  /// Checkpoints the WAL into the main file (used by tests and benchmarks).
  public func checkpoint() throws(StoreError) {
    let writer = try writer
    do {
      try writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    } catch {
      throw Self.map(error, path: path)
    }
  }

  /// Counts of each kind of record, for overviews and tests.
  public func counts() throws(StoreError) -> StoreCounts {
    try read { db in try Self.fetchCounts(db) }
  }

  static func fetchCounts(_ db: Database) throws -> StoreCounts {
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

/// A value behind a lock. (Synchronization's `Mutex` needs macOS 15; the package supports 13.)
final class _Locked<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var value: Value

  init(_ value: Value) { self.value = value }

  func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
    lock.lock()
    defer { lock.unlock() }
    return try body(&value)
  }
}
