import ArgumentParser
import Foundation
import KithStore

extension Kith {
  struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "init",
      abstract: "Create a network database and record who you are.",
      discussion: """
        Creates the database file (mode 0600, in a folder created if missing) and a person for \
        you: the ego that ego-centric commands look from. Run it once per network.

        Example: kith init --me "Alex Morgan"
        """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Your name.", valueName: "name"))
    var me: String

    func run() throws {
      let store = try global.openStore(create: true)
      let ego = try store.initialise(me: me)
      if global.json {
        Output.json(
          ["database": .string(store.path), "person": Output.personRef(ego)], asOf: nil, ego: ego)
      } else {
        print("Created \(store.path) for \(ego.name) (\(ego.handle)).")
        print("Next: kith person add NAME, then kith log meeting --with NAME.")
      }
    }
  }
}
