import Foundation
import GRDB
import KithGraph

/// The tie ledger: per pair (a < b) the count, first, last, strength right after the last
/// dated event, the peak of the decaying part, and the constant of undated explicit ties.
///
/// It is maintained in the same transaction as every inserted interaction or explicit tie.
/// A batch collects its events, groups them by pair with a radix sort, and merges them into the
/// stored pairs in key order: a pair whose new events are all at or after its last stored event
/// is updated with the recurrence of `TieAccumulator`; one with an earlier event (a back-dated
/// record) is recomputed from its events. Changing a setting rebuilds the whole ledger.
///
/// Storage (`tie_ledger_block`, migrations v4 and v7): the pairs of one lower endpoint `a` are
/// packed, sorted by `b`, into blocks of variable-length records (`Ledger.Entry`), at most
/// `maxBlock` per block. A snapshot reads a few thousand BLOBs instead of millions of rows, and
/// a batch rewrites only the blocks it touches.
enum Ledger {
  struct Key: Hashable {
    var a: Int64
    var b: Int64
    init(_ u: Int64, _ v: Int64) {
      a = min(u, v)
      b = max(u, v)
    }
  }

  /// One packed pair: `b` and its aggregate (the block row holds `a`).
  ///
  /// A block's BLOB is its entries one after another, each of variable length (migration v7):
  ///
  /// - a flags byte:
  ///   - bits 0–2: `z`, the number of low-order zero bytes of `strengthAtLast`'s bit pattern
  ///     left out (at most 7);
  ///   - bit 3: `count` ≠ 1;
  ///   - bits 4–5: the times: 0 undated (no first, no last), 1 `last` = `first`, 2 `last`
  ///     stored (3 is not used);
  ///   - bit 6: `peakDecaying`'s bits differ from `strengthAtLast`'s;
  ///   - bit 7: `constant`'s bits are not those of +0.0;
  /// - `b` − the previous entry's `b` (0 before the first entry), as an unsigned LEB128 varint;
  /// - `count` as a varint, when flagged;
  /// - for a dated pair, `first` − the previous dated entry's `first` (0 before the first), as
  ///   a zigzag varint; and when stored, `last` − `first` as a varint;
  /// - the top 8 − z bytes of `strengthAtLast`'s little-endian bit pattern;
  /// - `peakDecaying` and `constant` as 8 bytes each, when flagged.
  ///
  /// Differences wrap, so every value round-trips; `nil` times and `TieColumns.none` are the
  /// same value (as in the snapshot's columns). Most pairs have met once: their count, last
  /// time and peak are left out. Entries sorted by `b` take 1–2 bytes for `b`; times within
  /// a few years of each other take 4 bytes; a strength that is a kind's weight such as 1 or
  /// 0.5 takes 2 bytes. One million interactions among 50k people (1.8M pairs) average 13.6
  /// bytes a pair, where a fixed record (`Schema.FixedLedgerRecord`) took 56.
  struct Entry {
    var b: Int64
    var acc: TieAccumulator

    /// The largest encoding of one entry: flags, four 10-byte varints, three doubles.
    static let maxEncodedSize = 1 + 4 * 10 + 3 * 8

    /// Reads the entries of a block's BLOB.
    /// - Throws: `StoreError.database` when the bytes are not a block's entries.
    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> [Entry] {
      var out: [Entry] = []
      var reader = Reader(bytes)
      while reader.next() {
        out.append(
          Entry(
            b: reader.b,
            acc: TieAccumulator(
              count: Int(truncatingIfNeeded: reader.count),
              first: reader.first == TieColumns.none ? nil : reader.first,
              last: reader.last == TieColumns.none ? nil : reader.last,
              strengthAtLast: reader.strengthAtLast, peakDecaying: reader.peakDecaying,
              constant: reader.constant)))
      }
      if reader.isMalformed { throw Reader.malformed }
      return out
    }

    /// Packs `entries` (sorted by `b`) into a block's BLOB.
    static func encode(_ entries: ArraySlice<Entry>) -> [UInt8] {
      [UInt8](unsafeUninitializedCapacity: entries.count * maxEncodedSize) { buffer, written in
        guard let base = buffer.baseAddress else { return }
        let out = UnsafeMutableRawPointer(base)
        var o = 0
        var previousB: Int64 = 0
        var previousFirst: Int64 = 0
        @inline(__always) func varint(_ value: UInt64) {
          var v = value
          while v >= 0x80 {
            out.storeBytes(of: UInt8(truncatingIfNeeded: v) | 0x80, toByteOffset: o, as: UInt8.self)
            v >>= 7
            o += 1
          }
          out.storeBytes(of: UInt8(truncatingIfNeeded: v), toByteOffset: o, as: UInt8.self)
          o += 1
        }
        @inline(__always) func double(_ bits: UInt64) {
          out.storeBytes(of: bits.littleEndian, toByteOffset: o, as: UInt64.self)
          o += 8
        }
        for e in entries {
          let acc = e.acc
          let flagsAt = o
          o += 1
          varint(UInt64(bitPattern: e.b &- previousB))
          previousB = e.b
          var flags: UInt8 = 0
          if acc.count != 1 {
            flags |= 0x08
            varint(UInt64(bitPattern: Int64(acc.count)))
          }
          let first = acc.first ?? TieColumns.none
          let last = acc.last ?? TieColumns.none
          if first != TieColumns.none || last != TieColumns.none {
            let delta = first &- previousFirst
            varint(UInt64(bitPattern: (delta &<< 1) ^ (delta &>> 63)))
            previousFirst = first
            if last == first {
              flags |= 0x10
            } else {
              flags |= 0x20
              varint(UInt64(bitPattern: last &- first))
            }
          }
          let strength = acc.strengthAtLast.bitPattern
          let z = min(strength.trailingZeroBitCount / 8, 7)
          flags |= UInt8(z)
          // All 8 bytes are written; the next field starts after the top 8 − z.
          out.storeBytes(of: (strength >> (8 * z)).littleEndian, toByteOffset: o, as: UInt64.self)
          o += 8 - z
          let peak = acc.peakDecaying.bitPattern
          if peak != strength {
            flags |= 0x40
            double(peak)
          }
          let constant = acc.constant.bitPattern
          if constant != 0 {
            flags |= 0x80
            double(constant)
          }
          out.storeBytes(of: flags, toByteOffset: flagsAt, as: UInt8.self)
        }
        written = o
      }
    }

