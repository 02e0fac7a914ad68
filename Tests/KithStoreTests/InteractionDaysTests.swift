import Foundation
import GRDB
import KithGraph
import KithImport
import KithTestSupport
import Testing

@testable import KithStore

// An interaction entered as a date alone keeps the day entered (`Interaction.day`, the
// `interaction.day` column of migration v18) through every path that writes, rewrites, reads,
// backs up and restores interactions. Tests run in UTC: a date entered here starts at its
// midnight in UTC.

private let day: Int64 = 20_426  // 2025-12-04
private let startOfDay = Date(kithSeconds: day * 86_400)
private let tokyoStart = Date(kithSeconds: day * 86_400 - 9 * 3_600)

@Suite("Interactions entered as a date alone (migration v18)")
struct InteractionDaysTests {
  static func store() throws -> (KithStore, TemporaryDirectory, Person, Person) {
    let (store, dir) = try makeTemporaryStore()
    let me = try store.initialise(me: "Me Myself")
    let ann = try store.addPerson(Person(name: "Ann Archer"))
    return (store, dir, me, ann)
  }

  /// The day column of every interaction, by id.
  static func days(_ store: KithStore) throws -> [Int64: Int64?] {
    Dictionary(uniqueKeysWithValues: try store.interactions().map { ($0.id, $0.day) })
  }

