import Foundation
import Testing
@testable import GazetteCore

@Suite("Text encodings")
struct TextDecodingTests {
    let text = "Café “naïve” – 50 € déjà vu\r\nZürich\r\n"

    @Test("UTF-8 with and without a BOM")
    func utf8() throws {
        #expect(try TextDecoding.decode(Array(text.utf8)).text == text)
        #expect(try TextDecoding.decode([0xEF, 0xBB, 0xBF] + Array(text.utf8)).text == text)
    }

    @Test("Windows-1252 bytes decode to the right characters")
    func windows1252() throws {
        let bytes = TextDecoding.encodeWindows1252(text)!
        let decoded = try TextDecoding.decode(bytes)
        #expect(decoded.text == text)
        #expect(decoded.encoding == .windows1252)
    }

    @Test("Latin-1 bytes decode to the right characters")
    func latin1() throws {
        let plain = "Ça va très bien, Søren. Größe: 5×3 ½"
        let bytes = plain.unicodeScalars.map { UInt8($0.value) }
        let decoded = try TextDecoding.decode(bytes)
        #expect(decoded.text == plain)
        #expect(decoded.encoding == .latin1)
    }

    @Test("Undeclared Windows-1251 (Russian) is told apart from Windows-1252")
    func windows1251() throws {
        let russian = "Президент заявил, что переговоры продолжатся на следующей неделе в Москве."
        let bytes = [UInt8](russian.data(using: .windowsCP1251)!)
        let decoded = try TextDecoding.decode(bytes)
        #expect(decoded.text == russian)
        #expect(decoded.encoding == .windows1251)
        // Western text with a few accents stays Windows-1252.
        let french = [UInt8]("Le président a déclaré que les négociations reprendront à Genève.".data(using: .windowsCP1252)!)
        #expect(try TextDecoding.decode(french).encoding != .windows1251)
    }

    @Test("Undeclared KOI8-R and Shift_JIS text files are read in their charset; stray bytes in UTF-8 do not turn it into Latin-1")
    func legacyCharsets() throws {
        let russian = "Президент заявил, что переговоры продолжатся на следующей неделе в Москве."
        let koi8 = try #require(CharsetDetector.convert(Array(russian.utf8), from: "UTF-8", to: "KOI8-R"))
        #expect(try TextDecoding.decode(koi8).text == russian)
        #expect(try TextDecoding.decode(koi8).encoding.name == "KOI8-R")
        let japanese = "政府は来週、新しい経済対策を発表する予定です。"
        let sjis = try #require(CharsetDetector.convert(Array(japanese.utf8), from: "UTF-8", to: "SHIFT_JIS"))
        #expect(try TextDecoding.decode(sjis).text == japanese)
        let paragraph = String(repeating: "Le café “crème” de la gare — très bien, à bientôt. ", count: 4)
        let stray = Array(paragraph.utf8) + [0xE9] + Array(" fin".utf8)
        let decoded = try TextDecoding.decode(stray)
        #expect(decoded.encoding == .utf8)
        #expect(decoded.text.hasPrefix("Le café “crème” de la gare — très bien"))
        #expect(decoded.text.contains("\u{FFFD}"))
    }

    @Test("UTF-16 with a BOM and without")
    func utf16() throws {
        var le: [UInt8] = [0xFF, 0xFE]
        for u in text.utf16 { le += [UInt8(u & 0xFF), UInt8(u >> 8)] }
        #expect(try TextDecoding.decode(le).text == text)
        let noBOM = Array(le.dropFirst(2))
        #expect(try TextDecoding.decode(noBOM).text == text)
    }

    @Test("Mojibake (UTF-8 read as Windows-1252 and saved again) is repaired, never imported")
    func mojibake() throws {
        let garbled = TextDecoding.decodeWindows1252(Array("It’s a “test” – café".utf8))
        #expect(garbled.contains("â€"))
        #expect(try TextDecoding.decode(Array(garbled.utf8)).text == "It’s a “test” – café")
    }

    @Test("Binary and empty files are refused")
    func refusals() {
        #expect(throws: TextDecoding.Failure.empty) { try TextDecoding.decode([]) }
        #expect(throws: TextDecoding.Failure.binary) { try TextDecoding.decode([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48]) }
        let controls = [UInt8](repeating: 0x01, count: 50) + Array("hello".utf8)
        #expect(throws: TextDecoding.Failure.binary) { try TextDecoding.decode(controls) }
    }
}
