import Foundation
import KithGraph
import KithTestSupport
import Testing

@testable import KithStore

private let day: TimeInterval = 86_400

/// A named setting value: `stored` is the normalised value, nil when it must be rejected.
struct SettingCase: Sendable, CustomTestStringConvertible {
  let name: String
  let key: String
  let value: String
  let stored: String?

  var testDescription: String { "\(name): \(key)=\(value)" }
}

@Suite("KithStore: events, referrals, settings")
struct EventsTests {
  /// Me, Ann, Bob and the organisation Acme.
  static func fixture() throws -> (
    KithStore, TemporaryDirectory, me: Person, ann: Person, bob: Person, acme: Organisation
  ) {
    let (store, dir) = try makeTemporaryStore()
    let me = try store.initialise(me: "Me")
    let ann = try store.addPerson(Person(name: "Ann"))
    let bob = try store.addPerson(Person(name: "Bob"))
    let acme = try store.addOrganisation(Organisation(name: "Acme"))
    return (store, dir, me, ann, bob, acme)
  }

  @Test("initialise(me:) sets the ego once")
  func initialise() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    #expect(try store.ego() == nil)
    let me = try store.initialise(me: "José García")
    #expect(me.handle == "jose-garcia")
    #expect(try store.ego() == me)
    let before = try store.counts()
    let error = #expect(throws: StoreError.self) { try store.initialise(me: "Someone Else") }
    if case .conflict(let message) = error {
      #expect(message.contains("José García") && message.contains("jose-garcia"))
    } else {
      Issue.record("expected conflict, got \(String(describing: error))")
    }
    #expect(try store.counts() == before)
    #expect(try store.snapshot(asOf: storeT).ego == 0)
  }

  @Test("initialise(me:) with an empty name fails and sets nothing")
  func initialiseEmpty() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    #expect(throws: StoreError.self) { try store.initialise(me: "  ") }
    #expect(try store.ego() == nil)
    #expect(try store.counts().isEmpty)
  }

  @Test("recording a referral records an exchange of kind referral")
  func referralRecordsExchange() throws {
    let (store, dir, me, ann, bob, acme) = try Self.fixture()
    defer { dir.remove() }
    let r = try store.addReferral(
      Referral(
        time: storeT, referrer: ann.id, recipient: me.id, refereePerson: bob.id, why: "Bob hires"))
    #expect(r.id > 0 && r.status == .suggested)
    let exchanges = try store.exchanges()
    #expect(exchanges.count == 1)
    let e = try #require(exchanges.first)
    #expect(e.kind == .referral && e.giver == ann.id && e.receiver == me.id)
    #expect(e.time == storeT && e.note == "Bob hires")
    #expect(try store.exchanges(person: me.id) == exchanges)
    #expect(try store.exchanges(person: bob.id).isEmpty)
    // Without the exchange, on request.
    _ = try store.addReferral(
      Referral(time: storeT, referrer: bob.id, recipient: me.id, refereeOrganisation: acme.id),
      recordExchange: false)
    #expect(try store.counts().exchanges == 1)
    #expect(try store.counts().referrals == 2)
    let stored = try store.referrals()
    #expect(stored.map(\.refereeOrganisation) == [nil, acme.id])
    #expect(stored.first == r)
  }

  @Test("referral status moves forward, with its history kept")
  func referralForward() throws {
    let (store, dir, me, ann, bob, _) = try Self.fixture()
    defer { dir.remove() }
    let r = try store.addReferral(
      Referral(time: storeT, referrer: ann.id, recipient: me.id, refereePerson: bob.id))
    _ = try store.updateReferral(id: r.id, to: .contacted, at: storeT + day, reason: nil)
    _ = try store.updateReferral(id: r.id, to: .met, at: storeT + 3 * day, reason: "coffee")
    let done = try store.updateReferral(
      id: r.id, to: .reportedBack, at: storeT + 3 * day, reason: nil)
    #expect(done.status == .reportedBack && done.since == storeT + 3 * day)
    let stored = try #require(try store.referrals().first)
    #expect(stored == done)
    #expect(stored.history.map(\.status) == [.suggested, .contacted, .met, .reportedBack])
    #expect(stored.history[2].reason == "coffee")
    // Closed: nothing more, not even declined.
    let closed = #expect(throws: StoreError.self) {
      try store.updateReferral(id: r.id, to: .declined, at: storeT + 4 * day, reason: "late")
    }
    if case .invalid(let record) = closed {
      #expect(record.field == "status" && record.message.contains("already reported-back"))
    } else {
      Issue.record("expected invalid, got \(String(describing: closed))")
    }
    #expect(try store.referrals().first == done)
  }

  @Test("referral status cannot move backward or predate the last change")
  func referralBackward() throws {
    let (store, dir, me, ann, bob, _) = try Self.fixture()
    defer { dir.remove() }
    let r = try store.addReferral(
      Referral(time: storeT, referrer: ann.id, recipient: me.id, refereePerson: bob.id))
    let met = try store.updateReferral(id: r.id, to: .met, at: storeT + 2 * day, reason: nil)
    for backward in [ReferralStatus.suggested, .contacted, .met] {
      let error = #expect(throws: StoreError.self) {
        try store.updateReferral(id: r.id, to: backward, at: storeT + 5 * day, reason: nil)
      }
      if case .invalid(let record) = error {
        #expect(record.field == "status")
        #expect(record.message.contains("only move forward"))
        #expect(record.message.contains("reported-back") && record.message.contains("declined"))
      } else {
        Issue.record("expected invalid for → \(backward), got \(String(describing: error))")
      }
    }
    let early = #expect(throws: StoreError.self) {
      try store.updateReferral(id: r.id, to: .reportedBack, at: storeT + day, reason: nil)
    }
    if case .invalid(let record) = early {
      #expect(record.field == "on")
    } else {
      Issue.record("expected invalid, got \(String(describing: early))")
    }
    #expect(try store.referrals().first == met)
    // Declined from an open status, with its reason.
    let declined = try store.updateReferral(
      id: r.id, to: .declined, at: storeT + 6 * day, reason: "not a fit")
    #expect(declined.status == .declined && declined.history.last?.reason == "not a fit")
    #expect(throws: StoreError.self) {
      try store.updateReferral(id: r.id, to: .reportedBack, at: storeT + 7 * day, reason: nil)
    }
    let unknown = #expect(throws: StoreError.self) {
      try store.updateReferral(id: 999, to: .met, at: storeT, reason: nil)
    }
    #expect(unknown == .notFound(kind: "referral", reference: "999", suggestions: []))
  }

  @Test("out-of-range dates are refused, so that every backup restores")
  func outOfRangeDates() throws {
    let (store, dir, me, ann, bob, acme) = try Self.fixture()
    defer { dir.remove() }
    let r = try store.addReferral(
      Referral(time: storeT, referrer: ann.id, recipient: me.id, refereePerson: bob.id))
    let after2200 = Date(timeIntervalSince1970: Double(KithTime.validRange.upperBound) + 365 * day)
    let before1900 = Date(timeIntervalSince1970: Double(KithTime.validRange.lowerBound) - 365 * day)
    let late = #expect(throws: StoreError.self) {
      try store.updateReferral(id: r.id, to: .contacted, at: after2200, reason: nil)
    }
    if case .invalid(let record) = late { #expect(record.field == "on") }
    let early = #expect(throws: StoreError.self) {
      try store.addAffiliation(Affiliation(person: ann.id, organisation: acme.id, from: before1900))
    }
    if case .invalid(let record) = early { #expect(record.field == "from") }
    // Whatever was stored, the backup must decode again.
    let json = try Backup.makeEncoder().encode(try store.exportBackup())
    #expect(throws: Never.self) { try Backup.makeDecoder().decode(Backup.self, from: json) }
  }

  @Test("an invalid referral records neither the referral nor its exchange")
  func invalidReferral() throws {
    let (store, dir, me, ann, _, _) = try Self.fixture()
    defer { dir.remove() }
    let before = try store.counts()
    #expect(throws: StoreError.self) {
      try store.addReferral(
        Referral(time: storeT, referrer: ann.id, recipient: me.id, refereePerson: ann.id))
    }
    #expect(throws: StoreError.self) {
      try store.addReferral(
        Referral(time: storeT, referrer: ann.id, recipient: me.id, refereePerson: 999))
    }
    #expect(try store.counts() == before)
  }

  @Test("exchanges and notes are stored and listed")
  func exchangesAndNotes() throws {
    let (store, dir, me, ann, bob, acme) = try Self.fixture()
    defer { dir.remove() }
    let e1 = try store.addExchange(
      Exchange(time: storeT, giver: me.id, receiver: ann.id, kind: .jobLead, note: "role at Acme"))
    let e0 = try store.addExchange(
      Exchange(time: storeT - day, giver: bob.id, receiver: me.id, kind: .gift))
    #expect(try store.exchanges() == [e0, e1])
    #expect(try store.exchanges(person: ann.id) == [e1])
    let i = try store.addInteraction(
      Interaction(time: storeT, kind: .call, participants: [me.id, ann.id]))
    let n1 = try store.addNote(Note(time: storeT, text: "likes sailing", person: ann.id))
    let n2 = try store.addNote(Note(time: storeT - day, text: "hiring", organisation: acme.id))
    let n3 = try store.addNote(Note(time: storeT + day, text: "follow up", interaction: i.id))
    #expect(try store.notes() == [n2, n1, n3])
    #expect(try store.notes(person: ann.id) == [n1])
    #expect(throws: StoreError.self) { try store.addNote(Note(time: storeT, text: "x")) }
    #expect(throws: StoreError.self) {
      try store.addNote(Note(time: storeT, text: "x", interaction: 999))
    }
    #expect(throws: StoreError.self) {
      try store.addExchange(Exchange(time: storeT, giver: me.id, receiver: me.id, kind: .help))
    }
    #expect(try store.counts().notes == 3 && store.counts().exchanges == 2)
  }

  @Test("interactions round-trip their fields; a repeated source id is not stored twice")
  func interactions() throws {
    let (store, dir, me, ann, bob, _) = try Self.fixture()
    defer { dir.remove() }
    let i = try store.addInteraction(
      Interaction(
        time: storeT, kind: .video, participants: [bob.id, me.id, ann.id], initiator: ann.id,
        channel: "zoom", summary: "planning", followUp: storeT + 7 * day, source: "ics",
        sourceID: "uid-1"))
    #expect(try store.interactions() == [i])
    let again = try store.addInteraction(
      Interaction(
        time: storeT + day, kind: .call, participants: [me.id, bob.id], source: "ics",
        sourceID: "uid-1"))
    #expect(again.id == i.id)
    #expect(try store.counts().interactions == 1)
    #expect(try store.interactions(person: bob.id) == [i])
    #expect(try store.latestEventTime() == storeT)
    // The ledger was not touched by the duplicate.
    let s = try store.snapshot(asOf: storeT + day)
    #expect(s.numberOfTies == 3)
    #expect((0..<s.numberOfTies).allSatisfy { s.tie($0).count == 1 })
  }

  /// The bulk path writes 128 rows a statement, each statement naming only the optional
  /// columns its rows give (none for bare rows): runs of bare rows and of rows with any mix of
  /// initiator, channel, summary and follow-up, longer and shorter than a statement, read back
  /// field for field, in order, with the ids the call returned. Above
  /// `Ledger.preloadThreshold` the rows are written on another thread, with CHECK constraints
  /// skipped, and are checked again afterwards.
  @Test(
    "bulk inserts of rows with any mix of optional fields round-trip every field",
    arguments: [(1, 700), (2, 700), (3, 700), (4, Ledger.preloadThreshold + 700)] as [(UInt64, Int)]
  )
  func bulkMixedRows(seed: UInt64, count: Int) throws {
    let (store, dir, me, ann, bob, _) = try Self.fixture()
    defer { dir.remove() }
    var generator = SeededGenerator(seed: seed)
    let people = [me.id, ann.id, bob.id]
    var batch: [Interaction] = []
    while batch.count < count {
      let detailed = Bool.random(using: &generator)
      for _ in 0..<Int.random(in: 1...200, using: &generator) {
        let participants = Array(
          people.shuffled(using: &generator).prefix(Int.random(in: 2...3, using: &generator)))
        let t = storeT + Double(batch.count) * 3_600
        var interaction = Interaction(
          time: t, kind: InteractionKind.allCases.randomElement(using: &generator)!,
          participants: participants)
        if detailed {
          if Bool.random(using: &generator) { interaction.initiator = participants[0] }
          if Bool.random(using: &generator) { interaction.channel = "zoom" }
          if Bool.random(using: &generator) { interaction.summary = "s\(batch.count)" }
          if Bool.random(using: &generator) { interaction.followUp = t + day }
        }
        batch.append(interaction)
      }
    }
    let stored = try store.addInteractions(batch)
    #expect(stored.map(\.id) == Array(1...Int64(batch.count)))
    let read = try store.interactions()
    #expect(read.count == batch.count)
    for (k, (got, sent)) in zip(read, stored).enumerated() where got != sent {
      Issue.record("row \(k): \(got) != \(sent)")
      break
    }
    #expect(try store.counts().interactions == batch.count)
    // CHECK constraints are on again.
    #expect(try !store.acceptsBogusKind())
  }

  @Test("explicit ties: stored, de-duplicated by source id")
  func explicitTies() throws {
    let (store, dir, me, ann, bob, _) = try Self.fixture()
    defer { dir.remove() }
    let stored = try store.addTies([
      Tie(a: me.id, b: ann.id, weight: 1, source: "csv", sourceID: "1"),
      Tie(a: bob.id, b: ann.id, weight: 0.5, date: storeT),
    ])
    #expect(try store.explicitTies() == stored)
    let again = try store.addTie(Tie(a: me.id, b: ann.id, weight: 9, source: "csv", sourceID: "1"))
    #expect(again.id == stored[0].id)
    #expect(try store.counts().ties == 2 && store.counts().ledgerPairs == 2)
    #expect(throws: StoreError.self) { try store.addTie(Tie(a: me.id, b: 999)) }
    #expect(throws: StoreError.self) { try store.addTie(Tie(a: me.id, b: ann.id, weight: .nan)) }
  }

  static let settingCases: [SettingCase] = [
    SettingCase(name: "half-life integer", key: "half-life-days", value: "90", stored: "90"),
    SettingCase(name: "half-life with .0", key: "half-life-days", value: " 90.0 ", stored: "90"),
    SettingCase(name: "half-life fraction", key: "half-life-days", value: "45.5", stored: "45.5"),
    SettingCase(name: "weight fraction", key: "weight.meeting", value: "0.25", stored: "0.25"),
    SettingCase(name: "weight zero", key: "weight.social", value: "0", stored: "0"),
    SettingCase(
      name: "emails normalised", key: "my-emails", value: "Me@X.org, me@y.org",
      stored: "me@x.org,me@y.org"),
    SettingCase(name: "half-life zero", key: "half-life-days", value: "0", stored: nil),
    SettingCase(name: "half-life negative", key: "half-life-days", value: "-3", stored: nil),
    SettingCase(name: "half-life not a number", key: "half-life-days", value: "soon", stored: nil),
    SettingCase(name: "half-life infinite", key: "half-life-days", value: "inf", stored: nil),
    SettingCase(name: "half-life NaN", key: "half-life-days", value: "nan", stored: nil),
    SettingCase(name: "weight negative", key: "weight.call", value: "-0.1", stored: nil),
    SettingCase(name: "weight empty", key: "weight.call", value: "", stored: nil),
    SettingCase(name: "unknown kind", key: "weight.lunch", value: "1", stored: nil),
    SettingCase(name: "unknown key", key: "colour", value: "blue", stored: nil),
    SettingCase(name: "email without @", key: "my-emails", value: "me@x.org, nobody", stored: nil),
  ]

  @Test("setting values are validated and normalised", arguments: settingCases)
  func settingValues(_ c: SettingCase) throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    let before = try store.settings()
    if let stored = c.stored {
      #expect(try KithStore.validateSetting(key: c.key, value: c.value) == stored)
      try store.setSetting(key: c.key, value: c.value)
      #expect(try store.settings()[c.key] == stored)
      #expect(try store.exportBackup().settings == [c.key: stored])
    } else {
      let error = #expect(throws: StoreError.self) {
        try store.setSetting(key: c.key, value: c.value)
      }
      if case .invalid = error {
      } else {
        Issue.record("expected invalid, got \(String(describing: error))")
      }
      #expect(try store.settings() == before)
    }
  }

  @Test("setSetting rebuilds the ledger")
  func setSettingRebuildsLedger() throws {
    let (store, dir, me, ann, bob, _) = try Self.fixture()
    defer { dir.remove() }
    _ = try store.addInteraction(
      Interaction(time: storeT - 90 * day, kind: .email, participants: [me.id, ann.id]))
    _ = try store.addInteraction(
      Interaction(time: storeT - 90 * day, kind: .meeting, participants: [me.id, bob.id]))
    try store.setSetting(key: "half-life-days", value: "90")
    try store.setSetting(key: "weight.email", value: "2")
    let (s, source) = try store.snapshotWithSource(asOf: storeT)
    #expect(source == .ledger)
    let m = try #require(s.index(ofPerson: me.id))
    let a = try #require(s.index(ofPerson: ann.id))
    let b = try #require(s.index(ofPerson: bob.id))
    #expect(isClose(s.strength(m, a), 1, tolerance: 1e-6))
    #expect(isClose(s.strength(m, b), 0.5, tolerance: 1e-6))
    #expect(s.tie(try #require(s.tieIndex(m, a))).peak == 2)
    // A setting that does not affect strengths leaves the ledger alone.
    try store.setSetting(key: "my-emails", value: "me@example.org")
    #expect(try store.snapshotWithSource(asOf: storeT).source == .ledger)
  }

  @Test("tag cadences")
  func tagCadences() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    try store.setTagCadence(TagCadence(tag: "Investor", days: 30))
    try store.setTagCadence(TagCadence(tag: "family", days: 7))
    try store.setTagCadence(TagCadence(tag: "investor", days: 45))
    #expect(
      try store.tagCadences() == [
        TagCadence(tag: "family", days: 7), TagCadence(tag: "investor", days: 45),
      ])
    #expect(throws: StoreError.self) { try store.setTagCadence(TagCadence(tag: "x", days: 0)) }
    #expect(try store.clearTagCadence(tag: "FAMILY"))
    #expect(try !store.clearTagCadence(tag: "family"))
    #expect(try store.tagCadences().count == 1)
  }
}
