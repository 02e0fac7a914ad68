/// The kinds of interaction Kith records, with the default weight each adds to a tie.
public enum InteractionKind: String, Codable, CaseIterable, Sendable, Comparable {
  case meeting, call, video, message, email, event, social, other

  /// The weight used when the store has no `weight.<kind>` setting (see ARCHITECTURE.md).
  public var defaultWeight: Double {
    switch self {
    case .meeting: 1.0
    case .video, .call: 0.8
    case .message, .email: 0.3
    case .event: 0.5
    case .social: 0.1
    case .other: 0.3
    }
  }

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

  /// The position in `allCases`, without a search: for tables indexed by kind.
  public var ordinal: Int {
    switch self {
    case .meeting: 0
    case .call: 1
    case .video: 2
    case .message: 3
    case .email: 4
    case .event: 5
    case .social: 6
    case .other: 7
    }
  }
}

/// The kinds of give-and-take recorded in the exchange ledger, with their value.
public enum ExchangeKind: String, Codable, CaseIterable, Sendable {
  case introduction, referral
  case jobLead = "job-lead"
  case advice, information, help, endorsement, gift, favour

  /// The value of one exchange of this kind before decay (ARCHITECTURE.md, "Reciprocity").
  public var value: Double {
    switch self {
    case .introduction, .referral, .jobLead: 3
    case .help: 2
    case .advice, .information, .endorsement, .gift, .favour: 1
    }
  }
}

/// Where a referral is in its lifecycle.
///
/// Status moves only forward, suggested → contacted → met → reported-back, or to declined
/// from any open status.
public enum ReferralStatus: String, Codable, CaseIterable, Sendable {
  case suggested, contacted, met
  case reportedBack = "reported-back"
  case declined

  var rank: Int {
    switch self {
    case .suggested: 0
    case .contacted: 1
    case .met: 2
    case .reportedBack: 3
    case .declined: 4
    }
  }

  /// Whether the referral is finished (reported back or declined).
  public var isClosed: Bool { self == .reportedBack || self == .declined }

  /// Whether a referral in this status may move to `next`.
  public func canMove(to next: ReferralStatus) -> Bool {
    if isClosed { return false }
    if next == .declined { return true }
    return next.rank > rank
  }
}
