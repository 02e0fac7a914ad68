import ArgumentParser
import Foundation
import KithAnalytics
import KithExport
import KithGraph
import KithStore

/// What the circle-aware ego commands share: the snapshot, the whole graph, tie quality and
/// the ego's circles.
struct CircleAnalysis {
  let a: Analysis
  let graph: WeightedGraph
  let paths: BestPaths
  let circles: EgoCircles

  init(_ global: GlobalOptions, resolution: Double = 1, seed: UInt64 = 0) throws {
    a = try Analysis(global)
    graph = WeightedGraph(snapshot: a.snapshot)
    paths = BestPaths(graph: graph)
    circles = EgoCircles(
      snapshot: a.snapshot, ego: a.egoIndex, resolution: resolution, seed: seed)
  }

  /// {"id", "label"} of a circle.
  func circleJSON(_ id: Int) -> JSONValue {
    ["id": .int(id), "label": .string(circles.labels[id]), "usual": .bool(circles.isUsual(id))]
  }
}

extension Kith {
  struct BeyondCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "beyond",
      abstract: "People outside your usual circle, two or three hops away, worth meeting.",
      discussion: """
        Everyone you have no tie with, in a circle (see `kith circles`) outside your usual \
        ones, reachable through people you know. Ranked by novelty × path score: \
        novelty = 1 − your share of tie strength in their circle; the path score is \
        bridge(q₁) × q₂ (× q₃), where q = s/(s + s₀) is a tie's quality (s₀: the median tie; \
        for your own tie to the go-between, the median of your ties) and bridge(q) = \
        4q(1 − q). Your own tie to the go-between counts most when it is of moderate strength \
        for you: moderately weak ties lead furthest (Rajkumar et al., Science 2022), while your \
        strongest contacts mostly know the people you know.

        The go-between's tie is described as `kith intro` does: strong when it is at least \
        twice the median of your ties or in the strongest quarter of them; moderate from \
        half that median; weak below; faded when you have had no contact for a year, or it \
        is under a tenth of its peak with no contact within its cadence or the last 30 days \
        (whichever is longer). A go-between gets a warning: reconnect first when your \
        tie to them is overdue (`kith neglected`, lost ties included) or faded, give first \
        when you owe them (in JSON "reconnect-first" and "give-first").

        JSON: {"schemaVersion", "asOf", "ego", "beyond": [{"handle", "name", "community", \
        "communityLabel", "novelty", "pathScore", "score", "via": [handles], \
        "hopStrengths": [numbers], "why", "warnings"}], "letGoNotAsked"} (letGoNotAsked: how \
        many ties you let go with `kith let-go` are asked for nothing)

        Example: kith beyond --limit 5 --hops 3
        """)

    @OptionGroup var global: GlobalOptions
    @Option(parsing: .unconditional, help: ArgumentHelp("Show at most this many.", valueName: "n"))
    var limit: Int = 10
    @Option(
      parsing: .unconditional,
      help: ArgumentHelp("Reach people 2 or 3 hops away.", valueName: "2|3")) var hops: Int =
        2

    func validate() throws {
      if limit < 1 { throw ValidationError("--limit must be at least 1.") }
      if hops != 2 && hops != 3 { throw ValidationError("--hops must be 2 or 3.") }
    }

    func run() throws {
      let c = try CircleAnalysis(global)
      let a = c.a
      // The ties let go, whom nothing asks: counted, so that the text can say so.
      let letGo = Neglect.lettingGo(in: a.snapshot, ego: a.egoIndex).count
      let items = Beyond.candidates(
        in: a.snapshot, graph: c.graph, paths: c.paths, circles: c.circles, ego: a.egoIndex,
        hops: hops, limit: limit)
      let goBetweens = GoBetweens(snapshot: a.snapshot, ego: a.egoIndex)
      let warnings = { (b: BeyondCandidate) in goBetweens.warnings(for: b.via[0]) }
      if global.json {
        a.json([
          "letGoNotAsked": .int(Int64(letGo)),
          "beyond": .array(
            items.map { b in
              [
                "handle": .string(a.handle(b.person)), "name": .string(a.name(b.person)),
                "community": .int(b.circle), "communityLabel": .string(c.circles.labels[b.circle]),
                "novelty": .double(b.novelty), "pathScore": .double(b.pathScore),
                "score": .double(b.score), "via": .strings(b.via.map(a.handle)),
                "hopStrengths": .array(b.hopStrengths.map { .double($0) }),
                "why": .string(
                  Beyond.why(b, in: a.snapshot, circles: c.circles, goBetweens: goBetweens)),
                "warnings": .strings(warnings(b).map(\.rawValue)),
              ]
            }),
        ])
        return
      }
      if items.isEmpty {
        print(
          "Nobody beyond your usual circle within \(hops) hops as of \(KithTime.formatDay(a.asOf))."
        )
        if letGo > 0 { print(try Kith.letGoNotAsked(letGo, global, a)) }
        return
      }
      for b in items {
        let flags = warnings(b).map(\.phrase)
        print(
          "• \(Terminal.bold(a.name(b.person))) (\(a.handle(b.person))) — via \(b.via.map(a.name).joined(separator: " → ")), score \(Format.number(b.score, digits: 3))\(flags.isEmpty ? "" : " [\(flags.joined(separator: ", "))]")"
        )
        print("  \(Beyond.why(b, in: a.snapshot, circles: c.circles, goBetweens: goBetweens))")
      }
      if letGo > 0 { print(try Kith.letGoNotAsked(letGo, global, a)) }
    }
  }

  struct BrokersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "brokers",
      abstract: "Your brokerage, and the contacts who bridge you into other circles.",
      discussion: """
        Your constraint (Burt: how much your contacts are tied to each other — lower means \
        more structural holes around you) and effective size (non-redundant contacts), both \
        weighted by tie strength, as NetworkX defines them. Then your contacts ranked by their \
        bridge strength: the sum of their tie strengths to people you do not know in circles \
        outside your usual ones (see `kith circles`), with how many such people they reach, \
        which circles, and their own constraint. Contacts whose tie to you has faded (no \
        contact for a year, or under a tenth of its peak and not in touch lately: see `kith \
        intro`) come after the \
        ones you can ask now, marked "reconnect first": they bridge all the same, but are no \
        one to lean on before you get back in touch. ASK says what to do first \
        (reconnect first, give first), as `kith intro` does.

        JSON: {"schemaVersion", "asOf", "ego", "constraint", "effectiveSize", "degree", \
        "brokers": [{"handle", "name", "strength", "bridgeStrength", "reach", \
        "circles": [{"id", "label", "usual"}], "constraint", "faded", "warnings"}], \
        "letGoNotAsked"} (letGoNotAsked: how many ties you let go with `kith let-go` are not \
        listed)

        Example: kith brokers --limit 5
        """)

    @OptionGroup var global: GlobalOptions
    @Option(
      parsing: .unconditional,
      help: ArgumentHelp("Show at most this many contacts.", valueName: "n")) var limit: Int =
        10

    func validate() throws {
      if limit < 1 { throw ValidationError("--limit must be at least 1.") }
    }

    func run() throws {
      let c = try CircleAnalysis(global)
      let a = c.a
      // The ties let go, whom nothing asks: counted, so that the text can say so.
      let letGo = Neglect.lettingGo(in: a.snapshot, ego: a.egoIndex).count
      let report = Brokerage.report(
        in: a.snapshot, graph: c.graph, circles: c.circles, ego: a.egoIndex, limit: limit)
      if global.json {
        a.json([
          "letGoNotAsked": .int(Int64(letGo)),
          "constraint": finite(report.constraint), "effectiveSize": finite(report.effectiveSize),
          "degree": .int(report.degree),
          "brokers": .array(
            report.brokers.map { b in
              [
                "handle": .string(a.handle(b.person)), "name": .string(a.name(b.person)),
                "strength": .double(b.strength), "bridgeStrength": .double(b.bridgeStrength),
                "reach": .int(b.reach), "circles": .array(b.circles.map(c.circleJSON)),
                "constraint": finite(b.constraint), "faded": .bool(b.faded),
                "warnings": .strings(b.warnings.map(\.rawValue)),
              ]
            }),
        ])
        return
      }
      func num(_ v: Double) -> String { v.isFinite ? Format.number(v, digits: 3) : "–" }
      print(
        "You: \(Format.count(report.degree, "contact")), constraint \(num(report.constraint)), effective size \(num(report.effectiveSize)) (as of \(KithTime.formatDay(a.asOf)))."
      )
      if report.brokers.isEmpty {
        print("None of your contacts knows people in circles outside your usual ones.")
        if letGo > 0 { print(try Kith.letGoNotAsked(letGo, global, a)) }
        return
      }
      var table = TextTable(
        ["CONTACT", "YOUR TIE", "BRIDGE", "REACH", "CONSTRAINT", "CIRCLES", "ASK"],
        rightAligned: [1, 2, 3, 4])
      let names = TableNames(a.snapshot)
      for b in report.brokers {
        table.add([
          names(b.person), num(b.strength), num(b.bridgeStrength), "\(b.reach)",
          num(b.constraint), b.circles.prefix(3).map(c.circles.name(of:)).joined(separator: ", "),
          b.warnings.map(\.phrase).joined(separator: ", "),
        ])
      }
      print(table.render())
      if letGo > 0 { print(try Kith.letGoNotAsked(letGo, global, a)) }
    }
  }

  /// The line that says ties let go were not asked for an introduction.
  static func letGoNotAsked(_ count: Int, _ global: GlobalOptions, _ a: Analysis) throws -> String {
    "Not asked: \(count == 1 ? "1 tie" : "\(count) ties") you let go; `kith let-go --list\(egoOption(try global.choicesOwner(a.store)))` lists them."
  }
}
