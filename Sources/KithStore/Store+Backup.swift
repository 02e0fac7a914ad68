import Foundation
import GRDB
import KithGraph

extension KithStore {
  /// Every entity, setting and the ego: the lossless backup.
  /// Defaults that were never set are omitted, so an export reflects what the user chose.
  public func exportBackup() throws(StoreError) -> Backup {
    // One read transaction: a consistent backup even while another process writes.
    try read { db in
      var backup = Backup()
      backup.ego = try Self.fetchEgo(db)?.handle
      backup.settings = Dictionary(
        uniqueKeysWithValues: try Row.fetchAll(
          db, sql: "SELECT key, value FROM setting ORDER BY key"
        )
        .map { ($0["key"] as String, $0["value"] as String) })
      backup.people = try Row.fetchAll(
        db, sql: "SELECT \(Self.personColumns) FROM person ORDER BY id"
      ).map(Person.init)
      backup.personDetails = try Row.fetchAll(
        db, sql: "SELECT person_id, key, value FROM person_detail ORDER BY person_id, key"
      ).map { PersonDetail(person: $0["person_id"], key: $0["key"], value: $0["value"]) }
      backup.organisations = try Row.fetchAll(db, sql: "SELECT * FROM organisation ORDER BY id")
        .map(Organisation.init)
      backup.affiliations = try Row.fetchAll(db, sql: "SELECT * FROM affiliation ORDER BY id")
        .map(Affiliation.init)
      backup.interactions = try Self.fetchInteractions(person: nil, db).sorted { $0.id < $1.id }
      backup.exchanges = try Self.fetchExchanges(person: nil, db).sorted { $0.id < $1.id }
      backup.referrals = try Self.fetchReferrals(id: nil, db).sorted { $0.id < $1.id }
      backup.ties = try Self.fetchTies(db)
      backup.notes = try Self.fetchNotes(person: nil, db).sorted { $0.id < $1.id }
      // Every ego's: the store's own with no ego (as a backup from before kept them), then
      // the others'.
      backup.tagCadences = try Row.fetchAll(
        db,
        sql: """
          SELECT ego_id IS \(Self.storeEgo) AS own, ego_id, tag, days FROM tag_cadence
          ORDER BY own DESC, ego_id, tag
          """
      ).map {
        TagCadence(tag: $0["tag"], days: $0["days"], ego: ($0["own"] as Bool) ? nil : $0["ego_id"])
      }
      backup.personCadences = try Row.fetchAll(
        db,
        sql: """
          SELECT ego_id, person_id, days FROM person_cadence
          WHERE ego_id IS NOT \(Self.storeEgo) AND ego_id IS NOT NULL ORDER BY ego_id, person_id
          """
      ).map { PersonCadence(ego: $0["ego_id"], person: $0["person_id"], days: $0["days"]) }
      backup.followUpDismissals = try Row.fetchAll(
        db,
        sql: """
          SELECT ego_id, person_id, time FROM followup_dismissal
          WHERE ego_id IS NOT \(Self.storeEgo) AND ego_id IS NOT NULL ORDER BY ego_id, person_id
          """
      ).map {
        FollowUpDismissal(
          ego: $0["ego_id"], person: $0["person_id"],
          time: Date(kithSeconds: $0["time"] as Int64))
      }
      backup.tiesLetGo = try Row.fetchAll(
        db,
        sql: """
          SELECT ego_id IS \(Self.storeEgo) AS own, ego_id, person_id, time, reason
          FROM tie_letgo ORDER BY own DESC, ego_id, person_id, time
          """
      ).map {
        TieLetGo(
          ego: ($0["own"] as Bool) ? nil : $0["ego_id"], person: $0["person_id"],
          time: Date(kithSeconds: $0["time"] as Int64), reason: $0["reason"])
      }
      backup.importSources = try Row.fetchAll(
        db,
        sql: """
          SELECT source, kind, source_id, entity_id FROM import_source
          ORDER BY source, kind, source_id
          """
      ).map { ImportSource(source: $0[0], kind: $0[1], sourceID: $0[2], entity: $0[3]) }
      backup.importRevisions = try Row.fetchAll(
        db,
        sql: """
          SELECT source, source_id, sequence, modified, stamp FROM import_revision
          ORDER BY source, source_id
          """
      ).map {
        ImportRevision(
          source: $0[0], sourceID: $0[1], sequence: $0[2], modified: $0[3], stamp: $0[4])
      }
      for kind in RecordKind.allCases {
        if let id = try Int64.fetchOne(
          db, sql: "SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?",
          arguments: ["retired-id:" + Self.table(kind)])
        {
          backup.retiredIDs[kind.rawValue] = id
        }
      }
      return backup
    }
  }

