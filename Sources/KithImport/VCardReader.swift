import Foundation
import KithGraph

/// Reads vCard 2.1, 3.0 and 4.0 files (RFC 2425/2426, RFC 6350, and the 2.1 specification's
/// quirks) into people.
///
/// Handled: folded lines (a line starting with a space or tab continues the previous one);
/// quoted-printable values with `=` soft line breaks and a CHARSET (those mail headers are read
/// in: UTF-8, ISO-8859-1 and -15, Windows-1252, Shift_JIS, ISO-2022-JP, ISO-8859-2, Windows-1250,
/// -1251, -1253, -1254; another is warned about once a file, at its first line, and read as
/// UTF-8, else Windows-1252); escaped `\,` `\;` `\n` `\\`; item groups (`item1.EMAIL`); 2.1's bare
/// parameters (`TEL;WORK;VOICE:`); several cards per file. Per card: FN (or N when FN is
/// missing; an N that differs becomes an alias; N is read given name first, except in Chinese,
/// Japanese or Korean script, family name first), NICKNAME → aliases, the reading of a CJK
/// name → aliases (Apple's and Google's `X-PHONETIC-FIRST-NAME`/`-MIDDLE-NAME`/`-LAST-NAME`,
/// RFC 9554's N with a PHONETIC parameter, RFC 6350's SORT-AS on N, Japanese phones'
/// `SOUND;X-IRMC-N`: in Latin letters both "Takeshi Yamada" and "Yamada Takeshi", in kana
/// family name first), EMAIL, TEL, URL and
/// X-SOCIALPROFILE, ORG and TITLE (or ROLE) → an affiliation, NOTE → a note, CATEGORIES → tags
/// (without Google's system groups `myContacts` and `starred`),
/// BDAY → the `birthday` detail, UID → the source id. Embedded photos are skipped. A card of
/// an organisation (vCard 4's `KIND:org`, Apple's `X-ABShowAs:COMPANY`) becomes an
/// organisation named by its ORG (else FN), with its notes; its other fields are not kept.
///
/// A broken card (a line without `:`, no END, no name, a bad address) is reported with its line
/// and the other cards are read.
public enum VCardReader {
  public static let source = "vcard"

  /// Whether the file looks like vCards.
  public static func detect(_ sniff: FileSniff) -> Bool {
    guard !sniff.isDirectory, !sniff.looksBinary else { return false }
    let head = sniff.text.prefix(4096).uppercased()
    return head.contains("BEGIN:VCARD")
      || (["vcf", "vcard"].contains(sniff.pathExtension) && head.contains("BEGIN:"))
  }

  /// Reads the vCard file at `path`.
  /// - Parameter now: the date of notes from cards without a REV date.
  public static func read(path: String, now: Date) throws(ImportError) -> ImportBatch {
    try parse(ImportText.read(path: path, format: "a vCard file"), path: path, now: now)
  }

  /// Parses vCard text; `path` names it in errors.
  /// - Throws: `ImportError` when the text holds no card at all.
  /// - Complexity: O(length of `text`).
  public static func parse(_ text: String, path: String, now: Date) throws(ImportError)
    -> ImportBatch
  {
    var batch = ImportBatch(source: source, path: path)
    let lines = logicalLines(text)
    var card: _Card? = nil
    var cards = 0
    var organisations: Set<String> = []
    func problem(_ line: Int, _ field: String, _ message: String) {
      batch.problems.append(
        .record(at: SourceLocation(path: path, line: line, column: 1), field: field, message))
    }
    var charsets = _CharsetTrouble()
    for line in lines {
      let content = line.text.trimmingCharacters(in: .whitespaces)
      if content.isEmpty { continue }
      guard let property = _Property(content) else {
        if card != nil {
          card?.broken = (line.number, "line", "'\(content.prefix(40))' has no ':'")
        } else {
          problem(line.number, "line", "text outside BEGIN:VCARD … END:VCARD")
        }
        continue
      }
      let upperValue = property.rawValue.trimmingCharacters(in: .whitespaces).uppercased()
      if property.name == "BEGIN", upperValue == "VCARD" {
        if let open = card {
          problem(open.line, "END", "the card starting here has no END:VCARD")
        }
        card = _Card(line: line.number)
        cards += 1
        continue
      }
      if property.name == "END", upperValue == "VCARD" {
        guard let done = card else {
          problem(line.number, "END", "END:VCARD without BEGIN:VCARD")
          continue
        }
        card = nil
        if let broken = done.broken {
          problem(broken.line, broken.field, broken.message)
          continue
        }
        switch done.build(path: path, now: now) {
        case .failure(let error): batch.problems.append(error)
        case .success(let built):
          if let person = built.person { batch.people.append(person) }
          if let org = built.organisation {
            let key = TextKey.fold(org.name)
            if organisations.insert(key).inserted {
              batch.organisations.append(
                ImportedOrganisation(key: key, name: org.name, location: org.location))
            }
            if let person = built.person {
              batch.affiliations.append(
                ImportedAffiliation(
                  person: .record(person.key), organisation: key, role: org.role,
                  location: org.location))
            }
          }
          batch.notes += built.notes
        }
        continue
      }
      guard card != nil else {
        problem(line.number, property.name, "text outside BEGIN:VCARD … END:VCARD")
        continue
      }
      charsets.check(property, line: line.number)
      card?.properties.append((line.number, property))
    }
    batch.warnings += charsets.warnings(path: path)
    if let open = card {
      problem(open.line, "END", "the card starting here has no END:VCARD")
    }
    if cards == 0 {
      throw ImportError(path: path, message: "no BEGIN:VCARD found; is it a vCard file?")
    }
    // Marked before the batch is returned (a `defer` would mark it after the copy is made):
    // a skipped card counts as a skipped person.
    batch.markProblems(as: "people")
    return batch
  }

