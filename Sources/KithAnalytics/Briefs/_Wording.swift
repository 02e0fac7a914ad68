import Foundation
import KithGraph

/// How a sentence names a contact: by the full name, never by a first name guessed from it.
/// The first word is the given name only in some names: "Sasaki Shota", written family name
/// first as calendars and mail in Japan often do, would be "ask Sasaki", and nothing in a
/// romanised name tells the two orders apart. A list that leads with the name (`neglected`,
/// the plan) says "them" after it, so the sentence does not repeat it.
struct _CallNames {
  let snapshot: NetworkSnapshot

  init(snapshot: NetworkSnapshot, ego: Int32) {
    self.snapshot = snapshot
  }

  /// The words of a name that a title naming the person would use ("Mentor 1:1 with Grace",
  /// "Product demo: Kenji / Shota"): each word of two characters or more that is not an
  /// honorific (``TextKey/isHonorific(_:)``), whichever order the name is written in.
  static func words(of name: String) -> [Substring] {
    name.split(whereSeparator: { $0 == " " || $0 == "," })
      .filter { $0.count >= 2 && !TextKey.isHonorific($0) }
  }

  /// The name to call `c` by in a sentence addressed to the ego: the full name; "them" for a
  /// person with no name.
  func name(_ c: Int32) -> String {
    let full = snapshot.people.names[Int(c)]
    return full.allSatisfy({ $0 == " " }) ? "them" : full
  }
}

/// The most recent thing the ego talked about with a contact: the summary of the latest of
/// their interactions that has one, among small ones only. A large meeting's title ("the
/// all-hands", "Christmas at Mum and Dad's") is not what the two of you talked about, and
/// neither is a title a meeting, call or video call repeats: a recurring series ("Weekly 1:1")
/// names the slot, not a topic. A mail or message subject that comes back ("Re: Deck v3" in
/// March and in September) is a thread taken up again: still a topic.
enum _TalkingPoint {
  /// At most this many people took part, the ego included.
  static let maxParticipants: Int32 = 5
  /// Whether a kind's repeated title marks a recurring series rather than a topic: a meeting,
  /// a call or a video call. (A switch, not a set: a set of raw-value enums hashes each kind's
  /// name, and this is asked of every interaction of every neglected contact.)
  static func isScheduled(_ kind: InteractionKind) -> Bool {
    switch kind {
    case .meeting, .call, .video: true
    case .message, .email, .event, .social, .other: false
    }
  }

  /// How many times each summary titles a scheduled interaction (``isScheduled(_:)``) with the
  /// contact whose entries are `range`: a title used twice is a recurring series.
  private static func uses(in history: EgoInteractions, _ range: Range<Int>) -> [String: Int] {
    var uses: [String: Int] = [:]
    for k in range where isScheduled(history.kind[k]) {
      history.summaryText(k).map { uses[$0, default: 0] += 1 }
    }
    return uses
  }

  /// A talking point: the entry (index into the ego's interactions) and its topic
  /// (``topic(of:)``, the summary without reply or forward prefixes).
  struct Point {
    var entry: Int
    var topic: String
  }

  /// The latest of `c`'s interactions with a topic to quote, nil with none.
  /// - Complexity: O(m) for the m interactions with `c`; the summaries are counted only once
  ///   one of them has a summary (most histories of a large network have none).
  static func latest(in history: EgoInteractions, of c: Int32) -> Point? {
    let range = history.range(of: c)
    if history.summary.repeatedValue.map({ $0 < 0 }) == true { return nil }
    var counted: [String: Int]? = nil
    // An entry without a summary is skipped (``skipped``: "had no topic recorded").
    for k in range.reversed() where history.summary[k] >= 0 {
      let uses = counted ?? Self.uses(in: history, range)
      counted = uses
      if skipped(k, in: history, uses: uses) == nil, let summary = history.summaryText(k) {
        return Point(entry: k, topic: topic(of: summary))
      }
    }
    return nil
  }

  /// Why entry `k` has no topic to quote, in words after "your last contact, on DAY,"; nil
  /// when it has one.
  private static func skipped(_ k: Int, in history: EgoInteractions, uses: [String: Int])
    -> String?
  {
    // A blank summary (stored by an older Kith, or imported) says nothing to talk about.
    guard history.summary[k] >= 0, let summary = history.summaryText(k),
      !summary.allSatisfy({ $0.isWhitespace || $0.isNewline })
    else { return "had no topic recorded" }
    if history.participantCount[k] > maxParticipants {
      return "was \(phrase(history.kind[k], of: Int(history.participantCount[k])))"
    }
    if (uses[summary] ?? 0) > 1 { return "was one of a recurring series" }
    if isThanks(topic(of: summary)) { return "was a thank-you" }
    return nil
  }

