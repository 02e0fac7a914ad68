import Foundation
import KithGraph

/// A position in an input file: 1-based line and column.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
  public var path: String
  public var line: Int
  public var column: Int

  public init(path: String, line: Int, column: Int) {
    self.path = path
    self.line = line
    self.column = column
  }

  public var description: String { "\(path):\(line):\(column)" }
}

/// An input file Kith cannot read.
public struct ImportError: Error, Sendable, Hashable, CustomStringConvertible {
  public var location: SourceLocation?
  public var path: String
  public var message: String
  /// Whether the file itself is missing or unreadable (exit code 66) rather than malformed.
  public var isMissingFile: Bool
  /// For a record a reader could not read (`ImportBatch.problems`), the kind of record it
  /// would have been, keyed as in an import's summary (`people`, `interactions`…): skipped, it
  /// is counted there. Nil when unknown.
  public var recordKind: String? = nil

  public init(
    path: String, location: SourceLocation? = nil, message: String, isMissingFile: Bool = false
  ) {
    self.path = path
    self.location = location
    self.message = message
    self.isMissingFile = isMissingFile
  }

  public var description: String { "\(location?.description ?? path): \(message)" }
}

/// Reads a JSON backup written by `kith export json`.
///
/// A reader of its own, straight from the bytes into the records (Foundation's `JSONDecoder`
/// took about 1.2 s of a 200k-interaction restore, in its generic containers). It reads what
/// `JSONDecoder` read from `Backup`'s `Codable` form: keys in any order, unknown keys ignored,
/// an optional field missing or null; dates in any form `KithTime.parse` accepts. Every error
/// names the file, the line and column, and the field (`people[3].name: missing`).
public enum BackupReader {
  /// Reads and decodes the backup at `path`.
  /// - Throws: `ImportError` naming path:line:col and the field for malformed input.
  public static func read(path: String) throws(ImportError) -> Backup {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw ImportError(path: path, message: "cannot read the file", isMissingFile: true)
    }
    return try decode(data, path: path)
  }

  /// Decodes backup JSON; `path` is only used in error messages.
  public static func decode(_ data: Data, path: String) throws(ImportError) -> Backup {
    if data.isEmpty { throw ImportError(path: path, message: "the file is empty") }
    let result = data.withUnsafeBytes { raw -> Result<Backup, ImportError> in
      var reader = _BackupJSON(raw.bindMemory(to: UInt8.self), path: path)
      do throws(ImportError) {
        return .success(try reader.backup())
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }
}

/// The backup's JSON, read record by record (see `BackupReader`).
struct _BackupJSON {
  private let bytes: UnsafeBufferPointer<UInt8>
  private let path: String
  private var i = 0
  /// Where the value being read sits (`people`, `[3]`, …), for error messages.
  private var trail: [Step] = []
  private var depth = 0

  private enum Step {
    case key(String)
    case index(Int)
  }

  /// How deep `skipValue` follows nested values (as `JSONDecoder`, 512).
  private static let maxDepth = 512

  init(_ bytes: UnsafeBufferPointer<UInt8>, path: String) {
    self.bytes = bytes
    self.path = path
  }

  // MARK: The records

  mutating func backup() throws(ImportError) -> Backup {
    // A byte order mark, as some editors write one.
    if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { i = 3 }
    var backup = Backup()
    var seen = Set<String>()
    let start = try objectStart()
    try fields { r, key throws(ImportError) in
      seen.insert(key)
      switch key {
      case "schemaVersion": backup.schemaVersion = Int(try r.int(key))
      case "ego": backup.ego = try r.optionalString(key)
      case "settings": backup.settings = try r.settings(key)
      case "people": backup.people = try r.list(key) { r throws(ImportError) in try r.person() }
      case "personDetails":
        backup.personDetails = try r.list(key) { r throws(ImportError) in try r.personDetail() }
      case "organisations":
        backup.organisations = try r.list(key) { r throws(ImportError) in try r.organisation() }
      case "affiliations":
        backup.affiliations = try r.list(key) { r throws(ImportError) in try r.affiliation() }
      case "interactions":
        backup.interactions = try r.list(key) { r throws(ImportError) in try r.interaction() }
      case "exchanges":
        backup.exchanges = try r.list(key) { r throws(ImportError) in try r.exchange() }
      case "referrals":
        backup.referrals = try r.list(key) { r throws(ImportError) in try r.referral() }
      case "ties": backup.ties = try r.list(key) { r throws(ImportError) in try r.tie() }
      case "notes": backup.notes = try r.list(key) { r throws(ImportError) in try r.note() }
      case "tagCadences":
        backup.tagCadences = try r.list(key) { r throws(ImportError) in try r.tagCadence() }
      case "personCadences":
        backup.personCadences = try r.list(key) { r throws(ImportError) in
          try r.personCadence()
        }
      case "followUpDismissals":
        backup.followUpDismissals = try r.list(key) { r throws(ImportError) in
          try r.followUpDismissal()
        }
      case "tiesLetGo":
        backup.tiesLetGo = try r.list(key) { r throws(ImportError) in try r.tieLetGo() }
      case "importSources":
        backup.importSources = try r.list(key) { r throws(ImportError) in try r.importSource() }
      case "importRevisions":
        backup.importRevisions = try r.list(key) { r throws(ImportError) in
          try r.importRevision()
        }
      case "retiredIDs": backup.retiredIDs = try r.intMap(key)
      default: try r.skipValue()
      }
    }
    for key in [
      "schemaVersion", "settings", "people", "organisations", "affiliations", "interactions",
      "exchanges", "referrals", "ties", "notes", "tagCadences",
    ] where !seen.contains(key) {
      throw missing(key, objectAt: start)
    }
    skipWhitespace()
    if i < bytes.count { throw invalid("more text after the backup's object") }
    return backup
  }

  private mutating func person() throws(ImportError) -> Person {
    var id: Int64?
    var handle: String?
    var name: String?
    var aliases: [String]?
    var emails: [String]?
    var phones: [String]?
    var urls: [String]?
    var tags: [String]?
    var interests: [String]?
    var cadenceDays: Int64?
    var followUpsDismissed: Date?
    let start = try objectStart()
    try fields { r, key throws(ImportError) in
      switch key {
      case "id": id = try r.int(key)
      case "handle": handle = try r.string(key)
      case "name": name = try r.string(key)
      case "aliases": aliases = try r.strings(key)
      case "emails": emails = try r.strings(key)
      case "phones": phones = try r.strings(key)
      case "urls": urls = try r.strings(key)
      case "tags": tags = try r.strings(key)
      case "interests": interests = try r.strings(key)
      case "cadenceDays": cadenceDays = try r.optionalInt(key)
      case "followUpsDismissed": followUpsDismissed = try r.optionalDate(key)
      default: try r.skipValue()
      }
    }
    return Person(
      id: try required(id, "id", start), handle: try required(handle, "handle", start),
      name: try required(name, "name", start), aliases: try required(aliases, "aliases", start),
      emails: try required(emails, "emails", start), phones: try required(phones, "phones", start),
      urls: try required(urls, "urls", start), tags: try required(tags, "tags", start),
      interests: try required(interests, "interests", start),
      cadenceDays: cadenceDays.map(Int.init),
      followUpsDismissed: followUpsDismissed)
  }

  private mutating func personDetail() throws(ImportError) -> PersonDetail {
    var person: Int64?
    var key: String?
    var value: String?
    let start = try objectStart()
    try fields { r, field throws(ImportError) in
      switch field {
      case "person": person = try r.int(field)
      case "key": key = try r.string(field)
      case "value": value = try r.string(field)
      default: try r.skipValue()
      }
    }
    return PersonDetail(
      person: try required(person, "person", start), key: try required(key, "key", start),
      value: try required(value, "value", start))
  }

  private mutating func organisation() throws(ImportError) -> Organisation {
    var id: Int64?
    var handle: String?
    var name: String?
    var domains: [String]?
    var tags: [String]?
    let start = try objectStart()
    try fields { r, key throws(ImportError) in
      switch key {
      case "id": id = try r.int(key)
      case "handle": handle = try r.string(key)
      case "name": name = try r.string(key)
      case "domains": domains = try r.strings(key)
      case "tags": tags = try r.strings(key)
      default: try r.skipValue()
      }
    }
    return Organisation(
      id: try required(id, "id", start), handle: try required(handle, "handle", start),
      name: try required(name, "name", start), domains: try required(domains, "domains", start),
      tags: try required(tags, "tags", start))
  }

  private mutating func affiliation() throws(ImportError) -> Affiliation {
    var id: Int64?
    var person: Int64?
    var organisation: Int64?
    var role: String?
    var from: Date?
    var to: Date?
    let start = try objectStart()
    try fields { r, key throws(ImportError) in
      switch key {
      case "id": id = try r.int(key)
      case "person": person = try r.int(key)
      case "organisation": organisation = try r.int(key)
      case "role": role = try r.optionalString(key)
      case "from": from = try r.optionalDate(key)
      case "to": to = try r.optionalDate(key)
      default: try r.skipValue()
      }
    }
    return Affiliation(
      id: try required(id, "id", start), person: try required(person, "person", start),
      organisation: try required(organisation, "organisation", start), role: role, from: from,
      to: to)
  }

  private mutating func interaction() throws(ImportError) -> Interaction {
    var id: Int64?
    var time: Date?
    var kind: InteractionKind?
    var participants: [Int64]?
    var initiator: Int64?
    var channel: String?
    var summary: String?
    var followUp: Date?
    var source: String?
    var sourceID: String?
    var participantCount: Int64?
    var day: Int64?
    let start = try objectStart()
    try fields { r, key throws(ImportError) in
      switch key {
      case "id": id = try r.int(key)
      case "time": time = try r.date(key)
      case "day": day = try r.optionalDay(key)
      case "kind": kind = try r.kind(key, InteractionKind.self, "an interaction kind")
      case "participantCount": participantCount = try r.optionalInt(key)
      case "participants": participants = try r.ints(key)
      case "initiator": initiator = try r.optionalInt(key)
      case "channel": channel = try r.optionalString(key)
      case "summary": summary = try r.optionalString(key)
      case "followUp": followUp = try r.optionalDate(key)
      case "source": source = try r.optionalString(key)
      case "sourceID": sourceID = try r.optionalString(key)
      default: try r.skipValue()
      }
    }
    return Interaction(
      id: try required(id, "id", start), time: try required(time, "time", start),
      kind: try required(kind, "kind", start),
      participants: try required(participants, "participants", start), initiator: initiator,
      channel: channel, summary: summary, followUp: followUp, source: source, sourceID: sourceID,
      participantCount: participantCount.map { Int(clamping: $0) }, day: day)
  }

  private mutating func exchange() throws(ImportError) -> Exchange {
    var id: Int64?
    var time: Date?
    var giver: Int64?
    var receiver: Int64?
    var kind: ExchangeKind?
    var note: String?
    var day: Int64?
    let start = try objectStart()
    try fields { r, key throws(ImportError) in
      switch key {
      case "id": id = try r.int(key)
      case "time": time = try r.date(key)
      case "giver": giver = try r.int(key)
      case "receiver": receiver = try r.int(key)
      case "kind": kind = try r.kind(key, ExchangeKind.self, "an exchange kind")
      case "note": note = try r.optionalString(key)
      case "day": day = try r.optionalDay(key)
      default: try r.skipValue()
      }
    }
    return Exchange(
      id: try required(id, "id", start), time: try required(time, "time", start),
      giver: try required(giver, "giver", start),
      receiver: try required(receiver, "receiver", start),
      kind: try required(kind, "kind", start), note: note, day: day)
  }

  private mutating func referral() throws(ImportError) -> Referral {
    var id: Int64?
    var time: Date?
    var referrer: Int64?
    var recipient: Int64?
    var refereePerson: Int64?
    var refereeOrganisation: Int64?
    var why: String?
    var history: [ReferralEvent]?
    let start = try objectStart()
    try fields { r, key throws(ImportError) in
      switch key {
      case "id": id = try r.int(key)
      case "time": time = try r.date(key)
      case "referrer": referrer = try r.int(key)
      case "recipient": recipient = try r.int(key)
      case "refereePerson": refereePerson = try r.optionalInt(key)
      case "refereeOrganisation": refereeOrganisation = try r.optionalInt(key)
      case "why": why = try r.optionalString(key)
      case "history": history = try r.list(key) { r throws(ImportError) in try r.referralEvent() }
      default: try r.skipValue()
      }
    }
    return Referral(
      id: try required(id, "id", start), time: try required(time, "time", start),
      referrer: try required(referrer, "referrer", start),
      recipient: try required(recipient, "recipient", start), refereePerson: refereePerson,
      refereeOrganisation: refereeOrganisation, why: why,
      history: try required(history, "history", start))
  }

  private mutating func referralEvent() throws(ImportError) -> ReferralEvent {
    var status: ReferralStatus?
    var time: Date?
    var reason: String?
    var day: Int64?
    let start = try objectStart()
    try fields { r, key throws(ImportError) in
      switch key {
      case "status": status = try r.kind(key, ReferralStatus.self, "a referral status")
      case "time": time = try r.date(key)
      case "reason": reason = try r.optionalString(key)
      case "day": day = try r.optionalDay(key)
      default: try r.skipValue()
      }
    }
    return ReferralEvent(
      status: try required(status, "status", start), time: try required(time, "time", start),
      reason: reason, day: day)
  }

  private mutating func tie() throws(ImportError) -> Tie {
    var id: Int64?
    var a: Int64?
    var b: Int64?
    var weight: Double?
    var date: Date?
    var source: String?
    var sourceID: String?
    let start = try objectStart()
    try fields { r, key throws(ImportError) in
      switch key {
      case "id": id = try r.int(key)
      case "a": a = try r.int(key)
      case "b": b = try r.int(key)
      case "weight": weight = try r.double(key)
      case "date": date = try r.optionalDate(key)
      case "source": source = try r.optionalString(key)
      case "sourceID": sourceID = try r.optionalString(key)
      default: try r.skipValue()
      }
    }
    return Tie(
      id: try required(id, "id", start), a: try required(a, "a", start),
      b: try required(b, "b", start), weight: try required(weight, "weight", start), date: date,
      source: source, sourceID: sourceID)
  }

  private mutating func note() throws(ImportError) -> Note {
    var id: Int64?
    var time: Date?
    var text: String?
    var person: Int64?
    var organisation: Int64?
    var interaction: Int64?
    var day: Int64?
    let start = try objectStart()
    try fields { r, key throws(ImportError) in
      switch key {
      case "id": id = try r.int(key)
      case "time": time = try r.date(key)
      case "text": text = try r.string(key)
      case "person": person = try r.optionalInt(key)
      case "organisation": organisation = try r.optionalInt(key)
      case "interaction": interaction = try r.optionalInt(key)
      case "day": day = try r.optionalDay(key)
      default: try r.skipValue()
      }
    }
    return Note(
      id: try required(id, "id", start), time: try required(time, "time", start),
      text: try required(text, "text", start), person: person, organisation: organisation,
      interaction: interaction, day: day)
  }

  private mutating func tagCadence() throws(ImportError) -> TagCadence {
    var tag: String?
    var days: Int64?
    var ego: Int64?
    let start = try objectStart()
    try fields { r, key throws(ImportError) in
      switch key {
      case "tag": tag = try r.string(key)
      case "days": days = try r.int(key)
      case "ego": ego = try r.optionalInt(key)
      default: try r.skipValue()
      }
    }
    return TagCadence(
      tag: try required(tag, "tag", start), days: Int(try required(days, "days", start)),
      ego: ego)
  }

  private mutating func personCadence() throws(ImportError) -> PersonCadence {
    var ego: Int64?
    var person: Int64?
    var days: Int64?
    let start = try objectStart()
    try fields { r, key throws(ImportError) in
      switch key {
      case "ego": ego = try r.int(key)
      case "person": person = try r.int(key)
      case "days": days = try r.int(key)
      default: try r.skipValue()
      }
    }
    return PersonCadence(
      ego: try required(ego, "ego", start), person: try required(person, "person", start),
      days: Int(try required(days, "days", start)))
  }

  private mutating func followUpDismissal() throws(ImportError) -> FollowUpDismissal {
    var ego: Int64?
    var person: Int64?
    var time: Date?
    let start = try objectStart()
    try fields { r, key throws(ImportError) in
      switch key {
      case "ego": ego = try r.int(key)
      case "person": person = try r.int(key)
      case "time": time = try r.date(key)
      default: try r.skipValue()
      }
    }
    return FollowUpDismissal(
      ego: try required(ego, "ego", start), person: try required(person, "person", start),
      time: try required(time, "time", start))
  }

  private mutating func tieLetGo() throws(ImportError) -> TieLetGo {
    var ego: Int64?
    var person: Int64?
    var time: Date?
    var reason: String?
    let start = try objectStart()
    try fields { r, key throws(ImportError) in
      switch key {
      case "ego": ego = try r.optionalInt(key)
      case "person": person = try r.int(key)
      case "time": time = try r.date(key)
      case "reason": reason = try r.optionalString(key)
      default: try r.skipValue()
      }
    }
    return TieLetGo(
      ego: ego, person: try required(person, "person", start),
      time: try required(time, "time", start), reason: reason)
  }

  private mutating func importSource() throws(ImportError) -> ImportSource {
    var source: String?
    var kind: String?
    var sourceID: String?
    var entity: Int64?
    let start = try objectStart()
    try fields { r, key throws(ImportError) in
      switch key {
      case "source": source = try r.string(key)
      case "kind": kind = try r.string(key)
      case "sourceID": sourceID = try r.string(key)
      case "entity": entity = try r.int(key)
      default: try r.skipValue()
      }
    }
    return ImportSource(
      source: try required(source, "source", start), kind: try required(kind, "kind", start),
      sourceID: try required(sourceID, "sourceID", start),
      entity: try required(entity, "entity", start))
  }

  private mutating func importRevision() throws(ImportError) -> ImportRevision {
    var source: String?
    var sourceID: String?
    var sequence: Int64?
    var modified: Int64?
    var stamp: Int64?
    let start = try objectStart()
    try fields { r, key throws(ImportError) in
      switch key {
      case "source": source = try r.string(key)
      case "sourceID": sourceID = try r.string(key)
      case "sequence": sequence = try r.int(key)
      case "modified": modified = try r.optionalInt(key)
      case "stamp": stamp = try r.optionalInt(key)
      default: try r.skipValue()
      }
    }
    return ImportRevision(
      source: try required(source, "source", start),
      sourceID: try required(sourceID, "sourceID", start),
      sequence: try required(sequence, "sequence", start), modified: modified, stamp: stamp)
  }

  /// An object of integers (`retiredIDs`).
  private mutating func intMap(_ key: String) throws(ImportError) -> [String: Int64] {
    var values: [String: Int64] = [:]
    try at(key) { r throws(ImportError) in
      _ = try r.objectStart()
      try r.fields { r, name throws(ImportError) in values[name] = try r.int(name) }
    }
    return values
  }

  private mutating func settings(_ key: String) throws(ImportError) -> [String: String] {
    var settings: [String: String] = [:]
    try at(key) { r throws(ImportError) in
      _ = try r.objectStart()
      try r.fields { r, name throws(ImportError) in settings[name] = try r.string(name) }
    }
    return settings
  }

  // MARK: Values of a field

  /// A list whose elements `element` reads, each at its index in the trail.
  private mutating func list<T>(
    _ key: String, _ element: (inout _BackupJSON) throws(ImportError) -> T
  ) throws(ImportError) -> [T] {
    var items: [T] = []
    try at(key) { r throws(ImportError) in
      try r.elements { r, index throws(ImportError) in
        r.trail.append(.index(index))
        items.append(try element(&r))
        r.trail.removeLast()
      }
    }
    return items
  }

  private mutating func strings(_ key: String) throws(ImportError) -> [String] {
    try list(key) { r throws(ImportError) in try r.stringValue() }
  }

  private mutating func ints(_ key: String) throws(ImportError) -> [Int64] {
    try list(key) { r throws(ImportError) in try r.intValue() }
  }

  private mutating func int(_ key: String) throws(ImportError) -> Int64 {
    var value: Int64 = 0
    try at(key) { r throws(ImportError) in value = try r.intValue() }
    return value
  }

  private mutating func optionalInt(_ key: String) throws(ImportError) -> Int64? {
    if skipNull() { return nil }
    return try int(key)
  }

  private mutating func string(_ key: String) throws(ImportError) -> String {
    var value = ""
    try at(key) { r throws(ImportError) in value = try r.stringValue() }
    return value
  }

  private mutating func optionalString(_ key: String) throws(ImportError) -> String? {
    if skipNull() { return nil }
    return try string(key)
  }

  private mutating func double(_ key: String) throws(ImportError) -> Double {
    var value = 0.0
    try at(key) { r throws(ImportError) in
      let start = r.i
      guard let number = try r.number(), let parsed = Double(number) else {
        throw r.wrong("a number", at: start)
      }
      value = parsed
    }
    return value
  }

  private mutating func date(_ key: String) throws(ImportError) -> Date {
    var value = Date(timeIntervalSince1970: 0)
    try at(key) { r throws(ImportError) in
      let start = r.i
      let text = try r.stringValue()
      guard let date = KithTime.parse(text) else {
        throw r.failure("'\(text)' is not a date (YYYY-MM-DD or ISO 8601)", at: start)
      }
      value = date
    }
    return value
  }

  private mutating func optionalDate(_ key: String) throws(ImportError) -> Date? {
    if skipNull() { return nil }
    return try date(key)
  }

  /// A calendar day, `YYYY-MM-DD`, as its day number (days since 1970-01-01), or null.
  private mutating func optionalDay(_ key: String) throws(ImportError) -> Int64? {
    if skipNull() { return nil }
    var value: Int64 = 0
    try at(key) { r throws(ImportError) in
      let start = r.i
      let text = try r.stringValue()
      guard let day = KithTime.parseCalendarDay(text) else {
        throw r.failure("'\(text)' is not a day (YYYY-MM-DD)", at: start)
      }
      value = day
    }
    return value
  }

  /// A string that names a case of `T`.
  private mutating func kind<T: RawRepresentable & CaseIterable>(
    _ key: String, _ type: T.Type, _ what: String
  ) throws(ImportError) -> T where T.RawValue == String {
    var value: T?
    try at(key) { r throws(ImportError) in
      let start = r.i
      let text = try r.stringValue()
      guard let parsed = T(rawValue: text) else {
        let known = T.allCases.map(\.rawValue).joined(separator: ", ")
        throw r.failure("'\(text)' is not \(what) (\(known))", at: start)
      }
      value = parsed
    }
    guard let value else { throw invalid("no value") }
    return value
  }

  /// Runs `body` with `key` on the trail.
  private mutating func at(
    _ key: String, _ body: (inout _BackupJSON) throws(ImportError) -> Void
  ) throws(ImportError) {
    trail.append(.key(key))
    try body(&self)
    trail.removeLast()
  }

  // MARK: JSON

  /// Reads the `{` of an object; returns where it is.
  private mutating func objectStart() throws(ImportError) -> Int {
    skipWhitespace()
    guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else {
      throw i < bytes.count && startsValue(bytes[i])
        ? wrong("an object", at: i) : invalid("expected an object")
    }
    return i
  }

  /// Reads an object's fields after `objectStart`, each one's value by `body`, which must
  /// read it (or skip it).
  private mutating func fields(
    _ body: (inout _BackupJSON, String) throws(ImportError) -> Void
  ) throws(ImportError) {
    i += 1  // the `{`
    skipWhitespace()
    if i < bytes.count && bytes[i] == UInt8(ascii: "}") {
      i += 1
      return
    }
    while true {
      skipWhitespace()
      guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
        throw invalid("expected a field name in quotes")
      }
      let key = try stringValue()
      skipWhitespace()
      guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else {
        throw invalid("expected ':' after a field name")
      }
      i += 1
      skipWhitespace()
      try body(&self, key)
      skipWhitespace()
      guard i < bytes.count else { throw invalid("the object is not closed") }
      if bytes[i] == UInt8(ascii: ",") {
        i += 1
      } else if bytes[i] == UInt8(ascii: "}") {
        i += 1
        return
      } else {
        throw invalid("expected ',' or '}'")
      }
    }
  }

  /// Reads an array, each element by `body` with its index.
  private mutating func elements(
    _ body: (inout _BackupJSON, Int) throws(ImportError) -> Void
  ) throws(ImportError) {
    skipWhitespace()
    guard i < bytes.count, bytes[i] == UInt8(ascii: "[") else {
      throw i < bytes.count && startsValue(bytes[i])
        ? wrong("a list", at: i) : invalid("expected a list")
    }
    i += 1
    skipWhitespace()
    if i < bytes.count && bytes[i] == UInt8(ascii: "]") {
      i += 1
      return
    }
    var index = 0
    while true {
      skipWhitespace()
      try body(&self, index)
      index += 1
      skipWhitespace()
      guard i < bytes.count else { throw invalid("the list is not closed") }
      if bytes[i] == UInt8(ascii: ",") {
        i += 1
      } else if bytes[i] == UInt8(ascii: "]") {
        i += 1
        return
      } else {
        throw invalid("expected ',' or ']'")
      }
    }
  }

  private mutating func skipWhitespace() {
    while i < bytes.count {
      switch bytes[i] {
      case 0x20, 0x0A, 0x0D, 0x09: i += 1
      default: return
      }
    }
  }

  /// Reads a `null` if one is next.
  private mutating func skipNull() -> Bool {
    skipWhitespace()
    guard literal("null") else { return false }
    i += 4
    return true
  }

  /// Whether the bytes at `i` spell `word` (ASCII).
  private func literal(_ word: StaticString) -> Bool {
    let count = word.utf8CodeUnitCount
    guard i + count <= bytes.count else { return false }
    let start = word.utf8Start
    for k in 0..<count where bytes[i + k] != start[k] { return false }
    return true
  }

  private func startsValue(_ c: UInt8) -> Bool {
    switch c {
    case UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "-"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "t"), UInt8(ascii: "f"),
      UInt8(ascii: "n"):
      return true
    default: return false
    }
  }

  private mutating func intValue() throws(ImportError) -> Int64 {
    skipWhitespace()
    let start = i
    // The usual case: digits alone, at most 18 of them.
    var k = i
    let negative = k < bytes.count && bytes[k] == UInt8(ascii: "-")
    if negative { k += 1 }
    var value: Int64 = 0
    let first = k
    while k < bytes.count, k - first < 18, bytes[k] &- UInt8(ascii: "0") < 10 {
      value = value * 10 + Int64(bytes[k] &- UInt8(ascii: "0"))
      k += 1
    }
    if k > first, k - first == 1 || bytes[first] != UInt8(ascii: "0"),
      k == bytes.count || !Self.continuesNumber(bytes[k])
    {
      i = k
      return negative ? -value : value
    }
    // Anything else: the whole number, which must be a whole number in 64 bits.
    guard let text = try number() else { throw wrong("an integer", at: start) }
    if let exact = Int64(text) { return exact }
    if let real = Double(text), real.rounded() == real, let exact = Int64(exactly: real) {
      return exact
    }
    throw failure("\(text) is not a whole number of 64 bits", at: start)
  }

  private static func continuesNumber(_ c: UInt8) -> Bool {
    c &- UInt8(ascii: "0") < 10 || c == UInt8(ascii: ".") || c == UInt8(ascii: "e")
      || c == UInt8(ascii: "E")
  }

  /// Reads a JSON number's text; nil (having read nothing) when the next value is not one.
  private mutating func number() throws(ImportError) -> String? {
    skipWhitespace()
    let start = i
    guard i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] &- UInt8(ascii: "0") < 10
    else { return nil }
    if bytes[i] == UInt8(ascii: "-") { i += 1 }
    func digits(_ r: inout _BackupJSON) -> Int {
      let from = r.i
      while r.i < r.bytes.count, r.bytes[r.i] &- UInt8(ascii: "0") < 10 { r.i += 1 }
      return r.i - from
    }
    let integerStart = i
    let integerDigits = digits(&self)
    guard integerDigits > 0 else { throw invalid("expected digits") }
    if integerDigits > 1 && bytes[integerStart] == UInt8(ascii: "0") {
      throw invalid("a number cannot start with 0", at: integerStart)
    }
    if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
      i += 1
      guard digits(&self) > 0 else { throw invalid("expected digits after '.'") }
    }
    if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
      i += 1
      if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
      guard digits(&self) > 0 else { throw invalid("expected digits in the exponent") }
    }
    return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
  }

  /// Reads a string value (the next value must be one).
  private mutating func stringValue() throws(ImportError) -> String {
    skipWhitespace()
    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
      throw i < bytes.count && startsValue(bytes[i])
        ? wrong("a string", at: i) : invalid("expected a string")
    }
    i += 1
    let start = i
    // The usual case: no escape.
    while i < bytes.count {
      let c = bytes[i]
      if c == UInt8(ascii: "\"") {
        let text = UnsafeBufferPointer(rebasing: bytes[start..<i])
        i += 1
        return try validated(text, at: start)
      }
      if c == UInt8(ascii: "\\") || c < 0x20 { break }
      i += 1
    }
    var out = Array(UnsafeBufferPointer(rebasing: bytes[start..<i]))
    while i < bytes.count {
      let c = bytes[i]
      switch c {
      case UInt8(ascii: "\""):
        i += 1
        return try out.withUnsafeBufferPointer { text throws(ImportError) in
          try validated(text, at: start)
        }
      case UInt8(ascii: "\\"):
        i += 1
        guard i < bytes.count else { throw invalid("the string is not closed") }
        let escape = bytes[i]
        i += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
          var scalar = try hex4()
          if (0xD800..<0xDC00).contains(scalar) {
            guard literal("\\u") else { throw invalid("a lone surrogate in \\u escapes") }
            i += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else {
              throw invalid("a lone surrogate in \\u escapes")
            }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          } else if (0xDC00..<0xE000).contains(scalar) {
            throw invalid("a lone surrogate in \\u escapes")
          }
          guard let unicode = Unicode.Scalar(scalar) else { throw invalid("not a character") }
          out.append(contentsOf: String(Character(unicode)).utf8)
        default:
          throw invalid("'\\\(Character(Unicode.Scalar(escape)))' is not an escape", at: i - 2)
        }
      default:
        if c < 0x20 { throw invalid("a control character must be escaped in a string") }
        out.append(c)
        i += 1
      }
    }
    throw invalid("the string is not closed")
  }

  private mutating func hex4() throws(ImportError) -> UInt32 {
    guard i + 4 <= bytes.count else { throw invalid("expected four hex digits") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let c = bytes[i]
      let digit: UInt8
      switch c {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
      default: throw invalid("expected four hex digits")
      }
      value = value << 4 | UInt32(digit)
      i += 1
    }
    return value
  }

  private func validated(_ text: UnsafeBufferPointer<UInt8>, at start: Int) throws(ImportError)
    -> String
  {
    // ASCII needs no validation (the usual case; `String(validating:)` goes through the
    // runtime's generic metadata on every call).
    var any: UInt8 = 0
    for c in text { any |= c }
    if any < 0x80 { return String(decoding: text, as: UTF8.self) }
    guard let string = String(validating: text, as: UTF8.self) else {
      throw invalid("the text is not UTF-8", at: start)
    }
    return string
  }

  /// Skips any value.
  private mutating func skipValue() throws(ImportError) {
    skipWhitespace()
    guard i < bytes.count else { throw invalid("expected a value") }
    switch bytes[i] {
    case UInt8(ascii: "\""): _ = try stringValue()
    case UInt8(ascii: "{"):
      depth += 1
      guard depth <= Self.maxDepth else { throw invalid("nested too deeply") }
      try fields { r, _ throws(ImportError) in try r.skipValue() }
      depth -= 1
    case UInt8(ascii: "["):
      depth += 1
      guard depth <= Self.maxDepth else { throw invalid("nested too deeply") }
      try elements { r, _ throws(ImportError) in try r.skipValue() }
      depth -= 1
    case UInt8(ascii: "t") where literal("true"): i += 4
    case UInt8(ascii: "f") where literal("false"): i += 5
    case UInt8(ascii: "n") where literal("null"): i += 4
    default:
      guard try number() != nil else { throw invalid("expected a value") }
    }
  }

  // MARK: Errors

  private func required<T>(_ value: T?, _ key: String, _ start: Int) throws(ImportError) -> T {
    guard let value else { throw missing(key, objectAt: start) }
    return value
  }

  /// The field path of the trail, with `key` after it: `people[3].name`.
  private func field(_ key: String? = nil) -> String {
    var out = ""
    for step in trail {
      switch step {
      case .key(let name): out += out.isEmpty ? name : ".\(name)"
      case .index(let index): out += "[\(index)]"
      }
    }
    if let key { out += out.isEmpty ? key : ".\(key)" }
    return out
  }

  private func missing(_ key: String, objectAt start: Int) -> ImportError {
    ImportError(path: path, location: location(start), message: "\(field(key)): missing")
  }

  /// The value at `start` is of the wrong type.
  private func wrong(_ expected: String, at start: Int) -> ImportError {
    var found = "something else"
    if start < bytes.count {
      switch bytes[start] {
      case UInt8(ascii: "\""): found = "a string"
      case UInt8(ascii: "{"): found = "an object"
      case UInt8(ascii: "["): found = "a list"
      case UInt8(ascii: "n"): found = "null"
      case UInt8(ascii: "t"), UInt8(ascii: "f"): found = "true or false"
      default: found = "a number"
      }
    }
    return failure("expected \(expected), found \(found)", at: start)
  }

  /// A field's value that is valid JSON but not what the field holds.
  private func failure(_ message: String, at start: Int) -> ImportError {
    let name = field()
    return ImportError(
      path: path, location: location(start), message: name.isEmpty ? message : "\(name): \(message)"
    )
  }

  /// Text that is not JSON, at `offset` (by default where reading stopped).
  private func invalid(_ detail: String, at offset: Int? = nil) -> ImportError {
    ImportError(
      path: path, location: location(min(offset ?? i, bytes.count)),
      message: "not valid JSON: \(detail)")
  }

  /// The line and column (in characters) of byte `offset`.
  private func location(_ offset: Int) -> SourceLocation {
    var line = 1
    var column = 1
    for k in 0..<min(offset, bytes.count) {
      if bytes[k] == 0x0A {
        line += 1
        column = 1
      } else if bytes[k] & 0xC0 != 0x80 {
        column += 1
      }
    }
    return SourceLocation(path: path, line: line, column: column)
  }
}
