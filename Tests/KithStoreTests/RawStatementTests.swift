import Foundation
import GRDB
import KithTestSupport
import Testing

@testable import KithStore

// `_RawStatement.bind(_:text:)` keeps its own copy of each parameter's text, in room reused by
// later binds, and binds it without SQLite copying it again: each parameter must keep its own
// value, whole, through rebinds that grow or shrink the room.

@Suite("Raw statements: texts bound in the statement's own room")
struct RawStatementTests {
  /// The row `statement` gives: each column's type and bytes.
  private func row(_ statement: _RawStatement, columns: Int32) throws -> [String] {
    #expect(try statement.step())
    defer { statement.resetKeepingBindings() }
    return (0..<columns).map { column in
      if statement.isNull(column) { return "NULL" }
      return "[" + String(decoding: statement.bytes(column), as: UTF8.self) + "]"
    }
  }

  @Test("each parameter keeps its text, NUL bytes and all, through rebinds of every length")
  func textsSurviveRebinds() throws {
    let queue = try DatabaseQueue()
    try queue.inDatabase { db in
      let s = try _RawStatement(db, "SELECT ?1, ?2, ?3, typeof(?3), length(CAST(?1 AS BLOB))")
      s.bind(1, text: "a\u{0}b")
      s.bind(2, text: String(repeating: "x", count: 1_000))
      s.bind(3, text: "")
      #expect(
        try row(s, columns: 5) == [
          "[a\u{0}b]", "[" + String(repeating: "x", count: 1_000) + "]", "[]", "[text]", "[3]",
        ])
      // Shorter, then longer than any room so far, then non-ASCII.
      s.bind(2, text: "xy")
      #expect(try row(s, columns: 3) == ["[a\u{0}b]", "[xy]", "[]"])
      s.bind(2, text: String(repeating: "y", count: 5_000))
      #expect(
        try row(s, columns: 2) == ["[a\u{0}b]", "[" + String(repeating: "y", count: 5_000) + "]"])
      s.bind(1, text: "Zoë 李 😀")
      s.bind(3, text: "z")
      #expect(
        try row(s, columns: 4) == [
          "[Zoë 李 😀]", "[" + String(repeating: "y", count: 5_000) + "]", "[z]", "[text]",
        ])
      // Cleared bindings are NULL again.
      s.reset()
      #expect(try row(s, columns: 4) == ["NULL", "NULL", "NULL", "[null]"])
    }
  }

  @Test("texts bound to many parameters of one insert are stored, each in its own row")
  func manyParameters() throws {
    let queue = try DatabaseQueue()
    try queue.inDatabase { db in
      try db.execute(sql: "CREATE TABLE t (a TEXT, b TEXT)")
      let rows = 300
      let insert = try _RawStatement(
        db,
        "INSERT INTO t (a, b) VALUES "
          + Array(repeating: "(?, ?)", count: rows).joined(separator: ", "))
      for round in 0..<2 {
        for r in 0..<rows {
          insert.bind(Int32(2 * r + 1), text: "row \(r) of round \(round)")
          insert.bind(Int32(2 * r + 2), text: String(repeating: "b", count: r % 40))
        }
        try insert.step()
        insert.reset()
      }
      let stored = try Row.fetchAll(db, sql: "SELECT a, b FROM t ORDER BY rowid").map {
        "\($0["a"] as String) \(($0["b"] as String).count)"
      }
      let expected = (0..<2).flatMap { round in
        (0..<rows).map { r in "row \(r) of round \(round) \(r % 40)" }
      }
      #expect(stored == expected)
    }
  }

  // Regression: a raw statement's failure became a bare message, so a write to a read-only
  // database said SQLite's "attempt to write a readonly database" instead of the store's words.
  @Test("a raw statement's write to a read-only database is worded as the store words it")
  func readOnlyFailureMapped() throws {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("kith.sqlite")
    try DatabaseQueue(path: path).write { db in try db.execute(sql: "CREATE TABLE t (x)") }
    var configuration = Configuration()
    configuration.readonly = true
    let queue = try DatabaseQueue(path: path, configuration: configuration)
    let error = #expect(throws: (any Error).self) {
      try queue.inDatabase { db in try _RawStatement(db, "INSERT INTO t VALUES (1)").step() }
    }
    #expect(
      error.map { KithStore.map($0, path: path).description }
        == "database error: cannot write \(path): it is read-only")
  }
}
