import KithGraph
import Testing

@Suite("Name forms")
struct NameFormsTests {
  func words(_ name: String) -> [Substring] { NameForms.words(TextKey.fold(name)) }

  @Test(
    "a name cut in two and swapped has one rotation key; other orders do not",
    arguments: [
      ("Mariko Fujita", "Fujita Mariko", true),
      ("Mary Ann Lee", "Lee Mary Ann", true),
      ("Fujita, Mariko", "Mariko Fujita", true),
      ("Mary Ann Lee", "Ann Mary Lee", false),
      ("Mariko Fujita", "Mariko Fujii", false),
    ])
  func rotations(a: String, b: String, same: Bool) {
    #expect((NameForms.rotationKey(words(a)) == NameForms.rotationKey(words(b))) == same)
  }

  @Test(
    "Hepburn long vowels are written short in romanised Japanese words only",
    arguments: [
      ("ohno", "ono"), ("oono", "ono"), ("ouno", "ono"), ("ono", "ono"), ("satoh", "sato"),
      ("itou", "ito"), ("yuuki", "yuki"), ("yousuke", "yosuke"), ("kouichi", "kouichi"),
      ("kohama", "kohama"), ("mohri", "mori"), ("ohtsuka", "otsuka"), ("hattori", "hattori"),
      ("namba", "namba"), ("shin'ichi", "shinichi"), ("ryo", "ryo"), ("jon", "jon"),
    ])
  func shortVowels(word: String, short: String) {
    #expect(NameForms.shortVowels(Substring(word)) == short)
  }

  @Test(
    "words that are not romanised Japanese are not changed",
    arguments: ["john", "hannah", "noah", "lou", "vohra", "smith", "kim", "o'brien", "min-jun"])
  func notJapanese(word: String) {
    #expect(NameForms.shortVowels(Substring(word)) == nil)
  }

  @Test("a name keeps its spelling unless every word is romanised Japanese")
  func shortVowelWords() {
    #expect(NameForms.shortVowelWords(words("Ryō Ōno")) == ["ryo", "ono"])
    #expect(NameForms.shortVowelWords(words("Ryo Ohno")) == ["ryo", "ono"])
    #expect(NameForms.shortVowelWords(words("John Ohno")) == ["john", "ohno"])
    #expect(
      NameForms.shortVowelWords(words("John Mori")) != NameForms.shortVowelWords(words("Jon Mori")))
  }

  @Test("CJK script, and the spaces between CJK characters")
  func cjk() {
    #expect(NameForms.isCJK("山田 剛") && NameForms.isCJK("ヤマダ") && NameForms.isCJK("김민준"))
    #expect(!NameForms.isCJK("Takeshi Yamada") && !NameForms.isCJK("Zoë"))
    #expect(NameForms.compactCJK("李 小龙") == "李小龙")
    #expect(NameForms.compactCJK("ada quill") == nil)
    #expect(NameForms.compactCJK("李 xiao") == nil)
  }
}
