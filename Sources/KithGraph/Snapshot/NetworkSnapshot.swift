import Foundation

/// The people of a snapshot, in dense index order.
public struct SnapshotPeople: Sendable {
  public var ids: [Int64] = []
  public var handles: [String] = []
  public var names: [String] = []
  public var tags: [[String]] = []
  public var interests: [[String]] = []
  /// The explicit keep-in-touch cadence in days, 0 when none was set.
  public var cadenceDays: [Int32] = []
  /// When the person's follow-ups were dismissed, in seconds (`Person.followUpsDismissed`),
  /// `TieColumns.none` when they were not.
  public var followUpsDismissed: [Int64] = []
  /// When the ego let the tie to the person go, in seconds (`TieLetGo`), `TieColumns.none`
  /// when they did not. Empty where nobody was let go (as `append` leaves it).
  public var letGo: [Int64] = []

  public init() {}

  /// When the ego let the tie to `person` go, nil when they did not.
  public func letGo(of person: Int32) -> Int64? {
    let k = Int(person)
    guard k < letGo.count, letGo[k] != TieColumns.none else { return nil }
    return letGo[k]
  }

  /// Records that the ego let the tie to `person` go at `time` (seconds).
  public mutating func setLetGo(of person: Int32, at time: Int64) {
    if letGo.count < ids.count {
      letGo += repeatElement(TieColumns.none, count: ids.count - letGo.count)
    }
    letGo[Int(person)] = time
  }

  public var count: Int { ids.count }

  public mutating func append(_ person: Person) {
    ids.append(person.id)
    handles.append(person.handle)
    names.append(person.name)
    tags.append(person.tags)
    interests.append(person.interests)
    cadenceDays.append(Int32(clamping: person.cadenceDays ?? 0))
    followUpsDismissed.append(
      person.followUpsDismissed.map { KithTime.seconds($0) } ?? TieColumns.none)
  }
}

/// The organisations of a snapshot, in dense index order.
public struct SnapshotOrganisations: Sendable {
  public var ids: [Int64] = []
  public var handles: [String] = []
  public var names: [String] = []

  public init() {}

  public var count: Int { ids.count }

  public mutating func append(_ organisation: Organisation) {
    ids.append(organisation.id)
    handles.append(organisation.handle)
    names.append(organisation.name)
  }
}

/// One person–organisation link in the affiliation incidence.
public struct SnapshotAffiliation: Hashable, Sendable {
  public var person: Int32
  public var organisation: Int32
  public var role: String?
  /// Whether the affiliation holds at the snapshot's time.
  public var isCurrent: Bool

  public init(person: Int32, organisation: Int32, role: String?, isCurrent: Bool) {
    self.person = person
    self.organisation = organisation
    self.role = role
    self.isCurrent = isCurrent
  }
}

/// What a snapshot knows about one tie.
public struct TieSummary: Hashable, Sendable {
  public var strength: Double
  public var peak: Double
  public var count: Int
  /// The day (00:00 UTC) of the first and last dated event; nil for an undated explicit tie.
  public var firstDay: Date?
  public var lastDay: Date?
}

/// The immutable, compact graph that every analytics function reads: the network as of `asOf`.
///
/// People and organisations have dense `Int32` indices `0..<n`. Ties are stored once each, in
/// canonical order (a < b, sorted by a then b), as columns: current strength, peak, count, and
/// the first and last day as 16-bit offsets from `dayBase`. Adjacency is CSR over both
/// directions with each node's neighbours sorted ascending: first those below it, then those
/// above it, so a tie is found from its upper slot in O(1) and from its lower slot by a binary
/// search. Memory per tie: 8 bytes of adjacency + 16 of tie columns = 24 bytes (28 in the
/// rare network whose days span more than 179 years, which needs wider day columns).
public struct NetworkSnapshot: Sendable {
  public let asOf: Date
  public let settings: DecaySettings
  public let people: SnapshotPeople
  public let organisations: SnapshotOrganisations
  /// Affiliations sorted by person; `affiliationOffsets[u]..<affiliationOffsets[u+1]`.
  public let affiliations: [SnapshotAffiliation]
  public let affiliationOffsets: [Int32]
  public let ego: Int32?
  /// The ego's interactions, exchanges, referrals and notes (empty for a plain graph).
  public let activity: SnapshotActivity
  public let personIndex: [Int64: Int32]

