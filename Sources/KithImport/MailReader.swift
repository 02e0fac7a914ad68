import Foundation
import KithGraph

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The headers of one email that Kith reads; bodies are never decoded.
public struct ParsedMessage: Sendable, Hashable {
  /// Stable across re-imports: the Message-ID without its angle brackets, or, for a message
  /// without one, `kith-` and a digest of its From, Date and Subject headers.
  public var sourceID: String
  public var messageID: String?
  /// The first From address (Sender when From has none).
  public var from: MailAddress
  public var to: [MailAddress]
  public var cc: [MailAddress]
  /// Seconds since 1970-01-01T00:00:00Z: the Date header, or the mbox `From ` line's date when
  /// the header is missing or not a date (then with a warning, `ParsedMailbox.warnings`).
  public var date: Int64
  /// Message-IDs from In-Reply-To, without angle brackets.
  public var inReplyTo: [String]
  public var subject: String?
  /// The List-Id header, when the message came through a mailing list.
  public var listID: String?
  /// `Precedence: bulk`, `list` or `junk`, an `Auto-Submitted` other than `no`, a
  /// `List-Unsubscribe` header (newsletters and marketing mail carry it without List-Id or
  /// Precedence), or a Gmail category label other than Primary (`X-Gmail-Labels: Category
  /// Promotions`, `Updates`, `Forums` or `Social`): mail that a program sent to many.
  public var isBulk: Bool
  /// The message's first line (its `From ` line in an mbox).
  public var location: SourceLocation

  public init(
    sourceID: String, messageID: String?, from: MailAddress, to: [MailAddress],
    cc: [MailAddress], date: Int64, inReplyTo: [String], subject: String?, listID: String?,
    isBulk: Bool, location: SourceLocation
  ) {
    self.sourceID = sourceID
    self.messageID = messageID
    self.from = from
    self.to = to
    self.cc = cc
    self.date = date
    self.inReplyTo = inReplyTo
    self.subject = subject
    self.listID = listID
    self.isBulk = isBulk
    self.location = location
  }

  /// Every recipient, To then Cc.
  public var recipients: [MailAddress] { to + cc }
}

/// What a mailbox (or one .eml file) holds.
public struct ParsedMailbox: Sendable {
  public var messages: [ParsedMessage] = []
  /// Messages whose headers could not be read (a Date that is not a date, no Date at all, or
  /// headers cut off by the end of the file, as an interrupted download leaves them), each with
  /// its location: the importer refuses the file unless asked to skip them.
  public var rejected: [ImportError] = []
  /// Messages without any sender address (drafts, chat logs in Gmail exports): not
  /// correspondence, so left out and counted.
  public var withoutSender = 0
  /// What the user should know about a file read in full (a message dated by its `From `
  /// line because its Date header is not a date): not errors.
  public var warnings: [ImportError] = []

  public init() {}
}

/// Reads email headers from mbox files and single messages (.eml), on bytes and fast: the file
/// is memory-mapped, bodies are skipped line by line with `memchr` without being decoded, and
/// only the headers Kith uses (From, Sender, To, Cc, Date, Message-ID, In-Reply-To, Subject,
/// List-Id, List-Unsubscribe, Precedence, Auto-Submitted, X-Gmail-Labels) are turned into text.
///
/// - mbox: a message starts at a `From ` line at the start of the file, or after an empty line
///   (or, without the empty line, when it has the full `From sender date` form), that carries a
///   time (`hh:mm`). Body lines escaped as `>From ` (mboxo and mboxrd) are never separators.
///   CRLF and LF line ends are both read.
/// - Headers are unfolded; raw 8-bit header text is read as UTF-8, else Windows-1252; encoded
///   words are decoded (see `EncodedWords`), addresses parsed by `MailAddress.parseList`, dates
///   by `MailDate.parse`.
public enum MailReader {
  /// Reads the mbox at `path`.
  /// - Throws: `ImportError` when the file is missing (`isMissingFile`), empty, binary or not
  ///   an mbox (it must start with a `From ` line, and hold a message with headers).
  public static func readMbox(path: String) throws(ImportError) -> ParsedMailbox {
    let data = try load(path)
    return try data.withUnsafeBytes { raw in
      Result { () throws(ImportError) -> ParsedMailbox in try parseMbox(raw, path: path) }
    }.get()
  }

