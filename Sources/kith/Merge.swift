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
        updates KEEP. Each ego's cadence for the two: KEEP's stays where both have one \
        (the summary counts OTHER's dropped; JSON cadencesDropped), OTHER's moves where KEEP \
        has none. Ties let go move too, every record kept; one let go at the same instant \
        under both keeps both reasons, joined with "; " (JSON letGoReasonsJoined). OTHER's \
        contacts now count for KEEP: the command says which ties let go that brings back \
        (JSON letGoChanges, as `kith log --json`). There is no undo: `kith export json` first \
        if unsure.

        Records between the two are a sign they are different people, so without --force a \
        merge that would delete any is refused, and the command says what would go. A merge \
        with you (`me`) on either side needs --force too: the other person becomes you.

        Examples:
          kith merge ada-quill ada-quill-2
          kith merge me priya-work --force    priya-work was you under another name
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The person to keep.", valueName: "keep")) var keep: String
    @Argument(help: ArgumentHelp("The person merged into KEEP and removed.", valueName: "other"))
    var other: String
    @Flag(help: "Merge even when records between the two would go, or one of them is you.")
    var force = false

    func run() throws {
      let store = try global.openStore()
      let kept = try resolvePersonOrMe(keep, store, global)
      let removed = try resolvePersonOrMe(other, store, global)
      if kept.id == removed.id {
        // Like a tie or a gift between a person and themself: the names are fine, the data says
        // they are one person.
        throw CLIError.rejected("'\(keep)' and '\(other)' are the same person (\(kept.handle))")
      }
      if !force {
        try refuseUnforced(kept, removed, store)
      }
      let summary = try store.mergePeople(keep: kept.id, remove: removed.id)
      let letGo = try LetGoNotes(summary.letGoChanges, store, global)
      if global.json {
        Output.json(
          [
            "kept": Output.personRef(summary.kept), "removed": Output.personRef(summary.removed),
            "moved": [
              "interactions": .int(summary.interactions), "exchanges": .int(summary.exchanges),
              "referrals": .int(summary.referrals), "ties": .int(summary.ties),
              "notes": .int(summary.notes), "affiliations": .int(summary.affiliations),
            ],
            "dropped": .int(summary.dropped), "cadencesDropped": .int(summary.cadencesDropped),
            "letGoReasonsJoined": .int(summary.letGoReasonsJoined), "letGoChanges": letGo.json,
          ], asOf: global.asOf?.date, ego: try global.optionalEgo(store))
        return
      }
      print(
        "Merged \(summary.removed.name) (\(summary.removed.handle)) into \(summary.kept.name) (\(summary.kept.handle)): moved \(Format.counts([(summary.interactions, "interaction"), (summary.exchanges, "exchange"), (summary.referrals, "referral"), (summary.ties, "tie"), (summary.notes, "note"), (summary.affiliations, "affiliation")], conjunction: nil))."
      )
      if summary.dropped > 0 {
        print(
          "Deleted \(Format.count(summary.dropped, "record")) that \(summary.dropped == 1 ? "was" : "were") between the two of them only."
        )
      }
      if summary.cadencesDropped > 0 {
        print(
          "Kept the cadences of \(summary.kept.handle) where both had one: \(Format.count(summary.cadencesDropped, "cadence")) of \(summary.removed.handle)'s \(summary.cadencesDropped == 1 ? "was" : "were") dropped."
        )
      }
      if summary.letGoReasonsJoined > 0 {
        let n = summary.letGoReasonsJoined
        print(
          "\(Format.count(n, "tie")) let go at the same instant under both records \(n == 1 ? "is" : "are") one record now, with both reasons."
        )
      }
      for line in letGo.lines { print(line) }
    }

    /// Refuses, in one line, a merge that would delete records between the two (a meeting of
    /// just the two is a sign they are different people) or that involves you: `kith merge me
    /// ben` would make Ben you, and delete your history with him.
    private func refuseUnforced(_ kept: Person, _ removed: Person, _ store: KithStore) throws {
      let losses = try store.mergeLosses(keep: kept.id, remove: removed.id)
      let lost = Format.counts(
        [
          (losses.interactions, "interaction"), (losses.exchanges, "exchange"),
          (losses.referrals, "referral"), (losses.ties, "tie"),
        ].filter { $0.0 > 0 })
      if let me = try store.ego(), me.id == kept.id || me.id == removed.id {
        let other = me.id == kept.id ? removed : kept
        let deleted = losses.total == 0 ? "" : ", and \(lost) between you would be deleted"
        throw CLIError.rejected(
          "this merge involves you (\(me.handle)): \(other.name) (\(other.handle)) would become you\(deleted); add --force if \(other.handle) is you"
        )
      }
      if losses.total > 0 {
        throw CLIError.rejected(
          "\(kept.handle) and \(removed.handle) share \(lost), which merging would delete (a sign they are different people); add --force to merge anyway"
        )
      }
    }
  }
}
