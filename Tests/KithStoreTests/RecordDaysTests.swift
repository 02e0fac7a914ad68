import Foundation
import GRDB
import KithGraph
import KithTestSupport
import Testing

@testable import KithStore

// Notes, exchanges and referrals' status changes dated with a date alone keep the day entered
// (the `day` columns of migration v19), as interactions do: written, rewritten, read, put in
// the snapshot, backed up and restored. Tests run in UTC.

private let day: Int64 = 20_426  // 2025-12-04
private let startOfDay = Date(kithSeconds: day * 86_400)
private let tokyoStart = Date(kithSeconds: day * 86_400 - 9 * 3_600)

@Suite("Notes, exchanges and referrals dated alone (migration v19)")
struct RecordDaysTests {
  static func store() throws -> (KithStore, TemporaryDirectory, Person, Person) {
    let (store, dir) = try makeTemporaryStore()
    let me = try store.initialise(me: "Me Myself")
    let ann = try store.addPerson(Person(name: "Ann Archer"))
    return (store, dir, me, ann)
  }

  @Test("each write path keeps the day, each read path gives it back, the snapshot too")
  func writeAndRead() throws {
    let (store, dir, me, ann) = try Self.store()
    defer { dir.remove() }
    let bo = try store.addPerson(Person(name: "Bo Berg"))
    // Entered in Tokyo as 2025-12-04 (15:00 the day before in UTC), and a time.
    let note = try store.addNote(Note(time: tokyoStart, text: "Moving", person: ann.id, day: day))
    let timedNote = try store.addNote(Note(time: startOfDay, text: "At midnight", person: ann.id))
    let gift = try store.addExchange(
      Exchange(time: tokyoStart, giver: ann.id, receiver: me.id, kind: .advice, day: day))
    let referral = try store.addReferral(
      Referral(
        time: tokyoStart, referrer: ann.id, recipient: me.id, refereePerson: bo.id, why: "Hiring",
        day: day))
    let met = try store.updateReferral(
      id: referral.id, to: .met, at: Date(kithSeconds: (day + 1) * 86_400 - 9 * 3_600),
      day: day + 1, reason: nil)
    #expect(met.history.map(\.day) == [day, day + 1] && met.sinceDay == day + 1)
    #expect(try store.note(id: note.id)?.day == day)
    #expect(try store.note(id: timedNote.id)?.day == nil)
    #expect(try store.exchange(id: gift.id)?.day == day)
    // The exchange a referral records is dated as the referral is.
    let exchanges = try store.exchanges()
    #expect(exchanges.map(\.day) == [day, day])
    #expect(try store.referrals().first?.history.map(\.day) == [day, day + 1])
    #expect(try store.record(.note, id: note.id)?.day == day)
    #expect(try store.record(.exchange, id: gift.id)?.day == day)
    #expect(try store.record(.referral, id: referral.id)?.day == day)
    #expect(try store.record(.note, id: timedNote.id)?.day == nil)
    // Rewritten: a time clears the day, a day sets it.
    var edited = try #require(try store.note(id: note.id))
    edited.time = startOfDay + 3_600
    edited.day = nil
    _ = try store.updateNote(edited)
    #expect(try store.note(id: note.id)?.day == nil)
    var moved = try #require(try store.exchange(id: gift.id))
    moved.time = Date(kithSeconds: (day + 2) * 86_400)
    moved.day = day + 2
    _ = try store.updateExchange(moved)
    #expect(try store.exchange(id: gift.id)?.day == day + 2)
    // The snapshot carries them to the analyses.
    let snapshot = try store.snapshot(asOf: Date(kithSeconds: (day + 10) * 86_400))
    let activity = snapshot.activity
    #expect(activity.notes.map(\.day) == [nil, nil])
    #expect(Set(activity.exchanges.day) == [day, day + 2])
    let r = try #require(activity.referrals.first)
    #expect(r.day == day && r.sinceDay == day + 1)
    #expect(r.formattedDay == "2025-12-04" && r.sinceFormattedDay == "2025-12-05")
  }