  /// Reads one message (an .eml file: headers, an empty line, the body; a leading mbox
  /// `From ` line is allowed).
  /// - Throws: `ImportError` when the file is missing, empty, binary or not a message.
  public static func readMessage(path: String) throws(ImportError) -> ParsedMailbox {
    let data = try load(path)
    return try data.withUnsafeBytes { raw in
      Result { () throws(ImportError) -> ParsedMailbox in try parseMessage(raw, path: path) }
    }.get()
  }

  static func load(_ path: String) throws(ImportError) -> Data {
    do {
      return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
    } catch {
      throw ImportError(path: path, message: "cannot read the file", isMissingFile: true)
    }
  }

  static func checkText(_ bytes: UnsafeRawBufferPointer, path: String, what: String)
    throws(ImportError)
  {
    if bytes.isEmpty { throw empty(path, what) }
    if _Charsets.looksBinary(bytes) {
      throw ImportError(path: path, message: "a binary file, not \(what)")
    }
  }

  /// The error for a file with nothing in it but line breaks (and a byte-order mark), as the
  /// other readers word it.
  static func empty(_ path: String, _ what: String) -> ImportError {
    ImportError(path: path, message: "the file is empty; expected \(what)")
  }

  /// Parses mbox bytes; `path` names the file in locations.
  /// - Complexity: O(n) for n bytes; bodies cost one `memchr` per line.
  /// A file with no message is refused as an empty vCard or calendar file is, so that a file
  /// that lost its content (a failed download, the wrong file) does not pass for a mailbox:
  /// one with nothing in it, and one whose `From ` lines are followed by no headers.
  public static func parseMbox(_ bytes: UnsafeRawBufferPointer, path: String) throws(ImportError)
    -> ParsedMailbox
  {
    var scanner = _MailScanner(bytes: bytes, path: path)
    var start = 0
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
    // Leading blank lines are tolerated.
    while start < bytes.count, bytes[start] == 0x0A || bytes[start] == 0x0D {
      if bytes[start] == 0x0A { scanner.line += 1 }
      start += 1
    }
    guard start < bytes.count else { throw empty(path, "an mbox file") }
    try checkText(bytes, path: path, what: "an mbox file")
    guard scanner.isSeparator(at: start, afterEmptyLine: true) else {
      let what =
        looksLikeMessage(UnsafeRawBufferPointer(rebasing: bytes[start...]))
        ? "a single message, not an mbox file: import it with `kith import eml`"
        : "not an mbox file (it should begin with a `From ` line)"
      throw ImportError(
        path: path, location: SourceLocation(path: path, line: scanner.line, column: 1),
        message: what)
    }
    let firstLine = scanner.line
    scanner.scanMbox(from: start)
    guard scanner.sawHeaders else {
      throw ImportError(
        path: path, location: SourceLocation(path: path, line: firstLine + 1, column: 1),
        message:
          "no email message in the file (headers such as `From:` should follow each `From ` line)"
      )
    }
    return scanner.result
  }

