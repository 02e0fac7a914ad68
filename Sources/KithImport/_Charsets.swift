import Foundation

/// Byte-to-text decoding shared by the calendar, mail and vCard readers: the charsets that real
/// mail, calendar and address-book files use — the Western ones decoded by hand so that the
/// result does not depend on the platform's converters, the others by Foundation where it was
/// checked to decode them as iconv does — and checks for files that are not text at all.
enum _Charsets {
  /// Windows-1252's characters for bytes 0x80...0x9F (nil where the code page leaves a hole;
  /// those bytes map to the C1 control of the same value, as browsers do).
  private static let cp1252High: [UInt32] = [
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
    0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
  ]

  /// Bytes that ISO-8859-15 changes from ISO-8859-1.
  private static func latin9(_ byte: UInt8) -> UInt32 {
    switch byte {
    case 0xA4: 0x20AC
    case 0xA6: 0x0160
    case 0xA8: 0x0161
    case 0xB4: 0x017D
    case 0xB8: 0x017E
    case 0xBC: 0x0152
    case 0xBD: 0x0153
    case 0xBE: 0x0178
    default: UInt32(byte)
    }
  }

  /// The charsets decoded here, by their normalised IANA names and aliases.
  enum Charset: Equatable {
    case utf8, latin1, latin9, windows1252
    /// A charset Foundation decodes, each checked on Linux (Swift 6.3) against iconv on every
    /// character: Shift_JIS (as Windows-31J, which Japanese phones and Windows write under that
    /// name: NEC and IBM extensions included, 〜 as ～), ISO-2022-JP (the same mapping),
    /// ISO-8859-2 and Windows-1250, -1251, -1253 and -1254. Not EUC-JP: Foundation there
    /// decodes none of it, not even ASCII.
    case foundation(String.Encoding)

    /// Looks up a MIME charset name (case-insensitive; RFC 2231 language suffix removed).
    init?(name: String) {
      var n = name.lowercased()
      if let star = n.firstIndex(of: "*") { n = String(n[..<star]) }
      if n.utf8.contains(0x5F) {
        n = String(String.UnicodeScalarView(n.unicodeScalars.map { $0 == "_" ? "-" : $0 }))
      }
      switch n {
      case "utf-8", "utf8", "us-ascii", "ascii", "unicode-1-1-utf-8": self = .utf8
      case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "iso-ir-100", "cp819",
        "iso-8859-1:1987":
        self = .latin1
      case "iso-8859-15", "iso8859-15", "latin-9", "latin9", "l9": self = .latin9
      case "windows-1252", "cp1252", "x-cp1252", "win-1252": self = .windows1252
      case "shift-jis", "sjis", "x-sjis", "ms-kanji", "csshiftjis",
        "windows-31j", "cp932", "ms932":
        self = .foundation(.shiftJIS)
      case "iso-2022-jp", "csiso2022jp": self = .foundation(.iso2022JP)
      case "iso-8859-2", "iso8859-2", "latin2", "latin-2", "l2": self = .foundation(.isoLatin2)
      case "windows-1250", "cp1250", "x-cp1250": self = .foundation(.windowsCP1250)
      case "windows-1251", "cp1251", "x-cp1251": self = .foundation(.windowsCP1251)
      case "windows-1253", "cp1253": self = .foundation(.windowsCP1253)
      case "windows-1254", "cp1254": self = .foundation(.windowsCP1254)
      default: return nil
      }
    }
  }

  /// Decodes `bytes` in `charset`. UTF-8 that is not valid, and bytes that are not text in a
  /// charset Foundation decodes, fall back to Windows-1252, which is what mislabelled mail
  /// almost always is.
  static func decode<C: Collection<UInt8>>(_ bytes: C, as charset: Charset) -> String {
    decodeIfValid(bytes, as: charset) ?? decode(bytes, as: .windows1252)
  }

  /// Decodes `bytes` in `charset`; nil when they are not text in it (UTF-8 that is not valid,
  /// a byte sequence Shift_JIS does not have). The single-byte Western charsets decode any
  /// bytes.
  static func decodeIfValid<C: Collection<UInt8>>(_ bytes: C, as charset: Charset) -> String? {
    switch charset {
    case .utf8:
      return String(validating: bytes, as: UTF8.self)
    case .foundation(let encoding):
      return String(data: Data(bytes), encoding: encoding)
    case .latin1:
      return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    case .latin9:
      return String(
        String.UnicodeScalarView(bytes.compactMap { Unicode.Scalar(latin9($0)) }))
    case .windows1252:
      return String(
        String.UnicodeScalarView(
          bytes.compactMap { b in
            b >= 0x80 && b <= 0x9F ? Unicode.Scalar(cp1252High[Int(b - 0x80)]) : Unicode.Scalar(b)
          }))
    }
  }

  /// Decodes raw header or calendar bytes whose charset is not declared: UTF-8 when valid,
  /// else Windows-1252 (a superset of ISO-8859-1's printable range).
  static func decodeUndeclared<C: Collection<UInt8>>(_ bytes: C) -> String {
    decode(bytes, as: .utf8)
  }

