import Foundation
import GRDB
import KithGraph

/// A tag of people: how many carry it, and its keep-in-touch cadence if one is set.
public struct TagUse: Sendable, Hashable {
  public var tag: String
  public var people: Int
  public var cadenceDays: Int?

  public init(tag: String, people: Int, cadenceDays: Int? = nil) {
    self.tag = tag
    self.people = people
    self.cadenceDays = cadenceDays
  }
}

extension KithStore {
  /// Every tag people carry or `ego` set a cadence for (nil: the store's ego), by tag, with
  /// `ego`'s cadence: a cadence for a tag nobody carries is listed with 0 people, since it
  /// applies to nobody.
  public func tagUses(ego: Int64? = nil) throws(StoreError) -> [TagUse] {
    try read { db in
      var uses: [String: TagUse] = [:]
      for row in try Row.fetchAll(
        db, sql: "SELECT tag, count(*) AS people FROM person_tag GROUP BY tag")
      {
        let tag: String = row["tag"]
        uses[tag] = TagUse(tag: tag, people: row["people"])
      }
      for cadence in try Self.fetchTagCadences(ego: ego, db) {
        uses[cadence.tag, default: TagUse(tag: cadence.tag, people: 0)].cadenceDays = cadence.days
      }
      return uses.values.sorted { $0.tag < $1.tag }
    }
  }

  /// The tags in use closest in spelling to `tag` (a few edits away), closest first: what a
  /// mistyped tag probably meant.
  public func tagsSpelledLike(_ tag: String) throws(StoreError) -> [String] {
    let key = Self.tagKey(tag)
    let limit = Self.suggestionDistance(key.count)
    return try tagUses().filter { $0.people > 0 }
      .map { ($0.tag, TextKey.editDistance(key, $0.tag)) }
      .filter { $0.1 <= limit }
      .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
      .prefix(3).map(\.0)
  }

  /// Renames a tag on everyone who carries it (someone with both keeps one), and carries every
  /// ego's cadence of it along. Returns the tag's new use, with the store's ego's cadence.
  /// - Throws: `.notFound` when nobody carries `old` and no ego has a cadence for it;
  ///   `.conflict` when an ego has different cadences for the two tags (which one to keep is
  ///   theirs to choose); `.invalid` for an empty new tag or the same tag.
  public func renameTag(_ old: String, to new: String) throws(StoreError) -> TagUse {
    let from = Self.tagKey(old)
    let to = Self.tagKey(new)
    guard !to.isEmpty else {
      throw .invalid(InvalidRecord(field: "tag", message: "the new tag is empty"))
    }
    guard from != to else {
      throw .invalid(InvalidRecord(field: "tag", message: "the tag is already called '\(to)'"))
    }
    let suggestions = try tagsSpelledLike(from)
    return try write { db in
      let ids = try Int64.fetchAll(
        db, sql: "SELECT person_id FROM person_tag WHERE tag = ?", arguments: [from])
      // Each ego's cadences of the two tags, by ego (nil: no ego).
      var cadences: [Int64?: (from: Int?, to: Int?)] = [:]
      for row in try Row.fetchAll(
        db, sql: "SELECT ego_id, tag, days FROM tag_cadence WHERE tag IN (?, ?)",
        arguments: [from, to])
      {
        let ego: Int64? = row["ego_id"]
        if row["tag"] as String == from {
          cadences[ego, default: (nil, nil)].from = row["days"]
        } else {
          cadences[ego, default: (nil, nil)].to = row["days"]
        }
      }
      guard !ids.isEmpty || cadences.values.contains(where: { $0.from != nil }) else {
        throw StoreError.notFound(kind: "tag", reference: from, suggestions: suggestions)
      }
      let me = try Self.fetchEgo(db)
      for (ego, days) in cadences.sorted(by: { ($0.key ?? 0) < ($1.key ?? 0) }) {
        guard let a = days.from, let b = days.to, a != b else { continue }
        let owner = try ego.flatMap { $0 == me?.id ? nil : try Self.fetchPerson(id: $0, db) }
        let whose = owner.map { " for \($0.name)" } ?? ""
        let option = owner.map { " --ego \($0.handle)" } ?? ""
        throw StoreError.conflict(
          "'\(from)' has a cadence of \(a) days and '\(to)' one of \(b) days\(whose); clear the one not to keep first (`kith cadence --clear --tag \(to)\(option)`)"
        )
      }
      for id in ids {
        guard var p = try Self.fetchPerson(id: id, db) else { continue }
        p.tags = p.tags.map { $0 == from ? to : $0 }
        p = Self.normalised(p)
        try db.execute(
          sql: "UPDATE person SET tags = ? WHERE id = ?",
          arguments: [ListColumn.encode(p.tags), id])
        try db.execute(
          sql: "INSERT OR IGNORE INTO person_tag (tag, person_id) VALUES (?, ?)",
          arguments: [to, id])
      }
      try db.execute(sql: "DELETE FROM person_tag WHERE tag = ?", arguments: [from])
      try db.execute(sql: "DELETE FROM tag_cadence WHERE tag = ?", arguments: [from])
      for (ego, days) in cadences where days.to == nil {
        if let d = days.from {
          try db.execute(
            sql: "INSERT INTO tag_cadence (ego_id, tag, days) VALUES (?, ?, ?)",
            arguments: [ego, to, d])
        }
      }
      let days = try Self.fetchTagCadences(ego: nil, db).first { $0.tag == to }?.days
      let people =
        try Int.fetchOne(db, sql: "SELECT count(*) FROM person_tag WHERE tag = ?", arguments: [to])
        ?? 0
      return TagUse(tag: to, people: people, cadenceDays: days)
    }
  }
}
