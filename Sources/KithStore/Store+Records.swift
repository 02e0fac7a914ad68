import Foundation
import GRDB
import KithGraph

/// The kinds of record a person writes one at a time (`kith log`, `give`, `note`, `refer`,
/// `tie`, `affiliate`), which `kith history` lists with their ids and `kith edit` and
/// `kith remove` name.
public enum RecordKind: String, CaseIterable, Sendable, Codable {
  case interaction, exchange, note, referral, tie, affiliation

  /// The order of kinds among records of the same time: the one a person made first comes
  /// first (an interaction, then what was given or noted at it).
  var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}

/// One record as a history lists it: what it is, when, whom it involves and what it says.
public struct RecordEntry: Hashable, Sendable {
  public var kind: RecordKind
  public var id: Int64
  /// When it happened (an affiliation: when it began); nil for an undated tie or affiliation.
  public var time: Date?
  /// For an interaction, exchange, note or referral dated with a date alone, the day entered
  /// (`Interaction.day` and the like): what to show instead of `time`'s day and time.
  public var day: Int64?
  /// The interaction's or exchange's kind, the referral's status, "note", "tie", or an
  /// affiliation's role ("affiliation" without one).
  public var what: String
  /// The people it involves: the participants; the giver then the receiver; the person a note
  /// is about; the referrer, the recipient and the person referred; the tie's two people.
  public var people: [Int64]
  /// The organisation a note is about, a referral refers to, or an affiliation is at.
  public var organisation: Int64?
  /// What it says: the summary, the exchange's or the note's text, the referrer's reason; for
  /// an affiliation, its end day (YYYY-MM-DD) when it ended.
  public var text: String?
  /// The tie's weight.
  public var weight: Double?
  /// The importer it came from, if any: a re-import of the same file brings back what was
  /// removed and overwrites what was edited.
  public var source: String?

  public init(
    kind: RecordKind, id: Int64, time: Date?, what: String, people: [Int64],
    organisation: Int64? = nil, text: String? = nil, weight: Double? = nil, source: String? = nil,
    day: Int64? = nil
  ) {
    self.kind = kind
    self.id = id
    self.time = time
    self.day = day
    self.what = what
    self.people = people
    self.organisation = organisation
    self.text = text
    self.weight = weight
    self.source = source
  }
}

/// The latest records and how many match in all.
public struct RecordHistory: Sendable {
  public var entries: [RecordEntry]
  public var total: Int
}

/// What `removeRecord` removed: the record, and the exchange a referral recorded with it.
public struct RemovedRecord: Sendable {
  public var entry: RecordEntry
  public var exchange: Int64?
}

extension KithStore {
  // MARK: Ids are never given twice

  /// The tables whose ids a person sees and types (`kith history`, `kith edit`, `kith remove`).
  static let recordTables = [
    "interaction", "exchange", "note", "referral", "explicit_tie", "affiliation",
  ]

  /// Records that ids up to the current largest of `tables` may have been removed: SQLite
  /// gives a new row one more than the largest id left, so after the newest record was
  /// removed its id would come back, and a `kith remove interaction 12` run again (or a
  /// removal hint printed earlier) would name another record. Call it before deleting rows.
  static func retireIDs(of tables: [String] = recordTables, _ db: Database) throws {
    for table in tables {
      try db.execute(
        sql: """
          INSERT INTO meta (key, value)
            SELECT ?1, CAST(max(id) AS TEXT) FROM \(table) WHERE true HAVING max(id) IS NOT NULL
          ON CONFLICT (key) DO UPDATE SET value = excluded.value
            WHERE CAST(value AS INTEGER) < CAST(excluded.value AS INTEGER)
          """, arguments: ["retired-id:" + table])
    }
  }

