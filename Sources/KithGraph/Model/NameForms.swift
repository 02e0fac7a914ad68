/// The forms one person's name takes in different sources: written in Chinese, Japanese or
/// Korean script (family name first, with or without a space), its parts in either order
/// ("Mariko Fujita" on LinkedIn, "Fujita Mariko" in a calendar), and Japanese long vowels
/// spelt several ways in the Latin alphabet ("Ōno", "Ohno", "Oono").
///
/// Every function takes text already folded by `TextKey.fold` (lower case, no accents, one
/// space between words), as `person_key` stores it.
public enum NameForms {
  /// Whether `scalar` is a letter of a Chinese, Japanese or Korean script: Han ideographs,
  /// hiragana, katakana (with the half-width forms), bopomofo, Hangul.
  public static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x1100...0x11FF, 0x2E80...0x2FDF, 0x3040...0x30FF, 0x3100...0x318F,
      0x31A0...0x31FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA960...0xA97F, 0xAC00...0xD7FF,
      0xF900...0xFAFF, 0xFF66...0xFF9F, 0x20000...0x3FFFF:
      true
    default: false
    }
  }

  /// Whether `text` holds a Chinese, Japanese or Korean letter: a name in those scripts is
  /// written family name first (山田 剛, 김민준).
  /// - Complexity: O(length of `text`); ASCII text is answered from its bytes.
  public static func isCJK(_ text: some StringProtocol) -> Bool {
    guard text.utf8.contains(where: { $0 >= 0x80 }) else { return false }
    return text.unicodeScalars.contains(where: isCJK)
  }

  /// A folded name without the spaces between two CJK characters (`李 小龙` → `李小龙`), which
  /// Chinese, Japanese and Korean names are written with or without (LinkedIn joins a first
  /// and last name with one). Nil when the name has no such space (ASCII at once).
  /// - Complexity: O(length of `folded`).
  public static func compactCJK(_ folded: String) -> String? {
    guard folded.utf8.contains(where: { $0 >= 0x80 }) else { return nil }
    let scalars = Array(folded.unicodeScalars)
    var out = String.UnicodeScalarView()
    var removed = false
    for (k, s) in scalars.enumerated() {
      if s == " ", k > 0, k + 1 < scalars.count, isCJK(scalars[k - 1]), isCJK(scalars[k + 1]) {
        removed = true
        continue
      }
      out.append(s)
    }
    return removed ? String(out) : nil
  }

  /// The words of a folded name, split at spaces and commas ("fujita, mariko" is two words).
  public static func words(_ folded: String) -> [Substring] {
    folded.split(whereSeparator: { $0 == " " || $0 == "," })
  }

  /// One key for every order a name's words can be read in when it is cut in two and the
  /// halves swapped: "mariko fujita" and "fujita mariko" (family name first, as in Japan,
  /// China, Korea and Hungary) have the same key, and so do "mary ann lee" and "lee mary
  /// ann"; "ann mary lee" does not. It is the least of the rotations of the words.
  /// - Complexity: O(k²) for k words (names have two to four).
  public static func rotationKey(_ words: [Substring]) -> String {
    guard words.count > 1 else { return words.joined(separator: " ") }
    var best = words
    for shift in 1..<words.count {
      let rotated = Array(words[shift...] + words[..<shift])
      if rotated.lexicographicallyPrecedes(best) { best = rotated }
    }
    return best.joined(separator: " ")
  }

  /// `word` (folded, so `ō` is already `o`) with the long vowels of Hepburn romanisation
  /// written short, when the word is romanised Japanese: `ohno`, `oono` and `ouno` → `ono`,
  /// `satoh` and `itou` → `sato`, `ito`, `yuuki` → `yuki`. A long `o` spelt `oh`, `ou` or `oo`
  /// is one before a consonant that starts a syllable or at the end of the word; `uu` is a long
  /// `u` anywhere.
  ///
  /// Nil when the word is not made of Japanese syllables (consonant and vowel, `ky`-like
  /// pairs, `sh`, `ch`, `ts`, a doubled consonant, the syllabic `n`, and `m` before b, p, m):
  /// `john` is no romanised Japanese (its `h` ends a syllable), so it never becomes `jon`.
  /// Only for telling whether two names may be one person's: spellings stay as written
  /// elsewhere (handles, lookups).
  /// - Complexity: O(length of `word`).
  public static func shortVowels(_ word: Substring) -> String? {
    let w = Array(word.utf8)
    guard !w.isEmpty else { return nil }
    func isVowel(_ i: Int) -> Bool {
      i < w.count && [UInt8(ascii: "a"), 0x65, 0x69, 0x6F, 0x75].contains(w[i])
    }
    func at(_ i: Int, _ c: Character) -> Bool { i < w.count && w[i] == c.asciiValue }
    /// The length of the consonants starting a syllable at `i` (before its vowel), or nil.
    func onset(_ i: Int) -> Int? {
      guard i < w.count, !isVowel(i) else { return nil }
      if (at(i, "s") || at(i, "c")) && at(i + 1, "h") && isVowel(i + 2) { return 2 }
      if at(i, "t") && at(i + 1, "s") && isVowel(i + 2) { return 2 }
      let c = w[i]
      if "kgnhbpmr".utf8.contains(c) && at(i + 1, "y") && isVowel(i + 2) { return 2 }
      if "kgsztdnhbpmyrwjf".utf8.contains(c) && isVowel(i + 1) { return 1 }
      return nil
    }
    var out: [UInt8] = []
    var i = 0
    while i < w.count {
      if isVowel(i) {
        out.append(w[i])
        i += 1
        continue
      }
      // The syllabic n (before a consonant, an apostrophe, or at the end), and the m
      // traditional Hepburn writes for it before b, p and m (Namba, Homma).
      if at(i, "n") && !isVowel(i + 1) && !at(i + 1, "y") {
        out.append(w[i])
        i += at(i + 1, "'") ? 2 : 1
        continue
      }
      if at(i, "m") && (at(i + 1, "b") || at(i + 1, "p") || at(i + 1, "m")) {
        out.append(w[i])
        i += 1
        continue
      }
      // A long o spelt "oh": only where a syllable (or nothing) follows.
      if at(i, "h"), out.last == UInt8(ascii: "o"), i + 1 == w.count || onset(i + 1) != nil {
        i += 1
        continue
      }
      // A doubled consonant (Hattori, Hokkaido; "tch" in Hepburn's Matcha).
      if i + 1 < w.count, w[i + 1] == w[i] || (at(i, "t") && at(i + 1, "c")),
        !at(i, "n"), onset(i + 1) != nil
      {
        out.append(w[i])
        i += 1
        continue
      }
      guard let length = onset(i) else { return nil }
      out += w[i..<(i + length)]
      i += length
    }
    // Long vowels written short: "ou" and "oo" before a consonant or at the end, any "uu".
    var short: [UInt8] = []
    for (k, c) in out.enumerated() {
      let previous = k > 0 ? out[k - 1] : nil
      let next = k + 1 < out.count ? out[k + 1] : nil
      let beforeConsonant = next.map { !"aeiou".utf8.contains($0) } ?? true
      if previous == UInt8(ascii: "o"), c == UInt8(ascii: "u") || c == UInt8(ascii: "o"),
        beforeConsonant
      {
        continue
      }
      if previous == UInt8(ascii: "u"), c == UInt8(ascii: "u") { continue }
      short.append(c)
    }
    return String(decoding: short, as: UTF8.self)
  }

  /// The words of a folded name with Japanese long vowels written short (`shortVowels`) when
  /// every word is romanised Japanese; the words as they are otherwise, so that a name
  /// with one word of another language keeps its spelling ("Jon Ohno" stays as it is).
  public static func shortVowelWords(_ words: [Substring]) -> [Substring] {
    var out: [Substring] = []
    for word in words {
      guard let short = shortVowels(word) else { return words }
      out.append(Substring(short))
    }
    return out
  }
}
