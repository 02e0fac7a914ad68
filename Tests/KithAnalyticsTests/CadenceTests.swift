import Foundation
import KithGraph
import KithTestSupport
import Testing

@testable import KithAnalytics

@Suite("Cadence: median gap, Dunbar tiers, precedence")
struct CadenceTests {
  // MARK: Median gap

  struct MedianCase: Sendable, CustomTestStringConvertible {
    let name: String
    /// Times in days after the epoch, ascending.
    let days: [Double]
    let expected: Double?
    /// The days of contact in the latest run, and its first interaction's place.
    var run: (days: Int32, start: Int32)? = nil
    var testDescription: String { name }
  }

  /// `ContactRhythm` takes times in ascending order (the ego's history is sorted by
  /// `EgoInteractionsBuilder`); unsorted input is not allowed: it is not sorted first, so its
  /// negative "gaps" would give a meaningless median. Only sorted inputs are tested.
  @Test(
    "learned gap: the median gap between days of contact, since the tie was last lost",
    arguments: [
      MedianCase(name: "no time", days: [], expected: nil, run: (0, 0)),
      MedianCase(name: "one time", days: [0], expected: nil, run: (1, 0)),
      MedianCase(name: "two days: too few to learn from", days: [0, 3], expected: nil),
      // Gaps 1, 2, 5: odd count, the middle one.
      MedianCase(name: "odd number of gaps", days: [0, 1, 3, 8], expected: 2, run: (4, 0)),
      // Gaps 1, 3, 2, 7 → sorted 1, 2, 3, 7: even count, mean of 2 and 3.
      MedianCase(name: "even number of gaps", days: [0, 1, 4, 6, 13], expected: 2.5),
      // Gaps 10, 10, 1, 1, 1: the median ignores the long gaps.
      MedianCase(name: "bursty history", days: [0, 10, 20, 21, 22, 23], expected: 1),
      // Days 0, 0 and 1: two days of contact.
      MedianCase(name: "half-day gaps: one day", days: [0, 0.5, 1.5], expected: nil, run: (2, 0)),
      MedianCase(name: "all at the same second", days: [5, 5, 5], expected: nil, run: (1, 0)),
      // An email and its reply on day 10, lunch on day 26: two days, not gaps 0 and 16.
      MedianCase(name: "an email and its reply are one day", days: [10, 10.1, 26], expected: nil),
      // Days 10, 26, 40: gaps 16 and 14 (not 0, 16, 14 → 14).
      MedianCase(
        name: "same-day replies do not halve the gap", days: [10, 10.1, 26, 40], expected: 15),
      // 23:30 and 00:30 the next day (UTC) are two days, one apart; with day 3, gaps 1 and 2.
      MedianCase(name: "UTC days", days: [0.98, 1.02, 3], expected: 1.5),
      // Weekly for 10 weeks (median 7: lost after 180 days), then one day 616 days later.
      MedianCase(
        name: "revived once: no rhythm since",
        days: Array(stride(from: 0.0, through: 70, by: 7)) + [686],
        expected: nil, run: (1, 11)),
      // Then two more days: gaps 14 and 30 in the new run only.
      MedianCase(
        name: "revived: learned from the new run only",
        days: Array(stride(from: 0.0, through: 70, by: 7)) + [686, 686.5, 700, 730], expected: 22,
        run: (3, 11)),
      // Monthly (median 30: lost after 240 days): a 200-day gap is no loss, and counts.
      MedianCase(
        name: "a long gap within the lost threshold", days: [0, 30, 60, 90, 290, 320],
        expected: 30, run: (6, 0)),
      // Two days before the silence: no rhythm to lose; gaps 1 and 499.
      MedianCase(name: "no rhythm, nothing lost", days: [0, 1, 500], expected: 250, run: (3, 0)),
      // Lost twice: the latest run is days 1000, 1001, 1003 (gaps 1, 2).
      MedianCase(
        name: "lost twice", days: [0, 7, 14, 300, 307, 314, 1000, 1001, 1003], expected: 1.5,
        run: (3, 6)),
    ])
  func medianGap(_ c: MedianCase) throws {
    let rhythm = ContactRhythm(c.days.map(at))
    if let run = c.run {
      #expect(rhythm.days == run.days && rhythm.start == run.start)
    }
    guard let expected = c.expected else {
      #expect(rhythm.medianGapDays.isNaN)
      return
    }
    #expect(rhythm.medianGapDays == expected)
  }

  // MARK: Dunbar tiers

  struct TierCase: Sendable, CustomTestStringConvertible {
    let rank: Int
    let days: Double?
    var testDescription: String { "rank \(rank) → \(days.map { "\(Int($0)) days" } ?? "none")" }
  }

