import Dispatch
import Foundation
import KithGraph

/// The ego's interactions as the builder's columns: per row with time ≤ `asOf` that has the
/// ego as a or b, the other person, in file order; the interaction id is the row number + 1.
/// Two passes over the rows, each split across `threads` threads: count each slice's rows,
/// then fill each slice's part of the columns.
struct EgoColumns {
  var contacts: [Int32] = []
  var times: [Int64] = []
  var kinds: [InteractionKind] = []
  var initiators: [Int32] = []
  var ids: [Int64] = []

  init(_ x: InteractionColumns, ego: Int32, asOf: Int64, threads: Int) {
    let n = x.count
    let parts = max(1, min(threads, n / (1 << 18) + 1))
    var counts = [Int](repeating: 0, count: parts + 1)
    x.time.withUnsafeBufferPointer { time in
      x.a.withUnsafeBufferPointer { a in
        x.b.withUnsafeBufferPointer { b in
          counts.withUnsafeMutableBufferPointer { counts in
            let box = UncheckedSendable((time, a, b, counts))
            DispatchQueue.concurrentPerform(iterations: parts) { k in
              let (time, a, b, counts) = box.value
              var c = 0
              for i in (n * k / parts)..<(n * (k + 1) / parts) where time[i] <= asOf {
                if a[i] == ego || b[i] == ego { c += 1 }
              }
              counts[k + 1] = c
            }
          }
        }
      }
    }
    for k in 0..<parts { counts[k + 1] += counts[k] }
    let e = counts[parts]
    let firsts = counts
    contacts = .unfilled(e)
    times = .unfilled(e)
    initiators = .unfilled(e)
    ids = .unfilled(e)
    var kindIndex = [UInt8].unfilled(e)
    x.time.withUnsafeBufferPointer { time in
      x.a.withUnsafeBufferPointer { a in
        x.b.withUnsafeBufferPointer { b in
          x.kind.withUnsafeBufferPointer { kind in
            x.initiator.withUnsafeBufferPointer { initiator in
              contacts.withUnsafeMutableBufferPointer { contacts in
                times.withUnsafeMutableBufferPointer { times in
                  kindIndex.withUnsafeMutableBufferPointer { kinds in
                    initiators.withUnsafeMutableBufferPointer { initiators in
                      ids.withUnsafeMutableBufferPointer { ids in
                        let box = UncheckedSendable(
                          (time, a, b, kind, initiator, contacts, times, kinds, initiators, ids))
                        DispatchQueue.concurrentPerform(iterations: parts) { k in
                          let (time, a, b, kind, initiator, contacts, times, kinds, initiators, ids) =
                            box.value
                          var j = firsts[k]
                          for i in (n * k / parts)..<(n * (k + 1) / parts) where time[i] <= asOf {
                            let u = a[i]
                            let v = b[i]
                            guard u == ego || v == ego else { continue }
                            contacts[j] = u == ego ? v : u
                            times[j] = time[i]
                            kinds[j] = kind[i]
                            initiators[j] = initiator[i]
                            ids[j] = Int64(i) + 1
                            j += 1
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
      }
    }
    let table = InteractionColumns.kinds
    kinds = kindIndex.map { table[Int($0)] }
  }
}

/// Builds the snapshot as the store's recompute path does: the interactions' pairs through
/// `TieEvents` and `accumulate`, the ego's interactions through an `EgoInteractionsBuilder`,
/// exchanges oldest first (then by row), people in file order.
///
/// The events go to the library in file order, as columns it takes over without copying
/// (`TieEvents.append(a:b:times:weights:)` with arrays, and the same for the builder); the
/// library groups them (a radix sort on pair keys, a counting sort by contact) and sorts by
/// time whatever is out of order.
func buildSnapshot(
  people: PeopleTable, interactions x: InteractionColumns, exchanges: ExchangeColumns,
  ego: Int32, asOf: Int64, threads: Int, steps: inout [String: Double]
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

  var events = TieEvents()
  if x.maxTime <= asOf {
    events.append(a: x.a, b: x.b, times: x.time, weights: x.weight)
  } else {
    let kept = x.time.indices.filter { x.time[$0] <= asOf }
    events.append(
      a: kept.map { x.a[$0] }, b: kept.map { x.b[$0] }, times: kept.map { x.time[$0] },
      weights: kept.map { x.weight[$0] })
  }
  let egoRows = EgoColumns(x, ego: ego, asOf: asOf, threads: threads)
  var builder = EgoInteractionsBuilder()
  builder.append(
    contacts: egoRows.contacts, times: egoRows.times, kinds: egoRows.kinds,
    initiators: egoRows.initiators, interactionIDs: egoRows.ids,
    participantCounts: [Int32](repeating: 2, count: egoRows.ids.count))
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
