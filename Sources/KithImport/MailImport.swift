import Foundation
import KithGraph

/// How calendar events and emails become import records.
public struct MailImportOptions: Sendable {
  /// The mailboxes of the user's own addresses (the `my-emails` setting, as
  /// `IdentityKey.mailbox`): they are the ego, never a new person, whatever `+tag` or Gmail
  /// spelling a message uses.
  public var myEmails: Set<String>
  /// An event with more distinct people than this is recorded as an `event`, else a `meeting`.
  public var eventThreshold = 8
  /// A message with more recipients than this is treated as a mailing list.
  public var listThreshold = 15
  /// Import mailing-list, bulk and automated messages too (normally left out).
  public var includeLists = false

  public init(myEmails: some Sequence<String>) {
    self.myEmails = Set(myEmails.compactMap { IdentityKey.mailbox($0) })
  }
}

/// Records left out of a conversion on purpose (not errors), counted by reason.
public struct LeftOut: Sendable, Hashable {
  /// Cancelled events or occurrences.
  public var cancelled = 0
  /// Occurrences after the import date.
  public var future = 0
  /// Events or messages with fewer than two people (a private appointment, a note to self).
  public var alone = 0
  /// Mailing-list and bulk messages (List-Id, List-Unsubscribe, Precedence, Auto-Submitted, a
  /// Gmail category other than Primary, too many recipients).
  public var lists = 0
  /// Messages from automated senders (`noreply@…`, `mailer-daemon@…`: `MailImport.isAutomated`).
  public var automated = 0
  /// Messages without a sender address (drafts, chat logs).
  public var withoutSender = 0
  /// Messages from the user to people who never wrote back in the imported mail: the people
  /// are recorded, the messages are not (yet).
  public var unanswered = 0

  public init() {}

  /// The non-zero counts, keyed as in JSON output.
  public var counts: [String: Int] {
    let all = [
      "cancelled": cancelled, "future": future, "alone": alone, "lists": lists,
      "automated": automated, "withoutSender": withoutSender, "unanswered": unanswered,
    ]
    return all.filter { $0.value > 0 }
  }

  public static func + (a: LeftOut, b: LeftOut) -> LeftOut {
    var s = a
    s.cancelled += b.cancelled
    s.future += b.future
    s.alone += b.alone
    s.lists += b.lists
    s.automated += b.automated
    s.withoutSender += b.withoutSender
    s.unanswered += b.unanswered
    return s
  }
}

/// A batch and what was left out of it. The batch carries the counts too
/// (`ImportBatch.leftOut`), so that whichever command imports it reports them.
public struct ConvertedBatch: Sendable {
  public var batch: ImportBatch
  public var leftOut: LeftOut

  init(batch: ImportBatch, leftOut: LeftOut) {
    self.batch = batch
    self.batch.leftOut.merge(leftOut.counts, uniquingKeysWith: +)
    self.leftOut = leftOut
  }
}

/// People of a batch keyed by mailbox (`IdentityKey.mailbox`), with the ego's mapped to `.me`.
/// A person's record key is the first address seen for them, as written (lower-cased).
struct _AddressBook {
  let myEmails: Set<String>
  var people: [ImportedPerson] = []
  var index: [String: Int] = [:]

  init(myEmails: Set<String>) { self.myEmails = myEmails }

  /// The reference for an address, adding the person on first sight (a later display name
  /// fills in a missing one).
  mutating func reference(email: String, name: String?, at location: SourceLocation)
    -> PersonReference?
  {
    guard let address = IdentityKey.email(email) else { return nil }
    let key = IdentityKey.mailbox(ofAddress: address)
    if myEmails.contains(key) { return .me }
    if let i = index[key] {
      if name != nil, people[i].name == people[i].emails.first {
        people[i].name = Self.displayName(name) ?? people[i].name
      }
      return .record(people[i].key)
    }
    let recordKey = "email:" + address
    index[key] = people.count
    people.append(
      ImportedPerson(
        key: recordKey, name: Self.displayName(name) ?? email, emails: [email],
        location: location))
    return .record(recordKey)
  }

