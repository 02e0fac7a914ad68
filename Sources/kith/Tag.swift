import ArgumentParser
import Foundation
import KithExport
import KithGraph
import KithStore

extension Kith {
  struct TagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "tag",
      abstract: "List the tags people carry, or rename one for everyone.",
      subcommands: [List.self, Rename.self])
  }
}

extension Kith.TagCommand {
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list",
      abstract: "List tags with how many people carry each, and its cadence.",
      discussion: """
        A cadence set for a tag nobody carries is listed with 0 people: it applies to nobody.

        Examples:
          kith tag list
          kith tag list --json

        JSON: {"schemaVersion", "asOf", "ego", "tags": [{"tag", "people", "cadenceDays"}]} \
        (cadenceDays null without a cadence).
        """)

    @OptionGroup var global: GlobalOptions

    func run() throws {
      let store = try global.openStore()
      let uses = try store.tagUses(ego: global.choicesOwner(store)?.id)
      if global.json {
        Output.json(
          ["tags": .array(uses.map(tagJSON))], asOf: global.asOf?.date,
          ego: try global.optionalEgo(store))
        return
      }
      if uses.isEmpty {
        print("No tags yet; tag people with `kith person edit PERSON --tag TAG`.")
        return
      }
      var table = TextTable(["TAG", "PEOPLE", "CADENCE"], rightAligned: [1])
      for use in uses {
        table.add([
          use.tag, "\(use.people)",
          use.cadenceDays.map { "every \(Format.count($0, "day"))" } ?? "",
        ])
      }
      print(table.render())
    }
  }

  struct Rename: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "rename",
      abstract: "Rename a tag on everyone who carries it, keeping its cadence.",
      discussion: """
        Everyone tagged OLD is tagged NEW instead (someone with both keeps one), and OLD's \
        cadence becomes NEW's. NEW may be a tag already in use: the two become one. When both \
        have different cadences, nothing changes until you clear the one not to keep.

        Examples:
          kith tag rename client customer
          kith tag rename clients client --json

        JSON: {"schemaVersion", "asOf", "ego", "renamed": {"from", "tag", "people", \
        "cadenceDays"}} (people: how many now carry the new tag).
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The tag to rename.", valueName: "old")) var old: String
    @Argument(help: ArgumentHelp("Its new name.", valueName: "new")) var new: String

    /// An empty name or one with a comma is a mistyped argument: `--tag a,b` reads two tags, so
    /// a tag named "a,b" could never be given again.
    func validate() throws {
      for (name, value) in [("old", old), ("new", new)] {
        if TextKey.trimmed(value).isEmpty { throw ValidationError("The \(name) tag is empty.") }
        if value.contains(",") {
          throw ValidationError("A tag has no commas: '\(value)' (rename one tag at a time).")
        }
      }
    }

    func run() throws {
      let store = try global.openStore(create: false)
      let use = try store.renameTag(old, to: new)
      let from = TextKey.trimmed(old).lowercased()
      if global.json {
        var fields = ["from": JSONValue.string(from)]
        if case .object(let rest) = tagJSON(use) { fields.merge(rest) { $1 } }
        Output.json(
          ["renamed": .object(fields)], asOf: global.asOf?.date, ego: try global.optionalEgo(store))
        return
      }
      let cadence = use.cadenceDays.map { ", every \(Format.count($0, "day"))" } ?? ""
      print(
        "Renamed tag \(from) to \(use.tag): \(Format.count(use.people, "person", plural: "people")) tagged \(use.tag)\(cadence)."
      )
    }
  }
}

func tagJSON(_ use: TagUse) -> JSONValue {
  ["tag": .string(use.tag), "people": .int(use.people), "cadenceDays": .int(use.cadenceDays)]
}
