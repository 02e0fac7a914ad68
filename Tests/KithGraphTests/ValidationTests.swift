import Foundation
import KithGraph
import Testing

/// Any model record, so that one table can hold cases for every kind.
enum AnyRecord: Sendable {
  case person(Person)
  case organisation(Organisation)
  case affiliation(Affiliation)
  case interaction(Interaction)
  case exchange(Exchange)
  case referral(Referral)
  case tie(Tie)
  case note(Note)

  func validate() throws(InvalidRecord) {
    switch self {
    case .person(let r): try r.validate()
    case .organisation(let r): try r.validate()
    case .affiliation(let r): try r.validate()
    case .interaction(let r): try r.validate()
    case .exchange(let r): try r.validate()
    case .referral(let r): try r.validate()
    case .tie(let r): try r.validate()
    case .note(let r): try r.validate()
    }
  }
}

/// A named validation case: `field` is the field the error must name, nil when the record is valid.
struct ValidationCase: Sendable, CustomTestStringConvertible {
  let name: String
  let record: AnyRecord
  let field: String?

  init(_ name: String, _ record: AnyRecord, rejects field: String?) {
    self.name = name
    self.record = record
    self.field = field
  }

  var testDescription: String { name }
}

private let t0 = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
private let day: TimeInterval = 86_400
private let before1900 = Date(timeIntervalSince1970: -2_208_988_801)
private let after2200 = Date(timeIntervalSince1970: 7_258_118_401)

private func referral(
  referee: Int64? = 3, organisation: Int64? = nil, referrer: Int64 = 1, recipient: Int64 = 2,
  _ steps: [(ReferralStatus, Double)]? = nil
) -> AnyRecord {
  .referral(
    Referral(
      time: t0, referrer: referrer, recipient: recipient, refereePerson: referee,
      refereeOrganisation: organisation, why: "knows the field",
      history: steps.map { $0.map { ReferralEvent(status: $0.0, time: t0 + $0.1 * day) } }))
}