  /// CSR offsets: the neighbours of u are `neighbors[offsets[u]..<offsets[u+1]]`.
  public let offsets: [Int]
  public let neighbors: [Int32]
  /// The first slot of u whose neighbour is above u.
  @usableFromInline let firstUpperSlot: [Int]
  /// The tie index of u's first upper slot.
  @usableFromInline let upperTieStart: [Int32]

  /// Tie columns in canonical order.
  public let tieStrength: [Float]
  public let tiePeak: [Float]
  public let tieCount: [UInt32]
  let tieFirstDay: [UInt16]
  let tieLastDay: [UInt16]
  /// Day numbers, used instead of the 16-bit offsets only when the network's days span more
  /// than 65,534 days (≈179 years); empty otherwise.
  let wideFirstDay: [Int32]
  let wideLastDay: [Int32]
  /// Day number (days since 1970-01-01) that day offsets count from.
  public let dayBase: Int64

  static let noDay = UInt16.max

  /// Builds a snapshot as of `asOf` from per-pair aggregates.
  ///
  /// - Parameters:
  ///   - ties: aggregates by dense person index; pairs in any order, each pair at most once.
  ///     Aggregates must not hold events after `asOf`.
  /// - Complexity: O(n + m) for n people and m ties when `ties` is sorted by (a, b) (the
  ///   store delivers it so), plus O(m log m) otherwise. No per-tie heap objects.
  public init(
    asOf: Date, settings: DecaySettings, people: SnapshotPeople,
    organisations: SnapshotOrganisations = SnapshotOrganisations(),
    affiliations: [SnapshotAffiliation] = [], ties: TieColumns, ego: Int32?,
    activity: SnapshotActivity? = nil
  ) {
    self.asOf = asOf
    self.settings = settings
    self.people = people
    self.organisations = organisations
    self.ego = ego
    self.activity = activity ?? .empty(personCount: people.count)
    precondition(
      self.activity.egoInteractions.offsets.count == people.count + 1,
      "activity is for another set of people")
    var index = [Int64: Int32](minimumCapacity: people.count)
    for (i, id) in people.ids.enumerated() { index[id] = Int32(i) }
    self.personIndex = index

    let n = people.count
    // Affiliation incidence, sorted by person (stable).
    let sortedAff = affiliations.enumerated().sorted {
      ($0.element.person, $0.offset) < ($1.element.person, $1.offset)
    }.map(\.element)
    var affOffsets = [Int32](repeating: 0, count: n + 1)
    for aff in sortedAff { affOffsets[Int(aff.person) + 1] += 1 }
    for u in 0..<n { affOffsets[u + 1] += affOffsets[u] }
    self.affiliations = sortedAff
    self.affiliationOffsets = affOffsets

    // Canonical tie order: a < b, sorted by (a, b), no pair twice. The store and
    // `TieEvents.accumulate` hand it over that way; anything else is canonicalized first.
    let n32 = Int32(clamping: n)
    var canonical = true
    ties.a.withUnsafeBufferPointer { a in
      ties.b.withUnsafeBufferPointer { b in
        var previousA: Int32 = -1
        var previousB: Int32 = -1
        for t in 0..<a.count {
          let x = a[t]
          let y = b[t]
          precondition(x != y, "self-loops are not ties")
          precondition(min(x, y) >= 0 && max(x, y) < n32, "tie endpoint out of range")
          if x > y || x < previousA || (x == previousA && y <= previousB) { canonical = false }
          previousA = x
          previousB = y
        }
      }
    }
    let ties = canonical ? ties : Self.canonicalized(ties)
    let m = ties.a.count

    let nowSeconds = KithTime.seconds(asOf)
    let h = settings.halfLifeSeconds
    var base = Int64.max
    var top = Int64.min
    ties.first.withUnsafeBufferPointer { first in
      ties.last.withUnsafeBufferPointer { last in
        for t in 0..<m where first[t] != TieColumns.none {
          base = min(base, first[t])
          top = max(top, last[t])
        }
      }
    }
    let zone = KithTime.zone
    base = base == .max ? zone.day(ofSeconds: nowSeconds) : zone.day(ofSeconds: base)
    top = top == .min ? .min : zone.day(ofSeconds: top)
    let compactDays = top == .min || top - base < Int64(Self.noDay)
    self.dayBase = base

    var strength = [Float](repeating: 0, count: m)
    var peak = [Float](repeating: 0, count: m)
    var firstDay = [UInt16](repeating: Self.noDay, count: compactDays ? m : 0)
    var lastDay = [UInt16](repeating: Self.noDay, count: compactDays ? m : 0)
    var wideFirst = [Int32](repeating: Int32.min, count: compactDays ? 0 : m)
    var wideLast = [Int32](repeating: Int32.min, count: compactDays ? 0 : m)
    strength.withUnsafeMutableBufferPointer { strength in
      peak.withUnsafeMutableBufferPointer { peak in
        ties.strengthAtLast.withUnsafeBufferPointer { sLast in
          ties.peakDecaying.withUnsafeBufferPointer { peakDecaying in
            ties.constant.withUnsafeBufferPointer { constant in
              ties.last.withUnsafeBufferPointer { last in
                for t in 0..<m {
                  let l = last[t]
                  strength[t] =
                    l == TieColumns.none
                    ? Float(constant[t])
                    : Float(sLast[t] * exp2(-Double(max(nowSeconds - l, 0)) / h) + constant[t])
                  peak[t] = Float(peakDecaying[t] + constant[t])
                }
              }
            }
          }
        }
      }
    }
    ties.first.withUnsafeBufferPointer { first in
      ties.last.withUnsafeBufferPointer { last in
        if compactDays {
          firstDay.withUnsafeMutableBufferPointer { firstDay in
            lastDay.withUnsafeMutableBufferPointer { lastDay in
              for t in 0..<m where last[t] != TieColumns.none {
                firstDay[t] = UInt16(truncatingIfNeeded: zone.day(ofSeconds: first[t]) - base)
                lastDay[t] = UInt16(truncatingIfNeeded: zone.day(ofSeconds: last[t]) - base)
              }
            }
          }
        } else {
          for t in 0..<m where last[t] != TieColumns.none {
            wideFirst[t] = Int32(zone.day(ofSeconds: first[t]))
            wideLast[t] = Int32(zone.day(ofSeconds: last[t]))
          }
        }
      }
    }

    // CSR: each node's lower neighbours first (ascending, since ties are sorted by a), then
    // its upper ones (ascending b within a).
    var offsets = [Int](repeating: 0, count: n + 1)
    var neighbors = [Int32](repeating: 0, count: 2 * m)
    var firstUpper = [Int](repeating: 0, count: n)
    var upperStart = [Int32](repeating: 0, count: n)
    ties.a.withUnsafeBufferPointer { a in
      ties.b.withUnsafeBufferPointer { b in
        var degree = [Int32](repeating: 0, count: n)
        var upperDegree = [Int32](repeating: 0, count: n)
        degree.withUnsafeMutableBufferPointer { degree in
          upperDegree.withUnsafeMutableBufferPointer { upper in
            for t in 0..<m {
              upper[Int(a[t])] += 1
              degree[Int(b[t])] += 1
            }
            offsets.withUnsafeMutableBufferPointer { offsets in
              var fill = [Int](repeating: 0, count: n)
              fill.withUnsafeMutableBufferPointer { fill in
                for u in 0..<n {
                  offsets[u + 1] = offsets[u] + Int(degree[u]) + Int(upper[u])
                  fill[u] = offsets[u]
                }
                neighbors.withUnsafeMutableBufferPointer { neighbors in
                  for t in 0..<m {
                    let y = Int(b[t])
                    neighbors[fill[y]] = a[t]
                    fill[y] += 1
                  }
                  var running: Int32 = 0
                  firstUpper.withUnsafeMutableBufferPointer { firstUpper in
                    upperStart.withUnsafeMutableBufferPointer { upperStart in
                      for u in 0..<n {
                        firstUpper[u] = fill[u]
                        upperStart[u] = running
                        running += upper[u]
                      }
                    }
                  }
                  // Upper neighbours: ties are sorted by a, so each node's run is contiguous.
                  var t = 0
                  while t < m {
                    let x = Int(a[t])
                    var slot = fill[x]
                    while t < m && Int(a[t]) == x {
                      neighbors[slot] = b[t]
                      slot += 1
                      t += 1
                    }
                    fill[x] = slot
                  }
                }
              }
            }
          }
        }
      }
    }
    self.offsets = offsets
    self.neighbors = neighbors
    self.firstUpperSlot = firstUpper
    self.upperTieStart = upperStart
    self.tieStrength = strength
    self.tiePeak = peak
    self.tieCount = ties.count
    self.tieFirstDay = firstDay
    self.tieLastDay = lastDay
    self.wideFirstDay = wideFirst
    self.wideLastDay = wideLast
  }