  static let tierCases = [
    TierCase(rank: 1, days: 7), TierCase(rank: 5, days: 7), TierCase(rank: 6, days: 30),
    TierCase(rank: 15, days: 30), TierCase(rank: 16, days: 180), TierCase(rank: 50, days: 180),
    TierCase(rank: 51, days: 365), TierCase(rank: 150, days: 365), TierCase(rank: 151, days: nil),
  ]

  @Test("tier cadence by rank", arguments: tierCases)
  func tierCadence(_ c: TierCase) {
    #expect(CadenceModel.tierCadence(rank: c.rank) == c.days)
  }

  @Test("a cadence in words: where it comes from, and a tier's Dunbar layer")
  func clause() {
    func cadence(_ days: Double, _ source: CadenceSource) -> Cadence {
      Cadence(days: days, source: source, usualGapDays: days)
    }
    #expect(cadence(12.4, .learned).clause == "you usually speak every 12 days")
    #expect(cadence(1, .explicit).clause == "you set a cadence of 1 day")
    #expect(cadence(14, .tag).clause == "their tag's cadence is 14 days")
    #expect(cadence(7, .tier).layer == 5 && cadence(365, .tier).layer == 150)
    #expect(cadence(30, .tier).clause == "30 days is the default for your 15 closest ties")
    #expect(cadence(30, .learned).layer == nil)
  }

