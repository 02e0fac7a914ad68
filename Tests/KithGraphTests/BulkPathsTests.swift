import Foundation
import KithTestSupport
import Testing

@testable import KithGraph

// The bulk paths (radix sort, column-oriented ingestion, medians by selection, the snapshot's
// canonical fast path) against the straightforward definitions, over seeded random inputs.

@Suite("Bulk paths equal their definitions")
struct BulkPathsTests {
  @Test("RadixSort.stableOrder is a stable sort", arguments: [0, 1, 7, 255, 256, 5_000, 40_000])
  func radixIsStable(count: Int) {
    var rng = SeededGenerator(seed: UInt64(count) + 1)
    // Few distinct keys (many equal ones) spread over high and low bits.
    let pool = (0..<max(1, count / 8)).map { _ in
      UInt64.random(in: 0..<200_000, using: &rng) << 32 | UInt64.random(in: 0..<5, using: &rng)
    }
    let keys = (0..<count).map { _ in pool[Int.random(in: pool.indices, using: &rng)] }
    let expected = (0..<count).sorted { (keys[$0], $0) < (keys[$1], $1) }
    #expect(RadixSort.stableOrder(keys).map(Int.init) == expected)
    // Already sorted input is recognised.
    let sorted = keys.sorted()
    #expect(RadixSort.stableOrder(sorted).map(Int.init) == Array(0..<count))
  }

  @Test("MedianSelection.median equals the sorted median", arguments: Array(UInt64(1)...40))
  func medianBySelection(seed: UInt64) {
    var rng = SeededGenerator(seed: seed)
    let count = Int.random(in: 1...(seed % 4 == 0 ? 5_000 : 300), using: &rng)
    // Spreads from all-equal values to distinct ones; sorted, reversed and shuffled inputs.
    let spread = seed % 5 == 0 ? 0 : Int64.random(in: 1...1_000_000, using: &rng)
    var values = (0..<count).map { _ in Int64.random(in: 0...spread, using: &rng) }
    switch seed % 3 {
    case 1: values.sort()
    case 2: values.sort(by: >)
    default: break
    }
    let sorted = values.sorted()
    let mid = count / 2
    let expected =
      count % 2 == 1 ? Double(sorted[mid]) : Double(sorted[mid - 1] + sorted[mid]) / 2
    #expect(MedianSelection.median(&values) == expected)
    #expect(values.sorted() == sorted)
    var empty: [Int64] = []
    #expect(MedianSelection.median(&empty).isNaN)
  }

  @Test("MedianSelection.median with the smallest value repeated about half the time")
  func medianWithRepeatedMinimum() {
    // Then the pivot is often the smallest value, and the values equal to it end right at or
    // around the middle.
    var rng = SeededGenerator(seed: 5)
    for count in 17...120 {
      for repeats in [count / 2 - 1, count / 2, count / 2 + 1] {
        var values = [Int64](repeating: 7, count: repeats)
        values += (repeats..<count).map { _ in Int64.random(in: 8...40, using: &rng) }
        values.shuffle(using: &rng)
        let sorted = values.sorted()
        let mid = count / 2
        let expected =
          count % 2 == 1 ? Double(sorted[mid]) : Double(sorted[mid - 1] + sorted[mid]) / 2
        var copy = values
        #expect(MedianSelection.median(&copy) == expected, "\(values)")
      }
    }
  }

