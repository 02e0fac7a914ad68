import Foundation

/// A bad edge-list file: where and what.
public struct EdgeListFileError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The file as it was named.
  public let path: String
  /// The 1-based line of the record, or nil for the whole file.
  public let line: Int?
  /// The 1-based byte column of the field, or nil.
  public let column: Int?
  /// What is wrong.
  public let message: String

  public init(path: String, line: Int? = nil, column: Int? = nil, message: String) {
    self.path = path
    self.line = line
    self.column = column
    self.message = message
  }

  /// `path:line:column: message`, leaving out what is unknown.
  public var description: String {
    var location = path
    if let line { location += ":\(line)" }
    if let line = self.line, line > 0, let column { location += ":\(column)" }
    return "\(location): \(message)"
  }
}

/// A graph read straight from an edge-list file: the fast path from a large CSV file to a
/// `WeightedGraph`, with no record per line and no `String` per field.
///
/// The format is the one `kith import edges` reads: CSV (RFC 4180) with a header that names a
/// `source` and a `target` column (aliases `from`/`to`, `a`/`b`), and optionally a `weight`
/// column (alias `strength`); names are matched case-insensitively and other columns are
/// ignored. Fields may be quoted (`"a, b"`, with `""` for a quote, line breaks included);
/// spaces around a field are trimmed; lines end in LF or CRLF; blank lines are skipped. An
/// empty or missing weight is 1.
///
/// Nodes are the distinct names, compared byte for byte (case-sensitive, unlike the importer,
/// which matches people), numbered in order of first appearance (within a record, the source before the target). As in `WeightedGraph`,
/// self-loops are dropped and duplicate edges merged by summing their weights in file order.
///
/// Errors name the file, the line and the column: a missing source or target, a weight that is
/// not a finite number ≥ 0, and a quote out of place, in the words of `kith import edges`: a
/// quoted field never closed (at its opening quote), text after a closing quote, or, when the
/// field before that text ran over lines, the quote that opened it and the line of the next
/// one. Nothing is returned for a file with an error.
///
/// Speed: the file is memory-mapped; a file of 4 MiB or more without quote characters is split
/// at line breaks into one part per core, parsed in parallel, each part numbering its own names
/// in a hash table over the bytes; the parts' names are then merged in file order. When every
/// name is a decimal number without sign or leading zero below 2³¹ (as in most exported graphs),
/// and the largest is below 4·records + 2²⁰, names are numbered through an array indexed by value
/// instead (one sequential pass in file order); a name that is not such a number makes the parts
/// parse again with the hash table. In that numeric pass, when the header is exactly
/// `source,target[,weight]`, a line of plain digits is read in one go rather than field by field.
/// Weights with at most 15 significant digits and no exponent are converted exactly by one
/// division (Clinger's fast path); others by the standard library's parser.
public struct EdgeListFile: Sendable {
  /// The graph; node i is `names[i]`.
  public let graph: WeightedGraph
  /// The name of each node, in order of first appearance in the file.
  public let names: [String]
  /// The number of edge records read (before dropping self-loops and merging duplicates).
  public let records: Int

  /// Reads the edge list at `path`.
  /// - Throws: `EdgeListFileError` for a file that cannot be read or a bad record.
  /// - Complexity: O(bytes + n + m), split over every core for the parsing.
  public static func load(path: String) throws(EdgeListFileError) -> EdgeListFile {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
    } catch {
      throw EdgeListFileError(path: path, message: "cannot read the file")
    }
    return try parse(data, path: path)
  }

  /// Parses edge-list bytes; `path` names them in errors.
  /// - Parameter parts: how many parts to parse in parallel (default: one per core from 4 MiB
  ///   on, else one).
  public static func parse(_ data: Data, path: String, parts: Int? = nil) throws(EdgeListFileError)
    -> EdgeListFile
  {
    try parse(data, path: path, parts: parts, plainLines: true)
  }

  /// `parse`, with the fast path for plain numeric lines on or off (tests compare the two).
  static func parse(_ data: Data, path: String, parts: Int?, plainLines: Bool)
    throws(EdgeListFileError) -> EdgeListFile
  {
    let result: Result<EdgeListFile, EdgeListFileError> = data.withUnsafeBytes { raw in
      let bytes = raw.bindMemory(to: UInt8.self)
      do {
        return .success(
          // Below 4 MiB, one thread parses faster than several that must start and meet.
          try _EdgeListParser.parse(
            bytes, path: path,
            parts: parts
              ?? (bytes.count < 1 << 22 ? 1 : ProcessInfo.processInfo.activeProcessorCount),
            plainLines: plainLines))
      } catch let error as EdgeListFileError {
        return .failure(error)
      } catch {
        return .failure(EdgeListFileError(path: path, message: "\(error)"))
      }
    }
    return try result.get()
  }

  init(graph: WeightedGraph, names: [String], records: Int) {
    self.graph = graph
    self.names = names
    self.records = records
  }
}

