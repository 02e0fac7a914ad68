#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A failure reading an input file: one line for the user.
struct InputError: Error, CustomStringConvertible {
  var description: String
}

/// A private (copy-on-write) memory map of a whole file: reading never copies it, and the rare
/// quoted field with "" escapes is unescaped in place without touching the file.
final class MappedFile {
  let path: String
  let base: UnsafeMutablePointer<UInt8>
  let count: Int
  private let mapped: UnsafeMutableRawPointer?

  init(_ path: String) throws {
    self.path = path
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw InputError(description: "cannot open \(path)") }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { throw InputError(description: "cannot stat \(path)") }
    count = Int(st.st_size)
    if count == 0 {
      mapped = nil
      base = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
      return
    }
    guard let p = mmap(nil, count, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
      throw InputError(description: "cannot map \(path)")
    }
    _ = madvise(p, count, MADV_SEQUENTIAL)
    mapped = p
    base = p.assumingMemoryBound(to: UInt8.self)
  }

  deinit {
    if let mapped { munmap(mapped, count) } else { base.deallocate() }
  }
}

/// A byte-level CSV reader over a mapped file (RFC 4180: fields separated by commas, records by
/// LF or CRLF, optional double quotes with "" for a quote inside). It never builds a String
/// for a line: integers are parsed from the bytes, and other fields are handed out as byte
/// ranges of the mapped file (a quoted field with escapes is unescaped in place).
struct CSVCursor {
  private(set) var p: UnsafeMutablePointer<UInt8>
  let end: UnsafeMutablePointer<UInt8>
  let path: String
  /// 1-based number of the line the cursor is on.
  private(set) var line = 1
  /// 1-based number of the current record's first line, for error messages (a record is
  /// wrong as a whole, and some checks come after its end is read).
  private(set) var recordLine = 1

  init(_ file: MappedFile) {
    p = file.base
    end = file.base + file.count
    path = file.path
  }

  /// A cursor over `start..<end` of a file, whose first line is line `line`.
  init(path: String, start: UnsafeMutablePointer<UInt8>, end: UnsafeMutablePointer<UInt8>, line: Int) {
    p = start
    self.end = end
    self.path = path
    self.line = line
    recordLine = line
  }

  static let comma = UInt8(ascii: ",")
  static let lf = UInt8(ascii: "\n")
  static let cr = UInt8(ascii: "\r")
  static let quote = UInt8(ascii: "\"")

  var atEnd: Bool { p >= end }

  func fail(_ what: String) -> InputError {
    InputError(description: "\(path):\(recordLine): \(what)")
  }

  /// Consumes the delimiter after a field: true when it ended the record.
  @inline(__always)
  private mutating func delimiter() -> Bool {
    if p >= end { return true }
    let c = p.pointee
    if c == Self.comma {
      p += 1
      return false
    }
    if c == Self.cr { p += 1 }
    if p < end && p.pointee == Self.lf { p += 1 }
    line += 1
    return true
  }

  /// Whether the cursor stands at the end of a record (so the next field would be empty and last).
  @inline(__always)
  var atRecordEnd: Bool { p >= end || p.pointee == Self.lf || p.pointee == Self.cr }

  /// The next field as raw bytes, and whether it ended the record. The buffer is valid until
  /// the next call.
  @inline(__always)
  mutating func field() throws -> (UnsafeBufferPointer<UInt8>, last: Bool) {
    if p < end && p.pointee == Self.quote { return try quotedField() }
    let start = p
    while p < end {
      let c = p.pointee
      if c == Self.comma || c == Self.lf || c == Self.cr { break }
      p += 1
    }
    let bytes = UnsafeBufferPointer(start: start, count: p - start)
    return (bytes, delimiter())
  }

