import Foundation
import KithGraph

#if canImport(Glibc)
  import Glibc
#endif

/// Writing to the terminal: results on stdout, diagnostics on stderr, colour only on a TTY.
enum Terminal {
  static let stdoutIsTTY = isatty(STDOUT_FILENO) == 1
  static let stderrIsTTY = isatty(STDERR_FILENO) == 1
  static let colour = wantsColour(
    isTTY: stdoutIsTTY, environment: ProcessInfo.processInfo.environment)

  /// Colour on a terminal, unless `NO_COLOR` is set to something (an empty value does not
  /// count, as no-color.org says) or the terminal is dumb.
  static func wantsColour(isTTY: Bool, environment: [String: String]) -> Bool {
    isTTY && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
  }

  static func printError(_ message: String) {
    let prefix = stderrIsTTY && colour ? "\u{1B}[1;31mkith: error:\u{1B}[0m " : "kith: error: "
    // One line: newlines inside user text would break the one-line promise. The message may
    // quote a file's content or what was typed: its control characters are shown.
    let line = Format.shown(message).replacingOccurrences(of: "\n", with: " ")
    FileHandle.standardError.write(Data((prefix + line + "\n").utf8))
  }

  /// Writes `message` on stderr, its control characters shown (`Format.shown`): a note may
  /// quote an imported file.
  static func note(_ message: String) {
    FileHandle.standardError.write(Data((Format.shown(message) + "\n").utf8))
  }

  /// The columns `text` takes on a terminal: two for East Asian wide and fullwidth characters
  /// and emoji shown as emoji, none for combining marks and other zero-width characters, one
  /// for the rest (as `wcwidth` counts, a character at a time).
  static func displayWidth(_ text: String) -> Int {
    var width = 0
    for character in text {
      guard let first = character.unicodeScalars.first else { continue }
      if first.isASCII {
        width += first.value < 0x20 || first.value == 0x7F ? 0 : 1
        continue
      }
      let properties = first.properties
      switch properties.generalCategory {
      case .nonspacingMark, .enclosingMark, .format, .control:
        continue
      default:
        break
      }
      let emoji =
        properties.isEmojiPresentation
        || (properties.isEmoji && character.unicodeScalars.contains { $0.value == 0xFE0F })
      width += emoji || isWide(first.value) ? 2 : 1
    }
    return width
  }

  /// Whether a code point is East Asian Wide or Fullwidth (Unicode's EastAsianWidth.txt, by
  /// block: Hangul, CJK, kana, fullwidth forms).
  private static func isWide(_ value: UInt32) -> Bool {
    switch value {
    case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
      0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
      0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
      0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF, 0x1F200...0x1F2FF,
      0x20000...0x2FFFD, 0x30000...0x3FFFD:
      true
    default:
      false
    }
  }