private let quote = UInt8(ascii: "\"")
private let comma = UInt8(ascii: ",")
private let newline = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")
private let space = UInt8(ascii: " ")
private let tab = UInt8(ascii: "\t")

/// Names numbered in order of insertion, in an open-addressing hash table over their bytes.
struct _NameTable {
  var bytes: [UInt8] = []
  var starts: [Int] = [0]
  var hashes: [UInt64] = []
  var slots: [Int32]
  var mask: Int

  init(capacity: Int = 1024) {
    var size = 1024
    while size < capacity * 2 { size <<= 1 }
    slots = [Int32](repeating: -1, count: size)
    mask = size - 1
  }

  var count: Int { hashes.count }

  @inline(__always)
  static func hash(_ p: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for i in 0..<length {
      h = (h ^ UInt64(p[i])) &* 0x0000_0100_0000_01B3
    }
    return (h ^ (h >> 29)) &* 0xBF58_476D_1CE4_E5B9
  }

  /// The id of the name, inserting it when new.
  @inline(__always)
  mutating func id(_ p: UnsafePointer<UInt8>, _ length: Int) -> Int32 {
    let h = Self.hash(p, length)
    var i = Int(truncatingIfNeeded: h) & mask
    while true {
      let s = slots[i]
      if s < 0 { break }
      let k = Int(s)
      if hashes[k] == h && starts[k + 1] - starts[k] == length {
        let equal = bytes.withUnsafeBufferPointer { b in
          guard let stored = b.baseAddress else { return length == 0 }
          return memcmp(stored + starts[k], p, length) == 0
        }
        if equal { return s }
      }
      i = (i + 1) & mask
    }
    let id = Int32(hashes.count)
    slots[i] = id
    hashes.append(h)
    bytes.append(contentsOf: UnsafeBufferPointer(start: p, count: length))
    starts.append(bytes.count)
    if hashes.count * 2 > slots.count { grow() }
    return id
  }

  mutating func grow() {
    let size = slots.count * 2
    slots = [Int32](repeating: -1, count: size)
    mask = size - 1
    for (k, h) in hashes.enumerated() {
      var i = Int(truncatingIfNeeded: h) & mask
      while slots[i] >= 0 { i = (i + 1) & mask }
      slots[i] = Int32(k)
    }
  }

  func name(_ k: Int) -> String {
    String(decoding: bytes[starts[k]..<starts[k + 1]], as: UTF8.self)
  }
}

/// One part of the file, parsed: its names, its edges by local name id, and its first error.
struct _EdgeListPart {
  var names = _NameTable()
  var sources: [Int32] = []
  var targets: [Int32] = []
  var weights: [Double] = []
  /// Line breaks consumed (to number lines across parts).
  var lineBreaks = 0
  /// The first error: line within the part (0-based), column, message.
  var error: (line: Int, column: Int, message: String)?
  /// With `error`, when it is a quote out of place: what, for the message (which may name
  /// another line of the file).
  var quoteProblem: _QuoteProblem?
  /// Parsed with `numeric`: `sources` and `targets` hold the names' values, not ids.
  var numeric = false
  /// With `numeric`: the part met a name that is not a canonical number, and stopped there.
  var notNumeric = false
  /// With `numeric`: the largest value.
  var largest: Int32 = -1
}

enum _EdgeListParser {
  struct Columns {
    var source: Int
    var target: Int
    var weight: Int?
    var header: [String]
    /// The header is exactly source,target[,weight] and the file has no quotes: numeric
    /// parts try `plainLine` on every line before reading it field by field.
    var plain = false
  }

