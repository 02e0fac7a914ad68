import Foundation
import KithGraph
import KithImport
import KithTestSupport
import Testing

/// Mutated inputs (byte flips, truncations, splices, inserted syntax) fed to every parser: none
/// may crash, and each run stays fast. Seeded, so a failure reproduces.
@Suite("Importer fuzzing")
struct ImportFuzzTests {
  struct Format: Sendable, CustomTestStringConvertible {
    var name: String
    var fixtures: [String]
    var parse: @Sendable (String) throws -> ImportBatch
    var testDescription: String { name }
  }

  static let formats: [Format] = [
    Format(
      name: "LinkedIn",
      fixtures: [
        "linkedin-current/Connections.csv", "linkedin-current/Invitations.csv",
        "linkedin-current/Recommendations_Received.csv", "linkedin-old/Connections.csv",
      ]
    ) { try LinkedInExport.parse($0, path: "fuzz.csv") },
    Format(
      name: "vCard",
      fixtures: [
        "vcard/contacts-v21.vcf", "vcard/contacts-v30.vcf", "vcard/contacts-v40.vcf",
        "vcard/broken.vcf",
      ]
    ) { try VCardReader.parse($0, path: "fuzz.vcf", now: ImportFixtures.now) },
    Format(
      name: "generic CSV",
      fixtures: ["csv/people.csv", "csv/interactions.csv", "csv/edges.csv"]
    ) { try GenericCSVReader.parse($0, path: "fuzz.csv", now: ImportFixtures.now) },
  ]

  /// Bytes that mean something to one of the formats.
  static let syntax: [[UInt8]] = [
    Array("\"".utf8), Array(",".utf8), Array("\n".utf8), Array("\r\n".utf8), Array(":".utf8),
    Array(";".utf8), Array("=".utf8), Array("=C3".utf8), Array("\\".utf8), Array(" ".utf8),
    Array("BEGIN:VCARD\n".utf8), Array("END:VCARD\n".utf8), Array("ENCODING=QUOTED-PRINTABLE".utf8),
    Array("First Name,Last Name,Connected On\n".utf8), [0xFF], [0xC3], [0x00], [0xE2, 0x80],
  ]

  static func mutate(_ input: [UInt8], _ other: [UInt8], _ rng: inout SeededGenerator)
    -> [UInt8]
  {
    var bytes = input
    for _ in 0..<Int.random(in: 1...4, using: &rng) {
      switch Int.random(in: 0..<5, using: &rng) {
      case 0 where !bytes.isEmpty:
        let i = Int.random(in: 0..<bytes.count, using: &rng)
        bytes[i] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng))
      case 1 where !bytes.isEmpty:
        bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &rng)))
      case 2 where !other.isEmpty:
        let start = Int.random(in: 0..<other.count, using: &rng)
        let end = Int.random(in: start...other.count, using: &rng)
        let at = Int.random(in: 0...bytes.count, using: &rng)
        bytes.insert(contentsOf: other[start..<end], at: at)
      case 3:
        let at = Int.random(in: 0...bytes.count, using: &rng)
        bytes.insert(contentsOf: syntax.randomElement(using: &rng) ?? [], at: at)
      default:
        if !bytes.isEmpty {
          let start = Int.random(in: 0..<bytes.count, using: &rng)
          let end = min(bytes.count, start + Int.random(in: 1...16, using: &rng))
          bytes.removeSubrange(start..<end)
        }
      }
    }
    return bytes
  }

  @Test("thousands of mutated inputs: no crash, bounded time", arguments: formats)
  func fuzz(_ format: Format) throws {
    let inputs = try format.fixtures.map { Array(try ImportFixtures.text($0).utf8) }
    let all = try (Self.formats.flatMap(\.fixtures)).map { Array(try ImportFixtures.text($0).utf8) }
    var rng = SeededGenerator(seed: 0x4B17_0006)
    let runs = 2_000
    var parsed = 0
    var refused = 0
    for k in 0..<runs {
      let base = inputs[k % inputs.count]
      let other = all.randomElement(using: &rng) ?? base
      let bytes = Self.mutate(base, other, &rng)
      let text: String
      do {
        text = try ImportText.decode(Data(bytes), path: "fuzz", format: format.name)
      } catch {
        refused += 1
        continue
      }
      do {
        let batch = try format.parse(text)
        // Every problem is located in the input.
        for problem in batch.problems { #expect(problem.location?.line ?? 1 >= 1) }
        parsed += 1
      } catch {
        refused += 1
      }
      _ = ImportDates.parse(String(decoding: bytes.prefix(24), as: UTF8.self))
      _ = IdentityKey.url(String(decoding: bytes.prefix(64), as: UTF8.self))
      _ = IdentityKey.phone(String(decoding: bytes.prefix(24), as: UTF8.self))
    }
    #expect(parsed + refused == runs)
    #expect(parsed > runs / 4, "most mutations should still parse: \(parsed) of \(runs)")
  }
}
