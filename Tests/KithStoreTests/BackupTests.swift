import Foundation
import KithGraph
import KithImport
import KithStore
import KithTestSupport
import Testing

private let day: TimeInterval = 86_400

/// A store holding at least one of everything, with settings, an ego, back-dated records,
/// a removed person (so ids have gaps) and text that needs escaping.
func makeRichStore() throws -> (KithStore, TemporaryDirectory) {
  let (store, dir) = try makeTemporaryStore()
  let me = try store.initialise(me: "Me Myself")
  let jose = try store.addPerson(
    Person(
      name: "José García", aliases: ["Pepe", "J. \"G\""], emails: ["jose@example.com"],
      phones: ["+34 600 000 000"], urls: ["https://example.com/in/jose"],
      tags: ["Investor", "spain"],
      interests: ["sailing", "chess"], cadenceDays: 30))
  let gone = try store.addPerson(Person(name: "Gone Soon", emails: ["gone@example.com"]))
  let ann = try store.addPerson(Person(name: "Ann O'Neil\nSecond line", tags: ["friend"]))
  // Li's follow-ups dismissed (`kith followups dismiss`).
  let li = try store.addPerson(Person(name: "李小龙", followUpsDismissed: storeT - 100 * day))
  let acme = try store.addOrganisation(
    Organisation(name: "Acme \\ Co", domains: ["acme.com"], tags: ["industry:tech"]))
  let uni = try store.addOrganisation(Organisation(name: "Université Paris"))
  _ = try store.addAffiliation(
    Affiliation(person: jose.id, organisation: acme.id, role: "CEO", from: storeT - 400 * day))
  _ = try store.addAffiliation(
    Affiliation(
      person: ann.id, organisation: uni.id, from: storeT - 900 * day, to: storeT - 100 * day))
  let meeting = try store.addInteraction(
    Interaction(
      time: storeT, kind: .meeting, participants: [me.id, jose.id, ann.id], initiator: jose.id,
      channel: "in person", summary: "Lunch at \"Chez Paul\" / plans", followUp: storeT + 14 * day))
  _ = try store.addInteractions([
    Interaction(
      time: storeT - 200 * day, kind: .email, participants: [me.id, li.id], source: "mbox",
      sourceID: "<a@b>"),
    Interaction(time: storeT - 300 * day + 3_723, kind: .call, participants: [jose.id, ann.id]),
    Interaction(time: storeT - 1 * day, kind: .video, participants: [me.id, gone.id]),
  ])
  _ = try store.addTies([
    Tie(a: li.id, b: ann.id, weight: 0.75, source: "linkedin", sourceID: "e-1"),
    Tie(a: jose.id, b: li.id, weight: 2, date: storeT - 50 * day),
  ])
  _ = try store.addExchange(
    Exchange(time: storeT, giver: jose.id, receiver: me.id, kind: .jobLead, note: "role"))
  _ = try store.addExchange(
    Exchange(time: storeT - 5 * day, giver: me.id, receiver: ann.id, kind: .favour))
  let referral = try store.addReferral(
    Referral(
      time: storeT - 20 * day, referrer: jose.id, recipient: me.id, refereePerson: li.id,
      why: "knows the market"))
  _ = try store.updateReferral(id: referral.id, to: .contacted, at: storeT - 10 * day, reason: nil)
  _ = try store.updateReferral(
    id: referral.id, to: .declined, at: storeT - 5 * day, reason: "timing")
  _ = try store.addReferral(
    Referral(time: storeT, referrer: ann.id, recipient: me.id, refereeOrganisation: uni.id),
    recordExchange: false)
  _ = try store.addNote(Note(time: storeT, text: "Prefers mornings", person: jose.id))
  _ = try store.addNote(Note(time: storeT, text: "Hiring in Q3", organisation: acme.id))
  _ = try store.addNote(
    Note(time: storeT + 1, text: "Follow up on the deck", interaction: meeting.id))
  try store.setTagCadence(TagCadence(tag: "investor", days: 60))
  try store.setSetting(key: "half-life-days", value: "150")
  try store.setSetting(key: "weight.call", value: "0.9")
  try store.setSetting(key: "my-emails", value: "me@example.org")
  // Details (a vCard's birthday and the like) come only from imports.
  var contacts = ImportBatch(source: "vcard", path: "contacts.vcf")
  let card = KithImport.SourceLocation(path: "contacts.vcf", line: 1, column: 1)
  contacts.people = [
    ImportedPerson(
      key: "uid-jose", name: "José García", emails: ["jose@example.com"],
      details: ["birthday": "1980-02-03", "x-note": "line\nbreak \"quoted\""], location: card),
    ImportedPerson(
      key: "uid-gone", name: "Gone Soon", emails: ["gone@example.com"],
      details: ["birthday": "--0412"], location: card),
  ]
  _ = try store.importBatch(contacts)
  try store.removePerson(id: gone.id)
  return (store, dir)
}

