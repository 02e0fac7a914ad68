import Foundation
import GRDB
import KithGraph

/// What writing interaction rows needs besides the rows (`KithStore.writeInteractionRows`):
/// the multi-row inserts, prepared once; scratch bytes for values bound without a copy; and
/// the source entries of the rows written (`SourceBlocks`), which the ledger batch writes at its
/// flush, sorted by key.
struct _InteractionRowScratch {
  /// The inserts of `Ledger.interactionRowsPerInsert` rows, by the optional columns they name.
  var groupInserts: [_InteractionColumns: _RawStatement] = [:]
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

  /// The insert of `rows` interaction rows: the id and the four required columns, then the
  /// optional ones of `columns` (the others default to NULL). Ids are bound, not left to
  /// SQLite: after the newest interaction was removed, SQLite would give its id again
  /// (`KithStore.freshID`).
  static func insertSQL(columns: _InteractionColumns, rows: Int) -> String {
    let names = ["id", "time", "kind", "participant_count", "participants"] + columns.names
    return Ledger.insertSQL(
      "INSERT INTO interaction (\(names.joined(separator: ", ")))", width: names.count,
      rows: rows)
  }

  /// The insert of a full group naming `columns`, prepared the first time it is needed.
  /// Preparing needs only the SQLite connection (no GRDB call), so the writing thread of
  /// `_InteractionRowPipeline` may do it.
  mutating func groupInsert(_ columns: _InteractionColumns, _ db: Database) throws
    -> _RawStatement
  {
    if let prepared = groupInserts[columns] { return prepared }
    let insert = try _RawStatement(
      db, Self.insertSQL(columns: columns, rows: Ledger.interactionRowsPerInsert))
    groupInserts[columns] = insert
    return insert
  }
}

/// The optional columns of interaction rows that a group of rows gives values for: an insert
/// names only those. Every column named costs SQLite a bound value to copy and check for every
/// row, NULL or not, and most imports give a summary and a source but no initiator, channel or
/// follow-up.
struct _InteractionColumns: OptionSet, Hashable {
  let rawValue: UInt8

  static let initiator = Self(rawValue: 1 << 0)
  static let channel = Self(rawValue: 1 << 1)
  static let summary = Self(rawValue: 1 << 2)
  static let followUp = Self(rawValue: 1 << 3)
  static let source = Self(rawValue: 1 << 4)
  static let sourceID = Self(rawValue: 1 << 5)
  static let sourceKey = Self(rawValue: 1 << 6)
  static let day = Self(rawValue: 1 << 7)

  /// Every optional column, in the order inserts name them.
  static let all: [(column: Self, name: String)] = [
    (.initiator, "initiator_id"), (.channel, "channel"), (.summary, "summary"),
    (.followUp, "follow_up"), (.source, "source"), (.sourceID, "source_id"),
    (.sourceKey, "source_key"), (.day, "day"),
  ]