  /// `ties` with a < b in every pair, sorted by (a, b); a pair given twice is a programmer error.
  static func canonicalized(_ ties: TieColumns) -> TieColumns {
    let m = ties.a.count
    let order = (0..<m).sorted {
      (min(ties.a[$0], ties.b[$0]), max(ties.a[$0], ties.b[$0]))
        < (min(ties.a[$1], ties.b[$1]), max(ties.a[$1], ties.b[$1]))
    }
    var out = TieColumns()
    out.reserveCapacity(m)
    for s in order {
      let x = min(ties.a[s], ties.b[s])
      let y = max(ties.a[s], ties.b[s])
      if let px = out.a.last, let py = out.b.last {
        precondition((px, py) != (x, y), "a pair appears twice")
      }
      out.append(
        a: x, b: y, count: ties.count[s], first: ties.first[s], last: ties.last[s],
        strengthAtLast: ties.strengthAtLast[s], peakDecaying: ties.peakDecaying[s],
        constant: ties.constant[s])
    }
    return out
  }

  /// The snapshot's time in whole seconds since the epoch.
  public var asOfSeconds: Int64 { KithTime.seconds(asOf) }

  /// The number of people.
  public var personCount: Int { people.count }
  /// The number of ties (undirected pairs with any event).
  public var numberOfTies: Int { tieStrength.count }

