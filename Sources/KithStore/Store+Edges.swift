import Foundation
import GRDB
import KithGraph

/// An edge to import: two people named by name, a weight, an optional date.
public struct EdgeInput: Sendable, Hashable {
  public var source: String
  public var target: String
  public var weight: Double
  public var date: Date?
  /// The line of the input file, for error messages.
  public var line: Int

  public init(source: String, target: String, weight: Double, date: Date?, line: Int) {
    self.source = source
    self.target = target
    self.weight = weight
    self.date = date
    self.line = line
  }
}

/// What an edge import changed.
public struct EdgeImportSummary: Sendable, Hashable {
  public var peopleCreated: Int
  public var tiesAdded: Int
  /// Edges already imported from the same file before (re-import is idempotent).
  public var tiesUnchanged: Int
}

extension KithStore {
  /// Imports an edge list in one transaction: people are found by exact name (case and accents
  /// ignored) or created; each edge becomes an explicit tie (undated: a constant weight; dated:
  /// decaying from its date). Each tie remembers `source` and a source id made of the pair,
  /// the date and the occurrence, so importing the same file again changes nothing.
  /// - Throws: `StoreError.invalid` naming the line when a name matches several people.
  /// - Complexity: O(E log P) for E edges and P people.
  public func importEdges(_ edges: [EdgeInput], source: String) throws(StoreError)
    -> EdgeImportSummary
  {
    try write { db in
      var byName: [String: Int64] = [:]
      var created = 0
      func person(_ name: String, line: Int) throws -> Int64 {
        let key = TextKey.fold(name)
        if let id = byName[key] { return id }
        let ids = try Int64.fetchAll(
          db, sql: "SELECT DISTINCT person_id FROM person_key WHERE key = ? AND kind = 'name'",
          arguments: [key])
        let id: Int64
        if ids.count > 1 {
          let candidates = try ids.compactMap { try Self.fetchPerson(id: $0, db) }
            .map { "\($0.name) (\($0.handle))" }
          throw InvalidRecord(
            field: "line \(line)",
            message:
              "'\(name)' matches \(candidates.count) people (\(candidates.joined(separator: ", "))); give them distinct names first"
          )
        } else if let existing = ids.first {
          id = existing
        } else {
          id = try Self.insertPerson(Person(name: name), db).id
          created += 1
        }
        byName[key] = id
        return id
      }
      var occurrences: [String: Int] = [:]
      var ties: [Tie] = []
      ties.reserveCapacity(edges.count)
      for edge in edges {
        let a = try person(edge.source, line: edge.line)
        let b = try person(edge.target, line: edge.line)
        guard a != b else {
          throw InvalidRecord(
            field: "line \(edge.line)", message: "an edge joins two different people")
        }
        let pair = [TextKey.fold(edge.source), TextKey.fold(edge.target)].sorted().joined(
          separator: "|")
        let key = "\(pair)|\(edge.date.map(KithTime.format) ?? "-")"
        occurrences[key, default: 0] += 1
        ties.append(
          Tie(
            a: a, b: b, weight: edge.weight, date: edge.date, source: source,
            sourceID: "\(key)|\(occurrences[key] ?? 1)"))
      }
      let before = try Int.fetchOne(db, sql: "SELECT count(*) FROM explicit_tie") ?? 0
      var batch = Ledger.Batch(settings: try Self.decaySettings(db))
      for (k, tie) in ties.enumerated() {
        do {
          _ = try Self.insertTie(tie, &batch, db)
        } catch let error as InvalidRecord {
          throw InvalidRecord(field: "line \(edges[k].line)", message: error.message)
        }
      }
      try batch.flush(db)
      let after = try Int.fetchOne(db, sql: "SELECT count(*) FROM explicit_tie") ?? 0
      return EdgeImportSummary(
        peopleCreated: created, tiesAdded: after - before,
        tiesUnchanged: ties.count - (after - before))
    }
  }
}
