import Foundation

/// The ego's interactions, grouped by contact: the input of cadence, neglect, follow-ups and
/// initiation shares.
///
/// An interaction of the ego with p − 1 others appears once under each of them. Within a
/// contact, entries are sorted by time then interaction id.
public struct EgoInteractions: Sendable {
  /// Entries of contact u are `offsets[u]..<offsets[u+1]`.
  public var offsets: [Int]
  public var time: [Int64]
  public var kind: [InteractionKind]
  /// Who started it: a dense person index, or -1 when unknown.
  public var initiator: [Int32]
  /// The follow-up date, or `TieColumns.none`.
  public var followUp: CompactColumn<Int64>
  /// Index into `summaries`, or -1.
  public var summary: CompactColumn<Int32>
  /// The interaction ids; empty when the interactions were added in id order without them
  /// (`EgoInteractionsBuilder.append(contacts:times:kinds:initiators:participantCount:)`),
  /// when the order of the entries is all they decided.
  public var interactionID: [Int64]
  public var participantCount: CompactColumn<Int32>
  public var summaries: [String]
  /// Per person, what a cadence is learned from (``ContactRhythm``): computed once by
  /// `EgoInteractionsBuilder.build`, so that cadences do not walk every contact's history.
  /// Empty when not computed (then `rhythm(of:)` computes it).
  public var rhythms: [ContactRhythm] = []
  /// Per person, the time of the latest interaction, `Int64.min` with none: computed with the
  /// rhythms, so that the analyses that ask it of every contact do not each read it from a
  /// random place in `time`. Empty when not computed (then `lastTime(of:)` reads `time`).
  public var lastTimes: [Int64] = []

  /// An empty view for `personCount` people.
  public init(personCount: Int) {
    offsets = [Int](repeating: 0, count: personCount + 1)
    time = []
    kind = []
    initiator = []
    followUp = CompactColumn()
    summary = CompactColumn()
    interactionID = []
    participantCount = CompactColumn()
    summaries = []
  }

  /// The entry range of contact `u`.
  public func range(of u: Int32) -> Range<Int> { offsets[Int(u)]..<offsets[Int(u) + 1] }

  /// The number of interactions the ego had with `u`.
  public func count(of u: Int32) -> Int { offsets[Int(u) + 1] - offsets[Int(u)] }

  /// The rhythm of the ego's contact with `u` (``ContactRhythm``).
  /// - Complexity: O(1) when built by `EgoInteractionsBuilder`, else O(k) for k interactions.
  public func rhythm(of u: Int32) -> ContactRhythm {
    if rhythms.count == offsets.count - 1 { return rhythms[Int(u)] }
    var scratch = ContactRhythm.Scratch()
    return time.withUnsafeBufferPointer {
      ContactRhythm(UnsafeBufferPointer(rebasing: $0[range(of: u)]), &scratch)
    }
  }

  /// The time of the latest interaction with `u`; nil with none.
  /// - Complexity: O(1).
  public func lastTime(of u: Int32) -> Int64? {
    guard lastTimes.count == offsets.count - 1 else { return time[range(of: u)].last }
    let t = lastTimes[Int(u)]
    return t == .min ? nil : t
  }

  /// The cadence learned from the days you were in touch with `u`: the median gap in days
  /// between them since the tie was last lost; nil with fewer than
  /// ``ContactRhythm/minimumDays`` such days.
  /// - Complexity: as `rhythm(of:)`.
  public func learnedGapDays(of u: Int32) -> Double? {
    let m = rhythm(of: u).medianGapDays
    return m.isNaN ? nil : m
  }

  /// When the tie to `u` was revived by an interaction: the time of the first interaction after
  /// the latest silence that lost it (``ContactRhythm``); nil when it was never lost. (An
  /// exchange can end such a silence too; KithAnalytics' `Revivals` says when one did.)
  /// - Complexity: as `rhythm(of:)`.
  public func revival(of u: Int32) -> Int64? {
    let start = rhythm(of: u).start
    return start > 0 ? time[offsets[Int(u)] + Int(start)] : nil
  }

  /// The median of the latest `gaps` gaps between the days you were in touch with `u` since
  /// the tie was last lost, in days; nil with no more gaps than that there.
  /// - Complexity: O(gaps + the interactions on those days).
  public func recentGapDays(of u: Int32, gaps: Int) -> Double? {
    let rhythm = rhythm(of: u)
    guard Int(rhythm.days) > gaps + 1 else { return nil }
    // Walked back from the latest day, the gap to each earlier day of contact.
    return withUnsafeTemporaryAllocation(of: Int64.self, capacity: max(gaps, 0)) { recent in
      var k = offsets[Int(u) + 1] - 1
      var later = KithTime.day(ofSeconds: time[k])
      var found = 0
      while found < gaps {
        k -= 1
        let d = KithTime.day(ofSeconds: time[k])
        if d != later {
          recent[found] = later - d
          found += 1
          later = d
        }
      }
      return MedianSelection.median(recent)
    }
  }

