import ArgumentParser
import Foundation
import KithExport
import KithGraph
import KithStore

extension Kith {
  struct PersonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "person",
      abstract: "Add, edit, list, show and remove people.",
      subcommands: [Add.self, Edit.self, List.self, Show.self, Remove.self])
  }
}

/// Options shared by `person add` and `person edit` for the list-valued fields.
struct PersonFieldOptions: ParsableArguments {
  @Option(
    name: .customLong("alias"),
    help: ArgumentHelp("Another name they go by (repeatable).", valueName: "name"))
  var aliases: [String] = []
  @Option(
    name: .customLong("email"),
    help: ArgumentHelp("An email address (repeatable).", valueName: "address"))
  var emails: [String] = []
  @Option(
    name: .customLong("phone"),
    help: ArgumentHelp("A phone number (repeatable).", valueName: "number"))
  var phones: [String] = []
  @Option(
    name: .customLong("url"), help: ArgumentHelp("A profile URL (repeatable).", valueName: "url"))
  var urls: [String] = []
  @Option(
    name: .customLong("tag"),
    help: ArgumentHelp(
      "A tag such as alumni or family (repeatable; commas separate several: --tag alumni,family).",
      valueName: "tag"))
  var tags: [String] = []
  @Option(
    name: .customLong("interest"),
    help: ArgumentHelp("Something they care about (repeatable).", valueName: "topic"))
  var interests: [String] = []
  @Option(
    parsing: .unconditional,
    help: ArgumentHelp("Keep in touch every this many days.", valueName: "days"))
  var cadence: Int?

  func validate() throws {
    if let cadence, !cadenceRange.contains(cadence) {
      throw ValidationError(
        "--cadence must be a positive number of days up to \(cadenceRange.upperBound) (ten years), e.g. --cadence 30."
      )
    }
    try refuseEmptyTags(tags, option: "--tag")
  }

  /// Refuses an --email, --phone or --url that is clearly not one (a typo, or text given to the
  /// wrong option), before anything is written: imports are more lenient, as a source's odd
  /// values are its own, but what is typed by hand can be asked again.
  func checkValues() throws {
    for alias in aliases { try refuseTypedName(alias, field: "alias") }
    for email in emails where !FieldCheck.isEmail(email) {
      throw CLIError.rejected("--email '\(email)' is not an email address, e.g. jane@example.com")
    }
    for phone in phones where !FieldCheck.isPhone(phone) {
      throw CLIError.rejected(
        "--phone '\(phone)' is not a phone number: digits, with + ( ) - . / or spaces and an extension such as x123"
      )
    }
    for url in urls where !FieldCheck.isURL(url) {
      throw CLIError.rejected(
        "--url '\(url)' is not a web address, e.g. https://example.com/jane or linkedin.com/in/jane"
      )
    }
  }

  func apply(to person: inout Person) {
    person.aliases += aliases
    person.emails += emails
    person.phones += phones
    person.urls += urls
    person.tags += splitTags(tags)
    person.interests += interests
  }

  /// Sets --cadence for `owner` (`GlobalOptions.choicesOwner`, nil: you); returns whether it
  /// changed.
  func applyCadence(to person: Person, owner: Person?, _ store: KithStore) throws -> Bool {
    guard let cadence else { return false }
    return try store.setCadence(cadence, of: person.id, ego: owner?.id)
  }

  /// Refuses an --email that already names someone other than `person` (nil: a person not yet
  /// added): an address then matches several people, and every command given it, every import
  /// of that person's mail, would have to ask which. `sameRecord` says what to do instead.
  func checkEmailsUnused(
    by person: Person?, _ store: KithStore, sameRecord: (Person) -> String
  ) throws {
    for email in emails {
      let others = try store.people(withEmail: email).filter { $0.id != person?.id }
      guard let other = others.first else { continue }
      throw CLIError.rejected(
        "\(TextKey.trimmed(email)) is already the email of \(other.name) (\(other.handle)); \(sameRecord(other))"
      )
    }
  }
}

