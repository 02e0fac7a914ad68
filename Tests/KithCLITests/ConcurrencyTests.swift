import Foundation
import KithTestSupport
import Testing

/// Several `kith` processes writing to one database at once: the busy timeout makes each wait
/// for the write lock instead of failing.
@Suite("Concurrent writers")
struct ConcurrencyTests {
  @Test("ten kith log processes at once all land")
  func parallelLogs() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Alex Morgan"])
    try box.ok(["person", "add", "Sam Lee"])
    try box.ok(["person", "add", "Jane Doe"])
    let count = 10
    // Start them all before waiting for any.
    let running = try (1...count).map { day in
      try startKith(
        [
          "log", "meeting", "--with", day.isMultiple(of: 2) ? "sam-lee" : "jane-doe", "--on",
          String(format: "2026-01-%02d", day), "--summary", "parallel \(day)",
        ], db: box.db)
    }
    let results = try running.map { try $0.wait() }
    for (k, result) in results.enumerated() {
      #expect(result.status == 0, "run \(k + 1): \(result)")
      #expect(result.stderr.isEmpty, "run \(k + 1): \(result)")
    }
    let backup = try #require(
      try JSONSerialization.jsonObject(with: Data(try box.export().utf8)) as? [String: Any])
    let interactions = try #require(backup["interactions"] as? [[String: Any]])
    #expect(
      Set(interactions.compactMap { $0["summary"] as? String })
        == Set((1...count).map { "parallel \($0)" }))
    // The ledger saw every one of them: 5 meetings each, undecayed sums checked loosely.
    let ties =
      try box.json(["ties", "--as-of", "2026-01-10", "--json"])["ties"] as? [[String: Any]]
    #expect(ties?.compactMap { ($0["count"] as? NSNumber)?.intValue } == [5, 5])
    let ledger = try box.json(["ties", "--json"])["ties"] as? [[String: Any]]
    #expect(ledger?.compactMap { ($0["count"] as? NSNumber)?.intValue } == [5, 5])
  }

  @Test("concurrent readers and writers do not fail")
  func readersAndWriters() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Alex Morgan"])
    try box.ok(["person", "add", "Sam Lee"])
    var running: [RunningKith] = []
    for day in 1...6 {
      running.append(
        try startKith(
          ["log", "call", "--with", "sam-lee", "--on", String(format: "2026-02-%02d", day)],
          db: box.db))
      running.append(try startKith(["ties", "--json"], db: box.db))
    }
    for result in try running.map({ try $0.wait() }) {
      #expect(result.status == 0, "\(result)")
    }
    let ties = try box.json(["ties", "--json"])["ties"] as? [[String: Any]]
    #expect(ties?.first?["count"] as? NSNumber == 6)
  }
}