  /// Outlook and Exchange write names as `Last, First`: such a name (one comma between two
  /// single words) becomes `First Last`. The written form is the same name turned round, not
  /// another one the person goes by: it is not kept as an alias.
  static func displayName(_ name: String?) -> String? {
    guard let n = name else { return nil }
    let parts = n.split(separator: ",", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
      !parts[0].contains(" "), !parts[1].contains(" ")
    else { return n }
    return parts[1] + " " + parts[0]
  }
}

/// Turns parsed calendars into import records.
public enum CalendarImport {
  /// The source namespace of calendar records: the same event read from two files is one.
  public static let source = "calendar"

  /// Converts one calendar. Each occurrence with at least two distinct people becomes an
  /// interaction initiated by its organiser: a `meeting`, or an `event` when it has more than
  /// `options.eventThreshold` people. Attendees without an address are left out (a name alone
  /// is no identity). Unread events (`calendar.rejected`) become the batch's problems; warnings
  /// are returned with them as notes. The batch replaces what earlier imports made of the
  /// events it holds (`ImportBatch.replacedGroups`).
  /// - Complexity: O(occurrences × attendees).
  public static func convert(_ calendar: ParsedCalendar, path: String, options: MailImportOptions)
    -> ConvertedBatch
  {
    var batch = ImportBatch(source: source, path: path)
    var book = _AddressBook(myEmails: options.myEmails)
    var leftOut = LeftOut()
    leftOut.cancelled = calendar.cancelled
    leftOut.future = calendar.future
    batch.problems = calendar.rejected
    batch.markProblems(as: "interactions")
    // The file is the calendar as it is now: an event edited since an earlier import (moved,
    // re-timed, guests added or removed, cancelled) replaces what that import made of it.
    // Events the file no longer holds at all stay: an export may cover a shorter period.
    batch.replacedGroups = calendar.uids
    batch.replacedThrough = Date(timeIntervalSince1970: Double(calendar.until))
    // …unless it is older than what an earlier import stored (an older export imported after a
    // newer one).
    batch.revisions = calendar.revisions
    for event in calendar.events {
      var participants: [PersonReference] = []
      var organizer: PersonReference?
      if let o = event.organizer, let email = o.email {
        organizer = book.reference(email: email, name: o.name, at: event.location)
        if let r = organizer { participants.append(r) }
      }
      for a in event.attendees {
        guard let email = a.email,
          let r = book.reference(email: email, name: a.name, at: event.location)
        else { continue }
        if !participants.contains(r) { participants.append(r) }
      }
      guard participants.count >= 2 else {
        leftOut.alone += 1
        continue
      }
      batch.interactions.append(
        ImportedInteraction(
          sourceID: event.sourceID, time: Date(timeIntervalSince1970: Double(event.start)),
          kind: participants.count > options.eventThreshold ? .event : .meeting,
          participants: participants, initiator: organizer, channel: "calendar",
          summary: event.summary,
          // An all-day event is on its day wherever it is read.
          day: event.allDay ? KithTime.day(ofSeconds: event.start) : nil,
          location: event.location))
    }
    batch.people = book.people
    return ConvertedBatch(batch: batch, leftOut: leftOut)
  }
}

/// Turns parsed mailboxes into import records.
public enum MailImport {
  /// The source namespace of email records: a message keeps its Message-ID whether it comes
  /// from an mbox or an .eml file, so importing it twice changes nothing.
  public static let source = "email"

  /// Whether an address is a program's, not a person's, by its name (before any `+tag`, case,
  /// dots, dashes and underscores ignored): one with `noreply` or `donotreply` in it
  /// (`messages-noreply@linkedin.com`, `do-not-reply@…`), `mailer-daemon`, `postmaster`,
  /// `notification(s)`, or one starting with `bounce` (`bounces+123@…`). Mail from such an
  /// address is no correspondence, and nobody writes to it.
  public static func isAutomated(_ email: String) -> Bool {
    guard let address = IdentityKey.email(email),
      let at = address.utf8.lastIndex(of: UInt8(ascii: "@"))
    else { return false }
    let name = address.utf8[..<at].prefix { $0 != UInt8(ascii: "+") }.filter {
      $0 != UInt8(ascii: ".") && $0 != UInt8(ascii: "-") && $0 != UInt8(ascii: "_")
    }
    if name.starts(with: "bounce".utf8) { return true }
    if ["mailerdaemon", "postmaster", "notification", "notifications"].contains(where: {
      name.elementsEqual($0.utf8)
    }) {
      return true
    }
    return ["noreply", "donotreply"].contains { name.firstRange(of: Array($0.utf8)) != nil }
  }

