import Foundation
import KithGraph

/// Builds the snapshot with the library's bulk paths: the ego's interactions through an
/// `EgoInteractionsBuilder`, the ego's ties folded from them (`TieColumns.egoTies`), the other
/// interactions' pairs through `TieEvents` and `accumulate`, the two merged; exchanges oldest
/// first (then by row), people in file order.
///
/// The rows go to the library in file order, as columns it takes over without copying
/// (`TieEvents.append(a:b:times:weights:)` with arrays, and the same for the builder); the
/// library groups them (a radix sort on pair keys, a counting sort by contact) and sorts by
/// time whatever is out of order.
func buildSnapshot(
  people: PeopleTable, interactions x: inout InteractionColumns, exchanges: ExchangeColumns,
  ego: Int32, asOf: Int64, steps: inout [String: Double]
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

  // The parser picked the ego's rows (up to `asOf`) as it read them. The library takes the
  // columns over as the only reference to them, and lets each go once it has used it: the
  // memory is reused by the next step (a page touched for the first time costs more here than
  // the work done on it).
  func take<T>(_ column: inout [T]) -> [T] {
    defer { column = [] }
    return column
  }
  var builder = EgoInteractionsBuilder()
  builder.append(
    contacts: take(&x.egoContact), times: take(&x.egoTime), kinds: take(&x.egoKind),
    initiators: take(&x.egoInitiator), participantCount: 2)
  let others: TieColumns
  do {
    var events = TieEvents()
    if x.maxTime <= asOf {
      events.append(a: take(&x.a), b: take(&x.b), times: take(&x.time), weights: take(&x.weight))
    } else {
      let kept = x.time.indices.filter { x.time[$0] <= asOf }
      events.append(
        a: kept.map { x.a[$0] }, b: kept.map { x.b[$0] }, times: kept.map { x.time[$0] },
        weights: kept.map { x.weight[$0] })
    }
    lap("build_events")
    // The events go at the end of this block, before the ego's interactions are grouped.
    others = events.accumulate(halfLifeSeconds: settings.halfLifeSeconds)
  }
  lap("build_accumulate")
  let egoInteractions = (consume builder).build(personCount: n)
  lap("build_ego_interactions")
  // The ego's ties from its history, grouped already: the same folds, in the same order, as
  // accumulating the ego's rows with the others would make.
  let ties = others.merged(
    with: TieColumns.egoTies(from: egoInteractions, ego: ego, settings: settings))
  lap("build_ego_ties")

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
