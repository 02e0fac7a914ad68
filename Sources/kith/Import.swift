import ArgumentParser
import Foundation
import KithExport
import KithGraph
import KithImport
import KithStore

extension Kith {
  struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "import",
      abstract:
        "Bring your network in: LinkedIn exports, vCards, calendars, mail, CSV files, edge lists, backups.",
      discussion: """
        `kith import FILE…` detects the format of each file; or name it: `kith import linkedin`, \
        `vcard`, `ics`, `mbox`, `eml`, `csv`, `edges`, `json`. People arriving from several sources become one person \
        when they share an email, a profile URL or a phone number; a person who only shares a \
        name with someone you have is added and reported (see `kith duplicates`, `kith merge`).

        Each file is imported in one transaction: a bad record stops that file with \
        path:line:column and the field, and nothing from it is written, unless --skip-invalid \
        is given (then every skipped record is listed). Every file must exist and be readable \
        before any is imported. A file rejected after others were imported stops the command \
        there: the files before it stay imported (each is reported as it is), the files after \
        it are not read. --dry-run shows what would change and writes nothing, not even a new \
        database. Importing the same file again changes nothing. A file whose contacts bring \
        back ties let go (`kith let-go`), or let one go again, says how many and whose.

        Example: kith import ~/Downloads/Basic_LinkedInDataExport.zip contacts.vcf --dry-run

        JSON (every format but `json` and `edges`): {"schemaVersion", "asOf", "ego", "files": \
        [{"file", "source", "dryRun", "counts": {KIND: {"added", "merged", "unchanged", \
        "skipped"}}, "matches": [{"line", "name", "handle", "matchedOn"}], \
        "possibleDuplicates": [{"line", "name", "handle", "existing"}], "addedPeople", \
        "repeats": [{"line", "interaction", "repeats"}], "removedInteractions", "keptNewer", \
        "keptNewerPositions", \
        "skipped": [{"location", "message"}], "warnings": [{"location", "message"}], \
        "leftOut": {REASON: count}, "missingConnections", "letGoChanges"}]} (KIND: people, \
        organisations, \
        interactions…; addedPeople: the handles of the people added; missingConnections: the \
        handles of LinkedIn connections imported before that a newer export no longer holds, \
        kept as they are; repeats: an interaction imported on the \
        same day, of the same kind and with the same people as one you had; leftOut: what was \
        left out on purpose, by reason; letGoChanges: the ties let go, every ego's, that the \
        file brought back, let go again or left let go with a contact dated the same day, as \
        `kith log --json` has them; asOf: the --as-of date, or null without it).
        """,
      subcommands: [
        Auto.self, LinkedIn.self, VCard.self, ICS.self, Mbox.self, EML.self, CSV.self, Edges.self,
        JSON.self,
      ],
      defaultSubcommand: Auto.self)

    /// The formats `kith import FILE` recognises, tried in this order (specific formats before
    /// the generic CSV): the first whose detector accepts the file reads it.
    /// The format a file's extension names, for a file whose content fits none.
    static let formatsByExtension = [
      "zip": "linkedin", "vcf": "vcard", "vcard": "vcard", "ics": "ics", "ical": "ics",
      "mbox": "mbox", "eml": "eml", "csv": "csv",
    ]

    static let formats: [ImportFormat] =
      [
        ImportFormat(name: "linkedin", detect: LinkedInExport.detect) { path, context in
          try LinkedInExport.read(path: path, now: context.now)
        },
        ImportFormat(name: "vcard", detect: VCardReader.detect) { path, context in
          try VCardReader.read(path: path, now: context.now)
        },
      ] + mailFormats + [
        ImportFormat(name: "csv", detect: GenericCSVReader.detect) { path, context in
          try GenericCSVReader.read(path: path, dateOrder: context.dateOrder, now: context.now)
        }
      ]
  }
}

/// A format `kith import` can detect and read.
struct ImportFormat: Sendable {
  var name: String
  var detect: @Sendable (FileSniff) -> Bool
  /// Whether `read` needs the user's own addresses (`ImportContext.myEmails`): only then is
  /// the store opened before the file is read.
  var usesMyEmails = false
  var read: @Sendable (String, ImportContext) throws -> ImportBatch
}