  /// The summary text of entry `k`, if any.
  public func summaryText(_ k: Int) -> String? {
    summary[k] >= 0 ? summaries[Int(summary[k])] : nil
  }
}

/// Collects the ego's interactions in any order, then sorts them into `EgoInteractions`; or,
/// without interaction ids, in the order of their ids.
public struct EgoInteractionsBuilder: Sendable {
  @usableFromInline var contact: [Int32] = []
  @usableFromInline var time: [Int64] = []
  @usableFromInline var kind: [InteractionKind] = []
  @usableFromInline var initiator: [Int32] = []
  @usableFromInline var followUp = CompactColumn<Int64>()
  @usableFromInline var summary = CompactColumn<Int32>()
  @usableFromInline var interactionID: [Int64] = []
  @usableFromInline var participantCount = CompactColumn<Int32>()
  @usableFromInline var summaries: [String] = []
  /// The interactions were added in id order without ids: their order breaks ties in time.
  @usableFromInline var idsByOrder = false

  /// Interactions with ids cannot follow interactions added without them.
  @usableFromInline func requireIDsKept() {
    precondition(!idsByOrder, "interactions added without ids take no ids after them")
  }

  public init() {}

  /// Adds one interaction of the ego with `contact`.
  /// - Complexity: O(1) amortized.
  @inlinable
  public mutating func add(
    contact: Int32, time: Int64, kind: InteractionKind, initiator: Int32, followUp: Int64,
    summary: String?, interactionID: Int64, participantCount: Int32
  ) {
    requireIDsKept()
    self.contact.append(contact)
    self.time.append(time)
    self.kind.append(kind)
    self.initiator.append(initiator)
    self.followUp.append(followUp)
    if let summary {
      self.summary.append(Int32(summaries.count))
      summaries.append(summary)
    } else {
      self.summary.append(-1)
    }
    self.interactionID.append(interactionID)
    self.participantCount.append(participantCount)
  }

  /// Adds interactions with no follow-up date and no summary in bulk, as the buffer-pointer
  /// `append` does, taking the arrays over: when nothing was added before, they become the
  /// builder's storage without a copy (pass them uniquely referenced, e.g. with `consume`).
  /// - Complexity: O(k) for k interactions when something was added before, else O(1).
  public mutating func append(
    contacts: [Int32], times: [Int64], kinds: [InteractionKind], initiators: [Int32],
    interactionIDs: [Int64], participantCounts: [Int32]
  ) {
    precondition(participantCounts.count == contacts.count, "columns differ in length")
    append(
      contacts: contacts, times: times, kinds: kinds, initiators: initiators,
      interactionIDs: interactionIDs)
    participantCount.append(contentsOf: participantCounts)
  }

  /// Adds interactions with no follow-up date and no summary in bulk, all among
  /// `participantCount` people, as the array `append` does; the one count is stored once
  /// (as are the absent follow-ups and summaries), not once per interaction.
  /// - Complexity: O(k) for k interactions when something was added before, else O(1).
  public mutating func append(
    contacts: [Int32], times: [Int64], kinds: [InteractionKind], initiators: [Int32],
    interactionIDs: [Int64], participantCount: Int32
  ) {
    append(
      contacts: contacts, times: times, kinds: kinds, initiators: initiators,
      interactionIDs: interactionIDs)
    self.participantCount.append(participantCount, count: contacts.count)
  }

  /// Adds interactions with no follow-up date and no summary in bulk, all among
  /// `participantCount` people, as the array `append` with ids does, but without ids: the
  /// interactions come in the order of their ids (as stored, or as the rows of a file), and that
  /// order breaks ties in time. The builder then keeps no ids (`EgoInteractions.interactionID`
  /// is empty), so every interaction must be added this way, in order across calls.
  /// - Complexity: O(k) for k interactions when something was added before, else O(1).
  public mutating func append(
    contacts: [Int32], times: [Int64], kinds: [InteractionKind], initiators: [Int32],
    participantCount: Int32
  ) {
    precondition(contact.isEmpty || idsByOrder, "interactions added with ids take ids after them")
    idsByOrder = true
    append(
      contacts: contacts, times: times, kinds: kinds, initiators: initiators, interactionIDs: nil)
    self.participantCount.append(participantCount, count: contacts.count)
  }

