import Foundation
import KithGraph

/// Writes the lossless JSON backup (`kith export json`).
public enum BackupWriter {
  /// The backup as UTF-8 JSON text with sorted keys and a final newline.
  public static func encode(_ backup: Backup) throws -> Data {
    var data = try Backup.makeEncoder().encode(backup)
    data.append(0x0A)
    return data
  }
}
