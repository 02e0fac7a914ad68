import ArgumentParser
import Foundation
import KithAnalytics
import KithExport
import KithGraph
import KithStore

/// Which part of the network to draw or export, shared by `kith render` and `kith export
/// dot|graphml|graph-json`.
struct ViewOptions: ParsableArguments {
  @Option(
    parsing: .upToNextOption,
    help: ArgumentHelp(
      "What to draw: network, ego, circle ID, path A B or intro TARGET (default: network).",
      valueName: "view"))
  var view: [String] = []

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "For --view ego: people within this many steps of you (1 or 2; default 1).",
      valueName: "n"))
  var radius: Int?

  @Option(
    name: .customLong("min-strength"), parsing: .unconditional,
    help: ArgumentHelp("Leave out ties weaker than this.", valueName: "x"))
  var minStrength: Double = 0

  @Option(
    name: .customLong("max-ties"), parsing: .unconditional,
    help: ArgumentHelp(
      "Draw at most this many ties: the strongest, chosen so that nobody is cut off.",
      discussion:
        "Default for the network, ego and circle views of `render`: twice the number of people; no limit for `export`.",
      valueName: "n"))
  var maxTies: Int?

  @Option(
    name: .customLong("max-people"), parsing: .unconditional,
    help: ArgumentHelp(
      "Draw at most this many people of the network, ego or circle view: you and those closest to you.",
      discussion:
        "Default for the network, ego and circle views of `render` and `report`: 1000; no limit for `export`.",
      valueName: "n"))
  var maxPeople: Int?

  func validate() throws {
    let request = try request()
    if let radius, radius != 1 && radius != 2 {
      throw ValidationError("--radius must be 1 or 2, e.g. --view ego --radius 2.")
    }
    // An option the view does not use is refused rather than silently ignored.
    if radius != nil && request != .ego {
      throw ValidationError("--radius applies to --view ego, e.g. --view ego --radius 2.")
    }
    if maxPeople != nil && !request.isPruned {
      throw ValidationError(
        "--max-people applies to the network, ego and circle views; a path or an introduction keeps all its people."
      )
    }
    if !minStrength.isFinite || minStrength < 0 {
      throw ValidationError("--min-strength must be a number ≥ 0, e.g. --min-strength 0.1.")
    }
    if let maxTies, maxTies < 1 {
      throw ValidationError("--max-ties must be at least 1, e.g. --max-ties 500.")
    }
    if let maxPeople, maxPeople < 1 {
      throw ValidationError("--max-people must be at least 1, e.g. --max-people 300.")
    }
  }

  /// The view the words of --view ask for.
  func request() throws -> ViewRequest {
    guard let first = view.first else { return .network }
    let rest = Array(view.dropFirst())
    func expect(_ count: Int, _ usage: String) throws {
      guard rest.count == count else {
        throw ValidationError(
          "--view \(first) takes \(usage), e.g. --view \(first) \(example(first)).")
      }
    }
    switch first.lowercased() {
    case "network":
      try expect(0, "nothing more")
      return .network
    case "ego":
      try expect(0, "nothing more (use --radius)")
      return .ego
    case "circle":
      try expect(1, "a circle id from `kith circles`")
      guard let id = Int(rest[0]), id >= 0 else {
        throw ValidationError(
          "--view circle takes a circle id (a number from `kith circles`), not '\(rest[0])'.")
      }
      return .circle(id)
    case "path":
      try expect(2, "two people")
      return .path(rest[0], rest[1])
    case "intro":
      try expect(1, "one target (a person, org:ORG or tag:TAG)")
      try Kith.IntroCommand.checkTarget(rest[0])
      return .intro(rest[0])
    default:
      throw ValidationError(
        "unknown view '\(first)'; use network, ego, circle ID, path A B or intro TARGET.")
    }
  }

  private func example(_ view: String) -> String {
    switch view {
    case "circle": return "2"
    case "path": return "jane sam"
    case "intro": return "jane"
    default: return ""
    }
  }
}

/// A parsed --view.
enum ViewRequest: Equatable {
  case network
  case ego
  case circle(Int)
  case path(String, String)
  case intro(String)

  /// Whether `render` keeps only the strongest ties by default: the views of whole groups,
  /// which can hold more ties than a picture can show; paths and introductions show theirs.
  var isPruned: Bool {
    switch self {
    case .network, .ego, .circle: true
    case .path, .intro: false
    }
  }