extension Kith.PersonCommand {
  struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "add",
      abstract: "Add a person.",
      discussion: """
        The handle is derived from the name (Jane Doe → jane-doe, then jane-doe-2) unless \
        given with --handle.

        Example:
          kith person add "Jane Doe" --email jane@example.com --tag alumni --cadence 30
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Their name as you would write it.") var name: String
    @Option(
      help: ArgumentHelp(
        "A handle to use instead of one derived from the name.", valueName: "handle"))
    var handle: String?
    @OptionGroup var fields: PersonFieldOptions

    func run() throws {
      let store = try global.openStore()
      try refuseReservedHandle(handle)
      try refuseTypedName(name, field: "name")
      try fields.checkValues()
      var person = Person(handle: handle ?? "", name: name)
      try fields.checkEmailsUnused(by: nil, store) { other in
        "if \(name) is \(other.name), add to that record instead, e.g. `kith person edit \(other.handle) --alias \"\(name)\"`"
      }
      fields.apply(to: &person)
      let owner = try global.choicesOwner(store)
      let namesakes = try store.people(named: name)
      var stored = try store.addPerson(person)
      if try fields.applyCadence(to: stored, owner: owner, store) {
        stored = try store.people([store.person(id: stored.id)], seenBy: owner?.id)[0]
      }
      try noteNamesakes(namesakes, of: stored, ego: store.ego())
      if handle == nil { noteNamedMe(stored) }
      if global.json {
        Output.json(
          ["person": personJSON(stored)], asOf: global.asOf?.date,
          ego: try global.optionalEgo(store))
      } else {
        print("Added \(stored.name) (\(stored.handle)).")
      }
    }
  }

  struct Edit: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "edit",
      abstract: "Change a person's name, handle or details.",
      discussion: """
        List options add to what is there; --untag, --remove-email, --remove-alias, \
        --remove-phone, --remove-url, --remove-interest and --clear-cadence remove. Removing \
        what they do not have is refused, and nothing is written.

        Examples:
          kith person edit jane-doe --name "Jane Doe-Smith" --tag mentor
          kith person edit jane-doe --remove-alias "JD" --untag alumni
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The person: handle, name, alias or email.") var person: String
    @Option(help: ArgumentHelp("A new name.", valueName: "name")) var name: String?
    @Option(help: ArgumentHelp("A new handle.", valueName: "handle")) var handle: String?
    @OptionGroup var fields: PersonFieldOptions
    @Option(help: ArgumentHelp("Remove a tag (repeatable).", valueName: "tag")) var untag:
      [String] = []
    @Option(
      name: .customLong("remove-email"),
      help: ArgumentHelp("Remove an email (repeatable).", valueName: "address"))
    var removeEmails: [String] = []
    @Option(
      name: .customLong("remove-alias"),
      help: ArgumentHelp("Remove an alias (repeatable).", valueName: "name"))
    var removeAliases: [String] = []
    @Option(
      name: .customLong("remove-phone"),
      help: ArgumentHelp("Remove a phone number (repeatable).", valueName: "number"))
    var removePhones: [String] = []
    @Option(
      name: .customLong("remove-url"),
      help: ArgumentHelp("Remove a profile URL (repeatable).", valueName: "url"))
    var removeURLs: [String] = []
    @Option(
      name: .customLong("remove-interest"),
      help: ArgumentHelp("Remove an interest (repeatable).", valueName: "topic"))
    var removeInterests: [String] = []
    @Flag(name: .customLong("clear-cadence"), help: "Forget their explicit cadence.")
    var clearCadence = false

    func validate() throws {
      if clearCadence && fields.cadence != nil {
        throw ValidationError("Use either --cadence or --clear-cadence, not both.")
      }
      try refuseEmptyTags(untag, option: "--untag")
    }

