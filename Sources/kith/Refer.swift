import ArgumentParser
import Foundation
import KithExport
import KithGraph
import KithStore

extension Kith {
  struct Refer: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "refer",
      abstract:
        "Record a referral: someone suggests you (or another) contact a person or organisation.",
      discussion: """
        Keep the reason they gave with --why: it is shown wherever the referral is. A referral \
        is also a gift from the referrer to the recipient in the reciprocity ledger. Follow it \
        up with `kith referral ID --status contacted|met|reported-back|declined`. As a contact \
        between the referrer and the recipient, it may bring back a tie let go, and says so as \
        `kith log` does.

        Example: kith refer --by sam-lee --about "Acme Robotics" --why "they need a data lead"

        JSON: {"schemaVersion", "asOf", "ego", "referral": {"id", "referrer", "recipient", \
        "referee", "status", "why", "since", "date"}, "letGoChanges": [...]} (date: the day \
        entered, YYYY-MM-DD, for a referral dated with a date alone, else null; letGoChanges as \
        `kith log --json` has it).
        """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Who made the referral.", valueName: "person")) var by: String
    @Option(
      help: ArgumentHelp(
        "The person or organisation to contact (person:NAME or org:NAME when a name is both).",
        valueName: "person|org"))
    var about: String
    @Option(help: ArgumentHelp("Who was referred (default: you).", valueName: "person")) var to:
      String?
    @Option(help: ArgumentHelp("The reason the referrer gave.", valueName: "text")) var why: String?
    @Option(help: ArgumentHelp("When (default: --as-of, else now).", valueName: "date")) var on:
      DateArgument?

    func validate() throws { try checkRecordDate(on, global) }

