import ArgumentParser
import Foundation
import KithTestSupport
import Testing

@testable import kith

/// `--ego` where it cannot apply is refused, and where it applies it must name someone.
@Suite("Where --ego applies")
struct EgoScopeTests {
  /// Every command that runs, found from `kith` down.
  static func leaves(_ command: any ParsableCommand.Type) -> [any ParsableCommand.Type] {
    let subcommands = command.configuration.subcommands
    return subcommands.isEmpty ? [command] : subcommands.flatMap(leaves)
  }

  @Test("every command that runs is checked: it has the shared options")
  func everyCommandIsChecked() {
    // But `init`, which takes --db and --json only, and refuses --ego itself, and `demo`,
    // which takes no --db (it builds its own database) and an --ego of its own network.
    let unchecked = Self.leaves(Kith.self).filter {
      !($0 is any GlobalCommand.Type) && $0 != Kith.Init.self && $0 != Kith.Demo.self
    }
    #expect(unchecked.isEmpty, "\(unchecked.map { $0.configuration.commandName ?? "?" })")
  }

  @Test(
    "a command on the whole store refuses --ego, and writes nothing",
    arguments: [
      (["settings", "list"], "settings: settings are the store's"),
      (["settings", "get", "half-life-days"], "settings: settings are the store's"),
      (["settings", "set", "half-life-days", "90"], "settings: settings are the store's"),
      (["tag", "rename", "client", "customer"], "tag rename: a tag is renamed for every ego"),
      (["export", "json"], "export json: a backup holds every ego's records"),
      (["person", "add", "New Person"], "person add without --cadence"),
      (["person", "edit", "tom", "--tag", "x"], "person edit without --cadence"),
      (["person", "remove", "tom"], "person remove: people are the store's"),
      (["org", "add", "Globex"], "org: organisations are the store's"),
      (["org", "list"], "org: organisations are the store's"),
      (["affiliate", "tom", "globex"], "affiliate: affiliations are the store's"),
      (["merge", "tom", "uma"], "merge: people are the store's"),
      (["duplicates"], "duplicates: people are the store's"),
      (["remove", "interaction", "1"], "remove: records are the store's"),
    ])
  func refusedOnTheStore(arguments: [String], message: String) throws {
    let box = try TeamStoreTests.sandbox()
    let before = try box.export()
    let run = try box.run(arguments + ["--ego", "ben"])
    #expect(run.status == 64, "\(run)")
    #expect(run.stderrLines.count == 1, "\(run)")
    #expect(run.stderr.hasPrefix("kith: error: --ego does not apply to \(message)"), "\(run)")
    #expect(try box.export() == before)
  }

  @Test(
    "where --ego applies, one that names nobody is an error",
    arguments: [
      ["ties"], ["person", "list"], ["person", "show", "tom"], ["tag", "list"],
      ["log", "call", "--with", "tom"], ["cadence", "--list"], ["export", "dot"],
    ])
  func unknownEgo(arguments: [String]) throws {
    let box = try TeamStoreTests.sandbox()
    let before = try box.export()
    let run = try box.run(arguments + ["--ego", "nobodyx"])
    #expect(run.status == 65, "\(run)")
    #expect(
      run.stderr
        == "kith: error: --ego: no person matches 'nobodyx'; see `kith person list`\n")
    #expect(try box.export() == before)
  }

  @Test("where it means something it is kept: a cadence, `me`, an analysis")
  func kept() throws {
    let box = try TeamStoreTests.sandbox()
    try box.ok(["person", "add", "Vic Wynn", "--cadence", "20", "--ego", "ben"])
    try box.ok(["person", "edit", "me", "--tag", "partner", "--ego", "ben"])
    try box.ok(["org", "add", "Globex"])
    try box.ok(["affiliate", "me", "Globex", "--ego", "ben"])
    try box.ok(["ties", "--ego", "chen"])
    let ben = try box.json(["person", "show", "ben", "--json"])["person"] as? [String: Any]
    #expect(ben?["tags"] as? [String] == ["contact", "partner"])
  }
}
