import Foundation
import KithImport
import KithTestSupport
import Testing

/// Thousands of mutated calendars and mailboxes (byte flips, insertions of the bytes that
/// matter to each format, truncations, splices of two fixtures, duplicated lines): each reader
/// must return or throw `ImportError`, never crash or hang, and every location it reports must
/// name a line of the input.
@Suite("Calendar and mail fuzzing")
struct MailCalendarFuzzTests {
  static let icsFixtures = [
    "ics/google-calendar.ics", "ics/outlook.ics", "ics/apple-calendar.ics",
    "ics/outlook-custom-zones.ics",
  ]
  static let mailFixtures = [
    "mail/thunderbird.mbox", "mail/gmail-takeout.mbox", "mail/outlook.eml", "mail/apple-mail.eml",
  ]

  /// Bytes that steer the parsers: separators, quotes, escapes, line ends, digits.
  static let interesting: [UInt8] =
    Array(":;,=\"\\<>()@ \t\r\n^?_+-0123456789TZF".utf8) + [0x00, 0xFF, 0xC3]

  static func mutate(_ input: [UInt8], others: [[UInt8]], using rng: inout SeededGenerator)
    -> [UInt8]
  {
    var bytes = input
    let rounds = Int.random(in: 1...4, using: &rng)
    for _ in 0..<rounds {
      guard !bytes.isEmpty else { break }
      switch Int.random(in: 0..<7, using: &rng) {
      case 0:  // flip a bit
        let i = Int.random(in: 0..<bytes.count, using: &rng)
        bytes[i] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
      case 1:  // overwrite with a steering byte
        let i = Int.random(in: 0..<bytes.count, using: &rng)
        bytes[i] = interesting.randomElement(using: &rng) ?? 0
      case 2:  // insert steering bytes
        let i = Int.random(in: 0...bytes.count, using: &rng)
        let n = Int.random(in: 1...4, using: &rng)
        bytes.insert(
          contentsOf: (0..<n).map { _ in interesting.randomElement(using: &rng) ?? 0 }, at: i)
      case 3:  // truncate
        bytes.removeLast(Int.random(in: 0..<bytes.count, using: &rng))
      case 4:  // delete a range
        let i = Int.random(in: 0..<bytes.count, using: &rng)
        let n = Int.random(in: 0...min(64, bytes.count - i), using: &rng)
        bytes.removeSubrange(i..<(i + n))
      case 5:  // splice: a prefix of this input and a suffix of another
        let other = others.randomElement(using: &rng) ?? input
        let i = Int.random(in: 0...bytes.count, using: &rng)
        let j = Int.random(in: 0...other.count, using: &rng)
        bytes = Array(bytes[..<i]) + Array(other[j...])
      default:  // duplicate a slice (repeated lines, nested components)
        let i = Int.random(in: 0..<bytes.count, using: &rng)
        let n = Int.random(in: 0...min(200, bytes.count - i), using: &rng)
        bytes.insert(contentsOf: bytes[i..<(i + n)], at: i)
      }
    }
    return bytes
  }

  static func lineCount(_ bytes: [UInt8]) -> Int { bytes.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) } }

  static func checkLocations(_ errors: [ImportError], lines: Int) {
    for e in errors {
      if let l = e.location { #expect(l.line >= 1 && l.line <= lines, "\(e) in \(lines) lines") }
    }
  }

  @Test("mutated calendars never crash the iCalendar reader")
  func calendars() throws {
    let inputs = try Self.icsFixtures.map { Array(try ImportFixtures.data($0)) }
    var rng = SeededGenerator(seed: 0x1C5)
    var read = 0
    for k in 0..<1_500 {
      let bytes = Self.mutate(inputs[k % inputs.count], others: inputs, using: &rng)
      do {
        let result = try ICalendarReader.parse(
          Data(bytes), path: "f.ics", until: ImportFixtures.at("2026-01-01"))
        read += 1
        Self.checkLocations(result.rejected + result.warnings, lines: Self.lineCount(bytes))
        for e in result.events { #expect(e.location.line <= Self.lineCount(bytes)) }
      } catch {
        Self.checkLocations([error], lines: Self.lineCount(bytes))
      }
    }
    // Most mutations leave a readable calendar: the fuzzing reaches the event code.
    #expect(read > 500)
  }

  @Test("mutated mailboxes and messages never crash the mail reader")
  func mailboxes() throws {
    let inputs = try Self.mailFixtures.map { Array(try ImportFixtures.data($0)) }
    var rng = SeededGenerator(seed: 0xE31)
    var messages = 0
    for k in 0..<2_000 {
      let bytes = Self.mutate(inputs[k % inputs.count], others: inputs, using: &rng)
      let lines = Self.lineCount(bytes)
      for asMbox in [true, false] {
        do {
          let box = try bytes.withUnsafeBytes { raw in
            try Result { () throws(ImportError) -> ParsedMailbox in
              asMbox
                ? try MailReader.parseMbox(raw, path: "m")
                : try MailReader.parseMessage(raw, path: "m")
            }.get()
          }
          messages += box.messages.count
          Self.checkLocations(box.rejected, lines: lines)
          for m in box.messages { #expect(m.location.line <= lines) }
        } catch let error as ImportError {
          Self.checkLocations([error], lines: lines)
        } catch {
          Issue.record("not an ImportError: \(error)")
        }
      }
    }
    #expect(messages > 2_000)
  }

  @Test("random header values never crash the address, date and encoded-word parsers")
  func headerValues() {
    var rng = SeededGenerator(seed: 0x2047)
    let alphabet = Array(
      "=?UTF-8?B?Q?iso-8859-1?Zm9v=C3=A9_ \"\\()<>@,;:.abcJanMon0123456789+-".unicodeScalars)
    for _ in 0..<10_000 {
      let n = Int.random(in: 0...60, using: &rng)
      let text = String(
        String.UnicodeScalarView((0..<n).compactMap { _ in alphabet.randomElement(using: &rng) }))
      _ = MailAddress.parseList(text)
      _ = MailDate.parse(text)
      _ = EncodedWords.decode(text)
    }
  }
}
