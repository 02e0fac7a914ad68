import Foundation
import GRDB
import KithGraph
import KithImport
import KithTestSupport
import Testing

@testable import KithStore

private let t0 = Date(timeIntervalSince1970: 1_760_000_000)
private let day: TimeInterval = 86_400

private func at(_ line: Int, _ path: String = "in.csv") -> KithImport.SourceLocation {
  KithImport.SourceLocation(path: path, line: line, column: 1)
}

/// A batch as an importer would produce it: three people, an organisation, interactions, a
/// note, an exchange and a tie.
private func sampleBatch(source: String = "test") -> ImportBatch {
  var b = ImportBatch(source: source, path: "in.csv")
  b.people = [
    ImportedPerson(key: "ann", name: "Ann Archer", emails: ["Ann@Example.org"], location: at(2)),
    ImportedPerson(
      key: "bob", name: "Bob Baker", phones: ["+44 20 7946 0958"],
      urls: ["https://www.linkedin.com/in/bob-baker/"], details: ["birthday": "1980-02-03"],
      location: at(3)),
    ImportedPerson(key: "cy", name: "Cy Cole", location: at(4)),
  ]
  b.organisations = [ImportedOrganisation(key: "acme", name: "Acme", location: at(2))]
  b.affiliations = [
    ImportedAffiliation(person: .record("ann"), organisation: "acme", role: "CTO", location: at(2))
  ]
  b.interactions = [
    ImportedInteraction(
      sourceID: "i1", time: t0, kind: .meeting, participants: [.me, .record("ann")],
      initiator: .me, location: at(5)),
    ImportedInteraction(
      sourceID: "i2", time: t0 + day, kind: .call,
      participants: [.me, .record("bob"), .record("cy")], location: at(6)),
  ]
  b.notes = [
    ImportedNote(
      sourceID: "n1", time: t0, text: "Likes sailing", subject: .person(.record("bob")),
      location: at(3))
  ]
  b.exchanges = [
    ImportedExchange(
      sourceID: "e1", time: t0, giver: .record("ann"), receiver: .me, kind: .endorsement,
      location: at(2))
  ]
  b.ties = [
    ImportedTie(
      sourceID: "t1", a: .me, b: .record("cy"), weight: 0.1, date: t0 - 300 * day,
      location: at(4))
  ]
  return b
}

@Suite("KithStore: importing batches")
struct ImportTests {
  static func store() throws -> (KithStore, TemporaryDirectory, Person) {
    let (store, dir) = try makeTemporaryStore()
    let me = try store.initialise(me: "Me Myself")
    return (store, dir, me)
  }

  @Test("a batch is imported whole, and importing it again changes nothing")
  func idempotent() throws {
    let (store, dir, _) = try Self.store()
    defer { dir.remove() }
    let first = try store.importBatch(sampleBatch())
    #expect(first.people.added == 3)
    #expect(first.interactions.added == 2)
    #expect(first.notes.added == 1 && first.exchanges.added == 1 && first.ties.added == 1)
    #expect(first.affiliations.added == 1 && first.organisations.added == 1)
    let counts = try store.counts()
    #expect(counts.people == 4 && counts.interactions == 2 && counts.ledgerPairs == 4)
    let again = try store.importBatch(sampleBatch())
    #expect(try store.counts() == counts)
    #expect(again.people.unchanged == 3 && again.people.added == 0)
    #expect(again.interactions.unchanged == 2 && again.notes.unchanged == 1)
    #expect(again.exchanges.unchanged == 1 && again.ties.unchanged == 1)
    #expect(again.affiliations.unchanged == 1 && again.organisations.unchanged == 1)
    let bob = try store.resolvePerson("bob baker")
    #expect(try store.personDetails(id: bob.id) == ["birthday": "1980-02-03"])
  }

