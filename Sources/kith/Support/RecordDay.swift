import Foundation
import KithExport
import KithGraph

/// The day a record is dated as a date alone (`Interaction.day`), as `recordDate` dates it:
/// --on DATE, else, without --on, --as-of DATE (the record is of that day); nil when it is
/// dated to a time (--on or --as-of with a time of day, or now).
func recordDay(_ on: DateArgument?, _ global: GlobalOptions) -> Int64? {
  if let on { return enteredDay(on) }
  return global.asOf?.day
}

/// The day a date option names when it is a date alone (its `date` is the start of it), nil
/// for a time.
func enteredDay(_ argument: DateArgument) -> Int64? {
  argument.dateOnly ? KithTime.day(ofSeconds: KithTime.seconds(argument.date)) : nil
}

/// An interaction's date as the record listings show it: the day entered for one entered as a
/// date alone, the same in every zone, else its day and time in your zone, 00:00 included.
func shownTime(_ i: Interaction) -> String { KithTime.formatHuman(i.time, day: i.day) }

/// The day an interaction was entered as, for JSON: `YYYY-MM-DD`, or null for a time.
func dateJSON(_ day: Int64?) -> JSONValue { .string(day.map(KithTime.formatCalendarDay)) }
