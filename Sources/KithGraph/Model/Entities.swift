import Foundation

/// A person in the network. `handle` is a unique slug such as `jane-doe`.
public struct Person: Codable, Hashable, Sendable, Identifiable {
  public var id: Int64
  public var handle: String
  public var name: String
  public var aliases: [String]
  public var emails: [String]
  public var phones: [String]
  public var urls: [String]
  public var tags: [String]
  public var interests: [String]
  /// An explicit keep-in-touch cadence in days, if the store's ego (*me*) set one. Every ego
  /// keeps their own (`KithStore.cadence(of:ego:)`); a backup keeps the other egos' apart
  /// (`Backup.personCadences`).
  public var cadenceDays: Int?
  /// When the store's ego (*me*) dismissed this person's follow-ups (`kith followups
  /// dismiss`): the follow-ups of interactions up to then are not listed; a later
  /// interaction's are. Every ego dismisses their own (`KithStore.followUpsDismissed(of:ego:)`);
  /// a backup keeps the other egos' apart (`Backup.followUpDismissals`).
  public var followUpsDismissed: Date?

  public init(
    id: Int64 = 0, handle: String = "", name: String, aliases: [String] = [],
    emails: [String] = [], phones: [String] = [], urls: [String] = [], tags: [String] = [],
    interests: [String] = [], cadenceDays: Int? = nil, followUpsDismissed: Date? = nil
  ) {
    self.id = id
    self.handle = handle
    self.name = name
    self.aliases = aliases
    self.emails = emails
    self.phones = phones
    self.urls = urls
    self.tags = tags
    self.interests = interests
    self.cadenceDays = cadenceDays
    self.followUpsDismissed = followUpsDismissed
  }

  /// Checks the invariants a stored person must satisfy.
  public func validate() throws(InvalidRecord) {
    try Validate.name(name, field: "name")
    for alias in aliases { try Validate.name(alias, field: "alias") }
    for email in emails where !email.contains("@") || email.contains(where: \.isWhitespace) {
      throw InvalidRecord(field: "email", message: "'\(email)' is not an email address")
    }
    if let cadenceDays, cadenceDays <= 0 {
      throw InvalidRecord(field: "cadence", message: "cadence must be a positive number of days")
    }
  }
}

/// An organisation: a company, a university, an association.
public struct Organisation: Codable, Hashable, Sendable, Identifiable {
  public var id: Int64
  public var handle: String
  public var name: String
  public var domains: [String]
  public var tags: [String]

  public init(
    id: Int64 = 0, handle: String = "", name: String, domains: [String] = [], tags: [String] = []
  ) {
    self.id = id
    self.handle = handle
    self.name = name
    self.domains = domains
    self.tags = tags
  }

  public func validate() throws(InvalidRecord) {
    try Validate.name(name, field: "name")
  }
}

/// A person's role at an organisation over a span of time (open-ended when `to` is nil).
public struct Affiliation: Codable, Hashable, Sendable, Identifiable {
  public var id: Int64
  public var person: Int64
  public var organisation: Int64
  public var role: String?
  public var from: Date?
  public var to: Date?

  public init(
    id: Int64 = 0, person: Int64, organisation: Int64, role: String? = nil, from: Date? = nil,
    to: Date? = nil
  ) {
    self.id = id
    self.person = person
    self.organisation = organisation
    self.role = role
    self.from = from
    self.to = to
  }

  public func validate() throws(InvalidRecord) {
    if let from { try Validate.time(from, field: "from") }
    if let to { try Validate.time(to, field: "to") }
    if let from, let to, to < from {
      throw InvalidRecord(field: "to", message: "an affiliation cannot end before it starts")
    }
  }

  /// Whether the affiliation holds at `date`.
  public func isCurrent(at date: Date) -> Bool {
    (from.map { $0 <= date } ?? true) && (to.map { $0 >= date } ?? true)
  }
}

