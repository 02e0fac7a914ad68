import ArgumentParser
import Foundation
import KithAnalytics
import KithExport
import KithGraph
import KithStore

extension Kith {
  struct Followups: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "followups",
      abstract: "Follow-ups you owe: dates that passed, and new contacts met only once.",
      discussion: """
        `kith followups` lists them (`kith followups list --help` for its options); `kith \
        followups dismiss PERSON` stops listing a person's follow-ups until your next \
        interaction with them.

        --tag and --org list only the people with a tag, or now at an organisation (both: \
        those with both).

        Examples:
          kith followups
          kith followups --as-of 2026-07-01 --json
          kith followups --tag investor
          kith followups dismiss ann-lee
        """,
      subcommands: [List.self, Dismiss.self],
      defaultSubcommand: List.self)
  }

  struct ReciprocityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "reciprocity",
      abstract: "The give and take with each contact, where you owe most first.",
      discussion: """
        Given (G) and received (R) sum exchange values (introduction, referral, job-lead 3; \
        help 2; others 1), each halved every half-life. balance = (G − R)/(G + R + 1). \
        initiationShare: of the interactions either of you started, the fraction you started \
        (initiationsKnown of them; a meeting someone else called counts for neither).
        Flags, all about you: taking (you take from them: R ≥ 2 and balance ≤ −0.5), \
        always-initiating (you start ≥ 80% of ≥ 5), they-initiate (you start ≤ 20% of ≥ 5). Network: totals, and the fraction of giver→receiver \
        pairs among all exchanges that are reciprocated. --tag and --org list only the contacts \
        with a tag, or now at an organisation, and say what you gave and received among them; \
        the network's figures stay those of everyone.

        Examples:
          kith reciprocity --limit 10
          kith reciprocity --tag client
          kith reciprocity --org acme-robotics

        JSON: {"schemaVersion", "asOf", "ego", "contacts": [{"handle", "name", "given", \
        "received", "balance", "initiationShare", "initiationsKnown", "interactions", "flags"}], \
        "network": {"given", \
        "received", "reciprocatedPairsFraction"}}
        """)

    @OptionGroup var global: GlobalOptions
    @Option(
      parsing: .unconditional,
      help: ArgumentHelp("Show at most this many contacts.", valueName: "n")) var limit: Int?
    @OptionGroup var filter: ContactFilter

    func validate() throws {
      if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
    }

    func run() throws {
      let a = try Analysis(global)
      let wanted = try filter.matcher(a)
      var report = Reciprocity.report(
        in: a.snapshot, ego: a.egoIndex, limit: filter.isActive ? nil : limit)
      // Among those kept: their entries (then --limit), and what you gave and received.
      let among = report.entries.filter { wanted($0.person) }
      if filter.isActive { report.entries = Array(among.prefix(limit ?? .max)) }
      if global.json {
        a.json([
          "contacts": .array(
            report.entries.map { e in
              [
                "handle": .string(a.handle(e.person)), "name": .string(a.name(e.person)),
                "given": .double(e.given), "received": .double(e.received),
                "balance": .double(e.balance),
                "initiationShare": .number(e.initiationShare), "interactions": .int(e.interactions),
                "initiationsKnown": .int(e.initiationsKnown),
                "flags": .strings(e.flags.map(\.rawValue)),
              ]
            }),
          "network": [
            "given": .double(report.given), "received": .double(report.received),
            "reciprocatedPairsFraction": .number(report.reciprocatedPairsFraction),
          ],
        ])
        return
      }
      var table = TextTable(
        ["NAME", "GIVEN", "RECEIVED", "BALANCE", "YOU START", "INTERACTIONS", "FLAGS"],
        rightAligned: [1, 2, 3, 4, 5])
      let names = TableNames(a.snapshot)
      for e in report.entries {
        table.add([
          names(e.person), Format.number(e.given), Format.number(e.received),
          Format.number(e.balance),
          youStart(e),
          "\(e.interactions)",
          e.flags.map(\.rawValue).joined(separator: ","),
        ])
      }
      if report.entries.isEmpty {
        print(
          "No exchanges or interactions with anyone\(filter.phrase(a.store)) as of \(KithTime.formatDay(a.asOf))."
        )
      } else {
        print(table.render())
      }
      print("")
      if filter.isActive && !among.isEmpty {
        let given = among.reduce(0) { $0 + $1.given }
        let received = among.reduce(0) { $0 + $1.received }
        print(
          "With everyone\(filter.phrase(a.store)) you gave \(Format.number(given)) and received \(Format.number(received))."
        )
      }
      if let fraction = report.reciprocatedPairsFraction {
        print(
          "In all you gave \(Format.number(report.given)) and received \(Format.number(report.received)); across the whole network, \(Int((fraction * 100).rounded()))% of giver → receiver pairs are reciprocated."
        )
      } else {
        print("Nothing given or received yet; record it with `kith give`.")
      }
    }
  }
}