/// What readers may need besides the path.
struct ImportContext: Sendable {
  /// The import date: records without a date of their own (a vCard note) get it.
  var now: Date
  /// The ego's own addresses (`MailImportSetup.ownAddresses`), for calendars and mail.
  var myEmails: [String] = []
  /// The ego whose addresses `myEmails` are, when --ego names someone other than you.
  var addressesOwner: Person? = nil
  /// How a CSV file's slashed dates are read (`--date-order`).
  var dateOrder: DateOrder? = nil
}

/// `--date-order`, for the imports that read CSV files.
struct DateOrderOption: ParsableArguments {
  @Option(
    name: .customLong("date-order"),
    help: ArgumentHelp(
      "How a CSV file's slashed dates are read: dmy (31/05/2025) or mdy (05/31/2025); without it, only when the day is over 12.",
      valueName: "order"))
  var dateOrder: DateOrder?
}

extension DateOrder: ExpressibleByArgument {}

/// The flags every import shares.
struct ImportFlags: ParsableArguments {
  @Flag(
    name: .customLong("dry-run"),
    help: "Show what would be added, merged and skipped, without writing anything.")
  var dryRun = false

  @Flag(
    name: .customLong("skip-invalid"),
    help: "Import the valid records of a file and list the invalid ones, instead of refusing it.")
  var skipInvalid = false
}

/// Runs imports of batches file by file and reports them.
struct ImportRunner {
  let global: GlobalOptions
  let flags: ImportFlags

  /// How CSV files' slashed dates are read.
  var dateOrder: DateOrder? = nil

  /// The import date alone, for readers that do not need the user's addresses.
  var plainContext: ImportContext { ImportContext(now: global.now, dateOrder: dateOrder) }

  /// The import date and the user's addresses (read from the store, which is opened and
  /// closed for them: calendars and mail only).
  var context: ImportContext {
    var context = plainContext
    guard FileManager.default.fileExists(atPath: global.databasePath) else { return context }
    let scratch = flags.dryRun ? try? TemporaryFolder() : nil
    defer { scratch?.remove() }
    let store =
      if let scratch {
        try? KithStore.openUnchanged(
          path: global.databasePath, scratch: scratch.file("dry-run.sqlite"))
      } else {
        try? global.openStore()
      }
    if let store, let own = try? MailImportSetup.ownAddresses(store, global) {
      context.myEmails = own.addresses
      context.addressesOwner = own.owner
    }
    return context
  }