  @Test("the cadence beside a last contact: a habit when learned, else a goal or a default")
  func rhythm() {
    func cadence(_ days: Double, _ source: CadenceSource, tag: String? = nil) -> Cadence {
      Cadence(days: days, source: source, usualGapDays: days, tag: tag)
    }
    #expect(cadence(7, .learned).rhythm == "usually every 7 days (learned)")
    #expect(cadence(14, .explicit).rhythm == "you aim for every 14 days (your setting)")
    #expect(
      cadence(30, .tag, tag: "customer").rhythm
        == "you aim for every 30 days (the cadence of the tag customer)")
    #expect(
      cadence(180, .tier).rhythm
        == "no rhythm yet: 180 days is the default for your 50 closest ties")
    #expect(cadence(1, .explicit).rhythm == "you aim for every 1 day (your setting)")
  }

  @Test("what a lost tie's silence is measured against: a usual gap only when one was learned")
  func lostMeasure() {
    func cadence(_ days: Double, _ source: CadenceSource, usual: Double? = nil) -> Cadence {
      Cadence(days: days, source: source, usualGapDays: usual ?? days)
    }
    #expect(cadence(12.4, .learned).lostMeasure == "your usual gap with them (12 days)")
    #expect(cadence(7, .tier).lostMeasure == "the 7-day default for your 5 closest ties")
    #expect(cadence(30, .explicit).lostMeasure == "the 30-day cadence you set")
    #expect(cadence(14, .tag).lostMeasure == "their tag's 14-day cadence")
    // A cadence shorter than the learned gap: the tie is lost against the longer, learned one.
    #expect(cadence(5, .explicit, usual: 10).lostMeasure == "your usual gap with them (10 days)")
  }

  /// 151 contacts with undated explicit ties of weights 1000, 999, …, 850: ranks by peak are
  /// 1…151 in declaration order, and with no interactions the tier decides the cadence.
  static let rankedNetwork: (fixture: SnapshotFixture, snapshot: NetworkSnapshot) = {
    var fixture = egoFixture()
    for k in 1...151 {
      let handle = String(format: "c%03d", k)
      fixture.person(handle)
      fixture.tie("me", handle, weight: Double(1001 - k))
    }
    return (fixture, fixture.snapshot(asOf: at(0)))
  }()

  @Test("tier cadence through peak ranks in a snapshot", arguments: tierCases)
  func tierCadenceInSnapshot(_ c: TierCase) throws {
    let (fixture, snapshot) = Self.rankedNetwork
    let ego = fixture.index(of: "me")
    let ranks = CadenceModel.peakRanks(snapshot, ego: ego)
    let contact = fixture.index(of: String(format: "c%03d", c.rank))
    #expect(ranks[Int(contact)] == Int32(c.rank))
    let cadence = CadenceModel.cadence(
      of: contact, in: snapshot, rank: ranks[Int(contact)], revivals: Revivals(snapshot, ego: ego))
    if let days = c.days {
      let found = try #require(cadence)
      #expect(found.days == days)
      #expect(found.source == .tier)
      #expect(found.usualGapDays == days)
    } else {
      #expect(cadence == nil)
    }
  }

  @Test("peak ranks: strongest first, equal peaks by handle, 0 for non-contacts")
  func peakRanks() {
    var fixture = egoFixture("bea", "ann", "cyd", "stranger")
    fixture.tie("me", "bea", weight: 2)
    fixture.tie("me", "ann", weight: 2)
    fixture.tie("me", "cyd", weight: 5)
    fixture.tie("bea", "stranger", weight: 9)
    let snapshot = fixture.snapshot(asOf: at(0))
    let ranks = CadenceModel.peakRanks(snapshot, ego: fixture.index(of: "me"))
    #expect(ranks[Int(fixture.index(of: "cyd"))] == 1)
    #expect(ranks[Int(fixture.index(of: "ann"))] == 2)
    #expect(ranks[Int(fixture.index(of: "bea"))] == 3)
    #expect(ranks[Int(fixture.index(of: "stranger"))] == 0)
    #expect(ranks[Int(fixture.index(of: "me"))] == 0)
  }

  @Test("peak ranks agree with a sort by (peak descending, handle) with many equal peaks")
  func peakRanksAgreeWithComparisonSort() {
    var random = _SplitMix64(seed: 31)
    // Handles in no order, some outside ASCII (compared as strings, as everywhere).
    let stems = ["ann", "Ann", "émile", "zoë", "李", "bo", "b", "ann-2", "Émile"]
    var fixture = SnapshotFixture(ego: "me")
    var handles: [String] = []
    for k in 0..<400 {
      let handle = "\(stems[Int(random.next() % UInt64(stems.count))])-\(k * 7919 % 400)"
      fixture.person(handle)
      handles.append(handle)
    }
    // Five peaks in all (one of them 0): most contacts share their peak with many others.
    let weights = [0, 0.5, 1, 2, 1e-30]
    for handle in handles where random.next() % 10 != 0 {
      fixture.tie("me", handle, weight: weights[Int(random.next() % UInt64(weights.count))])
    }
    let snapshot = fixture.snapshot(asOf: at(0))
    let me = fixture.index(of: "me")
    var contacts: [(peak: Float, person: Int32)] = []
    for slot in snapshot.offsets[Int(me)]..<snapshot.offsets[Int(me) + 1] {
      let peak = snapshot.tiePeak[snapshot.tieIndex(slot: slot, of: me)]
      contacts.append((peak, snapshot.neighbors[slot]))
    }
    contacts.sort {
      $0.peak != $1.peak
        ? $0.peak > $1.peak
        : snapshot.people.handles[Int($0.person)] < snapshot.people.handles[Int($1.person)]
    }
    var expected = [Int32](repeating: 0, count: snapshot.personCount)
    for (i, c) in contacts.enumerated() { expected[Int(c.person)] = Int32(i + 1) }
    #expect(contacts.count > 300 && Set(contacts.map(\.peak)).count >= 4)
    #expect(CadenceModel.peakRanks(snapshot, ego: me) == expected)
  }

  @Test("the descending key of a float orders it strongest first, 0 and −0 alike")
  func descendingKey() {
    let values: [Float] = [-2, -0.5, -Float.leastNonzeroMagnitude, 0, 1e-30, 0.5, 1, 2, .infinity]
    let keys = values.map(CadenceModel.descending)
    #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 > $1 })
    #expect(CadenceModel.descending(-0.0) == CadenceModel.descending(0))
  }

  // MARK: Precedence

  struct PrecedenceCase: Sendable, CustomTestStringConvertible {
    let name: String
    let personal: Int?
    let tags: [String]
    let tagCadences: [String: Int]
    /// Days of the ego's meetings with the contact.
    let meetings: [Double]
    let days: Double?
    let source: CadenceSource?
    let usualGap: Double?
    var testDescription: String { name }
  }

  @Test(
    "personal beats tag, shortest tag wins, learned with ≥ 3 days of contact, tier otherwise",
    arguments: [
      PrecedenceCase(
        name: "personal beats tag", personal: 20, tags: ["board"], tagCadences: ["board": 10],
        meetings: [0], days: 20, source: .explicit, usualGap: 20),
      PrecedenceCase(
        name: "personal beats learned; the usual gap is the longer of the two", personal: 30,
        tags: [], tagCadences: [:], meetings: [0, 10, 20], days: 30, source: .explicit,
        usualGap: 30),
      PrecedenceCase(
        name: "personal cadence shorter than the learned gap: the learned gap is usual",
        personal: 5, tags: [], tagCadences: [:], meetings: [0, 10, 20], days: 5,
        source: .explicit, usualGap: 10),
      PrecedenceCase(
        name: "shortest tag wins", personal: nil, tags: ["alumni", "team", "family"],
        tagCadences: ["alumni": 90, "team": 14, "family": 30], meetings: [0], days: 14,
        source: .tag, usualGap: 14),
      PrecedenceCase(
        name: "equal tag cadences: the first tag by name", personal: nil,
        tags: ["team", "board"], tagCadences: ["team": 14, "board": 14], meetings: [0], days: 14,
        source: .tag, usualGap: 14),
      PrecedenceCase(
        name: "a tag without a cadence is ignored", personal: nil, tags: ["misc", "alumni"],
        tagCadences: ["alumni": 90], meetings: [0], days: 90, source: .tag, usualGap: 90),
      PrecedenceCase(
        name: "tag beats learned; the usual gap is the longer of the two", personal: nil,
        tags: ["team"], tagCadences: ["team": 30], meetings: [0, 5, 10], days: 30, source: .tag,
        usualGap: 30),
      // Gaps 8 and 12: the median of two gaps is their mean, 10.
      PrecedenceCase(
        name: "learned from exactly 3 interactions", personal: nil, tags: [], tagCadences: [:],
        meetings: [0, 8, 20], days: 10, source: .learned, usualGap: 10),
      // Gaps 12, 8, 9: the middle one, 9.
      PrecedenceCase(
        name: "learned from 4 interactions (odd number of gaps)", personal: nil, tags: [],
        tagCadences: [:], meetings: [0, 12, 20, 29], days: 9, source: .learned, usualGap: 9),
      PrecedenceCase(
        name: "2 interactions are not enough to learn: tier of rank 1", personal: nil, tags: [],
        tagCadences: [:], meetings: [0, 40], days: 7, source: .tier, usualGap: 7),
      // Gaps of 4 days: below the weekly floor.
      PrecedenceCase(
        name: "a learned gap under a week is raised to a week", personal: nil, tags: [],
        tagCadences: [:], meetings: [0, 4, 8], days: 7, source: .learned, usualGap: 7),
      // One day of contact, however many interactions: no rhythm.
      PrecedenceCase(
        name: "several contacts the same second: one day, tier of rank 1", personal: nil,
        tags: [], tagCadences: [:], meetings: [3, 3, 3], days: 7, source: .tier, usualGap: 7),
      // An email and its reply on day 0, lunch on day 16: two days, not gaps 0 and 16.
      PrecedenceCase(
        name: "3 interactions on 2 days are not enough to learn", personal: nil, tags: [],
        tagCadences: [:], meetings: [0, 0.1, 16], days: 7, source: .tier, usualGap: 7),
      PrecedenceCase(
        name: "no interaction, rank 1: tier", personal: nil, tags: [], tagCadences: [:],
        meetings: [], days: 7, source: .tier, usualGap: 7),
    ])
  func precedence(_ c: PrecedenceCase) throws {
    var fixture = egoFixture()
    fixture.person("cara", tags: c.tags, cadence: c.personal)
    for (tag, days) in c.tagCadences { fixture.tagCadence(tag, days: days) }
    for d in c.meetings { fixture.meet("cara", at: at(d)) }
    // Every case has a tie (rank 1) even without meetings.
    if c.meetings.isEmpty { fixture.tie("me", "cara", weight: 1) }
    let snapshot = fixture.snapshot(asOf: at(100))
    let contact = fixture.index(of: "cara")
    let me = fixture.index(of: "me")
    let ranks = CadenceModel.peakRanks(snapshot, ego: me)
    #expect(ranks[Int(contact)] == 1)
    let cadence = try #require(
      CadenceModel.cadence(
        of: contact, in: snapshot, rank: ranks[Int(contact)], revivals: Revivals(snapshot, ego: me))
    )
    #expect(cadence.source == c.source)
    // The tag whose cadence it is: the shortest, then the first by name.
    let tag = c.tags.compactMap { t in c.tagCadences[t].map { (days: $0, tag: t) } }.min {
      ($0.days, $0.tag) < ($1.days, $1.tag)
    }?.tag
    #expect(cadence.tag == (c.source == .tag ? tag : nil))
    if let days = c.days { #expect(abs(cadence.days - days) <= secondsRatioTolerance) }
    if let usualGap = c.usualGap {
      #expect(abs(cadence.usualGapDays - usualGap) <= secondsRatioTolerance)
    }
  }

  @Test("the finest learned cadence is weekly")
  func minimumLearned() {
    #expect(CadenceModel.minimumLearnedDays == 7)
  }

  @Test("no cadence without a rank, a setting or 3 interactions")
  func noCadence() {
    var fixture = egoFixture("cara")
    fixture.meet("cara", at: at(0))
    let snapshot = fixture.snapshot(asOf: at(10))
    let revivals = Revivals(snapshot, ego: fixture.index(of: "me"))
    let cara = fixture.index(of: "cara")
    #expect(CadenceModel.cadence(of: cara, in: snapshot, rank: 0, revivals: revivals) == nil)
    #expect(CadenceModel.cadence(of: cara, in: snapshot, rank: 151, revivals: revivals) == nil)
  }
}
