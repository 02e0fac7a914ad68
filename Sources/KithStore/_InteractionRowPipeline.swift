import Foundation
import GRDB
import KithGraph

/// What writing interaction rows needs besides the rows (`KithStore.writeInteractionRows`):
/// the multi-row inserts, prepared once; scratch bytes for values bound without a copy; and
/// the `interaction_source` rows of the rows written, which the ledger batch writes at its
/// flush, sorted by key.
struct _InteractionRowScratch {
  /// The insert of `Ledger.interactionRowsPerInsert` rows with only the required columns.
  var bareGroup: _RawStatement? = nil
  /// The insert of `Ledger.interactionRowsPerInsert` rows with every column.
  var detailedGroup: _RawStatement? = nil
  /// Bytes bound without a copy, and where each value ends (-1 for a NULL).
  var text: [UInt8] = []
  var textEnds: [Int] = []
  /// The `interaction_source` rows of the rows written: key and interaction id.
  var sourceKeys: [Int64] = []
  var sourceInteractions: [Int64] = []

  /// The insert of `rows` interaction rows: the four required columns when `bare` (the others
  /// default to NULL), else every column but the id.
  static func insertSQL(bare: Bool, rows: Int) -> String {
    let columns =
      bare
      ? "(time, kind, participant_count, participants)"
      : """
      (time, kind, participant_count, participants, initiator_id, channel, summary,
        follow_up, source, source_id, source_key)
      """
    return Ledger.insertSQL(
      "INSERT INTO interaction \(columns)", width: bare ? 4 : 11, rows: rows)
  }

  /// Prepares both group inserts, so that writing full groups needs no other statement.
  mutating func prepare(_ db: Database) throws {
    let n = Ledger.interactionRowsPerInsert
    if bareGroup == nil { bareGroup = try _RawStatement(db, Self.insertSQL(bare: true, rows: n)) }
    if detailedGroup == nil {
      detailedGroup = try _RawStatement(db, Self.insertSQL(bare: false, rows: n))
    }
  }
}

/// Writes interaction rows on another thread while the caller goes on validating, numbering
/// and adding the next interactions to the ledger batch (`_InteractionWriter` in its pipelined
/// mode): on two cores the row writes, most of a large insert, no longer wait for that work.
///
/// The connection is used by one thread at a time: from `init` until `finish()` or `cancel()`
/// returns, only the writing thread touches it, through `_RawStatement`s prepared by `init` on
/// the caller's thread (no GRDB call: GRDB checks that its database is used on its queue), and
/// the caller must not use the database meanwhile. SQLite connections may move between
/// threads as long as they are not used by two at once; the lock below orders every hand-over.
/// Chunks are whole groups of `Ledger.interactionRowsPerInsert` rows, so the prepared group
/// statements are all the thread needs.
final class _InteractionRowPipeline: @unchecked Sendable {
  private let condition = NSCondition()
  // Guarded by `condition`.
  private var queue: [[Interaction]] = []
  private var closed = false
  private var failure: Error? = nil
  private var running = true
  /// Used only by the writing thread until it stops, then by the caller.
  private var scratch: _InteractionRowScratch
  private let db: Database

  /// Prepares the statements and starts the writing thread.
  init(_ db: Database) throws {
    var scratch = _InteractionRowScratch()
    try scratch.prepare(db)
    self.scratch = scratch
    self.db = db
    let thread = Thread { [self] in run() }
    thread.qualityOfService = .userInitiated
    thread.start()
  }

  /// Queues a chunk of whole groups; throws the writing thread's error, if it stopped on one,
  /// so that the caller stops early.
  func send(_ chunk: [Interaction]) throws {
    precondition(
      chunk.count % Ledger.interactionRowsPerInsert == 0, "chunks are whole groups of rows")
    condition.lock()
    defer { condition.unlock() }
    if let failure { throw failure }
    queue.append(chunk)
    condition.signal()
  }

  /// Waits for every queued chunk to be written; returns the scratch, with the
  /// `interaction_source` rows of the rows written, or throws the writing thread's error.
  func finish() throws -> _InteractionRowScratch {
    stop()
    if let failure { throw failure }
    return scratch
  }

  /// Stops after the chunk being written, dropping the rest, and waits: for a caller that
  /// fails, before its transaction is rolled back.
  func cancel() {
    condition.lock()
    queue.removeAll()
    condition.unlock()
    stop()
  }

  private func stop() {
    condition.lock()
    closed = true
    condition.broadcast()
    while running { condition.wait() }
    condition.unlock()
  }

  private func run() {
    while true {
      condition.lock()
      while queue.isEmpty && !closed { condition.wait() }
      if queue.isEmpty || failure != nil {
        running = false
        condition.broadcast()
        condition.unlock()
        return
      }
      let chunk = queue.removeFirst()
      condition.unlock()
      do {
        var start = chunk.startIndex
        while start < chunk.endIndex {
          let end = start + Ledger.interactionRowsPerInsert
          try KithStore.writeInteractionRows(chunk[start..<end], &scratch, db)
          start = end
        }
      } catch {
        condition.lock()
        failure = error
        queue.removeAll()
        condition.unlock()
      }
    }
  }
}
