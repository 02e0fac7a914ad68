import Foundation
import GRDB
import KithGraph
import KithTestSupport
import Testing

@testable import KithStore

// Ledger blocks hold variable-length records (`Ledger.Entry`, migration v7). These tests check
// that every value survives a round trip bit for bit (ids, counts and times of any size,
// doubles of any bit pattern but NaN), that damaged bytes are refused without reading past
// them, and that migration v7 carries a ledger of fixed 56-byte records over exactly.

@Suite("Ledger records and migration v7")
struct LedgerRecordsTests {
  @Test("edge cases round-trip bit for bit", arguments: EntryCase.all)
  func edgeCase(_ c: EntryCase) throws {
    let data = Ledger.Entry.encode(c.entries[...])
    let decoded = try data.withUnsafeBytes { try Ledger.Entry.decode($0) }
    #expect(decoded.count == c.entries.count)
    for (x, y) in zip(c.entries, decoded) {
      #expect(sameBits(x, y), "\(describe(x)) came back as \(describe(y))")
    }
    if let size = c.size { #expect(data.count == size) }
  }

  @Test("random blocks round-trip bit for bit", arguments: 0..<24)
  func randomBlocks(seed: UInt64) throws {
    var rng = SeededGenerator(seed: seed)
    for _ in 0..<20 {
      let entries = randomEntries(count: Int.random(in: 1...Ledger.maxBlock, using: &rng), &rng)
      let data = Ledger.Entry.encode(entries[...])
      #expect(data.count <= entries.count * Ledger.Entry.maxEncodedSize)
      let decoded = try data.withUnsafeBytes { try Ledger.Entry.decode($0) }
      #expect(decoded.count == entries.count)
      let wrong = zip(entries, decoded).filter { !sameBits($0, $1) }
      #expect(wrong.isEmpty, "\(wrong.prefix(3).map { "\(describe($0)) → \(describe($1))" })")
    }
  }

  @Test("a slice of a larger array encodes only its entries")
  func slice() throws {
    var rng = SeededGenerator(seed: 99)
    let entries = randomEntries(count: 40, &rng)
    let data = Ledger.Entry.encode(entries[10..<25])
    let decoded = try data.withUnsafeBytes { try Ledger.Entry.decode($0) }
    #expect(decoded.count == 15)
    #expect(zip(entries[10..<25], decoded).allSatisfy { sameBits($0, $1) })
  }

  @Test("the snapshot's reader yields what decode does, with TieColumns.none for no time")
  func reader() {
    var rng = SeededGenerator(seed: 5)
    let entries = randomEntries(count: 300, &rng)
    let data = Ledger.Entry.encode(entries[...])
    data.withUnsafeBytes { bytes in
      var reader = Ledger.Entry.Reader(bytes)
      var k = 0
      while reader.next() {
        guard k < entries.count else {
          Issue.record("more entries than encoded")
          break
        }
        let e = entries[k]
        #expect(reader.b == e.b && reader.count == Int64(e.acc.count))
        #expect(reader.first == e.acc.first ?? TieColumns.none)
        #expect(reader.last == e.acc.last ?? TieColumns.none)
        #expect(reader.strengthAtLast.bitPattern == e.acc.strengthAtLast.bitPattern)
        #expect(reader.peakDecaying.bitPattern == e.acc.peakDecaying.bitPattern)
        #expect(reader.constant.bitPattern == e.acc.constant.bitPattern)
        k += 1
      }
      #expect(k == entries.count)
      #expect(!reader.isMalformed)
    }
  }

  @Test("truncated or damaged bytes are refused, never read past")
  func damagedBytes() throws {
    var rng = SeededGenerator(seed: 11)
    let entries = randomEntries(count: 30, &rng)
    let data = Ledger.Entry.encode(entries[...])
    // Where each entry ends.
    var ends: [Int] = []
    for k in 1...entries.count { ends.append(Ledger.Entry.encode(entries[0..<k]).count) }
    // Every prefix: whole entries decode, anything else throws. Each prefix is its own array,
    // so a read past its end would read another allocation (and fail under a sanitizer).
    for length in 0...data.count {
      let prefix = Array(data[0..<length])
      if length == 0 || ends.contains(length) {
        let decoded = try prefix.withUnsafeBytes { try Ledger.Entry.decode($0) }
        #expect(decoded.count == (ends.firstIndex(of: length) ?? -1) + 1)
      } else {
        #expect(throws: StoreError.self) {
          try prefix.withUnsafeBytes { try Ledger.Entry.decode($0) }
        }
      }
    }
    // The unused time code (bits 4–5 both set).
    var damaged = data
    damaged[0] |= 0x30
    #expect(throws: StoreError.self) {
      try damaged.withUnsafeBytes { try Ledger.Entry.decode($0) }
    }
  }

  @Test("migration v7 carries blocks of 56-byte records over bit for bit")
  func migrationCarriesRecords() throws {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("v5.sqlite")
    var rng = SeededGenerator(seed: 21)
    // Blocks as v5 stored them: several per `a`, one full (512 entries), the edge cases, ids
    // with no person (the ledger's table has no foreign keys).
    var blocks: [(id: Int64, a: Int64, entries: [Ledger.Entry])] = []
    blocks.append((1, 1, randomEntries(count: Ledger.maxBlock, &rng)))
    blocks.append((2, 1, randomEntries(count: 3, &rng)))
    for (k, c) in EntryCase.all.enumerated() {
      blocks.append((Int64(10 + k), 2 + Int64(k), c.entries))
    }
    blocks.append((90, 1 << 40, randomEntries(count: 200, &rng)))
    blocks.append((91, Int64.max - 1, [entry(b: .max, count: 1, first: 0, last: 0, 1, 1, 0)]))
    var sql = ""
    for block in blocks {
      sql += """
        INSERT INTO tie_ledger_block (id, a, lo, n, data) VALUES \
        (\(block.id), \(block.a), \(block.entries[0].b), \(block.entries.count), \
        X'\(hex(fixedRecords(block.entries)))');\n
        """
    }
    try KithStore.createDatabase(path: path, upTo: "v5-interaction-write-path", sql: sql)

    // Up to v7 only: v14 rebuilds the ledger from the interactions, which these blocks lack.
    let queue = try DatabaseQueue(path: path)
    try Schema.migrator.migrate(queue, upTo: "v7-compact-ledger-records")
    try queue.read { db in
      let rows = try Row.fetchAll(
        db, sql: "SELECT id, a, lo, n, data FROM tie_ledger_block ORDER BY id")
      #expect(rows.count == blocks.count)
      var bytes = 0
      for (row, block) in zip(rows, blocks) {
        #expect(row["id"] as Int64 == block.id)
        #expect(row["a"] as Int64 == block.a)
        #expect(row["lo"] as Int64 == block.entries[0].b)
        #expect(row["n"] as Int == block.entries.count)
        let data: Data = row["data"]
        bytes += data.count
        let decoded = try data.withUnsafeBytes { try Ledger.Entry.decode($0) }
        #expect(decoded.count == block.entries.count)
        let wrong = zip(block.entries, decoded).filter { !sameBits($0, $1) }
        #expect(wrong.isEmpty, "block \(block.id): \(wrong.prefix(3).map { describe($0.0) })")
      }
      #expect(bytes < blocks.map(\.entries.count).reduce(0, +) * 56)
      // The length check is gone; the key is still unique.
      let table = try String.fetchOne(
        db, sql: "SELECT sql FROM sqlite_master WHERE name = 'tie_ledger_block'")
      #expect(table?.contains("length(data)") == false)
      let key = try Row.fetchOne(
        db, sql: "SELECT * FROM pragma_index_list('tie_ledger_block') WHERE name = ?",
        arguments: ["tie_ledger_block_key"])
      #expect(key?["unique"] as Int? == 1)
      let columns = try String.fetchAll(
        db, sql: "SELECT name FROM pragma_index_info('tie_ledger_block_key') ORDER BY seqno")
      #expect(columns == ["a", "lo"])
    }
  }

  @Test("a migrated ledger equals a full recomputation, and keeps being maintained")
  func migratedLedgerMatchesRebuild() throws {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("v5.sqlite")
    var rng = SeededGenerator(seed: 31)
    // 700 people; explicit ties only (what the ledger holds for them does not depend on the
    // interaction tables): person 1 with most others (more pairs than one block holds), random
    // pairs, repeated pairs, undated ties.
    var history = History()
    history.people = Array(1...700)
    let t0: Int64 = 1_700_000_000
    for b in 2...650 {
      history.ties.append(
        RawTie(
          a: 1, b: Int64(b), weight: 1, time: t0 + Int64.random(in: 0..<(86_400 * 400), using: &rng)
        ))
    }
    for _ in 0..<2_000 {
      let a = Int64.random(in: 1...700, using: &rng)
      var b = a
      while b == a { b = Int64.random(in: 1...700, using: &rng) }
      let weight = [0.25, 0.5, 0.8, 1, 0.3][Int.random(in: 0..<5, using: &rng)]
      let time: Int64? =
        Int.random(in: 0..<8, using: &rng) == 0
        ? nil : t0 + Int64.random(in: 0..<(86_400 * 400), using: &rng)
      history.ties.append(RawTie(a: a, b: b, weight: weight, time: time))
      if Bool.random(using: &rng) {
        history.ties.append(RawTie(a: b, b: a, weight: 0.1, time: time))
      }
    }
    // The v5 ledger, as the store computes it: dated ties in (time, id) order, then undated
    // ones in id order.
    let settings = DecaySettings.default
    var ledger: [PairKey: TieAccumulator] = [:]
    let order = history.ties.indices.sorted {
      (history.ties[$0].time ?? .max, $0) < (history.ties[$1].time ?? .max, $1)
    }
    for k in order {
      let t = history.ties[k]
      if let time = t.time {
        ledger[PairKey(t.a, t.b), default: TieAccumulator()].add(
          time: time, weight: t.weight, halfLifeSeconds: settings.halfLifeSeconds)
      } else {
        ledger[PairKey(t.a, t.b), default: TieAccumulator()].addConstant(t.weight)
      }
    }
    var sql = ""
    for id in history.people {
      sql += "INSERT INTO person (id, handle, name) VALUES (\(id), 'p-\(id)', 'Person \(id)');\n"
    }
    for (k, t) in history.ties.enumerated() {
      sql += """
        INSERT INTO explicit_tie (id, a_id, b_id, weight, time) VALUES \
        (\(k + 1), \(t.a), \(t.b), \(t.weight), \(t.time.map(String.init) ?? "NULL"));\n
        """
    }
    // Blocks of at most 256 entries per lower endpoint.
    let keys = ledger.keys.sorted { ($0.a, $0.b) < ($1.a, $1.b) }
    var start = 0
    while start < keys.count {
      var end = start
      while end < keys.count, keys[end].a == keys[start].a, end - start < Ledger.splitBlock {
        end += 1
      }
      let entries = keys[start..<end].map {
        Ledger.Entry(b: $0.b, acc: ledger[$0] ?? TieAccumulator())
      }
      sql += """
        INSERT INTO tie_ledger_block (a, lo, n, data) VALUES \
        (\(keys[start].a), \(keys[start].b), \(entries.count), X'\(hex(fixedRecords(entries)))');\n
        """
      start = end
    }
    try KithStore.createDatabase(path: path, upTo: "v5-interaction-write-path", sql: sql)

    let store = try KithStore(path: path)
    let latest = try #require(history.latest)
    let (snapshot, source) = try store.snapshotWithSource(
      asOf: Date(timeIntervalSince1970: Double(latest)))
    #expect(source == .ledger)
    let diff = mismatches(snapshot, history.expected(settings: settings, asOf: latest))
    #expect(diff.isEmpty, "\(diff.prefix(5))")
    let carried = try storedLedger(store)
    #expect(carried.count == ledger.count)
    for (key, acc) in ledger {
      let stored = try #require(carried[key])
      #expect(sameBits(Ledger.Entry(b: key.b, acc: acc), Ledger.Entry(b: key.b, acc: stored)))
    }
    try store.writer.write { db in try Ledger.rebuild(db) }
    let rebuilt = try storedLedger(store)
    #expect(rebuilt.count == carried.count)
    for (key, acc) in carried {
      let other = try #require(rebuilt[key])
      #expect(sameBits(Ledger.Entry(b: key.b, acc: acc), Ledger.Entry(b: key.b, acc: other)))
    }

    // Later batches merge into the migrated blocks: new pairs for the hub, and later events.
    var later: [Tie] = []
    for b in 640...700 {
      later.append(Tie(a: 1, b: Int64(b), weight: 0.5, date: Date(kithSeconds: latest + 86_400)))
    }
    later.append(Tie(a: 5, b: 6, weight: 2, date: nil))
    _ = try store.addTies(later)
    history.ties += later.map {
      RawTie(a: $0.a, b: $0.b, weight: $0.weight, time: $0.date.map(KithTime.seconds))
    }
    let after = try store.snapshot(asOf: Date(kithSeconds: latest + 86_400))
    let afterDiff = mismatches(after, history.expected(settings: settings, asOf: latest + 86_400))
    #expect(afterDiff.isEmpty, "\(afterDiff.prefix(5))")
  }
}

