import Foundation
import GRDB
import KithGraph
import KithImport

/// How `KithStore.importBatch(_:options:)` treats a batch.
public struct ImportOptions: Sendable {
  /// Resolve and count everything, then roll back: nothing is written.
  public var dryRun: Bool
  /// Import the valid records and list the invalid ones, instead of refusing the batch.
  public var skipInvalid: Bool
  /// The person `PersonReference.me` names (and `my-emails` identify); nil for the stored ego.
  public var ego: Int64?
  /// Called now and then with (records done, records in the batch), for a progress display.
  public var progress: (@Sendable (Int, Int) -> Void)?

  public init(
    dryRun: Bool = false, skipInvalid: Bool = false, ego: Int64? = nil,
    progress: (@Sendable (Int, Int) -> Void)? = nil
  ) {
    self.dryRun = dryRun
    self.skipInvalid = skipInvalid
    self.ego = ego
    self.progress = progress
  }
}

/// What an import changed (or, in a dry run, would change).
public struct ImportSummary: Sendable, Hashable {
  /// Per kind of record: how many were added, merged into a stored record, already there from
  /// an earlier import of the same source, or skipped.
  public struct Counts: Sendable, Hashable {
    public var added = 0
    public var merged = 0
    public var unchanged = 0
    public var skipped = 0

    public init() {}

    public var total: Int { added + merged + unchanged + skipped }
  }

  /// A stored person an imported record was recognised as.
  public struct IdentityMatch: Sendable, Hashable {
    public var location: SourceLocation
    /// The name in the imported record.
    public var name: String
    public var personID: Int64
    public var handle: String
    /// The strongest identifier they share.
    public var matchedOn: IdentityKey.Kind
  }

  /// An imported person added as new although a stored person has the same name: a name is no
  /// proof of identity, so they are reported (and listed by `kith duplicates`), never merged.
  public struct PossibleDuplicate: Sendable, Hashable {
    public var location: SourceLocation
    public var name: String
    /// The person the record became.
    public var handle: String
    /// The stored people of the same name.
    public var existing: [String]
  }

  /// A person the import added: a name that matched nobody becomes a new person, which
  /// may be someone stored under a longer name (`kith duplicates` flags likely pairs).
  public struct AddedPerson: Sendable, Hashable {
    public var name: String
    public var handle: String
  }

  /// An interaction the import added on the same day, of the same kind and among the same
  /// people as one stored before: an edited row of a file whose rows are identified by their
  /// content (the edit makes it another row) repeats the interaction of the row as it was.
  public struct Repeat: Sendable, Hashable {
    /// The line of the record.
    public var location: SourceLocation
    /// The interaction added.
    public var interaction: Int64
    /// The stored interaction it repeats (the earliest).
    public var repeats: Int64
  }

  public var source: String
  public var dryRun: Bool
  public var people = Counts()
  public var organisations = Counts()
  public var affiliations = Counts()
  public var interactions = Counts()
  public var notes = Counts()
  public var exchanges = Counts()
  public var ties = Counts()
  public var matches: [IdentityMatch] = []
  public var possibleDuplicates: [PossibleDuplicate] = []
  /// The people added, in the order of the records.
  public var addedPeople: [AddedPerson] = []
  /// The interactions added that repeat one stored before, in file order.
  public var repeats: [Repeat] = []
  /// Stored interactions removed because the source no longer holds them as they were (a
  /// calendar event moved, cancelled or left with nobody else: `ImportBatch.replacedGroups`).
  public var removedInteractions = 0
  /// Events of the batch (`ImportBatch.replacedGroups`) of which the database has a newer
  /// version (`ImportBatch.revisions`): their stored interactions were kept as they are.
  public var keptNewer = 0
  /// Positions (`ImportedAffiliation.sourceID`) left as a newer export of the source recorded
  /// them, the batch being older (`ImportBatch.snapshotKnownDate`).
  public var keptNewerPositions = 0
  /// The day of the newer export of the source imported before, when the batch is older.
  public var newerSnapshot: Date? = nil
  /// Whether `newerSnapshot` was the date in that export's name (else its newest connection).
  public var newerSnapshotIsNamed = false
  /// Every record left out, with its location and the reason.
  public var skipped: [ImportError] = []
  /// What the batch did to the ties let go, every ego's (`LetGoStandings.changes(to:)`): a
  /// contact it added after a tie was let go brings the tie back, a calendar event it moved or
  /// removed may let one go again.
  public var letGoChanges: [LetGoChange] = []

  public init(source: String, dryRun: Bool) {
    self.source = source
    self.dryRun = dryRun
  }

  /// The counts by kind, keyed as in JSON output.
  public var byKind: [(kind: String, counts: Counts)] {
    [
      ("people", people), ("organisations", organisations), ("affiliations", affiliations),
      ("interactions", interactions), ("notes", notes), ("exchanges", exchanges), ("ties", ties),
    ]
  }
}

extension KithStore {
  /// Imports one batch in one transaction, resolving the identity of every person it names.
  ///
  /// People are resolved in this order: a record imported before from the same source (its
  /// source id); an address in the `my-emails` setting (the ego); then a stored person sharing
  /// an email, a normalised profile URL or a phone number (`IdentityKey`), whose identifiers are
  /// completed with the record's; else a new person. A stored person with only the same folded
  /// name is not merged: the new person is reported as a possible duplicate. Records with
  /// `ImportedPerson.Resolution.reference` name someone as the command line does (handle, name,
  /// alias or email) and are created when nobody matches.
  ///
  /// Every record remembers its source and source id, so importing the same batch again changes
  /// nothing. Interactions go through the store's bulk path with the tie ledger maintained.
  ///
  /// - Throws: `StoreError.rejectedRecord` at the first invalid record (nothing is written)
  ///   unless `options.skipInvalid`; `.noEgo` when a record names the ego and none is set.
  /// - Complexity: O(R log N) for R records and N stored rows, plus the ledger's work per pair.
  public func importBatch(_ batch: ImportBatch, options: ImportOptions = ImportOptions())
    throws(StoreError) -> ImportSummary
  {
    try writeImport(commit: !options.dryRun) { db in
      let before = try Self.letGoStandings(among: nil, db)
      var run = try _ImportRun(batch: batch, options: options, db)
      try run.execute()
      var summary = run.summary
      summary.letGoChanges = before.changes(to: try Self.letGoStandings(among: nil, db))
      return summary
    }
  }

