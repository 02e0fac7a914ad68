import Foundation
import KithGraph

/// Everything one importer read from one input (a file, or a LinkedIn export folder), in the
/// form the store's import path consumes (`KithStore.importBatch(_:options:)`).
///
/// Records name each other by keys local to the batch: an interaction lists its participants as
/// `PersonReference.record(key)` of `people`, or `.me` for the store's ego. Every record carries
/// its source id (stable across exports, so that importing the same data again changes nothing)
/// and the location it was read from (for errors). Identity resolution against the people
/// already stored is the store's job, not the parser's.
public struct ImportBatch: Sendable, Hashable {
  /// The importer and its namespace for source ids, e.g. `linkedin`, `vcard`, `csv:people.csv`.
  public var source: String
  /// The file or folder read, for messages.
  public var path: String
  public var people: [ImportedPerson] = []
  public var organisations: [ImportedOrganisation] = []
  public var affiliations: [ImportedAffiliation] = []
  public var interactions: [ImportedInteraction] = []
  public var notes: [ImportedNote] = []
  public var exchanges: [ImportedExchange] = []
  public var ties: [ImportedTie] = []
  /// Records the parser could not read, each with its location and field. The store refuses the
  /// whole batch when any is present, unless asked to skip invalid records.
  public var problems: [ImportError] = []
  /// What the user should know about a file read in full but not all used (columns nobody
  /// reads): one line each, not errors.
  public var warnings: [ImportError] = []
  /// Source ids that the batch holds as they are now, with everything they made (a calendar's
  /// event UIDs): a stored interaction whose source id is one of these, or one of these
  /// followed by `/` and more (an occurrence of a series), takes the fields of the batch's
  /// record of the same id when they changed, and is removed when the batch holds no record of
  /// its id (the occurrence was moved, cancelled or left with nobody else) unless it is dated
  /// after `replacedThrough`. Interactions of other source ids are left as they are.
  public var replacedGroups: Set<String> = []
  /// Records the reader left out on purpose, by reason (`withoutName`: a LinkedIn row of a
  /// deleted member), reported with the summary.
  public var leftOut: [String: Int] = [:]
  /// The day the source was a picture of (a LinkedIn export's date): what it no longer holds
  /// is taken to have ended the day before (`ImportedAffiliation.sourceID`).
  public var snapshotDate: Date? = nil
  /// The day the source is known to be at least as new as (a LinkedIn export's date in its
  /// name, else the newest connection it holds). A batch whose day is before the newest day
  /// an earlier import of the source had is an older export: the places of
  /// `ImportedAffiliation.sourceID` that a newer one filled keep what it recorded (nothing is
  /// ended, nothing is added for them).
  public var snapshotKnownDate: Date? = nil
  /// Whether `snapshotKnownDate` is the date in the export's name (else its newest connection).
  public var snapshotDateIsNamed = false
  /// How far the source was read (the date a calendar's series were expanded to): stored
  /// interactions of `replacedGroups` dated later are kept.
  public var replacedThrough: Date? = nil
  /// The version of what shaped the records of `replacedGroups`, by source id: a group's own
  /// (a calendar event's UID) for its records, or a record's own where something of its own
  /// shaped it (an event's override of one occurrence, `UID/occurrence`). A stored record
  /// whose version is newer than the batch's is kept as it is, so that an older file imported
  /// after a newer one does not bring old versions back. Empty: the batch always replaces.
  public var revisions: [String: SourceRevision] = [:]
  /// Places of `ImportedAffiliation.sourceID` that the source holds empty now (a LinkedIn
  /// connection who works for themselves): the affiliation that filled one ends as when
  /// another fills it.
  public var vacatedPlaces: [String] = []
  /// Other sources whose source ids of content (every id but an `id:` column's value) name the
  /// same records as this batch's, given as the prefix they share (`csv:`): a generic CSV
  /// file's rows without an id are keyed by what they hold, so the same rows under another
  /// file name (`contacts (1).csv`) are the records imported before, not new ones.
  public var contentKeysShared: String? = nil
  /// Rows with fewer fields than the header, read with the missing fields empty (a truncated
  /// or mis-exported row): how many, and where the first is. Made a warning once the whole
  /// file is read (`warnOfShortRows()`).
  var shortRows = 0
  var firstShortRow: SourceLocation? = nil
  /// The number of columns the header of the short rows names.
  var headerColumns = 0

  public init(source: String, path: String) {
    self.source = source
    self.path = path
  }

  /// Marks the problems from index `start` on as records of `kind` (`people`,
  /// `interactions`…, as keyed in an import's summary), where they are counted when skipped.
  public mutating func markProblems(from start: Int = 0, as kind: String) {
    for k in problems.indices where k >= start && problems[k].recordKind == nil {
      problems[k].recordKind = kind
    }
  }

  /// Counts a row of fewer fields than the header's `columns`, at `location`.
  mutating func countShortRow(at location: SourceLocation, columns: Int) {
    shortRows += 1
    headerColumns = columns
    if firstShortRow.map({ location.line < $0.line }) ?? true { firstShortRow = location }
  }

