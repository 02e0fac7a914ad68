import ArgumentParser
import Foundation
import KithExport
import KithGraph
import KithStore

extension Kith {
  struct OrgCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "org",
      abstract: "Add, list and show organisations.",
      subcommands: [Add.self, List.self, Show.self])
  }
}

extension Kith.OrgCommand {
  struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "add",
      abstract: "Add an organisation.",
      discussion: """
        A name already recorded (whatever its case or accents) is refused: use that \
        organisation, or give a second one of the same name its own --handle.

        Example: kith org add "Acme Robotics" --domain acme.io --tag robotics
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Its name.") var name: String
    @Option(
      help: ArgumentHelp(
        "A handle to use instead of one derived from the name.", valueName: "handle"))
    var handle: String?
    @Option(
      name: .customLong("domain"),
      help: ArgumentHelp("An email domain (repeatable).", valueName: "domain"))
    var domains: [String] = []
    @Option(
      name: .customLong("tag"),
      help: ArgumentHelp("A tag: industry, type… (repeatable).", valueName: "tag"))
    var tags: [String] = []

    func validate() throws { try refuseEmptyHandle(handle) }

    func run() throws {
      try refuseTypedName(name, field: "name")
      let store = try global.openStore()
      // Organisations cannot be merged, so a second one of the same name (another spelling
      // of its case or accents) is added only when asked for by its own --handle.
      let key = TextKey.fold(KithStore.label(name))
      let namesakes = try store.organisations().filter { TextKey.fold($0.name) == key }
      if let first = namesakes.first, handle == nil {
        throw CLIError.rejected(
          "\(first.name) (\(first.handle)) is already recorded under this name; use it (e.g. `kith affiliate PERSON \(first.handle)`), or add --handle to record another organisation of that name"
        )
      }
      let org = try store.addOrganisation(
        Organisation(handle: handle ?? "", name: name, domains: domains, tags: tags))
      if !namesakes.isEmpty {
        let list = namesakes.map { "\($0.name) (\($0.handle))" }.joined(separator: ", ")
        Terminal.note("note: also recorded under this name: \(list)")
      }
      if global.json {
        Output.json(
          ["organisation": orgJSON(org)], asOf: global.asOf?.date,
          ego: try global.optionalEgo(store))
      } else {
        print("Added \(org.name) (\(org.handle)).")
      }
    }
  }

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "List organisations, by name.",
      discussion: """
        MEMBERS: the people affiliated now (or as of --as-of).

        Example: kith org list --json

        JSON: {"schemaVersion", "asOf", "ego", "organisations": [{"handle", "name", "domains", \
        "tags", "currentMembers"}]}, by name.
        """)

    @OptionGroup var global: GlobalOptions
    @Option(parsing: .unconditional, help: ArgumentHelp("Show at most this many.", valueName: "n"))
    var limit: Int?

    func validate() throws {
      if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
    }

    func run() throws {
      let store = try global.openStore()
      let orgs = try store.organisations().prefix(limit ?? .max)
      let asOf = global.now
      var members: [Int64: Int] = [:]
      for a in try store.affiliations() where a.isCurrent(at: asOf) {
        members[a.organisation, default: 0] += 1
      }
      if global.json {
        Output.json(
          [
            "organisations": .array(
              orgs.map { o in
                var j = orgJSON(o)
                if case .object(var fields) = j {
                  fields["currentMembers"] = .int(members[o.id] ?? 0)
                  j = .object(fields)
                }
                return j
              })
          ], asOf: asOf, ego: try global.optionalEgo(store))
        return
      }
      if orgs.isEmpty {
        print("No organisations yet; add one with `kith org add NAME`.")
        return
      }
      var table = TextTable(["HANDLE", "NAME", "MEMBERS", "TAGS"], rightAligned: [2])
      for o in orgs {
        table.add([o.handle, o.name, "\(members[o.id] ?? 0)", o.tags.joined(separator: ",")])
      }
      print(table.render())
    }
  }

  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "show",
      abstract: "Show an organisation and its people.",
      discussion: """
        Examples:
          kith org show acme-robotics
          kith org show acme.example      by its email domain

