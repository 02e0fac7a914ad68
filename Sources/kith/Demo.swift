import ArgumentParser
import Foundation
import KithAnalytics
import KithDemo
import KithExport
import KithGraph
import KithImport
import KithRender
import KithStore

extension Kith {
  struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "demo",
      abstract: "Load the bundled demo network into a fresh database and show an overview.",
      discussion: """
        The demo is a synthetic network of about 300 people over three years ending \
        2026-06-30, built into kith (the same network as the repository's demo backup, \
        Fixtures/demo.kith.json). It goes into a new database in --out (never into \
        your own database), and the overview is computed as of the end of the demo (the end \
        of 2026-06-30 in your time zone, as --as-of 2026-06-30 gives it). It also \
        writes report.html (the one-file HTML report, as `kith report --html` writes it) and \
        network.svg (the picture, as `kith render` draws it) into --out, and prints their paths.

        Examples:
          kith demo --out kith-demo
          kith ties --db kith-demo/demo.kith.sqlite --as-of 2026-06-30
        """)

    // Of the options every other command shares (`GlobalOptions`), demo takes --as-of, --ego
    // and --json, and its help lists no others: it builds its own database, so --db is refused
    // with the reason, not as an unknown option.
    @Option(name: .customLong("as-of"), help: GlobalOptions.asOfHelp)
    var asOf: AsOfArgument?

    @Option(help: GlobalOptions.egoHelp)
    var ego: String?

    @Flag(help: GlobalOptions.jsonHelp)
    var json = false

    @Option(name: .long, help: .private)
    var db: String?

    /// The shared options as given (no database: the demo names its own).
    var global: GlobalOptions {
      get throws {
        var options = try GlobalOptions.parse(
          (ego.map { ["--ego=\($0)"] } ?? []) + (json ? ["--json"] : []))
        options.asOf = asOf
        return options
      }
    }
    @Option(
      help: ArgumentHelp("Folder for the demo database (recreated).", valueName: "dir"),
      completion: .directory)
    var out: String = "out/demo"
    @Option(
      help: ArgumentHelp(
        "A backup to load instead of the built-in demo network.", valueName: "file"),
      completion: .file(extensions: ["json"]))
    var fixture: String?

    func validate() throws {
      // The demo never touches the database --db names: refused, so nobody believes the demo
      // went into it.
      if db != nil {
        throw ValidationError(
          "--db does not apply to demo: it builds its own database, demo.kith.sqlite in --out.")
      }
    }

    func run() throws {
      let global = try self.global
      let backup = try fixture.map { try BackupReader.read(path: $0) } ?? DemoNetwork.generate()
      var isFolder: ObjCBool = false
      if FileManager.default.fileExists(atPath: out, isDirectory: &isFolder), !isFolder.boolValue {
        throw CLIError.usage("--out \(out) is a file; name a folder for the demo")
      }
      do {
        try FileManager.default.createDirectory(
          atPath: out, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      } catch {
        throw CLIError(
          message: "cannot create the folder \(out): \(error.localizedDescription)",
          code: ExitCodes.failure)
      }
      let dbPath = (out as NSString).appendingPathComponent("demo.kith.sqlite")
      for suffix in ["", "-wal", "-shm"] {
        try? FileManager.default.removeItem(atPath: dbPath + suffix)
      }
      let store = try KithStore(path: dbPath)
      OpenDatabases.insert(dbPath)
      try store.importBackup(backup)
      let ego = try global.resolveEgo(store)
      let latest = try store.latestEventTime() ?? Date()
      // The end of the demo: the day after its latest event, by the UTC days the network was
      // made in (2026-06-30 for the built-in one), ending at midnight in the user's zone, as
      // `--as-of 2026-06-30` ends there: the same day and numbers in every zone, after every
      // event.
      let lastDay = DayZone.utc.day(ofSeconds: KithTime.seconds(latest))
      let asOf = global.asOf?.date ?? AsOfArgument(endOfDay: lastDay + 1).date
      let snapshot = try store.snapshot(asOf: asOf, ego: ego.id)
      guard let e = snapshot.index(ofPerson: ego.id) else { throw StoreError.noEgo }
      let counts = try store.counts()
      let strongest = TieRanking.strongest(in: snapshot, ego: e, limit: 10)
      let faded = TieRanking.faded(in: snapshot, ego: e, limit: 10)
      // The month `kith plan` would plan as of the same day (the next one, at a month's end).
      let planMonth = MonthArgument.planned(asOf: asOf)
      let plan = Planner.plan(
        in: snapshot, ego: e, budget: 8, dueBy: planMonth.map { KithTime.seconds($0.end) - 1 },
        circles: EgoCircles(snapshot: snapshot, ego: e))
      // The report and the picture, computed as of the same day from the demo database.
      var demoOptions = global
      demoOptions.db = dbPath
      demoOptions.asOf = AsOfArgument(date: asOf)
      let reportPath = (out as NSString).appendingPathComponent("report.html")
      let picturePath = (out as NSString).appendingPathComponent("network.svg")
      _ = try ReportWriter(global: demoOptions, month: planMonth).write(to: reportPath)
      let picture = try PictureBuilder(demoOptions).picture(.network, defaultPruning: true)
      let svg = try Render.renderInProcess(
        picture.dotGraph().render(),
        engine: .automatic(nodes: picture.nodes.count, edges: picture.edges.count), format: .svg,
        path: nil)
      try writeOutput(Data(svg), to: picturePath)
      if global.json {
        Output.json(
          [
            "database": .string(store.path), "report": .string(reportPath),
            "picture": .string(picturePath),
            "counts": [
              "people": .int(counts.people), "organisations": .int(counts.organisations),
              "interactions": .int(counts.interactions), "exchanges": .int(counts.exchanges),
              "referrals": .int(counts.referrals), "ties": .int(snapshot.numberOfTies),
              "notes": .int(counts.notes),
            ],
            "strongest": .array(strongest.map { rankedTieJSON($0, snapshot) }),
            "faded": .array(faded.map { rankedTieJSON($0, snapshot) }),
            "plan": .array(
              plan.map { planItemJSON($0, snapshot) }),
          ], asOf: asOf, ego: ego)
        return
      }
      print(
        Terminal.bold("Kith demo: the network of \(ego.name), as of \(KithTime.formatDay(asOf))"))
      print("Database: \(store.path)")
      print(
        "\(Format.count(counts.people, "person", plural: "people")), \(Format.counts([(counts.organisations, "organisation"), (counts.interactions, "interaction"), (snapshot.numberOfTies, "tie"), (counts.exchanges, "exchange"), (counts.referrals, "referral"), (counts.notes, "note")], conjunction: nil))."
      )
      print("")
      print(Terminal.bold("Strongest ties now"))
      print(tieTable(strongest, snapshot).render())
      print("")
      print(Terminal.bold("Strong ties that faded (peak strength lost)"))
      print(tieTable(faded, snapshot).render())
      print("")
      printPlan(plan, month: planMonth?.text ?? KithTime.formatDay(asOf), snapshot: snapshot)
      print("")
      print("Explore it: kith ties --db \(store.path) --as-of \(KithTime.formatDay(asOf))")
      print("Picture of the network: \(picturePath)")
      print("Report (open it in a browser): \(reportPath)")
    }
  }
}