  /// The id for a new row of `table` with none of its own: nil (SQLite's choice, one more than
  /// the largest) unless removals retired ids at or above the largest left (`retireIDs`).
  static func freshID(_ table: String, _ db: Database) throws -> Int64? {
    guard
      let retired = try Int64.fetchOne(
        db.cachedStatement(sql: "SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?"),
        arguments: ["retired-id:" + table])
    else { return nil }
    let top = try Int64.fetchOne(db, sql: "SELECT max(id) FROM \(table)") ?? 0
    return retired >= top ? retired + 1 : nil
  }

  // MARK: History

  /// The latest records, newest first (undated ties last), at most `limit`, and how many
  /// match: every record, or those involving `person`, dated within `since`…`through` when
  /// given (an undated tie, which counts at every date, is left out only by `since`).
  /// - Complexity: one indexed query per kind for `limit` rows, and one count each.
  public func recordHistory(
    person: Int64? = nil, since: Date? = nil, through: Date? = nil, limit: Int
  ) throws(StoreError) -> RecordHistory {
    try read { db in
      var entries: [RecordEntry] = []
      var total = 0
      for kind in RecordKind.allCases {
        let query = Self.historyQuery(kind, person: person, since: since, through: through)
        total +=
          try Int.fetchOne(
            db, sql: "SELECT count(*) FROM (\(query.sql))", arguments: query.arguments) ?? 0
        let rows = try Row.fetchAll(
          db, sql: query.sql + " ORDER BY time IS NULL, time DESC, id DESC LIMIT \(max(limit, 0))",
          arguments: query.arguments)
        entries += try rows.map { try Self.recordEntry(kind, $0, db) }
      }
      entries.sort(by: Self.newerFirst)
      return RecordHistory(entries: Array(entries.prefix(max(limit, 0))), total: total)
    }
  }

  /// How many interactions happened up to `through` (inclusive).
  public func interactionCount(through: Date) throws(StoreError) -> Int {
    try read { db in
      try Int.fetchOne(
        db, sql: "SELECT count(*) FROM interaction WHERE time <= ?",
        arguments: [KithTime.seconds(through)]) ?? 0
    }
  }

  /// One record, or nil when there is none with this id.
  public func record(_ kind: RecordKind, id: Int64) throws(StoreError) -> RecordEntry? {
    try read { db in try Self.fetchRecord(kind, id: id, db) }
  }

  static func newerFirst(_ x: RecordEntry, _ y: RecordEntry) -> Bool {
    switch (x.time, y.time) {
    case (let a?, let b?) where a != b: return a > b
    case (nil, _?): return false
    case (_?, nil): return true
    default:
      return (x.kind.rank, -x.id) < (y.kind.rank, -y.id)
    }
  }

  /// The rows of one kind of record (`id`, `time` and the columns `recordEntry` reads), with
  /// their filters.
  private static func historyQuery(
    _ kind: RecordKind, person: Int64?, since: Date?, through: Date?
  ) -> (sql: String, arguments: StatementArguments) {
    var conditions: [String] = []
    var arguments: StatementArguments = []
    if let person {
      switch kind {
      case .interaction:
        conditions.append(
          "id IN (SELECT interaction_id FROM interaction_participant WHERE person_id = ?)")
        arguments += [person]
      case .exchange:
        conditions.append("? IN (giver_id, receiver_id)")
        arguments += [person]
      case .note:
        conditions.append("person_id = ?")
        arguments += [person]
      case .referral:
        conditions.append("? IN (referrer_id, recipient_id, referee_person_id)")
        arguments += [person]
      case .tie:
        conditions.append("? IN (a_id, b_id)")
        arguments += [person]
      case .affiliation:
        conditions.append("person_id = ?")
        arguments += [person]
      }
    }
    // An affiliation is dated by its start.
    let time = kind == .affiliation ? "from_time" : "time"
    if let since {
      conditions.append("\(time) >= ?")
      arguments += [KithTime.seconds(since)]
    }
    if let through {
      // An undated tie counts at every date; an affiliation with no start holds all along.
      conditions.append(
        kind == .tie || kind == .affiliation ? "(\(time) IS NULL OR \(time) <= ?)" : "time <= ?")
      arguments += [KithTime.seconds(through)]
    }
    let table = Self.table(kind)
    let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    // A referral's day entered is its first status change's.
    let columns =
      switch kind {
      case .affiliation: "*, from_time AS time"
      case .referral:
        "*, (SELECT day FROM referral_event WHERE referral_id = referral.id AND seq = 0) AS day"
      default: "*"
      }
    return ("SELECT \(columns) FROM \(table)\(filter)", arguments)
  }

