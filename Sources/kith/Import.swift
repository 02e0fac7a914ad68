import ArgumentParser
import Foundation
import KithExport
import KithImport
import KithStore

extension Kith {
  struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Read records into the database: `json` restores a backup, `edges` reads a graph.",
      subcommands: [JSON.self, Edges.self])
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
              "referrals": .int(counts.referrals), "ties": .int(counts.ties),
              "notes": .int(counts.notes),
              "affiliations": .int(counts.affiliations),
            ]
          ], asOf: nil, ego: try global.optionalEgo(store))
      } else {
        print(
          "Restored \(counts.people) people, \(counts.organisations) organisations, \(counts.interactions) interactions, \(counts.exchanges) exchanges, \(counts.referrals) referrals into \(store.path)."
        )
      }
    }
  }
}

extension Kith.Import {
  struct Edges: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Read an edge list (CSV) so that any graph can be analysed.",
      discussion: """
        The header names the columns: source,target[,weight][,date] (aliases from/to, a/b,
        strength, on). People are found by name, or created. An undated edge becomes a tie of
        that weight (default 1) at every date; a dated one decays from its date. The file is
        imported in one transaction: a bad line stops it with path:line:column and nothing is
        written. Importing the same file again changes nothing.

        Example: kith import edges karate.csv --db karate.sqlite
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The CSV file.") var file: String

    func run() throws {
      guard FileManager.default.fileExists(atPath: file) else {
        throw CLIError.missingInput("\(file): no such file")
      }
      let edges = try EdgeListReader.read(path: file)
      let store = try global.openStore(create: true)
      let source = "edges:" + (file as NSString).lastPathComponent
      let summary: EdgeImportSummary
      do {
        summary = try store.importEdges(
          edges.map {
            EdgeInput(
              source: $0.source, target: $0.target, weight: $0.weight, date: $0.date, line: $0.line)
          },
          source: source)
      } catch {
        throw CLIError.rejected("\(file): \(error.description)")
      }
      if global.json {
        Output.json(
          [
            "edges": .int(edges.count), "peopleCreated": .int(summary.peopleCreated),
            "tiesAdded": .int(summary.tiesAdded), "tiesUnchanged": .int(summary.tiesUnchanged),
          ], asOf: nil, ego: try global.optionalEgo(store))
      } else {
        print(
          "Read \(edges.count) edges: \(summary.peopleCreated) people created, \(summary.tiesAdded) ties added, \(summary.tiesUnchanged) already there."
        )
      }
    }
  }
}
