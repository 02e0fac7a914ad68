import GRDB
import KithImport

/// A batch's versions of its replaced groups (`ImportBatch.revisions`) against those earlier
/// imports stored (table `import_revision`): which records the batch must not replace because
/// the database has a newer version, and which versions to store.
///
/// A record's version is its own (`UID/occurrence`, an override's) when there is one, else its
/// group's (the event's UID); the stored one is found the same way.
struct _ImportRevisions {
  private let source: String
  private let incoming: [String: SourceRevision]
  private var stored: [String: SourceRevision] = [:]

  /// No versions: nothing is kept, nothing is stored.
  init() {
    source = ""
    incoming = [:]
  }

  /// Reads the stored versions of `source` when the batch has versions of its own.
  init(source: String, incoming: [String: SourceRevision], _ db: Database) throws {
    self.source = source
    self.incoming = incoming
    guard !incoming.isEmpty else { return }
    let rows = try Row.fetchCursor(
      db, sql: "SELECT source_id, sequence, modified, stamp FROM import_revision WHERE source = ?",
      arguments: [source])
    while let row = try rows.next() {
      stored[row[0]] = SourceRevision(sequence: row[1], modified: row[2], stamp: row[3])
    }
  }

  /// Whether no version is stored (a first import, or a database from before versions were
  /// kept): the batch replaces everything.
  var isEmpty: Bool { stored.isEmpty }

  /// Whether the database's version of the record `sourceID` of `group` is newer than the
  /// batch's: the stored record stays as it is (and a record it does not hold is not added).
  ///
  /// When only one side has an override of the occurrence, the two versions are of different
  /// components, whose SEQUENCEs do not compare (a series moved without a new SEQUENCE keeps
  /// its overrides' higher ones), so their dates decide; but the occurrence is also older
  /// when the batch's series is older than the stored series: the stored override came with a
  /// later revision of the event (an occurrence moved or cancelled since, by an override that
  /// has no LAST-MODIFIED of its own and the export's DTSTAMP, as Google's).
  func keepsStored(_ sourceID: String, group: String) -> Bool {
    let storedOwn = stored[sourceID]
    let incomingOwn = incoming[sourceID]
    guard let theirs = storedOwn ?? stored[group], let mine = incomingOwn ?? incoming[group]
    else { return false }
    if (storedOwn == nil) == (incomingOwn == nil) {
      return mine.isOlder(than: theirs, sameComponent: true)
    }
    if let storedSeries = stored[group], let incomingSeries = incoming[group],
      incomingSeries.isOlder(than: storedSeries, sameComponent: true)
    {
      return true
    }
    return mine.isOlder(than: theirs, sameComponent: false)
  }

  /// Stores the batch's versions that are not older than the stored ones of the same source
  /// id, and not of a record kept (`kept`); an unchanged version writes nothing.
  func write(keeping kept: Set<String>, _ db: Database) throws {
    let upsert = try db.cachedStatement(
      sql: """
        INSERT OR REPLACE INTO import_revision (source, source_id, sequence, modified, stamp)
        VALUES (?, ?, ?, ?, ?)
        """)
    for (sourceID, revision) in incoming where !kept.contains(sourceID) {
      if let old = stored[sourceID],
        old == revision || revision.isOlder(than: old, sameComponent: true)
      {
        continue
      }
      try upsert.execute(arguments: [
        source, sourceID, revision.sequence, revision.modified, revision.stamp,
      ])
    }
  }
}
