import ArgumentParser
import Foundation
import KithExport
import KithGraph
import KithStore

// Kinds and statuses in any case: `log Meeting`, `--status Met`.
extension InteractionKind: ExpressibleByArgument {
  public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}
extension ExchangeKind: ExpressibleByArgument {
  public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}
extension ReferralStatus: ExpressibleByArgument {
  public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

extension Kith {
  struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "log",
      abstract: "Record an interaction: a meeting, call, message…",
      discussion: """
        The participants are you plus every --with; --no-ego records an interaction among \
        others only. Each pair of participants gains weight(kind)/(n−1) of tie strength, which \
        then halves every half-life (see `kith settings list`). A date (--on) later than now is \
        recorded with a note, since the interaction counts only from then; one more than a year \
        ahead, or one before 1950, is refused as a mistyped year. A follow-up is due on or after the \
        interaction's day, and within a year of now. An interaction dated with a date alone \
        (--on 2026-05-01, or --as-of DATE without --on) is kept as that day, and shown so in \
        every time zone; one dated with a time shows its time, 00:00 included.

        Examples:
          kith log meeting --with jane-doe --on 2026-05-01 --summary "Series A coffee"
          kith log call --with "Sam Lee" --by sam-lee --follow-up 2026-06-01
          kith log event --no-ego --with ana --with bo --with chen

        A tie let go (`kith let-go`) that the interaction brings back is said, for every ego \
        taking part, by name when not you; so is one dated the day a tie was let go but not \
        after it, which leaves the tie let go.

        JSON: {"schemaVersion", "asOf", "ego", "interaction": {"id", "time", "date", "kind", \
        "participants", "initiator", "summary", "channel", "followUp"}, "letGoChanges": \
        [{"person", "ego", "letGoOn", "reason", "change", "contact"}]} (participants, \
        initiator, person, ego: handles; asOf: the --as-of date, or null without it; date: \
        the day, YYYY-MM-DD, for an interaction dated with a date alone, null for a time; \
        letGoChanges: the ties let go the interaction brought back (change back-in-touch, \
        contact: the first contact after letGoOn) or left let go although dated the same day \
        (stays-let-go), empty when none).
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(
      help: ArgumentHelp("What kind of interaction.", valueName: "kind"))
    var kind: InteractionKind
    @Option(
      name: .customLong("with"),
      help: ArgumentHelp("A participant (repeatable).", valueName: "person"))
    var with: [String] = []
    @Option(help: ArgumentHelp("When it happened (default: --as-of, else now).", valueName: "date"))
    var on: DateArgument?
    @Option(help: ArgumentHelp("Who started it (a participant, or `me`).", valueName: "person"))
    var by: String?
    @Option(help: ArgumentHelp("What it was about.", valueName: "text")) var summary: String?
    @Option(help: ArgumentHelp("Where it happened: zoom, phone, a venue…", valueName: "text"))
    var channel: String?
    @Option(
      name: .customLong("follow-up"), help: ArgumentHelp("When to follow up.", valueName: "date"))
    var followUp: DateArgument?
    @Flag(
      name: .customLong("no-ego"), help: "Record an interaction among others only, without you.")
    var noEgo = false

    func validate() throws {
      if with.isEmpty {
        throw ValidationError("Name at least one participant with --with PERSON.")
      }
      if noEgo && with.count < 2 {
        throw ValidationError("With --no-ego, name at least two participants with --with.")
      }
      try checkRecordDate(on, global)
      try checkRecordDate(followUp, global, option: "--follow-up")
      // A follow-up is after the interaction (on the same day at the earliest).
      let day = KithTime.day(ofSeconds: KithTime.seconds(on?.date ?? global.now))
      if let followUp, KithTime.day(ofSeconds: KithTime.seconds(followUp.date)) < day {
        throw ValidationError(
          "--follow-up \(KithTime.formatDay(followUp.date)) is before the interaction (\(KithTime.formatDay(on?.date ?? global.now))); a follow-up comes after it."
        )
      }
    }

    func run() throws {
      let store = try global.openStore()
      // `me` names the ego; without --no-ego the ego takes part anyway.
      var participants = try with.map { try resolvePersonOrMe($0, store, global) }
      var ego: Person? = nil
      if !noEgo {
        let me = try global.resolveEgo(store)
        ego = me
        participants.removeAll { $0.id == me.id }
        if participants.isEmpty {
          throw CLIError.rejected(
            "--with \(with.joined(separator: ", ")) names you (\(me.handle)), and you take part in every interaction; name the other person with --with"
          )
        }
        participants.insert(me, at: 0)
      }
      let initiator: Person? = try by.map { ref in
        if GlobalOptions.isMe(ref), let ego { return ego }
        return try store.resolvePerson(ref)
      }
      let summary = presentText(summary)
      let interaction = Interaction(
        time: recordDate(on, global), kind: kind, participants: participants.map(\.id),
        initiator: initiator?.id, channel: presentText(channel), summary: summary,
        followUp: followUp?.date, day: recordDay(on, global))
      let repeated = try store.repeatedInteraction(of: interaction)
      let before = try store.letGoStandings(among: Set(participants.map(\.id)))
      let stored = try namingOptions(["time": "--on"]) { try store.addInteraction(interaction) }
      let letGo = try LetGoNotes(store.letGoChanges(since: before), store, global)
      noteIfFuture(on, global)
      let others = try participants.filter { $0.id != ego?.id }.map { try replyName($0, store) }
      if let repeated {
        noteRepeat(
          of: "interaction", repeated,
          "\(kind.rawValue) with \(others.joined(separator: ", ")) on \(shownTime(stored))",
          new: stored.id)
      }
      if global.json {
        Output.json(
          [
            "interaction": [
              "id": .int(stored.id), "time": .string(KithTime.format(stored.time)),
              "date": dateJSON(stored.day),
              "kind": .string(kind.rawValue), "participants": .strings(participants.map(\.handle)),
              "initiator": .string(initiator?.handle), "summary": .string(summary),
              "channel": .string(stored.channel),
              "followUp": .string(followUp.map { KithTime.format($0.date) }),
            ],
            "letGoChanges": letGo.json,
          ], asOf: global.asOf?.date, ego: try global.optionalEgo(store))
      } else {
        print(
          "Logged \(kind.rawValue) with \(others.joined(separator: ", ")) on \(shownTime(stored)) (#\(stored.id))."
        )
        for line in letGo.lines { print(line) }
      }
    }
  }

  struct Give: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "give",
      abstract: "Record something given: an introduction, advice, a job lead…",
      discussion: """
        Kinds and their value in the reciprocity ledger: introduction, referral and job-lead 3; \
        help 2; advice, information, endorsement, gift and favour 1. Use `me` for yourself.

