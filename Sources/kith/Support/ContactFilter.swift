import ArgumentParser
import KithGraph
import KithStore

/// `--tag TAG` and `--org ORG` on the analytics lists (`neglected`, `dormant`, `followups`,
/// `reciprocity`): only the contacts who carry one of the tags and who are now at one of the
/// organisations (either option alone: that one). The list is worked out over the whole
/// network first (ranks, cadences and values at risk do not change), then filtered; what a
/// list says it left out (lost ties, ties let go) is counted among those kept only.
/// The refusal of a tag nobody carries, a likely typo: "nobody is tagged investr; did you mean
/// 'investor'?" (the tags in use spelled closest to it, else "see `kith tag list`"), with
/// `then` after it.
func unknownTag(_ tag: String, _ store: KithStore, then: String = "") throws -> CLIError {
  let suggestions = try store.tagsSpelledLike(tag)
  let hint =
    suggestions.isEmpty
    ? "see `kith tag list`"
    : "did you mean \(suggestions.map { "'\($0)'" }.joined(separator: ", "))?"
  return CLIError.rejected("nobody is tagged \(tag); \(hint)\(then)")
}

struct ContactFilter: ParsableArguments {
  @Option(
    name: .customLong("tag"),
    help: ArgumentHelp(
      "Only contacts with this tag (repeatable; commas separate several; any of them).",
      valueName: "tag"))
  var tagValues: [String] = []
  @Option(
    name: .customLong("org"),
    help: ArgumentHelp(
      "Only contacts now at this organisation (handle, name or domain; repeatable; any of them).",
      valueName: "org"))
  var organisations: [String] = []

  func validate() throws { try refuseEmptyTags(tagValues, option: "--tag") }

  /// Whether the options filter anything.
  var isActive: Bool { !tagValues.isEmpty || !organisations.isEmpty }

  /// The tags asked for, as the store keeps them, each once.
  var tags: [String] {
    var seen = Set<String>()
    return splitTags(tagValues).map(KithStore.tagKey).filter { seen.insert($0).inserted }
  }

  /// " tagged investor", " at Acme Robotics", " tagged investor or family at Acme Robotics":
  /// for the sentences that say what a filtered list holds; "" without either option.
  func phrase(_ store: KithStore) -> String {
    func either(_ items: [String]) -> String {
      items.count < 2
        ? items.joined() : items.dropLast().joined(separator: ", ") + " or \(items.last ?? "")"
    }
    let tags = tags
    let orgs = organisations.compactMap { try? store.resolveOrganisation($0).name }
    return (tags.isEmpty ? "" : " tagged " + either(tags))
      + (orgs.isEmpty ? "" : " at " + either(orgs))
  }

  /// Whether a person (a dense index of `a`'s snapshot) passes: everyone without either option.
  /// - Throws: a rejection for a tag that nobody carries, a likely typo, with the tags in use
  ///   spelled closest to it; the store's error for an organisation it does not know.
  func matcher(_ a: Analysis) throws -> (Int32) -> Bool {
    let tags = Set(tags)
    for tag in tags.sorted() where try a.store.people(taggedWith: tag).isEmpty {
      throw try unknownTag(tag, a.store)
    }
    let s = a.snapshot
    let orgIDs = Set(try organisations.map { try a.store.resolveOrganisation($0).id })
    let orgs = Set(s.organisations.ids.indices.filter { orgIDs.contains(s.organisations.ids[$0]) })
    let kept = s.people.tags.indices.map { p in
      (tags.isEmpty || s.people.tags[p].contains { tags.contains(KithStore.tagKey($0)) })
        && (orgIDs.isEmpty
          || s.affiliations(of: Int32(p)).contains {
            $0.isCurrent && orgs.contains(Int($0.organisation))
          })
    }
    return { kept[Int($0)] }
  }
}
