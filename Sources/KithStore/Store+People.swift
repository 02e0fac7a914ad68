import Foundation
import GRDB
import KithGraph
import KithImport

/// JSON-array columns.
enum ListColumn {
  static func encode(_ list: [String]) -> String {
    guard !list.isEmpty,
      let data = try? JSONSerialization.data(
        withJSONObject: list, options: [.withoutEscapingSlashes]),
      let text = String(data: data, encoding: .utf8)
    else { return "[]" }
    return text
  }

  static func decode(_ text: String?) -> [String] {
    // Most lists are empty: skip the JSON parser for them.
    guard let text, text != "[]", let data = text.data(using: .utf8),
      let list = try? JSONSerialization.jsonObject(with: data) as? [String]
    else { return [] }
    return list
  }
}

extension Person {
  init(row: Row) {
    self.init(
      id: row["id"], handle: row["handle"], name: row["name"],
      aliases: ListColumn.decode(row["aliases"]), emails: ListColumn.decode(row["emails"]),
      phones: ListColumn.decode(row["phones"]), urls: ListColumn.decode(row["urls"]),
      tags: ListColumn.decode(row["tags"]), interests: ListColumn.decode(row["interests"]),
      cadenceDays: row["cadence_days"],
      followUpsDismissed: (row["followups_dismissed"] as Int64?).map(Date.init(kithSeconds:)))
  }
}

extension Organisation {
  init(row: Row) {
    self.init(
      id: row["id"], handle: row["handle"], name: row["name"],
      domains: ListColumn.decode(row["domains"]), tags: ListColumn.decode(row["tags"]))
  }
}

extension KithStore {
  // MARK: People

  /// Adds a person. An empty handle is derived from the name (`Jane Doe` → `jane-doe`, then
  /// `jane-doe-2`…); a given handle must be a slug and unused. A given id is kept (backup
  /// restore); 0 lets the store choose.
  public func addPerson(_ person: Person) throws(StoreError) -> Person {
    try write { db in try Self.insertPerson(person, db) }
  }

  /// `person` as the store keeps it: the name and every list item a label (`label`), tags
  /// lower-cased, empty and repeated items dropped. A name that held nothing visible becomes
  /// the handle, so that a record an earlier version stored can be stored again. Whether an
  /// edit changes anything is a comparison of these.
  public static func normalised(_ person: Person) -> Person {
    var p = person
    p.name = name(p.name, handle: p.handle)
    p.aliases = cleanLabels(p.aliases)
    p.emails = cleanLabels(p.emails)
    p.phones = cleanLabels(p.phones)
    p.urls = cleanLabels(p.urls)
    p.tags = cleanLabels(p.tags.map(tagKey))
    p.interests = cleanLabels(p.interests)
    return p
  }

  /// `organisation` as the store keeps it: its name a label (the handle when nothing visible
  /// is left), its tags as `tagKey` makes them and its domains lower-cased, empty and repeated
  /// ones dropped.
  public static func normalised(_ organisation: Organisation) -> Organisation {
    var o = organisation
    o.name = name(o.name, handle: o.handle)
    o.tags = cleanLabels(o.tags.map(tagKey))
    o.domains = cleanLabels(o.domains.map { label($0).lowercased() })
    return o
  }

  /// `text` as one-line fields are stored (names, aliases, tags, roles, emails…): on one line
  /// without control or invisible format characters (`TextKey.singleLine`), trimmed.
  public static func label(_ text: String) -> String {
    TextKey.trimmed(TextKey.singleLine(text))
  }

  /// A tag as the store keeps it and looks it up: a label, lower-cased.
  public static func tagKey(_ tag: String) -> String { label(tag).lowercased() }

  /// A role as the store keeps it: a label, nil when empty.
  static func role(_ role: String?) -> String? {
    role.map(label).flatMap { $0.isEmpty ? nil : $0 }
  }

  /// `name` made a label, or `handle` when that leaves nothing of a name that was not blank
  /// (only control and invisible characters, which an earlier version stored) and there is a
  /// handle. A blank name stays blank, for validation to refuse.
  private static func name(_ name: String, handle: String) -> String {
    let cleaned = label(name)
    guard cleaned.isEmpty, !handle.isEmpty, !TextKey.trimmed(name).isEmpty else { return cleaned }
    return handle
  }

