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

  /// Adds the source entries of the rows of `group`: written at the ledger batch's flush,
  /// sorted by key (imported keys arrive in random order).
  mutating func addSourceEntries(of group: _EncodedRowGroup) {
    if group.keys.isEmpty { return }
    for (r, d) in group.details.enumerated() where d >= 0 {
      if let key = group.keys[Int(d)] {
        sourceKeys.append(key)
        sourceInteractions.append(group.ids[r])
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
///
/// A group holds only values and bytes of its own, no reference to an interaction's texts or
/// lists: the writing thread then never retains or releases what the other thread is using
/// (each such count is an atomic write to memory shared by both cores, and the rows of an
/// import all share their source's text).
struct _EncodedRowGroup {
  /// Whether no row has an initiator, channel, summary, follow-up or source: the statement
  /// then names only the four required columns, and SQLite neither binds nor copies seven
  /// NULLs a row.
  private(set) var bare = true
  private(set) var ids: [Int64] = []
  private(set) var times: [Int64] = []
  /// `InteractionKind.ordinal`s.
  private(set) var kinds: [UInt8] = []
  private(set) var participantCounts: [Int64] = []
  /// Each row's participant list, then, for a row with details, its channel, summary, source
  /// and source id, one after another: bound without a copy, where a text bound with a copy
  /// costs SQLite an allocation. `participantEnds` holds where each row's list ends.
  private(set) var text: [UInt8] = []
  private(set) var participantEnds: [Int] = []
  /// Per row, the index of its details in the arrays below, or -1 when it has none (no
  /// initiator, channel, summary, follow-up or source: most rows of a bulk insert).
  private(set) var details: [Int32] = []
  private(set) var initiators: [Int64?] = []
  private(set) var followUps: [Int64?] = []
  /// Each row's source key (`Schema.sourceKey`), nil without a source.
  private(set) var keys: [Int64?] = []
  /// Where the channel, summary, source and source id end in `text` (four per row with
  /// details), or -1 for a NULL.
  private(set) var detailEnds: [Int] = []

  /// Texts per row with details in `detailEnds`.
  static let detailTexts = 4

  /// An empty group with room for `capacity` rows.
  init(capacity: Int = 0) {
    guard capacity > 0 else { return }
    ids.reserveCapacity(capacity)
    times.reserveCapacity(capacity)
    kinds.reserveCapacity(capacity)
    participantCounts.reserveCapacity(capacity)
    participantEnds.reserveCapacity(capacity)
    details.reserveCapacity(capacity)
    text.reserveCapacity(16 * capacity)
  }

  var count: Int { ids.count }

  /// Empties the group, keeping its room.
  mutating func removeAll() {
    bare = true
    ids.removeAll(keepingCapacity: true)
    times.removeAll(keepingCapacity: true)
    kinds.removeAll(keepingCapacity: true)
    participantCounts.removeAll(keepingCapacity: true)
    text.removeAll(keepingCapacity: true)
    participantEnds.removeAll(keepingCapacity: true)
    details.removeAll(keepingCapacity: true)
    initiators.removeAll(keepingCapacity: true)
    followUps.removeAll(keepingCapacity: true)
    keys.removeAll(keepingCapacity: true)
    detailEnds.removeAll(keepingCapacity: true)
  }

  /// Adds the row of `interaction`, stored as `id`. `sourceDigest` is
  /// `Schema.sourceDigest(source)` of its source, if it has one (rows of one source share it).
  mutating func append(_ interaction: Interaction, id: Int64, sourceDigest: UInt64?) {
    append(
      id: id, time: KithTime.seconds(interaction.time), kind: interaction.kind,
      participants: interaction.participants, initiator: interaction.initiator,
      channel: interaction.channel, summary: interaction.summary,
      followUp: interaction.followUp, source: interaction.source,
      sourceID: interaction.sourceID, sourceDigest: sourceDigest)
  }

  /// `append(_:id:sourceDigest:)` from the fields of an interaction (`time` in seconds).
  mutating func append(
    id: Int64, time: Int64, kind: InteractionKind, participants: some Collection<Int64>,
    initiator: Int64?, channel: String?, summary: String?, followUp: Date?, source: String?,
    sourceID: String?, sourceDigest: UInt64?
  ) {
    ids.append(id)
    times.append(time)
    kinds.append(UInt8(truncatingIfNeeded: kind.ordinal))
    participantCounts.append(Int64(participants.count))
    Ledger.packParticipants(participants, into: &text)
    participantEnds.append(text.count)
    guard
      initiator != nil || channel != nil || summary != nil || followUp != nil || source != nil
        || sourceID != nil
    else {
      details.append(-1)
      return
    }
    bare = false
    details.append(Int32(initiators.count))
    initiators.append(initiator)
    followUps.append(followUp.map(KithTime.seconds))
    appendText(channel)
    appendText(summary)
    appendText(source)
    appendText(sourceID)
    var key: Int64? = nil
    if let sourceDigest, let sourceID {
      key = Schema.sourceKey(sourceDigest: sourceDigest, sourceID: sourceID)
    }
    keys.append(key)
  }

  private mutating func appendText(_ value: String?) {
    guard let value else {
      detailEnds.append(-1)
      return
    }
    // From the contiguous bytes, read in place: appending `value.utf8` goes through the
    // generic sequence path, several times slower for every row's texts, and a mutable copy
    // for `withUTF8` costs a retain and a release.
    if value.utf8.withContiguousStorageIfAvailable({ text.append(contentsOf: $0) }) == nil {
      text.append(contentsOf: value.utf8)
    }
    detailEnds.append(text.count)
  }
}

/// `Schema.sourceDigest` of the last source seen: the rows of an import share one.
struct _SourceDigests {
  private var last: (source: String, digest: UInt64)? = nil

  mutating func digest(_ source: String?) -> UInt64? {
    guard let source else { return nil }
    if let last, last.source == source { return last.digest }
    let digest = Schema.sourceDigest(source)
    last = (source, digest)
    return digest
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
  private var queue: [[_EncodedRowGroup]] = []
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

  /// Queues full groups of `Ledger.interactionRowsPerInsert` rows; throws the writing
  /// thread's error, if it stopped on one, so that the caller stops early.
  func send(_ groups: [_EncodedRowGroup]) throws {
    precondition(
      groups.allSatisfy { $0.count == Ledger.interactionRowsPerInsert }, "groups are full")
    condition.lock()
    defer { condition.unlock() }
    if let failure { throw failure }
    queue.append(groups)
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
        for group in chunk { try KithStore.writeEncodedRows(group, &scratch, db) }
      } catch {
        condition.lock()
        failure = error
        queue.removeAll()
        condition.unlock()
      }
    }
  }
}