/// Something that happened among two or more people: the source of tie strength.
public struct Interaction: Codable, Hashable, Sendable, Identifiable {
  public var id: Int64
  public var time: Date
  public var kind: InteractionKind
  /// Person ids, at least two distinct ones, in the order given.
  public var participants: [Int64]
  public var initiator: Int64?
  public var channel: String?
  public var summary: String?
  public var followUp: Date?
  /// Where the record came from (an importer's name) and its id there, for idempotent re-import.
  public var source: String?
  public var sourceID: String?
  /// How many people took part, when more than `participants` names: someone who took part
  /// was removed from the store since. The others keep the pair weight 1/(n − 1) of everyone
  /// who was there, so that removing a person changes no other tie. Nil: the participants.
  public var participantCount: Int?
  /// The calendar day entered (days since 1970-01-01) when the interaction was entered as a
  /// date with no time of day (`--on 2025-12-04`, a bare date in a file, an all-day calendar
  /// event); nil when it was entered as a time. `time` is then the start of that day in the
  /// zone it was entered in, which every analysis reads; lists show the day, the same in every
  /// zone, where a time at the start of a day keeps its 00:00.
  public var day: Int64?

  /// How many people took part: the count every pair weight of the interaction is divided by
  /// (`DecaySettings.pairWeight(_:participants:)`) and the one the store keeps.
  public var peopleWhoTookPart: Int {
    Self.peopleWhoTookPart(named: participants.count, recorded: participantCount)
  }

  /// How many people took part in an interaction that names `named` participants and records
  /// `recorded` people (`participantCount`, or a stored row's count): the larger. Every path
  /// that stores an interaction or weighs its pairs (recording, import, backup restore, edit,
  /// ledger rebuild, a past date's recompute) counts with this, so that a person removed since
  /// still counts everywhere.
  @inlinable
  public static func peopleWhoTookPart(named: Int, recorded: Int?) -> Int {
    max(named, recorded ?? named)
  }

  public init(
    id: Int64 = 0, time: Date, kind: InteractionKind, participants: [Int64],
    initiator: Int64? = nil, channel: String? = nil, summary: String? = nil,
    followUp: Date? = nil, source: String? = nil, sourceID: String? = nil,
    participantCount: Int? = nil, day: Int64? = nil
  ) {
    self.id = id
    self.time = time
    self.kind = kind
    self.participants = participants
    self.initiator = initiator
    self.channel = channel
    self.summary = summary
    self.followUp = followUp
    self.source = source
    self.sourceID = sourceID
    self.participantCount = participantCount
    self.day = day
  }

  private enum CodingKeys: String, CodingKey {
    case id, time, kind, participants, initiator, channel, summary, followUp, source, sourceID
    case participantCount, day
  }

