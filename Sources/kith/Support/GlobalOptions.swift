import ArgumentParser
import Foundation
import KithExport
import KithGraph
import KithStore

/// A date on the command line: YYYY-MM-DD (the start of that day in the zone Kith counts days
/// in, `KithTime.zone`) or an ISO 8601 date-time (without an offset, a time in that zone).
struct DateArgument: ExpressibleByArgument, Sendable {
  var date: Date
  /// Whether a date alone was given (YYYY-MM-DD, no time of day): `date` is the start of it.
  var dateOnly = false

  init?(argument: String) {
    guard let date = KithTime.parse(argument) else { return nil }
    self.date = date
    dateOnly = argument.utf8.count == 10  // YYYY-MM-DD: the parser takes nothing shorter
    noteIfTheClocksChange(argument)
  }

  init(date: Date) { self.date = date }

  static var defaultValueDescription: String { "YYYY-MM-DD" }
}

/// A note on stderr when `text`, a date-time without an offset, names a wall-clock time that a
/// change of clocks in the zone Kith counts days in skips (read with the offset before it) or
/// repeats (read as its first occurrence): the instant taken may not be the one meant.
func noteIfTheClocksChange(_ text: String) {
  let zone = KithTime.zone
  guard text.utf8.count > 10, !zone.isUTC,
    let wall = KithTime.parseSeconds(text, in: .utc),
    // An offset in the text makes the zone irrelevant.
    KithTime.parseSeconds(text, in: DayZone(identifier: "+01:00", fixedOffset: 3_600)) != wall
  else { return }
  let instant = zone.instant(ofWallClock: wall)
  switch zone.occurrences(ofWallClock: wall) {
  case .one: return
  case .none:
    Terminal.note(
      "note: \(text) is not a time in \(zone) (the clocks go forward then); read as \(KithTime.formatWithOffset(seconds: instant))."
    )
  case .two:
    // The second occurrence has the offset after the change.
    let second = wall - zone.offset(at: wall + 86_400)
    Terminal.note(
      "note: \(text) happens twice in \(zone) (the clocks go back then); read as the first, \(KithTime.formatWithOffset(seconds: instant)); write \(KithTime.formatWithOffset(seconds: second)) for the second."
    )
  }
}

/// --as-of: the instant a command computes as of. A date alone is the end of that day (its last
/// second in the zone Kith counts days in, 23 or 25 hours after its start on a change of
/// clocks): everything that happened on it counts, as the day's date printed beside the results
/// says. A date-time is that instant.
struct AsOfArgument: ExpressibleByArgument, Sendable {
  /// The instant of computation.
  var date: Date
  /// The day (days since 1970-01-01), when a date alone was given: what a record made without
  /// --on is dated (a record of that day, shown as the day), as `--on DATE` dates it.
  var day: Int64?

  /// The start of `day`, in the zone Kith counts days in.
  var startOfDay: Date? {
    day.map { Date(timeIntervalSince1970: Double(KithTime.startOfDay($0))) }
  }

  init?(argument: String) {
    guard let parsed = DateArgument(argument: argument) else { return nil }
    if let day = enteredDay(parsed) {
      self.init(endOfDay: day)
    } else {
      self.init(date: parsed.date)
    }
  }

  /// As of an instant.
  init(date: Date) { self.date = date }

  /// As of the end of `day` (a day number, days since 1970-01-01) in the zone Kith counts days
  /// in, as `--as-of YYYY-MM-DD` names it.
  init(endOfDay day: Int64) {
    date = Date(timeIntervalSince1970: Double(KithTime.startOfDay(day + 1) - 1))
    self.day = day
  }

