import ArgumentParser
import Foundation
import KithExport
import KithGraph
import KithStore

extension RecordKind: ExpressibleByArgument {}

extension Kith {
  struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "history",
      abstract: "List what you recorded, newest first, with the ids to edit or remove it.",
      discussion: """
        Interactions, things given (exchanges), notes, referrals, ties and affiliations (jobs, \
        dated by their start), each with its id: \
        `kith edit interaction 12` changes one, `kith remove interaction 12` removes one. With \
        a person, only the records that involve them; with --as-of, only those up to that \
        day; with --since, only those from that day on (undated ties are then left out). \
        An interaction dated with a date alone shows that day in every time zone, one dated \
        with a time shows its time, 00:00 included.

        Examples:
          kith history
          kith history jane-doe --since 2026-01-01
          kith history --limit 100 --json

        JSON: {"schemaVersion", "asOf", "ego", "total", "records": [{"record", "id", "time", \
        "date", "what", "people": [{"handle", "name"}], "organisation": {"handle", "name"} | \
        null, "text", "weight", "source"}]}, newest first. record is interaction, exchange, note, \
        referral, tie or affiliation; what is the interaction's or exchange's kind, the \
        referral's status, note, tie, or the affiliation's role (its text: the day it ended); people are the participants, the giver then the receiver, the note's \
        person, the referrer, recipient and person referred, or the tie's two people; time is \
        null for an undated tie; date is the day, YYYY-MM-DD, of an interaction dated with a \
        date alone (null for a time, and for other records); source names the importer a \
        record came from.
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Only records that involve this person.") var person: String?
    @Option(help: ArgumentHelp("Only records from this day on.", valueName: "date"))
    var since: DateArgument?
    @Option(
      parsing: .unconditional,
      help: ArgumentHelp("Show at most this many (default 30).", valueName: "n"))
    var limit: Int = 30

    func validate() throws {
      if limit < 1 { throw ValidationError("--limit must be at least 1.") }
      if let since, let asOf = global.asOf, since.date > asOf.date {
        throw ValidationError(
          "--since \(KithTime.formatDay(since.date)) is after --as-of \(KithTime.formatDay(asOf.date))."
        )
      }
    }

    func run() throws {
      let store = try global.openStore()
      let subject = try person.map { try resolvePersonOrMe($0, store, global) }
      let through = global.shownThrough
      var history = try store.recordHistory(
        person: subject?.id, since: since?.date, through: through, limit: limit)
      if let through, history.entries.contains(where: { $0.kind == .referral }) {
        // A referral as it stood then: its status on the day, not one reached later.
        let referrals = Dictionary(
          try store.referrals().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for k in history.entries.indices where history.entries[k].kind == .referral {
          if let then = referrals[history.entries[k].id]?.asOf(through) {
            history.entries[k].what = then.status.rawValue
          }
        }
      }
      let names = try RecordNames(history.entries, store, ego: try global.optionalEgo(store))
      if global.json {
        Output.json(
          [
            "records": .array(history.entries.map { names.json($0) }),
            "total": .int(Int64(history.total)),
          ], asOf: global.asOf?.date, ego: names.ego)
        return
      }
      if history.entries.isEmpty {
        let since = since.map { " since \(KithTime.formatDay($0.date))" } ?? ""
        print(
          subject.map { "Nothing recorded about \($0.name)\(since)." }
            ?? (since.isEmpty
              ? "Nothing recorded yet; `kith log meeting --with NAME` records an interaction."
              : "Nothing recorded\(since)."))
        return
      }
      let now = global.now
      var table = TextTable(["DATE", "RECORD", "WHAT", "WHO", "TEXT"])
      for entry in history.entries {
        table.add([
          entry.time.map { names.shownTime(entry, $0) + ($0 > now ? " (future)" : "") }
            ?? "undated",
          "\(entry.kind.rawValue) \(entry.id)",
          entry.kind == .tie ? "weight \(Format.number(entry.weight ?? 0))" : entry.what,
          names.who(entry),
          entry.kind == .affiliation
            ? entry.text.map { "until \($0)" } ?? "" : Format.excerpt(entry.text ?? "", 60),
        ])
      }
      print(table.render())
      if history.total > history.entries.count {
        print(
          "Showing the latest \(history.entries.count) of \(history.total); --limit and --since show others."
        )
      }
    }
  }

  struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "remove",
      abstract: "Remove one record made by mistake: an interaction, exchange, note, job…",
      discussion: """
        `kith history` lists records with their ids. Tie strengths are recomputed without the \
        record. A referral goes with its status history and the exchange recorded with it (that \
        exchange goes only with its referral); the notes of an interaction stay, about the \
        person. Ids are never given again to later records. To remove a person, use `kith person \
        remove`. A record that came from an import comes back if the same file is imported \
        again.

