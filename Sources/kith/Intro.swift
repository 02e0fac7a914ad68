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
        members), or tag:TAG (everyone carrying it, and the current members of every \
        organisation carrying it, `org add … --tag`: "at Acme Pay (tagged fintech)"; former \
        members are left out, as for an organisation; someone both tagged and at such an \
        organisation counts once); prefix person: or org: to say which when a name could be \
        both. For each target: second-degree paths (you → mutual → target) and \
        third-degree ones (you → contact → their contact → target), each scored by the product of \
        tie qualities q = s/(s + s₀) (s₀: the median tie). The options kept ask as many different \
        people as there are (another way through someone already offered only when nobody is \
        left). They are listed by the words they are given: strong paths, then moderate, then \
        weak, with those through a tie that has faded last (reconnect first); by score within \
        each. A path is judged by its weakest link: your own tie as you \
        see it — strong when it is at least twice the median of your ties or in the strongest \
        quarter of them; moderate from half that median; weak below, or once faded — and each \
        later hop against the median tie: strong when q ≥ 2/3, moderate when q ≥ 1/3. Each option \
        shows the strength of every hop and when you last saw the person you would ask. Warnings \
        concern that person: reconnect first when your tie to them is overdue (`kith neglected`) \
        or faded (no contact for a year, or under a tenth of its peak and no contact within its \
        cadence or the last 30 days, whichever is longer), give first when you owe \
        them (`kith reciprocity`; in JSON "reconnect-first" and "give-first"). The same words and \
        warnings appear in `kith path`, `kith beyond`, `kith brokers` and `kith brief`.

        For an organisation or tag, targets are ranked by their first option the same way. \
        People you already know, by a tie that is strong or moderate for you, are named at the \
        end with that tie's strength and word, strongest first (`kith intro --to HANDLE` gives \
        the ways through others to one of them); someone you know only weakly, or whose tie has \
        faded, is a target like anyone else, with paths, as `kith intro --to` that person shows \
        them. --targets caps each of the two lists on its own, so that the people you know are \
        named however many others there are.

        JSON: {"schemaVersion", "asOf", "ego", "to", "targets": [{"handle", "name", \
        "directStrength", "directFaded", "directTier", "known", "taggedOrganisations", "paths": \
        [{"via": [handles], "hopStrengths", "score", "tier", "warnings", "firstHop": {"tier", \
        "faded", "lastContact"}}]}], "moreTargets"} — targets: those to be introduced to, then \
        those you know (known: true), each list cut at --targets; moreTargets: how many were \
        cut from both; taggedOrganisations: for tag:TAG, the \
        handles of the target's current organisations carrying the tag (empty otherwise); \
        directTier is your own tie to the target in the \
        same words (null without one), known whether it is strong or moderate for you; firstHop \
        is your tie to the person you would ask: its word for you (strong, moderate or weak; \
        weak once faded), whether it has faded, your last contact (null when none is recorded).

        Example: kith intro --to org:acme --limit 2
        """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("person, org, or tag:TAG.", valueName: "target")) var to: String
    @Option(parsing: .unconditional, help: ArgumentHelp("Paths per target.", valueName: "n"))
    var limit: Int = Introductions.defaultLimit
    @Option(
      parsing: .unconditional,
      help: ArgumentHelp(
        "For an org or tag: at most this many people to be introduced to, and this many you know already.",
        valueName: "n"))
    var targets: Int = 20

    func validate() throws {
      if limit < 1 { throw ValidationError("--limit must be at least 1.") }
      if targets < 1 { throw ValidationError("--targets must be at least 1.") }
      if to.trimmingCharacters(in: .whitespaces).isEmpty {
        throw ValidationError("--to needs a person, an organisation or tag:TAG.")
      }
      try Self.checkTarget(to)
    }

    /// The prefixes a target may carry, with what must follow each and an example.
    static let prefixes = [
      ("tag:", "a tag name", "tag:fintech"), ("org:", "an organisation", "org:acme"),
      ("person:", "a person", "person:jane-doe"),
    ]

    /// Refuses a prefix with nothing after it (`tag:`, `org:`, `person:`): wrong whatever the
    /// database holds, so a usage error with an example, not a search for an empty name.
    static func checkTarget(_ reference: String) throws {
      for (prefix, what, example) in prefixes where reference.lowercased().hasPrefix(prefix) {
        if reference.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces).isEmpty {
          throw ValidationError("\(prefix) needs \(what), e.g. \(example).")
        }
      }
    }

    /// The people the target reference stands for, and a description of it.
    static func resolveTargets(_ reference: String, _ a: Analysis) throws -> IntroTargets {
      try resolveTargets(
        reference, store: a.store, ego: a.ego, egoIndex: a.egoIndex, snapshot: a.snapshot)
    }

    /// `resolveTargets` for a command that holds the store, the ego and the snapshot itself
    /// (the intro picture).
    static func resolveTargets(
      _ reference: String, store: KithStore, ego: Person, egoIndex: Int32,
      snapshot s: NetworkSnapshot
    ) throws -> IntroTargets {
      func members(of org: Organisation) throws -> IntroTargets {
        var people: [Int32] = []
        for u in 0..<Int32(s.personCount) {
          if s.affiliations(of: u).contains(where: {
            $0.isCurrent && s.organisations.ids[Int($0.organisation)] == org.id
          }) {
            people.append(u)
          }
        }
        // Nobody to be introduced to is an answer only the data can give, as for a tag.
        if people.isEmpty { throw CLIError.rejected("\(org.name) has no current members") }
        if people == [egoIndex] {
          throw CLIError.rejected("the only current member of \(org.name) is you")
        }
        return IntroTargets(people: people, label: "the current members of \(org.name)")
      }
      if let tag = afterPrefix("tag:", in: reference) {
        return try tagged(tag, store: store, egoIndex: egoIndex, s)
      }
      // A person, else an organisation (`person:` and `org:` say which); a name that is
      // exactly both asks which, as `refer --about` does.
      let target = try resolvePersonOrOrganisation(reference, store, me: { ego })
      if let org = target.organisation { return try members(of: org) }
      guard let person = target.person else { throw CLIError.rejected("no target") }
      if person.id == ego.id {
        throw CLIError.rejected(
          "\(person.name) (\(person.handle)) is you: introductions are to other people")
      }
      guard let u = s.index(ofPerson: person.id) else {
        return IntroTargets(people: [], label: person.name)
      }
      return IntroTargets(people: [u], label: person.name)
    }

    /// Everyone carrying `tag`, and the current members of the organisations carrying it
    /// (`org add … --tag`): "anyone at a fintech" is a tag on the organisation more often than
    /// on each of its people. Former members are left out, as `org:` leaves them out. A person
    /// both tagged and at such an organisation is one target.
    /// - Complexity: O(n·t + a + o) for n people with t tags each, a affiliations and o
    ///   organisations.
    static func tagged(
      _ tag: String, store: KithStore, egoIndex: Int32, _ s: NetworkSnapshot
    ) throws -> IntroTargets {
      let folded = TextKey.fold(tag)
      let carries = { (tags: [String]) in tags.contains { TextKey.fold($0) == folded } }
      let taggedIDs = Set(try store.organisations().filter { carries($0.tags) }.map(\.id))
      var taggedAt: [Int32: [Int32]] = [:]
      let people = (0..<Int32(s.personCount)).filter { u in
        let at = s.affiliations(of: u).filter {
          $0.isCurrent && taggedIDs.contains(s.organisations.ids[Int($0.organisation)])
        }
        .map(\.organisation)
        var seen = Set<Int32>()
        let organisations = at.filter { seen.insert($0).inserted }
        if !organisations.isEmpty { taggedAt[u] = organisations }
        return carries(s.people.tags[Int(u)]) || !organisations.isEmpty
      }
      // Like an unknown organisation: only the data can tell.
      if people.isEmpty {
        throw CLIError.rejected(
          taggedIDs.isEmpty
            ? "nobody has the tag \(tag)"
            : "nobody has the tag \(tag), and the organisations tagged \(tag) have no current members"
        )
      }
      if people == [egoIndex] {
        throw CLIError.rejected(
          taggedIDs.isEmpty
            ? "only you have the tag \(tag)"
            : "only you have the tag \(tag) or are at an organisation tagged \(tag)")
      }
      return IntroTargets(
        people: people,
        label: taggedIDs.isEmpty
          ? "everyone tagged \(tag)" : "everyone tagged \(tag) or at an organisation tagged \(tag)",
        tag: tag, taggedAt: taggedAt)
    }

    func run() throws {
      let a = try Analysis(global)
      let aim = try Self.resolveTargets(to, a)
      let (people, label) = (aim.people, aim.label)
      let graph = WeightedGraph(snapshot: a.snapshot)
      let quality = BestPaths(graph: graph)
      let goBetweens = GoBetweens(snapshot: a.snapshot, ego: a.egoIndex)
      let all = Introductions.paths(
        in: a.snapshot, graph: graph, paths: quality, ego: a.egoIndex, to: people,
        goBetweens: goBetweens, limit: limit)
      // For a group, --targets caps the people to be introduced to and, apart, the people you
      // know already: cutting the list as a whole cut those first (they come last), though
      // they are the first thing to know about an organisation or tag.
      let group = people.count > 1
      let toIntroduce = group ? all.filter { !$0.isKnown } : all
      let knownAll = group ? all.filter(\.isKnown) : []
      let results = Array(toIntroduce.prefix(targets)) + knownAll.prefix(targets)
      let more = all.count - results.count
      let moreKnown = knownAll.count - min(knownAll.count, targets)
      if global.json {
        a.json([
          "to": .string(to),
          "targets": .array(
            results.map { r in
              [
                "handle": .string(a.handle(r.person)), "name": .string(a.name(r.person)),
                "directStrength": .number(r.directStrength),
                "directFaded": .bool(r.directFaded),
                "directTier": .string(r.directTier?.rawValue), "known": .bool(r.isKnown),
                "taggedOrganisations": .strings(
                  (aim.taggedAt[r.person] ?? []).map { a.snapshot.organisations.handles[Int($0)] }),
                "paths": .array(
                  r.paths.map { p in
                    [
                      "via": .strings(p.via.map(a.handle)),
                      "hopStrengths": .array(p.hopStrengths.map { .double($0) }),
                      "score": .double(p.score), "tier": .string(p.tier.rawValue),
                      "warnings": .strings(p.warnings.map(\.rawValue)),
                      "firstHop": goBetweenJSON(p.firstHop),
                    ]
                  }),
              ]
            }),
          "moreTargets": .int(more),
        ])
        return
      }
      if results.isEmpty {
        print(
          "No one to be introduced to: \(label) is not in your network as of \(KithTime.formatDay(a.asOf))."
        )
        return
      }
      print("Introductions to \(label), as of \(KithTime.formatDay(a.asOf)):")
      // People you know well enough to need no introduction are named at the end; one you
      // know only weakly (or whose tie has faded) is a target like anyone else, with paths.
      let known = results.filter(\.isKnown)
      for r in results where !(group && r.isKnown) {
        var direct = ""
        if let strength = r.directStrength, let tie = goBetweens.tie(to: r.person) {
          let last =
            tie.lastContact.map { ", last contact \(KithTime.formatDay(seconds: $0))" } ?? ""
          direct =
            r.directFaded && tie.isUnmet
            ? " — a tie of yours, not met yet (strength \(Format.number(strength)))"
            : r.directFaded
              ? " — you know them, but the tie has faded (strength \(Format.number(strength))\(last))"
              : r.isKnown
                ? " — you know them already (strength \(Format.number(strength)), \(GoBetweens.words(tie))\(last))"
                : " — you know them, but the tie is weak for you (strength \(Format.number(strength))\(last))"
        }
        print(
          "• \(Terminal.bold(a.name(r.person))) (\(a.handle(r.person)))\(aim.note(r.person, a.snapshot))\(direct)"
        )
        if r.paths.isEmpty {
          if !r.isKnown { print("  no path within three hops") }
          continue
        }
        for p in r.paths {
          print(
            "  ask \(p.via.map(a.name).joined(separator: " → ")): a \(p.tier.rawValue) path, judged by its weakest link; score \(Format.number(p.score, digits: 3))"
          )
          let tie = p.firstHop
          let later = p.hopStrengths.dropFirst().map { Format.number($0) }
          print(
            "    \(GoBetweens.describe(tie)); then \(later.joined(separator: ", "))"
          )
          for reason in GoBetweens.reasons(tie, name: a.name(tie.person)) { print("    \(reason)") }
        }
      }
      if group && !known.isEmpty {
        // How strong each tie is, in the words `intro --to PERSON` gives it, and where the
        // ways through others to one of them are.
        let tie = { (r: IntroTarget) in
          "\(Format.number(r.directStrength ?? 0)), \(r.directTier?.rawValue ?? "weak") for you"
        }
        let handle = known.count == 1 ? a.handle(known[0].person) : "HANDLE"
        print(
          "You already know: "
            + known.map {
              "\(a.name($0.person)) (\(a.handle($0.person)): \(tie($0)))\(aim.note($0.person, a.snapshot))"
            }
            .joined(separator: ", ")
            + (moreKnown > 0
              ? ", and \(Format.count(moreKnown, "more person", plural: "more people")) you know (raise --targets)"
              : "")
            + " — `kith intro --to \(handle)` for the ways through others.")
      }
      if more > moreKnown {
        let rest = more - moreKnown
        print("And \(Format.count(rest, "more person", plural: "more people")) (raise --targets).")
      }
    }
  }
}

/// What `intro --to` (and the intro picture) aims at: the people a target reference stands
/// for, and how to say who they are.
struct IntroTargets {
  var people: [Int32]
  /// "Priya Raman", "the current members of Acme Pay", "everyone tagged fintech".
  var label: String
  /// The tag of a `tag:` reference.
  var tag: String? = nil
  /// For `tag:`, each target's current organisations carrying the tag, in the order of their
  /// affiliations; people carrying the tag only themselves have none.
  var taggedAt: [Int32: [Int32]] = [:]

  /// Why a person is a target when the reference alone does not say: " at Acme Pay (tagged
  /// fintech)"; empty otherwise.
  func note(_ u: Int32, _ s: NetworkSnapshot) -> String {
    guard let tag, let organisations = taggedAt[u] else { return "" }
    return
      " at \(Format.list(organisations.map { s.organisations.names[Int($0)] })) (tagged \(tag))"
  }
}

/// The ego's tie to a go-between in JSON, as the text words it: {"tier", "faded",
/// "lastContact"} (`intro`, `path`), and its "warnings" where nothing else carries them
/// (`brief`).
func goBetweenJSON(_ tie: GoBetweenTie, warnings: Bool = false) -> JSONValue {
  var fields: [String: JSONValue] = [
    "tier": .string(tie.tier.rawValue), "faded": .bool(tie.faded),
    "lastContact": .string(tie.lastContact.map { KithTime.format(seconds: $0) }),
  ]
  if warnings { fields["warnings"] = .strings(tie.warnings.map(\.rawValue)) }
  return .object(fields)
}