@Suite("Validation")
struct ValidationTests {
  static let cases: [ValidationCase] = [
    // People
    ValidationCase(
      "person: valid",
      .person(
        Person(name: "Jane Doe", aliases: ["JD"], emails: ["jane@example.com"], cadenceDays: 30)),
      rejects: nil),
    ValidationCase("person: empty name", .person(Person(name: "")), rejects: "name"),
    ValidationCase("person: blank name", .person(Person(name: " \t\n ")), rejects: "name"),
    // Only what is typed is held to 300 characters (`Validate.typedName`): an import's or a
    // backup's longer name is stored.
    ValidationCase(
      "person: a name of 400 characters", .person(Person(name: String(repeating: "a", count: 400))),
      rejects: nil),
    ValidationCase(
      "person: empty alias", .person(Person(name: "Jane", aliases: ["J", "  "])), rejects: "alias"),
    ValidationCase(
      "person: email without @", .person(Person(name: "Jane", emails: ["jane.example.com"])),
      rejects: "email"),
    ValidationCase(
      "person: email with a space", .person(Person(name: "Jane", emails: ["jane doe@example.com"])),
      rejects: "email"),
    ValidationCase(
      "person: cadence 0", .person(Person(name: "Jane", cadenceDays: 0)), rejects: "cadence"),
    ValidationCase(
      "person: negative cadence", .person(Person(name: "Jane", cadenceDays: -7)), rejects: "cadence"
    ),
    // Organisations and affiliations
    ValidationCase("organisation: valid", .organisation(Organisation(name: "Acme")), rejects: nil),
    ValidationCase(
      "organisation: empty name", .organisation(Organisation(name: "")), rejects: "name"),
    ValidationCase(
      "organisation: blank name", .organisation(Organisation(name: "   ")), rejects: "name"),
    ValidationCase(
      "affiliation: open-ended", .affiliation(Affiliation(person: 1, organisation: 1, from: t0)),
      rejects: nil),
    ValidationCase(
      "affiliation: one-day span",
      .affiliation(Affiliation(person: 1, organisation: 1, from: t0, to: t0)), rejects: nil),
    ValidationCase(
      "affiliation: ends before it starts",
      .affiliation(Affiliation(person: 1, organisation: 1, from: t0, to: t0 - day)), rejects: "to"),
    // Interactions
    ValidationCase(
      "interaction: two people",
      .interaction(Interaction(time: t0, kind: .meeting, participants: [1, 2])), rejects: nil),
    ValidationCase(
      "interaction: five people with initiator",
      .interaction(
        Interaction(time: t0, kind: .event, participants: [5, 4, 3, 2, 1], initiator: 3)),
      rejects: nil),
    ValidationCase(
      "interaction: no participants",
      .interaction(Interaction(time: t0, kind: .call, participants: [])), rejects: "with"),
    ValidationCase(
      "interaction: one participant",
      .interaction(Interaction(time: t0, kind: .call, participants: [1])), rejects: "with"),
    ValidationCase(
      "interaction: same person twice (1 distinct)",
      .interaction(Interaction(time: t0, kind: .call, participants: [1, 1])), rejects: "with"),
    ValidationCase(
      "interaction: duplicated participant among three",
      .interaction(Interaction(time: t0, kind: .call, participants: [1, 2, 1])), rejects: "with"),
    ValidationCase(
      "interaction: initiator not a participant",
      .interaction(Interaction(time: t0, kind: .email, participants: [1, 2], initiator: 3)),
      rejects: "by"),
    ValidationCase(
      "interaction: time before 1900",
      .interaction(Interaction(time: before1900, kind: .email, participants: [1, 2])),
      rejects: "time"),
    ValidationCase(
      "interaction: time after 2200",
      .interaction(Interaction(time: after2200, kind: .email, participants: [1, 2])),
      rejects: "time"),
    ValidationCase(
      "interaction: follow-up after 2200",
      .interaction(Interaction(time: t0, kind: .email, participants: [1, 2], followUp: after2200)),
      rejects: "follow-up"),
    // An interaction entered as a date: its time is the start of that day somewhere.
    ValidationCase(
      "interaction: a date entered in UTC",
      .interaction(Interaction(time: t0, kind: .call, participants: [1, 2], day: 20_454)),
      rejects: nil),
    ValidationCase(
      "interaction: a date entered in Kiritimati (UTC+14)",
      .interaction(
        Interaction(time: t0 - 14 * 3_600, kind: .call, participants: [1, 2], day: 20_454)),
      rejects: nil),
    ValidationCase(
      "interaction: a date entered on Baker Island (UTC−12)",
      .interaction(
        Interaction(time: t0 + 12 * 3_600, kind: .call, participants: [1, 2], day: 20_454)),
      rejects: nil),
    ValidationCase(
      "interaction: a date whose time is the start of the next day in UTC",
      .interaction(Interaction(time: t0 + day, kind: .call, participants: [1, 2], day: 20_454)),
      rejects: "day"),
    ValidationCase(
      "interaction: a date a week from its time",
      .interaction(
        Interaction(time: t0 - 7 * day, kind: .call, participants: [1, 2], day: 20_454)),
      rejects: "day"),
    // Exchanges
    ValidationCase(
      "exchange: valid", .exchange(Exchange(time: t0, giver: 1, receiver: 2, kind: .advice)),
      rejects: nil),
    ValidationCase(
      "exchange: giver is receiver",
      .exchange(Exchange(time: t0, giver: 1, receiver: 1, kind: .help)), rejects: "to"),
    ValidationCase(
      "exchange: time before 1900",
      .exchange(Exchange(time: before1900, giver: 1, receiver: 2, kind: .help)), rejects: "time"),
    // Referrals
    ValidationCase("referral: just suggested", referral(), rejects: nil),
    ValidationCase(
      "referral: about an organisation", referral(referee: nil, organisation: 9), rejects: nil),
    ValidationCase(
      "referral: full forward path",
      referral([(.suggested, 0), (.contacted, 1), (.met, 5), (.reportedBack, 9)]), rejects: nil),
    ValidationCase(
      "referral: skipping forward", referral([(.suggested, 0), (.met, 3)]), rejects: nil),
    ValidationCase(
      "referral: declined from suggested", referral([(.suggested, 0), (.declined, 2)]), rejects: nil
    ),
    ValidationCase(
      "referral: declined from met",
      referral([(.suggested, 0), (.contacted, 1), (.met, 2), (.declined, 2)]), rejects: nil),
    ValidationCase(
      "referral: same-day steps", referral([(.suggested, 0), (.contacted, 0), (.met, 0)]),
      rejects: nil),
    ValidationCase("referral: about nobody", referral(referee: nil), rejects: "about"),
    ValidationCase(
      "referral: about a person and an organisation", referral(referee: 3, organisation: 9),
      rejects: "about"),
    ValidationCase(
      "referral: referrer is recipient", referral(referrer: 1, recipient: 1), rejects: "to"),
    ValidationCase("referral: about its referrer", referral(referee: 1), rejects: "about"),
    ValidationCase("referral: about its recipient", referral(referee: 2), rejects: "about"),
    ValidationCase("referral: empty history", referral([]), rejects: "status"),
    ValidationCase("referral: starts as contacted", referral([(.contacted, 0)]), rejects: "status"),
    ValidationCase(
      "referral: suggested twice", referral([(.suggested, 0), (.suggested, 1)]), rejects: "status"),
    ValidationCase(
      "referral: backward met → contacted",
      referral([(.suggested, 0), (.met, 1), (.contacted, 2)]), rejects: "status"),
    ValidationCase(
      "referral: backward contacted → suggested",
      referral([(.suggested, 0), (.contacted, 1), (.suggested, 2)]), rejects: "status"),
    ValidationCase(
      "referral: reported-back → met", referral([(.suggested, 0), (.reportedBack, 1), (.met, 2)]),
      rejects: "status"),
    ValidationCase(
      "referral: declined → contacted",
      referral([(.suggested, 0), (.declined, 1), (.contacted, 2)]), rejects: "status"),
    ValidationCase(
      "referral: declined twice", referral([(.suggested, 0), (.declined, 1), (.declined, 2)]),
      rejects: "status"),
    ValidationCase(
      "referral: reported-back → declined",
      referral([(.suggested, 0), (.reportedBack, 1), (.declined, 2)]), rejects: "status"),
    ValidationCase(
      "referral: a step predates the previous one",
      referral([(.suggested, 0), (.contacted, 5), (.met, 4)]), rejects: "on"),
    // Explicit ties
    ValidationCase("tie: undated", .tie(Tie(a: 1, b: 2, weight: 1.5)), rejects: nil),
    ValidationCase("tie: dated", .tie(Tie(a: 1, b: 2, weight: 1, date: t0)), rejects: nil),
    ValidationCase("tie: weight 0", .tie(Tie(a: 1, b: 2, weight: 0)), rejects: nil),
    ValidationCase("tie: a person with themself", .tie(Tie(a: 1, b: 1)), rejects: "tie"),
    ValidationCase("tie: NaN weight", .tie(Tie(a: 1, b: 2, weight: .nan)), rejects: "weight"),
    ValidationCase(
      "tie: +infinite weight", .tie(Tie(a: 1, b: 2, weight: .infinity)), rejects: "weight"),
    ValidationCase(
      "tie: −infinite weight", .tie(Tie(a: 1, b: 2, weight: -.infinity)), rejects: "weight"),
    ValidationCase("tie: negative weight", .tie(Tie(a: 1, b: 2, weight: -0.5)), rejects: "weight"),
    ValidationCase(
      "tie: date after 2200", .tie(Tie(a: 1, b: 2, weight: 1, date: after2200)), rejects: "on"),
    // Notes
    ValidationCase(
      "note: on a person", .note(Note(time: t0, text: "likes chess", person: 1)), rejects: nil),
    ValidationCase(
      "note: on an organisation", .note(Note(time: t0, text: "hiring", organisation: 1)),
      rejects: nil),
    ValidationCase(
      "note: on an interaction", .note(Note(time: t0, text: "went well", interaction: 1)),
      rejects: nil),
    ValidationCase("note: without target", .note(Note(time: t0, text: "orphan")), rejects: "note"),
    ValidationCase(
      "note: two targets", .note(Note(time: t0, text: "both", person: 1, organisation: 1)),
      rejects: "note"),
    ValidationCase(
      "note: three targets",
      .note(Note(time: t0, text: "all", person: 1, organisation: 1, interaction: 1)),
      rejects: "note"),
    ValidationCase("note: empty text", .note(Note(time: t0, text: "", person: 1)), rejects: "text"),
    ValidationCase(
      "note: blank text", .note(Note(time: t0, text: " \n ", person: 1)), rejects: "text"),
    ValidationCase(
      "note: time before 1900", .note(Note(time: before1900, text: "old", person: 1)),
      rejects: "time"),
  ]

