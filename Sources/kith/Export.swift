import ArgumentParser
import Foundation
import KithExport
import KithGraph
import KithStore

extension Kith {
  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "export",
      abstract:
        "Write the network out: `json` is the lossless backup; csv is tables of records for spreadsheets; dot, graphml and graph-json are views for other tools.",
      subcommands: [JSON.self, CSV.self, DOT.self, GraphML.self, GraphJSON.self])
  }
}

extension Kith.Export {
  struct JSON: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "json",
      abstract: "Write every record as JSON: the lossless backup that `kith import json` restores.",
      discussion: """
        Examples:
          kith export json -o backup.json
          kith import json backup.json --db restored.sqlite     to restore it
        """)

    @OptionGroup var global: GlobalOptions
    @Option(
      name: [.short, .customLong("output")],
      help: ArgumentHelp("Write to this file (mode 0600) instead of stdout.", valueName: "file"),
      completion: .file(extensions: ["json"]))
    var output: String?

    func run() throws {
      let store = try global.openStore()
      let data = BackupWriter.encode(try store.exportBackup())
      try writeOutput(data, to: output)
      if let output { Terminal.note("Wrote \(output).") }
    }
  }
}

extension Kith.Export {
  struct CSV: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "csv",
      abstract: "Write one kind of record as a CSV table, for a spreadsheet or `kith import csv`.",
      discussion: """
        Kinds:
          people        handle, name, aliases, email, phone, url, company, title
                        (the current job), tags, birthday; you are left out
                        (`kith init` makes you)
          interactions  date, with, kind, by, summary, channel, follow up
          ties          source, target, weight, date: the ties set with `kith tie`
          exchanges     date, giver, receiver, kind, note (not importable)
          referrals     id, date, referrer, recipient, referee, why, status,
                        status date (not importable)

        People are named by handle, which names one person whatever names others share; you \
        are `me`, in `with` too, so that an interaction you were not part of stays so. Lists \
        are separated by `;`. An interaction dated with a date alone is written as that day \
        (YYYY-MM-DD), which reads back as that day in any zone; one dated with a time as its \
        full UTC time, midnight too. Other dates with no time are YYYY-MM-DD in UTC, or that \
        day's start with its offset in another zone (2025-12-04T00:00:00+09:00), so that they \
        read back as the same instant anywhere; other times are full UTC times. \
        UTF-8, a header line, RFC 4180 quoting, LF line ends; rows by time, then id (people \
        by id).

        To carry the records into a new store, import people first (their handles are kept), \
        then interactions with --no-ego (`me` says where you took part), then ties:
          kith init --me "Your Name" --db new.sqlite
          kith import csv people.csv --db new.sqlite
          kith import csv interactions.csv --no-ego --db new.sqlite
          kith import csv ties.csv --kind edges --db new.sqlite
        Only what the columns hold goes: notes, interests, cadences, past jobs and the dates \
        of jobs stay behind (`kith export json` is the lossless backup).

        Cells are written as they are, so that they import back exactly (and phone numbers \
        keep their +). A spreadsheet runs a cell starting with =, +, - or @ as a formula: \
        --escape-formulas puts a ' before such cells, for a file only to be read.

        With --json and -o, prints {"schemaVersion", "asOf", "ego", "file", "kind", "rows"}.

        Example: kith export csv --kind interactions -o interactions.csv
        """)

    @OptionGroup var global: GlobalOptions
    @Option(
      help: ArgumentHelp(
        "Which records to write (the kinds above).", valueName: "kind"))
    var kind: RecordsCSV.Kind
    @Flag(
      name: .customLong("escape-formulas"),
      help: "Put a ' before cells starting with =, +, - or @ (the file no longer imports back).")
    var escapeFormulas = false
    @Option(
      name: [.short, .customLong("output")],
      help: ArgumentHelp("Write to this file (mode 0600) instead of stdout.", valueName: "file"),
      completion: .file(extensions: ["csv"]))
    var output: String?

    func validate() throws {
      if global.json && (output == nil || output == "-") {
        throw ValidationError("--json summarises the written file: add -o FILE.")
      }
    }

    func run() throws {
      let store = try global.openStore()
      let asOf = global.now
      let table = RecordsCSV.table(kind, of: try store.exportBackup(), asOf: asOf)
      try writeOutput(Data(table.render(escapingFormulas: escapeFormulas).utf8), to: output)
      guard let output, output != "-" else { return }
      if global.json {
        Output.json(
          [
            "file": .string(output), "kind": .string(kind.rawValue),
            "rows": .int(table.rows.count),
          ], asOf: global.asOf?.date, ego: try store.ego())
      } else {
        Terminal.note("Wrote \(output): \(Format.count(table.rows.count, "row")).")
      }
    }
  }
}

extension RecordsCSV.Kind: ExpressibleByArgument {}

/// What the graph exports share: the view options and the output file.
struct GraphExportOptions: ParsableArguments {
  @OptionGroup var view: ViewOptions
  // Shared by dot, graphml and graph-json: no one extension.
  @Option(
    name: [.short, .customLong("output")],
    help: ArgumentHelp("Write to this file (mode 0600) instead of stdout.", valueName: "file"),
    completion: .file())
  var output: String?

