import Foundation
import KithGraph
import KithStore
import KithTestSupport
import Testing

/// 2026-01-01T00:00:00Z.
let storeT = Date(timeIntervalSince1970: 1_767_225_600)

/// A named reference that must resolve to the person with `handle`.
struct ReferenceCase: Sendable, CustomTestStringConvertible {
  let name: String
  let reference: String
  let handle: String

  var testDescription: String { "\(name): '\(reference)'" }
}

@Suite("KithStore: people and organisations")
struct PeopleTests {
  /// José García (alias Pepe, jose@example.com), Jane Doe, Samuel Adams (handle `sam`),
  /// Sam Lee (alias Sam), Zoë Åström.
  static func directory() throws -> (KithStore, TemporaryDirectory) {
    let (store, dir) = try makeTemporaryStore()
    _ = try store.addPerson(
      Person(name: "José García", aliases: ["Pepe"], emails: ["Jose.Garcia@Example.com"]))
    _ = try store.addPerson(Person(name: "Jane Doe", emails: ["jane@example.org"]))
    _ = try store.addPerson(Person(handle: "sam", name: "Samuel Adams"))
    _ = try store.addPerson(Person(name: "Sam Lee", aliases: ["Sam"]))
    _ = try store.addPerson(Person(name: "Zoë Åström"))
    return (store, dir)
  }

  static let references: [ReferenceCase] = [
    ReferenceCase(name: "handle", reference: "jose-garcia", handle: "jose-garcia"),
    ReferenceCase(name: "exact name", reference: "José García", handle: "jose-garcia"),
    ReferenceCase(
      name: "upper case without accents", reference: "JOSE GARCIA", handle: "jose-garcia"),
    ReferenceCase(name: "mixed case and accents", reference: "JOSÉ garcia", handle: "jose-garcia"),
    ReferenceCase(name: "extra spaces", reference: "  jose    garcía ", handle: "jose-garcia"),
    ReferenceCase(name: "alias", reference: "pepe", handle: "jose-garcia"),
    ReferenceCase(
      name: "email, any case", reference: "JOSE.GARCIA@example.COM", handle: "jose-garcia"),
    ReferenceCase(
      name: "email stored lower-case", reference: "jane@example.org", handle: "jane-doe"),
    ReferenceCase(name: "name", reference: "jane doe", handle: "jane-doe"),
    ReferenceCase(name: "handle in capitals", reference: "JANE-DOE", handle: "jane-doe"),
    ReferenceCase(name: "a handle wins over an alias", reference: "sam", handle: "sam"),
    ReferenceCase(name: "accents folded both ways", reference: "zoe astrom", handle: "zoe-astrom"),
    ReferenceCase(name: "accented reference", reference: "Zoë Åström", handle: "zoe-astrom"),
  ]

  @Test("person resolution", arguments: references)
  func resolves(_ c: ReferenceCase) throws {
    let (store, dir) = try Self.directory()
    defer { dir.remove() }
    #expect(try store.resolvePerson(c.reference).handle == c.handle)
  }