  /// Reads the `Codable` form, in which `day` is `YYYY-MM-DD` (missing for a time, and in
  /// backups written before Kith kept it).
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    id = try c.decode(Int64.self, forKey: .id)
    time = try c.decode(Date.self, forKey: .time)
    kind = try c.decode(InteractionKind.self, forKey: .kind)
    participants = try c.decode([Int64].self, forKey: .participants)
    initiator = try c.decodeIfPresent(Int64.self, forKey: .initiator)
    channel = try c.decodeIfPresent(String.self, forKey: .channel)
    summary = try c.decodeIfPresent(String.self, forKey: .summary)
    followUp = try c.decodeIfPresent(Date.self, forKey: .followUp)
    source = try c.decodeIfPresent(String.self, forKey: .source)
    sourceID = try c.decodeIfPresent(String.self, forKey: .sourceID)
    participantCount = try c.decodeIfPresent(Int.self, forKey: .participantCount)
    day = try c.decodeCalendarDay(forKey: .day)
  }

  /// Writes the `Codable` form: the fields as a synthesised conformance writes them (nil ones
  /// left out), with `day` as `YYYY-MM-DD`.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(id, forKey: .id)
    try c.encode(time, forKey: .time)
    try c.encode(kind, forKey: .kind)
    try c.encode(participants, forKey: .participants)
    try c.encodeIfPresent(initiator, forKey: .initiator)
    try c.encodeIfPresent(channel, forKey: .channel)
    try c.encodeIfPresent(summary, forKey: .summary)
    try c.encodeIfPresent(followUp, forKey: .followUp)
    try c.encodeIfPresent(source, forKey: .source)
    try c.encodeIfPresent(sourceID, forKey: .sourceID)
    try c.encodeIfPresent(participantCount, forKey: .participantCount)
    try c.encodeCalendarDay(day, forKey: .day)
  }

  /// The day an interaction stored before Kith kept `day` was shown as, a date alone: the day
  /// of `seconds` when it is the start of a day in `zone`, else nil. Stores and backups from
  /// then are read so, in the zone they are opened in, so that nothing looks different.
  public static func shownDay(ofSeconds seconds: Int64, in zone: DayZone = KithTime.zone)
    -> Int64?
  {
    zone.isStartOfDay(seconds) ? zone.day(ofSeconds: seconds) : nil
  }

  public func validate() throws(InvalidRecord) {
    if let participantCount, participantCount < participants.count {
      throw InvalidRecord(
        field: "participantCount",
        message: "\(participantCount) is fewer than the \(participants.count) participants named")
    }
    try participants.withUnsafeBufferPointer { ids throws(InvalidRecord) in
      try Self.validate(
        time: time, participants: ids, initiator: initiator, followUp: followUp, day: day)
    }
  }

  /// The checks of `validate()` on an interaction's fields, for a caller that holds them
  /// without an `Interaction` (an import adds its rows so, without an array per row).
  public static func validate(
    time: Date, participants: UnsafeBufferPointer<Int64>, initiator: Int64?, followUp: Date?,
    day: Int64? = nil
  ) throws(InvalidRecord) {
    try Validate.time(time, field: "time")
    if let day { try validate(day: day, time: time) }
    if !distinct(participants) {
      throw InvalidRecord(field: "with", message: "a participant is listed twice")
    }
    if participants.count < 2 {
      throw InvalidRecord(
        field: "with", message: "an interaction needs at least 2 distinct participants")
    }
    if let initiator, !participants.contains(initiator) {
      throw InvalidRecord(field: "by", message: "the initiator must be one of the participants")
    }
    if let followUp { try Validate.time(followUp, field: "follow-up") }
  }
}

extension Interaction {
  /// The largest distance, in seconds, between the start of a day somewhere and that day's
  /// midnight in UTC, exclusive: a day. Offsets from UTC stay within ±14 hours today, and
  /// local mean times of the past within ±16.
  static let dayStartReach: Int64 = 86_400

  /// Checks that `day` can be the day entered for an interaction at `time`: that `time`, the
  /// start of that day in the zone it was entered in, is within a day of its midnight in UTC.
  public static func validate(day: Int64, time: Date) throws(InvalidRecord) {
    let seconds = KithTime.seconds(time)
    guard abs(seconds - day * 86_400) < dayStartReach else {
      throw InvalidRecord(
        field: "day",
        message:
          "\(KithTime.formatCalendarDay(day)) is not the day of the time \(KithTime.format(time)): a date starts within a day of its midnight in UTC"
      )
    }
  }

  /// Whether `ids` has no repeats: pairwise for the usual handful (no allocation), else a set.
  static func distinct(_ ids: UnsafeBufferPointer<Int64>) -> Bool {
    if ids.count > 16 { return Set(ids).count == ids.count }
    for i in ids.indices {
      for j in (i + 1)..<ids.count where ids[i] == ids[j] { return false }
    }
    return true
  }
}

/// One thing given by one person to another: the give/take ledger.
public struct Exchange: Codable, Hashable, Sendable, Identifiable {
  public var id: Int64
  public var time: Date
  public var giver: Int64
  public var receiver: Int64
  public var kind: ExchangeKind
  public var note: String?
  /// The calendar day entered when the exchange was dated with a date alone, as
  /// ``Interaction/day`` is; nil for a time.
  public var day: Int64?