  /// How a thank-you begins, folded (``TextKey/fold(_:)``: lower case, no accents): English,
  /// French, German, Spanish, Italian, Japanese and Chinese, the common forms only. A list of
  /// every language's phrases is not the aim: a thank-you missed is quoted as a topic, as
  /// before; a topic taken for one only lets an older topic, or the plain wording, be used.
  static let thanks = [
    "thanks", "thank you", "many thanks", "thx", "merci", "danke", "vielen dank", "gracias",
    "grazie", "お礼", "御礼", "ありがとう", "谢谢", "感谢",
  ]

  /// Whether a topic is a thank-you ("Thanks!", "Thank you for the intro", "【御礼】本日は…",
  /// "Merci"): it begins, after any brackets or punctuation, with one of ``thanks``, and a
  /// phrase in Latin letters ends there ("Thanksgiving plans" is a topic). Asking how a
  /// thank-you turned out makes no sense: the talk it thanked for is the topic, if any.
  /// - Complexity: O(length of `topic`).
  static func isThanks(_ topic: String) -> Bool {
    let folded = TextKey.fold(topic)
    let text = folded.drop { !$0.isLetter && !$0.isNumber }
    return thanks.contains { phrase in
      guard text.hasPrefix(phrase) else { return false }
      guard phrase.first?.isASCII == true else { return true }
      return text.dropFirst(phrase.count).first.map { !$0.isLetter } ?? true
    }
  }

  /// "Last time (2026-06-11)" when it was the last contact, else "On 2026-06-11, 40 days ago
  /// (your last contact, on 2026-07-10, had no topic recorded),": a topic from before the
  /// last contact says how old it is, so that it does not read as the latest news, and why
  /// the last contact's was not quoted.
  static func when(_ k: Int, in history: EgoInteractions, of c: Int32, asOf now: Int64) -> String {
    guard !isLatest(k, in: history, of: c) else { return "Last time (\(day(history.time[k])))" }
    let days = KithTime.calendarDays(from: history.time[k], to: now)
    return
      "On \(day(history.time[k])), \(days) \(days == 1 ? "day" : "days") ago\(passedOver(in: history, of: c)),"
  }

  /// " (your last contact, on 2026-07-10, was a meeting of 12 people)": why the last
  /// interaction with `c` gave no topic; empty when it did.
  static func passedOver(in history: EgoInteractions, of c: Int32) -> String {
    let range = history.range(of: c)
    guard let last = range.last else { return "" }
    // Several interactions at the last contact's time: the reason of the latest entry.
    guard let why = skipped(last, in: history, uses: uses(in: history, range)) else { return "" }
    return " (your last contact, on \(day(history.time[last])), \(why))"
  }

  /// Whether entry `k` is the last contact with `c` (its time is that of the latest).
  static func isLatest(_ k: Int, in history: EgoInteractions, of c: Int32) -> Bool {
    history.time[k] == history.lastTime(of: c)
  }
}

/// The reply and forward prefixes mail clients put before a subject, lower-cased: English,
/// German (AW, WG), Scandinavian (SV), Finnish (VS), Chinese (回复, 答复) and Japanese (転送).
private let replyPrefixes = ["re", "fwd", "fw", "aw", "wg", "sv", "vs", "回复", "答复", "転送"]

/// A summary as a topic to quote: a mail subject without its reply and forward prefixes
/// ("Re: Fwd: Re[2]: Deck v3" is "Deck v3"), repeated or combined, each with an optional
/// count in brackets and an ASCII or full-width colon. The stored summary is unchanged; a
/// summary that is nothing but prefixes is kept as it is.
/// - Complexity: O(length of `summary`).
public func topic(of summary: String) -> String {
  var rest = Substring(summary)
  func stripPrefix() -> Bool {
    let text = rest.drop { $0 == " " || $0 == "\t" }
    for prefix in replyPrefixes {
      guard text.count > prefix.count,
        text.prefix(prefix.count).lowercased() == prefix
      else { continue }
      var after = text.dropFirst(prefix.count)
      if after.first == "[" || after.first == "［" {
        let digits = after.dropFirst().prefix { $0.isASCII && $0.isNumber }
        let close = after.dropFirst(1 + digits.count).first
        guard !digits.isEmpty, close == "]" || close == "］" else { continue }
        after = after.dropFirst(2 + digits.count)
      }
      guard after.first == ":" || after.first == "：" else { continue }
      rest = after.dropFirst()
      return true
    }
    return false
  }
  while stripPrefix() {}
  let topic = rest.drop { $0 == " " || $0 == "\t" }
  return topic.isEmpty ? summary : String(topic)
}