        Examples:
          kith remove interaction 12
          kith remove exchange 3 --json

        A tie let go that the removed interaction or exchange had brought back is let go again, \
        for whichever ego it was: the command says so.

        JSON: {"schemaVersion", "asOf", "ego", "removed": a record as `kith history --json` \
        lists it, "exchange": the id of the referral's exchange removed with it, or null, \
        "letGoChanges": [...]} (letGoChanges as `kith log --json` has it, change let-go-again \
        with contact null).
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("What kind of record.", valueName: "record"))
    var record: RecordKind
    @Argument(help: ArgumentHelp("Its id, as `kith history` shows it.", valueName: "id"))
    var id: Int64

    func run() throws {
      let store = try global.openStore()
      guard let entry = try store.record(record, id: id) else {
        throw StoreError.notFound(kind: record.rawValue, reference: "\(id)", suggestions: [])
      }
      let ego = try global.optionalEgo(store)
      let names = try RecordNames([entry], store, ego: ego)
      let before = try store.letGoStandings(among: Set(entry.people))
      let removed = try store.removeRecord(record, id: id)
      let letGo = try LetGoNotes(store.letGoChanges(since: before), store, global)
      if global.json {
        Output.json(
          [
            "removed": names.json(removed.entry),
            "exchange": removed.exchange.map { .int($0) } ?? .null,
            "letGoChanges": letGo.json,
          ],
          asOf: global.asOf?.date, ego: ego)
        return
      }
      var line = "Removed \(names.describe(removed.entry))"
      if let exchange = removed.exchange {
        line += ", and the referral recorded as exchange \(exchange)"
      }
      print(line + ".")
      for line in letGo.lines { print(line) }
      // An imported interaction or tie comes back with its file; a note or an exchange is
      // remembered by the import as imported, and stays removed.
      if let source = removed.entry.source, [.interaction, .tie].contains(removed.entry.kind) {
        Terminal.note(
          "note: it came from an import (\(source)); importing the same file again brings it back.")
      }
    }
  }

  struct Edit: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "edit",
      abstract: "Correct a record: an interaction's date, kind or people, an exchange, a note.",
      discussion: """
        `kith history` lists records with their ids. Only the options given change.

        Examples:
          kith edit interaction 12 --on 2026-03-02 --summary "Pricing call"
          kith edit interaction 12 --no-follow-up
          kith edit exchange 3 --kind help
          kith edit note 7 --text "Moving to Lisbon in October"
        """,
      subcommands: [EditInteraction.self, EditExchange.self, EditNote.self])
  }
}

/// Names of the people and organisations a list of records mentions, read once.
struct RecordNames {
  var people: [Int64: Person] = [:]
  var organisations: [Int64: Organisation] = [:]
  let ego: Person?

  init(_ entries: [RecordEntry], _ store: KithStore, ego: Person?) throws {
    self.ego = ego
    for entry in entries {
      for id in entry.people where people[id] == nil { people[id] = try store.person(id: id) }
      if let org = entry.organisation, organisations[org] == nil {
        organisations[org] = try store.organisation(id: org)
      }
    }
  }

  func name(_ id: Int64) -> String {
    id == ego?.id ? "you" : people[id]?.name ?? "#\(id)"
  }