  var kind: NetworkPicture.Kind {
    switch self {
    case .network: return .network
    case .ego: return .ego
    case .circle: return .circle
    case .path: return .path
    case .intro: return .intro
    }
  }
}

/// Builds a ``NetworkPicture`` from the store: the people of the view, their ties, and the
/// scores that set colour, size and outline (communities, centrality or strength to the ego,
/// neglect, the best path).
struct PictureBuilder {
  let store: KithStore
  let ego: Person?
  let egoIndex: Int32?
  let snapshot: NetworkSnapshot
  let asOf: Date

  init(_ global: GlobalOptions) throws {
    store = try global.openStore()
    ego = try global.optionalEgo(store)
    asOf = global.now
    let snapshot = try store.snapshot(asOf: asOf, ego: ego?.id)
    self.snapshot = snapshot
    egoIndex = ego.flatMap { snapshot.index(ofPerson: $0.id) }
  }

  /// A builder on a snapshot an ego-centric command already has.
  init(_ a: Analysis) {
    store = a.store
    ego = a.ego
    egoIndex = a.egoIndex
    snapshot = a.snapshot
    asOf = a.asOf
  }

  /// The picture for `options`; `defaultPruning` applies the legibility budget of `render`
  /// when --max-ties is not given.
  func picture(_ options: ViewOptions, defaultPruning: Bool) throws -> NetworkPicture {
    try picture(
      try options.request(), radius: options.radius ?? 1, minStrength: options.minStrength,
      maxTies: options.maxTies, maxPeople: options.maxPeople, defaultPruning: defaultPruning)
  }