  @Test("identity: email, profile URL and phone merge into stored people; a name only is reported")
  func identity() throws {
    let (store, dir, _) = try Self.store()
    defer { dir.remove() }
    let ann = try store.addPerson(Person(name: "Annie A.", emails: ["ann@example.org"]))
    let bob = try store.addPerson(
      Person(name: "Robert Baker", urls: ["http://uk.linkedin.com/in/Bob-Baker"]))
    let cy = try store.addPerson(Person(name: "Cy Cole"))
    let dee = try store.addPerson(Person(name: "Dee Dunn", phones: ["020 7946 0999"]))
    var batch = sampleBatch()
    batch.people.append(
      ImportedPerson(key: "dee", name: "D. Dunn", phones: ["+44 (20) 7946-0999"], location: at(7)))
    let summary = try store.importBatch(batch)
    #expect(summary.people.merged == 3)
    #expect(summary.people.added == 1)
    #expect(
      summary.matches.map { "\($0.handle):\($0.matchedOn.rawValue)" } == [
        "\(ann.handle):email", "\(bob.handle):url", "\(dee.handle):phone",
      ])
    let duplicate = try #require(summary.possibleDuplicates.first)
    #expect(duplicate.existing == [cy.handle])
    #expect(duplicate.handle != cy.handle)
    // The stored people gained the record's identifiers; names became aliases.
    let annNow = try store.person(id: ann.id)
    #expect(annNow.aliases == ["Ann Archer"])
    let bobNow = try store.person(id: bob.id)
    #expect(bobNow.phones == ["+44 20 7946 0958"])
    #expect(try store.affiliations(person: ann.id).count == 1)
  }

  /// The people of one batch are matched against those added before them in the same batch
  /// (whose keys the store writes only after the batch's people) exactly as against people
  /// imported before: one batch leaves the same people, keys and summary as one batch per
  /// record.
  @Test("people match people added earlier in the same batch as they match stored ones")
  func matchesWithinTheBatch() throws {
    let people = [
      ImportedPerson(key: "a1", name: "Ann Archer", emails: ["ann@x.example"], location: at(2)),
      // Email, then URL, then phone, of someone added earlier in the batch.
      ImportedPerson(key: "a2", name: "A. Archer", emails: ["ANN@x.example"], location: at(3)),
      ImportedPerson(
        key: "b1", name: "Bob Baker", urls: ["https://www.linkedin.com/in/bob/"],
        location: at(4)),
      ImportedPerson(key: "b2", name: "Bobby", urls: ["linkedin.com/in/bob"], location: at(5)),
      ImportedPerson(key: "c1", name: "Cy Cole", phones: ["+44 20 7946 0999"], location: at(6)),
      ImportedPerson(key: "c2", name: "C. Cole", phones: ["020 7946 0999"], location: at(7)),
      // A name only: added, and reported beside the earlier Cy Cole.
      ImportedPerson(key: "c3", name: "Cy  COLE", location: at(8)),
      // References by handle, by name and by email.
      ImportedPerson(key: "r1", name: "ann-archer", resolution: .reference, location: at(9)),
      ImportedPerson(key: "r2", name: "bob baker", resolution: .reference, location: at(10)),
      ImportedPerson(
        key: "r3", name: "someone", emails: ["ann@x.example"], resolution: .reference,
        location: at(11)),
      ImportedPerson(key: "r4", name: "Dee New", resolution: .reference, location: at(12)),
      ImportedPerson(key: "r5", name: "dee new", resolution: .reference, location: at(13)),
    ]
    func outcome(_ batches: [[ImportedPerson]]) throws -> [String] {
      let (store, dir, _) = try Self.store()
      defer { dir.remove() }
      var lines: [String] = []
      for people in batches {
        var batch = ImportBatch(source: "test", path: "in.csv")
        batch.people = people
        let summary = try store.importBatch(batch)
        lines.append(
          "added \(summary.people.added) merged \(summary.people.merged) "
            + "unchanged \(summary.people.unchanged) "
            + "matched \(summary.matches.map { "\($0.handle):\($0.matchedOn.rawValue)" }) "
            + "duplicates \(summary.possibleDuplicates.map { "\($0.handle)~\($0.existing)" })")
      }
      for person in try store.people() {
        let keys = try store.read { db in
          try String.fetchAll(
            db, sql: "SELECT kind || '=' || key FROM person_key WHERE person_id = ? ORDER BY 1",
            arguments: [person.id])
        }
        lines.append("\(person.handle) \(person.name) \(person.aliases) \(keys)")
      }
      return lines
    }
    let together = try outcome([people])
    let apart = try outcome(people.map { [$0] })
    // The summaries add up to the same; the people and their keys are the same.
    #expect(together.count == apart.count - people.count + 1)
    #expect(Array(together.dropFirst()) == Array(apart.dropFirst(people.count)))
    #expect(together.first?.hasPrefix("added 5 merged 3 unchanged 4") == true)
    // A reference naming two people added earlier in the batch is refused.
    let (store, dir, _) = try Self.store()
    defer { dir.remove() }
    var batch = ImportBatch(source: "test", path: "in.csv")
    batch.people = [
      ImportedPerson(key: "x1", name: "Eve Ek", location: at(2)),
      ImportedPerson(key: "x2", name: "Eve Ek", location: at(3)),
      ImportedPerson(key: "x3", name: "eve ek", resolution: .reference, location: at(4)),
    ]
    #expect(throws: StoreError.self) { try store.importBatch(batch) }
  }

  @Test("my-emails identify the ego")
  func ego() throws {
    let (store, dir, me) = try Self.store()
    defer { dir.remove() }
    try store.setSetting(key: "my-emails", value: "me@work.example, me@home.example")
    var batch = ImportBatch(source: "mail", path: "m.eml")
    batch.people = [
      ImportedPerson(
        key: "me@home.example", name: "Me", emails: ["ME@home.example"], location: at(1)),
      ImportedPerson(key: "x@y.z", name: "Xia", emails: ["x@y.z"], location: at(1)),
    ]
    batch.interactions = [
      ImportedInteraction(
        sourceID: "<m1@x>", time: t0, kind: .email,
        participants: [.record("me@home.example"), .record("x@y.z")],
        initiator: .record("x@y.z"), location: at(1))
    ]
    let summary = try store.importBatch(batch)
    #expect(summary.people.merged == 1 && summary.people.added == 1)
    let interaction = try #require(try store.interactions().first)
    #expect(interaction.participants.contains(me.id))
    #expect(try store.person(id: me.id).emails == ["me@home.example"])
  }

  @Test("an invalid record refuses the whole batch and leaves the database unchanged")
  func rollback() throws {
    let (store, dir, _) = try Self.store()
    defer { dir.remove() }
    _ = try store.importBatch(sampleBatch(source: "earlier"))
    let before = try store.counts()
    var parsed = sampleBatch()
    parsed.problems = [.record(at: at(9), field: "date", "'soon' is not a date")]
    #expect(
      throws: StoreError.rejectedRecord(.record(at: at(9), field: "date", "'soon' is not a date"))
    ) {
      try store.importBatch(parsed)
    }
    // A record the model rejects late in the batch (a date in 1800) also rolls back all.
    var late = sampleBatch()
    late.interactions.append(
      ImportedInteraction(
        sourceID: "bad", time: Date(timeIntervalSince1970: -5_500_000_000), kind: .call,
        participants: [.me, .record("ann")], location: at(12)))
    do {
      _ = try store.importBatch(late)
      Issue.record("expected a rejection")
    } catch {
      #expect(error.description == "in.csv:12:1: time: dates must lie between 1900 and 2200")
    }
    #expect(try store.counts() == before)
  }

  @Test("--skip-invalid imports the rest and lists each skipped record")
  func skipInvalid() throws {
    let (store, dir, _) = try Self.store()
    defer { dir.remove() }
    var batch = sampleBatch()
    batch.problems = [.record(at: at(9), field: "date", "'soon' is not a date")]
    batch.people.append(ImportedPerson(key: "blank", name: "  ", location: at(10)))
    batch.interactions.append(
      ImportedInteraction(
        sourceID: "solo", time: t0, kind: .call, participants: [.me, .record("blank")],
        location: at(11)))
    let summary = try store.importBatch(batch, options: ImportOptions(skipInvalid: true))
    #expect(summary.people.added == 3 && summary.people.skipped == 1)
    #expect(summary.interactions.added == 2 && summary.interactions.skipped == 1)
    #expect(summary.skipped.compactMap { $0.location?.line } == [9, 10, 11])
    #expect(try store.counts().interactions == 2)
  }

  @Test("a dry run reports what an import would do and writes nothing")
  func dryRun() throws {
    let (store, dir, _) = try Self.store()
    defer { dir.remove() }
    let before = try store.counts()
    let dry = try store.importBatch(sampleBatch(), options: ImportOptions(dryRun: true))
    #expect(try store.counts() == before)
    let real = try store.importBatch(sampleBatch())
    #expect(dry.people == real.people && dry.interactions == real.interactions)
    #expect(dry.dryRun && !real.dryRun)
  }

  @Test("a record naming the ego needs one")
  func noEgo() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    #expect(throws: StoreError.noEgo) { try store.importBatch(sampleBatch()) }
    #expect(try store.counts().isEmpty)
  }

  @Test("reference people are found by handle, name or email, and ambiguity is an error")
  func references() throws {
    let (store, dir, _) = try Self.store()
    defer { dir.remove() }
    let jo = try store.addPerson(Person(name: "Jo Lee", emails: ["jo@lee.example"]))
    var batch = ImportBatch(source: "csv:x.csv", path: "x.csv")
    batch.people = [
      ImportedPerson(key: "jo lee", name: "Jo Lee", resolution: .reference, location: at(2)),
      ImportedPerson(
        key: "jo@lee.example", name: "jo", emails: ["jo@lee.example"], resolution: .reference,
        location: at(3)),
      ImportedPerson(key: "new one", name: "New One", resolution: .reference, location: at(4)),
    ]
    batch.interactions = [
      ImportedInteraction(
        sourceID: "r1", time: t0, kind: .meeting,
        participants: [.me, .record("jo lee"), .record("jo@lee.example"), .record("new one")],
        location: at(2))
    ]
    let summary = try store.importBatch(batch)
    #expect(summary.people.unchanged == 2 && summary.people.added == 1)
    let interaction = try #require(try store.interactions().first)
    #expect(interaction.participants.count == 3)
    #expect(interaction.participants.contains(jo.id))
    // A second Jo Lee: the same file keeps its earlier resolution, another file must choose.
    _ = try store.addPerson(Person(name: "Jo Lee"))
    batch.people = [batch.people[0]]
    batch.interactions[0].sourceID = "r2"
    batch.interactions[0].participants = [.me, .record("jo lee")]
    #expect(try store.importBatch(batch).interactions.added == 1)
    batch.source = "csv:y.csv"
    batch.interactions[0].sourceID = "r2"
    batch.interactions[0].participants = [.me, .record("jo lee")]
    #expect(throws: StoreError.self) { try store.importBatch(batch) }
  }
}