  /// Physical lines joined into logical ones: folded continuations and quoted-printable soft
  /// breaks, each with the number of its first physical line.
  static func logicalLines(_ text: String) -> [(number: Int, text: String)] {
    var out: [(number: Int, text: String)] = []
    var number = 0
    var current: String? = nil
    var currentNumber = 0
    var currentIsQP = false
    let physical = text.split(omittingEmptySubsequences: false) {
      $0 == "\n" || $0 == "\r\n" || $0 == "\r"
    }
    for raw in physical {
      number += 1
      let line = String(raw)
      if var c = current, currentIsQP, c.hasSuffix("=") {
        c.removeLast()
        current = c + line
        continue
      }
      if let c = current, let first = line.first, first == " " || first == "\t" {
        current = c + line.dropFirst()
        continue
      }
      if let c = current { out.append((currentNumber, c)) }
      current = line
      currentNumber = number
      let head = line.prefix { $0 != ":" }.uppercased()
      currentIsQP = head.contains("QUOTED-PRINTABLE")
    }
    if let c = current { out.append((currentNumber, c)) }
    return out
  }

  /// Splits on unescaped `separator`, then unescapes each part.
  static func components(_ value: String, separator: Character) -> [String] {
    var parts: [String] = []
    var current = ""
    var escaped = false
    for ch in value {
      if escaped {
        switch ch {
        case "n", "N": current.append("\n")
        default: current.append(ch)
        }
        escaped = false
      } else if ch == "\\" {
        escaped = true
      } else if ch == separator {
        parts.append(current)
        current = ""
      } else {
        current.append(ch)
      }
    }
    if escaped { current.append("\\") }
    parts.append(current)
    return parts
  }

  /// Unescapes a text value.
  static func unescape(_ value: String) -> String {
    components(value, separator: "\u{0}").joined()
  }

  /// Decodes quoted-printable `=XX` sequences into bytes, then text in `charset` (a MIME
  /// name, `_Charsets.Charset`); without one, in one Kith does not read, or where the bytes
  /// are not text in it, as UTF-8, else Windows-1252.
  static func decodeQuotedPrintable(_ value: String, charset: String?) -> String {
    let bytes = quotedPrintableBytes(value)
    if let charset = charset.flatMap(_Charsets.Charset.init(name:)),
      let text = _Charsets.decodeIfValid(bytes, as: charset)
    {
      return text
    }
    return _Charsets.decodeUndeclared(bytes)
  }

  /// The bytes of a quoted-printable value: `=XX` sequences decoded, other text as UTF-8.
  static func quotedPrintableBytes(_ value: String) -> [UInt8] {
    var bytes: [UInt8] = []
    let utf8 = Array(value.utf8)
    var i = 0
    func hex(_ b: UInt8) -> UInt8? {
      switch b {
      case 48...57: b - 48
      case 65...70: b - 55
      case 97...102: b - 87
      default: nil
      }
    }
    while i < utf8.count {
      if utf8[i] == 61, i + 2 < utf8.count, let h = hex(utf8[i + 1]), let l = hex(utf8[i + 2]) {
        bytes.append(h << 4 | l)
        i += 3
      } else {
        bytes.append(utf8[i])
        i += 1
      }
    }
    return bytes
  }
}

