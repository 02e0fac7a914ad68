import ArgumentParser
import Foundation
import KithGraph
import KithStore

extension Kith {
  struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "init",
      abstract: "Create a network database and record who you are.",
      discussion: """
        Creates the database file (mode 0600, in a folder created if missing) and a person for \
        you: the ego that ego-centric commands look from. Run it once per network.

        A team shares one database: run init once, for one of you, and add the others as \
        people. Every command then takes --ego PERSON to look from, and record for, another \
        of you: `kith import csv tom.csv --ego tom` (`me` in the file is Tom), `kith log call \
        --with jane --ego tom` (Tom's call), `kith plan --ego tom`. Cadences, dismissed \
        follow-ups and ties let go are each ego's own; records and settings are the store's.

        Example: kith init --me "Alex Morgan"
        """)

    // Of the options every other command shares (`GlobalOptions`), init takes --db and --json
    // only, and its help lists no others. --as-of and --ego mean nothing to it (it records no
    // date, and it creates the ego): they are refused with the reason, not as unknown options.
    @Option(name: .long, help: GlobalOptions.databaseHelp, completion: .file())
    var db: String?

    @Flag(help: GlobalOptions.jsonHelp)
    var json = false

    @Option(name: .customLong("as-of"), help: .private)
    var asOf: String?

    @Option(help: .private)
    var ego: String?

    @Option(help: ArgumentHelp("Your name.", valueName: "name"))
    var me: String

    /// The shared options as given: the database and --json.
    var global: GlobalOptions {
      get throws {
        try GlobalOptions.parse((db.map { ["--db=\($0)"] } ?? []) + (json ? ["--json"] : []))
      }
    }

    func validate() throws {
      // Options every command shares that init has no use for are refused, not ignored.
      if ego != nil {
        throw ValidationError("--ego does not apply to init: you are the ego, named by --me.")
      }
      if asOf != nil {
        throw ValidationError("--as-of does not apply to init, which records no date.")
      }
      try GlobalOptions.validate(db: db)
      if me.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
        throw ValidationError("--me needs your name, e.g. --me \"Alex Morgan\".")
      }
    }

    func run() throws {
      let global = try self.global
      let path = global.databasePath
      let isNew = !FileManager.default.fileExists(atPath: path)
      try refuseTypedName(me, field: "name")
      let store = try global.openStore(create: true)
      let ego: Person
      do {
        ego = try store.initialise(me: me)
      } catch {
        // A database this command created for a name it then refused is not left behind.
        if isNew {
          for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
          }
        }
        throw error
      }
      if global.json {
        Output.json(
          ["database": .string(store.path), "person": Output.personRef(ego)],
          asOf: nil, ego: ego)
      } else {
        print("Created \(store.path) for \(ego.name) (\(ego.handle)).")
        print("Next: kith person add NAME, then kith log meeting --with NAME.")
      }
    }
  }
}
