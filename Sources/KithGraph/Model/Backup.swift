import Foundation

/// Everything a store holds, in a form that round-trips through JSON exactly:
/// `kith export json` writes it and `kith import json` reads it.
public struct Backup: Codable, Hashable, Sendable {
  /// The version of this document's shape; bumped on any incompatible change.
  public static let currentSchemaVersion = 1

  public var schemaVersion: Int
  /// The ego's handle, if one was set with `kith init`.
  public var ego: String?
  public var settings: [String: String]
  public var people: [Person]
  /// The people's details (`person show` lists them), ordered by person and key. Backups
  /// written before details were kept have none: the field may be missing.
  public var personDetails: [PersonDetail]
  public var organisations: [Organisation]
  public var affiliations: [Affiliation]
  public var interactions: [Interaction]
  public var exchanges: [Exchange]
  public var referrals: [Referral]
  public var ties: [Tie]
  public var notes: [Note]
  public var tagCadences: [TagCadence]

  public init(
    ego: String? = nil, settings: [String: String] = [:], people: [Person] = [],
    personDetails: [PersonDetail] = [], organisations: [Organisation] = [],
    affiliations: [Affiliation] = [],
    interactions: [Interaction] = [], exchanges: [Exchange] = [], referrals: [Referral] = [],
    ties: [Tie] = [], notes: [Note] = [], tagCadences: [TagCadence] = []
  ) {
    self.schemaVersion = Backup.currentSchemaVersion
    self.ego = ego
    self.settings = settings
    self.people = people
    self.personDetails = personDetails
    self.organisations = organisations
    self.affiliations = affiliations
    self.interactions = interactions
    self.exchanges = exchanges
    self.referrals = referrals
    self.ties = ties
    self.notes = notes
    self.tagCadences = tagCadences
  }

  /// Reads the `Codable` form; `personDetails` may be missing (backups written before it).
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    schemaVersion = try c.decode(Int.self, forKey: .schemaVersion)
    ego = try c.decodeIfPresent(String.self, forKey: .ego)
    settings = try c.decode([String: String].self, forKey: .settings)
    people = try c.decode([Person].self, forKey: .people)
    personDetails = try c.decodeIfPresent([PersonDetail].self, forKey: .personDetails) ?? []
    organisations = try c.decode([Organisation].self, forKey: .organisations)
    affiliations = try c.decode([Affiliation].self, forKey: .affiliations)
    interactions = try c.decode([Interaction].self, forKey: .interactions)
    exchanges = try c.decode([Exchange].self, forKey: .exchanges)
    referrals = try c.decode([Referral].self, forKey: .referrals)
    ties = try c.decode([Tie].self, forKey: .ties)
    notes = try c.decode([Note].self, forKey: .notes)
    tagCadences = try c.decode([TagCadence].self, forKey: .tagCadences)
  }

  /// The backup's JSON form through Foundation's encoder: sorted keys, dates as
  /// `YYYY-MM-DDTHH:MM:SSZ`, slashes unescaped. `kith export json` writes these bytes with a
  /// writer of its own (`BackupWriter`, several times faster); the tests hold the two equal.
  public static func makeEncoder(pretty: Bool = true) -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting =
      pretty
      ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
      : [.sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .custom { date, encoder in
      var container = encoder.singleValueContainer()
      try container.encode(KithTime.format(date))
    }
    return encoder
  }

  /// The matching decoder: dates in any form `KithTime.parse` accepts. `kith import json`
  /// reads the same form with a reader of its own (`BackupReader`), tested against this one.
  public static func makeDecoder() -> JSONDecoder {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .custom { decoder in
      let container = try decoder.singleValueContainer()
      let text = try container.decode(String.self)
      guard let date = KithTime.parse(text) else {
        throw DecodingError.dataCorruptedError(
          in: container, debugDescription: "'\(text)' is not a date (YYYY-MM-DD or ISO 8601)")
      }
      return date
    }
    return decoder
  }
}