extension Kith.Followups {
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list",
      abstract: "List the follow-ups you owe (the default).",
      discussion: """
        due: an interaction's --follow-up date has passed with no later interaction with that \
        person. never-followed-up: first met in the last 60 days, exactly one interaction (due \
        14 days after meeting; they drop off this list 60 days after meeting, and `kith plan` \
        says when). Not decided to follow someone up? `kith followups dismiss \
        PERSON` stops listing theirs.

        Examples:
          kith followups
          kith followups --as-of 2026-07-01 --json

        JSON: {"schemaVersion", "asOf", "ego", "followups": [{"handle", "name", "reason", "due", \
        "lastContact", "summary"}]}
        """)

    @OptionGroup var global: GlobalOptions
    // Words that reach the default command: a mistyped command (`kith followups dismis`), or
    // one after an option (`kith followups --as-of D dismiss P`), which argument-parser gives
    // to the default command. They get a message that says which.
    @Argument(help: .hidden) var words: [String] = []
    @Option(parsing: .unconditional, help: ArgumentHelp("Show at most this many.", valueName: "n"))
    var limit: Int?
    @OptionGroup var filter: ContactFilter

    func validate() throws {
      if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
      guard let word = words.first else { return }
      if word == Dismiss.configuration.commandName {
        throw ValidationError(
          "put the options after `dismiss`, as in `kith followups dismiss PERSON --as-of DATE`.")
      }
      // argument-parser leaves an option the command does not have out of the error, and
      // gives the value after it here: name the option, which is the mistake.
      let arguments = Array(CommandLine.arguments.dropFirst())
      if let at = arguments.firstIndex(of: word), at > 0, arguments[at - 1].hasPrefix("-") {
        let option = String(arguments[at - 1].prefix { $0 != "=" })
        let known = Self.usageString().split(whereSeparator: { " []|".contains($0) })
        if !known.contains(where: { $0 == option }) {
          throw ValidationError("`kith followups` has no option \(option)")
        }
      }
      // The caller adds "see `kith followups --help`".
      let hint =
        Kith.closestCommand(to: word, among: Kith.Followups.configuration.subcommands).map {
          "; did you mean `kith followups \($0)`?"
        } ?? ""
      throw ValidationError("unknown command '\(word)' for `kith followups`\(hint)")
    }

    func run() throws {
      let a = try Analysis(global)
      let wanted = try filter.matcher(a)
      let items = Array(
        FollowUps.list(in: a.snapshot, ego: a.egoIndex).filter { wanted($0.person) }
          .prefix(limit ?? .max))
      if global.json {
        a.json([
          "followups": .array(
            items.map { followUpJSON($0, handle: a.handle($0.person), name: a.name($0.person)) })
        ])
        return
      }
      if items.isEmpty {
        print(
          "No follow-ups owed\(filter.isActive ? " to anyone" + filter.phrase(a.store) : "") as of \(KithTime.formatDay(a.asOf))."
        )
        if let hint = a.noHistoryHint { print(hint) }
        return
      }
      var table = TextTable(["NAME", "REASON", "DUE", "LAST CONTACT", "ABOUT"])
      let names = TableNames(a.snapshot)
      let today = KithTime.seconds(a.asOf)
      for f in items {
        table.add([
          names(f.person), f.reason.rawValue, dueDay(f, today: today),
          KithTime.formatDay(seconds: f.lastContact), f.summary.map(topic(of:)) ?? "",
        ])
      }
      print(table.render())
      print("")
      print("Not following someone up? `kith followups dismiss PERSON` stops listing theirs.")
    }
  }

  struct Dismiss: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "dismiss",
      abstract: "Stop listing a person's follow-ups, until your next interaction with them.",
      discussion: """
        Dismissing at a time (--on, else --as-of, else now) hides the follow-ups of that \
        person that exist then: a follow-up date set on an interaction up to then, even one \
        still ahead, and a first meeting up to then (never-followed-up). A later interaction's \
        follow-up date, or a later first meeting, is listed again. `followups`, `plan` and \
        `report` all leave the dismissed ones out; `person show` says when they were \
        dismissed. With nothing to dismiss, nothing is recorded. --undo lists them again. A \
        dismissal is the ego's (--ego): the other egos' follow-ups stay listed.

        Examples:
          kith followups dismiss ann-lee
          kith followups dismiss "Ann Lee" --on 2026-07-01
          kith followups dismiss --undo ann-lee

        JSON: {"schemaVersion", "asOf", "ego", "dismissal": {"handle", "name", "on", \
        "followups"}} (on: the dismissal in force afterwards, null when none; followups: those \
        this command hid, or with --undo those listed again, as `kith followups --json` lists \
        them).
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Whose follow-ups to dismiss.", valueName: "person"))
    var person: String
    @Option(
      help: ArgumentHelp(
        "Dismiss the follow-ups that exist on this date (default: --as-of, else now).",
        valueName: "date"))
    var on: DateArgument?
    @Flag(help: "Remove the dismissal: list the person's follow-ups again.") var undo = false

    func validate() throws {
      if undo && on != nil {
        throw ValidationError(
          "--on dates a dismissal; `kith followups dismiss --undo PERSON` removes it whatever its date."
        )
      }
      // A dismissal hides what exists when it is made: one dated ahead would hide nothing yet.
      if let on, on.date > global.now {
        throw ValidationError(
          "--on \(KithTime.formatHuman(on.date)) is after \(global.asOf == nil ? "today" : "--as-of \(KithTime.formatDay(global.now))"): a dismissal hides the follow-ups that exist when you make it; check the date."
        )
      }
    }

    func run() throws {
      if undo {
        try runUndo()
        return
      }
      let a = try Analysis(global, asOf: recordDate(on, global))
      let p = try resolvePersonOrMe(person, a.store, global)
      if p.id == a.ego.id {
        throw CLIError.rejected(
          "\(p.name) (\(p.handle)) is you: follow-ups are owed to your contacts")
      }
      guard let c = a.snapshot.index(ofPerson: p.id) else {
        throw StoreError.notFound(kind: "person", reference: person, suggestions: [])
      }
      let who = "\(p.name) (\(p.handle))"
      let previous = try a.store.followUpsDismissed(of: p.id, ego: a.ego.id)
      if let previous, previous >= a.asOf {
        reply(
          p, previous, [],
          "\(who): follow-ups already dismissed on \(KithTime.formatDay(previous)); nothing changed.",
          asOf: a.asOf, a.ego)
        return
      }
      // Every follow-up of theirs at that time, even one whose date is still ahead.
      let items = FollowUps.list(in: a.snapshot, ego: a.egoIndex, dueBy: .max).filter {
        $0.person == c
      }
      guard !items.isEmpty else {
        reply(
          p, previous, [],
          "Nothing to dismiss: \(who) has no follow-up as of \(KithTime.formatDay(a.asOf)); nothing recorded.",
          asOf: a.asOf, a.ego)
        return
      }
      try a.store.setFollowUpsDismissed(a.asOf, of: p.id, ego: a.ego.id)
      let option = egoOption(try global.choicesOwner(a.store))
      reply(
        p, a.asOf, items,
        "Dismissed \(Format.count(items.count, "follow-up")) for \(who): \(describe(items, today: a.asOf)). Undo with `kith followups dismiss --undo \(p.handle)\(option)`.",
        asOf: a.asOf, a.ego)
    }

    /// Removes the dismissal, and says what `kith followups` lists for them again.
    func runUndo() throws {
      let store = try global.openStore()
      let ego = try global.resolveEgo(store)
      let p = try resolvePersonOrMe(person, store, global)
      let who = "\(p.name) (\(p.handle))"
      guard let previous = try store.followUpsDismissed(of: p.id, ego: ego.id) else {
        reply(
          p, nil, [], "\(who): no follow-ups dismissed; nothing to undo.", asOf: global.now, ego)
        return
      }
      try store.setFollowUpsDismissed(nil, of: p.id, ego: ego.id)
      let snapshot = try store.snapshot(asOf: global.now, ego: ego.id)
      guard let e = snapshot.index(ofPerson: ego.id), let c = snapshot.index(ofPerson: p.id)
      else { throw StoreError.noEgo }
      let again = FollowUps.list(in: snapshot, ego: e).filter { $0.person == c }
      let listed =
        again.isEmpty
        ? "none is due as of \(KithTime.formatDay(global.now))."
        : "listed again: \(describe(again, today: global.now))."
      reply(
        p, nil, again,
        "\(who): follow-ups no longer dismissed (they were on \(KithTime.formatDay(previous))); \(listed)",
        asOf: global.now, ego)
    }

    /// The follow-ups in a sentence: "due 2026-06-20 (call on 2026-06-10: Seed round)".
    func describe(_ items: [FollowUp], today: Date) -> String {
      let today = KithTime.seconds(today)
      return items.map { f in
        let about = f.summary.map { ": \(Format.shown($0))" } ?? ""
        switch f.reason {
        case .due:
          return
            "due \(dueDay(f, today: today)) (last contact \(KithTime.formatDay(seconds: f.lastContact))\(about))"
        case .neverFollowedUp:
          return
            "never followed up since you met on \(KithTime.formatDay(seconds: f.lastContact))\(about)"
        }
      }.joined(separator: "; ")
    }

    /// `text`, or with --json the dismissal in force for `p` (`on`, the ego's) and `items`,
    /// all of theirs.
    func reply(
      _ p: Person, _ on: Date?, _ items: [FollowUp], _ text: String, asOf: Date, _ ego: Person
    ) {
      guard global.json else {
        print(text)
        return
      }
      Output.json(
        [
          "dismissal": [
            "handle": .string(p.handle), "name": .string(p.name),
            "on": .string(on.map(KithTime.format)),
            "followups": .array(
              items.map { followUpJSON($0, handle: p.handle, name: p.name) }),
          ]
        ], asOf: asOf, ego: ego)
    }
  }
}

/// A follow-up of the person `handle`, `name` as `kith followups --json` lists it.
private func followUpJSON(_ f: FollowUp, handle: String, name: String) -> JSONValue {
  [
    "handle": .string(handle), "name": .string(name),
    "reason": .string(f.reason.rawValue),
    "due": .string(KithTime.format(seconds: f.due)),
    "lastContact": .string(KithTime.format(seconds: f.lastContact)),
    "summary": .string(f.summary),
  ]
}

/// A follow-up's due day, and when it is still ahead of `today` (seconds), in how many days:
/// a new contact's nudge can be.
private func dueDay(_ f: FollowUp, today: Int64) -> String {
  let ahead = KithTime.calendarDays(from: today, to: f.due)
  return KithTime.formatDay(seconds: f.due)
    + (ahead > 0 ? " (in \(Format.count(ahead, "day")))" : "")
}

/// The "you start" cell of a contact's give and take: the initiation share and of how many
/// interactions (those either of you started, which need not be all of them), "–" for none.
func youStart(_ e: ReciprocityEntry) -> String {
  e.initiationShare.map { "\(Int(($0 * 100).rounded()))% of \(e.initiationsKnown)" } ?? "–"
}
