import Foundation
import GRDB
import KithGraph

extension KithStore {
  // MARK: Interactions

  /// Records an interaction and updates the tie ledger in the same transaction.
  /// An interaction whose (source, sourceID) is already stored is returned unchanged.
  public func addInteraction(_ interaction: Interaction) throws(StoreError) -> Interaction {
    try addInteractions([interaction])[0]
  }

  /// Records many interactions in one transaction, with the ledger maintained.
  /// - Complexity: O(k · p²) for k interactions of p participants, plus one ledger read and
  ///   write per distinct pair.
  public func addInteractions(_ interactions: [Interaction]) throws(StoreError) -> [Interaction] {
    try write { db in
      var batch = Ledger.Batch(settings: try Self.decaySettings(db))
      if interactions.count >= Ledger.preloadThreshold { try batch.preloadPeople(db) }
      batch.reserveCapacity(interactions: interactions.count)
      let stored: [Interaction]
      var presync: _WALPresync? = nil
      if interactions.count >= Ledger.preloadThreshold,
        interactions.allSatisfy({ $0.id == 0 && $0.source == nil })
      {
        stored = try Self.insertNewInteractions(interactions, &batch, db)
        // The rows to the WAL, synced while the ledger is written (as an import does).
        presync = try _WALPresync.start(db)
      } else {
        stored = try Self.insertInteractions(interactions, &batch, db)
      }
      defer { presync?.wait() }
      try batch.flush(db)
      return stored
    }
  }

  /// Inserts a large batch of new interactions (no ids, no sources of their own) on two
  /// threads: while this one validates, numbers and adds each interaction to the ledger batch,
  /// another writes the rows numbered so far (`_InteractionRowPipeline`); then the batch sorts
  /// its participations and pair events on a third while the last rows are written. SQLite's
  /// row writes are most of the insert, and the rest is done in their time.
  static func insertNewInteractions(
    _ interactions: [Interaction], _ batch: inout Ledger.Batch, _ db: Database
  ) throws -> [Interaction] {
    var writer = _InteractionWriter(
      keepingAdded: true, capacity: interactions.count, pipelining: true)
    do {
      for interaction in interactions { try writer.add(interaction, &batch, db) }
    } catch {
      writer.cancel()
      throw error
    }
    batch.sortInBackground()
    try writer.flush(&batch, db)
    return writer.added
  }

  /// Inserts `interactions` in order, several rows per statement: the store numbers the rows
  /// itself (as SQLite would: one more than the largest id). A record with its own id or with a
  /// source goes through `insertInteraction` alone, after the rows before it are written, so
  /// that ids and re-import checks see everything before it.
  static func insertInteractions(
    _ interactions: [Interaction], _ batch: inout Ledger.Batch, _ db: Database
  ) throws -> [Interaction] {
    var writer = _InteractionWriter(keepingAdded: true, capacity: interactions.count)
    for k in interactions.indices {
      if interactions[k].id != 0 || interactions[k].source != nil {
        try writer.flush(&batch, db, forgettingNextID: true)
        writer.appendWritten(try insertInteraction(interactions[k], &batch, db))
        continue
      }
      try writer.add(interactions[k], &batch, db)
    }
    try writer.flush(&batch, db)
    return writer.added
  }

  /// Writes validated interactions that carry their new ids, in one statement.
  ///
  /// Rows with no initiator, channel, summary, follow-up or source (what a bulk insert
  /// usually holds) go through a statement that names only the four required columns: the
  /// others default to NULL, and SQLite neither binds nor copies seven NULLs a row. No row's
  /// id is bound: SQLite numbers them as the writer did (one more than the largest) without a
  /// search to check that each is free; the last is checked afterwards.
  static func writeInteractionRows(
    _ rows: ArraySlice<Interaction>, _ batch: inout Ledger.Batch, _ db: Database
  ) throws {
    try writeInteractionRows(rows, &batch.rows, db)
  }

  /// `writeInteractionRows(_:_:_:)` with the statements and scratch of `scratch`, which
  /// collects the rows' source entries (`SourceBlocks`).
  static func writeInteractionRows(
    _ rows: ArraySlice<Interaction>, _ scratch: inout _InteractionRowScratch, _ db: Database
  ) throws {
    if rows.isEmpty { return }
    scratch.group.removeAll()
    var digests = _SourceDigests()
    // The rows are read in place (a `for … in` loop would copy each interaction, with a retain
    // and a release of each of its references).
    for k in rows.indices {
      scratch.group.append(rows[k], id: rows[k].id, sourceDigest: digests.digest(rows[k].source))
    }
    scratch.addSourceEntries(of: scratch.group)
    try writeEncodedRows(scratch.group, &scratch, db)
  }

