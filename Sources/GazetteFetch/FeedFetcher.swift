import Foundation
import GazetteCore

/// Fetches feeds over HTTP and HTTPS, several at a time, with conditional GET.
///
/// One failing feed (timeout, HTTP error, TLS error, redirect loop, a response too large)
/// is reported with its URL and reason and never stops the others.
public final class FeedFetcher: @unchecked Sendable {
    public struct Options: Sendable {
        public var timeout: TimeInterval = 20
        public var maxBytes = 32 << 20
        public var concurrency = 6
        /// Transfers to one host at a time.
        public var perHost = 2
        public var userAgent = HTTPClient.userAgent
        public init() {}
    }

    public enum Outcome: Sendable, Equatable {
        case fetched(bytes: [UInt8], finalURL: String, contentType: String?)
        case notModified
        case failed(String)
    }

    public struct Result: Sendable {
        public var url: String
        public var outcome: Outcome
        /// Validators to send next time (ETag, Last-Modified).
        public var validators: FetchState.Validators?
        /// A 429 or 503 said not to ask again before this time.
        public var retryAfter: Date?

        public init(url: String, outcome: Outcome, validators: FetchState.Validators?, retryAfter: Date? = nil) {
            self.url = url
            self.outcome = outcome
            self.validators = validators
            self.retryAfter = retryAfter
        }
    }

    public let options: Options

    public init(options: Options = Options()) { self.options = options }

    /// Fetches every URL, `concurrency` at a time and at most `perHost` at a time from one host
    /// (ten subreddit feeds are not ten simultaneous requests to reddit.com); `progress` is
    /// called as each finishes (from any thread).
    public func fetch(_ urls: [String], state: FetchState, progress: (@Sendable (Int, Int, String) -> Void)? = nil) -> [Result] {
        let results = Results(count: urls.count)
        let group = DispatchGroup()
        let done = Counter()
        let scheduler = Scheduler(hosts: urls.map { URL(string: $0)?.host?.lowercased() ?? $0 },
                                  concurrency: max(1, options.concurrency), perHost: max(1, options.perHost))
        for _ in urls { group.enter() }
        scheduler.start = { i in
            self.fetchOne(urls[i], validators: state.validators[urls[i]]) { result in
                results.set(i, result)
                progress?(done.increment(), urls.count, urls[i])
                scheduler.finished(i)
                group.leave()
            }
        }
        scheduler.startAvailable()
        group.wait()
        scheduler.start = nil  // the closure holds the scheduler: break the cycle
        return results.all
    }

    /// Hands out the next URL whose host has room, as transfers finish.
    final class Scheduler: @unchecked Sendable {
        private let hosts: [String]
        private let concurrency: Int
        private let perHost: Int
        private var pending: [Int]
        private var running = 0
        private var perHostRunning: [String: Int] = [:]
        private let lock = NSLock()
        var start: (@Sendable (Int) -> Void)?

        init(hosts: [String], concurrency: Int, perHost: Int) {
            self.hosts = hosts
            self.concurrency = concurrency
            self.perHost = perHost
            pending = Array(hosts.indices)
        }

        /// Starts what may start now, each on its own dispatch (a start may complete at once,
        /// and finishing starts the next: no recursion however many fail that way).
        func startAvailable() {
            var ready: [Int] = []
            lock.lock()
            while running < concurrency, let k = pending.firstIndex(where: { perHostRunning[hosts[$0], default: 0] < perHost }) {
                let i = pending.remove(at: k)
                running += 1
                perHostRunning[hosts[i], default: 0] += 1
                ready.append(i)
            }
            lock.unlock()
            guard let start else { return }
            for i in ready { DispatchQueue.global().async { start(i) } }
        }

        func finished(_ i: Int) {
            lock.lock()
            running -= 1
            perHostRunning[hosts[i], default: 1] -= 1
            lock.unlock()
            startAvailable()
        }
    }

    private func fetchOne(_ url: String, validators: FetchState.Validators?, completion: @escaping @Sendable (Result) -> Void) {
        var request = HTTPRequest(url: url)
        request.timeout = options.timeout
        request.maxBytes = options.maxBytes
        request.userAgent = options.userAgent
        request.headers = [("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8")]
        if let etag = validators?.etag { request.headers.append(("If-None-Match", etag)) }
        if let modified = validators?.lastModified { request.headers.append(("If-Modified-Since", modified)) }
        let built = request
        DispatchQueue.global().async {
            completion(Self.result(url: url, HTTPClient.perform(built), now: WallClock.now()))
        }
    }