        JSON: {"schemaVersion", "asOf", "ego", "organisation": {"handle", "name", "domains", \
        "tags"}, "members": [{"handle", "name", "role", "from", "to", "current"}]} (from and to \
        are days, null when not known; current: affiliated now, or as of --as-of).
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The organisation: handle, name or email domain.") var organisation: String

    func run() throws {
      let store = try global.openStore()
      let org = try store.resolveOrganisation(organisation)
      let asOf = global.now
      let affiliations = try store.affiliations(organisation: org.id)
      let people = try affiliations.map { try store.person(id: $0.person) }
      if global.json {
        Output.json(
          [
            "organisation": orgJSON(org),
            "members": .array(
              zip(affiliations, people).map { a, p in
                [
                  "handle": .string(p.handle), "name": .string(p.name), "role": .string(a.role),
                  "from": .string(a.from.map(KithTime.formatDay)),
                  "to": .string(a.to.map(KithTime.formatDay)),
                  "current": .bool(a.isCurrent(at: asOf)),
                ]
              }),
          ], asOf: asOf, ego: try global.optionalEgo(store))
        return
      }
      print(Terminal.bold("\(org.name) (\(org.handle))"))
      if !org.domains.isEmpty { print("  domains: \(org.domains.joined(separator: ", "))") }
      if !org.tags.isEmpty { print("  tags: \(org.tags.joined(separator: ", "))") }
      for (a, p) in zip(affiliations, people) {
        let status = a.isCurrent(at: asOf) ? "" : " (former)"
        print("  \(p.name) (\(p.handle))\(a.role.map { ", \($0)" } ?? "")\(status)")
      }
      if affiliations.isEmpty { print("  nobody affiliated yet; use `kith affiliate PERSON ORG`") }
    }
  }
}

func orgJSON(_ o: Organisation) -> JSONValue {
  [
    "handle": .string(o.handle), "name": .string(o.name), "domains": .strings(o.domains),
    "tags": .strings(o.tags),
  ]
}

