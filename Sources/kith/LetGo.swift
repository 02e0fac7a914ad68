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
        `neglected`, `dormant` and the plan's reconnect, revive and give-first items, and \
        stops the never-followed-up nudge for someone met once. Follow-up dates you set and \
        referrals you owe are still listed: those are promises. Nothing is deleted: their \
        history, strength and paths through them stay. Your next contact with them (an \
        interaction, or an exchange either way) makes the tie live again, and the record says \
        so in --list. --undo forgets it. The record is the ego's (--ego).

        Examples:
          kith let-go old-client --reason "moved to another industry"
          kith let-go "Ann Lee" --on 2026-07-01
          kith let-go --undo old-client
          kith let-go --list

        JSON of a change: {"schemaVersion", "asOf", "ego", "letGo": {"handle", "name", "on", \
        "reason", "lastContact", "changed"}} (on and reason: the record afterwards, null when \
        none; changed: false when it was so already). JSON of --list: {"schemaVersion", \
        "asOf", "ego", "letGo": [{"handle", "name", "on", "reason", "lastContact", \
        "status"}]} (status: let-go, or back-in-touch after a later contact).
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The person whose tie to let go.", valueName: "person"))
    var person: String?
    @Option(
      help: ArgumentHelp(
        "Let the tie go as of this date (default: --as-of, else now).", valueName: "date"))
    var on: DateArgument?
    @Option(help: ArgumentHelp("Why, in your words (one line).", valueName: "text"))
    var reason: String?
    @Flag(help: "Forget that the tie was let go: remind you of them again.") var undo = false
    @Flag(help: "List the ties you let go.") var list = false

    func validate() throws {
      if list {
        guard person == nil, on == nil, reason == nil, !undo else {
          throw ValidationError("--list takes no other arguments.")
        }
        return
      }
      guard person != nil else {
        throw ValidationError(
          "Name the person: `kith let-go PERSON`, `kith let-go --undo PERSON` or `kith let-go --list`."
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
      } else if undo {
        try runUndo()
      } else {
        try runLetGo()
      }
    }

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
      let previous = try a.store.letGo(of: p.id, ego: a.ego.id)
      // Already let go, with no contact since: only a new reason changes it.
      if let previous, (last ?? .min) <= KithTime.seconds(previous.time),
        reason == nil || KithStore.label(reason ?? "") == previous.reason
      {
        reply(
          p, previous, last, changed: false,
          "\(who): already let go on \(KithTime.formatDay(previous.time)); nothing changed.", a)
        return
      }
      let keptReason =
        reason ?? previous.flatMap { (last ?? .min) <= KithTime.seconds($0.time) ? $0.reason : nil }
      let time =
        previous.flatMap { (last ?? .min) <= KithTime.seconds($0.time) ? $0.time : nil } ?? on
      try a.store.setLetGo(time, reason: keptReason, of: p.id, ego: a.ego.id)
      let record = try a.store.letGo(of: p.id, ego: a.ego.id)
      let option = egoOption(try global.choicesOwner(a.store))
      let since = last.map { ", last in touch on \(KithTime.formatDay(seconds: $0))" } ?? ""
      reply(
        p, record, last, changed: true,
        "Let go of your tie to \(who)\(since): `neglected`, `dormant` and `plan` leave them out until you are next in touch. Undo with `kith let-go --undo \(p.handle)\(option)`.",
        a)
    }

    func runUndo() throws {
      let a = try Analysis(global, asOf: global.now)
      let p = try resolvePersonOrMe(person ?? "", a.store, global)
      let who = "\(p.name) (\(p.handle))"
      guard let previous = try a.store.letGo(of: p.id, ego: a.ego.id) else {
        reply(p, nil, nil, changed: false, "\(who): not let go; nothing to undo.", a)
        return
      }
      try a.store.setLetGo(nil, of: p.id, ego: a.ego.id)
      let last = a.snapshot.index(ofPerson: p.id).flatMap {
        Neglect.lastContact(
          of: $0, in: a.snapshot, exchanges: Neglect.lastExchanges(in: a.snapshot, ego: a.egoIndex))
      }
      reply(
        p, nil, last, changed: true,
        "\(who): no longer let go (it was on \(KithTime.formatDay(previous.time))); `neglected`, `dormant` and `plan` list them again when they are due.",
        a)
    }

    func runList() throws {
      let a = try Analysis(global, asOf: global.now)
      let records = try a.store.tiesLetGo(ego: a.ego.id)
      let exchanges = Neglect.lastExchanges(in: a.snapshot, ego: a.egoIndex)
      let rows = records.compactMap { r -> (TieLetGo, Int32, Int64?)? in
        guard let c = a.snapshot.index(ofPerson: r.person) else { return nil }
        return (r, c, Neglect.lastContact(of: c, in: a.snapshot, exchanges: exchanges))
      }
      func back(_ r: TieLetGo, _ last: Int64?) -> Bool {
        (last ?? .min) > KithTime.seconds(r.time)
      }
      if global.json {
        a.json([
          "letGo": .array(
            rows.map { r, c, last in
              [
                "handle": .string(a.handle(c)), "name": .string(a.name(c)),
                "on": .string(KithTime.format(r.time)), "reason": .string(r.reason),
                "lastContact": .string(last.map { KithTime.format(seconds: $0) }),
                "status": .string(back(r, last) ? "back-in-touch" : "let-go"),
              ]
            })
        ])
        return
      }
      if rows.isEmpty {
        print("No ties let go. `kith let-go PERSON` stops the reminders to keep up a tie.")
        return
      }
      var table = TextTable(["NAME", "LET GO", "LAST CONTACT", "STATUS", "REASON"])
      let names = TableNames(a.snapshot, listing: rows.map(\.1))
      for (r, c, last) in rows {
        table.add([
          names(c), KithTime.formatDay(r.time),
          last.map { KithTime.formatDay(seconds: $0) } ?? "–",
          back(r, last) ? "back in touch" : "let go", r.reason.map(Format.shown) ?? "",
        ])
      }
      print(table.render())
      if rows.contains(where: { back($0.0, $0.2) }) {
        print("")
        print(
          "Back in touch: a contact after the tie was let go made it live again; `kith let-go --undo PERSON` clears the record."
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
      a.json([
        "letGo": [
          "handle": .string(p.handle), "name": .string(p.name),
          "on": .string(record.map { KithTime.format($0.time) }),
          "reason": .string(record?.reason),
          "lastContact": .string(last.map { KithTime.format(seconds: $0) }),
          "changed": .bool(changed),
        ]
      ])
    }
  }
}