  @Test("the database refuses a day more than a day from its time; so does validation")
  func check() throws {
    let (store, dir, _, ann) = try Self.store()
    defer { dir.remove() }
    let note = try store.addNote(Note(time: tokyoStart, text: "Moving", person: ann.id, day: day))
    #expect(throws: (any Error).self) {
      try store.write { db in
        try db.execute(sql: "UPDATE note SET day = ? WHERE id = ?", arguments: [day + 2, note.id])
      }
    }
    #expect(try store.note(id: note.id)?.day == day)
    #expect(throws: StoreError.self) {
      try store.addNote(Note(time: startOfDay, text: "Far", person: ann.id, day: day + 3))
    }
  }

  @Test("a backup keeps the days; one of version 2 takes the starts of days here as dates")
  func backups() throws {
    let (store, dir, me, ann) = try Self.store()
    defer { dir.remove() }
    let bo = try store.addPerson(Person(name: "Bo Berg"))
    _ = try store.addNote(Note(time: tokyoStart, text: "Tokyo date", person: ann.id, day: day))
    _ = try store.addNote(Note(time: startOfDay, text: "UTC midnight", person: ann.id))
    _ = try store.addExchange(
      Exchange(time: startOfDay + 3_600, giver: ann.id, receiver: me.id, kind: .help))
    _ = try store.addReferral(
      Referral(time: startOfDay, referrer: ann.id, recipient: me.id, refereePerson: bo.id))
    let backup = try store.exportBackup()
    #expect(backup.schemaVersion == 3)
    #expect(backup.notes.map(\.day) == [day, nil])
    let (copy, copyDir) = try makeTemporaryStore()
    defer { copyDir.remove() }
    try copy.importBackup(backup)
    #expect(try copy.exportBackup() == backup)
    // Version 2 did not say: what was at the start of a day (in UTC, here) was shown as a
    // date, and is taken as one; the Tokyo date was shown as 15:00, and stays a time.
    var old = backup
    old.schemaVersion = 2
    for k in old.notes.indices { old.notes[k].day = nil }
    let (restored, restoredDir) = try makeTemporaryStore()
    defer { restoredDir.remove() }
    try restored.importBackup(old)
    #expect(try restored.notes().map(\.day) == [nil, day])
    // The referral at midnight, and the exchange it recorded; the help at 01:00 is a time.
    #expect(try restored.exchanges().map(\.day) == [day, nil])
    #expect(try restored.referrals().first?.history.map(\.day) == [day])
  }

  @Test("migration v19 takes the records at the start of a day where it runs as dates")
  func migration() throws {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    let times = [day * 86_400, day * 86_400 - 9 * 3_600, day * 86_400 + 8 * 3_600]
    func v18Database(_ path: String) throws {
      var sql = """
        INSERT INTO person (id, handle, name) VALUES (1, 'me', 'Me'), (2, 'ann', 'Ann'), \
        (3, 'bo', 'Bo');
        INSERT INTO referral (id, time, referrer_id, recipient_id, referee_person_id, status) \
        VALUES (1, \(times[1]), 2, 1, 3, 'met');

        """
      for (k, time) in times.enumerated() {
        sql += """
          INSERT INTO note (id, time, text, person_id) VALUES (\(k + 1), \(time), 'n', 2);
          INSERT INTO exchange (id, time, giver_id, receiver_id, kind) VALUES \
          (\(k + 1), \(time), 2, 1, 'help');
          INSERT INTO referral_event (referral_id, seq, status, time) VALUES \
          (1, \(k), '\(["suggested", "contacted", "met"][k])', \(time));

          """
      }
      try KithStore.createDatabase(path: path, upTo: "v18-interaction-days", sql: sql)
    }
    // Opened here (UTC): the UTC midnight is a date.
    try v18Database(dir.file("utc.sqlite"))
    let store = try KithStore(path: dir.file("utc.sqlite"))
    #expect(try store.notes().sorted { $0.id < $1.id }.map(\.day) == [day, nil, nil])
    #expect(try store.exchanges().sorted { $0.id < $1.id }.map(\.day) == [day, nil, nil])
    #expect(try store.referrals().first?.history.map(\.day) == [day, nil, nil])
    // Run in Tokyo: Tokyo's midnight is.
    let path = dir.file("tokyo.sqlite")
    try v18Database(path)
    let tokyo = try #require(DayZone(identifier: "Asia/Tokyo"))
    let queue = try DatabaseQueue(path: path)
    try queue.write { db in try Schema.keepRecordDays(db, zone: tokyo) }
    for sql in [
      "SELECT day FROM note ORDER BY id", "SELECT day FROM exchange ORDER BY id",
      "SELECT day FROM referral_event ORDER BY seq",
    ] {
      #expect(
        try queue.read { db in try Int64?.fetchAll(db, sql: sql) } == [nil, day, nil], "\(sql)")
    }
  }
}