  /// Parses one message's bytes.
  public static func parseMessage(_ bytes: UnsafeRawBufferPointer, path: String)
    throws(ImportError) -> ParsedMailbox
  {
    try checkText(bytes, path: path, what: "an email message")
    var scanner = _MailScanner(bytes: bytes, path: path)
    var start = 0
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
    while start < bytes.count, bytes[start] == 0x0A || bytes[start] == 0x0D {
      if bytes[start] == 0x0A { scanner.line += 1 }
      start += 1
    }
    guard start < bytes.count else { throw empty(path, "an email message") }
    var fromLine: Range<Int>?
    let messageLine = scanner.line
    if scanner.startsWithFrom(at: start) {
      let end = scanner.lineEnd(start)
      fromLine = start..<end
      start = min(end + 1, bytes.count)
      if end < bytes.count { scanner.line += 1 }
    }
    guard looksLikeMessage(UnsafeRawBufferPointer(rebasing: bytes[start...])) else {
      throw ImportError(
        path: path, location: SourceLocation(path: path, line: scanner.line, column: 1),
        message: "not an email message (it should begin with headers such as `From:`)")
    }
    _ = scanner.readMessage(
      headersAt: start, messageLine: messageLine, fromLine: fromLine, scanBody: false)
    return scanner.result
  }

  /// Whether the bytes begin like an email message: a header field `Name: value` whose name is
  /// printable ASCII, and among the first lines one of From, Date, Message-ID, Received,
  /// Return-Path, Subject, To, MIME-Version, Delivered-To or X-….
  public static func looksLikeMessage(_ bytes: UnsafeRawBufferPointer) -> Bool {
    let prefix = bytes.prefix(4096)
    let text = String(decoding: prefix, as: UTF8.self)
    var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" })
      .prefix(40)
      .map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
    if let first = lines.first, first.hasPrefix("From ") { lines.removeFirst() }
    guard let first = lines.first, let colon = first.firstIndex(of: ":"), colon > first.startIndex,
      first[..<colon].allSatisfy({
        $0.isASCII && !$0.isWhitespace && $0 != ":" && $0.asciiValue ?? 0 > 32
      })
    else { return false }
    let known = [
      "from", "date", "message-id", "received", "return-path", "subject", "to", "mime-version",
      "delivered-to", "x-", "cc", "reply-to", "sender",
    ]
    for line in lines {
      if line.isEmpty { break }
      let name = line.prefix { $0 != ":" }.lowercased()
      if known.contains(where: { name == $0 || ($0 == "x-" && name.hasPrefix("x-")) }) {
        return true
      }
    }
    return false
  }

  /// Whether a file starting with `prefix` is an mbox file (a `From ` line, then headers).
  public static func looksLikeMbox(_ prefix: UnsafeRawBufferPointer) -> Bool {
    var scanner = _MailScanner(bytes: prefix, path: "")
    var start = 0
    while start < prefix.count, prefix[start] == 0x0A || prefix[start] == 0x0D { start += 1 }
    guard start < prefix.count, scanner.isSeparator(at: start, afterEmptyLine: true) else {
      return false
    }
    let end = scanner.lineEnd(start)
    scanner.line = 1
    return end + 1 < prefix.count
      && looksLikeMessage(UnsafeRawBufferPointer(rebasing: prefix[(end + 1)...]))
  }
}

/// The byte-level scanner behind `MailReader`.
struct _MailScanner {
  let bytes: UnsafeRawBufferPointer
  let path: String
  var line = 1
  var result = ParsedMailbox()
  /// Whether a message read so far had a header field (`Name: value`), known to Kith or not.
  var sawHeaders = false

  init(bytes: UnsafeRawBufferPointer, path: String) {
    self.bytes = bytes
    self.path = path
  }

  /// The index of the `\n` ending the line that starts at `i`, or `bytes.count`.
  @inline(__always)
  func lineEnd(_ i: Int) -> Int {
    guard i < bytes.count, let base = bytes.baseAddress else { return bytes.count }
    guard let hit = memchr(base + i, 0x0A, bytes.count - i) else { return bytes.count }
    return base.distance(to: UnsafeRawPointer(hit))
  }

  @inline(__always)
  func startsWithFrom(at i: Int) -> Bool {
    i + 5 <= bytes.count && bytes[i] == 0x46 && bytes[i + 1] == 0x72 && bytes[i + 2] == 0x6F
      && bytes[i + 3] == 0x6D && bytes[i + 4] == 0x20
  }

