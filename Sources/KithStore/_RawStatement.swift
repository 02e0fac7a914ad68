import Foundation
import GRDB
import GRDBSQLite
import KithGraph

/// A prepared statement driven through SQLite's C API, for the bulk-insert hot path: GRDB's
/// per-call argument boxing and bookkeeping cost more than SQLite's own work there.
/// Owned by one `Database` for the duration of one write; finalized on deinit.
final class _RawStatement {
  fileprivate let statement: OpaquePointer
  private let connection: OpaquePointer
  /// Per parameter, the bytes of the text last bound to it (`bind(_:text:)`), and their room.
  private var texts: [UnsafeMutableRawPointer?] = []
  private var textCapacities: [Int] = []

  init(_ db: Database, _ sql: String) throws {
    guard let connection = db.sqliteConnection else {
      throw StoreError.database("the database is closed")
    }
    self.connection = connection
    var prepared: OpaquePointer? = nil
    let code = sqlite3_prepare_v3(
      connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, nil)
    guard code == SQLITE_OK, let prepared else {
      throw StoreError.database(String(cString: sqlite3_errmsg(connection)))
    }
    statement = prepared
  }

  deinit {
    sqlite3_finalize(statement)
    for text in texts { free(text) }
  }

  @inline(__always) func bind(_ index: Int32, _ value: Int64) {
    sqlite3_bind_int64(statement, index, value)
  }
  @inline(__always) func bind(_ index: Int32, _ value: Double) {
    sqlite3_bind_double(statement, index, value)
  }
  @inline(__always) func bind(_ index: Int32, _ value: Int64?) {
    if let value {
      sqlite3_bind_int64(statement, index, value)
    } else {
      sqlite3_bind_null(statement, index)
    }
  }
  func bind(_ index: Int32, _ value: String?) {
    guard let value else {
      sqlite3_bind_null(statement, index)
      return
    }
    // By length, not up to the first NUL byte: a text holding one is stored whole, as GRDB
    // stores it.
    bind(index, text: value)
  }

  /// Binds a copy of all of `text`'s UTF-8 bytes, NUL bytes included, as GRDB binds text.
  ///
  /// The copy is the statement's own, kept in room of this parameter's that later binds reuse,
  /// and bound without another (SQLITE_STATIC). With SQLITE_TRANSIENT, SQLite would allocate
  /// a copy of every text bound and free it at the next reset: a quarter of the instructions
  /// of an import's people.
  func bind(_ index: Int32, text: String) {
    var text = text
    text.withUTF8 { bytes in
      let slot = Int(index) - 1
      if slot >= texts.count {
        let count = max(Int(sqlite3_bind_parameter_count(statement)), slot + 1)
        texts += Array(repeating: nil, count: count - texts.count)
        textCapacities += Array(repeating: 0, count: count - textCapacities.count)
      }
      // SQLite binds NULL for a nil pointer: an empty text still needs room of its own.
      var room = texts[slot]
      if textCapacities[slot] < max(bytes.count, 1) {
        let capacity = max(bytes.count, 16) * 2
        room = realloc(room, capacity)
        texts[slot] = room
        textCapacities[slot] = room == nil ? 0 : capacity
      }
      guard let room else { fatalError("out of memory binding a text of \(bytes.count) bytes") }
      if let base = bytes.baseAddress { room.copyMemory(from: base, byteCount: bytes.count) }
      sqlite3_bind_text(
        statement, index, room.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil)
    }
  }

  /// Runs the statement to completion; returns whether it produced a row (then readable).
  @discardableResult
  func step() throws -> Bool {
    let code = sqlite3_step(statement)
    if code == SQLITE_ROW { return true }
    if code == SQLITE_DONE { return false }
    throw failure(code)
  }

  /// Steps once and returns SQLite's result code, for a caller that handles some failures
  /// itself (`failure(_:)` is what `step()` throws for the others).
  func stepResult() -> Int32 { sqlite3_step(statement) }