        Example: kith give advice --from me --to jane-doe --note "Reviewed her pitch deck"

        A tie let go between the giver and the receiver that this brings back is said, as \
        `kith log` says it.

        JSON: {"schemaVersion", "asOf", "ego", "exchange": {"id", "time", "date", "kind", "giver", \
        "receiver", "note"}, "letGoChanges": [...]} (date: the day entered for an exchange dated \
        with a date alone, else null; giver, receiver: handles; asOf: the \
        --as-of date, or null without it; letGoChanges as `kith log --json` has it).
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(
      help: ArgumentHelp("What was given.", valueName: "kind"))
    var kind: ExchangeKind
    @Option(help: ArgumentHelp("Who gave.", valueName: "person")) var from: String
    @Option(help: ArgumentHelp("Who received.", valueName: "person")) var to: String
    @Option(help: ArgumentHelp("When (default: --as-of, else now).", valueName: "date")) var on:
      DateArgument?
    @Option(help: ArgumentHelp("What it was.", valueName: "text")) var note: String?

    func validate() throws { try checkRecordDate(on, global) }

    func run() throws {
      let store = try global.openStore()
      let giver = try resolvePersonOrMe(from, store, global)
      let receiver = try resolvePersonOrMe(to, store, global)
      let note = presentText(note)
      let exchange = Exchange(
        time: recordDate(on, global), giver: giver.id, receiver: receiver.id, kind: kind,
        note: note, day: recordDay(on, global))
      let repeated = try store.repeatedExchange(of: exchange)
      let before = try store.letGoStandings(among: [giver.id, receiver.id])
      let e = try namingOptions(["time": "--on"]) { try store.addExchange(exchange) }
      let letGo = try LetGoNotes(store.letGoChanges(since: before), store, global)
      noteIfFuture(on, global)
      if let repeated {
        noteRepeat(
          of: "exchange", repeated,
          "\(kind.rawValue) from \(giver.name) to \(receiver.name) on \(KithTime.formatHuman(e.time, day: e.day))",
          new: e.id)
      }
      if global.json {
        Output.json(
          [
            "exchange": [
              "id": .int(e.id), "time": .string(KithTime.format(e.time)),
              "date": dateJSON(e.day), "kind": .string(kind.rawValue),
              "giver": .string(giver.handle), "receiver": .string(receiver.handle),
              "note": .string(note),
            ],
            "letGoChanges": letGo.json,
          ], asOf: global.asOf?.date, ego: try global.optionalEgo(store))
      } else {
        print("Recorded \(kind.rawValue) from \(giver.name) to \(receiver.name) (#\(e.id)).")
        for line in letGo.lines { print(line) }
      }
    }
  }
}

/// Says on stderr that the record just stored as `new` looks like a repeat of the `kind`
/// record `earlier` (`description` says what both are), and how to undo it: kept, since people
/// do meet twice, but a command run twice by accident skews cadences and tie strengths.
func noteRepeat(of kind: String, _ earlier: Int64, _ description: String, new: Int64) {
  Terminal.note(
    "note: this looks like a repeat of \(kind) \(earlier) (\(description)); to undo it: kith remove \(kind) \(new)"
  )
}

/// Resolves a person reference where `me` means the ego.
func resolvePersonOrMe(_ reference: String, _ store: KithStore, _ global: GlobalOptions) throws
  -> Person
{
  if GlobalOptions.isMe(reference) { return try global.resolveEgo(store) }
  return try store.resolvePersonNamingOrganisations(reference)
}