  /// Reads each file with `read` and imports it in its own transaction. The records a reader
  /// left out on purpose (`ImportBatch.leftOut`) are reported with the file's summary.
  func run(_ files: [String], read: (String) throws -> ImportBatch) throws {
    var reports:
      [(
        file: String, summary: ImportSummary, leftOut: [String: Int], warnings: [ImportError],
        missingConnections: [Person], letGo: LetGoNotes
      )] = []
    // Every file is checked before any is imported: a missing second file would otherwise
    // stop the command after the first was written.
    for file in files {
      try Self.checkReadable(file)
    }
    var store: KithStore? = nil
    var scratch: TemporaryFolder? = nil
    defer { scratch?.remove() }
    for file in files {
      let batch = try read(file)
      if store == nil {
        if flags.dryRun && !Self.holdsDatabase(global.databasePath) {
          // A dry run into a database that does not exist yet creates nothing: it imports
          // into a new database of its own, removed afterwards.
          let folder = try TemporaryFolder()
          scratch = folder
          store = try KithStore(path: folder.file("dry-run.sqlite"))
        } else if flags.dryRun {
          // One whose schema this version would migrate is migrated in a copy: a dry run
          // leaves the database byte for byte as it was.
          let folder = try TemporaryFolder()
          scratch = folder
          store = try KithStore.openUnchanged(
            path: global.databasePath, scratch: folder.file("dry-run.sqlite"))
        } else {
          store = try global.openStore(create: true)
        }
      }
      guard let store else { continue }
      // --ego imports on behalf of another person of a team store.
      let ego = try global.ego.map { try store.resolvePerson($0).id }
      var options = ImportOptions(dryRun: flags.dryRun, skipInvalid: flags.skipInvalid, ego: ego)
      if Terminal.stderrIsTTY && !global.json && batch.recordCount >= 5_000 {
        let name = (file as NSString).lastPathComponent
        options.progress = { done, total in
          let percent = total == 0 ? 100 : done * 100 / total
          FileHandle.standardError.write(
            Data("\r\u{1B}[Kimporting \(name): \(done)/\(total) records (\(percent)%)".utf8))
          if done >= total { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        }
      }
      let connections = try Self.connections(in: store, of: batch, ego: ego)
      let summary = try store.importBatch(batch, options: options)
      // An older export than one imported before is expected to lack the newer connections.
      let missing = summary.newerSnapshot == nil ? connections.missing(store) : []
      // Only once the file is imported: a refusal is the one line said about a file.
      for warning in batch.warnings { Terminal.note(warning.description) }
      let omitted = batch.leftOut
      let letGo = try LetGoNotes(summary.letGoChanges, store, global)
      reports.append((file, summary, omitted, batch.warnings, missing, letGo))
      if !global.json {
        print(
          Self.text(
            summary, file: file, missingConnections: missing,
            letGo: letGo.summary(dryRun: summary.dryRun), snapshot: batch))
        if !omitted.isEmpty {
          print("Left out on purpose: " + Self.leftOutText(omitted))
        }
        for skipped in summary.skipped {
          Terminal.note(
            "\(skipped.description.replacingOccurrences(of: "\n", with: " ")) (skipped)")
        }
      }
    }
    if global.json, let store {
      Output.json(
        [
          "files": .array(
            reports.map { report in
              var entry = Self.json(report.summary, file: report.file)
              if case .object(var fields) = entry {
                fields["warnings"] = .array(
                  report.warnings.map {
                    [
                      "location": .string($0.location?.description ?? $0.path),
                      "message": .string($0.message),
                    ]
                  })
                entry = .object(fields)
              }
              if case .object(var fields) = entry {
                fields["leftOut"] = .object(report.leftOut.mapValues { .int(Int64($0)) })
                fields["missingConnections"] = .strings(report.missingConnections.map(\.handle))
                fields["letGoChanges"] = report.letGo.json
                entry = .object(fields)
              }
              return entry
            })
        ],
        // --as-of changes what is imported (how far a calendar's series are expanded, the
        // date of undated records): the document says which date it was.
        asOf: global.asOf?.date, ego: try global.optionalEgo(store))
    }
  }

  /// The LinkedIn connections of the ego imported before a LinkedIn export that holds
  /// connections (none for another source, or an export of only invitations), and the ones
  /// the export holds.
  struct Connections {
    /// The person at the other end of each stored connection, by its source id.
    var stored: [String: Int64] = [:]
    var imported: Set<String> = []

    /// The people whose connection the export no longer holds (a connection removed on
    /// LinkedIn, a closed account), by name: nothing of theirs changes.
    func missing(_ store: KithStore) -> [Person] {
      Set(stored.filter { !imported.contains($0.key) }.values)
        .compactMap { try? store.person(id: $0) }
        .sorted { ($0.name, $0.id) < ($1.name, $1.id) }
    }
  }

  static func connections(in store: KithStore, of batch: ImportBatch, ego: Int64?) throws
    -> Connections
  {
    let prefix = "connection:"
    var result = Connections()
    guard batch.source == LinkedInExport.source else { return result }
    result.imported = Set(batch.ties.map(\.sourceID).filter { $0.hasPrefix(prefix) })
    guard !result.imported.isEmpty, let me = try ego ?? store.ego()?.id else { return result }
    for tie in try store.explicitTies()
    where tie.source == LinkedInExport.source && tie.sourceID?.hasPrefix(prefix) == true
      && (tie.a == me || tie.b == me)
    {
      if let id = tie.sourceID { result.stored[id] = tie.a == me ? tie.b : tie.a }
    }
    return result
  }

  /// Throws exit 66 unless `file` exists and can be read.
  static func checkReadable(_ file: String) throws {
    let fm = FileManager.default
    guard fm.fileExists(atPath: file) else {
      throw CLIError.missingInput("\(file): no such file")
    }
    guard fm.isReadableFile(atPath: file) else {
      throw CLIError.missingInput("\(file): cannot be read (permission denied)")
    }
  }

  /// Whether `path` is a file with something in it: a missing or empty file becomes a new
  /// database when imported into.
  static func holdsDatabase(_ path: String) -> Bool {
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
      let size = attributes[.size] as? NSNumber
    else { return false }
    return size.intValue > 0
  }

  /// Why a LinkedIn export was taken as older than one imported before, and what to do if it
  /// is not: `newer` is the day known of the export imported before (`named`: from its name,
  /// else its newest connection), `this` the batch of the export imported now.
  static func olderExport(newer: Date, named: Bool, this: ImportBatch?) -> String {
    let before =
      named
      ? "the LinkedIn export imported before is dated \(KithTime.formatDay(newer)) by its name"
      : "the file imported before has connections up to \(KithTime.formatDay(newer))"
    let now: String
    if let this, let day = this.snapshotKnownDate {
      now =
        this.snapshotDateIsNamed
        ? " and this one is dated \(KithTime.formatDay(day)) by its name"
        : " and this one has connections only up to \(KithTime.formatDay(day))"
    } else {
      now = ""
    }
    return before + now
      + ", so the earlier one was taken as the newer export. If this one is newer, name it "
      + "after the day you downloaded it, as LinkedIn names its exports "
      + "(Basic_LinkedInDataExport_MM-DD-YYYY.csv, or a folder of that name), and import it again."
  }

  /// Human words for the reasons readers leave records out (`--json` keeps the keys).
  static let leftOutLabels = [
    "alone": "with nobody else", "automated": "from automated senders", "cancelled": "cancelled",
    "future": "in the future",
    "lists": "mailing-list or bulk", "unanswered": "unanswered",
    "withoutName": "without a name (deleted members)", "withoutSender": "without a sender",
  ]

  /// `2 mailing-list or bulk, 1 without a sender`, in a fixed order.
  static func leftOutText(_ counts: [String: Int]) -> String {
    counts.sorted { $0.key < $1.key }.map { "\($0.value) \(leftOutLabels[$0.key] ?? $0.key)" }
      .joined(separator: ", ")
  }

  /// The summary of one file's import as text; `missingConnections`: the LinkedIn connections
  /// imported before that the file no longer holds; `letGo`: what the file did to the ties let
  /// go (`LetGoNotes.summary`).
  static func text(
    _ summary: ImportSummary, file: String, missingConnections: [Person] = [],
    letGo: [String] = [], snapshot: ImportBatch? = nil
  ) -> String {
    var lines: [String] = []
    let verb = summary.dryRun ? "Would import" : "Imported"
    lines.append("\(verb) \(file) (\(summary.source)):")
    var table = TextTable(
      ["records", "added", "merged", "unchanged", "skipped"], rightAligned: [1, 2, 3, 4])
    for (kind, counts) in summary.byKind where counts.total > 0 {
      table.add([
        kind, "\(counts.added)", "\(counts.merged)", "\(counts.unchanged)", "\(counts.skipped)",
      ])
    }
    if table.rows.isEmpty {
      lines.append("  nothing to import")
    } else {
      lines.append(table.render())
    }
    if !summary.addedPeople.isEmpty {
      let names = summary.addedPeople.map(\.name)
      // A few names: enough to spot a short name that should have been someone you have.
      let shown = names.count > 6 ? Array(names.prefix(5)) + ["\(names.count - 5) more"] : names
      let listed = Format.list(shown)
      lines.append("\(summary.dryRun ? "Would add" : "Added"): \(listed)")
    }
    if !missingConnections.isEmpty {
      let n = missingConnections.count
      let names = missingConnections.map(\.name)
      let shown = n > 6 ? Array(names.prefix(5)) + ["\(n - 5) more"] : names
      lines.append(
        "\(n) connection\(n == 1 ? "" : "s") no longer in the export (kept as recorded): "
          + Format.list(shown))
    }
    if summary.removedInteractions > 0 {
      let n = summary.removedInteractions
      lines.append(
        "\(summary.dryRun ? "Would remove" : "Removed") \(n) interaction\(n == 1 ? "" : "s") "
          + "that the file no longer holds as imported before (moved, cancelled or left with nobody else)."
      )
    }
    if summary.keptNewer > 0 {
      let n = summary.keptNewer
      lines.append(
        "Kept \(n) event\(n == 1 ? "" : "s") as imported before: the database has a newer version "
          + "of \(n == 1 ? "it" : "them") than the file.")
    }
    if let newer = summary.newerSnapshot, summary.keptNewerPositions > 0 {
      let n = summary.keptNewerPositions
      lines.append(
        "Kept \(n) position\(n == 1 ? "" : "s") as imported before: "
          + Self.olderExport(newer: newer, named: summary.newerSnapshotIsNamed, this: snapshot))
    }
    if !summary.matches.isEmpty {
      lines.append("Recognised as people you have:")
      for match in summary.matches.prefix(20) {
        lines.append(
          "  line \(match.location.line): \(match.name) → \(match.handle) (same \(match.matchedOn.rawValue))"
        )
      }
      if summary.matches.count > 20 { lines.append("  … and \(summary.matches.count - 20) more") }
    }
    if !summary.possibleDuplicates.isEmpty {
      lines.append("Same name as someone you have, added separately (see `kith duplicates`):")
      for dup in summary.possibleDuplicates.prefix(20) {
        lines.append(
          "  line \(dup.location.line): \(dup.name) → \(dup.handle), like \(dup.existing.joined(separator: ", "))"
        )
      }
      if summary.possibleDuplicates.count > 20 {
        lines.append("  … and \(summary.possibleDuplicates.count - 20) more")
      }
    }
    if !summary.repeats.isEmpty {
      lines.append(
        "Same day, kind and people as an interaction you have (an edited row? `kith remove interaction ID` undoes one):"
      )
      for repeated in summary.repeats.prefix(20) {
        lines.append(
          "  line \(repeated.location.line): interaction \(repeated.interaction) repeats interaction \(repeated.repeats)"
        )
      }
      if summary.repeats.count > 20 { lines.append("  … and \(summary.repeats.count - 20) more") }
    }
    lines += letGo
    if summary.dryRun { lines.append("Dry run: nothing was written.") }
    return lines.joined(separator: "\n")
  }

  static func json(_ summary: ImportSummary, file: String) -> JSONValue {
    var counts: [String: JSONValue] = [:]
    for (kind, c) in summary.byKind {
      counts[kind] = [
        "added": .int(Int64(c.added)), "merged": .int(Int64(c.merged)),
        "unchanged": .int(Int64(c.unchanged)),
        "skipped": .int(Int64(c.skipped)),
      ]
    }
    return [
      "file": .string(file), "source": .string(summary.source), "dryRun": .bool(summary.dryRun),
      "counts": .object(counts),
      "removedInteractions": .int(Int64(summary.removedInteractions)),
      "keptNewer": .int(Int64(summary.keptNewer)),
      "keptNewerPositions": .int(Int64(summary.keptNewerPositions)),
      "matches": .array(
        summary.matches.map {
          [
            "line": .int(Int64($0.location.line)), "name": .string($0.name),
            "handle": .string($0.handle), "matchedOn": .string($0.matchedOn.rawValue),
          ]
        }),
      "addedPeople": .strings(summary.addedPeople.map(\.handle)),
      "repeats": .array(
        summary.repeats.map {
          [
            "line": .int(Int64($0.location.line)), "interaction": .int($0.interaction),
            "repeats": .int($0.repeats),
          ]
        }),
      "possibleDuplicates": .array(
        summary.possibleDuplicates.map {
          [
            "line": .int(Int64($0.location.line)), "name": .string($0.name),
            "handle": .string($0.handle), "existing": .array($0.existing.map { .string($0) }),
          ]
        }),
      "skipped": .array(
        summary.skipped.map {
          [
            "location": .string($0.location?.description ?? $0.path),
            "message": .string($0.message),
          ]
        }),
    ]
  }
}

extension Kith.Import {
  struct Auto: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "auto",
      abstract: "Import files in whatever supported format each one is (the default).",
      discussion: """
        Each file's format is detected from its content: a LinkedIn export (its folder, .zip or \
        Connections/Invitations/Recommendations_Received.csv), vCards, an iCalendar file, an mbox \
        file, a single email message (.eml), or a CSV file of people, interactions or edges (see \
        `kith import csv --help` for the columns). Calendars and mail are read with their \
        commands' defaults; mail files are imported one by one (replies in one file do not \
        count for another: use `kith import mbox` to import several together).

        Example: kith import Connections.csv contacts.vcf meetings.csv
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var flags: ImportFlags
    @OptionGroup var dates: DateOrderOption
    @Argument(help: "The files (or LinkedIn export folders) to import.", completion: .file())
    var files: [String]

    func validate() throws {
      if files.isEmpty { throw ValidationError("Name at least one file to import.") }
      // `kith import --db x.sqlite csv f.csv`: an option before the format makes the format
      // a file name of the default subcommand.
      if let first = files.first, !FileManager.default.fileExists(atPath: first),
        let format = Kith.Import.configuration.subcommands.first(where: {
          $0.configuration.commandName == first
        })
      {
        let name = format.configuration.commandName ?? first
        throw ValidationError(
          "'\(name)' names a format, not a file: put the options after it, as in `kith import \(name) --db PATH FILE`."
        )
      }
      if let first = files.first, let message = Self.notAFormat(first) {
        throw ValidationError(message)
      }
    }

    /// The error for `kith import calendar FILE`: a first word that is neither a file nor a
    /// path was meant as a format. Nil for a word that may be a file. `kith import calendar
    /// --help` says the same (`Kith.unknownCommand(in:)`), not the help of `auto`.
    static func notAFormat(_ first: String) -> String? {
      guard !FileManager.default.fileExists(atPath: first), !first.contains("/"),
        !first.contains(".")
      else { return nil }
      let names = Kith.Import.configuration.subcommands.compactMap {
        $0.configuration.commandName
      }.filter { $0 != "auto" }
      let guess = Self.formatWords[first.lowercased()].map { " (did you mean `\($0)`?)" } ?? ""
      return
        "'\(first)' is neither a file nor a format\(guess); the formats are \(names.joined(separator: ", ")), as in `kith import ics FILE`, and `kith import FILE…` detects each file's format."
    }

    /// Words people use for a format, and the format's name.
    static let formatWords = [
      "calendar": "ics", "ical": "ics", "icalendar": "ics", "vcf": "vcard", "contacts": "vcard",
      "mail": "mbox", "email": "mbox", "gmail": "mbox", "backup": "json", "zip": "linkedin",
    ]

    func run() throws {
      let runner = ImportRunner(global: global, flags: flags, dateOrder: dates.dateOrder)
      try runner.run(files) { path in
        let sniff = try FileSniff(path: path)
        guard let format = Kith.Import.formats.first(where: { $0.detect(sniff) }) else {
          // A table whose header fits no kind gets the CSV reader's words for what it lacks.
          if GenericCSVReader.looksTabular(sniff) {
            return try GenericCSVReader.read(
              path: path, dateOrder: dates.dateOrder, now: runner.plainContext.now)
          }
          // A file named for a format is read as one: that format's reader says what is wrong
          // with it (an empty mbox, a truncated .zip), where a guess could only list formats.
          if !sniff.isDirectory,
            let name = Kith.Import.formatsByExtension[sniff.pathExtension],
            let format = Kith.Import.formats.first(where: { $0.name == name })
          {
            return try format.read(
              path, format.usesMyEmails ? runner.context : runner.plainContext)
          }
          let known = Kith.Import.formats.map(\.name).joined(separator: ", ")
          throw CLIError.rejected(
            "\(path): \(sniff.isDirectory ? "a folder" : sniff.looksBinary ? "a binary file" : sniff.head.isEmpty ? "an empty file" : "a file") in no format kith recognises (\(known)); name the format, e.g. `kith import csv \(path)`"
          )
        }
        return try format.read(path, format.usesMyEmails ? runner.context : runner.plainContext)
      }
    }
  }

  struct LinkedIn: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "linkedin",
      abstract: "Import LinkedIn's data export: connections, invitations, recommendations.",
      discussion: """
        Give the export's .zip, its unpacked folder, or Connections.csv, Invitations.csv or \
        Recommendations_Received.csv alone. Connections become people (with their profile URL \
        and, when shared, email), their Company and Position, and a light tie to you dated the \
        day you connected (the tie's first contact). Invitations become messages that keep \
        their text, initiated by whoever sent them; a recommendation becomes a note on its \
        author and an endorsement they gave you. Both date styles (05 Dec 2025, 1/8/18) and \
        exports with or without the "Notes:" preamble are read. Needs `kith init` first (the \
        records are about you). Reading a .zip uses the `unzip` command.