/// A named list of entries for the round-trip table, with its encoded size when it is pinned.
struct EntryCase: CustomTestStringConvertible, Sendable {
  var name: String
  var entries: [Ledger.Entry]
  var size: Int? = nil
  var testDescription: String { name }

  static let all: [EntryCase] = [
    // Flags, b, first (zigzag of 1.7e9: 5 bytes), 1.0 (2 bytes): 9 bytes.
    EntryCase(
      name: "a pair seen once",
      entries: [entry(b: 3, count: 1, first: 1_700_000_000, last: 1_700_000_000, 1, 1, 0)],
      size: 9),
    // Flags, b, count, first, last − first (2 bytes), 0.8 (8 bytes), peak (8 bytes): 26 bytes.
    EntryCase(
      name: "a pair seen three times",
      entries: [entry(b: 3, count: 3, first: 1_700_000_000, last: 1_700_010_000, 0.8, 1.25, 0)],
      size: 26),
    // Flags, b, count, 0.0 (1 byte), constant: 12 bytes.
    EntryCase(
      name: "an undated pair", entries: [entry(b: 7, count: 2, first: nil, last: nil, 0, 0, 1.5)],
      size: 12),
    EntryCase(
      name: "counts 0, 1, 2 and the largest",
      entries: [
        entry(b: 1, count: 0, first: nil, last: nil, 0, 0, 0),
        entry(b: 2, count: 1, first: 5, last: 5, 1, 1, 0),
        entry(b: 3, count: 2, first: 5, last: 9, 1, 2, 0),
        entry(b: 4, count: .max, first: 5, last: .max, 1, 2, 0),
      ]),
    EntryCase(
      name: "negative times, and times far apart",
      entries: [
        entry(b: 1, count: 1, first: -86_400, last: -86_400, 1, 1, 0),
        entry(b: 2, count: 2, first: -5_000_000_000, last: 4_000_000_000, 0.5, 3, 0),
        entry(b: 3, count: 2, first: .max, last: .max, 0.5, 0.5, 0),
        entry(b: 4, count: 2, first: .min + 1, last: .max, 0.5, 0.5, 0),
        entry(b: 5, count: 1, first: 0, last: 0, 0.5, 0.5, 0),
      ]),
    EntryCase(
      name: "a last time before the first, or only one of the two",
      entries: [
        entry(b: 1, count: 2, first: 100, last: 99, 1, 1, 0),
        entry(b: 2, count: 1, first: nil, last: 42, 1, 1, 0),
        entry(b: 3, count: 1, first: 42, last: nil, 1, 1, 0),
      ]),
    EntryCase(
      name: "ids beyond 32 bits, the largest id, a negative first id",
      entries: [
        entry(b: -3, count: 1, first: 0, last: 0, 1, 1, 0),
        entry(b: 1 << 33, count: 1, first: 0, last: 0, 1, 1, 0),
        entry(b: (1 << 33) + 1, count: 1, first: 0, last: 0, 1, 1, 0),
        entry(b: .max, count: 1, first: 0, last: 0, 1, 1, 0),
      ]),
    EntryCase(
      name: "ids out of order (deltas wrap)",
      entries: [
        entry(b: .max, count: 1, first: 0, last: 0, 1, 1, 0),
        entry(b: .min, count: 1, first: 0, last: 0, 1, 1, 0),
        entry(b: 0, count: 1, first: 0, last: 0, 1, 1, 0),
      ]),
    EntryCase(
      name: "extreme doubles",
      entries: [
        entry(b: 1, count: 1, first: 0, last: 0, .greatestFiniteMagnitude, .infinity, -.infinity),
        entry(
          b: 2, count: 1, first: 0, last: 0, .leastNonzeroMagnitude, .leastNormalMagnitude,
          -.greatestFiniteMagnitude),
        entry(b: 3, count: 1, first: 0, last: 0, -1, -2, .ulpOfOne),
        entry(b: 4, count: 1, first: 0, last: 0, 1 / 3, 0.1, 0.3),
        entry(b: 5, count: 1, first: 0, last: 0, 2, 0.5, 0.25),
      ]),
    EntryCase(
      name: "signed zeros",
      entries: [
        entry(b: 1, count: 1, first: nil, last: nil, 0, -0.0, -0.0),
        entry(b: 2, count: 1, first: nil, last: nil, -0.0, -0.0, 0),
        entry(b: 3, count: 1, first: nil, last: nil, -0.0, 0, -0.0),
      ]),
    // Strengths whose lowest set bit is in byte z, for z = 0…6; 2.0 (7 zero bytes); 0.
    EntryCase(
      name: "every number of left-out zero bytes",
      entries: (0...8).map { z in
        let bits: UInt64 = z == 8 ? 0 : 0x4000_0000_0000_0000 | (z < 7 ? 1 << (8 * UInt64(z)) : 0)
        return entry(b: Int64(z + 1), count: 1, first: 0, last: 0, Double(bitPattern: bits), 1, 0)
      }),
  ]
}

