import ArgumentParser
import Foundation
import KithAnalytics
import KithExport
import KithGraph
import KithRender
import KithStore

extension Kith {
  struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "report",
      abstract: "Write a one-file HTML report: the picture of your network and what to do.",
      discussion: """
        The report holds the picture of your network (as `kith render` draws it), the plan for \
        the month, the contacts you are overdue to see, dormant ties worth reviving, \
        reciprocity, open referrals, follow-ups due by the end of the month planned, your circles and the people beyond them worth \
        meeting, with whom to ask. It is one self-contained \
        file: no scripts, no external styles, fonts or images, no network requests (its \
        Content-Security-Policy forbids them), readable on a phone and in print. Every name is \
        escaped. The file is written with mode 0600: it holds personal data.

        Example: kith report --html report.html --as-of 2026-06-30
        """)

    @OptionGroup var global: GlobalOptions
    @Option(
      help: ArgumentHelp("The HTML file to write.", valueName: "file"),
      completion: .file(extensions: ["html", "htm"]))
    var html: String
    @Option(
      help: ArgumentHelp(
        "The month to plan (default: the month of --as-of, or this month).", valueName: "month"))
    var month: MonthArgument?
    @Option(parsing: .unconditional, help: ArgumentHelp("Rows per table at most.", valueName: "n"))
    var limit: Int = 20

    func validate() throws {
      if limit < 1 { throw ValidationError("--limit must be at least 1, e.g. --limit 20.") }
      if html.isEmpty || html == "-" {
        throw ValidationError("--html needs a file name, e.g. --html report.html.")
      }
    }

    func run() throws {
      let written = try ReportWriter(global: global, month: month, limit: limit).write(to: html)
      if global.json {
        Output.json(
          [
            "file": .string(html), "bytes": .int(written.bytes),
            "sections": .strings(written.sections),
          ], asOf: written.asOf, ego: written.ego)
        return
      }
      print("Wrote \(html) (\(written.sections.count) sections); open it in a browser.")
    }
  }
}

/// What a written report holds, for the command's output.
struct WrittenReport {
  let bytes: Int
  let sections: [String]
  let asOf: Date
  let ego: Person
}

/// Builds the HTML report from the store: used by `kith report` and `kith demo`.
struct ReportWriter {
  let global: GlobalOptions
  var month: MonthArgument?
  var limit: Int
  /// Overrides --as-of (the demo computes as of its own end).
  var asOf: Date?

  init(global: GlobalOptions, month: MonthArgument? = nil, limit: Int = 20, asOf: Date? = nil) {
    self.global = global
    self.month = month
    self.limit = limit
    self.asOf = asOf
  }