  /// The picture of `request`, with ties weaker than `minStrength` left out, at most
  /// `maxPeople` people (you and those closest to you) and at most `maxTies` ties (by default,
  /// when `defaultPruning`, `peopleLimit` people and twice the people in ties for the network,
  /// ego and circle views).
  func picture(
    _ request: ViewRequest, radius: Int = 1, minStrength: Double = 0, maxTies: Int? = nil,
    maxPeople: Int? = nil, defaultPruning: Bool
  ) throws -> NetworkPicture {
    let s = snapshot
    // Circles as `kith circles` finds them (without the ego, seed 0, resolution 1), so that
    // colours and ids agree with it.
    let circles = EgoCircles(snapshot: s, ego: egoIndex)
    let partition = circles.partition
    let neglected: Set<Int32> =
      egoIndex.map { e in
        Set(Neglect.neglected(in: s, ego: e).map(\.person))
      } ?? []

    var people: [Int32] = []
    var highlightedPeople: Set<Int32> = []
    var highlightedTies: Set<Int> = []
    // Path and intro views draw only the ties of their paths.
    var pathTies: Set<Int>?
    var title: String
    // An intro picture's targets not drawn, said as other views say what they leave out.
    var targetsLeftOut: String?
    let egoName = ego?.name ?? "the network"
    switch request {
    case .network:
      // Pictures leave out people with no tie (dots in a corner); exports keep everyone, as
      // NetworkX and Gephi count them, unless --min-strength asks for ties of some strength.
      let everyone = !defaultPruning && minStrength <= 0
      people = (0..<Int32(s.personCount)).filter { u in
        everyone
          || s.neighbors(of: u).contains { v in
            s.strength(u, v) >= minStrength && s.strength(u, v) > 0
          }
      }
      title = ego.map { "\($0.name)'s network" } ?? "The network"
    case .ego:
      let e = try requireEgo()
      var seen: Set<Int32> = [e]
      var frontier: [Int32] = [e]
      people = [e]
      for _ in 0..<radius {
        var next: [Int32] = []
        for u in frontier {
          for v in s.neighbors(of: u) where !seen.contains(v) {
            let strength = s.strength(u, v)
            guard strength > 0, strength >= minStrength else { continue }
            seen.insert(v)
            next.append(v)
          }
        }
        people += next.sorted()
        frontier = next
      }
      title =
        "\(egoName)'s ties" + (radius == 2 ? " and their ties" : "")
    case .circle(let id):
      let members = circles.members
      guard id < members.count, !members[id].filter({ $0 != egoIndex }).isEmpty else {
        throw CLIError.rejected(
          "no circle \(id) as of \(KithTime.formatDay(asOf)); `kith circles` lists the circles")
      }
      people = members[id].filter { $0 != egoIndex }
      if let e = egoIndex { people.insert(e, at: 0) }
      title = "Circle \(id)" + (circles.labels[id].map { ": \($0)" } ?? "")
    case .path(let a, let b):
      let u = try personIndex(a)
      let v = try personIndex(b)
      let paths = BestPaths(graph: WeightedGraph(snapshot: s))
      guard let best = paths.best(from: u, to: v) else {
        throw CLIError.rejected(
          "no path between \(name(u)) and \(name(v)) as of \(KithTime.formatDay(asOf))")
      }
      people = best.nodes
      highlightedPeople = Set(best.nodes)
      highlightedTies = tieSet(best)
      pathTies = highlightedTies
      title = "Best path from \(name(u)) to \(name(v))"
    case .intro(let target):
      let e = try requireEgo()
      guard let ego else { throw StoreError.noEgo }
      // What `kith intro --to` takes: a person, an organisation's current members, a tag.
      let aim = try Kith.IntroCommand.resolveTargets(
        target, store: store, ego: ego, egoIndex: e, snapshot: s)
      let (targets, label) = (aim.people, aim.label)
      let graph = WeightedGraph(snapshot: s)
      let quality = BestPaths(graph: graph)
      if targets == [e] { throw CLIError.rejected("an introduction needs someone other than you") }
      // The ways `intro --to` offers, from the one function that decides them for `intro`,
      // `brief` and this picture.
      let ranked = Introductions.paths(
        in: s, graph: graph, paths: quality, ego: e, to: targets,
        limit: targets.count == 1 ? Introductions.defaultLimit : 1)
      // Your own tie to someone: drawn when intro names them as known, or has no way to them.
      func direct(_ r: IntroTarget) -> PathResult? {
        r.directStrength.map {
          PathResult(
            nodes: [e, r.person], hopStrengths: [$0], score: quality.quality(ofStrength: $0))
        }
      }
      var paths: [PathResult] = []
      if targets.count == 1, let r = ranked.first {
        // Your best three ways to reach them, as `intro --to` lists them.
        paths = r.paths.map { $0.path(from: e, to: r.person) }
        if paths.isEmpty, let tie = direct(r) { paths = [tie] }
      } else {
        // The first way `intro` lists to each of the targets it ranks first; to someone you
        // already know (whom `intro` names without a way), your tie.
        for r in ranked.prefix(Self.introTargets) {
          if r.isKnown, let tie = direct(r) {
            paths.append(tie)
          } else if let first = r.paths.first {
            paths.append(first.path(from: e, to: r.person))
          } else if let tie = direct(r) {
            paths.append(tie)
          }
        }
        if ranked.count > paths.count {
          targetsLeftOut =
            "\(ranked.count - paths.count) of the \(ranked.count) people (drew the best path to the \(paths.count) you can best reach; `kith intro --to` lists them all)"
        }
      }
      guard let best = paths.first else {
        throw CLIError.rejected(
          "no path from you to \(label) within three hops as of \(KithTime.formatDay(asOf)): nobody you know knows them, nor anyone who does"
        )
      }
      var seen: Set<Int32> = []
      var all: Set<Int> = []
      for path in paths {
        for u in path.nodes where seen.insert(u).inserted { people.append(u) }
        all.formUnion(tieSet(path))
      }
      highlightedPeople = Set(best.nodes)
      highlightedTies = tieSet(best)
      pathTies = all
      title = "Introductions to \(label)"
    }

    var omitted: [String] = []
    if let targetsLeftOut { omitted.append(targetsLeftOut) }
    let isolated = request == .network ? s.personCount - people.count : 0
    // Paths and introductions keep all their people: a path with a gap is no path.
    let peopleBudget =
      request.isPruned ? maxPeople ?? (defaultPruning ? Self.peopleLimit : nil) : nil
    if let peopleBudget, people.count > peopleBudget {
      let kept = closestPeople(people, budget: peopleBudget)
      omitted.append(
        "\(Format.count(people.count - kept.count, "person", plural: "people")) (kept the \(kept.count) closest to you, then the most connected; --max-people to change)"
      )
      people = kept
    }

    // The ties among the chosen people, above --min-strength.
    let position = Dictionary(uniqueKeysWithValues: people.enumerated().map { ($1, $0) })
    var ties: [Int] = []
    for u in people {
      for slot in s.offsets[Int(u)]..<s.offsets[Int(u) + 1] {
        let v = s.neighbors[slot]
        guard u < v, position[v] != nil else { continue }
        let t = s.tieIndex(slot: slot, of: u)
        let strength = Double(s.tieStrength[t])
        guard strength > 0, strength >= minStrength || highlightedTies.contains(t) else {
          continue
        }
        ties.append(t)
      }
    }
    if let pathTies { ties = ties.filter { pathTies.contains($0) } }
    let budget = maxTies ?? (defaultPruning && request.isPruned ? 2 * people.count : nil)
    if let budget, ties.count > budget {
      let kept = strongestTies(ties, budget: budget)
      omitted.append(
        "\(ties.count - kept.count) weaker ties (kept the \(kept.count) strongest, keeping everyone connected; --max-ties to change)"
      )
      ties = kept
    }
    if request == .network {
      if isolated > 0 {
        omitted.append(
          "\(isolated) \(isolated == 1 ? "person" : "people") with no tie"
            + (minStrength > 0 ? " of strength ≥ \(minStrength)" : "")
            + " as of \(KithTime.formatDay(asOf))")
      }
    }

    // Node size: centrality (betweenness on the drawn graph's underlying network) or strength
    // to the ego.
    var size = [Double](repeating: 0, count: people.count)
    if request == .network {
      let whole = WeightedGraph(snapshot: s)
      let scores =
        s.personCount <= 2_000
        ? Betweenness.exact(in: whole, normalized: true)
        : Betweenness.sampled(in: whole, pivots: 256, normalized: true, seed: 0)
      for (k, u) in people.enumerated() { size[k] = scores.values[Int(u)] }
    } else if let e = egoIndex {
      for (k, u) in people.enumerated() {
        size[k] = u == e ? 1 : s.strength(e, u)
      }
    }
    let largest = size.max() ?? 0
    if largest > 0 { size = size.map { $0 / largest } }
    // Large views label only the most important people; the tooltip names everyone.
    var labelled = Set(people.indices)
    if people.count > Self.labelLimit {
      let order = people.indices.sorted { size[$0] != size[$1] ? size[$0] > size[$1] : $0 < $1 }
      labelled = Set(order.prefix(Self.labelLimit))
      // Where size is centrality, your strongest ties are named too, however central.
      if request.kind == .network, let e = egoIndex {
        let strength = people.map { $0 == e ? -1 : s.strength(e, $0) }
        let strongest = people.indices.filter { strength[$0] > 0 }.sorted {
          strength[$0] != strength[$1] ? strength[$0] > strength[$1] : $0 < $1
        }
        labelled.formUnion(strongest.prefix(Self.strongestLabelled))
      }
    }

    var communityCount: [Int: Int] = [:]
    var nodes: [NetworkPicture.Node] = []
    // Namesakes told apart as the tables tell them: the handle after the name.
    let names = TableNames(s)
    for (k, u) in people.enumerated() {
      let isEgo = u == egoIndex
      let community = isEgo ? nil : Int(partition[u])
      if let community { communityCount[community, default: 0] += 1 }
      let egoTie = egoIndex.flatMap { s.tieIndex($0, u) }.map { s.tie($0) }
      nodes.append(
        NetworkPicture.Node(
          id: s.people.handles[Int(u)], name: s.people.names[Int(u)],
          organisation: s.affiliations(of: u).first(where: \.isCurrent).map {
            s.organisations.names[Int($0.organisation)]
          },
          community: community,
          strength: isEgo ? egoTotal(u) : (egoTie?.strength ?? 0), size: size[k],
          lastContact: egoTie?.lastDay, isEgo: isEgo, isNeglected: neglected.contains(u),
          isHighlighted: highlightedPeople.contains(u),
          showsLabel: isEgo || labelled.contains(k) || neglected.contains(u) && people.count <= 150,
          isNamesake: names.isNamesake(u))
      )
    }
    let members = circles.members
    // The circles holding most of your tie strength get colours first, then the largest in
    // the whole network: both hold in every view, so a circle keeps its colour. A "circle"
    // of one person tied to nobody else in it is no circle (`kith circles` counts them
    // apart): grey, and not in the legend.
    let share = circles.egoShare
    let communities = communityCount.filter { members[$0.key].count >= 2 }.sorted {
      let (a, b) = ($0.key, $1.key)
      if share[a] != share[b] { return share[a] > share[b] }
      return members[a].count != members[b].count
        ? members[a].count > members[b].count : a < b
    }.map { id, count in
      NetworkPicture.Community(id: id, label: circles.labels[id], size: count)
    }
    let edges = ties.map { t -> NetworkPicture.Edge in
      let ends = s.endpoints(ofTie: t)
      let summary = s.tie(t)
      return NetworkPicture.Edge(
        source: position[ends.a] ?? 0, target: position[ends.b] ?? 0,
        strength: summary.strength, peak: summary.peak, lastContact: summary.lastDay,
        isHighlighted: highlightedTies.contains(t))
    }
    return NetworkPicture(
      kind: request.kind, title: title, asOf: asOf, nodes: nodes, edges: edges,
      communities: communities, omitted: omitted.isEmpty ? nil : omitted.joined(separator: "; "))
  }