  static func parse(
    _ bytes: UnsafeBufferPointer<UInt8>, path: String, parts requested: Int, plainLines: Bool
  ) throws(EdgeListFileError) -> EdgeListFile {
    guard let base = bytes.baseAddress, !bytes.isEmpty else {
      throw EdgeListFileError(path: path, message: "the file is empty")
    }
    let end = bytes.count
    // Header: the first non-blank record.
    var position = 0
    var headerLines = 0
    var header: [String] = []
    // Only a file with quote characters needs room to unescape fields.
    let hasQuotes = memchr(base, Int32(quote), end) != nil
    let mirror: UnsafeMutablePointer<UInt8>? = hasQuotes ? .allocate(capacity: end) : nil
    defer { mirror?.deallocate() }
    while position < end && header.isEmpty {
      var fields: [String] = []
      var record = RecordCursor(base: base, mirror: mirror, end: end, position: position)
      var breaks = 0
      while true {
        guard let field = record.nextField(lineBreaks: &breaks) else {
          let problem = record.problem ?? .init(kind: .textAfterClosingQuote, lines: 0, column: 1)
          throw EdgeListFileError(
            path: path, line: headerLines + problem.lines + 1, column: problem.column,
            message: problem.message(linesBefore: headerLines))
        }
        fields.append(String(decoding: field.buffer, as: UTF8.self))
        if field.endsRecord { break }
      }
      position = record.position
      headerLines += breaks
      if !(fields.count == 1 && fields[0].isEmpty) { header = fields }
    }
    guard !header.isEmpty else {
      throw EdgeListFileError(path: path, message: "the file is empty")
    }
    let names = header.map { $0.lowercased() }
    func column(_ aliases: [String]) -> Int? { names.firstIndex { aliases.contains($0) } }
    guard let s = column(["source", "from", "a"]), let t = column(["target", "to", "b"]) else {
      throw EdgeListFileError(
        path: path, line: headerLines, column: 1,
        message: "the header must name a source and a target column (source,target[,weight])")
    }
    let weightColumn = column(["weight", "strength"])
    let columns = Columns(
      source: s, target: t, weight: weightColumn, header: names,
      // Lines are read field by field, except in the common layout (source,target[,weight]
      // and nothing else, no quotes), where a plain line is read in one go.
      plain: plainLines && !hasQuotes && s == 0 && t == 1
        && (weightColumn == nil ? names.count == 2 : weightColumn == 2 && names.count == 3))

    // Parts: split at line breaks, unless a quote may hide a line break inside a field.
    let partCount = hasQuotes || end - position < 1 << 16 ? 1 : max(1, requested)
    var bounds = [position]
    for k in 1..<max(partCount, 1) {
      var cut = max(position + (end - position) * k / partCount, bounds[k - 1])
      while cut < end && base[cut - 1] != newline { cut += 1 }
      bounds.append(cut)
    }
    bounds.append(end)
    var results = [_EdgeListPart](repeating: _EdgeListPart(), count: bounds.count - 1)
    let shared = _UncheckedSendable(value: (base, mirror))
    func parseParts(numeric: Bool) {
      results.withUnsafeMutableBufferPointer { out in
        guard let first = out.baseAddress else { return }
        let target = _DisjointWrites(base: first)
        _forEachChunkConcurrently(out.count) { k in
          target.base[k] = parsePart(
            base: shared.value.0, mirror: shared.value.1, from: bounds[k], to: bounds[k + 1],
            columns: columns, numeric: numeric,
            expectedEdges: (bounds[k + 1] - bounds[k]) / 16)
        }
      }
    }
    // Names that are all canonical numbers (as in most exported graphs) are numbered through
    // a dense array instead of the hash table; any other name, or values too sparse for an
    // array, and the file is parsed again with the hash table.
    parseParts(numeric: true)
    let records = results.reduce(0) { $0 + $1.sources.count }
    let largest = results.reduce(Int32(-1)) { max($0, $1.largest) }
    if results.contains(where: \.notNumeric) || Int(largest) > 4 * records + (1 << 20) {
      parseParts(numeric: false)
    }
    // The first error in file order.
    var linesBefore = headerLines
    for part in results {
      if let e = part.error {
        throw EdgeListFileError(
          path: path, line: linesBefore + e.line + 1, column: e.column,
          message: part.quoteProblem?.message(linesBefore: linesBefore) ?? e.message)
      }
      linesBefore += part.lineBreaks
    }
    return results[0].numeric ? assembleNumbers(&results) : assemble(&results)
  }