  /// The names of these columns, in the order inserts name them.
  var names: [String] { Self.all.filter { contains($0.column) }.map(\.name) }
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
  /// The optional columns some row gives a value for: the statement names only those, and
  /// SQLite neither binds nor copies the NULLs of the others (eight a row when no row has an
  /// initiator, channel, summary, follow-up, source or day).
  private(set) var columns = _InteractionColumns()
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
  /// initiator, channel, summary, follow-up, source or day: most rows of a bulk insert).
  private(set) var details: [Int32] = []
  private(set) var initiators: [Int64?] = []
  private(set) var followUps: [Int64?] = []
  /// Each row's day entered (`Interaction.day`), nil for a time.
  private(set) var days: [Int64?] = []
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
    columns = []
    ids.removeAll(keepingCapacity: true)
    times.removeAll(keepingCapacity: true)
    kinds.removeAll(keepingCapacity: true)
    participantCounts.removeAll(keepingCapacity: true)
    text.removeAll(keepingCapacity: true)
    participantEnds.removeAll(keepingCapacity: true)
    details.removeAll(keepingCapacity: true)
    initiators.removeAll(keepingCapacity: true)
    followUps.removeAll(keepingCapacity: true)
    days.removeAll(keepingCapacity: true)
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
      sourceID: interaction.sourceID, sourceDigest: sourceDigest,
      participantCount: interaction.peopleWhoTookPart, day: interaction.day)
  }

  /// `append(_:id:sourceDigest:)` from the fields of an interaction (`time` in seconds;
  /// `participantCount`, `Interaction.peopleWhoTookPart`).
  mutating func append(
    id: Int64, time: Int64, kind: InteractionKind, participants: some Collection<Int64>,
    initiator: Int64?, channel: String?, summary: String?, followUp: Date?, source: String?,
    sourceID: String?, sourceDigest: UInt64?, participantCount: Int, day: Int64?
  ) {
    var used = _InteractionColumns()
    if initiator != nil { used.insert(.initiator) }
    if channel != nil { used.insert(.channel) }
    if summary != nil { used.insert(.summary) }
    if followUp != nil { used.insert(.followUp) }
    if source != nil { used.insert(.source) }
    if sourceID != nil { used.insert(.sourceID) }
    if day != nil { used.insert(.day) }
    guard
      appendRow(
        id: id, time: time, kind: kind, participants: participants,
        participantCount: participantCount, initiator: initiator, followUp: followUp, day: day,
        used: used)
    else { return }
    appendText(channel)
    appendText(summary)
    appendText(source)
    appendText(sourceID)
    var key: Int64? = nil
    if let sourceDigest, let sourceID {
      key = Schema.sourceKey(sourceDigest: sourceDigest, sourceID: sourceID)
      used.insert(.sourceKey)
    }
    keys.append(key)
    columns.formUnion(used)
  }

  /// Adds a row whose texts and source key are record `record` of `details`; `initiator`,
  /// `followUp` and `day` as in `append(id:time:kind:participants:initiator:channel:summary:followUp:source:sourceID:sourceDigest:participantCount:day:)`.
  mutating func append(
    id: Int64, time: Int64, kind: InteractionKind, participants: some Collection<Int64>,
    initiator: Int64?, followUp: Date?, day: Int64?, details encoded: _EncodedDetails,
    record: Int
  ) {
    var used = encoded.columns[record]
    if initiator != nil { used.insert(.initiator) }
    if followUp != nil { used.insert(.followUp) }
    if day != nil { used.insert(.day) }
    // An imported record names everyone who took part.
    guard
      appendRow(
        id: id, time: time, kind: kind, participants: participants,
        participantCount: participants.count, initiator: initiator, followUp: followUp,
        day: day, used: used)
    else { return }
    // The record's four texts, one copy; their ends moved to where they now start.
    let start = encoded.starts[record]
    let e = Self.detailTexts * record
    var end = start
    for j in 0..<Self.detailTexts where encoded.ends[e + j] >= 0 { end = encoded.ends[e + j] }
    let shift = text.count - start
    encoded.text.withUnsafeBufferPointer { text.append(contentsOf: $0[start..<end]) }
    for j in 0..<Self.detailTexts {
      let stored = encoded.ends[e + j]
      detailEnds.append(stored < 0 ? -1 : stored + shift)
    }
    keys.append(encoded.keys[record])
    columns.formUnion(used)
  }

  /// Adds a row's required columns, and its initiator, follow-up and day when it gives some
  /// optional column (`used`); false, for a row without details, when it gives none.
  private mutating func appendRow(
    id: Int64, time: Int64, kind: InteractionKind, participants: some Collection<Int64>,
    participantCount: Int, initiator: Int64?, followUp: Date?, day: Int64?,
    used: _InteractionColumns
  ) -> Bool {
    ids.append(id)
    times.append(time)
    kinds.append(UInt8(truncatingIfNeeded: kind.ordinal))
    participantCounts.append(Int64(participantCount))
    Ledger.packParticipants(participants, into: &text)
    participantEnds.append(text.count)
    guard !used.isEmpty else {
      details.append(-1)
      return false
    }
    details.append(Int32(initiators.count))
    initiators.append(initiator)
    followUps.append(followUp.map(KithTime.seconds))
    days.append(day)
    return true
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

/// The texts and source keys of many interaction rows, encoded ahead as `_EncodedRowGroup`
/// holds them: a large import encodes its records' texts on another thread while its people
/// are imported, and then copies each row's with one `memcpy`
/// (`_EncodedRowGroup.append(id:time:kind:participants:initiator:followUp:day:details:record:)`),
/// instead of four texts and a digest while the rows are written.
struct _EncodedDetails: Sendable {
  /// Per record: channel, summary, source and source id, one after another.
  private(set) var text: [UInt8] = []
  /// Per record, where its texts start in `text`.
  private(set) var starts: [Int] = []
  /// Per record, where its channel, summary, source and source id end in `text`, -1 for nil.
  private(set) var ends: [Int] = []
  /// Per record, its source key (`Schema.sourceKey`), nil without a source.
  private(set) var keys: [Int64?] = []
  /// Per record, which of its texts and key it has.
  private(set) var columns: [_InteractionColumns] = []

  /// Encodes `count` records of `source`, whose record `k` has `fields(k)`.
  init(
    count: Int, source: String?,
    fields: (Int) -> (channel: String?, summary: String?, sourceID: String?)
  ) {
    starts.reserveCapacity(count)
    ends.reserveCapacity(_EncodedRowGroup.detailTexts * count)
    keys.reserveCapacity(count)
    columns.reserveCapacity(count)
    let digest = source.map(Schema.sourceDigest)
    for k in 0..<count {
      let (channel, summary, sourceID) = fields(k)
      var used = _InteractionColumns()
      starts.append(text.count)
      append(channel, .channel, &used)
      append(summary, .summary, &used)
      append(source, .source, &used)
      append(sourceID, .sourceID, &used)
      var key: Int64? = nil
      if let digest, let sourceID {
        key = Schema.sourceKey(sourceDigest: digest, sourceID: sourceID)
        used.insert(.sourceKey)
      }
      keys.append(key)
      columns.append(used)
    }
  }

  private mutating func append(
    _ value: String?, _ column: _InteractionColumns, _ used: inout _InteractionColumns
  ) {
    guard var value else {
      ends.append(-1)
      return
    }
    value.withUTF8 { text.append(contentsOf: $0) }
    ends.append(text.count)
    used.insert(column)
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
/// returns, only the writing thread touches it, through `_RawStatement`s it prepares itself
/// (no GRDB call: GRDB checks that its database is used on its queue), and the caller must not
/// use the database meanwhile. SQLite connections may move between
/// threads as long as they are not used by two at once; the lock below orders every hand-over.
/// Chunks are whole groups of `Ledger.interactionRowsPerInsert` rows, encoded by the caller
/// (`_EncodedRowGroup`), so the thread only binds and steps the group statements.
///
/// While the thread writes, the connection skips CHECK constraints
/// (`PRAGMA ignore_check_constraints`): the rows it writes were validated by the caller
/// (`Interaction.validate`: time, two distinct participants, initiator among them), their kinds
/// come from `InteractionKind` and their source keys are computed with their source and source
/// id, so the table's CHECKs (kind, participant count, source key) cannot fail, and evaluating
/// them was about 14% of the thread's work. They are on again before `finish()` or `cancel()`
/// returns; UNIQUE, NOT NULL and foreign keys are still enforced.
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
    self.scratch = _InteractionRowScratch()
    self.db = db
    try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
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
    try checkConstraints()
    if let failure { throw failure }
  }

  /// Stops after the chunk being written, dropping the rest, and waits: for a caller that
  /// fails, before its transaction is rolled back.
  func cancel() {
    condition.lock()
    queue.removeAll()
    condition.unlock()
    stop()
    // The caller is failing already: its error is the one to report.
    try? checkConstraints()
  }

  /// Turns CHECK constraints on again, once the writing thread has stopped.
  private func checkConstraints() throws {
    try db.execute(sql: "PRAGMA ignore_check_constraints = OFF")
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