  /// Adds the warning about the short rows counted, if any.
  mutating func warnOfShortRows() {
    guard shortRows > 0, let first = firstShortRow else { return }
    let rows = shortRows == 1 ? "a row has" : "\(shortRows) rows have"
    warnings.append(
      ImportError(
        path: path, location: first,
        message:
          "\(rows) fewer fields than the header's \(headerColumns) columns (the first here); the missing fields were read as empty"
      ))
    shortRows = 0
    firstShortRow = nil
  }

  /// The number of records of every kind (problems excluded).
  public var recordCount: Int {
    people.count + organisations.count + affiliations.count + interactions.count + notes.count
      + exchanges.count + ties.count
  }

  /// Appends another batch's records (same source namespace assumed).
  public mutating func append(contentsOf other: ImportBatch) {
    people += other.people
    organisations += other.organisations
    affiliations += other.affiliations
    vacatedPlaces += other.vacatedPlaces
    interactions += other.interactions
    notes += other.notes
    exchanges += other.exchanges
    ties += other.ties
    problems += other.problems
    warnings += other.warnings
    shortRows += other.shortRows
    headerColumns = max(headerColumns, other.headerColumns)
    if let first = other.firstShortRow, firstShortRow.map({ first.line < $0.line }) ?? true {
      firstShortRow = first
    }
    leftOut.merge(other.leftOut, uniquingKeysWith: +)
    replacedGroups.formUnion(other.replacedGroups)
    if let through = other.replacedThrough {
      replacedThrough = min(replacedThrough ?? through, through)
    }
    revisions.merge(other.revisions) { mine, theirs in
      mine.isOlder(than: theirs, sameComponent: true) ? theirs : mine
    }
  }
}

/// Which version of a record a source holds, as calendars tell them apart (RFC 5545 §3.8.7):
/// a component's SEQUENCE counts its revisions, and LAST-MODIFIED (else DTSTAMP, which an
/// export without METHOD sets to the same instant, and one with METHOD to the export's)
/// dates them.
public struct SourceRevision: Sendable, Hashable {
  public var sequence: Int
  /// LAST-MODIFIED, in seconds since 1970-01-01T00:00:00Z.
  public var modified: Int64?
  /// DTSTAMP, in seconds since 1970-01-01T00:00:00Z.
  public var stamp: Int64?

  public init(sequence: Int = 0, modified: Int64? = nil, stamp: Int64? = nil) {
    self.sequence = sequence
    self.modified = modified
    self.stamp = stamp
  }

  /// Whether this version precedes `other`. Of one component (`sameComponent`: an event and
  /// the same event, an override and the same override) the SEQUENCE decides first; those of
  /// different components (an occurrence shaped by its series, then by an override of its
  /// own) count their sequences apart, so only their dates compare. LAST-MODIFIED when both
  /// have it, else DTSTAMP; a version that cannot be dated precedes nothing.
  public func isOlder(than other: SourceRevision, sameComponent: Bool) -> Bool {
    if sameComponent && sequence != other.sequence { return sequence < other.sequence }
    if let mine = modified, let theirs = other.modified { return mine < theirs }
    if let mine = stamp, let theirs = other.stamp { return mine < theirs }
    return false
  }
}

/// A person as a batch names them.
public enum PersonReference: Sendable, Hashable, CustomStringConvertible {
  /// The store's ego (the user running the import).
  case me
  /// The `ImportedPerson` of the same batch whose `key` this is.
  case record(String)

  public var description: String {
    switch self {
    case .me: "me"
    case .record(let key): key
    }
  }
}

/// A person as read from a source. Identifiers are kept as written; the store normalises them
/// (`IdentityKey`) to find the person among those already stored.
public struct ImportedPerson: Sendable, Hashable {
  /// How the store finds the stored person a record is.
  public enum Resolution: Sendable, Hashable {
    /// A person described by a source (a contact, a connection): matched on identifiers
    /// (email, profile URL, phone); a name-only match is reported, never merged.
    case identity
    /// A person merely named, as on the command line (a CSV row's "with" column): found by
    /// handle, name, alias or email, created when nobody matches; several matches are an error.
    case reference
  }

  /// Unique within the batch; also the person's source id (e.g. a profile URL, a vCard UID).
  public var key: String
  public var name: String
  /// The handle the person gets if the import creates them (`kith export csv` writes the
  /// handles people had, which its tables name them by); nil for one made from the name.
  public var handle: String?
  public var aliases: [String]
  public var emails: [String]
  public var phones: [String]
  public var urls: [String]
  public var tags: [String]
  /// Extra facts kept with the person, such as `birthday` (as written in the source).
  public var details: [String: String]
  public var resolution: Resolution
  public var location: SourceLocation

  public init(
    key: String, name: String, handle: String? = nil, aliases: [String] = [],
    emails: [String] = [], phones: [String] = [], urls: [String] = [], tags: [String] = [],
    details: [String: String] = [:], resolution: Resolution = .identity,
    location: SourceLocation
  ) {
    self.resolution = resolution
    self.key = key
    self.name = name
    self.handle = handle
    self.aliases = aliases
    self.emails = emails
    self.phones = phones
    self.urls = urls
    self.tags = tags
    self.details = details
    self.location = location
  }
}

