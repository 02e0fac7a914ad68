/// Kith's documented exit codes.
enum ExitCodes {
  static let ok: Int32 = 0
  /// A command line that cannot be understood (argument-parser's validation errors use it too).
  static let usage: Int32 = 64
  /// Data that breaks a rule; nothing was written.
  static let rejected: Int32 = 65
  /// An input file that does not exist or cannot be read.
  static let missingInput: Int32 = 66
  static let failure: Int32 = 1
}

/// An error raised by the command-line layer itself, with its exit code.
struct CLIError: Error {
  var message: String
  var code: Int32

  static func usage(_ message: String) -> CLIError {
    CLIError(message: message, code: ExitCodes.usage)
  }
  static func rejected(_ message: String) -> CLIError {
    CLIError(message: message, code: ExitCodes.rejected)
  }
  static func missingInput(_ message: String) -> CLIError {
    CLIError(message: message, code: ExitCodes.missingInput)
  }
}
