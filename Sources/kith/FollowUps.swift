import ArgumentParser
import Foundation
import KithAnalytics
import KithExport
import KithGraph

extension Kith {
  struct Followups: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "followups",
      abstract: "Follow-ups you owe: dates that passed, and new contacts met only once.",
      discussion: """
        due: an interaction's --follow-up date has passed with no later interaction with that \
        person. never-followed-up: first met in the last 60 days, exactly one interaction (due \
        14 days after meeting).

        Examples:
          kith followups
          kith followups --as-of 2026-07-01 --json

        JSON: {"schemaVersion", "asOf", "ego", "followups": [{"handle", "name", "reason", "due", \
        "lastContact", "summary"}]}
        """)

    @OptionGroup var global: GlobalOptions

    func run() throws {
      let a = try Analysis(global)
      let items = FollowUps.list(in: a.snapshot, ego: a.egoIndex)
      if global.json {
        a.json([
          "followups": .array(
            items.map { f in
              [
                "handle": .string(a.handle(f.person)), "name": .string(a.name(f.person)),
                "reason": .string(f.reason.rawValue),
                "due": .string(KithTime.format(seconds: f.due)),
                "lastContact": .string(KithTime.format(seconds: f.lastContact)),
                "summary": .string(f.summary),
              ]
            })
        ])
        return
      }
      if items.isEmpty {
        print("No follow-ups owed as of \(KithTime.formatDay(a.asOf)).")
        if let hint = a.noHistoryHint { print(hint) }
        return
      }
      var table = TextTable(["NAME", "REASON", "DUE", "LAST CONTACT", "ABOUT"])
      let names = TableNames(a.snapshot, listing: items.map(\.person))
      let today = KithTime.day(ofSeconds: KithTime.seconds(a.asOf))
      for f in items {
        // A new contact's nudge can still be ahead: say when.
        let ahead = KithTime.day(ofSeconds: f.due) - today
        let due =
          KithTime.formatDay(seconds: f.due)
          + (ahead > 0 ? " (in \(Format.count(Int(ahead), "day")))" : "")
        table.add([
          names(f.person), f.reason.rawValue, due, KithTime.formatDay(seconds: f.lastContact),
          f.summary ?? "",
        ])
      }
      print(table.render())
    }
  }

  struct ReciprocityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "reciprocity",
      abstract: "The give and take with each contact, where you owe most first.",
      discussion: """
        Given (G) and received (R) sum exchange values (introduction, referral, job-lead 3; \
        help 2; others 1), each halved every half-life. balance = (G − R)/(G + R + 1). \
        initiationShare: the fraction of interactions with a known initiator that you started.
        Flags: taking (R ≥ 2 and balance ≤ −0.5), always-initiating (≥ 80% of ≥ 5), \
        they-initiate (≤ 20% of ≥ 5). Network: totals, and the fraction of giver→receiver \
        pairs among all exchanges that are reciprocated.

        Example: kith reciprocity --limit 10

        JSON: {"schemaVersion", "asOf", "ego", "contacts": [{"handle", "name", "given", \
        "received", "balance", "initiationShare", "interactions", "flags"}], "network": {"given", \
        "received", "reciprocatedPairsFraction"}}
        """)

    @OptionGroup var global: GlobalOptions
    @Option(
      parsing: .unconditional,
      help: ArgumentHelp("Show at most this many contacts.", valueName: "n")) var limit: Int?

    func validate() throws {
      if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
    }

    func run() throws {
      let a = try Analysis(global)
      let report = Reciprocity.report(in: a.snapshot, ego: a.egoIndex, limit: limit)
      if global.json {
        a.json([
          "contacts": .array(
            report.entries.map { e in
              [
                "handle": .string(a.handle(e.person)), "name": .string(a.name(e.person)),
                "given": .double(e.given), "received": .double(e.received),
                "balance": .double(e.balance),
                "initiationShare": .number(e.initiationShare), "interactions": .int(e.interactions),
                "flags": .strings(e.flags.map(\.rawValue)),
              ]
            }),
          "network": [
            "given": .double(report.given), "received": .double(report.received),
            "reciprocatedPairsFraction": .number(report.reciprocatedPairsFraction),
          ],
        ])
        return
      }
      var table = TextTable(
        ["NAME", "GIVEN", "RECEIVED", "BALANCE", "YOU START", "INTERACTIONS", "FLAGS"],
        rightAligned: [1, 2, 3, 4, 5])
      let names = TableNames(a.snapshot, listing: report.entries.map(\.person))
      for e in report.entries {
        table.add([
          names(e.person), Format.number(e.given), Format.number(e.received),
          Format.number(e.balance),
          e.initiationShare.map { "\(Int(($0 * 100).rounded()))%" } ?? "–", "\(e.interactions)",
          e.flags.map(\.rawValue).joined(separator: ","),
        ])
      }
      if report.entries.isEmpty {
        print("No exchanges or interactions with anyone as of \(KithTime.formatDay(a.asOf)).")
      } else {
        print(table.render())
      }
      print("")
      if let fraction = report.reciprocatedPairsFraction {
        print(
          "In all you gave \(Format.number(report.given)) and received \(Format.number(report.received)); across the whole network, \(Int((fraction * 100).rounded()))% of giver → receiver pairs are reciprocated."
        )
      } else {
        print("Nothing given or received yet; record it with `kith give`.")
      }
    }
  }
}
