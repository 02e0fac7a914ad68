import Foundation

/// The ego's interactions, grouped by contact: the input of cadence, neglect, follow-ups and
/// initiation shares.
///
/// An interaction of the ego with p − 1 others appears once under each of them. Within a
/// contact, entries are sorted by time then interaction id.
public struct EgoInteractions: Sendable {
  /// Entries of contact u are `offsets[u]..<offsets[u+1]`.
  public var offsets: [Int]
  public var time: [Int64]
  public var kind: [InteractionKind]
  /// Who started it: a dense person index, or -1 when unknown.
  public var initiator: [Int32]
  /// The follow-up date, or `TieColumns.none`.
  public var followUp: [Int64]
  /// Index into `summaries`, or -1.
  public var summary: [Int32]
  public var interactionID: [Int64]
  public var participantCount: [Int32]
  public var summaries: [String]

  /// An empty view for `personCount` people.
  public init(personCount: Int) {
    offsets = [Int](repeating: 0, count: personCount + 1)
    time = []
    kind = []
    initiator = []
    followUp = []
    summary = []
    interactionID = []
    participantCount = []
    summaries = []
  }

  /// The entry range of contact `u`.
  public func range(of u: Int32) -> Range<Int> { offsets[Int(u)]..<offsets[Int(u) + 1] }

  /// The number of interactions the ego had with `u`.
  public func count(of u: Int32) -> Int { offsets[Int(u) + 1] - offsets[Int(u)] }

  /// The summary text of entry `k`, if any.
  public func summaryText(_ k: Int) -> String? {
    summary[k] >= 0 ? summaries[Int(summary[k])] : nil
  }
}

/// Collects the ego's interactions in any order, then sorts them into `EgoInteractions`.
public struct EgoInteractionsBuilder: Sendable {
  var contact: [Int32] = []
  var time: [Int64] = []
  var kind: [InteractionKind] = []
  var initiator: [Int32] = []
  var followUp: [Int64] = []
  var summary: [Int32] = []
  var interactionID: [Int64] = []
  var participantCount: [Int32] = []
  var summaries: [String] = []

  public init() {}

  /// Adds one interaction of the ego with `contact`.
  public mutating func add(
    contact: Int32, time: Int64, kind: InteractionKind, initiator: Int32, followUp: Int64,
    summary: String?, interactionID: Int64, participantCount: Int32
  ) {
    self.contact.append(contact)
    self.time.append(time)
    self.kind.append(kind)
    self.initiator.append(initiator)
    self.followUp.append(followUp)
    if let summary {
      self.summary.append(Int32(summaries.count))
      summaries.append(summary)
    } else {
      self.summary.append(-1)
    }
    self.interactionID.append(interactionID)
    self.participantCount.append(participantCount)
  }

  /// Groups by contact, sorted by time then interaction id.
  /// - Complexity: O(E + Σ k log k): a counting sort by contact, then a sort of each
  ///   contact's k entries (linear when they arrive in time order).
  public func build(personCount: Int) -> EgoInteractions {
    var out = EgoInteractions(personCount: personCount)
    for c in contact { out.offsets[Int(c) + 1] += 1 }
    for u in 0..<personCount { out.offsets[u + 1] += out.offsets[u] }
    var order = [Int](repeating: 0, count: contact.count)
    var fill = Array(out.offsets.dropLast())
    for k in contact.indices {
      let c = Int(contact[k])
      order[fill[c]] = k
      fill[c] += 1
    }
    for u in 0..<personCount {
      let range = out.offsets[u]..<out.offsets[u + 1]
      let inOrder = zip(order[range], order[range].dropFirst()).allSatisfy {
        (time[$0], interactionID[$0]) <= (time[$1], interactionID[$1])
      }
      if !inOrder {
        order[range].sort { (time[$0], interactionID[$0]) < (time[$1], interactionID[$1]) }
      }
    }
    out.time = order.map { time[$0] }
    out.kind = order.map { kind[$0] }
    out.initiator = order.map { initiator[$0] }
    out.followUp = order.map { followUp[$0] }
    out.summary = order.map { summary[$0] }
    out.interactionID = order.map { interactionID[$0] }
    out.participantCount = order.map { participantCount[$0] }
    out.summaries = summaries
    return out
  }
}

