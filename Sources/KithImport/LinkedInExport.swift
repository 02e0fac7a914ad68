import Foundation
import KithGraph

/// Reads LinkedIn's data export ("Get a copy of your data"): Connections.csv,
/// Invitations.csv and Recommendations_Received.csv, from the unpacked folder, its .zip, or one
/// of the files alone.
///
/// - Connections.csv: current exports open with a "Notes:" preamble before the header
///   `First Name,Last Name,URL,Email Address,Company,Position,Connected On`; older ones have no
///   preamble and no URL column. Columns are matched by name. Each row becomes a person (key:
///   the normalised profile URL, else the name), an affiliation to Company with Position, and a
///   dated tie to the ego of weight `connectionWeight` on the connection date, which makes that
///   date the pair's first contact. A row with no name, URL or email (a member who deleted
///   their account) is left out and counted (`ImportBatch.leftOut`).
/// - In every file, a row with fewer or more fields than the header (an edited or cut file:
///   LinkedIn writes every field) is a bad record at its line.
/// - Invitations.csv (`From,To,Sent At,Message,Direction,…`): a message interaction with the
///   other person, initiated by the sender, keeping the invitation's text.
/// - Recommendations_Received.csv: a note on the recommender with the text, and an endorsement
///   given by them to the ego.
///
/// Dates look like `05 Dec 2025`, or `1/8/18, 6:14 PM` in older exports (`ImportDates`).
public enum LinkedInExport {
  /// The source name of every record.
  public static let source = "linkedin"
  /// The weight of the tie a connection records: as much as one `social` interaction.
  public static let connectionWeight = 0.1

  static let connections = "connections.csv"
  static let invitations = "invitations.csv"
  static let recommendations = "recommendations_received.csv"