private func entry(
  b: Int64, count: Int, first: Int64?, last: Int64?, _ strength: Double, _ peak: Double,
  _ constant: Double
) -> Ledger.Entry {
  Ledger.Entry(
    b: b,
    acc: TieAccumulator(
      count: count, first: first, last: last, strengthAtLast: strength, peakDecaying: peak,
      constant: constant))
}

/// Whether two entries hold the same values, doubles compared by their bits.
private func sameBits(_ x: Ledger.Entry, _ y: Ledger.Entry) -> Bool {
  x.b == y.b && x.acc.count == y.acc.count && x.acc.first == y.acc.first
    && x.acc.last == y.acc.last
    && x.acc.strengthAtLast.bitPattern == y.acc.strengthAtLast.bitPattern
    && x.acc.peakDecaying.bitPattern == y.acc.peakDecaying.bitPattern
    && x.acc.constant.bitPattern == y.acc.constant.bitPattern
}

private func describe(_ e: Ledger.Entry) -> String {
  let a = e.acc
  return
    "b \(e.b) count \(a.count) \(String(describing: a.first))…\(String(describing: a.last)) "
    + "s \(a.strengthAtLast) peak \(a.peakDecaying) constant \(a.constant)"
}

/// A double of any bit pattern but NaN.
private func randomDouble(_ rng: inout SeededGenerator) -> Double {
  while true {
    let d = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &rng))
    if !d.isNaN { return d }
  }
}