/// Every exchange up to the snapshot's time, oldest first.
public struct SnapshotExchanges: Sendable {
  public var giver: [Int32] = []
  public var receiver: [Int32] = []
  public var time: [Int64] = []
  public var kind: [ExchangeKind] = []
  public var note: [String?] = []

  public init() {}

  public var count: Int { giver.count }

  public mutating func append(
    giver: Int32, receiver: Int32, time: Int64, kind: ExchangeKind, note: String?
  ) {
    self.giver.append(giver)
    self.receiver.append(receiver)
    self.time.append(time)
    self.kind.append(kind)
    self.note.append(note)
  }
}

/// A referral as it stood at the snapshot's time.
public struct SnapshotReferral: Sendable, Hashable {
  public var id: Int64
  public var time: Int64
  public var referrer: Int32
  public var recipient: Int32
  public var refereePerson: Int32?
  public var refereeOrganisation: Int32?
  public var why: String?
  /// The status at the snapshot's time, when it was reached, and the reason given then.
  public var status: ReferralStatus
  public var since: Int64
  public var reason: String?

  public init(
    id: Int64, time: Int64, referrer: Int32, recipient: Int32, refereePerson: Int32?,
    refereeOrganisation: Int32?, why: String?, status: ReferralStatus, since: Int64, reason: String?
  ) {
    self.id = id
    self.time = time
    self.referrer = referrer
    self.recipient = recipient
    self.refereePerson = refereePerson
    self.refereeOrganisation = refereeOrganisation
    self.why = why
    self.status = status
    self.since = since
    self.reason = reason
  }

  /// The referral as of `time`: the last history event at or before it (nil if it did not
  /// exist yet).
  public static func asOf(
    _ referral: Referral, time: Int64, referrer: Int32, recipient: Int32, refereePerson: Int32?,
    refereeOrganisation: Int32?
  ) -> SnapshotReferral? {
    guard KithTime.seconds(referral.time) <= time else { return nil }
    let current =
      referral.history.last { KithTime.seconds($0.time) <= time } ?? referral.history.first
    return SnapshotReferral(
      id: referral.id, time: KithTime.seconds(referral.time), referrer: referrer,
      recipient: recipient, refereePerson: refereePerson, refereeOrganisation: refereeOrganisation,
      why: referral.why, status: current?.status ?? .suggested,
      since: current.map { KithTime.seconds($0.time) } ?? KithTime.seconds(referral.time),
      reason: current?.reason)
  }
}

/// A note about a person, up to the snapshot's time.
public struct SnapshotNote: Sendable, Hashable {
  public var person: Int32
  public var time: Int64
  public var text: String

  public init(person: Int32, time: Int64, text: String) {
    self.person = person
    self.time = time
    self.text = text
  }
}

/// What a snapshot knows beyond the tie graph: the ego's interactions, exchanges, referrals,
/// notes and tag cadences. Empty by default (a plain graph).
public struct SnapshotActivity: Sendable {
  public var egoInteractions: EgoInteractions
  public var exchanges: SnapshotExchanges
  public var referrals: [SnapshotReferral]
  public var notes: [SnapshotNote]
  /// Keep-in-touch cadence in days per tag.
  public var tagCadences: [String: Int]

  public init(
    egoInteractions: EgoInteractions, exchanges: SnapshotExchanges = SnapshotExchanges(),
    referrals: [SnapshotReferral] = [], notes: [SnapshotNote] = [], tagCadences: [String: Int] = [:]
  ) {
    self.egoInteractions = egoInteractions
    self.exchanges = exchanges
    self.referrals = referrals
    self.notes = notes
    self.tagCadences = tagCadences
  }

  /// No activity for `personCount` people.
  public static func empty(personCount: Int) -> SnapshotActivity {
    SnapshotActivity(egoInteractions: EgoInteractions(personCount: personCount))
  }
}
