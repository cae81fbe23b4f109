import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Guesses the charset of text that is not UTF-8 and does not say what it is: old Russian,
/// Japanese, Korean, Chinese, Hebrew, Thai, Greek and Polish pages and feeds.
///
/// Every candidate charset that decodes a sample without error is scored by how much the
/// result reads like its language: letters of the expected script count, the language's most
/// common characters count double, and what real text never has counts against (Japanese
/// without kana, Korean made of loose jamo, Cyrillic words without a vowel or with capitals
/// in mid-word, Hebrew final letters inside words, Thai vowel marks with no consonant before
/// them). The best score per non-ASCII character wins if it reaches `minimumScore`.
public enum CharsetDetector {
    public struct Guess: Equatable, Sendable {
        /// The charset's registered name ("Shift_JIS", "EUC-KR", "KOI8-R", ...).
        public var name: String
        /// The name to decode with (iconv / libxml2): a superset where one exists.
        public var decoder: String
        /// Score per non-ASCII character, for tests and tuning.
        public var score: Double
    }

    enum Language { case chinese, japanese, korean, cyrillic, hebrew, thai, greek, latin }

    /// (registered name, decoder name, language), in the order ties are broken.
    static let candidates: [(String, String, Language)] = [
        ("windows-1252", "CP1252", .latin),  // first: a tie goes to Western text, by far the most common
        ("Shift_JIS", "CP932", .japanese), ("EUC-JP", "EUC-JP", .japanese),
        ("EUC-KR", "CP949", .korean),
        ("GB2312", "GB18030", .chinese), ("Big5", "BIG5-HKSCS", .chinese),
        ("windows-1251", "CP1251", .cyrillic), ("KOI8-R", "KOI8-R", .cyrillic), ("IBM866", "CP866", .cyrillic),
        ("windows-1255", "CP1255", .hebrew), ("TIS-620", "TIS-620", .thai), ("windows-1253", "CP1253", .greek),
        ("windows-1250", "CP1250", .latin),  // Central European; after 1252, so a tie stays Western
    ]

    static let minimumScore = 0.5
    /// Non-ASCII characters a non-Western guess needs.
    static let minimumCharacters = 6

    /// The best guess for `bytes`, or nil when they are ASCII or nothing reads like text.
    public static func detect(_ bytes: [UInt8]) -> Guess? {
        let sample = Self.sample(bytes)
        guard sample.contains(where: { $0 >= 0x80 }) else { return nil }
        var best: Guess?
        for (name, decoder, language) in candidates {
            guard let text = decode(sample, from: decoder) else { continue }
            var guess = Guess(name: name, decoder: decoder, score: Self.score(text, as: language))
            // GB2312 text decodes as GB18030; text that needs GBK's extra rows (whose second
            // byte may be an ASCII letter) is named GB18030 and scores lower, being rarer than
            // Western bytes that happen to pair up: "Öl" is a valid GBK character.
            if name == "GB2312", decode(sample, from: "GB2312") == nil {
                guess.name = "GB18030"
                guess.score *= 0.8
            }
            if guess.score > (best?.score ?? -.infinity) { best = guess }
        }
        guard let best, best.score >= minimumScore else { return nil }
        return best
    }

    /// The first 64 KB, cut after an ASCII byte so no multi-byte character is split.
    static func sample(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        guard bytes.count > 65_536 else { return bytes[...] }
        var end = 65_536
        while end > 0, bytes[end - 1] >= 0x80 { end -= 1 }
        return bytes[..<end]
    }

    /// The bytes decoded by iconv, or nil at the first invalid or incomplete sequence.
    public static func decode(_ bytes: some Collection<UInt8>, from charset: String) -> String? {
        convert(Array(bytes), from: charset, to: "UTF-8").map { String(decoding: $0, as: UTF8.self) }
    }