  public init(
    id: Int64 = 0, time: Date, giver: Int64, receiver: Int64, kind: ExchangeKind,
    note: String? = nil, day: Int64? = nil
  ) {
    self.id = id
    self.time = time
    self.giver = giver
    self.receiver = receiver
    self.kind = kind
    self.note = note
    self.day = day
  }

  private enum CodingKeys: String, CodingKey { case id, time, giver, receiver, kind, note, day }

  /// Reads the `Codable` form, `day` as `YYYY-MM-DD` (missing for a time, and in backups
  /// written before Kith kept it).
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    id = try c.decode(Int64.self, forKey: .id)
    time = try c.decode(Date.self, forKey: .time)
    giver = try c.decode(Int64.self, forKey: .giver)
    receiver = try c.decode(Int64.self, forKey: .receiver)
    kind = try c.decode(ExchangeKind.self, forKey: .kind)
    note = try c.decodeIfPresent(String.self, forKey: .note)
    day = try c.decodeCalendarDay(forKey: .day)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(id, forKey: .id)
    try c.encode(time, forKey: .time)
    try c.encode(giver, forKey: .giver)
    try c.encode(receiver, forKey: .receiver)
    try c.encode(kind, forKey: .kind)
    try c.encodeIfPresent(note, forKey: .note)
    try c.encodeCalendarDay(day, forKey: .day)
  }

  public func validate() throws(InvalidRecord) {
    try Validate.time(time, field: "time")
    if let day { try Interaction.validate(day: day, time: time) }
    if giver == receiver {
      throw InvalidRecord(field: "to", message: "the giver and the receiver must differ")
    }
  }
}

/// One step in a referral's history.
public struct ReferralEvent: Codable, Hashable, Sendable {
  public var status: ReferralStatus
  public var time: Date
  public var reason: String?
  /// The calendar day entered when the step was dated with a date alone, as
  /// ``Interaction/day`` is; nil for a time.
  public var day: Int64?

  public init(status: ReferralStatus, time: Date, reason: String? = nil, day: Int64? = nil) {
    self.status = status
    self.time = time
    self.reason = reason
    self.day = day
  }

  private enum CodingKeys: String, CodingKey { case status, time, reason, day }

  /// Reads the `Codable` form, `day` as `YYYY-MM-DD` (missing for a time, and in backups
  /// written before Kith kept it).
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    status = try c.decode(ReferralStatus.self, forKey: .status)
    time = try c.decode(Date.self, forKey: .time)
    reason = try c.decodeIfPresent(String.self, forKey: .reason)
    day = try c.decodeCalendarDay(forKey: .day)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(status, forKey: .status)
    try c.encode(time, forKey: .time)
    try c.encodeIfPresent(reason, forKey: .reason)
    try c.encodeCalendarDay(day, forKey: .day)
  }
}

/// A recommendation: `referrer` suggests that `recipient` contact a person or organisation,
/// for the reason `why`.
public struct Referral: Codable, Hashable, Sendable, Identifiable {
  public var id: Int64
  public var time: Date
  public var referrer: Int64
  public var recipient: Int64
  public var refereePerson: Int64?
  public var refereeOrganisation: Int64?
  public var why: String?
  /// The status history, oldest first; the first event is `suggested` at `time`.
  public var history: [ReferralEvent]

  /// - Parameter day: the calendar day entered when the referral was dated with a date alone
  ///   (``Interaction/day``), for the `suggested` event a missing history starts with.
  public init(
    id: Int64 = 0, time: Date, referrer: Int64, recipient: Int64, refereePerson: Int64? = nil,
    refereeOrganisation: Int64? = nil, why: String? = nil, history: [ReferralEvent]? = nil,
    day: Int64? = nil
  ) {
    self.id = id
    self.time = time
    self.referrer = referrer
    self.recipient = recipient
    self.refereePerson = refereePerson
    self.refereeOrganisation = refereeOrganisation
    self.why = why
    self.history = history ?? [ReferralEvent(status: .suggested, time: time, day: day)]
  }