  /// Who a record involves, as a table shows it: an interaction's people besides you (the
  /// first three and how many more, past five: a conference's guest list would make every row
  /// of the table thousands of characters wide); the giver and the receiver; the note's
  /// subject; the referral's three parties. `--json` lists everyone.
  func who(_ entry: RecordEntry) -> String {
    let org = entry.organisation.flatMap { organisations[$0]?.name }
    switch entry.kind {
    case .interaction:
      let all = entry.people.filter { $0 != ego?.id }
      let others =
        all.count > 5
        ? all.prefix(3).map(name).joined(separator: ", ") + " and \(all.count - 3) more"
        : all.map(name).joined(separator: ", ")
      // An interaction among others (`log --no-ego`, a meeting you were not in) says so.
      return ego.map { entry.people.contains($0.id) } == false ? others + " (without you)" : others
    case .exchange:
      return "\(name(entry.people[0])) → \(name(entry.people[1]))"
    case .note:
      return entry.people.first.map(name) ?? org ?? ""
    case .referral:
      let about = entry.people.count > 2 ? name(entry.people[2]) : org ?? ""
      return "\(name(entry.people[0])) → \(name(entry.people[1])) about \(about)"
    case .tie:
      return "\(name(entry.people[0])) – \(name(entry.people[1]))"
    case .affiliation:
      return "\(name(entry.people[0])) at \(org ?? "?")"
    }
  }

  /// One record in a sentence: "interaction 12: call with Noah Schmidt on 2026-11-01 10:00".
  func describe(_ entry: RecordEntry) -> String {
    let when = entry.time.map { " on \(shownTime(entry, $0))" } ?? ""
    let head = "\(entry.kind.rawValue) \(entry.id): "
    switch entry.kind {
    case .interaction:
      return head + "\(entry.what) with \(who(entry))\(when)"
    case .exchange:
      return head + "\(entry.what) from \(who(entry))\(when)"
    case .note:
      return head + "note about \(who(entry))\(when): “\(Format.excerpt(entry.text ?? "", 60))”"
    case .referral:
      return head + "\(who(entry))\(when)"
    case .tie:
      return head + "tie \(who(entry))\(entry.time == nil ? " (undated)" : when)"
    case .affiliation:
      let role = entry.what == "affiliation" ? "" : ", \(entry.what)"
      let from = entry.time.map(KithTime.formatDay) ?? "…"
      return head + "\(who(entry))\(role) (\(from)–\(entry.text ?? "now"))"
    }
  }

  /// A record's date as a list shows it: an interaction, exchange, note or referral as
  /// `shownTime(_:)` shows an interaction, the day alone for one dated as a day; ties and
  /// affiliations as before, the day alone at the start of a day.
  func shownTime(_ entry: RecordEntry, _ time: Date) -> String {
    switch entry.kind {
    case .interaction, .exchange, .note, .referral: KithTime.formatHuman(time, day: entry.day)
    case .tie, .affiliation: KithTime.formatHuman(time)
    }
  }

  func json(_ entry: RecordEntry) -> JSONValue {
    [
      "record": .string(entry.kind.rawValue), "id": .int(entry.id),
      "time": .string(entry.time.map(KithTime.format)), "date": dateJSON(entry.day),
      "what": .string(entry.what),
      "people": .array(
        entry.people.map { id in
          people[id].map(Output.personRef) ?? ["handle": .null, "name": .null]
        }),
      "organisation": entry.organisation.flatMap { organisations[$0] }.map {
        ["handle": .string($0.handle), "name": .string($0.name)]
      } ?? .null,
      "text": .string(entry.text), "weight": .number(entry.weight),
      "source": .string(entry.source),
    ]
  }
}

