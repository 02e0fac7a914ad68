import Foundation
import GRDB
import KithGraph

/// Cadences (a person's, a tag's), dismissed follow-ups (migration v13) and ties let go (v16),
/// each kept with the ego who set it: in a team store every ego keeps in touch at their own
/// pace and dismisses their own reminders. Every call takes the ego's id; nil names the store's
/// ego (*me*), whose rows a store without an ego yet keeps with no ego.
extension KithStore {
  /// SQL for the store's ego's id, NULL when none is set: `ego_id IS` it selects *me*'s rows.
  static let storeEgo = "(SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'ego')"

  /// SQL for the ego bound to `?1`: the store's ego when the argument is NULL.
  private static let egoArgument = "coalesce(?1, \(storeEgo))"

  /// The columns of a person as `Person(row:)` reads them, the store's ego's cadence and
  /// dismissal included: `SELECT \(personColumns) FROM person`.
  static let personColumns = """
    person.*,
    (SELECT days FROM person_cadence c WHERE c.person_id = person.id
      AND c.ego_id IS \(storeEgo)) AS cadence_days,
    (SELECT time FROM followup_dismissal d WHERE d.person_id = person.id
      AND d.ego_id IS \(storeEgo)) AS followups_dismissed
    """

  // MARK: Rows

  static func cadenceDays(ego: Int64?, person: Int64, _ db: Database) throws -> Int? {
    try Int.fetchOne(
      db.cachedStatement(
        sql: "SELECT days FROM person_cadence WHERE ego_id IS \(egoArgument) AND person_id = ?2"),
      arguments: [ego, person])
  }

  /// Sets `ego`'s cadence for `person` (nil clears it); returns whether it changed.
  @discardableResult
  static func writeCadence(_ days: Int?, ego: Int64?, person: Int64, _ db: Database) throws
    -> Bool
  {
    let old = try cadenceDays(ego: ego, person: person, db)
    guard old != days else { return false }
    if let days, days <= 0 {
      throw InvalidRecord(field: "cadence", message: "cadence must be a positive number of days")
    }
    // A delete, then an insert: UNIQUE does not hold rows of no ego to one a person.
    try db.cachedStatement(
      sql: "DELETE FROM person_cadence WHERE ego_id IS \(egoArgument) AND person_id = ?2"
    ).execute(arguments: [ego, person])
    if let days {
      try db.cachedStatement(
        sql: "INSERT INTO person_cadence (ego_id, person_id, days) VALUES (\(egoArgument), ?2, ?3)"
      ).execute(arguments: [ego, person, days])
    }
    return true
  }

  static func dismissal(ego: Int64?, person: Int64, _ db: Database) throws -> Int64? {
    try Int64.fetchOne(
      db.cachedStatement(
        sql:
          "SELECT time FROM followup_dismissal WHERE ego_id IS \(egoArgument) AND person_id = ?2"),
      arguments: [ego, person])
  }

  /// Sets when `ego` dismissed `person`'s follow-ups, in seconds (nil: not dismissed).
  static func writeDismissal(_ time: Int64?, ego: Int64?, person: Int64, _ db: Database) throws {
    try db.cachedStatement(
      sql: "DELETE FROM followup_dismissal WHERE ego_id IS \(egoArgument) AND person_id = ?2"
    ).execute(arguments: [ego, person])
    if let time {
      try db.cachedStatement(
        sql: """
          INSERT INTO followup_dismissal (ego_id, person_id, time)
          VALUES (\(egoArgument), ?2, ?3)
          """
      ).execute(arguments: [ego, person, time])
    }
  }

  /// The latest time `ego` let the tie to `person` go at or before `asOf` (seconds), and why;
  /// nil when they had not by then.
  static func letGo(ego: Int64?, person: Int64, asOf: Int64, _ db: Database) throws -> TieLetGo? {
    try Row.fetchOne(
      db.cachedStatement(
        sql: """
          SELECT time, reason FROM tie_letgo
          WHERE ego_id IS \(egoArgument) AND person_id = ?2 AND time <= ?3
          ORDER BY time DESC LIMIT 1
          """),
      arguments: [ego, person, asOf]
    ).map {
      TieLetGo(
        ego: ego, person: person, time: Date(kithSeconds: $0["time"] as Int64),
        reason: $0["reason"])
    }
  }

  /// A reason as the store keeps it: as written, line breaks included (as a referral's reason,
  /// a summary or a note), without the blank space around it; nil when blank.
  public static func letGoReason(_ reason: String?) -> String? {
    reason.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap {
      $0.isEmpty ? nil : $0
    }
  }