  /// Runs `body` in one immediate transaction, committed only when `commit` is true.
  func writeImport<T: Sendable>(commit: Bool, _ body: @Sendable (Database) throws -> T)
    throws(StoreError) -> T
  {
    let run = { @Sendable (db: Database) throws -> T in
      var result: T? = nil
      try db.inTransaction(.immediate) {
        result = try body(db)
        return commit ? .commit : .rollback
      }
      guard let result else { throw StoreError.database("the import produced no result") }
      return result
    }
    do {
      if !commit && !isWritable {
        // A dry run of a store that has not written: a connection of its own, so that the
        // database file is left byte for byte as it was (opening the read-write pool may
        // write to it). The transaction is rolled back, and the database keeps its journal
        // mode.
        let queue = try DatabaseQueue(
          path: path, configuration: Self.configuration(writable: true))
        return try queue.writeWithoutTransaction(run)
      }
      return try writer.writeWithoutTransaction(run)
    } catch {
      throw Self.map(error, path: path)
    }
  }

  /// Extra facts about a person kept by imports (e.g. `birthday`), by key.
  public func personDetails(id: Int64) throws(StoreError) -> [String: String] {
    try read { db in
      var details: [String: String] = [:]
      for row in try Row.fetchAll(
        db, sql: "SELECT key, value FROM person_detail WHERE person_id = ?", arguments: [id])
      {
        details[row["key"]] = row["value"]
      }
      return details
    }
  }
}

/// One import in progress: the transaction's state and the summary being built.
struct _ImportRun {
  /// Less the records of which the database has a newer version (`keepNewerVersions()`).
  var batch: ImportBatch
  let options: ImportOptions
  let db: Database
  var summary: ImportSummary
  let ego: Person?
  /// The mailboxes (`IdentityKey.mailbox`) of the `my-emails` setting.
  let myEmails: Set<String>
  var people: [String: Int64] = [:]
  var organisations: [String: Int64] = [:]
  var ledger: Ledger.Batch
  /// New interactions, written several at a time.
  var interactionWriter = _InteractionWriter()
  /// Which interactions are new: not stored before (their source ids are read once, before
  /// the first interaction), nor added by an earlier record.
  var interactionSourceIDs = _SourceIDGroups(source: "", count: 0, id: { _ in "" }, stored: [])
  /// A large batch's interaction texts and source keys, encoded while its people are imported
  /// (the rows are then written on another thread); nil for a small batch.
  var encodedDetails: _EncodedDetails? = nil
  /// The stored interactions the batch holds anew (`ImportBatch.replacedGroups`).
  var replaced = _ReplacedInteractions()
  /// The versions of the replaced groups, the batch's and the stored ones.
  var revisions = _ImportRevisions()
  /// The source ids of the batch's records left out for a newer stored version.
  var keptSourceIDs: Set<String> = []
  /// The ids of the participant lists resolved so far (a large batch's rows share theirs).
  var participantLists = _ParticipantLists()
  /// The participant ids of the record being imported (reused: no array per record).
  var participantScratch: [Int64] = []
  /// Stored phone keys by their last 7 digits, loaded on first use.
  var phoneIndex: [String: [(key: String, person: Int64)]]? = nil
  var done = 0
  /// The `import_source` rows read and written.
  var sources: _ImportSources
  /// The other sources whose content source ids name the same records
  /// (`ImportBatch.contentKeysShared`), found on first use.
  var siblingSources: [String]? = nil
  /// New people's statements, prepared on first use.
  var personWriter: _PersonWriter? = nil
  /// `SELECT person_id, kind FROM person_key WHERE key = ?`, prepared on first use.
  var keyLookUp: _RawStatement? = nil
  /// Without `ImportOptions.skipInvalid`: the invalid record found so far that comes first in
  /// the file (`reject(_:)`).
  var firstRejection: ImportError? = nil

  init(batch: ImportBatch, options: ImportOptions, _ db: Database) throws {
    self.batch = batch
    self.options = options
    self.db = db
    summary = ImportSummary(source: batch.source, dryRun: options.dryRun)
    sources = _ImportSources(source: batch.source)
    if let chosen = options.ego {
      guard let person = try KithStore.fetchPerson(id: chosen, db) else {
        throw StoreError.notFound(kind: "person", reference: "#\(chosen)", suggestions: [])
      }
      ego = person
    } else {
      ego = try KithStore.fetchEgo(db)
    }
    let settings = try KithStore.allSettings(db)
    // my-emails are the stored ego's: they do not identify another ego chosen for the import.
    let storedEgo = try KithStore.fetchEgo(db)?.id
    myEmails =
      ego?.id != storedEgo
      ? []
      : Set(
        (settings["my-emails"] ?? "").split(separator: ",").compactMap {
          IdentityKey.mailbox(String($0))
        })
    ledger = Ledger.Batch(settings: try KithStore.decaySettings(db))
  }

  var source: String { batch.source }

  mutating func execute() throws {
    for problem in batch.problems { try rejectUnread(problem) }
    // Which interactions are new is worked out from the source ids alone. For a large batch,
    // on another thread while the people are imported, with the rows' texts encoded and their
    // participant lists numbered (its rows are written from those): one thread, as the work
    // shares the core the people leave, and the groups take the keys the encoding computed.
    var prepared: _Background<_PreparedRows>? = nil
    let large = batch.interactions.count >= Ledger.preloadThreshold
    if !batch.interactions.isEmpty || !batch.replacedGroups.isEmpty {
      try leaveOutSiblingInteractions()
      let (ids, stored) = try storedInteractionSourceIDs()
      replaced = try _ReplacedInteractions(
        source: source, groups: batch.replacedGroups, through: batch.replacedThrough, ids: ids,
        db)
      revisions = try _ImportRevisions(source: source, incoming: batch.revisions, db)
      if !revisions.isEmpty { keepNewerVersions() }
      let batch = self.batch
      let source = self.source
      prepared = _Background(inline: !large) {
        _PreparedRows(batch, source: source, stored: stored, encoding: large)
      }
    }
    for record in batch.people {
      try located(record.location, \.people) { try $0.importPerson(record) }
    }
    for record in batch.organisations {
      try located(record.location, \.organisations) { try $0.importOrganisation(record) }
    }
    try compareSnapshots()
    for record in batch.affiliations {
      try located(record.location, \.affiliations) { try $0.importAffiliation(record) }
    }
    for place in batch.vacatedPlaces where summary.newerSnapshot == nil {
      if let earlier = try mapped("affiliation", place),
        try endAffiliation(earlier, asOf: batch.snapshotDate)
      {
        summary.affiliations.merged += 1
      }
    }
    if let prepared {
      if large { try ledger.preloadPeople(db) }
      ledger.reserveCapacity(interactions: batch.interactions.count)
      let rows = prepared.value()
      interactionSourceIDs = rows.groups
      encodedDetails = rows.details
      participantLists = rows.lists
    }
    // A large batch's rows are written on another thread while this one reads the next ones
    // (as `addInteractions` does); then its participations and pair events are sorted for the
    // ledger on a third while the rows are finished, unless explicit ties will add more events
    // after them. Nothing else uses the database until the rows are flushed.
    // Rows identified by their content (a CSV file without an id column) are checked for
    // repeats of what was stored before them: the largest id stored then divides the two.
    let contentRows = batch.interactions.contains { $0.sourceID.hasPrefix("row:") }
    let storedBefore =
      contentRows ? try Int64.fetchOne(db, sql: "SELECT max(id) FROM interaction") ?? 0 : 0
    if large { interactionWriter = _InteractionWriter(pipelining: true) }
    do {
      // By index: the records are read in place, not copied (a retain and a release of each
      // of their texts and lists).
      for k in batch.interactions.indices {
        try located(batch.interactions[k].location, \.interactions) {
          try $0.importInteraction(k)
        }
      }
    } catch {
      interactionWriter.cancel()
      throw error
    }
    if large && batch.ties.isEmpty { ledger.sortInBackground() }
    try interactionWriter.flush(&ledger, db, forgettingNextID: true)
    let (removed, edited) = try replaced.apply(db)
    summary.removedInteractions = removed
    if storedBefore > 0 { try findRepeats(after: storedBefore) }
    try revisions.write(keeping: keptSourceIDs, db)
    // The rows are most of what the commit would write and sync: to the WAL now, and synced
    // while the rest is done.
    let presync = large && !options.dryRun ? try _WALPresync.start(db) : nil
    defer { presync?.wait() }
    for record in batch.notes {
      try located(record.location, \.notes) { try $0.importNote(record) }
    }
    for record in batch.exchanges {
      try located(record.location, \.exchanges) { try $0.importExchange(record) }
    }
    for record in batch.ties { try located(record.location, \.ties) { try $0.importTie(record) } }
    try throwFirstRejection()
    try sources.flush(db)
    try ledger.flush(db)
    // Edited and removed interactions change pairs anywhere in time: the ledger and what
    // derives from the interactions is rebuilt (only an import that changed an earlier one).
    if edited { try Ledger.rebuild(db) }
    options.progress?(batch.recordCount, batch.recordCount)
  }

