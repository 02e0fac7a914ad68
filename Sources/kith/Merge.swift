import ArgumentParser
import Foundation
import KithExport
import KithGraph
import KithStore

extension Kith {
  struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "merge",
      abstract: "Merge two records of the same person into one.",
      discussion: """
        KEEP stays; OTHER's interactions, exchanges, referrals, ties, notes and affiliations \
        move to KEEP, its emails, phones, URLs, tags and interests are added, and its name \
        becomes an alias. Records between the two alone (a meeting of just the two of them) \
        are deleted. Tie strengths are recomputed. Re-importing a file that created OTHER now \
        updates KEEP. There is no undo: `kith export json` first if unsure.

        Example: kith merge ada-quill ada-quill-2
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The person to keep.", valueName: "keep")) var keep: String
    @Argument(help: ArgumentHelp("The person merged into KEEP and removed.", valueName: "other"))
    var other: String

    func run() throws {
      let store = try global.openStore()
      let kept = try resolvePersonOrMe(keep, store, global)
      let removed = try resolvePersonOrMe(other, store, global)
      if kept.id == removed.id {
        // Like a tie or a gift between a person and themself: the names are fine, the data says
        // they are one person.
        throw CLIError.rejected("'\(keep)' and '\(other)' are the same person (\(kept.handle))")
      }
      let summary = try store.mergePeople(keep: kept.id, remove: removed.id)
      if global.json {
        Output.json(
          [
            "kept": Output.personRef(summary.kept), "removed": Output.personRef(summary.removed),
            "moved": [
              "interactions": .int(summary.interactions), "exchanges": .int(summary.exchanges),
              "referrals": .int(summary.referrals), "ties": .int(summary.ties),
              "notes": .int(summary.notes), "affiliations": .int(summary.affiliations),
            ],
            "dropped": .int(summary.dropped),
          ], asOf: nil, ego: try global.optionalEgo(store))
        return
      }
      print(
        "Merged \(summary.removed.name) (\(summary.removed.handle)) into \(summary.kept.name) (\(summary.kept.handle)): moved \(Format.counts([(summary.interactions, "interaction"), (summary.exchanges, "exchange"), (summary.referrals, "referral"), (summary.ties, "tie"), (summary.notes, "note"), (summary.affiliations, "affiliation")], conjunction: nil))."
      )
      if summary.dropped > 0 {
        print(
          "Deleted \(Format.count(summary.dropped, "record")) that were between the two of them only."
        )
      }
    }
  }
}