extension Kith {
  struct EditInteraction: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "interaction",
      abstract: "Change an interaction: its date, kind, people, summary or follow-up.",
      discussion: """
        --with replaces the people besides you (you stay if you took part). An empty \
        --summary or --channel clears it; --no-follow-up clears the follow-up, as when it is \
        done. --on with a date alone keeps the interaction as that day (shown so in every time \
        zone), with a time as that time. Tie strengths are recomputed when the date, kind or people change. An interaction \
        from a calendar is overwritten when a calendar holding the event is imported again.

        Examples:
          kith edit interaction 12 --on 2026-03-02
          kith edit interaction 12 --kind call --with jane-doe --with sam-lee
          kith edit interaction 12 --no-follow-up

        A new date or new people can bring back a tie let go, or let one go again: the command \
        says which, for every ego.

        JSON: {"schemaVersion", "asOf", "ego", "changed", "interaction": {"id", "time", "date", \
        "kind", "participants", "initiator", "summary", "channel", "followUp"}, "letGoChanges"}, as \
        `kith log --json` (letGoChanges may also hold let-go-again, with contact null); \
        changed is false when the options change nothing.
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(
      help: ArgumentHelp("The interaction's id, as `kith history` shows it.", valueName: "id"))
    var id: Int64
    @Option(help: ArgumentHelp("When it happened.", valueName: "date")) var on: DateArgument?
    @Option(help: ArgumentHelp("What kind of interaction.", valueName: "kind"))
    var kind: InteractionKind?
    @Option(
      name: .customLong("with"),
      help: ArgumentHelp(
        "A participant besides you (repeatable; replaces them).", valueName: "person"))
    var with: [String] = []
    @Option(help: ArgumentHelp("Who started it (a participant, or `me`).", valueName: "person"))
    var by: String?
    @Option(help: ArgumentHelp("What it was about (empty to clear).", valueName: "text"))
    var summary: String?
    @Option(help: ArgumentHelp("Where it happened (empty to clear).", valueName: "text"))
    var channel: String?
    @Option(
      name: .customLong("follow-up"), help: ArgumentHelp("When to follow up.", valueName: "date"))
    var followUp: DateArgument?
    @Flag(name: .customLong("no-follow-up"), help: "Clear the follow-up (it is done).")
    var noFollowUp = false

    func validate() throws {
      if on == nil && kind == nil && with.isEmpty && by == nil && summary == nil && channel == nil
        && followUp == nil && !noFollowUp
      {
        throw ValidationError(
          "Nothing to change: give --on, --kind, --with, --by, --summary, --channel, --follow-up or --no-follow-up."
        )
      }
      if followUp != nil && noFollowUp {
        throw ValidationError("--follow-up and --no-follow-up cannot be used together.")
      }
      try checkRecordDate(on, global)
    }

    func run() throws {
      let store = try global.openStore()
      guard var interaction = try store.interaction(id: id) else {
        throw StoreError.notFound(kind: "interaction", reference: "\(id)", suggestions: [])
      }
      let before = interaction
      let ego = try global.optionalEgo(store)
      if let on {
        interaction.time = on.date
        interaction.day = enteredDay(on)
      }
      if let kind { interaction.kind = kind }
      var droppedInitiator: Int64? = nil
      if !with.isEmpty {
        var people = try with.map { try resolvePersonOrMe($0, store, global).id }
        if let me = ego?.id, interaction.participants.contains(me) {
          people.removeAll { $0 == me }
          if people.isEmpty {
            throw CLIError.rejected(
              "--with \(with.joined(separator: ", ")) names you, and you take part in this interaction already; name the other person with --with"
            )
          }
          people.insert(me, at: 0)
        }
        interaction.participants = people
        if let initiator = interaction.initiator, !people.contains(initiator), by == nil {
          interaction.initiator = nil
          droppedInitiator = initiator
        }
      }
      if let by { interaction.initiator = try resolvePersonOrMe(by, store, global).id }
      if let summary { interaction.summary = Self.text(summary) }
      if let channel { interaction.channel = Self.text(channel) }
      if let followUp { interaction.followUp = followUp.date }
      if noFollowUp { interaction.followUp = nil }
      if let follow = interaction.followUp,
        KithTime.day(ofSeconds: KithTime.seconds(follow))
          < KithTime.day(ofSeconds: KithTime.seconds(interaction.time))
      {
        // The stored follow-up may be what the new date conflicts with: data, not usage.
        throw CLIError.rejected(
          "the follow-up \(KithTime.formatDay(follow)) is before the interaction (\(KithTime.formatDay(interaction.time))); a follow-up comes after it: give a later --follow-up, or --no-follow-up"
        )
      }
      let changed = interaction != before
      let standings = try store.letGoStandings(
        among: Set(before.participants + interaction.participants))
      let stored =
        changed
        ? try namingOptions(["time": "--on", "with": "--with", "by": "--by"]) {
          try store.updateInteraction(interaction)
        } : before
      let letGo = try LetGoNotes(store.letGoChanges(since: standings), store, global)
      noteIfFuture(on, global)
      let names = try RecordNames(
        [
          RecordEntry(
            kind: .interaction, id: stored.id, time: stored.time, what: stored.kind.rawValue,
            people: stored.participants + (stored.initiator.map { [$0] } ?? []),
            organisation: nil, text: stored.summary, weight: nil, source: stored.source,
            day: stored.day)
        ], store, ego: ego)
      if global.json {
        Output.json(
          [
            "interaction": [
              "id": .int(stored.id), "time": .string(KithTime.format(stored.time)),
              "date": dateJSON(stored.day), "kind": .string(stored.kind.rawValue),
              "participants": .strings(stored.participants.compactMap { names.people[$0]?.handle }),
              "initiator": .string(stored.initiator.flatMap { names.people[$0]?.handle }),
              "summary": .string(stored.summary), "channel": .string(stored.channel),
              "followUp": .string(stored.followUp.map(KithTime.format)),
            ],
            "changed": .bool(changed), "letGoChanges": letGo.json,
          ], asOf: global.asOf?.date, ego: ego)
        return
      }
      if !changed {
        print("Nothing changed for interaction \(id).")
        return
      }
      if let dropped = droppedInitiator {
        Terminal.note(
          "note: \(try store.person(id: dropped).name) started it and is no longer a participant: it has no initiator now (--by sets one)."
        )
      }
      let others = stored.participants.filter { $0 != ego?.id }.map { names.name($0) }
      print(
        "Updated interaction \(stored.id): \(stored.kind.rawValue) with \(others.joined(separator: ", ")) on \(shownTime(stored))."
      )
      for line in letGo.lines { print(line) }
      // A calendar import takes each event in the file as it is now (`replacedGroups`).
      if stored.source == "calendar" {
        Terminal.note(
          "note: it came from a calendar import; importing a calendar that holds the event again overwrites this change."
        )
      }
    }

    /// The text of an option, trimmed, or nil for one that is empty as `presentText` (the
    /// rule `log` follows) has it: an empty option clears the field.
    static func text(_ value: String) -> String? {
      presentText(value).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }
  }

  struct EditExchange: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "exchange",
      abstract: "Change something given: its date, kind, giver, receiver or note.",
      discussion: """
        An empty --note clears it.

