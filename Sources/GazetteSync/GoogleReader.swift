import Foundation
import GazetteCore
import GazetteFetch

/// The Google Reader API as FreshRSS, Inoreader, The Old Reader and BazQux speak it.
///
/// Read state is only ever taken from item categories and from `items/ids` with `xt`/`it`
/// filters on the reading list: FreshRSS before 1.27 ignores a state given as the stream
/// (`s=user/-/state/com.google/read` lists every item), so that call is never made.
public final class GoogleReaderSource: AccountSource {
    public let api: String
    let user: String
    let password: String
    let timeout: TimeInterval
    private var auth: String?
    private var token: String?
    public private(set) var serverTime: Date?

    static let readTag = "user/-/state/com.google/read"
    static let starredTag = "user/-/state/com.google/starred"
    static let readingList = "user/-/state/com.google/reading-list"
    /// Items per page of contents (FreshRSS has no upper limit; 500 keeps a page a few MB).
    static let pageSize = 500
    static let idPageSize = 10_000
    /// A bound on one question's pages (a million items), against a server that never ends.
    static let defaultMaxPages = 2_000
    var maxPages = GoogleReaderSource.defaultMaxPages
    /// Ids per edit-tag or items/contents POST.
    static let batchSize = 500

    public init(api: String, user: String, password: String, timeout: TimeInterval = 30) {
        self.api = api.hasSuffix("/") ? String(api.dropLast()) : api
        self.user = user
        self.password = password
        self.timeout = timeout
    }

    /// Where the API may be for an address the user gave: the address itself when it names
    /// the API (`…/greader.php`, `…/reader/api/0`'s root), else FreshRSS's place under it,
    /// then the address itself (servers whose API is at their root).
    public static func candidates(for address: String) -> [String] {
        var base = address.trimmingCharacters(in: .whitespaces)
        while base.hasSuffix("/") { base.removeLast() }
        if base.hasSuffix("/greader.php") { return [base] }
        if base.hasSuffix("/reader/api/0") { return [String(base.dropLast("/reader/api/0".count))] }
        return [base + "/api/greader.php", base]
    }

    // MARK: Session

