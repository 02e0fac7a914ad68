import Foundation
import KithGraph

/// Reads CSV files of people, interactions or edges whose header names the columns. Names are
/// matched case-insensitively, with `_` and `-` read as spaces; the aliases are below.
///
/// People (`name`, or `first name` + `last name`):
///   name: name, full name, display name, fn · first name: first name, given name ·
///   last name: last name, family name, surname · email: email, e mail, email address, emails ·
///   phone: phone, telephone, mobile, phone number, tel · url: url, profile, profile url,
///   linkedin, website · organisation: organisation, organization, company, org, employer ·
///   role: role, job title, position, title · tags: tags, categories, labels · aliases:
///   aliases, nickname · note: note, notes · birthday: birthday, bday · id: id, uid, key ·
///   handle: handle (the handle a new person gets; it also identifies the row). A role without
///   an organisation (a freelancer's "Designer"), or with one that says the person works for
///   themselves ("Self-employed", "Freelance"), is kept as the person's `position` detail, as
///   LinkedIn's is: a job is a person's role at an organisation.
///   Lists (emails, phones, tags, aliases) are separated by `;` (or Google's ` ::: `). Every
///   email, phone and URL column is read, and the columns of Google Contacts' and Outlook's
///   exports are recognised (`_PeopleColumns`); columns holding values nobody reads are named
///   in one of the batch's warnings.
///
/// Interactions (a date and the people): date: date, time, when, on, datetime · with: with,
///   participants, people, attendees, contact, contacts, person · kind: kind, type (meeting,
///   call, video, message, email, event, social, other; default other) · by: by, initiator ·
///   summary: summary, subject, description, notes, note · channel: channel ·
///   follow up: follow up, followup · id: id, uid, key. `with` lists people separated by `;`,
///   each a handle, name, alias, email or `Name <email>` (`me` is the ego); the ego takes part
///   unless the reader is told otherwise.
///
/// Edges: source: source, from, a · target: target, to, b · weight: weight, strength ·
///   date: date, on, time.
///
/// Without an id column, a row's source id is made of its content (and its occurrence, for
/// identical rows), so importing the same rows again, from the same file or under another
/// name, changes nothing.
public enum GenericCSVReader {
  /// What a generic CSV file holds.
  public enum Kind: String, Sendable, CaseIterable {
    case people, interactions, edges
  }

  /// What every CSV file's source begins with (`csv:people.csv`): the source ids of rows
  /// without an id are the same in every file holding the rows (`ImportBatch.contentKeysShared`).
  static let sourcePrefix = "csv:"

  static let nameColumns = ["name", "full name", "display name", "fn"]
  static let firstColumns = ["first name", "given name", "firstname"]
  static let lastColumns = ["last name", "family name", "surname", "lastname"]
  static let dateColumns = ["date", "time", "when", "on", "datetime", "date time"]
  static let withColumns = [
    "with", "participants", "people", "attendees", "contact", "contacts", "person",
  ]
  static let sourceColumns = ["source", "from", "a"]
  static let targetColumns = ["target", "to", "b"]

  /// The kind a header describes: edges (source and target), interactions (a date and people),
  /// or people (a name); nil when none fits.
  public static func kind(ofHeader fields: [String]) -> Kind? {
    let names = Set(fields.map(_CSVTable.normalise))
    func has(_ aliases: [String]) -> Bool { aliases.contains(where: names.contains) }
    if has(sourceColumns) && has(targetColumns) { return .edges }
    if has(dateColumns) && has(withColumns) { return .interactions }
    if has(nameColumns) || (has(firstColumns) && has(lastColumns)) { return .people }
    return nil
  }

  /// Whether the file is a CSV file Kith can read generically (its first line is a header of
  /// one of the kinds).
  public static func detect(_ sniff: FileSniff) -> Bool {
    guard !sniff.isDirectory, !sniff.looksBinary,
      let first = sniff.text.split(whereSeparator: \.isNewline).first
    else { return false }
    let header = (try? CSVReader.parse(String(first), path: sniff.path))?.first?.fields ?? []
    return header.count >= 2 && kind(ofHeader: header) != nil
  }