  /// The columns the array `append`s take over, and the absent follow-ups and summaries.
  private mutating func append(
    contacts: [Int32], times: [Int64], kinds: [InteractionKind], initiators: [Int32],
    interactionIDs: [Int64]?
  ) {
    let k = contacts.count
    precondition(
      times.count == k && kinds.count == k && initiators.count == k
        && (interactionIDs?.count ?? k) == k, "columns differ in length")
    if interactionIDs != nil { requireIDsKept() }
    if contact.isEmpty {
      contact = contacts
      time = times
      kind = kinds
      initiator = initiators
      interactionID = interactionIDs ?? []
    } else {
      contact.append(contentsOf: contacts)
      time.append(contentsOf: times)
      kind.append(contentsOf: kinds)
      initiator.append(contentsOf: initiators)
      if let interactionIDs { interactionID.append(contentsOf: interactionIDs) }
    }
    followUp.append(TieColumns.none, count: k)
    summary.append(-1, count: k)
  }

  /// Whether entry `i` comes before entry `j` in (time, interaction id) order; without ids
  /// (`id` empty), in (time, entry) order: the entries' order is their ids' order.
  @inline(__always)
  static func precedes<Times: RandomAccessCollection<Int64>, IDs: RandomAccessCollection<Int64>>(
    _ i: Int, _ j: Int, _ time: Times, _ id: IDs
  ) -> Bool where Times.Index == Int, IDs.Index == Int {
    time[i] < time[j] || (time[i] == time[j] && (id.isEmpty ? i < j : id[i] < id[j]))
  }

  /// Whether the entries of `range` are in `precedes` order.
  static func inOrder<Times: RandomAccessCollection<Int64>, IDs: RandomAccessCollection<Int64>>(
    _ range: Range<Int>, _ time: Times, _ id: IDs
  ) -> Bool where Times.Index == Int, IDs.Index == Int {
    var k = range.lowerBound + 1
    while k < range.upperBound {
      if precedes(k, k - 1, time, id) { return false }
      k += 1
    }
    return true
  }

  /// `values` moved to `position`s (a permutation), by every core for large inputs (each reads
  /// its own part in order and writes where it goes); a column of one repeated value is copied
  /// instead, and an empty one (ids not kept) stays empty.
  static func scatter<T: Equatable>(_ values: [T], _ position: UnsafeBufferPointer<Int32>) -> [T] {
    guard let first = values.first else { return [] }
    if values.allSatisfy({ $0 == first }) { return values }
    return [T](unsafeUninitializedCapacity: position.count) { buffer, count in
      values.withUnsafeBufferPointer { values in
        let n = position.count
        let chunks = _chunkCount(n)
        _forEachChunkConcurrently(chunks) { c in
          for k in (n * c / chunks)..<(n * (c + 1) / chunks) {
            buffer.initializeElement(at: Int(position[k]), to: values[k])
          }
        }
      }
      count = position.count
    }
  }

  /// Adds interactions with no follow-up date and no summary in bulk, one per index k (the
  /// same as calling `add` for each k in order, without a call per interaction).
  /// - Complexity: O(k) for k interactions.
  public mutating func append(
    contacts: UnsafeBufferPointer<Int32>, times: UnsafeBufferPointer<Int64>,
    kinds: UnsafeBufferPointer<InteractionKind>, initiators: UnsafeBufferPointer<Int32>,
    interactionIDs: UnsafeBufferPointer<Int64>, participantCounts: UnsafeBufferPointer<Int32>
  ) {
    let k = contacts.count
    precondition(
      times.count == k && kinds.count == k && initiators.count == k && interactionIDs.count == k
        && participantCounts.count == k, "columns differ in length")
    requireIDsKept()
    contact.append(contentsOf: contacts)
    time.append(contentsOf: times)
    kind.append(contentsOf: kinds)
    initiator.append(contentsOf: initiators)
    followUp.append(TieColumns.none, count: k)
    summary.append(-1, count: k)
    interactionID.append(contentsOf: interactionIDs)
    participantCount.append(contentsOf: participantCounts)
  }

