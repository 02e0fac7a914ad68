import Foundation
import KithGraph

extension ImportFixtures {
  static func data(_ relative: String) throws -> Data {
    try Data(contentsOf: root.appendingPathComponent(relative))
  }

  /// Seconds since the epoch of an ISO date or date-time written in a test table.
  static func at(_ text: String) -> Int64 { KithTime.parseSeconds(text) ?? Int64.min }
}