  /// Whether the file is a table of comma-separated columns (or `;`-separated ones, as some
  /// spreadsheets save CSV) even though its header fits no kind: reading it as CSV then says
  /// which column is missing.
  public static func looksTabular(_ sniff: FileSniff) -> Bool {
    guard !sniff.isDirectory, !sniff.looksBinary,
      let first = sniff.text.split(whereSeparator: \.isNewline).first
    else { return false }
    let header = (try? CSVReader.parse(String(first), path: sniff.path))?.first?.fields ?? []
    return header.count >= 2 || (header.count == 1 && header[0].contains(";"))
  }

  /// Reads the CSV file at `path`.
  /// - Parameters:
  ///   - kind: what the file holds; nil to decide from the header.
  ///   - includeEgo: whether the ego takes part in every interaction row.
  ///   - dateOrder: how slashed dates are read; nil to read one only when its numbers show the
  ///     order (a day over 12), and to reject it otherwise.
  ///   - now: the date of notes in people files.
  public static func read(
    path: String, kind: Kind? = nil, includeEgo: Bool = true, dateOrder: DateOrder? = nil,
    now: Date
  ) throws(ImportError) -> ImportBatch {
    try parse(
      ImportText.read(path: path, format: "a CSV file"), path: path, kind: kind,
      includeEgo: includeEgo, dateOrder: dateOrder, now: now)
  }

  /// Parses CSV text; `path` names it in errors and in the source (`csv:<file name>`).
  ///
  /// An interactions text of at least `parallelMinimumBytes` is read in segments, one thread
  /// per active core, with the same result as one thread's reading.
  /// - Throws: `ImportError` for a malformed CSV or a header that fits no kind.
  /// - Complexity: O(length of `text`).
  public static func parse(
    _ text: String, path: String, kind requested: Kind? = nil, includeEgo: Bool = true,
    dateOrder: DateOrder? = nil, now: Date
  ) throws(ImportError) -> ImportBatch {
    try parse(
      text, path: path, kind: requested, includeEgo: includeEgo, dateOrder: dateOrder, now: now,
      byteRows: true, split: split(for: text))
  }

  /// `parse(_:path:kind:includeEgo:now:)`; without `byteRows`, every interaction row is read
  /// as a `CSVRecord` of strings (the general path, which the byte-level one must match).
  /// An interactions file is read in segments as `split` says (`parseInSegments`).
  static func parse(
    _ text: String, path: String, kind requested: Kind?, includeEgo: Bool,
    dateOrder: DateOrder? = nil, now: Date, byteRows: Bool, split: _Split = .serial
  ) throws(ImportError) -> ImportBatch {
    var outcome = _SplitOutcome()
    return try parse(
      text, path: path, kind: requested, includeEgo: includeEgo, dateOrder: dateOrder, now: now,
      byteRows: byteRows, split: split, outcome: &outcome)
  }