  /// The calendar day entered for the referral (its `suggested` step's), nil for a time.
  public var day: Int64? { history.first?.day }

  /// The current status: the last event's.
  public var status: ReferralStatus { history.last?.status ?? .suggested }

  /// When the current status was reached.
  public var since: Date { history.last?.time ?? time }

  /// The calendar day entered for the current status, when it was dated with a date alone.
  public var sinceDay: Int64? { history.last?.day }

  public func validate() throws(InvalidRecord) {
    try Validate.time(time, field: "time")
    if (refereePerson == nil) == (refereeOrganisation == nil) {
      throw InvalidRecord(
        field: "about", message: "a referral is about exactly one person or organisation")
    }
    if referrer == recipient {
      throw InvalidRecord(field: "to", message: "the referrer and the recipient must differ")
    }
    if let refereePerson, refereePerson == referrer || refereePerson == recipient {
      throw InvalidRecord(
        field: "about", message: "a referral must be about someone other than its two parties")
    }
    for event in history {
      try Validate.time(event.time, field: "on")
      if let day = event.day { try Interaction.validate(day: day, time: event.time) }
    }
    guard history.first?.status == .suggested else {
      throw InvalidRecord(field: "status", message: "a referral starts as suggested")
    }
    for (previous, next) in zip(history, history.dropFirst()) {
      guard previous.status.canMove(to: next.status) else {
        throw InvalidRecord(
          field: "status",
          message:
            "a referral cannot move from \(previous.status.rawValue) to \(next.status.rawValue)")
      }
      guard next.time >= previous.time else {
        throw InvalidRecord(field: "on", message: "a status change cannot predate the previous one")
      }
    }
  }
}

/// Knowledge that two people know each other, with no interaction behind it.
/// An undated tie adds a constant `weight`; a dated one decays from its date.
public struct Tie: Codable, Hashable, Sendable, Identifiable {
  public var id: Int64
  public var a: Int64
  public var b: Int64
  public var weight: Double
  public var date: Date?
  public var source: String?
  public var sourceID: String?

  public init(
    id: Int64 = 0, a: Int64, b: Int64, weight: Double = 1, date: Date? = nil,
    source: String? = nil, sourceID: String? = nil
  ) {
    self.id = id
    self.a = a
    self.b = b
    self.weight = weight
    self.date = date
    self.source = source
    self.sourceID = sourceID
  }

  public func validate() throws(InvalidRecord) {
    if a == b { throw InvalidRecord(field: "tie", message: "a tie joins two different people") }
    try Validate.weight(weight, field: "weight")
    if let date { try Validate.time(date, field: "on") }
  }
}

/// A dated note about a person, an organisation or an interaction.
public struct Note: Codable, Hashable, Sendable, Identifiable {
  public var id: Int64
  public var time: Date
  public var text: String
  public var person: Int64?
  public var organisation: Int64?
  public var interaction: Int64?
  /// The calendar day entered when the note was dated with a date alone, as
  /// ``Interaction/day`` is; nil for a time.
  public var day: Int64?

  public init(
    id: Int64 = 0, time: Date, text: String, person: Int64? = nil, organisation: Int64? = nil,
    interaction: Int64? = nil, day: Int64? = nil
  ) {
    self.id = id
    self.time = time
    self.text = text
    self.person = person
    self.organisation = organisation
    self.interaction = interaction
    self.day = day
  }

  private enum CodingKeys: String, CodingKey {
    case id, time, text, person, organisation, interaction, day
  }