@Suite("KithStore: duplicates and merge")
struct MergeTests {
  @Test("merge moves interactions, exchanges, referrals, ties, notes and affiliations")
  func mergeMovesEverything() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let me = try store.initialise(me: "Me")
    let a = try store.addPerson(Person(name: "Ada Quill", emails: ["ada@a.example"]))
    let b = try store.addPerson(Person(name: "Ada Quill", phones: ["+1 555 010 9999"]))
    let c = try store.addPerson(Person(name: "Cal"))
    let org = try store.addOrganisation(Organisation(name: "Northwind"))
    _ = try store.addAffiliation(Affiliation(person: b.id, organisation: org.id, role: "CTO"))
    _ = try store.addInteraction(
      Interaction(time: t0, kind: .meeting, participants: [me.id, b.id], initiator: b.id))
    _ = try store.addInteraction(
      Interaction(time: t0 + day, kind: .call, participants: [me.id, a.id, b.id]))
    _ = try store.addInteraction(
      Interaction(time: t0 + 2 * day, kind: .call, participants: [a.id, b.id]))
    _ = try store.addExchange(Exchange(time: t0, giver: b.id, receiver: me.id, kind: .advice))
    _ = try store.addExchange(Exchange(time: t0, giver: a.id, receiver: b.id, kind: .gift))
    _ = try store.addReferral(
      Referral(time: t0, referrer: b.id, recipient: me.id, refereePerson: c.id, why: "hiring"))
    _ = try store.addTie(Tie(a: b.id, b: c.id, weight: 0.5))
    _ = try store.addNote(Note(time: t0, text: "met at a conference", person: b.id))
    let dupes = try store.likelyDuplicates()
    #expect(dupes.map { [$0.first.id, $0.second.id] } == [[a.id, b.id]])
    #expect(dupes.first?.reasons == ["name"])

