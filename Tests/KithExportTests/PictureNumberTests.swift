import Foundation
import KithTestSupport
import Testing

@testable import KithExport

// The picture's numbers (widths, pen widths, strengths in tooltips) are written digit by digit;
// printf's %.2f, trailing zeros dropped, is the reference.
@Suite("KithExport: the picture's numbers")
struct PictureNumberTests {
  @Test("digit by digit, as printf's %.2f writes them, ties and huge values included")
  func sameAsPrintf() {
    var rng = SeededGenerator(seed: 11)
    var values: [Double] = [
      0, -0.0, 0.004, 0.005, 0.006, -0.004, -0.005, 0.125, 0.375, 2.675, 1.005, 1.015, 0.1, 0.5,
      0.18, 0.8, 4, 10, 99.995, 99.994, 1e14, 1e15, 1e16, 123_456.789, -3.14159, 7.0e-5,
      .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .nan, .infinity, -.infinity,
      .leastNonzeroMagnitude,
    ]
    for _ in 0..<100_000 {
      switch Int.random(in: 0..<4, using: &rng) {
      case 0: values.append(Double.random(in: 0..<5, using: &rng))
      case 1: values.append(Double.random(in: -1e6..<1e6, using: &rng))
      // Exact hundredths and half-hundredths, the ties of printf's rounding.
      case 2: values.append(Double(Int.random(in: -100_000..<100_000, using: &rng)) / 200)
      default: values.append(Double(Int.random(in: 0..<1_000, using: &rng)) / 1_000)
      }
    }
    var differing: [Double] = []
    for value in values where NetworkPicture.number(value) != NetworkPicture.printfNumber(value) {
      differing.append(value)
    }
    #expect(differing.isEmpty, "\(differing.count) differ, e.g. \(differing.prefix(5))")
    #expect(NetworkPicture.number(0.18) == "0.18" && NetworkPicture.number(0.5) == "0.5")
    #expect(NetworkPicture.number(4) == "4" && NetworkPicture.number(-0.004) == "0")
    #expect(NetworkPicture.number(0.05) == "0.05" && NetworkPicture.number(-2.5) == "-2.5")
  }
}
