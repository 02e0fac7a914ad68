import Foundation
import KithGraph

/// A compact, in-memory description of a network from which a `NetworkSnapshot` is built
/// directly, so that analytics can be tested without SQLite.
///
/// People are named by handle and get store ids 1, 2, … (and dense indices 0, 1, …) in the
/// order they are declared; interactions, exchanges, referrals, notes, explicit ties and
/// affiliations get ids in the order they are added, as in a fresh store. Times are whole
/// seconds since the epoch (`SnapshotFixture.epoch` and `SnapshotFixture.days(_:)` help).
///
/// `snapshot(asOf:)` follows `KithStore.snapshot(asOf:)` on its recompute path step for step:
/// tie events (interactions and explicit ties dated at or before `asOf`) folded by
/// `TieEvents.accumulate` into `TieColumns`; the ego's interactions through an
/// `EgoInteractionsBuilder`; exchanges and notes up to `asOf` ordered by (time, id); referrals
/// ordered by (time, id) and read with `SnapshotReferral.asOf`; affiliations that started by
/// `asOf`, current unless they ended before it. `backup()` gives the same network as a
/// `Backup`, so a test can check the two paths agree.
///
/// A handle that was never declared is a programming error in the test (a precondition).
public struct SnapshotFixture: Sendable {
  // MARK: Specs

  /// A person: handle, display name, tags, interests, explicit cadence and when their
  /// follow-ups were dismissed (seconds).
  public struct PersonSpec: Sendable, Hashable {
    public var handle: String
    public var name: String
    public var tags: [String]
    public var interests: [String]
    public var cadenceDays: Int?
    public var followUpsDismissed: Int64? = nil
    /// When the ego let the tie go (seconds), as `kith let-go` records it.
    public var letGo: Int64? = nil
  }

  /// An organisation.
  public struct OrganisationSpec: Sendable, Hashable {
    public var handle: String
    public var name: String
  }

  /// A person's role at an organisation from `from` to `to` (seconds; nil = open).
  public struct AffiliationSpec: Sendable, Hashable {
    public var person: String
    public var organisation: String
    public var role: String?
    public var from: Int64?
    public var to: Int64?
  }

  /// An interaction among `participants` (handles, in the order given).
  public struct InteractionSpec: Sendable, Hashable {
    public var time: Int64
    public var kind: InteractionKind
    public var participants: [String]
    public var initiator: String?
    public var followUp: Int64?
    public var summary: String?
  }

  /// One thing given by `giver` to `receiver`.
  public struct ExchangeSpec: Sendable, Hashable {
    public var time: Int64
    public var giver: String
    public var receiver: String
    public var kind: ExchangeKind
    public var note: String?
  }

  /// One status change of a referral after it was suggested.
  public struct ReferralStep: Sendable, Hashable {
    public var status: ReferralStatus
    public var time: Int64
    public var reason: String?

    public init(_ status: ReferralStatus, at time: Int64, reason: String? = nil) {
      self.status = status
      self.time = time
      self.reason = reason
    }
  }

  /// A referral: `referrer` suggests that `recipient` contact a person or an organisation.
  public struct ReferralSpec: Sendable, Hashable {
    public var id: Int64
    public var time: Int64
    public var referrer: String
    public var recipient: String
    public var refereePerson: String?
    public var refereeOrganisation: String?
    public var why: String?
    /// The status changes after the initial `suggested` at `time`, oldest first.
    public var steps: [ReferralStep]
  }

  /// An explicit tie, dated (decaying) or undated (constant).
  public struct TieSpec: Sendable, Hashable {
    public var a: String
    public var b: String
    public var weight: Double
    public var time: Int64?
  }

  /// A note about a person.
  public struct NoteSpec: Sendable, Hashable {
    public var person: String
    public var time: Int64
    public var text: String
  }

  // MARK: Time

  /// 2026-01-01T00:00:00Z, a convenient origin for fixture times.
  public static let epoch: Int64 = 1_767_225_600
  /// Seconds in a day.
  public static let day: Int64 = 86_400