  /// Leaves out the interactions of which the database has a newer version (an older export
  /// imported after a newer one), with the people only they name, and keeps the stored
  /// interactions of those versions from being rewritten or removed. Counts the events kept.
  mutating func keepNewerVersions() {
    let groups = batch.replacedGroups
    let versions = revisions
    var keptGroups = Set<String>()
    var kept: [Bool] = []
    for record in batch.interactions {
      let id = record.sourceID
      let group = _ReplacedInteractions.group(of: id, in: groups)
      let keeps = group.map { versions.keepsStored(id, group: $0) } ?? false
      kept.append(keeps)
      if let group, keeps {
        keptGroups.insert(group)
        keptSourceIDs.insert(id)
      }
    }
    replaced.keep(in: groups) { id, group in
      guard versions.keepsStored(id, group: group) else { return false }
      keptGroups.insert(group)
      return true
    }
    summary.keptNewer = keptGroups.count
    guard kept.contains(true) else { return }
    var named = Set<String>()
    var namedByKept = Set<String>()
    for (k, record) in batch.interactions.enumerated() {
      for case .record(let key) in record.participants + [record.initiator].compactMap({ $0 }) {
        if kept[k] { namedByKept.insert(key) } else { named.insert(key) }
      }
    }
    var k = 0
    batch.interactions.removeAll { _ in
      defer { k += 1 }
      return kept[k]
    }
    let leftOut = namedByKept.subtracting(named)
    batch.people.removeAll { leftOut.contains($0.key) }
  }

  /// Reports the content-identified interactions added (ids above `before`, the largest
  /// stored before the import) that fall on the same day (UTC), of the same kind and among the
  /// same people as one stored before, as `kith log` notes a repeat: people do meet twice, so
  /// they are kept, but an edited row is a new row and repeats the one imported as it was.
  /// - Complexity: one pass over the rows added and one over those stored on the days they
  ///   span, with a hash look-up each (a join of the two on the day took minutes for 200,000
  ///   rows on top of as many).
  mutating func findRepeats(after before: Int64) throws {
    struct Key: Hashable {
      var day: Int64
      var kind: String
      var people: [Int64]
    }
    var people: [Int64] = []
    func key(_ scan: _RawStatement) -> Key {
      Ledger.parseParticipants(scan.bytes(3), into: &people)
      return Key(
        day: KithTime.day(ofSeconds: scan.int64(1)), kind: scan.text(2) ?? "",
        people: people.sorted())
    }
    /// A hash of the key that allocates nothing (the people in any order): most stored rows
    /// match no new row's, and are passed over on it.
    func fingerprint(_ scan: _RawStatement) -> Int {
      Ledger.parseParticipants(scan.bytes(3), into: &people)
      var sum: Int64 = 0
      var mixed: Int64 = 0
      for p in people {
        sum &+= p
        mixed ^= p &* -7_046_029_254_386_353_131
      }
      var h = Hasher()
      h.combine(KithTime.day(ofSeconds: scan.int64(1)))
      h.combine(bytes: scan.bytes(2))
      h.combine(people.count)
      h.combine(sum)
      h.combine(mixed)
      return h.finalize()
    }
    let added = try _RawStatement(
      db,
      """
      SELECT id, time, kind, participants, source_id FROM interaction
      WHERE id > ? AND source = ? AND source_id LIKE 'row:%' ORDER BY id
      """)
    added.bind(1, before)
    added.bind(2, source)
    // Three passes, each allocating only for rows that may match: the new rows' fingerprints;
    // the stored rows with one of them, by key, the earliest of each; the new rows whose
    // fingerprint one of those has, read again for their key.
    var new: [(fingerprint: Int, id: Int64)] = []
    var fingerprints = Set<Int>()
    var first = Int64.max
    var last = Int64.min
    while try added.step() {
      let f = fingerprint(added)
      new.append((f, added.int64(0)))
      fingerprints.insert(f)
      let d = KithTime.day(ofSeconds: added.int64(1))
      first = min(first, d)
      last = max(last, d)
    }
    added.reset()
    guard !new.isEmpty else { return }
    let stored = try _RawStatement(
      db,
      """
      SELECT id, time, kind, participants, source = ? AND source_id LIKE 'row:%' FROM interaction
      WHERE time >= ? AND time < ? AND id <= ? ORDER BY id
      """)
    stored.bind(1, source)
    stored.bind(2, KithTime.startOfDay(first))
    stored.bind(3, KithTime.startOfDay(last + 1))
    stored.bind(4, before)
    // The row as it was before the edit is the one repeated: an earlier row of this source
    // identified by its content, before anything logged by hand (which the note's advice,
    // to remove one, must not point at).
    var earliest: [Key: (id: Int64, row: Bool)] = [:]
    var hits = Set<Int>()
    while try stored.step() {
      let f = fingerprint(stored)
      guard fingerprints.contains(f) else { continue }
      hits.insert(f)
      let k = key(stored)
      let row = stored.int64(4) != 0
      if earliest[k] == nil || (row && earliest[k]?.row == false) {
        earliest[k] = (stored.int64(0), row)
      }
    }
    stored.reset()
    let again = try _RawStatement(
      db, "SELECT id, time, kind, participants, source_id FROM interaction WHERE id = ?")
    var found: [(sourceID: String, added: Int64, stored: Int64)] = []
    for row in new where hits.contains(row.fingerprint) {
      again.bind(1, row.id)
      if try again.step(), let match = earliest[key(again)] {
        found.append((again.text(4) ?? "", row.id, match.id))
      }
      again.reset()
    }
    if found.isEmpty { return }
    let sourceIDs = Set(found.map(\.sourceID))
    var locations: [String: SourceLocation] = [:]
    for record in batch.interactions where sourceIDs.contains(record.sourceID) {
      locations[record.sourceID] = record.location
    }
    summary.repeats = found.compactMap { entry in
      locations[entry.sourceID].map {
        ImportSummary.Repeat(location: $0, interaction: entry.added, repeats: entry.stored)
      }
    }.sorted { ($0.location.line, $0.interaction) < ($1.location.line, $1.interaction) }
  }

