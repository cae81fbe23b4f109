import Foundation
import GazetteCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

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
        public var userAgent = "Gazette/0.1 (terminal news reader)"
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
        guard let u = URL(string: url), let scheme = u.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            completion(Result(url: url, outcome: .failed("not an http(s) URL"), validators: nil))
            return
        }
        var request = URLRequest(url: u, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: options.timeout)
        request.setValue(options.userAgent, forHTTPHeaderField: "User-Agent")
        request.setValue("application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8",
                         forHTTPHeaderField: "Accept")
        if let etag = validators?.etag { request.setValue(etag, forHTTPHeaderField: "If-None-Match") }
        if let modified = validators?.lastModified { request.setValue(modified, forHTTPHeaderField: "If-Modified-Since") }
        let task = Task(url: url, maxBytes: options.maxBytes, timeout: options.timeout, completion: completion)
        task.start(request)
    }

    /// One transfer with its own session, so a response can be cut off when it grows too large.
    private final class Task: NSObject, URLSessionDataDelegate, @unchecked Sendable {
        let url: String
        let maxBytes: Int
        let timeout: TimeInterval
        let completion: @Sendable (Result) -> Void
        private var data = Data()
        private var response: HTTPURLResponse?
        private var tooLarge = false
        private var session: URLSession?
        private let lock = NSLock()

        init(url: String, maxBytes: Int, timeout: TimeInterval, completion: @escaping @Sendable (Result) -> Void) {
            self.url = url
            self.maxBytes = maxBytes
            self.timeout = timeout
            self.completion = completion
        }

        func start(_ request: URLRequest) {
            let configuration = URLSessionConfiguration.ephemeral
            configuration.timeoutIntervalForRequest = timeout
            configuration.timeoutIntervalForResource = timeout * 3
            configuration.httpMaximumConnectionsPerHost = 2
            let session = URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
            self.session = session
            session.dataTask(with: request).resume()
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
            lock.lock()
            self.response = response as? HTTPURLResponse
            lock.unlock()
            if response.expectedContentLength > Int64(maxBytes) {
                tooLarge = true
                completionHandler(.cancel)
                return
            }
            completionHandler(.allow)
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
            lock.lock()
            self.data.append(data)
            let size = self.data.count
            lock.unlock()
            if size > maxBytes {
                tooLarge = true
                dataTask.cancel()
            }
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
            lock.lock()
            let response = self.response
            let body = [UInt8](data)
            lock.unlock()
            session.finishTasksAndInvalidate()
            if tooLarge {
                completion(Result(url: url, outcome: .failed("the response is larger than \(maxBytes >> 20) MB"), validators: nil))
                return
            }
            if let error {
                completion(Result(url: url, outcome: .failed(Self.describe(error, timeout: timeout)), validators: nil))
                return
            }
            guard let response else {
                completion(Result(url: url, outcome: .failed("no HTTP response"), validators: nil))
                return
            }
            let validators = FetchState.Validators(etag: response.value(forHTTPHeaderField: "ETag"),
                                                   lastModified: response.value(forHTTPHeaderField: "Last-Modified"))
            switch response.statusCode {
            case 304:
                completion(Result(url: url, outcome: .notModified, validators: validators))
            case 200..<300:
                let final = response.url?.absoluteString ?? url
                completion(Result(url: url, outcome: .fetched(bytes: body, finalURL: final,
                                                              contentType: response.value(forHTTPHeaderField: "Content-Type")),
                                  validators: validators))
            case 300..<400:
                completion(Result(url: url, outcome: .failed("HTTP \(response.statusCode): too many redirects (a redirect loop?)"), validators: nil))
            default:
                let reason = HTTPURLResponse.localizedString(forStatusCode: response.statusCode)
                completion(Result(url: url, outcome: .failed("HTTP \(response.statusCode) \(reason)"), validators: nil))
            }
        }

        static func describe(_ error: Error, timeout: TimeInterval) -> String {
            guard let e = error as? URLError else { return error.localizedDescription }
            switch e.code {
            case .timedOut: return "timed out after \(Int(timeout)) s"
            case .httpTooManyRedirects, .redirectToNonExistentLocation: return "too many redirects (a redirect loop?)"
            case .cannotFindHost, .dnsLookupFailed: return "host not found"
            case .cannotConnectToHost: return "could not connect (connection refused)"
            case .networkConnectionLost: return "the connection was lost"
            case .notConnectedToInternet: return "no network"
            case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
                 .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected:
                return "TLS error: \(e.localizedDescription)"
            case .cancelled: return "cancelled"
            default: return e.localizedDescription
            }
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

    public init() {}

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