/// An organisation as read from a source; matched to stored ones by name or domain.
public struct ImportedOrganisation: Sendable, Hashable {
  /// Unique within the batch (affiliations refer to it).
  public var key: String
  public var name: String
  public var domains: [String]
  public var location: SourceLocation

  public init(key: String, name: String, domains: [String] = [], location: SourceLocation) {
    self.key = key
    self.name = name
    self.domains = domains
    self.location = location
  }
}

/// A role of a person at an organisation of the same batch.
public struct ImportedAffiliation: Sendable, Hashable {
  public var person: PersonReference
  /// The `ImportedOrganisation.key`.
  public var organisation: String
  public var role: String?
  public var from: Date?
  public var to: Date?
  /// The place this affiliation fills in the source, when the source holds one at a time (a
  /// LinkedIn connection's current position): a later import that fills it with another
  /// organisation or role ends the stored one the day before the batch's `snapshotDate`.
  public var sourceID: String?
  public var location: SourceLocation

  public init(
    person: PersonReference, organisation: String, role: String? = nil, from: Date? = nil,
    to: Date? = nil, sourceID: String? = nil, location: SourceLocation
  ) {
    self.sourceID = sourceID
    self.person = person
    self.organisation = organisation
    self.role = role
    self.from = from
    self.to = to
    self.location = location
  }
}

/// An interaction as read from a source. Participants that resolve to the same person are
/// counted once; one left with fewer than two distinct people is skipped and reported.
public struct ImportedInteraction: Sendable, Hashable {
  public var sourceID: String
  public var time: Date
  public var kind: InteractionKind
  public var participants: [PersonReference]
  public var initiator: PersonReference?
  public var channel: String?
  public var summary: String?
  public var followUp: Date?
  /// The day, for a record dated with no time of day (`Interaction.day`); `time` is then the
  /// start of that day.
  public var day: Int64?
  public var location: SourceLocation

  public init(
    sourceID: String, time: Date, kind: InteractionKind, participants: [PersonReference],
    initiator: PersonReference? = nil, channel: String? = nil, summary: String? = nil,
    followUp: Date? = nil, day: Int64? = nil, location: SourceLocation
  ) {
    self.sourceID = sourceID
    self.time = time
    self.kind = kind
    self.participants = participants
    self.initiator = initiator
    self.channel = channel
    self.summary = summary
    self.followUp = followUp
    self.day = day
    self.location = location
  }
}

/// A note about a person or an organisation of the same batch.
public struct ImportedNote: Sendable, Hashable {
  public enum Subject: Sendable, Hashable {
    case person(PersonReference)
    /// An `ImportedOrganisation.key`.
    case organisation(String)
  }

  public var sourceID: String
  public var time: Date
  public var text: String
  public var subject: Subject
  public var location: SourceLocation
  /// The calendar day of a note dated in the file with a date alone (`Note.day`).
  public var day: Int64?

  public init(
    sourceID: String, time: Date, text: String, subject: Subject, location: SourceLocation,
    day: Int64? = nil
  ) {
    self.sourceID = sourceID
    self.time = time
    self.text = text
    self.subject = subject
    self.location = location
    self.day = day
  }
}

/// Something given by one person to another (an endorsement, an introduction…).
public struct ImportedExchange: Sendable, Hashable {
  public var sourceID: String
  public var time: Date
  public var giver: PersonReference
  public var receiver: PersonReference
  public var kind: ExchangeKind
  public var note: String?
  public var location: SourceLocation
  /// The calendar day of an exchange dated in the file with a date alone (`Exchange.day`).
  public var day: Int64?

  public init(
    sourceID: String, time: Date, giver: PersonReference, receiver: PersonReference,
    kind: ExchangeKind, note: String? = nil, location: SourceLocation, day: Int64? = nil
  ) {
    self.sourceID = sourceID
    self.time = time
    self.giver = giver
    self.receiver = receiver
    self.kind = kind
    self.note = note
    self.location = location
    self.day = day
  }
}

/// Knowledge that two people know each other, with no interaction behind it (a LinkedIn
/// connection, an edge of an edge list). Dated ties decay from their date, whose earliest
/// becomes the pair's first contact.
public struct ImportedTie: Sendable, Hashable {
  public var sourceID: String
  public var a: PersonReference
  public var b: PersonReference
  public var weight: Double
  public var date: Date?
  public var location: SourceLocation

  public init(
    sourceID: String, a: PersonReference, b: PersonReference, weight: Double, date: Date? = nil,
    location: SourceLocation
  ) {
    self.sourceID = sourceID
    self.a = a
    self.b = b
    self.weight = weight
    self.date = date
    self.location = location
  }
}

extension ImportError {
  /// A record-level problem: `field` of the record at `location`.
  public static func record(at location: SourceLocation, field: String, _ message: String)
    -> ImportError
  {
    ImportError(path: location.path, location: location, message: "\(field): \(message)")
  }
}