    func run() throws {
      let store = try global.openStore()
      let referrer = try resolvePersonOrMe(by, store, global)
      let recipient =
        try to.map { try resolvePersonOrMe($0, store, global) } ?? global.resolveEgo(store)
      let referee = try resolvePersonOrOrganisation(about, store, global)
      let refereePerson = referee.person
      let refereeOrg = referee.organisation
      let why = presentText(why)
      let referral = Referral(
        time: recordDate(on, global), referrer: referrer.id, recipient: recipient.id,
        refereePerson: refereePerson?.id, refereeOrganisation: refereeOrg?.id, why: why,
        day: recordDay(on, global))
      let repeated = try store.repeatedOpenReferral(of: referral)
      // Without --to, the recipient is you: a referral by you to yourself is --by's fault.
      // The referral is a gift from the referrer: a contact, as `give` records one.
      let before = try store.letGoStandings(among: [referrer.id, recipient.id])
      let r = try namingOptions(["time": "--on", "to": to == nil ? "--by" : "--to"]) {
        try store.addReferral(referral)
      }
      let letGo = try LetGoNotes(store.letGoChanges(since: before), store, global)
      noteIfFuture(on, global)
      let refereeName =
        try refereePerson.map { try replyName($0, store) } ?? refereeOrg?.name ?? "?"
      let referrerName = try replyName(referrer, store)
      let recipientName = try replyName(recipient, store)
      if let repeated {
        noteRepeat(
          of: "referral", repeated.id,
          "\(referrerName) → \(recipientName) about \(refereeName), \(repeated.status.rawValue) on \(KithTime.formatHuman(repeated.since, day: repeated.sinceDay))",
          new: r.id)
      }
      if global.json {
        Output.json(
          [
            "referral": [
              "id": .int(r.id), "referrer": .string(referrer.handle),
              "recipient": .string(recipient.handle),
              "referee": .string(refereePerson?.handle ?? refereeOrg?.handle),
              "status": .string(r.status.rawValue), "why": .string(why),
              "since": .string(KithTime.format(r.time)), "date": dateJSON(r.day),
            ],
            "letGoChanges": letGo.json,
          ], asOf: global.asOf?.date, ego: try global.optionalEgo(store))
      } else {
        print(
          "Referral #\(r.id): \(referrerName) → \(recipientName) about \(refereeName) (suggested)."
        )
        for line in letGo.lines { print(line) }
      }
    }
  }

  struct ReferralCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "referral",
      abstract: "Show a referral or move it along: contacted, met, reported-back, declined.",
      // One number: the generated usage would show the captured arguments as `[<id> ...]`.
      usage: """
        kith referral [--db <path>] [--as-of <date>] [--ego <person>] [--json] <id> \
        [--status <status>] [--reason <text>] [--on <date>]
        """,
      discussion: """
        Status moves only forward (suggested → contacted → met → reported-back), or to declined \
        from any open status; give a --reason when declining, so you can tell the referrer why. \
        --reason alone records a reason for the current status later (a declined referral \
        without one stays on your list until it has one); it is shown with that status's date. \
        A different reason given before is not lost: the command says what it replaced, and \
        keeps it as a note on the referrer, dated today (or --as-of), since it may be what you \
        told them. A change records what has happened: its --on cannot be later than now (or \
        --as-of), nor before the last change.

        Examples:
          kith referral 3 --status met --on 2026-05-02
          kith referral 4 --status declined --reason "No budget this year"
          kith referral 4 --reason "No budget this year; told Ana on the phone"

        JSON: {"schemaVersion", "asOf", "ego", "referral": {"id", "referrer", "recipient", \
        "referee", "status", "why", "since", "history": [{"status", "time", "date", "reason"}]}, \
        "replacedReason", "replacedReasonNote"} (referrer, recipient, referee: handles, the \
        referee's a person's or an organisation's; replacedReason: the different reason this \
        command replaced, kept as the note on the referrer whose id is replacedReasonNote, \
        both null otherwise; asOf: the --as-of date, or null without it).
        """)

    @OptionGroup var global: GlobalOptions
    // Every input no option claims, so that `-1` reaches the check of the number instead of
    // being taken for an option.
    @Argument(
      parsing: .allUnrecognized, help: ArgumentHelp("The referral's number.", valueName: "id"))
    var captured: [String] = []
    @Option(help: ArgumentHelp("The new status.", valueName: "status")) var status: ReferralStatus?
    @Option(help: ArgumentHelp("Why (for declined especially).", valueName: "text")) var reason:
      String?
    @Option(help: ArgumentHelp("When (default: --as-of, else now).", valueName: "date")) var on:
      DateArgument?

    /// The referral's number: a positive whole number.
    var id: Int64 {
      get throws {
        let text = try NegativeValues.positionals(
          captured, names: ["<id>"], usage: "`kith referral ID [--status STATUS]`")[0]
        guard let id = Int64(text), id > 0 else {
          throw ValidationError(
            "'\(text)' is not a referral number; see them with `kith referrals`.")
        }
        return id
      }
    }

    func validate() throws {
      _ = try id
      try checkRecordDate(on, global)
      try checkChangeDate(on, global)
      if status == .suggested {
        throw ValidationError(
          "A referral starts as suggested; choose contacted, met, reported-back or declined.")
      }
      if status == nil && on != nil {
        throw ValidationError("--on goes with --status.")
      }
      if let reason, reason.allSatisfy(\.isWhitespace) {
        throw ValidationError("--reason is empty.")
      }
    }

    func run() throws {
      let id = try self.id
      let store = try global.openStore(create: false)
      var referral: Referral
      var replaced: KithStore.ReferralReasonChange?
      let current = try store.referrals().first(where: { $0.id == id })
      if let status, let reason, let current, current.status == status, status.isClosed {
        // Declined again with a reason: the reason, not a second status change.
        replaced = try store.recordReferralReason(id: id, reason: reason, at: global.now)
        referral = replaced?.referral ?? current
      } else if let status {
        referral = try namingOptions {
          try store.updateReferral(
            id: id, to: status, at: recordDate(on, global), day: recordDay(on, global),
            reason: reason)
        }
        noteIfFuture(on, global)
      } else if let reason {
        let change = try store.recordReferralReason(id: id, reason: reason, at: global.now)
        replaced = change
        referral = change.referral
      } else {
        guard let current else {
          throw StoreError.notFound(kind: "referral", reference: "\(id)", suggestions: [])
        }
        referral = current
        // Replaying a day: the referral as it stood then, as `history` and `referrals` show it.
        if let through = global.shownThrough {
          guard let then = current.asOf(through) else {
            throw CLIError.usage(
              "referral #\(id) was made on \(KithTime.formatDay(current.time, day: current.day)), after --as-of \(KithTime.formatDay(global.now))."
            )
          }
          referral = then
        }
      }
      let names = try ReferralNames(referral, store)
      if global.json {
        Output.json(
          [
            "referral": [
              "id": .int(referral.id), "referrer": .string(names.referrer.handle),
              "recipient": .string(names.recipient.handle), "referee": .string(names.refereeHandle),
              "status": .string(referral.status.rawValue), "why": .string(referral.why),
              "since": .string(KithTime.format(referral.since)),
              "history": .array(
                referral.history.map {
                  [
                    "status": .string($0.status.rawValue),
                    "time": .string(KithTime.format($0.time)), "date": dateJSON($0.day),
                    "reason": .string($0.reason),
                  ]
                }),
            ],
            "replacedReason": .string(replaced?.replaced),
            "replacedReasonNote": .int(replaced?.note.map { Int($0.id) }),
          ], asOf: global.asOf?.date, ego: try global.optionalEgo(store))
        return
      }
      print(
        "Referral #\(referral.id): \(names.referrer.name) → \(names.recipient.name) about \(names.refereeName)"
      )
      if let why = referral.why { print("  why: \(Format.shown(why))") }
      // Days and times with a minute mixed: padded, so that the statuses line up.
      // A step later on the --as-of day itself is marked, as `history` marks such records.
      let now = global.now
      let times = referral.history.map {
        KithTime.formatHuman($0.time, day: $0.day)
          + (global.asOf != nil && $0.time > now ? " (future)" : "")
      }
      let width = times.map(\.count).max() ?? 0
      for (event, time) in zip(referral.history, times) {
        print(
          "  \(time.padding(toLength: width, withPad: " ", startingAt: 0))  \(event.status.rawValue)\(event.reason.map { " — \(Format.shown($0))" } ?? "")"
        )
      }
      if let old = replaced?.replaced, let note = replaced?.note {
        print(
          "  replaced: \(Format.shown(old)) (kept as note \(note.id) on \(names.referrer.name))")
      }
    }
  }
}