/// The CHARSET parameters of a file's quoted-printable values that could not be honoured: a
/// charset Kith does not read, or bytes that are not text in the one named. One warning for
/// each, at the first line, with how many values: a phone's export names one charset on every
/// line.
struct _CharsetTrouble {
  private struct Trouble {
    /// The charset as written, upper-cased.
    var name: String
    /// Whether Kith reads the charset (then the bytes were not text in it).
    var known: Bool
    var line: Int
    var count: Int
  }

  /// In the order first met; a file names one charset or two, so a list will do.
  private var troubles: [Trouble] = []

  /// Notes `property` (on `line`) when its value is quoted-printable in a charset that cannot
  /// be honoured.
  mutating func check(_ property: _Property, line: Int) {
    guard property.parameter("ENCODING")?.uppercased() == "QUOTED-PRINTABLE",
      let name = property.parameter("CHARSET")?.uppercased()
    else { return }
    let known = _Charsets.Charset(name: name)
    if let known {
      let bytes = VCardReader.quotedPrintableBytes(property.rawValue)
      guard _Charsets.decodeIfValid(bytes, as: known) == nil else { return }
    }
    if let k = troubles.firstIndex(where: { $0.name == name && $0.known == (known != nil) }) {
      troubles[k].count += 1
    } else {
      troubles.append(Trouble(name: name, known: known != nil, line: line, count: 1))
    }
  }

  /// The warnings, one per charset, in the order first met.
  func warnings(path: String) -> [ImportError] {
    troubles.map { t in
      let one = t.count == 1
      let values = one ? "the value is" : "\(t.count) values (the first here) are"
      let message =
        t.known
        ? "\(values) not valid \(t.name) text: \(one ? "it is" : "they are") read as UTF-8, else Windows-1252"
        : "CHARSET=\(t.name) is a charset kith does not read: \(values) read as UTF-8, else Windows-1252"
      return ImportError(
        path: path, location: SourceLocation(path: path, line: t.line, column: 1),
        message: message)
    }
  }
}

/// One content line: `[group.]NAME[;param…]:value`.
struct _Property {
  var name: String
  var parameters: [(name: String, value: String)]
  var rawValue: String

  init?(_ line: String) {
    // The first ':' outside a quoted parameter value ends the name and parameters.
    var inQuotes = false
    var colon: String.Index? = nil
    var i = line.startIndex
    while i < line.endIndex {
      let ch = line[i]
      if ch == "\"" { inQuotes.toggle() }
      if ch == ":" && !inQuotes {
        colon = i
        break
      }
      i = line.index(after: i)
    }
    guard let colon else { return nil }
    let head = line[..<colon]
    rawValue = String(line[line.index(after: colon)...])
    var parts: [String] = []
    var current = ""
    inQuotes = false
    for ch in head {
      if ch == "\"" {
        inQuotes.toggle()
        continue
      }
      if ch == ";" && !inQuotes {
        parts.append(current)
        current = ""
      } else {
        current.append(ch)
      }
    }
    parts.append(current)
    let fullName = parts[0].trimmingCharacters(in: .whitespaces).uppercased()
    guard !fullName.isEmpty else { return nil }
    name = fullName.split(separator: ".").last.map(String.init) ?? fullName
    parameters = parts.dropFirst().map { part in
      if let eq = part.firstIndex(of: "=") {
        return (
          String(part[..<eq]).trimmingCharacters(in: .whitespaces).uppercased(),
          String(part[part.index(after: eq)...])
        )
      }
      // vCard 2.1's bare parameters: a type, or an encoding.
      let bare = part.trimmingCharacters(in: .whitespaces).uppercased()
      if ["QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT", "B"].contains(bare) {
        return ("ENCODING", bare)
      }
      return ("TYPE", bare)
    }
  }

  func parameter(_ name: String) -> String? {
    parameters.first { $0.name == name }?.value
  }

  /// Whether the value is binary data (an embedded photo or key).
  var isBinary: Bool {
    let encoding = parameter("ENCODING")?.uppercased()
    return encoding == "B" || encoding == "BASE64"
  }

  /// The value with quoted-printable decoded (still escaped).
  var value: String {
    if parameter("ENCODING")?.uppercased() == "QUOTED-PRINTABLE" {
      return VCardReader.decodeQuotedPrintable(rawValue, charset: parameter("CHARSET"))
    }
    return rawValue
  }
}

/// One card's lines until END:VCARD.
struct _Card {
  var line: Int
  var properties: [(line: Int, property: _Property)] = []
  var broken: (line: Int, field: String, message: String)? = nil

