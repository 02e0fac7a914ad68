import ArgumentParser
import Foundation
import KithAnalytics
import KithExport
import KithGraph
import KithStore

/// The cadences, in days, that can be set: a cadence beyond ten years is a typo (an extra
/// zero), and one that long would never bring anyone up anyway.
let cadenceRange = 1...3650

extension Kith {
  struct CadenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "cadence",
      abstract: "Set or show how often to keep in touch with a person, or everyone with a tag.",
      discussion: """
        A person's own cadence beats their tags' cadences; among tags the shortest wins; without \
        either, Kith learns the cadence from your history or uses the tie's Dunbar tier. With a \
        person and no days, it shows the cadence in force for them, where it comes from and \
        where you stand as of --as-of: due again on a day (your last contact plus the \
        cadence), overdue (as `kith neglected` lists them) or lost. A \
        tag nobody carries is refused, as a likely typo, unless --force; `kith tag list` shows \
        the tags in use and `kith tag rename` renames one with its cadence. Cadences are the \
        ego's who set them: with --ego, this sets, clears, lists and shows that person's.

        Examples:
          kith cadence jane-doe             the cadence in force for Jane, and why
          kith cadence jane-doe 30          every 30 days with Jane
          kith cadence --tag family 14      every 14 days with everyone tagged family
          kith cadence --tag family 14 --force   even before anyone is tagged family
          kith cadence --clear jane-doe     forget Jane's cadence
          kith cadence --clear --tag family
          kith cadence --list

        JSON of PERSON alone: {"schemaVersion", "asOf", "ego", "cadence": {"handle", "name", \
        "days", "source", "tag", "onHold", "lastContact", "standing", "overdueRatio", "due"}} \
        (source: explicit, tag, learned or tier; days and source null without a cadence; tag \
        only for a tag's cadence; onHold while you have let the tie go, until you are next in \
        touch; standing: on-track, overdue or lost, null without a cadence, a last contact, or \
        while on hold; due: YYYY-MM-DD, when the cadence runs out). JSON of a change: {"schemaVersion", \
        "asOf", "ego", "cadence": {"person" or "tag", "days", "changed"}} (changed: false when \
        it was so already, as after --clear of a person without a cadence of their own); \
        setting a person's adds "standing", "overdueRatio" and "due" under the new cadence.
        """)

    @OptionGroup var global: GlobalOptions
    // Every input that is not an option of the command, so that `-5` reaches the check of the
    // days (and is refused as not a positive number) instead of being taken for an option.
    @Argument(
      parsing: .allUnrecognized,
      help: ArgumentHelp(
        "PERSON DAYS, PERSON alone (to show it), DAYS with --tag, or PERSON with --clear.",
        valueName: "args"))
    var arguments: [String] = []
    @Option(help: ArgumentHelp("Apply to everyone with this tag.", valueName: "tag")) var tag:
      String?
    @Flag(help: "Remove the cadence instead of setting it.") var clear = false
    @Flag(help: "List the explicit cadences.") var list = false
    @Flag(help: "Set a tag's cadence even though nobody carries the tag yet.") var force = false

    enum Request {
      case list
      case show(String)
      case setPerson(String, Int)
      case setTag(String, Int)
      case clearPerson(String)
      case clearTag(String)
    }

    func request() throws -> Request {
      func days(_ text: String) throws -> Int {
        guard let d = Int(text), cadenceRange.contains(d) else {
          throw ValidationError(
            "'\(text)' is not a positive number of days up to \(cadenceRange.upperBound) (ten years); e.g. `kith cadence jane-doe 30`."
          )
        }
        return d
      }
      // (`--` may still mark the end of the options.)
      let arguments = self.arguments.filter { $0 != "--" }
      if list {
        guard arguments.isEmpty, tag == nil, !clear else {
          throw ValidationError("--list takes no other arguments.")
        }
        return .list
      }
      switch (tag, clear, arguments.count) {
      case (let t?, false, 1): return .setTag(t, try days(arguments[0]))
      case (let t?, true, 0): return .clearTag(t)
      case (nil, true, 1): return .clearPerson(arguments[0])
      case (nil, false, 1): return .show(arguments[0])
      case (nil, false, 2): return .setPerson(arguments[0], try days(arguments[1]))
      default:
        throw ValidationError(
          "Use `kith cadence PERSON [DAYS]`, `kith cadence --tag TAG DAYS`, `kith cadence --clear PERSON|--tag TAG` or `kith cadence --list`."
        )
      }
    }

    func validate() throws {
      let request = try request()
      if force, case .setTag = request {
      } else if force {
        throw ValidationError("--force goes with `--tag TAG DAYS`.")
      }
    }

    func run() throws {
      if case .show(let reference) = try request() {
        try show(reference)
        return
      }
      let store = try global.openStore()
      switch try request() {
      case .show: break
      case .list:
        let owner = try global.choicesOwner(store)
        let people = try store.cadences(ego: owner?.id)
        let tags = try store.tagCadences(ego: owner?.id)
        if global.json {
          Output.json(
            [
              "people": .array(
                people.map {
                  [
                    "handle": .string($0.person.handle), "name": .string($0.person.name),
                    "days": .int($0.days),
                  ]
                }),
              "tags": .array(tags.map { ["tag": .string($0.tag), "days": .int($0.days)] }),
            ], asOf: global.asOf?.date, ego: try global.optionalEgo(store))
          return
        }
        if people.isEmpty && tags.isEmpty {
          print("No explicit cadences; Kith learns them from your history.")
          return
        }
        for (p, days) in people {
          print("\(p.name) (\(p.handle)): every \(Format.count(days, "day"))")
        }
        for t in tags { print("tag \(t.tag): every \(Format.count(t.days, "day"))") }
      case .setPerson(let reference, let days):
        let p = try resolvePersonOrMe(reference, store, global)
        try refuseSelf(p, store)
        let owner = try global.choicesOwner(store)
        let changed = try store.setCadence(days, of: p.id, ego: owner?.id)
        // Where you stand under it, as `kith cadence PERSON` then says; nothing where that
        // cannot be said (a store with no ego yet): the cadence is set whatever follows.
        let a = try? Analysis(global)
        let standing = a.flatMap { a in
          (try? a.index(of: p.handle)).flatMap { Self.standing(of: $0, a) }
        }
        report(
          [
            "person": .string(p.handle), "days": .int(days), "changed": .bool(changed),
            "standing": .string(standing?.status.rawValue),
            "overdueRatio": standing.map { .double($0.overdueRatio) } ?? .null,
            "due": .string(standing.map { KithTime.formatDay(seconds: $0.due) }),
          ],
          "\(p.name): every \(Format.count(days, "day"))\(forOwner(owner))."
            + (standing.map { "\n\($0.text)" } ?? ""), store
        )
      case .setTag(let t, let days):
        if !force, try store.people(taggedWith: t).isEmpty {
          throw try unknownTag(t.lowercased(), store, then: " (add --force to set it anyway)")
        }
        let owner = try global.choicesOwner(store)
        try store.setTagCadence(TagCadence(tag: t, days: days, ego: owner?.id))
        report(
          ["tag": .string(t.lowercased()), "days": .int(days), "changed": true],
          "Everyone tagged \(t.lowercased()): every \(Format.count(days, "day"))\(forOwner(owner)).",
          store)
      case .clearPerson(let reference):
        let p = try resolvePersonOrMe(reference, store, global)
        let owner = try global.choicesOwner(store)
        guard try store.setCadence(nil, of: p.id, ego: owner?.id) else {
          let whose = owner.map { "of \($0.name)'s" } ?? "of your own"
          report(
            ["person": .string(p.handle), "days": .null, "changed": false],
            "\(p.name): no cadence \(whose) to clear; nothing changed.", store)
          return
        }
        report(
          ["person": .string(p.handle), "days": .null, "changed": true],
          "\(p.name): cadence cleared\(forOwner(owner)).", store)
      case .clearTag(let t):
        let owner = try global.choicesOwner(store)
        guard try store.clearTagCadence(tag: t, ego: owner?.id) else {
          throw StoreError.notFound(kind: "tag cadence", reference: t, suggestions: [])
        }
        report(
          ["tag": .string(t.lowercased()), "days": .null, "changed": true],
          "Tag \(t.lowercased()): cadence cleared\(forOwner(owner)).", store)
      }
    }

    /// The cadence in force for a person as of --as-of, and where it comes from.
    func show(_ reference: String) throws {
      let a = try Analysis(global)
      let c = try a.index(of: reference)
      let s = a.snapshot
      let revivals = Revivals(s, ego: a.egoIndex)
      let rank = CadenceModel.tierRanks(s, ego: a.egoIndex, revivals: revivals)[Int(c)]
      // You have no cadence with yourself.
      let cadence =
        c == a.egoIndex
        ? nil : CadenceModel.cadence(of: c, in: s, rank: rank, revivals: revivals)
      // A tie let go keeps its cadence, on hold until the next contact.
      let lastContact = Neglect.lastContact(
        of: c, in: s, exchanges: Neglect.lastExchanges(in: s, ego: a.egoIndex))
      let onHold = Neglect.isLetGo(c, in: s, lastContact: lastContact) ? s.people.letGo(of: c) : nil
      // Where you stand, unless the tie is on hold (that line says why nothing is due).
      let standing = Self.standing(of: c, a)
      if global.json {
        a.json([
          "cadence": [
            "handle": .string(a.handle(c)), "name": .string(a.name(c)),
            "days": cadence.map { .double($0.days) } ?? .null,
            "source": .string(cadence?.source.rawValue),
            "tag": .string(cadence?.tag),
            "onHold": .bool(onHold != nil),
            "lastContact": lastContact.map { .string(KithTime.format(seconds: $0)) } ?? .null,
            "standing": .string(standing?.status.rawValue),
            "overdueRatio": standing.map { .double($0.overdueRatio) } ?? .null,
            "due": .string(standing.map { KithTime.formatDay(seconds: $0.due) }),
          ]
        ])
        return
      }
      let name = a.name(c)
      let handle = a.handle(c)
      let option = egoOption(try global.choicesOwner(a.store))
      // Said after the cadence, whichever line that is.
      defer {
        if let onHold {
          print(
            "On hold: you let this tie go on \(KithTime.formatDay(seconds: onHold)); `neglected` and the plan leave them out until you are next in touch (`kith let-go --undo \(handle)\(option)` takes it back)."
          )
        }
      }
      if c == a.egoIndex {
        print("\(name) (\(handle)) is you: cadences are for keeping in touch with your contacts.")
        return
      }
      guard let cadence else {
        // No rank and no history: someone you have only heard of (a referee, a contact's
        // contact), not a weak tie.
        let since = revivals.revival(of: c, in: s).map {
          " since you reconnected on \(KithTime.formatDay(seconds: $0))"
        }
        let why =
          s.activity.egoInteractions.count(of: c) == 0
          ? "you have no interactions with them yet"
          : "they are not among your 150 strongest ties and you have been in touch on fewer than 3 days\(since ?? "")"
        print("\(name): no cadence; \(why). Set one with `kith cadence \(handle) DAYS\(option)`.")
        return
      }
      // Said after the cadence's line, before the on-hold one.
      defer { if let standing { print(standing.text) } }
      let every = "every \(Format.count(Int(cadence.days.rounded()), "day"))"
      switch cadence.source {
      case .explicit:
        print(
          "\(name): \(every), your setting (`kith cadence --clear \(handle)\(option)` forgets it)."
        )
      case .tag:
        print("\(name): \(every), the cadence of the tag \(cadence.tag ?? "?").")
      case .learned:
        let since =
          cadence.revivedOn.map {
            ", since you reconnected on \(KithTime.formatDay(seconds: $0))"
          } ?? ""
        let lately = CadenceModel.recentGapDays(of: c, in: s, cadence: cadence.days).map {
          " Lately the gaps are longer: every \(Format.count(Int($0.rounded()), "day")) (the median of the last \(CadenceModel.recentGaps))."
        }
        print(
          "\(name): \(every), learned from your history (the median gap between the days you were in touch\(since)).\(lately ?? "") Set one with `kith cadence \(handle) DAYS\(option)`."
        )
      case .tier:
        let none = cadence.revivedOn.map {
          " (no rhythm since you reconnected on \(KithTime.formatDay(seconds: $0)))"
        }
        print(
          "\(name): \(every), \(cadence.origin)\(none ?? ""). Set one with `kith cadence \(handle) DAYS\(option)`."
        )
      }
    }

    /// Where you stand with a contact under a cadence, as `kith neglected` judges it: on
    /// track until the cadence runs out (`due`: the last contact plus the cadence), overdue
    /// once it has (listed by `neglected`), or silent long enough to count as lost.
    struct Standing {
      enum Status: String { case onTrack = "on-track", overdue, lost }
      var status: Status
      var overdueRatio: Double
      var due: Int64
      var text: String

      /// Nil for a contact `neglected` does not judge although the cadence has run out (no
      /// tie: someone you have only exchanged with).
      init?(of c: Int32, cadence: Cadence, lastContact: Int64, in s: NetworkSnapshot, ego: Int32) {
        let now = s.asOfSeconds
        due = lastContact + Int64((cadence.days * 86_400).rounded())
        let ago = KithTime.calendarDays(from: lastContact, to: now)
        let last =
          "Last contact \(KithTime.formatDay(seconds: lastContact)) (\(ago == 0 ? "today" : "\(Format.count(ago, "day")) ago"))"
        if let item = Neglect.neglected(in: s, ego: ego, includeLost: true).first(where: {
          $0.person == c
        }) {
          overdueRatio = item.overdueRatio
          if item.status == .lost {
            status = .lost
            text =
              "\(last): silent long enough to count as lost; `kith neglected --include-lost` lists them."
          } else {
            status = .overdue
            text =
              "\(last): overdue, \(Format.number(item.overdueRatio))× the cadence; `kith neglected` lists them."
          }
          return
        }
        overdueRatio = Double(now - lastContact) / 86_400 / cadence.days
        guard overdueRatio <= 1 else { return nil }
        status = .onTrack
        let days = KithTime.calendarDays(from: now, to: due)
        let when = days == 0 ? "today" : days == 1 ? "tomorrow" : "in \(days) days"
        text = "\(last): due again \(KithTime.formatDay(seconds: due)) (\(when))."
      }
    }

    /// Where you stand with person `c` under the cadence in force for them; nil without a
    /// cadence or a contact, or while the tie is let go.
    static func standing(of c: Int32, _ a: Analysis) -> Standing? {
      let s = a.snapshot
      guard c != a.egoIndex else { return nil }
      let revivals = Revivals(s, ego: a.egoIndex)
      let rank = CadenceModel.tierRanks(s, ego: a.egoIndex, revivals: revivals)[Int(c)]
      guard let cadence = CadenceModel.cadence(of: c, in: s, rank: rank, revivals: revivals),
        let lastContact = Neglect.lastContact(
          of: c, in: s, exchanges: Neglect.lastExchanges(in: s, ego: a.egoIndex)),
        !Neglect.isLetGo(c, in: s, lastContact: lastContact)
      else { return nil }
      return Standing(of: c, cadence: cadence, lastContact: lastContact, in: s, ego: a.egoIndex)
    }

    /// Whose cadence a change was, for an ego other than the store's: " for Ben Brooks".
    func forOwner(_ owner: Person?) -> String {
      owner.map { " for \($0.name)" } ?? ""
    }

    /// A cadence is how often to keep in touch with someone else.
    func refuseSelf(_ p: Person, _ store: KithStore) throws {
      if try global.resolveEgo(store).id == p.id {
        throw CLIError.rejected(
          "\(p.name) (\(p.handle)) is you: a cadence is for keeping in touch with your contacts")
      }
    }

    func report(_ fields: [String: JSONValue], _ text: String, _ store: KithStore) {
      if global.json {
        Output.json(
          ["cadence": .object(fields)], asOf: global.asOf?.date, ego: try? global.optionalEgo(store)
        )
      } else {
        print(text)
      }
    }
  }
}

extension Cadence {
  /// Where the cadence comes from, in words: learned, explicit, tag, or for a tier the layer
  /// whose default it is ("the default for your 5 closest ties").
  var origin: String {
    layer.map { "the default for your \($0) closest ties" } ?? source.rawValue
  }
}