  @Test("validate()", arguments: cases)
  func validate(_ c: ValidationCase) {
    if let field = c.field {
      let error = #expect(throws: InvalidRecord.self) { try c.record.validate() }
      #expect(error?.field == field, "\(String(describing: error))")
      #expect(error?.message.isEmpty == false)
      #expect(error?.description.hasPrefix("invalid \(field): ") == true)
    } else {
      #expect(throws: Never.self) { try c.record.validate() }
    }
  }

  @Test("referral status moves only forward, or to declined from an open status")
  func statusTransitions() {
    let order: [ReferralStatus] = [.suggested, .contacted, .met, .reportedBack]
    for (i, from) in order.enumerated() {
      for (j, to) in order.enumerated() {
        let expected = from != .reportedBack && j > i
        #expect(from.canMove(to: to) == expected, "\(from) → \(to)")
      }
      #expect(from.canMove(to: .declined) == (from != .reportedBack), "\(from) → declined")
    }
    for to in ReferralStatus.allCases {
      #expect(!ReferralStatus.declined.canMove(to: to), "declined → \(to)")
    }
    #expect(ReferralStatus.declined.isClosed && ReferralStatus.reportedBack.isClosed)
    #expect(!ReferralStatus.suggested.isClosed && !ReferralStatus.met.isClosed)
  }