  /// Whether `sniff` is a LinkedIn export: a folder or .zip holding Connections.csv, or one of
  /// the three files (recognised by its header).
  public static func detect(_ sniff: FileSniff) -> Bool {
    if sniff.isDirectory {
      return (try? FileManager.default.contentsOfDirectory(atPath: sniff.path))?
        .contains { $0.lowercased() == connections } ?? false
    }
    if sniff.head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
      return (try? zipMembers(sniff.path))?.contains {
        ($0 as NSString).lastPathComponent.lowercased() == connections
      } ?? false
    }
    if sniff.looksBinary { return false }
    return fileKind(sniff.text) != nil
  }

  enum FileKind { case connections, invitations, recommendations }

  /// Which export file a text is, from its header.
  static func fileKind(_ text: String) -> FileKind? {
    for line in text.split(whereSeparator: \.isNewline).prefix(12) {
      let names = Set(
        line.split(separator: ",").map {
          _CSVTable.normalise($0.trimmingCharacters(in: CharacterSet(charactersIn: "\"\u{FEFF}")))
        })
      if names.contains("first name"), names.contains("connected on") { return .connections }
      if names.contains("sent at"), names.contains("direction") { return .invitations }
      if names.contains("first name"), names.contains("text"), names.contains("creation date") {
        return .recommendations
      }
    }
    return nil
  }

  /// The day an export was made, from the name LinkedIn gives it
  /// (`Basic_LinkedInDataExport_12-05-2025.zip`, month first) anywhere in `path`; nil when the
  /// path does not carry it.
  public static func exportDate(_ path: String) -> Date? {
    guard let marker = path.range(of: "LinkedInDataExport_", options: .backwards) else {
      return nil
    }
    let parts = path[marker.upperBound...].prefix(10).split(separator: "-")
    guard parts.count == 3, parts[0].count == 2, parts[1].count == 2, parts[2].count == 4,
      let month = Int(parts[0]), let day = Int(parts[1]), let year = Int(parts[2]),
      (1...12).contains(month), (1...31).contains(day)
    else { return nil }
    return KithTime.parse(String(format: "%04d-%02d-%02d", year, month, day))
  }

  /// Reads the export at `path` (folder, .zip or one CSV) into one batch. `now` is the import
  /// date: the export's own date when its name does not say it (`ImportBatch.snapshotDate`, the
  /// day a connection's previous position is taken to have ended).
  /// - Throws: `ImportError` when nothing of a LinkedIn export is found, or a file is not CSV.
  public static func read(path: String, now: Date = Date()) throws(ImportError) -> ImportBatch {
    let sniff = try FileSniff(path: path)
    var files: [(name: String, path: String, data: Data)] = []
    if sniff.isDirectory {
      let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
      for name in names.sorted()
      where [connections, invitations, recommendations].contains(name.lowercased()) {
        let file = (path as NSString).appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: file) else {
          throw ImportError(path: file, message: "cannot read the file", isMissingFile: true)
        }
        files.append((name.lowercased(), file, data))
      }
      if files.isEmpty {
        throw ImportError(
          path: path,
          message:
            "no Connections.csv, Invitations.csv or Recommendations_Received.csv in this folder; is it LinkedIn's export?"
        )
      }
    } else if sniff.head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
      let members = try zipMembers(path)
      for member in members.sorted() {
        let name = (member as NSString).lastPathComponent.lowercased()
        guard [connections, invitations, recommendations].contains(name) else { continue }
        files.append((name, "\(path)/\(member)", try zipMember(path, member)))
      }
      if files.isEmpty {
        throw ImportError(
          path: path,
          message:
            "no Connections.csv, Invitations.csv or Recommendations_Received.csv in this archive; is it LinkedIn's export?"
        )
      }
    } else {
      guard let data = FileManager.default.contents(atPath: path) else {
        throw ImportError(path: path, message: "cannot read the file", isMissingFile: true)
      }
      files.append(((path as NSString).lastPathComponent.lowercased(), path, data))
    }
    var texts: [(kind: FileKind, path: String, text: String)] = []
    for file in files {
      let text = try ImportText.decode(file.data, path: file.path, format: "a LinkedIn CSV file")
      guard let kind = fileKind(text) else {
        throw ImportError(
          path: file.path,
          message:
            "not a LinkedIn Connections, Invitations or Recommendations_Received file (no such header)"
        )
      }
      texts.append((kind, file.path, text))
    }
    // Connections first: the other files name people that connections identify by URL.
    texts.sort { rank($0.kind) < rank($1.kind) }
    var reader = _LinkedInReader(batch: ImportBatch(source: source, path: path))
    reader.batch.snapshotDate = exportDate(path) ?? now
    for file in texts {
      let records = try CSVReader.parse(file.text, path: file.path)
      try reader.read(file.kind, records, path: file.path)
    }
    // An undated file is dated by its newest connection: it is at least that new, and no
    // newer than an export that holds a later one.
    reader.batch.snapshotKnownDate =
      exportDate(path) ?? reader.batch.ties.compactMap(\.date).max()
    reader.batch.snapshotDateIsNamed = exportDate(path) != nil
    return reader.batch
  }

  /// Parses the text of one export file (`kind` found from its header); for tests and tools.
  public static func parse(_ text: String, path: String) throws(ImportError) -> ImportBatch {
    guard let kind = fileKind(text) else {
      throw ImportError(
        path: path,
        message:
          "not a LinkedIn Connections, Invitations or Recommendations_Received file (no such header)"
      )
    }
    var reader = _LinkedInReader(batch: ImportBatch(source: source, path: path))
    try reader.read(kind, CSVReader.parse(text, path: path), path: path)
    return reader.batch
  }

  static func rank(_ kind: FileKind) -> Int {
    switch kind {
    case .connections: 0
    case .invitations: 1
    case .recommendations: 2
    }
  }

  // MARK: .zip through `unzip`

  /// The member names of a .zip archive (`unzip -Z1`).
  static func zipMembers(_ path: String) throws(ImportError) -> [String] {
    let data = try unzip(["-Z1", path], path: path)
    return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
      .map(String.init).filter { !$0.hasSuffix("/") }
  }

  /// One member's bytes (`unzip -p`).
  static func zipMember(_ path: String, _ member: String) throws(ImportError) -> Data {
    // unzip treats [ ] * ? in member names as wildcards; escape them.
    var escaped = ""
    for ch in member {
      if "[]*?".contains(ch) {
        escaped.append("["); escaped.append(ch); escaped.append("]")
      } else {
        escaped.append(ch)
      }
    }
    return try unzip(["-p", path, escaped], path: path)
  }

  static func unzip(_ arguments: [String], path: String) throws(ImportError) -> Data {
    let candidates = [
      "/usr/bin/unzip", "/bin/unzip", "/usr/local/bin/unzip", "/opt/homebrew/bin/unzip",
    ]
    guard let tool = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) else {
      throw ImportError(
        path: path,
        message:
          "reading a .zip needs the `unzip` command (apt-get install unzip); or unpack the archive and import the folder"
      )
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw ImportError(path: path, message: "cannot run unzip: \(error.localizedDescription)")
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw ImportError(
        path: path,
        message:
          "not a readable .zip archive; it may be truncated or corrupt (unzip exit \(process.terminationStatus))"
      )
    }
    return data
  }
}

/// The state of one LinkedIn import: the batch, and people by URL and by name so that the
/// three files name the same person the same way.
struct _LinkedInReader {
  var batch: ImportBatch
  var keysByName: [String: String] = [:]
  var seenKeys: Set<String> = []
  var organisations: Set<String> = []

  init(batch: ImportBatch) { self.batch = batch }