        Examples:
          kith edit exchange 3 --kind help
          kith edit exchange 3 --from jane-doe --to me

        A new date, giver or receiver can bring back a tie let go, or let one go again: the \
        command says which, for every ego.

        JSON: {"schemaVersion", "asOf", "ego", "exchange": {"id", "time", "date", "kind", \
        "giver", "receiver", "note"}, "letGoChanges"}, as `kith give --json` (letGoChanges may also \
        hold let-go-again, with contact null).
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The exchange's id, as `kith history` shows it.", valueName: "id"))
    var id: Int64
    @Option(help: ArgumentHelp("When.", valueName: "date")) var on: DateArgument?
    @Option(help: ArgumentHelp("What was given.", valueName: "kind")) var kind: ExchangeKind?
    @Option(help: ArgumentHelp("Who gave.", valueName: "person")) var from: String?
    @Option(help: ArgumentHelp("Who received.", valueName: "person")) var to: String?
    @Option(help: ArgumentHelp("What it was (empty to clear).", valueName: "text")) var note:
      String?

    func validate() throws {
      if on == nil && kind == nil && from == nil && to == nil && note == nil {
        throw ValidationError("Nothing to change: give --on, --kind, --from, --to or --note.")
      }
      try checkRecordDate(on, global)
    }