    func run() throws {
      let store = try global.openStore()
      let original = try resolvePersonOrMe(person, store, global)
      if handle != original.handle { try refuseReservedHandle(handle) }
      if let name { try refuseTypedName(name, field: "name") }
      try fields.checkValues()
      try refuseRemovingWhatIsMissing(from: original)
      var p = original
      if let name { p.name = name }
      if let handle { p.handle = handle }
      let me = p
      try fields.checkEmailsUnused(by: p, store) { other in
        "if they are the same person, merge the two with `kith merge \(me.handle) \(other.handle)`"
      }
      fields.apply(to: &p)
      let untagged = Set(splitTags(untag).map(KithStore.tagKey))
      p.tags.removeAll { untagged.contains($0) }
      let removed = Set(removeEmails.map { TextKey.trimmed($0).lowercased() })
      p.emails.removeAll { removed.contains($0.lowercased()) }
      let unaliased = Set(removeAliases.map(TextKey.fold))
      p.aliases.removeAll { unaliased.contains(TextKey.fold($0)) }
      p.phones.removeAll { phone in removePhones.contains { FieldCheck.samePhone($0, phone) } }
      p.urls.removeAll { url in removeURLs.contains { FieldCheck.sameURL($0, url) } }
      let uninterested = Set(removeInterests.map(TextKey.fold))
      p.interests.removeAll { uninterested.contains(TextKey.fold($0)) }
      let owner = try global.choicesOwner(store)
      let fieldsChanged = KithStore.normalised(p) != KithStore.normalised(original)
      let renamed = name.map { TextKey.fold($0) != TextKey.fold(original.name) } ?? false
      let namesakes = renamed ? try store.people(named: p.name) : []
      var stored = fieldsChanged ? try store.updatePerson(p) : original
      var cadenceChanged = try fields.applyCadence(to: stored, owner: owner, store)
      if clearCadence {
        cadenceChanged = try store.setCadence(nil, of: stored.id, ego: owner?.id)
      }
      let changed = fieldsChanged || cadenceChanged
      stored = try store.people([store.person(id: stored.id)], seenBy: owner?.id)[0]
      if renamed {
        let ego = try store.ego()
        noteNamesakes(namesakes, of: stored, ego: ego, called: "them")
        if stored.id != ego?.id { noteNamedMe(stored) }
      }
      if global.json {
        Output.json(
          ["person": personJSON(stored)], asOf: global.asOf?.date,
          ego: try global.optionalEgo(store))
      } else if changed {
        print("Updated \(stored.name) (\(stored.handle)).")
      } else {
        print("Nothing changed for \(stored.name) (\(stored.handle)).")
      }
    }

    /// Refuses --untag and --remove-… of what the person does not have: most likely a typo,
    /// which would otherwise pass for a removal.
    func refuseRemovingWhatIsMissing(from p: Person) throws {
      let who = "\(p.name) (\(p.handle))"
      for tag in splitTags(untag) where !p.tags.contains(KithStore.tagKey(tag)) {
        throw CLIError.rejected(
          "\(who) has no tag '\(tag)'\(listed(p.tags, "tags")); nothing changed")
      }
      for email in removeEmails
      where !p.emails.contains(where: { $0.lowercased() == TextKey.trimmed(email).lowercased() }) {
        throw CLIError.rejected(
          "\(who) has no email '\(email)'\(listed(p.emails, "emails")); nothing changed")
      }
      for alias in removeAliases
      where !p.aliases.contains(where: { TextKey.fold($0) == TextKey.fold(alias) }) {
        throw CLIError.rejected(
          "\(who) has no alias '\(alias)'\(listed(p.aliases, "aliases")); nothing changed")
      }
      for phone in removePhones where !p.phones.contains(where: { FieldCheck.samePhone($0, phone) })
      {
        throw CLIError.rejected(
          "\(who) has no phone '\(phone)'\(listed(p.phones, "phones")); nothing changed")
      }
      for url in removeURLs where !p.urls.contains(where: { FieldCheck.sameURL($0, url) }) {
        throw CLIError.rejected(
          "\(who) has no url '\(url)'\(listed(p.urls, "urls")); nothing changed")
      }
      for interest in removeInterests
      where !p.interests.contains(where: { TextKey.fold($0) == TextKey.fold(interest) }) {
        throw CLIError.rejected(
          "\(who) has no interest '\(interest)'\(listed(p.interests, "interests")); nothing changed"
        )
      }
    }