  /// `parse(_:path:kind:includeEgo:now:byteRows:split:)`, telling what the split points did.
  static func parse(
    _ text: String, path: String, kind requested: Kind?, includeEgo: Bool,
    dateOrder: DateOrder? = nil, now: Date, byteRows: Bool, split: _Split,
    outcome: inout _SplitOutcome
  ) throws(ImportError) -> ImportBatch {
    if var batch = try parseInSegments(
      text, path: path, kind: requested, includeEgo: includeEgo, dateOrder: dateOrder,
      byteRows: byteRows, split: split, outcome: &outcome)
    {
      batch.markProblems(as: "interactions")
      batch.warnOfShortRows()
      adviseDateOrder(&batch, text: text, path: path, kind: requested)
      batch.contentKeysShared = sourcePrefix
      return batch
    }
    let source = sourcePrefix + (path as NSString).lastPathComponent
    var batch = ImportBatch(source: source, path: path)
    batch.contentKeysShared = sourcePrefix
    var sawHeader = false
    var headerError: ImportError? = nil
    var kind = Kind.people
    var table: _CSVTable? = nil
    var records: [CSVRecord] = []
    var interactions: _InteractionRows? = nil
    // Rows stream past: interaction rows are read from their bytes as they come. A header
    // error waits for the end of the text, where a malformed CSV takes precedence over it.
    try _CSVRow.scan(text, path: path) { row in
      if !sawHeader {
        sawHeader = true
        do throws(ImportError) {
          (kind, table) = try Self.table(row.record, path: path, kind: requested)
        } catch {
          headerError = error
        }
        if kind == .interactions, let table {
          let rows = row.lineFeedsAfter()
          interactions = _InteractionRows(
            table, includeEgo: includeEgo, dateOrder: dateOrder, rows: rows)
          batch.interactions.reserveCapacity(rows)
        }
        return
      }
      guard table != nil else { return }
      if kind != .interactions {
        records.append(row.record)
      } else if byteRows {
        interactions?.add(row, to: &batch)
      } else {
        interactions?.add(row.record, to: &batch)
      }
    }
    if !sawHeader { throw ImportError(path: path, message: "the file is empty") }
    if let headerError { throw headerError }
    interactions?.numberOccurrences(in: &batch)
    guard let table else { return batch }
    // A file holds one kind of record: its unread rows are of that kind.
    switch kind {
    case .people:
      try people(table, records[...], &batch, now: now)
      batch.markProblems(as: "people")
    case .interactions:
      batch.markProblems(as: "interactions")
      adviseDateOrder(&batch, text: text, path: path, kind: requested)
    case .edges:
      edges(table, records[...], dateOrder: dateOrder, &batch)
      batch.markProblems(as: "ties")
    }
    batch.warnOfShortRows()
    return batch
  }

  /// Ends the refusal of each slashed date that could be read either way with the order the
  /// lines before it showed, when they show one only ("line 2 reads day first (31/05/2025):
  /// add --date-order dmy"): the file has told the reader, who need not guess the flag. Which
  /// dates are read stays the same: one date showing its order does not decide another's.
  /// - Complexity: O(length of `text`), read again only when a date was refused so.
  static func adviseDateOrder(
    _ batch: inout ImportBatch, text: String, path: String, kind requested: Kind?
  ) {
    let refused = batch.problems.indices.filter {
      batch.problems[$0].message.hasSuffix(ImportDates.ambiguityAdvice)
        && batch.problems[$0].location != nil
    }
    guard let last = refused.compactMap({ batch.problems[$0].location?.line }).max() else {
      return
    }
    // The first line showing each order, before the last refusal.
    var shown: [(line: Int, order: DateOrder, text: String)] = []
    var column: Int? = nil
    var sawHeader = false
    try? _CSVRow.withUTF8(text) { bytes throws(ImportError) in
      _ = try _CSVRow.scan(bytes, path: path) { row in
        if !sawHeader {
          sawHeader = true
          if let (kind, table) = try? Self.table(row.record, path: path, kind: requested),
            kind == .interactions
          {
            column = table.column(dateColumns)
          }
          return column != nil
        }
        guard row.line < last, let column else { return false }
        let fields = row.record.fields
        if column < fields.count {
          let date = _Text.trimmed(fields[column])
          if let order = ImportDates.orderShown(by: date),
            !shown.contains(where: { $0.order == order })
          {
            shown.append((row.line, order, date))
          }
        }
        return shown.count < 2
      }
    }
    for k in refused {
      guard let line = batch.problems[k].location?.line else { continue }
      let before = shown.filter { $0.line < line }
      guard before.count == 1, let first = before.first else { continue }
      batch.problems[k].message.removeLast(ImportDates.ambiguityAdvice.count)
      batch.problems[k].message +=
        "line \(first.line) reads \(first.order == .dmy ? "day" : "month") first (\(first.text)): add --date-order \(first.order.rawValue)"
    }
  }

  /// The kind of a file with this header and its table, or the error for a header that fits
  /// none or lacks the requested kind's columns.
  static func table(_ header: CSVRecord, path: String, kind requested: Kind?)
    throws(ImportError) -> (Kind, _CSVTable)
  {
    guard let kind = requested ?? kind(ofHeader: header.fields) else {
      throw ImportError(
        path: path, location: SourceLocation(path: path, line: header.line, column: 1),
        message: missingColumns(header.fields))
    }
    let required: [[String]]
    switch kind {
    case .people: required = []
    case .interactions: required = [dateColumns, withColumns]
    case .edges: required = [sourceColumns, targetColumns]
    }
    guard let table = _CSVTable([header], path: path, required: required) else {
      throw ImportError(
        path: path, location: SourceLocation(path: path, line: header.line, column: 1),
        message:
          "the header lacks the columns of \(kind.rawValue): \(required.map { $0[0] }.joined(separator: ", "))"
      )
    }
    return (kind, table)
  }

