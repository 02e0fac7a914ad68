/// A failure inside Graphviz: malformed or empty DOT, an unknown layout or format, a missing
/// plugin.
///
/// The description is one line, `<function> failed: <message>`, where `function` is the
/// Graphviz call that failed and `message` is what Graphviz itself reported (captured, never
/// printed), or Kith's explanation when Graphviz said nothing.
///
/// Graphviz's messages quote the input near a syntax error, so they can contain names from the
/// graph.
public struct RenderError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The Graphviz function that failed, e.g. `agmemread`, `gvLayout`, `gvRender`.
  public let function: String
  /// What went wrong, on one line: Graphviz's own words when it gave any.
  public let message: String

  /// Creates an error; `message` is folded onto one line and shortened to 300 characters.
  public init(function: String, message: String) {
    self.function = function
    self.message = Self.oneLine(message)
  }

  public var description: String { "\(function) failed: \(message)" }

  static let messageLimit = 300

  /// This error with `note` ("; …") added to its message, or unchanged if `note` is empty.
  func adding(_ note: String) -> RenderError {
    note.isEmpty ? self : RenderError(function: function, message: message + note)
  }

  /// Folds Graphviz's multi-line, piecewise output into one short line: lines joined with
  /// "; ", control characters turned into spaces, a leading "Error: " dropped (the description
  /// already says it failed).
  ///
  /// - Complexity: O(*m*), where *m* is the length of `text`.
  static func oneLine(_ text: String) -> String {
    let lines = text.split(whereSeparator: \.isNewline).compactMap { line -> String? in
      let cleaned = String(
        String.UnicodeScalarView(
          line.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
      let trimmed = cleaned.trimmingSpaces()
      return trimmed.isEmpty ? nil : trimmed
    }
    var result = lines.joined(separator: "; ")
    if result.hasPrefix("Error: ") {
      result.removeFirst("Error: ".count)
    }
    if result.count > messageLimit {
      result = String(result.prefix(messageLimit - 1)) + "…"
    }
    return result
  }
}

extension StringProtocol {
  fileprivate func trimmingSpaces() -> String {
    guard let first = firstIndex(where: { $0 != " " }),
      let last = lastIndex(where: { $0 != " " })
    else { return "" }
    return String(self[first...last])
  }
}
