import Foundation
import GRDB
import KithGraph
import KithTestSupport
import Testing

@testable import KithStore

@Suite("A referral and the exchange it recorded")
struct ReferralExchangeTests {
  @Test("a store from schema v10 links each referral to its exchange, one each")
  func migrationLinksExchanges() throws {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("v10.sqlite")
    let t: Int64 = 1_780_000_000
    // Referrals 1 and 2 are the same referral made twice, each with its exchange; referral 3
    // has none (recorded without one); exchange 4 is a referral given by someone else.
    let sql = """
      INSERT INTO person (id, handle, name) VALUES (1, 'me', 'Me'), (2, 'ben', 'Ben'),
        (3, 'cara', 'Cara');
      INSERT INTO referral (id, time, referrer_id, recipient_id, referee_person_id, why, status)
        VALUES (1, \(t), 2, 1, 3, 'A', 'suggested'), (2, \(t), 2, 1, 3, 'A', 'suggested'),
        (3, \(t + 60), 2, 1, 3, NULL, 'suggested');
      INSERT INTO exchange (id, time, giver_id, receiver_id, kind, note) VALUES
        (1, \(t), 2, 1, 'referral', 'A'), (2, \(t), 2, 1, 'referral', 'A'),
        (4, \(t + 60), 3, 1, 'referral', NULL);
      """
    try KithStore.createDatabase(path: path, upTo: "v10-import-revisions", sql: sql)
    let store = try KithStore(path: path)
    let links = try store.read { db in
      try Row.fetchAll(db, sql: "SELECT id, exchange_id FROM referral ORDER BY id").map {
        [$0["id"] as Int64, $0["exchange_id"] as Int64? ?? 0]
      }
    }
    #expect(links == [[1, 1], [2, 2], [3, 0]])
    #expect(try store.removeRecord(.referral, id: 2).exchange == 2)
    #expect(try store.exchange(id: 1) != nil)
    #expect(try store.removeRecord(.referral, id: 3).exchange == nil)
    #expect(try store.exchange(id: 4) != nil)
  }
}