  /// Why a header fits no kind, as precisely as it shows: the column a kind it half names
  /// lacks, or a `;` where commas were expected (as spreadsheets write CSV in some locales).
  static func missingColumns(_ fields: [String]) -> String {
    let names = Set(fields.map(_CSVTable.normalise))
    func has(_ aliases: [String]) -> Bool { aliases.contains(where: names.contains) }
    if fields.count == 1, fields[0].contains(";") {
      return
        "the header is one column with `;` in it: kith reads CSV files separated by commas (save the file as comma-separated CSV)"
    }
    // The tables `kith export csv` writes for a spreadsheet only.
    for (table, columns) in [
      ("exchanges", ["giver", "receiver"]), ("referrals", ["referrer", "referee"]),
    ]
    where columns.allSatisfy(names.contains) {
      return
        "this is a table of \(table) (as `kith export csv --kind \(table)` writes it): \(table) are not imported from CSV; `kith export json` and `kith import json` carry them"
    }
    if has(dateColumns) && !has(withColumns) && !has(sourceColumns) {
      return
        "interactions need a `with` column (or participants, people, attendees, contact, person)"
    }
    if has(withColumns) && !has(dateColumns) {
      return "interactions need a `date` column (or time, when, on, datetime)"
    }
    if has(sourceColumns) != has(targetColumns) {
      return "edges need a `source` and a `target` column (or from and to, a and b)"
    }
    return
      "the header names no known columns: people need name (or first name, last name), interactions date and with, edges source and target"
  }

  static func list(_ value: String?) -> [String] {
    guard let value else { return [] }
    // A byte search: `String.contains(String)` goes through Foundation's string search.
    if !value.utf8.contains(UInt8(ascii: ";")) { return value.isEmpty ? [] : [value] }
    return value.split(separator: ";").map { _Text.trimmed(String($0)) }.filter { !$0.isEmpty }
  }

  // MARK: People

