import ArgumentParser
import Foundation
import KithAnalytics
import KithExport
import KithGraph
import KithStore

extension Kith {
  struct Ties: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "ties",
      abstract: "List your ties, strongest first, with their decayed strength now and at peak.",
      discussion: """
        Strength is the sum over shared interactions of weight(kind)/(n−1), each halved every \
        half-life since it happened. Peak is the most it ever was. COUNT, FIRST and LAST are \
        the tie's dated events: interactions, and connections recorded with a date (a \
        LinkedIn connection, `kith tie --on`).

        Examples:
          kith ties --limit 10
          kith ties --as-of 2025-12-31 --json

        JSON: {"schemaVersion", "asOf", "ego", "ties": [{"handle", "name", "strength", "peak", \
        "count", "first", "last"}]}, strongest first; first/last are days (YYYY-MM-DD), null for \
        an undated explicit tie.
        """)

    @OptionGroup var global: GlobalOptions
    @Option(parsing: .unconditional, help: ArgumentHelp("Show at most this many.", valueName: "n"))
    var limit: Int?

    func validate() throws {
      if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
    }

    func run() throws {
      let store = try global.openStore()
      let ego = try global.resolveEgo(store)
      let asOf = global.now
      let snapshot = try store.snapshot(asOf: asOf, ego: ego.id)
      guard let e = snapshot.index(ofPerson: ego.id) else { throw StoreError.noEgo }
      let ranked = TieRanking.strongest(in: snapshot, ego: e, limit: limit)
      if global.json {
        Output.json(
          ["ties": .array(ranked.map { rankedTieJSON($0, snapshot) })], asOf: asOf, ego: ego)
        return
      }
      if ranked.isEmpty {
        print(
          "No ties yet as of \(KithTime.formatDay(asOf)); record one with `kith log meeting --with NAME\(egoOption(try global.choicesOwner(store)))`."
        )
        return
      }
      print(tieTable(ranked, snapshot).render())
    }
  }
}

func rankedTieJSON(_ r: RankedTie, _ snapshot: NetworkSnapshot) -> JSONValue {
  guard case .object(var fields) = tieJSON(r.tie) else { return .null }
  fields["handle"] = .string(snapshot.people.handles[Int(r.person)])
  fields["name"] = .string(snapshot.people.names[Int(r.person)])
  return .object(fields)
}

func tieTable(_ ranked: [RankedTie], _ snapshot: NetworkSnapshot) -> TextTable {
  var table = TextTable(
    ["NAME", "HANDLE", "STRENGTH", "PEAK", "COUNT", "LAST"], rightAligned: [2, 3, 4])
  for r in ranked {
    table.add([
      snapshot.people.names[Int(r.person)], snapshot.people.handles[Int(r.person)],
      Format.number(r.tie.strength), Format.number(r.tie.peak), "\(r.tie.count)",
      r.tie.lastDay.map(KithTime.formatDay) ?? "undated",
    ])
  }
  return table
}