  static func table(_ kind: RecordKind) -> String {
    switch kind {
    case .interaction: "interaction"
    case .exchange: "exchange"
    case .note: "note"
    case .referral: "referral"
    case .tie: "explicit_tie"
    case .affiliation: "affiliation"
    }
  }

  static func fetchRecord(_ kind: RecordKind, id: Int64, _ db: Database) throws -> RecordEntry? {
    let query = historyQuery(kind, person: nil, since: nil, through: nil)
    guard
      let row = try Row.fetchOne(db, sql: query.sql + " WHERE id = ?", arguments: [id])
    else { return nil }
    return try recordEntry(kind, row, db)
  }

  private static func recordEntry(_ kind: RecordKind, _ row: Row, _ db: Database) throws
    -> RecordEntry
  {
    let time = (row["time"] as Int64?).map(Date.init(kithSeconds:))
    var entry = RecordEntry(
      kind: kind, id: row["id"], time: time, what: kind.rawValue, people: [],
      organisation: nil, text: nil, weight: nil, source: nil)
    switch kind {
    case .interaction:
      entry.what = row["kind"]
      entry.people = Ledger.participants(row["participants"])
      entry.text = row["summary"]
      entry.source = row["source"]
      entry.day = row["day"]
    case .exchange:
      entry.what = row["kind"]
      entry.people = [row["giver_id"], row["receiver_id"]]
      entry.text = row["note"]
      entry.source = try importSource("exchange", id: entry.id, db)
      entry.day = row["day"]
    case .note:
      entry.people = (row["person_id"] as Int64?).map { [$0] } ?? []
      entry.organisation = row["organisation_id"]
      entry.text = row["text"]
      entry.source = try importSource("note", id: entry.id, db)
      entry.day = row["day"]
    case .referral:
      entry.what = row["status"]
      entry.people = [row["referrer_id"], row["recipient_id"]]
      if let referee: Int64 = row["referee_person_id"] { entry.people.append(referee) }
      entry.organisation = row["referee_organisation_id"]
      entry.text = row["why"]
      entry.day = row["day"]
    case .tie:
      entry.people = [row["a_id"], row["b_id"]]
      entry.weight = row["weight"]
      entry.source = row["source"]
    case .affiliation:
      entry.what = row["role"] ?? "affiliation"
      entry.people = [row["person_id"]]
      entry.organisation = row["organisation_id"]
      entry.text = (row["to_time"] as Int64?).map { KithTime.formatDay(seconds: $0) }
    }
    return entry
  }

  /// The import an exchange or a note came from (they have no source column: imports map
  /// their source ids in `import_source`), nil for one recorded by hand.
  private static func importSource(_ kind: String, id: Int64, _ db: Database) throws -> String? {
    try String.fetchOne(
      db.cachedStatement(
        sql: "SELECT min(source) FROM import_source WHERE kind = ? AND entity_id = ?"),
      arguments: [kind, id])
  }

  // MARK: Removing one record

