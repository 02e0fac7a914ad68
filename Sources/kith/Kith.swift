import ArgumentParser
import Foundation
import KithGraph
import KithImport
import KithStore

@main
struct Kith: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "kith",
    abstract: "Keep your professional network in a private database and learn from it.",
    discussion: """
      Kith records people, organisations, interactions, favours and referrals in one SQLite \
      file on your machine (nothing leaves it), and turns them into time-decayed tie strengths: \
      who you are close to now, and which strong ties have faded.

      Start with `kith init --me "Your Name"`, record what happens with `kith log`, `kith give` \
      and `kith refer`, and read it back with `kith ties`. `kith demo` shows a whole network.

      Dates are YYYY-MM-DD (the start of that day; for --as-of, its end, so all of that day \
      counts) or ISO 8601 date-times, in your time zone \
      (TZ, else the system's) unless they give an offset; days are counted and shown there, \
      and an interaction dated with a date alone stays that day in every zone. \
      People are named by handle, name, alias or email, ignoring case and accents; `me` is you. \
      A team can share one database: --ego PERSON looks from, and records for, another of you \
      (`kith init --help`).

      Exit codes: 0 ok, 1 anything else, 64 usage error, 65 data rejected (nothing was \
      written), 66 input file missing.
      """,
    version: "0.1.0",
    subcommands: [
      Init.self, PersonCommand.self, OrgCommand.self, Affiliate.self, Log.self, Give.self,
      Refer.self, ReferralCommand.self, TieCommand.self, NoteCommand.self, History.self, Edit.self,
      Remove.self, Ties.self,
      Neglected.self, Dormant.self, CadenceCommand.self, Followups.self, LetGo.self,
      ReciprocityCommand.self,
      Referrals.self, BriefCommand.self, PlanCommand.self, Metrics.self, Circles.self,
      PathCommand.self, BeyondCommand.self, IntroCommand.self, BrokersCommand.self, Render.self,
      Report.self,
      SettingsCommand.self, Export.self, Import.self, Duplicates.self, Merge.self, Demo.self,
      TagCommand.self,
    ]
  )

  static func main() {
    LocalZone.install()
    if let message = unknownCommand(in: CommandLine.arguments.dropFirst()) {
      fail(message, code: ExitCodes.usage)
    }
    do {
      var command = try parseAsRoot()
      try EgoScope.check(command)
      try command.run()
      try StandardOutput.finish()
    } catch let error as CLIError {
      fail(error.message, code: error.code)
    } catch let error as StoreError {
      fail(error.description, code: error.isRejectedData ? ExitCodes.rejected : ExitCodes.failure)
    } catch let error as ImportError {
      fail(
        error.description, code: error.isMissingFile ? ExitCodes.missingInput : ExitCodes.rejected)
    } catch {
      // Help and version requests print as argument-parser does; usage errors become one line.
      let code = exitCode(for: error)
      if code == .success {
        if CommandLine.arguments.dropFirst().first == "--generate-completion-script" {
          print(CompletionScript.amended(fullMessage(for: error)))
          Foundation.exit(0)
        }
        exit(withError: error)
      }
      fail(
        expectedFormat(oneLine(Self.message(for: error)))
          + " (see `\(commandPath(CommandLine.arguments.dropFirst())) --help`)",
        code: code == .validationFailure ? ExitCodes.usage : code.rawValue)
    }
  }

  /// argument-parser's message on one line: a list of valid values, which it puts on lines of
  /// their own, joined after the first ("…; use one of: meeting, call, message").
  static func oneLine(_ message: String) -> String {
    let lines = message.split(separator: "\n").map(String.init)
    guard var first = lines.first else { return "usage error" }
    let choices = lines.dropFirst().filter { $0.hasPrefix("  - ") }.map { $0.dropFirst(4) }
    if !choices.isEmpty {
      for lead in [
        ". Please provide one of the following:", "Please provide one of the following:",
      ]
      where first.hasSuffix(lead) {
        first.removeLast(lead.count)
        break
      }
      first += "; use one of: " + choices.joined(separator: ", ")
    }
    return first
  }

  /// A date or month argument-parser could not read, with the form it takes: "--on
  /// '2026-6-1' is not a date; use YYYY-MM-DD (e.g. 2026-06-01) …" instead of "The value
  /// '2026-6-1' is invalid for '--on <date>'". Other messages are returned as they are.
  static func expectedFormat(_ message: String) -> String {
    guard
      let match = message.wholeMatch(
        of: /The value '(.*)' is invalid for '(\S+) <(date|month)>'/)
    else { return message }
    let (value, option, kind) = (match.1, match.2, match.3)
    // A date of the right form whose year is outside the range kept (year 3000).
    if kind == "date", let year = value.prefixMatch(of: /(\d{4})-\d\d-\d\d/).flatMap({ Int($0.1) }),
      !(1900...2199).contains(year)
    {
      return "\(option) '\(value)' is out of range; dates run from 1900-01-01 to 2199-12-31"
    }
    return kind == "date"
      ? "\(option) '\(value)' is not a date; use YYYY-MM-DD (e.g. 2026-06-01) or an ISO 8601 date-time"
      : "\(option) '\(value)' is not a month; use YYYY-MM (e.g. 2026-01)"
  }

  /// The error for a word that names no command where only a command can stand, or nil.
  /// argument-parser answers `kith help nosuch` and `kith nosuch --help` with the main help and
  /// exit 0, and `kith nosuch` with "Unexpected argument"; a typo deserves a usage error that
  /// says which command was meant.
  static func unknownCommand(in arguments: some Sequence<String>) -> String? {
    var words = Array(arguments)
    // `kith help A B` asks for the help of `kith A B`.
    var asksForHelp = words.contains { $0 == "--help" || $0 == "-h" }
    if words.first == "help" {
      words.removeFirst()
      asksForHelp = true
    }
    var names = ["kith"]
    var command: any ParsableCommand.Type = Kith.self
    for word in words {
      let configuration = command.configuration
      // `kith import calendar --help` would show the help of `import auto`, the default
      // subcommand, as if `calendar` were a file: say what `kith import calendar FILE` says.
      if asksForHelp, command == Kith.Import.self, !word.hasPrefix("-"),
        !configuration.subcommands.contains(where: { $0.configuration.commandName == word }),
        let message = Kith.Import.Auto.notAFormat(word)
      {
        return "\(message) (see `kith import --help`)"
      }
      // Options, a command's own arguments, and a default subcommand's: argument-parser's.
      guard !word.hasPrefix("-"), !configuration.subcommands.isEmpty,
        configuration.defaultSubcommand == nil
      else { return nil }
      guard
        let subcommand = configuration.subcommands.first(where: {
          $0.configuration.commandName == word
        })
      else {
        let path = names.joined(separator: " ")
        let hint =
          closestCommand(to: word, among: configuration.subcommands).map {
            "did you mean `\(path) \($0)`?"
          } ?? "see `\(path) --help` for the commands"
        return "unknown command '\(word)' for `\(path)`; \(hint)"
      }
      names.append(word)
      command = subcommand
    }
    return nil
  }

  /// The command `word` most likely meant: the name closest in spelling (a few edits away),
  /// else the first command whose summary uses the word ("interaction" → `log`).
  static func closestCommand(to word: String, among commands: [any ParsableCommand.Type])
    -> String?
  {
    let typed = word.lowercased()
    var best: (name: String, distance: Int)?
    for command in commands {
      guard let name = command.configuration.commandName else { continue }
      let distance = TextKey.editDistance(typed, name)
      if distance <= max(2, name.count / 3), distance < best?.distance ?? Int.max {
        best = (name, distance)
      }
    }
    if let best { return best.name }
    for command in commands {
      let words = command.configuration.abstract.lowercased().split { !$0.isLetter && $0 != "-" }
      if words.contains(where: { $0 == typed }) { return command.configuration.commandName }
    }
    return nil
  }

  /// The command named by `arguments` ("kith log"), as far as they name subcommands.
  static func commandPath(_ arguments: some Sequence<String>) -> String {
    var names = ["kith"]
    var command: any ParsableCommand.Type = Kith.self
    for argument in arguments {
      guard
        let subcommand = command.configuration.subcommands.first(where: {
          $0.configuration.commandName == argument
        })
      else { break }
      names.append(argument)
      command = subcommand
    }
    return names.joined(separator: " ")
  }

  static func fail(_ message: String, code: Int32) -> Never {
    Terminal.printError(message)
    Foundation.exit(code)
  }
}