  /// Leaves out the interactions with a content source id that a sibling source stored (the
  /// same rows imported from a file of another name), counted as unchanged.
  mutating func leaveOutSiblingInteractions() throws {
    guard batch.contentKeysShared != nil,
      batch.interactions.contains(where: { Self.isContentID($0.sourceID) })
    else { return }
    var stored = Set<String>()
    for sibling in try siblings() {
      stored.formUnion(try storedInteractionSourceIDs(of: sibling).sourceIDs)
    }
    if stored.isEmpty { return }
    let before = batch.interactions.count
    batch.interactions.removeAll { Self.isContentID($0.sourceID) && stored.contains($0.sourceID) }
    summary.interactions.unchanged += before - batch.interactions.count
  }

  /// The source ids of this source's interactions stored before the import. Re-importing
  /// finds a row by (source, source id): the ids are read once, so that new rows can go to the
  /// store several per statement. One range of `source_key` holds this source's rows (and maybe
  /// a few of another source whose digest shares its high bits: the source column tells them
  /// apart).
  /// Returns the ids of the range's interactions too.
  func storedInteractionSourceIDs(of source: String? = nil) throws -> (
    ids: [Int64], sourceIDs: [String]
  ) {
    let source = source ?? self.source
    let keys = Schema.sourceKeyRange(source: source)
    var ids: [UInt8] = []
    let entries = try SourceBlocks.entries(in: keys, db).map { $0.id }
    if entries.isEmpty { return ([], []) }
    Ledger.packParticipants(entries, into: &ids)
    return (
      entries,
      try String.fetchAll(
        db,
        sql: """
          SELECT source_id FROM interaction
          WHERE id IN (SELECT value FROM json_each(?)) AND source = ? AND source_id IS NOT NULL
          """,
        arguments: [String(decoding: ids, as: UTF8.self), source])
    )
  }

  // MARK: Errors and progress

  /// A record that cannot be imported: fatal unless skipping. Records are imported kind by
  /// kind, not in the order of the file, so the import goes on to the end to find the invalid
  /// record that comes first in the file (`throwFirstRejection()`).
  mutating func reject(_ problem: ImportError) throws {
    guard options.skipInvalid else {
      if firstRejection.map({ Self.line(of: problem) < Self.line(of: $0) }) ?? true {
        firstRejection = problem
      }
      return
    }
    summary.skipped.append(problem)
  }

  /// The line a problem is on; 0 (first) for one about the whole file.
  static func line(of problem: ImportError) -> Int { problem.location?.line ?? 0 }

  /// Rejects the import at its first invalid record in file order, if any; else puts the
  /// skipped records in file order (those of one line in the order they were found: the
  /// first is the cause of the others).
  mutating func throwFirstRejection() throws {
    if let firstRejection { throw StoreError.rejectedRecord(firstRejection) }
    let lines = summary.skipped.map(Self.line)
    if zip(lines, lines.dropFirst()).contains(where: { $0 > $1 }) {
      summary.skipped = summary.skipped.enumerated().sorted {
        (Self.line(of: $0.element), $0.offset) < (Self.line(of: $1.element), $1.offset)
      }.map(\.element)
    }
  }

  /// A record its reader could not read: fatal unless skipping, else counted as skipped under
  /// its kind (`ImportError.recordKind`).
  mutating func rejectUnread(_ problem: ImportError) throws {
    try reject(problem)
    let counts: WritableKeyPath<ImportSummary, ImportSummary.Counts>? =
      switch problem.recordKind {
      case "people": \.people
      case "organisations": \.organisations
      case "affiliations": \.affiliations
      case "interactions": \.interactions
      case "notes": \.notes
      case "exchanges": \.exchanges
      case "ties": \.ties
      default: nil
      }
    if let counts { summary[keyPath: counts].skipped += 1 }
  }

  /// Runs one record's import, turning model-rule violations into located errors.
  mutating func located(
    _ location: SourceLocation, _ kind: WritableKeyPath<ImportSummary, ImportSummary.Counts>,
    _ body: (inout _ImportRun) throws -> Void
  ) throws {
    done += 1
    if done % 4096 == 0 { options.progress?(done, batch.recordCount) }
    do {
      try body(&self)
    } catch let error as InvalidRecord {
      summary[keyPath: kind].skipped += 1
      try reject(.record(at: location, field: error.field, error.message))
    } catch let error as _SkippedRecord {
      summary[keyPath: kind].skipped += 1
      if error.isProblem {
        try reject(.record(at: location, field: error.field, error.message))
      } else {
        summary.skipped.append(.record(at: location, field: error.field, error.message))
      }
    }
  }

  // MARK: People

  mutating func mapped(_ kind: String, _ sourceID: String) throws -> Int64? {
    try sources.entity(kind, sourceID, db)
  }

  /// Whether a source id is made of a record's content, not a file's own id column (`id:…`).
  static func isContentID(_ sourceID: String) -> Bool { !sourceID.hasPrefix("id:") }

  /// The sources other than this one that share its content source ids
  /// (`ImportBatch.contentKeysShared`); none for a batch that shares none.
  mutating func siblings() throws -> [String] {
    if let siblingSources { return siblingSources }
    var found: [String] = []
    if let prefix = batch.contentKeysShared, let last = prefix.unicodeScalars.last,
      let next = Unicode.Scalar(last.value + 1)
    {
      let end = String(prefix.unicodeScalars.dropLast()) + String(next)
      found = try String.fetchAll(
        db,
        sql: """
          SELECT DISTINCT source FROM import_source
          WHERE source >= ? AND source < ? AND source != ? ORDER BY source
          """,
        arguments: [prefix, end, source])
    }
    siblingSources = found
    return found
  }