        Example: kith import linkedin ~/Downloads/Basic_LinkedInDataExport_12-05-2025.zip
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var flags: ImportFlags
    @Argument(
      help: "The export: a .zip, a folder, or one of its CSV files.",
      completion: .file(extensions: ["zip", "csv"]))
    var files: [String]

    func validate() throws {
      if files.isEmpty { throw ValidationError("Name the LinkedIn export (.zip or folder).") }
    }

    func run() throws {
      try ImportRunner(global: global, flags: flags).run(files) { path in
        try LinkedInExport.read(path: path, now: global.now)
      }
    }
  }

  struct VCard: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "vcard",
      abstract: "Import contacts from vCard files (2.1, 3.0, 4.0).",
      discussion: """
        Every card becomes a person: FN (or N), nicknames, emails, phones, URLs, ORG and TITLE \
        as an affiliation, NOTE as a note, CATEGORIES as tags (without Google's myContacts and \
        starred), BDAY kept as a detail. A company's card (KIND:org, Apple's \
        X-ABShowAs:COMPANY) becomes an organisation. Folded \
        lines, quoted-printable text in any common charset, escaped characters and item groups \
        are read; photos are skipped. A broken card is reported with its line.

        Example: kith import vcard contacts.vcf --skip-invalid
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var flags: ImportFlags
    @Argument(help: "The .vcf files.", completion: .file(extensions: ["vcf", "vcard"]))
    var files: [String]

    func validate() throws {
      if files.isEmpty { throw ValidationError("Name at least one .vcf file.") }
    }

    func run() throws {
      let runner = ImportRunner(global: global, flags: flags)
      try runner.run(files) { path in
        try VCardReader.read(path: path, now: runner.plainContext.now)
      }
    }
  }

  struct CSV: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "csv",
      abstract: "Import people, interactions or edges from CSV files with a header.",
      discussion: """
        Columns are found by name (case, `_` and `-` ignored). The kind is decided from the \
        header, or given with --kind:
          people        name (or first name + last name), email, phone, url, company,
                        title, tags, aliases, note, birthday, id, handle (a new
                        person's, as `kith export csv` writes it)
          interactions  date, with, kind, by, summary, channel, follow up, id
          edges         source, target, weight, date
        Aliases: full name/display name; given name/family name/surname; e-mail/email address; \
        telephone/mobile/tel; profile/linkedin/website; organisation/organization/employer; \
        role/job title/position; categories/labels; nickname; bday; time/when/on/datetime; \
        participants/people/attendees/contact(s)/person; type; initiator; subject/description/\
        notes; followup; uid/key; from/a and to/b; strength.

        Contacts exported by Google Contacts and Outlook are read as they are: every E-mail and \
        Phone column, Organization 1 - Name and Title, Job Title (Outlook's Title is an \
        honorific), Group Membership as tags (without myContacts and starred). Columns that \
        hold values kith does not read are named in a note. A title without a company (or at \
        Self-employed or Freelance) is kept as the person's `position` detail.

        Lists (several emails, tags, or people in `with`) are separated by `;`. In `with` and \
        `by`, people are named by handle, name, alias, email or `Name <email>` (`me` is you; \
        an email names its owner whatever the name beside it) and created when unknown; you \
        take part in every interaction unless --no-ego. Kinds: meeting, call, video, message, \
        email, event, social, other (the default).

        Dates: YYYY-MM-DD, ISO 8601, 5 Dec 2025 or Dec 5, 2025, read in your time zone \
        unless they give an offset (or UTC/GMT after the time). \
        A slashed date (05/06/2025) is read in the order --date-order gives (dmy or mdy); \
        without it, only when its day is over 12 (31/05/2025, 05/31/2025), and one that could \
        be either (05/06/2025) is refused rather than guessed. An interaction dated with a \
        date alone (no time of day) is kept as that day, shown so in every time zone.

        Example: kith import csv meetings.csv   (date,with,kind,summary)
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var flags: ImportFlags
    @Option(
      help: ArgumentHelp(
        "What the files hold (default: from the header).",
        valueName: "kind"))
    var kind: GenericCSVReader.Kind?
    @Flag(
      name: .customLong("no-ego"),
      help: "Interactions are among the people listed only, without you.")
    var noEgo = false
    @OptionGroup var dates: DateOrderOption
    @Argument(help: "The CSV files.", completion: .file(extensions: ["csv"]))
    var files: [String]

    func validate() throws {
      if files.isEmpty { throw ValidationError("Name at least one CSV file.") }
    }

    func run() throws {
      let runner = ImportRunner(global: global, flags: flags)
      try runner.run(files) { path in
        try GenericCSVReader.read(
          path: path, kind: kind, includeEgo: !noEgo, dateOrder: dates.dateOrder,
          now: runner.plainContext.now)
      }
    }
  }
}

