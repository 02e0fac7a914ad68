import Foundation
import GRDB
import KithGraph

/// What writing interaction rows needs besides the rows (`KithStore.writeInteractionRows`):
/// the multi-row inserts, prepared once; scratch bytes for values bound without a copy; and
/// the source entries of the rows written (`SourceBlocks`), which the ledger batch writes at its
/// flush, sorted by key.
struct _InteractionRowScratch {
  /// The insert of `Ledger.interactionRowsPerInsert` rows with only the required columns.
  var bareGroup: _RawStatement? = nil
  /// The insert of `Ledger.interactionRowsPerInsert` rows with every column.
  var detailedGroup: _RawStatement? = nil
  /// The rows being written, encoded.
  var group = _EncodedRowGroup()
  /// Bytes bound without a copy by the single interaction insert.
  var text: [UInt8] = []
  /// The source entries of the rows written (`SourceBlocks`): key and interaction id.
  var sourceKeys: [Int64] = []
  var sourceInteractions: [Int64] = []

  /// Adds the source entries of `rows`, encoded in `group`: written at the ledger batch's
  /// flush, sorted by key (imported keys arrive in random order).
  mutating func addSourceEntries(of rows: ArraySlice<Interaction>, _ group: _EncodedRowGroup) {
    for (k, key) in zip(rows.indices, group.keys) {
      if let key {
        sourceKeys.append(key)
        sourceInteractions.append(rows[k].id)
      }
    }
  }

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

/// One statement's worth of interaction rows, encoded for binding: the work of writing them
/// that is not SQLite's, done apart so that the thread numbering interactions can do it while
/// another writes (`_InteractionRowPipeline`).
struct _EncodedRowGroup {
  /// Whether no row has an initiator, channel, summary, follow-up or source: the statement
  /// then names only the four required columns, and SQLite neither binds nor copies seven
  /// NULLs a row.
  private(set) var bare = true
  /// The participant lists and, unless bare, each row's channel, summary, source and source id,
  /// one after another: bound without a copy, where a text bound with a copy costs SQLite an
  /// allocation. `textEnds` holds where each ends, or -1 for a NULL.
  private(set) var text: [UInt8] = []
  private(set) var textEnds: [Int] = []
  /// Unless bare, each row's source key (`Schema.sourceKey`), nil without a source.
  private(set) var keys: [Int64?] = []

  /// Encodes `rows`, replacing what the group held (and keeping its room).
  mutating func encode(_ rows: ArraySlice<Interaction>) {
    bare = rows.allSatisfy {
      $0.initiator == nil && $0.channel == nil && $0.summary == nil && $0.followUp == nil
        && $0.source == nil && $0.sourceID == nil
    }
    text.removeAll(keepingCapacity: true)
    textEnds.removeAll(keepingCapacity: true)
    keys.removeAll(keepingCapacity: true)
    func appendText(_ value: String?) {
      guard var value else {
        textEnds.append(-1)
        return
      }
      // From the contiguous bytes: appending `value.utf8` goes through the generic sequence
      // path, several times slower for every row's texts.
      value.withUTF8 { text.append(contentsOf: $0) }
      textEnds.append(text.count)
    }
    // The rows are read in place (a `for … in` loop would copy each interaction, with a retain
    // and a release of each of its references).
    var lastSource: (source: String, digest: UInt64)? = nil
    for k in rows.indices {
      Ledger.packParticipants(rows[k].participants, into: &text)
      textEnds.append(text.count)
      if bare { continue }
      appendText(rows[k].channel)
      appendText(rows[k].summary)
      appendText(rows[k].source)
      appendText(rows[k].sourceID)
      var key: Int64? = nil
      if let source = rows[k].source, let sourceID = rows[k].sourceID {
        // An import's rows share one source: its digest is computed once.
        let digest: UInt64
        if let last = lastSource, last.source == source {
          digest = last.digest
        } else {
          digest = Schema.sourceDigest(source)
          lastSource = (source, digest)
        }
        key = Schema.sourceKey(sourceDigest: digest, sourceID: sourceID)
      }
      keys.append(key)
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
/// Chunks are whole groups of `Ledger.interactionRowsPerInsert` rows, encoded by the caller
/// (`_EncodedRowGroup`), so the thread only binds and steps the prepared group statements.
final class _InteractionRowPipeline: @unchecked Sendable {
  private let condition = NSCondition()
  // Guarded by `condition`.
  private var queue: [(rows: [Interaction], groups: [_EncodedRowGroup])] = []
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

  /// Queues rows, a whole number of groups of `Ledger.interactionRowsPerInsert`, with each
  /// group encoded; throws the writing thread's error, if it stopped on one, so that the
  /// caller stops early.
  func send(_ rows: [Interaction], _ groups: [_EncodedRowGroup]) throws {
    precondition(
      rows.count == groups.count * Ledger.interactionRowsPerInsert,
      "chunks are whole groups of rows")
    condition.lock()
    defer { condition.unlock() }
    if let failure { throw failure }
    queue.append((rows, groups))
    condition.signal()
  }

  /// Waits for every queued chunk to be written, or throws the writing thread's error.
  func finish() throws {
    stop()
    if let failure { throw failure }
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
        let n = Ledger.interactionRowsPerInsert
        for (g, group) in chunk.groups.enumerated() {
          try KithStore.writeEncodedRows(chunk.rows[(g * n)..<((g + 1) * n)], group, &scratch, db)
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
