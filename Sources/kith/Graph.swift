import ArgumentParser
import Foundation
import KithAnalytics
import KithExport
import KithGraph
import KithStore

/// A snapshot for whole-graph commands: they work on a store with no ego (a plain graph).
struct GraphAnalysis {
  let store: KithStore
  let ego: Person?
  let snapshot: NetworkSnapshot
  let asOf: Date

  init(_ global: GlobalOptions) throws {
    store = try global.openStore()
    ego = try global.optionalEgo(store)
    asOf = global.now
    snapshot = try store.snapshot(asOf: asOf, ego: ego?.id)
  }

  func json(_ fields: [String: JSONValue]) { Output.json(fields, asOf: asOf, ego: ego) }
  func handle(_ u: Int32) -> String { snapshot.people.handles[Int(u)] }
  func name(_ u: Int32) -> String { snapshot.people.names[Int(u)] }
}

/// A number for JSON, null when NaN (isolated nodes have no constraint).
func finite(_ value: Double) -> JSONValue { value.isFinite ? .double(value) : .null }

extension Kith {
  struct Metrics: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "metrics",
      abstract:
        "Per-person network measures: degree, strength, betweenness, constraint, effective size, community.",
      discussion: """
        Works on any store, with or without an ego (e.g. after `kith import edges`). Betweenness \
        follows Brandes (2001): unweighted by default, or with --weighted, distance = 1/strength. \
        Constraint and effective size follow Burt, as NetworkX defines them (null for an \
        isolated person): unweighted by default, weighted by tie strength with --weighted (as \
        `kith brokers` always is). Communities: Louvain with Leiden refinement (every community \
        connected), seed 0, on the whole graph, you included, as NetworkX would find them on an \
        export; modularity as NetworkX computes it. `kith circles` leaves you out (you would \
        glue your circles together), so its circles and their ids differ from these.

        Betweenness is exact: it grows as people × ties (seconds for thousands of people with \
        many ties among them). --sample K estimates it from K people drawn at random (seed 0) \
        as NetworkX's betweenness_centrality(k=K) does, and says how close the estimate is.

        Examples:
          kith metrics --weighted --normalized
          kith metrics --sample 500 --json

        JSON: {"schemaVersion", "asOf", "ego", "modularity", "betweennessSample": null or \
        {"sources", "errorBound"}, "people": [{"handle", "name", "degree", "strength", \
        "betweenness", "constraint", "effectiveSize", "community"}]}, highest betweenness first \
        (then by handle), as in the text.
        """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Weight betweenness (distance 1/strength) and structural holes by tie strength.")
    var weighted = false
    @Flag(help: "Normalise betweenness to [0, 1] (2/((n−1)(n−2)) for an undirected graph).")
    var normalized = false
    @Option(
      parsing: .unconditional,
      help: ArgumentHelp(
        "Estimate betweenness from this many people drawn at random (exact by default).",
        valueName: "k"))
    var sample: Int?

    func validate() throws {
      if let sample, sample < 2 {
        throw ValidationError("--sample must be at least 2, e.g. --sample 500.")
      }
    }

