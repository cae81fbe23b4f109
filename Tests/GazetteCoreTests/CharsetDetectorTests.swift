import Foundation
import Testing
@testable import GazetteCore

@Suite("Charset detection")
struct CharsetDetectorTests {
    static let samples: [(text: String, charsets: [String])] = [
        ("Вчера в городе открылся новый мост через реку. Жители говорят, что теперь дорога на работу занимает на двадцать минут меньше.",
         ["windows-1251", "KOI8-R", "IBM866"]),
        ("昨日、市内に新しい橋が開通しました。住民によると、通勤時間が二十分ほど短くなったそうです。", ["Shift_JIS", "EUC-JP"]),
        ("어제 시내에 새로운 다리가 개통되었습니다. 주민들은 출근 시간이 이십 분 정도 줄었다고 말했습니다.", ["EUC-KR"]),
        ("昨天市里新建的大桥正式通车了。居民们说，现在上班路上可以节省二十分钟。", ["GB2312"]),
        ("昨天市裡新建的大橋正式通車了。居民們說，現在上班路上可以節省二十分鐘。", ["Big5"]),
        ("אתמול נפתח בעיר גשר חדש מעל הנהר. התושבים אומרים שהדרך לעבודה התקצרה בעשרים דקות.", ["windows-1255"]),
        ("เมื่อวานนี้สะพานใหม่ในเมืองเปิดใช้งานแล้ว ชาวบ้านบอกว่าการเดินทางไปทำงานสั้นลงยี่สิบนาที", ["TIS-620"]),
        ("Χθες άνοιξε μια νέα γέφυρα στην πόλη. Οι κάτοικοι λένε ότι ο δρόμος για τη δουλειά είναι πιο σύντομος.", ["windows-1253"]),
        ("Hier, un nouveau pont a été inauguré en ville. Les habitants disent que le trajet est plus rapide désormais.", ["windows-1252"]),
        ("Wczoraj w mieście otwarto nowy most. Mieszkańcy mówią, że droga do pracy będzie teraz krótsza o dwadzieścia minut.", ["windows-1250"]),
        ("Il sindaco ha detto che la città è più sicura, perché la polizia è lì.", ["windows-1252"]),
        ("¿Qué pasó ayer en el centro? El puente nuevo, de 1,2 km², abrió por fin y costó £5 millones.", ["windows-1252"]),
    ]

    @Test("One news sentence in each language and charset is recognised and decoded back to the same text")
    func sentences() throws {
        for (text, charsets) in Self.samples {
            for charset in charsets {
                let bytes = try #require(CharsetDetector.convert(Array(text.utf8), from: "UTF-8", to: charset), "\(charset)")
                let guess = CharsetDetector.detect(bytes)
                #expect(guess?.name == charset, "\(charset): guessed \(guess?.name ?? "nothing") (\(guess?.score ?? 0))")
                if let guess { #expect(CharsetDetector.decode(bytes, from: guess.decoder) == text) }
            }
        }
    }

    @Test("Western text whose accented bytes also pair up as CJK characters stays Windows-1252")
    func westernNotCJK() throws {
        for text in ["Größere Städte müssen mehr für den öffentlichen Verkehr tun, sagte der Bürgermeister.",
                     "Ärger über Öl", "naïve", "Ölçü", "Été, café, crème brûlée, déjà vu, à la carte."] {
            let bytes = try #require(CharsetDetector.convert(Array(text.utf8), from: "UTF-8", to: "CP1252"))
            #expect(CharsetDetector.detect(bytes)?.name == "windows-1252", "\(text)")
        }
    }

    @Test("ASCII and binary-looking bytes are not guessed")
    func nothingToGuess() {
        #expect(CharsetDetector.detect(Array("plain ASCII text".utf8)) == nil)
        #expect(CharsetDetector.detect([0x81, 0xFF, 0x80, 0xFE, 0x8D, 0x90, 0xFF, 0xFF]) == nil)
    }
}
