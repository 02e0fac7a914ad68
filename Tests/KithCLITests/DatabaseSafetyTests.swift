import Foundation
import GRDB
import KithTestSupport
import Testing

/// The database is not damaged by what is asked of kith: outputs do not overwrite it, reads do
/// not write it, and files that are not (current) Kith databases are left alone.
@Suite("Database safety: outputs, reads and foreign files")
struct DatabaseSafetyTests {
  /// A sandbox with a small network in it.
  static func seeded() throws -> CLISandbox {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Alex Morgan"])
    try box.ok(["person", "add", "Sam Lee"])
    try box.ok(["log", "meeting", "--with", "sam-lee", "--on", "2026-01-10"])
    return box
  }

  static func contents(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

  @Test(
    "an output file is never the database in use, nor its -wal or -shm",
    arguments: [
      ["export", "json", "-o", "$DB"], ["export", "json", "-o", "$DB-wal"],
      ["export", "dot", "-o", "$DB-shm"], ["report", "--html", "$DB"],
      ["render", "-o", "$DB"], ["export", "csv", "--kind", "people", "-o", "$DB"],
    ])
  func outputOverDatabase(_ arguments: [String]) throws {
    let box = try Self.seeded()
    let before = try #require(Self.contents(box.db))
    let expanded = arguments.map { $0.replacingOccurrences(of: "$DB", with: box.db) }
    let result = try box.run(expanded)
    #expect(result.status == 64, "\(result)")
    #expect(result.stderrLines.count == 1 && result.stderr.contains("the database in use"))
    #expect(Self.contents(box.db) == before)
    for suffix in ["-wal", "-shm"] {
      #expect(!FileManager.default.fileExists(atPath: box.db + suffix), "\(suffix) left behind")
    }
  }

  @Test("an output through a link to the database is refused too")
  func outputThroughLink() throws {
    let box = try Self.seeded()
    let before = try #require(Self.contents(box.db))
    let link = box.file("link.json")
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: box.db)
    let result = try box.run(["export", "json", "-o", link])
    #expect(result.status == 64, "\(result)")
    #expect(Self.contents(box.db) == before)
  }

  /// A FIFO stands for the special files (`/dev/null`, `/dev/stdout`): writing to a real
  /// device here would replace it for the whole machine if the fix regressed.
  @Test("an output to a FIFO is written to it, not renamed over it")
  func outputToFIFO() throws {
    let box = try Self.seeded()
    let fifo = box.file("pipe")
    #expect(mkfifo(fifo, 0o600) == 0)
    // Opened for reading first, without waiting for a writer; the backup fits in the pipe's
    // buffer, so kith writes it all and exits before it is read.
    let descriptor = open(fifo, O_RDONLY | O_NONBLOCK)
    #expect(descriptor >= 0)
    defer { close(descriptor) }
    try box.ok(["export", "json", "-o", fifo], quietStderr: false)
    var received = Data()
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while case let count = read(descriptor, &buffer, buffer.count), count > 0 {
      received.append(contentsOf: buffer[..<count])
    }
    let attributes = try FileManager.default.attributesOfItem(atPath: fifo)
    #expect(attributes[.type] as? FileAttributeType != .typeRegular)
    #expect(String(decoding: received, as: UTF8.self).contains("\"sam-lee\""))
  }

  @Test("an output through a link replaces the file it points to and keeps the link")
  func outputLinkKept() throws {
    let box = try Self.seeded()
    let target = box.file("backup.json")
    let link = box.file("latest.json")
    try Data("old".utf8).write(to: URL(fileURLWithPath: target))
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
    try box.ok(["export", "json", "-o", link], quietStderr: false)
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
    #expect(try String(contentsOfFile: target, encoding: .utf8).contains("\"sam-lee\""))
  }

  @Test(
    "read commands leave the database byte for byte as it was",
    arguments: [
      ["ties"], ["person", "list"], ["export", "json"], ["settings", "list"], ["brief", "sam-lee"],
      ["import", "--dry-run", "$DIR/jane.vcf"],
    ])
  func readsWriteNothing(_ arguments: [String]) throws {
    let box = try Self.seeded()
    try Data("BEGIN:VCARD\nVERSION:3.0\nFN:Jane Doe\nEND:VCARD\n".utf8).write(
      to: URL(fileURLWithPath: box.file("jane.vcf")))
    let before = try #require(Self.contents(box.db))
    let version = try DatabaseQueue(path: box.db).read { try $0.schemaVersion() }
    try box.ok(arguments)
    #expect(Self.contents(box.db) == before)
    #expect(try DatabaseQueue(path: box.db).read { try $0.schemaVersion() } == version)
  }

