import Foundation
import GRDB
import KithGraph
import KithImport
import KithTestSupport
import Testing

@testable import KithStore

/// An import adds people through `_PersonWriter` (statements prepared once) and keeps its
/// `import_source` rows in memory until the end (`_ImportSources`); these pin both to what the
/// store's general paths write.
@Suite("Import: new people and source rows")
struct PersonWriterTests {
  static let names = [
    "Ann", "ann", " Ann ", "Ann Archer", "Zoë", "Zoe", "José García", "李", "😀", "A-B", "a b",
    "Ann\tTab\nLine",
  ]
  static let lists = [
    [], ["x"], [" x ", "x", ""], ["Ann@Example.org"], ["+44 20 7946 0958", "07700 900123"],
    ["https://www.linkedin.com/in/ann/", "example.com/ann"], ["Tag", "tag", " TAG "],
  ]

  static func randomPerson(_ rng: inout SeededGenerator) -> Person {
    func pick<T>(_ list: [T]) -> T { list[Int.random(in: 0..<list.count, using: &rng)] }
    let emails = Int.random(in: 0..<4, using: &rng) == 0 ? ["p\(rng.next() % 50)@example.org"] : []
    return Person(
      name: pick(names), aliases: pick(lists).filter { !$0.contains("@") }, emails: emails,
      phones: pick(lists), urls: pick(lists), tags: pick(lists),
      cadenceDays: Int.random(in: 0..<5, using: &rng) == 0 ? 30 : nil)
  }

  /// The rows a person leaves in the store, in a stable order.
  static func dump(_ store: KithStore) throws -> [String] {
    try store.read { db in
      var rows: [String] = []
      for row in try Row.fetchAll(db, sql: "SELECT * FROM person ORDER BY id") {
        rows.append(row.description)
      }
      for row in try Row.fetchAll(
        db, sql: "SELECT * FROM person_key ORDER BY person_id, kind, key")
      {
        rows.append(row.description)
      }
      for row in try Row.fetchAll(db, sql: "SELECT * FROM person_tag ORDER BY person_id, tag") {
        rows.append(row.description)
      }
      return rows
    }
  }

  @Test func theWriterStoresWhatInsertPersonStores() throws {
    var rng = SeededGenerator(seed: 3)
    let people = (0..<300).map { _ in Self.randomPerson(&rng) }
    let (general, generalDir) = try makeTemporaryStore()
    defer { generalDir.remove() }
    let (writer, writerDir) = try makeTemporaryStore()
    defer { writerDir.remove() }
    let a = try general.write { db in try people.map { try KithStore.insertPerson($0, db) } }
    let b = try writer.write { db in
      let w = try _PersonWriter(db)
      return try people.map { try w.insert($0) }
    }
    #expect(a == b)
    #expect(try Self.dump(general) == Self.dump(writer))
    // Handles were made unique the same way: slug, slug-2, slug-3…
    #expect(Set(b.map(\.handle)).count == b.count)
  }