    /// What one transfer means for a feed.
    static func result(url: String, _ outcome: Swift.Result<HTTPResponse, HTTPFailure>, now: Date) -> Result {
        let response: HTTPResponse
        switch outcome {
        case .failure(let failure): return Result(url: url, outcome: .failed(failure.description), validators: nil)
        case .success(let r): response = r
        }
        let validators = FetchState.Validators(etag: response.header("ETag").map(Sanitize.line),
                                               lastModified: response.header("Last-Modified").map(Sanitize.line))
        switch response.status {
        case 304:
            return Result(url: url, outcome: .notModified, validators: validators)
        case 200..<300:
            return Result(url: url, outcome: .fetched(bytes: response.body, finalURL: response.url, contentType: response.header("Content-Type")),
                          validators: validators)
        case 300..<400:
            return Result(url: url, outcome: .failed("HTTP \(response.status) without a Location to follow"), validators: nil)
        default:
            var reason = "HTTP \(response.status) \(HTTPStatus.phrase(response.status))"
            var retryAfter: Date?
            if response.status == 429 || response.status == 503, let wait = response.header("Retry-After").flatMap({ RetryAfter.parse($0, now: now) }) {
                retryAfter = wait
                reason += "; the server asks to wait \(RetryAfter.describe(wait.timeIntervalSince(now)))"
            }
            return Result(url: url, outcome: .failed(reason), validators: nil, retryAfter: retryAfter)
        }
    }

    private final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [Result?]
        init(count: Int) { items = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ r: Result) { lock.lock(); items[i] = r; lock.unlock() }
        var all: [Result] { lock.lock(); defer { lock.unlock() }; return items.compactMap { $0 } }
    }

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func increment() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
    }
}

/// Conditional-GET validators per feed URL, kept in `<store>/fetch-state.json`.
public struct FetchState: Sendable, Codable, Equatable {
    public struct Validators: Sendable, Codable, Equatable {
        public var etag: String?
        public var lastModified: String?
        public init(etag: String?, lastModified: String?) {
            self.etag = etag
            self.lastModified = lastModified
        }
    }

    public var validators: [String: Validators] = [:]
    /// Feeds whose server answered 429 or 503 with Retry-After: not fetched before then.
    public var retryAfter: [String: Date] = [:]

    public init() {}

    enum CodingKeys: String, CodingKey { case validators, retryAfter }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        validators = try c.decodeIfPresent([String: Validators].self, forKey: .validators) ?? [:]
        retryAfter = (try? c.decodeIfPresent([String: String].self, forKey: .retryAfter))?.compactMapValues(ISODate.parse) ?? [:]
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(validators, forKey: .validators)
        if !retryAfter.isEmpty { try c.encode(retryAfter.mapValues(ISODate.format), forKey: .retryAfter) }
    }

    public static func path(in store: ArticleStore) -> String { store.root + "/fetch-state.json" }

    /// A missing or unreadable state only costs full downloads: never an error.
    public static func load(from store: ArticleStore) -> FetchState {
        guard let bytes = try? FileSystem.read(path(in: store)),
              let state = try? JSONDecoder().decode(FetchState.self, from: Data(bytes)) else { return FetchState() }
        return state
    }

    public func save(to store: ArticleStore) throws(StoreError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(self) else { return }
        try FileSystem.makeDirectory(store.tmpDir)
        try FileSystem.writeAtomically([UInt8](data), to: Self.path(in: store), tmpDir: store.tmpDir)
    }
}

/// `Retry-After`: seconds or an HTTP date; capped at a day, so a server cannot switch a feed
/// off for good.
public enum RetryAfter {
    public static let longest: TimeInterval = 86_400

    public static func parse(_ value: String, now: Date) -> Date? {
        let text = value.trimmingCharacters(in: .whitespaces)
        let wait: TimeInterval
        if let seconds = Int(text) {
            wait = TimeInterval(seconds)
        } else if let date = FeedDate.parse(text) {
            wait = date.timeIntervalSince(now)
        } else {
            return nil
        }
        guard wait > 0 else { return nil }
        return now.addingTimeInterval(min(wait, longest))
    }

    /// "45 s", "10 min", "2 h 5 min".
    public static func describe(_ interval: TimeInterval) -> String {
        let seconds = Int(interval.rounded(.up))
        if seconds < 60 { return "\(seconds) s" }
        let minutes = (seconds + 59) / 60
        if minutes < 60 { return "\(minutes) min" }
        return minutes % 60 == 0 ? "\(minutes / 60) h" : "\(minutes / 60) h \(minutes % 60) min"
    }
}

/// Reason phrases for the statuses feeds meet.
enum HTTPStatus {
    static func phrase(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 406: "Not Acceptable"
        case 408: "Request Timeout"
        case 410: "Gone"
        case 429: "Too Many Requests"
        case 451: "Unavailable For Legal Reasons"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: status >= 500 ? "Server Error" : "Client Error"
        }
    }
}
