import Foundation
import KithExport
import KithGraph
import Testing

@Suite("Records as CSV")
struct RecordsCSVTests {
  @Test("a field is quoted only when it holds a comma, a quote or a line break")
  func quoting() {
    let table = RecordsCSV.Table(
      header: ["a", "b"],
      rows: [["plain", "a, b"], ["say \"hi\"", "one\r\ntwo"], ["cr\ralone", ""]])
    #expect(
      table.render()
        == "a,b\nplain,\"a, b\"\n\"say \"\"hi\"\"\",\"one\r\ntwo\"\n\"cr\ralone\",\n")
  }

  @Test("--escape-formulas puts a ' before =, +, -, @, tab and CR only at the start")
  func formulas() {
    let table = RecordsCSV.Table(
      header: ["x"], rows: [["=1+1"], ["+44 20"], ["-2"], ["@SUM(A1)"], ["\tx"], ["a=b"], [""]])
    #expect(
      table.render(escapingFormulas: true)
        == "x\n'=1+1\n'+44 20\n'-2\n'@SUM(A1)\n'\tx\na=b\n\n")
    #expect(table.render().hasPrefix("x\n=1+1\n+44 20\n"))
  }

  @Test("dates: the day at midnight UTC (before 1970 too), else the full time")
  func dates() {
    let backup = Backup(
      ego: "me-person",
      people: [
        Person(id: 1, handle: "me-person", name: "Me"), Person(id: 2, handle: "ann", name: "Ann"),
      ],
      ties: [
        Tie(id: 1, a: 1, b: 2, weight: 0.25, date: KithTime.parse("1960-03-01")),
        Tie(id: 2, a: 2, b: 1, weight: 3, date: KithTime.parse("1960-03-01T00:00:01Z")),
      ])
    let table = RecordsCSV.table(.ties, of: backup, asOf: Date())
    #expect(
      table.rows == [
        ["me", "ann", "0.25", "1960-03-01"], ["ann", "me", "3", "1960-03-01T00:00:01Z"],
      ])
  }

  @Test("interactions: the day entered for a date, the full time for a time, midnight too")
  func interactionDates() throws {
    let midnight = try #require(KithTime.parse("2025-11-24T00:00:00Z"))
    let backup = Backup(
      ego: "me-person",
      people: [
        Person(id: 1, handle: "me-person", name: "Me"), Person(id: 2, handle: "ann", name: "Ann"),
      ],
      interactions: [
        // 2025-12-04 entered in Tokyo, where it starts at 15:00 UTC the day before.
        Interaction(
          id: 1, time: try #require(KithTime.parse("2025-12-03T15:00:00Z")), kind: .meeting,
          participants: [1, 2], day: 20_426),
        Interaction(id: 2, time: midnight, kind: .call, participants: [1, 2]),
        Interaction(
          id: 3, time: midnight, kind: .email, participants: [1, 2], followUp: midnight,
          day: 20_416),
      ])
    let table = RecordsCSV.table(.interactions, of: backup, asOf: Date())
    #expect(
      table.rows.map { [$0[0], $0[2], $0[6]] } == [
        ["2025-11-24T00:00:00Z", "call", ""], ["2025-11-24", "email", "2025-11-24"],
        ["2025-12-04", "meeting", ""],
      ])
  }
}
