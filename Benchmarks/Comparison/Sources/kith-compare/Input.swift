#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import CBytes
import Dispatch
import KithGraph

/// people.csv: id → dense index (in file order) and handles.
struct PeopleTable {
  var ids: [Int64] = []
  var handles: [String] = []
  /// Dense index by id for ids in 0..<lookup.count (-1: unknown); `sparse` for the others.
  var lookup: [Int32] = []
  var sparse: [Int64: Int32] = [:]

  @inline(__always)
  func index(_ id: Int64) -> Int32? {
    if id >= 0 && id < Int64(lookup.count) {
      let k = lookup.withUnsafeBufferPointer { $0[Int(id)] }
      return k >= 0 ? k : nil
    }
    return sparse.isEmpty ? nil : sparse[id]
  }

  static func read(_ path: String) throws -> PeopleTable {
    let file = try MappedFile(path)
    var csv = CSVCursor(file)
    let col = try columns(try csv.header(), required: ["id", "handle"], in: path)
    var out = PeopleTable()
    var seen = Set<String>()
    while csv.nextRecord() {
      var id: Int64? = nil
      var handle: String? = nil
      var k = 0
      while true {
        let last: Bool
        if k == col[0] {
          (id, last) = try csv.int()
        } else {
          let (bytes, l) = try csv.field()
          if k == col[1] { handle = String(decoding: bytes, as: UTF8.self) }
          last = l
        }
        k += 1
        if last { break }
      }
      guard let id else { throw csv.fail("a person needs an id") }
      guard let handle, !handle.isEmpty else { throw csv.fail("person \(id) needs a handle") }
      guard seen.insert(handle).inserted else { throw csv.fail("handle '\(handle)' appears twice") }
      out.ids.append(id)
      out.handles.append(handle)
    }
    // A dense lookup table when ids are small (as in the generated data), else a dictionary.
    let maxID = out.ids.max() ?? -1
    let tableSize = maxID >= 0 && maxID < Int64(4 * out.ids.count + 1024) ? Int(maxID) + 1 : 0
    out.lookup = [Int32](repeating: -1, count: tableSize)
    for (k, id) in out.ids.enumerated() {
      if id >= 0 && id < Int64(tableSize) {
        guard out.lookup[Int(id)] < 0 else { throw InputError(description: "\(path): id \(id) appears twice") }
        out.lookup[Int(id)] = Int32(k)
      } else {
        guard out.sparse.updateValue(Int32(k), forKey: id) == nil else {
          throw InputError(description: "\(path): id \(id) appears twice")
        }
      }
    }
    return out
  }
}

extension Array where Element: BitwiseCopyable {
  /// An array of `count` elements not written yet: the caller fills every one before reading
  /// it. Its pages stay untouched (and cost nothing) until then.
  ///
  /// No huge-page advice (`MADV_HUGEPAGE`): on this kind of virtual machine a 2 MB page often
  /// comes from memory the host has not backed yet, and the parse took 0.30 s in some runs and
  /// 0.58 s in others with it, against a steady 0.35–0.37 s with 4 KB pages (alternated runs).
  static func unfilled(_ count: Int) -> [Element] {
    [Element](unsafeUninitializedCapacity: count) { _, n in n = count }
  }
}

extension Array where Element == InteractionKind {
  /// `count` kinds to be written before they are read (a kind is a plain byte).
  static func unfilledKinds(_ count: Int) -> [InteractionKind] {
    [InteractionKind](unsafeUninitializedCapacity: count) { _, n in n = count }
  }
}

/// Where a parser thread writes its rows: one pointer per column, the row's position added.
///
/// A row that has the ego as a or b goes to the ego's columns (the other person, time, kind,
/// initiator; in file order, which is the interactions' id order), the builder's input, from
/// which the ego's ties are
/// folded too (`TieColumns.egoTies`); when it is after `egoAsOf` it goes nowhere. Any other row
/// goes to the pair columns (time, a, b, weight) of `TieEvents`.
struct RowSinks {
  let time: UnsafeMutablePointer<Int64>
  let a: UnsafeMutablePointer<Int32>
  let b: UnsafeMutablePointer<Int32>
  /// The pair weight of the row's kind (`weights[kind]`).
  let weight: UnsafeMutablePointer<Double>
  let ego: Int32
  let egoAsOf: Int64
  /// `InteractionColumns.kinds`, by kind byte.
  let kinds: UnsafePointer<InteractionKind>
  let egoContact: UnsafeMutablePointer<Int32>
  let egoTime: UnsafeMutablePointer<Int64>
  let egoKind: UnsafeMutablePointer<InteractionKind>
  /// Dense index of the initiator, -1 when unknown.
  let egoInitiator: UnsafeMutablePointer<Int32>

