import Foundation
import KithGraph

/// Seeded random backups for the JSON reader's and writer's tests: every record type, each
/// optional field present about half the time, text that needs escaping (quotes, backslashes,
/// control characters, NUL, slashes, non-Latin scripts, emoji), weights from whole numbers to
/// tiny and huge ones, empty and full lists. The records need not make a valid store (ids may
/// name nobody): they exercise the JSON form, not the store's rules.
public enum RandomBackup {
  public static func make(seed: UInt64, records: Int = 40) -> Backup {
    var rng = SeededGenerator(seed: seed)
    func maybe<T>(_ value: @autoclosure () -> T) -> T? {
      Bool.random(using: &rng) ? value() : nil
    }
    func id() -> Int64 {
      switch Int.random(in: 0..<10, using: &rng) {
      case 0: return Int64.random(in: Int64.min...Int64.max, using: &rng)
      case 1: return -Int64.random(in: 0...1_000, using: &rng)
      default: return Int64.random(in: 0...100_000, using: &rng)
      }
    }
    func text() -> String {
      let pieces = [
        "plain", "a \"quoted\" word", "back\\slash", "line\nbreak", "tab\tand\rreturn", "\u{0}",
        "\u{1}\u{8}\u{C}\u{1F}\u{7F}", "a/b", "José García", "李小龙", "🙂👩🏽‍💻", "\u{2028}\u{2029}",
        "", " ", "{\"json\": [1, 2]}", "e\u{301}",
      ]
      return (0..<Int.random(in: 0...3, using: &rng)).map { _ in
        pieces.randomElement(using: &rng) ?? ""
      }.joined()
    }
    func texts() -> [String] { (0..<Int.random(in: 0...3, using: &rng)).map { _ in text() } }
    func date() -> Date {
      Date(
        timeIntervalSince1970: TimeInterval(
          Int64.random(in: KithTime.validRange, using: &rng)))
    }
    func weight() -> Double {
      switch Int.random(in: 0..<6, using: &rng) {
      case 0: return Double(Int.random(in: 0...5, using: &rng))
      case 1: return Double.random(in: 0...1, using: &rng)
      case 2: return Double.random(in: 0...1e-6, using: &rng)
      case 3: return Double.random(in: 1e15...1e22, using: &rng)
      case 4:
        return [0.5, 0.1, 0.75, 1e-7, 2.5e-5, 1e16, 1e15, .leastNonzeroMagnitude][
          Int.random(in: 0..<8, using: &rng)]
      default: return Double.random(in: 0...1_000, using: &rng).rounded() / 8
      }
    }
    func count() -> Int { Int.random(in: 0...records, using: &rng) }

    var backup = Backup()
    backup.ego = maybe(text())
    for key in ["half-life-days", "weight.call", "my-emails", "weight.meeting"]
    where Bool.random(using: &rng) {
      backup.settings[key] = text()
    }
    backup.people = (0..<count()).map { _ in
      Person(
        id: id(), handle: text(), name: text(), aliases: texts(), emails: texts(),
        phones: texts(), urls: texts(), tags: texts(), interests: texts(),
        cadenceDays: maybe(Int.random(in: -5...1_000, using: &rng)),
        followUpsDismissed: maybe(date()))
    }
    backup.organisations = (0..<count()).map { _ in
      Organisation(id: id(), handle: text(), name: text(), domains: texts(), tags: texts())
    }
    backup.affiliations = (0..<count()).map { _ in
      Affiliation(
        id: id(), person: id(), organisation: id(), role: maybe(text()), from: maybe(date()),
        to: maybe(date()))
    }
    backup.interactions = (0..<count()).map { _ in
      Interaction(
        id: id(), time: date(),
        kind: InteractionKind.allCases.randomElement(using: &rng) ?? .meeting,
        participants: (0..<Int.random(in: 0...5, using: &rng)).map { _ in id() },
        initiator: maybe(id()), channel: maybe(text()), summary: maybe(text()),
        followUp: maybe(date()), source: maybe(text()), sourceID: maybe(text()))
    }
    backup.exchanges = (0..<count()).map { _ in
      Exchange(
        id: id(), time: date(), giver: id(), receiver: id(),
        kind: ExchangeKind.allCases.randomElement(using: &rng) ?? .advice, note: maybe(text()))
    }
    backup.referrals = (0..<count()).map { _ in
      Referral(
        id: id(), time: date(), referrer: id(), recipient: id(), refereePerson: maybe(id()),
        refereeOrganisation: maybe(id()), why: maybe(text()),
        history: (0..<Int.random(in: 0...3, using: &rng)).map { _ in
          ReferralEvent(
            status: ReferralStatus.allCases.randomElement(using: &rng) ?? .met, time: date(),
            reason: maybe(text()))
        })
    }
    backup.ties = (0..<count()).map { _ in
      Tie(
        id: id(), a: id(), b: id(), weight: weight(), date: maybe(date()), source: maybe(text()),
        sourceID: maybe(text()))
    }
    backup.notes = (0..<count()).map { _ in
      Note(
        id: id(), time: date(), text: text(), person: maybe(id()), organisation: maybe(id()),
        interaction: maybe(id()))
    }
    backup.tagCadences = (0..<count()).map { _ in
      TagCadence(tag: text(), days: Int.random(in: -3...400, using: &rng))
    }
    // Drawn last, so that the records above stay those of backups written before details.
    backup.personDetails = (0..<count()).map { _ in
      PersonDetail(person: id(), key: text(), value: text())
    }
    // And the imports' and removals' bookkeeping after them, for the same reason.
    backup.importSources = (0..<count()).map { _ in
      ImportSource(source: text(), kind: text(), sourceID: text(), entity: id())
    }
    backup.importRevisions = (0..<count()).map { _ in
      ImportRevision(
        source: text(), sourceID: text(), sequence: id(), modified: maybe(id()), stamp: maybe(id()))
    }
    for _ in 0..<Int.random(in: 0...4, using: &rng) { backup.retiredIDs[text()] = id() }
    // And the other egos' cadences and dismissals after them, for the same reason.
    for k in backup.tagCadences.indices { backup.tagCadences[k].ego = maybe(id()) }
    backup.personCadences = (0..<count()).map { _ in
      PersonCadence(ego: id(), person: id(), days: Int.random(in: -3...400, using: &rng))
    }
    backup.followUpDismissals = (0..<count()).map { _ in
      FollowUpDismissal(ego: id(), person: id(), time: date())
    }
    // And the ties let go, last, for the same reason.
    backup.tiesLetGo = (0..<count()).map { _ in
      TieLetGo(ego: maybe(id()), person: id(), time: date(), reason: maybe(text()))
    }
    // And the days interactions were entered as (a day near their time), last, for the same
    // reason.
    for k in backup.interactions.indices where Bool.random(using: &rng) {
      let day = DayZone.utc.day(ofSeconds: KithTime.seconds(backup.interactions[k].time))
      backup.interactions[k].day = day + Int64.random(in: -1...1, using: &rng)
    }
    // And the days notes, exchanges and referrals' status changes were dated as, after them.
    func nearDay(_ time: Date) -> Int64? {
      guard Bool.random(using: &rng) else { return nil }
      return DayZone.utc.day(ofSeconds: KithTime.seconds(time))
        + Int64.random(in: -1...1, using: &rng)
    }
    for k in backup.notes.indices { backup.notes[k].day = nearDay(backup.notes[k].time) }
    for k in backup.exchanges.indices {
      backup.exchanges[k].day = nearDay(backup.exchanges[k].time)
    }
    for k in backup.referrals.indices {
      for j in backup.referrals[k].history.indices {
        backup.referrals[k].history[j].day = nearDay(backup.referrals[k].history[j].time)
      }
    }
    return backup
  }
}
