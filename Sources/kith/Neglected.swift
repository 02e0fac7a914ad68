import ArgumentParser
import Foundation
import KithAnalytics
import KithExport
import KithGraph

extension Kith {
  struct Neglected: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "neglected",
      abstract: "Contacts you are overdue to see, the most valuable first.",
      discussion: """
        A contact's cadence is your explicit setting (`kith cadence`), else the shortest cadence \
        of their tags, else the median gap in days between the days you were in touch (3 or \
        more days; at least a week; an email and its reply on one day are one day), else a \
        default from the tie's rank by peak strength (Dunbar's layers: top 5 weekly, to 15 \
        monthly, to 50 every six months, to 150 yearly). A tie that was lost (by the rule \
        below, against the gap learned before the silence) and that you revive, by an \
        interaction or an exchange, starts again: its cadence is learned from the days you \
        were in touch since, and until there are 3 it gets the default for its rank by its \
        current strength. Overdue ratio = days since last contact \
        / cadence; a contact is neglected above 1. The last contact is your last interaction \
        with them, or a later exchange between you (`kith give`, a referral). Ranked by value \
        at risk = peak strength × overdue ratio (capped at 8). A tie is lost, and listed only \
        with --include-lost, when its silence is longer than the larger of 8× its learned gap \
        and 180 days; with a default cadence, the larger of 2× the default and 365 days; with \
        a cadence you set (or a tag's), never. A tie you let go (`kith let-go`) is not listed \
        until you are next in touch. --tag and --org list only the contacts with a tag, or now \
        at an organisation (both: those with both); their ranks and cadences are those of the \
        whole network.

        Examples:
          kith neglected --limit 5
          kith neglected --include-lost
          kith neglected --tag investor
          kith neglected --org "Acme Robotics"

        JSON: {"schemaVersion", "asOf", "ego", "neglected": [{"handle", "name", "lastContact", \
        "daysSince", "calendarDays", "cadenceDays", "cadenceSource", "overdueRatio", "strength", \
        "peak", "valueAtRisk", "status", "suggestion"}], "lostNotShown", "letGoNotShown"} \
        (daysSince: the time since the last contact in days, with a fraction, which the overdue \
        ratio divides; calendarDays: the days between their dates in your time zone, the DAYS \
        column; lostNotShown: how many lost ties were left out, 0 with --include-lost; \
        letGoNotShown: how many ties you let go would be listed).
        """)

    @OptionGroup var global: GlobalOptions
    @Option(parsing: .unconditional, help: ArgumentHelp("Show at most this many.", valueName: "n"))
    var limit: Int?
    @Flag(
      name: .customLong("include-lost"),
      help:
        "Also list lost ties: silent for longer than the larger of 8× their learned gap and 180 days, or with a default cadence, of 2× the default and 365 days (never with one you set)."
    )
    var includeLost = false
    @OptionGroup var filter: ContactFilter

    func validate() throws {
      if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
    }

    func run() throws {
      let a = try Analysis(global)
      let wanted = try filter.matcher(a)
      // Lost ties and ties let go counted even when left out, so that the text can say they
      // exist.
      let letGo = KithAnalytics.Neglect.lettingGo(in: a.snapshot, ego: a.egoIndex)
      let everyone = KithAnalytics.Neglect.neglected(
        in: a.snapshot, ego: a.egoIndex, includeLost: true, includeLetGo: true
      ).filter { wanted($0.person) }
      let all = everyone.filter { !letGo.contains($0.person) }
      let kept = includeLost ? all : all.filter { $0.status != .lost }
      let items = limit.map { Array(kept.prefix($0)) } ?? kept
      let lostLeftOut = all.count - kept.count
      let lostLine = Kith.lostLine(all.filter { $0.status == .lost }, a)
      // The ties let go that would be listed.
      let letGoLeftOut = everyone.filter {
        letGo.contains($0.person) && (includeLost || $0.status != .lost)
      }.count
      if global.json {
        a.json([
          "lostNotShown": .int(Int64(lostLeftOut)),
          "letGoNotShown": .int(Int64(letGoLeftOut)),
          "neglected": .array(
            items.map { n in
              [
                "handle": .string(a.handle(n.person)), "name": .string(a.name(n.person)),
                "lastContact": .string(KithTime.format(seconds: n.lastContact)),
                "daysSince": .double(n.daysSince), "calendarDays": .int(n.calendarDaysSince),
                "cadenceDays": .double(n.cadence.days),
                "cadenceSource": .string(n.cadence.source.rawValue),
                "overdueRatio": .double(n.overdueRatio),
                "strength": .double(n.strength), "peak": .double(n.peak),
                "valueAtRisk": .double(n.valueAtRisk),
                "status": .string(n.status.rawValue), "suggestion": .string(n.suggestion),
              ]
            }),
        ])
        return
      }
      if items.isEmpty {
        print("Nobody\(filter.phrase(a.store)) is overdue as of \(KithTime.formatDay(a.asOf)).")
        if lostLeftOut > 0 { print(lostLine) }
        if letGoLeftOut > 0 {
          print(Kith.letGoLine(letGoLeftOut, option: try egoOption(global.choicesOwner(a.store))))
        }
        if let hint = a.noHistoryHint { print(hint) }
        return
      }
      var table = TextTable(
        ["NAME", "LAST", "DAYS", "CADENCE", "OVERDUE", "PEAK", "AT RISK"],
        rightAligned: [2, 3, 4, 5, 6])
      let names = TableNames(a.snapshot)
      for n in items {
        table.add([
          names(n.person) + (n.status == .lost ? " (lost)" : ""),
          KithTime.formatDay(seconds: n.lastContact),
          "\(n.calendarDaysSince)",
          "\(Int(n.cadence.days.rounded()))d \(n.cadence.source.rawValue)",
          Format.number(n.overdueRatio) + "×", Format.number(n.peak),
          Format.number(n.valueAtRisk),
        ])
      }
      print(table.render())
      print("")
      // Worded as the plan words the same person (`namedTask`).
      for n in items.prefix(5) {
        print(
          "• \(Format.sentence(namedTask(n.suggestion, person: n.person, a.snapshot, names: names)))"
        )
      }
      if lostLeftOut > 0 || letGoLeftOut > 0 { print("") }
      if lostLeftOut > 0 { print(lostLine) }
      if letGoLeftOut > 0 {
        print(Kith.letGoLine(letGoLeftOut, option: try egoOption(global.choicesOwner(a.store))))
      }
      // The way out for a tie kept only by the reminders, where one is likely: a lost tie.
      if letGoLeftOut == 0, all.contains(where: { $0.status == .lost }) {
        if lostLeftOut == 0 { print("") }
        print(
          "Done with a tie? `kith let-go PERSON` stops the reminders until you are next in touch.")
      }
    }
  }

  /// The line that says ties let go were left out of a list.
  /// - Parameter option: ` --ego HANDLE` for another ego's list (`egoOption`).
  static func letGoLine(_ count: Int, option: String = "") -> String {
    "Not shown: \(count == 1 ? "1 tie" : "\(count) ties") you let go; `kith let-go --list\(option)` lists them."
  }

  /// The line that says lost ties were left out, naming the most valuable of them while they
  /// still hold a tenth of their peak (a dormant tie may keep less): silent for over 8× the
  /// usual gap and half a year, a strong weekly tie would otherwise vanish from the list.
  /// - Parameter listing: what lists them all (the report names the whole command).
  static func lostLine(
    _ lost: [NeglectedContact], _ a: Analysis, listing: String = "--include-lost"
  ) -> String {
    // A tie with a default cadence is lost after a year (or twice a yearly default): it has no
    // usual gap to be 8× of.
    let defaults = lost.filter { $0.cadence.source == .tier }.map(\.cadence.days)
    let year =
      defaults.isEmpty
      ? ""
      : ", or a year with no rhythm\(defaults.contains { $0 >= 365 } ? " (two with the yearly default)" : "")"
    let count =
      lost.count == 1
      ? "1 tie silent for over 8× its usual gap\(year) (lost)"
      : "\(lost.count) ties silent for over 8× their usual gap\(year) (lost)"
    let fading = lost.filter { $0.isFading() }.prefix(2)
    let names = TableNames(a.snapshot)
    let among = fading.map { "\(names($0.person)) (now \($0.percentOfPeak)% of peak)" }
    // "Among them" only where some are left unnamed; one or two named in full are just named.
    let named =
      among.isEmpty
      ? "" : (among.count < lost.count ? ", among them " : ", ") + among.joined(separator: " and ")
    return "Not shown: \(count)\(named); \(listing) lists \(lost.count == 1 ? "it" : "them")."
  }

  struct Dormant: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "dormant",
      abstract: "Strong ties that went quiet and are worth reviving, the most novel first.",
      discussion: """
        Dormant: peak strength in the top half of your ties, now under 10% of that peak, and no \
        contact for a year. Ranked by novelty × peak. Novelty is the mean of two measures of \
        how far they sit from your world now: how little of your tie strength is among their \
        own contacts, and how little is in their circle (see `kith circles`). Dormant ties \
        reach circles you no longer see. A tie you let go (`kith let-go`) is not listed until \
        you are next in touch. --tag and --org list only the contacts with a tag, or now at an \
        organisation.

        Examples:
          kith dormant --limit 5
          kith dormant --tag ex-colleague

        JSON: {"schemaVersion", "asOf", "ego", "dormant": [{"handle", "name", "lastContact", \
        "peak", "strength", "novelty", "why"}], "letGoNotShown"} (letGoNotShown: how many ties \
        you let go would be listed)
        """)

    @OptionGroup var global: GlobalOptions
    @Option(parsing: .unconditional, help: ArgumentHelp("Show at most this many.", valueName: "n"))
    var limit: Int?
    @OptionGroup var filter: ContactFilter

    func validate() throws {
      if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
    }

    func run() throws {
      let a = try Analysis(global)
      let wanted = try filter.matcher(a)
      let circles = EgoCircles(snapshot: a.snapshot, ego: a.egoIndex)
      // Ties let go counted even when left out, so that the text can say they exist.
      let letGo = KithAnalytics.Neglect.lettingGo(in: a.snapshot, ego: a.egoIndex)
      let everyone = KithAnalytics.Neglect.dormant(
        in: a.snapshot, ego: a.egoIndex, includeLetGo: true,
        novelty: { circles.dormantNovelty(in: a.snapshot, of: $0) }
      ).filter { wanted($0.person) }
      let listed = everyone.filter { !letGo.contains($0.person) }
      let items = limit.map { Array(listed.prefix($0)) } ?? listed
      let letGoLeftOut = everyone.count - listed.count
      func why(_ d: DormantContact) -> String {
        let id = circles.circle(of: d.person)
        // A community of one is no circle, as `circles` and `brief` say.
        guard circles.isCircle(id) else {
          return d.why + " They are in no circle of yours: tied to nobody else you know."
        }
        let share = Int((circles.egoShare[id] * 100).rounded())
        return d.why
          + " Their circle, \(circles.name(of: id)), holds \(share)% of your tie strength."
      }
      if global.json {
        a.json([
          "letGoNotShown": .int(Int64(letGoLeftOut)),
          "dormant": .array(
            items.map { d in
              [
                "handle": .string(a.handle(d.person)), "name": .string(a.name(d.person)),
                "lastContact": .string(KithTime.format(seconds: d.lastContact)),
                "peak": .double(d.peak),
                "strength": .double(d.strength), "novelty": .double(d.novelty),
                "why": .string(why(d)),
              ]
            }),
        ])
        return
      }
      if items.isEmpty {
        print("No dormant ties\(filter.phrase(a.store)) as of \(KithTime.formatDay(a.asOf)).")
        if letGoLeftOut > 0 {
          print(Kith.letGoLine(letGoLeftOut, option: try egoOption(global.choicesOwner(a.store))))
        }
        if let hint = a.noHistoryHint { print(hint) }
        return
      }
      for d in items {
        print(
          "• \(Terminal.bold(a.name(d.person))) (\(a.handle(d.person))), last \(KithTime.formatDay(seconds: d.lastContact))"
        )
        print("  \(Format.sentence(why(d)))")
      }
      if letGoLeftOut > 0 {
        print("")
        print(Kith.letGoLine(letGoLeftOut, option: try egoOption(global.choicesOwner(a.store))))
      }
    }
  }
}