  /// The entity that a content source id of `kind` became in a sibling source's import.
  mutating func mappedBySibling(_ kind: String, _ sourceID: String) throws -> Int64? {
    guard batch.contentKeysShared != nil, Self.isContentID(sourceID) else { return nil }
    for sibling in try siblings() {
      if let id = try Int64.fetchOne(
        db.cachedStatement(
          sql: "SELECT entity_id FROM import_source WHERE source = ? AND kind = ? AND source_id = ?"
        ), arguments: [sibling, kind, sourceID])
      {
        return id
      }
    }
    return nil
  }

  /// Records the source id of an imported entity (written with the import's other ones).
  mutating func remember(_ kind: String, _ sourceID: String, _ id: Int64) {
    sources.remember(kind, sourceID, id)
  }

  func personID(_ reference: PersonReference, field: String) throws -> Int64 {
    switch reference {
    case .me:
      guard let ego else { throw StoreError.noEgo }
      return ego.id
    case .record(let key):
      guard let id = people[key] else {
        throw _SkippedRecord(
          field: field, message: "refers to a person who was not imported", isProblem: false)
      }
      return id
    }
  }

  mutating func importPerson(_ record: ImportedPerson) throws {
    let name = KithStore.label(record.name)
    if name.isEmpty { throw InvalidRecord(field: "name", message: "a name cannot be empty") }
    var emails: [String] = []
    for email in record.emails where !Self.isBlank(email) {
      guard let key = IdentityKey.email(email) else {
        throw InvalidRecord(field: "email", message: "'\(email)' is not an email address")
      }
      emails.append(key)
    }
    var incoming = Person(
      name: name, aliases: record.aliases, emails: emails, phones: record.phones,
      urls: record.urls, tags: record.tags)
    incoming = KithStore.normalised(incoming)

    // Seen earlier in this batch, or imported before from this source.
    if let id = people[record.key] {
      if try complete(id, with: incoming, details: record.details) {
        summary.people.merged += 1
      } else {
        summary.people.unchanged += 1
      }
      return
    }
    let earlier = try mapped("person", record.key) ?? mappedBySibling("person", record.key)
    if let id = earlier, try KithStore.fetchPerson(id: id, db) != nil {
      people[record.key] = id
      remember("person", record.key, id)
      // A reference only names someone (a handle, or an email whose local part stands in for
      // a name): it brings nothing to complete them with, as it did not when first resolved.
      if record.resolution == .reference {
        summary.people.unchanged += 1
      } else if try complete(id, with: incoming, details: record.details) {
        summary.people.merged += 1
      } else {
        summary.people.unchanged += 1
      }
      return
    }

    if record.resolution == .reference {
      let id = try resolveReference(name, record: record, incoming: incoming)
      people[record.key] = id
      remember("person", record.key, id)
      return
    }

    if let ego, emails.contains(where: { myEmails.contains(IdentityKey.mailbox(ofAddress: $0)) }) {
      try adopt(ego.id, record: record, incoming: incoming, on: .email)
      return
    }
    if let (id, kind) = try strongMatch(incoming) {
      try adopt(id, record: record, incoming: incoming, on: kind)
      return
    }
    if let handle = record.handle { incoming.handle = try freeHandle(handle) }
    let sameName = try nameMatches(name)
    let created = try insertNew(incoming, details: record.details)
    people[record.key] = created.id
    remember("person", record.key, created.id)
    summary.people.added += 1
    summary.addedPeople.append(.init(name: created.name, handle: created.handle))
    if !sameName.isEmpty {
      summary.possibleDuplicates.append(
        .init(
          location: record.location, name: name, handle: created.handle,
          existing: try sameName.compactMap { try KithStore.fetchPerson(id: $0, db)?.handle }))
    }
  }

  /// `handle` as a new person's: refused when it is not a slug, is `me` (which always means
  /// the ego) or is someone else's, since a file naming people by handle would then name them.
  func freeHandle(_ handle: String) throws -> String {
    let h = TextKey.trimmed(handle)
    guard TextKey.slug(h, fallback: "") == h, h != KithStore.HandleCandidates.reservedPersonHandle
    else {
      throw InvalidRecord(
        field: "handle",
        message: "'\(h)' is not a handle (lower-case letters, digits and dashes, not `me`)")
    }
    if let holder = try String.fetchOne(
      db.cachedStatement(sql: "SELECT name FROM person WHERE handle = ?"), arguments: [h])
    {
      throw InvalidRecord(
        field: "handle", message: "'\(h)' is already the handle of \(holder)")
    }
    return h
  }

  /// A `.reference` person: found as the command line finds people, else created.
  mutating func resolveReference(_ name: String, record: ImportedPerson, incoming: Person)
    throws -> Int64
  {
    if keyLookUp == nil {
      keyLookUp = try _RawStatement(db, "SELECT person_id, kind FROM person_key WHERE key = ?")
    }
    guard let lookUp = keyLookUp else { throw StoreError.database("cannot look people up") }
    var ids = Set<Int64>()
    var handleMatch: Int64? = nil
    func find(_ keys: [String]) throws {
      for key in keys {
        lookUp.bind(1, text: key)
        defer { lookUp.reset() }
        while try lookUp.step() {
          let person = lookUp.int64(0)
          guard let kind = lookUp.text(1), ["handle", "name", "alias", "email"].contains(kind)
          else { continue }
          if kind == "handle" { handleMatch = person }
          ids.insert(person)
        }
      }
    }
    // An address names its owner whatever name is written beside it (`Jane <jane@…>`); the
    // name is looked up when nobody has the address.
    try find(incoming.emails.map(IdentityKey.mailbox(ofAddress:)))
    if ids.isEmpty { try find([TextKey.fold(name)]) }
    if let id = handleMatch ?? (ids.count == 1 ? ids.first : nil) {
      summary.people.unchanged += 1
      return id
    }
    if ids.count > 1 {
      let candidates = try ids.sorted().compactMap { try KithStore.fetchPerson(id: $0, db) }
        .map { "\($0.name) (\($0.handle))" }
      throw InvalidRecord(
        field: "person",
        message:
          "'\(name)' matches \(candidates.count) people (\(candidates.joined(separator: ", "))); use a handle or an email"
      )
    }
    let created = try insertNew(incoming, details: record.details)
    summary.people.added += 1
    summary.addedPeople.append(.init(name: created.name, handle: created.handle))
    return created.id
  }

  /// Makes the record the stored person `id`, completing their identifiers.
  mutating func adopt(
    _ id: Int64, record: ImportedPerson, incoming: Person, on kind: IdentityKey.Kind
  ) throws {
    people[record.key] = id
    remember("person", record.key, id)
    _ = try complete(id, with: incoming, details: record.details)
    summary.people.merged += 1
    if let p = try KithStore.fetchPerson(id: id, db) {
      summary.matches.append(
        .init(
          location: record.location, name: incoming.name, personID: id, handle: p.handle,
          matchedOn: kind))
    }
  }