  @Test("a referral's status and since follow its last event")
  func referralStatusAndSince() {
    let fresh = Referral(time: t0, referrer: 1, recipient: 2, refereePerson: 3)
    #expect(fresh.history == [ReferralEvent(status: .suggested, time: t0)])
    #expect(fresh.status == .suggested && fresh.since == t0)
    var moved = fresh
    moved.history.append(ReferralEvent(status: .met, time: t0 + 3 * day))
    #expect(moved.status == .met && moved.since == t0 + 3 * day)
  }

  @Test("referral history and affiliation dates must lie between 1900 and 2200")
  func datesOutsideTheRange() {
    let late = Referral(
      time: t0, referrer: 1, recipient: 2, refereePerson: 3,
      history: [
        ReferralEvent(status: .suggested, time: t0),
        ReferralEvent(status: .contacted, time: after2200),
      ])
    let lateError = #expect(throws: InvalidRecord.self) { try late.validate() }
    #expect(lateError?.field == "on")
    let early = Affiliation(person: 1, organisation: 1, from: before1900)
    let earlyError = #expect(throws: InvalidRecord.self) { try early.validate() }
    #expect(earlyError?.field == "from")
    let ending = Affiliation(person: 1, organisation: 1, from: t0, to: after2200)
    let endingError = #expect(throws: InvalidRecord.self) { try ending.validate() }
    #expect(endingError?.field == "to")
  }

  @Test("affiliation isCurrent")
  func affiliationIsCurrent() {
    let a = Affiliation(person: 1, organisation: 1, from: t0, to: t0 + 10 * day)
    #expect(!a.isCurrent(at: t0 - 1))
    #expect(a.isCurrent(at: t0) && a.isCurrent(at: t0 + 10 * day))
    #expect(!a.isCurrent(at: t0 + 10 * day + 1))
    #expect(Affiliation(person: 1, organisation: 1).isCurrent(at: t0))
  }

  @Test("a name on one line: runs of white space with a line break or tab become one space")
  func singleLine() {
    #expect(TextKey.singleLine("Ada Lovelace") == "Ada Lovelace")
    #expect(TextKey.singleLine("Line\nBreak") == "Line Break")
    #expect(TextKey.singleLine("Tab \t\r\n Bed") == "Tab Bed")
    #expect(TextKey.singleLine("Zoë\u{2028}Adams") == "Zoë Adams")
    #expect(TextKey.singleLine("Zoë  Adams") == "Zoë  Adams", "spaces alone are left as typed")
    #expect(TextKey.singleLine("Zoë  Adams\nX") == "Zoë  Adams X", "only runs with a break")
  }

  @Test("a label drops control characters, invisible spaces and bidi overrides, not joiners")
  func labelCharacters() {
    #expect(TextKey.singleLine("\u{1B}[31mRed\u{1B}[0m") == "[31mRed[0m")
    #expect(TextKey.singleLine("A\u{1}B\u{7F}C\u{9B}D") == "ABCD")
    #expect(TextKey.singleLine("Zero\u{200B}Width") == "ZeroWidth")
    #expect(TextKey.singleLine("RTL\u{202E}evil") == "RTLevil")
    #expect(TextKey.singleLine("\u{2066}Iso\u{2069}\u{FEFF}") == "Iso")
    #expect(TextKey.singleLine("👩\u{200D}💻 Dev") == "👩\u{200D}💻 Dev", "a joiner is kept")
    #expect(TextKey.singleLine("می\u{200C}خواهم") == "می\u{200C}خواهم", "a non-joiner is kept")
    #expect(TextKey.singleLine("Zoë \u{1} \n Adams") == "Zoë Adams")
  }

  @Test("a typed name refuses a control character and more than 300 characters")
  func typedName() {
    func message(_ value: String, _ field: String = "name") -> String? {
      do {
        try Validate.typedName(value, field: field)
        return nil
      } catch {
        return error.description
      }
    }
    #expect(message("Line\nBreak\t") == nil, "line breaks and tabs become spaces")
    #expect(message("Zero\u{200B}Width") == nil, "an invisible space is dropped")
    #expect(
      message("A\u{1}B") == "invalid name: a name cannot hold a control character (U+0001)")
    #expect(
      message("x\u{7F}", "alias")
        == "invalid alias: an alias cannot hold a control character (U+007F)")
    #expect(message(String(repeating: "é", count: 300)) == nil)
    #expect(
      message(String(repeating: "a", count: 301))
        == "invalid name: a name is at most 300 characters (this one has 301)")
    #expect(message("\u{200B}") == "invalid name: a name cannot be empty")
  }
}