extension GenericCSVReader.Kind: ExpressibleByArgument {}

extension Kith.Import {
  struct JSON: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "json",
      abstract: "Restore a backup written by `kith export json` into an empty database.",
      discussion: """
        All or nothing: the backup is checked record by record and a bad one stops the import \
        with its location, leaving the database as it was. --dry-run checks it and shows what \
        would be restored, without writing anything, not even a new database.

        Example: kith import json backup.json --db restored.sqlite
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The backup file.", completion: .file(extensions: ["json"]))
    var file: String

    @Flag(
      name: .customLong("dry-run"),
      help: "Check the backup and show what would be restored, without writing anything.")
    var dryRun = false

    func run() throws {
      guard FileManager.default.fileExists(atPath: file) else {
        throw CLIError.missingInput("\(file): no such file")
      }
      let backup = try BackupReader.read(path: file)
      var scratch: TemporaryFolder? = nil
      defer { scratch?.remove() }
      let store: KithStore
      if dryRun {
        // As the other imports: a database that does not exist yet is not created, and an
        // existing one is left byte for byte as it was.
        let folder = try TemporaryFolder()
        scratch = folder
        store =
          ImportRunner.holdsDatabase(global.databasePath)
          ? try KithStore.openUnchanged(
            path: global.databasePath, scratch: folder.file("dry-run.sqlite"))
          : try KithStore(path: folder.file("dry-run.sqlite"))
      } else {
        store = try global.openStore(create: true)
      }
      let counts: StoreCounts
      do {
        counts = try store.importBackup(backup, dryRun: dryRun)
      } catch {
        throw CLIError.rejected("\(file): \(error.description)")
      }
      if global.json {
        Output.json(
          [
            "imported": [
              "people": .int(counts.people), "organisations": .int(counts.organisations),
              "interactions": .int(counts.interactions), "exchanges": .int(counts.exchanges),
              "referrals": .int(counts.referrals), "ties": .int(counts.ties),
              "notes": .int(counts.notes),
              "affiliations": .int(counts.affiliations),
            ],
            "dryRun": .bool(dryRun),
          ], asOf: global.asOf?.date,
          // A dry run's store holds nothing after it: the backup names its ego.
          ego: dryRun
            ? backup.people.first { $0.handle == backup.ego } : try global.optionalEgo(store))
      } else {
        print(
          "\(dryRun ? "Would restore" : "Restored") \(Format.count(counts.people, "person", plural: "people")), \(Format.counts([(counts.organisations, "organisation"), (counts.interactions, "interaction"), (counts.exchanges, "exchange"), (counts.referrals, "referral")])) into \(global.databasePath)."
        )
        if dryRun { print("Dry run: nothing was written.") }
      }
    }
  }
}

extension Kith.Import {
  struct Edges: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "edges",
      abstract: "Read an edge list (CSV) so that any graph can be analysed.",
      discussion: """
        The header names the columns: source,target[,weight][,date] (aliases from/to, a/b, \
        strength, on). People are found by name, or created. An undated edge becomes a tie of \
        that weight (default 1) at every date; a dated one decays from its date. The file is \
        imported in one transaction: a bad line stops it with path:line:column and nothing is \
        written. Importing the same file again changes nothing.

