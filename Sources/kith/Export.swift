import ArgumentParser
import Foundation
import KithExport
import KithStore

extension Kith {
  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write the network out: `json` is the lossless backup.",
      subcommands: [JSON.self])
  }
}

extension Kith.Export {
  struct JSON: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "json",
      abstract: "Write every record as JSON: the lossless backup that `kith import json` restores.")

    @OptionGroup var global: GlobalOptions
    @Option(
      name: [.short, .customLong("output")],
      help: ArgumentHelp("Write to this file (mode 0600) instead of stdout.", valueName: "file"))
    var output: String?

    func run() throws {
      let store = try global.openStore()
      let data = try BackupWriter.encode(try store.exportBackup())
      try writeOutput(data, to: output)
      if let output { Terminal.note("Wrote \(output).") }
    }
  }
}

/// Writes `data` to `path` atomically with mode 0600 (it is personal data), or to stdout.
func writeOutput(_ data: Data, to path: String?) throws {
  guard let path, path != "-" else {
    FileHandle.standardOutput.write(data)
    return
  }
  let temporary = path + ".tmp-\(getpid())"
  guard
    FileManager.default.createFile(
      atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600])
  else {
    throw CLIError(message: "cannot write \(path)", code: ExitCodes.failure)
  }
  if rename(temporary, path) != 0 {
    unlink(temporary)
    throw CLIError(
      message: "cannot write \(path): \(String(cString: strerror(errno)))", code: ExitCodes.failure)
  }
}