  @Test(
    "a dry-run import into a database an earlier version wrote leaves it byte for byte",
    arguments: [
      ["import", "--dry-run", "$DIR/jane.vcf"], ["import", "--dry-run", "$DIR/lunch.ics"],
    ])
  func dryRunLeavesAnOlderSchema(_ arguments: [String]) throws {
    let box = try Self.seeded()
    try box.ok(["settings", "set", "my-emails", "alex@example.com"])
    try Data("BEGIN:VCARD\nVERSION:3.0\nFN:Jane Doe\nEND:VCARD\n".utf8).write(
      to: URL(fileURLWithPath: box.file("jane.vcf")))
    try Data(
      """
      BEGIN:VCALENDAR
      BEGIN:VEVENT
      UID:lunch
      DTSTART:20260105T120000Z
      ORGANIZER:mailto:alex@example.com
      ATTENDEE:mailto:jane@example.com
      END:VEVENT
      END:VCALENDAR

      """.utf8
    ).write(to: URL(fileURLWithPath: box.file("lunch.ics")))
    // The database as the version before the latest migration left it.
    try DatabaseQueue(path: box.db).write { db in
      try db.execute(sql: "DROP TABLE import_revision")
      try db.execute(
        sql: "DELETE FROM grdb_migrations WHERE identifier = 'v10-import-revisions'")
    }
    let before = try #require(Self.contents(box.db))
    let result = try box.ok(arguments)
    #expect(result.stdout.contains("Would import"))
    #expect(Self.contents(box.db) == before)
    #expect(!FileManager.default.fileExists(atPath: box.db + "-wal"))
    // A command that may write brings it up to date.
    try box.ok(["ties"])
    #expect(Self.contents(box.db) != before)
  }

  @Test("another program's SQLite database is refused and left as it was")
  func foreignDatabase() throws {
    let box = CLISandbox()
    let other = box.file("other.sqlite")
    try DatabaseQueue(path: other).write { try $0.execute(sql: "CREATE TABLE foo (x)") }
    let before = try #require(Self.contents(other))
    for arguments in [["ties"], ["person", "add", "Sam Lee"], ["init", "--me", "Alex Morgan"]] {
      let result = try box.run(arguments, db: other)
      #expect(result.status == 65, "\(arguments): \(result)")
      #expect(result.stderr == "kith: error: \(other) is not a Kith database\n", "\(result)")
    }
    #expect(Self.contents(other) == before)
  }