  @Test("an ambiguous reference lists its candidates with handles")
  func ambiguous() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let first = try store.addPerson(Person(name: "Alex Kim"))
    let second = try store.addPerson(Person(name: "Alex  KIM"))
    #expect(first.handle == "alex-kim" && second.handle == "alex-kim-2")
    let error = #expect(throws: StoreError.self) { try store.resolvePerson("alex kim") }
    #expect(
      error
        == .ambiguous(
          kind: "person", reference: "alex kim",
          candidates: ["Alex Kim (alex-kim)", "Alex  KIM (alex-kim-2)"]))
    let text = error?.description ?? ""
    #expect(
      text.contains("alex-kim") && text.contains("alex-kim-2") && text.contains("use a handle"))
    #expect(error?.isRejectedData == true)
    // The handles themselves are not ambiguous.
    #expect(try store.resolvePerson("alex-kim-2").id == second.id)
  }

  @Test("a name shared with another person's alias is ambiguous; a handle is not")
  func ambiguousAcrossKinds() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let chris = try store.addPerson(Person(name: "Chris Ray"))
    let christopher = try store.addPerson(Person(name: "Christopher Ray", aliases: ["CHRIS  RAY"]))
    let error = #expect(throws: StoreError.self) { try store.resolvePerson("Chris Ray ") }
    #expect(
      error
        == .ambiguous(
          kind: "person", reference: "Chris Ray",
          candidates: ["Chris Ray (chris-ray)", "Christopher Ray (christopher-ray)"]))
    #expect(try store.resolvePerson("chris-ray").id == chris.id)
    #expect(try store.resolvePerson("christopher ray").id == christopher.id)
    // A handle match wins over another person's alias.
    let sam = try store.addPerson(Person(handle: "sam", name: "Samuel Adams"))
    _ = try store.addPerson(Person(name: "Sam Lee", aliases: ["Sam"]))
    #expect(try store.resolvePerson("SAM").id == sam.id)
  }

  @Test("an unknown reference suggests close names")
  func unknownSuggests() throws {
    let (store, dir) = try Self.directory()
    defer { dir.remove() }
    let typo = #expect(throws: StoreError.self) { try store.resolvePerson("Jane Dough") }
    guard case .notFound(let kind, let reference, let suggestions) = typo else {
      Issue.record("expected notFound, got \(String(describing: typo))")
      return
    }
    #expect(kind == "person" && reference == "Jane Dough")
    #expect(suggestions.first == "Jane Doe (jane-doe)")
    #expect(typo?.description.contains("did you mean 'Jane Doe (jane-doe)'") == true)
    // A misspelt first name suggests the people whose name is close.
    let misspelt = #expect(throws: StoreError.self) { try store.resolvePerson("Joze Garcia") }
    guard case .notFound(_, _, let close) = misspelt else {
      Issue.record("expected notFound, got \(String(describing: misspelt))")
      return
    }
    #expect(close.first == "José García (jose-garcia)")
    // Nothing close: no suggestion, a pointer to the list instead.
    let far = #expect(throws: StoreError.self) {
      try store.resolvePerson("Quetzalcoatl Xiuhtecuhtli")
    }
    #expect(
      far == .notFound(kind: "person", reference: "Quetzalcoatl Xiuhtecuhtli", suggestions: []))
    #expect(far?.description.contains("kith person list") == true)
    // Two swapped letters are one slip; a short reference that matches nobody is not answered
    // with names that are merely short ("zz" is two edits from "doe", "lee" and "sam").
    func suggested(_ reference: String) -> [String] {
      guard
        case .notFound(_, _, let names) = #expect(
          throws: StoreError.self,
          performing: {
            try store.resolvePerson(reference)
          })
      else { return ["(no notFound error)"] }
      return names
    }
    #expect(suggested("jaen") == ["Jane Doe (jane-doe)"])
    #expect(suggested("Smauel") == ["Samuel Adams (sam)"])
    #expect(suggested("zz") == [] && suggested("qo") == [])
    #expect(suggested("xyz") == [] && suggested("Lex") == ["Sam Lee (sam-lee)"])
  }

  // After `kith merge yuki-saito 斉藤-由紀`, `kith person show 斉藤-由紀` suggested two other
  // people and not Yuki Saito, who carries 斉藤 由紀 as an alias.
  @Test("the handle of someone merged away finds the person kept; a typo of an alias suggests them")
  func mergedHandle() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let yuki = try store.addPerson(Person(name: "Yuki Saito"))
    let saito = try store.addPerson(Person(name: "斉藤 由紀"))
    _ = try store.addPerson(Person(name: "斎藤 由美"))
    _ = try store.addPerson(Person(name: "松本 由紀"))
    let jon = try store.addPerson(Person(name: "Jon Ode"))
    let jonathan = try store.addPerson(Person(name: "Jonathan Ode"))
    #expect(saito.handle == "斉藤-由紀" && jonathan.handle == "jonathan-ode")
    _ = try store.mergePeople(keep: yuki.id, remove: saito.id)
    _ = try store.mergePeople(keep: jon.id, remove: jonathan.id)
    #expect(try store.resolvePerson("斉藤-由紀").id == yuki.id)
    #expect(try store.resolvePerson("Jonathan-Ode").id == jon.id)
    #expect(try store.resolvePerson("斉藤 由紀").id == yuki.id)
    // A slip in an alias suggests its person.
    let slip = #expect(throws: StoreError.self) { try store.resolvePerson("jonathen-ode") }
    guard case .notFound(_, _, let close) = slip else {
      Issue.record("expected notFound, got \(String(describing: slip))")
      return
    }
    #expect(close == ["Jon Ode (jon-ode)"])
    // Two people with the alias: ambiguous, both named.
    let other = try store.addPerson(Person(name: "Y. Saito", aliases: ["斉藤 由紀"]))
    let both = #expect(throws: StoreError.self) { try store.resolvePerson("斉藤-由紀") }
    #expect(
      both
        == .ambiguous(
          kind: "person", reference: "斉藤-由紀",
          candidates: ["Yuki Saito (yuki-saito)", "Y. Saito (\(other.handle))"]))
  }

  @Test("a removed person's handle does not become a namesake's")
  func removedHandle() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let first = try store.addPerson(Person(name: "Ann Lee"))
    let second = try store.addPerson(Person(name: "Ann Lee"))
    #expect(second.handle == "ann-lee-2")
    try store.removePerson(id: first.id)
    #expect(throws: StoreError.self) { try store.resolvePerson("ann-lee") }
    #expect(try store.resolvePerson("Ann Lee").id == second.id)
  }

  @Test("a unique word prefix resolves; a shared one is ambiguous; emails need the whole address")
  func prefixes() throws {
    let (store, dir) = try Self.directory()
    defer { dir.remove() }
    #expect(try store.resolvePerson("Jos").handle == "jose-garcia")
    #expect(try store.resolvePerson("garc").handle == "jose-garcia")
    #expect(try store.resolvePerson("ZOE").handle == "zoe-astrom")
    #expect(try store.resolvePerson("åst").handle == "zoe-astrom")
    let shared = #expect(throws: StoreError.self) { try store.resolvePerson("sa") }
    #expect(
      shared
        == .ambiguous(
          kind: "person", reference: "sa", candidates: ["Samuel Adams (sam)", "Sam Lee (sam-lee)"]))
    // Email keys are never prefix-matched.
    #expect(throws: StoreError.self) { try store.resolvePerson("jose.garcia@") }
    #expect(throws: StoreError.self) { try store.resolvePerson("jane@example") }
  }

  @Test("handles are derived from names and de-duplicated")
  func handleDedup() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let handles = try ["Jane Doe", "Jane Doe", "jane   DOE", "Jäne Doe!"].map {
      try store.addPerson(Person(name: $0)).handle
    }
    #expect(handles == ["jane-doe", "jane-doe-2", "jane-doe-3", "jane-doe-4"])
    #expect(try store.addPerson(Person(name: "???")).handle == "person")
    #expect(try store.addPerson(Person(name: "Иван Петров")).handle == "иван-петров")
    #expect(try store.addPerson(Person(name: "李小龙")).handle == "李小龙")
    // A given handle is kept; a taken one is a conflict; a malformed one is invalid.
    #expect(try store.addPerson(Person(handle: "jd", name: "Jane Doe")).handle == "jd")
    let taken = #expect(throws: StoreError.self) {
      try store.addPerson(Person(handle: "jane-doe", name: "Another"))
    }
    if case .conflict(let message) = taken {
      #expect(message.contains("jane-doe"))
    } else {
      Issue.record("expected conflict, got \(String(describing: taken))")
    }
    let malformed = #expect(throws: StoreError.self) {
      try store.addPerson(Person(handle: "Jane Doe", name: "Jane"))
    }
    if case .invalid(let record) = malformed {
      #expect(record.field == "handle")
    } else {
      Issue.record("expected invalid, got \(String(describing: malformed))")
    }
    #expect(try store.counts().people == 8)
  }

  @Test("adding normalises lists and names")
  func normalisation() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let p = try store.addPerson(
      Person(
        name: "  Jane Doe ", aliases: ["JD", " JD ", "Janie"],
        emails: ["jane@x.org", "jane@x.org"],
        tags: ["Investor", "investor", "VC"], interests: ["chess", " "]))
    #expect(p.name == "Jane Doe")
    #expect(p.aliases == ["JD", "Janie"])
    #expect(p.emails == ["jane@x.org"])
    #expect(p.tags == ["investor", "vc"])
    #expect(p.interests == ["chess"])
    #expect(try store.person(id: p.id) == p)
    #expect(try store.people(taggedWith: "INVESTOR").map(\.id) == [p.id])
    #expect(try store.people(taggedWith: "other").isEmpty)
  }

  @Test("people() is ordered by name, then handle")
  func ordering() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    for name in ["bob", "Alice", "Carol", "alice"] { _ = try store.addPerson(Person(name: name)) }
    #expect(try store.people().map(\.handle) == ["alice", "alice-2", "bob", "carol"])
  }

  @Test("updating a person changes how they resolve")
  func update() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    var jane = try store.addPerson(Person(name: "Jane Doe", aliases: ["JD"], emails: ["jd@x.org"]))
    let other = try store.addPerson(Person(name: "Other"))
    jane.name = "Jane Smith"
    jane.aliases = ["Janie"]
    jane.emails = ["jane@smith.org"]
    jane.tags = ["Friend"]
    jane.handle = "jane-smith"
    let updated = try store.updatePerson(jane)
    #expect(updated.handle == "jane-smith" && updated.tags == ["friend"])
    #expect(try store.resolvePerson("jane smith").id == jane.id)
    #expect(try store.resolvePerson("janie").id == jane.id)
    #expect(try store.resolvePerson("JANE@SMITH.ORG").id == jane.id)
    for gone in ["jd", "jd@x.org", "jane doe", "jane-doe"] {
      #expect(throws: StoreError.self) { try store.resolvePerson(gone) }
    }
    #expect(try store.people(taggedWith: "friend").map(\.id) == [jane.id])
    // A taken handle is refused and changes nothing.
    var clash = updated
    clash.handle = other.handle
    clash.name = "Changed"
    #expect(throws: StoreError.self) { try store.updatePerson(clash) }
    #expect(try store.person(id: jane.id) == updated)
    // An unknown id is not found.
    let ghost = #expect(throws: StoreError.self) {
      try store.updatePerson(Person(id: 999, name: "Ghost"))
    }
    #expect(ghost == .notFound(kind: "person", reference: "#999", suggestions: []))
    // Invalid data is refused.
    var empty = updated
    empty.name = " "
    #expect(throws: StoreError.self) { try store.updatePerson(empty) }
  }

  @Test("removePerson removes their records and rebuilds the ledger")
  func removePerson() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let me = try store.initialise(me: "Me")
    let a = try store.addPerson(Person(name: "Ann"))
    let b = try store.addPerson(Person(name: "Bob"))
    let c = try store.addPerson(Person(name: "Cem"))
    let org = try store.addOrganisation(Organisation(name: "Acme"))
    _ = try store.addAffiliation(Affiliation(person: a.id, organisation: org.id))
    let ab = try store.addInteraction(
      Interaction(time: storeT - 86_400 * 30, kind: .meeting, participants: [a.id, b.id]))
    let abc = try store.addInteraction(
      Interaction(
        time: storeT - 86_400 * 20, kind: .meeting, participants: [a.id, b.id, c.id],
        initiator: a.id))
    _ = try store.addInteraction(
      Interaction(time: storeT - 86_400 * 10, kind: .call, participants: [b.id, c.id]))
    _ = try store.addInteraction(
      Interaction(time: storeT, kind: .email, participants: [me.id, b.id]))
    _ = try store.addExchange(Exchange(time: storeT, giver: a.id, receiver: b.id, kind: .advice))
    _ = try store.addExchange(Exchange(time: storeT, giver: b.id, receiver: c.id, kind: .help))
    _ = try store.addReferral(
      Referral(time: storeT, referrer: b.id, recipient: me.id, refereePerson: a.id))
    _ = try store.addTie(Tie(a: a.id, b: c.id, weight: 2))
    _ = try store.addNote(Note(time: storeT, text: "about Ann", person: a.id))
    _ = try store.addNote(Note(time: storeT, text: "about the A-B meeting", interaction: ab.id))
    _ = try store.addNote(Note(time: storeT, text: "about the group", interaction: abc.id))

    let impact = try store.removalImpact(ofPerson: a.id)
    #expect(impact.interactions == 2 && impact.exchanges == 1 && impact.referrals == 1)
    #expect(impact.ties == 1 && impact.notes == 1 && impact.affiliations == 1 && !impact.isEmpty)
    #expect(try store.removalImpact(ofPerson: c.id).referrals == 0)

    try store.removePerson(id: a.id)
    let counts = try store.counts()
    #expect(counts.people == 3)
    #expect(counts.interactions == 3)  // A–B is gone; A–B–C is now B–C
    #expect(counts.exchanges == 2 && counts.referrals == 0 && counts.ties == 0)  // b→c, b→me
    #expect(counts.affiliations == 0)
    #expect(counts.notes == 1)  // only the note on the group meeting remains
    #expect(counts.ledgerPairs == 2)  // B–C and me–B
    let group = try #require(try store.interactions().first { $0.id == abc.id })
    #expect(group.participants == [b.id, c.id])
    #expect(try store.interactions(person: a.id).isEmpty)
    #expect(throws: StoreError.self) { try store.person(id: a.id) }
    #expect(throws: StoreError.self) { try store.resolvePerson("ann") }

    // The rebuilt ledger equals a recomputation from what is left.
    let (ledger, source) = try store.snapshotWithSource(asOf: storeT)
    #expect(source == .ledger)
    let (recomputed, recomputedSource) = try store.snapshotWithSource(
      asOf: storeT, settings: DecaySettings(halfLifeDays: 180.0000001))
    #expect(recomputedSource == .interactions)
    #expect(ledger.numberOfTies == 2 && recomputed.numberOfTies == 2)
    for t in 0..<ledger.numberOfTies {
      #expect(
        isClose(Double(ledger.tieStrength[t]), Double(recomputed.tieStrength[t]), tolerance: 1e-6))
      #expect(isClose(Double(ledger.tiePeak[t]), Double(recomputed.tiePeak[t]), tolerance: 1e-6))
      #expect(ledger.tieCount[t] == recomputed.tieCount[t])
    }
    let bi = try #require(ledger.index(ofPerson: b.id))
    let ci = try #require(ledger.index(ofPerson: c.id))
    let bc = ledger.tie(try #require(ledger.tieIndex(bi, ci)))
    #expect(bc.count == 2)
    // The group meeting keeps its weight among three: 0.5, not the 1 of a meeting of two.
    #expect(group.participantCount == 3)
    let halfLife = 180.0 * 86_400
    let expected =
      0.5 * pow(2, -20 * 86_400 / halfLife) + 0.8 * pow(2, -10 * 86_400 / halfLife)
    #expect(isClose(Double(bc.strength), expected, tolerance: 1e-5))

    // Removing the ego clears the ego; an unknown id is not found.
    try store.removePerson(id: me.id)
    #expect(try store.ego() == nil)
    #expect(try store.counts().ledgerPairs == 1)
    let error = #expect(throws: StoreError.self) { try store.removePerson(id: a.id) }
    #expect(error == .notFound(kind: "person", reference: "#\(a.id)", suggestions: []))
  }

  @Test("an interaction kept after a removal keeps its count through a backup, and a merge")
  func removalKeepsCount() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    _ = try store.initialise(me: "Me")
    let a = try store.addPerson(Person(name: "Ann"))
    let b = try store.addPerson(Person(name: "Bob"))
    let c = try store.addPerson(Person(name: "Cem"))
    let abc = try store.addInteraction(
      Interaction(time: storeT, kind: .meeting, participants: [a.id, b.id, c.id]))
    try store.removePerson(id: c.id)
    let kept = try #require(try store.interactions().first { $0.id == abc.id })
    #expect(kept.participants == [a.id, b.id] && kept.participantCount == 3)

    // A restored backup weighs it as before.
    let (fresh, freshDir) = try makeTemporaryStore()
    defer { freshDir.remove() }
    _ = try fresh.importBackup(try store.exportBackup())
    #expect(try fresh.interactions().first?.participantCount == 3)
    #expect(try fresh.exportBackup() == (try store.exportBackup()))

    // Merging the two left in it leaves one person: it goes, as a meeting of two would.
    _ = try store.mergePeople(keep: a.id, remove: b.id)
    #expect(try store.interactions().isEmpty)
  }

  @Test("organisations: handles, resolution by name, handle and domain")
  func organisations() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let acme = try store.addOrganisation(
      Organisation(name: "  Acme Corp ", domains: ["ACME.com"], tags: ["Industry"]))
    #expect(acme.handle == "acme-corp" && acme.name == "Acme Corp")
    #expect(acme.domains == ["acme.com"] && acme.tags == ["industry"])
    let acme2 = try store.addOrganisation(Organisation(name: "Acme Corp"))
    #expect(acme2.handle == "acme-corp-2")
    _ = try store.addOrganisation(Organisation(name: "Globex"))
    #expect(try store.resolveOrganisation("acme.com").id == acme.id)
    #expect(try store.resolveOrganisation("ACME-CORP-2").id == acme2.id)
    #expect(try store.resolveOrganisation("globex").handle == "globex")
    #expect(try store.resolveOrganisation("acme-corp").id == acme.id)
    let ambiguous = #expect(throws: StoreError.self) { try store.resolveOrganisation("ACME corp") }
    if case .ambiguous(let kind, _, let candidates) = ambiguous {
      #expect(kind == "organisation")
      #expect(candidates.sorted() == ["Acme Corp (acme-corp)", "Acme Corp (acme-corp-2)"])
      #expect(ambiguous?.description.contains("organisations") == true)
    } else {
      Issue.record("expected ambiguous, got \(String(describing: ambiguous))")
    }
    let unknown = #expect(throws: StoreError.self) { try store.resolveOrganisation("Globx") }
    if case .notFound(let kind, _, let suggestions) = unknown {
      #expect(kind == "organisation" && suggestions.contains("Globex (globex)"))
    } else {
      Issue.record("expected notFound, got \(String(describing: unknown))")
    }
    #expect(try store.organisations().map(\.handle) == ["acme-corp", "acme-corp-2", "globex"])
    #expect(try store.organisation(id: acme.id) == acme)
    #expect(throws: StoreError.self) { try store.organisation(id: 999) }
    #expect(throws: StoreError.self) { try store.addOrganisation(Organisation(name: " ")) }
  }

  @Test("affiliations are listed per person or organisation, oldest first")
  func affiliations() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let ann = try store.addPerson(Person(name: "Ann"))
    let bob = try store.addPerson(Person(name: "Bob"))
    let acme = try store.addOrganisation(Organisation(name: "Acme"))
    let globex = try store.addOrganisation(Organisation(name: "Globex"))
    let later = try store.addAffiliation(
      Affiliation(person: ann.id, organisation: globex.id, role: "CTO", from: storeT))
    let earlier = try store.addAffiliation(
      Affiliation(
        person: ann.id, organisation: acme.id, role: "Engineer", from: storeT - 86_400 * 900,
        to: storeT))
    let open = try store.addAffiliation(Affiliation(person: bob.id, organisation: acme.id))
    #expect(try store.affiliations(person: ann.id) == [earlier, later])
    #expect(try store.affiliations(organisation: acme.id) == [open, earlier])
    #expect(try store.affiliations().count == 3)
    let backwards = #expect(throws: StoreError.self) {
      try store.addAffiliation(
        Affiliation(person: ann.id, organisation: acme.id, from: storeT, to: storeT - 1))
    }
    if case .invalid(let record) = backwards {
      #expect(record.field == "to")
    } else {
      Issue.record("expected invalid, got \(String(describing: backwards))")
    }
    #expect(throws: StoreError.self) {
      try store.addAffiliation(Affiliation(person: ann.id, organisation: 999))
    }
    #expect(try store.counts().affiliations == 3)
  }

  @Test("the open affiliation of a job is found by role in any case, and can be ended")
  func openAffiliation() throws {
    let (store, dir) = try Self.directory()
    defer { dir.remove() }
    let jane = try store.resolvePerson("jane-doe")
    let acme = try store.addOrganisation(Organisation(name: "Acme"))
    let day: TimeInterval = 86_400
    let past = try store.addAffiliation(
      Affiliation(person: jane.id, organisation: acme.id, role: "Director", to: storeT - day))
    let director = try store.addAffiliation(
      Affiliation(
        person: jane.id, organisation: acme.id, role: "Director", from: storeT - 90 * day))
    let unnamed = try store.addAffiliation(Affiliation(person: jane.id, organisation: acme.id))
    #expect(
      try store.openAffiliation(person: jane.id, organisation: acme.id, role: " DIRECTOR ")
        == director)
    #expect(try store.openAffiliation(person: jane.id, organisation: acme.id, role: nil) == unnamed)
    #expect(try store.openAffiliation(person: jane.id, organisation: acme.id, role: "CTO") == nil)
    #expect(past.id != director.id)

    var ended = director
    ended.to = storeT
    #expect(try store.updateAffiliation(ended) == ended)
    #expect(try store.affiliations(person: jane.id).contains(ended))
    #expect(
      try store.openAffiliation(person: jane.id, organisation: acme.id, role: "Director") == nil)
    // An end before the start is refused, and nothing changes.
    var backwards = ended
    backwards.to = storeT - 100 * day
    #expect(throws: StoreError.self) { try store.updateAffiliation(backwards) }
    #expect(try store.affiliations(person: jane.id).contains(ended))
    var missing = ended
    missing.id = 999
    #expect(throws: StoreError.self) { try store.updateAffiliation(missing) }
  }
}
