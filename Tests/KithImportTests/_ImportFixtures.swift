import Foundation
import KithGraph

/// Paths of the importer fixtures, found from this file: Tests/KithImportTests/ → package root.
enum ImportFixtures {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/import")

  static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

  static func data(_ relative: String) throws -> Data {
    try Data(contentsOf: root.appendingPathComponent(relative))
  }

  /// Seconds since the epoch of an ISO date or date-time written in a test table.
  static func at(_ text: String) -> Int64 { KithTime.parseSeconds(text) ?? Int64.min }
}