  static func people(
    _ table: _CSVTable, _ rows: ArraySlice<CSVRecord>, _ batch: inout ImportBatch, now: Date
  ) throws(ImportError) {
    let columns = _PeopleColumns(table)
    let (name, first, middle, last) = (columns.name, columns.first, columns.middle, columns.last)
    guard name != nil || first != nil || last != nil else {
      throw ImportError(
        path: table.path, location: table.location(table.header),
        message: "a people file needs a name column (or first name and last name)")
    }
    let (email, phone, url) = (columns.emails, columns.phones, columns.urls)
    let (org, role, tags) = (columns.organisation, columns.role, columns.tags)
    let (aliases, note, birthday, id) = (
      columns.aliases, columns.note, columns.birthday, columns.id
    )
    var organisations: Set<String> = []
    for row in rows {
      table.countIfShort(row, in: &batch)
      if let problem = table.extraFields(row) {
        batch.problems.append(problem)
        continue
      }
      let fullName =
        table.field(row, name)
        ?? [table.field(row, first), table.field(row, middle), table.field(row, last)]
        .compactMap { $0 }.joined(separator: " ")
      let location = table.location(row)
      if fullName.isEmpty {
        batch.problems.append(
          .record(
            at: table.location(row, name ?? first), field: table.name(name ?? first ?? 0),
            "the name is missing"))
        continue
      }
      var emails: [String] = []
      var badEmail: (column: Int, text: String)? = nil
      for c in email {
        let values = contactList(table.field(row, c))
        if let bad = values.first(where: { IdentityKey.email($0) == nil }) {
          badEmail = (c, bad)
          break
        }
        emails += values
      }
      if let badEmail {
        batch.problems.append(
          .record(
            at: table.location(row, badEmail.column), field: table.name(badEmail.column),
            "'\(badEmail.text)' is not an email address"))
        continue
      }
      var urls: [String] = []
      var badURL: (column: Int, text: String)? = nil
      for c in url {
        let values = contactList(table.field(row, c))
        if let bad = values.first(where: { IdentityKey.url($0) == nil }) {
          badURL = (c, bad)
          break
        }
        urls += values
      }
      if let badURL {
        batch.problems.append(
          .record(
            at: table.location(row, badURL.column), field: table.name(badURL.column),
            "'\(badURL.text)' is not a URL"))
        continue
      }
      let handle = table.field(row, columns.handle)
      let key =
        table.field(row, id).map { "id:\($0)" } ?? handle.map { "handle:\($0)" }
        ?? "row:\(TextKey.fold(fullName))|\(emails.first?.lowercased() ?? "")"
      var details: [String: String] = [:]
      if let b = table.field(row, birthday) {
        switch _Birthday(b) {
        case .none: break
        case .day(let day): details["birthday"] = day
        case .bad:
          batch.problems.append(
            .record(
              at: table.location(row, birthday), field: table.name(birthday ?? 0),
              "'\(b)' is not a day (like 1990-02-28, 28 Feb 1990 or --02-28 without the year)"))
          continue
        }
      }
      let company = table.field(row, org)
      if let title = table.field(row, role), company.map(_LinkedInReader.isSelfEmployment) ?? true {
        details["position"] = company.map { "\(title) (\($0))" } ?? title
      } else if let company, _LinkedInReader.isSelfEmployment(company) {
        details["position"] = company
      }
      batch.people.append(
        ImportedPerson(
          key: key, name: fullName, handle: handle,
          aliases: contactList(table.field(row, aliases)),
          emails: emails, phones: phone.flatMap { contactList(table.field(row, $0)) },
          urls: urls,
          tags: tags.flatMap { contactList(table.field(row, $0)) }
            + contactList(table.field(row, columns.groups)).map(GoogleContacts.label).filter {
              !GoogleContacts.isSystemGroup($0)
            },
          details: details, location: location))
      if let company, !_LinkedInReader.isSelfEmployment(company) {
        let orgKey = TextKey.fold(company)
        if organisations.insert(orgKey).inserted {
          batch.organisations.append(
            ImportedOrganisation(key: orgKey, name: company, location: table.location(row, org)))
        }
        batch.affiliations.append(
          ImportedAffiliation(
            person: .record(key), organisation: orgKey, role: table.field(row, role),
            location: location))
      }
      if let text = table.field(row, note) {
        batch.notes.append(
          ImportedNote(
            sourceID: "\(key)|note|\(_Digest.hex(text))", time: now, text: text,
            subject: .person(.record(key)), location: table.location(row, note)))
      }
    }
    let ignored = columns.ignored(holdingValuesIn: rows, of: table)
    if !ignored.isEmpty {
      let shown = ignored.prefix(12).map(table.name).joined(separator: ", ")
      let more = ignored.count > 12 ? " and \(ignored.count - 12) more" : ""
      batch.warnings.append(
        ImportError(
          path: table.path, location: table.location(table.header),
          message:
            "ignored \(ignored.count == 1 ? "a column" : "\(ignored.count) columns") kith does not read: \(shown)\(more)"
        ))
    }
  }

  /// The values of a people file's field: separated by `;`, or by ` ::: ` as Google Contacts
  /// writes several values in one field.
  static func contactList(_ value: String?) -> [String] {
    list(value).flatMap { item in
      item.contains(":::")
        ? item.components(separatedBy: ":::").map { _Text.trimmed($0) }.filter { !$0.isEmpty }
        : [item]
    }
  }

  // MARK: Interactions

  /// The identity keys of the names a file mentions, so that each distinct text is folded
  /// once (folding is the costly part, and a file names the same people over and over).
  struct _References {
    /// Text as written → its identity key, and `TextKey.fold` of it for content-derived
    /// source ids (the two differ for emails, whose key is only lower-cased).
    var known: [String: (key: String, folded: String)] = [:]
    /// Keys already added to the batch as people.
    var added: Set<String> = []