  /// The stored person sharing the strongest identifier with `p`, if any.
  mutating func strongMatch(_ p: Person) throws -> (Int64, IdentityKey.Kind)? {
    func lookup(_ key: String, _ kind: IdentityKey.Kind) throws -> Int64? {
      try Int64.fetchOne(
        db.cachedStatement(
          sql: "SELECT min(person_id) FROM person_key WHERE key = ? AND kind = ?"),
        arguments: [key, kind.rawValue])
    }
    for email in p.emails {
      if let id = try lookup(IdentityKey.mailbox(ofAddress: email), .email) { return (id, .email) }
    }
    for url in p.urls.compactMap(IdentityKey.url) {
      if let id = try lookup(url, .url) { return (id, .url) }
    }
    let phones = p.phones.compactMap(IdentityKey.phone)
    if !phones.isEmpty {
      let index = try loadPhoneIndex()
      for phone in phones {
        let candidates = index[IdentityKey.phoneTail(phone)] ?? []
        if let hit = candidates.filter({ IdentityKey.phonesMatch($0.key, phone) })
          .map(\.person).min()
        {
          return (hit, .phone)
        }
      }
    }
    return nil
  }

  mutating func loadPhoneIndex() throws -> [String: [(key: String, person: Int64)]] {
    if let phoneIndex { return phoneIndex }
    var index: [String: [(key: String, person: Int64)]] = [:]
    for row in try Row.fetchAll(
      db, sql: "SELECT key, person_id FROM person_key WHERE kind = 'phone'")
    {
      let key: String = row["key"]
      index[IdentityKey.phoneTail(key), default: []].append((key, row["person_id"]))
    }
    phoneIndex = index
    return index
  }

  /// The stored people of the same folded name or alias (spaces between CJK characters
  /// aside: `KithStore.compactCJK`).
  func nameMatches(_ name: String) throws -> [Int64] {
    let key = TextKey.fold(name)
    return try Int64.fetchAll(
      db.cachedStatement(
        sql: """
          SELECT DISTINCT person_id FROM person_key WHERE key IN (?, ?)
            AND kind IN ('name', 'alias')
          ORDER BY person_id
          """), arguments: [key, NameForms.compactCJK(key) ?? key])
  }

  mutating func insertNew(_ p: Person, details: [String: String]) throws -> Person {
    if personWriter == nil { personWriter = try _PersonWriter(db) }
    guard let writer = personWriter else { throw StoreError.database("cannot add people") }
    let created = try writer.insert(p)
    try writeDetails(created.id, details)
    indexPhones(of: created)
    return created
  }

  mutating func indexPhones(of p: Person) {
    guard phoneIndex != nil else { return }
    for key in p.phones.compactMap(IdentityKey.phone) {
      phoneIndex?[IdentityKey.phoneTail(key), default: []].append((key, p.id))
    }
  }

  /// Adds `incoming`'s identifiers, tags and details to stored person `id`; the record's name
  /// replaces a stored name that is only an address, else becomes an alias when it differs.
  /// Returns whether anything changed.
  mutating func complete(_ id: Int64, with incoming: Person, details: [String: String]) throws
    -> Bool
  {
    guard var p = try KithStore.fetchPerson(id: id, db) else { return false }
    let before = p
    func union(_ a: [String], _ b: [String], key: (String) -> String) -> [String] {
      var seen = Set(a.map(key))
      return a + b.filter { seen.insert(key($0)).inserted }
    }
    // Another spelling of a mailbox the person has (`+tag`, Gmail's dots) is not a new email.
    p.emails = union(p.emails, incoming.emails) { IdentityKey.mailbox(ofAddress: $0.lowercased()) }
    p.urls = union(p.urls, incoming.urls) { IdentityKey.url($0) ?? $0 }
    p.phones = union(p.phones, incoming.phones) { IdentityKey.phone($0) ?? $0 }
    p.tags = union(p.tags, incoming.tags) { $0.lowercased() }
    // A name that is only an address (a calendar guest or a correspondent without a display
    // name) gives way to the first real name a source brings; the address stays an email.
    if IdentityKey.email(p.name) != nil, IdentityKey.email(incoming.name) == nil {
      p.name = incoming.name
    }
    let names = Set(([p.name] + p.aliases).map(TextKey.fold))
    // An address as a name is no alias: the person is named by their emails already.
    p.aliases = union(
      p.aliases,
      ([incoming.name] + incoming.aliases).filter {
        !names.contains(TextKey.fold($0)) && IdentityKey.email($0) == nil
      }
    ) { TextKey.fold($0) }
    var changed = try writeDetails(id, details)
    if p != before {
      p = KithStore.normalised(p)
      try p.validate()
      try db.execute(
        sql:
          "UPDATE person SET name = ?, aliases = ?, emails = ?, phones = ?, urls = ?, tags = ? WHERE id = ?",
        arguments: [
          p.name, ListColumn.encode(p.aliases), ListColumn.encode(p.emails),
          ListColumn.encode(p.phones), ListColumn.encode(p.urls), ListColumn.encode(p.tags), id,
        ])
      try KithStore.writeKeys(of: p, db)
      indexPhones(of: p)
      changed = true
    }
    return changed
  }

  /// Stores details the person does not have yet; returns whether any was new.
  @discardableResult
  func writeDetails(_ id: Int64, _ details: [String: String]) throws -> Bool {
    var changed = false
    for (key, value) in details.sorted(by: { $0.key < $1.key }) {
      try db.cachedStatement(
        sql: "INSERT OR IGNORE INTO person_detail (person_id, key, value) VALUES (?, ?, ?)"
      ).execute(arguments: [id, key, value])
      if db.changesCount > 0 { changed = true }
    }
    return changed
  }

  // MARK: Organisations and affiliations

  mutating func importOrganisation(_ record: ImportedOrganisation) throws {
    let name = KithStore.label(record.name)
    if name.isEmpty {
      throw InvalidRecord(field: "organisation", message: "a name cannot be empty")
    }
    if organisations[record.key] != nil {
      summary.organisations.unchanged += 1
      return
    }
    let keys = [TextKey.fold(name)] + record.domains.map { KithStore.label($0).lowercased() }
    for key in keys {
      if let id = try Int64.fetchOne(
        db.cachedStatement(
          sql: "SELECT min(organisation_id) FROM organisation_key WHERE key = ?"),
        arguments: [key])
      {
        organisations[record.key] = id
        summary.organisations.unchanged += 1
        return
      }
    }
    let created = try KithStore.insertOrganisation(
      Organisation(name: name, domains: record.domains), db)
    organisations[record.key] = created.id
    summary.organisations.added += 1
  }

  /// The source id of `import_revision` under which the newest `ImportBatch.snapshotKnownDate`
  /// of a source is kept (as its `modified`; its `sequence` is 1 when that date was the one in
  /// the export's name, `ImportBatch.snapshotDateIsNamed`, else 0).
  static let snapshotRevision = "kith:snapshot"