    /// " (their tags: a, b)" for an error, or "" when they have none.
    private func listed(_ items: [String], _ noun: String) -> String {
      items.isEmpty ? "" : " (their \(noun): \(items.joined(separator: ", ")))"
    }
  }

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "List people, by name.",
      discussion: """
        Examples:
          kith person list
          kith person list --tag family --json

        JSON: {"schemaVersion", "asOf", "ego", "people": [{"handle", "name", "aliases", \
        "emails", "phones", "urls", "tags", "interests", "cadenceDays", "followUpsDismissed"}]}, \
        by name.
        """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Only people with this tag.", valueName: "tag")) var tag: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("Show at most this many.", valueName: "n"))
    var limit: Int?

    func validate() throws {
      if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
    }

    func run() throws {
      let store = try global.openStore()
      let people = try store.people(
        Array(
          (tag.map { try store.people(taggedWith: $0) } ?? store.people()).prefix(limit ?? .max)),
        seenBy: global.choicesOwner(store)?.id)
      if global.json {
        Output.json(
          ["people": .array(people.map(personJSON))], asOf: global.asOf?.date,
          ego: try global.optionalEgo(store))
        return
      }
      if people.isEmpty {
        print(
          tag == nil
            ? "No people yet; add one with `kith person add NAME`."
            : "Nobody is tagged \(tag ?? "").")
        return
      }
      let me = try global.optionalEgo(store)?.id
      var table = TextTable(["HANDLE", "NAME", "TAGS", "EMAIL"])
      for p in people {
        table.add([
          p.handle, p.name + (p.id == me ? " (you)" : ""), p.tags.joined(separator: ", "),
          p.emails.first ?? "",
        ])
      }
      print(table.render())
    }
  }

  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "show",
      abstract: "Show everything recorded about a person.",
      discussion: """
        Examples:
          kith person show jane-doe
          kith person show jane@example.com --json

        JSON: {"schemaVersion", "asOf", "ego", "person": {as in `kith person list`}, "details": \
        {KEY: VALUE}, "affiliations": [{"organisation", "organisationName", "role", "from", \
        "to", "current"}], "tie": {"strength", "peak", "count", "first", "last"} or null, \
        "letGo": {"on", "reason", "status"} or null (`kith let-go`: the latest record; status \
        let-go, or back-in-touch after a later contact; the person's cadenceDays is your \
        setting, kept, but on hold while the status is let-go), \
        "interactions", "recentInteractions": [{"time", "date", "kind", "summary"}] (the \
        latest 5, newest first; date: the day, YYYY-MM-DD, of one dated with a date alone, \
        else null), "futureInteractions": [the same, for those dated after now, oldest \
        first], "notes": [{"time", "date", "text", "future"}] (every note, oldest first; date as \
        for an interaction)}.

        The text lists the latest 5 interactions, newest first, and among them, with --ego or \
        in a store where others meet without you, your own latest ones before any without \
        you (one dated with a date alone as that day in every time zone, one with a time with \
        its time, 00:00 included); then the latest 5 notes, newest first.
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The person: handle, name, alias or email.") var person: String

    func run() throws {
      let store = try global.openStore()
      let p = try store.people(
        [resolvePersonOrMe(person, store, global)], seenBy: global.choicesOwner(store)?.id)[0]
      let ego = try global.optionalEgo(store)
      let asOf = global.now
      let snapshot = try store.snapshot(asOf: asOf, ego: ego?.id)
      let orgs = Dictionary(uniqueKeysWithValues: try store.organisations().map { ($0.id, $0) })
      let affiliations = try store.affiliations(person: p.id)
      // Records dated after today are shown, marked as such: a mistyped year must be findable.
      // With --as-of, what came later is not yet known and stays hidden.
      let shownUntil = global.asOf == nil ? Date.distantFuture : asOf
      let recorded = try store.interactions(person: p.id).filter { $0.time <= shownUntil }
      let interactions = recorded.filter { $0.time <= asOf }
      let future = recorded.filter { $0.time > asOf }
      let notes = try store.notes(person: p.id).filter { $0.time <= shownUntil }
      let details = try store.personDetails(id: p.id)
      let letGo = LetGoStanding(
        try store.letGo(
          of: p.id, ego: global.choicesOwner(store)?.id, asOf: global.asOf == nil ? nil : asOf),
        person: snapshot.index(ofPerson: p.id),
        ego: ego.flatMap { snapshot.index(ofPerson: $0.id) },
        in: snapshot)
      var tie: TieSummary? = nil
      if let ego, let e = snapshot.index(ofPerson: ego.id), let u = snapshot.index(ofPerson: p.id),
        let t = snapshot.tieIndex(e, u)
      {
        tie = snapshot.tie(t)
      }
      let recent = interactions.suffix(5).reversed()
      if global.json {
        Output.json(
          [
            "person": personJSON(p),
            "details": .object(details.mapValues { .string($0) }),
            "affiliations": .array(
              affiliations.map { a in
                [
                  "organisation": .string(orgs[a.organisation]?.handle),
                  "organisationName": .string(orgs[a.organisation]?.name),
                  "role": .string(a.role), "from": .string(a.from.map(KithTime.formatDay)),
                  "to": .string(a.to.map(KithTime.formatDay)),
                  "current": .bool(a.isCurrent(at: asOf)),
                ]
              }),
            "tie": tie.map(tieJSON) ?? .null,
            "letGo": letGo?.json ?? .null,
            "interactions": .int(interactions.count),
            "recentInteractions": .array(recent.map(interactionJSON)),
            "futureInteractions": .array(future.map(interactionJSON)),
            "notes": .array(
              notes.map {
                [
                  "time": .string(KithTime.format($0.time)), "date": dateJSON($0.day),
                  "text": .string($0.text), "future": .bool($0.time > asOf),
                ]
              }),
          ], asOf: asOf, ego: ego)
        return
      }
      print(Terminal.bold("\(p.name) (\(p.handle))"))
      if !p.aliases.isEmpty { print("  also known as: \(p.aliases.joined(separator: ", "))") }
      if !p.emails.isEmpty { print("  email: \(p.emails.joined(separator: ", "))") }
      if !p.phones.isEmpty { print("  phone: \(p.phones.joined(separator: ", "))") }
      if !p.urls.isEmpty { print("  url: \(p.urls.joined(separator: ", "))") }
      if !p.tags.isEmpty { print("  tags: \(p.tags.joined(separator: ", "))") }
      if !p.interests.isEmpty { print("  interests: \(p.interests.joined(separator: ", "))") }
      if let c = p.cadenceDays {
        // Your setting stays, but a tie let go has no cadence to keep until you are back in
        // touch, as `brief` says.
        let onHold = letGo != nil && letGo?.backSince == nil
        print(
          "  keep in touch: every \(Format.count(c, "day"))"
            + (onHold ? "; on hold while the tie is let go" : ""))
      }
      if let d = p.followUpsDismissed {
        print("  follow-ups dismissed on \(KithTime.formatDay(d)) (those of contacts up to then)")
      }
      if let letGo {
        let day = KithTime.formatDay(letGo.record.time)
        print(
          letGo.backSince.map {
            "  tie let go on \(day)\(letGo.why); back in touch since \(KithTime.formatDay(seconds: $0))"
          } ?? "  tie let go on \(day)\(letGo.why) (`kith let-go --undo \(p.handle)`)")
      }
      for (key, value) in details.sorted(by: { $0.key < $1.key }) {
        print("  \(key): \(Format.shown(value))")
      }
      for a in affiliations {
        let org = orgs[a.organisation]?.name ?? "?"
        let span = [a.from.map(KithTime.formatDay), a.to.map(KithTime.formatDay)]
        let when = span.allSatisfy { $0 == nil } ? "" : " (\(span[0] ?? "…")–\(span[1] ?? "now"))"
        print(
          "  \(a.isCurrent(at: asOf) ? "at" : "was at") \(org)\(a.role.map { ", \($0)" } ?? "")\(when)  (#\(a.id))"
        )
      }
      if let tie {
        print(
          "  tie: strength \(Format.number(tie.strength)) (peak \(Format.number(tie.peak))), last \(tie.lastDay.map(KithTime.formatDay) ?? "undated")"
        )
      } else if ego != nil, ego?.id != p.id {
        print("  tie: none recorded with you")
      }
      // All their interactions, and how many of them were with you.
      let total = interactions.count
      var share = ""
      if ego.flatMap({ snapshot.index(ofPerson: $0.id) }) != nil, ego?.id != p.id, total > 0,
        let u = snapshot.index(ofPerson: p.id)
      {
        switch snapshot.activity.egoInteractions.count(of: u) {
        case total: share = total == 1 ? ", with you" : ", all with you"
        case 0: share = total == 1 ? ", not with you" : ", none with you"
        case let n: share = ", \(n) of them with you"
        }
      }
      let later = future.isEmpty ? "" : "; \(future.count) more dated in the future"
      print("  interactions: \(total)\(share)\(later)")
      // Where the person met others without you, for an owner who sees their own contacts.
      func withoutYou(_ i: Interaction) -> Bool {
        guard let me = ego?.id, me != p.id else { return false }
        return !i.participants.contains(me)
      }
      // Five, newest first: your own latest ones always among them, so that a person others
      // in the store meet often does not hide the meetings you had.
      let mine = interactions.filter { !withoutYou($0) }
      let shown = Set(
        (mine.suffix(5) + interactions.filter(withoutYou).suffix(5 - min(mine.count, 5))).map(\.id)
      )
      let listed = interactions.filter { shown.contains($0.id) }.reversed()
      for i in future.reversed() + listed {
        let lead = "    \(shownTime(i))  \(i.kind.rawValue) — "
        let summary = i.summary.map { " — " + Format.hanging($0, column: lead.count) } ?? ""
        print(
          "    \(shownTime(i))  \(i.kind.rawValue)\(summary)  (#\(i.id))\(withoutYou(i) ? "  (without you)" : "")\(i.time > asOf ? "  (in the future)" : "")"
        )
      }
      if !notes.isEmpty {
        print(notes.count > 5 ? "  notes: \(notes.count), the latest 5:" : "  notes:")
        for n in notes.suffix(5).reversed() {
          let lead = "    \(KithTime.formatDay(n.time, day: n.day))  "
          print(
            "\(lead)\(Format.hanging(n.text, column: lead.count))  (#\(n.id))\(n.time > asOf ? "  (in the future)" : "")"
          )
        }
      }
      if total > 0 || !notes.isEmpty || !affiliations.isEmpty {
        print(
          "  (#: the record's id, for `kith edit` and `kith remove`; `kith history \(p.handle)` lists every record)"
        )
      }
    }
  }

  struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "remove",
      abstract: "Remove a person and everything that mentions them.",
      discussion: """
        Interactions left with fewer than two participants, and the person's exchanges, \
        referrals, ties, notes and affiliations go too. An interaction with two or more \
        others stays for them, without the person and with the weight it had: removing \
        someone changes no other tie. Without --force, a person with any such record is not \
        removed and the command says what would go and what would stay.

        Examples:
          kith person remove jane-doe           says what would go, removes nothing
          kith person remove jane-doe --force

        JSON: {"schemaVersion", "asOf", "ego", "removed": {"handle", "name"}, \
        "keptInteractions"} (keptInteractions: the interactions with two or more others that \
        stay for them; asOf: the --as-of date, or null without it).
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The person: handle, name, alias or email.") var person: String
    @Flag(help: "Remove even when records mention them.") var force = false

    func run() throws {
      let store = try global.openStore()
      let p = try resolvePersonOrMe(person, store, global)
      if let me = try store.ego(), me.id == p.id {
        throw CLIError.rejected(
          "\(p.name) (\(p.handle)) is you, the owner of this network: Kith removes others, not you"
        )
      }
      let impact = try store.removalImpact(ofPerson: p.id)
      let kept = impact.sharedInteractions
      // What happens to the interactions shared with others, nil when there are none.
      let keptNote =
        kept == 0
        ? nil
        : "\(Format.count(kept, "interaction")) with others \(kept == 1 ? "stays" : "stay") for them, without \(p.name); their ties keep the same strength"
      if !impact.isEmpty && !force {
        let counts = Format.counts([
          (impact.interactions, "interaction"), (impact.exchanges, "exchange"),
          (impact.referrals, "referral"), (impact.ties, "tie"), (impact.notes, "note"),
          (impact.affiliations, "affiliation"),
        ])
        throw CLIError.rejected(
          "\(p.handle) appears in \(counts); add --force to remove them all"
            + (keptNote.map { ", except that \($0)" } ?? ""))
      }
      try store.removePerson(id: p.id)
      if global.json {
        Output.json(
          ["removed": Output.personRef(p), "keptInteractions": .int(kept)], asOf: global.asOf?.date,
          ego: try global.optionalEgo(store))
      } else {
        print("Removed \(p.name) (\(p.handle))." + (keptNote.map { " \($0)." } ?? ""))
      }
    }
  }
}