  /// Reads one export file's records; the rows it cannot read count as skipped records of
  /// the kind the file gives (people, interactions, notes).
  mutating func read(_ kind: LinkedInExport.FileKind, _ records: [CSVRecord], path: String)
    throws(ImportError)
  {
    let start = batch.problems.count
    switch kind {
    case .connections:
      try connections(records, path: path)
      batch.markProblems(from: start, as: "people")
    case .invitations:
      try invitations(records, path: path)
      batch.markProblems(from: start, as: "interactions")
    case .recommendations:
      try recommendations(records, path: path)
      batch.markProblems(from: start, as: "notes")
    }
  }

  /// The batch key of a person: the normalised profile URL, else the folded name.
  mutating func person(
    name: String, url: String?, email: String? = nil, location: SourceLocation
  ) -> PersonReference {
    let folded = TextKey.fold(name)
    let key =
      url.flatMap(IdentityKey.url) ?? keysByName[folded] ?? "name:\(folded)"
    if keysByName[folded] == nil { keysByName[folded] = key }
    if seenKeys.insert(key).inserted || email != nil || url != nil {
      batch.people.append(
        ImportedPerson(
          key: key, name: name, emails: email.map { [$0] } ?? [], urls: url.map { [$0] } ?? [],
          location: location))
    }
    return .record(key)
  }

  mutating func connections(_ records: [CSVRecord], path: String) throws(ImportError) {
    guard
      let table = _CSVTable(
        records, path: path, required: [["first name"], ["last name"], ["connected on"]])
    else {
      throw ImportError(
        path: path,
        message: "no header with First Name, Last Name and Connected On; is it Connections.csv?")
    }
    let first = table.column(["first name"])
    let last = table.column(["last name"])
    let url = table.column(["url", "profile url"])
    let email = table.column(["email address", "email"])
    let company = table.column(["company"])
    let position = table.column(["position", "title"])
    let connected = table.column(["connected on"])
    for row in table.rows {
      if let problem = table.wrongFieldCount(row) {
        batch.problems.append(problem)
        continue
      }
      let name = [table.field(row, first), table.field(row, last)].compactMap { $0 }
        .joined(separator: " ")
      if name.isEmpty {
        // LinkedIn lists a member who deleted their account with nothing but the date.
        if table.field(row, url) == nil && table.field(row, email) == nil {
          batch.leftOut["withoutName", default: 0] += 1
        } else {
          batch.problems.append(
            .record(at: table.location(row, first), field: "First Name", "the name is missing"))
        }
        continue
      }
      var date: Date? = nil
      if let text = table.field(row, connected) {
        guard let parsed = ImportDates.parse(text) else {
          batch.problems.append(
            .record(
              at: table.location(row, connected), field: "Connected On",
              "'\(text)' is not a date (like 05 Dec 2025 or 1/8/18)"))
          continue
        }
        date = parsed
      }
      let profile = table.field(row, url)
      if let profile, IdentityKey.url(profile) == nil {
        batch.problems.append(
          .record(at: table.location(row, url), field: "URL", "'\(profile)' is not a URL"))
        continue
      }
      let location = table.location(row)
      let who = person(
        name: name, url: profile, email: table.field(row, email), location: location)
      if let org = table.field(row, company), Self.isSelfEmployment(org) {
        // Working for oneself is no organisation that freelancers would share: the position
        // is kept as the person's, and the place of their current job is left empty.
        if case .record(let key) = who, let k = batch.people.lastIndex(where: { $0.key == key }) {
          batch.people[k].details["position"] =
            table.field(row, position).map { "\($0) (\(org))" } ?? org
        }
        batch.vacatedPlaces.append("position:\(who)")
      } else if let org = table.field(row, company) {
        let key = TextKey.fold(org)
        if organisations.insert(key).inserted {
          batch.organisations.append(
            ImportedOrganisation(key: key, name: org, location: table.location(row, company)))
        }
        // A connection's Company and Position are their current ones: one at a time.
        batch.affiliations.append(
          ImportedAffiliation(
            person: who, organisation: key, role: table.field(row, position),
            sourceID: "position:\(who)", location: location))
      }
      batch.ties.append(
        ImportedTie(
          sourceID: "connection:\(who)", a: .me, b: who, weight: LinkedInExport.connectionWeight,
          date: date, location: location))
    }
  }

  /// Whether a Company field says the person works for themselves (LinkedIn's
  /// "Self-employed", "Freelance").
  static func isSelfEmployment(_ company: String) -> Bool {
    ["self employed", "selfemployed", "freelance", "freelancer", "self-employed"].contains(
      TextKey.fold(company).replacingOccurrences(of: "-", with: " "))
  }

