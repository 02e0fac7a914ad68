import Foundation
import KithGraph

/// Writes the lossless JSON backup (`kith export json`).
///
/// The bytes are those `Backup.makeEncoder()` (Foundation's `JSONEncoder`: sorted keys, pretty
/// printed, slashes unescaped, dates as `KithTime.format`) writes, and a final newline; the
/// tests hold the two to each other. This writer puts them down field by field into one
/// buffer, without the encoder's tree of boxed values and its generic containers: a backup of
/// 200k interactions took about 1.5 s in `JSONEncoder`.
public enum BackupWriter {
  /// The backup as UTF-8 JSON text with sorted keys and a final newline.
  public static func encode(_ backup: Backup) -> Data {
    var out = _PrettyJSON()
    out.bytes.reserveCapacity(
      256 * (backup.interactions.count + backup.people.count) + 64 * backup.personDetails.count
        + 4096)
    out.object {
      $0.array("affiliations", backup.affiliations) { o, a in
        o.date("from", a.from)
        o.int("id", a.id)
        o.int("organisation", a.organisation)
        o.int("person", a.person)
        o.string("role", a.role)
        o.date("to", a.to)
      }
      $0.string("ego", backup.ego)
      $0.array("exchanges", backup.exchanges) { o, e in
        o.string("day", e.day.map(KithTime.formatCalendarDay))
        o.int("giver", e.giver)
        o.int("id", e.id)
        o.string("kind", e.kind.rawValue)
        o.string("note", e.note)
        o.int("receiver", e.receiver)
        o.date("time", e.time)
      }
      $0.array("followUpDismissals", backup.followUpDismissals) { o, d in
        o.int("ego", d.ego)
        o.int("person", d.person)
        o.date("time", d.time)
      }
      $0.array("importRevisions", backup.importRevisions) { o, r in
        o.int("modified", r.modified)
        o.int("sequence", r.sequence)
        o.string("source", r.source)
        o.string("sourceID", r.sourceID)
        o.int("stamp", r.stamp)
      }
      $0.array("importSources", backup.importSources) { o, s in
        o.int("entity", s.entity)
        o.string("kind", s.kind)
        o.string("source", s.source)
        o.string("sourceID", s.sourceID)
      }
      $0.array("interactions", backup.interactions) { o, i in
        o.string("channel", i.channel)
        o.string("day", i.day.map(KithTime.formatCalendarDay))
        o.date("followUp", i.followUp)
        o.int("id", i.id)
        o.int("initiator", i.initiator)
        o.string("kind", i.kind.rawValue)
        o.int("participantCount", i.participantCount.map(Int64.init))
        o.ints("participants", i.participants)
        o.string("source", i.source)
        o.string("sourceID", i.sourceID)
        o.string("summary", i.summary)
        o.date("time", i.time)
      }
      $0.array("notes", backup.notes) { o, n in
        o.string("day", n.day.map(KithTime.formatCalendarDay))
        o.int("id", n.id)
        o.int("interaction", n.interaction)
        o.int("organisation", n.organisation)
        o.int("person", n.person)
        o.string("text", n.text)
        o.date("time", n.time)
      }
      $0.array("organisations", backup.organisations) { o, g in
        o.strings("domains", g.domains)
        o.string("handle", g.handle)
        o.int("id", g.id)
        o.string("name", g.name)
        o.strings("tags", g.tags)
      }
      $0.array("people", backup.people) { o, p in
        o.strings("aliases", p.aliases)
        o.int("cadenceDays", p.cadenceDays.map(Int64.init))
        o.strings("emails", p.emails)
        o.date("followUpsDismissed", p.followUpsDismissed)
        o.string("handle", p.handle)
        o.int("id", p.id)
        o.strings("interests", p.interests)
        o.string("name", p.name)
        o.strings("phones", p.phones)
        o.strings("tags", p.tags)
        o.strings("urls", p.urls)
      }
      $0.array("personCadences", backup.personCadences) { o, c in
        o.int("days", Int64(c.days))
        o.int("ego", c.ego)
        o.int("person", c.person)
      }
      $0.array("personDetails", backup.personDetails) { o, d in
        o.string("key", d.key)
        o.int("person", d.person)
        o.string("value", d.value)
      }
      $0.array("referrals", backup.referrals) { o, r in
        o.array("history", r.history) { o, event in
          o.string("day", event.day.map(KithTime.formatCalendarDay))
          o.string("reason", event.reason)
          o.string("status", event.status.rawValue)
          o.date("time", event.time)
        }
        o.int("id", r.id)
        o.int("recipient", r.recipient)
        o.int("refereeOrganisation", r.refereeOrganisation)
        o.int("refereePerson", r.refereePerson)
        o.int("referrer", r.referrer)
        o.date("time", r.time)
        o.string("why", r.why)
      }
      $0.intMap("retiredIDs", backup.retiredIDs)
      $0.int("schemaVersion", Int64(backup.schemaVersion))
      $0.stringMap("settings", backup.settings)
      $0.array("tagCadences", backup.tagCadences) { o, c in
        o.int("days", Int64(c.days))
        o.int("ego", c.ego)
        o.string("tag", c.tag)
      }
      $0.array("ties", backup.ties) { o, t in
        o.int("a", t.a)
        o.int("b", t.b)
        o.date("date", t.date)
        o.int("id", t.id)
        o.string("source", t.source)
        o.string("sourceID", t.sourceID)
        o.double("weight", t.weight)
      }
      $0.array("tiesLetGo", backup.tiesLetGo) { o, l in
        o.int("ego", l.ego)
        o.int("person", l.person)
        o.string("reason", l.reason)
        o.date("time", l.time)
      }
    }
    out.bytes.append(0x0A)
    return Data(out.bytes)
  }
}