extension GlobalOptions {
  /// The end of the day --as-of falls on (in the zone Kith counts days in: the last second
  /// before the next day starts, 23 or 25 hours on a change of clocks), nil without it:
  /// `history` and `referral` show what was recorded up to then and mark what falls after an
  /// --as-of date-time "(future)". For a date alone, --as-of is that end already.
  var shownThrough: Date? {
    asOf.map { AsOfArgument(endOfDay: KithTime.day(ofSeconds: KithTime.seconds($0.date))).date }
  }
}

extension Referral {
  /// The referral as it stood at `time`: its status changes up to then; nil when it was made
  /// later.
  func asOf(_ time: Date) -> Referral? {
    guard self.time <= time else { return nil }
    var then = self
    then.history = history.filter { $0.time <= time }
    return then
  }
}

/// The people and organisation a referral names.
struct ReferralNames {
  var referrer: Person
  var recipient: Person
  var refereeName: String
  var refereeHandle: String

  init(_ r: Referral, _ store: KithStore) throws {
    referrer = try store.person(id: r.referrer)
    recipient = try store.person(id: r.recipient)
    if let p = r.refereePerson {
      let person = try store.person(id: p)
      refereeName = person.name
      refereeHandle = person.handle
    } else if let o = r.refereeOrganisation {
      let org = try store.organisation(id: o)
      refereeName = org.name
      refereeHandle = org.handle
    } else {
      refereeName = "?"
      refereeHandle = "?"
    }
  }
}

