import ArgumentParser
import Foundation
import KithAnalytics
import KithExport
import KithGraph

/// A month on the command line: YYYY-MM.
struct MonthArgument: ExpressibleByArgument, Sendable {
  var start: Date
  var end: Date
  var text: String

  init?(argument: String) {
    let parts = argument.split(separator: "-")
    guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]),
      let m = Int(parts[1]), (1...12).contains(m),
      let start = KithTime.parse(String(format: "%04d-%02d-01", y, m)),
      let end = KithTime.parse(
        m == 12 ? String(format: "%04d-01-01", y + 1) : String(format: "%04d-%02d-01", y, m + 1))
    else { return nil }
    self.start = start
    self.end = end
    text = argument
  }

  static var defaultValueDescription: String { "YYYY-MM" }

  /// A plan made in the last days of a month is for the next: this many days before a month
  /// begins, it is the month planned by default.
  static let leadDays = 7

  /// The month planned by default as of `now`: its own, or the next within `leadDays` of it
  /// (`plan`, `report` and `demo` agree: as of 2026-06-30, July).
  static func planned(asOf now: Date) -> MonthArgument? {
    let ahead = now.addingTimeInterval(Double(leadDays) * 86_400)
    return MonthArgument(argument: String(KithTime.formatDay(ahead).prefix(7)))
  }

  /// The day a plan for this month is computed as of: `now` when it falls in the month or in
  /// the `leadDays` before it, else the month's first day.
  func planningDay(now: Date) -> Date {
    let lead = start.addingTimeInterval(-Double(Self.leadDays) * 86_400)
    return (lead..<end).contains(now) ? now : start
  }
}

extension Kith {
  struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "plan",
      abstract: "A short agenda for the month, so the network is maintained before it is needed.",
      discussion: """
        At most --budget actions, one per person: due follow-ups (the dates you set first, but \
        the second goes to the person met once and never followed up who drops off the list \
        soonest) and what you owe on referrals (loop-backs to the referrer first, then \
        suggestions to act on or decline, then declines to explain), each up to a quarter of \
        the budget; one give-first action where you have been taking; one tie gone quiet: a \
        dormant tie to revive or a lost one (silent for over 8× the usual gap, not dormant) to \
        reconnect with, whichever had the higher peak (the dormant one on a tie); one person to \
        meet beyond your usual circle (see `kith beyond`), through someone you are in touch \
        with who has no other item (reconnect first when they are overdue); then the most \
        valuable neglected ties (lost ties do not compete with them: their capped value at \
        risk, 8× the peak, would put every one of them first). Room left over brings more \
        follow-ups, referrals, give-first actions and dormant ties, in that order, then the \
        other lost ties (as reconnect items). Someone \
        you owe who has another item gets no give-first one: their item says what you owe; a \
        referral whose referrer has another item is added to that item's why. A tie you let go \
        (`kith let-go`) gets no give-first, revive or reconnect item, and is nobody to ask for \
        an introduction, until you are next in touch. Every item says why. The month is this one (or that of --as-of), or the next in the last \
        7 days of a month. The plan is computed as of now (or --as-of) when that falls in the \
        month or the 7 days before it, else as of the month's first day (the heading then says \
        so), with follow-ups and referral actions due by its end (each says when it is due).

        Actions: follow-up, referral, give-first, revive, meet, reconnect.

        Examples:
          kith plan
          kith plan --month 2026-07 --budget 5

        JSON: {"schemaVersion", "asOf", "ego", "month", "budget", "items": [{"action", \
        "handle", "name", "referral", "via", "task", "why"}]} (via: for a meet item, the handle \
        of the person to ask; else null; referral: the id of the referral the item is about, \
        or null).
        """)

    @OptionGroup var global: GlobalOptions
    @Option(
      help: ArgumentHelp(
        "The month to plan (default: this month, or the next in its last 7 days).",
        valueName: "month"))
    var month: MonthArgument?
    @Option(
      parsing: .unconditional, help: ArgumentHelp("At most this many actions.", valueName: "n"))
    var budget: Int = 8

    func validate() throws {
      if budget < 1 { throw ValidationError("--budget must be at least 1, e.g. --budget 8.") }
    }

    func run() throws {
      let now = global.now
      guard let chosen = month ?? MonthArgument.planned(asOf: now) else {
        throw CLIError.usage("cannot tell the month of \(KithTime.formatDay(now))")
      }
      // --month names the month planned, past or future, and --as-of only says what "now" is.
      let asOf = chosen.planningDay(now: now)
      let a = try Analysis(global, asOf: asOf)
      let items = Planner.plan(
        in: a.snapshot, ego: a.egoIndex, budget: budget, dueBy: KithTime.seconds(chosen.end) - 1,
        circles: EgoCircles(snapshot: a.snapshot, ego: a.egoIndex))
      if global.json {
        a.json([
          "month": .string(chosen.text), "budget": .int(budget),
          "items": .array(
            items.map { planItemJSON($0, a.snapshot) }),
        ])
        return
      }
      printPlan(
        items, month: chosen.text, snapshot: a.snapshot,
        asOf: asOf == now ? nil : KithTime.formatDay(asOf))
    }
  }
}