  @Test("one at a time, with a source of its own, and in bulk: the day is written and read")
  func writePaths() throws {
    let (store, dir, me, ann) = try Self.store()
    defer { dir.remove() }
    let dated = try store.addInteraction(
      Interaction(time: tokyoStart, kind: .meeting, participants: [me.id, ann.id], day: day))
    let timed = try store.addInteraction(
      Interaction(time: startOfDay, kind: .call, participants: [me.id, ann.id]))
    let sourced = try store.addInteraction(
      Interaction(
        time: startOfDay, kind: .email, participants: [me.id, ann.id], source: "test",
        sourceID: "a", day: day))
    #expect(dated.day == day && timed.day == nil && sourced.day == day)
    // Enough to be written by the pipelined bulk path, every third one a date.
    let bulk = (0..<Ledger.preloadThreshold).map { k in
      let d = day + Int64(k)
      return Interaction(
        time: Date(kithSeconds: d * 86_400 + (k % 3 == 0 ? 0 : 3_600)), kind: .message,
        participants: [me.id, ann.id], day: k % 3 == 0 ? d : nil)
    }
    let added = try store.addInteractions(bulk)
    let stored = try Self.days(store)
    #expect(stored[dated.id] == day && stored[timed.id] == .some(nil))
    #expect(stored[sourced.id] == day)
    for (k, i) in added.enumerated() {
      #expect(stored[i.id] == .some(k % 3 == 0 ? day + Int64(k) : nil), "\(k)")
    }
    // The history, a single record, the look-up by id and the backup read it too.
    let history = try store.recordHistory(limit: 100_000)
    let byID = Dictionary(
      uniqueKeysWithValues: history.entries.filter { $0.kind == .interaction }.map {
        ($0.id, $0.day)
      })
    #expect(byID == stored)
    #expect(try store.record(.interaction, id: dated.id)?.day == day)
    #expect(try store.interaction(id: dated.id)?.day == day)
    #expect(
      try store.interactionDays(ids: [dated.id, timed.id, sourced.id])
        == [dated.id: day, sourced.id: day])
    let backup = try store.exportBackup()
    #expect(Dictionary(uniqueKeysWithValues: backup.interactions.map { ($0.id, $0.day) }) == stored)
  }

  @Test("an import writes the day of each record, a small batch and a large one alike")
  func imports() throws {
    for count in [3, Ledger.preloadThreshold] {
      let (store, dir, _, _) = try Self.store()
      defer { dir.remove() }
      var batch = ImportBatch(source: "csv:x.csv", path: "x.csv")
      batch.people = [
        ImportedPerson(
          key: "ann", name: "Ann Archer",
          location: KithImport.SourceLocation(path: "x.csv", line: 1, column: 1))
      ]
      batch.interactions = (0..<count).map { k in
        ImportedInteraction(
          sourceID: "r\(k)", time: Date(kithSeconds: (day + Int64(k)) * 86_400),
          kind: .call, participants: [.me, .record("ann")], summary: k % 2 == 0 ? "hi" : nil,
          day: k % 3 == 0 ? day + Int64(k) : nil,
          location: KithImport.SourceLocation(path: "x.csv", line: k + 2, column: 1))
      }
      #expect(try store.importBatch(batch).interactions.added == count)
      let days = try store.interactions().map(\.day)
      let expected: [Int64?] = (0..<count).map { k in k % 3 == 0 ? day + Int64(k) : nil }
      #expect(days == expected, "\(count)")
    }
  }

  @Test("a calendar imported again with an event made all-day, or timed, rewrites its day")
  func calendarEdits() throws {
    let (store, dir, _, _) = try Self.store()
    defer { dir.remove() }
    func batch(day entered: Int64?) -> ImportBatch {
      var b = ImportBatch(source: "calendar", path: "a.ics")
      let at = KithImport.SourceLocation(path: "a.ics", line: 1, column: 1)
      b.people = [ImportedPerson(key: "ann", name: "Ann Archer", location: at)]
      b.interactions = [
        ImportedInteraction(
          sourceID: "offsite", time: startOfDay, kind: .meeting,
          participants: [.me, .record("ann")], channel: "calendar", day: entered, location: at)
      ]
      b.replacedGroups = ["offsite"]
      b.replacedThrough = Date(kithSeconds: (day + 30) * 86_400)
      return b
    }
    #expect(try store.importBatch(batch(day: nil)).interactions.added == 1)
    #expect(try store.importBatch(batch(day: day)).interactions.merged == 1)
    #expect(try store.interactions().map(\.day) == [day])
    #expect(try store.importBatch(batch(day: day)).interactions.unchanged == 1)
    #expect(try store.importBatch(batch(day: nil)).interactions.merged == 1)
    #expect(try store.interactions().map(\.day) == [nil])
  }

  @Test("an edit sets the day, keeps it, or clears it for a time")
  func edits() throws {
    let (store, dir, me, ann) = try Self.store()
    defer { dir.remove() }
    var i = try store.addInteraction(
      Interaction(time: startOfDay, kind: .meeting, participants: [me.id, ann.id], day: day))
    i.summary = "Coffee"
    #expect(try store.updateInteraction(i).day == day)
    i.time = startOfDay + 8 * 3_600
    i.day = nil
    _ = try store.updateInteraction(i)
    #expect(try store.interaction(id: i.id)?.day == nil)
    // Only the day changes: a record rewritten all the same.
    i.time = startOfDay
    _ = try store.updateInteraction(i)
    i.day = day
    _ = try store.updateInteraction(i)
    #expect(try store.interaction(id: i.id)?.day == day)
    // A day far from the time is refused, and nothing changes.
    i.day = day + 3
    #expect(throws: StoreError.self) { try store.updateInteraction(i) }
    #expect(try store.interaction(id: i.id)?.day == day)
  }

  @Test("the database refuses a day more than a day from its time")
  func check() throws {
    let (store, dir, me, ann) = try Self.store()
    defer { dir.remove() }
    let i = try store.addInteraction(
      Interaction(time: tokyoStart, kind: .meeting, participants: [me.id, ann.id], day: day))
    #expect(throws: (any Error).self) {
      try store.write { db in
        try db.execute(
          sql: "UPDATE interaction SET day = ? WHERE id = ?", arguments: [day + 2, i.id])
      }
    }
    #expect(try store.interaction(id: i.id)?.day == day)
  }

  @Test("a backup keeps the day; one of version 1 takes the starts of days here as dates")
  func backups() throws {
    let (store, dir, me, ann) = try Self.store()
    defer { dir.remove() }
    _ = try store.addInteractions([
      Interaction(time: tokyoStart, kind: .meeting, participants: [me.id, ann.id], day: day),
      Interaction(time: startOfDay, kind: .call, participants: [me.id, ann.id]),
      Interaction(time: startOfDay + 3_600, kind: .call, participants: [me.id, ann.id]),
    ])
    let backup = try store.exportBackup()
    #expect(backup.schemaVersion == 3)
    #expect(backup.interactions.map(\.day) == [day, nil, nil])
    let (copy, copyDir) = try makeTemporaryStore()
    defer { copyDir.remove() }
    try copy.importBackup(backup)
    #expect(try copy.exportBackup() == backup)
    // Version 1 did not say: the interaction at the start of a day (in UTC, here) was shown
    // as a date, and is taken as one; the Tokyo date was shown as 15:00, and stays a time.
    var old = backup
    old.schemaVersion = 1
    for k in old.interactions.indices { old.interactions[k].day = nil }
    let (restored, restoredDir) = try makeTemporaryStore()
    defer { restoredDir.remove() }
    try restored.importBackup(old)
    #expect(try restored.interactions().map(\.day) == [nil, day, nil])
  }

  /// A database as version v16 of the schema left it: a person, and interactions at `times`.
  static func v16Database(_ path: String, times: [Int64]) throws {
    var sql = "INSERT INTO person (id, handle, name) VALUES (1, 'me', 'Me'), (2, 'ann', 'Ann');\n"
    for (k, time) in times.enumerated() {
      sql += """
        INSERT INTO interaction (id, time, kind, participant_count, participants) VALUES \
        (\(k + 1), \(time), 'call', 2, '[1,2]');

        """
    }
    try KithStore.createDatabase(path: path, upTo: "v16-ties-let-go", sql: sql)
  }

  @Test("migration v18 takes the interactions at the start of a day where it runs as dates")
  func migration() throws {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    let times = [day * 86_400, day * 86_400 - 9 * 3_600, day * 86_400 + 8 * 3_600]
    // Opened here (UTC): the UTC midnight is a date.
    try Self.v16Database(dir.file("utc.sqlite"), times: times)
    let store = try KithStore(path: dir.file("utc.sqlite"))
    #expect(try store.interactions().sorted { $0.id < $1.id }.map(\.day) == [day, nil, nil])
    // Run in Tokyo: Tokyo's midnight is.
    let path = dir.file("tokyo.sqlite")
    try Self.v16Database(path, times: times)
    let tokyo = try #require(DayZone(identifier: "Asia/Tokyo"))
    let queue = try DatabaseQueue(path: path)
    try queue.write { db in try Schema.keepInteractionDays(db, zone: tokyo) }
    let days = try queue.read { db in
      try Int64?.fetchAll(db, sql: "SELECT day FROM interaction ORDER BY id")
    }
    #expect(days == [nil, day, nil])
  }
}
