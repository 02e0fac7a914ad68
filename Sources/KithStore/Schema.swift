import GRDB
import KithGraph
import KithImport

/// The database schema, as named migrations. A landed migration is never edited: add a new one.
enum Schema {
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1-core") { db in
      try db.execute(
        sql: """
          CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
          CREATE TABLE setting (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);

          CREATE TABLE person (
            id INTEGER PRIMARY KEY,
            handle TEXT NOT NULL UNIQUE CHECK (length(handle) > 0),
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            aliases TEXT NOT NULL DEFAULT '[]',
            emails TEXT NOT NULL DEFAULT '[]',
            phones TEXT NOT NULL DEFAULT '[]',
            urls TEXT NOT NULL DEFAULT '[]',
            tags TEXT NOT NULL DEFAULT '[]',
            interests TEXT NOT NULL DEFAULT '[]',
            cadence_days INTEGER CHECK (cadence_days IS NULL OR cadence_days > 0)
          );
          -- Every folded form a person can be named by: handle, name, alias, email.
          CREATE TABLE person_key (
            key TEXT NOT NULL,
            person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            PRIMARY KEY (key, person_id, kind)
          ) WITHOUT ROWID;
          CREATE INDEX person_key_person ON person_key(person_id);
          CREATE TABLE person_tag (
            tag TEXT NOT NULL,
            person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
            PRIMARY KEY (tag, person_id)
          ) WITHOUT ROWID;
          CREATE INDEX person_tag_person ON person_tag(person_id);

          CREATE TABLE organisation (
            id INTEGER PRIMARY KEY,
            handle TEXT NOT NULL UNIQUE CHECK (length(handle) > 0),
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            domains TEXT NOT NULL DEFAULT '[]',
            tags TEXT NOT NULL DEFAULT '[]'
          );
          CREATE TABLE organisation_key (
            key TEXT NOT NULL,
            organisation_id INTEGER NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
            PRIMARY KEY (key, organisation_id)
          ) WITHOUT ROWID;
          CREATE INDEX organisation_key_organisation ON organisation_key(organisation_id);

          CREATE TABLE affiliation (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
            organisation_id INTEGER NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
            role TEXT,
            from_time INTEGER,
            to_time INTEGER,
            CHECK (from_time IS NULL OR to_time IS NULL OR to_time >= from_time)
          );
          CREATE INDEX affiliation_person ON affiliation(person_id);
          CREATE INDEX affiliation_organisation ON affiliation(organisation_id);

          CREATE TABLE interaction (
            id INTEGER PRIMARY KEY,
            time INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN
              ('meeting','call','video','message','email','event','social','other')),
            participant_count INTEGER NOT NULL CHECK (participant_count >= 2),
            initiator_id INTEGER REFERENCES person(id) ON DELETE SET NULL,
            channel TEXT,
            summary TEXT,
            follow_up INTEGER,
            source TEXT,
            source_id TEXT
          );
          CREATE INDEX interaction_time ON interaction(time);
          CREATE INDEX interaction_follow_up ON interaction(follow_up) WHERE follow_up IS NOT NULL;
          CREATE UNIQUE INDEX interaction_source ON interaction(source, source_id)
            WHERE source IS NOT NULL AND source_id IS NOT NULL;
          CREATE INDEX interaction_initiator ON interaction(initiator_id)
            WHERE initiator_id IS NOT NULL;
          CREATE TABLE interaction_participant (
            interaction_id INTEGER NOT NULL REFERENCES interaction(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
            PRIMARY KEY (interaction_id, position),
            UNIQUE (interaction_id, person_id)
          ) WITHOUT ROWID;
          CREATE INDEX interaction_participant_person ON interaction_participant(person_id);

          CREATE TABLE exchange (
            id INTEGER PRIMARY KEY,
            time INTEGER NOT NULL,
            giver_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
            receiver_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('introduction','referral','job-lead','advice',
              'information','help','endorsement','gift','favour')),
            note TEXT,
            CHECK (giver_id <> receiver_id)
          );
          CREATE INDEX exchange_giver ON exchange(giver_id);
          CREATE INDEX exchange_receiver ON exchange(receiver_id);

          CREATE TABLE referral (
            id INTEGER PRIMARY KEY,
            time INTEGER NOT NULL,
            referrer_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
            recipient_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
            referee_person_id INTEGER REFERENCES person(id) ON DELETE CASCADE,
            referee_organisation_id INTEGER REFERENCES organisation(id) ON DELETE CASCADE,
            why TEXT,
            status TEXT NOT NULL CHECK (status IN
              ('suggested','contacted','met','reported-back','declined')),
            CHECK ((referee_person_id IS NULL) <> (referee_organisation_id IS NULL))
          );
          CREATE INDEX referral_referrer ON referral(referrer_id);
          CREATE INDEX referral_recipient ON referral(recipient_id);
          CREATE INDEX referral_referee_person ON referral(referee_person_id);
          CREATE INDEX referral_referee_organisation ON referral(referee_organisation_id);
          CREATE INDEX referral_status ON referral(status);
          CREATE TABLE referral_event (
            referral_id INTEGER NOT NULL REFERENCES referral(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            status TEXT NOT NULL,
            time INTEGER NOT NULL,
            reason TEXT,
            PRIMARY KEY (referral_id, seq)
          ) WITHOUT ROWID;

          CREATE TABLE explicit_tie (
            id INTEGER PRIMARY KEY,
            a_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
            b_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
            weight REAL NOT NULL CHECK (weight >= 0),
            time INTEGER,
            source TEXT,
            source_id TEXT,
            CHECK (a_id <> b_id)
          );
          CREATE INDEX explicit_tie_a ON explicit_tie(a_id);
          CREATE INDEX explicit_tie_b ON explicit_tie(b_id);
          CREATE UNIQUE INDEX explicit_tie_source ON explicit_tie(source, source_id)
            WHERE source IS NOT NULL AND source_id IS NOT NULL;

          CREATE TABLE note (
            id INTEGER PRIMARY KEY,
            time INTEGER NOT NULL,
            text TEXT NOT NULL,
            person_id INTEGER REFERENCES person(id) ON DELETE CASCADE,
            organisation_id INTEGER REFERENCES organisation(id) ON DELETE CASCADE,
            interaction_id INTEGER REFERENCES interaction(id) ON DELETE CASCADE
          );
          CREATE INDEX note_person ON note(person_id);
          CREATE INDEX note_organisation ON note(organisation_id);
          CREATE INDEX note_interaction ON note(interaction_id);

          CREATE TABLE tag_cadence (tag TEXT PRIMARY KEY NOT NULL, days INTEGER NOT NULL CHECK (days > 0));

          -- The tie ledger: per pair (a < b), the aggregate of its events under the current
          -- settings, so that a snapshot as of now reads ties instead of the interaction log.
          CREATE TABLE tie_ledger (
            a INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
            b INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
            count INTEGER NOT NULL,
            first INTEGER,
            last INTEGER,
            s_last REAL NOT NULL,
            peak REAL NOT NULL,
            constant REAL NOT NULL,
            PRIMARY KEY (a, b),
            CHECK (a < b)
          ) WITHOUT ROWID;
          CREATE INDEX tie_ledger_b ON tie_ledger(b);
          """)
    }
    migrator.registerMigration("v2-explicit-tie-time") { db in
      // Every snapshot asks for the latest dated event; without this index that is a scan of
      // every explicit tie.
      try db.execute(sql: "CREATE INDEX explicit_tie_time ON explicit_tie(time)")
    }
    migrator.registerMigration("v3-import-sources") { db in
      // Which stored record each imported record became, so that importing the same data
      // again changes nothing (interactions and explicit ties keep theirs in their own
      // source/source_id columns). Rows whose record is gone are ignored and replaced.
      // person_detail keeps facts that have no column of their own (a vCard's birthday).
      try db.execute(
        sql: """
          CREATE TABLE import_source (
            source TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN
              ('person','organisation','affiliation','note','exchange')),
            source_id TEXT NOT NULL,
            entity_id INTEGER NOT NULL,
            PRIMARY KEY (source, kind, source_id)
          ) WITHOUT ROWID;
          CREATE INDEX import_source_entity ON import_source(kind, entity_id);
          CREATE TABLE person_detail (
            person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (person_id, key)
          ) WITHOUT ROWID;
          """)
      // Identity keys for profile URLs and phones, so that imports recognise stored people.
      let insert = try db.makeStatement(
        sql: "INSERT OR IGNORE INTO person_key (key, person_id, kind) VALUES (?, ?, ?)")
      for row in try Row.fetchAll(db, sql: "SELECT id, urls, phones FROM person") {
        let id: Int64 = row["id"]
        for url in ListColumn.decode(row["urls"]) {
          if let key = IdentityKey.url(url) { try insert.execute(arguments: [key, id, "url"]) }
        }
        for phone in ListColumn.decode(row["phones"]) {
          if let key = IdentityKey.phone(phone) {
            try insert.execute(arguments: [key, id, "phone"])
          }
        }
      }
    }
    migrator.registerMigration("v4-compact-participants") { db in
      try Schema.compactParticipantsAndLedger(db)
    }
    migrator.registerMigration("v5-interaction-write-path") { db in
      try Schema.rebuildInteractionForWrites(db)
    }
    migrator.registerMigration("v6-packed-participations") { db in
      try Schema.packParticipations(db)
    }
    migrator.registerMigration("v7-compact-ledger-records") { db in
      try Schema.compactLedgerRecords(db)
    }
    migrator.registerMigration("v8-packed-interaction-sources") { db in
      try Schema.packInteractionSources(db)
    }
    migrator.registerMigration("v9-email-mailbox-keys") { db in
      // Imports match emails on their mailbox (`IdentityKey.mailbox`: without a `+tag`, Gmail
      // without dots), which `keyRows` now writes beside the address: the people stored
      // before get theirs.
      let insert = try db.makeStatement(
        sql: "INSERT OR IGNORE INTO person_key (key, person_id, kind) VALUES (?, ?, 'email')")
      for row in try Row.fetchAll(db, sql: "SELECT id, emails FROM person") {
        let id: Int64 = row["id"]
        for email in ListColumn.decode(row["emails"]) {
          let address = email.lowercased()
          let mailbox = IdentityKey.mailbox(ofAddress: address)
          if mailbox != address { try insert.execute(arguments: [mailbox, id]) }
        }
      }
    }
    migrator.registerMigration("v10-import-revisions") { db in
      // The version of each calendar event (and override) an import took
      // (`ImportBatch.revisions`), so that an older export imported later keeps the newer
      // versions. Databases from before have none: their next import is taken as it is.
      try db.execute(
        sql: """
          CREATE TABLE import_revision (
            source TEXT NOT NULL,
            source_id TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            modified INTEGER,
            stamp INTEGER,
            PRIMARY KEY (source, source_id)
          ) WITHOUT ROWID
          """)
    }
    migrator.registerMigration("v11-referral-exchange") { db in
      // The exchange a referral recorded (`addReferral`), by id: found by its content before,
      // which an edit of the exchange's date broke, and which two identical referrals shared.
      try db.execute(
        sql: """
          ALTER TABLE referral ADD COLUMN exchange_id INTEGER
            REFERENCES exchange(id) ON DELETE SET NULL
          """)
      try Schema.linkReferralExchanges(db)
    }
    migrator.registerMigration("v12-followups-dismissed") { db in
      // When the user dismissed a person's follow-ups (`Person.followUpsDismissed`, in
      // seconds): those of interactions up to then are no longer listed.
      try db.execute(sql: "ALTER TABLE person ADD COLUMN followups_dismissed INTEGER")
    }
    migrator.registerMigration("v13-ego-cadences") { db in
      try Schema.keepCadencesPerEgo(db)
    }
    migrator.registerMigration("v14-one-line-labels") { db in
      try Schema.cleanLabels(db)
      // A backup restored by a version that weighed a meeting by the people still named, not
      // by everyone who took part, left ties up to twice as strong (as a rebuild shows): the
      // ledger is rebuilt from the interactions, as a change of half-life rebuilds it.
      try Ledger.rebuild(db, ledgerOnly: true)
    }
    migrator.registerMigration("v15-latin-name-keys") { db in
      try Schema.foldKeysAgain(db)
    }
    migrator.registerMigration("v16-ties-let-go") { db in
      // The ties an ego let go (`kith let-go`): from `time` on, neglected, dormant and the plan
      // leave the person out, until a later contact. Every time a tie was let go is kept (the
      // latest by a day is the one in force then), so that a month replayed with --as-of is
      // the month as it was; the ego is NULL in a store with no ego yet.
      try db.execute(
        sql: """
          CREATE TABLE tie_letgo (
            ego_id INTEGER REFERENCES person(id) ON DELETE CASCADE,
            person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
            time INTEGER NOT NULL,
            reason TEXT,
            UNIQUE (ego_id, person_id, time)
          );
          CREATE INDEX tie_letgo_person ON tie_letgo(person_id);
          """)
    }
    migrator.registerMigration("v17-unique-without-ego") { db in
      try Schema.holdUniqueWithoutEgo(db)
    }
    migrator.registerMigration("v18-interaction-days") { db in
      try Schema.keepInteractionDays(db, zone: KithTime.zone)
    }
    migrator.registerMigration("v19-record-days") { db in
      try Schema.keepRecordDays(db, zone: KithTime.zone)
    }
    return migrator
  }

  /// The tables of records, other than interactions, that can be dated with a date alone, and
  /// the columns that name a row: notes, exchanges and referrals' status changes (a
  /// referral's own date is its first change's).
  static let recordsWithDays = [
    ("note", ["id"]), ("exchange", ["id"]), ("referral_event", ["referral_id", "seq"]),
  ]

  /// Migration v19: notes, exchanges and referrals' status changes remember whether they were
  /// dated with a date alone, as interactions do since v18 (`day`, the same CHECK). The rows
  /// stored before are marked as dates when their time is the start of a day in `zone`, the
  /// zone the migration runs in: those are the ones shown as a date alone until now.
  static func keepRecordDays(_ db: Database, zone: DayZone) throws {
    try keepDays(of: recordsWithDays, db, zone: zone)
  }

  /// Migration v17: the choices a store with no ego keeps (ego NULL: a team store, an import
  /// with `--no-ego`) are as unique as an ego's. SQLite takes NULLs for distinct values, so
  /// `UNIQUE (ego_id, person_id, time)` let a tie be let go twice at one instant; a partial
  /// unique index over the rows of no ego holds them too. Rows that already repeat become
  /// one: ties let go at one instant keep every reason, joined with "; " in the order they
  /// were written (as `mergeTiesLetGo` joins them); of two cadences the one written last
  /// stays, of two dismissals the later (as `mergeCadences` keeps it).
  static func holdUniqueWithoutEgo(_ db: Database) throws {
    let repeated = try Row.fetchAll(
      db,
      sql: """
        SELECT person_id, time FROM tie_letgo WHERE ego_id IS NULL
        GROUP BY person_id, time HAVING count(*) > 1
        """)
    for row in repeated {
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT rowid, reason FROM tie_letgo
          WHERE ego_id IS NULL AND person_id = ? AND time = ? ORDER BY rowid
          """, arguments: [row["person_id"], row["time"]])
      var reasons: [String] = []
      for r in rows {
        if let reason: String = r["reason"], !reasons.contains(reason) { reasons.append(reason) }
      }
      let kept: Int64 = rows[0]["rowid"]
      try db.execute(
        sql: """
          DELETE FROM tie_letgo
          WHERE ego_id IS NULL AND person_id = ? AND time = ? AND rowid <> ?
          """, arguments: [row["person_id"], row["time"], kept])
      try db.execute(
        sql: "UPDATE tie_letgo SET reason = ? WHERE rowid = ?",
        arguments: [reasons.isEmpty ? nil : reasons.joined(separator: "; "), kept])
    }
    try db.execute(
      sql: """
        DELETE FROM person_cadence WHERE ego_id IS NULL AND rowid NOT IN (
          SELECT max(rowid) FROM person_cadence WHERE ego_id IS NULL GROUP BY person_id);
        DELETE FROM tag_cadence WHERE ego_id IS NULL AND rowid NOT IN (
          SELECT max(rowid) FROM tag_cadence WHERE ego_id IS NULL GROUP BY tag);
        DELETE FROM followup_dismissal AS d WHERE ego_id IS NULL AND rowid <> (
          SELECT rowid FROM followup_dismissal AS e WHERE e.ego_id IS NULL
            AND e.person_id = d.person_id ORDER BY time DESC, rowid DESC LIMIT 1);
        CREATE UNIQUE INDEX tie_letgo_without_ego ON tie_letgo(person_id, time)
          WHERE ego_id IS NULL;
        CREATE UNIQUE INDEX person_cadence_without_ego ON person_cadence(person_id)
          WHERE ego_id IS NULL;
        CREATE UNIQUE INDEX tag_cadence_without_ego ON tag_cadence(tag) WHERE ego_id IS NULL;
        CREATE UNIQUE INDEX followup_dismissal_without_ego ON followup_dismissal(person_id)
          WHERE ego_id IS NULL;
        """)
  }

  /// Migration v18: an interaction remembers whether it was entered as a date alone.
  ///
  /// `interaction.day` is the calendar day entered (days since 1970-01-01) for an interaction
  /// entered with no time of day (`Interaction.day`), NULL for one entered as a time; `time`
  /// stays the start of that day in the zone it was entered in, within a day of the day's
  /// midnight in UTC (the CHECK). Until now a date was known only by its time falling at the
  /// start of a day, in whatever zone the store was read in. The interactions stored before
  /// are marked as dates when their time is the start of a day in `zone`, the zone the
  /// migration runs in (the user's): those are the ones shown as a date alone until now, so
  /// nothing looks different after the upgrade. A meeting at 00:00 stored before is taken for
  /// a date, as it was shown; `kith edit interaction ID --on DATE-TIME` gives it its time.
  static func keepInteractionDays(_ db: Database, zone: DayZone) throws {
    try keepDays(of: [("interaction", ["id"])], db, zone: zone)
  }

  /// Adds the `day` column (the calendar day entered, with its CHECK) to each table, named
  /// with the columns that name its rows, and marks the rows whose time is the start of a day
  /// in `zone` as that day: migrations v18 and v19.
  static func keepDays(of tables: [(String, [String])], _ db: Database, zone: DayZone) throws {
    for (table, key) in tables {
      try db.execute(
        sql: """
          ALTER TABLE \(table) ADD COLUMN day INTEGER
            CHECK (day IS NULL OR (time > day * 86400 - 86400 AND time < day * 86400 + 86400))
          """)
      let rows = try _RawStatement(db, "SELECT \(key.joined(separator: ", ")), time FROM \(table)")
      var marked: [(key: [Int64], day: Int64)] = []
      while try rows.step() {
        if let day = Interaction.shownDay(ofSeconds: rows.int64(Int32(key.count)), in: zone) {
          marked.append(((0..<key.count).map { rows.int64(Int32($0)) }, day))
        }
      }
      rows.reset()
      let update = try _RawStatement(
        db,
        "UPDATE \(table) SET day = ? WHERE \(key.map { "\($0) = ?" }.joined(separator: " AND "))")
      for (key, day) in marked {
        update.bind(1, day)
        for (k, value) in key.enumerated() { update.bind(Int32(k + 2), value) }
        try update.step()
        update.reset()
      }
    }
  }

  /// Migration v15: the lookup keys of people and organisations as `TextKey.fold` now makes
  /// them, which spells letters such as ł, ø and ß in Latin (`lukasz` finds Łukasz) and leaves
  /// emoji out of names (`Zoë Chen 🚀` is found as `zoe chen`). Only the keys are written again;
  /// names and handles stay as they are.
  static func foldKeysAgain(_ db: Database) throws {
    for id in try Int64.fetchAll(db, sql: "SELECT id FROM person") {
      if let p = try KithStore.fetchPerson(id: id, db) { try KithStore.writeKeys(of: p, db) }
    }
    for row in try Row.fetchAll(db, sql: "SELECT id, handle, name, domains, tags FROM organisation")
    {
      try KithStore.writeKeys(of: Organisation(row: row), db)
    }
  }

  /// Migration v14: one-line fields as the store now keeps them (`KithStore.label`).
  ///
  /// Earlier versions kept line breaks, control characters and invisible format characters
  /// in names, aliases, tags, roles and the other one-line fields: they broke every table the
  /// record appeared in, and the backup of such a store could not be restored by a version
  /// that refused them. Each person, organisation, affiliation and tag cadence is written as
  /// the store now normalises it, with its lookup keys (`person_key`, `person_tag`,
  /// `organisation_key`) written again; records already clean are left untouched. Two tag
  /// cadences of one ego that become the same tag keep the one already clean (else the first).
  static func cleanLabels(_ db: Database) throws {
    for row in try Row.fetchAll(
      db, sql: "SELECT id, handle, name, aliases, emails, phones, urls, tags, interests FROM person"
    ) {
      let stored = Person(
        id: row["id"], handle: row["handle"], name: row["name"],
        aliases: ListColumn.decode(row["aliases"]), emails: ListColumn.decode(row["emails"]),
        phones: ListColumn.decode(row["phones"]), urls: ListColumn.decode(row["urls"]),
        tags: ListColumn.decode(row["tags"]), interests: ListColumn.decode(row["interests"]))
      let p = KithStore.normalised(stored)
      guard p != stored else { continue }
      try db.execute(
        sql: """
          UPDATE person SET name = ?, aliases = ?, emails = ?, phones = ?, urls = ?, tags = ?,
            interests = ? WHERE id = ?
          """,
        arguments: [
          p.name, ListColumn.encode(p.aliases), ListColumn.encode(p.emails),
          ListColumn.encode(p.phones), ListColumn.encode(p.urls), ListColumn.encode(p.tags),
          ListColumn.encode(p.interests), p.id,
        ])
      try KithStore.writeKeys(of: p, db)
    }
    for row in try Row.fetchAll(db, sql: "SELECT id, handle, name, domains, tags FROM organisation")
    {
      let stored = Organisation(row: row)
      let o = KithStore.normalised(stored)
      guard o != stored else { continue }
      try db.execute(
        sql: "UPDATE organisation SET name = ?, domains = ?, tags = ? WHERE id = ?",
        arguments: [o.name, ListColumn.encode(o.domains), ListColumn.encode(o.tags), o.id])
      try KithStore.writeKeys(of: o, db)
    }
    for row in try Row.fetchAll(db, sql: "SELECT id, role FROM affiliation WHERE role IS NOT NULL")
    {
      let role: String = row["role"]
      let cleaned = KithStore.role(role)
      guard cleaned != role else { continue }
      try db.execute(
        sql: "UPDATE affiliation SET role = ? WHERE id = ?", arguments: [cleaned, row["id"]])
    }
    for row in try Row.fetchAll(db, sql: "SELECT rowid, tag FROM tag_cadence ORDER BY rowid") {
      let tag: String = row["tag"]
      let cleaned = KithStore.tagKey(tag)
      guard cleaned != tag else { continue }
      let rowid: Int64 = row["rowid"]
      if cleaned.isEmpty {
        try db.execute(sql: "DELETE FROM tag_cadence WHERE rowid = ?", arguments: [rowid])
      } else {
        try db.execute(
          sql: "UPDATE OR IGNORE tag_cadence SET tag = ? WHERE rowid = ?",
          arguments: [cleaned, rowid])
        try db.execute(
          sql: "DELETE FROM tag_cadence WHERE rowid = ? AND tag = ?", arguments: [rowid, tag])
      }
    }
  }

  /// Migration v13: cadences and dismissed follow-ups belong to the ego who set them.
  ///
  /// A team store has several egos (`--ego`), and a person's cadence (`kith cadence PERSON
  /// DAYS`), a tag's cadence and a dismissal of a person's follow-ups are one ego's choice:
  /// kept in a column of the person, or a row per tag, they applied to every ego. They move
  /// to tables keyed by the ego (`ego_id`). Those stored before are the store's ego's (*me*).
  /// A store without an ego yet keeps them with no ego (`ego_id` NULL), the one that
  /// `kith init` then records takes them (`KithStore.recordEgo`), and a read for the store's
  /// ego reads them as its own (`ego_id IS` the ego in `meta`, NULL when none).
  static func keepCadencesPerEgo(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE person_cadence (
          ego_id INTEGER REFERENCES person(id) ON DELETE CASCADE,
          person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
          days INTEGER NOT NULL CHECK (days > 0),
          UNIQUE (ego_id, person_id)
        );
        CREATE INDEX person_cadence_person ON person_cadence(person_id);
        CREATE TABLE followup_dismissal (
          ego_id INTEGER REFERENCES person(id) ON DELETE CASCADE,
          person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
          time INTEGER NOT NULL,
          UNIQUE (ego_id, person_id)
        );
        CREATE INDEX followup_dismissal_person ON followup_dismissal(person_id);
        CREATE TABLE tag_cadence_v13 (
          ego_id INTEGER REFERENCES person(id) ON DELETE CASCADE,
          tag TEXT NOT NULL,
          days INTEGER NOT NULL CHECK (days > 0),
          UNIQUE (ego_id, tag)
        );
        INSERT INTO person_cadence (ego_id, person_id, days)
          SELECT \(KithStore.storeEgo), id, cadence_days FROM person
          WHERE cadence_days IS NOT NULL AND id IS NOT \(KithStore.storeEgo);
        INSERT INTO followup_dismissal (ego_id, person_id, time)
          SELECT \(KithStore.storeEgo), id, followups_dismissed FROM person
          WHERE followups_dismissed IS NOT NULL;
        INSERT INTO tag_cadence_v13 (ego_id, tag, days)
          SELECT \(KithStore.storeEgo), tag, days FROM tag_cadence;
        DROP TABLE tag_cadence;
        ALTER TABLE tag_cadence_v13 RENAME TO tag_cadence;
        ALTER TABLE person DROP COLUMN cadence_days;
        ALTER TABLE person DROP COLUMN followups_dismissed;
        """)
  }

  /// Links each referral without an exchange to the exchange recorded with it: the oldest
  /// exchange of kind referral from the referrer to the recipient at the referral's time with
  /// its reason as note, that no other referral has. For databases from before migration v11,
  /// and for a restored backup (which lists the two apart).
  static func linkReferralExchanges(_ db: Database) throws {
    var taken = Set(
      try Int64.fetchAll(
        db, sql: "SELECT exchange_id FROM referral WHERE exchange_id IS NOT NULL"))
    for row in try Row.fetchAll(
      db,
      sql: """
        SELECT id, time, referrer_id, recipient_id, why FROM referral
        WHERE exchange_id IS NULL ORDER BY id
        """)
    {
      let candidates = try Int64.fetchAll(
        db,
        sql: """
          SELECT id FROM exchange WHERE kind = 'referral' AND time = ? AND giver_id = ?
            AND receiver_id = ? AND note IS ? ORDER BY id
          """,
        arguments: [row["time"], row["referrer_id"], row["recipient_id"], row["why"]])
      guard let exchange = candidates.first(where: { !taken.contains($0) }) else { continue }
      taken.insert(exchange)
      try db.execute(
        sql: "UPDATE referral SET exchange_id = ? WHERE id = ?", arguments: [exchange, row["id"]])
    }
  }

  /// Migration v4: fewer B-tree writes per interaction, and a ledger a snapshot reads in bulk.
  ///
  /// - `interaction.participants` holds the participants in order, as a JSON array of ids.
  /// - `interaction_participant` keeps one row per (person, interaction), keyed by person
  ///   first: the by-person lookup path, and the uniqueness of a person in an interaction. It
  ///   has no other index and no foreign keys: the store checks that participants exist before
  ///   it writes them, and triggers remove the rows with their interaction or their person.
  /// - `tie_ledger` becomes `tie_ledger_block`: each person's pairs with people of larger ids,
  ///   packed into BLOBs of fixed-size records (`FixedLedgerRecord`, until migration v7).
  ///   Deleting a person rebuilds the ledger, as `removePerson` does.
  static func compactParticipantsAndLedger(_ db: Database) throws {
    try db.execute(
      sql: """
        ALTER TABLE interaction ADD COLUMN participants TEXT NOT NULL DEFAULT '[]';
        UPDATE interaction SET participants = (
          SELECT json_group_array(person_id) FROM (
            SELECT person_id FROM interaction_participant p
            WHERE p.interaction_id = interaction.id ORDER BY position));
        CREATE TABLE interaction_participant_v3 (
          person_id INTEGER NOT NULL,
          interaction_id INTEGER NOT NULL,
          position INTEGER NOT NULL,
          PRIMARY KEY (person_id, interaction_id)
        ) WITHOUT ROWID;
        INSERT INTO interaction_participant_v3 (person_id, interaction_id, position)
          SELECT person_id, interaction_id, position FROM interaction_participant
          ORDER BY person_id, interaction_id;
        DROP TABLE interaction_participant;
        ALTER TABLE interaction_participant_v3 RENAME TO interaction_participant;
        CREATE TRIGGER interaction_delete_participants AFTER DELETE ON interaction BEGIN
          DELETE FROM interaction_participant WHERE interaction_id = old.id
            AND person_id IN (SELECT value FROM json_each(old.participants));
        END;
        CREATE TRIGGER person_delete_participation BEFORE DELETE ON person BEGIN
          UPDATE interaction SET
            participants = (
              SELECT json_group_array(value) FROM json_each(interaction.participants)
              WHERE value <> old.id)
            WHERE id IN (SELECT interaction_id FROM interaction_participant WHERE person_id = old.id);
          DELETE FROM interaction_participant WHERE person_id = old.id;
        END;

        CREATE TABLE tie_ledger_block (
          id INTEGER PRIMARY KEY,
          a INTEGER NOT NULL,
          lo INTEGER NOT NULL,
          n INTEGER NOT NULL CHECK (n > 0),
          data BLOB NOT NULL CHECK (length(data) = 56 * n)
        );
        CREATE UNIQUE INDEX tie_ledger_block_key ON tie_ledger_block(a, lo);
        """)
    // Carry the ledger over as it is (same settings, same aggregates).
    let rows = try Row.fetchCursor(
      db,
      sql: "SELECT a, b, count, first, last, s_last, peak, constant FROM tie_ledger ORDER BY a, b")
    var writer = try Ledger.BlockWriter(db, encode: FixedLedgerRecord.encode)
    while let row = try rows.next() {
      try writer.set(
        Ledger.Key(row["a"], row["b"]),
        TieAccumulator(
          count: row["count"], first: row["first"], last: row["last"],
          strengthAtLast: row["s_last"], peakDecaying: row["peak"], constant: row["constant"]))
    }
    try writer.finish()
    try db.execute(sql: "DROP TABLE tie_ledger")
  }

  /// Migration v5: the same interactions, with less work per inserted row.
  ///
  /// - The kind's CHECK compares with each kind in turn: SQLite evaluates `kind IN (…8 values…)`
  ///   by building a temporary index for every row checked, which cost more than writing the
  ///   row itself.
  /// - `(source, source_id)` is found through `source_key`, a 64-bit digest
  ///   (`Schema.sourceKey`), kept in `interaction_source` (key, interaction id) instead of a
  ///   unique index on the two texts. Imported ids arrive in random order: a random insert
  ///   into an index of long texts cost more than the row, while a batch writes its
  ///   `interaction_source` rows sorted by key, as it writes participant rows. A digest may
  ///   collide, so keys are not unique; every writer checks the texts first
  ///   (`KithStore.insertInteraction`, the import's source-id set). The digest's high 24 bits
  ///   come from the source alone, so one source's rows are one range of keys (what an import
  ///   reads before it writes). `interaction.source_key` keeps the key for the trigger that
  ///   removes the entry with its interaction.
  /// - `interaction_follow_up` is dropped: no query looks interactions up by follow-up date
  ///   (follow-ups are read with the ego's interactions). `interaction_time` stays: it answers
  ///   the latest event time that every snapshot asks for.
  ///
  /// SQLite cannot change a CHECK in place: the table is rebuilt (same ids, same rows), and
  /// its triggers and indexes are created again.
  static func rebuildInteractionForWrites(_ db: Database) throws {
    try db.execute(
      sql: """
        DROP TRIGGER interaction_delete_participants;
        DROP TRIGGER person_delete_participation;
        CREATE TABLE interaction_v5 (
          id INTEGER PRIMARY KEY,
          time INTEGER NOT NULL,
          kind TEXT NOT NULL CHECK (kind = 'meeting' OR kind = 'call' OR kind = 'video'
            OR kind = 'message' OR kind = 'email' OR kind = 'event' OR kind = 'social'
            OR kind = 'other'),
          participant_count INTEGER NOT NULL CHECK (participant_count >= 2),
          initiator_id INTEGER REFERENCES person(id) ON DELETE SET NULL,
          channel TEXT,
          summary TEXT,
          follow_up INTEGER,
          source TEXT,
          source_id TEXT,
          participants TEXT NOT NULL DEFAULT '[]',
          source_key INTEGER,
          CHECK ((source_key IS NULL) = (source IS NULL OR source_id IS NULL))
        );
        """)
    // Rows in id order, each with its source key.
    let rows = try _RawStatement(
      db,
      """
      SELECT id, time, kind, participant_count, initiator_id, channel, summary, follow_up,
        source, source_id, participants FROM interaction ORDER BY id
      """)
    let insert = try _RawStatement(
      db,
      """
      INSERT INTO interaction_v5 (id, time, kind, participant_count, initiator_id, channel,
        summary, follow_up, source, source_id, participants, source_key)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """)
    while try rows.step() {
      for column: Int32 in 0..<11 { insert.bind(column + 1, copyOf: rows, column: column) }
      let source = rows.text(8)
      let sourceID = rows.text(9)
      if let source, let sourceID {
        insert.bind(12, sourceKey(source: source, sourceID: sourceID))
      } else {
        insert.bind(12, nil as Int64?)
      }
      try insert.step()
      insert.reset()
    }
    rows.reset()
    try db.execute(
      sql: """
        DROP TABLE interaction;
        ALTER TABLE interaction_v5 RENAME TO interaction;
        CREATE INDEX interaction_time ON interaction(time);
        CREATE INDEX interaction_initiator ON interaction(initiator_id)
          WHERE initiator_id IS NOT NULL;
        CREATE TABLE interaction_source (
          source_key INTEGER NOT NULL,
          interaction_id INTEGER NOT NULL,
          PRIMARY KEY (source_key, interaction_id)
        ) WITHOUT ROWID;
        INSERT INTO interaction_source (source_key, interaction_id)
          SELECT source_key, id FROM interaction WHERE source_key IS NOT NULL
          ORDER BY source_key, id;
        CREATE TRIGGER interaction_delete_source AFTER DELETE ON interaction
          WHEN old.source_key IS NOT NULL BEGIN
          DELETE FROM interaction_source
            WHERE source_key = old.source_key AND interaction_id = old.id;
        END;
        CREATE TRIGGER interaction_delete_participants AFTER DELETE ON interaction BEGIN
          DELETE FROM interaction_participant WHERE interaction_id = old.id
            AND person_id IN (SELECT value FROM json_each(old.participants));
        END;
        CREATE TRIGGER person_delete_participation BEFORE DELETE ON person BEGIN
          UPDATE interaction SET
            participants = (
              SELECT json_group_array(value) FROM json_each(interaction.participants)
              WHERE value <> old.id)
            WHERE id IN (SELECT interaction_id FROM interaction_participant WHERE person_id = old.id);
          DELETE FROM interaction_participant WHERE person_id = old.id;
        END;
        """)
  }

  /// Migration v6: no B-tree row per participant, and no index on interaction times.
  ///
  /// - `interaction_participant` (a row per person and interaction) becomes
  ///   `participation_block`: each person's interaction ids, ascending, in blocks of a JSON
  ///   array (see `Participations`). A view of the old name lists them as rows, so that SQL
  ///   reads them as before. Inserting 1M interactions wrote 2.3M participant rows, each a
  ///   B-tree insert that cost SQLite about 2,500 instructions; a block per person costs a
  ///   fraction of that. The blocks derive from `interaction.participants`: the triggers that
  ///   kept the rows in step with deletions go, and the code that deletes interactions
  ///   rebuilds the blocks (`Ledger.rebuild`).
  /// - `interaction_time` is dropped: it answered only the latest interaction time, which
  ///   `meta` now keeps (`Ledger.latestInteractionTimeKey`), and it cost each inserted
  ///   interaction about 1,900 instructions and 14 bytes written twice.
  static func packParticipations(_ db: Database) throws {
    try db.execute(
      sql: """
        DROP TRIGGER interaction_delete_participants;
        DROP TRIGGER person_delete_participation;
        CREATE TABLE participation_block (
          id INTEGER PRIMARY KEY,
          person_id INTEGER NOT NULL,
          lo INTEGER NOT NULL,
          hi INTEGER NOT NULL CHECK (hi >= lo),
          n INTEGER NOT NULL CHECK (n > 0),
          ids TEXT NOT NULL
        );
        CREATE UNIQUE INDEX participation_block_key ON participation_block(person_id, lo);
        """)
    var person: [Int64] = []
    var interaction: [Int64] = []
    let rows = try _RawStatement(
      db,
      "SELECT person_id, interaction_id FROM interaction_participant ORDER BY person_id, interaction_id"
    )
    while try rows.step() {
      person.append(rows.int64(0))
      interaction.append(rows.int64(1))
    }
    rows.reset()
    try Participations.append(person: person, interaction: interaction, db)
    try db.execute(
      sql: """
        DROP TABLE interaction_participant;
        CREATE VIEW interaction_participant (person_id, interaction_id) AS
          SELECT b.person_id, j.value FROM participation_block b, json_each(b.ids) j;
        CREATE TRIGGER person_delete_participation BEFORE DELETE ON person BEGIN
          UPDATE interaction SET
            participants = (
              SELECT json_group_array(value) FROM json_each(interaction.participants)
              WHERE value <> old.id)
            WHERE id IN (SELECT interaction_id FROM interaction_participant WHERE person_id = old.id);
          DELETE FROM participation_block WHERE person_id = old.id;
        END;
        DROP INDEX interaction_time;
        """)
    if let latest = try Int64.fetchOne(db, sql: "SELECT max(time) FROM interaction") {
      try Ledger.raiseLatestInteractionTime(to: latest, db)
    }
  }

  /// Migration v7: ledger records of variable length, about a quarter of the bytes.
  ///
  /// The fixed 56-byte records of v4 (`FixedLedgerRecord`) were half of a large database, and
  /// every byte of a block a batch touches is written twice (to the WAL, then to the database)
  /// and synced: after one million interactions among 50k people the ledger held 106 MB of
  /// 204. Most pairs have met once, so most of each record was a count of 1, a last time equal
  /// to the first, and a peak equal to the strength; `Ledger.Entry` leaves those out and packs
  /// ids and times as varints: that ledger takes 25 MB.
  ///
  /// SQLite cannot drop the CHECK on `length(data)` in place: the table is rebuilt with the
  /// same rows (ids, `a`, `lo`, `n`) and every block re-encoded, bit for bit the same values.
  /// The old table's pages become free pages that later writes reuse; the file does not shrink.
  static func compactLedgerRecords(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE tie_ledger_block_v7 (
          id INTEGER PRIMARY KEY,
          a INTEGER NOT NULL,
          lo INTEGER NOT NULL,
          n INTEGER NOT NULL CHECK (n > 0),
          data BLOB NOT NULL
        );
        """)
    let rows = try _RawStatement(db, "SELECT id, a, lo, n, data FROM tie_ledger_block ORDER BY id")
    let insert = try _RawStatement(
      db, "INSERT INTO tie_ledger_block_v7 (id, a, lo, n, data) VALUES (?, ?, ?, ?, ?)")
    while try rows.step() {
      for column: Int32 in 0..<4 { insert.bind(column + 1, copyOf: rows, column: column) }
      let entries = FixedLedgerRecord.decode(rows.bytes(4))
      let data = Ledger.Entry.encode(entries[...])
      data.withUnsafeBytes { insert.bind(5, blob: $0) }
      try insert.step()
      insert.reset()
    }
    rows.reset()
    try db.execute(
      sql: """
        DROP TABLE tie_ledger_block;
        ALTER TABLE tie_ledger_block_v7 RENAME TO tie_ledger_block;
        CREATE UNIQUE INDEX tie_ledger_block_key ON tie_ledger_block(a, lo);
        """)
  }
  /// Migration v8: `interaction_source` entries in blocks (`SourceBlocks`).
  ///
  /// Every interaction with a source had a B-tree row (source key, interaction id) in a
  /// WITHOUT ROWID table: after the interaction rows themselves, the largest write of an
  /// import (about 2,600 SQLite instructions an interaction, 3.9 MB for 200k). The entries are
  /// now packed as varints in blocks of about 256, keyed by their first source key. The blocks
  /// derive from `interaction.source_key`, like the participation blocks from `participants`:
  /// the trigger that removed an entry with its interaction goes, and the code that deletes
  /// interactions rebuilds them (`Ledger.rebuild`).
  static func packInteractionSources(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE interaction_source_block (
          lo INTEGER PRIMARY KEY,
          n INTEGER NOT NULL,
          entries BLOB NOT NULL
        );
        DROP TRIGGER interaction_delete_source;
        """)
    try SourceBlocks.write(
      scanning: "SELECT source_key, interaction_id FROM interaction_source", db)
    try db.execute(sql: "DROP TABLE interaction_source")
  }

  /// The ledger record of migrations v4 and v5: 56 bytes, little-endian: `b`, `count`,
  /// `first` and `last` (`TieColumns.none` when undated), `strengthAtLast`, `peakDecaying`
  /// and `constant`. Migration v4 writes it and migration v7 reads it: never change it.
  enum FixedLedgerRecord {
    static let size = 56

    /// The entries of a v4 block's BLOB (whose length the v4 table checked).
    static func decode(_ bytes: UnsafeRawBufferPointer) -> [Ledger.Entry] {
      (0..<(bytes.count / size)).map { k in
        func int(_ at: Int) -> Int64 {
          Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: k * size + at, as: Int64.self))
        }
        func double(_ at: Int) -> Double {
          Double(bitPattern: UInt64(bitPattern: int(at)))
        }
        let first = int(16)
        let last = int(24)
        return Ledger.Entry(
          b: int(0),
          acc: TieAccumulator(
            count: Int(int(8)), first: first == TieColumns.none ? nil : first,
            last: last == TieColumns.none ? nil : last, strengthAtLast: double(32),
            peakDecaying: double(40), constant: double(48)))
      }
    }

    /// Packs `entries` into a v4 block's BLOB.
    static func encode(_ entries: ArraySlice<Ledger.Entry>) -> [UInt8] {
      var data = [UInt8](repeating: 0, count: entries.count * size)
      data.withUnsafeMutableBytes { raw in
        for (k, e) in entries.enumerated() {
          func put(_ value: Int64, _ at: Int) {
            raw.storeBytes(of: value.littleEndian, toByteOffset: k * size + at, as: Int64.self)
          }
          put(e.b, 0)
          put(Int64(e.acc.count), 8)
          put(e.acc.first ?? TieColumns.none, 16)
          put(e.acc.last ?? TieColumns.none, 24)
          put(Int64(bitPattern: e.acc.strengthAtLast.bitPattern), 32)
          put(Int64(bitPattern: e.acc.peakDecaying.bitPattern), 40)
          put(Int64(bitPattern: e.acc.constant.bitPattern), 48)
        }
      }
      return data
    }
  }

  /// The `source_key` of an interaction imported from `source` with id `sourceID`: the top
  /// 24 bits digest the source, the low 40 bits the source id (FNV-1a over the UTF-8 bytes,
  /// then a 64-bit finaliser). Stored in databases: never change it (a test pins values).
  static func sourceKey(source: String, sourceID: String) -> Int64 {
    sourceKey(sourceDigest: sourceDigest(source), sourceID: sourceID)
  }

  /// The high 24 bits of every `sourceKey` of `source`, for a caller keying many rows of one
  /// source.
  static func sourceDigest(_ source: String) -> UInt64 { mix(fnv1a(source)) >> 40 }

  /// `sourceKey(source:sourceID:)` with the source's part computed by `sourceDigest`.
  static func sourceKey(sourceDigest high: UInt64, sourceID: String) -> Int64 {
    let low = mix(fnv1a(sourceID)) & ((1 << 40) - 1)
    return Int64(bitPattern: high << 40 | low)
  }

  /// The range of `source_key` values of one source, bounds included.
  static func sourceKeyRange(source: String) -> ClosedRange<Int64> {
    let high = mix(fnv1a(source)) >> 40
    let lo = Int64(bitPattern: high << 40)
    return lo...(lo | ((1 << 40) - 1))
  }

  private static func fnv1a(_ text: String) -> UInt64 {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325
    // Over the contiguous bytes: iterating `text.utf8` costs several times more per byte, and
    // the import digests every row's source id.
    var text = text
    text.withUTF8 { bytes in
      for byte in bytes {
        value ^= UInt64(byte)
        value = value &* 0x100_0000_01b3
      }
    }
    return value
  }

  /// The finaliser of SplitMix64 (Steele, Lea & Flood 2014, doi:10.1145/2660193.2660195):
  /// FNV-1a's high bits depend weakly on the last bytes, and both halves of the key are used.
  private static func mix(_ x: UInt64) -> UInt64 {
    var z = x
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    return z ^ (z >> 31)
  }
}