    func run() throws {
      let store = try global.openStore()
      guard var exchange = try store.exchange(id: id) else {
        throw StoreError.notFound(kind: "exchange", reference: "\(id)", suggestions: [])
      }
      let people = [exchange.giver, exchange.receiver]
      if let on {
        exchange.time = on.date
        exchange.day = enteredDay(on)
      }
      if let kind { exchange.kind = kind }
      if let from { exchange.giver = try resolvePersonOrMe(from, store, global).id }
      if let to { exchange.receiver = try resolvePersonOrMe(to, store, global).id }
      if let note { exchange.note = EditInteraction.text(note) }
      let before = try store.letGoStandings(
        among: Set(people + [exchange.giver, exchange.receiver]))
      let stored = try store.updateExchange(exchange)
      let letGo = try LetGoNotes(store.letGoChanges(since: before), store, global)
      noteIfFuture(on, global)
      let giver = try store.person(id: stored.giver)
      let receiver = try store.person(id: stored.receiver)
      if global.json {
        Output.json(
          [
            "exchange": [
              "id": .int(stored.id), "time": .string(KithTime.format(stored.time)),
              "date": dateJSON(stored.day),
              "kind": .string(stored.kind.rawValue), "giver": .string(giver.handle),
              "receiver": .string(receiver.handle), "note": .string(stored.note),
            ],
            "letGoChanges": letGo.json,
          ], asOf: global.asOf?.date, ego: try global.optionalEgo(store))
        return
      }
      print(
        "Updated exchange \(stored.id): \(stored.kind.rawValue) from \(giver.name) to \(receiver.name) on \(KithTime.formatHuman(stored.time, day: stored.day))."
      )
      for line in letGo.lines { print(line) }
    }
  }

  struct EditNote: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "note",
      abstract: "Change a note's text or date.",
      discussion: """
        Example: kith edit note 7 --text "Moving to Lisbon in October"

        JSON: {"schemaVersion", "asOf", "ego", "note": {"id", "time", "date", "text"}} (date: the \
        day entered for a note dated with a date alone, else null).
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The note's id, as `kith history` shows it.", valueName: "id"))
    var id: Int64
    @Option(help: ArgumentHelp("The new text.", valueName: "text")) var text: String?
    @Option(help: ArgumentHelp("When.", valueName: "date")) var on: DateArgument?

    func validate() throws {
      if text == nil && on == nil {
        throw ValidationError("Nothing to change: give --text or --on.")
      }
      if let text, EditInteraction.text(text) == nil {
        throw ValidationError("--text is empty; to remove the note, use `kith remove note \(id)`.")
      }
      try checkRecordDate(on, global)
    }

    func run() throws {
      let store = try global.openStore()
      guard var note = try store.note(id: id) else {
        throw StoreError.notFound(kind: "note", reference: "\(id)", suggestions: [])
      }
      if let on {
        note.time = on.date
        note.day = enteredDay(on)
      }
      if let text, let clean = EditInteraction.text(text) { note.text = clean }
      let stored = try store.updateNote(note)
      noteIfFuture(on, global, consequence: futureNoteConsequence)
      if global.json {
        Output.json(
          [
            "note": [
              "id": .int(stored.id), "time": .string(KithTime.format(stored.time)),
              "date": dateJSON(stored.day), "text": .string(stored.text),
            ]
          ], asOf: global.asOf?.date, ego: try global.optionalEgo(store))
        return
      }
      print(
        "Updated note \(stored.id) (\(KithTime.formatHuman(stored.time, day: stored.day))): \(Format.excerpt(stored.text, 60))"
      )
    }
  }
}