    public func login() throws(SyncError) {
        let response = try request(api + "/accounts/ClientLogin", form: [("Email", user), ("Passwd", password)], authorized: false)
        let text = String(decoding: response.body.prefix(4096), as: UTF8.self)
        switch response.status {
        case 200:
            guard let line = text.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix("Auth=") }) else {
                throw SyncError("\(api) answered, but not as a Google Reader API (no Auth= line): is it a FreshRSS (or other Google Reader API) server?")
            }
            auth = String(line.dropFirst(5)).trimmingCharacters(in: .whitespaces)
        case 401, 403:
            throw SyncError("the server refused user \"\(Sanitize.line(user))\" with this password (HTTP \(response.status)). FreshRSS wants the API password set under Settings → Profile → API management, not the login password.")
        case 404, 405, 501:
            throw SyncError("no Google Reader API at \(api) (HTTP \(response.status)): is it a FreshRSS (or other Google Reader API) server?")
        case 503 where text.contains("Service Unavailable"):
            throw SyncError("the server's API access is disabled (HTTP 503). In FreshRSS: Administration → Authentication → Allow API access.")
        default:
            throw SyncError("\(api) answered the login with HTTP \(response.status)\(Self.reason(text))")
        }
        // The write token also proves the server gets our Authorization header (some web
        // server setups drop it, and then only the login works).
        do {
            _ = try writeToken(refresh: true)
        } catch {
            throw SyncError("the password was accepted, but the next call was refused (\(error.description)). The web server in front of the API may drop the Authorization header.")
        }
    }

    private func writeToken(refresh: Bool) throws(SyncError) -> String {
        if let token, !refresh { return token }
        let response = try request(api + "/reader/api/0/token")
        guard response.status == 200 else { throw Self.failure(response, doing: "the write token") }
        let value = String(decoding: response.body.prefix(1024), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty, value.utf8.allSatisfy({ $0 > 32 && $0 < 127 }) else {
            throw SyncError("the server gave no usable write token")
        }
        token = value
        if let date = response.header("Date").flatMap(FeedDate.parse) { serverTime = date }
        return value
    }

    // MARK: Reading

    public func feeds() throws(SyncError) -> [RemoteFeed] {
        let object = try json(api + "/reader/api/0/subscription/list?output=json", doing: "the feed list")
        guard let list = object["subscriptions"] as? [[String: Any]] else {
            throw SyncError("the feed list from \(api) is not what a Google Reader API sends (no subscriptions)")
        }
        return list.compactMap { sub in
            guard let id = sub["id"] as? String else { return nil }
            let folder = (sub["categories"] as? [[String: Any]])?.lazy.compactMap { c -> String? in
                if let label = c["label"] as? String, !label.isEmpty { return label }
                return (c["id"] as? String).flatMap(Self.label(of:))
            }.first
            return RemoteFeed(id: id, title: (sub["title"] as? String).map(Self.plain) ?? id, folder: folder.map(Self.plain),
                              url: sub["url"] as? String, siteURL: sub["htmlUrl"] as? String)
        }
    }

    public func items(_ query: ItemQuery, page: ([RemoteItem]) throws(SyncError) -> Void) throws(SyncError) {
        var stream = Self.readingList
        var parameters: [(String, String)] = [("n", "\(Self.pageSize)"), ("output", "json")]
        func seconds(_ date: Date) -> String { "\(Int64(date.timeIntervalSince1970.rounded(.down)))" }
        switch query {
        case .unread(let before):
            parameters.append(("xt", Self.readTag))
            if let before { parameters.append(("nt", seconds(before))) }
        case .starred(let before):
            stream = Self.starredTag
            if let before { parameters.append(("nt", seconds(before))) }
        case .crawledSince(let date): parameters.append(("ot", seconds(date)))
        }
        var continuation: String?
        var pages = 0
        repeat {
            var query = parameters
            if let continuation { query.append(("c", continuation)) }
            let object = try json(api + "/reader/api/0/stream/contents/" + Self.pathEncoded(stream) + "?" + Self.form(query),
                                  doing: "the items")
            if let updated = object["updated"] as? NSNumber { serverTime = Date(timeIntervalSince1970: updated.doubleValue) }
            let items = (object["items"] as? [[String: Any]] ?? []).compactMap(Self.item)
            try page(items)
            let next = object["continuation"] as? String ?? (object["continuation"] as? NSNumber)?.stringValue
            // A server that repeats its continuation, or sends an empty page with one, is done.
            if next == continuation || items.isEmpty { break }
            continuation = next
            pages += 1
            if pages >= maxPages {
                throw SyncError("the server kept sending pages (over \(maxPages * Self.pageSize) items for one question); stopped there")
            }
        } while continuation != nil
    }

    public func items(ids: [UInt64]) throws(SyncError) -> [RemoteItem] {
        var out: [RemoteItem] = []
        for start in stride(from: 0, to: ids.count, by: Self.batchSize) {
            let batch = ids[start..<min(ids.count, start + Self.batchSize)]
            let response = try request(api + "/reader/api/0/stream/items/contents?output=json",
                                       form: batch.map { ("i", "\($0)") } + [("T", try writeToken(refresh: false))])
            guard response.status == 200 else { throw Self.failure(response, doing: "items by id") }
            let object = try Self.decodeObject(response.body, doing: "items by id")
            out += (object["items"] as? [[String: Any]] ?? []).compactMap(Self.item)
        }
        return out
    }

    public func ids(_ list: IDList) throws(SyncError) -> Set<UInt64> {
        // Both from the reading list with a filter: a state as the stream is ignored by
        // FreshRSS before 1.27.
        let filter = switch list {
        case .unread: ("xt", Self.readTag)
        case .starred: ("it", Self.starredTag)
        }
        var ids = Set<UInt64>()
        var continuation: String?
        repeat {
            var query = [("s", Self.readingList), filter, ("n", "\(Self.idPageSize)"), ("output", "json")]
            if let continuation { query.append(("c", continuation)) }
            let response = try request(api + "/reader/api/0/stream/items/ids?" + Self.form(query))
            guard response.status == 200 else { throw Self.failure(response, doing: "the item ids") }
            // Tens of thousands of {"id":"…"}: read straight from the bytes (a JSON object
            // per id would cost tens of MB).
            guard let page = Self.scanIDs(response.body) else {
                throw SyncError("the item ids from \(api) are not what a Google Reader API sends")
            }
            let before = ids.count
            ids.formUnion(page.ids)
            let next = page.continuation
            if next == continuation || ids.count == before { break }
            continuation = next
            if ids.count > maxPages * Self.pageSize {
                throw SyncError("the server kept sending item ids (over \(maxPages * Self.pageSize)); stopped there")
            }
        } while continuation != nil
        return ids
    }

    // MARK: Writing

    public func send(_ change: StateChange) throws(SyncError) {
        let tag = change.tag == .read ? Self.readTag : Self.starredTag
        for start in stride(from: 0, to: change.ids.count, by: Self.batchSize) {
            let batch = change.ids[start..<min(change.ids.count, start + Self.batchSize)]
            var retried = false
            while true {
                let form = batch.map { ("i", "\($0)") } + [(change.on ? "a" : "r", tag), ("T", try writeToken(refresh: false))]
                let response = try request(api + "/reader/api/0/edit-tag", form: form)
                if response.status == 200 { break }
                // An expired write token: get a new one once.
                if response.status == 401, !retried, response.header("Google-Bad-Token") != nil || token != nil {
                    retried = true
                    _ = try writeToken(refresh: true)
                    continue
                }
                throw Self.failure(response, doing: "marking items")
            }
        }
    }

    // MARK: HTTP

    private func request(_ url: String, form: [(String, String)]? = nil, authorized: Bool = true) throws(SyncError) -> HTTPResponse {
        var headers: [(name: String, value: String)] = []
        if authorized, let auth { headers.append(("Authorization", "GoogleLogin auth=\(auth)")) }
        var request = HTTPRequest(url: url, headers: headers)
        if let form {
            request.method = "POST"
            request.headers.append(("Content-Type", "application/x-www-form-urlencoded"))
            request.body = Array(Self.form(form).utf8)
        }
        request.timeout = timeout
        request.maxBytes = 96 << 20
        switch HTTPClient.perform(request) {
        case .success(let response): return response
        case .failure(let failure):
            switch failure {
            case .tls, .connection, .timedOut:
                throw SyncError("cannot reach \(Self.host(of: api)): \(failure.description)", isConnection: true)
            default:
                throw SyncError("\(Self.host(of: api)): \(failure.description)")
            }
        }
    }

    private func json(_ url: String, doing what: String) throws(SyncError) -> [String: Any] {
        let response = try request(url)
        guard response.status == 200 else { throw Self.failure(response, doing: what) }
        return try Self.decodeObject(response.body, doing: what)
    }

    static func decodeObject(_ body: [UInt8], doing what: String) throws(SyncError) -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)), let dict = object as? [String: Any] else {
            throw SyncError("the server's answer for \(what) is not JSON")
        }
        return dict
    }

    static func failure(_ response: HTTPResponse, doing what: String) -> SyncError {
        let text = String(decoding: response.body.prefix(300), as: UTF8.self)
        if response.status == 401 { return SyncError("the server no longer accepts the login (HTTP 401 for \(what)); run gazette sync login again") }
        return SyncError("the server answered HTTP \(response.status) for \(what)\(reason(text))",
                         isConnection: response.status >= 500 || response.status == 429)
    }

    /// A short, clean quote of what the server said, or nothing for an HTML page.
    static func reason(_ text: String) -> String {
        let line = Sanitize.line(text.split(whereSeparator: \.isNewline).first.map(String.init) ?? "")
            .trimmingCharacters(in: .whitespaces)
        if line.isEmpty || line.hasPrefix("<") { return "" }
        return ": " + String(line.prefix(120))
    }

    static func host(of url: String) -> String { URL(string: url)?.host ?? url }

    // MARK: Parsing

    static func item(_ object: [String: Any]) -> RemoteItem? {
        guard let idText = object["id"] as? String, let id = itemID(idText) else { return nil }
        let categories = object["categories"] as? [String] ?? []
        let origin = object["origin"] as? [String: Any]
        func href(_ key: String) -> String? {
            (object[key] as? [[String: Any]])?.lazy.compactMap { $0["href"] as? String }.first { !$0.isEmpty }
        }
        let html = ((object["content"] as? [String: Any])?["content"] as? String)
            ?? ((object["summary"] as? [String: Any])?["content"] as? String) ?? ""
        let crawled = (object["crawlTimeMsec"] as? String).flatMap(Double.init).map { Date(timeIntervalSince1970: $0 / 1000) }
            ?? (object["timestampUsec"] as? String).flatMap(Double.init).map { Date(timeIntervalSince1970: $0 / 1_000_000) }
            ?? Date(timeIntervalSince1970: Double(id) / 1_000_000)
        let published = (object["published"] as? NSNumber).map { Date(timeIntervalSince1970: $0.doubleValue) }
        let author = (object["author"] as? String).map(plain).flatMap { $0.isEmpty ? nil : $0 }
        return RemoteItem(
            id: id, feedID: origin?["streamId"] as? String ?? "", feedTitle: (origin?["title"] as? String).map(plain),
            title: (object["title"] as? String).map(plain) ?? "", author: author, published: published, crawled: crawled,
            url: href("canonical") ?? href("alternate"), html: html,
            read: categories.contains { $0.hasSuffix("/state/com.google/read") },
            starred: categories.contains { $0.hasSuffix("/state/com.google/starred") })
    }

    /// "tag:google.com,2005:reader/item/000661bc3049933b" (hex) or "1796310752138043" (decimal).
    static func itemID(_ text: String) -> UInt64? {
        if let slash = text.lastIndex(of: "/") { return UInt64(text[text.index(after: slash)...], radix: 16) }
        return UInt64(text)
    }

    /// The ids and the continuation of an `items/ids` answer
    /// (`{"itemRefs":[{"id":"123"},…],"continuation":"…"}`), or nil when it is not one.
    static func scanIDs(_ body: [UInt8]) -> (ids: [UInt64], continuation: String?)? {
        func find(_ needle: [UInt8], from start: Int) -> Int? {
            guard needle.count <= body.count else { return nil }
            var i = start
            while i + needle.count <= body.count {
                if body[i] == needle[0], body[i..<(i + needle.count)].elementsEqual(needle) { return i }
                i += 1
            }
            return nil
        }
        func skipSpace(_ i: inout Int) { while i < body.count, body[i] == 32 || body[i] == 9 || body[i] == 10 || body[i] == 13 { i += 1 } }
        /// The value after `"key"` at `i`: a string's text or a number's digits.
        func value(after i: Int, keyLength: Int) -> (String, Int)? {
            var j = i + keyLength
            skipSpace(&j)
            guard j < body.count, body[j] == UInt8(ascii: ":") else { return nil }
            j += 1
            skipSpace(&j)
            let quoted = j < body.count && body[j] == UInt8(ascii: "\"")
            if quoted { j += 1 }
            let start = j
            while j < body.count, quoted ? body[j] != UInt8(ascii: "\"") : (body[j] >= 48 && body[j] <= 57) { j += 1 }
            return (String(decoding: body[start..<j], as: UTF8.self), j)
        }
        guard let refs = find(Array("\"itemRefs\"".utf8), from: 0) else {
            // No items: an empty object or one without itemRefs is an empty page.
            let text = String(decoding: body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return text.hasPrefix("{") ? ([], nil) : nil
        }
        var ids: [UInt64] = []
        let key = Array("\"id\"".utf8)
        var i = refs
        while let at = find(key, from: i) {
            guard let (text, end) = value(after: at, keyLength: key.count) else { i = at + key.count; continue }
            if let id = itemID(text) { ids.append(id) }
            i = end
        }
        let continuation = find(Array("\"continuation\"".utf8), from: 0).flatMap { value(after: $0, keyLength: 14) }?.0
        return (ids, continuation.flatMap { $0.isEmpty ? nil : $0 })
    }

    static func label(of tag: String) -> String? {
        guard let range = tag.range(of: "/label/") else { return nil }
        return String(tag[range.upperBound...])
    }

    /// Titles and names may carry HTML entities or markup. FreshRSS sends &, < and > in
    /// titles, authors and feed names as their full-width forms (＆＜＞, its
    /// `escapeToUnicodeAlternative`); they are turned back, as its web page shows them. (It
    /// also replaces ? / , ; in feed names, but those full-width forms are common in CJK
    /// text and stay.)
    static func plain(_ text: String) -> String {
        var text = text
        if text.contains(where: { $0 == "＆" || $0 == "＜" || $0 == "＞" }) {
            text = text.replacingOccurrences(of: "＆", with: "&").replacingOccurrences(of: "＜", with: "<")
                .replacingOccurrences(of: "＞", with: ">")
            return Sanitize.line(text)
        }
        guard text.contains("&") || text.contains("<") else { return Sanitize.line(text) }
        return Sanitize.line(HTMLText.convert(text, links: false))
    }

    static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    static func form(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    /// A stream id in a path keeps its slashes.
    static func pathEncoded(_ stream: String) -> String {
        stream.split(separator: "/", omittingEmptySubsequences: false).map { escape(String($0)) }.joined(separator: "/")
    }
}