  /// `epoch` + `n` days (fractions rounded to the second).
  public static func days(_ n: Double) -> Int64 { epoch + Int64((n * 86_400).rounded()) }

  // MARK: Contents

  public var settings: DecaySettings
  /// The ego's handle (nil: a plain graph, as a store without `kith init`).
  public var ego: String?
  public private(set) var people: [PersonSpec] = []
  public private(set) var organisations: [OrganisationSpec] = []
  public var affiliations: [AffiliationSpec] = []
  public var interactions: [InteractionSpec] = []
  public var exchanges: [ExchangeSpec] = []
  public var referrals: [ReferralSpec] = []
  public var ties: [TieSpec] = []
  public var notes: [NoteSpec] = []
  /// Keep-in-touch cadence in days per tag.
  public var tagCadences: [String: Int] = [:]

  private var personIndex: [String: Int32] = [:]
  private var organisationIndex: [String: Int32] = [:]

  public init(settings: DecaySettings = .default, ego: String? = nil) {
    self.settings = settings
    self.ego = ego
    if let ego { person(ego) }
  }

  // MARK: Building

  /// Declares a person (once per handle) and returns their dense index. The name defaults to
  /// the handle's words capitalised (`jane-doe` → `Jane Doe`).
  @discardableResult
  public mutating func person(
    _ handle: String, name: String? = nil, tags: [String] = [], interests: [String] = [],
    cadence: Int? = nil
  ) -> Int32 {
    precondition(personIndex[handle] == nil, "person \(handle) is declared twice")
    let index = Int32(people.count)
    personIndex[handle] = index
    people.append(
      PersonSpec(
        handle: handle, name: name ?? Self.defaultName(handle), tags: tags, interests: interests,
        cadenceDays: cadence))
    return index
  }

  /// Declares several people with default names and no tags.
  public mutating func people(_ handles: String...) {
    for handle in handles { person(handle) }
  }

  /// Declares an organisation and returns its dense index.
  @discardableResult
  public mutating func organisation(_ handle: String, name: String? = nil) -> Int32 {
    precondition(organisationIndex[handle] == nil, "organisation \(handle) is declared twice")
    let index = Int32(organisations.count)
    organisationIndex[handle] = index
    organisations.append(OrganisationSpec(handle: handle, name: name ?? Self.defaultName(handle)))
    return index
  }

  /// Adds an affiliation of a declared person with a declared organisation.
  public mutating func affiliation(
    _ person: String, _ organisation: String, role: String? = nil, from: Int64? = nil,
    to: Int64? = nil
  ) {
    _ = index(of: person)
    _ = organisationIndex(of: organisation)
    affiliations.append(
      AffiliationSpec(person: person, organisation: organisation, role: role, from: from, to: to))
  }

  /// Adds an interaction among declared people (two or more, distinct).
  public mutating func interaction(
    at time: Int64, _ kind: InteractionKind = .meeting, _ participants: [String],
    initiator: String? = nil, followUp: Int64? = nil, summary: String? = nil
  ) {
    precondition(Set(participants).count == participants.count, "a participant is listed twice")
    precondition(participants.count >= 2, "an interaction needs at least 2 participants")
    for p in participants { _ = index(of: p) }
    if let initiator {
      precondition(participants.contains(initiator), "the initiator must take part")
    }
    interactions.append(
      InteractionSpec(
        time: time, kind: kind, participants: participants, initiator: initiator,
        followUp: followUp, summary: summary))
  }

  /// Adds an exchange from `giver` to `receiver`.
  public mutating func exchange(
    at time: Int64, from giver: String, to receiver: String, _ kind: ExchangeKind,
    note: String? = nil
  ) {
    precondition(giver != receiver, "the giver and the receiver must differ")
    _ = index(of: giver)
    _ = index(of: receiver)
    exchanges.append(
      ExchangeSpec(time: time, giver: giver, receiver: receiver, kind: kind, note: note))
  }