  func write(to path: String) throws -> WrittenReport {
    var options = global
    if let asOf { options.asOf = AsOfArgument(date: asOf) }
    let a = try Analysis(options)
    let s = a.snapshot
    let e = a.egoIndex
    // ` --ego HANDLE` in the commands the report suggests, for another ego's.
    let option = egoOption(try options.choicesOwner(a.store))
    let day = KithTime.formatDay(a.asOf)
    let chosen = month ?? MonthArgument.planned(asOf: a.asOf)
    let dueBy = chosen.map { KithTime.seconds($0.end) - 1 }

    // The picture: the network view, pruned for legibility as `kith render` does.
    let builder = PictureBuilder(a)
    let picture = try builder.picture(.network, defaultPruning: true)
    let dot = picture.dotGraph().render()
    let engine = GraphvizEngine.automatic(nodes: picture.nodes.count, edges: picture.edges.count)
    let svg: String
    do {
      svg = String(
        decoding: try GraphvizRenderer.render(dot: dot, engine: engine, format: .svg),
        as: UTF8.self)
    } catch let error as RenderError {
      throw Kith.Render.renderFailure(error, path: nil)
    }

    var sections: [HTMLReport.Section] = []
    /// Says when a table shows only the first `limit` of its rows, and which command lists all.
    func shown(_ total: Int, _ command: String) -> String {
      total > limit
        ? " Showing the first \(limit) of \(total); `kith \(command)` lists them all." : ""
    }
    func days(_ seconds: Int64) -> String { KithTime.formatDay(seconds: seconds) }

    // The month's plan.
    let circles = EgoCircles(snapshot: s, ego: e)
    let plan = Planner.plan(in: s, ego: e, budget: 8, dueBy: dueBy, circles: circles)
    // Names told apart as the text tables tell them (a namesake gets the handle), the same
    // in every section.
    let names = TableNames(s)
    sections.append(
      HTMLReport.Section(
        id: "plan", title: "Plan for \(chosen?.text ?? day)",
        intro: "At most eight actions, one per person, each with its reason.",
        table: HTMLReport.Table(
          headers: ["#", "Action", "Task", "Why"],
          rows: plan.enumerated().map { k, item in
            ["\(k + 1)", item.action.rawValue, planTask(item, s, names: names), item.why]
          }, numericColumns: [0]),
        emptyText: Analysis.noHistoryHint(s).map { "Nothing to plan. \($0)" }
          ?? "Nothing owed: your network is in good shape."))

    // Neglected contacts; the lost ones are counted under the table, as `kith neglected`
    // does, so that a strong tie gone quiet does not vanish without a word.
    // The ties let go that would be listed are counted, as `neglected` and `dormant` count them.
    let letGo = Neglect.lettingGo(in: s, ego: e)
    let everyone = Neglect.neglected(in: s, ego: e, includeLost: true, includeLetGo: true)
    let overdue = everyone.filter { !letGo.contains($0.person) }
    let neglected = overdue.filter { $0.status != .lost }
    let lost = overdue.filter { $0.status == .lost }
    let neglectedLetGo = everyone.filter { letGo.contains($0.person) && $0.status != .lost }.count
    let neglectedNotes = [
      lost.isEmpty ? nil : Kith.lostLine(lost, a, listing: "`kith neglected --include-lost`"),
      neglectedLetGo == 0 ? nil : Kith.letGoLine(neglectedLetGo, option: option),
    ].compactMap { $0 }
    sections.append(
      HTMLReport.Section(
        id: "neglected", title: "Overdue to see",
        intro:
          "Contacts past their usual cadence, ranked by value at risk (peak strength × overdue ratio)."
          + shown(neglected.count, "neglected"),
        table: HTMLReport.Table(
          headers: ["Name", "Last contact", "Days", "Cadence", "Overdue", "Peak", "At risk"],
          rows: neglected.prefix(limit).map { n in
            [
              names(n.person), days(n.lastContact), "\(n.calendarDaysSince)",
              "\(Int(n.cadence.days.rounded()))d (\(n.cadence.source.rawValue))",
              Format.number(n.overdueRatio) + "×", Format.number(n.peak),
              Format.number(n.valueAtRisk),
            ]
          }, numericColumns: [2, 4, 5, 6]),
        emptyText: "Nobody is overdue.",
        note: neglectedNotes.isEmpty ? nil : neglectedNotes.joined(separator: " ")))

    // Dormant ties.
    let dormantAll = Neglect.dormant(
      in: s, ego: e, includeLetGo: true, novelty: { circles.dormantNovelty(in: s, of: $0) })
    let dormant = dormantAll.filter { !letGo.contains($0.person) }
    let dormantLetGo = dormantAll.count - dormant.count
    sections.append(
      HTMLReport.Section(
        id: "dormant", title: "Dormant ties worth reviving",
        intro: "Once-strong ties, silent for a year, that reach circles you no longer see."
          + shown(dormant.count, "dormant"),
        table: HTMLReport.Table(
          headers: ["Name", "Last contact", "Peak", "Novelty", "Why"],
          rows: dormant.prefix(limit).map { d in
            [
              names(d.person), days(d.lastContact), Format.number(d.peak),
              Format.number(d.novelty), d.why,
            ]
          }, numericColumns: [2, 3]),
        emptyText: "No dormant ties.",
        note: dormantLetGo == 0 ? nil : Kith.letGoLine(dormantLetGo, option: option)))

    // Reciprocity.
    let reciprocity = Reciprocity.report(in: s, ego: e)
    // Those with something to say: an exchange either way or a flag. Everyone you met is an
    // entry, and a store with no exchanges (a calendar's import) listed rows of zeros.
    let giveAndTake = reciprocity.entries.filter {
      $0.given > 0 || $0.received > 0 || !$0.flags.isEmpty
    }
    sections.append(
      HTMLReport.Section(
        id: "reciprocity", title: "Give and take",
        intro:
          "Balance = (given − received)/(given + received + 1), decayed like ties; where you owe most first. In all you gave \(Format.number(reciprocity.given)) and received \(Format.number(reciprocity.received))."
          + shown(giveAndTake.count, "reciprocity"),
        table: HTMLReport.Table(
          headers: ["Name", "Given", "Received", "Balance", "You start", "Flags"],
          rows: giveAndTake.prefix(limit).map { r in
            [
              names(r.person), Format.number(r.given), Format.number(r.received),
              Format.number(r.balance),
              youStart(r),
              r.flags.map(\.rawValue).joined(separator: ", "),
            ]
          }, numericColumns: [1, 2, 3, 4]),
        emptyText: "No exchanges recorded, and nobody always or never starts."))

    // Open referrals: yours, then those between others (you neither made nor received them)
    // under a label of their own, as `kith referrals` lists them.
    let referrals = ReferralHygiene.review(in: s, ego: e, openOnly: true)
    let (yours, between) = ReferralHygiene.yoursFirst(referrals, ego: e)
    let listed = Array((yours + between).prefix(limit))
    func referralRow(_ r: ReferralReview, toDo: Bool) -> [String] {
      let referral = r.referral
      func who(_ p: Int32) -> String { p == e ? "you" : names(p) }
      let about =
        referral.refereePerson.map(who)
        ?? referral.refereeOrganisation.map { s.organisations.names[Int($0)] } ?? "–"
      return ["\(referral.id)", who(referral.referrer), who(referral.recipient), about]
        + [referral.status.rawValue, "\(r.daysOpen)"]
        + (toDo ? [r.action?.rawValue ?? "–"] : []) + [referral.why ?? ""]
    }
    let others = Array(listed.dropFirst(yours.count))
    sections.append(
      HTMLReport.Section(
        id: "referrals", title: "Referrals open or owed",
        intro: "Who recommended whom to whom, why, and what you owe them."
          + shown(referrals.count, "referrals --open"),
        table: HTMLReport.Table(
          headers: ["#", "From", "To", "About", "Status", "Days open", "To do", "Why"],
          rows: listed.prefix(yours.count).map { referralRow($0, toDo: true) },
          numericColumns: [0, 5]),
        emptyText: others.isEmpty ? "No open referrals." : "None of yours is open.",
        addendum: HTMLReport.Addendum(
          label: "Between others, nothing for you to do",
          table: HTMLReport.Table(
            headers: ["#", "From", "To", "About", "Status", "Days open", "Why"],
            rows: others.map { referralRow($0, toDo: false) }, numericColumns: [0, 5]))))

    // Follow-ups.
    let followUps = FollowUps.list(in: s, ego: e, dueBy: dueBy)
    sections.append(
      HTMLReport.Section(
        id: "followups", title: "Follow-ups",
        // Due by the month's end, as the plan counts them: `kith followups` stops at today.
        intro: dueBy.map {
          "Due by \(days($0)), the end of the month planned; `kith followups` lists those due by \(day), and new contacts met once."
            + shown(followUps.count, "followups")
        }
          ?? (followUps.count > limit
            ? String(shown(followUps.count, "followups").dropFirst()) : nil),
        table: HTMLReport.Table(
          headers: ["Name", "Reason", "Due", "Last contact", "About"],
          rows: followUps.prefix(limit).map { f in
            [
              names(f.person), f.reason.rawValue, days(f.due), days(f.lastContact),
              f.summary ?? "",
            ]
          }),
        emptyText: "No follow-ups owed."))

    // Circles, as `kith circles` finds and lists them (of two or more people).
    let members = circles.members
    let ids = circles.ids.filter(circles.isCircle).sorted {
      members[$0].count != members[$1].count ? members[$0].count > members[$1].count : $0 < $1
    }
    let colours = picture.communityColours
    sections.append(
      HTMLReport.Section(
        id: "circles", title: "Circles",
        intro:
          "Communities of your network without you (ids as in `kith circles`); colours as in the picture."
          + shown(ids.count, "circles"),
        table: HTMLReport.Table(
          headers: ["Circle", "Colour", "Label", "People", "Your tie strength", "Members"],
          rows: ids.prefix(limit).map { id in
            [
              "\(id)", colours[id]?.name ?? Palette.other.name,
              (circles.labels[id] ?? "–") + (circles.isUsual(id) ? " (usual)" : ""),
              "\(members[id].count)",
              circles.usual.isEmpty && circles.egoShare[id] == 0
                ? "–" : "\(Int((circles.egoShare[id] * 100).rounded()))%",
              members[id].prefix(8).map(names.callAsFunction).joined(separator: ", ")
                + (members[id].count > 8 ? ", …" : ""),
            ]
          }, numericColumns: [0, 3, 4]),
        emptyText:
          "No circles yet: none of your contacts are tied to one another in what Kith has seen."))

    // People beyond the usual circle, as `kith beyond` ranks them, and whom to ask.
    let graph = WeightedGraph(snapshot: s)
    let quality = BestPaths(graph: graph)
    let beyond = Beyond.candidates(
      in: s, graph: graph, paths: quality, circles: circles, ego: e, limit: limit)
    let goBetweens = GoBetweens(
      snapshot: s, ego: e, overdue: Set(overdue.map(\.person)),
      owed: Set(reciprocity.entries.filter(Introductions.owes).map(\.person)))
    sections.append(
      HTMLReport.Section(
        id: "beyond", title: "Beyond your circle",
        intro:
          "People you have not met, in circles you hardly touch, and who could introduce you (as `kith beyond` ranks them).",
        table: HTMLReport.Table(
          headers: ["Person", "Circle", "Ask", "Why"],
          rows: beyond.map { b in
            [
              names(b.person), circles.name(of: b.circle),
              b.via.map(names.callAsFunction).joined(separator: " → ")
                + goBetweens.warnings(for: b.via[0])
                .map { " (\($0.phrase))" }
                .joined(),
              Beyond.why(b, in: s, circles: circles, goBetweens: goBetweens),
            ]
          }, numericColumns: []),
        emptyText: "Nobody beyond your usual circle within two hops."))

    // Further sections (e.g. introduction suggestions) are appended here, one call each, as
    // their analytics land in KithAnalytics.

    let counts = try a.store.counts()
    // As of the report's day, as its ties are: an interaction dated later is not counted yet.
    let interactions = try a.store.interactionCount(through: a.asOf)
    let report = HTMLReport(
      title: "\(a.ego.name)'s network",
      subtitle:
        "As of \(day): \(Format.count(counts.people, "person", plural: "people")), \(Format.counts([(s.numberOfTies, "tie"), (interactions, "interaction")], conjunction: nil)).",
      pictureSVG: svg,
      pictureCaption:
        "\(Format.count(picture.nodes.count, "person", plural: "people")) and \(Format.count(picture.edges.count, "tie"))"
        + (picture.omitted.map { "; left out: \($0)" } ?? "")
        + ". Hover a person for their last contact and strength.",
      sections: sections,
      footer:
        "Written by kith \(Kith.configuration.version) from a private database; nothing was sent anywhere."
    )
    let text: String
    do {
      text = try report.render()
    } catch let error as HTMLReportError {
      throw CLIError(message: "cannot write the report: \(error)", code: ExitCodes.failure)
    }
    try writeOutput(Data(text.utf8), to: path)
    return WrittenReport(
      bytes: text.utf8.count, sections: ["picture"] + sections.map(\.id), asOf: a.asOf, ego: a.ego)
  }
}
