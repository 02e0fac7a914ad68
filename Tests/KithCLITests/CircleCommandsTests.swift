import Foundation
import KithTestSupport
import Testing

/// `kith beyond`, `kith intro`, `kith brokers`, and the circle and paths in `kith brief`, on a
/// small network with exact numbers: three triangles of undated ties of weight 4 — the ego's
/// circle (a1, a2, a3, each tied to the ego; a2 with weight 12), and far circles B (tagged
/// climbing) and C — joined by a1–b1 and a2–c1 of weight 1. The median tie is 4, so a tie's
/// quality q = s/(s + 4): ½ for 4, 0.2 for 1, ¾ for 12.
@Suite("Circle commands")
struct CircleCommandsTests {
  static func network() throws -> CLISandbox {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Me"])
    for h in ["a1", "a2", "a3", "c1", "c2", "c3"] { try box.ok(["person", "add", h.uppercased()]) }
    for h in ["b1", "b2", "b3"] {
      try box.ok(["person", "add", h.uppercased(), "--tag", "climbing"])
    }
    var ties: [(String, String, String)] = [
      ("me", "a1", "4"), ("me", "a2", "12"), ("me", "a3", "4"),
    ]
    for (x, y, z) in [("a1", "a2", "a3"), ("b1", "b2", "b3"), ("c1", "c2", "c3")] {
      ties += [(x, y, "4"), (y, z, "4"), (x, z, "4")]
    }
    ties += [("a1", "b1", "1"), ("a2", "c1", "1")]
    for (x, y, w) in ties { try box.ok(["tie", x, y, "--weight", w]) }
    try box.ok(["org", "add", "Acme"])
    try box.ok(["affiliate", "a3", "acme", "--from", "2020-01-01"])
    return box
  }

  static func close(_ value: Any?, _ expected: Double) -> Bool {
    guard let v = value as? Double else { return false }
    return abs(v - expected) <= 1e-6
  }