  /// Whether a message is list or bulk mail under `options`.
  public static func isList(_ m: ParsedMessage, options: MailImportOptions) -> Bool {
    m.listID != nil || m.isBulk || m.recipients.count > options.listThreshold
  }

  /// The mailboxes (`IdentityKey.mailbox`) of everyone who sent one of the personal messages
  /// in `boxes` (the user's own included): the people who have written.
  public static func writers(_ boxes: [ParsedMailbox], options: MailImportOptions) -> Set<String> {
    var out = Set<String>()
    for box in boxes {
      for m in box.messages
      where options.includeLists || !(isList(m, options: options) || isAutomated(m.from.email)) {
        if let key = IdentityKey.mailbox(m.from.email) { out.insert(key) }
      }
    }
    return out
  }

  /// Converts one mailbox (or message). Each personal message becomes an `email` interaction
  /// initiated by its sender, among the sender, the user (who received it, even when only
  /// Bcc'd) and the recipients who have written at least one message in `writers` — a
  /// correspondent who never writes is recorded as a person but forms no tie until they do. A
  /// message of the user's left with nobody else is counted as unanswered, not recorded.
  /// Mailing-list and bulk messages, and messages from automated senders (counted apart), are
  /// left out unless `options.includeLists`; so are automated addresses among the recipients. Unreadable
  /// messages (`box.rejected`) become the batch's problems.
  /// - Parameter writers: from `writers(_:options:)` over every mailbox imported together, so
  ///   that a reply in the inbox counts for a message in the sent folder.
  /// - Complexity: O(messages × recipients).
  public static func convert(
    _ box: ParsedMailbox, path: String, writers: Set<String>, options: MailImportOptions
  ) -> ConvertedBatch {
    var batch = ImportBatch(source: source, path: path)
    var book = _AddressBook(myEmails: options.myEmails)
    var leftOut = LeftOut()
    leftOut.withoutSender = box.withoutSender
    batch.problems = box.rejected
    batch.warnings = box.warnings
    batch.markProblems(as: "interactions")
    for m in box.messages {
      if !options.includeLists && isList(m, options: options) {
        leftOut.lists += 1
        continue
      }
      if !options.includeLists && isAutomated(m.from.email) {
        leftOut.automated += 1
        continue
      }
      guard let sender = book.reference(email: m.from.email, name: m.from.name, at: m.location)
      else {
        leftOut.withoutSender += 1
        continue
      }
      var participants: [PersonReference] = [sender]
      if sender != .me { participants.append(.me) }
      for r in m.recipients where options.includeLists || !isAutomated(r.email) {
        guard let ref = book.reference(email: r.email, name: r.name, at: m.location) else {
          continue
        }
        guard ref == .me || writers.contains(IdentityKey.mailbox(r.email) ?? "") else {
          continue
        }
        if !participants.contains(ref) { participants.append(ref) }
      }
      guard participants.count >= 2 else {
        let others = m.recipients.contains {
          IdentityKey.mailbox($0.email).map { !options.myEmails.contains($0) } ?? false
        }
        if sender == .me && others {
          leftOut.unanswered += 1
        } else {
          leftOut.alone += 1
        }
        continue
      }
      batch.interactions.append(
        ImportedInteraction(
          sourceID: m.sourceID, time: Date(timeIntervalSince1970: Double(m.date)), kind: .email,
          participants: participants, initiator: sender, channel: "email", summary: m.subject,
          location: m.location))
    }
    batch.people = book.people
    return ConvertedBatch(batch: batch, leftOut: leftOut)
  }
}
