import ArgumentParser
import KithGraph
import KithStore

/// `--tag TAG` on the analytics lists (`neglected`, `dormant`, `followups`, `reciprocity`):
/// only the contacts who carry one of the tags. The list is worked out over the whole network
/// first (ranks, cadences and values at risk do not change), then filtered; what a list says
/// it left out (lost ties, ties let go) is counted among the tagged only.
struct TagFilter: ParsableArguments {
  @Option(
    name: .customLong("tag"),
    help: ArgumentHelp(
      "Only contacts with this tag (repeatable; commas separate several; any of them).",
      valueName: "tag"))
  var values: [String] = []

  func validate() throws { try refuseEmptyTags(values, option: "--tag") }

  /// The tags asked for, as the store keeps them, each once.
  var tags: [String] {
    var seen = Set<String>()
    return splitTags(values).map(KithStore.tagKey).filter { seen.insert($0).inserted }
  }

  /// " tagged investor" or " tagged investor or family", for the sentences that say what a
  /// filtered list holds; "" without --tag.
  var phrase: String {
    let tags = tags
    guard let last = tags.last else { return "" }
    return " tagged "
      + (tags.count == 1 ? last : tags.dropLast().joined(separator: ", ") + " or \(last)")
  }

  /// Whether a person (a dense index of `a`'s snapshot) passes: everyone without --tag.
  /// - Throws: a rejection for a tag that nobody carries, a likely typo, with the tags in use
  ///   spelled closest to it.
  func matcher(_ a: Analysis) throws -> (Int32) -> Bool {
    let tags = Set(tags)
    guard !tags.isEmpty else { return { _ in true } }
    for tag in tags.sorted() where try a.store.people(taggedWith: tag).isEmpty {
      let suggestions = try a.store.tagsSpelledLike(tag)
      let hint =
        suggestions.isEmpty
        ? "see `kith tag list`"
        : "did you mean \(suggestions.map { "'\($0)'" }.joined(separator: ", "))?"
      throw CLIError.rejected("nobody is tagged \(tag); \(hint)")
    }
    let carried = a.snapshot.people.tags.map { own in
      own.contains { tags.contains(KithStore.tagKey($0)) }
    }
    return { carried[Int($0)] }
  }
}