  /// Adds a referral and returns its id. With `recordExchange` (the store's default) it also
  /// records the gift it is: an exchange of kind referral from the referrer to the recipient.
  @discardableResult
  public mutating func referral(
    at time: Int64, from referrer: String, to recipient: String, about person: String? = nil,
    aboutOrganisation organisation: String? = nil, why: String? = nil,
    steps: [ReferralStep] = [], recordExchange: Bool = true
  ) -> Int64 {
    precondition(
      (person == nil) != (organisation == nil), "a referral is about exactly one referee")
    _ = index(of: referrer)
    _ = index(of: recipient)
    if let person { _ = index(of: person) }
    if let organisation { _ = organisationIndex(of: organisation) }
    let id = Int64(referrals.count + 1)
    referrals.append(
      ReferralSpec(
        id: id, time: time, referrer: referrer, recipient: recipient, refereePerson: person,
        refereeOrganisation: organisation, why: why, steps: steps))
    if recordExchange {
      exchange(at: time, from: referrer, to: recipient, .referral, note: why)
    }
    return id
  }

  /// Adds an explicit tie: dated when `time` is given, constant otherwise.
  public mutating func tie(_ a: String, _ b: String, weight: Double = 1, at time: Int64? = nil) {
    precondition(a != b, "a tie joins two different people")
    _ = index(of: a)
    _ = index(of: b)
    ties.append(TieSpec(a: a, b: b, weight: weight, time: time))
  }

  /// Adds a note about a person.
  public mutating func note(about person: String, at time: Int64, _ text: String) {
    _ = index(of: person)
    notes.append(NoteSpec(person: person, time: time, text: text))
  }

  /// Dismisses a person's follow-ups at `time` (seconds), as `kith followups dismiss` does.
  public mutating func dismissFollowUps(of handle: String, at time: Int64) {
    people[Int(index(of: handle))].followUpsDismissed = time
  }

  /// Lets the ego's tie to a person go at `time` (seconds), as `kith let-go` does.
  public mutating func letGo(of handle: String, at time: Int64) {
    people[Int(index(of: handle))].letGo = time
  }

  /// Sets the cadence of a tag.
  public mutating func tagCadence(_ tag: String, days: Int) {
    tagCadences[tag] = days
  }

  // MARK: Lookup

  /// The dense index of a declared person.
  public func index(of handle: String) -> Int32 {
    guard let index = personIndex[handle] else { preconditionFailure("unknown person \(handle)") }
    return index
  }

  /// The dense index of a declared organisation.
  public func organisationIndex(of handle: String) -> Int32 {
    guard let index = organisationIndex[handle] else {
      preconditionFailure("unknown organisation \(handle)")
    }
    return index
  }

  /// The handle of dense index `index`.
  public func handle(_ index: Int32) -> String { people[Int(index)].handle }

  /// The store id of a declared person (1-based declaration order).
  public func personID(_ handle: String) -> Int64 { Int64(index(of: handle)) + 1 }

  // MARK: Variants

  /// The same network with interactions and exchanges recorded in another order (ids are
  /// reassigned in the new order, as if the records had been entered so).
  public func shuffled<G: RandomNumberGenerator>(using generator: inout G) -> SnapshotFixture {
    var copy = self
    copy.interactions.shuffle(using: &generator)
    copy.exchanges.shuffle(using: &generator)
    return copy
  }

  // MARK: Snapshot

