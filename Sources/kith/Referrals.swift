import ArgumentParser
import Foundation
import KithAnalytics
import KithExport
import KithGraph

extension Kith {
  struct Referrals: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "referrals",
      abstract: "Referrals and what you owe on them, owed actions first.",
      discussion: """
        act-or-decline: suggested 7 days ago or more. loop-back: contacted or met 14 days ago \
        or more and not reported back to the referrer. explain-decline: declined without a \
        reason recorded. Owed actions come first, in that order (as in `kith plan`), each \
        oldest first. Actions apply to referrals made to you. The referrer's reason (why) is \
        always shown. Referrals between others (you neither made nor received them) come after \
        yours, under their own heading.

        Example: kith referrals --open

        JSON: {"schemaVersion", "asOf", "ego", "referrals": [{"id", "referrer", "recipient", \
        "referee", "status", "since", "daysOpen", "why", "action", "due", "yours", \
        "refereeContact"}]} (people as {"handle", "name"}; an organisation referee also has \
        "organisation": true; "due": when the action fell due, null with none; \
        "refereeContact": {"time", "status", "hint"} when a suggestion's referee was met or \
        contacted since, or in the week before it, as the text's hint says, else null).
        """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Only referrals still open or with an action owed.") var open = false
    @Option(parsing: .unconditional, help: ArgumentHelp("Show at most this many.", valueName: "n"))
    var limit: Int?

    func validate() throws {
      if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
    }

    func run() throws {
      let a = try Analysis(global)
      let reviewed = ReferralHygiene.review(in: a.snapshot, ego: a.egoIndex, openOnly: open)
      // Referrals between others (you neither made nor received them) owe you nothing: after
      // yours, under a label of their own.
      let (yours, others) = ReferralHygiene.yoursFirst(reviewed, ego: a.egoIndex)
      let items = Array((yours + others).prefix(limit ?? .max))
      func isYours(_ k: Int) -> Bool { k < yours.count }
      if global.json {
        a.json([
          "referrals": .array(
            items.enumerated().map { k, r in
              [
                "id": .int(r.referral.id), "referrer": a.ref(r.referral.referrer),
                "recipient": a.ref(r.referral.recipient), "referee": a.referee(r.referral),
                "status": .string(r.referral.status.rawValue),
                "since": .string(KithTime.format(seconds: r.referral.since)),
                "daysOpen": .int(r.daysOpen),
                "why": .string(r.referral.why), "action": .string(r.action?.rawValue),
                "due": .string(r.due.map { KithTime.format(seconds: $0) }),
                "yours": .bool(isYours(k)),
                "refereeContact": r.refereeContact.map { c in
                  [
                    "time": .string(KithTime.format(seconds: c.time)),
                    "status": .string(c.status.rawValue),
                    "hint": .string(
                      r.recordHint(referrer: a.name(r.referral.referrer), in: a.snapshot)),
                  ]
                } ?? .null,
              ]
            })
        ])
        return
      }
      if items.isEmpty {
        print(open ? "No open referrals." : "No referrals yet; record one with `kith refer`.")
        return
      }
      // Namesakes told apart as in the tables: the handle after the name.
      let names = TableNames(a.snapshot)
      for (k, r) in items.enumerated() {
        if !isYours(k), k == 0 || isYours(k - 1) {
          print("Between others, nothing for you to do:")
        }
        let about: String
        if let p = r.referral.refereePerson {
          about = names(p)
        } else if case .object(let f) = a.referee(r.referral), case .string(let n)? = f["name"] {
          about = n
        } else {
          about = "?"
        }
        let action = r.action.map { " " + Terminal.bold("→ \($0.rawValue)") } ?? ""
        print(
          "#\(r.referral.id) \(names(r.referral.referrer)) → \(names(r.referral.recipient)) about \(about): \(r.referral.status.rawValue) on \(r.referral.sinceFormattedDay) (\(r.referral.status.isClosed ? "closed after" : "open for") \(Format.count(r.daysOpen, "day")))\(action)"
        )
        if let why = r.referral.why { print("    why: \(Format.sentence(why))") }
        // Met (or contacted) already, though the record says suggested.
        if let hint = r.recordHint(referrer: a.name(r.referral.referrer), in: a.snapshot) {
          print("    \(hint)")
        }
      }
    }
  }
}