  /// Writes the rows encoded in `group`. `db` is used only for its connection, to prepare a
  /// statement that `scratch` does not hold yet: no GRDB call, so that another thread may
  /// write full groups (`_InteractionRowPipeline`).
  static func writeEncodedRows(
    _ group: _EncodedRowGroup, _ scratch: inout _InteractionRowScratch, _ db: Database
  ) throws {
    let rows = group.count
    if rows == 0 { return }
    let columns = group.columns
    let names = columns.names
    let width = Int32(5 + names.count)
    let insert =
      rows == Ledger.interactionRowsPerInsert
      ? try scratch.groupInsert(columns, db)
      : try _RawStatement(db, _InteractionRowScratch.insertSQL(columns: columns, rows: rows))
    // Each optional column's parameter within a row's, 0 when the insert does not name it.
    var parameter: [Int32] = Array(repeating: 0, count: _InteractionColumns.all.count)
    var next: Int32 = 6
    for (k, optional) in _InteractionColumns.all.enumerated()
    where columns.contains(optional.column) {
      parameter[k] = next
      next += 1
    }
    let (initiator, channel, summary, followUp, source, sourceID, sourceKey, day) = (
      parameter[0], parameter[1], parameter[2], parameter[3], parameter[4], parameter[5],
      parameter[6], parameter[7]
    )
    for r in 0..<rows {
      let b = width * Int32(r)
      insert.bind(b + 1, group.ids[r])
      insert.bind(b + 2, group.times[r])
      insert.bind(b + 3, staticText: Ledger.kindUTF8[Int(group.kinds[r])])
      insert.bind(b + 4, group.participantCounts[r])
      if columns.isEmpty { continue }
      let d = Int(group.details[r])
      if initiator > 0 { insert.bind(b + initiator, d >= 0 ? group.initiators[d] : nil) }
      if followUp > 0 { insert.bind(b + followUp, d >= 0 ? group.followUps[d] : nil) }
      if sourceKey > 0 { insert.bind(b + sourceKey, d >= 0 ? group.keys[d] : nil) }
      if day > 0 { insert.bind(b + day, d >= 0 ? group.days[d] : nil) }
    }
    try group.text.withUnsafeBytes { bytes in
      var start = 0
      func bind(_ index: Int32, end: Int) {
        guard end >= 0 else {
          insert.bind(index, nil as Int64?)
          return
        }
        insert.bind(index, staticText: UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
        start = end
      }
      for r in 0..<rows {
        let b = width * Int32(r)
        bind(b + 5, end: group.participantEnds[r])
        // Channel, summary, source, source id, one after another in `text`; NULL for a row
        // without details. A text of a column the insert does not name is nil in every row.
        let d = Int(group.details[r])
        let e = _EncodedRowGroup.detailTexts * d
        if channel > 0 { bind(b + channel, end: d >= 0 ? group.detailEnds[e] : -1) }
        if summary > 0 { bind(b + summary, end: d >= 0 ? group.detailEnds[e + 1] : -1) }
        if source > 0 { bind(b + source, end: d >= 0 ? group.detailEnds[e + 2] : -1) }
        if sourceID > 0 { bind(b + sourceID, end: d >= 0 ? group.detailEnds[e + 3] : -1) }
      }
      defer { insert.resetKeepingBindings() }
      try insert.step()
    }
    if let last = group.ids.last, insert.lastInsertedRowID != last {
      throw StoreError.database(
        "interaction \(last) was stored as \(insert.lastInsertedRowID): ids out of step")
    }
  }

  static func insertInteraction(
    _ interaction: Interaction, _ batch: inout Ledger.Batch, _ db: Database
  ) throws -> Interaction {
    var i = interaction
    try i.validate()
    let sourceKey = Self.sourceKey(i)
    if let sources = batch.sourcesInMemory, let sourceKey,
      let existing = sources.id(
        key: sourceKey, SourceIdentity(source: i.source ?? "", sourceID: i.sourceID ?? ""))
    {
      i.id = existing
      return i
    }
    if batch.sourcesInMemory == nil, let sourceKey, let source = i.source,
      let sourceID = i.sourceID,
      let existing = try batch.sourceBlocks(db).interactions(key: sourceKey).first(where: { id in
        try Bool.fetchOne(
          db.cachedStatement(
            sql: "SELECT 1 FROM interaction WHERE id = ? AND source = ? AND source_id = ?"),
          arguments: [id, source, sourceID]) ?? false
      })
    {
      i.id = existing
      return i
    }
    try batch.requirePeople(i.participants, field: "with", db)
    let time = KithTime.seconds(i.time)
    if batch.rawInteraction == nil {
      batch.rawInteraction = try _RawStatement(
        db,
        """
        INSERT INTO interaction (id, time, kind, participant_count, initiator_id, channel, summary,
          follow_up, source, source_id, participants, source_key, day)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    }
    guard let insert = batch.rawInteraction else {
      throw StoreError.database("cannot prepare the interaction insert")
    }
    insert.bind(1, i.id == 0 ? try freshID("interaction", db) : i.id)
    insert.bind(2, time)
    insert.bind(4, Int64(i.peopleWhoTookPart))
    insert.bind(5, i.initiator)
    insert.bind(6, i.channel)
    insert.bind(7, i.summary)
    insert.bind(8, i.followUp.map(KithTime.seconds))
    insert.bind(9, i.source)
    insert.bind(10, i.sourceID)
    insert.bind(12, sourceKey)
    insert.bind(13, i.day)
    // The kind (constant bytes) and the participants column (the batch's scratch buffer) are
    // bound without copies: a bind with a copy allocates in SQLite.
    batch.rows.text.removeAll(keepingCapacity: true)
    Ledger.packParticipants(i.participants, into: &batch.rows.text)
    try batch.rows.text.withUnsafeBytes { bytes in
      insert.bind(3, staticText: Ledger.kindUTF8[i.kind.ordinal])
      insert.bind(11, staticText: bytes)
      defer { insert.resetKeepingBindings() }
      try insert.step()
    }
    i.id = db.lastInsertedRowID
    if let key = sourceKey, let source = i.source, let sourceID = i.sourceID {
      if batch.sourcesInMemory != nil {
        batch.sourcesInMemory?.add(
          key: key, SourceIdentity(source: source, sourceID: sourceID), id: i.id)
        batch.rows.sourceKeys.append(key)
        batch.rows.sourceInteractions.append(i.id)
      } else {
        // At once, not at the flush: the next record of this call may repeat the source id.
        try batch.sourceBlocks(db).insert([SourceBlocks.Entry(key: key, id: i.id)])
      }
    }
    // Participant rows and ledger pairs are written in key order when the batch is flushed.
    batch.add(
      interaction: i.participants, id: i.id, time: time, kind: i.kind,
      participantCount: i.peopleWhoTookPart)
    return i
  }

  /// The `source_key` column of `i`: its digest when it has a source and a source id.
  static func sourceKey(_ i: Interaction) -> Int64? {
    guard let source = i.source, let sourceID = i.sourceID else { return nil }
    return Schema.sourceKey(source: source, sourceID: sourceID)
  }

  /// Interactions, oldest first; with `person`, only those they took part in.
  public func interactions(person: Int64? = nil) throws(StoreError) -> [Interaction] {
    try read { db in try Self.fetchInteractions(person: person, db) }
  }

  static func fetchInteractions(person: Int64?, _ db: Database) throws -> [Interaction] {
    // Columns by position through one raw statement: a backup reads every interaction, and
    // GRDB's look-up of a column by name (case-insensitive) cost more than the rest of the row.
    let columns = """
      interaction.id, time, kind, participants, initiator_id, channel, summary, follow_up, source,
      source_id, participant_count, day
      """
    let scan = try _RawStatement(
      db,
      person == nil
        ? "SELECT \(columns) FROM interaction ORDER BY time, id"
        : """
        SELECT \(columns) FROM interaction_participant p
        JOIN interaction ON interaction.id = p.interaction_id
        WHERE p.person_id = ?
        ORDER BY time, id
        """)
    if let person { scan.bind(1, person) }
    defer { scan.reset() }
    var interactions: [Interaction] = []
    var participants: [Int64] = []
    while try scan.step() {
      Ledger.parseParticipants(scan.bytes(3), into: &participants)
      interactions.append(
        Interaction(
          id: scan.int64(0), time: Date(kithSeconds: scan.int64(1)),
          kind: InteractionKind(rawValue: scan.text(2) ?? "") ?? .other,
          participants: participants, initiator: scan.isNull(4) ? nil : scan.int64(4),
          channel: scan.text(5), summary: scan.text(6),
          followUp: scan.isNull(7) ? nil : Date(kithSeconds: scan.int64(7)),
          source: scan.text(8), sourceID: scan.text(9),
          participantCount: scan.int64(10) > Int64(participants.count)
            ? Int(scan.int64(10)) : nil, day: scan.isNull(11) ? nil : scan.int64(11)))
    }
    return interactions
  }

  // MARK: Exchanges

  /// Records one thing given by `giver` to `receiver`.
  public func addExchange(_ exchange: Exchange) throws(StoreError) -> Exchange {
    try write { db in try Self.insertExchange(exchange, db) }
  }

  static func insertExchange(_ exchange: Exchange, _ db: Database) throws -> Exchange {
    var e = exchange
    try e.validate()
    try db.execute(
      sql:
        "INSERT INTO exchange (id, time, giver_id, receiver_id, kind, note, day) VALUES (?, ?, ?, ?, ?, ?, ?)",
      arguments: [
        e.id == 0 ? try freshID("exchange", db) : e.id, KithTime.seconds(e.time), e.giver,
        e.receiver, e.kind.rawValue, e.note, e.day,
      ])
    e.id = db.lastInsertedRowID
    return e
  }

  /// Exchanges, oldest first; with `person`, those they gave or received.
  public func exchanges(person: Int64? = nil) throws(StoreError) -> [Exchange] {
    try read { db in try Self.fetchExchanges(person: person, db) }
  }

  static func fetchExchanges(person: Int64?, _ db: Database) throws -> [Exchange] {
    let sql =
      person == nil
      ? "SELECT * FROM exchange ORDER BY time, id"
      : "SELECT * FROM exchange WHERE giver_id = ?1 OR receiver_id = ?1 ORDER BY time, id"
    return try Row.fetchAll(db, sql: sql, arguments: person.map { [$0] } ?? []).map(exchange)
  }

  /// An exchange from its row.
  static func exchange(_ row: Row) -> Exchange {
    Exchange(
      id: row["id"], time: Date(kithSeconds: row["time"]), giver: row["giver_id"],
      receiver: row["receiver_id"], kind: ExchangeKind(rawValue: row["kind"]) ?? .favour,
      note: row["note"], day: row["day"])
  }

  // MARK: Referrals

  /// Records a referral. With `recordExchange`, it also records the gift it is: an exchange of
  /// kind referral from the referrer to the recipient, so that reciprocity sees it.
  public func addReferral(_ referral: Referral, recordExchange: Bool = true) throws(StoreError)
    -> Referral
  {
    try write { db in
      let r = try Self.insertReferral(referral, db)
      if recordExchange {
        let gift = try Self.insertExchange(
          Exchange(
            time: r.time, giver: r.referrer, receiver: r.recipient, kind: .referral, note: r.why,
            day: r.day),
          db)
        try db.execute(
          sql: "UPDATE referral SET exchange_id = ? WHERE id = ?", arguments: [gift.id, r.id])
      }
      return r
    }
  }

  static func insertReferral(_ referral: Referral, _ db: Database) throws -> Referral {
    var r = referral
    try r.validate()
    try db.execute(
      sql: """
        INSERT INTO referral (id, time, referrer_id, recipient_id, referee_person_id,
          referee_organisation_id, why, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [
        r.id == 0 ? try freshID("referral", db) : r.id, KithTime.seconds(r.time), r.referrer,
        r.recipient, r.refereePerson,
        r.refereeOrganisation, r.why, r.status.rawValue,
      ])
    r.id = db.lastInsertedRowID
    for (seq, event) in r.history.enumerated() {
      try db.execute(
        sql:
          "INSERT INTO referral_event (referral_id, seq, status, time, reason, day) VALUES (?, ?, ?, ?, ?, ?)",
        arguments: [
          r.id, seq, event.status.rawValue, KithTime.seconds(event.time), event.reason, event.day,
        ])
    }
    return r
  }

  /// Moves a referral to `status`; only forward moves, or to declined, are allowed.
  /// - Parameter day: the calendar day entered when the change is dated with a date alone
  ///   (``ReferralEvent/day``); `time` is then the start of that day.
  public func updateReferral(
    id: Int64, to status: ReferralStatus, at time: Date, day: Int64? = nil, reason: String?
  ) throws(StoreError) -> Referral {
    try write { db in
      guard var r = try Self.fetchReferrals(id: id, db).first else {
        throw StoreError.notFound(kind: "referral", reference: "\(id)", suggestions: [])
      }
      guard r.status.canMove(to: status) else {
        throw InvalidRecord(
          field: "status",
          message:
            r.status.isClosed
            ? "referral \(id) is already \(r.status.rawValue)"
            : "referral \(id) is \(r.status.rawValue); it can only move forward (to \(ReferralStatus.allCases.filter { r.status.canMove(to: $0) }.map(\.rawValue).joined(separator: ", ")))"
        )
      }
      try Validate.time(time, field: "on")
      if let day { try Interaction.validate(day: day, time: time) }
      guard time >= r.since else {
        throw InvalidRecord(
          field: "on",
          message:
            "the change cannot predate the referral's last status change, \(r.status.rawValue) on \(KithTime.formatHuman(r.since))"
        )
      }
      r.history.append(ReferralEvent(status: status, time: time, reason: reason, day: day))
      try db.execute(
        sql:
          "INSERT INTO referral_event (referral_id, seq, status, time, reason, day) VALUES (?, ?, ?, ?, ?, ?)",
        arguments: [id, r.history.count - 1, status.rawValue, KithTime.seconds(time), reason, day])
      try db.execute(
        sql: "UPDATE referral SET status = ? WHERE id = ?", arguments: [status.rawValue, id])
      return r
    }
  }

  /// A reason recorded for a referral's current status, and the one it replaced.
  public struct ReferralReasonChange: Sendable, Hashable {
    public var referral: Referral
    /// The reason recorded before, when it differed; nil when there was none or it was the same.
    public var replaced: String?
    /// The note on the referrer that keeps `replaced`.
    public var note: Note?
  }

  /// Records `reason` for referral `id`'s current status (the latest change keeps its time):
  /// how a reason given later, such as why you declined, is written down. A different reason recorded before
  /// is not lost: it becomes a note on the referrer dated `at` (when it was replaced), naming
  /// the referral and its status, since it may be what the referrer was told.
  public func recordReferralReason(id: Int64, reason: String, at date: Date) throws(StoreError)
    -> ReferralReasonChange
  {
    try write { db in
      guard var r = try Self.fetchReferrals(id: id, db).first else {
        throw StoreError.notFound(kind: "referral", reference: "\(id)", suggestions: [])
      }
      let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
      guard !text.isEmpty else {
        throw InvalidRecord(field: "reason", message: "the reason is empty")
      }
      let seq = r.history.count - 1
      guard seq >= 0 else {
        throw InvalidRecord(field: "reason", message: "referral \(id) has no status history")
      }
      let event = r.history[seq]
      var change = ReferralReasonChange(referral: r)
      if let old = event.reason, old != text {
        change.replaced = old
        change.note = try Self.insertNote(
          Note(
            time: date,
            text:
              "Reason for referral #\(id) (\(event.status.rawValue) on \(KithTime.formatDay(event.time, day: event.day))), replaced on \(KithTime.formatDay(date)): \(old)",
            person: r.referrer), db)
      }
      r.history[seq].reason = text
      change.referral = r
      try db.execute(
        sql: "UPDATE referral_event SET reason = ? WHERE referral_id = ? AND seq = ?",
        arguments: [text, id, seq])
      return change
    }
  }

  /// Every referral, oldest first.
  public func referrals() throws(StoreError) -> [Referral] {
    try read { db in try Self.fetchReferrals(id: nil, db) }
  }

  static func fetchReferrals(id: Int64?, _ db: Database) throws -> [Referral] {
    let rows = try Row.fetchAll(
      db,
      sql: id == nil
        ? "SELECT * FROM referral ORDER BY time, id" : "SELECT * FROM referral WHERE id = ?",
      arguments: id.map { [$0] } ?? [])
    var history: [Int64: [ReferralEvent]] = [:]
    let eventRows = try Row.fetchAll(
      db,
      sql: id == nil
        ? "SELECT * FROM referral_event ORDER BY referral_id, seq"
        : "SELECT * FROM referral_event WHERE referral_id = ? ORDER BY seq",
      arguments: id.map { [$0] } ?? [])
    for row in eventRows {
      history[row["referral_id"], default: []].append(
        ReferralEvent(
          status: ReferralStatus(rawValue: row["status"]) ?? .suggested,
          time: Date(kithSeconds: row["time"]), reason: row["reason"], day: row["day"]))
    }
    return rows.map { row in
      Referral(
        id: row["id"], time: Date(kithSeconds: row["time"]), referrer: row["referrer_id"],
        recipient: row["recipient_id"], refereePerson: row["referee_person_id"],
        refereeOrganisation: row["referee_organisation_id"], why: row["why"],
        history: history[row["id"]])
    }
  }

  // MARK: Explicit ties

  /// Records that two people know each other; updates the ledger in the same transaction.
  public func addTie(_ tie: Tie) throws(StoreError) -> Tie {
    try addTies([tie])[0]
  }

  /// Records many explicit ties in one transaction. A tie whose (source, sourceID) is already
  /// stored is returned unchanged.
  public func addTies(_ ties: [Tie]) throws(StoreError) -> [Tie] {
    try write { db in
      var batch = Ledger.Batch(settings: try Self.decaySettings(db))
      let stored = try ties.map { try Self.insertTie($0, &batch, db) }
      try batch.flush(db)
      return stored
    }
  }

  static func insertTie(_ tie: Tie, _ batch: inout Ledger.Batch, _ db: Database) throws -> Tie {
    var t = tie
    try t.validate()
    if let source = t.source, let sourceID = t.sourceID,
      let existing = try Int64.fetchOne(
        db.cachedStatement(sql: "SELECT id FROM explicit_tie WHERE source = ? AND source_id = ?"),
        arguments: [source, sourceID])
    {
      t.id = existing
      return t
    }
    try db.cachedStatement(
      sql:
        "INSERT INTO explicit_tie (id, a_id, b_id, weight, time, source, source_id) VALUES (?, ?, ?, ?, ?, ?, ?)"
    ).execute(
      arguments: [
        t.id == 0 ? try freshID("explicit_tie", db) : t.id, t.a, t.b, t.weight,
        t.date.map(KithTime.seconds), t.source, t.sourceID,
      ])
    t.id = db.lastInsertedRowID
    if let date = t.date {
      batch.add(
        Ledger.Key(t.a, t.b), time: KithTime.seconds(date), weight: t.weight,
        sequence: Ledger.tieSequence + t.id)
    } else {
      batch.addConstant(Ledger.Key(t.a, t.b), weight: t.weight)
    }
    return t
  }

  /// Every explicit tie.
  public func explicitTies() throws(StoreError) -> [Tie] {
    try read { db in try Self.fetchTies(db) }
  }

  /// The explicit ties between two people (either way round), oldest first, undated ones
  /// first: how a brief says you are connected when no interaction says it.
  public func explicitTies(between x: Int64, _ y: Int64) throws(StoreError) -> [Tie] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT * FROM explicit_tie WHERE (a_id = ? AND b_id = ?) OR (a_id = ? AND b_id = ?)
          ORDER BY time, id
          """, arguments: [x, y, y, x]
      ).map(Self.tie)
    }
  }

  static func fetchTies(_ db: Database) throws -> [Tie] {
    try Row.fetchAll(db, sql: "SELECT * FROM explicit_tie ORDER BY id").map(Self.tie)
  }

  private static func tie(_ row: Row) -> Tie {
    Tie(
      id: row["id"], a: row["a_id"], b: row["b_id"], weight: row["weight"],
      date: (row["time"] as Int64?).map(Date.init(kithSeconds:)), source: row["source"],
      sourceID: row["source_id"])
  }

  // MARK: Notes

  /// Records a note.
  public func addNote(_ note: Note) throws(StoreError) -> Note {
    try write { db in try Self.insertNote(note, db) }
  }

  static func insertNote(_ note: Note, _ db: Database) throws -> Note {
    var n = note
    try n.validate()
    try db.execute(
      sql:
        "INSERT INTO note (id, time, text, person_id, organisation_id, interaction_id, day) VALUES (?, ?, ?, ?, ?, ?, ?)",
      arguments: [
        n.id == 0 ? try freshID("note", db) : n.id, KithTime.seconds(n.time), n.text, n.person,
        n.organisation, n.interaction, n.day,
      ])
    n.id = db.lastInsertedRowID
    return n
  }

  /// Notes, oldest first; with `person`, only those about them.
  public func notes(person: Int64? = nil) throws(StoreError) -> [Note] {
    try read { db in try Self.fetchNotes(person: person, db) }
  }

  static func fetchNotes(person: Int64?, _ db: Database) throws -> [Note] {
    let sql =
      person == nil
      ? "SELECT * FROM note ORDER BY time, id"
      : "SELECT * FROM note WHERE person_id = ? ORDER BY time, id"
    return try Row.fetchAll(db, sql: sql, arguments: person.map { [$0] } ?? []).map(note)
  }

  /// A note from its row.
  static func note(_ row: Row) -> Note {
    Note(
      id: row["id"], time: Date(kithSeconds: row["time"]), text: row["text"],
      person: row["person_id"], organisation: row["organisation_id"],
      interaction: row["interaction_id"], day: row["day"])
  }
}

/// Writes new interactions several rows per statement (`Ledger.interactionRowsPerInsert`),
/// numbering them itself as SQLite would: one more than the largest id.
///
/// The caller vouches that each interaction is new: it has no id of its own, and its
/// (source, sourceID), if any, is not stored yet and not repeated in the batch. Each
/// interaction is validated and its people checked when it is added, so an error belongs to
/// that interaction; nothing is written until `Ledger.interactionRowsPerInsert` are pending or
/// ``flush(_:_:forgettingNextID:)`` is called, which must happen before anything else reads
/// or writes interactions. Their participations and source entries wait for the ledger
/// batch's flush: until then the store cannot find them by source id (the import keeps its
/// own set of the ids it added).
struct _InteractionWriter {
  /// The interactions added, with their ids: every one when keeping them, else only those not
  /// written yet (none in the pipelined mode, where `chunk` holds them). Those from `written`
  /// on are not in the database yet.
  private(set) var added: [Interaction] = []
  private var written = 0
  private var nextID: Int64? = nil
  private let keepsAdded: Bool
  private let pipelines: Bool
  /// In the pipelined mode, the rows not yet handed to `pipeline`: full groups, and the group
  /// being filled.
  private var groups: [_EncodedRowGroup] = []
  private var group = _EncodedRowGroup()
  private var digests = _SourceDigests()
  private var pipeline: _InteractionRowPipeline? = nil

  /// Groups of `Ledger.interactionRowsPerInsert` rows handed to the writing thread at a time
  /// in the pipelined mode: few enough hand-overs to cost nothing.
  static let pipelineGroups = 16
  static let pipelineChunk = pipelineGroups * Ledger.interactionRowsPerInsert

  /// - Parameters:
  ///   - keepingAdded: keep every interaction in ``added`` (for a caller that returns them
  ///     with their ids: one copy each, made when it is added), instead of only the pending
  ///     ones.
  ///   - capacity: how many interactions to make room for when keeping them.
  ///   - pipelining: write the rows on another thread while more are added
  ///     (`_InteractionRowPipeline`), for a large batch whose ledger batch has every stored
  ///     person preloaded (`Ledger.Batch.preloadPeople`). Between the first
  ///     `pipelineChunk` rows and ``flush(_:_:forgettingNextID:)`` or ``cancel()``, the caller
  ///     must not use the database: only ``add(_:_:_:)``, which then checks participants
  ///     against the preloaded people instead of querying.
  init(
    keepingAdded: Bool = false, capacity: Int = 0, pipelining: Bool = false
  ) {
    keepsAdded = keepingAdded
    pipelines = pipelining
    added.reserveCapacity(keepingAdded ? capacity : Ledger.interactionRowsPerInsert)
    if pipelining {
      groups.reserveCapacity(Self.pipelineGroups)
      group = _EncodedRowGroup(capacity: Ledger.interactionRowsPerInsert)
    }
  }

  /// Validates `interaction`, gives it the next id, queues it and adds it to the ledger batch.
  /// - Returns: the id it was given.
  @discardableResult
  mutating func add(_ interaction: Interaction, _ batch: inout Ledger.Batch, _ db: Database)
    throws -> Int64
  {
    if pipelines {
      let id = try interaction.participants.withUnsafeBufferPointer { participants in
        try addRow(
          time: interaction.time, kind: interaction.kind, participants: participants,
          initiator: interaction.initiator, channel: interaction.channel,
          summary: interaction.summary, followUp: interaction.followUp,
          source: interaction.source, sourceID: interaction.sourceID,
          participantCount: interaction.peopleWhoTookPart, day: interaction.day, &batch, db)
      }
      if keepsAdded {
        added.append(interaction)
        added[added.count - 1].id = id
      }
      return id
    }
    try interaction.validate()
    try batch.requirePeople(interaction.participants, field: "with", db)
    let id = try takeID(db)
    batch.add(
      interaction: interaction.participants, id: id, time: KithTime.seconds(interaction.time),
      kind: interaction.kind, participantCount: interaction.peopleWhoTookPart)
    added.append(interaction)
    added[added.count - 1].id = id
    if added.count - written == Ledger.interactionRowsPerInsert {
      try flush(&batch, db)
    }
    return id
  }

  /// Whether rows are written on another thread (`init(keepingAdded:capacity:pipelining:)`).
  var pipelining: Bool { pipelines }

  /// `add(_:_:_:)` in the pipelined mode, from an interaction's fields: a caller that holds
  /// them elsewhere (an import's records) makes no `Interaction`, whose participant array and
  /// copied texts cost more than encoding the row. `participantCount` is
  /// `Interaction.peopleWhoTookPart`.
  mutating func addRow(
    time: Date, kind: InteractionKind, participants: UnsafeBufferPointer<Int64>,
    initiator: Int64?, channel: String?, summary: String?, followUp: Date?, source: String?,
    sourceID: String?, participantCount: Int, day: Int64?, _ batch: inout Ledger.Batch,
    _ db: Database
  ) throws -> Int64 {
    let digest = digests.digest(source)
    return try addRow(
      time: time, participants: participants, initiator: initiator, followUp: followUp,
      day: day, &batch, db
    ) { group, id, seconds in
      group.append(
        id: id, time: seconds, kind: kind, participants: participants, initiator: initiator,
        channel: channel, summary: summary, followUp: followUp, source: source,
        sourceID: sourceID, sourceDigest: digest, participantCount: participantCount, day: day)
    } ledger: { batch, id, seconds in
      batch.add(
        interaction: participants, id: id, time: seconds, kind: kind,
        participantCount: participantCount)
    }
  }

  /// `addRow` with the row's texts and source key encoded ahead: record `record` of `details`.
  mutating func addRow(
    time: Date, kind: InteractionKind, participants: UnsafeBufferPointer<Int64>,
    initiator: Int64?, followUp: Date?, day: Int64?, details: _EncodedDetails, record: Int,
    _ batch: inout Ledger.Batch, _ db: Database
  ) throws -> Int64 {
    try addRow(
      time: time, participants: participants, initiator: initiator, followUp: followUp,
      day: day, &batch, db
    ) { group, id, seconds in
      group.append(
        id: id, time: seconds, kind: kind, participants: participants, initiator: initiator,
        followUp: followUp, day: day, details: details, record: record)
    } ledger: { batch, id, seconds in
      // An imported record names everyone who took part.
      batch.add(
        interaction: participants, id: id, time: seconds, kind: kind,
        participantCount: participants.count)
    }
  }

  /// Validates, numbers and adds a row to the ledger batch (`ledger`) and to the group being
  /// filled (`encode`), and hands full groups to the writing thread.
  private mutating func addRow(
    time: Date, participants: UnsafeBufferPointer<Int64>, initiator: Int64?, followUp: Date?,
    day: Int64?, _ batch: inout Ledger.Batch, _ db: Database,
    encode: (inout _EncodedRowGroup, Int64, Int64) -> Void,
    ledger: (inout Ledger.Batch, Int64, Int64) -> Void
  ) throws -> Int64 {
    precondition(pipelines, "rows are added from their fields in the pipelined mode")
    try Interaction.validate(
      time: time, participants: participants, initiator: initiator, followUp: followUp,
      day: day)
    try batch.requirePreloadedPeople(participants, field: "with")
    let id = try takeID(db)
    let seconds = KithTime.seconds(time)
    ledger(&batch, id, seconds)
    encode(&group, id, seconds)
    if group.count == Ledger.interactionRowsPerInsert {
      batch.rows.addSourceEntries(of: group)
      groups.append(group)
      group = _EncodedRowGroup(capacity: Ledger.interactionRowsPerInsert)
      if groups.count == Self.pipelineGroups {
        if pipeline == nil { pipeline = try _InteractionRowPipeline(db) }
        try pipeline?.send(groups)
        groups = []
        groups.reserveCapacity(Self.pipelineGroups)
      }
    }
    return id
  }

  /// The next interaction id: one more than the largest stored, then one more each time.
  private mutating func takeID(_ db: Database) throws -> Int64 {
    let id: Int64
    if let next = nextID {
      id = next
    } else {
      id =
        try KithStore.freshID("interaction", db)
        ?? (try Int64.fetchOne(db, sql: "SELECT max(id) FROM interaction") ?? 0) + 1
    }
    guard id > 0 && id < Int64.max else {
      throw StoreError.database("interaction ids are exhausted")
    }
    nextID = id + 1
    return id
  }

  /// Stops the writing thread of the pipelined mode, if any, dropping what it has not written:
  /// for a caller that fails, before its transaction is rolled back.
  mutating func cancel() {
    pipeline?.cancel()
    pipeline = nil
  }

  /// Appends an interaction the caller wrote by other means, after a flush, so that
  /// ``added`` keeps the caller's order. Only when keeping the added interactions.
  mutating func appendWritten(_ interaction: Interaction) {
    precondition(keepsAdded && written == added.count, "flush before writing by other means")
    added.append(interaction)
    written = added.count
  }

  /// Writes what is pending. With `forgettingNextID`, the next interaction added reads the
  /// largest id again: pass it when interactions are about to be written by other means.
  mutating func flush(
    _ batch: inout Ledger.Batch, _ db: Database, forgettingNextID: Bool = false
  ) throws {
    if pipelines {
      if let pipeline {
        if !groups.isEmpty { try pipeline.send(groups) }
        groups.removeAll(keepingCapacity: true)
        self.pipeline = nil
        try pipeline.finish()
      }
      // Fewer rows than one hand-over, and the last group: written here.
      for full in groups { try KithStore.writeEncodedRows(full, &batch.rows, db) }
      groups.removeAll(keepingCapacity: true)
      batch.rows.addSourceEntries(of: group)
      try KithStore.writeEncodedRows(group, &batch.rows, db)
      group.removeAll()
      if forgettingNextID { nextID = nil }
      return
    }
    while added.count - written > Ledger.interactionRowsPerInsert {
      let end = written + Ledger.interactionRowsPerInsert
      try KithStore.writeInteractionRows(added[written..<end], &batch, db)
      written = end
    }
    try KithStore.writeInteractionRows(added[written...], &batch, db)
    if keepsAdded {
      written = added.count
    } else {
      added.removeAll(keepingCapacity: true)
      written = 0
    }
    if forgettingNextID { nextID = nil }
  }
}