  /// Numbers names that are canonical decimal numbers in order of first appearance through a
  /// dense array indexed by value, and builds the graph.
  static func assembleNumbers(_ parts: inout [_EdgeListPart]) -> EdgeListFile {
    let total = parts.reduce(0) { $0 + $1.sources.count }
    let largest = parts.reduce(Int32(-1)) { max($0, $1.largest) }
    var id = [Int32](repeating: -1, count: Int(largest) + 1)
    // Ids are below the number of distinct values, so the values' range bounds them too.
    var degrees = [Int32](repeating: 0, count: Int(largest) + 1)
    var values: [Int32] = []
    // One part (a small file): its columns are numbered in place, not copied.
    let single = parts.count == 1
    var sources = single ? parts[0].sources : [Int32](repeating: 0, count: total)
    var targets = single ? parts[0].targets : [Int32](repeating: 0, count: total)
    var weights: [Double] = single ? parts[0].weights : []
    if single {
      parts[0].sources = []
      parts[0].targets = []
      parts[0].weights = []
    } else {
      weights.reserveCapacity(total)
    }
    var next: Int32 = 0
    id.withUnsafeMutableBufferPointer { id in
      degrees.withUnsafeMutableBufferPointer { degrees in
        sources.withUnsafeMutableBufferPointer { sources in
          targets.withUnsafeMutableBufferPointer { targets in
            func number(_ value: Int32) -> Int32 {
              let v = Int(value)
              if id[v] < 0 {
                id[v] = next
                values.append(value)
                next += 1
              }
              return id[v]
            }
            func take(
              _ partSources: UnsafeBufferPointer<Int32>,
              _ partTargets: UnsafeBufferPointer<Int32>, at o: Int
            ) {
              for i in 0..<partSources.count {
                let s = number(partSources[i])
                let t = number(partTargets[i])
                sources[o + i] = s
                targets[o + i] = t
                if s != t {
                  degrees[Int(s)] += 1
                  degrees[Int(t)] += 1
                }
              }
            }
            if single {
              take(UnsafeBufferPointer(sources), UnsafeBufferPointer(targets), at: 0)
              return
            }
            var o = 0
            for part in parts {
              part.sources.withUnsafeBufferPointer { partSources in
                part.targets.withUnsafeBufferPointer { partTargets in
                  take(partSources, partTargets, at: o)
                }
              }
              weights.append(contentsOf: part.weights)
              o += part.sources.count
            }
          }
        }
      }
    }
    parts = []
    let names = values.map { String($0) }
    degrees.removeSubrange(names.count...)
    // The parser checked every weight, and numbering keeps endpoints below the node count.
    let graph = WeightedGraph(
      checkedNodeCount: names.count, sources: sources, targets: targets, weights: weights,
      degrees: degrees)
    return EdgeListFile(graph: graph, names: names, records: total)
  }

  /// The value of a name that is a canonical decimal number below 2³¹ (digits only, no
  /// leading zero), or nil. Such names and their values correspond one to one.
  @inline(__always)
  static func number(_ field: UnsafeBufferPointer<UInt8>) -> Int32? {
    let count = field.count
    guard count > 0 && count <= 10 else { return nil }
    if field[0] == UInt8(ascii: "0") { return count == 1 ? 0 : nil }
    var value = 0
    for c in field {
      let digit = c &- UInt8(ascii: "0")
      guard digit < 10 else { return nil }
      value = value &* 10 &+ Int(digit)
    }
    return value <= Int(Int32.max) ? Int32(value) : nil
  }

