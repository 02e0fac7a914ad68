import Foundation

/// A mailbox from an address header: the address and the display name, if any.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
  /// The address as written (`local@domain`); compare it case-insensitively.
  public var email: String
  /// The display name, unquoted and with encoded words decoded; nil when absent.
  public var name: String?

  public init(email: String, name: String? = nil) {
    self.email = email
    self.name = name
  }

  public var description: String { name.map { "\($0) <\(email)>" } ?? email }

  /// Parses an RFC 5322 address list (`From`, `To`, `Cc`): name-addr (`Jane Doe
  /// <jane@example.com>`), bare addr-spec, quoted display names with backslash escapes,
  /// comments (nested; a comment is the name of a bare address, as in the obsolete `jane@example
  /// .com (Jane Doe)`), group syntax (`Team: a@x, b@y;` — the members are returned, an empty
  /// group such as `undisclosed-recipients:;` gives none), obsolete source routes, and RFC 2047
  /// encoded names. Entries without a usable address (no `@`, spaces inside) are dropped.
  /// - Complexity: O(length of `text`).
  public static func parseList(_ text: String) -> [MailAddress] {
    var result: [MailAddress] = []
    let s = Array(text.unicodeScalars)
    var chunk: [Unicode.Scalar] = []
    var inQuote = false
    var commentDepth = 0
    var inAngle = false
    var i = 0
    func finish() {
      if let a = parseMailbox(chunk) { result.append(a) }
      chunk = []
    }
    while i < s.count {
      let c = s[i]
      if c == "\\", i + 1 < s.count, inQuote || commentDepth > 0 {
        chunk.append(c)
        chunk.append(s[i + 1])
        i += 2
        continue
      }
      if commentDepth > 0 {
        if c == "(" { commentDepth += 1 }
        if c == ")" { commentDepth -= 1 }
        chunk.append(c)
      } else if inQuote {
        if c == "\"" { inQuote = false }
        chunk.append(c)
      } else {
        switch c {
        case "\"":
          inQuote = true
          chunk.append(c)
        case "(":
          commentDepth = 1
          chunk.append(c)
        case "<":
          inAngle = true
          chunk.append(c)
        case ">":
          inAngle = false
          chunk.append(c)
        case "," where !inAngle, ";" where !inAngle:
          finish()
        case ":" where !inAngle && !chunk.contains("@"):
          chunk = []  // a group's display name
        default:
          chunk.append(c)
        }
      }
      i += 1
    }
    finish()
    return result
  }

  /// One mailbox from the characters between separators.
  static func parseMailbox(_ chunk: [Unicode.Scalar]) -> MailAddress? {
    var plain: [Unicode.Scalar] = []  // the chunk without comments
    var comments: [String] = []
    var comment: [Unicode.Scalar] = []
    var depth = 0
    var inQuote = false
    var i = 0
    while i < chunk.count {
      let c = chunk[i]
      if depth > 0 {
        if c == "\\", i + 1 < chunk.count {
          comment.append(chunk[i + 1])
          i += 2
          continue
        }
        if c == "(" { depth += 1 }
        if c == ")" {
          depth -= 1
          if depth == 0 {
            comments.append(String(String.UnicodeScalarView(comment)))
            comment = []
            i += 1
            continue
          }
        }
        comment.append(c)
      } else if inQuote {
        if c == "\\", i + 1 < chunk.count {
          plain.append(c)
          plain.append(chunk[i + 1])
          i += 2
          continue
        }
        if c == "\"" { inQuote = false }
        plain.append(c)
      } else if c == "(" {
        depth = 1
      } else {
        if c == "\"" { inQuote = true }
        plain.append(c)
      }
      i += 1
    }
    if depth > 0 { comments.append(String(String.UnicodeScalarView(comment))) }

    var address: String
    var name: String?
    if let open = lastAngle(plain) {
      var close = open + 1
      while close < plain.count, plain[close] != ">" { close += 1 }
      address = String(String.UnicodeScalarView(plain[(open + 1)..<close]))
      if let colon = address.lastIndex(of: ":"), address.hasPrefix("@") {
        address = String(address[address.index(after: colon)...])  // obsolete source route
      }
      name = phrase(plain[..<open])
    } else {
      address = String(String.UnicodeScalarView(plain))
      name = nil
    }
    address = _Charsets.trim(address)
    if _Charsets.hasPrefixIgnoringCase(address, "mailto:") {
      address = String(address.dropFirst(7))
    }
    if name == nil, let c = comments.first {
      let n = _Charsets.trim(EncodedWords.decode(c))
      if !n.isEmpty { name = n }
    }
    guard isAddress(address) else { return nil }
    if let n = name {
      var cleaned = n
      // Outlook's 'Jane Doe' in single quotes; a name that only repeats the address.
      if cleaned.count >= 2, cleaned.hasPrefix("'"), cleaned.hasSuffix("'") {
        cleaned = _Charsets.trim(cleaned.dropFirst().dropLast())
      }
      if cleaned.isEmpty || cleaned.lowercased() == address.lowercased() {
        name = nil
      } else {
        name = cleaned
      }
    }
    return MailAddress(email: address, name: name)
  }

  /// The index of the `<` that opens the angle address (outside quotes), if any.
  static func lastAngle(_ s: [Unicode.Scalar]) -> Int? {
    var inQuote = false
    var found: Int?
    var i = 0
    while i < s.count {
      let c = s[i]
      if inQuote, c == "\\" {
        i += 2
        continue
      }
      if c == "\"" { inQuote.toggle() }
      if c == "<" && !inQuote { found = i }
      i += 1
    }
    return found
  }

  /// A display-name phrase: quoted strings unquoted, whitespace collapsed, encoded words
  /// decoded. Nil when empty.
  static func phrase(_ s: ArraySlice<Unicode.Scalar>) -> String? {
    var out = String.UnicodeScalarView()
    var i = s.startIndex
    while i < s.endIndex {
      let c = s[i]
      if c == "\"" {
        i += 1
        while i < s.endIndex, s[i] != "\"" {
          if s[i] == "\\", i + 1 < s.endIndex { i += 1 }
          out.append(s[i])
          i += 1
        }
        i += 1
        continue
      }
      out.append(c)
      i += 1
    }
    let decoded = EncodedWords.decode(String(out))
    var collapsed = String.UnicodeScalarView()
    var pendingSpace = false
    for c in decoded.unicodeScalars {
      if c == " " || c == "\t" || c == "\r" || c == "\n" {
        pendingSpace = !collapsed.isEmpty
      } else {
        if pendingSpace { collapsed.append(" ") }
        pendingSpace = false
        collapsed.append(c)
      }
    }
    return collapsed.isEmpty ? nil : String(collapsed)
  }

  /// Whether `s` is a plausible address: one `@` with text on both sides, no whitespace or
  /// angle brackets.
  static func isAddress(_ s: String) -> Bool {
    guard let at = s.lastIndex(of: "@"), at != s.startIndex, s.index(after: at) != s.endIndex
    else { return false }
    return !s.unicodeScalars.contains {
      $0 == " " || $0 == "\t" || $0 == "<" || $0 == ">" || $0 == "\n" || $0 == "\r" || $0 == ","
        || $0.value < 0x20
    }
  }
}