/// A plan item as JSON: {"action", "handle", "name", "referral", "via", "task", "why"}.
func planItemJSON(_ i: PlanItem, _ snapshot: NetworkSnapshot) -> JSONValue {
  [
    "action": .string(i.action.rawValue), "handle": .string(snapshot.people.handles[Int(i.person)]),
    "name": .string(snapshot.people.names[Int(i.person)]),
    "referral": i.referralID.map { .int($0) } ?? .null,
    "via": i.via.map { .string(snapshot.people.handles[Int($0)]) } ?? .null,
    "task": .string(i.task), "why": .string(i.why),
  ]
}

/// A plan item's task as it is shown: a task that does not name the person in full before
/// its first colon ("On 2026-06-11 you talked about …: ask Lukas how it turned out", "No
/// contact for 40 days (…): send Maria Lopez a short note") starts with the full name, so that
/// every such item says whom it is for in the same place, whether or not the sentence uses
/// the first name alone. The name is not said twice: later in the task, it becomes "them"
/// ("Maria Lopez: No contact for 40 days (…): send them a short note").
///
/// A name `names` tells apart (a namesake of yours, or of someone else in the plan) gets its
/// handle where it is first said, as in the tables: "Reconnect with Sofia Marin
/// (sofia-marin-2), silent since …"; so does the name of a meet item's go-between. When the
/// go-between and the person share a name, the person's handle leads the task.
func planTask(_ i: PlanItem, _ snapshot: NetworkSnapshot, names: TableNames) -> String {
  namedTask(i.task, person: i.person, via: i.via, snapshot, names: names)
}

/// A task or suggestion about `person` as a list shows it (``planTask(_:_:names:)``): the
/// plan and `neglected` word the same person the same way. A task that names them before its
/// first colon says "them" for any later mention.
func namedTask(
  _ text: String, person: Int32, via: Int32? = nil, _ snapshot: NetworkSnapshot,
  names: TableNames
) -> String {
  let name = snapshot.people.names[Int(person)]
  let via = via.map { (person: $0, name: snapshot.people.names[Int($0)]) }
  /// `text` with the first `n` in it told apart as `shown` (unchanged when they are alike).
  func tellingApart(_ text: String, _ n: String, _ shown: String) -> String {
    guard shown != n, let range = text.range(of: n) else { return text }
    return text.replacingCharacters(in: range, with: shown)
  }
  func withVia(_ text: String) -> String {
    guard let via, via.name != name else { return text }
    return tellingApart(text, via.name, names(via.person))
  }
  /// `text` with every mention of the person's name said as "them" ("their" for "Name's").
  func them(_ text: Substring) -> String {
    text.replacingOccurrences(of: "\(name)'s", with: "their")
      .replacingOccurrences(of: "\(name)’s", with: "their")
      .replacingOccurrences(of: name, with: "them")
  }
  let opening = text.split(separator: ":", maxSplits: 1).first ?? ""
  if opening.contains(name) {
    if via?.name == name, names(person) != name { return "\(names(person)): \(text)" }
    // Named once, in the opening; "them" after it.
    let rest = text[opening.endIndex...]
    return withVia(tellingApart(String(opening) + them(rest), name, names(person)))
  }
  return "\(names(person)): \(withVia(them(text[...])))"
}

/// - Parameter asOf: the day the plan was computed as of, when it is not now (a past or
///   future month, planned as of its first day): the heading says so.
func printPlan(
  _ items: [PlanItem], month: String, snapshot: NetworkSnapshot, asOf: String? = nil
) {
  print(
    Terminal.bold(
      "Plan for \(month) (\(Format.count(items.count, "action")))\(asOf.map { ", as of \($0)" } ?? "")"
    ))
  if items.isEmpty {
    print(
      Analysis.noHistoryHint(snapshot).map { "Nothing to plan. \($0)" }
        ?? "Nothing owed: your network is in good shape.")
    return
  }
  let names = TableNames(snapshot)
  for (k, i) in items.enumerated() {
    let number = "\(k + 1). "
    // The task and its reason quote summaries and reasons: their control characters shown.
    print(
      "\(number)[\(i.action.rawValue)] \(Format.sentence(planTask(i, snapshot, names: names)))")
    // "why" under the task, from item 10 on too.
    print(String(repeating: " ", count: number.count) + "why: \(Format.sentence(i.why))")
  }
  // A tie gone quiet comes back month after month until it is revived or let go.
  if items.contains(where: { $0.action == .revive || $0.action == .reconnect }) {
    print("")
    print(
      "Done with a tie? `kith let-go PERSON` stops the reminders to keep it up until you are next in touch."
    )
  }
}
