import ArgumentParser
import Foundation
import KithExport
import KithStore

extension Kith {
  struct SettingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "settings",
      abstract: "Read and change the settings stored in the database.",
      discussion: """
        half-life-days (default 180) and weight.KIND (meeting 1, video 0.8, call 0.8, \
        message 0.3, email 0.3, event 0.5, social 0.1, other 0.3) define tie strength; changing \
        one recomputes every tie. my-emails lists your own addresses for imports (yours, the \
        store's ego's: an import with --ego PERSON knows them by their recorded emails). \
        Settings are the store's, for every ego.
        """,
      subcommands: [List.self, Get.self, Set.self])
  }
}

extension Kith.SettingsCommand {
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "List every setting and its value.",
      discussion: """
        Example: kith settings list --json

        JSON: {"schemaVersion", "asOf", "ego", "settings": {KEY: VALUE}}: every setting, at its \
        default unless set, each value a string as stored.
        """)
    @OptionGroup var global: GlobalOptions

    func run() throws {
      let store = try global.openStore()
      let values = try store.settings()
      if global.json {
        Output.json(
          ["settings": .object(values.mapValues { .string($0) })], asOf: global.asOf?.date,
          ego: try global.optionalEgo(store))
        return
      }
      var table = TextTable(["KEY", "VALUE", "DEFAULT", "MEANING"])
      for d in KithStore.settingDefinitions {
        table.add([d.key, values[d.key] ?? "", d.defaultValue, d.summary])
      }
      print(table.render())
    }
  }

  struct Get: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "get", abstract: "Print one setting's value.",
      discussion: "Example: kith settings get half-life-days")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The setting, e.g. half-life-days.") var key: String

    func validate() throws {
      if !KithStore.settingDefinitions.contains(where: { $0.key == key }) {
        _ = try settingCheck(key: key, value: "")
      }
    }

    func run() throws {
      let store = try global.openStore()
      guard let value = try store.settings()[key] else { return }
      if global.json {
        Output.json(
          ["key": .string(key), "value": .string(value)], asOf: global.asOf?.date,
          ego: try global.optionalEgo(store))
      } else {
        print(value)
      }
    }
  }

  struct Set: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "set",
      abstract: "Change a setting (tie strengths are recomputed in the same transaction).",
      // One value: the generated usage would show the captured arguments as `[<value> ...]`.
      usage: """
        kith settings set [--db <path>] [--as-of <date>] [--ego <person>] [--json] <key> <value>
        """,
      discussion: "Example: kith settings set half-life-days 90")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The setting.") var key: String
    // Every input no option claims, so that a negative value (`-1`) reaches the setting's own
    // check instead of being taken for an option.
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Its new value.", valueName: "value"))
    var captured: [String] = []

    /// The one value, checked with the key before the database is opened: a value the setting
    /// cannot take is a mistake on the command line.
    var value: String {
      get throws {
        let value = try NegativeValues.positionals(
          captured, names: ["<value>"], usage: "`kith settings set KEY VALUE`")[0]
        _ = try settingCheck(key: key, value: value)
        return value
      }
    }

    func validate() throws { _ = try value }

    func run() throws {
      let value = try self.value
      let store = try global.openStore()
      try store.setSetting(key: key, value: value)
      let stored = try store.settings()[key] ?? value
      if global.json {
        Output.json(
          ["key": .string(key), "value": .string(stored)], asOf: global.asOf?.date,
          ego: try global.optionalEgo(store))
      } else {
        print("\(key) = \(stored)")
      }
    }
  }
}

/// A setting's key and value, checked; refused as a usage error: both come from the command
/// line, and the keys and what each accepts are fixed by Kith, not by the data.
private func settingCheck(key: String, value: String) throws -> String {
  do {
    return try KithStore.validateSetting(key: key, value: value)
  } catch {
    throw ValidationError(error.description)
  }
}