  private mutating func quotedField() throws -> (UnsafeBufferPointer<UInt8>, last: Bool) {
    p += 1
    let start = p
    var escaped = false
    while true {
      guard p < end else { throw fail("unterminated quoted field") }
      if p.pointee == Self.quote {
        if p + 1 < end && p[1] == Self.quote {
          escaped = true
          p += 2
          continue
        }
        break
      }
      if p.pointee == Self.lf { line += 1 }
      p += 1
    }
    let count = p - start
    p += 1  // closing quote
    guard atRecordEnd || p.pointee == Self.comma else { throw fail("text after a closing quote") }
    let last = delimiter()
    guard escaped else { return (UnsafeBufferPointer(start: start, count: count), last) }
    // Unescape in place ("" → "): the private mapping is copy-on-write.
    var r = 0
    var w = 0
    while r < count {
      start[w] = start[r]
      r += start[r] == Self.quote ? 2 : 1
      w += 1
    }
    return (UnsafeBufferPointer(start: start, count: w), last)
  }

  /// The next field as an integer (nil when empty), and whether it ended the record.
  @inline(__always)
  mutating func int() throws -> (Int64?, last: Bool) {
    // Fast path: an unquoted run of digits.
    var q = p
    var negative = false
    if q < end && q.pointee == UInt8(ascii: "-") {
      negative = true
      q += 1
    }
    var value: Int64 = 0
    var digits = 0
    while q < end {
      let d = q.pointee &- 48
      if d > 9 { break }
      value = value &* 10 &+ Int64(d)
      digits += 1
      q += 1
    }
    if q >= end || q.pointee == Self.comma || q.pointee == Self.lf || q.pointee == Self.cr {
      if digits == 0 {
        guard !negative else { throw fail("'-' is not a number") }
        p = q
        return (nil, delimiter())
      }
      guard digits <= 18 else { throw fail("number too long") }
      p = q
      return (negative ? -value : value, delimiter())
    }
    // Slow path: quoted or malformed.
    let (bytes, last) = try field()
    let text = String(decoding: bytes, as: UTF8.self).trimmingSpaces
    if text.isEmpty { return (nil, last) }
    guard let v = Int64(text) else { throw fail("'\(text)' is not a whole number") }
    return (v, last)
  }

  /// Moves past `records` records of one line each that a caller parsed itself (ending at
  /// `next`).
  @inline(__always)
  mutating func advance(to next: UnsafeMutablePointer<UInt8>, records: Int = 1) {
    p = next
    line += records
  }

  /// Skips blank lines; true when a record follows.
  @inline(__always)
  mutating func nextRecord() -> Bool {
    while p < end && (p.pointee == Self.lf || p.pointee == Self.cr) {
      if p.pointee == Self.lf { line += 1 }
      p += 1
    }
    recordLine = line
    return p < end
  }

  /// Skips the rest of the record.
  mutating func skipRecord() throws {
    while !atEnd {
      if try field().last { return }
    }
  }

  /// The header's field names (the first record).
  mutating func header() throws -> [String] {
    var names: [String] = []
    while !atEnd {
      let (bytes, last) = try field()
      var name = String(decoding: bytes, as: UTF8.self).trimmingSpaces.lowercased()
      if names.isEmpty, name.hasPrefix("\u{FEFF}") { name.removeFirst() }
      names.append(name)
      if last { break }
    }
    return names
  }
}

extension String {
  var trimmingSpaces: String {
    var s = Substring(self)
    while s.first == " " { s.removeFirst() }
    while s.last == " " { s.removeLast() }
    return String(s)
  }
}

/// Byte-wise equality of a field with an ASCII word.
@inline(__always)
func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ word: [UInt8]) -> Bool {
  guard bytes.count == word.count else { return false }
  return word.withUnsafeBufferPointer { memcmp($0.baseAddress!, bytes.baseAddress!, word.count) == 0 }
}

/// Finds each required column in a header, or fails naming the missing one.
func columns(_ header: [String], required: [String], in path: String) throws -> [Int] {
  try required.map { name in
    guard let k = header.firstIndex(of: name) else {
      throw InputError(description: "\(path): no '\(name)' column (header: \(header.joined(separator: ",")))")
    }
    return k
  }
}
