import Foundation
import KithStore

/// A folder under the system's temporary directory, removed on `remove()`.
public struct TemporaryDirectory: Sendable {
  public let path: String

  public init(_ prefix: String = "kith-test") {
    let base = FileManager.default.temporaryDirectory.path
    path = (base as NSString).appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  /// A path inside the folder.
  public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

  public func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Opens a new store in a new temporary folder.
public func makeTemporaryStore(_ name: String = "kith.sqlite") throws -> (
  KithStore, TemporaryDirectory
) {
  let dir = TemporaryDirectory()
  return (try KithStore(path: dir.file(name)), dir)
}

/// Relative-or-absolute closeness for floating-point checks: |a − b| ≤ tolerance · max(1, |a|, |b|).
public func isClose(_ a: Double, _ b: Double, tolerance: Double = 1e-9) -> Bool {
  abs(a - b) <= tolerance * max(1, abs(a), abs(b))
}
