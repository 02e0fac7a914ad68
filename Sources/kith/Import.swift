import ArgumentParser
import Foundation
import KithExport
import KithImport
import KithStore

extension Kith {
  struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Read records into the database: `json` restores a backup.",
      subcommands: [JSON.self])
  }
}

extension Kith.Import {
  struct JSON: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "json",
      abstract: "Restore a backup written by `kith export json` into an empty database.",
      discussion: """
        All or nothing: the backup is checked record by record and a bad one stops the import
        with its location, leaving the database as it was.

        Example: kith import json backup.json --db restored.sqlite
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The backup file.") var file: String

    func run() throws {
      guard FileManager.default.fileExists(atPath: file) else {
        throw CLIError.missingInput("\(file): no such file")
      }
      let backup = try BackupReader.read(path: file)
      let store = try global.openStore(create: true)
      do {
        try store.importBackup(backup)
      } catch {
        throw CLIError.rejected("\(file): \(error.description)")
      }
      let counts = try store.counts()
      if global.json {
        Output.json(
          [
            "imported": [
              "people": .int(counts.people), "organisations": .int(counts.organisations),
              "interactions": .int(counts.interactions), "exchanges": .int(counts.exchanges),
              "referrals": .int(counts.referrals), "ties": .int(counts.ties), "notes": .int(counts.notes),
              "affiliations": .int(counts.affiliations),
            ]
          ], asOf: nil, ego: try global.optionalEgo(store))
      } else {
        print(
          "Restored \(counts.people) people, \(counts.organisations) organisations, \(counts.interactions) interactions, \(counts.exchanges) exchanges, \(counts.referrals) referrals into \(store.path).")
      }
    }
  }
}