  /// Merges the parts' names in file order and builds the graph.
  static func assemble(_ parts: inout [_EdgeListPart]) -> EdgeListFile {
    var table = parts[0].names
    parts[0].names = _NameTable()
    var maps: [[Int32]] = [[]]
    for k in 1..<parts.count {
      let local = parts[k].names
      var map = [Int32](repeating: 0, count: local.count)
      local.bytes.withUnsafeBufferPointer { b in
        // Names are never empty, so a part with names has bytes.
        guard let stored = b.baseAddress else { return }
        for i in 0..<local.count {
          let start = local.starts[i]
          map[i] = table.id(stored + start, local.starts[i + 1] - start)
        }
      }
      maps.append(map)
      parts[k].names = _NameTable()
    }
    let total = parts.reduce(0) { $0 + $1.sources.count }
    var sources = [Int32](repeating: 0, count: total)
    var targets = [Int32](repeating: 0, count: total)
    var weights = [Double](repeating: 0, count: total)
    var offsets = [0]
    for part in parts { offsets.append(offsets[offsets.count - 1] + part.sources.count) }
    sources.withUnsafeMutableBufferPointer { so in
      targets.withUnsafeMutableBufferPointer { ta in
        weights.withUnsafeMutableBufferPointer { we in
          guard let so = so.baseAddress, let ta = ta.baseAddress, let we = we.baseAddress else {
            return  // no edges
          }
          let (s, t, w) = (
            _DisjointWrites(base: so), _DisjointWrites(base: ta), _DisjointWrites(base: we)
          )
          let box = _UncheckedSendable(value: (parts, maps))
          _forEachChunkConcurrently(parts.count) { k in
            let part = box.value.0[k]
            let map = box.value.1[k]
            let o = offsets[k]
            for i in 0..<part.sources.count {
              if k == 0 {
                s.base[o + i] = part.sources[i]
                t.base[o + i] = part.targets[i]
              } else {
                s.base[o + i] = map[Int(part.sources[i])]
                t.base[o + i] = map[Int(part.targets[i])]
              }
              w.base[o + i] = part.weights[i]
            }
          }
        }
      }
    }
    parts = []
    let names = (0..<table.count).map { table.name($0) }
    let graph = WeightedGraph(
      nodeCount: table.count, sources: sources, targets: targets, weights: weights)
    return EdgeListFile(graph: graph, names: names, records: total)
  }

  /// A field: its bytes (trimmed, unescaped) and whether it ended its record.
  struct Field {
    var buffer: UnsafeBufferPointer<UInt8>
    var endsRecord: Bool
    var column: Int
  }

  /// Reads the fields of one record from `position`.
  ///
  /// A quoted field is unescaped into `mirror` at its own offset: it never takes more bytes
  /// than its text in the file, so fields never overlap there.
  struct RecordCursor {
    let base: UnsafePointer<UInt8>
    let mirror: UnsafeMutablePointer<UInt8>?
    let end: Int
    var position: Int
    /// Why `nextField` returned nil, with `lines` counted from the record's first line.
    var problem: _QuoteProblem?

    /// The 1-based byte column of offset `p` on its line (only on the error path: it looks
    /// back for the line's start).
    func column(of p: Int) -> Int {
      var start = p
      while start > 0 && base[start - 1] != newline { start -= 1 }
      return p - start + 1
    }

    /// The next field, or nil when a quote is out of place (`problem` says how): a quoted
    /// field never closed, or text after a closing quote. Counts the line breaks passed,
    /// inside quotes and at the record's end.
    @inline(__always)
    mutating func nextField(lineBreaks: inout Int) -> Field? {
      var p = position
      while p < end && (base[p] == space || base[p] == tab) { p += 1 }
      let column = p
      if p < end && base[p] == quote, let mirror {
        var length = 0
        let openBreaks = lineBreaks
        p += 1
        var closed = false
        while p < end {
          let c = base[p]
          if c == quote {
            if p + 1 < end && base[p + 1] == quote {
              mirror[column + length] = quote
              length += 1
              p += 2
              continue
            }
            p += 1
            closed = true
            break
          }
          if c == newline { lineBreaks += 1 }
          mirror[column + length] = c
          length += 1
          p += 1
        }
        guard closed else {
          position = p
          problem = _QuoteProblem(
            kind: .neverClosed, lines: openBreaks, column: self.column(of: column))
          return nil
        }
        while p < end && (base[p] == space || base[p] == tab) { p += 1 }
        var endsRecord = true
        if p < end {
          switch base[p] {
          case comma:
            endsRecord = false
            p += 1
          case newline:
            lineBreaks += 1
            p += 1
          case carriageReturn:
            p += 1
            if p < end && base[p] == newline {
              lineBreaks += 1
              p += 1
            }
          default:
            position = p
            // A field that ran over lines to this quote most likely lacks its closing quote
            // where it opened: the line this quote is on may well be sound.
            problem =
              lineBreaks != openBreaks
              ? _QuoteProblem(
                kind: .notClosedProperly(nextQuoteLines: lineBreaks), lines: openBreaks,
                column: self.column(of: column))
              : _QuoteProblem(
                kind: .textAfterClosingQuote, lines: lineBreaks, column: self.column(of: p))
            return nil
          }
        }
        position = p
        return Field(
          buffer: UnsafeBufferPointer(start: mirror + column, count: length),
          endsRecord: endsRecord, column: column)
      }
      let start = p
      while p < end {
        let c = base[p]
        if c == comma || c == newline || c == carriageReturn { break }
        p += 1
      }
      var stop = p
      while stop > start && (base[stop - 1] == space || base[stop - 1] == tab) { stop -= 1 }
      var endsRecord = true
      if p < end {
        switch base[p] {
        case comma:
          endsRecord = false
          p += 1
        case newline:
          lineBreaks += 1
          p += 1
        default:  // carriage return
          p += 1
          if p < end && base[p] == newline {
            lineBreaks += 1
            p += 1
          }
        }
      }
      position = p
      return Field(
        buffer: UnsafeBufferPointer(start: base + start, count: stop - start),
        endsRecord: endsRecord, column: column)
    }
  }