    func run() throws {
      let g = try GraphAnalysis(global)
      let graph = WeightedGraph(snapshot: g.snapshot)
      let betweenness =
        sample.map {
          Betweenness.sampled(
            in: graph, pivots: $0, weighted: weighted, normalized: normalized, seed: 0)
        } ?? Betweenness.exact(in: graph, weighted: weighted, normalized: normalized)
      // The bound holds for normalised scores, each with probability 95%.
      let estimate: JSONValue =
        betweenness.isExact
        ? .null
        : [
          "sources": .int(Int64(betweenness.sources)),
          "errorBound": .double(betweenness.errorBound(failureProbability: 0.05)),
        ]
      let holes = StructuralHoles.scores(in: graph, weighted: weighted)
      let partition = Communities.detect(in: graph)
      // Highest betweenness first, then by handle: one order for the text and the JSON.
      let order = (0..<Int32(g.snapshot.personCount)).sorted {
        betweenness.values[Int($0)] != betweenness.values[Int($1)]
          ? betweenness.values[Int($0)] > betweenness.values[Int($1)] : g.handle($0) < g.handle($1)
      }
      let people = order.map { u -> JSONValue in
        [
          "handle": .string(g.handle(u)), "name": .string(g.name(u)),
          "degree": .int(graph.degree(u)),
          "strength": .double(graph.strengths[Int(u)]),
          "betweenness": finite(betweenness.values[Int(u)]),
          "constraint": finite(holes.constraint[Int(u)]),
          "effectiveSize": finite(holes.effectiveSize[Int(u)]),
          "community": .int(Int(partition[u])),
        ]
      }
      if global.json {
        g.json([
          "modularity": finite(partition.modularity), "betweennessSample": estimate,
          "people": .array(people),
        ])
        return
      }
      var table = TextTable(
        ["NAME", "DEGREE", "STRENGTH", "BETWEENNESS", "CONSTRAINT", "EFF. SIZE", "COMMUNITY"],
        rightAligned: [1, 2, 3, 4, 5, 6])
      func num(_ v: Double) -> String { v.isFinite ? Format.number(v, digits: 3) : "–" }
      let names = TableNames(g.snapshot)
      for u in order {
        table.add([
          names(u), "\(graph.degree(u))", num(graph.strengths[Int(u)]),
          num(betweenness.values[Int(u)]),
          num(holes.constraint[Int(u)]), num(holes.effectiveSize[Int(u)]), "\(partition[u])",
        ])
      }
      print(table.render())
      print("")
      print("\(partition.count) communities, modularity \(num(partition.modularity)).")
      if !betweenness.isExact {
        print(
          "Betweenness estimated from \(betweenness.sources) of \(graph.nodeCount) people (seed 0): each normalised score within ±\(Format.number(betweenness.errorBound(failureProbability: 0.05), digits: 3)) of the exact one with probability 95%."
        )
      }
    }
  }

  struct Circles: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "circles",
      abstract:
        "Your circles: communities of the network around you, and which are your usual ones.",
      discussion: """
        Communities are found on the person graph without the ego (who would glue every circle \
        together): Louvain with Leiden refinement, every community connected, deterministic for \
        a seed. A circle's label is the current organisation or tag most common among its \
        members, when at least a fifth of them (and two) have it; circles that would share a \
        label add their next most common one ("investor · Harbor Capital"), and a label still \
        shared its id; a circle no organisation or tag describes is listed as "(no common \
        organisation or tag)" (a null label in JSON). egoShare: the fraction of your tie \
        strength inside it. A person tied to nobody else here is in no circle (a community of \
        one: the text counts such people, the JSON lists every community); your usual circle is \
        the fewest circles of two or more holding 80% of your tie strength in such circles.

        Examples:
          kith circles
          kith circles --resolution 1.5 --seed 7

        JSON: {"schemaVersion", "asOf", "ego", "modularity", "usualCircle": [ids], \
        "communities": [{"id", "size", "members": [handles], "egoShare", "label"}]}
        """)

    @OptionGroup var global: GlobalOptions
    @Option(
      parsing: .unconditional,
      help: ArgumentHelp("Resolution γ: above 1, smaller circles.", valueName: "γ"))
    var resolution: Double = 1
    @Option(
      parsing: .unconditional,
      help: ArgumentHelp("Random seed (same seed, same circles).", valueName: "n")) var seed:
      UInt64 = 0

    func validate() throws {
      if !resolution.isFinite || resolution <= 0 {
        throw ValidationError("--resolution must be a positive number, e.g. --resolution 1.")
      }
    }

    func run() throws {
      let g = try GraphAnalysis(global)
      let s = g.snapshot
      let egoIndex = g.ego.flatMap { s.index(ofPerson: $0.id) }
      let circles = EgoCircles(snapshot: s, ego: egoIndex, resolution: resolution, seed: seed)
      let members = circles.members
      let share = circles.egoShare
      let ids = circles.ids
      if global.json {
        g.json([
          "modularity": finite(circles.partition.modularity),
          "usualCircle": .array(circles.usual.map { .int($0) }),
          "communities": .array(
            ids.map { id in
              [
                "id": .int(id), "size": .int(members[id].count),
                "members": .strings(members[id].map(g.handle)), "egoShare": .double(share[id]),
                "label": .string(circles.labels[id]),
              ]
            }),
        ])
        return
      }
      // Circles of one (people tied to nobody else here) are counted, not listed: a contact
      // list alone makes thousands of them.
      let groups = ids.filter(circles.isCircle)
      let alone = ids.count - groups.count
      guard !groups.isEmpty else {
        // Contacts tied to one another and still no circle: the resolution split them all.
        let tied = (0..<Int32(s.personCount)).contains { u in
          u != egoIndex
            && s.neighbors[s.offsets[Int(u)]..<s.offsets[Int(u) + 1]].contains { $0 != egoIndex }
        }
        print(
          tied
            ? "No circles at resolution \(resolution.rounded() == resolution && resolution < 1e15 ? String(Int64(resolution)) : String(resolution)): every community has one person. Try a resolution nearer 1 (the default)."
            : "No circles: none of \(g.ego == nil ? "the" : "your") contacts are tied to one another in what Kith has seen. Meetings of several people, `kith tie`, calendars and mail make such ties."
        )
        return
      }
      // Namesakes told apart as in the tables: the handle after the name.
      let memberNames = TableNames(g.snapshot)
      let modularity = circles.partition.modularity
      print(
        "\(Format.count(groups.count, "circle"))"
          + (modularity.isFinite ? ", modularity \(finite(modularity).serialized())" : "") + "."
      )
      for id in groups.sorted(by: {
        members[$0].count != members[$1].count ? members[$0].count > members[$1].count : $0 < $1
      }) {
        // A circle nothing names is said to be so, not left as a bare dash.
        let usual = circles.isUsual(id)
        let head =
          circles.labels[id].map { "\($0)\(usual ? " (usual)" : "")" }
          ?? "(\(usual ? "usual, " : "")no common organisation or tag)"
        let names = members[id].prefix(6).map(memberNames.callAsFunction).joined(separator: ", ")
        // Without an ego there is no "your tie strength" to share out.
        let yours =
          g.ego == nil ? "" : ", \(Int((share[id] * 100).rounded()))% of your tie strength"
        print(
          "#\(id) \(head): \(Format.count(members[id].count, "person", plural: "people"))\(yours) — \(names)\(members[id].count > 6 ? ", …" : "")"
        )
      }
      if alone > 0 {
        print(
          "And \(Format.count(alone, "person", plural: "people")) in no circle, tied to nobody else here (`kith circles --json` lists them)."
        )
      }
    }
  }

  struct PathCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "path",
      abstract: "The best path between two people, through ties that are actually strong.",
      discussion: """
        Each tie has quality q = s/(s + s0), with s0 the median tie strength; the best path \
        maximises the product of q (Dijkstra on −log q). Each hop shows its strength. From \
        you, your own tie is described as `kith intro` does (strong, moderate, weak or faded \
        for you, and the last contact), with its warnings: reconnect first when it is overdue \
        or faded, give first when you owe them. When you know the other person directly but \
        the path goes round, it says so: a weak or faded direct tie scores lower than the path.

        Examples:
          kith path me sam-lee
          kith path jane-doe sam-lee --json

        JSON: {"schemaVersion", "asOf", "ego", "from", "to", "score", "hops": [{"from", "to", \
        "strength"}], "warnings", "direct": {"strength", "score", "lastContact", "faded"}, \
        "firstHop": {"tier", "faded", "lastContact"}} — null score and empty hops when no path \
        exists; warnings and firstHop (your tie to the first person on the path, in the words \
        `kith intro` gives it) only from you, firstHop null otherwise; direct is null unless \
        the path goes round a tie between the two.
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "From this person.") var a: String
    @Argument(help: "To this person.") var b: String

    func run() throws {
      let g = try GraphAnalysis(global)
      let pa = try resolvePersonOrMe(a, g.store, global)
      let pb = try resolvePersonOrMe(b, g.store, global)
      if pa.id == pb.id {
        throw CLIError.rejected(
          "'\(a)' and '\(b)' are the same person (\(pa.handle)); a path joins two people")
      }
      guard let u = g.snapshot.index(ofPerson: pa.id), let v = g.snapshot.index(ofPerson: pb.id)
      else { return }
      let paths = BestPaths(graph: WeightedGraph(snapshot: g.snapshot))
      let result = paths.best(from: u, to: v)
      let hops: [JSONValue] =
        result.map { r in
          zip(zip(r.nodes, r.nodes.dropFirst()), r.hopStrengths).map { pair, strength in
            [
              "from": .string(g.handle(pair.0)), "to": .string(g.handle(pair.1)),
              "strength": .double(strength),
            ]
          }
        } ?? []
      // From you, your own tie as `intro` describes it; the path's first hop, and the direct
      // tie the path goes round, if any.
      let ego = g.ego.flatMap { g.snapshot.index(ofPerson: $0.id) }
      let goBetweens = ego.flatMap { e in u == e ? GoBetweens(snapshot: g.snapshot, ego: e) : nil }
      let firstHop = result.flatMap { r in r.nodes.count > 1 ? goBetweens?.tie(to: r.nodes[1]) : nil
      }
      let roundabout = (result?.hops ?? 0) > 1 ? g.snapshot.tieIndex(u, v) : nil
      let direct = roundabout.map {
        t -> (strength: Double, last: Int64?, faded: Bool, unmet: Bool) in
        let strength = Double(g.snapshot.tieStrength[t])
        let tie = goBetweens?.tie(to: v)
        return (strength, tie?.lastContact, tie?.faded ?? false, tie?.isUnmet ?? false)
      }
      if global.json {
        g.json([
          "from": .string(pa.handle), "to": .string(pb.handle), "score": .number(result?.score),
          "hops": .array(hops),
          "warnings": .strings((firstHop?.warnings ?? []).map(\.rawValue)),
          "direct": direct.map { d in
            [
              "strength": .double(d.strength),
              "score": .double(paths.quality(ofStrength: d.strength)),
              "lastContact": .string(d.last.map { KithTime.format(seconds: $0) }),
              "faded": .bool(d.faded),
            ]
          } ?? .null,
          "firstHop": firstHop.map { goBetweenJSON($0) } ?? .null,
        ])
        return
      }
      guard let result else {
        print("No path between \(pa.name) and \(pb.name) as of \(KithTime.formatDay(g.asOf)).")
        return
      }
      print(
        "\(result.nodes.map(g.name).joined(separator: " → ")) (score \(Format.number(result.score, digits: 3)))"
      )
      for (k, (pair, strength)) in zip(
        zip(result.nodes, result.nodes.dropFirst()), result.hopStrengths
      )
      .enumerated() {
        var line = "  \(g.name(pair.0)) — \(g.name(pair.1)): strength \(Format.number(strength))"
        if k == 0, let tie = firstHop { line += " — \(GoBetweens.describe(tie))" }
        print(line)
      }
      for reason in firstHop.map({ GoBetweens.reasons($0, name: g.name($0.person)) }) ?? [] {
        print("  \(reason)")
      }
      if let direct {
        let who = u == ego ? "You know \(pb.name)" : "\(pa.name) knows \(pb.name)"
        let last = direct.last.map { ", last contact \(KithTime.formatDay(seconds: $0))" } ?? ""
        let state =
          direct.faded ? (direct.unmet ? "a tie not met yet" : "a faded tie") : "a direct tie"
        print(
          "  \(who) directly (\(state): strength \(Format.number(direct.strength))\(last)), but it scores \(Format.number(paths.quality(ofStrength: direct.strength), digits: 3)) on its own: this path is stronger."
        )
      }
    }
  }
}