    /// Steps through a block's BLOB entry by entry, straight from its bytes: the snapshot reads
    /// millions of entries, and an array of them would cost more than reading them.
    struct Reader {
      private let base: UnsafeRawPointer?
      private let end: Int
      private var o = 0
      // The current entry, once `next()` returned true; times are `TieColumns.none` when
      // undated.
      private(set) var b: Int64 = 0
      private(set) var count: Int64 = 0
      private(set) var first: Int64 = 0
      private(set) var last: Int64 = 0
      private(set) var strengthAtLast: Double = 0
      private(set) var peakDecaying: Double = 0
      private(set) var constant: Double = 0
      /// The previous dated entry's `first`.
      private var previousFirst: Int64 = 0
      /// Whether the bytes ended inside an entry or held an unused flag: set when `next()`
      /// returns false.
      private(set) var isMalformed = false

      static let malformed = StoreError.database(
        "a tie ledger block is damaged; changing a decay setting rebuilds the ledger")

      init(_ bytes: UnsafeRawBufferPointer) {
        base = bytes.baseAddress
        end = bytes.count
      }

      @inline(__always) private func byte(_ at: Int) -> UInt8 {
        base.unsafelyUnwrapped.load(fromByteOffset: at, as: UInt8.self)
      }

      /// Reads a varint; nil when the bytes end first.
      @inline(__always) private mutating func varint() -> UInt64? {
        // Up to 8 bytes at once when 8 remain: find the last byte (the first without the
        // continuation bit), then gather the 7-bit groups in three steps, without a loop.
        if end - o >= 8 {
          let w = UInt64(
            littleEndian: base.unsafelyUnwrapped.loadUnaligned(fromByteOffset: o, as: UInt64.self))
          if w & 0x80 == 0 {
            o &+= 1
            return w & 0x7F
          }
          if w & 0x8000 == 0 {
            o &+= 2
            return (w & 0x7F) | ((w & 0x7F00) &>> 1)
          }
          let stops = ~w & 0x8080_8080_8080_8080
          if stops != 0 {
            let bits = stops.trailingZeroBitCount &+ 1
            o &+= bits &>> 3
            var x = w & 0x7F7F_7F7F_7F7F_7F7F & (UInt64.max &>> UInt64(64 - bits))
            x = (x & 0x007F_007F_007F_007F) | ((x & 0x7F00_7F00_7F00_7F00) &>> 1)
            x = (x & 0x0000_3FFF_0000_3FFF) | ((x & 0x3FFF_0000_3FFF_0000) &>> 2)
            x = (x & 0x0000_0000_0FFF_FFFF) | ((x & 0x0FFF_FFFF_0000_0000) &>> 4)
            return x
          }
        }
        var shift: UInt64 = 0
        var v: UInt64 = 0
        while o < end {
          let x = byte(o)
          o += 1
          v |= UInt64(x & 0x7F) &<< shift
          if x < 0x80 { return v }
          shift += 7
        }
        return nil
      }

      /// Reads 8 bytes as a double; nil when the bytes end first.
      @inline(__always) private mutating func double() -> Double? {
        guard end - o >= 8 else { return nil }
        let bits = base.unsafelyUnwrapped.loadUnaligned(fromByteOffset: o, as: UInt64.self)
        o += 8
        return Double(bitPattern: UInt64(littleEndian: bits))
      }

      /// Advances to the next entry; false at the end of the bytes, or at damaged bytes
      /// (`isMalformed`).
      @inline(__always) mutating func next() -> Bool {
        guard o < end else { return false }
        if read() { return true }
        isMalformed = true
        o = end
        return false
      }

