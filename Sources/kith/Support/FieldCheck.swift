import Foundation
import KithGraph
import KithImport

/// What an email address, phone number or profile URL typed on the command line must look
/// like. Stricter than `IdentityKey`, which reads whatever an import's source holds: these
/// refuse what is clearly a typo (`jane@@example..com`) or something else (`call me maybe`).
enum FieldCheck {
  /// One `@` between a local part and a domain of at least two non-empty labels, with no
  /// spaces, and nothing `IdentityKey.email` would strip or refuse (`mailto:`, `<…>`, commas).
  static func isEmail(_ text: String) -> Bool {
    let t = TextKey.trimmed(text)
    guard IdentityKey.email(t) == t.lowercased() else { return false }
    let parts = t.split(separator: "@", omittingEmptySubsequences: false)
    guard parts.count == 2, !parts[0].isEmpty else { return false }
    let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
    return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty }
  }

  /// Digits, with `+`, spaces, dashes, dots, slashes and parentheses between them, and an
  /// optional extension (`x123`, `ext. 12`): no other letters.
  static func isPhone(_ text: String) -> Bool {
    var t = TextKey.trimmed(text).lowercased()
    if let ext = t.range(of: #"\s*(x|ext\.?|extension)\s*[0-9]+$"#, options: .regularExpression) {
      t.removeSubrange(ext)
    }
    let separators = Set(" +-./()".unicodeScalars)
    return t.unicodeScalars.contains { ("0"..."9").contains($0) }
      && t.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || separators.contains($0) }
  }

  /// `http://` or `https://` and a host, or a bare host and path (`linkedin.com/in/jane`): a
  /// host of at least two non-empty labels (and a port), with no spaces.
  static func isURL(_ text: String) -> Bool {
    let t = TextKey.trimmed(text)
    guard !t.contains(where: \.isWhitespace), let key = IdentityKey.url(t) else { return false }
    if let scheme = t.range(of: "://") {
      guard ["http", "https"].contains(t[..<scheme.lowerBound].lowercased()) else { return false }
    } else if t.contains(":/") {
      return false  // a scheme with a slash missing, such as `https:/example.com`
    }
    let host = key.prefix { $0 != "/" }.split(separator: ":", omittingEmptySubsequences: false)
    guard host.count <= 2, host.count == 1 || host[1].allSatisfy({ $0.isASCII && $0.isNumber })
    else {
      return false
    }
    let labels = host[0].split(separator: ".", omittingEmptySubsequences: false)
    return labels.count >= 2
      && labels.allSatisfy {
        !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
      }
  }

  /// Whether two phone numbers are the same: the same digits (`IdentityKey.phone`), or the
  /// same text when one has too few digits for a key.
  static func samePhone(_ a: String, _ b: String) -> Bool {
    if let ka = IdentityKey.phone(a), let kb = IdentityKey.phone(b) { return ka == kb }
    return TextKey.trimmed(a) == TextKey.trimmed(b)
  }

  /// Whether two profile URLs are the same (`IdentityKey.url`: scheme, `www.`, case and a
  /// trailing slash aside).
  static func sameURL(_ a: String, _ b: String) -> Bool {
    if let ka = IdentityKey.url(a), let kb = IdentityKey.url(b) { return ka == kb }
    return TextKey.trimmed(a).lowercased() == TextKey.trimmed(b).lowercased()
  }
}
