import Foundation

/// Normalisation of names and references, so that lookups ignore case, accents and spacing.
public enum TextKey {
  /// Folds case and accents and collapses whitespace: `"  José  García "` → `"jose garcia"`.
  /// Letters that have no accent to drop are spelled as a Latin keyboard would type them
  /// (`Łukasz` → `lukasz`, `Søren` → `soren`, `Straße` → `strasse`), and emoji and other
  /// symbols are left out (`Zoë Chen 🚀` → `zoe chen`): a LinkedIn name decorated with an
  /// emoji is the same person as the address book's.
  ///
  /// ASCII text is folded byte by byte (lower-cased, whitespace runs collapsed, which is what
  /// Foundation's folding does to it): Foundation's costs microseconds a call on Linux.
  /// - Complexity: O(length of `text`).
  public static func fold(_ text: String) -> String {
    var isASCII = true
    for byte in text.utf8 where byte >= 0x80 {
      isASCII = false
      break
    }
    guard isASCII else { return foundationFold(text) }
    var out = [UInt8]()
    out.reserveCapacity(text.utf8.count)
    var pendingSpace = false
    for byte in text.utf8 {
      if byte == 0x20 || (0x09...0x0D).contains(byte) {
        pendingSpace = !out.isEmpty
        continue
      }
      if pendingSpace {
        out.append(0x20)
        pendingSpace = false
      }
      out.append((0x41...0x5A).contains(byte) ? byte + 0x20 : byte)
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Whether `word` is a title written before a name and no name to call anyone by ("Dr.",
  /// "prof", "Mrs."), in any case, with or without its dot. Five bytes at most, so that most
  /// words are answered without lower-casing (first names are looked for in every contact's).
  public static func isHonorific(_ word: Substring) -> Bool {
    guard word.utf8.count <= 5 else { return false }
    let bare = word.utf8.last == UInt8(ascii: ".") ? word.dropLast() : word
    return honorifics.contains(bare.lowercased())
  }

  static let honorifics: Set<String> = ["dr", "prof", "mr", "mrs", "ms", "mx"]

  /// `fold(_:)` through Foundation, for any text.
  static func foundationFold(_ text: String) -> String {
    let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    var spelled = String.UnicodeScalarView()
    for u in folded.unicodeScalars {
      if let latin = latinSpelling[u] {
        spelled.append(contentsOf: latin.unicodeScalars)
      } else if !isSymbol(u) {
        spelled.append(u)
      }
    }
    let words = String(spelled).split(whereSeparator: \.isWhitespace)
    // A name of nothing but emoji is its emoji: left out, every such name would be one.
    guard !words.isEmpty else {
      return folded.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
    return words.joined(separator: " ")
  }

  /// Lower-case letters that folding leaves as they are (no accent to drop), as they are
  /// spelled on a Latin keyboard.
  static let latinSpelling: [Unicode.Scalar: String] = [
    "ł": "l", "ø": "o", "ß": "ss", "đ": "d", "ð": "d", "æ": "ae", "œ": "oe", "þ": "th",
    "ı": "i", "ħ": "h", "ŀ": "l",
  ]

  /// Emoji and other pictographs, and what builds them (variation selectors, the zero-width
  /// joiner between an emoji's parts, skin tones, keycaps, tag characters): not part of a
  /// name to look it up by. ASCII symbols (`&`, `+`) are kept.
  static func isSymbol(_ u: Unicode.Scalar) -> Bool {
    guard u.value >= 0x80 else { return false }
    let p = u.properties
    return p.generalCategory == .otherSymbol || p.isEmojiModifier || p.isVariationSelector
      || u.value == 0x200D || u.value == 0x20E3 || (0xE0020...0xE007F).contains(u.value)
  }

  /// `text.trimmingCharacters(in: .whitespacesAndNewlines)`, without Foundation when the text
  /// starts and ends with a visible ASCII character (nothing to trim; most names and fields):
  /// Foundation's trimming costs a microsecond or more a call on Linux.
  public static func trimmed(_ text: String) -> String {
    trimmed(text, in: .whitespacesAndNewlines)
  }

  /// `trimmed(_:)` for another set of white space (`.whitespaces`: spaces and tabs only).
  public static func trimmed(_ text: String, in set: CharacterSet) -> String {
    if let first = text.utf8.first, let last = text.utf8.last, first > 0x20, first < 0x7F,
      last > 0x20, last < 0x7F
    {
      return text
    }
    return text.trimmingCharacters(in: set)
  }

  /// `text` as a one-line label (a name, an alias, a tag, a role, an organisation's name):
  /// every run of white space that holds a line break or a tab (a name pasted across two
  /// lines, a mail header folded inside a name) becomes one space, and the characters that
  /// have no place in a label are dropped: other control characters (an escape sequence would
  /// restyle the terminal that shows the label) and the invisible format characters that
  /// change what is around them (`isDroppedFormat`). Runs of spaces alone are left as typed;
  /// the ends are not trimmed. Labels are shown in tables and sentences, where a line break
  /// breaks the layout and a right-to-left override reverses the rest of the row.
  ///
  /// Labels are cleaned, never refused, wherever they enter the store (a backup written by an
  /// earlier version, an import), so that what was once stored can always be stored again.
  public static func singleLine(_ text: String) -> String {
    // Printable ASCII (most labels): nothing to do.
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
    guard text.unicodeScalars.contains(where: { isLineBreak($0) || isDropped($0) }) else {
      return text
    }
    var out = String.UnicodeScalarView()
    var run = String.UnicodeScalarView()
    var runBreaks = false
    func endRun() {
      if runBreaks { out.append(" ") } else { out.append(contentsOf: run) }
      run = String.UnicodeScalarView()
      runBreaks = false
    }
    for u in text.unicodeScalars {
      if isLineBreak(u) {
        runBreaks = true
      } else if u.properties.isWhitespace {
        run.append(u)
      } else if !isDropped(u) {
        if runBreaks || !run.isEmpty { endRun() }
        out.append(u)
      }
    }
    if runBreaks || !run.isEmpty { endRun() }
    return String(out)
  }

  /// A tab or a line break: control white space, NEL, and the line and paragraph separators.
  static func isLineBreak(_ u: Unicode.Scalar) -> Bool {
    (u.value < 0x20 && u.properties.isWhitespace) || u == "\u{85}" || u == "\u{2028}"
      || u == "\u{2029}"
  }

  /// A character `singleLine` drops: a control character that is no line break (C0, DEL, C1),
  /// or an invisible format character (`isDroppedFormat`).
  static func isDropped(_ u: Unicode.Scalar) -> Bool {
    (u.properties.generalCategory == .control && !isLineBreak(u)) || isDroppedFormat(u)
  }

  /// The zero-width space, the word joiner and the byte-order mark (invisible: two names that
  /// look the same would differ), and the bidirectional embeddings, overrides and isolates
  /// (U+202A–U+202E, U+2066–U+2069), which turn the text after them, to the end of the line,
  /// right to left. The zero-width joiner and non-joiner (U+200D, U+200C) are kept: emoji
  /// sequences and several scripts need them; so are the left-to-right and right-to-left
  /// marks, which only place the characters beside them.
  static func isDroppedFormat(_ u: Unicode.Scalar) -> Bool {
    switch u.value {
    case 0x200B, 0x2060, 0xFEFF, 0x202A...0x202E, 0x2066...0x2069: true
    default: false
    }
  }

  /// A handle (slug) for a name: folded, letters and digits kept, other runs become `-`.
  /// Returns `"person"` when nothing usable remains (a name in a script with no letters that
  /// fold to ASCII keeps its letters, since handles may be any Unicode letters).
  public static func slug(_ text: String, fallback: String = "person") -> String {
    let folded = fold(text)
    // ASCII (most names once folded): the letters and digits are bytes, read as bytes;
    // iterating characters costs an import thousands of instructions per new person.
    if folded.utf8.allSatisfy({ $0 < 0x80 }) {
      var bytes: [UInt8] = []
      bytes.reserveCapacity(folded.utf8.count)
      var pendingDash = false
      for byte in folded.utf8 {
        let isLetter = (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
        if isLetter || (byte >= 0x30 && byte <= 0x39) {
          if pendingDash, !bytes.isEmpty { bytes.append(UInt8(ascii: "-")) }
          pendingDash = false
          bytes.append(byte)
        } else {
          pendingDash = true
        }
      }
      return bytes.isEmpty ? fallback : String(decoding: bytes, as: UTF8.self)
    }
    let out = slugByCharacters(folded)
    return out.isEmpty ? fallback : out
  }

  /// The letters and digits of `folded`, character by character, runs of anything else
  /// becoming one `-` between them: the rule `slug` applies, and reads ASCII text by bytes.
  static func slugByCharacters(_ folded: String) -> String {
    var out = ""
    var pendingDash = false
    for ch in folded {
      if ch.isLetter || ch.isNumber {
        if pendingDash, !out.isEmpty { out.append("-") }
        pendingDash = false
        out.append(ch)
      } else {
        pendingDash = true
      }
    }
    return out
  }

  /// Edit distance with transpositions (optimal string alignment: insertions, deletions,
  /// substitutions and swaps of two neighbouring characters each cost 1), for "did you mean"
  /// suggestions: `jaen` is one edit from `jane`, as a typist sees it.
  /// - Complexity: O(a·b) time, O(b) memory.
  public static func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a)
    let y = Array(b)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var beforePrevious = [Int](repeating: 0, count: y.count + 1)
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
      current[0] = i
      for j in 1...y.count {
        current[j] = Swift.min(
          previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
        if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
          current[j] = Swift.min(current[j], beforePrevious[j - 2] + 1)
        }
      }
      (beforePrevious, previous, current) = (previous, current, beforePrevious)
    }
    return previous[y.count]
  }
}
