import ArgumentParser
import Foundation
import KithAnalytics
import KithExport
import KithGraph

extension Kith {
  struct BriefCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "brief",
      abstract: "A one-screen dossier on a person before you meet them.",
      discussion: """
        Who they are now, how you know them (first contact, who referred you and why, a \
        connection no interaction explains: LinkedIn, `kith tie`), the tie now and at its \
        peak in the words `kith intro` uses (strong, moderate or weak for you, or faded, with \
        "reconnect first" and why when it has faded or is overdue), cadence and last contact, what is owed either way, open referrals, mutual \
        contacts ranked by their strength to both of you (not those you only shared a crowd \
        with: under a fiftieth of the strongest), what to record on those referrals (a \
        contact with the person referred that the referral does not show yet, with the `kith \
        referral` command), recent interactions, notes and exchanges either way, tags and \
        interests, their circle (see `kith circles`), the ways to reach them through others \
        that `kith intro --to` offers (the same ones, up to three, in its order and words, each \
        with the warnings it gives about the person you would ask), and three questions to prepare (a follow-up you owe first; for someone you \
        keep giving to who gives little back, given 2 or more and a balance of 0.5 or more, \
        how it worked out and what they could do for you rather than what more you could do; \
        for a tie you let go with `kith let-go`, questions about them, such as what has \
        changed since, and none that presses for contact). A tie you let go has no cadence to \
        keep while it stays let go: the brief says the cadence it had until then, as history, \
        and nothing about being overdue.

        Example: kith brief jane-doe

        JSON: {"schemaVersion", "asOf", "ego", "person", "affiliations", "pastAffiliations", \
        "howYouKnowThem", "tie", "cadenceDays", "cadenceSource", "lastContact", \
        "daysSinceLastContact", "calendarDaysSinceLastContact", "overdueRatio", "interactions", \
        "reciprocity", "owed", \
        "openReferrals": [{"id", "referrer", "recipient", "referee", "status", "why", \
        "action", "due"}], "toRecord", "followUps": [{"reason", "due", "lastContact", \
        "summary"}], "mutualContacts", "recentNotes": [{"time", "date", "text"}], \
        "recentInteractions": [{"time", "date", "kind", "summary"}], "recentExchanges": \
        [{"time", "date", "kind", "giver", "receiver", "note"}], "tags", "interests", "questions", \
        "circle": {"id", "label", "size", "usual", "egoShare"}, "paths": [{"via", \
        "hopStrengths", "score", "tier", "warnings"}], \
        "yourTie": {"tier", "faded", "lastContact", "warnings"}, "letGo": {"on", "reason", \
        "status"}} (people as {"handle", "name"}; an organisation referee also has "organisation": true; a recent \
        note's, interaction's or exchange's date is its day, YYYY-MM-DD, when it was dated with \
        a date alone, else null; a referral's action may \
        fall due within the coming month, on its "due"; yourTie is your tie to them as `kith \
        intro` judges a go-between, null when you have none; a circle of size 1 is no circle: they \
        are tied to nobody else you know; letGo: when you let the tie go with `kith let-go`, \
        status let-go or back-in-touch after a later contact, null when you did not; while \
        its status is let-go, cadenceDays, cadenceSource and overdueRatio are null: the tie \
        has no cadence to keep, and nothing is overdue).
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The person: handle, name, alias or email.") var person: String

    func run() throws {
      let a = try Analysis(global)
      let subject = try resolvePersonOrMe(person, a.store, global)
      guard let c = a.snapshot.index(ofPerson: subject.id) else { return }
      let b = Briefing.brief(in: a.snapshot, ego: a.egoIndex, person: c)
      // Ties recorded without an interaction (a LinkedIn connection, `kith tie`): for many
      // contacts the only answer to "how do you know them".
      let connections =
        subject.id == a.ego.id ? [] : try a.store.explicitTies(between: a.ego.id, subject.id)
      let s = a.snapshot
      // The tie let go (`kith let-go`) by the brief's day, and whether a contact since made
      // it live again.
      let letGo = LetGoStanding(
        try a.store.letGo(of: subject.id, ego: a.ego.id, asOf: a.asOf), person: c,
        ego: a.egoIndex, in: s)
      let history = s.activity.egoInteractions
      // The recent interactions entered as a date alone are shown as that day.
      let days = try enteredDays(b.recentInteractions, history, a)
      let circles = EgoCircles(snapshot: s, ego: a.egoIndex)
      let circle = circles.circle(of: c)
      // The ways to reach them are the ones `intro --to` offers (one function decides them
      // for both, and for the intro picture), each with the person you would ask as `intro`
      // and `path` judge them.
      let goBetweens = GoBetweens(snapshot: s, ego: a.egoIndex)
      let graph = WeightedGraph(snapshot: s)
      let paths =
        c == a.egoIndex
        ? []
        : Introductions.paths(
          in: s, graph: graph, paths: BestPaths(graph: graph), ego: a.egoIndex, to: [c],
          goBetweens: goBetweens
        ).first?.paths ?? []
      // Your own tie to them, in the same words.
      let yourTie = c == a.egoIndex ? nil : goBetweens.tie(to: c)
      func affiliation(_ x: SnapshotAffiliation) -> JSONValue {
        [
          "organisation": .string(s.organisations.handles[Int(x.organisation)]),
          "organisationName": .string(s.organisations.names[Int(x.organisation)]),
          "role": .string(x.role),
        ]
      }
      if global.json {
        a.json([
          "person": personJSON(subject),
          "affiliations": .array(b.currentAffiliations.map(affiliation)),
          "pastAffiliations": .array(b.pastAffiliations.map(affiliation)),
          "howYouKnowThem": [
            "firstInteraction": .string(b.firstInteraction.map { KithTime.format(seconds: $0) }),
            "firstSummary": .string(b.firstSummary),
            "referredBy": .array(
              b.referredBy.map {
                ["referrer": a.ref($0.referrer), "why": .string($0.why), "id": .int($0.id)]
              }),
            "ties": .array(
              connections.map {
                [
                  "date": .string($0.date.map(KithTime.format)), "source": .string($0.source),
                  "weight": .double($0.weight),
                ]
              }),
          ],
          "tie": b.tie.map(tieJSON) ?? .null,
          // A tie let go keeps no cadence: no aim, and nothing overdue.
          "cadenceDays": .number(b.letGo == nil ? b.cadence?.days : nil),
          "cadenceSource": .string(b.letGo == nil ? b.cadence?.source.rawValue : nil),
          "lastContact": .string(b.lastContact.map { KithTime.format(seconds: $0) }),
          "daysSinceLastContact": .number(b.daysSinceLastContact),
          "calendarDaysSinceLastContact": .int(b.calendarDaysSinceLastContact),
          "overdueRatio": .number(b.overdueRatio),
          "interactions": .int(b.interactions),
          "reciprocity": b.reciprocity.map { e in
            [
              "given": .double(e.given), "received": .double(e.received),
              "balance": .double(e.balance),
              "flags": .strings(e.flags.map(\.rawValue)),
            ]
          } ?? .null,
          "owed": b.owed.isEmpty ? .null : .string(b.owed),
          "openReferrals": .array(
            b.openReferrals.map { r in
              [
                "id": .int(r.referral.id), "status": .string(r.referral.status.rawValue),
                "why": .string(r.referral.why), "action": .string(r.action?.rawValue),
                "due": .string(r.due.map { KithTime.format(seconds: $0) }),
                "referrer": a.ref(r.referral.referrer),
                "recipient": a.ref(r.referral.recipient), "referee": a.referee(r.referral),
              ]
            }),
          "toRecord": .strings(b.toRecord),
          "followUps": .array(
            b.followUps.map { f in
              [
                "reason": .string(f.reason.rawValue),
                "due": .string(KithTime.format(seconds: f.due)),
                "lastContact": .string(KithTime.format(seconds: f.lastContact)),
                "summary": .string(f.summary),
              ]
            }),
          "mutualContacts": .array(
            b.mutualContacts.map { m in
              [
                "handle": .string(a.handle(m.person)), "name": .string(a.name(m.person)),
                "strengthToYou": .double(m.strengthToEgo),
                "strengthToThem": .double(m.strengthToSubject),
              ]
            }),
          "recentNotes": .array(
            b.recentNotes.map {
              [
                "time": .string(KithTime.format(seconds: $0.time)), "date": dateJSON($0.day),
                "text": .string($0.text),
              ]
            }),
          "recentInteractions": .array(
            b.recentInteractions.map { k in
              [
                "time": .string(KithTime.format(seconds: history.time[k])),
                "date": dateJSON(days[k]), "kind": .string(history.kind[k].rawValue),
                "summary": .string(history.summaryText(k)),
              ]
            }),
          "recentExchanges": .array(
            b.recentExchanges.map { k in
              let x = s.activity.exchanges
              return [
                "time": .string(KithTime.format(seconds: x.time[k])), "date": dateJSON(x.day[k]),
                "kind": .string(x.kind[k].rawValue), "giver": .string(a.handle(x.giver[k])),
                "receiver": .string(a.handle(x.receiver[k])), "note": .string(x.note[k]),
              ]
            }),
          "tags": .strings(b.tags), "interests": .strings(b.interests),
          "questions": .strings(b.questions),
          "circle": [
            "id": .int(circle), "label": .string(circles.labels[circle]),
            "size": .int(circles.members[circle].count),
            "usual": .bool(circles.isUsual(circle)), "egoShare": .double(circles.egoShare[circle]),
          ],
          "paths": .array(
            paths.map { p in
              [
                "via": .strings(p.via.map(a.handle)),
                "hopStrengths": .array(p.hopStrengths.map { .double($0) }),
                "score": .double(p.score), "tier": .string(p.tier.rawValue),
                "warnings": .strings(p.warnings.map(\.rawValue)),
              ]
            }),
          "yourTie": yourTie.map { goBetweenJSON($0, warnings: true) } ?? .null,
          "letGo": letGo?.json ?? .null,
        ])
        return
      }
      print(
        Terminal.bold("\(subject.name) (\(subject.handle))")
          + " — brief as of \(KithTime.formatDay(a.asOf))")
      for x in b.currentAffiliations {
        print("  \(x.role.map { "\($0), " } ?? "")\(s.organisations.names[Int(x.organisation)])")
      }
      if !b.pastAffiliations.isEmpty {
        // An organisation left once, whatever the roles held there.
        var seen = Set<String>()
        let names = b.pastAffiliations.map { s.organisations.names[Int($0.organisation)] }
        print("  formerly: \(names.filter { seen.insert($0).inserted }.joined(separator: ", "))")
      }
      let labels = [
        b.tags.isEmpty ? nil : "tags: \(b.tags.joined(separator: ", "))",
        b.interests.isEmpty ? nil : "interests: \(b.interests.joined(separator: ", "))",
      ].compactMap { $0 }
      if !labels.isEmpty { print("  " + labels.joined(separator: "; ")) }
      let isMe = c == a.egoIndex
      if isMe {
        // A brief on yourself: your profile, the referrals you are part of, your notes.
        printOpenReferrals(b, a)
        printRecent(b, s, days: days)
        return
      }
      print(Terminal.bold("How you know them"))
      if b.tie == nil, b.firstInteraction == nil, b.referredBy.isEmpty, connections.isEmpty {
        // Someone only others know (a partner's contact in a shared store, a name from an
        // import): say so first, with who does know them.
        let known = TieRanking.strongest(in: s, ego: c).filter { $0.person != a.egoIndex }
          .prefix(3).map { a.name($0.person) }
        let who = known.isEmpty ? nil : Format.list(known)
        print("  you have not met them" + (who.map { "; they know \($0)" } ?? ""))
      }
      if let first = b.firstInteraction {
        print(
          "  first contact \(KithTime.formatDay(seconds: first))\(b.firstSummary.map { ": \(Format.shown($0))" } ?? "")"
        )
      }
      for r in b.referredBy {
        print("  referred by \(a.name(r.referrer))\(r.why.map { ": “\(Format.shown($0))”" } ?? "")")
      }
      for t in connections {
        let origin =
          t.source.map { $0 == "linkedin" ? "on LinkedIn" : "from \($0)" } ?? "with `kith tie`"
        print("  connected \(origin)\(t.date.map { " on \(KithTime.formatDay($0))" } ?? "")")
      }
      if let tie = b.tie {
        let words = yourTie.map { " (\(GoBetweens.words($0)))" } ?? ""
        // The tie's dated events, as `kith ties` counts them: a dated connection is one too.
        let dated = connections.filter { $0.date != nil }.count
        let also = dated == 0 ? "" : " and \(Format.count(dated, "dated connection"))"
        print(
          "  strength \(Format.number(tie.strength)) now\(words), \(Format.number(tie.peak)) at peak; \(Format.count(b.interactions, "interaction"))\(also)"
        )
      }
      if let last = b.lastContact {
        // A tie let go has no cadence to keep: the one it had is said below, as history.
        let cadence = b.letGo == nil ? b.cadence.map { ", \($0.rhythm)" } ?? "" : ""
        let days = b.calendarDaysSinceLastContact ?? 0
        let ago = days == 0 ? "today" : "\(Format.count(days, "day")) ago"
        print(
          "  last contact \(KithTime.formatDay(seconds: last)) (\(ago)\(exchangeClause(last, c, s, a)))\(cadence)"
        )
      }
      if let letGo {
        let day = KithTime.formatDay(letGo.record.time)
        print(
          letGo.backSince.map {
            "  you let this tie go on \(day)\(letGo.why); back in touch since \(KithTime.formatDay(seconds: $0))"
          }
            ?? "  you let this tie go on \(day)\(letGo.why): no reminders to keep it up (`kith let-go --undo \(subject.handle)`)"
        )
      }
      if b.letGo != nil, let cadence = b.cadence {
        print("  cadence until then: \(cadence.formerly)")
      }
      // Why to reconnect before asking them anything (what you owe has its own line); a tie
      // let go has said why already.
      if let tie = yourTie, tie.warnings.contains(.reconnectFirst), tie.letGo == nil {
        print("  \(GoBetweens.reason(.reconnectFirst, tie, name: subject.name))")
      }
      print("  \(Format.shown(b.owed))")
      for f in b.followUps {
        print("  \(Format.shown(Briefing.followUpLine(f, asOf: s.asOfSeconds)))")
      }
      printOpenReferrals(b, a)
      if !b.mutualContacts.isEmpty {
        print(Terminal.bold("Mutual contacts"))
        print("  " + b.mutualContacts.map { a.name($0.person) }.joined(separator: ", "))
      }
      print(Terminal.bold("Circle and paths"))
      if !circles.isCircle(circle) {
        // A circle of one is no circle (`kith circles` counts such people apart).
        print("  in no circle: tied to nobody else you know")
      } else {
        print(
          "  circle \(circles.name(of: circle))\(circles.isUsual(circle) ? " (one of your usual circles)" : ""): \(Int((circles.egoShare[circle] * 100).rounded()))% of your tie strength"
        )
      }
      for p in paths {
        let reasons = GoBetweens.reasons(p.firstHop, name: a.name(p.firstHop.person))
        print(
          "  via \(p.via.map(a.name).joined(separator: " → ")): a \(p.tier.rawValue) path (score \(Format.number(p.score, digits: 3)))"
            + reasons.map { "; \($0)" }.joined())
      }
      printRecent(b, s, days: days)
      print(Terminal.bold("Ask"))
      for q in b.questions { print("  • \(Format.sentence(q))") }
    }

    /// Open referrals with who referred whom to whom: "#13 Lena Koch → Beatriz Costa about
    /// Javier Flores: contacted → loop-back: “why”" (you are "you"); an action not due yet
    /// says when it is ("met → loop-back due 2026-10-06").
    /// When the last contact is an exchange after the last interaction (which `ties` and
    /// `person show` date the tie by), what it was: "; you gave them an introduction".
    func exchangeClause(_ last: Int64, _ c: Int32, _ s: NetworkSnapshot, _ a: Analysis) -> String {
      let history = s.activity.egoInteractions
      if let met = history.lastTime(of: c), met >= last { return "" }
      let x = s.activity.exchanges
      guard
        let k = (0..<x.count).last(where: {
          x.time[$0] == last
            && ((x.giver[$0] == a.egoIndex && x.receiver[$0] == c)
              || (x.giver[$0] == c && x.receiver[$0] == a.egoIndex))
        })
      else { return "" }
      let what = phrase(x.kind[k])
      return x.giver[k] == c ? ": they gave you \(what)" : ": you gave them \(what)"
    }

    func printOpenReferrals(_ b: Brief, _ a: Analysis) {
      guard !b.openReferrals.isEmpty else { return }
      let s = a.snapshot
      func upcoming(_ r: ReferralReview) -> String {
        guard let due = r.due, due > s.asOfSeconds else { return "" }
        return " due \(KithTime.formatDay(seconds: due))"
      }
      func who(_ p: Int32) -> String { p == a.egoIndex ? "you" : a.name(p) }
      print(Terminal.bold("Referrals open or owed"))
      for r in b.openReferrals {
        let x = r.referral
        let about =
          x.refereePerson.map(who) ?? x.refereeOrganisation.map { s.organisations.names[Int($0)] }
          ?? "?"
        print(
          "  #\(x.id) \(who(x.referrer)) → \(who(x.recipient)) about \(about): \(x.status.rawValue)\(r.action.map { " → \($0.rawValue)" } ?? "")\(upcoming(r))\(x.why.map { ": “\(Format.shown($0))”" } ?? "")"
        )
      }
      // Bookkeeping, on lines of their own: the questions below are for the conversation.
      for line in b.toRecord { print("  \(Format.sentence(line))") }
    }

    /// The days entered (`Interaction.day`) of the entries `recent` of `history` that were
    /// entered as a date alone, by entry.
    func enteredDays(_ recent: [Int], _ history: EgoInteractions, _ a: Analysis) throws
      -> [Int: Int64]
    {
      guard !recent.isEmpty, !history.interactionID.isEmpty else { return [:] }
      let days = try a.store.interactionDays(ids: recent.map { history.interactionID[$0] })
      var byEntry: [Int: Int64] = [:]
      for k in recent { byEntry[k] = days[history.interactionID[k]] }
      return byEntry
    }

    /// The last three interactions, notes and exchanges (what you gave them, what they gave
    /// you), newest first, as one story; `days` holds the days entered of the interactions
    /// entered as a date alone, shown instead of their day here.
    func printRecent(_ b: Brief, _ s: NetworkSnapshot, days: [Int: Int64]) {
      let history = s.activity.egoInteractions
      if !b.recentInteractions.isEmpty || !b.recentNotes.isEmpty || !b.recentExchanges.isEmpty {
        print(Terminal.bold("Recently"))
        // Each line: a time, the day shown, a head, and a text that may run over several lines.
        let interactions = b.recentInteractions.prefix(3).map { k in
          (
            history.time[k],
            days[k].map(KithTime.formatCalendarDay)
              ?? KithTime.formatDay(seconds: history.time[k]),
            history.kind[k].rawValue + (history.summaryText(k) == nil ? "" : ": "),
            history.summaryText(k) ?? ""
          )
        }
        let notes = b.recentNotes.prefix(3).map {
          ($0.time, $0.formattedDay, "note: ", $0.text)
        }
        let x = s.activity.exchanges
        let exchanges = b.recentExchanges.prefix(3).map { k in
          let what = phrase(x.kind[k])
          return (
            x.time[k], x.formattedDay(k),
            (x.giver[k] == b.person ? "they gave you \(what)" : "you gave them \(what)")
              + (x.note[k] == nil ? "" : ": "),
            x.note[k] ?? ""
          )
        }
        // At the same time an interaction comes before a note, and a note before an exchange.
        let story = (interactions + notes + exchanges).enumerated().sorted {
          ($0.element.0, -$0.offset) > ($1.element.0, -$1.offset)
        }
        for (_, day, head, text) in story.map(\.element) {
          let lead = "  \(day) \(head)"
          print(lead + Format.hanging(text, column: lead.count))
        }
      }
    }
  }
}