  /// Labels of a list, without empty and repeated ones.
  private static func cleanLabels(_ list: [String]) -> [String] {
    var seen = Set<String>()
    return list.map(label).filter { !$0.isEmpty && seen.insert($0).inserted }
  }

  static func insertPerson(_ person: Person, _ db: Database) throws -> Person {
    var p = normalised(person)
    try p.validate()
    p.handle = try uniqueHandle(p.handle, name: p.name, table: "person", db)
    try db.cachedStatement(
      sql: """
        INSERT INTO person (id, handle, name, aliases, emails, phones, urls, tags, interests)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    ).execute(
      arguments: [
        p.id == 0 ? nil : p.id, p.handle, p.name, ListColumn.encode(p.aliases),
        ListColumn.encode(p.emails), ListColumn.encode(p.phones), ListColumn.encode(p.urls),
        ListColumn.encode(p.tags), ListColumn.encode(p.interests),
      ])
    p.id = db.lastInsertedRowID
    try writeKeys(of: p, db)
    try writeOwnChoices(of: p, db)
    return p
  }

  static func uniqueHandle(_ requested: String, name: String, table: String, _ db: Database)
    throws -> String
  {
    try uniqueHandle(requested, name: name, table: table) { handle in
      try Bool.fetchOne(
        db.cachedStatement(sql: "SELECT 1 FROM \(table) WHERE handle = ?"), arguments: [handle])
        ?? false
    }
  }

  /// The handle a new person or organisation gets: `requested` when given (it must be a slug
  /// and not `taken`), else the first of the name's slug, `slug-2`, `slug-3`… not taken.
  static func uniqueHandle(
    _ requested: String, name: String, table: String, taken: (String) throws -> Bool
  ) throws -> String {
    var candidates = try HandleCandidates(requested: requested, name: name, table: table)
    while true {
      let candidate = try candidates.next()
      if try !taken(candidate) { return candidate }
    }
  }

  /// The handles a new person or organisation may get, in the order tried: `requested` alone
  /// when given, else the name's slug, `slug-2`, `slug-3`…
  struct HandleCandidates {
    private let base: String
    private let requested: Bool
    private var n = 1

    /// - Throws: `InvalidRecord` when `requested` is given and is not a slug.
    init(requested: String, name: String, table: String) throws {
      if !requested.isEmpty {
        guard TextKey.slug(requested, fallback: "") == requested else {
          throw InvalidRecord(
            field: "handle",
            message: "a handle is lower-case letters, digits and dashes, like 'jane-doe'")
        }
        base = requested
        self.requested = true
      } else {
        base = TextKey.slug(name, fallback: table)
        self.requested = false
        // `me` always means you on the command line: a person derived that handle could
        // never be named by it, so numbering starts at `me-2`.
        if table == "person" && base == Self.reservedPersonHandle { n = 2 }
      }
    }

    /// The handle the command line reads as you, whoever has it: only the ego may have it.
    static let reservedPersonHandle = "me"

    /// The next handle to try.
    /// - Throws: `StoreError.conflict` when the requested handle was taken.
    mutating func next() throws -> String {
      defer { n += 1 }
      if n == 1 { return base }
      if requested {
        throw StoreError.conflict("the handle '\(base)' is taken; choose another with --handle")
      }
      return "\(base)-\(n)"
    }
  }

  /// One `person_key` row of a person: a folded form they can be named or matched by.
  struct PersonKeyRow {
    var key: String
    /// `handle`, `name`, `alias`, `email`, `url` or `phone`.
    var kind: String
  }

  /// The `person_key` rows of `p`, in the order they are written: handle, name, aliases,
  /// emails (each also as its mailbox when that differs), then the identity keys importers
  /// match on (see `IdentityKey`).
  static func keyRows(of p: Person) -> [PersonKeyRow] {
    var rows = [PersonKeyRow(key: TextKey.fold(p.handle), kind: "handle")]
    for (name, kind) in [(p.name, "name")] + p.aliases.map({ ($0, "alias") }) {
      let key = TextKey.fold(name)
      rows.append(PersonKeyRow(key: key, kind: kind))
      // A CJK name without its spaces (`李 小龙`, `李小龙`): a second key, so that either
      // spelling finds the person and `likelyDuplicates` pairs them.
      if let compact = NameForms.compactCJK(key) {
        rows.append(PersonKeyRow(key: compact, kind: kind))
      }
    }
    for email in p.emails {
      let address = email.lowercased()
      rows.append(PersonKeyRow(key: address, kind: "email"))
      // Imports match on the mailbox, whatever `+tag` or Gmail spelling an address has.
      let mailbox = IdentityKey.mailbox(ofAddress: address)
      if mailbox != address { rows.append(PersonKeyRow(key: mailbox, kind: "email")) }
    }
    for url in p.urls {
      if let key = IdentityKey.url(url) { rows.append(PersonKeyRow(key: key, kind: "url")) }
    }
    for phone in p.phones {
      if let key = IdentityKey.phone(phone) { rows.append(PersonKeyRow(key: key, kind: "phone")) }
    }
    return rows
  }

  static func writeKeys(of p: Person, _ db: Database) throws {
    try db.cachedStatement(sql: "DELETE FROM person_key WHERE person_id = ?").execute(arguments: [
      p.id
    ])
    try db.cachedStatement(sql: "DELETE FROM person_tag WHERE person_id = ?").execute(arguments: [
      p.id
    ])
    let insertKey = try db.cachedStatement(
      sql: "INSERT OR IGNORE INTO person_key (key, person_id, kind) VALUES (?, ?, ?)")
    for row in keyRows(of: p) { try insertKey.execute(arguments: [row.key, p.id, row.kind]) }
    let insertTag = try db.cachedStatement(
      sql: "INSERT OR IGNORE INTO person_tag (tag, person_id) VALUES (?, ?)")
    for tag in p.tags { try insertTag.execute(arguments: [tag, p.id]) }
  }

  /// Writes the store's ego's cadence and dismissal of `p` (`Person.cadenceDays`,
  /// `followUpsDismissed`), which their own tables keep.
  static func writeOwnChoices(of p: Person, _ db: Database) throws {
    try writeCadence(p.cadenceDays, ego: nil, person: p.id, db)
    if try dismissal(ego: nil, person: p.id, db) != p.followUpsDismissed.map(KithTime.seconds) {
      try writeDismissal(p.followUpsDismissed.map(KithTime.seconds), ego: nil, person: p.id, db)
    }
  }

  /// Replaces a person's fields (same id). Handle changes are checked for clashes.
  public func updatePerson(_ person: Person) throws(StoreError) -> Person {
    try write { db in
      var p = Self.normalised(person)
      try p.validate()
      guard let old = try Self.fetchPerson(id: p.id, db) else {
        throw StoreError.notFound(kind: "person", reference: "#\(p.id)", suggestions: [])
      }
      if p.handle != old.handle {
        p.handle = try Self.uniqueHandle(p.handle, name: p.name, table: "person", db)
      }
      try db.execute(
        sql: """
          UPDATE person SET handle = ?, name = ?, aliases = ?, emails = ?, phones = ?, urls = ?,
            tags = ?, interests = ? WHERE id = ?
          """,
        arguments: [
          p.handle, p.name, ListColumn.encode(p.aliases), ListColumn.encode(p.emails),
          ListColumn.encode(p.phones), ListColumn.encode(p.urls), ListColumn.encode(p.tags),
          ListColumn.encode(p.interests), p.id,
        ])
      try Self.writeKeys(of: p, db)
      try Self.writeOwnChoices(of: p, db)
      return p
    }
  }

  /// What removing a person would also delete.
  public struct RemovalImpact: Sendable, Hashable {
    public var interactions: Int
    /// Of `interactions`, those with at least two other participants: they stay for the
    /// others, with their weight, and lose only the person.
    public var sharedInteractions: Int
    public var exchanges: Int
    public var referrals: Int
    public var ties: Int
    public var notes: Int
    public var affiliations: Int
    public var isEmpty: Bool {
      interactions + exchanges + referrals + ties + notes + affiliations == 0
    }
  }

  /// Counts the records that mention person `id`.
  public func removalImpact(ofPerson id: Int64) throws(StoreError) -> RemovalImpact {
    try read { db in
      func c(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql, arguments: [id]) ?? 0 }
      return RemovalImpact(
        interactions: try c("SELECT count(*) FROM interaction_participant WHERE person_id = ?"),
        sharedInteractions: try c(
          """
          SELECT count(*) FROM interaction WHERE id IN (
            SELECT interaction_id FROM interaction_participant WHERE person_id = ?)
            AND json_array_length(participants) > 2
          """),
        exchanges: try c("SELECT count(*) FROM exchange WHERE ? IN (giver_id, receiver_id)"),
        referrals: try c(
          "SELECT count(*) FROM referral WHERE ?1 IN (referrer_id, recipient_id, referee_person_id)"
        ),
        ties: try c("SELECT count(*) FROM explicit_tie WHERE ? IN (a_id, b_id)"),
        notes: try c("SELECT count(*) FROM note WHERE person_id = ?"),
        affiliations: try c("SELECT count(*) FROM affiliation WHERE person_id = ?"))
    }
  }

  /// Removes a person and everything that mentions them; interactions left with fewer than two
  /// participants go too. An interaction the others keep keeps its participant count, so the
  /// weight it gives each remaining pair (1/(n − 1) of everyone who took part) and every other
  /// tie are unchanged. The tie ledger is rebuilt. Removing the ego clears the ego.
  public func removePerson(id: Int64) throws(StoreError) {
    try write { db in
      guard try Self.fetchPerson(id: id, db) != nil else {
        throw StoreError.notFound(kind: "person", reference: "#\(id)", suggestions: [])
      }
      try Self.retireIDs(db)
      try db.execute(
        sql: """
          DELETE FROM interaction WHERE id IN (
            SELECT interaction_id FROM interaction_participant WHERE person_id = ?1)
            AND json_array_length(participants) <= 2
          """, arguments: [id])
      try db.execute(sql: "DELETE FROM person WHERE id = ?", arguments: [id])
      try db.execute(sql: "DELETE FROM meta WHERE key = 'ego' AND value = ?", arguments: ["\(id)"])
      try Ledger.rebuild(db)
    }
  }

  static func fetchPerson(id: Int64, _ db: Database) throws -> Person? {
    try Row.fetchOne(
      db.cachedStatement(sql: "SELECT \(personColumns) FROM person WHERE id = ?"), arguments: [id]
    )
    .map(Person.init)
  }

  /// The person with store id `id`.
  public func person(id: Int64) throws(StoreError) -> Person {
    guard let p = try read({ db in try Self.fetchPerson(id: id, db) }) else {
      throw .notFound(kind: "person", reference: "#\(id)", suggestions: [])
    }
    return p
  }

  /// Everyone, ordered by name then handle.
  public func people() throws(StoreError) -> [Person] {
    try read { db in
      try Row.fetchAll(
        db, sql: "SELECT \(Self.personColumns) FROM person ORDER BY name COLLATE NOCASE, handle"
      )
      .map(Person.init)
    }
  }

  /// Everyone carrying `tag`.
  public func people(taggedWith tag: String) throws(StoreError) -> [Person] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT \(Self.personColumns) FROM person JOIN person_tag ON person_tag.person_id = person.id
          WHERE person_tag.tag = ? ORDER BY person.name COLLATE NOCASE, person.handle
          """, arguments: [Self.tagKey(tag)]
      ).map(Person.init)
    }
  }

  /// The people who have `email` (in any case, or in another spelling of its mailbox: a
  /// `+tag`, Gmail's dots), by name: who an address already names.
  public func people(withEmail email: String) throws(StoreError) -> [Person] {
    try read { db in
      let address = TextKey.trimmed(email).lowercased()
      var ids = Set<Int64>()
      for key in Set([address, IdentityKey.mailbox(ofAddress: address)]) {
        ids.formUnion(
          try Int64.fetchAll(
            db, sql: "SELECT person_id FROM person_key WHERE kind = 'email' AND key = ?",
            arguments: [key]))
      }
      return try ids.compactMap { try Self.fetchPerson(id: $0, db) }
        .sorted { ($0.name, $0.handle) < ($1.name, $1.handle) }
    }
  }

  /// Finds the person a user means by `reference`: a handle, name, alias or email, compared
  /// without case, accents or extra spaces. A handle match wins over other matches.
  /// - Throws: `StoreError.notFound` with the closest names, or `.ambiguous` with candidates.
  public func resolvePerson(_ reference: String) throws(StoreError) -> Person {
    try read { db in try Self.resolvePerson(reference, db) }
  }

  static func resolvePerson(_ reference: String, _ db: Database) throws -> Person {
    let trimmed = reference.trimmingCharacters(in: .whitespaces)
    let key = trimmed.contains("@") ? trimmed.lowercased() : TextKey.fold(trimmed)
    var rows = try Row.fetchAll(
      db, sql: "SELECT person_id, kind FROM person_key WHERE key = ?", arguments: [key])
    // Another spelling of a stored mailbox (`+tag`, Gmail's dots) names its person too.
    if rows.isEmpty, trimmed.contains("@"), let mailbox = IdentityKey.mailbox(trimmed),
      mailbox != key
    {
      rows = try Row.fetchAll(
        db, sql: "SELECT person_id, kind FROM person_key WHERE key = ?", arguments: [mailbox])
    }
    if let handle = rows.first(where: { $0["kind"] == "handle" }) {
      if let p = try fetchPerson(id: handle["person_id"], db) { return p }
    }
    let ids = Array(Set(rows.map { $0["person_id"] as Int64 })).sorted()
    if ids.count == 1, let p = try fetchPerson(id: ids[0], db) { return p }
    var matches = ids
    if matches.isEmpty && !trimmed.contains("@") {
      // A handle no one has that is the handle form of an alias ("斉藤-由紀" for 斉藤 由紀): the
      // handle of someone merged into another, whose name the merge kept as an alias. Not of
      // a name: "ann-lee" for Ann Lee (ann-lee-2) was the handle of another Ann Lee, removed.
      matches = try personIDs(withHandleForm: key, db)
      if matches.count == 1, let p = try fetchPerson(id: matches[0], db) { return p }
    }
    if matches.isEmpty && !trimmed.contains("@") && !key.isEmpty {
      // No exact match: a unique word-prefix match of a name or alias ("jose" for "José
      // García") is accepted. Handles are not prefix-matched: a stale handle must not
      // silently become another person's.
      // A scan of the keys, only on this fallback path.
      matches = try Int64.fetchAll(
        db,
        sql: """
          SELECT DISTINCT person_id FROM person_key
          WHERE kind IN ('name', 'alias')
            AND (substr(key, 1, length(?1)) = ?1 OR instr(key, ' ' || ?1) > 0)
          ORDER BY person_id
          """, arguments: [key])
      if matches.count == 1, let p = try fetchPerson(id: matches[0], db) { return p }
    }
    if matches.count > 1 {
      let candidates = try matches.prefix(10).compactMap { try fetchPerson(id: $0, db) }
        .map { "\($0.name) (\($0.handle))" }
      throw StoreError.ambiguous(kind: "person", reference: trimmed, candidates: candidates)
    }
    throw StoreError.notFound(
      kind: "person", reference: trimmed,
      suggestions: try suggestions(for: key, table: "person", db))
  }

  /// The people with an alias whose handle form (`TextKey.slug`) is `key`, a reference with a
  /// dash in it that matched no key: the folded aliases starting with its first part are read
  /// (a range of the key index) and slugged. Empty for a reference that is not a handle with a
  /// dash.
  /// - Complexity: O(k log K) for the k keys of K starting with that part.
  static func personIDs(withHandleForm key: String, _ db: Database) throws -> [Int64] {
    guard key.contains("-"), TextKey.slug(key, fallback: "") == key,
      let first = key.split(separator: "-").first
    else { return [] }
    var ids = Set<Int64>()
    for row in try Row.fetchAll(
      db,
      sql: """
        SELECT key, person_id FROM person_key
        WHERE key >= ?1 AND key < ?1 || char(1114111) AND kind = 'alias'
        """, arguments: [String(first)])
    where TextKey.slug(row["key"], fallback: "") == key {
      ids.insert(row["person_id"])
    }
    return ids.sorted()
  }

  /// The closest names, aliases and handles to an unknown reference (a scan: only on the error
  /// path), named by name and handle. Close means a few typing slips for the reference's
  /// length (`suggestionDistance`), so a short reference that matches nobody is not answered
  /// with names that merely are short.
  static func suggestions(for key: String, table: String, _ db: Database) throws -> [String] {
    var scored: [(Int, String)] = []
    let allowed = suggestionDistance(key.count)
    let aliases = table == "person" ? "aliases" : "'[]'"
    for row in try Row.fetchAll(db, sql: "SELECT handle, name, \(aliases) AS aliases FROM \(table)")
    {
      let handle: String = row["handle"]
      let name: String = row["name"]
      var d = TextKey.editDistance(key, handle)
      for written in [name] + ListColumn.decode(row["aliases"]) {
        let folded = TextKey.fold(written)
        d = min(d, TextKey.editDistance(key, folded))
        for part in folded.split(separator: " ") {
          d = min(d, part.hasPrefix(key) ? 1 : TextKey.editDistance(key, String(part)))
        }
      }
      if d <= allowed { scored.append((d, "\(name) (\(handle))")) }
    }
    return scored.sorted { $0 < $1 }.prefix(3).map(\.1)
  }

  /// How many edits a suggestion may be from a reference of `length` characters: none for one
  /// or two (anything that short is two edits from every short name), one up to four, two up
  /// to eight, a third of the length beyond.
  static func suggestionDistance(_ length: Int) -> Int {
    switch length {
    case ...2: 0
    case ...4: 1
    case ...8: 2
    default: length / 3
    }
  }

  // MARK: Organisations

  /// Adds an organisation; the handle is derived from the name when empty.
  public func addOrganisation(_ organisation: Organisation) throws(StoreError) -> Organisation {
    try write { db in try Self.insertOrganisation(organisation, db) }
  }

  static func insertOrganisation(_ organisation: Organisation, _ db: Database) throws
    -> Organisation
  {
    var o = normalised(organisation)
    try o.validate()
    o.handle = try uniqueHandle(o.handle, name: o.name, table: "organisation", db)
    try db.execute(
      sql: "INSERT INTO organisation (id, handle, name, domains, tags) VALUES (?, ?, ?, ?, ?)",
      arguments: [
        o.id == 0 ? nil : o.id, o.handle, o.name, ListColumn.encode(o.domains),
        ListColumn.encode(o.tags),
      ])
    o.id = db.lastInsertedRowID
    try writeKeys(of: o, db)
    return o
  }

  /// The `organisation_key` rows of `o`: its handle and name folded, and its domains.
  static func writeKeys(of o: Organisation, _ db: Database) throws {
    try db.cachedStatement(sql: "DELETE FROM organisation_key WHERE organisation_id = ?")
      .execute(arguments: [o.id])
    let insertKey = try db.cachedStatement(
      sql: "INSERT OR IGNORE INTO organisation_key (key, organisation_id) VALUES (?, ?)")
    try insertKey.execute(arguments: [TextKey.fold(o.handle), o.id])
    try insertKey.execute(arguments: [TextKey.fold(o.name), o.id])
    for domain in o.domains { try insertKey.execute(arguments: [domain, o.id]) }
  }

  /// Every organisation, by name.
  public func organisations() throws(StoreError) -> [Organisation] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM organisation ORDER BY name COLLATE NOCASE, handle")
        .map(Organisation.init)
    }
  }

  /// The organisation with store id `id`.
  public func organisation(id: Int64) throws(StoreError) -> Organisation {
    let organisation = try read { db in
      try Row.fetchOne(db, sql: "SELECT * FROM organisation WHERE id = ?", arguments: [id])
        .map(Organisation.init)
    }
    guard let organisation else {
      throw .notFound(kind: "organisation", reference: "#\(id)", suggestions: [])
    }
    return organisation
  }

  /// Finds an organisation by handle, name or email domain.
  public func resolveOrganisation(_ reference: String) throws(StoreError) -> Organisation {
    try read { db in try Self.resolveOrganisation(reference, db) }
  }

  static func resolveOrganisation(_ reference: String, _ db: Database) throws -> Organisation {
    let key = TextKey.fold(reference)
    var ids = try Int64.fetchAll(
      db, sql: "SELECT DISTINCT organisation_id FROM organisation_key WHERE key = ?",
      arguments: [key])
    if ids.isEmpty && !key.isEmpty {
      // As for people: a unique word-prefix match ("acme" for "Acme Robotics") is accepted.
      ids = try Int64.fetchAll(
        db,
        sql: """
          SELECT DISTINCT organisation_id FROM organisation_key
          WHERE substr(key, 1, length(?1)) = ?1 OR instr(key, ' ' || ?1) > 0
          ORDER BY organisation_id
          """, arguments: [key])
    }
    let orgs = try ids.compactMap {
      try Row.fetchOne(db, sql: "SELECT * FROM organisation WHERE id = ?", arguments: [$0])
    }.map(Organisation.init)
    if let exact = orgs.first(where: { $0.handle == key }) { return exact }
    if orgs.count == 1 { return orgs[0] }
    if orgs.count > 1 {
      throw StoreError.ambiguous(
        kind: "organisation", reference: reference,
        candidates: orgs.map { "\($0.name) (\($0.handle))" })
    }
    throw StoreError.notFound(
      kind: "organisation", reference: reference,
      suggestions: try suggestions(for: key, table: "organisation", db))
  }

  // MARK: Affiliations

  /// Records that a person holds (or held) a role at an organisation.
  public func addAffiliation(_ affiliation: Affiliation) throws(StoreError) -> Affiliation {
    try write { db in try Self.insertAffiliation(affiliation, db) }
  }

  static func insertAffiliation(_ affiliation: Affiliation, _ db: Database) throws -> Affiliation {
    var a = affiliation
    a.role = role(a.role)
    try a.validate()
    try db.execute(
      sql: """
        INSERT INTO affiliation (id, person_id, organisation_id, role, from_time, to_time)
        VALUES (?, ?, ?, ?, ?, ?)
        """,
      arguments: [
        a.id == 0 ? try freshID("affiliation", db) : a.id, a.person, a.organisation, a.role,
        a.from.map(KithTime.seconds), a.to.map(KithTime.seconds),
      ])
    a.id = db.lastInsertedRowID
    return a
  }

  /// The affiliation of `person` at `organisation` in `role` (compared ignoring case, accents
  /// and spacing; nil matches only no role) that has no end date, the earliest if several:
  /// the record a job's end, or the same job recorded again, is about.
  public func openAffiliation(person: Int64, organisation: Int64, role: String?)
    throws(StoreError) -> Affiliation?
  {
    let key = Self.role(role).map(TextKey.fold)
    return try affiliations(person: person).first {
      $0.organisation == organisation && $0.to == nil && Self.role($0.role).map(TextKey.fold) == key
    }
  }

  /// Replaces an affiliation's role and dates (same id, person and organisation): how a job's
  /// end, or a start date learnt later, is recorded.
  public func updateAffiliation(_ affiliation: Affiliation) throws(StoreError) -> Affiliation {
    var affiliation = affiliation
    affiliation.role = Self.role(affiliation.role)
    return try write { [affiliation] db in
      try affiliation.validate()
      try db.execute(
        sql: "UPDATE affiliation SET role = ?, from_time = ?, to_time = ? WHERE id = ?",
        arguments: [
          affiliation.role, affiliation.from.map(KithTime.seconds),
          affiliation.to.map(KithTime.seconds), affiliation.id,
        ])
      guard db.changesCount > 0 else {
        throw StoreError.notFound(
          kind: "affiliation", reference: "\(affiliation.id)", suggestions: [])
      }
      return affiliation
    }
  }

  /// Affiliations, optionally of one person or one organisation, oldest first.
  public func affiliations(person: Int64? = nil, organisation: Int64? = nil) throws(StoreError)
    -> [Affiliation]
  {
    try read { db in
      var sql = "SELECT * FROM affiliation"
      var args: StatementArguments = []
      if let person {
        sql += " WHERE person_id = ?"
        args += [person]
      } else if let organisation {
        sql += " WHERE organisation_id = ?"
        args += [organisation]
      }
      sql += " ORDER BY coalesce(from_time, -9223372036854775808), id"
      return try Row.fetchAll(db, sql: sql, arguments: args).map(Affiliation.init)
    }
  }
}

extension Affiliation {
  init(row: Row) {
    self.init(
      id: row["id"], person: row["person_id"], organisation: row["organisation_id"],
      role: row["role"], from: (row["from_time"] as Int64?).map(Date.init(kithSeconds:)),
      to: (row["to_time"] as Int64?).map(Date.init(kithSeconds:)))
  }
}

extension Date {
  init(kithSeconds: Int64) { self.init(timeIntervalSince1970: TimeInterval(kithSeconds)) }
}