  /// The degree of `u`.
  public func degree(_ u: Int32) -> Int { offsets[Int(u) + 1] - offsets[Int(u)] }

  /// The neighbours of `u`, ascending.
  public func neighbors(of u: Int32) -> ArraySlice<Int32> {
    neighbors[offsets[Int(u)]..<offsets[Int(u) + 1]]
  }

  /// The tie index of slot `slot` of node `u`.
  /// - Complexity: O(1) for a neighbour above `u`, O(log deg) for one below.
  @inlinable
  public func tieIndex(slot: Int, of u: Int32) -> Int {
    let v = neighbors[slot]
    if v > u { return Int(upperTieStart[Int(u)]) + (slot - firstUpperSlot[Int(u)]) }
    // The tie (v, u) lives in v's upper range.
    return tieIndex(lower: v, upper: u) ?? -1
  }

  @usableFromInline
  func tieIndex(lower x: Int32, upper y: Int32) -> Int? {
    var lo = firstUpperSlot[Int(x)]
    var hi = offsets[Int(x) + 1]
    while lo < hi {
      let mid = (lo + hi) / 2
      if neighbors[mid] < y { lo = mid + 1 } else { hi = mid }
    }
    guard lo < offsets[Int(x) + 1], neighbors[lo] == y else { return nil }
    return Int(upperTieStart[Int(x)]) + (lo - firstUpperSlot[Int(x)])
  }

