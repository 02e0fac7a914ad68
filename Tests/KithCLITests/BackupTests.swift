import Foundation
import KithStore
import KithTestSupport
import Testing

/// `kith export json` and `kith import json`: the lossless backup, and the files' modes.
@Suite("Backup and file modes")
struct BackupTests {
  @Test("export → import into a new database → export gives identical bytes")
  func roundTrip() throws {
    let box = CLISandbox()
    try SessionTests.recordSession(box)
    try box.ok(["settings", "set", "weight.call", "0.7"])
    try box.ok(["settings", "set", "my-emails", "Alex@Example.com, alex@work.io"])
    try box.ok(["person", "edit", "sam-lee", "--tag", "investor", "--cadence", "14"])
    let original = try box.export()
    #expect(original.hasSuffix("}\n"))

    let write = try box.ok(["export", "json", "-o", "$DIR/backup.json"], quietStderr: false)
    #expect(write.stdout.isEmpty)
    let backupPath = box.file("backup.json")
    #expect(permissions(backupPath) == 0o600)
    #expect(try String(contentsOfFile: backupPath, encoding: .utf8) == original)

    let restoredDB = box.file("restored/kith.sqlite")
    let restore = try box.ok(["import", "json", "$DIR/backup.json"], db: restoredDB)
    #expect(
      restore.stdout.hasPrefix("Restored 6 people, 1 organisation, 6 interactions"), "\(restore)")
    #expect(permissions(restoredDB) == 0o600)
    #expect(try box.export(db: restoredDB) == original)

