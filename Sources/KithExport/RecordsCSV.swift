import Foundation
import KithGraph

/// Writes a store's records as CSV tables, for spreadsheets and other tools.
///
/// The people, interactions and ties tables use the columns `kith import csv` reads, so that
/// they import back into the same records: people by `handle` (the import gives it to the person
/// it creates), and everyone named in a table by their handle, which names one person whatever
/// names others share; the ego is `me`, and is not a row of the people table (`kith init` makes
/// the ego of a new store). Exchanges and referrals are tables to read, which no import takes.
///
/// The text is UTF-8 with a header line, fields quoted as RFC 4180 says (a field holding a
/// comma, a quote or a line break is quoted, its quotes doubled), lines ending in LF. Rows
/// come in a stable order: people by id, the other records by time, then id.
public enum RecordsCSV {
  /// What a table holds.
  public enum Kind: String, CaseIterable, Sendable {
    case people, interactions, exchanges, referrals, ties
  }

  /// A header and its rows, each as many fields as the header.
  public struct Table: Sendable, Equatable {
    public var header: [String]
    public var rows: [[String]]

    public init(header: [String], rows: [[String]]) {
      self.header = header
      self.rows = rows
    }

    /// The CSV text. With `escapingFormulas`, a field starting with `=`, `+`, `-`, `@`, a
    /// tab or a carriage return gets a `'` before it, so that a spreadsheet shows it as text
    /// instead of running it as a formula; such a file no longer imports back exactly.
    public func render(escapingFormulas: Bool = false) -> String {
      var out = ""
      for line in [header] + rows {
        out += line.map { RecordsCSV.field($0, escapingFormulas: escapingFormulas) }
          .joined(separator: ",")
        out += "\n"
      }
      return out
    }
  }

  /// The table of `kind` for the records of `backup`; `asOf` decides which affiliation is a
  /// person's current one.
  /// - Complexity: O(*r* log *r*) for *r* records.
  public static func table(_ kind: Kind, of backup: Backup, asOf: Date) -> Table {
    let names = Names(backup)
    switch kind {
    case .people: return people(backup, names: names, asOf: asOf)
    case .interactions:
      return Table(
        header: ["date", "with", "kind", "by", "summary", "channel", "follow up"],
        rows: backup.interactions.sorted { ($0.time, $0.id) < ($1.time, $1.id) }.map { i in
          [
            interactionDate(i), i.participants.map(names.person).joined(separator: ";"),
            i.kind.rawValue, i.initiator.map(names.person) ?? "", i.summary ?? "",
            i.channel ?? "", i.followUp.map(date) ?? "",
          ]
        })
    case .exchanges:
      return Table(
        header: ["date", "giver", "receiver", "kind", "note"],
        rows: backup.exchanges.sorted { ($0.time, $0.id) < ($1.time, $1.id) }.map { x in
          [
            date(x.time, day: x.day), names.person(x.giver), names.person(x.receiver),
            x.kind.rawValue,
            x.note ?? "",
          ]
        })
    case .referrals:
      return Table(
        header: [
          "id", "date", "referrer", "recipient", "referee", "why", "status", "status date",
        ],
        rows: backup.referrals.sorted { ($0.time, $0.id) < ($1.time, $1.id) }.map { r in
          [
            String(r.id), date(r.time, day: r.day), names.person(r.referrer),
            names.person(r.recipient),
            r.refereePerson.map(names.person) ?? r.refereeOrganisation.map(names.organisation)
              ?? "",
            r.why ?? "", r.status.rawValue, date(r.since, day: r.sinceDay),
          ]
        })
    case .ties:
      // Undated ties first, as the earliest.
      let order = backup.ties.sorted {
        ($0.date ?? .distantPast, $0.id) < ($1.date ?? .distantPast, $1.id)
      }
      return Table(
        header: ["source", "target", "weight", "date"],
        rows: order.map { t in
          [names.person(t.a), names.person(t.b), number(t.weight), t.date.map(date) ?? ""]
        })
    }
  }