    mutating func lookUp(_ text: String) -> (key: String, folded: String, isNew: Bool) {
      if let entry = known[text] { return (entry.key, entry.folded, false) }
      let folded = TextKey.fold(text)
      let key =
        GenericCSVReader.nameAndAddress(text).map { $0.email.lowercased() }
        ?? (_Text.containsAt(text) ? text.lowercased() : folded)
      known[text] = (key, folded)
      return (key, folded, true)
    }

    mutating func fold(_ text: String) -> String { lookUp(text).folded }
  }

  /// The batch person a `with` entry names: `me`, or a reference by handle, name or email.
  /// `location` is evaluated only when the person is new to the batch.
  static func reference(
    _ text: String, _ batch: inout ImportBatch, _ references: inout _References,
    location: @autoclosure () -> SourceLocation
  ) -> PersonReference {
    if text.utf8.count == 2, text.lowercased() == "me" { return .me }
    let (key, _, isNew) = references.lookUp(text)
    if isNew, references.added.insert(key).inserted {
      let person: ImportedPerson
      if let address = nameAndAddress(text) {
        person = ImportedPerson(
          key: key, name: address.name ?? String(address.email.prefix { $0 != "@" }),
          emails: [address.email], resolution: .reference, location: location())
      } else {
        let isEmail = _Text.containsAt(text)
        person = ImportedPerson(
          key: key, name: isEmail ? String(text.prefix { $0 != "@" }) : text,
          emails: isEmail ? [text] : [], resolution: .reference, location: location())
      }
      batch.people.append(person)
    }
    return .record(key)
  }

  /// `Jane Doe <jane@example.com>`, as mail programs and many exports write a person: the
  /// address, and the name beside it; nil for any other text.
  static func nameAndAddress(_ text: String) -> MailAddress? {
    guard text.utf8.last == UInt8(ascii: ">"), text.utf8.contains(UInt8(ascii: "<")) else {
      return nil
    }
    let parsed = MailAddress.parseList(text)
    return parsed.count == 1 ? parsed[0] : nil
  }

  // MARK: Edges

  static func edges(
    _ table: _CSVTable, _ rows: ArraySlice<CSVRecord>, dateOrder: DateOrder? = nil,
    _ batch: inout ImportBatch
  ) {
    let s = table.column(sourceColumns)
    let t = table.column(targetColumns)
    let w = table.column(["weight", "strength"])
    let d = table.column(["date", "on", "time"])
    var known = _References()
    var occurrences: [String: Int] = [:]
    for row in rows {
      table.countIfShort(row, in: &batch)
      if let problem = table.extraFields(row) {
        batch.problems.append(problem)
        continue
      }
      guard let source = table.field(row, s) else {
        batch.problems.append(
          .record(at: table.location(row, s), field: table.name(s ?? 0), "missing"))
        continue
      }
      guard let target = table.field(row, t) else {
        batch.problems.append(
          .record(at: table.location(row, t), field: table.name(t ?? 0), "missing"))
        continue
      }
      if TextKey.fold(source) == TextKey.fold(target) {
        batch.problems.append(
          .record(
            at: table.location(row, t), field: table.name(t ?? 0),
            "an edge joins two different people"))
        continue
      }
      guard
        case .value(let givenWeight) = table.parse(
          row, w, into: &batch, expected: "a number from 0 to 1000000",
          { Double($0).flatMap { Validate.isWeight($0) ? $0 : nil } }),
        case .value(let date) = table.parse(
          row, d, into: &batch,
          expected: "a date (\(ImportDates.expected(slashed: dateOrder)))",
          { ImportDates.parse($0, slashed: dateOrder) })
      else { continue }
      let weight = givenWeight ?? 1.0
      let location = table.location(row)
      let a = reference(source, &batch, &known, location: location)
      let b = reference(target, &batch, &known, location: location)
      let pair = [TextKey.fold(source), TextKey.fold(target)].sorted().joined(separator: "|")
      let key = "\(pair)|\(date.map(KithTime.format) ?? "-")"
      occurrences[key, default: 0] += 1
      batch.ties.append(
        ImportedTie(
          sourceID: "\(key)|\(occurrences[key] ?? 1)", a: a, b: b, weight: weight, date: date,
          location: location))
    }
  }
}
