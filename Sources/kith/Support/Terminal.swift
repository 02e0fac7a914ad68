import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Writing to the terminal: results on stdout, diagnostics on stderr, colour only on a TTY.
enum Terminal {
  static let stdoutIsTTY = isatty(STDOUT_FILENO) == 1
  static let stderrIsTTY = isatty(STDERR_FILENO) == 1
  static let colour =
    stdoutIsTTY && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    && ProcessInfo.processInfo.environment["TERM"] != "dumb"

  static func printError(_ message: String) {
    let prefix = stderrIsTTY && colour ? "\u{1B}[1;31mkith: error:\u{1B}[0m " : "kith: error: "
    // One line: newlines inside user text would break the one-line promise.
    let line = message.replacingOccurrences(of: "\n", with: " ")
    FileHandle.standardError.write(Data((prefix + line + "\n").utf8))
  }

  static func note(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
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

  func render() -> String {
    var widths = headers.map(\.count)
    for row in rows {
      for (i, cell) in row.enumerated() where i < widths.count {
        widths[i] = max(widths[i], cell.count)
      }
    }
    func line(_ cells: [String]) -> String {
      var text = cells.enumerated().map { i, cell in
        let pad = String(repeating: " ", count: max(widths[i] - cell.count, 0))
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

  /// Counts of records, "1 interaction, 0 exchanges and 2 ties": each with its noun, joined
  /// with commas and `conjunction` before the last (a comma when nil).
  static func counts(_ items: [(Int, String)], conjunction: String? = "and") -> String {
    let parts = items.map { count($0.0, $0.1) }
    guard let conjunction, parts.count > 1 else { return parts.joined(separator: ", ") }
    return parts.dropLast().joined(separator: ", ") + " \(conjunction) " + parts[parts.count - 1]
  }
}