/// JSON text as Foundation's `JSONEncoder` pretty-prints it (`[.sortedKeys, .prettyPrinted,
/// .withoutEscapingSlashes]`): two spaces of indentation, `"key" : value`, an empty array or
/// object as its brackets around an empty line, optional fields left out when nil. The caller
/// writes an object's fields in sorted order.
struct _PrettyJSON {
  var bytes: [UInt8] = []
  private var depth = 0
  /// Whether the object or array being written has a member yet.
  private var hasMember = false

  /// Writes an object whose fields `body` writes.
  mutating func object(_ body: (inout _PrettyJSON) -> Void) {
    open(UInt8(ascii: "{"))
    body(&self)
    close(UInt8(ascii: "}"))
  }

  /// Writes an array of objects, each one's fields written by `body`.
  mutating func array<T>(_ key: StaticString, _ items: [T], _ body: (inout _PrettyJSON, T) -> Void)
  {
    self.key(key)
    open(UInt8(ascii: "["))
    for item in items {
      member()
      object { body(&$0, item) }
    }
    close(UInt8(ascii: "]"))
  }

  mutating func int(_ key: StaticString, _ value: Int64?) {
    guard let value else { return }
    self.key(key)
    appendInt(value)
  }

  mutating func string(_ key: StaticString, _ value: String?) {
    guard let value else { return }
    self.key(key)
    appendString(value)
  }

  mutating func date(_ key: StaticString, _ value: Date?) {
    guard let value else { return }
    self.key(key)
    appendString(KithTime.format(value))
  }

  /// A number as `JSONEncoder` writes a `Double`: Swift's shortest form that reads back
  /// exactly, without a trailing `.0`.
  mutating func double(_ key: StaticString, _ value: Double) {
    self.key(key)
    var text = value.description
    if text.hasSuffix(".0") { text.removeLast(2) }
    bytes.append(contentsOf: text.utf8)
  }

  mutating func ints(_ key: StaticString, _ values: [Int64]) {
    list(key, values) { $0.appendInt($1) }
  }

  mutating func strings(_ key: StaticString, _ values: [String]) {
    list(key, values) { $0.appendString($1) }
  }

  /// An array of plain values, each written by `write`.
  @inline(__always)
  private mutating func list<T>(
    _ key: StaticString, _ items: [T], _ write: (inout _PrettyJSON, T) -> Void
  ) {
    self.key(key)
    open(UInt8(ascii: "["))
    for item in items {
      member()
      write(&self, item)
    }
    close(UInt8(ascii: "]"))
  }

  /// An object of strings, its keys in the order of their UTF-8 bytes (as `JSONEncoder` sorts
  /// them).
  mutating func stringMap(_ key: StaticString, _ values: [String: String]) {
    map(key, values) { $0.appendString($1) }
  }

  /// An object of integers, its keys sorted as `stringMap`'s.
  mutating func intMap(_ key: StaticString, _ values: [String: Int64]) {
    map(key, values) { $0.appendInt($1) }
  }

  private mutating func map<T>(
    _ key: StaticString, _ values: [String: T], _ write: (inout _PrettyJSON, T) -> Void
  ) {
    self.key(key)
    open(UInt8(ascii: "{"))
    for (name, value) in values.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
      member()
      appendString(name)
      bytes.append(contentsOf: " : ".utf8)
      write(&self, value)
    }
    close(UInt8(ascii: "}"))
  }

  // MARK: Layout

  private mutating func open(_ bracket: UInt8) {
    bytes.append(bracket)
    depth += 1
    hasMember = false
  }

  private mutating func close(_ bracket: UInt8) {
    // An empty container keeps an empty line between its brackets, as JSONEncoder writes it.
    if !hasMember { bytes.append(0x0A) }
    depth -= 1
    newline()
    bytes.append(bracket)
    hasMember = true
  }

  /// Starts the next member of the container being written.
  private mutating func member() {
    if hasMember { bytes.append(UInt8(ascii: ",")) }
    hasMember = true
    newline()
  }

  private mutating func key(_ key: StaticString) {
    member()
    bytes.append(UInt8(ascii: "\""))
    key.withUTF8Buffer { bytes.append(contentsOf: $0) }
    bytes.append(contentsOf: "\" : ".utf8)
  }

  private mutating func newline() {
    bytes.append(0x0A)
    for _ in 0..<depth { bytes.append(contentsOf: [0x20, 0x20]) }
  }

  private mutating func appendInt(_ value: Int64) {
    if value >= 0 && value < 10 {
      bytes.append(UInt8(ascii: "0") + UInt8(value))
    } else {
      bytes.append(contentsOf: String(value).utf8)
    }
  }

  /// A string with JSONEncoder's escapes: `"` and `\`, `\b \f \n \r \t`, other control
  /// characters as `\u00XX` (lower-case hex); everything else as it is, `/` included.
  private mutating func appendString(_ value: String) {
    bytes.append(UInt8(ascii: "\""))
    var value = value
    value.withUTF8 { text in
      var start = 0
      for k in text.indices {
        let c = text[k]
        guard c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") else { continue }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<k]))
        start = k + 1
        bytes.append(UInt8(ascii: "\\"))
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(c)
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        default:
          let hex = Array("0123456789abcdef".utf8)
          bytes.append(contentsOf: "u00".utf8)
          bytes.append(hex[Int(c >> 4)])
          bytes.append(hex[Int(c & 0xF)])
        }
      }
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start...]))
    }
    bytes.append(UInt8(ascii: "\""))
  }
}