  /// Whether the line at `i` is a message separator (see `MailReader`).
  func isSeparator(at i: Int, afterEmptyLine: Bool) -> Bool {
    guard startsWithFrom(at: i) else { return false }
    let end = lineEnd(i)
    var hasTime = false
    var hasYear = false
    var hasMonth = false
    var tokens = 0
    var tokenStart = i
    var k = i
    while k <= end {
      let b = k < end ? bytes[k] : 0x20
      if b == 0x3A, k > i, k + 2 < end, isDigit(bytes[k - 1]), isDigit(bytes[k + 1]),
        isDigit(bytes[k + 2])
      {
        hasTime = true
      }
      if b == 0x20 || b == 0x09 || b == 0x0D {
        let length = k - tokenStart
        if length > 0 {
          tokens += 1
          if tokens > 2 {
            if length == 4, isDigit(bytes[tokenStart]), isDigit(bytes[tokenStart + 3]),
              isDigit(bytes[tokenStart + 1]), isDigit(bytes[tokenStart + 2])
            {
              hasYear = true
            }
            if length == 3, isMonth(bytes[tokenStart], bytes[tokenStart + 1], bytes[tokenStart + 2])
            {
              hasMonth = true
            }
          }
        }
        tokenStart = k + 1
      }
      k += 1
    }
    return hasTime && hasYear && hasMonth && (afterEmptyLine || tokens >= 6)
  }

  @inline(__always)
  func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

