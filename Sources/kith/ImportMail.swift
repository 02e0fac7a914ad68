import ArgumentParser
import Foundation
import KithGraph
import KithImport
import KithStore

/// The options calendar and mail imports share with auto-detection: the ego's own addresses.
enum MailImportSetup {
  /// The ego's own addresses (`ownAddresses`), or a usage error explaining how to record them
  /// (without them, the ego would be imported as a stranger).
  static func options(_ global: GlobalOptions, command: String) throws -> MailImportOptions {
    let store = try global.openStore()
    let own = try ownAddresses(store, global)
    guard !own.addresses.isEmpty else {
      throw missingAddresses(command: command, owner: own.owner)
    }
    return MailImportOptions(myEmails: own.addresses)
  }

  /// The addresses that are the ego's own in a file, and the ego when --ego names someone
  /// other than you: that person's recorded emails (in a team store `my-emails` is yours, and
  /// a partner's calendar is theirs), else the `my-emails` setting and the emails recorded
  /// for you.
  /// - Throws: `StoreError.noEgo` when the store has no ego and --ego names none.
  static func ownAddresses(_ store: KithStore, _ global: GlobalOptions) throws
    -> (addresses: [String], owner: Person?)
  {
    if let owner = try global.choicesOwner(store) { return (owner.emails, owner) }
    guard let me = try store.ego() else { throw StoreError.noEgo }
    let setting = (try store.settings()["my-emails"] ?? "").split(separator: ",").map {
      $0.trimmingCharacters(in: .whitespaces)
    }.filter { !$0.isEmpty }
    var seen = Set<String>()
    return ((setting + me.emails).filter { seen.insert($0.lowercased()).inserted }, nil)
  }

  /// The error for an import with no address of the ego's: whose are needed, and how to
  /// record them.
  static func missingAddresses(command: String, owner: Person?) -> CLIError {
    guard let owner else {
      return CLIError.usage(
        "kith import \(command) needs your own addresses to tell you apart from the people you meet: run `kith settings set my-emails you@example.com,…` first"
      )
    }
    return CLIError.usage(
      "kith import \(command) --ego \(owner.handle) needs \(owner.name)'s own addresses to tell them apart from the people they meet: record them with `kith person edit \(owner.handle) --email ADDRESS` first"
    )
  }

  /// Prints a reader's warnings (records read only in part) on stderr.
  static func warn(_ warnings: [ImportError]) {
    for w in warnings { Terminal.note(w.description) }
  }
}

extension Kith.Import {
  struct ICS: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "ics",
      abstract: "Import meetings from iCalendar files (Google Calendar, Outlook, Apple Calendar).",
      discussion: """
        Every event that took place with at least two people becomes an interaction initiated \
        by its organiser: a meeting, or an event when it has more than --event-threshold \
        people. Recurring events are expanded up to today (or --as-of), with their exceptions \
        and moved occurrences; cancelled events, declined guests, rooms, groups and calendars' \
        own addresses (Google's …@group.calendar.google.com, unknownorganizer@…) are left out, and \
        future occurrences wait for a later import. Times keep their zone (IANA or Windows \
        names, else the file's VTIMEZONE rules); floating times are read in the calendar's X-WR-TIMEZONE, else in your time \
        zone, and all-day events are on their day, shown so in every zone. Your own addresses (`kith settings set my-emails …`) \
        tell you apart from your guests. Importing the same calendar again changes nothing; \
        an event edited since an earlier import (moved, guests added or removed, cancelled) \
        replaces what that import made of it, and events no longer in the file stay. An \
        older export imported after a newer one keeps the newer version of each event and \
        override (by SEQUENCE, then LAST-MODIFIED or DTSTAMP) and adds only what is new.

        Example: kith import ics ~/Downloads/calendar.ics --dry-run
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var flags: ImportFlags
    @Option(
      name: .customLong("event-threshold"), parsing: .unconditional,
      help: ArgumentHelp(
        "Events with more people than this are recorded as `event`, not `meeting`.",
        valueName: "n"))
    var eventThreshold = 8
    @Argument(help: "The .ics files.", completion: .file(extensions: ["ics"]))
    var files: [String]

    func validate() throws {
      if files.isEmpty { throw ValidationError("Name at least one .ics file.") }
      if eventThreshold < 1 {
        throw ValidationError("--event-threshold must be at least 1 (it was \(eventThreshold)).")
      }
    }

    func run() throws {
      var options = try MailImportSetup.options(global, command: "ics")
      options.eventThreshold = eventThreshold
      let until = Int64(global.now.timeIntervalSince1970)
      try ImportRunner(global: global, flags: flags).run(files) { path in
        let calendar = try ICalendarReader.read(path: path, until: until)
        MailImportSetup.warn(calendar.warnings)
        return CalendarImport.convert(calendar, path: path, options: options).batch
      }
    }
  }

  /// The options `mbox` and `eml` share.
  struct MailFlags: ParsableArguments {
    @Flag(
      name: .customLong("include-lists"),
      help: "Import mailing-list, bulk and automated messages too (left out by default).")
    var includeLists = false

    @Option(
      name: .customLong("list-threshold"), parsing: .unconditional,
      help: ArgumentHelp(
        "Messages with more recipients than this count as mailing lists.", valueName: "n"))
    var listThreshold = 15

    func validate() throws {
      if listThreshold < 1 {
        throw ValidationError("--list-threshold must be at least 1 (it was \(listThreshold)).")
      }
    }
  }

  /// Reads every mail file first (so that a reply in one counts for a message in another),
  /// then imports each in its own transaction.
  static func importMail(
    _ files: [String], global: GlobalOptions, flags: ImportFlags, mail: MailFlags,
    command: String, read: (String) throws -> ParsedMailbox
  ) throws {
    var options = try MailImportSetup.options(global, command: command)
    options.includeLists = mail.includeLists
    options.listThreshold = mail.listThreshold
    var boxes: [String: ParsedMailbox] = [:]
    for file in files where boxes[file] == nil {
      guard FileManager.default.fileExists(atPath: file) else {
        throw CLIError.missingInput("\(file): no such file")
      }
      boxes[file] = try read(file)
    }
    let writers = MailImport.writers(Array(boxes.values), options: options)
    try ImportRunner(global: global, flags: flags).run(files) { path in
      MailImport.convert(
        boxes[path] ?? ParsedMailbox(), path: path, writers: writers, options: options
      ).batch
    }
  }

  struct Mbox: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "mbox",
      abstract: "Import who wrote to whom from mbox files (Thunderbird, Gmail Takeout, mutt).",
      discussion: """
        Only headers are read (From, To, Cc, Date, Message-ID, In-Reply-To, Subject, List-Id); \
        bodies are skipped unread. Each message becomes an email interaction initiated by its \
        sender. Someone who never writes to anyone in the files you import is recorded as a \
        person but forms no tie: your messages to them are counted as unanswered and left out \
        until they write (import your sent and received mail together, or again later — it is \
        idempotent). Mailing-list and bulk mail (List-Id, List-Unsubscribe, Precedence, \
        Auto-Submitted, Gmail's Promotions/Updates/Forums/Social tabs, more recipients than \
        --list-threshold) and mail from automated senders (noreply@…, \
        mailer-daemon@…, bounces@…) are left out unless --include-lists. Encoded names, \
        group syntax and obsolete date forms are read; a message whose Date cannot be read is \
        dated by its mbox `From ` line, with a warning naming its line and the date used \
        (without one, it is reported with its line). Your own addresses \
        (`kith settings set my-emails …`) are you.

        Example: kith import mbox Sent.mbox Inbox.mbox --dry-run
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var flags: ImportFlags
    @OptionGroup var mail: MailFlags
    @Argument(help: "The mbox files.", completion: .file())
    var files: [String]

    func validate() throws {
      if files.isEmpty { throw ValidationError("Name at least one mbox file.") }
    }

    func run() throws {
      try Kith.Import.importMail(
        files, global: global, flags: flags, mail: mail, command: "mbox",
        read: { try MailReader.readMbox(path: $0) })
    }
  }