  /// Sets `summary.newerSnapshot` when an earlier import of the source was of a newer export
  /// than the batch; else records the batch's day as the source's newest.
  mutating func compareSnapshots() throws {
    guard let known = batch.snapshotKnownDate else { return }
    let day = KithTime.seconds(known)
    let stored = try Row.fetchOne(
      db,
      sql: "SELECT modified, sequence FROM import_revision WHERE source = ? AND source_id = ?",
      arguments: [source, Self.snapshotRevision])
    let storedDay = stored?["modified"] as Int64?
    if let stored, let storedDay, storedDay > day {
      summary.newerSnapshot = Date(timeIntervalSince1970: TimeInterval(storedDay))
      summary.newerSnapshotIsNamed = (stored["sequence"] as Int64?) == 1
      return
    }
    if storedDay == day { return }
    try db.execute(
      sql: """
        INSERT OR REPLACE INTO import_revision (source, source_id, sequence, modified, stamp)
        VALUES (?, ?, ?, ?, NULL)
        """, arguments: [source, Self.snapshotRevision, batch.snapshotDateIsNamed ? 1 : 0, day])
  }

  mutating func importAffiliation(_ record: ImportedAffiliation) throws {
    // An older export does not take back what a newer one recorded of a place it filled.
    if summary.newerSnapshot != nil, let place = record.sourceID,
      let newer = try mapped("affiliation", place)
    {
      let stored = try Row.fetchOne(
        db, sql: "SELECT organisation_id, role FROM affiliation WHERE id = ?", arguments: [newer])
      let same =
        stored.map {
          ($0["organisation_id"] as Int64) == organisations[record.organisation]
            && ($0["role"] as String?).map(TextKey.fold)
              == KithStore.role(record.role).map(TextKey.fold)
        } ?? false
      if !same { summary.keptNewerPositions += 1 }
      summary.affiliations.unchanged += 1
      return
    }
    let person = try personID(record.person, field: "person")
    guard let organisation = organisations[record.organisation] else {
      throw _SkippedRecord(
        field: "organisation", message: "refers to an organisation that was not imported",
        isProblem: false)
    }
    let cleanRole = KithStore.role(record.role)
    // What the source says, remembered: said again, it changes nothing, even where another
    // source has given the job another title since.
    let claim = Self.claim(record, role: cleanRole)
    // The same role at the same organisation, from any source, is the same affiliation; one
    // without a role (a vCard's ORG without TITLE) is the current one the person has there,
    // whatever its role, not a second one; and where the person holds one job there, another
    // title from a source imported later is a new job: the one held ends and the new one
    // starts, so that one job is open and the old title stays in the history. (Several jobs
    // held there were recorded so on purpose: the new title joins them.)
    let existing = try Row.fetchAll(
      db.cachedStatement(
        sql:
          "SELECT id, role, to_time FROM affiliation WHERE person_id = ? AND organisation_id = ? ORDER BY id"
      ),
      arguments: [person, organisation])
    let open = existing.filter { ($0["to_time"] as Int64?) == nil }.map { $0["id"] as Int64 }
    let held = open.first
    var shownInPlace: Int64? = nil
    if let place = record.sourceID { shownInPlace = try mapped("affiliation", place) }
    let current: Int64
    if let same = existing.first(where: {
      ($0["role"] as String?).map(TextKey.fold) == cleanRole.map(TextKey.fold)
    }) {
      current = same["id"]
      summary.affiliations.unchanged += 1
    } else if let said = try mapped("affiliation", claim),
      existing.contains(where: { ($0["id"] as Int64) == said })
    {
      current = said
      summary.affiliations.unchanged += 1
    } else if record.to == nil, let held, cleanRole == nil {
      current = held
      summary.affiliations.unchanged += 1
    } else {
      // A source that holds one place (LinkedIn) and showed this job there ends it below.
      if record.to == nil, open.count == 1, let held, shownInPlace != held {
        _ = try endAffiliation(held, asOf: batch.snapshotDate ?? Date())
      }
      current = try KithStore.insertAffiliation(
        Affiliation(
          person: person, organisation: organisation, role: cleanRole, from: record.from,
          to: record.to), db
      ).id
      summary.affiliations.added += 1
    }
    remember("affiliation", claim, current)
    guard let place = record.sourceID else { return }
    // The position this source held before, if another one: it has ended.
    if let earlier = try mapped("affiliation", place), earlier != current,
      try endAffiliation(earlier, asOf: batch.snapshotDate)
    {
      summary.affiliations.merged += 1
    }
    remember("affiliation", place, current)
  }

  /// The source id under which an import remembers what its source said of a job (`claim:`,
  /// apart from the places of `ImportedAffiliation.sourceID`): the person's record, the
  /// organisation and the role.
  static func claim(_ record: ImportedAffiliation, role: String?) -> String {
    let person: String
    switch record.person {
    case .me: person = "me"
    case .record(let key): person = "record:" + key
    }
    return "claim:\(person)|\(record.organisation)|\(role.map(TextKey.fold) ?? "")"
  }

  /// Ends the current affiliation `id` as of `date`, the day a source showed another one: its
  /// last day is the day before (an end date is the last day it holds), not before it began.
  /// False when it is gone or had ended already.
  func endAffiliation(_ id: Int64, asOf date: Date?) throws -> Bool {
    guard let date,
      let row = try Row.fetchOne(
        db, sql: "SELECT from_time, to_time FROM affiliation WHERE id = ?", arguments: [id]),
      (row["to_time"] as Int64?) == nil
    else { return false }
    let end = max(KithTime.seconds(date) - 86_400, row["from_time"] as Int64? ?? .min)
    try db.execute(
      sql: "UPDATE affiliation SET to_time = ? WHERE id = ?", arguments: [end, id])
    return true
  }

  // MARK: Events

  /// Replaces the contents of `participants` with the ids of the people of `references`, each
  /// once, in order, leaving out those whose record was not imported.
  func participantIDs(_ references: [PersonReference], into participants: inout [Int64]) throws {
    participants.removeAll(keepingCapacity: true)
    for reference in references {
      let id: Int64
      do {
        id = try personID(reference, field: "with")
      } catch is _SkippedRecord {
        continue
      }
      if !participants.contains(id) { participants.append(id) }
    }
  }

  /// Imports `batch.interactions[k]`, read in place.
  mutating func importInteraction(_ k: Int) throws {
    // The ids go to a scratch array taken out of `self` while it is used, and put back.
    var ids = participantScratch
    participantScratch = []
    defer { participantScratch = ids }
    if !participantLists.copyIDs(record: k, into: &ids) {
      try participantIDs(batch.interactions[k].participants, into: &ids)
      participantLists.remember(ids, record: k)
    }
    try ids.withUnsafeBufferPointer { participants in
      try importInteraction(k, participants: participants)
    }
  }

