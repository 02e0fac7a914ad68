import KithTestSupport
import Testing

@testable import kith

@Suite("UTF8Check: the DOT file check agrees with the standard library")
struct UTF8CheckTests {
  static func agrees(_ bytes: [UInt8]) -> Bool {
    let fast = bytes.withUnsafeBufferPointer { UTF8Check.isValid($0) }
    return fast == (String(validating: bytes, as: UTF8.self) != nil)
  }

  @Test func handPickedSequences() {
    let cases: [([UInt8], Bool)] = [
      ([], true),
      (Array("plain ASCII, longer than one word of eight".utf8), true),
      (Array("café, ☕, 𝄞, עברית".utf8), true),
      ([0xC3], false),  // cut short
      ([0xC0, 0x80], false),  // overlong NUL
      ([0xE0, 0x80, 0x80], false),  // overlong
      ([0xED, 0xA0, 0x80], false),  // surrogate
      ([0xF4, 0x90, 0x80, 0x80], false),  // above U+10FFFF
      ([0xF5, 0x80, 0x80, 0x80], false),
      ([0x80], false),  // lone continuation
      ([0xEF, 0xBF, 0xBF], true),  // U+FFFF
      ([0xF4, 0x8F, 0xBF, 0xBF], true),  // U+10FFFF
      (Array(repeating: 0x41, count: 15) + [0xE2, 0x82], false),  // cut at the end, after words
    ]
    for (bytes, valid) in cases {
      #expect(bytes.withUnsafeBufferPointer { UTF8Check.isValid($0) } == valid, "\(bytes)")
      #expect(Self.agrees(bytes), "\(bytes)")
    }
  }

  /// Runs of ASCII, valid scalars of every length and random bytes, at every alignment.
  @Test func randomTextsAgree() {
    var generator = SeededGenerator(seed: 8)
    let scalars = ["é", "☕", "𝄞", "ß", "\u{7FF}", "\u{800}", "\u{FFFD}", "\u{10000}"]
    for _ in 0..<20_000 {
      var bytes: [UInt8] = []
      for _ in 0..<Int.random(in: 0...12, using: &generator) {
        switch Int.random(in: 0..<10, using: &generator) {
        case 0..<5:
          bytes += (0..<Int.random(in: 0...17, using: &generator)).map { _ in
            UInt8.random(in: 0x20...0x7E, using: &generator)
          }
        case 5..<8:
          bytes += Array(scalars.randomElement(using: &generator)!.utf8)
        default:
          bytes.append(UInt8.random(in: 0x80...0xFF, using: &generator))
        }
      }
      if !bytes.isEmpty && Int.random(in: 0..<4, using: &generator) == 0 {
        bytes.removeLast()
      }
      #expect(Self.agrees(bytes), "\(bytes)")
    }
  }
}