  struct EML: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "eml",
      abstract: "Import single email messages (.eml files, as saved by Outlook or Apple Mail).",
      discussion: """
        Each file holds one message; its headers are read as `kith import mbox` reads them (see \
        its help), and replies are looked for across all the files of one command.

        Example: kith import eml ~/Desktop/*.eml
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var flags: ImportFlags
    @OptionGroup var mail: MailFlags
    @Argument(help: "The .eml files.", completion: .file(extensions: ["eml"]))
    var files: [String]

    func validate() throws {
      if files.isEmpty { throw ValidationError("Name at least one .eml file.") }
    }

    func run() throws {
      try Kith.Import.importMail(
        files, global: global, flags: flags, mail: mail, command: "eml",
        read: { try MailReader.readMessage(path: $0) })
    }
  }
}

extension Kith.Import {
  /// Calendar and mail formats for `kith import FILE`: each file is read on its own with the
  /// default thresholds (replies are only looked for within the file).
  static let mailFormats: [ImportFormat] = [
    ImportFormat(
      name: "ics", detect: { ICalendarReader.looksLikeCalendar($0.head) }, usesMyEmails: true
    ) { path, context in
      let options = try context.mailOptions("ics")
      let calendar = try ICalendarReader.read(
        path: path, until: Int64(context.now.timeIntervalSince1970))
      MailImportSetup.warn(calendar.warnings)
      return CalendarImport.convert(calendar, path: path, options: options).batch
    },
    ImportFormat(
      name: "mbox",
      detect: { sniff in sniff.head.withUnsafeBytes { MailReader.looksLikeMbox($0) } },
      usesMyEmails: true
    ) { path, context in
      let options = try context.mailOptions("mbox")
      let box = try MailReader.readMbox(path: path)
      return MailImport.convert(
        box, path: path, writers: MailImport.writers([box], options: options), options: options
      ).batch
    },
    ImportFormat(
      name: "eml",
      detect: { sniff in sniff.head.withUnsafeBytes { MailReader.looksLikeMessage($0) } },
      usesMyEmails: true
    ) { path, context in
      let options = try context.mailOptions("eml")
      let box = try MailReader.readMessage(path: path)
      return MailImport.convert(
        box, path: path, writers: MailImport.writers([box], options: options), options: options
      ).batch
    },
  ]
}

extension ImportContext {
  /// The calendar and mail options, or the usage error when the ego has no address.
  func mailOptions(_ command: String) throws -> MailImportOptions {
    guard !myEmails.isEmpty else {
      throw MailImportSetup.missingAddresses(command: command, owner: addressesOwner)
    }
    return MailImportOptions(myEmails: myEmails)
  }
}