    /// The bytes converted by iconv, or nil when a sequence is invalid, incomplete or has no
    /// equivalent in `target`.
    public static func convert(_ bytes: [UInt8], from source: String, to target: String) -> [UInt8]? {
        let cd = iconv_open(target, source)
        guard let cd, cd != UnsafeMutableRawPointer(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        let produced: Int? = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr = UnsafeMutableRawPointer(inBuf.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var inLeft = inBuf.count
                var outPtr = UnsafeMutableRawPointer(outBuf.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var outLeft = outBuf.count
                if inLeft > 0, iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) == -1 { return nil }
                return outBuf.count - outLeft
            }
        }
        return produced.map { Array(output[..<$0]) }
    }

    // MARK: Scoring

    static func score(_ text: String, as language: Language) -> Double {
        var total = 0.0, count = 0, kana = 0
        var previous: Unicode.Scalar = " "
        var word: [Unicode.Scalar] = []
        let scalars = Array(text.unicodeScalars)
        func endWord() {
            // A Cyrillic word of three or more letters always has a vowel.
            if language == .cyrillic, word.count >= 3, !word.contains(where: { cyrillicVowels.contains($0) }) { total -= 2 }
            word.removeAll(keepingCapacity: true)
        }
        for (i, s) in scalars.enumerated() {
            let v = s.value
            if v < 0x80 {
                endWord()
                previous = s
                continue
            }
            count += 1
            let next: Unicode.Scalar = i + 1 < scalars.count ? scalars[i + 1] : " "
            // A letter of a non-Latin alphabet glued to an ASCII letter ("caf\u{439}") is a
            // Latin accent decoded with the wrong table.
            if [.cyrillic, .greek, .hebrew, .thai].contains(language), isASCIILetter(previous) || isASCIILetter(next) {
                total -= 1
                previous = s
                continue
            }
            // Likewise one CJK character inside a Latin word ("Gr\u{FFFD}ere" from "Größere" read
            // as GBK); CJK text may touch an English word on one side, not sit inside it.
            if [.chinese, .japanese, .korean].contains(language), isASCIILetter(previous), isASCIILetter(next) {
                total -= 1
                previous = s
                continue
            }
            switch language {
            case .chinese:
                if isIdeograph(v) { total += commonHan.contains(s) ? 2 : 1 }
                else if isCJKPunctuation(v) { total += 0.5 }
                else { total -= 1 }
            case .japanese:
                if (0x3041...0x30FF).contains(v) { total += 1.5; kana += 1 }
                else if isIdeograph(v) { total += commonHan.contains(s) ? 2 : 1 }
                else if isCJKPunctuation(v) { total += 0.5 }
                else { total -= 1 }  // half-width katakana, symbols, Cyrillic: what wrong decodings produce
            case .korean:
                if (0xAC00...0xD7A3).contains(v) { total += commonHangul.contains(s) ? 2 : 1 }
                else if isIdeograph(v) { total += 0.3 }
                else if isCJKPunctuation(v) { total += 0.5 }
                else { total -= 1 }
            case .cyrillic:
                if (0x0430...0x044F).contains(v) || v == 0x0451 { total += 1; word.append(s) }
                else if (0x0410...0x042F).contains(v) || v == 0x0401 {
                    // A capital starts a word or is part of an all-capital word.
                    let lowerBefore = (0x0430...0x044F).contains(previous.value)
                    let isolated = !(0x0400...0x044F).contains(next.value)
                    total += lowerBefore ? -1 : (isolated ? 0 : 1)
                    word.append(Unicode.Scalar((v == 0x0401 ? 0x0451 : v + 0x20))!)
                } else if isGeneralPunctuation(v) { total += 0.5; endWord() }
                else { total -= 1; endWord() }
            case .hebrew:
                if (0x05D0...0x05EA).contains(v) {
                    let final: Set<UInt32> = [0x05DA, 0x05DD, 0x05DF, 0x05E3, 0x05E5]
                    let atEnd = !(0x05D0...0x05EA).contains(next.value) && !(0x05B0...0x05C7).contains(next.value)
                    total += final.contains(v) && !atEnd ? -2 : 1
                } else if (0x05B0...0x05C7).contains(v) { total += 0.5 }
                else if isGeneralPunctuation(v) { total += 0.5 }
                else { total -= 1 }
            case .thai:
                if (0x0E01...0x0E30).contains(v) || (0x0E32...0x0E33).contains(v) || (0x0E40...0x0E46).contains(v) || (0x0E50...0x0E59).contains(v) {
                    total += 1
                } else if v == 0x0E31 || (0x0E34...0x0E3A).contains(v) || (0x0E47...0x0E4E).contains(v) {
                    total += (0x0E01...0x0E2E).contains(previous.value) || (0x0E31...0x0E4E).contains(previous.value) ? 1 : -2
                } else if isGeneralPunctuation(v) { total += 0.5 }
                else { total -= 1 }
            case .greek:
                if (0x03AC...0x03CE).contains(v) { total += 1 }
                else if (0x0386...0x03AB).contains(v) { total += (0x03AC...0x03CE).contains(previous.value) ? -1 : 1 }
                else if isGeneralPunctuation(v) { total += 0.5 }
                else { total -= 1 }
            case .latin:
                // Accented letters sit inside words of ASCII letters; punctuation anywhere.
                // Western words hold one or two accented letters among plain ones; runs of
                // accented letters with no ASCII letter beside them are another script's bytes.
                if (0xC0...0x24F).contains(v), v != 0xD7, v != 0xF7 {
                    if isASCIILetter(previous) || isASCIILetter(next) { total += 1 }
                    else if previous.properties.isAlphabetic || next.properties.isAlphabetic { total -= 0.5 }
                    else { total += 0.5 }  // a one-letter word: "à", "è"
                } else if [0xA3, 0xA5, 0xAF, 0xB3, 0xB9, 0xBE, 0xBF].contains(v), previous.properties.isAlphabetic {
                    total -= 1  // "mo¿e", "bêdzie³": Polish ż, ł read as Windows-1252 symbols inside a word
                } else if isGeneralPunctuation(v) || (0xA0...0xBF).contains(v) { total += 0.5 }
                else { total -= 1 }
            }
            previous = s
        }
        endWord()
        // Too few characters to tell one script from another ("Ölçü" is also two Big5
        // characters): only the Western reading is offered.
        guard count > 0, language == .latin || count >= minimumCharacters else { return 0 }
        var result = total / Double(count)
        // Japanese text is never without kana; kanji alone is a wrong decoding of Chinese.
        if language == .japanese, Double(kana) < Double(count) * 0.05 { result *= 0.5 }
        return result
    }