  static var defaultValueDescription: String { "YYYY-MM-DD" }
}

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
  /// The help of --db, which `kith init` declares too.
  static let databaseHelp = ArgumentHelp(
    "The database file.",
    discussion:
      "Default: $KITH_DB, else $XDG_DATA_HOME/kith/kith.sqlite (~/.local/share/kith/kith.sqlite).",
    valueName: "path")

  /// The help of --json, which `kith init` declares too.
  static let jsonHelp: ArgumentHelp =
    "Print JSON (sorted keys, a top-level schemaVersion) instead of text."

  // Any name: a database need not end in .sqlite.
  @Option(name: .long, help: databaseHelp, completion: .file())
  var db: String?

  /// The help of --as-of, which `kith demo` declares too.
  static let asOfHelp = ArgumentHelp(
    "Act as of this date instead of now (a date alone: the end of that day, so all of it counts); a record made without --on is dated to it.",
    valueName: "date")

  /// The help of --ego, which `kith demo` declares too.
  static let egoHelp = ArgumentHelp(
    "Whose network to analyse (default: you, as set by `kith init`).", valueName: "person")

  @Option(name: .customLong("as-of"), help: asOfHelp)
  var asOf: AsOfArgument?

  @Option(help: egoHelp)
  var ego: String?

  @Flag(help: jsonHelp)
  var json = false

  func validate() throws { try Self.validate(db: db) }

  /// Refuses an empty --db, which would quietly fall back to the default database.
  static func validate(db: String?) throws {
    if db?.isEmpty == true {
      throw ValidationError("--db needs a path, e.g. --db network.sqlite.")
    }
  }

  /// The database path in force.
  var databasePath: String { KithStore.resolvePath(explicit: db) }

  /// The instant of computation.
  var now: Date { asOf?.date ?? Date(timeIntervalSince1970: Double(KithTime.seconds(Date()))) }

  /// Opens the store. Only `create` (`kith init`, an import into a new database) may make a
  /// database of a missing or empty file; other commands on a missing database are an error
  /// and create nothing. No output file may overwrite the database once it is open.
  func openStore(create: Bool = false) throws -> KithStore {
    let path = databasePath
    if !create && !FileManager.default.fileExists(atPath: path) {
      throw CLIError.missingInput(
        "no database at \(path); create one with `kith init --me NAME`, or pass --db")
    }
    let store = try KithStore(path: path, create: create)
    OpenDatabases.insert(path)
    return store
  }

  /// Whether a person reference is `me` (in any case): it names the ego wherever a command
  /// names a person. The one place that says so.
  static func isMe(_ reference: String) -> Bool {
    reference.utf8.count == 2 && reference.lowercased() == "me"
  }

  /// The ego for ego-centric commands: --ego, else the stored ego.
  func resolveEgo(_ store: KithStore) throws -> Person {
    if let ego { return try store.resolvePerson(ego) }
    guard let me = try store.ego() else { throw StoreError.noEgo }
    return me
  }

  /// The ego if one is set or given, nil otherwise.
  func optionalEgo(_ store: KithStore) throws -> Person? {
    if let ego { return try store.resolvePerson(ego) }
    return try store.ego()
  }

  /// The ego whose own cadences and dismissed follow-ups a command reads or writes, as the
  /// store's calls name them: nil for the store's ego (*me*, also without --ego), else the
  /// person --ego names.
  func choicesOwner(_ store: KithStore) throws -> Person? {
    guard let ego else { return nil }
    let person = try store.resolvePerson(ego)
    return try person.id == store.ego()?.id ? nil : person
  }
}

/// ` --ego HANDLE` for a command suggested to `owner` (`GlobalOptions.choicesOwner`), nothing
/// for the store's ego: the command then acts for the same ego.
func egoOption(_ owner: Person?) -> String {
  owner.map { " --ego \($0.handle)" } ?? ""
}

/// The date a record is dated: --on, else --as-of (the day, for a date alone), else now (to
/// the second).
func recordDate(_ on: DateArgument?, _ global: GlobalOptions) -> Date {
  on?.date ?? global.asOf?.startOfDay ?? global.now
}

/// What "now" is called in messages about dates: --as-of when given.
private func nowName(_ global: GlobalOptions) -> String {
  (global.asOf == nil ? "today, " : "--as-of ") + KithTime.formatDay(global.now)
}