  /// Reads the `Codable` form, `day` as `YYYY-MM-DD` (missing for a time, and in backups
  /// written before Kith kept it).
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    id = try c.decode(Int64.self, forKey: .id)
    time = try c.decode(Date.self, forKey: .time)
    text = try c.decode(String.self, forKey: .text)
    person = try c.decodeIfPresent(Int64.self, forKey: .person)
    organisation = try c.decodeIfPresent(Int64.self, forKey: .organisation)
    interaction = try c.decodeIfPresent(Int64.self, forKey: .interaction)
    day = try c.decodeCalendarDay(forKey: .day)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(id, forKey: .id)
    try c.encode(time, forKey: .time)
    try c.encode(text, forKey: .text)
    try c.encodeIfPresent(person, forKey: .person)
    try c.encodeIfPresent(organisation, forKey: .organisation)
    try c.encodeIfPresent(interaction, forKey: .interaction)
    try c.encodeCalendarDay(day, forKey: .day)
  }

  public func validate() throws(InvalidRecord) {
    try Validate.time(time, field: "time")
    if let day { try Interaction.validate(day: day, time: time) }
    if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
      throw InvalidRecord(field: "text", message: "a note cannot be empty")
    }
    if [person, organisation, interaction].compactMap({ $0 }).count != 1 {
      throw InvalidRecord(
        field: "note",
        message: "a note is attached to exactly one person, organisation or interaction")
    }
  }
}

/// A fact kept about a person that has no field of its own, such as the `birthday` an
/// imported vCard or CSV brought (as written in the source).
public struct PersonDetail: Codable, Hashable, Sendable {
  /// The id of the person it describes.
  public var person: Int64
  public var key: String
  public var value: String

  public init(person: Int64, key: String, value: String) {
    self.person = person
    self.key = key
    self.value = value
  }
}

/// A keep-in-touch cadence for everyone carrying a tag, as one ego set it.
public struct TagCadence: Codable, Hashable, Sendable {
  public var tag: String
  public var days: Int
  /// The id of the ego whose cadence it is; nil for the store's own ego (*me*), as in a backup
  /// written before cadences were kept per ego.
  public var ego: Int64?

  public init(tag: String, days: Int, ego: Int64? = nil) {
    self.tag = tag
    self.days = days
    self.ego = ego
  }
}

/// A person's keep-in-touch cadence as an ego other than the store's own set it: a backup
/// keeps the store's ego's in the person's `cadenceDays`, and the other egos' in these.
public struct PersonCadence: Codable, Hashable, Sendable {
  /// The ego's id.
  public var ego: Int64
  /// The id of the person to keep in touch with.
  public var person: Int64
  public var days: Int

  public init(ego: Int64, person: Int64, days: Int) {
    self.ego = ego
    self.person = person
    self.days = days
  }
}

/// When an ego other than the store's own dismissed a person's follow-ups: a backup keeps the
/// store's ego's in the person's `followUpsDismissed`, and the other egos' in these.
public struct FollowUpDismissal: Codable, Hashable, Sendable {
  /// The ego's id.
  public var ego: Int64
  /// The id of the person whose follow-ups were dismissed.
  public var person: Int64
  public var time: Date

  public init(ego: Int64, person: Int64, time: Date) {
    self.ego = ego
    self.person = person
    self.time = time
  }
}

/// A tie an ego let go (`kith let-go`): from `time` on, `neglected`, `dormant` and `plan` leave
/// the person out, until a later contact with them (an interaction, or an exchange between the
/// two) makes the tie live again. The record stays, and says so.
public struct TieLetGo: Codable, Hashable, Sendable {
  /// The ego's id; nil for the store's ego (a backup writes the store's own without one).
  public var ego: Int64?
  /// The id of the person let go.
  public var person: Int64
  public var time: Date
  /// Why, in the user's words.
  public var reason: String?

  public init(ego: Int64?, person: Int64, time: Date, reason: String? = nil) {
    self.ego = ego
    self.person = person
    self.time = time
    self.reason = reason
  }

  /// Whether the tie is still let go with `lastContact` (seconds; nil with none) the last
  /// contact: none came after the record.
  public func holds(lastContact: Int64?) -> Bool { (lastContact ?? .min) <= KithTime.seconds(time) }
}