/// Refuses the handle `me` for a person: on the command line `me` always means you, so a
/// person with that handle could never be named by it.
func refuseReservedHandle(_ handle: String?) throws {
  try refuseEmptyHandle(handle)
  guard let handle, GlobalOptions.isMe(TextKey.trimmed(handle)) else { return }
  throw CLIError.rejected(
    "the handle '\(handle)' is reserved: `me` always means you; choose another with --handle")
}

/// Refuses a name or alias typed on the command line that `Validate.typedName` refuses (a
/// control character, more than 300 characters): as data rejected, nothing written.
func refuseTypedName(_ value: String, field: String) throws {
  do {
    try Validate.typedName(value, field: field)
  } catch {
    throw StoreError.invalid(error)
  }
}

/// A --handle given empty is a mistake, not a request for a derived one (leaving it out is).
func refuseEmptyHandle(_ handle: String?) throws {
  if let handle, handle.allSatisfy(\.isWhitespace) {
    throw ValidationError("--handle is empty; give one such as jane-doe, or leave the option out.")
  }
}

/// Notes on stderr that `added` shares its name with people already recorded (`namesakes`,
/// looked up before it was added), so that a second record of one person is not made
/// unawares: a merge joins them; your own name gets a note of its own, which calls `added`
/// `called`.
func noteNamesakes(
  _ namesakes: [Person], of added: Person, ego: Person?, called: String = "the new person"
) {
  let others = namesakes.filter { $0.id != added.id && $0.id != ego?.id }
  if let first = others.first {
    let list = others.map { "\($0.name) (\($0.handle))" }.joined(separator: ", ")
    Terminal.note(
      "note: already recorded under this name: \(list); if \(added.name) (\(added.handle)) is the same person, merge them with `kith merge \(first.handle) \(added.handle)`"
    )
  }
  if let ego, ego.id != added.id, namesakes.contains(where: { $0.id == ego.id }) {
    Terminal.note(
      "note: \(added.name) is also your own name (\(ego.handle)); `me` always means you, so name \(called) by \(added.handle)"
    )
  }
}