/// A reference to a person, else an organisation.
struct PersonOrOrganisation {
  var person: Person?
  var organisation: Organisation?
}

/// What follows `prefix` (lower case: `person:`, `org:`, `tag:`) at the start of `reference`, in
/// any case, trimmed; nil when `reference` does not start with it.
func afterPrefix(_ prefix: String, in reference: String) -> String? {
  reference.lowercased().hasPrefix(prefix)
    ? String(reference.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces) : nil
}

/// Resolves `reference` as a person (`me`: you, as `global` says) or an organisation:
/// `person:` or `org:` before it says which. Without one, a name or handle that is exactly a
/// person's and an organisation's is refused as ambiguous (a referral about the wrong one
/// would go unnoticed); where only one of the two matches exactly, that one; else the person.
/// When neither matches, the error suggests the closest of both.
func resolvePersonOrOrganisation(
  _ reference: String, _ store: KithStore, _ global: GlobalOptions
) throws -> PersonOrOrganisation {
  try resolvePersonOrOrganisation(reference, store, me: { try global.resolveEgo(store) })
}

/// `resolvePersonOrOrganisation(_:_:_:)` for a caller that knows who `me` is (`me()`, asked
/// only when the reference is `me`).
func resolvePersonOrOrganisation(
  _ reference: String, _ store: KithStore, me: () throws -> Person
) throws -> PersonOrOrganisation {
  if let name = afterPrefix("person:", in: reference) {
    if name.isEmpty { throw CLIError.usage("person: needs a name or handle, e.g. person:jane") }
    if GlobalOptions.isMe(name) { return PersonOrOrganisation(person: try me()) }
    return PersonOrOrganisation(person: try store.resolvePersonNamingOrganisations(name))
  }
  if let name = afterPrefix("org:", in: reference) {
    if name.isEmpty { throw CLIError.usage("org: needs a name or handle, e.g. org:acme") }
    return PersonOrOrganisation(organisation: try store.resolveOrganisation(name))
  }
  if GlobalOptions.isMe(reference) { return PersonOrOrganisation(person: try me()) }
  var person: Person?
  var personSuggestions: [String] = []
  do {
    person = try store.resolvePerson(reference)
  } catch {
    guard case .notFound(_, _, let suggestions) = error else { throw error }
    personSuggestions = suggestions
  }
  var organisation: Organisation?
  var orgSuggestions: [String] = []
  do {
    organisation = try store.resolveOrganisation(reference)
  } catch {
    // An ambiguous organisation matters only when no person matches.
    if person == nil {
      guard case .notFound(_, _, let suggestions) = error else { throw error }
      orgSuggestions = suggestions
    }
  }
  let key = TextKey.fold(reference)
  switch (person, organisation) {
  case (let p?, let o?):
    let personExact =
      p.handle == key || TextKey.fold(p.name) == key
      || p.aliases.contains { TextKey.fold($0) == key }
    let orgExact = o.handle == key || TextKey.fold(o.name) == key
    if personExact && orgExact {
      throw CLIError.rejected(
        "'\(reference)' is both a person, \(p.name) (\(p.handle)), and an organisation, \(o.name) (\(o.handle)); say which with person:\(p.handle) or org:\(o.handle)"
      )
    }
    return orgExact ? PersonOrOrganisation(organisation: o) : PersonOrOrganisation(person: p)
  case (let p?, nil): return PersonOrOrganisation(person: p)
  case (nil, let o?): return PersonOrOrganisation(organisation: o)
  case (nil, nil):
    throw StoreError.notFound(
      kind: "person or organisation", reference: reference,
      suggestions: Array((personSuggestions + orgSuggestions).prefix(3)))
  }
}
