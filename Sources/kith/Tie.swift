import ArgumentParser
import Foundation
import KithExport
import KithGraph
import KithStore

extension Kith {
  struct TieCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "tie",
      abstract: "Record that two people know each other, with no interaction to log.",
      discussion: """
        Without --on the tie is undated: its weight counts in full at every date. With --on it \
        decays from that date like an interaction. Default weight: 1 (one meeting).

        Example: kith tie jane-doe sam-lee --weight 2
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "One person.") var a: String
    @Argument(help: "The other person.") var b: String
    @Option(
      parsing: .unconditional,
      help: ArgumentHelp("How strong (a number from 0 to 1000000).", valueName: "weight"))
    var weight: Double = 1
    @Option(help: ArgumentHelp("When they met (omit for an undated tie).", valueName: "date"))
    var on: DateArgument?

    func validate() throws {
      if !Validate.isWeight(weight) {
        throw ValidationError("--weight must be a number from 0 to 1000000, e.g. --weight 2.")
      }
      try checkRecordDate(on, global)
    }

    func run() throws {
      let store = try global.openStore()
      let pa = try resolvePersonOrMe(a, store, global)
      let pb = try resolvePersonOrMe(b, store, global)
      let tie = Tie(a: pa.id, b: pb.id, weight: weight, date: on?.date)
      let repeated = try store.repeatedTie(of: tie)
      let t = try store.addTie(tie)
      noteIfFuture(on, global)
      if let repeated {
        noteRepeat(
          of: "tie", repeated.id,
          "\(pa.name) and \(pb.name), \(t.date.map { "on \(KithTime.formatHuman($0))" } ?? "undated"), weight \(Format.number(repeated.weight))",
          new: t.id)
      }
      if global.json {
        Output.json(
          [
            "tie": [
              "id": .int(t.id), "a": .string(pa.handle), "b": .string(pb.handle),
              "weight": .double(weight), "date": .string(t.date.map(KithTime.format)),
            ]
          ], asOf: global.asOf?.date, ego: try global.optionalEgo(store))
      } else {
        print("Tie between \(pa.name) and \(pb.name) (weight \(Format.number(weight))).")
      }
    }
  }

  struct NoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "note",
      abstract: "Attach a dated note to a person (or an organisation).",
      discussion: "Example: kith note jane-doe \"Moving to Lisbon in September\"")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The person (or organisation).") var subject: String
    @Argument(help: "The note.") var text: String
    @Option(help: ArgumentHelp("When (default: --as-of, else now).", valueName: "date")) var on:
      DateArgument?

    func validate() throws { try checkRecordDate(on, global) }

    func run() throws {
      let store = try global.openStore()
      var note = Note(time: recordDate(on, global), text: text, day: recordDay(on, global))
      let target = try resolvePersonOrOrganisation(subject, store, global)
      note.person = target.person?.id
      note.organisation = target.organisation?.id
      let subjectName = target.person?.name ?? target.organisation?.name ?? subject
      let stored = try store.addNote(note)
      noteIfFuture(on, global, consequence: futureNoteConsequence)
      if global.json {
        Output.json(
          [
            "note": [
              "id": .int(stored.id), "time": .string(KithTime.format(stored.time)),
              "date": dateJSON(stored.day), "text": .string(text),
            ]
          ],
          asOf: global.asOf?.date, ego: try global.optionalEgo(store))
      } else {
        print("Noted about \(subjectName) (#\(stored.id)).")
      }
    }
  }
}