  /// The snapshot as of `asOf` (seconds), built as `KithStore.snapshot(asOf:)` builds it.
  /// - Parameter ego: a handle overriding the fixture's ego; `.some(nil)` for no ego.
  public func snapshot(asOf now: Int64, ego egoOverride: String?? = nil) -> NetworkSnapshot {
    let egoHandle = egoOverride ?? ego
    var snapshotPeople = SnapshotPeople()
    for (k, p) in people.enumerated() {
      snapshotPeople.append(
        Person(
          id: Int64(k + 1), handle: p.handle, name: p.name, tags: p.tags, interests: p.interests,
          cadenceDays: p.cadenceDays,
          followUpsDismissed: p.followUpsDismissed.map {
            Date(timeIntervalSince1970: TimeInterval($0))
          }))
      if let time = p.letGo { snapshotPeople.setLetGo(of: Int32(k), at: time) }
    }
    var snapshotOrganisations = SnapshotOrganisations()
    for (k, o) in organisations.enumerated() {
      snapshotOrganisations.append(Organisation(id: Int64(k + 1), handle: o.handle, name: o.name))
    }
    var snapshotAffiliations: [SnapshotAffiliation] = []
    for a in affiliations where a.from.map({ $0 <= now }) ?? true {
      snapshotAffiliations.append(
        SnapshotAffiliation(
          person: index(of: a.person), organisation: organisationIndex(of: a.organisation),
          role: a.role, isCurrent: a.to.map { $0 >= now } ?? true))
    }

    // Ties: the store's recompute path (interactions in id order, then explicit ties).
    var events = TieEvents()
    for i in interactions where i.time <= now {
      events.addInteraction(
        participants: i.participants.map(index(of:)), time: i.time, kind: i.kind,
        settings: settings)
    }
    for t in ties {
      if let time = t.time {
        if time <= now { events.add(index(of: t.a), index(of: t.b), time: time, weight: t.weight) }
      } else {
        events.addConstant(index(of: t.a), index(of: t.b), weight: t.weight)
      }
    }
    let tieColumns = events.accumulate(halfLifeSeconds: settings.halfLifeSeconds)

    // The ego's interactions, one entry per other participant.
    let egoIndex = egoHandle.map(index(of:))
    var builder = EgoInteractionsBuilder()
    if let egoIndex {
      for (k, i) in interactions.enumerated() where i.time <= now {
        let participants = i.participants.map(index(of:))
        guard participants.contains(egoIndex) else { continue }
        for q in participants where q != egoIndex {
          builder.add(
            contact: q, time: i.time, kind: i.kind, initiator: i.initiator.map(index(of:)) ?? -1,
            followUp: i.followUp ?? TieColumns.none, summary: i.summary,
            interactionID: Int64(k + 1), participantCount: Int32(participants.count))
        }
      }
    }

    var snapshotExchanges = SnapshotExchanges()
    let exchangeOrder = exchanges.indices.filter { exchanges[$0].time <= now }
      .sorted { (exchanges[$0].time, $0) < (exchanges[$1].time, $1) }
    for k in exchangeOrder {
      let x = exchanges[k]
      snapshotExchanges.append(
        giver: index(of: x.giver), receiver: index(of: x.receiver), time: x.time, kind: x.kind,
        note: x.note)
    }

    var snapshotReferrals: [SnapshotReferral] = []
    for r in referrals.sorted(by: { ($0.time, $0.id) < ($1.time, $1.id) }) {
      if let s = SnapshotReferral.asOf(
        makeReferral(r), time: now, referrer: index(of: r.referrer),
        recipient: index(of: r.recipient), refereePerson: r.refereePerson.map(index(of:)),
        refereeOrganisation: r.refereeOrganisation.map(organisationIndex(of:)))
      {
        snapshotReferrals.append(s)
      }
    }

    let noteOrder = notes.indices.filter { notes[$0].time <= now }
      .sorted { (notes[$0].time, $0) < (notes[$1].time, $1) }
    let snapshotNotes = noteOrder.map {
      SnapshotNote(person: index(of: notes[$0].person), time: notes[$0].time, text: notes[$0].text)
    }

    let activity = SnapshotActivity(
      egoInteractions: builder.build(personCount: people.count), exchanges: snapshotExchanges,
      referrals: snapshotReferrals, notes: snapshotNotes, tagCadences: tagCadences)
    return NetworkSnapshot(
      asOf: Date(timeIntervalSince1970: TimeInterval(now)), settings: settings,
      people: snapshotPeople, organisations: snapshotOrganisations,
      affiliations: snapshotAffiliations, ties: tieColumns, ego: egoIndex, activity: activity)
  }