      @inline(__always) private mutating func read() -> Bool {
        let flags = byte(o)
        o += 1
        guard let db = varint() else { return false }
        b = b &+ Int64(bitPattern: db)
        count = 1
        if flags & 0x08 != 0 {
          guard let c = varint() else { return false }
          count = Int64(bitPattern: c)
        }
        switch flags & 0x30 {
        case 0:
          first = TieColumns.none
          last = TieColumns.none
        case 0x10, 0x20:
          guard let zigzag = varint() else { return false }
          first = previousFirst &+ (Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1))
          previousFirst = first
          last = first
          if flags & 0x20 != 0 {
            guard let delta = varint() else { return false }
            last = first &+ Int64(bitPattern: delta)
          }
        default:
          return false
        }
        // The top 8 − z bytes of the strength: one load of the 8 bytes that end with them
        // when as many bytes precede them, the low z bytes masked off.
        let z = Int(flags & 0x07)
        let stored = 8 - z
        guard end - o >= stored else { return false }
        var bits: UInt64
        if o >= z {
          bits = UInt64(
            littleEndian: base.unsafelyUnwrapped.loadUnaligned(
              fromByteOffset: o - z, as: UInt64.self))
          bits &= UInt64.max &<< UInt64(8 * z)
        } else {
          bits = 0
          for k in 0..<stored { bits |= UInt64(byte(o + k)) &<< UInt64(8 * (z + k)) }
        }
        o += stored
        strengthAtLast = Double(bitPattern: bits)
        peakDecaying = strengthAtLast
        if flags & 0x40 != 0 {
          guard let peak = double() else { return false }
          peakDecaying = peak
        }
        constant = 0
        if flags & 0x80 != 0 {
          guard let c = double() else { return false }
          constant = c
        }
        return true
      }
    }
  }

  /// `head` (`INSERT INTO t (a, b)`) followed by `VALUES` and `rows` groups of `width`
  /// parameters.
  static func insertSQL(_ head: String, width: Int, rows: Int) -> String {
    let values = "(" + repeatElement("?", count: width).joined(separator: ",") + ")"
    return head + " VALUES " + repeatElement(values, count: rows).joined(separator: ",")
  }

  /// Inserts `count` rows, `perStatement` per statement (one statement execution per row
  /// costs more than the row): `head` is the statement up to `VALUES` (`INSERT INTO t (a, b)`),
  /// each row has `width` values, and `bind(statement, base, row)` binds row `row`'s values
  /// to parameters `base + 1` … `base + width`.
  static func insertRows(
    _ db: Database, _ head: String, width: Int, count: Int, perStatement: Int = rowsPerInsert,
    bind: (_RawStatement, Int32, Int) -> Void
  ) throws {
    guard count > 0 else { return }
    let rows = min(count, perStatement)
    func statement(_ rows: Int) throws -> _RawStatement {
      try _RawStatement(db, insertSQL(head, width: width, rows: rows))
    }
    let full = try statement(rows)
    var start = 0
    while start < count {
      let n = min(rows, count - start)
      let insert = n == rows ? full : try statement(n)
      for r in 0..<n { bind(insert, Int32(width * r), start + r) }
      try insert.step()
      insert.resetKeepingBindings()
      start += n
    }
  }

  /// A batch of at least this many records reads every person id once instead of probing.
  static let preloadThreshold = 10_000

  /// A block grows to `maxBlock` entries, then splits into blocks of `splitBlock`.
  static let maxBlock = 512
  static let splitBlock = 256

  /// Interactions sort before explicit ties at the same second (ids are per table): an explicit
  /// tie's sequence number is its id plus this.
  static let tieSequence: Int64 = 1 << 62

  // MARK: Participants packed in the interaction row

  /// The participants column: a JSON array of store ids, e.g. `[3,17]`.
  static func packParticipants(_ participants: [Int64]) -> String {
    var text = "["
    for (k, p) in participants.enumerated() {
      if k > 0 { text += "," }
      text += String(p)
    }
    return text + "]"
  }

  /// Appends the participants column's bytes (`[3,17]`) to `out`, without a `String`.
  static func packParticipants(_ participants: some Collection<Int64>, into out: inout [UInt8]) {
    Participations.appendIDs(
      participants, to: &out, prefix: UInt8(ascii: "["), suffix: UInt8(ascii: "]"))
  }

  /// Each interaction kind's raw value as UTF-8, by `InteractionKind.ordinal`, in memory that
  /// lives as long as the process: SQLite can be given it without a copy (`staticText`).
  /// Written once, before any reader can see it, and never again: safe to share.
  nonisolated(unsafe) static let kindUTF8: [UnsafeRawBufferPointer] = InteractionKind.allCases.map {
    kind in
    let bytes = Array(kind.rawValue.utf8)
    let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
    bytes.withUnsafeBytes { storage.copyMemory(from: $0) }
    return UnsafeRawBufferPointer(storage)
  }

  /// The participants column (`[3,17]`) of a row read as text.
  static func participants(_ column: String) -> [Int64] {
    var text = column
    var out: [Int64] = []
    text.withUTF8 { parseParticipants(UnsafeRawBufferPointer($0), into: &out) }
    return out
  }

  /// Parses the participants column (`[3,17]`) into `out`, replacing its contents.
  static func parseParticipants(_ bytes: UnsafeRawBufferPointer, into out: inout [Int64]) {
    out.removeAll(keepingCapacity: true)
    var value: Int64 = 0
    var negative = false
    var inNumber = false
    for byte in bytes {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        value = value &* 10 &+ Int64(byte &- UInt8(ascii: "0"))
        inNumber = true
      case UInt8(ascii: "-"):
        negative = true
      default:
        if inNumber { out.append(negative ? 0 &- value : value) }
        value = 0
        negative = false
        inNumber = false
      }
    }
    if inNumber { out.append(negative ? 0 &- value : value) }
  }

  // MARK: Batches

  /// Pending changes inside one write transaction: participant and source rows, and ledger
  /// events.
  struct Batch {
    let settings: DecaySettings
    /// Each kind's weight, by `InteractionKind.ordinal`: `settings.weights` is a dictionary,
    /// and hashing the kind cost more than the rest of adding an interaction's pairs.
    private let kindWeights: [Double]
    // Dated events, in the order they were added.
    private var eventA: [Int64] = []
    private var eventB: [Int64] = []
    /// Time, sequence and weight together: the merge reads them in pair order, through a
    /// permutation, and one record costs one cache miss where three columns cost three.
    private var eventData: [Event] = []
    // Undated explicit ties.
    private var constantA: [Int64] = []
    private var constantB: [Int64] = []
    private var constantWeight: [Double] = []
    // Participations, appended to each person's blocks in (person, interaction) order at
    // flush.
    private var participantPerson: [Int64] = []
    private var participantInteraction: [Int64] = []
    /// The latest time of the interactions added, `Int64.min` when none.
    private var latestTime = Int64.min
    /// The sort started by `sortInBackground`, if any.
    private var background: _Background<Sorted>? = nil
    /// People already known to exist in this transaction: a bit per id for ids below
    /// `knownBitsLimit` (a set's hashing misses the cache on every look-up), else the set.
    private var knownPeople: Set<Int64> = []
    private var knownBits: [UInt64] = []
    /// Whether every stored person is marked known (`preloadPeople`).
    private(set) var preloaded = false
    private static let knownBitsLimit: Int64 = 1 << 26
    private var personExists: _RawStatement? = nil
    /// The statement of the single interaction insert, prepared on first use.
    var rawInteraction: _RawStatement? = nil
    /// The statements of the source blocks, prepared on first use (`sourceBlocks(_:)`).
    private var sourceAccess: SourceBlocks.Access? = nil
    /// For a batch that starts from a store holding no interaction (a restore), the records
    /// with a source written so far, by source and source id: a repeat is found here, and the
    /// source entries are written in key order at flush (through `rows`), not one block write
    /// per record. Nil otherwise: the stored blocks are the index.
    var sourcesInMemory: SourcesInMemory? = nil
    /// What writing interaction rows needs, and the source entries they produce
    /// (`SourceBlocks`), written in key order at flush.
    var rows = _InteractionRowScratch()

    init(settings: DecaySettings) {
      self.settings = settings
      kindWeights = settings.weightsByOrdinal
    }

    /// Throws unless every id names a stored person: the hot tables keep no foreign keys on
    /// their person columns (see migration v4), so the store checks here.
    mutating func requirePeople(_ ids: [Int64], field: String, _ db: Database) throws {
      for id in ids where !isKnown(id) {
        if personExists == nil {
          personExists = try _RawStatement(db, "SELECT 1 FROM person WHERE id = ?")
        }
        guard let statement = personExists else { return }
        statement.bind(1, id)
        let found = try statement.step()
        statement.reset()
        guard found else {
          throw InvalidRecord(field: field, message: "person #\(id) does not exist")
        }
        markKnown(id)
      }
    }

    /// `requirePeople` without a query, for a batch whose stored people are preloaded
    /// (`preloadPeople`) and that has added no person since: an id not preloaded names nobody.
    func requirePreloadedPeople(_ ids: some Sequence<Int64>, field: String) throws {
      precondition(preloaded, "people are preloaded")
      for id in ids where !isKnown(id) {
        throw InvalidRecord(field: field, message: "person #\(id) does not exist")
      }
    }

    @inline(__always) private func isKnown(_ id: Int64) -> Bool {
      if id >= 0 && id < Self.knownBitsLimit {
        let word = Int(id >> 6)
        return word < knownBits.count && knownBits[word] & (1 << UInt64(id & 63)) != 0
      }
      return knownPeople.contains(id)
    }

    private mutating func markKnown(_ id: Int64) {
      if id >= 0 && id < Self.knownBitsLimit {
        let word = Int(id >> 6)
        if word >= knownBits.count {
          knownBits.append(contentsOf: repeatElement(0, count: word + 1 - knownBits.count))
        }
        knownBits[word] |= 1 << UInt64(id & 63)
      } else {
        knownPeople.insert(id)
      }
    }

    /// Reserves room for `interactions` more interactions of about 2–3 participants.
    mutating func reserveCapacity(interactions: Int) {
      participantPerson.reserveCapacity(participantPerson.count + 3 * interactions)
      participantInteraction.reserveCapacity(participantInteraction.count + 3 * interactions)
      eventA.reserveCapacity(eventA.count + 2 * interactions)
      eventB.reserveCapacity(eventB.count + 2 * interactions)
      eventData.reserveCapacity(eventData.count + 2 * interactions)
    }

    /// Marks every stored person as known, so that `requirePeople` needs no query: for large
    /// batches, where one scan of the person table costs less than a probe per person.
    /// - Complexity: O(n) for n people.
    mutating func preloadPeople(_ db: Database) throws {
      let scan = try _RawStatement(db, "SELECT id FROM person")
      while try scan.step() { markKnown(scan.int64(0)) }
      scan.reset()
      preloaded = true
    }

    /// Adds a dated event for one pair; `sequence` orders events of the same second.
    mutating func add(_ key: Key, time: Int64, weight: Double, sequence: Int64) {
      eventA.append(key.a)
      eventB.append(key.b)
      eventData.append(Event(time: time, sequence: sequence, weight: weight))
    }

    mutating func addConstant(_ key: Key, weight: Double) {
      constantA.append(key.a)
      constantB.append(key.b)
      constantWeight.append(weight)
    }

    /// Adds every pair of an interaction's participants, weighted for `participantCount`.
    mutating func addPairs<Participants: RandomAccessCollection<Int64>>(
      of participants: Participants, id: Int64, time: Int64, kind: InteractionKind,
      participantCount: Int
    ) where Participants.Index == Int {
      // `settings.pairWeight(kind, participants:)`, the same expression.
      let w = DecaySettings.pairWeight(kindWeights[kind.ordinal], participants: participantCount)
      for i in participants.indices {
        for j in (i + 1)..<participants.endIndex {
          add(Key(participants[i], participants[j]), time: time, weight: w, sequence: id)
        }
      }
    }

    /// Adds a stored interaction: its participations and its pairs, weighted for
    /// `participantCount`, how many people took part (`Interaction.peopleWhoTookPart`): the
    /// count stored with its row, which callers give rather than the participants named here.
    mutating func add<Participants: RandomAccessCollection<Int64>>(
      interaction participants: Participants, id: Int64, time: Int64, kind: InteractionKind,
      participantCount: Int
    ) where Participants.Index == Int {
      for person in participants {
        participantPerson.append(person)
        participantInteraction.append(id)
      }
      latestTime = max(latestTime, time)
      addPairs(of: participants, id: id, time: time, kind: kind, participantCount: participantCount)
    }

    /// The source blocks, through statements prepared once for the batch.
    mutating func sourceBlocks(_ db: Database) throws -> SourceBlocks.Access {
      if let sourceAccess { return sourceAccess }
      let access = try SourceBlocks.Access(db)
      sourceAccess = access
      return access
    }

    /// Writes the participations and source rows and the latest interaction time, then
    /// merges the events into the ledger.
    func flush(_ db: Database) throws {
      // The background sort serves only if nothing was added after it started.
      let sorted =
        background.map { $0.value() }.flatMap {
          $0.person.count == participantPerson.count && $0.eventA.count == eventA.count
            ? $0 : nil
        } ?? Sorted(participantPerson, participantInteraction, eventA, eventB, eventData)
      // Each person's new ids, ascending, go to their blocks.
      try Participations.append(person: sorted.person, interaction: sorted.interaction, db)
      try writeSources(db)
      if latestTime > Int64.min { try Ledger.raiseLatestInteractionTime(to: latestTime, db) }
      try mergeLedger(sorted, db)
    }

    /// Starts sorting the participations and events added so far on another thread, for a
    /// caller that has added everything and writes the interaction rows meanwhile; `flush`
    /// waits for it (and sorts again if more was added since).
    mutating func sortInBackground() {
      let (person, interaction) = (participantPerson, participantInteraction)
      let (a, b, data) = (eventA, eventB, eventData)
      background = _Background { Sorted(person, interaction, a, b, data) }
    }

    /// Adds the source entries of the interactions written to their blocks, sorted by key
    /// (`SourceBlocks`): digests arrive in random order.
    private func writeSources(_ db: Database) throws {
      let sourceKeys = rows.sourceKeys
      let sourceInteractions = rows.sourceInteractions
      let n = sourceKeys.count
      guard n > 0 else { return }
      // Signed keys in unsigned order: flip the sign bit. The sort is stable, and the ids of
      // one key were added in ascending order, as the blocks keep them.
      let (order, _) = RadixSort.sorted(sourceKeys.map { UInt64(bitPattern: $0) ^ (1 << 63) })
      var entries: [SourceBlocks.Entry] = []
      entries.reserveCapacity(n)
      for k in order {
        entries.append(SourceBlocks.Entry(key: sourceKeys[Int(k)], id: sourceInteractions[Int(k)]))
      }
      try (sourceAccess ?? SourceBlocks.Access(db)).insert(entries)
    }

    /// Merges the events into the stored ledger, pair by pair in (a, b) order.
    private func mergeLedger(_ pending: Sorted, _ db: Database) throws {
      if eventA.isEmpty && constantA.isEmpty { return }
      let h = settings.halfLifeSeconds
      let n = pending.eventA.count
      let sortedA = pending.eventA
      let sortedB = pending.eventB
      let sorted = pending.events
      let constants = Ledger.pairOrder(constantA, constantB)
      var writer = try BlockWriter(db)
      var recomputer: Recomputer? = nil
      var e = 0
      var c = 0
      while e < n || c < constants.count {
        // The next pair in (a, b) order.
        var key: Key
        if e < n {
          key = Key(sortedA[e], sortedB[e])
          if c < constants.count {
            let j = Int(constants[c])
            if (constantA[j], constantB[j]) < (key.a, key.b) {
              key = Key(constantA[j], constantB[j])
            }
          }
        } else {
          let j = Int(constants[c])
          key = Key(constantA[j], constantB[j])
        }
        var eventEnd = e
        while eventEnd < n, sortedA[eventEnd] == key.a, sortedB[eventEnd] == key.b {
          eventEnd += 1
        }
        var constantEnd = c
        while constantEnd < constants.count, constantA[Int(constants[constantEnd])] == key.a,
          constantB[Int(constants[constantEnd])] == key.b
        {
          constantEnd += 1
        }
        let stored = try writer.entry(key)
        var acc: TieAccumulator
        if let stored, let last = stored.last, e < eventEnd, sorted[e].time < last {
          // A back-dated event: recompute the pair from everything stored (this batch's rows
          // are already written).
          let pairs = try recomputer ?? Recomputer(settings: settings, db)
          recomputer = pairs
          acc = try pairs.recompute(key, db)
        } else {
          acc = stored ?? TieAccumulator()
          for k in e..<eventEnd {
            acc.add(time: sorted[k].time, weight: sorted[k].weight, halfLifeSeconds: h)
          }
          for k in c..<constantEnd { acc.addConstant(constantWeight[Int(constants[k])]) }
        }
        try writer.set(key, acc)
        e = eventEnd
        c = constantEnd
      }
      try writer.finish()
    }
  }

  /// A batch's participations and dated events in key order, as its flush writes them.
  struct Sorted {
    /// Participations in (person, interaction) order.
    var person: [Int64]
    var interaction: [Int64]
    /// Events in (a, b) order, and within a pair in (time, sequence) order.
    var eventA: [Int64]
    var eventB: [Int64]
    var events: [Event]

    init(
      _ person: [Int64], _ interaction: [Int64], _ a: [Int64], _ b: [Int64], _ data: [Event]
    ) {
      (self.person, self.interaction, _) = Ledger.sortedPairs(person, interaction)
      // The events in pair order, gathered once into sorted columns that the merge reads
      // sequentially.
      let order: [UInt32]
      (eventA, eventB, order) = Ledger.sortedPairs(a, b)
      var sorted = order.map { data[Int($0)] }
      // Within a pair, events in (time, sequence) order; the radix sort kept insertion order,
      // which usually is that order already.
      let n = sorted.count
      var start = 0
      while start < n {
        var end = start + 1
        var ordered = true
        while end < n, eventA[end] == eventA[start], eventB[end] == eventB[start] {
          if sorted[end].precedes(sorted[end - 1]) { ordered = false }
          end += 1
        }
        if !ordered { sorted[start..<end].sort { $0.precedes($1) } }
        start = end
      }
      events = sorted
    }
  }

  /// One dated event of a pair: events of one pair are ordered by (time, sequence).
  struct Event {
    var time: Int64
    var sequence: Int64
    var weight: Double

    func precedes(_ other: Event) -> Bool { (time, sequence) < (other.time, other.sequence) }
  }

  /// The stable order of pairs (x, y) by x then y: a radix sort on packed keys when every value
  /// fits in 32 bits (store ids do in practice), else a comparison sort.
  static func pairOrder(_ x: [Int64], _ y: [Int64]) -> [UInt32] {
    if let keys = packedPairs(x, y) { return RadixSort.stableOrder(keys) }
    return (0..<UInt32(x.count)).sorted {
      (x[Int($0)], y[Int($0)], $0) < (x[Int($1)], y[Int($1)], $1)
    }
  }

  /// The pairs (x[i], y[i]) in ascending order, stably: the two sorted columns, and the
  /// permutation that sorts them, through which a caller gathers the rest of each row. When
  /// the pairs pack into 64-bit keys the columns come straight from the sorted keys, so only
  /// the caller's other columns are read through the permutation (each such read may miss
  /// the cache).
  static func sortedPairs(_ x: [Int64], _ y: [Int64]) -> (x: [Int64], y: [Int64], order: [UInt32]) {
    if let keys = packedPairs(x, y) {
      let (order, sorted) = RadixSort.sorted(keys)
      return (sorted.map { Int64($0 >> 32) }, sorted.map { Int64($0 & 0xFFFF_FFFF) }, order)
    }
    let order = pairOrder(x, y)
    return (order.map { x[Int($0)] }, order.map { y[Int($0)] }, order)
  }

  /// The pairs as keys `x << 32 | y`, or nil when a value does not fit in 32 bits.
  static func packedPairs(_ x: [Int64], _ y: [Int64]) -> [UInt64]? {
    let n = x.count
    var keys: [UInt64] = []
    keys.reserveCapacity(n)
    for i in 0..<n {
      let u = x[i]
      let v = y[i]
      if u < 0 || v < 0 || u > Int64(UInt32.max) || v > Int64(UInt32.max) { return nil }
      keys.append(UInt64(u) << 32 | UInt64(v))
    }
    return keys
  }

  /// Rows per multi-row INSERT in the bulk paths (3 parameters each: well under SQLite's
  /// limit of 32,766 parameters).
  static let rowsPerInsert = 512

  /// Interaction rows per multi-row INSERT (up to 11 parameters each). 128 rather than 32: fewer
  /// statement executions per row (about 10% more interactions per CPU second in benchmark 1,
  /// within the noise of this machine's samples).
  static let interactionRowsPerInsert = 128

  /// Reads and rewrites ledger blocks for pairs visited in (a, b) order.
  struct BlockWriter {
    private let listBlocks: _RawStatement
    private let readBlock: _RawStatement
    private let insertBlock: _RawStatement
    private let updateBlock: _RawStatement
    /// The lower endpoint whose blocks are loaded.
    private var a: Int64? = nil
    /// Its blocks, by ascending `lo`: row id, and the entries once read.
    private var blockIDs: [Int64] = []
    private var blockLo: [Int64] = []
    private var entries: [[Entry]?] = []
    private var dirty: Set<Int> = []
    /// Entries for an `a` that had no block.
    private var fresh: [Entry] = []
    /// Packs a block's entries into its BLOB.
    private let encode: (ArraySlice<Entry>) -> [UInt8]

    /// A writer of blocks packed by `encode` (migration v4 writes the records of its time).
    init(_ db: Database, encode: @escaping (ArraySlice<Entry>) -> [UInt8] = Entry.encode) throws {
      self.encode = encode
      listBlocks = try _RawStatement(
        db, "SELECT id, lo FROM tie_ledger_block WHERE a = ? ORDER BY lo")
      readBlock = try _RawStatement(db, "SELECT data FROM tie_ledger_block WHERE id = ?")
      insertBlock = try _RawStatement(
        db, "INSERT INTO tie_ledger_block (a, lo, n, data) VALUES (?, ?, ?, ?)")
      updateBlock = try _RawStatement(
        db, "UPDATE tie_ledger_block SET lo = ?, n = ?, data = ? WHERE id = ?")
    }

    /// The block that holds (or would hold) `b`: the last with lo ≤ b, else the first.
    private func blockIndex(_ b: Int64) -> Int {
      var lo = 0
      var hi = blockLo.count
      while lo < hi {
        let mid = (lo + hi) / 2
        if blockLo[mid] <= b { lo = mid + 1 } else { hi = mid }
      }
      return max(lo - 1, 0)
    }

    private mutating func load(_ a: Int64) throws {
      if self.a == a { return }
      try finish()
      self.a = a
      listBlocks.bind(1, a)
      while try listBlocks.step() {
        blockIDs.append(listBlocks.int64(0))
        blockLo.append(listBlocks.int64(1))
      }
      listBlocks.reset()
      entries = Array(repeating: nil, count: blockIDs.count)
    }

    private mutating func block(_ k: Int) throws -> [Entry] {
      if let loaded = entries[k] { return loaded }
      readBlock.bind(1, blockIDs[k])
      var decoded: [Entry] = []
      if try readBlock.step() { decoded = try Entry.decode(readBlock.bytes(0)) }
      readBlock.reset()
      entries[k] = decoded
      return decoded
    }

    private static func search(_ list: [Entry], _ b: Int64) -> Int {
      var lo = 0
      var hi = list.count
      while lo < hi {
        let mid = (lo + hi) / 2
        if list[mid].b < b { lo = mid + 1 } else { hi = mid }
      }
      return lo
    }

    /// The stored aggregate of `key`, if any.
    mutating func entry(_ key: Key) throws -> TieAccumulator? {
      try load(key.a)
      if blockIDs.isEmpty {
        return nil
      }
      let list = try block(blockIndex(key.b))
      let k = Self.search(list, key.b)
      return k < list.count && list[k].b == key.b ? list[k].acc : nil
    }

    /// Stores the aggregate of `key` (pairs must come in (a, b) order within one `a`).
    mutating func set(_ key: Key, _ acc: TieAccumulator) throws {
      try load(key.a)
      if blockIDs.isEmpty {
        fresh.append(Entry(b: key.b, acc: acc))
        return
      }
      let j = blockIndex(key.b)
      var list = try block(j)
      entries[j] = nil  // drop the reference so the edit below does not copy
      let k = Self.search(list, key.b)
      if k < list.count && list[k].b == key.b {
        list[k].acc = acc
      } else {
        list.insert(Entry(b: key.b, acc: acc), at: k)
      }
      entries[j] = list
      dirty.insert(j)
    }

    /// Writes the blocks changed for the current `a`.
    mutating func finish() throws {
      defer {
        a = nil
        blockIDs.removeAll(keepingCapacity: true)
        blockLo.removeAll(keepingCapacity: true)
        entries.removeAll(keepingCapacity: true)
        dirty.removeAll(keepingCapacity: true)
        fresh.removeAll(keepingCapacity: true)
      }
      guard let a else { return }
      if !fresh.isEmpty {
        try insert(a, fresh[...])
      }
      for j in dirty.sorted() {
        guard let list = entries[j], !list.isEmpty else { continue }
        let head = list.count > Ledger.maxBlock ? Ledger.splitBlock : list.count
        try write(blockIDs[j], list[0..<head])
        if head < list.count { try insert(a, list[head...]) }
      }
    }

    /// Inserts `list` as new blocks of at most `splitBlock` entries (or one block up to
    /// `maxBlock`).
    private func insert(_ a: Int64, _ list: ArraySlice<Entry>) throws {
      var start = list.startIndex
      while start < list.endIndex {
        let end =
          list.endIndex - start <= Ledger.maxBlock
          ? list.endIndex : start + Ledger.splitBlock
        let data = encode(list[start..<end])
        insertBlock.bind(1, a)
        insertBlock.bind(2, list[start].b)
        insertBlock.bind(3, Int64(end - start))
        data.withUnsafeBytes { insertBlock.bind(4, blob: $0) }
        try insertBlock.step()
        insertBlock.reset()
        start = end
      }
    }

    private func write(_ id: Int64, _ list: ArraySlice<Entry>) throws {
      let data = encode(list)
      updateBlock.bind(1, list[list.startIndex].b)
      updateBlock.bind(2, Int64(list.count))
      data.withUnsafeBytes { updateBlock.bind(3, blob: $0) }
      updateBlock.bind(4, id)
      try updateBlock.step()
      updateBlock.reset()
    }
  }

  // MARK: Recomputation

  /// Recomputes pairs from their stored interactions and explicit ties, in time order.
  ///
  /// A back-dated group meeting of n people makes n(n − 1)/2 pairs to recompute, and each
  /// person often belongs to many of them (you, to every one): each person's interaction ids
  /// are read once, and each interaction once, for all the pairs a batch recomputes. (One
  /// query per pair read both people's whole lists: a meeting of 300 people back-dated in a
  /// store of 200k interactions took 13 s.)
  final class Recomputer {
    let settings: DecaySettings
    /// Each person's interaction ids, ascending, as read so far.
    private var ids: [Int64: [Int64]] = [:]
    /// Each interaction read so far: its time and pair weight, nil when it is gone (a
    /// participation block may briefly name a deleted interaction).
    private var events: [Int64: (time: Int64, weight: Double)?] = [:]
    private let readInteraction: _RawStatement
    private let readTies: _RawStatement

    init(settings: DecaySettings, _ db: Database) throws {
      self.settings = settings
      readInteraction = try _RawStatement(
        db,
        """
        SELECT time, kind, participant_count, json_array_length(participants) FROM interaction
        WHERE id = ?
        """)
      readTies = try _RawStatement(
        db,
        "SELECT id, weight, time FROM explicit_tie WHERE a_id = ?1 AND b_id = ?2 OR a_id = ?2 AND b_id = ?1"
      )
    }

    /// The pair's aggregate from everything stored.
    func recompute(_ key: Key, _ db: Database) throws -> TieAccumulator {
      var pairEvents: [(time: Int64, id: Int64, weight: Double)] = []
      for id in Ledger.commonIDs(try ids(of: key.a, db), try ids(of: key.b, db)) {
        if let event = try event(id) { pairEvents.append((event.time, id, event.weight)) }
      }
      var acc = TieAccumulator()
      readTies.bind(1, key.a)
      readTies.bind(2, key.b)
      while try readTies.step() {
        if readTies.isNull(2) {
          acc.addConstant(readTies.double(1))
        } else {
          pairEvents.append(
            (readTies.int64(2), tieSequence + readTies.int64(0), readTies.double(1)))
        }
      }
      readTies.reset()
      pairEvents.sort { ($0.time, $0.id) < ($1.time, $1.id) }
      for e in pairEvents {
        acc.add(time: e.time, weight: e.weight, halfLifeSeconds: settings.halfLifeSeconds)
      }
      return acc
    }

    private func ids(of person: Int64, _ db: Database) throws -> [Int64] {
      if let known = ids[person] { return known }
      var list: [Int64] = []
      try Participations.readIDs(of: person, into: &list, db)
      ids[person] = list
      return list
    }

    private func event(_ id: Int64) throws -> (time: Int64, weight: Double)? {
      if let known = events[id] { return known }
      readInteraction.bind(1, id)
      var event: (time: Int64, weight: Double)? = nil
      if try readInteraction.step() {
        let kind = InteractionKind(rawValue: readInteraction.text(1) ?? "") ?? .other
        event = (
          readInteraction.int64(0),
          settings.pairWeight(
            kind,
            participants: Interaction.peopleWhoTookPart(
              named: Int(readInteraction.int64(3)), recorded: Int(readInteraction.int64(2))))
        )
      }
      readInteraction.reset()
      events[id] = event
      return event
    }
  }

  /// The ids in both ascending lists, ascending and distinct: each id of the shorter list looked
  /// up in the longer one by a binary search from where the previous one was found.
  /// - Complexity: O(m log n) for lists of m ≤ n ids.
  static func commonIDs(_ x: [Int64], _ y: [Int64]) -> [Int64] {
    let (short, long) = x.count <= y.count ? (x, y) : (y, x)
    var common: [Int64] = []
    var from = 0
    for id in short {
      var lo = from
      var hi = long.count
      while lo < hi {
        let mid = (lo + hi) / 2
        if long[mid] < id { lo = mid + 1 } else { hi = mid }
      }
      if lo == long.count { break }
      // Each id once, as SQL's INTERSECT gave them.
      if long[lo] == id && common.last != id { common.append(id) }
      from = lo
    }
    return common
  }

  /// Rebuilds everything derived from the interactions and explicit ties: the whole ledger,
  /// and unless `ledgerOnly` (after a change of settings, or for a database of a schema before
  /// v6), the participation blocks, the source blocks and the latest interaction time.
  /// - Complexity: O(E + P) for E pair events and P participations (one scan of each table
  ///   and radix sorts), O(E + P) memory.
  static func rebuild(_ db: Database, ledgerOnly: Bool = false) throws {
    let settings = try KithStore.decaySettings(db)
    try db.execute(sql: "DELETE FROM tie_ledger_block")
    if !ledgerOnly {
      try SourceBlocks.rebuild(db)
      try db.execute(sql: "DELETE FROM participation_block")
      try db.execute(
        sql: "DELETE FROM meta WHERE key = ?", arguments: [latestInteractionTimeKey])
    }
    var batch = Batch(settings: settings)
    let scan = try _RawStatement(
      db, "SELECT id, time, kind, participant_count, participants FROM interaction")
    var participants: [Int64] = []
    while try scan.step() {
      let kind = InteractionKind(rawValue: scan.text(2) ?? "") ?? .other
      parseParticipants(scan.bytes(4), into: &participants)
      let tookPart = Interaction.peopleWhoTookPart(
        named: participants.count, recorded: Int(scan.int64(3)))
      if ledgerOnly {
        batch.addPairs(
          of: participants, id: scan.int64(0), time: scan.int64(1), kind: kind,
          participantCount: tookPart)
      } else {
        batch.add(
          interaction: participants, id: scan.int64(0), time: scan.int64(1), kind: kind,
          participantCount: tookPart)
      }
    }
    scan.reset()
    for row in try Row.fetchAll(db, sql: "SELECT id, a_id, b_id, weight, time FROM explicit_tie") {
      let key = Key(row["a_id"], row["b_id"])
      if let time: Int64 = row["time"] {
        batch.add(key, time: time, weight: row["weight"], sequence: tieSequence + row["id"])
      } else {
        batch.addConstant(key, weight: row["weight"])
      }
    }
    try batch.flush(db)
  }

  // MARK: The latest interaction time

  /// The `meta` key of the latest interaction time (migration v6): every snapshot asks for it,
  /// and an index on `interaction.time` to answer it cost every inserted interaction a B-tree
  /// insert. Writers raise it; `rebuild` sets it exactly.
  static let latestInteractionTimeKey = "latest-interaction-time"

  /// Raises the stored latest interaction time to `time` if it is later.
  static func raiseLatestInteractionTime(to time: Int64, _ db: Database) throws {
    try db.execute(
      sql: """
        INSERT INTO meta (key, value) VALUES (?1, CAST(?2 AS TEXT))
        ON CONFLICT (key) DO UPDATE SET value = CAST(?2 AS TEXT)
          WHERE CAST(value AS INTEGER) < ?2
        """, arguments: [latestInteractionTimeKey, time])
  }

  /// The latest interaction time, or nil when there is no interaction.
  static func latestInteractionTime(_ db: Database) throws -> Int64? {
    try Int64.fetchOne(
      db, sql: "SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?",
      arguments: [latestInteractionTimeKey])
  }
}