  @Test("circles lists circles of two or more, counts the people on their own")
  func circlesText() throws {
    let box = try Self.network()
    try box.ok(["person", "add", "Loner"])
    try box.ok(["tie", "me", "loner"])
    let text = try box.ok(["circles"]).stdout
    #expect(text.hasPrefix("3 circles, modularity "), "\(text)")
    #expect(text.contains(": 3 people, "))
    // A circle no organisation or tag names says so (it printed "#2 —: 3 people").
    #expect(text.contains(" (no common organisation or tag): 3 people, "), "\(text)")
    #expect(text.contains(" (usual, no common organisation or tag): 3 people, "), "\(text)")
    #expect(text.contains(" climbing: 3 people, ") && !text.contains("—:"), "\(text)")
    #expect(
      text.hasSuffix(
        "And 1 person in no circle, tied to nobody else here (`kith circles --json` lists them).\n"),
      "\(text)")
    // The JSON still lists every circle, the one of Loner alone too.
    let doc = try box.json(["circles", "--json"])
    #expect((doc["communities"] as? [[String: Any]])?.count == 4)
    // A resolution so high that every community is one person says so, not that nobody is tied.
    #expect(
      try box.ok(["circles", "--resolution", "1e9"]).stdout
        == "No circles at resolution 1000000000: every community has one person. Try a resolution nearer 1 (the default).\n"
    )
  }

  // A first import is often a contact list alone (LinkedIn): ties to you, no interactions, no
  // ties among the contacts. "Your network is in good shape" and thousands of circles of one
  // were the wrong answers.
  @Test("contacts without history: plan and neglected say why they are empty; no circles")
  func contactsWithoutHistory() throws {
    let box = CLISandbox()
    try box.ok(["init", "--me", "Me"])
    for name in ["Ann", "Bo", "Cy"] {
      try box.ok(["person", "add", name])
      try box.ok(["tie", "me", name])
    }
    let plan = try box.ok(["plan"]).stdout
    #expect(plan.contains("Nothing to plan. Kith has no interaction of yours to learn from yet"))
    #expect(!plan.contains("good shape"))
    let neglected = try box.ok(["neglected"]).stdout
    #expect(neglected.contains("Nobody is overdue") && neglected.contains("`kith log`"))
    for command in ["dormant", "followups"] {
      #expect(try box.ok([command]).stdout.contains("no interaction of yours"), "\(command)")
    }
    let circles = try box.ok(["circles"]).stdout
    #expect(circles.hasPrefix("No circles: none of your contacts are tied to one another"))
    let brief = try box.ok(["brief", "Ann"]).stdout
    #expect(brief.contains("in no circle: tied to nobody else you know"))
    #expect(brief.contains("  connected with `kith tie`"), "\(brief)")
    let json = try box.json(["brief", "Ann", "--json"])
    let how = try #require(json["howYouKnowThem"] as? [String: Any])
    #expect((how["ties"] as? [[String: Any]])?.first?["weight"] as? Double == 1)
    // With one interaction, the plain answers again.
    try box.ok(["log", "call", "--with", "Ann", "--on", "2026-01-05"])
    let after = try box.ok(["plan", "--as-of", "2026-01-06"]).stdout
    #expect(!after.contains("no interaction of yours"), "\(after)")
  }

  @Test("beyond: people in circles you do not touch, via a moderately strong tie")
  func beyond() throws {
    let box = try Self.network()
    let doc = try box.json(["beyond", "--json"])
    let items = try #require(doc["beyond"] as? [[String: Any]])
    #expect(items.map { $0["handle"] as? String } == ["b1", "c1"])
    // b1: bridge(½)·0.2 = 0.2; c1: bridge(¾)·0.2 = 0.15 — the ego's strongest tie is not best.
    #expect(Self.close(items[0]["pathScore"], 0.2) && Self.close(items[0]["novelty"], 1))
    #expect(Self.close(items[1]["pathScore"], 0.15))
    #expect(items[0]["via"] as? [String] == ["a1"])
    #expect(items[0]["communityLabel"] as? String == "climbing")
    #expect((items[0]["why"] as? String)?.contains("A1") == true)
    #expect(doc["schemaVersion"] as? Int == 1 && doc["ego"] != nil)
    let three = try #require(try box.json(["beyond", "--json", "--hops", "3"])["beyond"] as? [Any])
    #expect(three.count == 6)
    let text = try box.ok(["beyond", "--limit", "1"]).stdout
    #expect(text.contains("B1") && !text.contains("C1"))
    #expect(items.allSatisfy { ($0["warnings"] as? [String]) == [] })
    // A go-between you have not seen for years: reconnect first, as `intro` says.
    try box.ok(["log", "meeting", "--with", "a1", "--on", "2023-01-02"])
    let later = try #require(
      try box.json(["beyond", "--json", "--as-of", "2026-11-28"])["beyond"] as? [[String: Any]])
    let viaA1 = try #require(later.first { $0["via"] as? [String] == ["a1"] })
    #expect(viaA1["warnings"] as? [String] == ["reconnect-first"])
    #expect(
      try box.ok(["beyond", "--as-of", "2026-11-28"]).stdout.contains(
        "via A1, score 0.200 [reconnect first]"))
    let html = box.file("report.html")
    try box.ok(["report", "--html", html, "--as-of", "2026-11-28"])
    #expect(try String(contentsOfFile: html, encoding: .utf8).contains("A1 (reconnect first)"))
  }

  @Test("intro: a person, a tag, an organisation; tiers and paths")
  func intro() throws {
    let box = try Self.network()
    let person = try box.json(["intro", "--to", "b2", "--json"])
    let targets = try #require(person["targets"] as? [[String: Any]])
    #expect(targets.map { $0["handle"] as? String } == ["b2"])
    let paths = try #require(targets[0]["paths"] as? [[String: Any]])
    #expect(paths.count == 1 && paths[0]["via"] as? [String] == ["a1", "b1"])
    #expect(paths[0]["tier"] as? String == "weak" && Self.close(paths[0]["score"], 0.05))

    let tag = try box.json(["intro", "--to", "tag:climbing", "--json", "--limit", "1"])
    let tagTargets = try #require(tag["targets"] as? [[String: Any]])
    #expect(tagTargets.map { $0["handle"] as? String } == ["b1", "b2", "b3"])
    #expect(Self.close((tagTargets[0]["paths"] as? [[String: Any]])?.first?["score"], 0.1))

    let org = try box.json(["intro", "--to", "org:acme", "--json"])
    let members = try #require(org["targets"] as? [[String: Any]])
    #expect(members.map { $0["handle"] as? String } == ["a3"])
    #expect(Self.close(members[0]["directStrength"], 4))
    // Without a prefix a name that is no person is tried as an organisation.
    #expect(try box.json(["intro", "--to", "Acme", "--json"])["targets"] as? [Any] != nil)
    let text = try box.ok(["intro", "--to", "tag:climbing"]).stdout
    #expect(text.contains("ask A1 → B1: a weak path, judged by its weakest link; score 0.050"))
  }

  // `intro --to org:acme-pay` listed the CFO, known by one e-mail a year ago, under "You
  // already know: … Priya Raman (0.07)", with no path, while `intro --to priya-raman` offered
  // the strong way through Henrik.
  @Test("intro to an organisation: a member you know only weakly keeps the ways in")
  func introOrganisationWeakMember() throws {
    let box = try Self.network()
    try box.ok(["tie", "me", "b2", "--weight", "0.1"])
    try box.ok(["affiliate", "b2", "acme", "--from", "2020-01-01"])
    let person = try box.ok(["intro", "--to", "b2"]).stdout
    let org = try box.ok(["intro", "--to", "org:acme"]).stdout
    let weak =
      "• B2 (b2) — you know them, but the tie is weak for you (strength 0.10)\n"
      + "  ask A1 → B1: a weak path, judged by its weakest link; score 0.050\n"
    #expect(person.contains(weak), "\(person)")
    #expect(org.contains(weak), "\(org)")
    #expect(
      org.hasSuffix(
        "You already know: A3 (a3: 4.00, moderate for you) — `kith intro --to a3` for the ways through others.\n"
      ), "\(org)")
    let json = try box.json(["intro", "--to", "org:acme", "--json"])
    let targets = try #require(json["targets"] as? [[String: Any]])
    #expect(targets.map { $0["handle"] as? String } == ["b2", "a3"])
    #expect(targets.map { $0["directTier"] as? String } == ["weak", "moderate"])
    #expect(targets.map { $0["known"] as? Bool } == [false, true])
    #expect((targets[0]["paths"] as? [Any])?.count == 1)
    // Several people known: the pointer names no one in particular.
    try box.ok(["affiliate", "a2", "acme", "--from", "2020-01-01"])
    let two = try box.ok(["intro", "--to", "org:acme"]).stdout
    #expect(
      two.contains(
        "You already know: A2 (a2: 12.00, strong for you), A3 (a3: 4.00, moderate for you) — `kith intro --to HANDLE` for the ways through others.\n"
      ), "\(two)")
  }

  // `intro --to tag:fintech` took only the people tagged fintech: the members of the six
  // organisations tagged fintech (`org add … --tag fintech`) were not in it.
  @Test("intro to a tag: people carrying it and the current members of organisations carrying it")
  func introTagIncludesOrganisations() throws {
    let box = try Self.network()
    try box.ok(["org", "add", "Crag Co", "--tag", "Climbing"])
    try box.ok(["affiliate", "c2", "crag-co", "--from", "2020-01-01"])
    try box.ok(["affiliate", "c3", "crag-co", "--from", "2019-01-01", "--to", "2020-01-01"])
    // Tagged and at a tagged organisation: one target.
    try box.ok(["affiliate", "b1", "crag-co", "--from", "2020-01-01"])
    let json = try box.json(["intro", "--to", "tag:climbing", "--json"])
    let targets = try #require(json["targets"] as? [[String: Any]])
    let handles = targets.compactMap { $0["handle"] as? String }
    #expect(handles.sorted() == ["b1", "b2", "b3", "c2"], "former members are left out")
    let at = Dictionary(
      uniqueKeysWithValues: targets.map {
        ($0["handle"] as? String ?? "", $0["taggedOrganisations"] as? [String] ?? ["?"])
      })
    #expect(at == ["b1": ["crag-co"], "b2": [], "b3": [], "c2": ["crag-co"]])
    let text = try box.ok(["intro", "--to", "tag:climbing"]).stdout
    #expect(
      text.hasPrefix(
        "Introductions to everyone tagged climbing or at an organisation tagged climbing, as of "),
      "\(text)")
    #expect(text.contains("\n• C2 (c2) at Crag Co (tagged climbing)\n  ask A2 → C1: "), "\(text)")
    #expect(text.contains("\n• B2 (b2)\n"), "\(text)")
    // Someone you know there is named at the end, saying why they are among the targets.
    try box.ok(["affiliate", "a3", "crag-co", "--from", "2020-01-01"])
    let known = try box.ok(["intro", "--to", "tag:climbing"]).stdout
    #expect(
      known.contains(
        "\nYou already know: A3 (a3: 4.00, moderate for you) at Crag Co (tagged climbing) — "),
      "\(known)")
    // With none of its members current, an organisation's tag names nobody.
    try box.ok(["org", "add", "Old Co", "--tag", "gone"])
    try box.ok(["affiliate", "c3", "old-co", "--from", "2019-01-01", "--to", "2020-01-01"])
    let gone = try box.run(["intro", "--to", "tag:gone"])
    #expect(gone.status == 65, "\(gone)")
    #expect(
      gone.stderr
        == "kith: error: nobody has the tag gone, and the organisations tagged gone have no current members\n"
    )
  }

  // `brief ingrid` and the intro picture offered "via Björn Patel → Tom Lindqvist" where Tom
  // is your business partner, and `intro --to ingrid` rightly offered only "ask Tom".
  @Test("brief and the intro picture offer the ways intro offers, and no others")
  func briefAndPictureAgreeWithIntro() throws {
    let box = try Self.network()
    for h in ["Partner", "Client", "Target"] { try box.ok(["person", "add", h]) }
    for (x, y, w) in [
      ("me", "partner", "12"), ("me", "client", "4"), ("client", "partner", "4"),
      ("partner", "target", "4"),
    ] {
      try box.ok(["tie", x, y, "--weight", w])
    }
    func via(_ paths: Any?) -> [[String]] {
      (paths as? [[String: Any]] ?? []).map { $0["via"] as? [String] ?? [] }
    }
    let intro = try box.json(["intro", "--to", "target", "--json"])
    let offered = via((intro["targets"] as? [[String: Any]])?.first?["paths"])
    #expect(offered == [["partner"]])
    let brief = try box.json(["brief", "target", "--json"])
    #expect(via(brief["paths"]) == offered, "not via client → partner")
    let text = try box.ok(["brief", "target"]).stdout
    #expect(text.contains("\n  via Partner: a moderate path (score 0.375)\n"), "\(text)")
    #expect(!text.contains("Client"), "\(text)")
    let picture = try box.json([
      "render", "--view", "intro", "target", "--format", "dot", "-o", "$DIR/t.dot", "--json",
    ])
    #expect((picture["people"] as? NSNumber)?.intValue == 3, "\(picture)")
    let dot = try String(contentsOfFile: box.file("t.dot"), encoding: .utf8)
    #expect(!dot.contains("Client"), "\(dot)")
    // An organisation of people you know: intro names them as known, with no way through
    // others, and the picture draws your ties to them, not ways round.
    try box.ok(["affiliate", "a2", "acme", "--from", "2020-01-01"])
    #expect(
      try box.ok(["intro", "--to", "org:acme"]).stdout.contains("\nYou already know: A2 (a2: "))
    let org = try box.json([
      "render", "--view", "intro", "org:acme", "--format", "dot", "-o", "$DIR/o.dot", "--json",
    ])
    #expect((org["people"] as? NSNumber)?.intValue == 3, "\(org)")
    #expect((org["ties"] as? NSNumber)?.intValue == 2, "\(org)")
    // Everywhere the same ways, in the same order, for every kind of target.
    for target in ["b2", "b1", "c3", "a3", "partner"] {
      let listed = via(
        (try box.json(["intro", "--to", target, "--json"])["targets"] as? [[String: Any]])?
          .first?["paths"])
      #expect(via(try box.json(["brief", target, "--json"])["paths"]) == listed, "\(target)")
    }
  }

  // "No one to be introduced to: the current members of Empty Corp has nobody but you",
  // exit 0, while an unknown tag was refused.
  @Test("intro to an organisation with nobody in it is refused, as a tag nobody has")
  func introEmptyOrganisation() throws {
    let box = try Self.network()
    try box.ok(["org", "add", "Empty Corp"])
    try box.ok(["org", "add", "Solo"])
    try box.ok(["affiliate", "me", "solo", "--from", "2020-01-01"])
    try box.ok(["person", "edit", "me", "--tag", "lonely"])
    for (arguments, message) in [
      (["intro", "--to", "Empty Corp"], "kith: error: Empty Corp has no current members\n"),
      (["intro", "--to", "org:empty-corp"], "kith: error: Empty Corp has no current members\n"),
      (["intro", "--to", "org:solo"], "kith: error: the only current member of Solo is you\n"),
      (["intro", "--to", "tag:lonely"], "kith: error: only you have the tag lonely\n"),
    ] {
      let result = try box.run(arguments)
      #expect(result.status == 65 && result.stderr == message, "\(arguments): \(result)")
    }
  }

  // The text said "a strong path (its weakest hop)" for a go-between met twice 19 months ago,
  // with no hop strengths, no date and no warning.
  @Test("intro text: hop strengths, the last contact, why to reconnect; targets left out")
  func introExplains() throws {
    let box = try Self.network()
    try box.ok(["log", "meeting", "--with", "a1", "--on", "2025-01-02"])
    try box.ok(["log", "meeting", "--with", "a2", "--on", "2026-06-01"])
    let text = try box.ok(["intro", "--to", "b2", "--as-of", "2026-06-30"]).stdout
    #expect(
      text.contains("  ask A1 → B1: a weak path, judged by its weakest link; score "), "\(text)")
    #expect(text.contains("    your tie 4.12 (faded), last contact 2025-01-02; then 1.00, 4.00"))
    #expect(text.contains("    reconnect first: last contact 2025-01-02, 544 days ago"), "\(text)")
    let json = try box.json(["intro", "--to", "b2", "--json", "--as-of", "2026-06-30"])
    let paths = try #require(
      (json["targets"] as? [[String: Any]])?.first?["paths"] as? [[String: Any]])
    #expect(paths.first?["warnings"] as? [String] == ["reconnect-first"])
    // What the text says of the person to ask, in JSON too.
    let firstHop = try #require(paths.first?["firstHop"] as? [String: Any])
    #expect(firstHop["tier"] as? String == "weak" && firstHop["faded"] as? Bool == true)
    #expect(firstHop["lastContact"] as? String == "2025-01-02T00:00:00Z", "\(firstHop)")
    let cut = try box.ok(["intro", "--to", "tag:climbing", "--targets", "1"]).stdout
    #expect(cut.hasSuffix("And 2 more people (raise --targets).\n"), "\(cut)")
    #expect(
      try box.json(["intro", "--to", "tag:climbing", "--targets", "1", "--json"])["moreTargets"]
        as? Int == 2)
  }

  // The people you know come last, so that cutting the list at --targets cut them first:
  // "And 3 more people" about an organisation where you knew someone well.
  @Test("intro to a group names the people you know whatever --targets cuts of the others")
  func introKeepsTheKnown() throws {
    let box = try Self.network()
    for h in ["a2", "a3"] { try box.ok(["person", "edit", h, "--tag", "climbing"]) }
    let text = try box.ok(["intro", "--to", "tag:climbing", "--targets", "1"]).stdout
    #expect(
      text.contains(
        "You already know: A2 (a2: 12.00, strong for you), and 1 more person you know (raise --targets)"
      ), "\(text)")
    #expect(text.hasSuffix("And 2 more people (raise --targets).\n"), "\(text)")
    let json = try box.json(["intro", "--to", "tag:climbing", "--targets", "1", "--json"])
    let targets = try #require(json["targets"] as? [[String: Any]])
    #expect(targets.map { $0["known"] as? Bool } == [false, true], "\(targets)")
    #expect(targets.last?["handle"] as? String == "a2" && json["moreTargets"] as? Int == 3)
    // With room for everyone, both are listed in full.
    let all = try box.ok(["intro", "--to", "tag:climbing"]).stdout
    #expect(
      all.contains("You already know: A2 (a2: 12.00, strong for you), A3 (a3: 4.00, "), "\(all)")
    #expect(!all.contains("raise --targets"), "\(all)")
  }

  @Test("path from you: your tie in words, and the direct tie it goes round")
  func pathAroundADirectTie() throws {
    let box = try Self.network()
    try box.ok(["tie", "me", "b1", "--weight", "0.1"])
    let text = try box.ok(["path", "me", "b1"]).stdout
    #expect(text.hasPrefix("Me → A1 → B1 (score "), "\(text)")
    #expect(
      text.contains("  Me — A1: strength 4.00 — your tie 4.00 (moderate for you)\n"), "\(text)")
    #expect(
      text.contains(
        "  You know B1 directly (a direct tie: strength 0.10), but it scores 0.024 on its own: this path is stronger.\n"
      ), "\(text)")
    let json = try box.json(["path", "me", "b1", "--json"])
    let direct = try #require(json["direct"] as? [String: Any])
    #expect(Self.close(direct["strength"], 0.1) && direct["faded"] as? Bool == false)
    #expect(try box.json(["path", "me", "a1", "--json"])["direct"] is NSNull)
    // Your tie to the first person on the path, in the words the text gives it.
    let firstHop = try #require(json["firstHop"] as? [String: Any])
    #expect(firstHop["tier"] as? String == "moderate" && firstHop["faded"] as? Bool == false)
    #expect(firstHop["lastContact"] is NSNull)
    #expect(try box.json(["path", "a2", "b1", "--json"])["firstHop"] is NSNull)
  }

  // `path me b2` printed "give first: you owe them" under the A1 → B1 hop, where "them" reads
  // as B1; it is A1, the person you would ask.
  @Test("give first names the person you owe, under a path of several people")
  func giveFirstNamesThePerson() throws {
    let box = try Self.network()
    try box.ok(["give", "introduction", "--from", "a1", "--to", "me", "--on", "2026-01-01"])
    let asOf = ["--as-of", "2026-01-02"]
    let path = try box.ok(["path", "me", "b2"] + asOf).stdout
    #expect(path.hasPrefix("Me → A1 → B1 → B2 (score "), "\(path)")
    #expect(path.contains("\n  give first: you owe A1\n"), "\(path)")
    let intro = try box.ok(["intro", "--to", "b2"] + asOf).stdout
    #expect(intro.contains("\n    give first: you owe A1\n"), "\(intro)")
    let brief = try box.ok(["brief", "b2"] + asOf).stdout
    #expect(brief.contains("; give first: you owe A1\n"), "\(brief)")
    for text in [path, intro, brief] { #expect(!text.contains("you owe them"), "\(text)") }
  }

  @Test("brokers: your constraint and the contacts who bridge you into other circles")
  func brokers() throws {
    let box = try Self.network()
    let doc = try box.json(["brokers", "--json"])
    let brokers = try #require(doc["brokers"] as? [[String: Any]])
    #expect(brokers.map { $0["handle"] as? String } == ["a1", "a2"])
    #expect(Self.close(brokers[0]["bridgeStrength"], 1) && brokers[0]["reach"] as? Int == 1)
    let circles = try #require(brokers[0]["circles"] as? [[String: Any]])
    #expect(circles.first?["label"] as? String == "climbing")
    #expect(doc["degree"] as? Int == 3)
    let constraint = try #require(doc["constraint"] as? Double)
    #expect(constraint > 0 && constraint < 1)
    // A broker whose tie to you has faded comes after the ones you can ask, flagged.
    try box.ok(["log", "meeting", "--with", "a1", "--on", "2024-01-02"])
    let later = try #require(
      try box.json(["brokers", "--json", "--as-of", "2026-11-28"])["brokers"] as? [[String: Any]])
    #expect(later.map { $0["handle"] as? String } == ["a2", "a1"])
    #expect(
      later[1]["faded"] as? Bool == true && later[1]["warnings"] as? [String] == ["reconnect-first"]
    )
    #expect(try box.ok(["brokers", "--as-of", "2026-11-28"]).stdout.contains("reconnect first"))
  }

  @Test("brief: the person's circle and the best paths to them")
  func brief() throws {
    let box = try Self.network()
    let doc = try box.json(["brief", "b1", "--json"])
    let circle = try #require(doc["circle"] as? [String: Any])
    #expect(circle["label"] as? String == "climbing" && circle["usual"] as? Bool == false)
    let paths = try #require(doc["paths"] as? [[String: Any]])
    #expect(paths.first?["via"] as? [String] == ["a1"])
    #expect(Self.close(paths.first?["score"], 0.1))
    #expect(try box.ok(["brief", "b1"]).stdout.contains("via A1"))
  }

  // `brief` said "strength 0.09 now, 0.82 at peak" of a tie `intro` calls faded, and no
  // "reconnect first".
  @Test("brief: your tie in the words intro uses, and reconnect first once it has faded")
  func briefWordsYourTie() throws {
    let box = try Self.network()
    let strong = try box.ok(["brief", "a2"]).stdout
    #expect(strong.contains("  strength 12.00 now (strong for you), 12.00 at peak; "), "\(strong)")
    #expect(!strong.contains("reconnect first"))
    try box.ok(["log", "meeting", "--with", "a1", "--on", "2025-01-02"])
    let faded = try box.ok(["brief", "a1", "--as-of", "2026-06-30"]).stdout
    #expect(faded.contains("  strength 4.12 now (faded), "), "\(faded)")
    #expect(
      faded.contains("\n  reconnect first: last contact 2025-01-02, 544 days ago"), "\(faded)")
    let json = try box.json(["brief", "a1", "--json", "--as-of", "2026-06-30"])
    let tie = try #require(json["yourTie"] as? [String: Any])
    #expect(tie["tier"] as? String == "weak" && tie["faded"] as? Bool == true)
    #expect(tie["warnings"] as? [String] == ["reconnect-first"])
    #expect(tie["lastContact"] as? String == "2025-01-02T00:00:00Z", "\(tie)")
    let moderate = try #require(
      try box.json(["brief", "a3", "--json"])["yourTie"] as? [String: Any])
    #expect(moderate["tier"] as? String == "moderate" && moderate["faded"] as? Bool == false)
    #expect(try box.json(["brief", "b1", "--json"])["yourTie"] is NSNull)
  }

  @Test("bad input: one line, a usage or rejected-data exit, nothing written")
  func badInput() throws {
    let box = try Self.network()
    let before = try box.export()
    for (arguments, code) in [
      (["beyond", "--hops", "4"], 64), (["beyond", "--limit", "0"], 64),
      (["intro", "--to", "tag:nobody-has-this"], 65), (["intro", "--to", "zz-unknown"], 65),
      (["intro", "--to", " "], 64), (["brokers", "--limit", "0"], 64),
    ] {
      let result = try box.run(arguments)
      #expect(result.status == Int32(code), "\(arguments): \(result)")
      #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
    }
    #expect(try box.export() == before)
  }
}
