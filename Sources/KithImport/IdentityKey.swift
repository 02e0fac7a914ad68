import Foundation
import KithGraph

/// The normalised forms under which the same person is recognised across sources, strongest
/// first: email, profile URL, phone, then name. A name alone is never proof of identity.
public enum IdentityKey {
  /// What a key was made from, in decreasing order of trust.
  public enum Kind: String, Sendable, Hashable, CaseIterable, Comparable {
    case email, url, phone, name

    public static func < (lhs: Self, rhs: Self) -> Bool {
      allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
  }

  /// `Jane.Doe@Example.COM` and `mailto:jane.doe@example.com` → `jane.doe@example.com`;
  /// nil for text that is not an address.
  public static func email(_ text: String) -> String? {
    // Printable ASCII without spaces (nearly every address): on the bytes, as below, without
    // Foundation's trimming and lower-casing (a calendar import looks up every attendee).
    if text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) { return plainEmail(Array(text.utf8)) }
    return generalEmail(text)
  }

  /// `email` of printable ASCII text without spaces.
  static func plainEmail(_ bytes: [UInt8]) -> String? {
    var t = bytes[...]
    if t.count >= 7, t.prefix(6).map({ $0 | 0x20 }).elementsEqual("mailto".utf8), t[6] == 0x3A {
      t = t.dropFirst(7)
    }
    if t.first == UInt8(ascii: "<"), t.last == UInt8(ascii: ">"), t.count >= 2 {
      t = t.dropFirst().dropLast()
    }
    guard let at = t.firstIndex(of: UInt8(ascii: "@")), at != t.startIndex,
      t.index(after: at) != t.endIndex,
      !t.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: ";") })
    else { return nil }
    let lowered = t.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 }
    return String(decoding: lowered, as: UTF8.self)
  }

  /// `email` of any text.
  static func generalEmail(_ text: String) -> String? {
    var t = text.trimmingCharacters(in: .whitespacesAndNewlines)
    if t.lowercased().hasPrefix("mailto:") { t = String(t.dropFirst(7)) }
    if t.hasPrefix("<"), t.hasSuffix(">") { t = String(t.dropFirst().dropLast()) }
    let lowered = t.lowercased()
    guard let at = lowered.firstIndex(of: "@"), at != lowered.startIndex,
      lowered.index(after: at) != lowered.endIndex,
      !lowered.contains(where: { $0.isWhitespace || $0 == "," || $0 == ";" })
    else { return nil }
    return lowered
  }

  /// The mailbox an address delivers to, the key under which addresses are the same person:
  /// `email(text)` without a `+tag` sub-address (`jane+news@x.org` → `jane@x.org`), and for
  /// Gmail, which ignores dots in the name and answers at both domains, without dots and at
  /// gmail.com (`Jane.Doe@googlemail.com` → `janedoe@gmail.com`). Nil for text that is not an
  /// address.
  ///
  /// One path for every address: it works on the bytes of `email`'s result, whichever of
  /// `email`'s paths made it (`+`, `.`, `@` and the domains are ASCII).
  /// - Complexity: O(length of `text`).
  public static func mailbox(_ text: String) -> String? {
    email(text).map(mailbox(ofAddress:))
  }

  /// `mailbox` of an address `email` returned (lower-cased, with an `@`).
  public static func mailbox(ofAddress address: String) -> String {
    let bytes = Array(address.utf8)
    guard let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return address }
    var local = bytes[..<at]
    var domain = bytes[(at + 1)...]
    // A leading `+` is the whole name, not a tag.
    if let plus = local.dropFirst().firstIndex(of: UInt8(ascii: "+")) {
      local = local[..<plus]
    }
    let isGoogleMail = domain.elementsEqual("googlemail.com".utf8)
    guard isGoogleMail || domain.elementsEqual("gmail.com".utf8) else {
      return local.count == at ? address : String(decoding: local + bytes[at...], as: UTF8.self)
    }
    if isGoogleMail { domain = ArraySlice("gmail.com".utf8) }
    var out = local.filter { $0 != UInt8(ascii: ".") }
    out.append(UInt8(ascii: "@"))
    out += domain
    return String(decoding: out, as: UTF8.self)
  }

  /// A profile URL without scheme, `www.`, country subdomains of linkedin.com, query, fragment
  /// or trailing slash, lower-cased: `https://uk.linkedin.com/in/Jane-Doe/?x=1` →
  /// `linkedin.com/in/jane-doe`. Nil when no host remains.
  public static func url(_ text: String) -> String? {
    var bytes = Array(text.utf8)
    // Printable ASCII without `%` (every LinkedIn profile URL): on the bytes, as the general
    // path below would, without its Foundation calls (most of `import linkedin`'s time).
    if bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "%") }) {
      return plainURL(&bytes)
    }
    return decodedURL(text)
  }

  /// `url` of printable ASCII text without `%`.
  static func plainURL(_ t: inout [UInt8]) -> String? {
    for k in t.indices where t[k] >= UInt8(ascii: "A") && t[k] <= UInt8(ascii: "Z") { t[k] |= 0x20 }
    var start = 0
    if let scheme = t.firstRange(of: Array("://".utf8)) { start = scheme.upperBound }
    var end =
      t[start...].firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? t.count
    while end > start && t[end - 1] == UInt8(ascii: "/") { end -= 1 }
    let hostEnd = t[start..<end].firstIndex(of: UInt8(ascii: "/")) ?? end
    guard t[start..<hostEnd].contains(UInt8(ascii: ".")) else { return nil }
    var host = Array(t[start..<hostEnd])
    if host.starts(with: Array("www.".utf8)) { host.removeFirst(4) }
    if host.count >= 13 && host.suffix(13).elementsEqual(".linkedin.com".utf8) {
      host = Array("linkedin.com".utf8)
    }
    return String(decoding: host + t[hostEnd..<end], as: UTF8.self)
  }

  /// `url` of any text: trimmed, lower-cased and percent-decoded by Foundation.
  static func decodedURL(_ text: String) -> String? {
    var t = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    if let scheme = t.range(of: "://") { t = String(t[scheme.upperBound...]) }
    if let cut = t.firstIndex(where: { $0 == "?" || $0 == "#" }) { t = String(t[..<cut]) }
    while t.hasSuffix("/") { t.removeLast() }
    var parts = t.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    guard var host = parts.first, host.contains("."), !host.contains(where: \.isWhitespace)
    else { return nil }
    if host.hasPrefix("www.") { host.removeFirst(4) }
    if host.hasSuffix(".linkedin.com") { host = "linkedin.com" }
    parts[0] = host
    let joined = parts.joined(separator: "/")
    return joined.removingPercentEncoding ?? joined
  }

  /// A phone number's digits: international numbers (`+44 20 7946 0958`, `0044…`) keep their
  /// country code without the prefix (`442079460958`); national ones drop a trunk `0`. Nil for
  /// fewer than 7 digits (extensions, typos).
  public static func phone(_ text: String) -> String? {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    var digits = String(
      trimmed.unicodeScalars.filter { ("0"..."9").contains($0) }.map(Character.init))
    if trimmed.hasPrefix("+") {
      // already international
    } else if digits.hasPrefix("00") {
      digits.removeFirst(2)
    } else {
      while digits.hasPrefix("0") { digits.removeFirst() }
    }
    return digits.count >= 7 ? digits : nil
  }

  /// Whether two phone keys denote the same line: equal, or one is the other with a country
  /// code of 1–3 digits in front (a national number matching an international one).
  public static func phonesMatch(_ a: String, _ b: String) -> Bool {
    if a == b { return true }
    let (short, long) = a.count < b.count ? (a, b) : (b, a)
    return short.count >= 7 && long.count - short.count <= 3 && long.hasSuffix(short)
  }

  /// The last 7 digits of a phone key: the bucket in which `phonesMatch` candidates meet.
  public static func phoneTail(_ key: String) -> String { String(key.suffix(7)) }

  /// A name folded for comparison (case, accents, whitespace): `"  José  GARCÍA "` →
  /// `"jose garcia"`.
  public static func name(_ text: String) -> String? {
    let folded = TextKey.fold(text)
    return folded.isEmpty ? nil : folded
  }
}