/// Notes on stderr that a person whose name reads `me` is not named by it on the command line
/// (`me` always means you), but by their handle.
func noteNamedMe(_ person: Person) {
  guard TextKey.slug(person.name) == "me" else { return }
  Terminal.note("note: the handle `me` always means you, so \(person.name) is \(person.handle)")
}

/// The tags of a tag option's values, split at commas and trimmed: `--tag alumni,family` is
/// two tags (a tag holding a comma would be one no other command could be given).
func splitTags(_ values: [String]) -> [String] {
  values.flatMap { splitTags($0) }
}

private func splitTags(_ value: String) -> [String] {
  value.split(separator: ",").map { TextKey.trimmed(String($0)) }.filter { !$0.isEmpty }
}

/// Refuses a tag option's value that holds no tag (`--tag ""`), which would otherwise be
/// dropped silently and pass for a tag added or removed.
func refuseEmptyTags(_ values: [String], option: String) throws {
  for value in values where splitTags(value).isEmpty {
    throw ValidationError("\(option) '\(value)' names no tag; e.g. \(option) alumni.")
  }
}

func personJSON(_ p: Person) -> JSONValue {
  [
    "handle": .string(p.handle), "name": .string(p.name), "aliases": .strings(p.aliases),
    "emails": .strings(p.emails), "phones": .strings(p.phones), "urls": .strings(p.urls),
    "tags": .strings(p.tags), "interests": .strings(p.interests),
    "cadenceDays": .int(p.cadenceDays),
    "followUpsDismissed": .string(p.followUpsDismissed.map(KithTime.format)),
  ]
}

/// An interaction as `person show --json` lists it.
func interactionJSON(_ i: Interaction) -> JSONValue {
  [
    "time": .string(KithTime.format(i.time)), "date": dateJSON(i.day),
    "kind": .string(i.kind.rawValue), "summary": .string(i.summary),
  ]
}

func tieJSON(_ t: TieSummary) -> JSONValue {
  [
    "strength": .double(t.strength), "peak": .double(t.peak), "count": .int(t.count),
    "first": .string(t.firstDay.map(KithTime.formatDay)),
    "last": .string(t.lastDay.map(KithTime.formatDay)),
  ]
}