  @Test("TieEvents.append in bulk accumulates exactly as add, in any input order")
  func bulkEventsEqualAdds() {
    var rng = SeededGenerator(seed: 11)
    let n: Int32 = 300
    var a: [Int32] = []
    var b: [Int32] = []
    var times: [Int64] = []
    var weights: [Double] = []
    for _ in 0..<20_000 {
      let u = Int32.random(in: 0..<n, using: &rng)
      var v = Int32.random(in: 0..<n, using: &rng)
      while v == u { v = Int32.random(in: 0..<n, using: &rng) }
      a.append(u)
      b.append(v)
      // Repeated seconds, out of order.
      times.append(1_700_000_000 + Int64.random(in: 0..<500, using: &rng) * 3_600)
      weights.append([0.1, 0.3, 0.8, 1][Int.random(in: 0..<4, using: &rng)])
    }
    var one = TieEvents()
    for k in a.indices { one.add(a[k], b[k], time: times[k], weight: weights[k]) }
    one.addConstant(3, 4, weight: 0.5)
    var bulk = TieEvents()
    a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        times.withUnsafeBufferPointer { t in
          weights.withUnsafeBufferPointer { w in bulk.append(a: a, b: b, times: t, weights: w) }
        }
      }
    }
    bulk.addConstant(4, 3, weight: 0.5)
    #expect(bulk.count == one.count)
    let h = DecaySettings.default.halfLifeSeconds
    let x = one.accumulate(halfLifeSeconds: h)
    let y = bulk.accumulate(halfLifeSeconds: h)
    #expect(x.a == y.a && x.b == y.b && x.count == y.count && x.first == y.first)
    #expect(x.last == y.last && x.strengthAtLast == y.strengthAtLast)
    #expect(x.peakDecaying == y.peakDecaying && x.constant == y.constant)

    // The definition: per pair, events in (time, insertion) order through TieAccumulator.
    var pairs: [UInt64: [(time: Int64, k: Int)]] = [:]
    for k in a.indices {
      let key = UInt64(UInt32(min(a[k], b[k]))) << 32 | UInt64(UInt32(max(a[k], b[k])))
      pairs[key, default: []].append((times[k], k))
    }
    pairs[UInt64(3) << 32 | 4, default: []].append((Int64.min, -1))
    #expect(x.a.count == pairs.count)
    for t in x.a.indices {
      let key = UInt64(UInt32(x.a[t])) << 32 | UInt64(UInt32(x.b[t]))
      var acc = TieAccumulator()
      for e in (pairs[key] ?? []).sorted(by: { ($0.time, $0.k) < ($1.time, $1.k) }) {
        if e.k < 0 {
          acc.addConstant(0.5)
        } else {
          acc.add(time: e.time, weight: weights[e.k], halfLifeSeconds: h)
        }
      }
      #expect(acc.strengthAtLast == x.strengthAtLast[t] && acc.peakDecaying == x.peakDecaying[t])
      #expect(acc.count == Int(x.count[t]))
    }
  }

  /// The definition of `accumulate`: per pair, events in (time, insertion) order through
  /// `TieAccumulator`, pairs sorted by (smaller index, larger index).
  static func definition(
    _ a: [Int32], _ b: [Int32], _ times: [Int64], _ weights: [Double], halfLife h: Double
  ) -> TieColumns {
    var pairs: [UInt64: [Int]] = [:]
    for k in a.indices {
      let key = UInt64(UInt32(min(a[k], b[k]))) << 32 | UInt64(UInt32(max(a[k], b[k])))
      pairs[key, default: []].append(k)
    }
    var out = TieColumns()
    for key in pairs.keys.sorted() {
      var acc = TieAccumulator()
      for k in (pairs[key] ?? []).sorted(by: { (times[$0], $0) < (times[$1], $1) }) {
        acc.add(time: times[k], weight: weights[k], halfLifeSeconds: h)
      }
      out.append(
        a: Int32(truncatingIfNeeded: key >> 32), b: Int32(truncatingIfNeeded: key & 0xFFFF_FFFF),
        acc)
    }
    return out
  }

  @Test(
    "TieEvents.accumulate equals the definition: large (split across cores), narrow, wide keys",
    arguments: [
      (events: 300_000, people: 40_000, ordered: false),
      (events: 300_000, people: 40_000, ordered: true),
      (events: 300_000, people: 300, ordered: false),
      (events: 20_000, people: 65_536, ordered: false),
      (events: 20_000, people: 200_000, ordered: false),
      (events: 100, people: 10, ordered: false),
    ])
  func accumulateAtScale(events: Int, people: Int, ordered: Bool) {
    var rng = SeededGenerator(seed: UInt64(events + people))
    // Few pairs with many events each, and many with one; times repeat and go back and forth.
    let pool = (0..<max(1, events / 40)).map { _ in
      let u = Int32.random(in: 0..<Int32(people), using: &rng)
      var v = Int32.random(in: 0..<Int32(people), using: &rng)
      while v == u { v = Int32.random(in: 0..<Int32(people), using: &rng) }
      return (u, v)
    }
    var a: [Int32] = []
    var b: [Int32] = []
    var times: [Int64] = []
    var weights: [Double] = []
    for k in 0..<events {
      let (u, v) = pool[Int.random(in: pool.indices, using: &rng)]
      let swap = Bool.random(using: &rng)
      a.append(swap ? v : u)
      b.append(swap ? u : v)
      times.append(
        1_700_000_000
          + (ordered ? Int64(k) * 60 : Int64.random(in: 0..<2_000, using: &rng) * 3_600))
      weights.append([0.1, 0.3, 0.8, 1][Int.random(in: 0..<4, using: &rng)])
    }
    if ordered {
      // Already grouped by pair (and in time order within each), as a caller may hand them.
      let order = a.indices.sorted {
        (min(a[$0], b[$0]), max(a[$0], b[$0]), $0) < (min(a[$1], b[$1]), max(a[$1], b[$1]), $1)
      }
      a = order.map { a[$0] }
      b = order.map { b[$0] }
      times = order.map { times[$0] }
      weights = order.map { weights[$0] }
    }
    let h = DecaySettings.default.halfLifeSeconds
    let expected = Self.definition(a, b, times, weights, halfLife: h)
    var events = TieEvents()
    events.append(a: a, b: b, times: times, weights: weights)
    #expect(events.count == a.count)
    let x = events.accumulate(halfLifeSeconds: h)
    #expect(x.a == expected.a && x.b == expected.b && x.count == expected.count)
    #expect(x.first == expected.first && x.last == expected.last)
    #expect(x.strengthAtLast == expected.strengthAtLast)
    #expect(x.peakDecaying == expected.peakDecaying && x.constant == expected.constant)
    // Array appends after a first one append; the result does not depend on how they came.
    var twice = TieEvents()
    let half = a.count / 2
    twice.append(
      a: Array(a[..<half]), b: Array(b[..<half]), times: Array(times[..<half]),
      weights: Array(weights[..<half]))
    twice.append(
      a: Array(a[half...]), b: Array(b[half...]), times: Array(times[half...]),
      weights: Array(weights[half...]))
    let y = twice.accumulate(halfLifeSeconds: h)
    #expect(y.a == x.a && y.b == x.b && y.strengthAtLast == x.strengthAtLast)
    #expect(y.peakDecaying == x.peakDecaying && y.count == x.count)
  }

  @Test("EgoInteractionsBuilder: array appends equal adds, at a size split across cores")
  func egoHistoryArraysAtScale() {
    var rng = SeededGenerator(seed: 17)
    let people = 5_000
    let n = 300_000
    var contacts: [Int32] = []
    var times: [Int64] = []
    var kinds: [InteractionKind] = []
    var initiators: [Int32] = []
    var ids: [Int64] = []
    for k in 0..<n {
      let c = Int32.random(in: 1..<Int32(people), using: &rng)
      contacts.append(c)
      // Mostly in time order, as a log is; some back-dated.
      times.append(
        1_700_000_000 + Int64(k) * 30
          - (k % 97 == 0 ? Int64.random(in: 0..<86_400, using: &rng) : 0))
      kinds.append(InteractionKind.allCases[Int.random(in: 0..<8, using: &rng)])
      initiators.append(Bool.random(using: &rng) ? 0 : c)
      ids.append(Int64(k + 1))
    }
    var one = EgoInteractionsBuilder()
    for k in 0..<n {
      one.add(
        contact: contacts[k], time: times[k], kind: kinds[k], initiator: initiators[k],
        followUp: TieColumns.none, summary: nil, interactionID: ids[k], participantCount: 2)
    }
    var bulk = EgoInteractionsBuilder()
    bulk.append(
      contacts: contacts, times: times, kinds: kinds, initiators: initiators, interactionIDs: ids,
      participantCounts: [Int32](repeating: 2, count: n))
    let x = one.build(personCount: people)
    let y = bulk.build(personCount: people)
    #expect(x.offsets == y.offsets && x.time == y.time && x.kind == y.kind)
    #expect(x.initiator == y.initiator && x.interactionID == y.interactionID)
    #expect(x.followUp == y.followUp && x.summary == y.summary)
    #expect(x.participantCount == y.participantCount)
    #expect(x.rhythms.count == people && y.rhythms.count == people)
    for u in 0..<Int32(people) {
      let r = x.range(of: u)
      #expect(zip(x.time[r].dropFirst(), x.time[r]).allSatisfy { $0 >= $1 })
      var bare = EgoInteractions(personCount: people)
      bare.offsets = x.offsets
      bare.time = x.time
      #expect(bare.rhythm(of: u) == y.rhythm(of: u))
      // The last times kept with the rhythms, and read from the times without them.
      #expect(x.lastTimes.count == people && y.lastTime(of: u) == x.time[r].last)
      #expect(bare.lastTimes.isEmpty && bare.lastTime(of: u) == x.time[r].last)
    }
  }

  /// `ContactRhythm` as its documentation defines it: every time's day looked up, a branch per
  /// day, medians by sorting.
  static func plainRhythm(_ times: [Int64], zone: DayZone) -> ContactRhythm {
    func median(_ v: [Int64]) -> Double {
      let s = v.sorted()
      guard !s.isEmpty else { return .nan }
      let mid = s.count / 2
      return s.count % 2 == 1 ? Double(s[mid]) : Double(s[mid - 1] + s[mid]) / 2
    }
    var start = 0
    var gaps: [Int64] = []
    var days: Int32 = 0
    var previous: Int64? = nil
    for (k, t) in times.enumerated() {
      let d = zone.day(ofSeconds: t)
      guard d != previous else { continue }
      if let previous, days > 0 {
        let gap = d - previous
        if days >= ContactRhythm.minimumDays
          && Double(gap) > ContactRhythm.lostAfterDays(medianGapDays: median(gaps))
        {
          start = k
          days = 0
          gaps = []
        }
        if days > 0 { gaps.append(gap) }
      }
      days += 1
      previous = d
    }
    return ContactRhythm(
      medianGapDays: days >= ContactRhythm.minimumDays ? median(gaps) : .nan, days: days,
      start: Int32(start))
  }

  @Test(
    "ContactRhythm equals its definition: busy days, long silences, changes of clocks, before 1970",
    arguments: ["UTC", "Asia/Kolkata", "Europe/London", "America/New_York", "Australia/Lord_Howe"])
  func rhythmsEqualTheirDefinition(_ name: String) throws {
    let zone = try #require(name == "UTC" ? DayZone.utc : DayZone(identifier: name))
    var rng = SeededGenerator(seed: UInt64(name.utf8.count))
    var scratch = ContactRhythm.Scratch()
    var lost = 0
    for contact in 0..<400 {
      // Bursts of several a day, gaps of days to years, some near midnight and around changes
      // of clocks; a few histories before 1970.
      var t: Int64 = contact % 20 == 0 ? -400_000_000 : 1_600_000_000
      var times: [Int64] = []
      for _ in 0..<Int.random(in: 0...120, using: &rng) {
        switch Int.random(in: 0..<10, using: &rng) {
        case 0..<5: t += Int64.random(in: 0...7_200, using: &rng)
        case 5..<8:
          t += Int64.random(in: 1...20, using: &rng) * 86_400
          t += Int64.random(in: -3_600...3_600, using: &rng)
        case 8: t += Int64.random(in: 100...900, using: &rng) * 86_400
        default: t += 86_400 - t % 86_400 + Int64.random(in: -60...60, using: &rng)
        }
        times.append(t)
      }
      let fast = times.withUnsafeBufferPointer { ContactRhythm($0, &scratch, zone: zone) }
      let plain = Self.plainRhythm(times, zone: zone)
      #expect(fast == plain, "contact \(contact) in \(name): \(fast) vs \(plain)")
      if plain.start > 0 { lost += 1 }
    }
    // The draw has teeth: runs were lost and started again.
    #expect(lost > 20)
  }

  @Test("CompactColumn: one value stored once until another comes; reads as the array would")
  func compactColumn() {
    var column = CompactColumn<Int64>()
    #expect(column.isEmpty && column.repeatedValue == nil)
    column.append(7, count: 3)
    column.append(7)
    #expect(column.repeatedValue == 7 && Array(column) == [7, 7, 7, 7])
    column.append(9)
    #expect(column.repeatedValue == nil && Array(column) == [7, 7, 7, 7, 9])
    column.append(contentsOf: [1, 2])
    column.append(5, count: 2)
    #expect(Array(column) == [7, 7, 7, 7, 9, 1, 2, 5, 5] && column.count == 9)
    // Equal entries are equal columns, however they are stored.
    #expect(CompactColumn(repeating: 4, count: 3) == CompactColumn([4, 4, 4]))
    #expect(CompactColumn(repeating: 4, count: 3) != CompactColumn([4, 4, 5]))
    #expect(CompactColumn(repeating: 4, count: 0) == CompactColumn<Int64>())
    // An empty column takes an array over; a repeated one turns into an array.
    var taken = CompactColumn<Int32>()
    taken.append(contentsOf: [3, 4])
    #expect(Array(taken) == [3, 4])
    var repeated = CompactColumn<Int32>(repeating: 2, count: 2)
    [Int32](arrayLiteral: 6, 7).withUnsafeBufferPointer { repeated.append(contentsOf: $0) }
    #expect(Array(repeated) == [2, 2, 6, 7] && repeated.repeatedValue == nil)
  }

  /// Appending to a column stored as an array grows that array in place. (It once copied the
  /// whole column on every append of one value: the ego's history of a store with group
  /// meetings took seconds to read.)
  @Test("CompactColumn.append grows its array in place, without copying the column")
  func compactColumnAppendsInPlace() {
    var column = CompactColumn<Int32>()
    column.append(2)
    column.append(3)
    @inline(never) func buffer(_ column: CompactColumn<Int32>) -> UnsafeRawPointer? {
      column.array.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }
    var checked = 0
    for k in 0..<4_096 {
      // Room for every value appended (a capacity one short of two values is no room: the
      // capacity follows malloc's usable size, which depends on the heap).
      let count = k % 2 + 1
      let room = column.array.capacity >= column.array.count + count
      let before = buffer(column)
      column.append(Int32(k % 3 + 2), count: count)
      if room {
        #expect(buffer(column) == before, "append \(k) copied the column")
        checked += 1
      }
    }
    #expect(checked > 4_000)
    #expect(column.count == 2 + 2_048 * 3)
    #expect(Array(column.prefix(6)) == [2, 3, 2, 3, 3, 4])
  }

  @Test(
    "EgoInteractionsBuilder: one participant count and no follow-ups or summaries stay stored once")
  func uniformHistoryColumns() {
    var rng = SeededGenerator(seed: 43)
    let people = 400
    let n = 300_000  // split across cores
    var contacts: [Int32] = []
    var times: [Int64] = []
    var kinds: [InteractionKind] = []
    var initiators: [Int32] = []
    for k in 0..<n {
      let c = Int32.random(in: 1..<Int32(people), using: &rng)
      contacts.append(c)
      times.append(1_700_000_000 + Int64(k) * 60)
      kinds.append(InteractionKind.allCases[Int.random(in: 0..<8, using: &rng)])
      initiators.append(Bool.random(using: &rng) ? 0 : c)
    }
    let ids = (1...Int64(n)).map { $0 }
    var uniform = EgoInteractionsBuilder()
    uniform.append(
      contacts: contacts, times: times, kinds: kinds, initiators: initiators, interactionIDs: ids,
      participantCount: 2)
    var one = EgoInteractionsBuilder()
    for k in 0..<n {
      one.add(
        contact: contacts[k], time: times[k], kind: kinds[k], initiator: initiators[k],
        followUp: TieColumns.none, summary: nil, interactionID: ids[k], participantCount: 2)
    }
    let x = uniform.build(personCount: people)
    let y = one.build(personCount: people)
    #expect(x.followUp.repeatedValue == TieColumns.none && x.summary.repeatedValue == -1)
    #expect(x.participantCount.repeatedValue == 2 && x.participantCount.count == n)
    #expect(x.offsets == y.offsets && x.time == y.time && x.interactionID == y.interactionID)
    #expect(x.followUp == y.followUp && x.summary == y.summary)
    #expect(x.participantCount == y.participantCount)
    // The ego's ties read the one count as they read an array of it.
    let settings = DecaySettings.default
    let fromOne = TieColumns.egoTies(from: x, ego: 0, settings: settings)
    let fromArray = TieColumns.egoTies(from: y, ego: 0, settings: settings)
    #expect(fromOne.a == fromArray.a && fromOne.strengthAtLast == fromArray.strengthAtLast)
    #expect(fromOne.peakDecaying == fromArray.peakDecaying && fromOne.count == fromArray.count)
    // A follow-up added after the bulk turns the column into an array, the earlier ones none.
    uniform.add(
      contact: 5, time: 1_800_000_000, kind: .call, initiator: 0, followUp: 1_800_086_400,
      summary: "next steps", interactionID: Int64(n + 1), participantCount: 3)
    let z = uniform.build(personCount: people)
    let last = z.range(of: 5).upperBound - 1
    #expect(z.followUp.repeatedValue == nil && z.followUp[last] == 1_800_086_400)
    #expect(z.summaryText(last) == "next steps" && z.participantCount[last] == 3)
    #expect(z.followUp.filter { $0 != TieColumns.none }.count == 1)
    #expect(z.participantCount.filter { $0 == 2 }.count == n)
  }

  @Test("InteractionKind.ordinal is the position in allCases")
  func kindOrdinals() {
    #expect(InteractionKind.allCases.map(\.ordinal) == Array(InteractionKind.allCases.indices))
  }

  @Test(
    "TieColumns.egoTies equals accumulate's ego pairs; merged with the rest, all the pairs",
    arguments: [true, false])
  func egoTiesFromHistory(inTimeOrder: Bool) {
    var rng = SeededGenerator(seed: inTimeOrder ? 29 : 31)
    let people: Int32 = 2_000
    let ego: Int32 = 700  // contacts on both sides of the ego's index
    let settings = DecaySettings(halfLifeDays: 90, weights: [.call: 0.7])
    // Interactions of 2 to 4 people, most with the ego; times repeat, and in the second case
    // the log is not in time order (ids still count the interactions as added).
    var interactions: [(participants: [Int32], time: Int64, kind: InteractionKind)] = []
    for k in 0..<200_000 {  // about 290,000 ego entries: split across cores
      var participants: Set<Int32> = Bool.random(using: &rng) || k % 5 != 0 ? [ego] : []
      let size = [2, 2, 2, 3, 4][Int.random(in: 0..<5, using: &rng)]
      while participants.count < size {
        participants.insert(Int32.random(in: 0..<people, using: &rng))
      }
      let time =
        1_700_000_000
        + (inTimeOrder ? Int64(k / 3) * 600 : Int64.random(in: 0..<40_000, using: &rng) * 600)
      interactions.append(
        (participants.sorted(), time, InteractionKind.allCases[Int.random(in: 0..<8, using: &rng)]))
    }
    var all = TieEvents()
    var others = TieEvents()
    var builder = EgoInteractionsBuilder()
    for (k, x) in interactions.enumerated() {
      all.addInteraction(
        participants: x.participants, time: x.time, kind: x.kind, settings: settings)
      let w = settings.pairWeight(x.kind, participants: x.participants.count)
      for i in x.participants.indices {
        for j in (i + 1)..<x.participants.count
        where x.participants[i] != ego && x.participants[j] != ego {
          others.add(x.participants[i], x.participants[j], time: x.time, weight: w)
        }
      }
      for p in x.participants where p != ego && x.participants.contains(ego) {
        builder.add(
          contact: p, time: x.time, kind: x.kind, initiator: ego, followUp: TieColumns.none,
          summary: nil, interactionID: Int64(k + 1), participantCount: Int32(x.participants.count))
      }
    }
    let h = settings.halfLifeSeconds
    let expected = all.accumulate(halfLifeSeconds: h)
    let history = builder.build(personCount: Int(people))
    let egoTies = TieColumns.egoTies(from: history, ego: ego, settings: settings)
    let mine = expected.a.indices.filter { expected.a[$0] == ego || expected.b[$0] == ego }
    #expect(egoTies.a.count == mine.count && mine.count > 1_500)
    #expect(egoTies.a == mine.map { expected.a[$0] } && egoTies.b == mine.map { expected.b[$0] })
    #expect(egoTies.count == mine.map { expected.count[$0] })
    #expect(egoTies.first == mine.map { expected.first[$0] })
    #expect(egoTies.last == mine.map { expected.last[$0] })
    #expect(egoTies.strengthAtLast == mine.map { expected.strengthAtLast[$0] })
    #expect(egoTies.peakDecaying == mine.map { expected.peakDecaying[$0] })
    let merged = others.accumulate(halfLifeSeconds: h).merged(with: egoTies)
    #expect(merged.a == expected.a && merged.b == expected.b && merged.count == expected.count)
    #expect(merged.first == expected.first && merged.last == expected.last)
    #expect(merged.strengthAtLast == expected.strengthAtLast)
    #expect(merged.peakDecaying == expected.peakDecaying && merged.constant == expected.constant)
  }

  @Test("EgoInteractionsBuilder.build: every column in (contact, time, id) order, across cores")
  func egoHistoryBuildMatchesSortModel() {
    var rng = SeededGenerator(seed: 23)
    let people = 3_000
    let n = 300_000  // above the size that splits the counting sort across cores
    var builder = EgoInteractionsBuilder()
    var rows: [(contact: Int32, time: Int64, id: Int64, k: Int)] = []
    // Ids shuffled against times, some contacts' rows far out of order, a few equal times.
    var ids = Array(1...Int64(n))
    ids.shuffle(using: &rng)
    for k in 0..<n {
      let c = Int32.random(in: 1..<Int32(people), using: &rng)
      let t = 1_700_000_000 + Int64.random(in: 0..<(k % 3 == 0 ? 50 : 5_000_000), using: &rng)
      builder.add(
        contact: c, time: t, kind: InteractionKind.allCases[k % 8], initiator: k % 5 == 0 ? -1 : c,
        followUp: k % 11 == 0 ? t + 86_400 : TieColumns.none, summary: k % 13 == 0 ? "s\(k)" : nil,
        interactionID: ids[k], participantCount: Int32(2 + k % 3))
      rows.append((c, t, ids[k], k))
    }
    rows.sort { ($0.contact, $0.time, $0.id) < ($1.contact, $1.time, $1.id) }
    let x = builder.build(personCount: people)
    var offsets = [Int](repeating: 0, count: people + 1)
    for r in rows { offsets[Int(r.contact) + 1] += 1 }
    for u in 0..<people { offsets[u + 1] += offsets[u] }
    // Compared as Booleans: a failure's message stays one line, not two 300,000-element arrays.
    let same: [String: Bool] = [
      "offsets": x.offsets == offsets,
      "time": x.time == rows.map(\.time),
      "interactionID": x.interactionID == rows.map(\.id),
      "kind": x.kind == rows.map { InteractionKind.allCases[$0.k % 8] },
      "initiator": x.initiator == rows.map { $0.k % 5 == 0 ? -1 : $0.contact },
      "followUp": Array(x.followUp)
        == rows.map { $0.k % 11 == 0 ? $0.time + 86_400 : TieColumns.none },
      "participantCount": Array(x.participantCount) == rows.map { Int32(2 + $0.k % 3) },
      "summary": (0..<n).map { x.summaryText($0) }
        == rows.map { $0.k % 13 == 0 ? "s\($0.k)" : nil },
    ]
    #expect(same.filter { !$0.value }.keys.sorted() == [])
  }

  @Test("EgoInteractionsBuilder.append without ids (in id order) equals ids 1…n, across cores")
  func egoHistoryWithoutIDs() {
    var rng = SeededGenerator(seed: 29)
    let people = 2_000
    let n = 300_000  // above the size that splits the counting sort across cores
    let ego: Int32 = 0
    var withIDs = EgoInteractionsBuilder()
    var contacts: [Int32] = []
    var times: [Int64] = []
    var kinds: [InteractionKind] = []
    var initiators: [Int32] = []
    // Mostly in time order, with runs out of order and many equal times (ties the order breaks).
    var clock: Int64 = 1_700_000_000
    for k in 0..<n {
      clock += Int64.random(in: 0...40, using: &rng)
      var t = k % 7 == 0 ? clock - Int64.random(in: 0...100_000, using: &rng) : clock
      var c = Int32.random(in: 1..<Int32(people), using: &rng)
      if k % 5 == 1 {
        // The previous row's contact at the same time: the order alone decides which is first.
        (c, t) = (contacts[k - 1], times[k - 1])
      }
      let kind = InteractionKind.allCases[Int.random(in: 0..<8, using: &rng)]
      let initiator: Int32 = [-1, ego, c][k % 3]
      withIDs.add(
        contact: c, time: t, kind: kind, initiator: initiator, followUp: TieColumns.none,
        summary: nil, interactionID: Int64(k + 1), participantCount: 2)
      contacts.append(c)
      times.append(t)
      kinds.append(kind)
      initiators.append(initiator)
    }
    var withoutIDs = EgoInteractionsBuilder()
    // In two calls: order across calls counts too.
    let half = n / 2
    withoutIDs.append(
      contacts: Array(contacts[..<half]), times: Array(times[..<half]),
      kinds: Array(kinds[..<half]),
      initiators: Array(initiators[..<half]), participantCount: 2)
    withoutIDs.append(
      contacts: Array(contacts[half...]), times: Array(times[half...]),
      kinds: Array(kinds[half...]),
      initiators: Array(initiators[half...]), participantCount: 2)
    let x = withIDs.build(personCount: people)
    let y = withoutIDs.build(personCount: people)
    #expect(y.interactionID.isEmpty && x.interactionID.count == n)
    // Compared as Booleans: a failure's message stays one line.
    let same: [String: Bool] = [
      "offsets": x.offsets == y.offsets, "time": x.time == y.time, "kind": x.kind == y.kind,
      "initiator": x.initiator == y.initiator,
      "participantCount": Array(x.participantCount) == Array(y.participantCount),
      "rhythms": x.rhythms == y.rhythms,
    ]
    #expect(same.filter { !$0.value }.keys.sorted() == [])
    // Equal times within a contact: the kinds tell the two orders apart, so the check has teeth.
    var tied = 0
    for u in 0..<people where x.offsets[u + 1] - x.offsets[u] >= 2 {
      for k in (x.offsets[u] + 1)..<x.offsets[u + 1]
      where x.time[k] == x.time[k - 1] && x.kind[k] != x.kind[k - 1] {
        tied += 1
      }
    }
    #expect(tied > 10)
    let settings = DecaySettings.default
    let a = TieColumns.egoTies(from: x, ego: ego, settings: settings)
    let b = TieColumns.egoTies(from: y, ego: ego, settings: settings)
    #expect(a.b == b.b && a.strengthAtLast == b.strengthAtLast && a.peakDecaying == b.peakDecaying)
  }

  @Test("EgoInteractionsBuilder.append equals add; the learned gaps equal the sorted medians")
  func bulkEgoHistory() {
    var rng = SeededGenerator(seed: 5)
    let people = 50
    var one = EgoInteractionsBuilder()
    var contacts: [Int32] = []
    var times: [Int64] = []
    var kinds: [InteractionKind] = []
    var initiators: [Int32] = []
    var ids: [Int64] = []
    for k in 0..<3_000 {
      let c = Int32.random(in: 1..<Int32(people), using: &rng)
      let t = 1_700_000_000 + Int64.random(in: 0..<1_000, using: &rng) * 86_400
      let kind = InteractionKind.allCases[Int.random(in: 0..<8, using: &rng)]
      let initiator: Int32 = Bool.random(using: &rng) ? 0 : c
      one.add(
        contact: c, time: t, kind: kind, initiator: initiator, followUp: TieColumns.none,
        summary: nil, interactionID: Int64(k + 1), participantCount: 2)
      contacts.append(c)
      times.append(t)
      kinds.append(kind)
      initiators.append(initiator)
      ids.append(Int64(k + 1))
    }
    var bulk = EgoInteractionsBuilder()
    let counts = [Int32](repeating: 2, count: contacts.count)
    contacts.withUnsafeBufferPointer { c in
      times.withUnsafeBufferPointer { t in
        kinds.withUnsafeBufferPointer { k in
          initiators.withUnsafeBufferPointer { i in
            ids.withUnsafeBufferPointer { d in
              counts.withUnsafeBufferPointer { n in
                bulk.append(
                  contacts: c, times: t, kinds: k, initiators: i, interactionIDs: d,
                  participantCounts: n)
              }
            }
          }
        }
      }
    }
    let x = one.build(personCount: people)
    let y = bulk.build(personCount: people)
    #expect(x.offsets == y.offsets && x.time == y.time && x.kind == y.kind)
    #expect(x.initiator == y.initiator && x.interactionID == y.interactionID)
    #expect(x.followUp == y.followUp && x.summary == y.summary)
    for u in 0..<Int32(people) {
      // The gaps between distinct days (times here are whole days, 1,000 of them: no silence
      // long enough to lose a tie that has a rhythm).
      let days = Array(Set(x.time[x.range(of: u)].map { $0 / 86_400 })).sorted()
      let gaps = zip(days.dropFirst(), days).map { $0 - $1 }.sorted()
      let expected: Double? =
        days.count < 3
        ? nil
        : (gaps.count % 2 == 1
          ? Double(gaps[gaps.count / 2])
          : Double(gaps[gaps.count / 2 - 1] + gaps[gaps.count / 2]) / 2)
      #expect(x.learnedGapDays(of: u) == expected)
      #expect(x.rhythm(of: u).days == Int32(days.count) && x.revival(of: u) == nil)
      // Without the precomputed column, the same value.
      var bare = EgoInteractions(personCount: people)
      bare.offsets = x.offsets
      bare.time = x.time
      #expect(bare.learnedGapDays(of: u) == expected)
    }
    // Built from input already grouped and in order, the columns pass through unchanged.
    var grouped = EgoInteractionsBuilder()
    for u in 0..<Int32(people) {
      for k in x.range(of: u) {
        grouped.add(
          contact: u, time: x.time[k], kind: x.kind[k], initiator: x.initiator[k],
          followUp: x.followUp[k], summary: nil, interactionID: x.interactionID[k],
          participantCount: 2)
      }
    }
    let z = grouped.build(personCount: people)
    #expect(z.time == x.time && z.interactionID == x.interactionID && z.offsets == x.offsets)
  }

  @Test("NetworkSnapshot: shuffled and reversed ties give the canonical snapshot")
  func snapshotCanonicalPath() {
    var rng = SeededGenerator(seed: 3)
    var events = TieEvents()
    for _ in 0..<2_000 {
      let u = Int32.random(in: 0..<100, using: &rng)
      var v = Int32.random(in: 0..<100, using: &rng)
      while v == u { v = Int32.random(in: 0..<100, using: &rng) }
      events.add(
        u, v, time: 1_700_000_000 + Int64.random(in: 0..<(86_400 * 900), using: &rng),
        weight: 1)
    }
    let ties = events.accumulate(halfLifeSeconds: DecaySettings.default.halfLifeSeconds)
    var people = SnapshotPeople()
    for k in 0..<100 { people.append(Person(id: Int64(k + 1), handle: "p\(k)", name: "P \(k)")) }
    let asOf = Date(timeIntervalSince1970: 1_700_000_000 + 86_400 * 1_000)
    let canonical = NetworkSnapshot(
      asOf: asOf, settings: .default, people: people, ties: ties, ego: 0)
    var shuffled = TieColumns()
    for t in ties.a.indices.shuffled(using: &rng) {
      let swap = Bool.random(using: &rng)
      shuffled.append(
        a: swap ? ties.b[t] : ties.a[t], b: swap ? ties.a[t] : ties.b[t], count: ties.count[t],
        first: ties.first[t], last: ties.last[t], strengthAtLast: ties.strengthAtLast[t],
        peakDecaying: ties.peakDecaying[t], constant: ties.constant[t])
    }
    let other = NetworkSnapshot(
      asOf: asOf, settings: .default, people: people, ties: shuffled, ego: 0)
    #expect(canonical.offsets == other.offsets && canonical.neighbors == other.neighbors)
    #expect(canonical.tieStrength == other.tieStrength && canonical.tiePeak == other.tiePeak)
    #expect(canonical.tieCount == other.tieCount)
    for t in 0..<canonical.numberOfTies { #expect(canonical.tie(t) == other.tie(t)) }
  }

  @Test("TieColumns written in place equal the same ties appended", arguments: [0, 1, 2, 1_000])
  func columnsInPlace(count: Int) throws {
    var rng = SeededGenerator(seed: UInt64(count) + 3)
    var appended = TieColumns()
    for k in 0..<count {
      let s = Double.random(in: 0..<3, using: &rng)
      appended.append(
        a: Int32(k), b: Int32(k + 1 + Int.random(in: 0..<9, using: &rng)),
        count: UInt32.random(in: 1...9, using: &rng), first: Int64(k), last: Int64(2 * k),
        strengthAtLast: s, peakDecaying: s + 1, constant: Double(k % 3))
    }
    // Room for more than is written: the columns hold what `body` wrote.
    let inPlace = TieColumns(capacity: count + 5) { ties in
      for k in 0..<count {
        ties.a[k] = appended.a[k]
        ties.b[k] = appended.b[k]
        ties.count[k] = appended.count[k]
        ties.first[k] = appended.first[k]
        ties.last[k] = appended.last[k]
        ties.strengthAtLast[k] = appended.strengthAtLast[k]
        ties.peakDecaying[k] = appended.peakDecaying[k]
        ties.constant[k] = appended.constant[k]
      }
      return count
    }
    #expect(inPlace.a == appended.a && inPlace.b == appended.b)
    #expect(inPlace.count == appended.count)
    #expect(inPlace.first == appended.first && inPlace.last == appended.last)
    #expect(inPlace.strengthAtLast == appended.strengthAtLast)
    #expect(inPlace.peakDecaying == appended.peakDecaying)
    #expect(inPlace.constant == appended.constant)
    // An error from `body` comes through.
    struct Stop: Error {}
    #expect(throws: Stop.self) { _ = try TieColumns(capacity: count) { _ in throw Stop() } }
  }
}