  /// The sinks of a slice whose rows start at row `k`: its pair rows and its ego rows start at
  /// position `k` of their columns (a slice has no more of either than rows).
  func shifted(by k: Int) -> RowSinks {
    RowSinks(
      time: time + k, a: a + k, b: b + k, weight: weight + k, ego: ego, egoAsOf: egoAsOf,
      kinds: kinds, egoContact: egoContact + k, egoTime: egoTime + k, egoKind: egoKind + k,
      egoInitiator: egoInitiator + k)
  }

  /// Writes a row as the next ego row `e` or pair row `p`. The ego's columns are written for
  /// every row, which counts only when it is the ego's (and not after `egoAsOf`; the next row
  /// overwrites the slot otherwise): no branch for the 85% of rows that are. A pair row is
  /// written behind a branch: writing the pair columns for every row as well cost more than
  /// the branches mispredicted (alternated runs, parse 0.41 s against 0.44 s).
  @inline(__always)
  func write(
    time t: Int64, a u: Int32, b v: Int32, kind: UInt8, initiator i: Int32,
    weights: UnsafePointer<Double>, pairRows p: inout Int, egoRows e: inout Int
  ) {
    let withEgo = u == ego || v == ego
    egoContact[e] = u == ego ? v : u
    egoTime[e] = t
    egoKind[e] = kinds[Int(kind)]
    egoInitiator[e] = i
    e &+= withEgo && t <= egoAsOf ? 1 : 0
    if !withEgo {
      time[p] = t
      a[p] = u
      b[p] = v
      weight[p] = weights[Int(kind)]
      p &+= 1
    }
  }
}

/// interactions.csv mapped, its header read and its body cut into slices of whole lines, one
/// per thread: each slice's lines are counted on their own (`count`), so that the counts can
/// run beside other work (people.csv and exchanges.csv are read meanwhile).
struct InteractionsFile: @unchecked Sendable {
  let path: String
  let file: MappedFile
  /// Roles by column: 0 time, 1 kind, 2 a, 3 b, 4 initiator, 5 ignored.
  let role: [UInt8]
  /// Where each slice starts, and the end of the file last.
  let starts: [UnsafeMutablePointer<UInt8>]

  var parts: Int { starts.count - 1 }

  init(_ path: String, threads: Int) throws {
    self.path = path
    file = try MappedFile(path)
    let end = file.base + file.count
    var header = CSVCursor(file)
    let names = try header.header()
    let col = try columns(names, required: ["time", "kind", "a", "b"], in: path)
    let initiatorCol = names.firstIndex(of: "initiator") ?? -1
    var role = [UInt8](repeating: 5, count: names.count)
    for (r, k) in col.enumerated() { role[k] = UInt8(r) }
    if initiatorCol >= 0 { role[initiatorCol] = 4 }
    self.role = role
    let body = header.p
    let parts = max(1, min(threads, (end - body) / (1 << 20) + 1))
    var starts = [body]
    for k in 1..<parts {
      var q = max(body + (end - body) * k / parts, starts[k - 1])
      while q < end && q.pointee != UInt8(ascii: "\n") { q += 1 }
      starts.append(q < end ? q + 1 : end)
    }
    starts.append(end)
    self.starts = starts
  }

  /// The lines of slice `k`, and whether any byte of it is a double quote: one pass over its
  /// bytes, sixteen at a time (a call of memchr per line costs more than the count).
  func count(_ k: Int) -> (lines: Int, quoted: Bool) {
    let first = UnsafeRawPointer(starts[k])
    let e = UnsafeRawPointer(starts[k + 1])
    var quoted: Int32 = 0
    let n = kith_count_newlines(first.assumingMemoryBound(to: UInt8.self), e - first, &quoted)
    // A last line without its newline is a line too.
    let lines = n + (e > first && (e - 1).load(as: UInt8.self) != 0x0A ? 1 : 0)
    return (lines, quoted != 0)
  }
}