    let summary = try store.mergePeople(keep: a.id, remove: b.id)
    #expect(summary.interactions == 2)
    #expect(summary.exchanges == 2)
    #expect(summary.referrals == 1)
    #expect(summary.ties == 1)
    #expect(summary.notes == 1)
    #expect(summary.affiliations == 1)
    #expect(summary.dropped == 2)  // the call of just the two, the gift between them
    #expect(throws: StoreError.self) { try store.person(id: b.id) }
    let impact = try store.removalImpact(ofPerson: a.id)
    #expect(impact.interactions == 2 && impact.exchanges == 2 && impact.referrals == 1)
    #expect(impact.ties == 1 && impact.notes == 1 && impact.affiliations == 1)
    let kept = try store.person(id: a.id)
    #expect(kept.phones == ["+1 555 010 9999"] && kept.emails == ["ada@a.example"])
    let interactions = try store.interactions(person: a.id)
    #expect(interactions.first?.initiator == a.id)
    #expect(interactions.last?.participants == [me.id, a.id])
    // The ledger was rebuilt: the ego's tie with the kept person counts both interactions.
    let snapshot = try store.snapshot(asOf: t0 + 10 * day, ego: me.id)
    let u = try #require(snapshot.index(ofPerson: me.id))
    let v = try #require(snapshot.index(ofPerson: a.id))
    let tie = try #require(snapshot.tieIndex(u, v))
    #expect(snapshot.tie(tie).count == 2)
    #expect(try store.likelyDuplicates().isEmpty)
  }

  @Test("a later import of the merged-away person's source updates the kept person")
  func mergeKeepsImportsIdempotent() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    _ = try store.initialise(me: "Me")
    let kept = try store.addPerson(Person(name: "Ann Archer"))
    _ = try store.importBatch(sampleBatch())
    let imported = try store.resolvePerson("ann@example.org")
    _ = try store.mergePeople(keep: kept.id, remove: imported.id)
    let counts = try store.counts()
    let again = try store.importBatch(sampleBatch())
    #expect(try store.counts() == counts)
    #expect(again.people.added == 0)
  }
}