  /// Views bigger than this label only their most central or closest people.
  static let labelLimit = 60
  /// How many of your strongest ties a network view names besides the most central people.
  static let strongestLabelled = 10

  /// The people `render` and `report` draw at most in a view of a whole group by default: a
  /// picture of more is a blot, and Graphviz's overlap removal (which keeps the people apart)
  /// takes seconds beyond it.
  static let peopleLimit = 1_000

  /// `budget` of `people`, in their order: you, then those with the strongest ties to you,
  /// then the most connected (total strength of their ties), then by index.
  private func closestPeople(_ people: [Int32], budget: Int) -> [Int32] {
    let s = snapshot
    func toYou(_ u: Int32) -> Double {
      guard let e = egoIndex else { return 0 }
      return u == e ? .infinity : s.strength(e, u)
    }
    func total(_ u: Int32) -> Double {
      s.neighbors(of: u).reduce(0) { $0 + s.strength(u, $1) }
    }
    let ranked = people.map { (u: $0, toYou: toYou($0), total: total($0)) }.sorted {
      if $0.toYou != $1.toYou { return $0.toYou > $1.toYou }
      if $0.total != $1.total { return $0.total > $1.total }
      return $0.u < $1.u
    }
    let kept = Set(ranked.prefix(budget).map(\.u))
    return people.filter { kept.contains($0) }
  }