        Example: kith import edges karate.csv --db karate.sqlite
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The CSV file.", completion: .file())
    var file: String

    func run() throws {
      guard FileManager.default.fileExists(atPath: file) else {
        throw CLIError.missingInput("\(file): no such file")
      }
      let edges = try EdgeListReader.read(path: file)
      let store = try global.openStore(create: true)
      let source = "edges:" + (file as NSString).lastPathComponent
      let summary: EdgeImportSummary
      do {
        summary = try store.importEdges(
          edges.map {
            EdgeInput(
              source: $0.source, target: $0.target, weight: $0.weight, date: $0.date, line: $0.line)
          },
          source: source)
      } catch {
        throw CLIError.rejected("\(file): \(error.description)")
      }
      if global.json {
        Output.json(
          [
            "edges": .int(edges.count), "peopleCreated": .int(summary.peopleCreated),
            "tiesAdded": .int(summary.tiesAdded), "tiesUnchanged": .int(summary.tiesUnchanged),
          ], asOf: global.asOf?.date, ego: try global.optionalEgo(store))
      } else {
        print(
          "Read \(Format.count(edges.count, "edge")): \(Format.count(summary.peopleCreated, "person", plural: "people")) created, \(Format.count(summary.tiesAdded, "tie")) added, \(summary.tiesUnchanged) already there."
        )
      }
    }
  }
}