  /// The kinds of record an `import_source` row may name (the table's CHECK).
  private static let importSourceKinds: Set = [
    "person", "organisation", "affiliation", "note", "exchange",
  ]

  /// Restores a backup into this store, which must hold no entity. All or nothing: every record
  /// is validated, and any failure leaves the store unchanged.
  ///
  /// Ids are kept, and with them the bookkeeping that names records by id: the import sources,
  /// the calendar versions imports took and the retired ids, so that importing the same files
  /// again changes nothing and a removed record's id is not given again. An import source
  /// whose record is not in the backup is restored as it is, as the store kept it: an import
  /// ignores a person's or an affiliation's row whose record is gone, and a note's or an
  /// exchange's row keeps the record removed since from coming back. In a backup of schema
  /// version 1, which does not say which interactions were entered as a date alone, those at
  /// the start of a day in `KithTime.zone` are taken as dates (`Interaction.shownDay`); in one
  /// of version 1 or 2, the same of notes, exchanges and referrals' status changes.
  /// - Parameter dryRun: restore and check everything, then roll it back: nothing is written.
  /// - Returns: what the store holds after the restore (would hold, for a dry run).
  @discardableResult
  public func importBackup(_ backup: Backup, dryRun: Bool = false) throws(StoreError)
    -> StoreCounts
  {
    guard backup.schemaVersion <= Backup.currentSchemaVersion else {
      throw .invalid(
        InvalidRecord(
          field: "schemaVersion",
          message:
            "the backup has schema version \(backup.schemaVersion); this kith reads up to \(Backup.currentSchemaVersion)"
        ))
    }
    for (key, value) in backup.settings { _ = try Self.validateSetting(key: key, value: value) }
    return try writeImport(commit: !dryRun) { db in
      let tables = [
        "person", "organisation", "affiliation", "interaction", "exchange", "referral",
        "explicit_tie", "note", "tag_cadence",
      ]
      let nonEmpty = try tables.contains { table in
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table))") ?? false
      }
      if nonEmpty {
        throw StoreError.conflict(
          "the database is not empty; import a backup into a new database (--db NEW_FILE)")
      }
      for (key, value) in backup.settings.sorted(by: { $0.key < $1.key }) {
        try db.execute(
          sql: "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)",
          arguments: [key, try Self.validateSetting(key: key, value: value)])
      }
      func located<T>(_ what: String, _ index: Int, _ body: () throws -> T) throws -> T {
        do {
          return try body()
        } catch let error as InvalidRecord {
          throw InvalidRecord(field: "\(what)[\(index)].\(error.field)", message: error.message)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
          throw InvalidRecord(
            field: "\(what)[\(index)]",
            message:
              "refers to a record that does not exist or repeats an id (\(error.message ?? "constraint"))"
          )
        }
      }
      for (k, p) in backup.people.enumerated() {
        _ = try located("people", k) {
          guard !p.handle.isEmpty else {
            throw InvalidRecord(field: "handle", message: "a handle cannot be empty")
          }
          return try Self.insertPerson(p, db)
        }
      }
      for (k, d) in backup.personDetails.enumerated() {
        try located("personDetails", k) {
          guard !d.key.isEmpty else {
            throw InvalidRecord(field: "key", message: "a detail's key cannot be empty")
          }
          try db.execute(
            sql: "INSERT INTO person_detail (person_id, key, value) VALUES (?, ?, ?)",
            arguments: [d.person, d.key, d.value])
        }
      }
      for (k, o) in backup.organisations.enumerated() {
        _ = try located("organisations", k) { try Self.insertOrganisation(o, db) }
      }
      for (k, a) in backup.affiliations.enumerated() {
        _ = try located("affiliations", k) { try Self.insertAffiliation(a, db) }
      }
      var batch = Ledger.Batch(settings: try Self.decaySettings(db))
      // The store holds no interaction: the batch finds repeated sources in memory.
      batch.sourcesInMemory = SourcesInMemory(capacity: backup.interactions.count)
      // A backup from before interactions kept the day they were entered as: those at the
      // start of a day here were shown as dates, and are taken as dates (as migration v18
      // takes a store's).
      let inferDays = backup.schemaVersion < Backup.firstVersionWithInteractionDays
      for (k, i) in backup.interactions.enumerated() {
        _ = try located("interactions", k) {
          guard inferDays, i.day == nil else { return try Self.insertInteraction(i, &batch, db) }
          var dated = i
          dated.day = Interaction.shownDay(ofSeconds: KithTime.seconds(i.time))
          return try Self.insertInteraction(dated, &batch, db)
        }
      }
      for (k, t) in backup.ties.enumerated() {
        _ = try located("ties", k) { try Self.insertTie(t, &batch, db) }
      }
      try batch.flush(db)
      // The same for notes, exchanges and referrals' status changes, which kept the day they
      // were dated as only from version 3 (as migration v19 takes a store's).
      let inferRecordDays = backup.schemaVersion < Backup.firstVersionWithRecordDays
      func shownDay(_ time: Date, _ day: Int64?) -> Int64? {
        inferRecordDays && day == nil
          ? Interaction.shownDay(ofSeconds: KithTime.seconds(time)) : day
      }
      for (k, e) in backup.exchanges.enumerated() {
        var e = e
        e.day = shownDay(e.time, e.day)
        _ = try located("exchanges", k) { try Self.insertExchange(e, db) }
      }
      for (k, r) in backup.referrals.enumerated() {
        var r = r
        for j in r.history.indices {
          r.history[j].day = shownDay(r.history[j].time, r.history[j].day)
        }
        _ = try located("referrals", k) { try Self.insertReferral(r, db) }
      }
      try Schema.linkReferralExchanges(db)
      for (k, n) in backup.notes.enumerated() {
        var n = n
        n.day = shownDay(n.time, n.day)
        _ = try located("notes", k) { try Self.insertNote(n, db) }
      }
      // The backup's ego, whose cadences and dismissals are written without one: they are
      // stored with no ego until the ego is recorded, last.
      var egoID: Int64?
      if let ego = backup.ego {
        guard
          let id = try Int64.fetchOne(
            db, sql: "SELECT id FROM person WHERE handle = ?", arguments: [ego])
        else {
          throw InvalidRecord(field: "ego", message: "the ego '\(ego)' is not among the people")
        }
        egoID = id
      }
      /// Refuses an ego named where the backup's own ego is written without one.
      func checkEgo(_ ego: Int64?) throws {
        if let ego, ego == egoID {
          throw InvalidRecord(
            field: "ego",
            message: "is the backup's ego, whose own are written without one (in the people's)")
        }
      }
      var tagKeys = Set<[String]>()
      for (k, c) in backup.tagCadences.enumerated() {
        try located("tagCadences", k) {
          guard c.days > 0 else {
            throw InvalidRecord(field: "days", message: "a cadence must be positive")
          }
          try checkEgo(c.ego)
          // A repeat is taken as the later (as before cadences were kept per ego).
          if !tagKeys.insert([c.ego.map(String.init) ?? "", Self.tagKey(c.tag)]).inserted {
            try db.execute(
              sql: "DELETE FROM tag_cadence WHERE ego_id IS ? AND tag = ?",
              arguments: [c.ego, Self.tagKey(c.tag)])
          }
          try db.execute(
            sql: "INSERT INTO tag_cadence (ego_id, tag, days) VALUES (?, ?, ?)",
            arguments: [c.ego, Self.tagKey(c.tag), c.days])
        }
      }
      for (k, c) in backup.personCadences.enumerated() {
        try located("personCadences", k) {
          guard c.days > 0 else {
            throw InvalidRecord(field: "days", message: "a cadence must be positive")
          }
          try checkEgo(c.ego)
          guard c.ego != c.person else {
            throw InvalidRecord(field: "person", message: "is the ego: a cadence is with others")
          }
          try db.execute(
            sql: "INSERT INTO person_cadence (ego_id, person_id, days) VALUES (?, ?, ?)",
            arguments: [c.ego, c.person, c.days])
        }
      }
      for (k, d) in backup.followUpDismissals.enumerated() {
        try located("followUpDismissals", k) {
          try checkEgo(d.ego)
          try db.execute(
            sql: "INSERT INTO followup_dismissal (ego_id, person_id, time) VALUES (?, ?, ?)",
            arguments: [d.ego, d.person, KithTime.seconds(d.time)])
        }
      }
      var letGoKeys = Set<[Int64?]>()
      for (k, l) in backup.tiesLetGo.enumerated() {
        try located("tiesLetGo", k) {
          try checkEgo(l.ego)
          guard l.ego != l.person, l.ego != nil || l.person != egoID else {
            throw InvalidRecord(field: "person", message: "is the ego: a tie is with others")
          }
          guard letGoKeys.insert([l.ego, l.person, KithTime.seconds(l.time)]).inserted else {
            throw InvalidRecord(field: "time", message: "the same tie is let go twice at this time")
          }
          try db.execute(
            sql: """
              INSERT INTO tie_letgo (ego_id, person_id, time, reason)
              VALUES (?, ?, ?, ?)
              """,
            arguments: [l.ego, l.person, KithTime.seconds(l.time), Self.letGoReason(l.reason)])
        }
      }
      // A store with no entity may still hold import sources and versions of records removed
      // from it: they would name the backup's records (a person's id, a calendar event the
      // store does not hold) and are dropped. Its retired ids only keep ids from coming back.
      try db.execute(sql: "DELETE FROM import_source; DELETE FROM import_revision")
      var sourceKeys = Set<[String]>()
      for (k, s) in backup.importSources.enumerated() {
        try located("importSources", k) {
          guard Self.importSourceKinds.contains(s.kind) else {
            throw InvalidRecord(
              field: "kind",
              message:
                "'\(s.kind)' is not a kind of imported record (\(Self.importSourceKinds.sorted().joined(separator: ", ")))"
            )
          }
          guard sourceKeys.insert([s.source, s.kind, s.sourceID]).inserted else {
            throw InvalidRecord(
              field: "sourceID", message: "repeats an earlier row's source, kind and source id")
          }
          try db.cachedStatement(
            sql: """
              INSERT INTO import_source (source, kind, source_id, entity_id)
              VALUES (?, ?, ?, ?)
              """
          ).execute(arguments: [s.source, s.kind, s.sourceID, s.entity])
        }
      }
      var revisionKeys = Set<[String]>()
      for (k, r) in backup.importRevisions.enumerated() {
        try located("importRevisions", k) {
          guard revisionKeys.insert([r.source, r.sourceID]).inserted else {
            throw InvalidRecord(
              field: "sourceID", message: "repeats an earlier row's source and source id")
          }
          try db.cachedStatement(
            sql: """
              INSERT INTO import_revision (source, source_id, sequence, modified, stamp)
              VALUES (?, ?, ?, ?, ?)
              """
          ).execute(arguments: [r.source, r.sourceID, r.sequence, r.modified, r.stamp])
        }
      }
      for (name, id) in backup.retiredIDs.sorted(by: { $0.key < $1.key }) {
        guard let kind = RecordKind(rawValue: name) else {
          throw InvalidRecord(
            field: "retiredIDs.\(name)",
            message:
              "'\(name)' is not a kind of record (\(RecordKind.allCases.map(\.rawValue).joined(separator: ", ")))"
          )
        }
        // The larger of the two, should the store have retired ids of its own.
        try db.execute(
          sql: """
            INSERT INTO meta (key, value) VALUES (?1, CAST(?2 AS TEXT))
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
              WHERE CAST(value AS INTEGER) < CAST(excluded.value AS INTEGER)
            """, arguments: ["retired-id:" + Self.table(kind), id])
      }
      if let egoID { try Self.recordEgo(egoID, db) }
      return try Self.fetchCounts(db)
    }
  }
}
