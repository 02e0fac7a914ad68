import Foundation
import KithGraph

/// The interactions with time ≤ `asOf`, ordered by pair (min(a, b), then max(a, b)) and,
/// within a pair, by row (file order): two stable counting sorts (LSD) of row numbers, O(E + n)
/// for E rows and n people, then one gather of the rows into that order. The gather is a
/// tight loop over 32-byte rows, so that the processor overlaps its cache misses (a loop that
/// calls into the library per row while reading rows at random waits for each miss in turn).
func groupedByPair(_ x: InteractionRows, people n: Int, asOf: Int64) -> InteractionRows {
  var kept = 0
  var countHi = [Int](repeating: 0, count: n + 1)
  var countLo = [Int](repeating: 0, count: n + 1)
  countHi.withUnsafeMutableBufferPointer { countHi in
    countLo.withUnsafeMutableBufferPointer { countLo in
      for k in 0..<x.count where x[k].time <= asOf {
        let r = x[k]
        countHi[Int(max(r.a, r.b)) + 1] += 1
        countLo[Int(min(r.a, r.b)) + 1] += 1
        kept += 1
      }
      for u in 0..<n {
        countHi[u + 1] += countHi[u]
        countLo[u + 1] += countLo[u]
      }
    }
  }
  // Pass 1, by the larger index; the smaller one travels along so that pass 2 reads sequentially.
  let rowByHi = Column<Int32>(capacity: kept)
  let loByHi = Column<Int32>(capacity: kept)
  countHi.withUnsafeMutableBufferPointer { countHi in
    for k in 0..<x.count where x[k].time <= asOf {
      let r = x[k]
      let hi = Int(max(r.a, r.b))
      let j = countHi[hi]
      rowByHi[j] = Int32(k)
      loByHi[j] = min(r.a, r.b)
      countHi[hi] = j + 1
    }
  }
  // Pass 2, by the smaller index (stable).
  let order = Column<Int32>(capacity: kept)
  countLo.withUnsafeMutableBufferPointer { countLo in
    for j in 0..<kept {
      let lo = Int(loByHi[j])
      order[countLo[lo]] = rowByHi[j]
      countLo[lo] += 1
    }
  }
  let out = InteractionRows(capacity: kept)
  for j in 0..<kept { out[j] = x[Int(order[j])] }
  out.setCount(kept, maxTime: x.maxTime)
  return out
}

