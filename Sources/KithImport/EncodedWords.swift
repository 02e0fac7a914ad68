import Foundation

/// RFC 2047 encoded words in mail headers: `=?charset?B?…?=` and `=?charset?Q?…?=`.
///
/// Charsets: UTF-8 and US-ASCII, ISO-8859-1, ISO-8859-15, Windows-1252, Shift_JIS, ISO-2022-JP,
/// ISO-8859-2 and Windows-1250, -1251, -1253 and -1254 (`_Charsets.Charset`, with their common
/// aliases, and an RFC 2231 language suffix such as `UTF-8*en`). A word in another charset is
/// left as written. Whitespace between adjacent encoded words is dropped, and the bytes of
/// adjacent words in the same charset are decoded together, so a UTF-8 character split across
/// two words (as some mailers write it) comes out whole. Encoded words inside quoted strings,
/// which RFC 2047 forbids but mailers write, are decoded too.
public enum EncodedWords {
  /// Decodes every encoded word in `text`.
  /// - Complexity: O(length of `text`).
  public static func decode(_ text: String) -> String {
    guard _Charsets.contains(text, "=?") else { return text }
    let s = Array(text.unicodeScalars)
    var out = String.UnicodeScalarView()
    var pending: [UInt8] = []
    var pendingCharset: _Charsets.Charset?
    var gap = String.UnicodeScalarView()  // whitespace after a word, dropped if another follows
    func flush() {
      if let cs = pendingCharset {
        out.append(contentsOf: _Charsets.decode(pending, as: cs).unicodeScalars)
      }
      pending = []
      pendingCharset = nil
    }
    var i = 0
    while i < s.count {
      if s[i] == "=", i + 1 < s.count, s[i + 1] == "?", let word = parseWord(s, at: i) {
        if pendingCharset != nil && pendingCharset != word.charset { flush() }
        if pendingCharset == nil { out.append(contentsOf: gap) }
        gap = String.UnicodeScalarView()
        pendingCharset = word.charset
        pending.append(contentsOf: word.bytes)
        i = word.end
        continue
      }
      if pendingCharset != nil {
        if s[i] == " " || s[i] == "\t" || s[i] == "\r" || s[i] == "\n" {
          gap.append(s[i])
          i += 1
          continue
        }
        flush()
      }
      out.append(contentsOf: gap)
      gap = String.UnicodeScalarView()
      out.append(s[i])
      i += 1
    }
    flush()
    out.append(contentsOf: gap)
    return String(out)
  }

  struct Word {
    var charset: _Charsets.Charset
    var bytes: [UInt8]
    var end: Int
  }

  /// Parses one encoded word starting at `start` (`=?`), or nil when it is not one.
  static func parseWord(_ s: [Unicode.Scalar], at start: Int) -> Word? {
    var i = start + 2
    let charsetStart = i
    while i < s.count, s[i] != "?", s[i].isASCII, s[i] != " " { i += 1 }
    guard i < s.count, s[i] == "?", i > charsetStart else { return nil }
    let charsetName = String(String.UnicodeScalarView(s[charsetStart..<i]))
    i += 1
    guard i + 1 < s.count, s[i + 1] == "?" else { return nil }
    let encoding = s[i]
    i += 2
    let textStart = i
    while i + 1 < s.count, !(s[i] == "?" && s[i + 1] == "=") {
      if s[i] == " " || s[i] == "\t" || !s[i].isASCII { return nil }
      i += 1
    }
    guard i + 1 < s.count else { return nil }
    let body = s[textStart..<i]
    let end = i + 2
    guard let charset = _Charsets.Charset(name: charsetName) else { return nil }
    let bytes: [UInt8]?
    switch encoding {
    case "B", "b": bytes = base64(body)
    case "Q", "q": bytes = quoted(body)
    default: return nil
    }
    guard let decoded = bytes else { return nil }
    return Word(charset: charset, bytes: decoded, end: end)
  }

  static func quoted(_ body: ArraySlice<Unicode.Scalar>) -> [UInt8]? {
    var out: [UInt8] = []
    out.reserveCapacity(body.count)
    var i = body.startIndex
    while i < body.endIndex {
      let c = body[i]
      if c == "_" {
        out.append(0x20)
      } else if c == "=", i + 2 < body.endIndex, let h = hex(body[i + 1]), let l = hex(body[i + 2])
      {
        out.append(h << 4 | l)
        i += 2
      } else {
        out.append(UInt8(truncatingIfNeeded: c.value))
      }
      i += 1
    }
    return out
  }

  static func hex(_ c: Unicode.Scalar) -> UInt8? {
    switch c.value {
    case 0x30...0x39: UInt8(c.value - 0x30)
    case 0x41...0x46: UInt8(c.value - 0x41 + 10)
    case 0x61...0x66: UInt8(c.value - 0x61 + 10)
    default: nil
    }
  }

  /// Lenient base64: missing padding is accepted, characters outside the alphabet are not.
  static func base64(_ body: ArraySlice<Unicode.Scalar>) -> [UInt8]? {
    var out: [UInt8] = []
    out.reserveCapacity(body.count * 3 / 4)
    var acc: UInt32 = 0
    var bits = 0
    for c in body {
      let v: UInt32
      switch c.value {
      case 0x41...0x5A: v = c.value - 0x41
      case 0x61...0x7A: v = c.value - 0x61 + 26
      case 0x30...0x39: v = c.value - 0x30 + 52
      case 0x2B, 0x2D: v = 62
      case 0x2F, 0x5F: v = 63
      case 0x3D: continue
      default: return nil
      }
      acc = (acc << 6) | v
      bits += 6
      if bits >= 8 {
        bits -= 8
        out.append(UInt8((acc >> UInt32(bits)) & 0xFF))
      }
    }
    return out
  }
}
