import ArgumentParser
import Foundation
import KithAnalytics
import KithExport
import KithGraph
import KithStore

extension Kith {
  struct IntroCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "intro",
      abstract: "Who can introduce you to a person, an organisation or everyone with a tag.",
      discussion: """
        --to takes a person (handle, name, alias or email), an organisation (its current \
        members), or tag:TAG (everyone carrying it); prefix person: or org: to say which when a \
        name could be both. For each target: second-degree paths (you → mutual → target) first, \
        then third-degree ones (you → contact → their contact → target), each scored by the \
        product of tie qualities q = s/(s + s₀) (s₀: the median tie). The tier comes from the \
        weakest hop: strong (every q ≥ 2/3), moderate (≥ 1/3), weak. Warnings concern the person \
        you would ask: reconnect-first when your tie to them is overdue (`kith neglected`), \
        give-first when you owe them (`kith reciprocity`).

        JSON: {"schemaVersion", "asOf", "ego", "to", "targets": [{"handle", "name", \
        "directStrength", "paths": [{"via": [handles], "hopStrengths", "score", "tier", \
        "warnings"}]}]}

        Example: kith intro --to org:acme --limit 2
        """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("person, org, or tag:TAG.", valueName: "target")) var to: String
    @Option(parsing: .unconditional, help: ArgumentHelp("Paths per target.", valueName: "n"))
    var limit: Int = 3
    @Option(
      parsing: .unconditional,
      help: ArgumentHelp("Show at most this many targets (org or tag).", valueName: "n"))
    var targets: Int = 20

    func validate() throws {
      if limit < 1 { throw ValidationError("--limit must be at least 1.") }
      if targets < 1 { throw ValidationError("--targets must be at least 1.") }
      if to.trimmingCharacters(in: .whitespaces).isEmpty {
        throw ValidationError("--to needs a person, an organisation or tag:TAG.")
      }
    }

    /// The people the target reference stands for, and a description of it.
    static func resolveTargets(_ reference: String, _ a: Analysis) throws -> (
      people: [Int32], label: String
    ) {
      let s = a.snapshot
      func lower(_ prefix: String) -> String? {
        reference.lowercased().hasPrefix(prefix)
          ? String(reference.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces) : nil
      }
      func organisation(_ ref: String) throws -> ([Int32], String) {
        let org = try a.store.resolveOrganisation(ref)
        var people: [Int32] = []
        for u in 0..<Int32(s.personCount) {
          if s.affiliations(of: u).contains(where: {
            $0.isCurrent && s.organisations.ids[Int($0.organisation)] == org.id
          }) {
            people.append(u)
          }
        }
        return (people, "the current members of \(org.name)")
      }
      if let tag = lower("tag:") {
        let folded = TextKey.fold(tag)
        let people = (0..<Int32(s.personCount)).filter { u in
          s.people.tags[Int(u)].contains { TextKey.fold($0) == folded }
        }
        // Like an unknown organisation: only the data can tell.
        if people.isEmpty { throw CLIError.rejected("nobody has the tag \(tag)") }
        return (people, "everyone tagged \(tag)")
      }
      if let ref = lower("org:") { return try organisation(ref) }
      let explicitPerson = lower("person:")
      let ref = explicitPerson ?? reference
      let person: Person
      do {
        person = GlobalOptions.isMe(ref) ? a.ego : try a.store.resolvePerson(ref)
      } catch {
        guard explicitPerson == nil, case .notFound = error,
          let found = try? organisation(ref)
        else { throw error }
        return found
      }
      if person.id == a.ego.id {
        throw CLIError.rejected(
          "\(person.name) (\(person.handle)) is you: introductions are to other people")
      }
      guard let u = s.index(ofPerson: person.id) else { return ([], person.name) }
      return ([u], person.name)
    }

    func run() throws {
      let a = try Analysis(global)
      let (people, label) = try Self.resolveTargets(to, a)
      let graph = WeightedGraph(snapshot: a.snapshot)
      let quality = BestPaths(graph: graph)
      let (neglected, owed) = Introductions.warningSets(in: a.snapshot, ego: a.egoIndex)
      let results = Array(
        Introductions.paths(
          in: a.snapshot, graph: graph, paths: quality, ego: a.egoIndex, to: people,
          neglected: neglected, owed: owed, limit: limit
        ).prefix(targets))
      if global.json {
        a.json([
          "to": .string(to),
          "targets": .array(
            results.map { r in
              [
                "handle": .string(a.handle(r.person)), "name": .string(a.name(r.person)),
                "directStrength": .number(r.directStrength),
                "paths": .array(
                  r.paths.map { p in
                    [
                      "via": .strings(p.via.map(a.handle)),
                      "hopStrengths": .array(p.hopStrengths.map { .double($0) }),
                      "score": .double(p.score), "tier": .string(p.tier.rawValue),
                      "warnings": .strings(p.warnings.map(\.rawValue)),
                    ]
                  }),
              ]
            }),
        ])
        return
      }
      if results.isEmpty {
        print("No one to be introduced to: \(label) has nobody but you.")
        return
      }
      print("Introductions to \(label), as of \(KithTime.formatDay(a.asOf)):")
      let group = people.count > 1
      for r in results where !(group && r.directStrength != nil) {
        let direct =
          r.directStrength.map { " — you know them already (strength \(Format.number($0)))" } ?? ""
        print("• \(Terminal.bold(a.name(r.person))) (\(a.handle(r.person)))\(direct)")
        if r.paths.isEmpty {
          if r.directStrength == nil { print("  no path within three hops") }
          continue
        }
        for p in r.paths {
          let warnings =
            p.warnings.isEmpty ? "" : " [\(p.warnings.map(\.rawValue).joined(separator: ", "))]"
          print(
            "  ask \(p.via.map(a.name).joined(separator: " → ")): a \(p.tier.rawValue) path (its weakest hop), score \(Format.number(p.score, digits: 3))\(warnings)"
          )
        }
      }
      let known = results.filter { $0.directStrength != nil }
      if group && !known.isEmpty {
        print(
          "You already know: "
            + known.map { "\(a.name($0.person)) (\(Format.number($0.directStrength ?? 0)))" }
            .joined(separator: ", "))
      }
    }
  }
}