  /// People by id, with the columns `kith import csv` reads; the ego is left out.
  static func people(_ backup: Backup, names: Names, asOf: Date) -> Table {
    var birthdays: [Int64: String] = [:]
    for detail in backup.personDetails where detail.key == "birthday" {
      birthdays[detail.person] = detail.value
    }
    // The current affiliation: the latest begun of those holding at `asOf` (one without a
    // start as the earliest), then the latest recorded.
    var current: [Int64: Affiliation] = [:]
    for a in backup.affiliations where a.isCurrent(at: asOf) {
      if let held = current[a.person],
        (held.from ?? .distantPast, held.id) > (a.from ?? .distantPast, a.id)
      {
        continue
      }
      current[a.person] = a
    }
    let organisations = Dictionary(
      backup.organisations.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    let rows = backup.people.filter { $0.handle != backup.ego }.sorted { $0.id < $1.id }.map {
      p -> [String] in
      let job = current[p.id]
      return [
        p.handle, p.name, p.aliases.joined(separator: ";"), p.emails.joined(separator: ";"),
        p.phones.joined(separator: ";"), p.urls.joined(separator: ";"),
        job.flatMap { organisations[$0.organisation] } ?? "", job?.role ?? "",
        p.tags.joined(separator: ";"), birthdays[p.id] ?? "",
      ]
    }
    return Table(
      header: [
        "handle", "name", "aliases", "email", "phone", "url", "company", "title", "tags",
        "birthday",
      ],
      rows: rows)
  }

  /// How the tables name people and organisations: by handle, the ego as `me`.
  struct Names {
    let people: [Int64: String]
    let organisations: [Int64: String]

    init(_ backup: Backup) {
      var people: [Int64: String] = [:]
      for p in backup.people { people[p.id] = p.handle == backup.ego ? "me" : p.handle }
      self.people = people
      organisations = Dictionary(
        backup.organisations.map { ($0.id, $0.handle) }, uniquingKeysWith: { a, _ in a })
    }

    /// A record's people are stored people: the id stands in only for a broken reference.
    func person(_ id: Int64) -> String { people[id] ?? "#\(id)" }
    func organisation(_ id: Int64) -> String { organisations[id] ?? "#\(id)" }
  }

  /// A date as the import reads it back, the same instant in any zone: at the start of a day
  /// (in the zone Kith counts days in), the day alone when that zone is UTC, else the day's
  /// start with its offset (`2025-12-04T00:00:00+09:00`: a bare day would be read as another
  /// zone's midnight); any other time in full, in UTC.
  static func date(_ time: Date) -> String {
    let seconds = KithTime.seconds(time)
    guard KithTime.isStartOfDay(seconds) else { return KithTime.format(time) }
    return KithTime.zone.isUTC
      ? KithTime.formatDay(time) : KithTime.formatWithOffset(seconds: seconds)
  }

  /// An exchange's or a referral's date for a spreadsheet: the day entered for one dated with a
  /// date alone (the same in any zone), else as `date(_:)` writes it.
  static func date(_ time: Date, day: Int64?) -> String {
    day.map(KithTime.formatCalendarDay) ?? date(time)
  }

  /// An interaction's date as the import reads it back: the day alone for one entered as a date
  /// (read back as that day in any zone), else its time in full, in UTC (the same instant in
  /// any zone; a time at the start of a day keeps its time).
  static func interactionDate(_ i: Interaction) -> String {
    i.day.map(KithTime.formatCalendarDay) ?? KithTime.format(i.time)
  }

  /// A weight in the shortest form that reads back exactly, whole numbers without `.0`.
  static func number(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
  }

  /// One field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break.
  static func field(_ text: String, escapingFormulas: Bool) -> String {
    var value = text
    if escapingFormulas, let first = value.unicodeScalars.first,
      "=+-@\t\r".unicodeScalars.contains(first)
    {
      value = "'" + value
    }
    guard value.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else {
      return value
    }
    return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