/// A record that breaks one of the model's rules.
public struct InvalidRecord: Error, Sendable, CustomStringConvertible, Equatable {
  /// The field at fault, named as on the command line (`with`, `on`, `weight`, …).
  public var field: String
  public var message: String

  public init(field: String, message: String) {
    self.field = field
    self.message = message
  }

  public var description: String { "invalid \(field): \(message)" }
}

/// Shared validation rules.
public enum Validate {
  /// The longest name or alias a person may type, in characters: longer is a paste gone
  /// wrong, and it would push every table it appears in off the screen. Only what is typed is
  /// held to it (`typedName`): a name that an import or a backup brings is kept whole.
  public static let maxNameLength = 300

  /// A stored name: not empty. It is on one line already (`TextKey.singleLine`, which every
  /// path into the store applies), and of any length.
  public static func name(_ value: String, field: String) throws(InvalidRecord) {
    if TextKey.trimmed(value).isEmpty {
      throw InvalidRecord(field: field, message: "\(article(field)) \(field) cannot be empty")
    }
  }

  /// A name or alias as typed on the command line, before the store cleans it: a control
  /// character other than a line break or a tab (which become spaces) is refused, since typed
  /// it is a slip (an arrow key, a stray escape) rather than part of the name, and so is a
  /// name of more than `maxNameLength` characters.
  public static func typedName(_ value: String, field: String) throws(InvalidRecord) {
    if let c = value.unicodeScalars.first(where: {
      $0.properties.generalCategory == .control && !TextKey.isLineBreak($0)
    }) {
      let code = String(c.value, radix: 16, uppercase: true)
      throw InvalidRecord(
        field: field,
        message:
          "\(article(field)) \(field) cannot hold a control character (U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code))"
      )
    }
    let length = TextKey.trimmed(TextKey.singleLine(value)).count
    if length > maxNameLength {
      throw InvalidRecord(
        field: field,
        message:
          "\(article(field)) \(field) is at most \(maxNameLength) characters (this one has \(length))"
      )
    }
    try name(TextKey.singleLine(value), field: field)
  }

  /// "an" before a field named with a vowel ("an alias"), else "a".
  private static func article(_ field: String) -> String {
    field.first.map { "aeiou".contains($0) } == true ? "an" : "a"
  }

  /// The largest weight a tie, an interaction kind or an exchange kind may have. Strengths are
  /// stored as 32-bit floats (about seven digits); a weight of 1e39 was stored as infinity and a
  /// million times the default weight is already far beyond any tie.
  public static let maxWeight = 1_000_000.0

  /// Whether `value` is a usable weight: a number from 0 to `maxWeight`.
  public static func isWeight(_ value: Double) -> Bool { value >= 0 && value <= maxWeight }

  public static func weight(_ value: Double, field: String) throws(InvalidRecord) {
    if !isWeight(value) {
      throw InvalidRecord(field: field, message: "a weight must be a number from 0 to 1000000")
    }
  }

  public static func time(_ value: Date, field: String) throws(InvalidRecord) {
    let s = KithTime.seconds(value)
    if !KithTime.validRange.contains(s) {
      throw InvalidRecord(field: field, message: "dates must lie between 1900 and 2200")
    }
  }
}

extension KeyedDecodingContainer {
  /// A calendar day written as `YYYY-MM-DD` (`Interaction.day` and the like); nil when missing.
  func decodeCalendarDay(forKey key: Key) throws -> Int64? {
    guard let text = try decodeIfPresent(String.self, forKey: key) else { return nil }
    guard let day = KithTime.parseCalendarDay(text) else {
      throw DecodingError.dataCorruptedError(
        forKey: key, in: self, debugDescription: "'\(text)' is not a day (YYYY-MM-DD)")
    }
    return day
  }
}

extension KeyedEncodingContainer {
  /// Writes a calendar day as `YYYY-MM-DD`, nothing for nil.
  mutating func encodeCalendarDay(_ day: Int64?, forKey key: Key) throws {
    try encodeIfPresent(day.map(KithTime.formatCalendarDay), forKey: key)
  }
}