/// Builds the snapshot as the store's recompute path does: the interactions' pairs through
/// `TieEvents` and `accumulate`, the ego's interactions through an `EgoInteractionsBuilder`,
/// exchanges oldest first (then by row), people in file order.
///
/// With `groupByPair` (the default) the events are handed to `TieEvents` grouped by pair and in
/// time order within a pair (rows are in time order in the file; `groupedByPair` keeps that),
/// so that `accumulate`'s sort (Swift's adaptive merge sort) finds one sorted run, and the ego's
/// interactions reach the builder grouped by contact in ascending order, so that its counting
/// sort is the identity and its per-contact check finds them in order. Either way the library
/// sorts whatever is out of order, so the result does not depend on it; with `groupByPair`
/// false the events go in file order and the library does all the sorting (`--file-order`).
func buildSnapshot(
  people: PeopleTable, interactions x: InteractionRows, exchanges: ExchangeColumns,
  ego: Int32, asOf: Int64, groupByPair: Bool, steps: inout [String: Double]
) -> NetworkSnapshot {
  let settings = DecaySettings.default
  let n = people.ids.count
  var t = now()
  func lap(_ name: String) {
    let u = now()
    steps[name] = u - t
    t = u
  }

  var snapshotPeople = SnapshotPeople()
  for (k, handle) in people.handles.enumerated() {
    snapshotPeople.append(Person(id: people.ids[k], handle: handle, name: displayName(handle)))
  }
  lap("build_people")

  // Per kind, the pair weight of a 2-person interaction: weight(kind) / (2 − 1).
  let kinds = InteractionRows.kinds
  let pairWeight = kinds.map { settings.pairWeight($0, participants: 2) }
  var events = TieEvents()
  var builder = EgoInteractionsBuilder()
  // Rows in pair order (or file order), each with its row number for the interaction id.
  let rows = groupByPair ? groupedByPair(x, people: n, asOf: asOf) : x
  if groupByPair { lap("build_group_by_pair") }
  // Columns for the library's bulk calls (one call each instead of one per row), counted
  // first and filled through raw buffers: a tight loop with no capacity checks.
  var kept = 0
  var egoRows = 0
  for k in 0..<rows.count {
    let r = rows[k]
    guard r.time <= asOf else { continue }
    kept += 1
    if r.a == ego || r.b == ego { egoRows += 1 }
  }
  let a = UnsafeMutableBufferPointer<Int32>.allocate(capacity: kept)
  let b = UnsafeMutableBufferPointer<Int32>.allocate(capacity: kept)
  let times = UnsafeMutableBufferPointer<Int64>.allocate(capacity: kept)
  let weights = UnsafeMutableBufferPointer<Double>.allocate(capacity: kept)
  let contacts = UnsafeMutableBufferPointer<Int32>.allocate(capacity: egoRows)
  let egoTimes = UnsafeMutableBufferPointer<Int64>.allocate(capacity: egoRows)
  let egoKinds = UnsafeMutableBufferPointer<InteractionKind>.allocate(capacity: egoRows)
  let initiators = UnsafeMutableBufferPointer<Int32>.allocate(capacity: egoRows)
  let ids = UnsafeMutableBufferPointer<Int64>.allocate(capacity: egoRows)
  let participantCounts = UnsafeMutableBufferPointer<Int32>.allocate(capacity: egoRows)
  defer {
    for buffer in [a, b, contacts, initiators, participantCounts] { buffer.deallocate() }
    times.deallocate()
    weights.deallocate()
    egoTimes.deallocate()
    egoKinds.deallocate()
    ids.deallocate()
  }
  participantCounts.initialize(repeating: 2)
  var j = 0
  var e = 0
  pairWeight.withUnsafeBufferPointer { pairWeight in
    kinds.withUnsafeBufferPointer { kinds in
      for k in 0..<rows.count {
        let r = rows[k]
        guard r.time <= asOf else { continue }
        let kind = Int(r.kind)
        a[j] = r.a
        b[j] = r.b
        times[j] = r.time
        weights[j] = pairWeight[kind]
        j += 1
        if r.a == ego || r.b == ego {
          contacts[e] = r.a == ego ? r.b : r.a
          egoTimes[e] = r.time
          egoKinds.baseAddress.map { ($0 + e).initialize(to: kinds[kind]) }
          initiators[e] = r.initiator
          ids[e] = Int64(r.row) + 1
          e += 1
        }
      }
    }
  }
  events.reserveCapacity(kept)
  events.append(
    a: UnsafeBufferPointer(a), b: UnsafeBufferPointer(b), times: UnsafeBufferPointer(times),
    weights: UnsafeBufferPointer(weights))
  builder.append(
    contacts: UnsafeBufferPointer(contacts), times: UnsafeBufferPointer(egoTimes),
    kinds: UnsafeBufferPointer(egoKinds), initiators: UnsafeBufferPointer(initiators),
    interactionIDs: UnsafeBufferPointer(ids),
    participantCounts: UnsafeBufferPointer(participantCounts))
  lap("build_events")
  let ties = events.accumulate(halfLifeSeconds: settings.halfLifeSeconds)
  lap("build_accumulate")
  let egoInteractions = builder.build(personCount: n)
  lap("build_ego_interactions")

  var snapshotExchanges = SnapshotExchanges()
  // Oldest first, then in file order (the store orders by time, then id).
  var order = (0..<exchanges.count).filter { exchanges.time[$0] <= asOf }
  if !zip(order, order.dropFirst()).allSatisfy({ exchanges.time[$0] <= exchanges.time[$1] }) {
    order.sort { (exchanges.time[$0], $0) < (exchanges.time[$1], $1) }
  }
  for k in order {
    snapshotExchanges.append(
      giver: exchanges.giver[k], receiver: exchanges.receiver[k], time: exchanges.time[k],
      kind: exchanges.kind[k], note: nil)
  }
  lap("build_exchanges")

  let snapshot = NetworkSnapshot(
    asOf: Date(timeIntervalSince1970: TimeInterval(asOf)), settings: settings,
    people: snapshotPeople, ties: ties, ego: ego,
    activity: SnapshotActivity(egoInteractions: egoInteractions, exchanges: snapshotExchanges))
  lap("build_snapshot_init")
  return snapshot
}
