import Foundation
import KithGraph
import KithTestSupport
import Testing

/// The demo network: deterministic, valid, committed as `Fixtures/demo.kith.json`, and shaped
/// the way the analytics need (circles, layers, quiet ties, follow-ups, referrals at every status).
@Suite struct DemoNetworkTests {
  /// `Fixtures/demo.kith.json`, found from this file: Tests/KithGraphTests/ → package root.
  static let fixtureURL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures").appendingPathComponent("demo.kith.json")

  static let demo = DemoNetwork.generate()

  @Test func generatingTwiceGivesTheSameBackup() throws {
    let again = DemoNetwork.generate()
    #expect(again == Self.demo)
    let encoder = Backup.makeEncoder()
    // Compared as a Bool: on a mismatch, #expect would diff megabytes byte by byte.
    let sameBytes = try encoder.encode(again) == encoder.encode(Self.demo)
    #expect(sameBytes)
    #expect(DemoNetwork.generate(seed: 7) != Self.demo)
  }

  @Test func everyRecordValidates() throws {
    let b = Self.demo
    for p in b.people { try p.validate() }
    for o in b.organisations { try o.validate() }
    for a in b.affiliations { try a.validate() }
    for i in b.interactions { try i.validate() }
    for e in b.exchanges { try e.validate() }
    for r in b.referrals { try r.validate() }
    for t in b.ties { try t.validate() }
    for n in b.notes { try n.validate() }
    for c in b.tagCadences { #expect(c.days > 0 && c.tag == c.tag.lowercased()) }
    #expect(b.tagCadences.map(\.tag) == b.tagCadences.map(\.tag).sorted())
  }

  @Test func idsAreDenseAndReferencesResolve() {
    let b = Self.demo
    func isDense(_ ids: [Int64]) -> Bool { ids.elementsEqual(1...Int64(ids.count)) }
    #expect(isDense(b.people.map(\.id)), "people")
    #expect(isDense(b.organisations.map(\.id)), "organisations")
    #expect(isDense(b.affiliations.map(\.id)), "affiliations")
    #expect(isDense(b.interactions.map(\.id)), "interactions")
    #expect(isDense(b.exchanges.map(\.id)), "exchanges")
    #expect(isDense(b.referrals.map(\.id)), "referrals")
    #expect(isDense(b.ties.map(\.id)), "ties")
    #expect(isDense(b.notes.map(\.id)), "notes")
    let people = 1...Int64(b.people.count)
    let orgs = 1...Int64(b.organisations.count)
    let interactions = 1...Int64(b.interactions.count)
    for a in b.affiliations { #expect(people.contains(a.person) && orgs.contains(a.organisation)) }
    for i in b.interactions {
      #expect(i.participants.allSatisfy(people.contains))
      if let by = i.initiator { #expect(i.participants.contains(by)) }
    }
    for e in b.exchanges { #expect(people.contains(e.giver) && people.contains(e.receiver)) }
    for r in b.referrals {
      #expect(people.contains(r.referrer) && people.contains(r.recipient))
      if let p = r.refereePerson { #expect(people.contains(p)) }
      if let o = r.refereeOrganisation { #expect(orgs.contains(o)) }
    }
    for t in b.ties { #expect(people.contains(t.a) && people.contains(t.b)) }
    for n in b.notes {
      if let p = n.person { #expect(people.contains(p)) }
      if let o = n.organisation { #expect(orgs.contains(o)) }
      if let i = n.interaction { #expect(interactions.contains(i)) }
    }
    #expect(b.people.contains { $0.handle == b.ego })
    #expect(b.ego == DemoNetwork.egoHandle)
  }

  @Test func handlesAndListsAreClean() {
    let b = Self.demo
    func isSlug(_ s: String) -> Bool {
      !s.isEmpty && !s.hasPrefix("-") && !s.hasSuffix("-") && !s.contains("--")
        && s.unicodeScalars.allSatisfy {
          ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
        }
    }
    for p in b.people {
      #expect(isSlug(p.handle), "\(p.handle)")
      #expect(TextKey.slug(p.handle, fallback: "") == p.handle)
      #expect(p.tags.allSatisfy { $0 == $0.lowercased() })
      for list in [p.aliases, p.emails, p.phones, p.urls, p.tags, p.interests] {
        #expect(Set(list).count == list.count, "\(p.handle) repeats an entry")
      }
    }
    for o in b.organisations { #expect(isSlug(o.handle), "\(o.handle)") }
    #expect(Set(b.people.map(\.handle)).count == b.people.count)
    #expect(Set(b.organisations.map(\.handle)).count == b.organisations.count)
    let emails = b.people.flatMap(\.emails)
    #expect(Set(emails.map { $0.lowercased() }).count == emails.count)
  }

  @Test func datesAreWholeSecondsWithinTheSpan() {
    let b = Self.demo
    let start = DemoNetwork.startDate
    let end = DemoNetwork.endDate
    func whole(_ d: Date) -> Bool {
      d.timeIntervalSince1970.rounded(.down) == d.timeIntervalSince1970
    }
    #expect(KithTime.format(end) == "2026-06-30T00:00:00Z")
    var previous = Date.distantPast
    for i in b.interactions {
      #expect(whole(i.time) && i.time >= start && i.time <= end)
      #expect(i.time >= previous, "interactions are in time order")
      previous = i.time
      if let f = i.followUp { #expect(whole(f) && f > i.time && f <= end) }
    }
    for e in b.exchanges { #expect(whole(e.time) && e.time >= start && e.time <= end) }
    for r in b.referrals {
      #expect(r.history.first?.time == r.time)
      for h in r.history { #expect(whole(h.time) && h.time >= start && h.time <= end) }
    }
    for n in b.notes { #expect(whole(n.time) && n.time <= end) }
    for t in b.ties { if let d = t.date { #expect(whole(d) && d <= end) } }
    for a in b.affiliations {
      if let f = a.from { #expect(whole(f) && f <= end) }
      if let t = a.to { #expect(whole(t) && t <= end) }
    }
  }

  /// The committed fixture is the encoded demo. `KITH_RECORD_DEMO=1` rewrites it.
  @Test func committedFixtureMatchesTheGenerator() throws {
    let data = try Backup.makeEncoder().encode(Self.demo)
    if ProcessInfo.processInfo.environment["KITH_RECORD_DEMO"] == "1" {
      try FileManager.default.createDirectory(
        at: Self.fixtureURL.deletingLastPathComponent(), withIntermediateDirectories: true)
      try data.write(to: Self.fixtureURL)
      return
    }
    let committed = try Data(contentsOf: Self.fixtureURL)
    let same = committed == data  // a Bool: #expect on two Data values would diff megabytes
    #expect(
      same,
      "Fixtures/demo.kith.json is stale: run KITH_RECORD_DEMO=1 swift test --filter DemoNetworkTests"
    )
    let decoded = try Backup.makeDecoder().decode(Backup.self, from: committed)
    let roundTrips = decoded == Self.demo
    #expect(roundTrips)
  }

  @Test func hasTheShapeTheAnalyticsNeed() throws {
    let b = Self.demo
    let end = DemoNetwork.endDate
    #expect((250...350).contains(b.people.count))
    #expect((30...50).contains(b.organisations.count))
    #expect((4_000...8_000).contains(b.interactions.count))
    let tags = Set(b.people.flatMap(\.tags))
    #expect(DemoNetwork.communityTags.filter(tags.contains).count >= 4)
    #expect(Set(b.referrals.map(\.status)) == Set(ReferralStatus.allCases))
    let declined = b.referrals.filter { $0.status == .declined }
    #expect(declined.contains { $0.history.last?.reason != nil })
    #expect(declined.contains { $0.history.last?.reason == nil })
    #expect(b.referrals.allSatisfy { $0.why?.isEmpty == false })
    #expect(Set(b.interactions.map(\.kind)) == Set(InteractionKind.allCases))
    #expect(Set(b.exchanges.map(\.kind)) == Set(ExchangeKind.allCases))
    #expect(b.ties.contains { $0.date == nil } && b.ties.contains { $0.date != nil })
    #expect(!b.tagCadences.isEmpty && b.people.contains { $0.cadenceDays != nil })
    #expect(b.people.contains { $0.name.unicodeScalars.contains { $0.value > 0x2FF } })
    #expect(
      b.people.contains { $0.name.unicodeScalars.contains { (0xC0...0x24F).contains($0.value) } })

    let ego = try #require(b.people.first { $0.handle == b.ego }).id
    // Structure among alters: group events without the ego.
    #expect(
      b.interactions.filter { $0.participants.count >= 3 && !$0.participants.contains(ego) }.count
        >= 200)
    // Per contact of the ego: times of interactions.
    var withEgo: [Int64: [Date]] = [:]
    var everyone: [Int64: Int] = [:]
    for i in b.interactions {
      for p in i.participants { everyone[p, default: 0] += 1 }
      guard i.participants.contains(ego) else { continue }
      for p in i.participants where p != ego { withEgo[p, default: []].append(i.time) }
    }
    // Dunbar-like layers over the last year, counting a group interaction as 1/(n − 1) of a
    // contact (the weighting tie strength uses): a few weekly, more monthly, many rarer.
    let yearAgo = end.addingTimeInterval(-365 * 86_400)
    var lastYear: [Int64: Double] = [:]
    for i in b.interactions where i.time >= yearAgo && i.participants.contains(ego) {
      for p in i.participants where p != ego {
        lastYear[p, default: 0] += 1 / Double(i.participants.count - 1)
      }
    }
    let rates = lastYear.values
    #expect((3...10).contains(rates.filter { $0 >= 40 }.count))
    #expect((10...40).contains(rates.filter { $0 >= 10 }.count))
    #expect((40...120).contains(rates.filter { $0 >= 2.5 }.count))
    #expect(lastYear.count >= 150)
    // Strong once, silent for over a year.
    #expect(withEgo.values.filter { $0.count >= 20 && ($0.max() ?? end) < yearAgo }.count >= 3)
    // Met in the last 60 days, exactly one interaction.
    let recent = end.addingTimeInterval(-60 * 86_400)
    let justMet = withEgo.filter {
      $0.value.count == 1 && $0.value[0] >= recent && everyone[$0.key] == 1
    }
    #expect(justMet.count >= 2)
    // Follow-ups that passed with no later contact.
    var missed = 0
    for i in b.interactions {
      guard let due = i.followUp, due < end else { continue }
      let others = i.participants.filter { $0 != ego }
      let later = b.interactions.contains { j in
        j.time > i.time && others.contains { j.participants.contains($0) }
          && j.participants.contains(ego)
      }
      if !later { missed += 1 }
    }
    #expect(missed >= 3)
  }
}