  static let powersOfTen: [Double] = (0...22).map { k in
    var x = 1.0
    for _ in 0..<k { x *= 10 }
    return x
  }

  /// A weight: finite, ≥ 0; nil otherwise.
  @inline(__always)
  static func weight(_ field: UnsafeBufferPointer<UInt8>) -> Double? {
    var mantissa: UInt64 = 0
    var digits = 0
    var fraction = -1
    for c in field {
      if c >= 48 && c <= 57 {
        mantissa = mantissa &* 10 &+ UInt64(c - 48)
        digits += 1
        if fraction >= 0 { fraction += 1 }
      } else if c == UInt8(ascii: ".") && fraction < 0 {
        fraction = 0
      } else {
        digits = 99  // anything else: the general parser decides
        break
      }
    }
    if digits > 0 && digits <= 15 {
      let value = Double(mantissa)
      return fraction > 0 ? value / powersOfTen[fraction] : value
    }
    guard let value = Double(String(decoding: field, as: UTF8.self)), value.isFinite, value >= 0
    else { return nil }
    return value
  }

  /// A plain line read in one go: `source,target` or, when `weighted`, `source,target[,weight]`,
  /// nothing else, ending in LF, CRLF or the end of the part, each field accepted by the same
  /// `number` and `weight` that read fields one by one. Nil for any other line (spaces around
  /// a field, a name that is not a canonical number, a missing, empty or extra field, a bad
  /// weight, a blank line...), which is then read field by field: there, a field is the same
  /// bytes (no quotes in the file, nothing to trim), so the two readings agree.
  @inline(__always)
  static func plainLine(
    _ base: UnsafePointer<UInt8>, from start: Int, to end: Int, weighted: Bool
  ) -> (source: Int32, target: Int32, weight: Double, next: Int, lineBreaks: Int)? {
    var p = start
    /// The bytes from `p` to the next comma or line break, which is not consumed.
    @inline(__always) func field() -> UnsafeBufferPointer<UInt8> {
      let first = p
      while p < end {
        let c = base[p]
        if c == comma || c == newline || c == carriageReturn { break }
        p += 1
      }
      return UnsafeBufferPointer(start: base + first, count: p - first)
    }
    guard let source = number(field()), p < end && base[p] == comma else { return nil }
    p += 1
    guard let target = number(field()) else { return nil }
    var weight = 1.0
    if weighted && p < end && base[p] == comma {
      p += 1
      let text = field()
      guard !text.isEmpty, let value = Self.weight(text) else { return nil }
      weight = value
    }
    if p == end { return (source, target, weight, p, 0) }
    if base[p] == newline { return (source, target, weight, p + 1, 1) }
    if base[p] == carriageReturn && p + 1 < end && base[p + 1] == newline {
      return (source, target, weight, p + 2, 1)
    }
    return nil
  }