  /// Whether three bytes are an English month abbreviation (`Jan` … `Dec`, any case).
  func isMonth(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Bool {
    switch (a | 0x20, b | 0x20, c | 0x20) {
    case (0x6A, 0x61, 0x6E), (0x66, 0x65, 0x62), (0x6D, 0x61, 0x72), (0x61, 0x70, 0x72),
      (0x6D, 0x61, 0x79), (0x6A, 0x75, 0x6E), (0x6A, 0x75, 0x6C), (0x61, 0x75, 0x67),
      (0x73, 0x65, 0x70), (0x6F, 0x63, 0x74), (0x6E, 0x6F, 0x76), (0x64, 0x65, 0x63):
      return true
    default:
      return false
    }
  }

  /// The date of a `From sender date` line.
  func fromLineDate(_ start: Int, _ end: Int) -> Int64? {
    let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    let tokens = text.split(separator: " ", omittingEmptySubsequences: true)
    guard tokens.count > 2 else { return nil }
    return MailDate.parse(tokens.dropFirst(2).joined(separator: " "))
  }

  mutating func scanMbox(from start: Int) {
    var i = start
    while i < bytes.count {
      // i is at a separator line.
      let messageLine = line
      let end = lineEnd(i)
      line += 1
      let fromLine = i..<end
      i = min(end + 1, bytes.count)
      i = readMessage(headersAt: i, messageLine: messageLine, fromLine: fromLine, scanBody: true)
    }
  }

  /// Header fields Kith reads.
  enum Field: Int {
    case from, sender, to, cc, date, messageID, inReplyTo, subject, listID, precedence
    case autoSubmitted, listUnsubscribe, gmailLabels

    static let count = 13
  }

  /// Identifies a header name by its bytes, case-insensitively.
  @inline(__always)
  func field(_ start: Int, _ count: Int) -> Field? {
    @inline(__always) func eq(_ name: StaticString) -> Bool {
      guard name.utf8CodeUnitCount == count else { return false }
      let p = name.utf8Start
      for k in 0..<count where bytes[start + k] | 0x20 != p[k] { return false }
      return true
    }
    switch bytes[start] | 0x20 {
    case 0x66: return eq("from") ? .from : nil
    case 0x73: return eq("subject") ? .subject : eq("sender") ? .sender : nil
    case 0x74: return eq("to") ? .to : nil
    case 0x63: return eq("cc") ? .cc : nil
    case 0x64: return eq("date") ? .date : nil
    case 0x6D: return eq("message-id") ? .messageID : nil
    case 0x69: return eq("in-reply-to") ? .inReplyTo : nil
    case 0x6C: return eq("list-id") ? .listID : eq("list-unsubscribe") ? .listUnsubscribe : nil
    case 0x70: return eq("precedence") ? .precedence : nil
    case 0x61: return eq("auto-submitted") ? .autoSubmitted : nil
    case 0x78: return eq("x-gmail-labels") ? .gmailLabels : nil
    default: return nil
    }
  }

  /// Reads the header block at `i` and, when `scanBody`, skips the body up to the next
  /// separator. Returns the index of the next message's `From ` line (or the end).
  mutating func readMessage(
    headersAt start: Int, messageLine: Int, fromLine: Range<Int>?, scanBody: Bool
  ) -> Int {
    var values = [[UInt8]?](repeating: nil, count: Field.count)
    var lines = [Int](repeating: 0, count: Field.count)
    var current: Field?
    var i = start
    var previousEmpty = false
    // Headers end at an empty line (or, in an mbox, at the next message's `From ` line); a file
    // that ends before either was cut inside them.
    var headersEnded = false
    while i < bytes.count {
      let end = lineEnd(i)
      var contentEnd = end
      if contentEnd > i, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
      if contentEnd == i {
        // The empty line that ends the headers.
        line += 1
        i = end + 1
        previousEmpty = true
        headersEnded = true
        break
      }
      if scanBody && isSeparator(at: i, afterEmptyLine: false) && i > start {
        // A message with no body and no empty line: the next one starts here.
        previousEmpty = true
        headersEnded = true
        break
      }
      let first = bytes[i]
      if first == 0x20 || first == 0x09 {
        if let f = current {
          values[f.rawValue]?.append(
            contentsOf: UnsafeRawBufferPointer(rebasing: bytes[i..<contentEnd]))
        }
      } else {
        current = nil
        var colon = i
        while colon < contentEnd, bytes[colon] != 0x3A { colon += 1 }
        var nameEnd = colon
        while nameEnd > i, bytes[nameEnd - 1] == 0x20 || bytes[nameEnd - 1] == 0x09 { nameEnd -= 1 }
        if colon < contentEnd, nameEnd > i { sawHeaders = true }
        if colon < contentEnd, nameEnd > i, let f = field(i, nameEnd - i) {
          // The first occurrence of a header wins (a resent or duplicated one is ignored).
          if values[f.rawValue] == nil {
            values[f.rawValue] = Array(
              UnsafeRawBufferPointer(rebasing: bytes[(colon + 1)..<contentEnd]))
            lines[f.rawValue] = line
            current = f
          }
        }
      }
      line += 1
      i = end + 1
      previousEmpty = false
    }
    i = min(i, bytes.count)
    if scanBody {
      // Skip the body: one memchr per line, looking only at lines that start with "From ".
      while i < bytes.count {
        if previousEmpty && bytes[i] == 0x46 && isSeparator(at: i, afterEmptyLine: true) { break }
        let end = lineEnd(i)
        previousEmpty = end == i || (end == i + 1 && bytes[i] == 0x0D)
        line += 1
        i = end + 1
      }
      i = min(i, bytes.count)
    }
    if headersEnded {
      build(values: values, lines: lines, messageLine: messageLine, fromLine: fromLine)
    } else {
      result.rejected.append(
        ImportError(
          path: path, location: SourceLocation(path: path, line: messageLine, column: 1),
          message:
            "the file ends inside the headers of the message starting here (it may be truncated)"
        ))
    }
    return i
  }

  func text(_ value: [UInt8]?) -> String? {
    guard let v = value else { return nil }
    let s = _Charsets.trim(_Charsets.decodeUndeclared(v))
    return s.isEmpty ? nil : s
  }

  /// Message ids (`<a@b>` …) in a header value, without brackets.
  static func messageIDs(_ s: String) -> [String] {
    var ids: [String] = []
    var rest = Substring(s)
    while let open = rest.firstIndex(of: "<") {
      guard let close = rest[open...].firstIndex(of: ">") else { break }
      let id = _Charsets.trim(rest[rest.index(after: open)..<close])
      if !id.isEmpty { ids.append(id) }
      rest = rest[rest.index(after: close)...]
    }
    if ids.isEmpty {
      let bare = _Charsets.trim(s)
      if !bare.isEmpty, !bare.unicodeScalars.contains(" ") { ids.append(bare) }
    }
    return ids
  }

  /// Gmail's tabs other than Primary, as Takeout writes them in `X-Gmail-Labels`: Gmail sorts
  /// newsletters, notifications and group mail there.
  static let bulkCategories: Set<String> = [
    "category promotions", "category updates", "category forums", "category social",
  ]

  /// Whether an `X-Gmail-Labels` value (`Inbox,Category Updates`) names a bulk category.
  static func hasBulkCategory(_ labels: String?) -> Bool {
    guard let labels else { return false }
    return labels.split(separator: ",").contains {
      bulkCategories.contains(_Charsets.trim($0).lowercased())
    }
  }

  mutating func build(values: [[UInt8]?], lines: [Int], messageLine: Int, fromLine: Range<Int>?) {
    func value(_ f: Field) -> String? { text(values[f.rawValue]) }
    var fromLineDate: Int64? {
      fromLine.flatMap { self.fromLineDate($0.lowerBound, $0.upperBound) }
    }
    let location = SourceLocation(path: path, line: messageLine, column: 1)
    let fromText = value(.from)
    let from =
      fromText.flatMap { MailAddress.parseList($0).first }
      ?? value(.sender).flatMap { MailAddress.parseList($0).first }
    guard let sender = from else {
      result.withoutSender += 1
      return
    }
    let date: Int64
    if let d = value(.date) {
      let dateLine = SourceLocation(path: path, line: lines[Field.date.rawValue], column: 1)
      if let parsed = MailDate.parse(d) {
        date = parsed
      } else if let fallback = fromLineDate {
        // The `From ` line was written when the message arrived: a sound date, but not the
        // one the sender gave, so the user is told which date the message got.
        date = fallback
        let used = KithTime.formatHuman(Date(timeIntervalSince1970: TimeInterval(fallback)))
        result.warnings.append(
          ImportError(
            path: path, location: dateLine,
            message: "Date: not a date; the message is dated \(used), from its `From ` line"))
      } else {
        result.rejected.append(
          ImportError(path: path, location: dateLine, message: "Date: not a date"))
        return
      }
    } else if let d = fromLineDate {
      date = d
    } else {
      result.rejected.append(
        ImportError(path: path, location: location, message: "Date: missing"))
      return
    }
    let messageID = value(.messageID).flatMap { Self.messageIDs($0).first }
    let subject = value(.subject).map { EncodedWords.decode($0) }
    let sourceID =
      messageID
      ?? "kith-"
      + _Charsets.fnv1a([fromText ?? "", value(.date) ?? "", value(.subject) ?? ""])
    let precedence = value(.precedence)?.lowercased() ?? ""
    let autoSubmitted = value(.autoSubmitted)?.lowercased() ?? "no"
    let isBulk =
      precedence.hasPrefix("bulk") || precedence.hasPrefix("list") || precedence.hasPrefix("junk")
      || !autoSubmitted.hasPrefix("no") || values[Field.listUnsubscribe.rawValue] != nil
      || Self.hasBulkCategory(value(.gmailLabels))
    result.messages.append(
      ParsedMessage(
        sourceID: sourceID, messageID: messageID, from: sender,
        to: value(.to).map(MailAddress.parseList) ?? [],
        cc: value(.cc).map(MailAddress.parseList) ?? [], date: date,
        inReplyTo: value(.inReplyTo).map(Self.messageIDs) ?? [], subject: subject,
        listID: value(.listID), isBulk: isBulk, location: location))
  }
}