extension Kith {
  struct Affiliate: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "affiliate",
      abstract: "Record that a person works (or worked) at an organisation.",
      discussion: """
        A job is one record: with --to, an open record of the same person, organisation and \
        role (no end date yet) is ended rather than a second one added (without --role, their \
        one open job there, whatever its role); without --to, the same open job is already \
        recorded and nothing changes (a --from it lacked is filled in), and without --role any \
        open job there is that job; with --role, an open job there recorded without a role \
        takes it. `kith history PERSON` \
        lists jobs with their ids; `kith remove affiliation ID` removes one.

        Examples:
          kith affiliate jane-doe acme --role CTO --from 2024-03-01
          kith affiliate jane-doe acme --to 2026-11-01      she left
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The person.") var person: String
    @Argument(help: "The organisation.") var organisation: String
    @Option(help: ArgumentHelp("Their role or title.", valueName: "role")) var role: String?
    @Option(help: ArgumentHelp("Since when.", valueName: "date")) var from: DateArgument?
    @Option(
      help: ArgumentHelp(
        "Until when (omit if current; ends the open record of this job).", valueName: "date"))
    var to: DateArgument?

    /// What the command did to the store.
    enum Outcome: String {
      case added, ended, updated, unchanged
    }

    func validate() throws {
      if let role, role.allSatisfy(\.isWhitespace) {
        throw ValidationError("--role is empty; leave it out to record no role.")
      }
    }

    func run() throws {
      let store = try global.openStore()
      let p = try resolvePersonOrMe(person, store, global)
      let o = try store.resolveOrganisation(organisation)
      let (a, outcome) = try namingOptions { try record(p, o, store) }
      if global.json {
        Output.json(
          [
            "affiliation": [
              "id": .int(Int64(a.id)), "person": .string(p.handle),
              "organisation": .string(o.handle),
              "role": .string(a.role), "from": .string(a.from.map(KithTime.formatDay)),
              "to": .string(a.to.map(KithTime.formatDay)),
            ],
            "outcome": .string(outcome.rawValue),
          ], asOf: global.asOf?.date, ego: try global.optionalEgo(store))
        return
      }
      let job = "\(p.name) — \(o.name)\(a.role.map { ", \($0)" } ?? "")"
      let span = [a.from.map(KithTime.formatDay), a.to.map(KithTime.formatDay)]
      let when = span.allSatisfy { $0 == nil } ? "" : " (\(span[0] ?? "…")–\(span[1] ?? "now"))"
      switch outcome {
      case .added: print(a.to == nil ? "\(job)." : "Added a past job: \(job)\(when).")
      case .ended: print("Ended: \(job)\(when).")
      case .updated: print("Updated: \(job)\(when).")
      case .unchanged: print("Already recorded: \(job)\(when).")
      }
    }

    /// Adds the affiliation, or ends, completes or leaves alone the open record of the same
    /// job, so that a job stays one record however often it is affiliated.
    func record(_ p: Person, _ o: Organisation, _ store: KithStore) throws -> (
      Affiliation, Outcome
    ) {
      var found = try store.openAffiliation(person: p.id, organisation: o.id, role: role)
      let jobs = try store.affiliations(person: p.id).filter { $0.organisation == o.id }
      // --to without --role ends the person's one open job there, whatever its role.
      if found == nil, role == nil, to != nil {
        let open = jobs.filter { $0.to == nil }
        if open.count > 1 {
          let roles = open.map { $0.role.map { "'\($0)'" } ?? "no role" }
          throw CLIError.rejected(
            "\(p.name) (\(p.handle)) has \(open.count) open jobs at \(o.name) (\(roles.joined(separator: ", "))); say which with --role"
          )
        }
        found = open.first
      }
      // Without --role (and --to), an open job there is the job: "Tom is at Globex" is
      // already recorded when he is there as VP. The oldest one, when there are several.
      if found == nil, role == nil, to == nil {
        found = jobs.filter { $0.to == nil }.min {
          ($0.from ?? .distantPast) < ($1.from ?? .distantPast)
        }
      }
      // With --role, an open job there recorded without one is that job, now with its title:
      // "Uma is at Globex", then "as Engineer".
      var titled = false
      if found == nil, let role, to == nil,
        let untitled = jobs.first(where: { $0.to == nil && $0.role == nil })
      {
        found = untitled
        found?.role = TextKey.trimmed(role)
        titled = true
      }
      guard var open = found else {
        // The same past job recorded again: nothing to add.
        let fold = { (role: String?) in role.map { TextKey.fold(TextKey.trimmed($0)) } }
        if let same = jobs.first(where: {
          fold($0.role) == fold(role) && $0.from == from?.date && $0.to == to?.date
        }) {
          return (same, .unchanged)
        }
        let added = try store.addAffiliation(
          Affiliation(
            person: p.id, organisation: o.id, role: role, from: from?.date, to: to?.date))
        return (added, .added)
      }
      if let from, let since = open.from, since != from.date {
        throw CLIError.rejected(
          "\(p.name) (\(p.handle)) is already recorded at \(o.name)\(open.role.map { " as \($0)" } ?? "") since \(KithTime.formatDay(since)), not \(KithTime.formatDay(from.date)); end that with --to first to record another stint"
        )
      }
      var outcome = titled ? Outcome.updated : .unchanged
      if open.from == nil, let from {
        open.from = from.date
        outcome = .updated
      }
      if let to {
        open.to = to.date
        outcome = .ended
      }
      return (outcome == .unchanged ? open : try store.updateAffiliation(open), outcome)
    }
  }
}