  static func parsePart(
    base: UnsafePointer<UInt8>, mirror: UnsafeMutablePointer<UInt8>?, from start: Int, to end: Int,
    columns: Columns, numeric: Bool,
    expectedEdges: Int
  ) -> _EdgeListPart {
    var part = _EdgeListPart()
    part.numeric = numeric
    if !numeric { part.names = _NameTable(capacity: min(expectedEdges, 1 << 20)) }
    part.sources.reserveCapacity(expectedEdges + 16)
    part.targets.reserveCapacity(expectedEdges + 16)
    part.weights.reserveCapacity(expectedEdges + 16)
    var cursor = RecordCursor(base: base, mirror: mirror, end: end, position: start)
    var line = 0
    let plain = numeric && columns.plain
    while cursor.position < end {
      if plain,
        let record = plainLine(
          base, from: cursor.position, to: end, weighted: columns.weight != nil)
      {
        part.largest = max(part.largest, record.source, record.target)
        part.sources.append(record.source)
        part.targets.append(record.target)
        part.weights.append(record.weight)
        cursor.position = record.next
        line += record.lineBreaks
        continue
      }
      let lineStart = cursor.position
      let recordLine = line
      var breaks = 0
      var source: UnsafeBufferPointer<UInt8>?
      var target: UnsafeBufferPointer<UInt8>?
      var weightField: UnsafeBufferPointer<UInt8>?
      var sourceColumn = 0
      var targetColumn = 0
      var weightColumn = 0
      var index = 0
      var blank = false
      while true {
        let slot =
          index == columns.source
          ? 0 : index == columns.target ? 1 : index == columns.weight ? 2 : -1
        guard let field = cursor.nextField(lineBreaks: &breaks) else {
          let problem =
            cursor.problem ?? .init(kind: .textAfterClosingQuote, lines: 0, column: 1)
          let inPart = problem.shifted(by: recordLine)
          part.error = (inPart.lines, inPart.column, "")
          part.quoteProblem = inPart
          return part
        }
        switch slot {
        case 0:
          source = field.buffer
          sourceColumn = field.column - lineStart + 1
        case 1:
          target = field.buffer
          targetColumn = field.column - lineStart + 1
        case 2:
          weightField = field.buffer
          weightColumn = field.column - lineStart + 1
        default: break
        }
        if field.endsRecord {
          blank = index == 0 && field.buffer.isEmpty
          break
        }
        index += 1
      }
      line += breaks
      if blank { continue }
      func fail(_ column: Int, _ name: String, _ message: String) -> _EdgeListPart {
        // A missing field is located at the record's end.
        var column = column
        if column == 0 { column = cursor.position - lineStart }
        part.error = (recordLine, max(column, 1), "\(name): \(message)")
        return part
      }
      guard let s = source, !s.isEmpty else {
        return fail(sourceColumn, columns.header[columns.source], "missing")
      }
      guard let t = target, !t.isEmpty else {
        return fail(targetColumn, columns.header[columns.target], "missing")
      }
      var w = 1.0
      if let field = weightField, let weightIndex = columns.weight, !field.isEmpty {
        guard let value = weight(field) else {
          let text = String(decoding: field, as: UTF8.self)
          return fail(
            weightColumn, columns.header[weightIndex], "'\(text)' is not a finite number ≥ 0")
        }
        w = value
      }
      if numeric {
        guard let sourceValue = number(s), let targetValue = number(t) else {
          part.notNumeric = true
          return part
        }
        part.largest = max(part.largest, sourceValue, targetValue)
        part.sources.append(sourceValue)
        part.targets.append(targetValue)
      } else {
        part.sources.append(part.names.id(s.baseAddress ?? base, s.count))
        part.targets.append(part.names.id(t.baseAddress ?? base, t.count))
      }
      part.weights.append(w)
    }
    part.lineBreaks = line
    return part
  }
}

/// A quote out of place in an edge list, worded as `kith import edges` (`CSVReader`) words it.
struct _QuoteProblem {
  enum Kind {
    case neverClosed
    case textAfterClosingQuote
    /// The field ran over lines to a quote that text follows: it most likely lacks its
    /// closing quote where it opened. `nextQuoteLines`: that quote's line, counted as `lines`.
    case notClosedProperly(nextQuoteLines: Int)
  }

  var kind: Kind
  /// The line of the problem, 0-based: within a record (`RecordCursor`), else within a part.
  var lines: Int
  /// The 1-based byte column on that line.
  var column: Int

  /// The same problem with its lines counted from `lines` lines earlier.
  func shifted(by lines: Int) -> _QuoteProblem {
    var moved = self
    moved.lines += lines
    if case .notClosedProperly(let next) = kind {
      moved.kind = .notClosedProperly(nextQuoteLines: next + lines)
    }
    return moved
  }

  /// The message, with `linesBefore` the lines of the file before those `lines` counts.
  func message(linesBefore: Int) -> String {
    switch kind {
    case .neverClosed:
      "a quoted field is never closed"
    case .textAfterClosingQuote:
      "text after a closing quote; double a quote inside a quoted field (\"\")"
    case .notClosedProperly(let next):
      "a quoted field opened here is not closed properly (the next quote is on line \(linesBefore + next + 1)); close it, or double a quote inside it (\"\")"
    }
  }
}