/// The earliest date a record may carry: 1950-01-01. An earlier one is a mistyped year (1926 for
/// 2026), which would stretch every learned cadence to decades and leave a referral open for
/// them.
let earliestRecordDate = Date(timeIntervalSince1970: -631_152_000)

/// Refuses a record's date (`option`, --on unless told) more than a year after now (or
/// --as-of), or before 1950: records are of what happened, and a date that far ahead or back
/// is a mistyped year (2062 or 1926 for 2026), which would hide the record from every analysis
/// until then, or stretch its person's cadence to decades. Call it from `validate()`.
func checkRecordDate(_ on: DateArgument?, _ global: GlobalOptions, option: String = "--on") throws {
  guard let on else { return }
  let limit = global.now.addingTimeInterval(366 * 86_400)
  if on.date > limit {
    throw ValidationError(
      "\(option) \(KithTime.formatDay(on.date)) is more than a year after \(nowName(global)); check the year."
    )
  }
  if on.date < earliestRecordDate {
    throw ValidationError(
      "\(option) \(KithTime.formatDay(on.date)) is before \(KithTime.formatDay(earliestRecordDate)); check the year."
    )
  }
}

/// Refuses a referral's status change (--on) later than now (or --as-of): a change records
/// something that has happened, and one dated ahead would leave the referral at a status the
/// list does not show yet, refusing every other change until then. Call it from `validate()`.
func checkChangeDate(_ on: DateArgument?, _ global: GlobalOptions) throws {
  guard let on else { return }
  if on.date > global.now {
    throw ValidationError(
      "--on \(KithTime.formatHuman(on.date)) is after \(nowName(global)): a status change records what has happened; check the date."
    )
  }
}

/// Runs `body` (the store call that writes a command's record), naming the option at fault in
/// a record the store refuses as the command line spells it: "--by: the initiator must be one
/// of the participants" rather than the model's "invalid by: …". `options` maps a field to the
/// option that set it where the two differ (`time` is --on); other fields are options of the
/// same name.
func namingOptions<T>(
  _ options: [String: String] = [:], _ body: () throws -> T
) throws -> T {
  do {
    return try body()
  } catch StoreError.invalid(let record) {
    let option = options[record.field] ?? "--\(record.field)"
    throw CLIError.rejected("\(option): \(record.message)")
  }
}

/// Optional text as typed, or nil when it is empty or only whitespace: `--summary ""` records
/// no summary rather than one that reads as `you talked about “”`.
func presentText(_ text: String?) -> String? {
  guard let text, !text.allSatisfy(\.isWhitespace) else { return nil }
  return text
}

/// A note on stderr for a record dated later than now (or --as-of), within the year
/// `checkRecordDate` allows: it counts only from that date, which may not be what was meant.
/// Call it once the record is written, so that a refused record gets its one error line alone.
/// - Parameter consequence: what the date means for this kind of record.
func noteIfFuture(
  _ on: DateArgument?, _ global: GlobalOptions,
  consequence: String = "the record counts only from then"
) {
  guard let on,
    KithTime.day(ofSeconds: KithTime.seconds(on.date))
      > KithTime.day(ofSeconds: KithTime.seconds(global.now))
  else { return }
  Terminal.note(
    "note: --on \(KithTime.formatDay(on.date)) is after \(nowName(global)); \(consequence)."
  )
}

/// What a note's date in the future means: it is left out of what is shown as of earlier dates.
let futureNoteConsequence =
  "`kith brief` quotes the note only from then (`kith person show` marks it as in the future)"

/// Machine output: every JSON document has schemaVersion, asOf and ego at the top.
enum Output {
  static let schemaVersion: Int64 = 1

  static func json(_ fields: [String: JSONValue], asOf: Date?, ego: Person?) {
    var document = fields
    document["schemaVersion"] = .int(schemaVersion)
    document["asOf"] = .string(asOf.map(KithTime.format))
    document["ego"] = .string(ego?.handle)
    print(JSONValue.object(document).serialized())
  }

  static func personRef(_ person: Person) -> JSONValue {
    ["handle": .string(person.handle), "name": .string(person.name)]
  }
}