    // What is derived from the events is restored too: same ties, same strengths.
    let ties = ["ties", "--as-of", SessionTests.asOf, "--json"]
    #expect(try box.ok(ties, db: restoredDB).stdout == box.ok(ties).stdout)
    #expect(try box.ok(["settings", "get", "weight.call"], db: restoredDB).stdout == "0.7\n")
  }

  @Test("a person's details (a vCard's birthday) survive export json and import json")
  func detailsRoundTrip() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Alex Morgan"])
    let fixtures = CLIPaths.packageRoot.appendingPathComponent("Fixtures/import").path
    try box.ok(["import", "vcard", "\(fixtures)/vcard/contacts-v30.vcf"])
    #expect(
      try box.ok(["person", "show", "hana-nakamura"]).stdout.contains("birthday: 1988-04-12"))
    let original = try box.export()
    #expect(original.contains("\"value\" : \"1988-04-12\""))

    try box.ok(["export", "json", "-o", "$DIR/backup.json"], quietStderr: false)
    let restoredDB = box.file("restored.sqlite")
    try box.ok(["import", "json", "$DIR/backup.json"], db: restoredDB)
    let shown = try box.ok(["person", "show", "hana-nakamura"], db: restoredDB).stdout
    #expect(shown.contains("birthday: 1988-04-12"), "\(shown)")
    #expect(try box.export(db: restoredDB) == original)
  }

  // Regression: the backup left out which stored record each imported record became, the
  // calendar versions imports took and the retired ids. Re-importing a LinkedIn export into a
  // restored database added its recommendation again (an exchange and a note), an older
  // calendar export overwrote newer events, and a removed record's id was given again.
  @Test("a restore keeps the imports' sources, the calendar versions and the retired ids")
  func bookkeepingRoundTrip() throws {
    let box = try ImportMailTests.alexSandbox()
    let fixtures = CLIPaths.packageRoot.appendingPathComponent("Fixtures/import").path
    let lunch = "UID:lunch@x\nDTSTAMP:20261001T000000Z\nDTSTART:20260210T120000Z\n"
    try Data(
      ImportMailTests.calendar([
        lunch + "SEQUENCE:2\nLAST-MODIFIED:20260301T000000Z\nSUMMARY:Lunch (moved)"
      ]).utf8
    ).write(to: URL(fileURLWithPath: box.file("newer.ics")))
    try Data(
      ImportMailTests.calendar([
        lunch + "SEQUENCE:0\nLAST-MODIFIED:20260101T000000Z\nSUMMARY:Lunch"
      ]).utf8
    ).write(to: URL(fileURLWithPath: box.file("older.ics")))
    let imports = [
      ["import", "linkedin", "\(fixtures)/linkedin-current"],
      ["import", "vcard", "\(fixtures)/vcard/contacts-v30.vcf"],
      ["import", "ics", "$DIR/newer.ics", "--as-of", "2026-11-28"],
    ]
    for command in imports { try box.ok(command) }
    // The newest interaction removed: its id is retired.
    let logged = try box.ok(["log", "call", "--with", "ada-quill", "--on", "2026-06-01"]).stdout
    let id = try #require(
      logged.split(separator: "#").last.flatMap { Int($0.prefix { $0.isNumber }) }, "\(logged)")
    try box.ok(["remove", "interaction", "\(id)"])

    let original = try box.export()
    let document = try #require(
      try JSONSerialization.jsonObject(with: Data(original.utf8)) as? [String: Any])
    #expect((document["importSources"] as? [Any])?.isEmpty == false)
    #expect(
      (document["importRevisions"] as? [[String: Any]])?.first?["sourceID"] as? String == "lunch@x")
    #expect((document["retiredIDs"] as? [String: Int])?["interaction"] == id)

    try box.ok(["export", "json", "-o", "$DIR/backup.json"], quietStderr: false)
    // Each check on a database of its own, restored from the backup.
    var restores = 0
    func restored() throws -> String {
      restores += 1
      let db = box.file("restored-\(restores).sqlite")
      try box.ok(["import", "json", "$DIR/backup.json"], db: db)
      #expect(try box.export(db: db) == original)
      return db
    }
    // Importing the same files again changes nothing, as it does in the original.
    for command in imports {
      let db = try restored()
      try box.ok(command, db: db)
      #expect(try box.export(db: db) == original, "\(command)")
    }
    // An older calendar export keeps the newer version.
    let calendar = try restored()
    let older = try box.json(
      ["import", "ics", "$DIR/older.ics", "--as-of", "2026-11-28", "--json"], db: calendar)
    #expect((older["files"] as? [[String: Any]])?.first?["keptNewer"] as? Int == 1)
    #expect(try box.export(db: calendar) == original)
    // A new record gets an id above the retired one.
    let next = try box.ok(
      ["log", "call", "--with", "ada-quill", "--on", "2026-06-02"], db: try restored())
    #expect(next.stdout.hasSuffix("(#\(id + 1)).\n"), "\(next.stdout)")
  }

  // Regression: a restore weighed an interaction that outlived a removed participant by the
  // people it still names, not by everyone who took part (the count the backup holds), and an
  // edit of such an interaction forgot the count: after `person remove --force` of the third
  // person at a meeting, the other two came out twice as close in the restored database.
  @Test("a restore and an edit keep the weight of a meeting whose third person was removed")
  func restoreAfterRemovedParticipant() throws {
    let box = CLISandbox()
    try SessionTests.recordSession(box)
    try box.ok(["person", "remove", "sam-lee", "--force"])
    // Meeting 3 (me, José, Sam) stays for José and me, counted as three people.
    try box.ok(["edit", "interaction", "3", "--summary", "Intro, Sam since removed"])
    try box.ok(["export", "json", "-o", "$DIR/backup.json"], quietStderr: false)
    let restored = box.file("restored.sqlite")
    try box.ok(["import", "json", "$DIR/backup.json"], db: restored)
    #expect(try box.export(db: restored) == (try box.export()))
    // Now (the stored ledger), a past date (recomputed from the interactions) and the
    // analytics built on them.
    let later = ["--as-of", "2026-09-01", "--json"]
    for command in [
      ["ties"] + later, ["ties", "--as-of", "2026-07-15", "--json"],
      ["ties", "--as-of", SessionTests.asOf, "--json"], ["neglected"] + later,
      ["dormant"] + later, ["metrics"] + later, ["circles"] + later, ["brokers"] + later,
      ["beyond"] + later, ["plan"] + later, ["intro", "--to", "jose-garcia"] + later,
    ] {
      let original = try box.run(command)
      #expect(original.status == 0, "\(command): \(original)")
      let again = try box.run(command, db: restored)
      #expect(again.stdout == original.stdout, "\(command)")
      #expect(again.status == original.status && again.stderr == original.stderr, "\(command)")
    }
    let ties = try box.json(["ties"] + later, db: restored)
    let jose = (ties["ties"] as? [[String: Any]])?.first {
      $0["handle"] as? String == "jose-garcia"
    }
    // 1/(3 − 1) at the meeting, not the 1 of a meeting of two.
    #expect(((jose?["peak"] as? NSNumber)?.doubleValue).map { abs($0 - 0.5) <= 1e-6 } == true)
  }

  @Test("import json --json reports what was restored")
  func importJSON() throws {
    let box = CLISandbox()
    try SessionTests.recordSession(box)
    try box.ok(["export", "json", "--output", "$DIR/backup.json"], quietStderr: false)
    let document = try box.json(
      ["import", "json", "$DIR/backup.json", "--json"], db: box.file("other.sqlite"))
    let imported = try #require(document["imported"] as? [String: Any])
    #expect((imported["people"] as? NSNumber)?.intValue == 6)
    #expect((imported["interactions"] as? NSNumber)?.intValue == 6)
    #expect((imported["exchanges"] as? NSNumber)?.intValue == 3)
    #expect((imported["referrals"] as? NSNumber)?.intValue == 1)
    #expect((imported["ties"] as? NSNumber)?.intValue == 2)
    #expect((imported["notes"] as? NSNumber)?.intValue == 1)
    #expect((imported["affiliations"] as? NSNumber)?.intValue == 2)
    #expect(document["ego"] as? String == "alex-morgan")
  }

  @Test("import json --dry-run checks the backup, says what it would restore and writes nothing")
  func importJSONDryRun() throws {
    let box = CLISandbox()
    try SessionTests.recordSession(box)
    try box.ok(["export", "json", "--output", "$DIR/backup.json"], quietStderr: false)

    let missing = box.file("missing.sqlite")
    let report = try box.ok(["import", "json", "$DIR/backup.json", "--dry-run"], db: missing)
    #expect(
      report.stdoutLines == [
        "Would restore 6 people, 1 organisation, 6 interactions, 3 exchanges and 1 referral into \(missing).",
        "Dry run: nothing was written.",
      ])
    #expect(!FileManager.default.fileExists(atPath: missing))

    let empty = box.file("empty.sqlite")
    _ = try KithStore(path: empty)
    let before = try #require(FileManager.default.contents(atPath: empty))
    let document = try box.json(
      ["import", "json", "$DIR/backup.json", "--dry-run", "--json"], db: empty)
    #expect(document["dryRun"] as? Bool == true)
    #expect(document["ego"] as? String == "alex-morgan")
    let imported = try #require(document["imported"] as? [String: Any])
    #expect((imported["people"] as? NSNumber)?.intValue == 6)
    #expect((imported["notes"] as? NSNumber)?.intValue == 1)
    #expect(FileManager.default.contents(atPath: empty) == before)
    #expect(!FileManager.default.fileExists(atPath: empty + "-wal"))

    // A bad backup is reported as without --dry-run.
    let backup = try String(contentsOfFile: box.file("backup.json"), encoding: .utf8)
    try backup.replacingOccurrences(of: "\"ego\" : \"alex-morgan\"", with: "\"ego\" : \"nobody\"")
      .write(toFile: box.file("bad.json"), atomically: true, encoding: .utf8)
    let bad = try box.run(["import", "json", "$DIR/bad.json", "--dry-run"], db: empty)
    #expect(bad.status == 65, "\(bad)")
    #expect(bad.stderrLines.count == 1 && bad.stderr.contains("'nobody' is not among the people"))
    #expect(FileManager.default.contents(atPath: empty) == before)
  }

  @Test("import json refuses a database that holds only an organisation")
  func importIntoOrganisationOnly() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Alex Morgan"])
    try box.ok(["export", "json", "-o", "$DIR/backup.json"], quietStderr: false)
    let other = box.file("other.sqlite")
    // A database without you in it (`kith init` would add you): `org add` needs one to exist.
    _ = try KithStore(path: other)
    try box.ok(["org", "add", "Globex"], db: other)
    let before = try box.export(db: other)
    let result = try box.run(["import", "json", "$DIR/backup.json"], db: other)
    #expect(result.status == 65, "\(result)")
    #expect(result.stderr.contains("not empty"), "\(result)")
    #expect(try box.export(db: other) == before, "the backup was merged into the database")
  }

  @Test("the example in `kith import json --help` runs as written")
  func importHelpExample() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Alex Morgan"])
    try box.ok(["export", "json", "-o", "$DIR/backup.json"], quietStderr: false)
    let help = try box.ok(["import", "json", "--help"], environment: ["COLUMNS": "200"])
    let example = try #require(
      help.stdoutLines.first { $0.contains("Example: kith ") }, "no example in \(help.stdout)")
    let arguments = example.components(separatedBy: "Example: kith ")[1]
      .split(separator: " ").map { word in
        // The example's files, made absolute inside the sandbox.
        word.hasSuffix(".json") || word.hasSuffix(".sqlite") ? box.file(String(word)) : String(word)
      }
    let result = try box.run(arguments)
    #expect(result.status == 0, "kith \(arguments.joined(separator: " ")): \(result)")
    #expect(FileManager.default.fileExists(atPath: box.file("restored.sqlite")), "\(arguments)")
  }

  @Test("an empty network round-trips")
  func emptyRoundTrip() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Alex Morgan"])
    let original = try box.export()
    try box.ok(["export", "json", "-o", "$DIR/backup.json"], quietStderr: false)
    let other = box.file("other.sqlite")
    try box.ok(["import", "json", "$DIR/backup.json"], db: other)
    #expect(try box.export(db: other) == original)
  }

  @Test("the database is created 0600 in a folder created 0700")
  func databaseModes() throws {
    let box = CLISandbox()
    let db = box.file("deep/er/kith.sqlite")
    try box.ok(["init", "--me", "Alex Morgan"], db: db)
    #expect(permissions(db) == 0o600)
    #expect(permissions(box.file("deep/er")) == 0o700)
    // Writing again does not loosen it.
    try box.ok(["person", "add", "Jane Doe"], db: db)
    try box.ok(["log", "call", "--with", "jane-doe", "--on", "2026-01-01"], db: db)
    #expect(permissions(db) == 0o600)
    for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: db + suffix) {
      #expect(permissions(db + suffix) == 0o600, "\(suffix)")
    }
  }

  @Test("--db wins over KITH_DB, which wins over HOME")
  func databasePathResolution() throws {
    let box = CLISandbox()
    let explicit = box.file("explicit.sqlite")
    // KITH_DB (box.db) is set for every run; --db overrides it.
    try box.ok(["init", "--me", "Robin Explicit", "--db", explicit])
    #expect(FileManager.default.fileExists(atPath: explicit))
    #expect(!FileManager.default.fileExists(atPath: box.db))
    try box.ok(["init", "--me", "Alex Morgan"])
    #expect(FileManager.default.fileExists(atPath: box.db))
    // With neither, the database goes under $XDG_DATA_HOME.
    let xdg = box.file("xdg")
    let result = try runKith(
      ["init", "--me", "Alex Morgan", "--json"], environment: ["XDG_DATA_HOME": xdg])
    #expect(result.status == 0, "\(result)")
    #expect(FileManager.default.fileExists(atPath: xdg + "/kith/kith.sqlite"))
  }
}

extension BackupTests {
  @Test("with no --db, KITH_DB or XDG_DATA_HOME, the database goes under HOME, never elsewhere")
  func databaseUnderHome() throws {
    let result = try runKith(["init", "--me", "Alex Morgan", "--json"])
    #expect(result.status == 0, "\(result)")
    let document = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let path = try #require(document["database"] as? String)
    // runKith gives each run a fresh temporary HOME.
    #expect(path.hasSuffix("/.local/share/kith/kith.sqlite"), "\(path)")
    #expect(path.contains("kith-home-"), "\(path)")
  }
}