  /// How many targets of an organisation or tag the intro picture draws a path to.
  static let introTargets = 5

  private func requireEgo() throws -> Int32 {
    guard let egoIndex else { throw StoreError.noEgo }
    return egoIndex
  }

  private func personIndex(_ reference: String) throws -> Int32 {
    let person: Person
    if GlobalOptions.isMe(reference), let ego {
      person = ego
    } else {
      person = try store.resolvePerson(reference)
    }
    guard let index = snapshot.index(ofPerson: person.id) else {
      throw StoreError.notFound(kind: "person", reference: reference, suggestions: [])
    }
    return index
  }

  private func name(_ u: Int32) -> String { snapshot.people.names[Int(u)] }

  private func egoTotal(_ e: Int32) -> Double {
    snapshot.neighbors(of: e).reduce(0) { $0 + snapshot.strength(e, $1) }
  }

  /// The ties along a path.
  private func tieSet(_ path: PathResult) -> Set<Int> {
    Set(zip(path.nodes, path.nodes.dropFirst()).compactMap { snapshot.tieIndex($0, $1) })
  }

  /// The `budget` strongest ties, after first keeping a maximum spanning forest so that the
  /// pruned picture has exactly the components of the unpruned one (nobody is cut off by the
  /// pruning). Ties of equal strength are taken in tie-index order, for determinism.
  ///
  /// - Complexity: O(m log m) for the m candidate ties (Kruskal's algorithm with union–find).
  private func strongestTies(_ ties: [Int], budget: Int) -> [Int] {
    let s = snapshot
    let order = ties.sorted {
      s.tieStrength[$0] != s.tieStrength[$1] ? s.tieStrength[$0] > s.tieStrength[$1] : $0 < $1
    }
    var parent = [Int32](0..<Int32(s.personCount))
    func root(_ x: Int32) -> Int32 {
      var x = x
      while parent[Int(x)] != x {
        parent[Int(x)] = parent[Int(parent[Int(x)])]
        x = parent[Int(x)]
      }
      return x
    }
    var kept = Set<Int>()
    for t in order {
      let ends = s.endpoints(ofTie: t)
      let (ra, rb) = (root(ends.a), root(ends.b))
      if ra != rb {
        parent[Int(ra)] = rb
        kept.insert(t)
      }
    }
    for t in order where kept.count < budget { kept.insert(t) }
    return ties.filter { kept.contains($0) }
  }
}
