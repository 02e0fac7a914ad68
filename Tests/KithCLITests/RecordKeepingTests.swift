import Foundation
import KithTestSupport
import Testing

/// Hand entry's everyday mistakes: a command run twice, a second record of someone, an edit
/// that changes nothing or removes what is not there. Each is said, and nothing is lost.
@Suite("Recording by hand")
struct RecordKeepingTests {
  /// A network of you and four contacts.
  static func sandbox() throws -> CLISandbox {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Priya Raman"])
    for name in ["Noah Schmidt", "Kavya Iyer", "Tom Nguyen", "Ben Okafor"] {
      try box.ok(["person", "add", name])
    }
    return box
  }

  @Test("the same interaction logged twice is kept, with a note naming the first")
  func repeatedInteraction() throws {
    let box = try Self.sandbox()
    try box.ok(["log", "call", "--with", "noah", "--on", "2026-11-01 10:00"])
    // Another kind, another minute, other people: not repeats.
    try box.ok(["log", "meeting", "--with", "noah", "--on", "2026-11-01 10:00"])
    try box.ok(["log", "call", "--with", "noah", "--on", "2026-11-01 10:01"])
    try box.ok(["log", "call", "--with", "noah", "--with", "kavya", "--on", "2026-11-01 10:00"])
    let again = try box.ok(
      ["log", "call", "--with", "noah", "--on", "2026-11-01T10:00"], quietStderr: false)
    #expect(again.stdout.contains("(#5)"), "\(again)")
    #expect(
      again.stderrLines == [
        "note: this looks like a repeat of interaction 1 (call with Noah Schmidt on 2026-11-01 10:00 UTC); to undo it: kith remove interaction 5"
      ], "\(again)")
    // Recorded all the same: people do meet twice.
    let person = try box.json(["person", "show", "noah", "--json", "--as-of", "2026-11-02"])
    #expect((person["interactions"] as? NSNumber)?.intValue == 5)
    // --no-ego among the same people, and --json: the note still goes to stderr.
    try box.ok([
      "log", "event", "--no-ego", "--with", "kavya", "--with", "tom", "--on", "2026-10-01",
    ])
    let json = try box.ok(
      [
        "log", "event", "--no-ego", "--with", "tom", "--with", "kavya", "--on", "2026-10-01",
        "--json",
      ],
      quietStderr: false)
    #expect(json.stdout.hasPrefix("{"), "\(json)")
    #expect(
      json.stderr.hasPrefix("note: this looks like a repeat of interaction 6 (event with "),
      "\(json)")
  }

  @Test("an identical tie, undated or on the same date, is kept with a note")
  func repeatedTie() throws {
    let box = try Self.sandbox()
    try box.ok(["tie", "kavya", "tom"])
    try box.ok(["tie", "kavya", "tom", "--on", "2026-01-01"])
    let undated = try box.ok(["tie", "tom", "kavya", "--weight", "2"], quietStderr: false)
    #expect(
      undated.stderrLines == [
        "note: this looks like a repeat of tie 1 (Tom Nguyen and Kavya Iyer, undated, weight 1.00); to undo it: kith remove tie 3"
      ], "\(undated)")
    let dated = try box.ok(["tie", "kavya", "tom", "--on", "2026-01-01"], quietStderr: false)
    #expect(
      dated.stderr.hasPrefix(
        "note: this looks like a repeat of tie 2 (Kavya Iyer and Tom Nguyen, on 2026-01-01"),
      "\(dated)")
    try box.ok(["tie", "kavya", "tom", "--on", "2026-01-02"])
  }

  @Test("duplicates: its example merge is of a pair without you; a namesake of yours is said apart")
  func duplicatesExample() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Sofia Marin"])
    try box.ok(["person", "add", "Sofia Marin"], quietStderr: false)
    let mine = try box.ok(["duplicates"]).stdoutLines.last
    #expect(
      mine
        == "Sofia Marin (sofia-marin-2) shares something with you; merge only if it is a second record of you: `kith merge me sofia-marin-2` (you are kept)."
    )
    try box.ok(["person", "add", "Ann Lee"])
    try box.ok(["person", "add", "Ann Lee"], quietStderr: false)
    let other = try box.ok(["duplicates"]).stdoutLines.last
    #expect(
      other == "Merge one into another with `kith merge ann-lee ann-lee-2` (the first is kept).")
  }

  @Test("a namesake of yours is listed with the handle")
  func namesakeOfMe() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Sofia Marin"])
    try box.ok(["person", "add", "Sofia Marin"], quietStderr: false)
    try box.ok(["log", "meeting", "--with", "sofia-marin-2", "--on", "2026-01-05"])
    let rows = try box.ok(["neglected", "--as-of", "2026-06-30"]).stdoutLines
    #expect(rows.count > 1 && rows[1].hasPrefix("Sofia Marin (sofia-marin-2) "), "\(rows)")
  }

  // The text tables told a namesake of yours apart; the report's plan and overdue tables,
  // and the text plan, did not.
  /// The `<section id="ID">` of a report, to its end.
  static func section(_ id: String, of html: String) throws -> Substring {
    let start = try #require(html.range(of: "<section id=\"\(id)\">"))
    let rest = html[start.lowerBound...]
    return rest[..<(rest.range(of: "</section>")?.lowerBound ?? rest.endIndex)]
  }

  @Test("a namesake of yours has the handle in the report's tables and in the plan")
  func namesakeOfMeInReportAndPlan() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Sofia Marin"])
    try box.ok(["person", "add", "Sofia Marin"], quietStderr: false)
    try box.ok(["person", "add", "Ben Ode"])
    try box.ok(["log", "meeting", "--with", "sofia-marin-2", "--on", "2026-01-05"])
    try box.ok(["log", "meeting", "--with", "ben-ode", "--on", "2026-01-06"])
    let asOf = ["--as-of", "2026-06-30"]
    try box.ok(["report", "--html", "$DIR/r.html"] + asOf)
    let html = try String(contentsOfFile: box.file("r.html"), encoding: .utf8)
    for id in ["plan", "neglected"] {
      let table = try Self.section(id, of: html)
      #expect(table.contains("Sofia Marin (sofia-marin-2)"), "\(id): \(table)")
      // Someone with a name of their own is named as before.
      #expect(table.contains("Ben Ode") && !table.contains("(ben-ode)"), "\(id): \(table)")
    }
    let plan = try box.ok(["plan"] + asOf).stdoutLines
    #expect(plan.contains { $0.contains("Sofia Marin (sofia-marin-2)") }, "\(plan)")
    #expect(!plan.contains { $0.contains("(ben-ode)") }, "\(plan)")
  }

  // The picture's hover text, and the report's referral and circle tables (and `referrals`
  // and `circles`), named a namesake of yours without the handle.
  @Test("a namesake of yours has the handle in the picture, and in referrals and circles")
  func namesakeOfMeInPictureReferralsAndCircles() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Sofia Marin"])
    try box.ok(["person", "add", "Sofia Marin"], quietStderr: false)
    try box.ok(["person", "add", "Ben Ode"])
    try box.ok(["person", "add", "Cleo Park"])
    for day in ["2026-01-05", "2026-02-05", "2026-03-05"] {
      try box.ok(["log", "meeting", "--with", "sofia-marin-2", "--with", "ben-ode", "--on", day])
    }
    try box.ok(["log", "call", "--with", "cleo-park", "--on", "2026-03-06"])
    try box.ok(
      ["refer", "--by", "sofia-marin-2", "--about", "cleo-park", "--on", "2026-06-01"])
    let asOf = ["--as-of", "2026-06-30"]
    try box.ok(["report", "--html", "$DIR/r.html"] + asOf)
    let html = try String(contentsOfFile: box.file("r.html"), encoding: .utf8)
    for (id, other) in [("referrals", "Cleo Park"), ("circles", "Ben Ode")] {
      let table = try Self.section(id, of: html)
      #expect(table.contains("Sofia Marin (sofia-marin-2)"), "\(id): \(table)")
      // Someone with a name of their own is named as before.
      #expect(table.contains(other) && !table.contains("\(other) ("), "\(id): \(table)")
    }
    // The hover text (an SVG title) and the label beside the node.
    let svgStart = try #require(html.range(of: "<svg"))
    let svgEnd = try #require(html.range(of: "</svg>"))
    // Graphviz writes a dash as `&#45;`.
    let svg = html[svgStart.lowerBound..<svgEnd.upperBound]
      .replacingOccurrences(of: "&#45;", with: "-")
    #expect(svg.contains("Sofia Marin (sofia-marin-2)"), "\(svg)")
    #expect(!svg.contains("(ben-ode)"), "\(svg)")
    let dot = try box.ok(["export", "dot"] + asOf).stdout
    #expect(dot.contains("tooltip=\"Sofia Marin (sofia-marin-2)\\n"), "\(dot)")
    #expect(dot.contains("xlabel=\"Sofia Marin (sofia-marin-2)\""), "\(dot)")
    #expect(dot.contains("Sofia Marin (sofia-marin-2) — Ben Ode: strength"), "\(dot)")
    // GraphML and JSON keep the name as it is, beside the handle.
    let json = try box.ok(["export", "graph-json"] + asOf).stdout
    #expect(!json.contains("(sofia-marin-2)"), "\(json)")
    let referrals = try box.ok(["referrals"] + asOf).stdoutLines
    #expect(
      referrals.first?.hasPrefix(
        "#1 Sofia Marin (sofia-marin-2) → Sofia Marin (sofia-marin) about Cleo Park:") == true,
      "\(referrals)")
    let circles = try box.ok(["circles"] + asOf).stdoutLines
    #expect(circles.contains { $0.contains("Sofia Marin (sofia-marin-2)") }, "\(circles)")
  }

  @Test("log's reply names a namesake by handle too")
  func logNamesNamesakes() throws {
    let box = try Self.sandbox()
    try box.ok(["person", "add", "Noah Schmidt"], quietStderr: false)
    let logged = try box.ok(["log", "call", "--with", "noah-schmidt-2", "--on", "2026-11-01"])
    #expect(
      logged.stdout == "Logged call with Noah Schmidt (noah-schmidt-2) on 2026-11-01 (#1).\n")
    let other = try box.ok(["log", "call", "--with", "kavya", "--on", "2026-11-01"])
    #expect(other.stdout == "Logged call with Kavya Iyer on 2026-11-01 (#2).\n")
  }

  @Test("the same thing given twice is kept with a note; another kind or day is no repeat")
  func repeatedExchange() throws {
    let box = try Self.sandbox()
    try box.ok(["give", "help", "--from", "ben", "--to", "me", "--on", "2026-11-01"])
    try box.ok(["give", "advice", "--from", "ben", "--to", "me", "--on", "2026-11-01"])
    try box.ok(["give", "help", "--from", "ben", "--to", "me", "--on", "2026-11-02"])
    try box.ok(["give", "help", "--from", "me", "--to", "ben", "--on", "2026-11-01"])
    let again = try box.ok(
      ["give", "help", "--from", "ben", "--to", "me", "--on", "2026-11-01"], quietStderr: false)
    #expect(
      again.stderrLines == [
        "note: this looks like a repeat of exchange 1 (help from Ben Okafor to Priya Raman on 2026-11-01); to undo it: kith remove exchange 5"
      ], "\(again)")
  }

  @Test("an identical open referral is kept with a note; a closed one is no repeat")
  func repeatedReferral() throws {
    let box = try Self.sandbox()
    try box.ok(["refer", "--by", "ben", "--about", "kavya", "--on", "2026-11-01"])
    let again = try box.ok(
      ["refer", "--by", "ben", "--about", "kavya", "--on", "2026-11-01"], quietStderr: false)
    #expect(
      again.stderrLines == [
        "note: this looks like a repeat of referral 1 (Ben Okafor → Priya Raman about Kavya Iyer, suggested on 2026-11-01); to undo it: kith remove referral 2"
      ], "\(again)")
    // For someone else, or about someone else: another referral.
    try box.ok(["refer", "--by", "ben", "--about", "kavya", "--to", "tom", "--on", "2026-11-01"])
    try box.ok(["refer", "--by", "ben", "--about", "noah", "--on", "2026-11-01"])
    // Once both are declined, a new suggestion is news.
    for id in ["1", "2"] {
      try box.ok(["referral", id, "--status", "declined", "--reason", "no", "--on", "2026-11-03"])
    }
    try box.ok(["refer", "--by", "ben", "--about", "kavya", "--on", "2026-11-05"])
  }

  @Test("a person named like someone already recorded, or like you, is added with a note")
  func namesakes() throws {
    let box = try Self.sandbox()
    let second = try box.ok(["person", "add", "Nóah SCHMIDT"], quietStderr: false)
    #expect(second.stdout == "Added Nóah SCHMIDT (noah-schmidt-2).\n", "\(second)")
    #expect(
      second.stderrLines == [
        "note: already recorded under this name: Noah Schmidt (noah-schmidt); if Nóah SCHMIDT (noah-schmidt-2) is the same person, merge them with `kith merge noah-schmidt noah-schmidt-2`"
      ], "\(second)")
    // An alias counts as a name.
    try box.ok(["person", "edit", "tom", "--alias", "Tommy"])
    let alias = try box.ok(["person", "add", "Tommy"], quietStderr: false)
    #expect(alias.stderr.contains("Tom Nguyen (tom-nguyen)"), "\(alias)")
    let mine = try box.ok(["person", "add", "Priya Raman"], quietStderr: false)
    #expect(
      mine.stderrLines == [
        "note: Priya Raman is also your own name (priya-raman); `me` always means you, so name the new person by priya-raman-2"
      ], "\(mine)")
    try box.ok(["person", "add", "Noah Schmidtt"])
  }

  @Test("no person gets the handle me, which always means you")
  func reservedHandle() throws {
    let box = try Self.sandbox()
    let before = try box.export()
    for arguments in [
      ["person", "add", "Someone", "--handle", "me"], ["person", "edit", "tom", "--handle", "ME"],
    ] {
      let refused = try box.run(arguments)
      #expect(refused.status == 65, "\(refused)")
      #expect(
        refused.stderr
          == "kith: error: the handle '\(arguments.last ?? "")' is reserved: `me` always means you; choose another with --handle\n",
        "\(refused)")
    }
    #expect(try box.export() == before)
    let named = try box.ok(["person", "add", "Me"], quietStderr: false)
    #expect(named.stdout == "Added Me (me-2).\n", "\(named)")
    #expect(named.stderrLines == ["note: the handle `me` always means you, so Me is me-2"])
    #expect(try box.ok(["person", "show", "me-2"]).stdout.hasPrefix("Me (me-2)\n"))
    #expect(try box.ok(["person", "show", "me"]).stdout.hasPrefix("Priya Raman (priya-raman)\n"))
  }

  @Test("an edit that changes nothing says so, and removing what is not there is refused")
  func edits() throws {
    let box = try Self.sandbox()
    try box.ok([
      "person", "edit", "noah", "--email", "noah@example.com", "--tag", "client", "--alias", "NS",
    ])
    for arguments in [
      ["person", "edit", "noah"], ["person", "edit", "noah", "--tag", "Client"],
      ["person", "edit", "noah", "--name", "Noah Schmidt", "--alias", "NS"],
    ] {
      let run = try box.ok(arguments)
      #expect(run.stdout == "Nothing changed for Noah Schmidt (noah-schmidt).\n", "\(run)")
    }
    let before = try box.export()
    for (arguments, message) in [
      (
        ["--untag", "clients"],
        "Noah Schmidt (noah-schmidt) has no tag 'clients' (their tags: client); nothing changed"
      ),
      (
        ["--remove-email", "nobody@example.com", "--tag", "new"],
        "Noah Schmidt (noah-schmidt) has no email 'nobody@example.com' (their emails: noah@example.com); nothing changed"
      ),
      (
        ["--remove-alias", "Noah S"],
        "Noah Schmidt (noah-schmidt) has no alias 'Noah S' (their aliases: NS); nothing changed"
      ),
    ] {
      let refused = try box.run(["person", "edit", "noah"] + arguments)
      #expect(refused.status == 65, "\(refused)")
      #expect(refused.stderr == "kith: error: \(message)\n", "\(refused)")
    }
    #expect(try box.export() == before)
    let removed = try box.ok([
      "person", "edit", "noah", "--remove-alias", "ns", "--untag", "CLIENT", "--remove-email",
      "Noah@Example.com",
    ])
    #expect(removed.stdout == "Updated Noah Schmidt (noah-schmidt).\n")
    let person = try #require(
      try box.json(["person", "show", "noah", "--json"])["person"] as? [String: Any])
    #expect(person["aliases"] as? [String] == [])
    #expect(person["tags"] as? [String] == [])
    #expect(person["emails"] as? [String] == [])
  }

  @Test("affiliate --to ends the open record of the job; the same job again changes nothing")
  func affiliations() throws {
    let box = try Self.sandbox()
    try box.ok(["org", "add", "Acme Corp"])
    try box.ok(["affiliate", "kavya", "acme", "--role", "Director"])
    let again = try box.ok(["affiliate", "kavya", "acme", "--role", "director"])
    #expect(again.stdout == "Already recorded: Kavya Iyer — Acme Corp, Director.\n", "\(again)")
    let since = try box.ok([
      "affiliate", "kavya", "acme", "--role", "Director", "--from", "2024-03-01",
    ])
    #expect(since.stdout == "Updated: Kavya Iyer — Acme Corp, Director (2024-03-01–now).\n")
    let ended = try box.ok([
      "affiliate", "kavya", "acme", "--role", "Director", "--to", "2026-11-01",
    ])
    #expect(
      ended.stdout == "Ended: Kavya Iyer — Acme Corp, Director (2024-03-01–2026-11-01).\n",
      "\(ended)")
    let org = try box.ok(["org", "show", "acme"]).stdout
    #expect(org.components(separatedBy: "Kavya Iyer").count == 2, "\(org)")
    #expect(org.contains("Kavya Iyer (kavya-iyer), Director (former)"), "\(org)")
    // Back at the same job: a new record, open again.
    try box.ok(["affiliate", "kavya", "acme", "--role", "Director", "--from", "2026-11-20"])
    let json = try box.json(["person", "show", "kavya", "--json"])
    let jobs = try #require(json["affiliations"] as? [[String: Any]])
    #expect(jobs.map { $0["to"] as? String } == ["2026-11-01", nil], "\(jobs)")
    // Another start date for the open record: refused, nothing written.
    let before = try box.export()
    let stint = try box.run([
      "affiliate", "kavya", "acme", "--role", "Director", "--from", "2025-01-01",
    ])
    #expect(stint.status == 65, "\(stint)")
    #expect(stint.stderr.contains("since 2026-11-20, not 2025-01-01"), "\(stint)")
    // Ending before the start: refused.
    let backwards = try box.run([
      "affiliate", "kavya", "acme", "--role", "Director", "--to", "2026-11-10",
    ])
    #expect(backwards.status == 65, "\(backwards)")
    #expect(try box.export() == before)
    // A past job never recorded as open is added as before, with its outcome in JSON.
    let added = try box.json([
      "affiliate", "kavya", "acme", "--role", "Intern", "--to", "2020-01-01", "--json",
    ])
    #expect(added["outcome"] as? String == "added")
  }

  @Test(
    "affiliate without --role is the open job there, whatever its role; an empty --role is refused")
  func affiliationWithoutRole() throws {
    let box = try Self.sandbox()
    try box.ok(["org", "add", "Globex"])
    try box.ok(["affiliate", "kavya", "globex", "--role", "VP", "--from", "2023-01-01"])
    let before = try box.export()
    let plain = try box.ok(["affiliate", "kavya", "globex"])
    #expect(plain.stdout == "Already recorded: Kavya Iyer — Globex, VP (2023-01-01–now).\n")
    let empty = try box.run(["affiliate", "kavya", "globex", "--role", " "])
    #expect(empty.status == 64, "\(empty)")
    #expect(empty.stderr.hasPrefix("kith: error: --role is empty; leave it out to record no role."))
    #expect(try box.export() == before)
    // Without any job there, no role is a job of its own, recorded once.
    try box.ok(["affiliate", "noah", "globex"])
    let again = try box.ok(["affiliate", "noah", "globex"])
    #expect(again.stdout == "Already recorded: Noah Schmidt — Globex.\n", "\(again)")
    // The title learnt later goes on that job.
    let titled = try box.ok(["affiliate", "noah", "globex", "--role", "Engineer"])
    #expect(titled.stdout == "Updated: Noah Schmidt — Globex, Engineer.\n", "\(titled)")
    let org = try box.ok(["org", "show", "globex"]).stdout
    #expect(org.components(separatedBy: "Kavya Iyer").count == 2, "\(org)")
    #expect(org.components(separatedBy: "Noah Schmidt").count == 2, "\(org)")
    #expect(org.contains("Noah Schmidt (noah-schmidt), Engineer"), "\(org)")
  }

  @Test("org add: a name already recorded is refused unless the new one gets its own --handle")
  func organisationNamesake() throws {
    let box = try Self.sandbox()
    try box.ok(["org", "add", "Globex"])
    let before = try box.export()
    let again = try box.run(["org", "add", "GLÖBEX"])
    #expect(again.status == 65, "\(again)")
    #expect(
      again.stderr
        == "kith: error: Globex (globex) is already recorded under this name; use it (e.g. `kith affiliate PERSON globex`), or add --handle to record another organisation of that name\n"
    )
    #expect(try box.export() == before)
    let second = try box.run(["org", "add", "Globex", "--handle", "globex-de"])
    #expect(second.status == 0, "\(second)")
    #expect(second.stdout == "Added Globex (globex-de).\n")
    #expect(second.stderr == "note: also recorded under this name: Globex (globex)\n")
  }

  @Test("a name is one line: a line break or tab becomes a space, a control character is refused")
  func nameOnOneLine() throws {
    let box = try Self.sandbox()
    let added = try box.ok(["person", "add", "Line\nBreak", "--alias", "L\tB"])
    #expect(added.stdout == "Added Line Break (line-break).\n")
    let list = try box.ok(["person", "list"]).stdout
    #expect(list.contains("Line Break"), "\(list)")
    let before = try box.export()
    let control = try box.run(["person", "add", "Bad\u{1}Name"])
    #expect(control.status == 65, "\(control)")
    #expect(
      control.stderr
        == "kith: error: invalid name: a name cannot hold a control character (U+0001)\n")
    let long = try box.run(["org", "add", String(repeating: "x", count: 400)])
    #expect(long.status == 65, "\(long)")
    #expect(long.stderr.contains("at most 300 characters (this one has 400)"), "\(long)")
    #expect(try box.export() == before)
  }

  @Test("a brief on someone you have not met says so, and who knows them")
  func briefOnSomeoneNotMet() throws {
    let box = try Self.sandbox()
    try box.ok([
      "log", "meeting", "--no-ego", "--with", "noah", "--with", "kavya", "--on", "2026-10-01",
    ])
    try box.ok(["log", "call", "--no-ego", "--with", "noah", "--with", "tom", "--on", "2026-10-02"])
    try box.ok(["log", "call", "--no-ego", "--with", "noah", "--with", "tom", "--on", "2026-10-03"])
    let brief = try box.ok(["brief", "noah", "--as-of", "2026-11-01"]).stdout
    #expect(
      brief.contains(
        "How you know them\n  you have not met them; they know Tom Nguyen and Kavya Iyer\n"),
      "\(brief)")
    let alone = try box.ok(["brief", "ben", "--as-of", "2026-11-01"]).stdout
    #expect(alone.contains("How you know them\n  you have not met them\n"), "\(alone)")
    try box.ok(["log", "call", "--with", "ben", "--on", "2026-10-05"])
    let met = try box.ok(["brief", "ben", "--as-of", "2026-11-01"]).stdout
    #expect(!met.contains("not met"), "\(met)")
  }

  @Test("a cadence for a tag nobody carries is refused unless --force, naming the closest tag")
  func cadenceForUnusedTag() throws {
    let box = try Self.sandbox()
    try box.ok(["person", "edit", "noah", "--tag", "client"])
    let before = try box.export()
    let typo = try box.run(["cadence", "--tag", "clients", "30"])
    #expect(typo.status == 65, "\(typo)")
    #expect(
      typo.stderr
        == "kith: error: nobody is tagged clients; did you mean 'client'? (add --force to set it anyway)\n",
      "\(typo)")
    let unknown = try box.run(["cadence", "--tag", "family", "30"])
    #expect(unknown.status == 65, "\(unknown)")
    #expect(unknown.stderr.contains("nobody is tagged family; see `kith tag list`"), "\(unknown)")
    #expect(try box.export() == before)
    try box.ok(["cadence", "--tag", "family", "30", "--force"])
    try box.ok(["cadence", "--tag", "CLIENT", "21"])
    #expect(try box.run(["cadence", "noah", "--force"]).status == 64)
  }

  @Test("tag rename moves the tag and its cadence; tag list counts people and shows cadences")
  func tagRename() throws {
    let box = try Self.sandbox()
    try box.ok(["person", "edit", "noah", "--tag", "client", "--tag", "vip"])
    try box.ok(["person", "edit", "kavya", "--tag", "client"])
    try box.ok(["person", "edit", "tom", "--tag", "customer", "--tag", "vip"])
    try box.ok(["cadence", "--tag", "client", "30"])
    try box.ok(["cadence", "--tag", "clients", "14", "--force"])
    #expect(
      try box.ok(["tag", "list"]).stdoutLines == [
        "TAG       PEOPLE  CADENCE", "client         2  every 30 days",
        "clients        0  every 14 days", "customer       1", "vip            2",
      ])
    let renamed = try box.ok(["tag", "rename", "Client", "customer"])
    #expect(
      renamed.stdout == "Renamed tag client to customer: 3 people tagged customer, every 30 days.\n"
    )
    #expect(
      try box.ok(["cadence", "kavya"]).stdout.hasPrefix(
        "Kavya Iyer: every 30 days, the cadence of the tag customer."))
    // Someone with both tags keeps one.
    try box.ok(["tag", "rename", "vip", "customer"])
    let tom = try #require(
      try box.json(["person", "show", "tom", "--json"])["person"] as? [String: Any])
    #expect(tom["tags"] as? [String] == ["customer"])
    #expect(try box.ok(["person", "list", "--tag", "vip"]).stdout == "Nobody is tagged vip.\n")
    // Two different cadences: refused until one is cleared; a typo: the closest tag.
    let before = try box.export()
    let clash = try box.run(["tag", "rename", "clients", "customer"])
    #expect(clash.status == 65, "\(clash)")
    #expect(
      clash.stderr
        == "kith: error: 'clients' has a cadence of 14 days and 'customer' one of 30 days; clear the one not to keep first (`kith cadence --clear --tag customer`)\n"
    )
    let typo = try box.run(["tag", "rename", "custmer", "x"])
    #expect(typo.status == 65, "\(typo)")
    #expect(typo.stderr == "kith: error: no tag matches 'custmer'; did you mean 'customer'?\n")
    #expect(try box.run(["tag", "rename", "customer", "CUSTOMER"]).status == 65)
    // A mistyped argument is a usage error.
    for arguments in [["customer", " "], ["", "customer"], ["customer", "a,b"]] {
      let wrong = try box.run(["tag", "rename"] + arguments)
      #expect(wrong.status == 64, "\(wrong)")
      #expect(wrong.stderr.hasPrefix("kith: error: "), "\(wrong)")
      #expect(wrong.stderr.split(separator: "\n").count == 1, "\(wrong)")
    }
    #expect(try box.export() == before)
    // A cadence-only tag can be renamed: how a typo'd cadence is put right.
    try box.ok(["cadence", "--clear", "--tag", "customer"])
    let json = try box.json(["tag", "rename", "clients", "customer", "--json"])
    let fields = try #require(json["renamed"] as? [String: Any])
    #expect(fields["from"] as? String == "clients")
    #expect(fields["tag"] as? String == "customer")
    #expect((fields["people"] as? NSNumber)?.intValue == 3)
    #expect((fields["cadenceDays"] as? NSNumber)?.intValue == 14)
    let list = try box.json(["tag", "list", "--json"])
    let tags = try #require(list["tags"] as? [[String: Any]])
    #expect(tags.map { $0["tag"] as? String } == ["customer"])
    // --as-of is echoed, as by every read command.
    let dated = try box.json(["tag", "list", "--as-of", "2026-06-01", "--json"])
    #expect(dated["asOf"] as? String == "2026-06-01T23:59:59Z")
  }

  @Test("a note or summary of several lines keeps its column in person show and brief")
  func multiLineNotes() throws {
    let box = try Self.sandbox()
    try box.ok([
      "log", "call", "--with", "noah", "--on", "2026-06-02", "--summary", "Pricing\nand hiring",
    ])
    try box.ok(["note", "noah", "Moved to Lyon.\nTwo kids.", "--on", "2026-06-03"])
    let shown = try box.ok(["person", "show", "noah", "--as-of", "2026-06-30"]).stdoutLines
    #expect(shown.contains("    2026-06-03  Moved to Lyon."), "\(shown)")
    #expect(shown.contains("                Two kids.  (#1)"), "\(shown)")
    #expect(shown.contains("    2026-06-02  call — Pricing"), "\(shown)")
    #expect(shown.contains("                       and hiring  (#1)"), "\(shown)")
    let brief = try box.ok(["brief", "noah", "--as-of", "2026-06-30"]).stdoutLines
    #expect(brief.contains("  2026-06-03 note: Moved to Lyon."), "\(brief)")
    #expect(brief.contains("                   Two kids."), "\(brief)")
    #expect(brief.contains("  2026-06-02 call: Pricing"), "\(brief)")
    #expect(brief.contains("                   and hiring"), "\(brief)")
  }

  @Test("duplicates: the text column is named as the JSON field, REASONS")
  func duplicatesHeader() throws {
    let box = try Self.sandbox()
    try box.ok(["person", "add", "Noah Schmidt"], quietStderr: false)
    let lines = try box.ok(["duplicates"]).stdoutLines
    #expect(lines.first?.hasSuffix("REASONS") == true, "\(lines)")
  }

  @Test("person show lists records dated in the future, marked, unless --as-of hides them")
  func futureRecordsShown() throws {
    let box = try Self.sandbox()
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withFullDate]
    let later = formatter.string(from: Date().addingTimeInterval(90 * 86_400))
    let today = formatter.string(from: Date())
    try box.ok(["log", "meeting", "--with", "noah", "--on", "2026-01-04"])
    try box.ok(
      ["log", "call", "--with", "noah", "--on", later, "--summary", "typo year"],
      quietStderr: false)
    try box.ok(["note", "noah", "planned", "--on", later], quietStderr: false)
    let shown = try box.ok(["person", "show", "noah"]).stdout
    for expected in [
      "  interactions: 1, with you; 1 more dated in the future\n",
      "    \(later)  call — typo year  (#2)  (in the future)\n    2026-01-04  meeting  (#1)\n",
      "    \(later)  planned  (#1)  (in the future)\n",
    ] {
      #expect(shown.contains(expected), "missing \"\(expected)\" in:\n\(shown)")
    }
    let json = try box.json(["person", "show", "noah", "--json"])
    #expect((json["interactions"] as? NSNumber)?.intValue == 1)
    let future = try #require(json["futureInteractions"] as? [[String: Any]])
    #expect(future.map { $0["summary"] as? String } == ["typo year"])
    let notes = try #require(json["notes"] as? [[String: Any]])
    #expect(notes.map { $0["future"] as? Bool } == [true])
    // As of a date, what came after it is not known yet.
    let asOf = try box.ok(["person", "show", "noah", "--as-of", today]).stdout
    #expect(!asOf.contains(later) && !asOf.contains("future"), "\(asOf)")
  }

  @Test("tables without a handle column give the handle of people who share a name")
  func sharedNamesInTables() throws {
    let box = try Self.sandbox()
    try box.ok(["person", "add", "Ana Souza"])
    try box.ok(["person", "add", "ana souza"], quietStderr: false)
    for handle in ["ana-souza", "ana-souza-2", "ben"] {
      try box.ok(["log", "meeting", "--with", handle, "--on", "2026-11-01"])
    }
    let tables = [
      ["reciprocity", "--as-of", "2026-11-20"], ["followups", "--as-of", "2026-11-20"],
      ["neglected", "--as-of", "2026-11-20"], ["metrics"],
    ]
    for arguments in tables {
      let lines = try box.ok(arguments).stdoutLines
      for expected in ["Ana Souza (ana-souza) ", "ana souza (ana-souza-2) ", "Ben Okafor "] {
        #expect(
          lines.contains { $0.hasPrefix(expected) },
          "kith \(arguments.joined(separator: " ")): no row starts with \"\(expected)\" in \(lines)"
        )
      }
      #expect(!lines.contains { $0.contains("(ben-okafor)") }, "\(lines)")
    }
  }

  @Test("addresses, numbers and web addresses in their usual forms are kept as typed")
  func contactDetails() throws {
    let box = try Self.sandbox()
    try box.ok([
      "person", "edit", "noah", "--email", "Noah.Schmidt@mail.example.co.uk", "--phone",
      "+44 (20) 7946-0958 ext. 12", "--phone", "555.1234 x9", "--phone", "030/123456", "--url",
      "https://www.linkedin.com/in/noah/", "--url", "linkedin.com/in/ns", "--url",
      "HTTP://example.com:8080/noah",
    ])
    let person = try #require(
      try box.json(["person", "show", "noah", "--json"])["person"] as? [String: Any])
    #expect(person["emails"] as? [String] == ["Noah.Schmidt@mail.example.co.uk"])
    #expect(
      person["phones"] as? [String] == ["+44 (20) 7946-0958 ext. 12", "555.1234 x9", "030/123456"])
    #expect(
      person["urls"] as? [String] == [
        "https://www.linkedin.com/in/noah/", "linkedin.com/in/ns", "HTTP://example.com:8080/noah",
      ])
  }

  @Test("--tag a,b is two tags, as is --untag a,b")
  func commaTags() throws {
    let box = try Self.sandbox()
    try box.ok(["person", "add", "Cara Diaz", "--tag", "client, Mentor", "--tag", "alumni,"])
    let tags = { () throws -> [String]? in
      try box.json(["person", "show", "cara", "--json"])["person"]
        .flatMap { ($0 as? [String: Any])?["tags"] as? [String] }
    }
    #expect(try tags() == ["client", "mentor", "alumni"])
    try box.ok(["person", "edit", "cara", "--untag", "alumni,client"])
    #expect(try tags() == ["mentor"])
  }

  @Test("phones, URLs and interests can be removed; one they do not have is refused")
  func removeDetails() throws {
    let box = try Self.sandbox()
    try box.ok([
      "person", "edit", "noah", "--phone", "+44 20 7946 0958", "--phone", "555-1234", "--url",
      "https://linkedin.com/in/noah", "--url", "noah.example.com", "--interest", "Sailing",
      "--interest", "Jazz",
    ])
    let before = try box.export()
    for (arguments, message) in [
      (
        ["--remove-phone", "555-9999"],
        "Noah Schmidt (noah-schmidt) has no phone '555-9999' (their phones: +44 20 7946 0958, 555-1234); nothing changed"
      ),
      (
        ["--remove-url", "linkedin.com/in/noah-s", "--remove-phone", "555-1234"],
        "Noah Schmidt (noah-schmidt) has no url 'linkedin.com/in/noah-s' (their urls: https://linkedin.com/in/noah, noah.example.com); nothing changed"
      ),
      (
        ["--remove-interest", "golf"],
        "Noah Schmidt (noah-schmidt) has no interest 'golf' (their interests: Sailing, Jazz); nothing changed"
      ),
    ] {
      let refused = try box.run(["person", "edit", "noah"] + arguments)
      #expect(refused.status == 65, "\(refused)")
      #expect(refused.stderr == "kith: error: \(message)\n", "\(refused)")
    }
    #expect(try box.export() == before)
    // The same number, address or topic however it is written.
    let removed = try box.ok([
      "person", "edit", "noah", "--remove-phone", "+442079460958", "--remove-url",
      "www.LinkedIn.com/in/noah/", "--remove-interest", "sailing",
    ])
    #expect(removed.stdout == "Updated Noah Schmidt (noah-schmidt).\n")
    let person = try #require(
      try box.json(["person", "show", "noah", "--json"])["person"] as? [String: Any])
    #expect(person["phones"] as? [String] == ["555-1234"])
    #expect(person["urls"] as? [String] == ["noah.example.com"])
    #expect(person["interests"] as? [String] == ["Jazz"])
  }

  @Test("a person renamed like someone else, like you or `me` gets person add's notes")
  func renamedNamesakes() throws {
    let box = try Self.sandbox()
    let namesake = try box.ok(
      ["person", "edit", "tom", "--name", "Noah SCHMIDT"], quietStderr: false)
    #expect(
      namesake.stderrLines == [
        "note: already recorded under this name: Noah Schmidt (noah-schmidt); if Noah SCHMIDT (tom-nguyen) is the same person, merge them with `kith merge noah-schmidt tom-nguyen`"
      ], "\(namesake)")
    let mine = try box.ok(["person", "edit", "kavya", "--name", "Priya Raman"], quietStderr: false)
    #expect(
      mine.stderrLines == [
        "note: Priya Raman is also your own name (priya-raman); `me` always means you, so name them by kavya-iyer"
      ], "\(mine)")
    let me = try box.ok(["person", "edit", "ben", "--name", "Me"], quietStderr: false)
    #expect(me.stdout == "Updated Me (ben-okafor).\n", "\(me)")
    #expect(
      me.stderrLines == ["note: the handle `me` always means you, so Me is ben-okafor"], "\(me)")
    // Other edits, and your own, say nothing of the kind (`ok` expects no stderr).
    try box.ok(["person", "edit", "ben-okafor", "--name", "Me", "--tag", "x"])
    try box.ok(["person", "edit", "me", "--name", "Priya R"])
  }

  @Test("a referral's history lines its statuses up, whether dated by day or by minute")
  func referralHistory() throws {
    let box = try Self.sandbox()
    try box.ok(["refer", "--by", "ben", "--about", "kavya", "--to", "tom", "--on", "2026-07-05"])
    try box.ok(["referral", "1", "--status", "declined", "--reason", "Not now"])
    let lines = try box.ok(["referral", "1"]).stdout.split(separator: "\n").filter {
      $0.hasPrefix("  2")
    }
    #expect(lines.count == 2, "\(lines)")
    #expect(lines.first == "  2026-07-05            suggested", "\(lines)")
    #expect(lines.last?.hasSuffix(" UTC  declined — Not now") == true, "\(lines)")
  }
}
