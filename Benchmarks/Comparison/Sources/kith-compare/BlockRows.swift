import CBytes
import KithGraph

/// The generated layout's rows ("time,kind,a,b,initiator", plain digits, LF) a block of the file
/// at a time, in two stages, as SIMD JSON parsers do: first the places of every comma and
/// newline of up to 64 KB (sixteen bytes at a time, a bit per byte, the bits' places written
/// without a branch per place), then every row from its five delimiters, each field read from
/// the 8-byte word that ends at its delimiter, without a branch per field or per digit. A row it
/// does not take (any other layout, a quote, a CR, an unknown id, an empty id, more than 8 digits
/// in an id or 16 in a time) stops it: the caller's row parsers read that row and report what is
/// wrong, and the block parser starts again after it.
struct BlockRows {
  /// The chunks grow from 1 KB to 64 KB while every row is taken: a row the block parser does
  /// not take costs at most the current chunk's first stage.
  static let firstChunkBytes = 1 << 10
  static let chunkBytes = 1 << 16

  /// The delimiters' places in the chunk (and 64 entries of slack for the unconditional writes).
  private let places: UnsafeMutablePointer<Int32>
  /// The kind words by slot (see `slot`), their lengths (-1 for an empty slot: a word alone
  /// cannot tell a word from the same word and a NUL byte) and their kind indices.
  private let kindWords: UnsafeMutablePointer<UInt64>
  private let kindLengths: UnsafeMutablePointer<Int>
  private let kindIndices: UnsafeMutablePointer<UInt8>
  private let multiplier: UInt64

  init() {
    places = .allocate(capacity: Self.chunkBytes + 64)
    kindWords = .allocate(capacity: 16)
    kindWords.initialize(repeating: 0, count: 16)
    kindLengths = .allocate(capacity: 16)
    kindLengths.initialize(repeating: -1, count: 16)
    kindIndices = .allocate(capacity: 16)
    kindIndices.initialize(repeating: 0, count: 16)
    // The first odd multiplier of a fixed sequence that gives each kind word its own slot.
    let words = InteractionColumns.kindBytes.map { $0.withUnsafeBufferPointer(word(of:)) }
    var m: UInt64 = 0x9E37_79B9_7F4A_7C15
    while Set(words.map { Self.slot($0, m) }).count < words.count {
      m = (m &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407) | 1
    }
    multiplier = m
    for (k, word) in words.enumerated() {
      kindWords[Self.slot(word, m)] = word
      kindLengths[Self.slot(word, m)] = InteractionColumns.kindBytes[k].count
      kindIndices[Self.slot(word, m)] = UInt8(k)
    }
  }

  func deallocate() {
    places.deallocate()
    kindWords.deallocate()
    kindLengths.deallocate()
    kindIndices.deallocate()
  }

  @inline(__always) static func slot(_ word: UInt64, _ multiplier: UInt64) -> Int {
    Int(truncatingIfNeeded: (word &* multiplier) >> 60)
  }

  /// The kind index of the `length` bytes read as `word` (`word(of:)`), nil for none.
  @inline(__always) func kind(_ word: UInt64, length: Int) -> UInt8? {
    let slot = Self.slot(word, multiplier)
    return kindWords[slot] == word && kindLengths[slot] == length ? kindIndices[slot] : nil
  }

