import Foundation
import KithImport

/// The importer fixtures (synthetic people only), found from this file's path.
enum ImportFixtures {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/import")

  static func path(_ name: String) -> String { root.appendingPathComponent(name).path }

  static func text(_ name: String) throws -> String {
    try String(contentsOfFile: path(name), encoding: .utf8)
  }

  /// A fixed import date, so that undated records are reproducible.
  static let now = Date(timeIntervalSince1970: 1_780_000_000)
}

extension ImportBatch {
  func person(named name: String) -> ImportedPerson? { people.first { $0.name == name } }
}