/// interactions.csv as columns (dense person indices), in file order: the ego's rows as the
/// `EgoInteractionsBuilder` takes them, and the pairs of the other rows.
struct InteractionColumns {
  /// Rows read.
  var rows = 0
  var time: [Int64]
  var a: [Int32]
  var b: [Int32]
  var weight: [Double]
  var maxTime = Int64.min
  var egoContact: [Int32]
  var egoTime: [Int64]
  var egoKind: [InteractionKind]
  var egoInitiator: [Int32]

  var count: Int { time.count }

  static let kinds: [InteractionKind] = [.meeting, .call, .video, .message, .email, .event, .social, .other]
  static let kindBytes: [[UInt8]] = kinds.map { Array($0.rawValue.utf8) }

  /// Reads `file`, whose slices' lines were counted (`counts`, from `InteractionsFile/count`),
  /// a thread for each slice, parsing its lines into its own part of the columns (one thread
  /// when the file has any double quote, since a quoted field may hold a newline).
  /// `weights[k]` is the pair weight of kind k.
  static func read(
    _ file: InteractionsFile, counts: [(lines: Int, quoted: Bool)], people: PeopleTable,
    weights: [Double], ego: Int32, egoAsOf: Int64
  ) throws
    -> InteractionColumns
  {
    precondition(weights.count == kinds.count)
    let path = file.path
    // A quoted field may hold a newline: a file with a quote anywhere is read in one slice.
    if counts.count > 1 && counts.contains(where: \.quoted) {
      let whole = try InteractionsFile(path, threads: 1)
      return try read(
        whole, counts: [whole.count(0)], people: people, weights: weights, ego: ego,
        egoAsOf: egoAsOf)
    }
    let role = file.role
    let starts = file.starts
    let parts = file.parts
    let lines = counts.map(\.lines)
    let capacity = lines.reduce(0, +)
    guard capacity < Int(Int32.max) else { throw InputError(description: "\(path): too many rows") }
    var offset = [0]
    for k in 0..<parts { offset.append(offset[k] + lines[k]) }

    var out = InteractionColumns(
      time: .unfilled(capacity), a: .unfilled(capacity), b: .unfilled(capacity),
      weight: .unfilled(capacity), egoContact: .unfilled(capacity), egoTime: .unfilled(capacity),
      egoKind: .unfilledKinds(capacity), egoInitiator: .unfilled(capacity))
    // Per slice: (rows parsed, pair rows, ego rows, largest time) or the error.
    var results = [Result<(Int, Int, Int, Int64), InputError>](
      repeating: .success((0, 0, 0, .min)), count: parts)
    var pairRows = 0
    var rows = 0
    var egoRows = 0
    var maxTime = Int64.min
    out.withSinks(ego: ego, egoAsOf: egoAsOf) { sinks in
      results.withUnsafeMutableBufferPointer { results in
        let box = UncheckedSendable((sinks, results))
        let roles = role
        let parse = { (k: Int) in
          let (sinks, results) = box.value
          do {
            results[k] = .success(
              try parseSlice(
                path: path, start: starts[k], end: starts[k + 1], firstLine: 2 + offset[k],
                roles: roles, people: people, weights: weights,
                out: sinks.shifted(by: offset[k]), fileStart: file.file.base))
          } catch let e as InputError {
            results[k] = .failure(e)
          } catch {
            results[k] = .failure(InputError(description: "\(error)"))
          }
        }
        if parts == 1 {
          parse(0)
        } else {
          let job = UncheckedSendable(parse)
          DispatchQueue.concurrentPerform(iterations: parts) { k in job.value(k) }
        }
      }
      // Each slice's pair rows and ego rows follow the previous slice's: close the gaps that
      // the other kind of row (and blank lines) leave.
      for k in 0..<parts {
        guard case .success(let (count, pairCount, egoCount, top)) = results[k] else { continue }
        if pairRows != offset[k] {
          (sinks.time + pairRows).update(from: sinks.time + offset[k], count: pairCount)
          (sinks.a + pairRows).update(from: sinks.a + offset[k], count: pairCount)
          (sinks.b + pairRows).update(from: sinks.b + offset[k], count: pairCount)
          (sinks.weight + pairRows).update(from: sinks.weight + offset[k], count: pairCount)
        }
        if egoRows != offset[k] {
          (sinks.egoContact + egoRows).update(from: sinks.egoContact + offset[k], count: egoCount)
          (sinks.egoTime + egoRows).update(from: sinks.egoTime + offset[k], count: egoCount)
          (sinks.egoKind + egoRows).update(from: sinks.egoKind + offset[k], count: egoCount)
          (sinks.egoInitiator + egoRows).update(
            from: sinks.egoInitiator + offset[k], count: egoCount)
        }
        rows += count
        pairRows += pairCount
        egoRows += egoCount
        maxTime = max(maxTime, top)
      }
    }
    for r in results { _ = try r.get() }
    out.rows = rows
    out.maxTime = maxTime
    out.time.removeLast(capacity - pairRows)
    out.a.removeLast(capacity - pairRows)
    out.b.removeLast(capacity - pairRows)
    out.weight.removeLast(capacity - pairRows)
    out.egoContact.removeLast(capacity - egoRows)
    out.egoTime.removeLast(capacity - egoRows)
    out.egoKind.removeLast(capacity - egoRows)
    out.egoInitiator.removeLast(capacity - egoRows)
    return out
  }

