import Foundation
import GRDB
import KithGraph

/// Two stored people who may be the same person, and why.
public struct DuplicateCandidate: Sendable, Hashable {
  public var first: Person
  public var second: Person
  /// What they share, strongest first: `email`, `url`, `phone`, `name` (a name or alias),
  /// `nameOrder` (a name with its words in another order: family name first), `longVowel` (a
  /// Japanese name with a long vowel spelt another way: Ōno, Ohno), `firstName` (one's whole
  /// name is the other's first name).
  public var reasons: [String]
  /// Whether they share an email, a profile URL or a phone (not only a name).
  public var sharesIdentifier: Bool
}

/// What merging one person into another moved.
public struct MergeSummary: Sendable, Hashable {
  /// The person kept, with the merged identifiers.
  public var kept: Person
  /// The person merged away (no longer stored).
  public var removed: Person
  public var interactions = 0
  public var exchanges = 0
  public var referrals = 0
  public var ties = 0
  public var notes = 0
  public var affiliations = 0
  /// Records between the two people that would have become a person's record with themselves
  /// (an interaction of just the two, an exchange between them…), deleted.
  public var dropped = 0
  /// Cadences of the removed person (an ego's for them, or theirs as an ego) that gave way to
  /// a different one of the kept person's for the same ego and person.
  public var cadencesDropped = 0
  /// Ties let go of the removed person (an ego's of them, or theirs as an ego) at the same
  /// instant as one of the kept person's: one record stays, with both reasons.
  public var letGoReasonsJoined = 0
  /// What the merge did to the ties let go, every ego's (`LetGoStandings.changes(to:)`): the
  /// removed person's contacts now count for the kept one, and may bring back a tie let go.
  public var letGoChanges: [LetGoChange] = []
}

/// The records between two people that merging them would delete, by kind: a meeting of just
/// the two, an exchange or an explicit tie between them, a referral that would name one person
/// twice. Such records are a sign the two are different people.
public struct MergeLosses: Sendable, Hashable {
  public var interactions = 0
  public var exchanges = 0
  public var referrals = 0
  public var ties = 0
  public var total: Int { interactions + exchanges + referrals + ties }
}