  /// The value of the ASCII digits in the top `count` (0...8) bytes of `word` (the first digit
  /// in the lowest of them), the bytes below ignored; and a non-zero flag unless all are digits.
  @inline(__always)
  static func digits(_ word: UInt64, _ count: Int) -> (UInt64, UInt64) {
    // '0'...'9' → 0...9; any other byte → not below 10.
    var x = word ^ 0x3030_3030_3030_3030
    let drop = UInt64(truncatingIfNeeded: 8 &- count) &* 8
    x = count == 0 ? 0 : (x &>> drop) &<< drop
    let bad = ((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7676_7676_7676_7676 | x) & 0x8080_8080_8080_8080
    // Pairs, quadruples, then the eight digits (the lowest byte is the most significant digit).
    x = (x &* 2561) &>> 8
    x = ((x & 0x00FF_00FF_00FF_00FF) &* 6_553_601) &>> 16
    x = ((x & 0x0000_FFFF_0000_FFFF) &* 42_949_672_960_001) &>> 32
    return (x, bad)
  }

  @inline(__always) static func flag(_ condition: Bool) -> UInt64 { condition ? 1 : 0 }

  /// Parses rows from `start` (at least 16 bytes into the file) while they have the layout;
  /// returns where the first row it did not take starts (or where fewer than 16 bytes are left)
  /// and how many rows it took.
  func parse(
    from start: UnsafeMutablePointer<UInt8>, end: UnsafeMutablePointer<UInt8>,
    lookup: UnsafeBufferPointer<Int32>, out: RowSinks, weights: UnsafePointer<Double>,
    pairRows: inout Int, egoRows: inout Int, maxTime: inout Int64
  ) -> (UnsafeMutablePointer<UInt8>, Int) {
    var p = start
    var rows = 0
    var pairs = pairRows
    var egos = egoRows
    var top = maxTime
    let people = UInt64(lookup.count)
    let lookup = lookup.baseAddress.unsafelyUnwrapped
    var chunk = Self.firstChunkBytes
    chunks: while end - p >= 16 {
      // Stage 1: the places of the commas and newlines of whole 16-byte blocks, 64 bytes at a
      // time where there are 64 (sixteen places written for each, the count advanced by the
      // bits set; a rare block with more than sixteen writes the rest one by one).
      let limit = min(end - p, chunk) & ~15
      chunk = min(2 * chunk, Self.chunkBytes)
      var n = 0
      var q = 0
      while q < limit {
        var m: UInt64
        let width: Int
        if limit - q >= 64 {
          m =
            UInt64(kith_delimiters16(p + q)) | UInt64(kith_delimiters16(p + q + 16)) << 16
            | UInt64(kith_delimiters16(p + q + 32)) << 32 | UInt64(kith_delimiters16(p + q + 48)) << 48
          width = 64
        } else {
          m = UInt64(kith_delimiters16(p + q))
          width = 16
        }
        let count = m.nonzeroBitCount
        let base = Int32(truncatingIfNeeded: q)
        for j in 0..<16 {
          places[n + j] = base &+ Int32(truncatingIfNeeded: m.trailingZeroBitCount)
          m &= m &- 1
        }
        var j = 16
        while m != 0 {
          places[n + j] = base &+ Int32(truncatingIfNeeded: m.trailingZeroBitCount)
          m &= m &- 1
          j += 1
        }
        n += count
        q += width
      }
      // Stage 2: every whole row of the chunk.
      var s = 0
      var i = 0
      while i + 5 <= n {
        let d0 = Int(places[i])
        let d1 = Int(places[i + 1])
        let d2 = Int(places[i + 2])
        let d3 = Int(places[i + 3])
        let d4 = Int(places[i + 4])
        @inline(__always) func word(endingAt e: Int) -> UInt64 {
          UnsafeRawPointer(p + e - 8).loadUnaligned(as: UInt64.self)
        }
        // Four commas, then the newline.
        var bad =
          UInt64((p[d0] ^ 0x2C) | (p[d1] ^ 0x2C) | (p[d2] ^ 0x2C) | (p[d3] ^ 0x2C) | (p[d4] ^ 0x0A))
        let timeLength = d0 - s
        let kindLength = d1 - d0 - 1
        let aLength = d2 - d1 - 1
        let bLength = d3 - d2 - 1
        let iLength = d4 - d3 - 1
        bad |= Self.flag(UInt(bitPattern: timeLength &- 1) >= 16)
        bad |= Self.flag(UInt(bitPattern: kindLength &- 1) >= 8)
        bad |= Self.flag(UInt(bitPattern: aLength &- 1) >= 8)
        bad |= Self.flag(UInt(bitPattern: bLength &- 1) >= 8)
        bad |= Self.flag(UInt(bitPattern: iLength) > 8)
        // The time: its last eight digits and the ones before.
        let (low, lowBad) = Self.digits(word(endingAt: d0), min(timeLength, 8))
        let (high, highBad) = Self.digits(word(endingAt: d0 - 8), max(min(timeLength, 16) - 8, 0))
        let time = Int64(truncatingIfNeeded: high &* 100_000_000 &+ low)
        // The kind: its bytes as a little-endian integer, found by its hash.
        let kindWord = word(endingAt: d1) &>> UInt64(truncatingIfNeeded: 64 &- 8 &* kindLength)
        let slot = Self.slot(kindWord, multiplier)
        bad |= Self.flag(kindWords[slot] != kindWord || kindLengths[slot] != kindLength)
        let kind = kindIndices[slot]
        let (a, aBad) = Self.digits(word(endingAt: d2), min(aLength, 8))
        let (b, bBad) = Self.digits(word(endingAt: d3), min(bLength, 8))
        let (x, xBad) = Self.digits(word(endingAt: d4), min(max(iLength, 0), 8))
        bad |= lowBad | highBad | aBad | bBad | xBad
        bad |= Self.flag(a >= people) | Self.flag(b >= people) | Self.flag(x >= people)
        // Known people only (ids past the table are read as the last one, and refused above).
        let ia = lookup[Int(truncatingIfNeeded: min(a, people &- 1))]
        let ib = lookup[Int(truncatingIfNeeded: min(b, people &- 1))]
        let found = lookup[Int(truncatingIfNeeded: min(x, people &- 1))]
        let ii = iLength == 0 ? -1 : found
        bad |= Self.flag(ia < 0) | Self.flag(ib < 0) | Self.flag(ia == ib)
        bad |= Self.flag(iLength != 0 && (found < 0 || (found != ia && found != ib)))
        guard bad == 0 else {
          p += s
          break chunks
        }
        out.write(
          time: time, a: ia, b: ib, kind: kind, initiator: ii, weights: weights, pairRows: &pairs,
          egoRows: &egos)
        top = max(top, time)
        rows += 1
        s = d4 + 1
        i += 5
      }
      p += s
      if s == 0 { break }  // not one whole row in the chunk
    }
    pairRows = pairs
    egoRows = egos
    maxTime = top
    return (p, rows)
  }
}

/// Up to 8 bytes as a little-endian integer (the first byte lowest): how kind words are
/// matched.
@inline(__always)
func word(of bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
  bytes.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
}
