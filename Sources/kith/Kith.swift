import ArgumentParser

@main
struct Kith: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "kith")
}