    static func isASCIILetter(_ s: Unicode.Scalar) -> Bool {
        (0x41...0x5A).contains(s.value) || (0x61...0x7A).contains(s.value)
    }

    static func isIdeograph(_ v: UInt32) -> Bool { (0x4E00...0x9FFF).contains(v) }

    static func isCJKPunctuation(_ v: UInt32) -> Bool {
        (0x3000...0x303F).contains(v) || (0xFF01...0xFF60).contains(v) || (0x2010...0x203B).contains(v) || v == 0x30FB || v == 0x00B7
    }

    static func isGeneralPunctuation(_ v: UInt32) -> Bool {
        (0x2010...0x2044).contains(v) || v == 0xA0 || v == 0xAB || v == 0xBB || v == 0x2116 || v == 0x20AC || v == 0xA9 || v == 0xB0
    }

    static let cyrillicVowels: Set<Unicode.Scalar> = Set("аеёиоуыэюя".unicodeScalars)

    /// The most frequent Chinese characters, simplified and traditional forms (also the most
    /// frequent kanji in Japanese text).
    static let commonHan: Set<Unicode.Scalar> = Set((
        "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持音跑投案希容易翻助改件您"
        + "這個們來說國會過時對學後還發見現點種開頭經動長實問話機當與進氣邊無電裡間關東兩萬樣請認讓應該聽車書記寫語錢黨麼從變將愛員體業為於"
    ).unicodeScalars)

    /// The most frequent Hangul syllables.
    static let commonHangul: Set<Unicode.Scalar> = Set(
        "이의는다에가고하을를지한서로기사리자어나도수시대해은니있일보것들게요정그주인만으아라여생부상우제없말마내면했문전국장적같되위과경동원성소때할년중개데"
            .unicodeScalars)
}
