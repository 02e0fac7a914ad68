import ArgumentParser
import Foundation
import KithAnalytics
import KithExport
import KithGraph
import KithStore

extension Kith {
  struct LetGo: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "let-go",
      abstract: "Stop being reminded to keep up a tie, until you are next in touch.",
      discussion: """
        Some ties end on purpose: a client who moved on, a colleague from a job long gone. \
        Letting one go (as of --on, else --as-of, else now) takes the person out of \
        `neglected`, `dormant` and the plan's reconnect, revive and give-first items, stops \
        the never-followed-up nudge for someone met once, and makes them nobody to ask for an \
        introduction (`beyond`, `brokers` and the plan do not; `intro` lists paths through \
        them last; `intro`, `path` and `brief` mark them "reconnect first: … you let this tie \
        go on …"). Follow-up dates you set and \
        referrals you owe are still listed: those are promises. Nothing is deleted: their \
        history and strength stay. A contact dated after the let-go (an interaction, or an \
        exchange either way) makes the tie live again, and `log`, `give` and `refer` say so, \
        as `edit`, `remove`, `import` and `merge` say which ties they bring back or let go \
        again (every ego's; JSON letGoChanges); one dated earlier, even on the same day, does \
        not (give the time, or --undo). The reason keeps its line breaks. A tie let go \
        again starts a new record; every one is kept, so that a month replayed with --as-of \
        is as it was. Letting go a tie that is let go already changes its day (--on) or its \
        reason (--reason). --tag lets go of everyone with a tag at once, but for those let \
        go already or in touch after --on. --undo forgets the latest record. The records are \
        the ego's (--ego).

        Examples:
          kith let-go old-client --reason "moved to another industry"
          kith let-go "Ann Lee" --on 2026-07-01
          kith let-go old-client --reason "retired"     (changes the reason)
          kith let-go --tag placed --reason "placed"      (everyone tagged placed)
          kith let-go --undo old-client
          kith let-go --list

        JSON of a change: {"schemaVersion", "asOf", "ego", "letGo": {"handle", "name", "on", \
        "reason", "lastContact", "status", "changed"}} (on, reason and status: the latest \
        record afterwards, null when none; changed: false when it was so already; with \
        --tag, "letGo" is a list of these, one for each person with the tag). JSON of \
        --list: {"schemaVersion", "asOf", "ego", "letGo": [{"handle", "name", "on", "reason", \
        "lastContact", "status"}]} (each person's latest record by --as-of; status: let-go, or \
        back-in-touch after a later contact).
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The person whose tie to let go.", valueName: "person"))
    var person: String?
    @Option(
      help: ArgumentHelp(
        "Let the tie go as of this date (default: --as-of, else now).", valueName: "date"))
    var on: DateArgument?
    @Option(help: ArgumentHelp("Why, in your words.", valueName: "text"))
    var reason: String?
    @Option(
      help: ArgumentHelp(
        "Let go of everyone with this tag instead of one person (you excepted).", valueName: "tag"))
    var tag: String?
    @Flag(help: "Forget that the tie was let go: remind you of them again.") var undo = false
    @Flag(help: "List the ties you let go.") var list = false

    func validate() throws {
      if list {
        guard person == nil, on == nil, reason == nil, tag == nil, !undo else {
          throw ValidationError("--list takes no other arguments.")
        }
        return
      }
      if tag != nil {
        guard person == nil, !undo else {
          throw ValidationError(
            "--tag lets go of everyone with the tag: name no person, and undo one at a time with `kith let-go --undo PERSON`."
          )
        }
      } else if person == nil {
        throw ValidationError(
          "Name the person: `kith let-go PERSON`, `kith let-go --tag TAG`, `kith let-go --undo PERSON` or `kith let-go --list`."
        )
      }
      if undo && (on != nil || reason != nil) {
        throw ValidationError(
          "--undo forgets the tie let go, whatever its date and reason: leave out --on and --reason."
        )
      }
      if let on, on.date > global.now {
        throw ValidationError(
          "--on \(KithTime.formatHuman(on.date)) is after \(global.asOf == nil ? "today" : "--as-of \(KithTime.formatDay(global.now))"): a tie is let go as of a day that has come; check the date."
        )
      }
      try checkRecordDate(on, global)
      if let reason, KithStore.label(reason).isEmpty {
        throw ValidationError("--reason is empty; leave it out, or say why in a few words.")
      }
    }

    func run() throws {
      if list {
        try runList()
      } else if let tag {
        try runTag(tag)
      } else if undo {
        try runUndo()
      } else {
        try runLetGo()
      }
    }

    /// What a tie let go is spared, for the replies.
    static let spared =
      "`neglected`, `dormant` and the plan's reminders leave them out until you are next in touch (follow-ups you set and referrals you owe stay)"

    func runLetGo() throws {
      let on = recordDate(self.on, global)
      let a = try Analysis(global, asOf: global.now)
      let p = try resolvePersonOrMe(person ?? "", a.store, global)
      if p.id == a.ego.id {
        throw CLIError.rejected("\(p.name) (\(p.handle)) is you: a tie is with someone else")
      }
      guard let c = a.snapshot.index(ofPerson: p.id) else {
        throw StoreError.notFound(kind: "person", reference: person ?? "", suggestions: [])
      }
      let who = "\(p.name) (\(p.handle))"
      let last = Neglect.lastContact(
        of: c, in: a.snapshot, exchanges: Neglect.lastExchanges(in: a.snapshot, ego: a.egoIndex))
      if let last, last > KithTime.seconds(on) {
        throw CLIError.rejected(
          "your last contact with \(who) was on \(KithTime.formatDay(seconds: last)), after --on \(KithTime.formatDay(on)): a tie is let go after the last contact; leave out --on, or give a later date"
        )
      }
      let option = egoOption(try global.choicesOwner(a.store))
      let current = try a.store.letGo(of: p.id, ego: a.ego.id, asOf: a.asOf)
      // Let go already, with no contact since: --on moves the day, --reason changes the reason.
      if let current, current.holds(lastContact: last) {
        let time = self.on == nil ? current.time : on
        let reason = self.reason.map { KithStore.letGoReason($0) } ?? current.reason
        var changes: [String] = []
        if time != current.time {
          changes.append(
            "let go on \(KithTime.formatDay(time)) (was \(KithTime.formatDay(current.time)))")
        }
        if reason != current.reason {
          let was = current.reason.map { "“\(Format.sentence($0))”" } ?? "none"
          changes.append("reason “\(Format.sentence(reason ?? ""))” (was \(was))")
        }
        guard !changes.isEmpty else {
          reply(
            p, current, last, changed: false,
            "\(who): already let go on \(KithTime.formatDay(current.time)); nothing changed (--on moves the day, --reason changes the reason).",
            a)
          return
        }
        try a.store.letGo(time, reason: reason, of: p.id, ego: a.ego.id, replacing: current.time)
        reply(
          p, try a.store.letGo(of: p.id, ego: a.ego.id, asOf: a.asOf), last, changed: true,
          "\(who): \(changes.joined(separator: ", ")).", a)
        return
      }
      try a.store.letGo(on, reason: reason, of: p.id, ego: a.ego.id)
      let since =
        last.map { "your tie to \(who), last in touch on \(KithTime.formatDay(seconds: $0))" }
        ?? "\(who), with whom you have no contact recorded"
      reply(
        p, try a.store.letGo(of: p.id, ego: a.ego.id, asOf: a.asOf), last, changed: true,
        "Let go of \(since): \(Self.spared). Undo with `kith let-go --undo \(p.handle)\(option)`.",
        a)
    }

    /// Lets go of everyone with `tag` whose tie is not let go already and who has had no contact
    /// after --on.
    func runTag(_ tag: String) throws {
      let on = recordDate(self.on, global)
      let a = try Analysis(global, asOf: global.now)
      let tagged = try a.store.people(taggedWith: tag).filter { $0.id != a.ego.id }
      guard !tagged.isEmpty else {
        throw CLIError.rejected(
          "nobody but you carries the tag '\(KithStore.tagKey(tag))'; `kith tag list` shows the tags in use"
        )
      }
      let exchanges = Neglect.lastExchanges(in: a.snapshot, ego: a.egoIndex)
      var done: [String] = []
      var already: [String] = []
      var inTouch: [String] = []
      var rows: [JSONValue] = []
      for p in tagged {
        guard let c = a.snapshot.index(ofPerson: p.id) else { continue }
        let last = Neglect.lastContact(of: c, in: a.snapshot, exchanges: exchanges)
        let current = try a.store.letGo(of: p.id, ego: a.ego.id, asOf: a.asOf)
        var changed = false
        if let current, current.holds(lastContact: last) {
          already.append(p.name)
        } else if let last, last > KithTime.seconds(on) {
          inTouch.append(p.name)
        } else {
          try a.store.letGo(on, reason: reason, of: p.id, ego: a.ego.id)
          done.append(p.name)
          changed = true
        }
        let record = try a.store.letGo(of: p.id, ego: a.ego.id, asOf: a.asOf)
        rows.append(letGoJSON(handle: p.handle, name: p.name, record, last, changed: changed))
      }
      if global.json {
        a.json(["letGo": .array(rows)])
        return
      }
      let key = KithStore.tagKey(tag)
      var lines = [
        done.isEmpty
          ? "Nobody tagged \(key) to let go."
          : "Let go of \(Format.count(done.count, "tie")) tagged \(key): \(done.joined(separator: ", ")). \(Self.spared.prefix(1).uppercased())\(Self.spared.dropFirst())."
      ]
      if !already.isEmpty {
        let unchanged =
          reason != nil || self.on != nil
          ? " (their records are unchanged: `kith let-go PERSON --reason …` changes one)" : ""
        lines.append("Already let go: \(already.joined(separator: ", "))\(unchanged).")
      }
      if !inTouch.isEmpty {
        lines.append(
          "Not let go, in touch after \(KithTime.formatDay(on)): \(inTouch.joined(separator: ", "))."
        )
      }
      if !done.isEmpty {
        lines.append(
          "Undo one with `kith let-go --undo PERSON\(egoOption(try global.choicesOwner(a.store)))`."
        )
      }
      for line in lines { print(line) }
    }

    func runUndo() throws {
      let a = try Analysis(global, asOf: global.now)
      let p = try resolvePersonOrMe(person ?? "", a.store, global)
      let who = "\(p.name) (\(p.handle))"
      let last = a.snapshot.index(ofPerson: p.id).flatMap {
        Neglect.lastContact(
          of: $0, in: a.snapshot, exchanges: Neglect.lastExchanges(in: a.snapshot, ego: a.egoIndex))
      }
      guard let current = try a.store.letGo(of: p.id, ego: a.ego.id, asOf: a.asOf) else {
        reply(p, nil, last, changed: false, "\(who): not let go; nothing to undo.", a)
        return
      }
      try a.store.forgetLetGo(at: current.time, of: p.id, ego: a.ego.id)
      let after = try a.store.letGo(of: p.id, ego: a.ego.id, asOf: a.asOf)
      let day = KithTime.formatDay(current.time)
      if let after, after.holds(lastContact: last) {
        // An earlier record, with no contact since, still holds.
        reply(
          p, after, last, changed: true,
          "\(who): forgot that you let the tie go on \(day); it is still let go since \(KithTime.formatDay(after.time)) (`kith let-go --undo \(p.handle)` again forgets that too).",
          a)
      } else if let last, !current.holds(lastContact: last) {
        reply(
          p, after, last, changed: true,
          "\(who): forgot that you let the tie go on \(day); you were back in touch on \(KithTime.formatDay(seconds: last)) anyway.",
          a)
      } else {
        reply(
          p, after, last, changed: true,
          "\(who): no longer let go (it was on \(day)); `neglected`, `dormant` and `plan` remind you of them again when they are due.",
          a)
      }
    }

    func runList() throws {
      let a = try Analysis(global, asOf: global.now)
      let asOf = KithTime.seconds(a.asOf)
      // The latest record of each person by then.
      var latest: [Int64: TieLetGo] = [:]
      for r in try a.store.tiesLetGo(ego: a.ego.id) where KithTime.seconds(r.time) <= asOf {
        latest[r.person] = r
      }
      let exchanges = Neglect.lastExchanges(in: a.snapshot, ego: a.egoIndex)
      let rows = latest.values.compactMap { r -> (TieLetGo, Int32, Int64?)? in
        guard let c = a.snapshot.index(ofPerson: r.person) else { return nil }
        return (r, c, Neglect.lastContact(of: c, in: a.snapshot, exchanges: exchanges))
      }.sorted {
        $0.0.time != $1.0.time ? $0.0.time > $1.0.time : a.handle($0.1) < a.handle($1.1)
      }
      if global.json {
        a.json([
          "letGo": .array(
            rows.map { r, c, last in
              letGoJSON(handle: a.handle(c), name: a.name(c), r, last, changed: nil)
            })
        ])
        return
      }
      if rows.isEmpty {
        print("No ties let go. `kith let-go PERSON` stops the reminders to keep up a tie.")
        return
      }
      var table = TextTable(["NAME", "LET GO", "LAST CONTACT", "STATUS", "REASON"])
      let names = TableNames(a.snapshot)
      for (r, c, last) in rows {
        table.add([
          names(c), KithTime.formatDay(r.time),
          last.map { KithTime.formatDay(seconds: $0) } ?? "–",
          r.holds(lastContact: last) ? "let go" : "back in touch",
          r.reason.map(Format.sentence) ?? "",
        ])
      }
      print(table.render())
      if rows.contains(where: { !$0.0.holds(lastContact: $0.2) }) {
        print("")
        print(
          "Back in touch: a contact after the tie was let go made it live again; `kith let-go PERSON` lets it go again."
        )
      }
    }

    /// `text`, or with --json the record in force for `p` afterwards.
    func reply(
      _ p: Person, _ record: TieLetGo?, _ last: Int64?, changed: Bool, _ text: String,
      _ a: Analysis
    ) {
      guard global.json else {
        print(text)
        return
      }
      a.json(["letGo": letGoJSON(handle: p.handle, name: p.name, record, last, changed: changed)])
    }
  }
}

/// A person's latest tie-let-go record as `kith let-go --json` gives it: {"handle", "name", "on",
/// "reason", "lastContact", "status", "changed"} ("changed" only for a change, not in --list).
private func letGoJSON(
  handle: String, name: String, _ record: TieLetGo?, _ last: Int64?, changed: Bool?
) -> JSONValue {
  var fields: [String: JSONValue] = [
    "handle": .string(handle), "name": .string(name),
    "on": .string(record.map { KithTime.format($0.time) }),
    "reason": .string(record?.reason),
    "lastContact": .string(last.map { KithTime.format(seconds: $0) }),
    "status": .string(record.map { $0.holds(lastContact: last) ? "let-go" : "back-in-touch" }),
  ]
  if let changed { fields["changed"] = .bool(changed) }
  return .object(fields)
}

/// The ego's latest record of letting a tie go, as `brief` and `person show` describe it.
struct LetGoStanding {
  let record: TieLetGo
  /// The first contact after the record (seconds), which made the tie live again; nil while
  /// the record holds.
  let backSince: Int64?

  /// The standing of `record` for the tie of `ego` to `person` in `snapshot`; nil without a
  /// record.
  init?(_ record: TieLetGo?, person: Int32?, ego: Int32?, in snapshot: NetworkSnapshot) {
    guard let record else { return nil }
    self.record = record
    backSince = person.flatMap { c in
      ego.flatMap { e in
        Neglect.firstContact(of: c, after: KithTime.seconds(record.time), in: snapshot, ego: e)
      }
    }
  }

  /// ": “the reason”", or nothing without one.
  var why: String { record.reason.map { ": “\(Format.sentence($0))”" } ?? "" }

  /// {"on", "reason", "status"}.
  var json: JSONValue {
    [
      "on": .string(KithTime.format(record.time)), "reason": .string(record.reason),
      "status": .string(backSince == nil ? "let-go" : "back-in-touch"),
    ]
  }
}

/// What a change to the records did to the ties let go (`LetGoStandings.changes(to:)`), as
/// every command that records, edits, removes, imports or merges contacts reports it: a line
/// for each tie in text, and `letGoChanges` in JSON (always there, empty when nothing). Each
/// ego's ties are covered, the ego named when it is not the one the command acts for.
struct LetGoNotes {
  /// The changes, the acting ego's first, then by ego and person.
  let changes: [LetGoChange]
  private let people: [Int64: Person]
  /// The ego the command acts for (--ego, else the store's): "you" in the lines.
  private let acting: Int64?
  /// The store's ego, for whom a suggested command needs no --ego.
  private let storeEgo: Int64?

  init(_ changes: [LetGoChange], _ store: KithStore, _ global: GlobalOptions) throws {
    // Nothing to name without a change.
    storeEgo = changes.isEmpty ? nil : try store.ego()?.id
    acting = changes.isEmpty ? nil : try global.optionalEgo(store)?.id
    var people: [Int64: Person] = [:]
    for c in changes {
      for id in [c.ego, c.record.person] where people[id] == nil {
        people[id] = try store.person(id: id)
      }
    }
    self.people = people
    let acting = self.acting
    func name(_ id: Int64) -> String { people[id]?.name ?? "" }
    self.changes = changes.sorted {
      ($0.ego != acting ? 1 : 0, name($0.ego), name($0.record.person), $0.record.person)
        < ($1.ego != acting ? 1 : 0, name($1.ego), name($1.record.person), $1.record.person)
    }
  }

  /// [{"person", "ego", "letGoOn", "reason", "change", "contact"}]: handles, the record's time
  /// and reason, back-in-touch, stays-let-go or let-go-again, and the contact that brought
  /// the tie back (or dated the day it was let go, not after); null for let-go-again.
  var json: JSONValue {
    .array(
      changes.map { c in
        [
          "person": .string(people[c.record.person]?.handle),
          "ego": .string(people[c.ego]?.handle),
          "letGoOn": .string(KithTime.format(c.record.time)),
          "reason": .string(c.record.reason), "change": .string(c.kind.rawValue),
          "contact": .string(c.contact.map(KithTime.format)),
        ]
      })
  }

  private func who(_ id: Int64) -> String {
    people[id].map { "\($0.name) (\($0.handle))" } ?? "#\(id)"
  }

  /// ` --ego HANDLE` for a command about `ego`'s ties; nothing for the store's ego.
  private func option(_ ego: Int64) -> String {
    ego == storeEgo ? "" : " --ego \(people[ego]?.handle ?? "")"
  }

  /// One line for each change, for a command that changed a few contacts.
  var lines: [String] {
    changes.map { c in
      let mine = c.ego == acting
      let who = who(c.record.person)
      let handle = people[c.record.person]?.handle ?? ""
      let day = KithTime.formatDay(c.record.time)
      let why = c.record.reason.map { " (“\(Format.sentence($0))”)" } ?? ""
      let ego = self.who(c.ego)
      let option = option(c.ego)
      switch c.kind {
      case .backInTouch:
        return mine
          ? "Back in touch with \(who), whose tie you let go on \(day)\(why): the reminders to keep it up are back. `kith let-go \(handle)\(option)` lets it go again."
          : "\(ego) is back in touch with \(who), whose tie they let go on \(day)\(why): their reminders to keep it up are back. `kith let-go \(handle)\(option)` lets it go again."
      case .staysLetGo:
        let dated = c.contact.map { KithTime.formatHuman($0) } ?? day
        let at = KithTime.formatHuman(c.record.time)
        return mine
          ? "\(who): this contact is dated \(dated), not after you let the tie go (\(at)), so the tie stays let go. Back in touch? Give the contact's time with --on, or `kith let-go --undo \(handle)\(option)`."
          : "\(who): this contact is dated \(dated), not after \(ego) let the tie go (\(at)), so it stays let go for them. Back in touch? Give the contact's time with --on, or `kith let-go --undo \(handle)\(option)`."
      case .letGoAgain:
        return mine
          ? "Let go again: no contact with \(who) is left after you let the tie go on \(day)\(why), so the reminders to keep it up stop until you are next in touch. `kith let-go --undo \(handle)\(option)` brings them back."
          : "Let go again for \(ego): no contact with \(who) is left after they let the tie go on \(day)\(why), so their reminders to keep it up stop until they are next in touch. `kith let-go --undo \(handle)\(option)` brings them back."
      }
    }
  }

  /// A line for each kind of change, with how many ties and the first few names, for an
  /// import, which may change many.
  func summary(dryRun: Bool) -> [String] {
    let labels: [(LetGoChange.Kind, String, String)] = [
      (.backInTouch, "Back in touch", "Would be back in touch"),
      (
        .letGoAgain, "Let go again (no contact left after the let-go)",
        "Would be let go again (no contact left after the let-go)"
      ),
      (
        .staysLetGo, "Still let go (a contact dated the day of the let-go, not after it)",
        "Would stay let go (a contact dated the day of the let-go, not after it)"
      ),
    ]
    return labels.compactMap { kind, done, would in
      let names = changes.filter { $0.kind == kind }.map { c in
        let name = people[c.record.person]?.name ?? "#\(c.record.person)"
        return c.ego == acting ? name : "\(name) (for \(people[c.ego]?.name ?? "#\(c.ego)"))"
      }
      guard !names.isEmpty else { return nil }
      let shown = names.count > 6 ? Array(names.prefix(5)) + ["\(names.count - 5) more"] : names
      return
        "\(dryRun ? would : done): \(Format.count(names.count, "tie")) let go: \(Format.list(shown))."
    }
  }
}
