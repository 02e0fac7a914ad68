import ArgumentParser
import Foundation
import KithExport
import KithGraph
import KithStore

extension Kith {
  struct Duplicates: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "duplicates",
      abstract: "List people who may be the same person, to merge with `kith merge`.",
      discussion: """
        Two people are listed when they share an email, a profile URL, a phone number, or a \
        name or alias (case, accents and spacing ignored), also with its words in another order \
        (Fujita Mariko and Mariko Fujita: family name first, for romanised Japanese names; not \
        Thomas James and James Thomas) or a Japanese long vowel spelt \
        another way (Ryo Ohno and Ryō Ōno; Satoh, Satou and Sato), or when one's name is a \
        single word that is the other's first name (Chidi and Dr. Chidi Okafor; titles such as \
        Dr., Prof., Mr., Mrs., Ms. skipped). Shared identifiers come first: those are almost \
        surely one person. A shared name alone is only a hint, which is why imports never \
        merge on it: check, then `kith merge KEEP OTHER`.

        JSON: {"schemaVersion", "asOf", "ego", "duplicates": [{"first": {"handle", "name"}, \
        "second": {"handle", "name"}, "reasons": ["email" | "url" | "phone" | "name" | \
        "nameOrder" | "longVowel" | "firstName"], "sharesIdentifier"}]}.

        Example: kith duplicates && kith merge ada-quill ada-quill-2
        """)

    @OptionGroup var global: GlobalOptions
    @Option(parsing: .unconditional, help: ArgumentHelp("Show at most this many.", valueName: "n"))
    var limit: Int?

    /// How the table shows a reason the JSON names.
    static let reasonLabels = [
      "firstName": "first name", "nameOrder": "same name, family name first",
      "longVowel": "same name, long vowel spelt another way",
    ]

    /// The reasons as the table shows them: "same name, family name first, long vowel spelt
    /// another way" when a name is both.
    static func label(_ reasons: [String]) -> String {
      var said = false
      return reasons.map { reason in
        let label = reasonLabels[reason] ?? reason
        guard label.hasPrefix("same name, ") else { return label }
        defer { said = true }
        return said ? String(label.dropFirst("same name, ".count)) : label
      }.joined(separator: ", ")
    }

    func validate() throws {
      if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
    }

    func run() throws {
      let store = try global.openStore()
      let candidates = try store.likelyDuplicates().prefix(limit ?? .max)
      if global.json {
        Output.json(
          [
            "duplicates": .array(
              candidates.map {
                [
                  "first": Output.personRef($0.first), "second": Output.personRef($0.second),
                  "reasons": .array($0.reasons.map { .string($0) }),
                  "sharesIdentifier": .bool($0.sharesIdentifier),
                ]
              })
          ], asOf: global.asOf?.date, ego: try global.optionalEgo(store))
        return
      }
      if candidates.isEmpty {
        print("No likely duplicates: nobody shares a name, email, profile URL or phone.")
        return
      }
      var table = TextTable(["FIRST", "SECOND", "REASONS"])
      for c in candidates {
        table.add([
          "\(c.first.name) (\(c.first.handle))", "\(c.second.name) (\(c.second.handle))",
          Self.label(c.reasons),
        ])
      }
      print(table.render())
      // The example merges a pair without you: a namesake of yours is far more often someone
      // else than a second record of you.
      let me = try store.ego()?.id
      if let example = candidates.first(where: { $0.first.id != me && $0.second.id != me }) {
        print(
          "Merge one into another with `kith merge \(example.first.handle) \(example.second.handle)` (the first is kept)."
        )
      } else if let me, let yours = candidates.first {
        let other = yours.first.id == me ? yours.second : yours.first
        print(
          "\(other.name) (\(other.handle)) shares something with you; merge only if it is a second record of you: `kith merge me \(other.handle)` (you are kept)."
        )
      }
    }
  }
}