/// `count` entries sorted by distinct `b`: mostly like a store's (small gaps, times of recent
/// years, pairs seen once with a kind's weight), with every kind of outlier mixed in.
private func randomEntries(count: Int, _ rng: inout SeededGenerator) -> [Ledger.Entry] {
  var b = Int64.random(in: 1...100_000, using: &rng)
  if Int.random(in: 0..<4, using: &rng) == 0 { b = Int64.random(in: 1...(1 << 50), using: &rng) }
  var out: [Ledger.Entry] = []
  for _ in 0..<count {
    switch Int.random(in: 0..<20, using: &rng) {
    case 0: b &+= Int64.random(in: 1...(1 << 40), using: &rng)
    case 1: b &+= Int64.random(in: 1...Int64.max, using: &rng)
    default: b &+= Int64.random(in: 1...3_000, using: &rng)
    }
    var acc = TieAccumulator()
    switch Int.random(in: 0..<10, using: &rng) {
    case 0...5:
      // A pair seen once.
      let t = Int64.random(in: 1_600_000_000...1_800_000_000, using: &rng)
      let w = [1, 0.8, 0.3, 0.5, 0.1, 0.4, 1.0 / 3, 0.25][Int.random(in: 0..<8, using: &rng)]
      acc = TieAccumulator(
        count: 1, first: t, last: t, strengthAtLast: w, peakDecaying: w, constant: 0)
    case 6, 7:
      // A pair seen several times, maybe with undated ties too.
      let t = Int64.random(in: -1_000_000_000...2_000_000_000, using: &rng)
      let s = Double.random(in: 0...10, using: &rng)
      acc = TieAccumulator(
        count: Int.random(in: 2...100_000, using: &rng), first: t,
        last: t + Int64.random(in: 0...500_000_000, using: &rng), strengthAtLast: s,
        peakDecaying: Bool.random(using: &rng) ? s : s + Double.random(in: 0...5, using: &rng),
        constant: Bool.random(using: &rng) ? 0 : Double.random(in: 0...3, using: &rng))
    case 8:
      // Undated explicit ties only.
      acc = TieAccumulator(
        count: Int.random(in: 1...5, using: &rng), first: nil, last: nil, strengthAtLast: 0,
        peakDecaying: 0, constant: Double.random(in: 0...3, using: &rng))
    default:
      // Anything: any bits but NaN, any times but `TieColumns.none`, any count.
      func time() -> Int64? {
        Int.random(in: 0..<4, using: &rng) == 0
          ? nil : Int64.random(in: (Int64.min + 1)...Int64.max, using: &rng)
      }
      acc = TieAccumulator(
        count: Int.random(in: Int.min...Int.max, using: &rng), first: time(), last: time(),
        strengthAtLast: randomDouble(&rng), peakDecaying: randomDouble(&rng),
        constant: Bool.random(using: &rng) ? -0.0 : randomDouble(&rng))
    }
    out.append(Ledger.Entry(b: b, acc: acc))
  }
  return out
}

