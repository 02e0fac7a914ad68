import Foundation
import GRDB
import KithGraph

/// A setting Kith knows, with its default and its rule.
public struct SettingDefinition: Sendable, Hashable {
  public var key: String
  public var defaultValue: String
  public var summary: String
  /// Whether changing it changes tie strengths (and so rebuilds the ledger).
  public var affectsLedger: Bool
}

extension KithStore {
  /// Every setting, in display order.
  public static let settingDefinitions: [SettingDefinition] =
    [
      SettingDefinition(
        key: "half-life-days", defaultValue: "180",
        summary: "days for a tie's strength to halve without contact", affectsLedger: true)
    ]
    + InteractionKind.allCases.map {
      SettingDefinition(
        key: "weight.\($0.rawValue)", defaultValue: KithStore.formatNumber($0.defaultWeight),
        summary: "strength one \($0.rawValue) adds to a pair (divided by n−1 in groups)",
        affectsLedger: true)
    }
    + [
      SettingDefinition(
        key: "my-emails", defaultValue: "",
        summary: "comma-separated addresses that identify the ego in imports", affectsLedger: false)
    ]

  static func formatNumber(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
  }

  /// Every setting with its current value (stored or default).
  public func settings() throws(StoreError) -> [String: String] {
    try read { db in try Self.allSettings(db) }
  }

  static func allSettings(_ db: Database) throws -> [String: String] {
    var values = Dictionary(
      uniqueKeysWithValues: settingDefinitions.map { ($0.key, $0.defaultValue) })
    for row in try Row.fetchAll(db, sql: "SELECT key, value FROM setting") {
      values[row["key"]] = row["value"]
    }
    return values
  }

  /// The decay settings in force.
  public func decaySettings() throws(StoreError) -> DecaySettings {
    try read { db in try Self.decaySettings(db) }
  }

  static func decaySettings(_ db: Database) throws -> DecaySettings {
    let values = try allSettings(db)
    var weights: [InteractionKind: Double] = [:]
    for kind in InteractionKind.allCases {
      weights[kind] = values["weight.\(kind.rawValue)"].flatMap(Double.init) ?? kind.defaultWeight
    }
    return DecaySettings(
      halfLifeDays: values["half-life-days"].flatMap(Double.init) ?? 180, weights: weights)
  }

  /// Checks and normalises a value for `key`.
  public static func validateSetting(key: String, value: String) throws(StoreError) -> String {
    guard settingDefinitions.contains(where: { $0.key == key }) else {
      let known = settingDefinitions.map(\.key).joined(separator: ", ")
      throw .invalid(
        InvalidRecord(field: "key", message: "unknown setting '\(key)'; known: \(known)"))
    }
    let trimmed = value.trimmingCharacters(in: .whitespaces)
    if key == "my-emails" {
      let list = trimmed.split(separator: ",").map {
        $0.trimmingCharacters(in: .whitespaces).lowercased()
      }
      for email in list where !email.contains("@") {
        throw .invalid(InvalidRecord(field: key, message: "'\(email)' is not an email address"))
      }
      return list.joined(separator: ",")
    }
    guard let number = Double(trimmed), number.isFinite else {
      throw .invalid(InvalidRecord(field: key, message: "'\(value)' is not a number"))
    }
    if key == "half-life-days" {
      guard number > 0 else {
        throw .invalid(InvalidRecord(field: key, message: "the half-life must be more than 0 days"))
      }
    } else if !Validate.isWeight(number) {
      throw .invalid(
        InvalidRecord(field: key, message: "a weight must be a number from 0 to 1000000"))
    }
    return formatNumber(number)
  }

  /// Sets `key` to `value`; a change that affects strengths rebuilds the ledger in the same
  /// transaction.
  public func setSetting(key: String, value: String) throws(StoreError) {
    let normalised = try Self.validateSetting(key: key, value: value)
    try write { db in
      try db.execute(
        sql: "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)",
        arguments: [key, normalised])
      if Self.settingDefinitions.first(where: { $0.key == key })?.affectsLedger == true {
        // Only the ledger: participations, sources and times do not depend on settings.
        try Ledger.rebuild(db, ledgerOnly: true)
      }
    }
  }

  // MARK: Ego

  /// The ego (*me*), if set.
  public func ego() throws(StoreError) -> Person? {
    try read { db in try Self.fetchEgo(db) }
  }

  static func fetchEgo(_ db: Database) throws -> Person? {
    guard let value = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'ego'"),
      let id = Int64(value)
    else { return nil }
    return try fetchPerson(id: id, db)
  }

  /// Creates the ego as a new person named `name`, or adopts an existing person, in one
  /// transaction. Fails when an ego is already set.
  public func initialise(me name: String) throws(StoreError) -> Person {
    try write { db in
      if let ego = try Self.fetchEgo(db) {
        throw StoreError.conflict(
          "this database already belongs to \(ego.name) (\(ego.handle)); use --db for another network"
        )
      }
      // Only you may have the handle `me`, which names you either way.
      let reserved = HandleCandidates.reservedPersonHandle
      let handle = TextKey.slug(name, fallback: "") == reserved ? reserved : ""
      let person = try Self.insertPerson(Person(handle: handle, name: name, tags: []), db)
      try Self.recordEgo(person.id, db)
      return person
    }
  }
}