  /// The interactions grouped by contact, each contact's in (time, interaction id) order (in
  /// time order, and else in the order added, when they were added without ids), with every
  /// contact's rhythm (``ContactRhythm``).
  ///
  /// A stable counting sort by contact: every core counts its own part of the entries per
  /// contact and numbers them, so that each part's entries of a contact follow the previous
  /// part's; then every column is scattered to those places (read in order, written where each
  /// entry goes: the writes of a contact follow each other), and the runs that were added out
  /// of time order are sorted.
  /// - Complexity: O(k + n·c) for k interactions, n people and c cores when they were added
  ///   grouped and in order; otherwise plus the sorts of the contacts' out-of-order runs.
  ///
  /// The builder is consumed: each column it took over is let go as soon as it is scattered, so
  /// that the next one can reuse its memory (when the caller holds no other reference to it).
  public consuming func build(personCount: Int) -> EgoInteractions {
    precondition(contact.count < Int(Int32.max), "too many interactions for 32-bit positions")
    var out = EgoInteractions(personCount: personCount)
    let n = contact.count
    let chunks = _chunkCount(n)
    // starts[c · personCount + u]: first the number of chunk c's entries with contact u, then
    // where the first of them goes.
    var starts = [Int](repeating: 0, count: chunks * personCount)
    contact.withUnsafeBufferPointer { contact in
      starts.withUnsafeMutableBufferPointer { starts in
        _forEachChunkConcurrently(chunks) { c in
          let mine = starts.baseAddress.unsafelyUnwrapped + c * personCount
          for k in (n * c / chunks)..<(n * (c + 1) / chunks) {
            let u = Int(contact[k])
            // Checked here, before the unchecked writes below rely on it.
            precondition(u >= 0 && u < personCount, "a contact is not a person of the snapshot")
            mine[u] += 1
          }
        }
      }
    }
    var placed = 0
    for u in 0..<personCount {
      for c in 0..<chunks {
        let count = starts[c * personCount + u]
        starts[c * personCount + u] = placed
        placed += count
      }
      out.offsets[u + 1] = placed
    }
    // Grouped by contact already when every entry lands where it is.
    var identity = true
    do {
      var fill = Array(out.offsets.dropLast())
      for k in contact.indices {
        let c = Int(contact[k])
        if fill[c] != k {
          identity = false
          break
        }
        fill[c] += 1
      }
    }
    if identity {
      // The columns pass through if each run is in order.
      for u in 0..<personCount
      where !Self.inOrder(out.offsets[u]..<out.offsets[u + 1], time, interactionID) {
        identity = false
        break
      }
    }
    if identity {
      out.time = time
      out.kind = kind
      out.initiator = initiator
      out.followUp = followUp
      out.summary = summary
      out.interactionID = interactionID
      out.participantCount = participantCount
    } else {
      // Where each entry goes: each chunk numbers its own entries (and reads its own part of
      // starts). Then every column is scattered: read in order, written to its entries' places.
      // The positions take the contacts' place (each read before it is overwritten): no second
      // column of n entries.
      contact.withUnsafeMutableBufferPointer { contact in
        starts.withUnsafeMutableBufferPointer { starts in
          _forEachChunkConcurrently(chunks) { c in
            let fill = starts.baseAddress.unsafelyUnwrapped + c * personCount
            for k in (n * c / chunks)..<(n * (c + 1) / chunks) {
              let u = Int(contact[k])
              contact[k] = Int32(truncatingIfNeeded: fill[u])
              fill[u] += 1
            }
          }
        }
      }
      let position = contact
      contact = []
      // Each input column is let go once scattered.
      func scatter<T: Equatable>(_ values: inout [T]) -> [T] {
        defer { values = [] }
        return position.withUnsafeBufferPointer { Self.scatter(values, $0) }
      }
      func scatter<T>(_ column: inout CompactColumn<T>) -> [T] {
        guard column.repeatedValue == nil else { return [] }
        var values = column.array
        column = CompactColumn()
        return scatter(&values)
      }
      var columns = _ScatteredColumns(
        time: scatter(&time), interactionID: scatter(&interactionID), kind: scatter(&kind),
        initiator: scatter(&initiator), followUp: scatter(&followUp), summary: scatter(&summary),
        participantCount: scatter(&participantCount))
      columns.sortRuns(offsets: out.offsets, chunks: chunks)
      out.time = columns.time
      out.interactionID = columns.interactionID
      out.kind = columns.kind
      out.initiator = columns.initiator
      // (A column stored once was not scattered, and is still here.)
      out.followUp = followUp.isEmpty ? CompactColumn(columns.followUp) : followUp
      out.summary = summary.isEmpty ? CompactColumn(columns.summary) : summary
      out.participantCount =
        participantCount.isEmpty ? CompactColumn(columns.participantCount) : participantCount
    }
    out.summaries = summaries
    (out.rhythms, out.lastTimes) = EgoInteractions.rhythms(offsets: out.offsets, time: out.time)
    return out
  }
}

