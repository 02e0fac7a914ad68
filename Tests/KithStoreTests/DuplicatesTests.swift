import Foundation
import KithGraph
import KithTestSupport
import Testing

@testable import KithStore

@Suite("Likely duplicates")
struct DuplicatesTests {
  /// The pairs `likelyDuplicates` lists, as sorted names, with their reasons.
  func pairs(_ store: KithStore) throws -> [[String]: [String]] {
    var out: [[String]: [String]] = [:]
    for d in try store.likelyDuplicates() {
      out[[d.first.name, d.second.name].sorted()] = d.reasons
    }
    return out
  }

  @Test("a name with its words swapped, family name first, is a pair; aliases count")
  func swappedOrder() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    _ = try store.initialise(me: "Kenji Mori")
    _ = try store.addPerson(Person(name: "Mariko Fujita"))
    _ = try store.addPerson(Person(name: "Fujita Mariko"))
    _ = try store.addPerson(Person(name: "加藤 さくら", aliases: ["Kato Sakura"]))
    _ = try store.addPerson(Person(name: "Sakura Kato"))
    _ = try store.addPerson(Person(name: "Emi Inoue", emails: ["emi@inoue.example"]))
    _ = try store.addPerson(Person(name: "Inoue Emi", emails: ["emi@inoue.example"]))
    // Other orders of three words are other names.
    _ = try store.addPerson(Person(name: "Mary Ann Lee"))
    _ = try store.addPerson(Person(name: "Ann Mary Lee"))
    // Western names in another order are other people: Thomas James is not James Thomas.
    for (a, b) in [
      ("James Thomas", "Thomas James"), ("Grace Kelly", "Kelly Grace"),
      ("Louis Martin", "Martin Louis"), ("Rhys John", "John Rhys"),
    ] {
      _ = try store.addPerson(Person(name: a))
      _ = try store.addPerson(Person(name: b))
    }
    let found = try pairs(store)
    #expect(found[["Fujita Mariko", "Mariko Fujita"]] == ["nameOrder"])
    #expect(found[["Sakura Kato", "加藤 さくら"]] == ["nameOrder"])
    #expect(found[["Emi Inoue", "Inoue Emi"]] == ["email", "nameOrder"])
    #expect(found.count == 3)
    let shared = try store.likelyDuplicates()
    #expect(shared.first?.sharesIdentifier == true && shared.last?.sharesIdentifier == false)
  }

  @Test("Japanese long vowels spelt another way are a pair; Western names are not")
  func longVowels() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    _ = try store.initialise(me: "Kenji Mori")
    _ = try store.addPerson(Person(name: "Ryo Ohno"))
    _ = try store.addPerson(Person(name: "Ryō Ōno"))
    _ = try store.addPerson(Person(name: "Satoh Yuuki"))
    _ = try store.addPerson(Person(name: "Yuki Sato"))
    _ = try store.addPerson(Person(name: "John Mori"))
    _ = try store.addPerson(Person(name: "Jon Mori"))
    _ = try store.addPerson(Person(name: "Arjun Vohra"))
    _ = try store.addPerson(Person(name: "Arjun Vora"))
    let found = try pairs(store)
    #expect(found[["Ryo Ohno", "Ryō Ōno"]] == ["longVowel"])
    #expect(found[["Satoh Yuuki", "Yuki Sato"]] == ["nameOrder", "longVowel"])
    #expect(found.count == 2)
  }

  @Test("one shared name is the only reason given, not its other forms")
  func sameNameFirst() throws {
    let (store, dir) = try makeTemporaryStore()
    defer { dir.remove() }
    _ = try store.initialise(me: "Me")
    _ = try store.addPerson(Person(name: "Mariko Fujita", aliases: ["Fujita Mariko"]))
    _ = try store.addPerson(Person(name: "Fujita Mariko"))
    #expect(try pairs(store) == [["Fujita Mariko", "Mariko Fujita"]: ["name"]])
  }
}
