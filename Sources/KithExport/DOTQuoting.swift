/// How ``DOTGraph`` writes strings so that Graphviz shows exactly the text it was given.
///
/// What Graphviz 2.42 does with a quoted string: its scanner turns `\"` into `"`, drops a raw
/// line break and a backslash followed by one, and keeps everything else — `\\` stays two
/// backslashes. Label text (and an id shown through the default label `\N`) is then
/// interpreted again: `\N` `\G` `\E` `\T` `\H` `\L` insert names, `\n` `\l` `\r` end a line
/// (centred, left- or right-justified), a backslash before any other character is dropped (so
/// `\\` shows one backslash) and HTML entities such as `&amp;` become characters.
///
/// Hence, inside the quotes:
///
/// | character | written as | why |
/// |---|---|---|
/// | `"` | `\"` | ends the string otherwise |
/// | `\` | `\\` | would start an escape (`\N`, `\l`, …) |
/// | `&` | `&amp;` | `&lt;` and the like would show as `<` |
/// | line feed | `\n` | a raw line break is dropped |
/// | carriage return | `\n` in values, `\r` in ids | `\r` keeps ids distinct (see below) |
/// | NUL | U+FFFD in values, `\` U+FFFD in ids | C strings end at NUL; shown as U+FFFD |
///
/// Everything else, `<` and `>` included, is written as is: inside quotes it is plain text
/// (HTML-like labels use `<…>` instead of quotes, and this writer never produces them).
/// Strings of any length work; Graphviz's parser has no limit on a quoted string.
///
/// In values, a CR LF pair is one line break, written `\n`. Ids (graph name, node ids, edge
/// endpoints, attribute keys) write each CR as `\r` and each LF as `\n`, and NUL differently
/// from U+FFFD, so that two different strings are always two different ids: the mapping is
/// one-to-one. (Graphviz shows `\r` as a line break after a right-justified line.) Graphviz's
/// internal name for an id is the written form between the quotes, with `\"` read as `"` —
/// for example, the id `a\b` becomes the Graphviz name `a\\b`, which its default label shows
/// as `a\b`.
///
/// A string that is a plain DOT identifier (`[A-Za-z_][A-Za-z0-9_]*`, not a keyword such as
/// `node` or `graph`) or a plain number (`-?[0-9]+(\.[0-9]+)?`, `-?\.[0-9]+`) is written
/// without quotes, for readability; the meaning is the same.
public enum DOTQuoting {
  /// `string` as a DOT id: bare if it is a plain identifier or number, else quoted.
  ///
  /// - Complexity: O(*k*), where *k* is the length of `string`.
  public static func id(_ string: String) -> String {
    isBare(string) ? string : quote(string, forID: true)
  }

  /// `string` as a DOT attribute value meant as text: bare if it is a plain identifier or
  /// number, else quoted. Line breaks of any convention (LF, CR LF, CR) become centred line
  /// breaks; Graphviz's own escapes (`\l`, `\N`, …) cannot be written through it.
  ///
  /// - Complexity: O(*k*), where *k* is the length of `string`.
  public static func text(_ string: String) -> String {
    isBare(string) ? string : quote(string, forID: false)
  }

  private static let keywords: Set<String> = [
    "node", "edge", "graph", "digraph", "subgraph", "strict",
  ]

  /// Whether `string` can be written without quotes.
  static func isBare(_ string: String) -> Bool {
    let bytes = Array(string.utf8)
    guard let first = bytes.first else { return false }
    if isLetter(first) {
      return bytes.allSatisfy { isLetter($0) || isDigit($0) }
        && !keywords.contains(string.lowercased())
    }
    return isNumber(bytes)
  }

  /// `-?([0-9]+(\.[0-9]+)?|\.[0-9]+)`.
  private static func isNumber(_ bytes: [UInt8]) -> Bool {
    var rest = bytes[...]
    if rest.first == UInt8(ascii: "-") { rest = rest.dropFirst() }
    let integer = rest.prefix(while: isDigit)
    rest = rest.dropFirst(integer.count)
    if rest.isEmpty { return !integer.isEmpty }
    guard rest.first == UInt8(ascii: ".") else { return false }
    let fraction = rest.dropFirst()
    return !fraction.isEmpty && fraction.allSatisfy(isDigit)
  }

  private static func isLetter(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
      || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "_")
  }

  private static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  /// `string` between double quotes, escaped as the table in the type's documentation says.
  /// For a value, CR LF and a lone CR are written as LF is (`\n`); for an id, CR is written
  /// `\r` and NUL as a backslash before U+FFFD (otherwise a backslash only precedes `\`, `"`,
  /// `n` or `r`, so the written form decodes one way only).
  private static func quote(_ string: String, forID: Bool) -> String {
    // Every character that needs care is ASCII, so work on UTF-8 bytes: a byte below 0x80
    // never belongs to a multi-byte character, and the others pass through untouched.
    var out: [UInt8] = []
    out.reserveCapacity(string.utf8.count + 2)
    let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]  // U+FFFD
    out.append(UInt8(ascii: "\""))
    var afterCarriageReturn = false
    for byte in string.utf8 {
      defer { afterCarriageReturn = !forID && byte == UInt8(ascii: "\r") }
      switch byte {
      case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
      case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
      case UInt8(ascii: "&"): out += Array("&amp;".utf8)
      case UInt8(ascii: "\n"):
        // After a CR in a value, the CR already wrote this line break.
        if !afterCarriageReturn { out += [UInt8(ascii: "\\"), UInt8(ascii: "n")] }
      case UInt8(ascii: "\r"): out += [UInt8(ascii: "\\"), UInt8(ascii: forID ? "r" : "n")]
      case 0: out += forID ? [UInt8(ascii: "\\")] + replacement : replacement
      default: out.append(byte)
      }
    }
    out.append(UInt8(ascii: "\""))
    return String(decoding: out, as: UTF8.self)
  }
}