/// The entries as v4 and v5 stored them: 56 bytes each, little-endian (written here
/// independently of `Schema.FixedLedgerRecord`).
func fixedRecords(_ entries: [Ledger.Entry]) -> [UInt8] {
  var out: [UInt8] = []
  func put(_ v: UInt64) { for k in 0..<8 { out.append(UInt8(truncatingIfNeeded: v >> (8 * k))) } }
  func put(_ v: Int64) { put(UInt64(bitPattern: v)) }
  for e in entries {
    put(e.b)
    put(Int64(e.acc.count))
    put(e.acc.first ?? Int64.min)
    put(e.acc.last ?? Int64.min)
    put(e.acc.strengthAtLast.bitPattern)
    put(e.acc.peakDecaying.bitPattern)
    put(e.acc.constant.bitPattern)
  }
  return out
}

private func hex(_ bytes: [UInt8]) -> String {
  let digits = Array("0123456789ABCDEF")
  return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
}

/// Every ledger pair of `store`, decoded from its blocks (shared by the migration tests).
func storedLedger(_ store: KithStore) throws -> [PairKey: TieAccumulator] {
  try store.writer.read { db in
    var pairs: [PairKey: TieAccumulator] = [:]
    for row in try Row.fetchAll(db, sql: "SELECT a, data FROM tie_ledger_block") {
      let a: Int64 = row["a"]
      let data: Data = row["data"]
      for entry in try data.withUnsafeBytes({ try Ledger.Entry.decode($0) }) {
        pairs[PairKey(a, entry.b)] = entry.acc
      }
    }
    return pairs
  }
}