  /// The same network as a store backup (ids as in the snapshot; default settings are
  /// written only when they differ from `DecaySettings.default`).
  public func backup() -> Backup {
    var backup = Backup(ego: ego)
    if settings.halfLifeDays != DecaySettings.default.halfLifeDays {
      backup.settings["half-life-days"] = String(settings.halfLifeDays)
    }
    for kind in InteractionKind.allCases where settings.weights[kind] != kind.defaultWeight {
      backup.settings["weight.\(kind.rawValue)"] = String(
        settings.weights[kind] ?? kind.defaultWeight)
    }
    backup.people = people.enumerated().map { k, p in
      Person(
        id: Int64(k + 1), handle: p.handle, name: p.name, tags: p.tags, interests: p.interests,
        cadenceDays: p.cadenceDays,
        followUpsDismissed: p.followUpsDismissed.map {
          Date(timeIntervalSince1970: TimeInterval($0))
        })
    }
    backup.tiesLetGo = people.enumerated().compactMap { k, p in
      p.letGo.map {
        TieLetGo(
          ego: nil, person: Int64(k + 1), time: Date(timeIntervalSince1970: TimeInterval($0)))
      }
    }
    backup.organisations = organisations.enumerated().map { k, o in
      Organisation(id: Int64(k + 1), handle: o.handle, name: o.name)
    }
    backup.affiliations = affiliations.enumerated().map { k, a in
      Affiliation(
        id: Int64(k + 1), person: personID(a.person),
        organisation: Int64(organisationIndex(of: a.organisation)) + 1, role: a.role,
        from: a.from.map(Self.date), to: a.to.map(Self.date))
    }
    backup.interactions = interactions.enumerated().map { k, i in
      Interaction(
        id: Int64(k + 1), time: Self.date(i.time), kind: i.kind,
        participants: i.participants.map(personID), initiator: i.initiator.map(personID),
        summary: i.summary, followUp: i.followUp.map(Self.date))
    }
    backup.exchanges = exchanges.enumerated().map { k, x in
      Exchange(
        id: Int64(k + 1), time: Self.date(x.time), giver: personID(x.giver),
        receiver: personID(x.receiver), kind: x.kind, note: x.note)
    }
    backup.referrals = referrals.map(makeReferral)
    backup.ties = ties.enumerated().map { k, t in
      Tie(
        id: Int64(k + 1), a: personID(t.a), b: personID(t.b), weight: t.weight,
        date: t.time.map(Self.date))
    }
    backup.notes = notes.enumerated().map { k, n in
      Note(id: Int64(k + 1), time: Self.date(n.time), text: n.text, person: personID(n.person))
    }
    backup.tagCadences = tagCadences.sorted { $0.key < $1.key }.map {
      TagCadence(tag: $0.key, days: $0.value)
    }
    return backup
  }

  // MARK: Helpers

  private func makeReferral(_ r: ReferralSpec) -> Referral {
    let history =
      [ReferralEvent(status: .suggested, time: Self.date(r.time))]
      + r.steps.map {
        ReferralEvent(status: $0.status, time: Self.date($0.time), reason: $0.reason)
      }
    return Referral(
      id: r.id, time: Self.date(r.time), referrer: personID(r.referrer),
      recipient: personID(r.recipient), refereePerson: r.refereePerson.map(personID),
      refereeOrganisation: r.refereeOrganisation.map { Int64(organisationIndex(of: $0)) + 1 },
      why: r.why, history: history)
  }

  private static func date(_ seconds: Int64) -> Date {
    Date(timeIntervalSince1970: TimeInterval(seconds))
  }

  private static func defaultName(_ handle: String) -> String {
    handle.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(
      separator: " ")
  }
}