  @Test("a database a newer Kith wrote is refused and left as it was")
  func newerDatabase() throws {
    let box = try Self.seeded()
    try DatabaseQueue(path: box.db).write {
      try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v999-from-the-future')")
    }
    let before = try #require(Self.contents(box.db))
    for arguments in [["ties"], ["person", "add", "Kim Park"]] {
      let result = try box.run(arguments)
      #expect(result.status == 65, "\(arguments): \(result)")
      #expect(
        result.stderr == "kith: error: \(box.db) was written by a newer version of Kith\n",
        "\(result)")
    }
    #expect(Self.contents(box.db) == before)
  }

  /// Relative paths of one or two characters, resolved in the run's own working folder.
  @Test(
    "a path of one or two characters works for --db, -o, --html and an import",
    arguments: ["k", "ab"])
  func shortPaths(_ name: String) throws {
    let box = try Self.seeded()
    try box.ok(["export", "json", "-o", box.file("backup.json")], quietStderr: false)
    try box.ok(["init", "--me", "Alex Morgan", "--db", name])
    try box.ok(["import", "json", box.file("backup.json"), "--db", name])
    for arguments in [
      ["export", "json", "-o", name], ["export", "dot", "-o", name], ["render", "-o", name],
      ["report", "--html", name],
    ] {
      try box.ok(arguments, quietStderr: false)
    }
    let missing = try box.run(["import", "json", name])
    #expect(missing.status == 66 && missing.stderrLines.count == 1, "\(missing)")
  }

  @Test("an empty file becomes a database only for kith init")
  func emptyFile() throws {
    let box = CLISandbox()
    #expect(FileManager.default.createFile(atPath: box.db, contents: nil))
    let read = try box.run(["ties"])
    #expect(read.status == 65 && read.stderr.contains("is an empty file"), "\(read)")
    #expect(Self.contents(box.db)?.isEmpty == true)
    try box.ok(["init", "--me", "Alex Morgan"])
    try box.ok(["person", "list"])
  }

  @Test("a folder as the database is named as one")
  func folderAsDatabase() throws {
    let box = CLISandbox()
    let result = try box.run(["ties"], db: box.directory.path)
    #expect(result.status == 65, "\(result)")
    #expect(result.stderr.contains("\(box.directory.path) is a directory"), "\(result)")
  }

  @Test("a dry-run import into a missing database creates nothing")
  func dryRunCreatesNothing() throws {
    let box = CLISandbox()
    try Data("BEGIN:VCARD\nVERSION:3.0\nFN:Jane Doe\nEND:VCARD\n".utf8).write(
      to: URL(fileURLWithPath: box.file("jane.vcf")))
    let result = try box.ok(["import", "--dry-run", box.file("jane.vcf")])
    #expect(result.stdout.contains("Would import"), "\(result)")
    #expect(!FileManager.default.fileExists(atPath: box.db))
  }

  @Test("a missing later file stops an import before the first file is written")
  func missingLaterFile() throws {
    let box = try Self.seeded()
    try Data("BEGIN:VCARD\nVERSION:3.0\nFN:Jane Doe\nEND:VCARD\n".utf8).write(
      to: URL(fileURLWithPath: box.file("jane.vcf")))
    let before = try box.export()
    let result = try box.run(["import", box.file("jane.vcf"), box.file("missing.vcf")])
    #expect(result.status == 66, "\(result)")
    #expect(result.stdout.isEmpty, "\(result)")
    #expect(try box.export() == before)
  }

  /// `setpriv` (util-linux), to run kith as root without the capabilities that let root write
  /// any folder.
  static let setpriv = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    .split(separator: ":").map { "\($0)/setpriv" }
    .first { FileManager.default.isExecutableFile(atPath: $0) }

  @Test(
    "a database in a folder the user cannot write is read, and a write says why it cannot be",
    .enabled(
      if: getuid() != 0 || setpriv != nil,
      "as root, needs setpriv to drop the capabilities that let root write any folder"))
  func unwritableFolder() throws {
    let box = try Self.seeded()
    try Data("BEGIN:VCARD\nVERSION:3.0\nFN:Jane Doe\nEND:VCARD\n".utf8).write(
      to: URL(fileURLWithPath: box.file("jane.vcf")))
    let folder = box.file("read-only")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
    let db = folder + "/kith.sqlite"
    try FileManager.default.copyItem(atPath: box.db, toPath: db)
    let before = try #require(Self.contents(db))
    #expect(chmod(folder, 0o555) == 0)
    defer { chmod(folder, 0o700) }
    let launcher =
      getuid() == 0
      ? [Self.setpriv ?? "", "--bounding-set=-dac_override,-dac_read_search", "--"] : []
    func run(_ arguments: [String]) throws -> KithRun {
      try runKith(
        arguments.map { $0.replacingOccurrences(of: "$DIR", with: box.directory.path) }, db: db,
        launcher: launcher)
    }

    let ties = try run(["ties", "--as-of", "2026-06-30"])
    #expect(ties.status == 0 && ties.stderr.isEmpty, "\(ties)")
    #expect(ties.stdout.contains("Sam Lee"))
    let dryRun = try run(["import", "--dry-run", "$DIR/jane.vcf"])
    #expect(dryRun.status == 0 && dryRun.stdout.contains("Would import"), "\(dryRun)")
    let write = try run(["log", "call", "--with", "sam-lee", "--on", "2026-02-01"])
    #expect(write.status == 1, "\(write)")
    #expect(
      write.stderrLines == [
        "kith: error: database error: cannot write \(db): its folder \(folder) is not writable"
      ])
    #expect(Self.contents(db) == before)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["kith.sqlite"])

    // Changes still in a -wal file cannot be read without the -shm file SQLite would create.
    #expect(chmod(folder, 0o700) == 0)
    let pool = try DatabasePool(path: box.db)
    try pool.writeWithoutTransaction { db in
      try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
      try db.execute(sql: "INSERT INTO setting (key, value) VALUES ('half-life-days', '30')")
    }
    try FileManager.default.removeItem(atPath: db)
    try FileManager.default.copyItem(atPath: box.db, toPath: db)
    try FileManager.default.copyItem(atPath: box.db + "-wal", toPath: db + "-wal")
    #expect(chmod(folder, 0o555) == 0)
    let unsaved = try run(["ties"])
    #expect(unsaved.status == 1, "\(unsaved)")
    #expect(
      unsaved.stderrLines == [
        "kith: error: database error: cannot read \(db): its folder \(folder) is not writable, "
          + "and its -wal file holds changes not yet copied into it"
      ])
  }
}