  /// Removes one record. An interaction's notes are kept (no longer attached to it); a
  /// referral takes its history and the exchange recorded with it (`addReferral`) along, and
  /// that exchange goes only with it. The tie ledger is rebuilt when an interaction or a tie
  /// goes.
  /// - Throws: `StoreError.notFound` when there is no such record, `.conflict` for a
  ///   referral's exchange; nothing is written.
  public func removeRecord(_ kind: RecordKind, id: Int64) throws(StoreError) -> RemovedRecord {
    try write { db in
      guard let entry = try Self.fetchRecord(kind, id: id, db) else {
        throw StoreError.notFound(kind: kind.rawValue, reference: "\(id)", suggestions: [])
      }
      var exchange: Int64? = nil
      try Self.retireIDs(of: kind == .referral ? ["referral", "exchange"] : [Self.table(kind)], db)
      switch kind {
      case .interaction:
        try _ReplacedInteractions.remove(id, db)
        try Ledger.rebuild(db)
      case .exchange:
        if let referral = try Int64.fetchOne(
          db, sql: "SELECT id FROM referral WHERE exchange_id = ?", arguments: [id])
        {
          throw StoreError.conflict(
            "exchange \(id) is what referral \(referral) gave; `kith remove referral \(referral)` removes both"
          )
        }
        try db.execute(sql: "DELETE FROM exchange WHERE id = ?", arguments: [id])
      case .note:
        try db.execute(sql: "DELETE FROM note WHERE id = ?", arguments: [id])
      case .referral:
        exchange = try Int64.fetchOne(
          db, sql: "SELECT exchange_id FROM referral WHERE id = ?", arguments: [id])
        if let exchange {
          try db.execute(sql: "DELETE FROM exchange WHERE id = ?", arguments: [exchange])
        }
        try db.execute(sql: "DELETE FROM referral WHERE id = ?", arguments: [id])
      case .tie:
        try db.execute(sql: "DELETE FROM explicit_tie WHERE id = ?", arguments: [id])
        try Ledger.rebuild(db, ledgerOnly: true)
      case .affiliation:
        try db.execute(sql: "DELETE FROM affiliation WHERE id = ?", arguments: [id])
      }
      return RemovedRecord(entry: entry, exchange: exchange)
    }
  }

  // MARK: Editing one record

  /// The day entered (`Interaction.day`) of each of the interactions `ids` entered as a date
  /// alone, by id: for a list that holds only the ids and times of interactions (a snapshot's).
  /// - Complexity: one indexed look-up per id.
  public func interactionDays(ids: [Int64]) throws(StoreError) -> [Int64: Int64] {
    try read { db in
      var days: [Int64: Int64] = [:]
      let statement = try db.cachedStatement(sql: "SELECT day FROM interaction WHERE id = ?")
      for id in ids {
        if let day = try Int64?.fetchOne(statement, arguments: [id]) ?? nil { days[id] = day }
      }
      return days
    }
  }

  /// The interaction with this id, or nil.
  public func interaction(id: Int64) throws(StoreError) -> Interaction? {
    try read { db in try Self.fetchInteraction(id: id, db) }
  }

  static func fetchInteraction(id: Int64, _ db: Database) throws -> Interaction? {
    guard
      let row = try Row.fetchOne(db, sql: "SELECT * FROM interaction WHERE id = ?", arguments: [id])
    else { return nil }
    let participants = Ledger.participants(row["participants"])
    let count: Int = row["participant_count"]
    return Interaction(
      id: id, time: Date(kithSeconds: row["time"]),
      kind: InteractionKind(rawValue: row["kind"]) ?? .other,
      participants: participants,
      initiator: row["initiator_id"], channel: row["channel"], summary: row["summary"],
      followUp: (row["follow_up"] as Int64?).map(Date.init(kithSeconds:)), source: row["source"],
      sourceID: row["source_id"], participantCount: count > participants.count ? count : nil,
      day: row["day"])
  }