  /// The extended code of the connection's last failure (`SQLITE_CONSTRAINT_UNIQUE`…).
  var extendedErrorCode: Int32 { sqlite3_extended_errcode(connection) }

  /// The error `step()` throws for the failure `code`; resets the statement. Other than a
  /// constraint's, it is SQLite's, as GRDB throws it: `KithStore.map` words a read-only
  /// database or a busy one as it does for GRDB's statements.
  func failure(_ code: Int32) -> any Error {
    let message = String(cString: sqlite3_errmsg(connection))
    sqlite3_reset(statement)
    if code & 0xFF == SQLITE_CONSTRAINT {
      return StoreError.invalid(
        InvalidRecord(
          field: "record",
          message: "refers to a record that does not exist, or repeats one (\(message))"))
    }
    return DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
  }

  @inline(__always) func reset() {
    sqlite3_reset(statement)
    sqlite3_clear_bindings(statement)
  }

  /// Resets without clearing the bindings, for a loop that binds every parameter each time:
  /// clearing frees each bound value, and rebinding would allocate it again.
  @inline(__always) func resetKeepingBindings() {
    sqlite3_reset(statement)
  }

  /// The rowid of the connection's most recent successful INSERT (`sqlite3_last_insert_rowid`),
  /// read without GRDB, whose accessor must run on the database's queue.
  var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(connection) }

  @inline(__always) func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }
  @inline(__always) func double(_ column: Int32) -> Double {
    sqlite3_column_double(statement, column)
  }
  @inline(__always) func isNull(_ column: Int32) -> Bool {
    sqlite3_column_type(statement, column) == SQLITE_NULL
  }
}

extension _RawStatement {
  /// Binds a copy of `bytes` as a BLOB (SQLITE_TRANSIENT: SQLite copies before returning).
  func bind(_ index: Int32, blob bytes: UnsafeRawBufferPointer) {
    sqlite3_bind_blob(
      statement, index, bytes.baseAddress, Int32(bytes.count),
      unsafeBitCast(-1, to: sqlite3_destructor_type.self))
  }

  /// Binds `bytes` as TEXT without a copy (SQLITE_STATIC): the caller keeps them alive and
  /// unchanged until the statement is stepped and reset.
  func bind(_ index: Int32, staticText bytes: UnsafeRawBufferPointer) {
    sqlite3_bind_text(
      statement, index, bytes.baseAddress?.assumingMemoryBound(to: CChar.self),
      Int32(bytes.count), nil)
  }

  /// Binds `bytes` as a BLOB without a copy (SQLITE_STATIC), like `bind(_:staticText:)`.
  func bind(_ index: Int32, staticBlob bytes: UnsafeRawBufferPointer) {
    sqlite3_bind_blob(statement, index, bytes.baseAddress, Int32(bytes.count), nil)
  }

  /// Binds a copy of `column` of `other`'s current row, whatever its type.
  func bind(_ index: Int32, copyOf other: _RawStatement, column: Int32) {
    sqlite3_bind_value(statement, index, sqlite3_column_value(other.statement, column))
  }

  /// The current row's TEXT in `column`, or nil when NULL (all of it: a NUL character too).
  func text(_ column: Int32) -> String? {
    guard let c = sqlite3_column_text(statement, column) else { return nil }
    let count = Int(sqlite3_column_bytes(statement, column))
    return String(decoding: UnsafeBufferPointer(start: c, count: count), as: UTF8.self)
  }

  /// The current row's BLOB or TEXT bytes in `column`, valid until the next step or reset.
  func bytes(_ column: Int32) -> UnsafeRawBufferPointer {
    let base = sqlite3_column_blob(statement, column)
    let count = Int(sqlite3_column_bytes(statement, column))
    guard let base, count > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
    return UnsafeRawBufferPointer(start: base, count: count)
  }
}