  mutating func invitations(_ records: [CSVRecord], path: String) throws(ImportError) {
    guard
      let table = _CSVTable(
        records, path: path, required: [["from"], ["to"], ["sent at"], ["direction"]])
    else {
      throw ImportError(
        path: path,
        message: "no header with From, To, Sent At and Direction; is it Invitations.csv?")
    }
    let from = table.column(["from"])
    let to = table.column(["to"])
    let sent = table.column(["sent at"])
    let message = table.column(["message"])
    let direction = table.column(["direction"])
    let inviterURL = table.column(["inviterprofileurl", "inviter profile url"])
    let inviteeURL = table.column(["inviteeprofileurl", "invitee profile url"])
    var occurrences: [String: Int] = [:]
    for row in table.rows {
      if let problem = table.wrongFieldCount(row) {
        batch.problems.append(problem)
        continue
      }
      let dir = table.field(row, direction)?.uppercased()
      guard dir == "INCOMING" || dir == "OUTGOING" else {
        batch.problems.append(
          .record(
            at: table.location(row, direction), field: "Direction",
            "'\(table.field(row, direction) ?? "")' is neither INCOMING nor OUTGOING"))
        continue
      }
      let outgoing = dir == "OUTGOING"
      let nameColumn = outgoing ? to : from
      guard let name = table.field(row, nameColumn) else {
        batch.problems.append(
          .record(
            at: table.location(row, nameColumn), field: outgoing ? "To" : "From",
            "the other person's name is missing"))
        continue
      }
      guard let text = table.field(row, sent), let date = ImportDates.parse(text) else {
        batch.problems.append(
          .record(
            at: table.location(row, sent), field: "Sent At",
            "'\(table.field(row, sent) ?? "")' is not a date (like 1/8/18, 6:14 PM)"))
        continue
      }
      let url = table.field(row, outgoing ? inviteeURL : inviterURL)
      let who = person(
        name: name, url: url.flatMap { IdentityKey.url($0) == nil ? nil : $0 },
        location: table.location(row))
      let base = "invitation:\(who)|\(KithTime.format(date))"
      occurrences[base, default: 0] += 1
      let invitation = table.field(row, message)
      batch.interactions.append(
        ImportedInteraction(
          sourceID: "\(base)|\(occurrences[base] ?? 1)", time: date, kind: .message,
          participants: [.me, who], initiator: outgoing ? .me : who, channel: "linkedin",
          summary: invitation.map { "LinkedIn invitation: \($0)" } ?? "LinkedIn invitation",
          day: ImportDates.day(of: date, text: text), location: table.location(row)))
    }
  }

  mutating func recommendations(_ records: [CSVRecord], path: String) throws(ImportError) {
    guard
      let table = _CSVTable(
        records, path: path, required: [["first name"], ["last name"], ["text"]])
    else {
      throw ImportError(
        path: path,
        message:
          "no header with First Name, Last Name and Text; is it Recommendations_Received.csv?"
      )
    }
    let first = table.column(["first name"])
    let last = table.column(["last name"])
    let company = table.column(["company"])
    let title = table.column(["job title", "title"])
    let textColumn = table.column(["text"])
    let created = table.column(["creation date", "date"])
    for row in table.rows {
      if let problem = table.wrongFieldCount(row) {
        batch.problems.append(problem)
        continue
      }
      let name = [table.field(row, first), table.field(row, last)].compactMap { $0 }
        .joined(separator: " ")
      if name.isEmpty {
        batch.problems.append(
          .record(at: table.location(row, first), field: "First Name", "the name is missing"))
        continue
      }
      guard let text = table.field(row, textColumn) else {
        batch.problems.append(
          .record(
            at: table.location(row, textColumn), field: "Text", "the recommendation is empty"))
        continue
      }
      guard let stamp = table.field(row, created), let date = ImportDates.parse(stamp) else {
        batch.problems.append(
          .record(
            at: table.location(row, created), field: "Creation Date",
            "'\(table.field(row, created) ?? "")' is not a date"))
        continue
      }
      let location = table.location(row)
      let day = ImportDates.day(of: date, text: stamp)
      let who = person(name: name, url: nil, location: location)
      let id = "recommendation:\(who)|\(_Digest.hex(text))"
      var role = [table.field(row, title), table.field(row, company)].compactMap { $0 }
        .joined(separator: ", ")
      if !role.isEmpty { role = " (\(role))" }
      batch.notes.append(
        ImportedNote(
          sourceID: id, time: date, text: "LinkedIn recommendation\(role): \(text)",
          subject: .person(who), location: location, day: day))
      batch.exchanges.append(
        ImportedExchange(
          sourceID: id, time: date, giver: who, receiver: .me, kind: .endorsement,
          note: "LinkedIn recommendation", location: location, day: day))
    }
  }
}