  init(line: Int) { self.line = line }

  struct Built {
    /// Nil when the card describes an organisation, not a person (vCard 4's `KIND:org`,
    /// Apple's `X-ABShowAs:COMPANY`): `organisation` is then the organisation, and the notes
    /// are about it.
    var person: ImportedPerson?
    var organisation: (name: String, role: String?, location: SourceLocation)?
    var notes: [ImportedNote]
  }

  func build(path: String, now: Date) -> Result<Built, ImportError> {
    func at(_ line: Int) -> SourceLocation { SourceLocation(path: path, line: line, column: 1) }
    var fn: String? = nil
    var structured: String? = nil
    var aliases: [String] = []
    var emails: [String] = []
    var phones: [String] = []
    var urls: [String] = []
    var tags: [String] = []
    var org: String? = nil
    var orgLine = line
    var title: String? = nil
    var role: String? = nil
    var noteTexts: [(line: Int, text: String)] = []
    var uid: String? = nil
    var rev: Date? = nil
    var details: [String: String] = [:]
    var isOrganisation = false
    var phonetic = _Reading(family: "", given: "", middle: "")
    var readings: [_Reading] = []
    for (number, p) in properties where !p.isBinary {
      let value = p.value
      func text() -> String {
        VCardReader.unescape(value).trimmingCharacters(in: .whitespacesAndNewlines)
      }
      switch p.name {
      case "FN":
        if fn == nil, !text().isEmpty { fn = text() }
      case "N":
        let parts = VCardReader.components(value, separator: ";").map {
          $0.trimmingCharacters(in: .whitespaces)
        }
        func part(_ k: Int) -> String { parts.indices.contains(k) ? parts[k] : "" }
        // Family; Given; Additional; Prefixes; Suffixes. RFC 9554's PHONETIC parameter marks
        // the same name's reading (an ALTID ties it to the N it reads).
        if let kind = p.parameter("PHONETIC"), kind.lowercased() != "ipa" {
          readings.append(_Reading(family: part(0), given: part(1), middle: part(2)))
          continue
        }
        let joined = _Reading(family: part(0), given: part(1), middle: part(2)).written
        if structured == nil, !joined.isEmpty {
          structured = joined
          // RFC 6350's SORT-AS: the family and given names to sort by, which address books
          // fill with a CJK name's reading (the name itself sorts by its characters' codes).
          if let sortAs = p.parameter("SORT-AS"), NameForms.isCJK(joined) {
            let sort = VCardReader.components(sortAs, separator: ",").map {
              $0.trimmingCharacters(in: .whitespaces)
            }
            readings.append(
              _Reading(
                family: sort.first ?? "", given: sort.count > 1 ? sort[1] : "", middle: ""))
          }
        }
      case "X-PHONETIC-FIRST-NAME": phonetic.given = text()
      case "X-PHONETIC-MIDDLE-NAME": phonetic.middle = text()
      case "X-PHONETIC-LAST-NAME": phonetic.family = text()
      case "SOUND":
        // Japanese phones' reading of N (`SOUND;X-IRMC-N:ヤマダ;タケシ;;;`).
        if p.parameters.contains(where: { $0.name == "X-IRMC-N" || $0.value == "X-IRMC-N" }) {
          let parts = VCardReader.components(value, separator: ";").map {
            $0.trimmingCharacters(in: .whitespaces)
          }
          func part(_ k: Int) -> String { parts.indices.contains(k) ? parts[k] : "" }
          readings.append(_Reading(family: part(0), given: part(1), middle: part(2)))
        }
      case "NICKNAME":
        aliases += VCardReader.components(value, separator: ",").map {
          $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
      case "EMAIL":
        let t = text()
        if t.isEmpty { continue }
        guard IdentityKey.email(t) != nil else {
          return .failure(.record(at: at(number), field: "EMAIL", "'\(t)' is not an email address"))
        }
        emails.append(t)
      case "TEL":
        var t = text()
        if t.lowercased().hasPrefix("tel:") { t = String(t.dropFirst(4)) }
        if !t.isEmpty { phones.append(t) }
      case "URL", "X-SOCIALPROFILE":
        let t = text()
        if IdentityKey.url(t) != nil { urls.append(t) }
      case "ORG":
        let first = VCardReader.components(value, separator: ";").first?
          .trimmingCharacters(in: .whitespaces)
        if org == nil, let first, !first.isEmpty {
          org = first
          orgLine = number
        }
      case "TITLE":
        if title == nil, !text().isEmpty { title = text() }
      case "ROLE":
        if role == nil, !text().isEmpty { role = text() }
      case "NOTE":
        if !text().isEmpty { noteTexts.append((number, text())) }
      case "CATEGORIES":
        // Google's exports list its system groups (myContacts, starred) among the labels.
        tags += VCardReader.components(value, separator: ",").map {
          $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty && !GoogleContacts.isSystemGroup($0) }
      case "BDAY":
        switch _Birthday(text()) {
        case .none: break
        case .day(let day): details["birthday"] = day
        case .bad:
          return .failure(
            .record(
              at: at(number), field: "BDAY",
              "'\(text())' is not a day (like 1990-02-28, 28 Feb 1990 or --02-28 without the year)")
          )
        }
      case "UID":
        if !text().isEmpty { uid = text() }
      case "KIND":
        isOrganisation = ["org", "organization", "organisation"].contains(text().lowercased())
      case "X-ABSHOWAS":
        isOrganisation = text().uppercased() == "COMPANY"
      case "REV":
        // The basic format (`20231015T120000Z`) is read by its date, as a BDAY is.
        rev = ImportDates.parse(text()) ?? _Birthday(text()).day.flatMap { ImportDates.parse($0) }
      default:
        break
      }
    }
    if isOrganisation, let name = org ?? fn {
      let key = TextKey.fold(name)
      let notes = noteTexts.map {
        ImportedNote(
          sourceID: "org:\(key)|note|\(_Digest.hex($0.text))", time: rev ?? now, text: $0.text,
          subject: .organisation(key), location: at($0.line))
      }
      return .success(
        Built(person: nil, organisation: (name, nil, at(org == nil ? line : orgLine)), notes: notes)
      )
    }
    // An address-book entry with only an email (Google's "other contacts") is named after
    // it, as mail names its senders, until a source brings a name.
    guard let name = fn ?? structured ?? emails.first else {
      return .failure(.record(at: at(line), field: "FN", "the card has no name (FN or N)"))
    }
    // An N that is another form of the name than FN (Ada Quill for FN "Quill, Ada", Christopher
    // Marlowe for FN "Kit"): spaces between CJK characters are no other form.
    func compared(_ text: String) -> String {
      let folded = TextKey.fold(text)
      return NameForms.compactCJK(folded) ?? folded
    }
    if let structured, compared(structured) != compared(name) {
      aliases.insert(structured, at: 0)
    }
    // Readings of the name (romaji or kana for a kanji name): the forms other sources write.
    // A Latin reading of a Latin name is how to say it, not a spelling anyone writes.
    var known = Set(([name] + aliases).map(compared))
    for reading in [phonetic] + readings
    where NameForms.isCJK(name) || NameForms.isCJK(reading.written) {
      for form in reading.forms where known.insert(compared(form)).inserted {
        aliases.append(form)
      }
    }
    let key =
      uid.map { "uid:\($0)" }
      ?? "card:\(TextKey.fold(name))|\(emails.first?.lowercased() ?? phones.first ?? "")"
    let person = ImportedPerson(
      key: key, name: name, aliases: aliases, emails: emails, phones: phones, urls: urls,
      tags: tags, details: details, location: at(line))
    let notes = noteTexts.map {
      ImportedNote(
        sourceID: "\(key)|note|\(_Digest.hex($0.text))", time: rev ?? now, text: $0.text,
        subject: .person(.record(key)), location: at($0.line))
    }
    return .success(
      Built(
        person: person, organisation: org.map { ($0, title ?? role, at(orgLine)) }, notes: notes))
  }
}

/// A name's parts: a card's N, or its reading (`X-PHONETIC-*`, a phonetic N, SORT-AS).
struct _Reading {
  var family: String
  var given: String
  var middle: String

  /// The name as written: given name first, except in Chinese, Japanese and Korean script,
  /// which write the family name first (山田 剛, not 剛 山田).
  var written: String {
    let parts =
      NameForms.isCJK(family + given + middle) ? [family, given, middle] : [given, middle, family]
    return parts.filter { !$0.isEmpty }.joined(separator: " ")
  }

  /// The forms of a reading other sources write, when it has a given and a family name: a
  /// Latin one both ways ("Takeshi Yamada" on LinkedIn, "Yamada Takeshi" in Japan), kana
  /// family name first.
  var forms: [String] {
    guard !family.isEmpty, !given.isEmpty else { return [] }
    let familyFirst = [family, given, middle].filter { !$0.isEmpty }.joined(separator: " ")
    if NameForms.isCJK(familyFirst) { return [familyFirst] }
    return [written, familyFirst]
  }
}
