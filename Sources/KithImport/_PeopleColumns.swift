import Foundation

/// The columns of a people CSV file, by what they hold: the generic names `GenericCSVReader`
/// lists, and those of the contact managers' exports. Google Contacts writes `Name`,
/// `E-mail 1 - Value`, `Phone 2 - Value`, `Organization 1 - Name`, `Organization 1 - Title`,
/// `Website 1 - Value` and `Group Membership`; Outlook writes `E-mail Address`,
/// `E-mail 2 Address`, `Business Phone`, `Mobile Phone`, `Company`, `Job Title` (its `Title`
/// is an honorific, so `Job Title` comes first) and `Web Page`. Every email, phone and URL
/// column is read; the columns read are remembered, so that the others can be reported.
struct _PeopleColumns {
  let name: Int?
  let first: Int?
  let middle: Int?
  let last: Int?
  let emails: [Int]
  let phones: [Int]
  let urls: [Int]
  let organisation: Int?
  let role: Int?
  let tags: [Int]
  /// Google's `Group Membership`: labels as tags, without its system groups.
  let groups: Int?
  let aliases: Int?
  let note: Int?
  let birthday: Int?
  let id: Int?
  /// The handle a new person gets (`kith export csv` writes it).
  let handle: Int?
  /// The columns read, with those that only describe one of them (Google's `… - Type`).
  private let read: Set<Int>

  static let emailNames: Set = [
    "email", "e mail", "email address", "emails", "mail", "e mail address",
  ]
  static let phoneNames: Set = [
    "phone", "telephone", "mobile", "phone number", "tel", "phones", "mobile phone",
    "home phone", "home phone 2", "business phone", "business phone 2", "car phone",
    "other phone", "primary phone",
  ]
  static let urlNames: Set = [
    "url", "profile", "profile url", "linkedin", "website", "urls", "web page",
    "personal web page",
  ]

  init(_ table: _CSVTable) {
    // Runs of spaces as one: Google's `E-mail 1 - Value` is `e mail 1 value`.
    let names = table.names.map { $0.split(separator: " ").joined(separator: " ") }
    func first(_ aliases: [String]) -> Int? {
      for alias in aliases { if let i = names.firstIndex(of: alias) { return i } }
      return nil
    }
    func all(_ matches: (String) -> Bool) -> [Int] { names.indices.filter { matches(names[$0]) } }
    name = first(GenericCSVReader.nameColumns)
    self.first = first(GenericCSVReader.firstColumns)
    middle = first(["middle name", "additional name"])
    last = first(GenericCSVReader.lastColumns)
    emails = all {
      Self.emailNames.contains($0) || Self.numbered($0, ["e mail", "email"], ["address", "value"])
    }
    phones = all { Self.phoneNames.contains($0) || Self.numbered($0, ["phone"], ["value"]) }
    urls = all { Self.urlNames.contains($0) || Self.numbered($0, ["website"], ["value"]) }
    organisation = first([
      "organisation", "organization", "company", "org", "employer", "organization 1 name",
    ])
    role = first(["role", "job title", "position", "organization 1 title", "title"])
    tags = all { ["tags", "categories", "labels", "tag"].contains($0) }
    groups = first(["group membership"])
    aliases = first(["aliases", "nickname", "alias"])
    note = first(["note", "notes"])
    birthday = first(["birthday", "bday"])
    id = first(["id", "uid", "key"])
    handle = first(["handle"])
    var read = Set(
      [
        name, self.first, middle, last, organisation, role, groups, aliases, note, birthday, id,
        handle,
      ]
      .compactMap { $0 } + emails + phones + urls + tags)
    // `E-mail 1 - Type` says what kind `E-mail 1 - Value` is.
    let readNames = Set(read.map { names[$0] })
    for (i, name) in names.enumerated() where name.hasSuffix(" type") {
      if readNames.contains(name.dropLast(5) + " value") { read.insert(i) }
    }
    self.read = read
  }

  /// Whether `name` is one of `prefixes`, a number, then one of `suffixes`: `e mail 2 address`.
  static func numbered(_ name: String, _ prefixes: [String], _ suffixes: [String]) -> Bool {
    let words = name.split(separator: " ")
    guard words.count >= 3, words[words.count - 2].allSatisfy(\.isASCII),
      Int(words[words.count - 2]) != nil
    else { return false }
    return prefixes.contains(words.dropLast(2).joined(separator: " "))
      && suffixes.contains(String(words[words.count - 1]))
  }

  /// The columns not read that hold a value in one of `rows` (named in the header), in order:
  /// what the import leaves behind.
  func ignored(holdingValuesIn rows: ArraySlice<CSVRecord>, of table: _CSVTable) -> [Int] {
    table.names.indices.filter { c in
      !read.contains(c) && !table.names[c].isEmpty && rows.contains { table.field($0, c) != nil }
    }
  }
}

/// Google Contacts' conventions, shared by its vCard and CSV exports.
enum GoogleContacts {
  /// Google's system groups, which its exports list among the user's own labels: that a
  /// contact is among "my contacts" or starred says nothing about the person.
  static func isSystemGroup(_ label: String) -> Bool {
    switch label.lowercased() {
    case "mycontacts", "starred": true
    default: false
    }
  }

  /// A label as the CSV export writes it, without the `* ` that marks a system group.
  static func label(_ text: String) -> String {
    text.hasPrefix("* ") ? _Text.trimmed(String(text.dropFirst(2))) : text
  }
}
