import Foundation
import KithExport
import KithGraph
import KithTestSupport
import Testing

// The backup writer puts down, field by field, the bytes Foundation's JSONEncoder writes with
// Backup.makeEncoder(): these tests hold the two to each other, byte for byte.

/// The first line where two texts differ, for a failure message short enough to read.
func firstDifference(_ a: Data, _ b: Data) -> String {
  let x = String(decoding: a, as: UTF8.self).split(
    separator: "\n", omittingEmptySubsequences: false)
  let y = String(decoding: b, as: UTF8.self).split(
    separator: "\n", omittingEmptySubsequences: false)
  for k in 0..<max(x.count, y.count) where k >= x.count || k >= y.count || x[k] != y[k] {
    return "line \(k + 1): '\(k < x.count ? x[k] : "(end)")' vs '\(k < y.count ? y[k] : "(end)")'"
  }
  return "no line differs"
}

@Suite("KithExport: the backup writer")
struct BackupWriterTests {
  func expectSameAsJSONEncoder(_ backup: Backup, _ label: String) throws {
    var reference = try Backup.makeEncoder().encode(backup)
    reference.append(0x0A)
    let written = BackupWriter.encode(backup)
    #expect(written == reference, "\(label): \(firstDifference(written, reference))")
  }

  @Test("the demo network: the bytes of JSONEncoder")
  func demoNetwork() throws {
    try expectSameAsJSONEncoder(DemoNetwork.generate(), "demo")
  }

  @Test("random backups with every optional field, escapes and numbers: the bytes of JSONEncoder")
  func randomBackups() throws {
    for seed in 1...60 {
      try expectSameAsJSONEncoder(RandomBackup.make(seed: UInt64(seed)), "seed \(seed)")
    }
  }

  @Test("an empty backup: empty lists and settings as JSONEncoder writes them")
  func emptyBackup() throws {
    try expectSameAsJSONEncoder(Backup(), "empty")
    let text = String(decoding: BackupWriter.encode(Backup()), as: UTF8.self)
    #expect(text.hasPrefix("{\n  \"affiliations\" : [\n\n  ],\n"))
    #expect(text.hasSuffix("\n  ]\n}\n"))
    #expect(!text.contains("\"ego\""))
  }
}