/// The columns of `EgoInteractionsBuilder.build` once grouped by contact (an empty optional
/// column is stored once elsewhere), before the runs added out of time order are sorted.
struct _ScatteredColumns {
  var time: [Int64]
  var interactionID: [Int64]
  var kind: [InteractionKind]
  var initiator: [Int32]
  var followUp: [Int64]
  var summary: [Int32]
  var participantCount: [Int32]

  /// Sorts each contact's run that is not in (time, interaction id) order, every column alike;
  /// contacts split by entries across `chunks` cores.
  mutating func sortRuns(offsets: [Int], chunks: Int) {
    let cuts = EgoInteractions.contactCuts(offsets: offsets, chunks: chunks)
    time.withUnsafeMutableBufferPointer { time in
      interactionID.withUnsafeMutableBufferPointer { id in
        kind.withUnsafeMutableBufferPointer { kind in
          initiator.withUnsafeMutableBufferPointer { initiator in
            followUp.withUnsafeMutableBufferPointer { followUp in
              summary.withUnsafeMutableBufferPointer { summary in
                participantCount.withUnsafeMutableBufferPointer { participantCount in
                  _forEachChunkConcurrently(chunks) { c in
                    for u in cuts[c]..<cuts[c + 1] {
                      let range = offsets[u]..<offsets[u + 1]
                      guard !EgoInteractionsBuilder.inOrder(range, time, id) else { continue }
                      let order = range.sorted {
                        EgoInteractionsBuilder.precedes($0, $1, time, id)
                      }
                      Self.permute(time, range, order)
                      Self.permute(id, range, order)
                      Self.permute(kind, range, order)
                      Self.permute(initiator, range, order)
                      Self.permute(followUp, range, order)
                      Self.permute(summary, range, order)
                      Self.permute(participantCount, range, order)
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  /// `column[range]` rearranged as `order` lists its positions (nothing for an empty column).
  static func permute<T>(
    _ column: UnsafeMutableBufferPointer<T>, _ range: Range<Int>, _ order: [Int]
  ) {
    guard !column.isEmpty else { return }
    let values = order.map { column[$0] }
    for (j, value) in values.enumerated() { column[range.lowerBound + j] = value }
  }
}

/// Every exchange up to the snapshot's time, oldest first.
public struct SnapshotExchanges: Sendable {
  public var giver: [Int32] = []
  public var receiver: [Int32] = []
  public var time: [Int64] = []
  public var kind: [ExchangeKind] = []
  public var note: [String?] = []
  /// The calendar day entered for an exchange dated with a date alone (`Exchange.day`), nil
  /// for one dated to a time.
  public var day: [Int64?] = []

  public init() {}

  public var count: Int { giver.count }

  public mutating func append(
    giver: Int32, receiver: Int32, time: Int64, kind: ExchangeKind, note: String?,
    day: Int64? = nil
  ) {
    self.giver.append(giver)
    self.receiver.append(receiver)
    self.time.append(time)
    self.kind.append(kind)
    self.note.append(note)
    self.day.append(day)
  }

  /// Exchange `k`'s date as lists show it: the day entered, else its day in your zone.
  public func formattedDay(_ k: Int) -> String {
    KithTime.formatDay(seconds: time[k], day: day[k])
  }
}

/// A referral as it stood at the snapshot's time.
public struct SnapshotReferral: Sendable, Hashable {
  public var id: Int64
  public var time: Int64
  public var referrer: Int32
  public var recipient: Int32
  public var refereePerson: Int32?
  public var refereeOrganisation: Int32?
  public var why: String?
  /// The status at the snapshot's time, when it was reached, and the reason given then.
  public var status: ReferralStatus
  public var since: Int64
  public var reason: String?
  /// The calendar days entered for the referral and for its current status, when they were
  /// dated with a date alone (``ReferralEvent/day``); nil for a time.
  public var day: Int64?
  public var sinceDay: Int64?

  public init(
    id: Int64, time: Int64, referrer: Int32, recipient: Int32, refereePerson: Int32?,
    refereeOrganisation: Int32?, why: String?, status: ReferralStatus, since: Int64,
    reason: String?,
    day: Int64? = nil, sinceDay: Int64? = nil
  ) {
    self.id = id
    self.time = time
    self.referrer = referrer
    self.recipient = recipient
    self.refereePerson = refereePerson
    self.refereeOrganisation = refereeOrganisation
    self.why = why
    self.status = status
    self.since = since
    self.reason = reason
    self.day = day
    self.sinceDay = sinceDay
  }

  /// The day the referral was made as lists show it: the day entered, else its day in your
  /// zone.
  public var formattedDay: String { KithTime.formatDay(seconds: time, day: day) }
  /// The day its current status was reached, the same way.
  public var sinceFormattedDay: String { KithTime.formatDay(seconds: since, day: sinceDay) }
  /// The calendar day the referral was made, in your zone unless it was dated as a day.
  public var calendarDay: Int64 { KithTime.calendarDay(seconds: time, day: day) }
  /// The calendar day its current status was reached, the same way.
  public var sinceCalendarDay: Int64 { KithTime.calendarDay(seconds: since, day: sinceDay) }

  /// The referral as of `time`: the last history event at or before it (nil if it did not
  /// exist yet).
  public static func asOf(
    _ referral: Referral, time: Int64, referrer: Int32, recipient: Int32, refereePerson: Int32?,
    refereeOrganisation: Int32?
  ) -> SnapshotReferral? {
    guard KithTime.seconds(referral.time) <= time else { return nil }
    let current =
      referral.history.last { KithTime.seconds($0.time) <= time } ?? referral.history.first
    return SnapshotReferral(
      id: referral.id, time: KithTime.seconds(referral.time), referrer: referrer,
      recipient: recipient, refereePerson: refereePerson, refereeOrganisation: refereeOrganisation,
      why: referral.why, status: current?.status ?? .suggested,
      since: current.map { KithTime.seconds($0.time) } ?? KithTime.seconds(referral.time),
      reason: current?.reason, day: referral.day, sinceDay: current.map(\.day) ?? referral.day)
  }
}

/// A note about a person, up to the snapshot's time.
public struct SnapshotNote: Sendable, Hashable {
  public var person: Int32
  public var time: Int64
  public var text: String
  /// The calendar day entered for a note dated with a date alone (`Note.day`), nil for a time.
  public var day: Int64?

  public init(person: Int32, time: Int64, text: String, day: Int64? = nil) {
    self.person = person
    self.time = time
    self.text = text
    self.day = day
  }

  /// The note's date as lists show it: the day entered, else its day in your zone.
  public var formattedDay: String { KithTime.formatDay(seconds: time, day: day) }
}

/// What a snapshot knows beyond the tie graph: the ego's interactions, exchanges, referrals,
/// notes and tag cadences. Empty by default (a plain graph).
public struct SnapshotActivity: Sendable {
  public var egoInteractions: EgoInteractions
  public var exchanges: SnapshotExchanges
  public var referrals: [SnapshotReferral]
  public var notes: [SnapshotNote]
  /// Keep-in-touch cadence in days per tag.
  public var tagCadences: [String: Int]

  public init(
    egoInteractions: EgoInteractions, exchanges: SnapshotExchanges = SnapshotExchanges(),
    referrals: [SnapshotReferral] = [], notes: [SnapshotNote] = [], tagCadences: [String: Int] = [:]
  ) {
    self.egoInteractions = egoInteractions
    self.exchanges = exchanges
    self.referrals = referrals
    self.notes = notes
    self.tagCadences = tagCadences
  }

  /// No activity for `personCount` people.
  public static func empty(personCount: Int) -> SnapshotActivity {
    SnapshotActivity(egoInteractions: EgoInteractions(personCount: personCount))
  }
}

extension EgoInteractions {
  /// Where `chunks` parts of the contacts start, with about as many entries in each part (the
  /// last cut is the number of contacts).
  static func contactCuts<C: RandomAccessCollection<Int>>(offsets: C, chunks: Int) -> [Int]
  where C.Index == Int {
    let n = max(offsets.count - 1, 0)
    let entries = offsets.isEmpty ? 0 : offsets[offsets.endIndex - 1]
    var cuts = [0]
    var u = 0
    for c in 1..<max(chunks, 1) {
      while u < n && offsets[u] < entries * c / chunks { u += 1 }
      cuts.append(max(u, cuts[c - 1]))
    }
    cuts.append(n)
    return cuts
  }

  /// Per person, the rhythm of the ego's contact with them (``ContactRhythm``) and the time of
  /// their latest interaction (`Int64.min` with none).
  /// - Complexity: O(k) expected for k interactions (selection, not sorting), split across the
  ///   cores.
  static func rhythms(offsets: [Int], time: [Int64]) -> ([ContactRhythm], [Int64]) {
    let n = max(offsets.count - 1, 0)
    var lastTimes = [Int64](repeating: .min, count: n)
    let rhythms = [ContactRhythm](unsafeUninitializedCapacity: n) { out, count in
      offsets.withUnsafeBufferPointer { offsets in
        time.withUnsafeBufferPointer { time in
          lastTimes.withUnsafeMutableBufferPointer { lastTimes in
            // Contacts split by entries, not by count; each chunk has its own scratch.
            let chunks = _chunkCount(time.count)
            let cuts = contactCuts(offsets: offsets, chunks: chunks)
            _forEachChunkConcurrently(chunks) { c in
              var scratch = ContactRhythm.Scratch()
              for u in cuts[c]..<cuts[c + 1] {
                let times = UnsafeBufferPointer(rebasing: time[offsets[u]..<offsets[u + 1]])
                (out.baseAddress.unsafelyUnwrapped + u).initialize(
                  to: ContactRhythm(times, &scratch))
                if let last = times.last { lastTimes[u] = last }
              }
            }
          }
        }
      }
      count = n
    }
    return (rhythms, lastTimes)
  }
}

/// The rhythm of the ego's contact with one person: what a learned cadence is made of.
///
/// Cadences are learned from the days you were in touch, not from each interaction: an email
/// and its reply on one day, or a burst of messages, are one day of contact (days are UTC day
/// numbers, as all of Kith's days). The learned gap is the median of the gaps, in whole days,
/// between consecutive such days.
///
/// A tie that was lost and revived starts again. Scanning the days in order, a gap longer than
/// the lost threshold of the gap learned so far in the current run (at least
/// ``minimumDays`` days in it: the larger of ``lostMultiple`` × its median gap, floored at
/// ``minimumGapDays``, and ``lostFloorDays``, the lost rule of a learned cadence) ends the run:
/// the tie was lost there, and a new run starts at the day that ended the silence. The learned
/// gap is that of the latest run only: one message to a weekly colleague of two years ago does
/// not bring back "you usually speak every 7 days". Only a gap longer than ``lostFloorDays``
/// can end a run, so only those need the median of the run so far.
public struct ContactRhythm: Sendable, Equatable {
  /// The median gap in days between consecutive days of contact in the latest run (the mean of
  /// the middle two for an even count); NaN with fewer than ``minimumDays`` days in it.
  public var medianGapDays: Double
  /// The number of days of contact in the latest run.
  public var days: Int32
  /// The latest run's first interaction, counted from the contact's first (0 when the tie was
  /// never lost).
  public var start: Int32

  /// The fewest days of contact a gap is learned from.
  public static let minimumDays: Int32 = 3
  /// The shortest learned cadence, in days: the finest rhythm of Dunbar's layers.
  public static let minimumGapDays = 7.0
  /// A silence longer than this multiple of the learned gap loses the tie…
  public static let lostMultiple = 8.0
  /// …if it is also longer than this many days (the default half-life of tie strength).
  public static let lostFloorDays = 180.0

  public init(medianGapDays: Double, days: Int32, start: Int32) {
    self.medianGapDays = medianGapDays
    self.days = days
    self.start = start
  }

  /// The lost threshold of a run with this median gap: a silence longer than this many days
  /// after it ends it. The larger of ``lostMultiple`` × the median gap (floored at
  /// ``minimumGapDays``) and ``lostFloorDays``.
  public static func lostAfterDays(medianGapDays: Double) -> Double {
    max(lostMultiple * max(medianGapDays, minimumGapDays), lostFloorDays)
  }

  /// Whether a silence of `silenceDays` days (between UTC day numbers) after the latest run
  /// loses the tie, as a gap between days of contact ends a run: the run has at least
  /// ``minimumDays`` days and the silence is longer than its lost threshold
  /// (``lostAfterDays(medianGapDays:)``). A tie with no rhythm yet has none to lose.
  public func loses(silenceDays: Int64) -> Bool {
    days >= Self.minimumDays
      && Double(silenceDays) > Self.lostAfterDays(medianGapDays: medianGapDays)
  }

  /// Equal fields, NaN medians (no learned gap) alike.
  public static func == (a: ContactRhythm, b: ContactRhythm) -> Bool {
    a.days == b.days && a.start == b.start
      && (a.medianGapDays == b.medianGapDays || (a.medianGapDays.isNaN && b.medianGapDays.isNaN))
  }

  /// Buffers reused from one contact to the next.
  public struct Scratch {
    var gaps: [Int64] = []
    var copy: [Int64] = []
    public init() {}
  }

  /// The rhythm of interactions at `times` (seconds, ascending), their days counted in `zone`.
  ///
  /// One pass with no branch on whether an interaction starts a new day, which alternates
  /// unpredictably in a busy history: each gap is written and counted only when it is one
  /// (the branch that decides whether a long silence ends a run is taken a few times a
  /// contact). In a zone of one offset the day is a division; elsewhere the offset is looked up
  /// once per change of clocks the times cross, not per time.
  /// - Complexity: O(k) for k times, plus O(run) for each gap longer than ``lostFloorDays``
  ///   after a run of at least ``minimumDays`` days (a few per contact over years).
  public init(
    _ times: UnsafeBufferPointer<Int64>, _ scratch: inout Scratch, zone: DayZone = KithTime.zone
  ) {
    let n = times.count
    if scratch.gaps.count < n {
      scratch.gaps = [Int64](repeating: 0, count: Swift.max(n, 2 * scratch.gaps.count))
    }
    var start = 0
    var days: Int32 = 0
    var found = 0
    var previous = Int64.min
    var calendar = ZoneDays(zone, from: times.first ?? 0)
    scratch.gaps.withUnsafeMutableBufferPointer { gaps in
      for k in 0..<n {
        let d = calendar.day(ofSeconds: times[k])
        let new = d != previous
        let gap = d &- previous
        if new && days >= Self.minimumDays && Double(gap) > Self.lostFloorDays {
          // Only a silence longer than the floor can end the run: is it longer than the run's
          // lost threshold?
          scratch.copy.removeAll(keepingCapacity: true)
          scratch.copy.append(contentsOf: UnsafeBufferPointer(rebasing: gaps[..<found]))
          let lostAfter = Self.lostAfterDays(medianGapDays: MedianSelection.median(&scratch.copy))
          if Double(gap) > lostAfter {
            // Lost here: the day that ended the silence starts a new run.
            start = k
            days = 0
            found = 0
          }
        }
        gaps[found] = gap
        found &+= new && days > 0 ? 1 : 0
        days &+= new ? 1 : 0
        previous = d
      }
    }
    let median =
      days >= Self.minimumDays
      ? scratch.gaps.withUnsafeMutableBufferPointer {
        MedianSelection.median(UnsafeMutableBufferPointer(rebasing: $0[..<found]))
      } : .nan
    self.init(medianGapDays: median, days: days, start: Int32(start))
  }

  /// The rhythm of interactions at `times` (seconds, ascending), their days counted in `zone`.
  public init(_ times: [Int64], zone: DayZone = KithTime.zone) {
    var scratch = Scratch()
    self = times.withUnsafeBufferPointer { ContactRhythm($0, &scratch, zone: zone) }
  }
}

/// The median of integers by selection (Hoare's FIND, with median-of-three pivots), for
/// cadences learned from millions of gaps without sorting each contact's gaps.
///
/// Reference: Hoare, "Algorithm 65: Find", CACM 4(7), 1961, doi:10.1145/366622.366647.
public enum MedianSelection {
  /// The median of `values` (the mean of the middle two for an even count, computed as
  /// `Double(x + y) / 2` like a sort-based median); `values` is reordered. NaN when empty.
  /// - Complexity: O(k) expected for k values.
  public static func median(_ values: inout [Int64]) -> Double {
    values.withUnsafeMutableBufferPointer { median($0) }
  }

  /// The median of the values in `v`, as `median(_:)` gives it; `v` is reordered.
  public static func median(_ v: UnsafeMutableBufferPointer<Int64>) -> Double {
    let k = v.count
    guard k > 0 else { return .nan }
    let mid = k / 2
    select(v, mid)
    if k % 2 == 1 { return Double(v[mid]) }
    // The largest value below the middle is the other middle one.
    var below = v[0]
    for i in 1..<mid where v[i] > below { below = v[i] }
    return Double(below + v[mid]) / 2
  }

  /// Reorders `v` so that v[k] is the k-th smallest, smaller or equal values before it and
  /// greater or equal ones after it.
  static func select(_ v: UnsafeMutableBufferPointer<Int64>, _ k: Int) {
    var lo = 0
    var hi = v.count - 1
    while hi - lo > 16 {
      // Median of three as the pivot.
      let m = lo + (hi - lo) / 2
      if v[m] < v[lo] { v.swapAt(m, lo) }
      if v[hi] < v[lo] { v.swapAt(hi, lo) }
      if v[hi] < v[m] { v.swapAt(hi, m) }
      let pivot = v[m]
      var i = lo
      var j = hi
      while i <= j {
        while v[i] < pivot { i += 1 }
        while v[j] > pivot { j -= 1 }
        if i <= j {
          v.swapAt(i, j)
          i += 1
          j -= 1
        }
      }
      if k <= j {
        hi = j
      } else if k >= i {
        lo = i
      } else {
        return
      }
    }
    // Insertion sort of the small remaining range.
    if hi > lo {
      for i in (lo + 1)...hi {
        let x = v[i]
        var j = i - 1
        while j >= lo && v[j] > x {
          v[j + 1] = v[j]
          j -= 1
        }
        v[j + 1] = x
      }
    }
  }
}