  /// The encoding that a line of bytes that is not valid UTF-8 looks to be in, when it does not
  /// read as Windows-1252 text (which `decodeUndeclared(_:)` reads it as): "Shift_JIS" when the
  /// bytes are Shift_JIS with Japanese in it, "" for another encoding (GBK, Big5, EUC-KR,
  /// Windows-1251…). Nil when the line reads as Western text in Windows-1252.
  ///
  /// Windows-1252 text has single accented letters, an occasional pair (`ß`, `öß`), and its
  /// punctuation (`’`, `“…”`) beside spaces or letters; double-byte encodings and the other
  /// single-byte code pages give runs of three or more bytes above 0x7F, bytes Windows-1252
  /// leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D: lead bytes of common Shift_JIS
  /// characters), its symbols wedged between two letters (`“` in `ŽR“c`, which is 山田), or,
  /// in a line that is valid Shift_JIS, symbols Western text hardly uses. A short line can
  /// pass as Windows-1252 by chance; a file of such text rarely does.
  /// - Complexity: O(`line.count`).
  static func foreignEncoding<C: Collection<UInt8>>(_ line: C) -> String? {
    let bytes = Array(line)
    var run = 0
    var foreign = false
    func isLetter(_ b: UInt8) -> Bool {
      (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
        || (b >= 0xC0 && b != 0xD7 && b != 0xF7)
    }
    for (k, b) in bytes.enumerated() {
      run = b >= 0x80 ? run + 1 : 0
      if run >= 3 || [0x81, 0x8D, 0x8F, 0x90, 0x9D].contains(b) {
        foreign = true
        break
      }
      // Windows-1252's quotes, daggers, bullets, tilde and trade mark between two letters.
      if [0x82, 0x84, 0x86, 0x87, 0x88, 0x89, 0x8B, 0x93, 0x94, 0x95, 0x98, 0x99, 0x9B]
        .contains(b), k > 0, k + 1 < bytes.count, isLetter(bytes[k - 1]), isLetter(bytes[k + 1])
      {
        foreign = true
        break
      }
    }
    let japanese = String(data: Data(bytes), encoding: .shiftJIS).map {
      $0.unicodeScalars.contains {
        (0x3040...0x30FF).contains($0.value) || (0x4E00...0x9FFF).contains($0.value)
          || (0xFF61...0xFF9F).contains($0.value)
      }
    }
    // Shift_JIS whose bytes read as Windows-1252 symbols that Western text hardly uses
    // (`‚ ƒ † ‡ ˆ ‰ ‹ ˜ ›`: 田中 is `“c’†`).
    if !foreign, japanese == true {
      foreign = bytes.contains {
        [0x82, 0x83, 0x86, 0x87, 0x88, 0x89, 0x8B, 0x98, 0x9B].contains($0)
      }
    }
    guard foreign else { return nil }
    return japanese == true ? "Shift_JIS" : ""
  }

  /// Whether the first bytes look like a binary file rather than text: a NUL byte, or many
  /// control characters other than tab, line feed, carriage return and form feed.
  static func looksBinary<C: Collection<UInt8>>(_ prefix: C) -> Bool {
    var controls = 0
    var count = 0
    for b in prefix.prefix(8192) {
      count += 1
      if b == 0 { return true }
      if b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D && b != 0x0C && b != 0x1B {
        controls += 1
      }
    }
    return count > 0 && controls * 20 > count
  }

  /// The 1-based line number of byte `offset` in `bytes`.
  static func line(ofByte offset: Int, in bytes: UnsafeRawBufferPointer) -> Int {
    var line = 1
    var i = 0
    let end = min(offset, bytes.count)
    while i < end {
      if bytes[i] == 0x0A { line += 1 }
      i += 1
    }
    return line
  }

  /// `s` without leading and trailing ASCII whitespace (space, tab, CR, LF), in pure Swift:
  /// Foundation's `trimmingCharacters(in:)` costs microseconds a call on Linux, and mail headers
  /// are trimmed millions of times.
  static func trim<S: StringProtocol>(_ s: S) -> String {
    let u = s.utf8
    var start = u.startIndex
    var end = u.endIndex
    func space(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }
    while start < end, space(u[start]) { start = u.index(after: start) }
    var last = start
    var i = start
    while i < end {
      let next = u.index(after: i)
      if !space(u[i]) { last = next }
      i = next
    }
    end = last
    return String(s[start..<end])
  }

  /// Whether `s` contains the ASCII bytes of `needle` (no Foundation, no allocation).
  static func contains(_ s: String, _ needle: StaticString) -> Bool {
    let n = needle.utf8CodeUnitCount
    guard n > 0 else { return true }
    let p = needle.utf8Start
    var s = s
    return s.withUTF8 { b in
      guard b.count >= n else { return false }
      var i = 0
      while i + n <= b.count {
        if b[i] == p[0] {
          var k = 1
          while k < n, b[i + k] == p[k] { k += 1 }
          if k == n { return true }
        }
        i += 1
      }
      return false
    }
  }

  /// Whether `s` starts with ASCII `prefix`, ignoring ASCII case.
  static func hasPrefixIgnoringCase(_ s: String, _ prefix: StaticString) -> Bool {
    let n = prefix.utf8CodeUnitCount
    let p = prefix.utf8Start
    var s = s
    return s.withUTF8 { b in
      guard b.count >= n else { return false }
      for k in 0..<n where b[k] | 0x20 != p[k] | 0x20 { return false }
      return true
    }
  }

  /// FNV-1a, 64 bits: a stable digest for synthesising source ids of records that have none.
  static func fnv1a(_ parts: [String]) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for part in parts {
      for b in part.utf8 {
        hash ^= UInt64(b)
        hash = hash &* 0x100_0000_01b3
      }
      hash ^= 0x1F
      hash = hash &* 0x100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}
