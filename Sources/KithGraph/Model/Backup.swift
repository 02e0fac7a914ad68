import Foundation

/// Everything a store holds, in a form that round-trips through JSON exactly:
/// `kith export json` writes it and `kith import json` reads it.
public struct Backup: Codable, Hashable, Sendable {
  /// The version of this document's shape; bumped on any incompatible change. Version 2 says
  /// which interactions were entered as a date alone (`Interaction.day`, written `YYYY-MM-DD`); a
  /// backup of version 1 does not, and its interactions at the start of a day in the zone it is
  /// restored in are read as dates, as they were shown (`Interaction.shownDay`). Version 3 says
  /// the same of notes, exchanges and referrals' status changes (their `day`); in a backup of
  /// an earlier version, those at the start of a day are read as dates in the same way.
  public static let currentSchemaVersion = 3

  /// The first version that says which interactions were entered as a date alone.
  public static let firstVersionWithInteractionDays = 2

  /// The first version that says which notes, exchanges and referrals' status changes were
  /// dated with a date alone.
  public static let firstVersionWithRecordDays = 3

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
  /// Every ego's tag cadences, ordered by ego (the store's own first) and tag.
  public var tagCadences: [TagCadence]
  /// The cadences of egos other than `ego` (whose are the people's `cadenceDays`), ordered by
  /// ego and person. Backups written before cadences were kept per ego have none: the field
  /// may be missing.
  public var personCadences: [PersonCadence]
  /// The dismissed follow-ups of egos other than `ego` (whose are the people's
  /// `followUpsDismissed`), ordered by ego and person. The field may be missing, as for
  /// `personCadences`.
  public var followUpDismissals: [FollowUpDismissal]
  /// Every time an ego let a tie go, ordered by ego (the store's own first, with no ego),
  /// person and time.
  /// Backups written before ties could be let go have none: the field may be missing.
  public var tiesLetGo: [TieLetGo]
  /// Which stored record each imported record became (see `ImportSource`), ordered by source,
  /// kind and source id. Backups written before it have none: the field may be missing.
  public var importSources: [ImportSource]
  /// The versions of calendar events imports took (see `ImportRevision`), ordered by source
  /// and source id. Backups written before it have none: the field may be missing.
  public var importRevisions: [ImportRevision]
  /// Per kind of record (`interaction`, `exchange`, `note`, `referral`, `tie`, `affiliation`),
  /// the largest id a removal may have freed: a new record gets a larger one, so an id once
  /// given (`kith remove interaction 7`) never names another record. Backups written before
  /// it have none: the field may be missing.
  public var retiredIDs: [String: Int64]

  public init(
    ego: String? = nil, settings: [String: String] = [:], people: [Person] = [],
    personDetails: [PersonDetail] = [], organisations: [Organisation] = [],
    affiliations: [Affiliation] = [],
    interactions: [Interaction] = [], exchanges: [Exchange] = [], referrals: [Referral] = [],
    ties: [Tie] = [], notes: [Note] = [], tagCadences: [TagCadence] = [],
    personCadences: [PersonCadence] = [], followUpDismissals: [FollowUpDismissal] = [],
    tiesLetGo: [TieLetGo] = [], importSources: [ImportSource] = [],
    importRevisions: [ImportRevision] = [],
    retiredIDs: [String: Int64] = [:]
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
    self.personCadences = personCadences
    self.followUpDismissals = followUpDismissals
    self.tiesLetGo = tiesLetGo
    self.importSources = importSources
    self.importRevisions = importRevisions
    self.retiredIDs = retiredIDs
  }

  /// Reads the `Codable` form; `personDetails`, `personCadences`, `followUpDismissals`,
  /// `tiesLetGo`, `importSources`, `importRevisions` and `retiredIDs` may be missing (backups written
  /// before them).
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
    personCadences =
      try c.decodeIfPresent([PersonCadence].self, forKey: .personCadences) ?? []
    followUpDismissals =
      try c.decodeIfPresent([FollowUpDismissal].self, forKey: .followUpDismissals) ?? []
    tiesLetGo = try c.decodeIfPresent([TieLetGo].self, forKey: .tiesLetGo) ?? []
    importSources = try c.decodeIfPresent([ImportSource].self, forKey: .importSources) ?? []
    importRevisions =
      try c.decodeIfPresent([ImportRevision].self, forKey: .importRevisions) ?? []
    retiredIDs = try c.decodeIfPresent([String: Int64].self, forKey: .retiredIDs) ?? [:]
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

/// That the record `sourceID` of kind `kind` (`person`, `organisation`, `affiliation`, `note`,
/// `exchange`) from `source` became the stored record `entity`: importing the same file again
/// finds it and changes nothing, and a note or exchange removed since stays removed.
public struct ImportSource: Codable, Hashable, Sendable {
  public var source: String
  public var kind: String
  public var sourceID: String
  /// The id of the stored record (a person, organisation… as `kind` says); it may be gone.
  public var entity: Int64

  public init(source: String, kind: String, sourceID: String, entity: Int64) {
    self.source = source
    self.kind = kind
    self.sourceID = sourceID
    self.entity = entity
  }
}

/// The version of the calendar event (or override) `sourceID` of `source` that an import
/// took: an older export imported later keeps the newer version.
public struct ImportRevision: Codable, Hashable, Sendable {
  public var source: String
  public var sourceID: String
  /// SEQUENCE.
  public var sequence: Int64
  /// LAST-MODIFIED, in seconds since 1970-01-01T00:00:00Z, as the calendar gave it (which may
  /// lie outside the dates the rest of the backup holds).
  public var modified: Int64?
  /// DTSTAMP, in seconds since 1970-01-01T00:00:00Z.
  public var stamp: Int64?

  public init(
    source: String, sourceID: String, sequence: Int64, modified: Int64? = nil,
    stamp: Int64? = nil
  ) {
    self.source = source
    self.sourceID = sourceID
    self.sequence = sequence
    self.modified = modified
    self.stamp = stamp
  }
}