@Suite("KithStore: backup and restore")
struct BackupTests {
  @Test("export → import into a fresh store → export gives identical JSON")
  func roundTrip() throws {
    let (store, dir) = try makeRichStore()
    defer { dir.remove() }
    let backup = try store.exportBackup()
    #expect(
      backup.people.count == 4 && backup.interactions.count == 3 && backup.referrals.count == 2)
    #expect(backup.ego == "me-myself")
    #expect(
      backup.settings == [
        "half-life-days": "150", "weight.call": "0.9", "my-emails": "me@example.org",
      ])
    #expect(
      backup.personDetails == [
        PersonDetail(person: 2, key: "birthday", value: "1980-02-03"),
        PersonDetail(person: 2, key: "x-note", value: "line\nbreak \"quoted\""),
      ])
    #expect(backup.people.map(\.followUpsDismissed) == [nil, nil, nil, storeT - 100 * day])
    // The vCard's people, the removed one's too; the ids removing a person retired.
    #expect(
      backup.importSources == [
        ImportSource(source: "vcard", kind: "person", sourceID: "uid-gone", entity: 3),
        ImportSource(source: "vcard", kind: "person", sourceID: "uid-jose", entity: 2),
      ])
    #expect(backup.retiredIDs["interaction"] == 4 && backup.retiredIDs["tie"] == 2)
    let encoder = Backup.makeEncoder()
    let json = try encoder.encode(backup)
    // Only a person with a dismissal has the field: a backup without it restores as before.
    #expect(
      String(decoding: json, as: UTF8.self).components(separatedBy: "followUpsDismissed").count == 2
    )
    let decoded = try Backup.makeDecoder().decode(Backup.self, from: json)
    #expect(decoded == backup)

    let (fresh, freshDir) = try makeTemporaryStore()
    defer { freshDir.remove() }
    try fresh.importBackup(decoded)
    let again = try fresh.exportBackup()
    #expect(again == backup)
    let json2 = try encoder.encode(again)
    // Compared as text lines: #expect on two Data values would compute a byte-level diff.
    let lines1 = String(decoding: json, as: UTF8.self).split(
      separator: "\n", omittingEmptySubsequences: false)
    let lines2 = String(decoding: json2, as: UTF8.self).split(
      separator: "\n", omittingEmptySubsequences: false)
    let identical = json2 == json
    #expect(identical, "JSON differs: \(lines1.count) vs \(lines2.count) lines")
    if !identical {
      let differing = zip(lines1.indices, zip(lines1, lines2)).filter { $0.1.0 != $0.1.1 }.prefix(
        10)
      Issue.record(
        "first differing lines: \(differing.map { "\($0.0): '\($0.1.0)' vs '\($0.1.1)'" })")
    }
    // Everything derived is the same too.
    #expect(try fresh.counts() == store.counts())
    #expect(try fresh.ego() == store.ego())
    #expect(try fresh.decaySettings() == store.decaySettings())
    #expect(try fresh.resolvePerson("pepe").handle == "jose-garcia")
    #expect(
      try fresh.personDetails(id: 2) == [
        "birthday": "1980-02-03", "x-note": "line\nbreak \"quoted\"",
      ])
    #expect(try fresh.resolveOrganisation("acme.com").name == "Acme \\ Co")
    let asOf = storeT + 2 * day
    let (a, sourceA) = try store.snapshotWithSource(asOf: asOf)
    let (b, sourceB) = try fresh.snapshotWithSource(asOf: asOf)
    #expect(sourceA == .ledger && sourceB == .ledger)
    #expect(a.people.ids == b.people.ids && a.neighbors == b.neighbors)
    #expect(a.people.followUpsDismissed == b.people.followUpsDismissed)
    #expect(a.tieCount == b.tieCount)
    for t in 0..<min(a.numberOfTies, b.numberOfTies) {
      #expect(isClose(Double(a.tieStrength[t]), Double(b.tieStrength[t]), tolerance: 1e-6))
      #expect(isClose(Double(a.tiePeak[t]), Double(b.tiePeak[t]), tolerance: 1e-6))
    }
  }

  @Test("the JSON form: sorted keys, schema version, dates to the second in UTC")
  func jsonShape() throws {
    let (store, dir) = try makeRichStore()
    defer { dir.remove() }
    let json = String(
      decoding: try Backup.makeEncoder(pretty: false).encode(try store.exportBackup()),
      as: UTF8.self)
    #expect(json.hasPrefix("{\"affiliations\":"))
    #expect(json.contains("\"schemaVersion\":3"))
    #expect(json.contains("\"time\":\"2025-03-07T01:02:03Z\""))
    #expect(json.contains("https://example.com/in/jose"))
  }

  @Test("the decoder accepts plain dates and offsets")
  func decoderAcceptsDates() throws {
    let text = """
      {"schemaVersion": 1, "settings": {}, "people": [], "organisations": [], "affiliations": [],
       "interactions": [], "exchanges": [{"id": 1, "time": "2026-01-01", "giver": 1, "receiver": 2, "kind": "job-lead"},
       {"id": 2, "time": "2026-01-01T02:00:00+02:00", "giver": 2, "receiver": 1, "kind": "gift"}],
       "referrals": [], "ties": [], "notes": [], "tagCadences": []}
      """
    let backup = try Backup.makeDecoder().decode(Backup.self, from: Data(text.utf8))
    #expect(backup.exchanges.map(\.time) == [storeT, storeT])
    #expect(backup.exchanges.map(\.kind) == [.jobLead, .gift])
    let bad = text.replacingOccurrences(of: "2026-01-01T02:00:00+02:00", with: "2026-02-30")
    #expect(throws: DecodingError.self) {
      try Backup.makeDecoder().decode(Backup.self, from: Data(bad.utf8))
    }
  }

  @Test("importBackup into a store with people fails without changes")
  func importIntoNonEmpty() throws {
    let (source, sourceDir) = try makeRichStore()
    defer { sourceDir.remove() }
    let backup = try source.exportBackup()
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    _ = try store.addPerson(Person(name: "Already Here"))
    let before = try store.exportBackup()
    let error = #expect(throws: StoreError.self) { try store.importBackup(backup) }
    if case .conflict(let message) = error {
      #expect(message.contains("not empty"))
    } else {
      Issue.record("expected conflict, got \(String(describing: error))")
    }
    #expect(try store.exportBackup() == before)
    let counts = try store.counts()
    #expect(counts.people == 1 && counts.organisations == 0 && counts.interactions == 0)
    #expect(counts.ties == 0 && counts.ledgerPairs == 0 && counts.notes == 0)
  }

  // Regression: importBackup used to count only people, so a store holding only an
  // organisation accepted a backup and ended up with a merge of the two.
  @Test("importBackup into a store holding only an organisation fails without changes")
  func importIntoStoreWithOnlyAnOrganisation() throws {
    let (source, sourceDir) = try makeRichStore()
    defer { sourceDir.remove() }
    var backup = try source.exportBackup()
    backup.organisations = []
    backup.affiliations = []
    backup.notes = backup.notes.filter { $0.organisation == nil }
    backup.referrals = backup.referrals.filter { $0.refereeOrganisation == nil }
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    _ = try store.addOrganisation(Organisation(id: 500, name: "Mine"))
    let before = try store.exportBackup()
    #expect(throws: StoreError.self) { try store.importBackup(backup) }
    #expect(try store.exportBackup() == before)
  }

  @Test("a restore drops the import sources a store kept of records removed from it")
  func importSourcesOfAnEmptiedStore() throws {
    let (source, sourceDir) = try makeRichStore()
    defer { sourceDir.remove() }
    let backup = try source.exportBackup()
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    var contacts = ImportBatch(source: "vcard", path: "contacts.vcf")
    let card = KithImport.SourceLocation(path: "contacts.vcf", line: 1, column: 1)
    contacts.people = [ImportedPerson(key: "uid-other", name: "Someone Else", location: card)]
    _ = try store.importBatch(contacts)
    for person in try store.exportBackup().people { try store.removePerson(id: person.id) }
    #expect(try store.exportBackup().importSources.count == 1)
    try store.importBackup(backup)
    #expect(try store.exportBackup() == backup)
  }

  @Test("a bad record in a backup names its place and imports nothing")
  func badRecord() throws {
    let (source, sourceDir) = try makeRichStore()
    defer { sourceDir.remove() }
    let good = try source.exportBackup()
    var cases: [(String, Backup)] = []
    var emptyName = good
    emptyName.people[1].name = " "
    cases.append(("people[1].name", emptyName))
    var badInteraction = good
    badInteraction.interactions[2].participants = [badInteraction.interactions[2].participants[0]]
    cases.append(("interactions[2].with", badInteraction))
    var unknownPerson = good
    unknownPerson.exchanges[0].receiver = 9_999
    cases.append(("exchanges[0]", unknownPerson))
    var repeatedID = good
    repeatedID.notes[1].id = repeatedID.notes[0].id
    cases.append(("notes[1]", repeatedID))
    var backwardReferral = good
    backwardReferral.referrals[0].history.swapAt(1, 2)
    cases.append(("referrals[0].status", backwardReferral))
    var badEgo = good
    badEgo.ego = "nobody"
    cases.append(("ego", badEgo))
    var badSetting = good
    badSetting.settings["half-life-days"] = "0"
    cases.append(("half-life-days", badSetting))
    var badTie = good
    badTie.ties[1].weight = -1
    cases.append(("ties[1].weight", badTie))
    var future = good
    future.schemaVersion = Backup.currentSchemaVersion + 1
    cases.append(("schemaVersion", future))
    var emptyHandle = good
    emptyHandle.people[0].handle = ""
    cases.append(("people[0].handle", emptyHandle))
    var detailOfNobody = good
    detailOfNobody.personDetails[1].person = 9_999
    cases.append(("personDetails[1]", detailOfNobody))
    var repeatedDetail = good
    repeatedDetail.personDetails.append(good.personDetails[0])
    cases.append(("personDetails[2]", repeatedDetail))
    var emptyDetailKey = good
    emptyDetailKey.personDetails[0].key = ""
    cases.append(("personDetails[0].key", emptyDetailKey))
    var badCadence = good
    badCadence.tagCadences = [TagCadence(tag: "x", days: 0)]
    cases.append(("tagCadences[0].days", badCadence))
    let imported = ImportSource(source: "vcard", kind: "person", sourceID: "uid-ann", entity: 4)
    var badSourceKind = good
    badSourceKind.importSources = [imported]
    badSourceKind.importSources[0].kind = "interaction"
    cases.append(("importSources[0].kind", badSourceKind))
    var repeatedSource = good
    repeatedSource.importSources = [imported, imported]
    cases.append(("importSources[1].sourceID", repeatedSource))
    var repeatedRevision = good
    repeatedRevision.importRevisions = [
      ImportRevision(source: "ics:a.ics", sourceID: "x@y", sequence: 1),
      ImportRevision(source: "ics:a.ics", sourceID: "x@y", sequence: 2),
    ]
    cases.append(("importRevisions[1].sourceID", repeatedRevision))
    var badRetiredKind = good
    badRetiredKind.retiredIDs["person"] = 7
    cases.append(("retiredIDs.person", badRetiredKind))

    for (field, backup) in cases {
      let (store, dir) = try makeTemporaryStore()
      defer { dir.remove() }
      let error = #expect(throws: StoreError.self, "\(field)") { try store.importBackup(backup) }
      if case .invalid(let record) = error {
        #expect(record.field == field)
      } else {
        Issue.record("\(field): expected invalid, got \(String(describing: error))")
      }
      #expect(try store.counts().isEmpty, "\(field)")
      #expect(try store.counts().ledgerPairs == 0, "\(field)")
      #expect(try store.exportBackup() == Backup(), "\(field)")
      #expect(try store.ego() == nil)
      // The store still takes a good backup afterwards.
      try store.importBackup(good)
      #expect(try store.exportBackup() == good)
    }
  }

  @Test("a backup written before the imports' bookkeeping restores everything else as before")
  func backupWithoutBookkeeping() throws {
    let (source, sourceDir) = try makeRichStore()
    defer { sourceDir.remove() }
    var backup = try source.exportBackup()
    backup.importRevisions = [ImportRevision(source: "ics:a.ics", sourceID: "x@y", sequence: 1)]
    #expect(!backup.importSources.isEmpty && !backup.retiredIDs.isEmpty)
    // The file as kith wrote it before the three fields.
    var document = try #require(
      try JSONSerialization.jsonObject(with: Backup.makeEncoder().encode(backup)) as? [String: Any])
    for key in ["importSources", "importRevisions", "retiredIDs"] {
      #expect(document.removeValue(forKey: key) != nil, "\(key)")
    }
    let old = try JSONSerialization.data(withJSONObject: document)
    let read = try BackupReader.decode(old, path: "old.json")
    #expect(read == (try Backup.makeDecoder().decode(Backup.self, from: old)))
    var expected = backup
    expected.importSources = []
    expected.importRevisions = []
    expected.retiredIDs = [:]
    #expect(read == expected)
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    try store.importBackup(read)
    #expect(try store.exportBackup() == expected)
    #expect(try store.counts() == source.counts())
  }

  @Test("import sources whose record is gone are kept: a removed imported note stays removed")
  func importSourcesOfRemovedRecords() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    _ = try store.initialise(me: "Me Myself")
    var batch = ImportBatch(source: "linkedin", path: "Recommendations_Received.csv")
    let at = KithImport.SourceLocation(path: "Recommendations_Received.csv", line: 2, column: 1)
    batch.people = [ImportedPerson(key: "ann", name: "Ann Lee", location: at)]
    batch.notes = [
      ImportedNote(
        sourceID: "rec-1", time: storeT, text: "A fine analyst", subject: .person(.record("ann")),
        location: at)
    ]
    _ = try store.importBatch(batch)
    let note = try #require(try store.exportBackup().notes.first)
    _ = try store.removeRecord(.note, id: note.id)
    let backup = try store.exportBackup()
    #expect(backup.notes.isEmpty && backup.importSources.map(\.kind) == ["note", "person"])

    let (restored, restoredDir) = try makeTemporaryStore()
    defer { restoredDir.remove() }
    try restored.importBackup(backup)
    #expect(try restored.exportBackup() == backup)
    _ = try restored.importBatch(batch)
    #expect(try restored.exportBackup() == backup)
  }

  @Test("an imported backup's ledger equals a recomputation, whatever the record order")
  func importedLedger() throws {
    let (source, sourceDir) = try makeRichStore()
    defer { sourceDir.remove() }
    var backup = try source.exportBackup()
    backup.interactions.reverse()
    backup.ties.reverse()
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    try store.importBackup(backup)
    let asOf = storeT + 10 * day
    let (ledger, source1) = try store.snapshotWithSource(asOf: asOf)
    let (recomputed, source2) = try store.snapshotWithSource(
      asOf: asOf, settings: DecaySettings(halfLifeDays: 150.000_000_1, weights: [.call: 0.9]))
    #expect(source1 == .ledger && source2 == .interactions)
    #expect(ledger.neighbors == recomputed.neighbors && ledger.tieCount == recomputed.tieCount)
    for t in 0..<min(ledger.numberOfTies, recomputed.numberOfTies) {
      #expect(
        isClose(Double(ledger.tieStrength[t]), Double(recomputed.tieStrength[t]), tolerance: 1e-6))
      #expect(isClose(Double(ledger.tiePeak[t]), Double(recomputed.tiePeak[t]), tolerance: 1e-6))
    }
  }

  // Regression: DenseIndex used its array table when ids were mixed negative and positive,
  // and looked negative ids up as -1, so a person restored with a negative id lost every tie.
  @Test("a person with a negative id (from a backup) keeps their ties in the snapshot")
  func negativeID() throws {
    let backup = Backup(
      people: [
        Person(id: -5, handle: "neg", name: "Negative"),
        Person(id: 1, handle: "pos", name: "Positive"),
      ],
      interactions: [Interaction(id: 1, time: storeT, kind: .meeting, participants: [-5, 1])])
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    try store.importBackup(backup)
    #expect(try store.counts().ledgerPairs == 1)
    let s = try store.snapshot(asOf: storeT)
    #expect(s.personCount == 2)
    #expect(s.numberOfTies == 1)
    let recomputed = try store.snapshot(asOf: storeT, settings: DecaySettings(halfLifeDays: 7))
    #expect(recomputed.numberOfTies == 1)
  }

  // A restore keeps the records with a source in memory and writes their index once, at the
  // end (it used to read and rewrite an index block for every record).
  @Test("a restore stores a repeated source once, and a later import finds every source")
  func restoreSources() throws {
    let people = (1...3).map { Person(id: Int64($0), handle: "p\($0)", name: "P \($0)") }
    // 700 sources (three index blocks), and every eleventh record repeating an earlier one.
    var interactions: [Interaction] = []
    var fresh = 0
    for k in 0..<770 {
      let repeated = k % 11 == 10
      let n = repeated ? k / 11 : fresh
      if !repeated { fresh += 1 }
      interactions.append(
        Interaction(
          id: Int64(k + 1), time: storeT + Double(k) * 60, kind: .email, participants: [1, 2],
          source: n % 2 == 0 ? "mbox" : "csv:x.csv", sourceID: "id-\(n)"))
    }
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    try store.importBackup(Backup(people: people, interactions: interactions))
    let stored = try store.interactions()
    #expect(stored.count == 700)
    #expect(Set(stored.map { "\($0.source ?? "")/\($0.sourceID ?? "")" }).count == 700)
    // Every source is found again: re-adding them all adds nothing and names the stored ids.
    let again = try store.addInteractions(
      stored.map {
        Interaction(
          time: $0.time, kind: .call, participants: [1, 3], source: $0.source,
          sourceID: $0.sourceID)
      })
    let found = zip(again, stored).filter { $0.id == $1.id }.count
    #expect(again.count == 700 && found == 700, "\(found) of 700 sources found again")
    #expect(try store.interactions().count == 700)
    #expect(try store.counts().ledgerPairs == 1)
  }

  // The interactions are read by column position through a raw statement: text with a NUL
  // character (which a C string would end at) must come back whole.
  @Test("text with NUL and other control characters survives the store and its backup")
  func controlCharactersRoundTrip() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let a = try store.addPerson(Person(name: "A"))
    let b = try store.addPerson(Person(name: "B"))
    let odd = "before\u{0}after\u{1}\t\u{7F} é"
    let stored = try store.addInteraction(
      Interaction(
        time: storeT, kind: .email, participants: [a.id, b.id], channel: odd, summary: odd,
        source: "mbox", sourceID: odd))
    let read = try #require(try store.interactions().first)
    #expect(read == stored)
    #expect(read.summary == odd && read.channel == odd && read.sourceID == odd)
    #expect(try store.exportBackup().interactions == [stored])
  }
}