  /// Rewrites a stored interaction (found by its id) with `interaction`'s fields; its source
  /// stays, and so do the people who took part but were removed from the store since
  /// (`Interaction.participantCount` beyond the participants named): they still count, with
  /// the participants now named, in each pair's weight. The tie ledger is rebuilt when its
  /// time, kind or participants change.
  /// - Throws: `StoreError.notFound` when there is no such interaction or participant, or
  ///   `.invalid` when the fields break a rule; nothing is written.
  public func updateInteraction(_ interaction: Interaction) throws(StoreError) -> Interaction {
    try write { db in
      guard let old = try Self.fetchInteraction(id: interaction.id, db) else {
        throw StoreError.notFound(
          kind: "interaction", reference: "\(interaction.id)", suggestions: [])
      }
      var new = interaction
      new.source = old.source
      new.sourceID = old.sourceID
      let unnamed = old.peopleWhoTookPart - old.participants.count
      new.participantCount = unnamed > 0 ? new.participants.count + unnamed : nil
      try new.validate()
      try Self.requirePeople(new.participants, db)
      if new == old { return new }
      try _ReplacedInteractions.rewrite(
        .init(
          id: new.id, time: KithTime.seconds(new.time), kind: new.kind.rawValue,
          participants: new.participants, initiator: new.initiator, channel: new.channel,
          summary: new.summary, followUp: new.followUp.map(KithTime.seconds),
          participantCount: new.participantCount, day: new.day), db)
      if new.time != old.time || new.kind != old.kind || new.participants != old.participants {
        try Ledger.rebuild(db)
      }
      return new
    }
  }

  private static func requirePeople(_ ids: [Int64], _ db: Database) throws {
    for person in ids {
      if try fetchPerson(id: person, db) == nil {
        throw StoreError.notFound(kind: "person", reference: "#\(person)", suggestions: [])
      }
    }
  }

  /// The exchange with this id, or nil.
  public func exchange(id: Int64) throws(StoreError) -> Exchange? {
    try read { db in
      try Row.fetchOne(db, sql: "SELECT * FROM exchange WHERE id = ?", arguments: [id]).map(
        Self.exchange)
    }
  }

  /// Rewrites a stored exchange (found by its id) with `exchange`'s fields.
  /// - Throws: `StoreError.notFound` when there is no such exchange or person, or `.invalid`;
  ///   nothing is written.
  public func updateExchange(_ exchange: Exchange) throws(StoreError) -> Exchange {
    try write { db in
      guard
        try Int64.fetchOne(
          db, sql: "SELECT id FROM exchange WHERE id = ?", arguments: [exchange.id]) != nil
      else {
        throw StoreError.notFound(kind: "exchange", reference: "\(exchange.id)", suggestions: [])
      }
      try exchange.validate()
      try Self.requirePeople([exchange.giver, exchange.receiver], db)
      try db.execute(
        sql: """
          UPDATE exchange SET time = ?, giver_id = ?, receiver_id = ?, kind = ?, note = ?, day = ?
          WHERE id = ?
          """,
        arguments: [
          KithTime.seconds(exchange.time), exchange.giver, exchange.receiver,
          exchange.kind.rawValue, exchange.note, exchange.day, exchange.id,
        ])
      return exchange
    }
  }

  /// The note with this id, or nil.
  public func note(id: Int64) throws(StoreError) -> Note? {
    try read { db in
      try Row.fetchOne(db, sql: "SELECT * FROM note WHERE id = ?", arguments: [id]).map(Self.note)
    }
  }

  /// Rewrites a stored note's time and text (its subject stays).
  /// - Throws: `StoreError.notFound` when there is no such note, or `.invalid`; nothing is
  ///   written.
  public func updateNote(_ note: Note) throws(StoreError) -> Note {
    try write { db in
      guard
        try Int64.fetchOne(db, sql: "SELECT id FROM note WHERE id = ?", arguments: [note.id])
          != nil
      else {
        throw StoreError.notFound(kind: "note", reference: "\(note.id)", suggestions: [])
      }
      try note.validate()
      try db.execute(
        sql: "UPDATE note SET time = ?, text = ?, day = ? WHERE id = ?",
        arguments: [KithTime.seconds(note.time), note.text, note.day, note.id])
      return note
    }
  }
}