  private mutating func importInteraction(
    _ k: Int, participants: UnsafeBufferPointer<Int64>
  ) throws {
    if participants.count < 2 {
      throw _SkippedRecord(
        field: "with", message: "fewer than 2 distinct people took part", isProblem: false)
    }
    var initiator: Int64? = nil
    if let reference = batch.interactions[k].initiator {
      initiator = try? personID(reference, field: "by")
      if let i = initiator, !participants.contains(i) { initiator = nil }
    }
    guard interactionSourceIDs.isNew(k) else {
      try Interaction.validate(
        time: batch.interactions[k].time, participants: participants, initiator: initiator,
        followUp: batch.interactions[k].followUp, day: batch.interactions[k].day)
      if !replaced.isEmpty,
        replaced.update(
          batch.interactions[k].sourceID, time: batch.interactions[k].time,
          kind: batch.interactions[k].kind, participants: participants, initiator: initiator,
          channel: batch.interactions[k].channel, summary: batch.interactions[k].summary,
          followUp: batch.interactions[k].followUp, day: batch.interactions[k].day)
      {
        summary.interactions.merged += 1
      } else {
        summary.interactions.unchanged += 1
      }
      return
    }
    // Marked only once added: a later record with the same id may stand in for a refused one.
    if let details = encodedDetails {
      // From the record's fields and its texts encoded ahead: no `Interaction`, no array of
      // ids per row.
      _ = try interactionWriter.addRow(
        time: batch.interactions[k].time, kind: batch.interactions[k].kind,
        participants: participants, initiator: initiator,
        followUp: batch.interactions[k].followUp, day: batch.interactions[k].day,
        details: details, record: k, &ledger, db)
    } else {
      let interaction = Interaction(
        time: batch.interactions[k].time, kind: batch.interactions[k].kind,
        participants: Array(participants), initiator: initiator,
        channel: batch.interactions[k].channel,
        summary: batch.interactions[k].summary,
        followUp: batch.interactions[k].followUp, source: source,
        sourceID: batch.interactions[k].sourceID, day: batch.interactions[k].day)
      _ = try interactionWriter.add(interaction, &ledger, db)
    }
    interactionSourceIDs.markAdded(k)
    summary.interactions.added += 1
  }

  mutating func importNote(_ record: ImportedNote) throws {
    if try mapped("note", record.sourceID) != nil {
      summary.notes.unchanged += 1
      return
    }
    var note = Note(time: record.time, text: record.text, day: record.day)
    switch record.subject {
    case .person(let reference): note.person = try personID(reference, field: "person")
    case .organisation(let key):
      guard let id = organisations[key] else {
        throw _SkippedRecord(
          field: "organisation", message: "refers to an organisation that was not imported",
          isProblem: false)
      }
      note.organisation = id
    }
    // The same text on the same person or organisation is the note already there, whatever
    // file or source brought it (a contacts file downloaded twice).
    if let same = try Int64.fetchOne(
      db.cachedStatement(
        sql: """
          SELECT id FROM note WHERE text = ? AND interaction_id IS NULL
            AND person_id IS ? AND organisation_id IS ? LIMIT 1
          """), arguments: [note.text, note.person, note.organisation])
    {
      remember("note", record.sourceID, same)
      summary.notes.unchanged += 1
      return
    }
    let stored = try KithStore.insertNote(note, db)
    remember("note", record.sourceID, stored.id)
    summary.notes.added += 1
  }

  mutating func importExchange(_ record: ImportedExchange) throws {
    if try mapped("exchange", record.sourceID) != nil {
      summary.exchanges.unchanged += 1
      return
    }
    let exchange = Exchange(
      time: record.time, giver: try personID(record.giver, field: "from"),
      receiver: try personID(record.receiver, field: "to"), kind: record.kind, note: record.note,
      day: record.day)
    let stored = try KithStore.insertExchange(exchange, db)
    remember("exchange", record.sourceID, stored.id)
    summary.exchanges.added += 1
  }

  mutating func importTie(_ record: ImportedTie) throws {
    if batch.contentKeysShared != nil, Self.isContentID(record.sourceID) {
      for sibling in try siblings() {
        if try Bool.fetchOne(
          db.cachedStatement(
            sql: "SELECT EXISTS (SELECT 1 FROM explicit_tie WHERE source = ? AND source_id = ?)"),
          arguments: [sibling, record.sourceID]) == true
        {
          summary.ties.unchanged += 1
          return
        }
      }
    }
    let tie = Tie(
      a: try personID(record.a, field: "source"), b: try personID(record.b, field: "target"),
      weight: record.weight, date: record.date, source: source, sourceID: record.sourceID)
    try tie.validate()
    let before = db.totalChangesCount
    _ = try KithStore.insertTie(tie, &ledger, db)
    if db.totalChangesCount == before {
      summary.ties.unchanged += 1
    } else {
      summary.ties.added += 1
    }
  }
}

/// What an import works out about its interaction records before it writes them: which are
/// new (`_SourceIDGroups`), and for a large batch, whose rows are written on another thread,
/// their texts encoded (`_EncodedDetails`) and their participant lists numbered
/// (`_ParticipantLists`). Reads only the batch: it may run on another thread.
struct _PreparedRows: Sendable {
  var groups: _SourceIDGroups
  var details: _EncodedDetails? = nil
  var lists = _ParticipantLists()

  /// Prepares `batch`'s interactions from `source`, against the source ids `stored` before;
  /// the texts and lists only when `encoding`.
  init(_ batch: ImportBatch, source: String, stored: [String], encoding: Bool) {
    let count = batch.interactions.count
    if encoding {
      let details = _EncodedDetails(count: count, source: source) {
        (
          batch.interactions[$0].channel, batch.interactions[$0].summary,
          batch.interactions[$0].sourceID
        )
      }
      self.details = details
      lists = _ParticipantLists(count: count) { batch.interactions[$0].participants }
      groups = _SourceIDGroups(
        source: source, count: count, id: { batch.interactions[$0].sourceID }, stored: stored,
        recordKeys: details.keys)
    } else {
      groups = _SourceIDGroups(
        source: source, count: count, id: { batch.interactions[$0].sourceID }, stored: stored)
    }
  }
}

extension _ImportRun {
  /// Whether `text` is empty once spaces and tabs are trimmed (`trimmingCharacters(in:
  /// .whitespaces)`), without Foundation when it starts with a visible ASCII character.
  static func isBlank(_ text: String) -> Bool {
    if let first = text.utf8.first, first > 0x20, first < 0x7F { return false }
    return text.trimmingCharacters(in: .whitespaces).isEmpty
  }
}

/// A record left out: `isProblem` when it is the data's fault (fatal unless skipping), not when
/// it merely depends on a record that was skipped or collapses after identity resolution.
struct _SkippedRecord: Error {
  var field: String
  var message: String
  var isProblem: Bool
}