  /// The columns' storage as sinks for `body`.
  private mutating func withSinks(ego: Int32, egoAsOf: Int64, _ body: (RowSinks) -> Void) {
    let kinds = UnsafeMutablePointer<InteractionKind>.allocate(capacity: Self.kinds.count)
    kinds.initialize(from: Self.kinds, count: Self.kinds.count)
    defer { kinds.deallocate() }
    time.withUnsafeMutableBufferPointer { time in
      a.withUnsafeMutableBufferPointer { a in
        b.withUnsafeMutableBufferPointer { b in
          weight.withUnsafeMutableBufferPointer { weight in
            egoContact.withUnsafeMutableBufferPointer { egoContact in
              egoTime.withUnsafeMutableBufferPointer { egoTime in
                egoKind.withUnsafeMutableBufferPointer { egoKind in
                  egoInitiator.withUnsafeMutableBufferPointer { egoInitiator in
                    body(
                      RowSinks(
                        time: time.baseAddress!, a: a.baseAddress!, b: b.baseAddress!,
                        weight: weight.baseAddress!, ego: ego, egoAsOf: egoAsOf, kinds: kinds,
                        egoContact: egoContact.baseAddress!, egoTime: egoTime.baseAddress!,
                        egoKind: egoKind.baseAddress!, egoInitiator: egoInitiator.baseAddress!))
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  private static func parseSlice(
    path: String, start: UnsafeMutablePointer<UInt8>, end: UnsafeMutablePointer<UInt8>,
    firstLine: Int, roles: [UInt8], people: PeopleTable, weights: [Double], out: RowSinks,
    fileStart: UnsafeMutablePointer<UInt8>
  ) throws -> (Int, Int, Int, Int64) {
    var csv = CSVCursor(path: path, start: start, end: end, line: firstLine)
    var n = 0
    var p = 0
    var e = 0
    var maxTime = Int64.min
    // The generated files' exact layout gets a straight-line parser; anything it does not
    // expect (quotes, signs, spaces, other columns) goes through the general one.
    let fast = roles == [0, 1, 2, 3, 4]
    let blocks = BlockRows()
    defer { blocks.deallocate() }
    var rest = 0
    try people.lookup.withUnsafeBufferPointer { lookup in
      try weights.withUnsafeBufferPointer { weights in
        let weights = weights.baseAddress!
        try roles.withUnsafeBufferPointer { role in
          while csv.nextRecord() {
            // The block parser takes rows while they have the layout (it needs 16 bytes of the
            // file before the row); the row parsers below take the row where it stops. When it
            // takes none, it rests for the next 256 rows (a CRLF file, say, never suits it).
            if fast && rest == 0 && csv.p - fileStart >= 16 && end - csv.p >= 16 {
              let (next, count) = blocks.parse(
                from: csv.p, end: end, lookup: lookup, out: out, weights: weights, pairRows: &p,
                egoRows: &e, maxTime: &maxTime)
              if count > 0 {
                n += count
                csv.advance(to: next, records: count)
                continue
              }
              rest = 256
            }
            rest = max(rest - 1, 0)
            if fast, let (next, t) = fastRow(csv.p, end, lookup, blocks, out, weights, &p, &e) {
              if t > maxTime { maxTime = t }
              n += 1
              csv.advance(to: next)
              continue
            }
            var t: Int64? = nil
            var kind: UInt8? = nil
            var a: Int64? = nil
            var b: Int64? = nil
            var initiator: Int64? = nil
            var k = 0
            var last = false
            while !last {
              switch k < role.count ? role[k] : 5 {
              case 0: (t, last) = try csv.int()
              case 1:
                let (bytes, l) = try csv.field()
                kind = bytes.count <= 8 ? blocks.kind(word(of: bytes), length: bytes.count) : nil
                if kind == nil {
                  throw csv.fail("unknown interaction kind '\(String(decoding: bytes, as: UTF8.self))'")
                }
                last = l
              case 2: (a, last) = try csv.int()
              case 3: (b, last) = try csv.int()
              case 4: (initiator, last) = try csv.int()
              default: last = try csv.field().last
              }
              k += 1
            }
            guard let t else { throw csv.fail("an interaction needs a time") }
            guard let kind else { throw csv.fail("an interaction needs a kind") }
            guard let a, let b else { throw csv.fail("an interaction needs both a and b") }
            guard let ia = people.index(a) else { throw csv.fail("unknown person id \(a)") }
            guard let ib = people.index(b) else { throw csv.fail("unknown person id \(b)") }
            guard ia != ib else { throw csv.fail("a and b are the same person") }
            var ii: Int32 = -1
            if let initiator {
              guard let i = people.index(initiator), i == ia || i == ib else {
                throw csv.fail("the initiator \(initiator) must be a or b")
              }
              ii = i
            }
            out.write(
              time: t, a: ia, b: ib, kind: kind, initiator: ii, weights: weights, pairRows: &p,
              egoRows: &e)
            n += 1
            if t > maxTime { maxTime = t }
          }
        }
      }
    }
    return (n, p, e, maxTime)
  }
}

/// Parses one record "time,kind,a,b,initiator" of plain digits and a kind word, ending in LF,
/// CRLF or the end of the slice, into `out`; returns where the next record starts and the row's
/// time, or nil for anything else (unknown ids, a = b, an initiator that is neither a nor b
/// included, so that the general parser reports it), having written nothing.
@inline(__always)
private func fastRow(
  _ start: UnsafeMutablePointer<UInt8>, _ end: UnsafeMutablePointer<UInt8>,
  _ lookup: UnsafeBufferPointer<Int32>, _ kinds: BlockRows, _ out: RowSinks,
  _ weights: UnsafePointer<Double>, _ pairRows: inout Int, _ egoRows: inout Int
) -> (UnsafeMutablePointer<UInt8>, Int64)? {
  var p = start
  // A run of 1 to 18 digits, ended by a comma (consumed) or, for the last field, a line end.
  @inline(__always) func number() -> Int64? {
    var v: Int64 = 0
    let first = p
    while p < end {
      let d = p.pointee &- 48
      if d > 9 { break }
      v = v &* 10 &+ Int64(d)
      p += 1
    }
    let count = p - first
    return count > 0 && count <= 18 ? v : nil
  }
  @inline(__always) func comma() -> Bool {
    guard p < end, p.pointee == UInt8(ascii: ",") else { return false }
    p += 1
    return true
  }
  @inline(__always) func person(_ id: Int64) -> Int32 {
    guard id < Int64(lookup.count) else { return -1 }
    return lookup[Int(id)]
  }
  guard let time = number(), comma() else { return nil }
  // The kind word, up to 8 bytes, as a little-endian integer.
  var word: UInt64 = 0
  var shift: UInt64 = 0
  while p < end && p.pointee != UInt8(ascii: ",") {
    guard shift < 64 else { return nil }
    word |= UInt64(p.pointee) << shift
    shift += 8
    p += 1
  }
  guard let kind = kinds.kind(word, length: Int(shift / 8)) else { return nil }
  guard comma(), let a = number(), comma(), let b = number(), comma() else { return nil }
  var initiator: Int64 = -1
  if p < end && p.pointee != UInt8(ascii: "\n") && p.pointee != UInt8(ascii: "\r") {
    guard let i = number() else { return nil }
    initiator = i
  }
  if p < end && p.pointee == UInt8(ascii: "\r") { p += 1 }
  if p < end {
    guard p.pointee == UInt8(ascii: "\n") else { return nil }
    p += 1
  }
  let ia = person(a)
  let ib = person(b)
  guard ia >= 0, ib >= 0, ia != ib else { return nil }
  var ii: Int32 = -1
  if initiator >= 0 {
    ii = person(initiator)
    guard ii >= 0, ii == ia || ii == ib else { return nil }
  }
  out.write(
    time: time, a: ia, b: ib, kind: kind, initiator: ii, weights: weights, pairRows: &pairRows,
    egoRows: &egoRows)
  return (p, time)
}

/// Hands a closure that only touches disjoint memory to `concurrentPerform`.
struct UncheckedSendable<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}

/// exchanges.csv as columns (dense person indices), in file order.
struct ExchangeColumns {
  var time: [Int64] = []
  var giver: [Int32] = []
  var receiver: [Int32] = []
  var kind: [ExchangeKind] = []

  var count: Int { time.count }

  static let kinds = ExchangeKind.allCases
  static let kindBytes: [[UInt8]] = ExchangeKind.allCases.map { Array($0.rawValue.utf8) }
}

/// exchanges.csv as read, before the people's ids are looked up (so that it can be read while
/// people.csv is): ids as written, and each row's line for the errors that the lookup finds.
struct ExchangeRows {
  let path: String
  var time: [Int64] = []
  var giver: [Int64] = []
  var receiver: [Int64] = []
  var kind: [ExchangeKind] = []
  var line: [Int32] = []

  static func read(_ path: String) throws -> ExchangeRows {
    let file = try MappedFile(path)
    var csv = CSVCursor(file)
    let header = try csv.header()
    let col = try columns(header, required: ["time", "giver", "receiver", "kind"], in: path)
    var role = [UInt8](repeating: 4, count: header.count)
    for (r, k) in col.enumerated() { role[k] = UInt8(r) }
    var out = ExchangeRows(path: path)
    let kinds = ExchangeColumns.kinds
    let kindBytes = ExchangeColumns.kindBytes
    while csv.nextRecord() {
      var time: Int64? = nil
      var giver: Int64? = nil
      var receiver: Int64? = nil
      var kind: ExchangeKind? = nil
      var k = 0
      var last = false
      while !last {
        switch k < role.count ? role[k] : 4 {
        case 0: (time, last) = try csv.int()
        case 1: (giver, last) = try csv.int()
        case 2: (receiver, last) = try csv.int()
        case 3:
          let (bytes, l) = try csv.field()
          guard let j = kindBytes.firstIndex(where: { equals(bytes, $0) }) else {
            throw csv.fail("unknown exchange kind '\(String(decoding: bytes, as: UTF8.self))'")
          }
          kind = kinds[j]
          last = l
        default: last = try csv.field().last
        }
        k += 1
      }
      guard let time, let giver, let receiver, let kind else {
        throw csv.fail("an exchange needs time, giver, receiver and kind")
      }
      out.time.append(time)
      out.giver.append(giver)
      out.receiver.append(receiver)
      out.kind.append(kind)
      out.line.append(Int32(truncatingIfNeeded: csv.recordLine))
    }
    return out
  }

  /// The rows with the people's dense indices; the first unknown id (or a giver who is the
  /// receiver) is an error on its row's line.
  func resolved(_ people: PeopleTable) throws -> ExchangeColumns {
    var out = ExchangeColumns()
    out.time = time
    out.kind = kind
    out.giver.reserveCapacity(time.count)
    out.receiver.reserveCapacity(time.count)
    for k in time.indices {
      func fail(_ what: String) -> InputError {
        InputError(description: "\(path):\(line[k]): \(what)")
      }
      guard let g = people.index(giver[k]) else { throw fail("unknown person id \(giver[k])") }
      guard let r = people.index(receiver[k]) else {
        throw fail("unknown person id \(receiver[k])")
      }
      guard g != r else { throw fail("the giver and the receiver must differ") }
      out.giver.append(g)
      out.receiver.append(r)
    }
    return out
  }
}