  /// Records `id` as the store's ego; the cadences, dismissals and ties let go kept while the
  /// store had no ego become theirs.
  static func recordEgo(_ id: Int64, _ db: Database) throws {
    try db.execute(
      sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('ego', ?)", arguments: ["\(id)"])
    for table in ["person_cadence", "followup_dismissal", "tag_cadence", "tie_letgo"] {
      try db.execute(sql: "UPDATE \(table) SET ego_id = ? WHERE ego_id IS NULL", arguments: [id])
    }
    // Nobody keeps a cadence with themselves.
    try db.execute(sql: "DELETE FROM person_cadence WHERE ego_id = person_id")
  }

  /// Moves the cadences and dismissals of `removed` (as the ego, and as the person they are
  /// about) to `kept`, for a merge: where both have one for the same ego and person, `kept`'s
  /// cadence and the later dismissal stay. Ties let go move with `mergeTiesLetGo`.
  /// - Returns: how many of `removed`'s cadences gave way to a different one of `kept`'s.
  static func mergeCadences(keep kept: Int64, remove removed: Int64, _ db: Database) throws
    -> Int
  {
    var dropped = 0
    for row in try Row.fetchAll(
      db, sql: "SELECT ego_id, days FROM person_cadence WHERE person_id = ?", arguments: [removed])
    {
      let ego: Int64? = row["ego_id"]
      let days: Int = row["days"]
      // Their cadence with the one they are merged into.
      if ego == kept || ego == removed { continue }
      if let own = try Self.egoCadence(ego, kept, db) {
        if own != days { dropped += 1 }
      } else {
        try db.execute(
          sql: "INSERT INTO person_cadence (ego_id, person_id, days) VALUES (?, ?, ?)",
          arguments: [ego, kept, days])
      }
    }
    for row in try Row.fetchAll(
      db, sql: "SELECT person_id, days FROM person_cadence WHERE ego_id = ?", arguments: [removed])
    {
      let person: Int64 = row["person_id"]
      let days: Int = row["days"]
      if person == kept || person == removed { continue }
      if let own = try Self.egoCadence(kept, person, db) {
        if own != days { dropped += 1 }
      } else {
        try db.execute(
          sql: "INSERT INTO person_cadence (ego_id, person_id, days) VALUES (?, ?, ?)",
          arguments: [kept, person, days])
      }
    }
    // Dismissals: the later one stays (the one person's follow-ups were all dismissed up to
    // then).
    for (column, other) in [("person_id", "ego_id"), ("ego_id", "person_id")] {
      for row in try Row.fetchAll(
        db, sql: "SELECT \(other) AS other, time FROM followup_dismissal WHERE \(column) = ?",
        arguments: [removed])
      {
        let other: Int64? = row["other"]
        if other == kept || other == removed { continue }
        // Dismissals of `removed` (by any ego, none included), or by `removed` as the ego.
        let (ego, person): (Int64?, Int64?) =
          column == "person_id" ? (other, kept) : (kept, other)
        let time: Int64 = row["time"]
        let own = try Int64.fetchOne(
          db, sql: "SELECT time FROM followup_dismissal WHERE ego_id IS ? AND person_id = ?",
          arguments: [ego, person])
        if let own, own >= time { continue }
        try db.execute(
          sql: "DELETE FROM followup_dismissal WHERE ego_id IS ? AND person_id = ?",
          arguments: [ego, person])
        try db.execute(
          sql: "INSERT INTO followup_dismissal (ego_id, person_id, time) VALUES (?, ?, ?)",
          arguments: [ego, person, time])
      }
    }
    // Tag cadences of `removed` as the ego: `kept`'s stay where both have one.
    try db.execute(
      sql: """
        INSERT OR IGNORE INTO tag_cadence (ego_id, tag, days)
          SELECT ?1, tag, days FROM tag_cadence WHERE ego_id = ?2
        """, arguments: [kept, removed])
    return dropped
  }

  /// Moves the ties let go of `removed` (by any ego, and by `removed` as the ego) to `kept`,
  /// for a merge: every record's time is kept. Where `kept` has a record at the same instant
  /// (the same ego, the same person), the two become one, with both reasons: `kept`'s, then
  /// `removed`'s after "; " when they differ.
  /// - Returns: how many records of `removed` were so joined to one of `kept`'s, bringing a
  ///   reason the kept record did not have.
  static func mergeTiesLetGo(keep kept: Int64, remove removed: Int64, _ db: Database) throws
    -> Int
  {
    var joined = 0
    // Records about `removed` (by egos other than the two), then records by `removed`.
    let moves = [
      """
      SELECT ego_id AS ego, ?1 AS person, time, reason FROM tie_letgo
      WHERE person_id = ?2 AND ego_id IS NOT ?1 AND ego_id IS NOT ?2
      """,
      """
      SELECT ?1 AS ego, person_id AS person, time, reason FROM tie_letgo
      WHERE ego_id = ?2 AND person_id NOT IN (?1, ?2)
      """,
    ]
    for sql in moves {
      for row in try Row.fetchAll(db, sql: sql, arguments: [kept, removed]) {
        let ego: Int64? = row["ego"]
        let person: Int64 = row["person"]
        let time: Int64 = row["time"]
        let reason: String? = row["reason"]
        let same = try Row.fetchOne(
          db,
          sql: "SELECT reason FROM tie_letgo WHERE ego_id IS ? AND person_id = ? AND time = ?",
          arguments: [ego, person, time])
        guard let same else {
          try db.execute(
            sql: "INSERT INTO tie_letgo (ego_id, person_id, time, reason) VALUES (?, ?, ?, ?)",
            arguments: [ego, person, time, reason])
          continue
        }
        let own: String? = same["reason"]
        guard let reason, reason != own else { continue }
        try db.execute(
          sql: "UPDATE tie_letgo SET reason = ? WHERE ego_id IS ? AND person_id = ? AND time = ?",
          arguments: [own.map { "\($0); \(reason)" } ?? reason, ego, person, time])
        joined += 1
      }
    }
    return joined
  }

  /// The cadence of exactly `ego` (NULL: no ego) for `person`.
  private static func egoCadence(_ ego: Int64?, _ person: Int64, _ db: Database) throws -> Int? {
    try Int.fetchOne(
      db, sql: "SELECT days FROM person_cadence WHERE ego_id IS ? AND person_id = ?",
      arguments: [ego, person])
  }

  static func fetchTagCadences(ego: Int64?, _ db: Database) throws -> [TagCadence] {
    try Row.fetchAll(
      db, sql: "SELECT tag, days FROM tag_cadence WHERE ego_id IS \(egoArgument) ORDER BY tag",
      arguments: [ego]
    ).map { TagCadence(tag: $0["tag"], days: $0["days"], ego: ego) }
  }

  // MARK: People's cadences

  /// `ego`'s cadence for `person`, in days, if they set one (nil `ego`: the store's ego).
  public func cadence(of person: Int64, ego: Int64?) throws(StoreError) -> Int? {
    try read { db in try Self.cadenceDays(ego: ego, person: person, db) }
  }

  /// Sets `ego`'s cadence for `person` to `days`, or clears it (nil).
  /// - Returns: whether it changed.
  @discardableResult
  public func setCadence(_ days: Int?, of person: Int64, ego: Int64?) throws(StoreError) -> Bool {
    try write { db in
      guard try Self.fetchPerson(id: person, db) != nil else {
        throw StoreError.notFound(kind: "person", reference: "#\(person)", suggestions: [])
      }
      return try Self.writeCadence(days, ego: ego, person: person, db)
    }
  }

  /// The people `ego` set a cadence for, with it, by name.
  public func cadences(ego: Int64?) throws(StoreError) -> [(person: Person, days: Int)] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT \(Self.personColumns), c.days AS ego_days FROM person
          JOIN person_cadence c ON c.person_id = person.id
          WHERE c.ego_id IS \(Self.egoArgument)
          ORDER BY person.name COLLATE NOCASE, person.handle
          """, arguments: [ego]
      ).map { (Person(row: $0), $0["ego_days"]) }
    }
  }

  /// `people` as `ego` sees them (nil: the store's ego, as they are read): with `ego`'s
  /// cadences and dismissals as their `cadenceDays` and `followUpsDismissed`.
  public func people(_ people: [Person], seenBy ego: Int64?) throws(StoreError) -> [Person] {
    guard let ego else { return people }
    return try read { db in
      let cadences = Dictionary(
        try Row.fetchAll(
          db, sql: "SELECT person_id, days FROM person_cadence WHERE ego_id = ?",
          arguments: [ego]
        ).map { ($0["person_id"] as Int64, $0["days"] as Int) }, uniquingKeysWith: { a, _ in a })
      let dismissals = Dictionary(
        try Row.fetchAll(
          db, sql: "SELECT person_id, time FROM followup_dismissal WHERE ego_id = ?",
          arguments: [ego]
        ).map { ($0["person_id"] as Int64, Date(kithSeconds: $0["time"] as Int64)) },
        uniquingKeysWith: { a, _ in a })
      return people.map {
        var p = $0
        p.cadenceDays = cadences[p.id]
        p.followUpsDismissed = dismissals[p.id]
        return p
      }
    }
  }

  // MARK: Dismissed follow-ups

  /// When `ego` dismissed `person`'s follow-ups, if they did (nil `ego`: the store's ego).
  public func followUpsDismissed(of person: Int64, ego: Int64?) throws(StoreError) -> Date? {
    try read { db in
      try Self.dismissal(ego: ego, person: person, db).map(Date.init(kithSeconds:))
    }
  }

  /// Records that `ego` dismissed `person`'s follow-ups at `time`, or forgets it (nil).
  public func setFollowUpsDismissed(_ time: Date?, of person: Int64, ego: Int64?)
    throws(StoreError)
  {
    try write { db in
      guard try Self.fetchPerson(id: person, db) != nil else {
        throw StoreError.notFound(kind: "person", reference: "#\(person)", suggestions: [])
      }
      try Self.writeDismissal(time.map(KithTime.seconds), ego: ego, person: person, db)
    }
  }

  // MARK: Ties let go

  /// The latest time `ego` let the tie to `person` go, at or before `asOf` when given, and why
  /// (nil `ego`: the store's ego).
  public func letGo(of person: Int64, ego: Int64?, asOf: Date? = nil) throws(StoreError)
    -> TieLetGo?
  {
    try read { db in
      try Self.letGo(
        ego: ego, person: person, asOf: asOf.map(KithTime.seconds) ?? .max, db)
    }
  }

  /// Records that `ego` let the tie to `person` go at `time`, with the reason given (free text,
  /// line breaks kept; nil or blank: none). With `replacing`, the record made at that time is changed
  /// instead (its time and reason); the earlier records stay.
  public func letGo(
    _ time: Date, reason: String? = nil, of person: Int64, ego: Int64?,
    replacing previous: Date? = nil
  ) throws(StoreError) {
    try write { db in
      guard try Self.fetchPerson(id: person, db) != nil else {
        throw StoreError.notFound(kind: "person", reference: "#\(person)", suggestions: [])
      }
      if let previous {
        try db.cachedStatement(
          sql:
            "DELETE FROM tie_letgo WHERE ego_id IS \(Self.egoArgument) AND person_id = ?2 AND time = ?3"
        ).execute(arguments: [ego, person, KithTime.seconds(previous)])
      }
      try db.cachedStatement(
        sql: """
          INSERT OR REPLACE INTO tie_letgo (ego_id, person_id, time, reason)
          VALUES (\(Self.egoArgument), ?2, ?3, ?4)
          """
      ).execute(arguments: [ego, person, KithTime.seconds(time), Self.letGoReason(reason)])
    }
  }

  /// Forgets the record of `ego` letting the tie to `person` go at `time`; returns whether there
  /// was one.
  @discardableResult
  public func forgetLetGo(at time: Date, of person: Int64, ego: Int64?) throws(StoreError) -> Bool {
    try write { db in
      try db.cachedStatement(
        sql:
          "DELETE FROM tie_letgo WHERE ego_id IS \(Self.egoArgument) AND person_id = ?2 AND time = ?3"
      ).execute(arguments: [ego, person, KithTime.seconds(time)])
      return db.changesCount > 0
    }
  }

  /// Every time `ego` let a tie go (nil: the store's ego), by person, then time.
  public func tiesLetGo(ego: Int64?) throws(StoreError) -> [TieLetGo] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT person_id, time, reason FROM tie_letgo WHERE ego_id IS \(Self.egoArgument)
          ORDER BY person_id, time
          """, arguments: [ego]
      ).map {
        TieLetGo(
          ego: ego, person: $0["person_id"], time: Date(kithSeconds: $0["time"] as Int64),
          reason: $0["reason"])
      }
    }
  }

  // MARK: Tag cadences

  /// Sets the keep-in-touch cadence for everyone tagged `tag`, for `cadence.ego` (nil: the
  /// store's ego).
  public func setTagCadence(_ cadence: TagCadence) throws(StoreError) {
    guard cadence.days > 0 else {
      throw .invalid(
        InvalidRecord(field: "days", message: "a cadence must be a positive number of days"))
    }
    try write { db in
      try Self.clearTagCadence(tag: cadence.tag, ego: cadence.ego, db)
      try db.execute(
        sql: "INSERT INTO tag_cadence (ego_id, tag, days) VALUES (\(Self.egoArgument), ?2, ?3)",
        arguments: [cadence.ego, Self.tagKey(cadence.tag), cadence.days])
    }
  }

  /// Removes `ego`'s cadence of a tag (nil: the store's ego's); returns whether there was one.
  public func clearTagCadence(tag: String, ego: Int64? = nil) throws(StoreError) -> Bool {
    try write { db in try Self.clearTagCadence(tag: tag, ego: ego, db) }
  }

  @discardableResult
  static func clearTagCadence(tag: String, ego: Int64?, _ db: Database) throws -> Bool {
    try db.execute(
      sql: "DELETE FROM tag_cadence WHERE ego_id IS \(egoArgument) AND tag = ?2",
      arguments: [ego, tagKey(tag)])
    return db.changesCount > 0
  }

  /// `ego`'s tag cadences, by tag (nil: the store's ego's).
  public func tagCadences(ego: Int64? = nil) throws(StoreError) -> [TagCadence] {
    try read { db in try Self.fetchTagCadences(ego: ego, db) }
  }
}
