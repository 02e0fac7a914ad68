import ArgumentParser
import Foundation
import KithStore

/// A command with the options every command shares (all but `init`, which takes --db and
/// --json only, and refuses --ego itself, and `demo`, which refuses --db).
protocol GlobalCommand: ParsableCommand {
  var global: GlobalOptions { get }
}

/// Where `--ego` applies: the one place that says so. Every command takes the option (it is
/// among the shared ones), but a command that acts on the whole store (its settings, a backup,
/// the people's records) has no use for it, and a partner who runs `kith settings set …
/// --ego ben` must not believe they changed Ben's settings: there it is refused, as `init`
/// refuses it. Where it applies (analyses, the ego's cadences and dismissals, `me` in a
/// record, "you" in an import) it must name a person.
enum EgoScope {
  /// --ego is whose network the command analyses, or on whose behalf it records.
  case ego
  /// The command acts on the whole store: what it acts on and why --ego does not apply.
  case store(String, String)

  /// The scope of `command`, as parsed: a few commands use --ego only with some options.
  static func of(_ command: any ParsableCommand) -> EgoScope {
    switch command {
    case is Kith.SettingsCommand.List, is Kith.SettingsCommand.Get, is Kith.SettingsCommand.Set:
      return .store("settings", "settings are the store's")
    case is Kith.TagCommand.Rename:
      return .store("tag rename", "a tag is renamed for every ego")
    case is Kith.Export.JSON:
      return .store("export json", "a backup holds every ego's records")
    case is Kith.Export.CSV:
      return .store("export csv", "its tables hold every ego's records, with `me` for you")
    case is Kith.Import.JSON:
      return .store("import json", "a backup restores every ego's records")
    case is Kith.OrgCommand.Add, is Kith.OrgCommand.List, is Kith.OrgCommand.Show:
      return .store("org", "organisations are the store's")
    case is Kith.Duplicates, is Kith.Merge, is Kith.PersonCommand.Remove:
      return .store(commandName(command), "people are the store's")
    case is Kith.Remove, is Kith.EditNote, is Kith.ReferralCommand:
      return .store(commandName(command), "records are the store's")
    case let add as Kith.PersonCommand.Add where add.fields.cadence == nil:
      return .store(
        "person add without --cadence",
        "a person's details are the store's; with --cadence, --ego says whose cadence it is")
    case let edit as Kith.PersonCommand.Edit
    where edit.fields.cadence == nil && !edit.clearCadence && !GlobalOptions.isMe(edit.person):
      return .store(
        "person edit without --cadence or --clear-cadence",
        "a person's details are the store's; with --cadence, --ego says whose cadence it is")
    case let affiliate as Kith.Affiliate where !GlobalOptions.isMe(affiliate.person):
      return .store("affiliate", "affiliations are the store's; --ego only says who `me` is")
    default:
      return .ego
    }
  }

  /// The command's name as typed: `merge`, `edit note`.
  private static func commandName(_ command: any ParsableCommand) -> String {
    switch command {
    case is Kith.EditNote: "edit note"
    case is Kith.PersonCommand.Remove: "person remove"
    case is Kith.ReferralCommand: "referral"
    default: type(of: command).configuration.commandName ?? "this command"
    }
  }

  /// Refuses --ego where it does not apply (exit 64), and where it does, an --ego that names
  /// nobody in the database (exit 65), before the command runs.
  static func check(_ command: any ParsableCommand) throws {
    guard let c = command as? any GlobalCommand, let ego = c.global.ego else { return }
    if case .store(let subject, let why) = of(command) {
      throw CLIError.usage("--ego does not apply to \(subject): \(why)")
    }
    // A command that creates its database (an import) finds nobody in a missing one, and
    // says so itself. (`demo`, which names someone of its own network, is not a GlobalCommand.)
    guard FileManager.default.fileExists(atPath: c.global.databasePath) else { return }
    if GlobalOptions.isMe(ego) { return }
    do {
      _ = try c.global.openStore().resolvePerson(ego)
    } catch let error as StoreError {
      // Said as the option's fault: the person the command names may be fine.
      guard case .notFound = error else { throw error }
      throw CLIError.rejected("--ego: \(error.description)")
    }
  }
}

extension Kith.PersonCommand.Add: GlobalCommand {}
extension Kith.PersonCommand.Edit: GlobalCommand {}
extension Kith.PersonCommand.List: GlobalCommand {}
extension Kith.PersonCommand.Show: GlobalCommand {}
extension Kith.PersonCommand.Remove: GlobalCommand {}
extension Kith.OrgCommand.Add: GlobalCommand {}
extension Kith.OrgCommand.List: GlobalCommand {}
extension Kith.OrgCommand.Show: GlobalCommand {}
extension Kith.Affiliate: GlobalCommand {}
extension Kith.Log: GlobalCommand {}
extension Kith.Give: GlobalCommand {}
extension Kith.Refer: GlobalCommand {}
extension Kith.ReferralCommand: GlobalCommand {}
extension Kith.TieCommand: GlobalCommand {}
extension Kith.NoteCommand: GlobalCommand {}
extension Kith.History: GlobalCommand {}
extension Kith.EditInteraction: GlobalCommand {}
extension Kith.EditExchange: GlobalCommand {}
extension Kith.EditNote: GlobalCommand {}
extension Kith.Remove: GlobalCommand {}
extension Kith.Ties: GlobalCommand {}
extension Kith.Neglected: GlobalCommand {}
extension Kith.Dormant: GlobalCommand {}
extension Kith.CadenceCommand: GlobalCommand {}
extension Kith.Followups.List: GlobalCommand {}
extension Kith.Followups.Dismiss: GlobalCommand {}
extension Kith.LetGo: GlobalCommand {}
extension Kith.ReciprocityCommand: GlobalCommand {}
extension Kith.Referrals: GlobalCommand {}
extension Kith.BriefCommand: GlobalCommand {}
extension Kith.PlanCommand: GlobalCommand {}
extension Kith.Metrics: GlobalCommand {}
extension Kith.Circles: GlobalCommand {}
extension Kith.PathCommand: GlobalCommand {}
extension Kith.BeyondCommand: GlobalCommand {}
extension Kith.IntroCommand: GlobalCommand {}
extension Kith.BrokersCommand: GlobalCommand {}
extension Kith.Render: GlobalCommand {}
extension Kith.Report: GlobalCommand {}
extension Kith.SettingsCommand.List: GlobalCommand {}
extension Kith.SettingsCommand.Get: GlobalCommand {}
extension Kith.SettingsCommand.Set: GlobalCommand {}
extension Kith.Export.JSON: GlobalCommand {}
extension Kith.Export.CSV: GlobalCommand {}
extension Kith.Export.DOT: GlobalCommand {}
extension Kith.Export.GraphML: GlobalCommand {}
extension Kith.Export.GraphJSON: GlobalCommand {}
extension Kith.Import.Auto: GlobalCommand {}
extension Kith.Import.LinkedIn: GlobalCommand {}
extension Kith.Import.VCard: GlobalCommand {}
extension Kith.Import.CSV: GlobalCommand {}
extension Kith.Import.JSON: GlobalCommand {}
extension Kith.Import.Edges: GlobalCommand {}
extension Kith.Import.ICS: GlobalCommand {}
extension Kith.Import.Mbox: GlobalCommand {}
extension Kith.Import.EML: GlobalCommand {}
extension Kith.Duplicates: GlobalCommand {}
extension Kith.Merge: GlobalCommand {}
extension Kith.TagCommand.List: GlobalCommand {}
extension Kith.TagCommand.Rename: GlobalCommand {}