extension KithStore {
  /// Pairs of people who share a name, alias, email, profile URL or phone, whose names or
  /// aliases are one name in another order or another romanisation (`nameVariantPairs`), or
  /// of whom one's one-word name is the other's first name, most certain first
  /// (shared identifiers, then names), then by name.
  /// - Complexity: O(K log K) for K identity keys (one self-join on the key index).
  public func likelyDuplicates() throws(StoreError) -> [DuplicateCandidate] {
    try read { db in
      var reasons: [[Int64]: Set<String>] = [:]
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT x.person_id AS a, y.person_id AS b, x.kind AS kx, y.kind AS ky
          FROM person_key x JOIN person_key y ON y.key = x.key AND y.person_id > x.person_id
          WHERE x.kind IN ('name', 'alias', 'email', 'url', 'phone')
            AND y.kind IN ('name', 'alias', 'email', 'url', 'phone')
          """)
      for row in rows {
        let kx: String = row["kx"]
        let ky: String = row["ky"]
        let reason = [kx, ky].allSatisfy { $0 == "name" || $0 == "alias" } ? "name" : kx
        reasons[[row["a"], row["b"]], default: []].insert(reason)
      }
      // A one-word name that is another person's first name, titles aside: the "Chidi" of a
      // file of meetings, who became a person of their own beside Dr. Chidi Okafor because an
      // import never matches a name by its first word.
      var oneWord: [String: [Int64]] = [:]
      var byFirstName: [String: [Int64]] = [:]
      for row in try Row.fetchAll(
        db, sql: "SELECT person_id, key FROM person_key WHERE kind = 'name'")
      {
        let key: String = row["key"]
        let words = key.split(separator: " ")
        if words.count == 1 {
          oneWord[key, default: []].append(row["person_id"])
        } else if let first = words.first(where: { !TextKey.isHonorific($0) }) {
          byFirstName[String(first), default: []].append(row["person_id"])
        }
      }
      for (first, people) in byFirstName {
        for short in oneWord[first] ?? [] {
          for other in people where other != short {
            let pair = [min(short, other), max(short, other)]
            if reasons[pair]?.contains("name") != true {
              reasons[pair, default: []].insert("firstName")
            }
          }
        }
      }
      // The same name in another order or romanisation, unless the very name is shared.
      let variants = try Self.nameVariantPairs(db)
      for (pair, why) in variants where reasons[pair]?.contains("name") != true {
        reasons[pair, default: []].formUnion(why)
      }
      let order = ["email", "url", "phone", "name", "nameOrder", "longVowel", "firstName"]
      var out: [DuplicateCandidate] = []
      for (pair, why) in reasons {
        guard let a = try Self.fetchPerson(id: pair[0], db),
          let b = try Self.fetchPerson(id: pair[1], db)
        else { continue }
        let sorted = order.filter(why.contains)
        out.append(
          DuplicateCandidate(
            first: a, second: b, reasons: sorted,
            sharesIdentifier: sorted.contains { !Self.nameReasons.contains($0) }))
      }
      return out.sorted {
        if $0.sharesIdentifier != $1.sharesIdentifier { return $0.sharesIdentifier }
        let l = ($0.first.name.lowercased(), $0.first.id, $0.second.id)
        let r = ($1.first.name.lowercased(), $1.first.id, $1.second.id)
        return l < r
      }
    }
  }

  /// The reasons of `likelyDuplicates` that are names, not shared identifiers.
  static let nameReasons: Set<String> = ["name", "nameOrder", "longVowel", "firstName"]

  /// Pairs of people (lower id first) with a name or alias each that is one name written
  /// another way, with why: `nameOrder` when its words are in another order, cut in two and
  /// swapped ("Fujita Mariko" for Mariko Fujita: `NameForms.rotationKey`), `longVowel` when a
  /// Japanese long vowel is spelt another way ("Ryo Ohno" for Ryō Ōno:
  /// `NameForms.shortVowels`), or both. Names that are the same as folded are left to the key
  /// join, as are names of one word. The order counts only between names whose every word is
  /// romanised Japanese, as names written family name first are: "Thomas James" is a name of
  /// its own, not James Thomas's.
  /// - Complexity: O(N + Σ g²) for N names and aliases, g people in a group of one name.
  static func nameVariantPairs(_ db: Database) throws -> [[Int64]: Set<String>] {
    struct Form {
      var person: Int64
      var words: [Substring]
      var short: [Substring]
      /// Every word is romanised Japanese.
      var japanese: Bool { words.allSatisfy { NameForms.shortVowels($0) != nil } }
    }
    var groups: [String: [Form]] = [:]
    for row in try Row.fetchAll(
      db, sql: "SELECT person_id, key FROM person_key WHERE kind IN ('name', 'alias')")
    {
      let key: String = row["key"]
      let words = NameForms.words(key)
      guard words.count > 1 else { continue }
      let short = NameForms.shortVowelWords(words)
      groups[NameForms.rotationKey(short), default: []].append(
        Form(person: row["person_id"], words: words, short: short))
    }
    var out: [[Int64]: Set<String>] = [:]
    for forms in groups.values where forms.count > 1 {
      for (i, x) in forms.enumerated() {
        for y in forms[(i + 1)...] where x.person != y.person && x.words != y.words {
          var why: Set<String> = []
          if x.short != y.short {
            guard x.japanese && y.japanese else { continue }
            why.insert("nameOrder")
          }
          if NameForms.rotationKey(x.words) != NameForms.rotationKey(y.words) {
            why.insert("longVowel")
          }
          guard !why.isEmpty else { continue }
          out[[min(x.person, y.person), max(x.person, y.person)], default: []].formUnion(why)
        }
      }
    }
    return out
  }

  /// The interactions of `:a` and `:b` alone: merging deletes them.
  private static let interactionsOfTheTwo = """
    json_array_length(participants) <= 2 AND id IN (
      SELECT interaction_id FROM interaction_participant WHERE person_id = :a
      INTERSECT SELECT interaction_id FROM interaction_participant WHERE person_id = :b)
    """
  /// Exchanges between `:a` and `:b`: merging deletes them.
  private static let exchangesBetween =
    "(giver_id = :a AND receiver_id = :b) OR (giver_id = :b AND receiver_id = :a)"
  /// Referrals that would name one person twice once `:b` is `:a`: merging deletes them.
  private static let referralsNamingOneTwice = """
    (CASE referrer_id WHEN :b THEN :a ELSE referrer_id END)
      = (CASE recipient_id WHEN :b THEN :a ELSE recipient_id END)
    OR coalesce(CASE referee_person_id WHEN :b THEN :a ELSE referee_person_id END, -1)
      IN (CASE referrer_id WHEN :b THEN :a ELSE referrer_id END,
          CASE recipient_id WHEN :b THEN :a ELSE recipient_id END)
    """
  /// Explicit ties between `:a` and `:b`: merging deletes them.
  private static let tiesBetween = "(a_id = :a AND b_id = :b) OR (a_id = :b AND b_id = :a)"

  /// The records ``mergePeople(keep:remove:)`` would delete as between the two alone, counted
  /// without changing anything: for a merge to be refused when the two have a history together.
  public func mergeLosses(keep kept: Int64, remove removed: Int64) throws(StoreError)
    -> MergeLosses
  {
    try read { db in
      func count(_ table: String, _ condition: String) throws -> Int {
        try Int.fetchOne(
          db, sql: "SELECT count(*) FROM \(table) WHERE \(condition)",
          arguments: ["a": kept, "b": removed]) ?? 0
      }
      return MergeLosses(
        interactions: try count("interaction", Self.interactionsOfTheTwo),
        exchanges: try count("exchange", Self.exchangesBetween),
        referrals: try count("referral", Self.referralsNamingOneTwice),
        ties: try count("explicit_tie", Self.tiesBetween))
    }
  }

  /// Removes the open affiliations of `person` that repeat another (two records of one person
  /// each brought theirs): at one organisation, a job without a title where one with a title
  /// is open, and a second job with the same title. What imports remembered of a removed one
  /// now names the one kept. Open jobs with different titles are kept, both: nothing says
  /// which is still true, and two roles at one place can be.
  static func collapseOpenAffiliations(of person: Int64, _ db: Database) throws {
    let open = try Row.fetchAll(
      db,
      sql: """
        SELECT id, organisation_id, role, from_time FROM affiliation
        WHERE person_id = ? AND to_time IS NULL ORDER BY id
        """, arguments: [person])
    for (_, rows) in Dictionary(grouping: open, by: { $0["organisation_id"] as Int64 })
    where rows.count > 1 {
      func rank(_ row: Row) -> (Int, Int64, Int64) {
        ((row["role"] as String?) != nil ? 1 : 0, row["from_time"] as Int64? ?? .min, row["id"])
      }
      guard let survivor = rows.max(by: { rank($0) < rank($1) }) else { continue }
      let kept: Int64 = survivor["id"]
      let title = (survivor["role"] as String?).map(TextKey.fold)
      for row in rows where (row["id"] as Int64) != kept {
        // Another title is another job, not a repeat.
        if let other = (row["role"] as String?).map(TextKey.fold), other != title { continue }
        try db.execute(
          sql: """
            UPDATE import_source SET entity_id = ? WHERE kind = 'affiliation' AND entity_id = ?
            """, arguments: [kept, row["id"]])
        try db.execute(sql: "DELETE FROM affiliation WHERE id = ?", arguments: [row["id"]])
      }
    }
  }

  /// Merges person `removed` into person `kept` in one transaction: their interactions,
  /// exchanges, referrals, explicit ties, notes and affiliations move to `kept`; identifiers,
  /// tags and interests are united and the removed name becomes an alias; records of the
  /// removed person's source ids now point to `kept`, so re-imports stay idempotent. Records
  /// between the two alone are deleted. The tie ledger is rebuilt. Merging the ego keeps the
  /// ego.
  /// - Complexity: O(records of both people) plus a ledger rebuild, O(P log P).
  public func mergePeople(keep kept: Int64, remove removed: Int64) throws(StoreError)
    -> MergeSummary
  {
    try write { db in
      guard kept != removed else {
        throw StoreError.conflict("a person cannot be merged into themselves")
      }
      guard var a = try Self.fetchPerson(id: kept, db) else {
        throw StoreError.notFound(kind: "person", reference: "#\(kept)", suggestions: [])
      }
      guard let b = try Self.fetchPerson(id: removed, db) else {
        throw StoreError.notFound(kind: "person", reference: "#\(removed)", suggestions: [])
      }
      var summary = MergeSummary(kept: a, removed: b)
      let letGoBefore = try Self.letGoStandings(among: nil, db).merging(removed, into: kept)
      func run(_ sql: String) throws -> Int {
        try db.execute(sql: sql, arguments: ["a": kept, "b": removed])
        return db.changesCount
      }
      // Interactions: the two alone → deleted; both among others → b leaves it; else b's
      // place goes to a. The participation blocks are rebuilt with the ledger at the end.
      // Records between the two go: their ids are not given again.
      try Self.retireIDs(db)
      let shared = try Row.fetchAll(
        db,
        sql: """
          SELECT id, json_array_length(participants) AS named FROM interaction WHERE id IN (
            SELECT interaction_id FROM interaction_participant WHERE person_id = :a
            INTERSECT SELECT interaction_id FROM interaction_participant WHERE person_id = :b)
          """, arguments: ["a": kept, "b": removed])
      for row in shared {
        let id: Int64 = row["id"]
        if (row["named"] as Int) <= 2 {
          try db.execute(sql: "DELETE FROM interaction WHERE id = ?", arguments: [id])
          summary.dropped += 1
          continue
        }
        try db.execute(
          sql: """
            UPDATE interaction SET participant_count = participant_count - 1,
              participants = (SELECT json_group_array(value) FROM json_each(interaction.participants)
                WHERE value <> ?)
            WHERE id = ?
            """,
          arguments: [removed, id])
      }
      // Every interaction b is still in, shared or not, now names a.
      summary.interactions = try run(
        """
        UPDATE interaction SET participants = (
          SELECT json_group_array(CASE value WHEN :b THEN :a ELSE value END)
          FROM json_each(interaction.participants))
        WHERE id IN (SELECT interaction_id FROM interaction_participant WHERE person_id = :b)
        """)
      _ = try run("DELETE FROM participation_block WHERE person_id = :b")
      _ = try run("UPDATE interaction SET initiator_id = :a WHERE initiator_id = :b")

      summary.dropped += try run("DELETE FROM exchange WHERE \(Self.exchangesBetween)")
      summary.exchanges =
        try run("UPDATE exchange SET giver_id = :a WHERE giver_id = :b")
        + run("UPDATE exchange SET receiver_id = :a WHERE receiver_id = :b")

      summary.dropped += try run("DELETE FROM referral WHERE \(Self.referralsNamingOneTwice)")
      let referralsBefore =
        try Int.fetchOne(
          db,
          sql: """
            SELECT count(*) FROM referral WHERE :b IN (referrer_id, recipient_id,
              coalesce(referee_person_id, -1))
            """, arguments: ["b": removed]) ?? 0
      _ = try run("UPDATE referral SET referrer_id = :a WHERE referrer_id = :b")
      _ = try run("UPDATE referral SET recipient_id = :a WHERE recipient_id = :b")
      _ = try run("UPDATE referral SET referee_person_id = :a WHERE referee_person_id = :b")
      summary.referrals = referralsBefore

      summary.dropped += try run("DELETE FROM explicit_tie WHERE \(Self.tiesBetween)")
      summary.ties =
        try run("UPDATE explicit_tie SET a_id = :a WHERE a_id = :b")
        + run("UPDATE explicit_tie SET b_id = :a WHERE b_id = :b")
      summary.notes = try run("UPDATE note SET person_id = :a WHERE person_id = :b")

      // Affiliations: the same organisation and role already held by `kept` is not repeated.
      for row in try Row.fetchAll(
        db, sql: "SELECT id, organisation_id, role FROM affiliation WHERE person_id = ?",
        arguments: [removed])
      {
        let role: String? = row["role"]
        let duplicate = try Row.fetchAll(
          db, sql: "SELECT role FROM affiliation WHERE person_id = ? AND organisation_id = ?",
          arguments: [kept, row["organisation_id"]]
        ).contains { ($0["role"] as String?).map(TextKey.fold) == role.map(TextKey.fold) }
        if duplicate {
          try db.execute(sql: "DELETE FROM affiliation WHERE id = ?", arguments: [row["id"]])
        } else {
          try db.execute(
            sql: "UPDATE affiliation SET person_id = ? WHERE id = ?", arguments: [kept, row["id"]])
          summary.affiliations += 1
        }
      }
      try Self.collapseOpenAffiliations(of: kept, db)
      _ = try run(
        "UPDATE import_source SET entity_id = :a WHERE kind = 'person' AND entity_id = :b")
      _ = try run(
        """
        INSERT OR IGNORE INTO person_detail (person_id, key, value)
        SELECT :a, key, value FROM person_detail WHERE person_id = :b
        """)
      _ = try run(
        "UPDATE meta SET value = CAST(:a AS TEXT) WHERE key = 'ego' AND value = CAST(:b AS TEXT)")

      // The kept person gains the removed one's identifiers; the removed name is an alias.
      func union(_ x: [String], _ y: [String], _ key: (String) -> String) -> [String] {
        var seen = Set(x.map(key))
        return x + y.filter { seen.insert(key($0)).inserted }
      }
      a.emails = union(a.emails, b.emails) { $0.lowercased() }
      a.phones = union(a.phones, b.phones) { $0 }
      a.urls = union(a.urls, b.urls) { $0 }
      a.tags = union(a.tags, b.tags) { $0.lowercased() }
      a.interests = union(a.interests, b.interests) { $0.lowercased() }
      let names = Set(([a.name] + a.aliases).map(TextKey.fold))
      a.aliases = union(
        a.aliases, ([b.name] + b.aliases).filter { !names.contains(TextKey.fold($0)) }
      ) { TextKey.fold($0) }
      // Every ego's cadence and dismissal: the kept person's cadence, the later dismissal.
      summary.cadencesDropped = try Self.mergeCadences(keep: kept, remove: removed, db)
      summary.letGoReasonsJoined = try Self.mergeTiesLetGo(keep: kept, remove: removed, db)
      try db.execute(sql: "DELETE FROM person WHERE id = ?", arguments: [removed])
      try db.execute(
        sql: """
          UPDATE person SET aliases = ?, emails = ?, phones = ?, urls = ?, tags = ?,
            interests = ? WHERE id = ?
          """,
        arguments: [
          ListColumn.encode(a.aliases), ListColumn.encode(a.emails), ListColumn.encode(a.phones),
          ListColumn.encode(a.urls), ListColumn.encode(a.tags), ListColumn.encode(a.interests),
          kept,
        ])
      try Self.writeKeys(of: a, db)
      a = try Self.fetchPerson(id: kept, db) ?? a
      try Ledger.rebuild(db)
      summary.kept = a
      summary.letGoChanges = letGoBefore.changes(to: try Self.letGoStandings(among: nil, db))
      return summary
    }
  }
}