  @Test func theWriterRefusesWhatInsertPersonRefuses() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    _ = try store.write { db in try KithStore.insertPerson(Person(name: "Ann"), db) }
    for person in [
      Person(name: "  "), Person(name: "Ann", emails: ["not an address"]),
      Person(handle: "Not A Slug", name: "Ann"),
      // A requested handle that is taken is refused, not made unique.
      Person(handle: "ann", name: "Another Ann"),
    ] {
      let general = Result { try store.write { db in try KithStore.insertPerson(person, db) } }
      let written = Result {
        try store.write { db in try _PersonWriter(db).insert(person) }
      }
      #expect(throws: (any Error).self) { try general.get() }
      #expect(
        String(describing: general.mapError { $0 as any Error })
          == String(describing: written.mapError { $0 as any Error }))
    }
  }

  @Test func sourceRowsReadBackBeforeTheyAreWritten() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let ids = try store.write { db in
      var sources = _ImportSources(source: "test")
      #expect(try sources.entity("person", "a", db) == nil)
      sources.remember("person", "a", 1)
      sources.remember("person", "b", 2)
      sources.remember("person", "a", 3)
      sources.remember("note", "a", 4)
      var seen = [
        try sources.entity("person", "a", db), try sources.entity("note", "a", db),
        try sources.entity("exchange", "a", db),
      ]
      try sources.flush(db)
      // After the flush the rows come from the table, the last one remembered winning: for
      // the same import (which looked nothing up in a table without rows of its source) and
      // for the next one.
      seen.append(try sources.entity("person", "a", db))
      var again = _ImportSources(source: "test")
      seen += [try again.entity("person", "a", db), try again.entity("person", "b", db)]
      var other = _ImportSources(source: "other")
      seen.append(try other.entity("person", "a", db))
      // A source with rows stored replaces them.
      again.remember("person", "a", 9)
      try again.flush(db)
      var third = _ImportSources(source: "test")
      seen += [try third.entity("person", "a", db), try third.entity("person", "b", db)]
      return seen
    }
    #expect(ids == [3, 4, nil, 3, 3, 2, nil, 9, 2])
  }

  @Test func sourceIDsSortAsSQLiteComparesThem() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    var rng = SeededGenerator(seed: 5)
    let pieces = [
      "", "a", "A", "b", "é", "e\u{301}", "z", "~", "李", "😀", "row:1", "row:10",
    ]
    let ids = (0..<300).map { _ in
      (0..<Int.random(in: 0..<4, using: &rng)).map { _ in
        pieces[Int.random(in: 0..<pieces.count, using: &rng)]
      }.joined()
    }
    let sqliteOrder = try store.read { db in
      try String.fetchAll(
        db,
        sql: "SELECT value FROM json_each(?) ORDER BY value COLLATE BINARY",
        arguments: [String(decoding: try JSONEncoder().encode(ids), as: UTF8.self)])
    }
    let ours = ids.sorted { _ImportSources.precedes(Array($0.utf8), Array($1.utf8)) }
    #expect(ours == sqliteOrder)
  }

  @Test func manySourceRowsAreWrittenInSeveralStatements() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let count = 2 * _ImportSources.rowsPerInsert + 7
    let found = try store.write { db in
      var sources = _ImportSources(source: "test")
      for k in 0..<count { sources.remember("person", "k\(k)", Int64(k)) }
      try sources.flush(db)
      var fresh = _ImportSources(source: "test")
      return try (0..<count).map { try fresh.entity("person", "k\($0)", db) }
    }
    #expect(found == (0..<count).map { Int64($0) })
  }

  /// A CSV file naming people by name and email, read and imported, then imported again: the
  /// second import finds every person and interaction, and a person named by email then by
  /// name in the same file is one person.
  @Test func aReferenceFileImportsOnceAndIsFoundAgain() throws {
    var rng = SeededGenerator(seed: 11)
    var text = "date,with,kind\n"
    text += "2026-01-01,ann@example.org,call\n2026-01-02,ann,call\n"
    for k in 0..<500 {
      let n = Int.random(in: 1...3, using: &rng)
      let names = (0..<n).map { _ in "Person \(Int.random(in: 1...120, using: &rng))" }
      text += "2026-02-\(10 + k % 18),\(names.joined(separator: ";")),meeting\n"
    }
    let batch = try GenericCSVReader.parse(
      text, path: "x.csv", now: Date(timeIntervalSince1970: 0))
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    _ = try store.initialise(me: "Me")
    let first = try store.importBatch(batch)
    #expect(first.people.added == batch.people.count - 1)  // "ann" is ann@example.org
    #expect(first.people.unchanged == 1)
    let again = try store.importBatch(batch)
    #expect(again.people.added == 0 && again.interactions.added == 0)
    #expect(again.interactions.unchanged == first.interactions.added)
    #expect(try store.people().count == 1 + batch.people.count - 1)
  }
}