  /// --json prints a summary of the written file, so it needs one.
  func requireFileForJSON(_ global: GlobalOptions) throws {
    if global.json && (output == nil || output == "-") {
      throw ValidationError("--json summarises the written file: add -o FILE.")
    }
  }

  /// With --json and a file, the file's summary as JSON on stdout; otherwise a note on stderr.
  func report(_ picture: NetworkPicture, format: String, builder: PictureBuilder, json: Bool) {
    guard let output, output != "-" else { return }
    if json {
      Output.json(
        [
          "file": .string(output), "format": .string(format), "people": .int(picture.nodes.count),
          "ties": .int(picture.edges.count), "view": .string(picture.kind.rawValue),
          "omitted": .string(picture.omitted),
        ], asOf: builder.asOf, ego: builder.ego)
    } else {
      Terminal.note(
        "Wrote \(output): \(Format.count(picture.nodes.count, "person", plural: "people")), \(Format.count(picture.edges.count, "tie"))"
          + (picture.omitted.map { "; left out: \($0)." } ?? ".")
      )
    }
  }
}

extension Kith.Export {
  struct DOT: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "dot",
      abstract: "Write a view of the network as Graphviz DOT, with Kith's colours and sizes.",
      discussion: """
        The same drawing instructions `kith render` lays out: colour by circle, size by \
        centrality (network view) or strength to you, line width by tie strength, fading ties \
        dashed, overdue contacts outlined, a legend as the graph's label. Every name is quoted \
        so that Graphviz shows it as written. Lay it out yourself with, e.g., \
        `sfdp -Tsvg network.dot -o network.svg`. Exports keep every tie unless --max-ties or \
        --min-strength says otherwise.

        With --json and -o, prints {"schemaVersion", "asOf", "ego", "file", "format", \
        "people", "ties", "view", "omitted"}.

        Example: kith export dot --view ego --radius 2 -o ego.dot
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: GraphExportOptions

    func validate() throws { try options.requireFileForJSON(global) }

    func run() throws {
      let builder = try PictureBuilder(global)
      let picture = try builder.picture(options.view, defaultPruning: false)
      try writeOutput(Data(picture.dotGraph().render().utf8), to: options.output)
      options.report(picture, format: "dot", builder: builder, json: global.json)
    }
  }

  struct GraphML: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "graphml",
      abstract: "Write a view of the network as GraphML, for Gephi, NetworkX, igraph or yEd.",
      discussion: """
        Undirected; node ids are handles. Node attributes: label and name (the name), \
        organisation, community (circle id, as in `kith circles`), strength (to you), size \
        (centrality or relative strength, as drawn), lastContact (YYYY-MM-DD), ego, neglected. \
        Edge attributes: weight (the tie strength), peak, lastContact, decaying. Unknown values \
        are left out. Every tie is kept unless --max-ties or --min-strength says otherwise.

        With --json and -o, prints {"schemaVersion", "asOf", "ego", "file", "format", \
        "people", "ties", "view", "omitted"}.

        Example: kith export graphml -o network.graphml  (then in Python: \
        networkx.read_graphml("network.graphml"))
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: GraphExportOptions

    func validate() throws { try options.requireFileForJSON(global) }

    func run() throws {
      let builder = try PictureBuilder(global)
      let picture = try builder.picture(options.view, defaultPruning: false)
      try writeOutput(Data(GraphMLWriter.write(picture).utf8), to: options.output)
      options.report(picture, format: "graphml", builder: builder, json: global.json)
    }
  }

  struct GraphJSON: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "graph-json",
      abstract: "Write a view of the network as JSON nodes and links (NetworkX, D3).",
      discussion: """
        JSON: {"schemaVersion", "asOf", "ego", "directed", "multigraph", "graph": {"kind", \
        "title", "omitted"}, "nodes": [{"id", "name", "organisation", "community", "strength", \
        "size", "lastContact", "ego", "neglected"}], "links": [{"source", "target", "weight", \
        "peak", "lastContact", "decaying"}]} — source and target are node ids (handles), \
        weight is the tie strength. Numbers are written in full (the shortest form that reads \
        back exactly, as in GraphML), not rounded to six decimals as --json output is. Read it \
        with networkx.node_link_graph(data, edges="links").

        Example: kith export graph-json --view circle 2 -o circle.json
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: GraphExportOptions

    func run() throws {
      let builder = try PictureBuilder(global)
      let picture = try builder.picture(options.view, defaultPruning: false)
      var document = GraphJSONWriter.fields(picture)
      document["schemaVersion"] = .int(Output.schemaVersion)
      document["asOf"] = .string(KithTime.format(builder.asOf))
      document["ego"] = .string(builder.ego?.handle)
      try writeOutput(
        Data((JSONValue.object(document).serialized(exactNumbers: true) + "\n").utf8),
        to: options.output)
      // The counts as graphml and dot say them (with --json and -o, as their summary).
      options.report(picture, format: "graph-json", builder: builder, json: global.json)
    }
  }
}