@Suite("KithStore: importing for another ego")
struct ImportEgoTests {
  @Test("options.ego names who `.me` is; my-emails then identify nobody")
  func chosenEgo() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let me = try store.initialise(me: "Me")
    try store.setSetting(key: "my-emails", value: "me@x.example")
    let colleague = try store.addPerson(Person(name: "Colleague"))
    var batch = sampleBatch()
    batch.people.append(
      ImportedPerson(key: "mine", name: "Me", emails: ["me@x.example"], location: at(8)))
    let summary = try store.importBatch(batch, options: ImportOptions(ego: colleague.id))
    #expect(summary.people.added == 4)
    let meeting = try #require(try store.interactions().first)
    #expect(meeting.participants.contains(colleague.id) && !meeting.participants.contains(me.id))
  }

  @Test("an email matches a stored person's mailbox: +tag and Gmail spellings, my own too")
  func mailboxMatches() throws {
    let (store, dir, me) = try ImportTests.store()
    defer { dir.remove() }
    try store.setSetting(key: "my-emails", value: "alex.morgan@gmail.com")
    let jane = try store.addPerson(Person(name: "Jane Doe", emails: ["Jane.Doe@example.org"]))
    let sam = try store.addPerson(Person(name: "Sam Patel", emails: ["sam.patel@gmail.com"]))
    var b = ImportBatch(source: "test", path: "in.csv")
    b.people = [
      ImportedPerson(
        key: "j", name: "J. Doe", emails: ["jane.doe+news@example.org"], location: at(2)),
      ImportedPerson(key: "s", name: "Sam P", emails: ["SamPatel@googlemail.com"], location: at(3)),
      ImportedPerson(
        key: "m", name: "Alex", emails: ["alex.morgan+kith@gmail.com"], location: at(4)),
    ]
    let summary = try store.importBatch(b)
    #expect(summary.people.added == 0 && summary.people.merged == 3)
    #expect(summary.matches.map(\.personID) == [jane.id, sam.id, me.id])
    // Another spelling of a mailbox the person has is no new email.
    #expect(try store.person(id: jane.id).emails == ["Jane.Doe@example.org"])
    #expect(try store.person(id: sam.id).emails == ["sam.patel@gmail.com"])
  }

  @Test("a store from schema v8 gets the mailbox keys of its people's emails")
  func mailboxKeysMigration() throws {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("v8.sqlite")
    try KithStore.createDatabase(
      path: path, upTo: "v8-packed-interaction-sources",
      sql: """
        INSERT INTO person (id, handle, name, emails) VALUES
          (1, 'sam', 'Sam Patel', '["Sam.Patel@gmail.com"]');
        INSERT INTO person_key (key, person_id, kind) VALUES
          ('sam', 1, 'handle'), ('sam patel', 1, 'name'), ('sam.patel@gmail.com', 1, 'email');
        """)
    let store = try KithStore(path: path)
    var b = ImportBatch(source: "test", path: "in.csv")
    b.people = [
      ImportedPerson(key: "s", name: "S", emails: ["sampatel@gmail.com"], location: at(2))
    ]
    let summary = try store.importBatch(b)
    #expect(summary.people.added == 0 && summary.matches.map(\.personID) == [1])
    #expect(try store.resolvePerson("SamPatel@googlemail.com").id == 1)
  }

  @Test("a real name replaces a name that is only an address; the reverse keeps the name")
  func addressNameReplaced() throws {
    let (store, dir, _) = try ImportTests.store()
    defer { dir.remove() }
    var calendar = ImportBatch(source: "calendar", path: "c.ics")
    calendar.people = [
      ImportedPerson(
        key: "email:carol@white.io", name: "carol@white.io", emails: ["carol@white.io"],
        location: at(3, "c.ics"))
    ]
    _ = try store.importBatch(calendar)
    var card = ImportBatch(source: "vcard", path: "carol.vcf")
    card.people = [
      ImportedPerson(
        key: "c", name: "Carol White", emails: ["Carol@White.io"], location: at(1, "carol.vcf"))
    ]
    _ = try store.importBatch(card)
    let carol = try store.resolvePerson("carol@white.io")
    #expect(carol.name == "Carol White" && carol.aliases == [])
    #expect(try store.resolvePerson("Carol White").id == carol.id)
    // An address arriving later as a name changes nothing.
    _ = try store.importBatch(calendar)
    #expect(try store.person(id: carol.id).name == "Carol White")
    #expect(try store.person(id: carol.id).aliases == [])
  }
}