  /// The tie index of the pair (u, v), or nil when they have no tie.
  /// - Complexity: O(log deg(min(u, v))).
  public func tieIndex(_ u: Int32, _ v: Int32) -> Int? {
    guard u != v else { return nil }
    return tieIndex(lower: min(u, v), upper: max(u, v))
  }

  /// The current strength between u and v (0 without a tie).
  public func strength(_ u: Int32, _ v: Int32) -> Double {
    tieIndex(u, v).map { Double(tieStrength[$0]) } ?? 0
  }

  /// The endpoints of tie `t`.
  /// - Complexity: O(log n) (a binary search over the per-node tie ranges).
  public func endpoints(ofTie t: Int) -> TieEndpoints {
    var lo = 0
    var hi = people.count - 1
    // The owner x has upperTieStart[x] <= t < upperTieStart[x + 1], so it is the last such x.
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if Int(upperTieStart[mid]) <= t { lo = mid } else { hi = mid - 1 }
    }
    let x = Int32(lo)
    // The upper endpoint: find the slot through x's upper range.
    let slot = firstUpperSlot[Int(x)] + (t - Int(upperTieStart[Int(x)]))
    return TieEndpoints(a: x, b: neighbors[slot])
  }

  /// Everything known about tie `t`.
  public func tie(_ t: Int) -> TieSummary {
    func day(_ offset: UInt16) -> Date? {
      offset == Self.noDay
        ? nil : Date(timeIntervalSince1970: Double(KithTime.startOfDay(dayBase + Int64(offset))))
    }
    func wide(_ dayNumber: Int32) -> Date? {
      dayNumber == Int32.min
        ? nil : Date(timeIntervalSince1970: Double(KithTime.startOfDay(Int64(dayNumber))))
    }
    let compact = wideFirstDay.isEmpty
    return TieSummary(
      strength: Double(tieStrength[t]), peak: Double(tiePeak[t]), count: Int(tieCount[t]),
      firstDay: compact ? day(tieFirstDay[t]) : wide(wideFirstDay[t]),
      lastDay: compact ? day(tieLastDay[t]) : wide(wideLastDay[t]))
  }

  /// Per-slot strengths in adjacency order, for algorithms that scan neighbours with weights.
  /// - Complexity: O(n + m) time and 8 bytes per tie of extra memory.
  public func slotStrengths() -> [Float] {
    var out = [Float](repeating: 0, count: neighbors.count)
    let n = people.count
    for u in 0..<n {
      var slot = firstUpperSlot[u]
      var t = Int(upperTieStart[u])
      let end = offsets[u + 1]
      while slot < end {
        out[slot] = tieStrength[t]
        slot += 1
        t += 1
      }
    }
    // Lower slots: walk ties in canonical order (x ascending, then its upper neighbours);
    // each node's lower slots fill ascending.
    var fill = Array(offsets.dropLast())
    for x in 0..<n {
      var t = Int(upperTieStart[x])
      for slot in firstUpperSlot[x]..<offsets[x + 1] {
        let y = Int(neighbors[slot])
        out[fill[y]] = tieStrength[t]
        fill[y] += 1
        t += 1
      }
    }
    return out
  }

  /// The affiliations of person `u`.
  public func affiliations(of u: Int32) -> ArraySlice<SnapshotAffiliation> {
    affiliations[Int(affiliationOffsets[Int(u)])..<Int(affiliationOffsets[Int(u) + 1])]
  }

  /// The dense index of the person with store id `id`.
  public func index(ofPerson id: Int64) -> Int32? { personIndex[id] }

  /// Bytes held by the tie-proportional arrays, divided by the number of ties.
  public var bytesPerTie: Double {
    guard !tieStrength.isEmpty else { return 0 }
    let bytes =
      neighbors.count * 4 + tieStrength.count * 4 + tiePeak.count * 4
      + tieCount.count * 4 + tieFirstDay.count * 2 + tieLastDay.count * 2
      + wideFirstDay.count * 4 + wideLastDay.count * 4
    return Double(bytes) / Double(tieStrength.count)
  }
}

/// The two people of a tie, a < b.
public struct TieEndpoints: Hashable, Sendable {
  public var a: Int32
  public var b: Int32
}
