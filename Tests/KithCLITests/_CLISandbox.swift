import Foundation
import KithTestSupport
import Testing

/// One test's world: a fresh temporary folder holding its database (`kith.sqlite`), and helpers
/// that run the real `kith` binary against it.
final class CLISandbox: Sendable {
  let directory: TemporaryDirectory
  /// The database every run uses (through `KITH_DB`) unless told otherwise.
  let db: String

  init() {
    directory = TemporaryDirectory("kith-cli")
    db = directory.file("kith.sqlite")
  }

  deinit { directory.remove() }

  /// A path inside the sandbox folder.
  func file(_ name: String) -> String { directory.file(name) }

  /// Runs `kith` on this sandbox's database (or `db`). `$DIR` in an argument becomes the
  /// sandbox folder.
  func run(_ arguments: [String], db: String? = nil, environment: [String: String] = [:])
    throws -> KithRun
  {
    let expanded = arguments.map { $0.replacingOccurrences(of: "$DIR", with: directory.path) }
    return try runKith(expanded, environment: environment, db: db ?? self.db)
  }

  /// Runs `kith` and records an issue unless it exits 0 with nothing on stderr (a command may
  /// be allowed a note on stderr with `quietStderr: false`).
  @discardableResult
  func ok(
    _ arguments: [String], db: String? = nil, environment: [String: String] = [:],
    quietStderr: Bool = true, sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> KithRun {
    let result = try run(arguments, db: db, environment: environment)
    #expect(
      result.status == 0, "kith \(arguments.joined(separator: " ")) failed: \(result)",
      sourceLocation: sourceLocation)
    if quietStderr {
      #expect(
        result.stderr.isEmpty,
        "kith \(arguments.joined(separator: " ")) wrote to stderr: \(result)",
        sourceLocation: sourceLocation)
    }
    return result
  }

  /// Runs a `--json` command that must succeed and returns its top-level object.
  func json(
    _ arguments: [String], db: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> [String: Any] {
    let result = try ok(arguments, db: db, sourceLocation: sourceLocation)
    return try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
      "not a JSON object: \(result.stdout)", sourceLocation: sourceLocation)
  }

  /// The lossless backup of the database (`kith export json` on stdout).
  func export(db: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> String
  {
    try ok(["export", "json"], db: db, sourceLocation: sourceLocation).stdout
  }
}

/// The folder of the help goldens, and the package root, found from this file's path.
enum CLIPaths {
  static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  static let goldens = testsFolder.appendingPathComponent("Goldens")
  /// Tests/KithCLITests/_CLISandbox.swift → the package root.
  static let packageRoot = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
  static let demoFixture = packageRoot.appendingPathComponent("Fixtures/demo.kith.json").path
}

/// The POSIX permission bits of a file (e.g. 0o600), or nil if it does not exist.
func permissions(_ path: String) -> Int? {
  guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
    let mode = attributes[.posixPermissions] as? NSNumber
  else { return nil }
  return mode.intValue & 0o777
}

/// Where each of `keys` first occurs as `"key":` in `text`; for checking raw key order.
func keyOffsets(_ keys: [String], in text: String) -> [Int] {
  keys.map { key in
    guard let range = text.range(of: "\"\(key)\":") else { return -1 }
    return text.distance(from: text.startIndex, to: range.lowerBound)
  }
}