  static func bold(_ text: String) -> String { colour ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
  static func dim(_ text: String) -> String { colour ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
}

/// A plain-text table with aligned columns.
struct TextTable {
  var headers: [String]
  var rows: [[String]] = []
  /// Columns aligned right (numbers).
  var rightAligned: Set<Int> = []

  init(_ headers: [String], rightAligned: Set<Int> = []) {
    self.headers = headers
    self.rightAligned = rightAligned
  }

  mutating func add(_ row: [String]) { rows.append(row) }

  /// The table as text; a cell's text on one line, its control characters shown
  /// (`Format.shown`).
  func render() -> String {
    let rows = rows.map { $0.map { TextKey.singleLine(Format.shown($0)) } }
    var widths = headers.map(Terminal.displayWidth)
    for row in rows {
      for (i, cell) in row.enumerated() where i < widths.count {
        widths[i] = max(widths[i], Terminal.displayWidth(cell))
      }
    }
    func line(_ cells: [String]) -> String {
      var text = cells.enumerated().map { i, cell in
        let pad = String(repeating: " ", count: max(widths[i] - Terminal.displayWidth(cell), 0))
        return rightAligned.contains(i) ? pad + cell : cell + pad
      }.joined(separator: "  ")
      // No trailing spaces, however many of the last cells are empty.
      while text.last == " " { text.removeLast() }
      return text
    }
    var out = [Terminal.bold(line(headers))]
    out += rows.map(line)
    return out.joined(separator: "\n")
  }
}

/// Number formatting for text output.
enum Format {
  static func number(_ value: Double, digits: Int = 2) -> String {
    String(format: "%.\(digits)f", value)
  }

  /// "1 day", "2 days": a count with its noun, plural unless the count is one.
  static func count(_ n: Int, _ noun: String) -> String {
    "\(n) \(noun)\(n == 1 ? "" : "s")"
  }

  /// "1 person", "2 people": a count with a noun whose plural is irregular.
  static func count(_ n: Int, _ noun: String, plural: String) -> String {
    "\(n) \(n == 1 ? noun : plural)"
  }

  /// A sentence that quotes free text (a brief's question, a plan item's why, a suggestion) on
  /// one line, as a bullet needs: the quoted text's line breaks become spaces
  /// (`TextKey.singleLine`), its control characters shown (`shown`).
  static func sentence(_ text: String) -> String { TextKey.singleLine(shown(text)) }

  /// `text` on one line (`TextKey.singleLine`), cut to at most `limit` characters with "…"
  /// where it was cut, its control characters shown (`shown`).
  static func excerpt(_ text: String, _ limit: Int) -> String {
    let line = TextKey.trimmed(sentence(text))
    return line.count <= limit ? line : String(line.prefix(limit - 1)) + "…"
  }

  /// `text` with each line after the first indented by `column` spaces, so that a multi-line
  /// note printed after a date stays in its column instead of starting at the margin; its
  /// control characters shown (`shown`).
  static func hanging(_ text: String, column: Int) -> String {
    shown(text).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
      .joined(separator: "\n" + String(repeating: " ", count: column))
  }

  /// Free text (a summary, a note, a reason) as the terminal shows it: each control character
  /// but a line break or a tab written out as `\u{1B}`, so that an escape sequence in a mail's
  /// subject (an import keeps it as written) shows as text instead of restyling, clearing or
  /// retitling the terminal. A carriage return before a line feed is dropped. JSON and the
  /// exports keep the text as stored: JSON escapes these characters itself.
  static func shown(_ text: String) -> String {
    // Printable ASCII and line breaks (most text): nothing to do.
    guard text.unicodeScalars.contains(where: isShownEscaped) else { return text }
    var out = ""
    let scalars = Array(text.unicodeScalars)
    for (k, u) in scalars.enumerated() {
      if u == "\r", k + 1 < scalars.count, scalars[k + 1] == "\n" { continue }
      if isShownEscaped(u) {
        out += "\\u{\(String(u.value, radix: 16, uppercase: true))}"
      } else {
        out.unicodeScalars.append(u)
      }
    }
    return out
  }

  /// A control character other than a line feed or a tab.
  private static func isShownEscaped(_ u: Unicode.Scalar) -> Bool {
    u.properties.generalCategory == .control && u != "\n" && u != "\t"
  }

  /// Counts of records, "1 interaction, 0 exchanges and 2 ties": each with its noun, joined
  /// with commas and `conjunction` before the last (a comma when nil).
  static func counts(_ items: [(Int, String)], conjunction: String? = "and") -> String {
    let parts = items.map { count($0.0, $0.1) }
    guard let conjunction else { return parts.joined(separator: ", ") }
    return list(parts, conjunction: conjunction)
  }

  /// "A", "A and B", "A, B and C": parts joined with commas and `conjunction` before the last.
  static func list(_ parts: [String], conjunction: String = "and") -> String {
    guard parts.count > 1 else { return parts.first ?? "" }
    return parts.dropLast().joined(separator: ", ") + " \(conjunction) " + parts[parts.count - 1]
  }
}
