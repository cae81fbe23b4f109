import CGazetteHTTP
import Foundation
import GazetteCore

/// One HTTP(S) request, bounded: the body is never held past `maxBytes` (decoded), the whole
/// transfer, redirects included, ends by `timeout`, and only web addresses are ever requested.
public struct HTTPRequest: Sendable {
    public var url: String
    public var method = "GET"
    public var headers: [(name: String, value: String)] = []
    public var body: [UInt8]?
    public var timeout: TimeInterval = 20
    public var maxBytes = 32 << 20
    public var userAgent = HTTPClient.userAgent
    /// A download: the body goes to this file instead of memory.
    public var download: DownloadTarget?

    public init(url: String, method: String = "GET", headers: [(name: String, value: String)] = [], body: [UInt8]? = nil) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
    }
}

/// A response: status, header fields (names lowercased, the last value of a repeated field),
/// the decoded body and the address it finally came from.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: [UInt8]
    public var url: String

    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// Why a request got no response. `description` is what the user reads.
public enum HTTPFailure: Error, Equatable, Sendable, CustomStringConvertible {
    case notWebAddress(String)
    case redirectNotWeb(String)
    case tooManyRedirects
    case timedOut(TimeInterval)
    case tooLarge(limit: Int)
    case tls(String)
    case connection(String)

    public var description: String {
        switch self {
        case .notWebAddress(let url): "not an http(s) address: \(Sanitize.line(url))"
        case .redirectNotWeb(let url): "redirected to \(Sanitize.line(url)), which is not a web address (only http and https are followed)"
        case .tooManyRedirects: "too many redirects (a redirect loop?)"
        case .timedOut(let seconds): "timed out after \(HTTPClient.seconds(seconds))"
        case .tooLarge(let limit): "the response is larger than \(limit >> 20) MB"
        case .tls(let reason): "TLS error: \(reason)"
        case .connection(let reason): reason
        }
    }
}

/// Where a download goes: an open file (appended after `resumeFrom` bytes already there)
/// and who hears of its progress (from the transfer's thread, at most a few times a second).
public final class DownloadTarget: @unchecked Sendable {
    public let fd: Int32
    public let resumeFrom: Int
    public var stallSeconds = 60
    let progress: @Sendable (_ received: Int, _ total: Int?) -> Void
    private var lastReport = 0.0

    public init(fd: Int32, resumeFrom: Int, progress: @escaping @Sendable (_ received: Int, _ total: Int?) -> Void) {
        self.fd = fd
        self.resumeFrom = resumeFrom
        self.progress = progress
    }

    func report(received: Int, total: Int) {
        let now = HTTPClient.monotonicSeconds()
        guard now - lastReport >= 0.25 else { return }
        lastReport = now
        progress(received, total > 0 ? total : nil)
    }
}

/// HTTP over libcurl (see CGazetteHTTP for why not FoundationNetworking).
public enum HTTPClient {
    public static let userAgent = "Gazette/0.2 (terminal news reader)"
    public static let maxRedirects = 10

    /// A CA bundle named by `SSL_CERT_FILE` or `CURL_CA_BUNDLE`, as other TLS programs honour.
    static let caFile: String? = {
        let env = ProcessInfo.processInfo.environment
        return [env["SSL_CERT_FILE"], env["CURL_CA_BUNDLE"]].compactMap { $0 }.first { !$0.isEmpty }
    }()

    /// Performs the request, following up to ten redirects to http(s) addresses. Blocks the
    /// calling thread until the response, a failure or the deadline.
    public static func perform(_ request: HTTPRequest) -> Result<HTTPResponse, HTTPFailure> {
        let deadline = monotonicSeconds() + request.timeout
        var url = request.url
        var method = request.method
        var body = request.body
        var headers = request.headers
        guard isWeb(url) else { return .failure(.notWebAddress(url)) }
        for _ in 0...maxRedirects {
            let remaining = deadline - monotonicSeconds()
            guard remaining > 0 else { return .failure(.timedOut(request.timeout)) }
            let hop = performOnce(url: url, method: method, headers: headers, body: body, request: request,
                                  timeout: remaining)
            switch hop {
            case .failure(let failure):
                if case .timedOut = failure { return .failure(.timedOut(request.timeout)) }
                return .failure(failure)
            case .success(let (response, location)):
                guard [301, 302, 303, 307, 308].contains(response.status), let location else { return .success(response) }
                guard isWeb(location) else { return .failure(.redirectNotWeb(location)) }
                if response.status == 303 || (method == "POST" && response.status <= 302) {
                    method = "GET"
                    body = nil
                }
                // Credentials go only to the host they were meant for.
                if URL(string: location)?.host?.lowercased() != URL(string: url)?.host?.lowercased() {
                    headers.removeAll { $0.name.lowercased() == "authorization" || $0.name.lowercased() == "cookie" }
                }
                url = location
            }
        }
        return .failure(.tooManyRedirects)
    }

    static func performOnce(url: String, method: String, headers: [(name: String, value: String)], body: [UInt8]?,
                            request: HTTPRequest, timeout: TimeInterval) -> Result<(HTTPResponse, String?), HTTPFailure> {
        // Header values from a server or a feed never carry a line break into the request.
        let lines = headers.map { "\($0.name): \($0.value)".filter { $0 != "\r" && $0 != "\n" } }
        var response = gz_http_response()
        defer { gz_http_response_free(&response) }
        let bodyBytes = body ?? []
        withCStrings(lines) { headerPointers in
            url.withCString { urlPointer in
                (method == "GET" ? nil : method).withOptionalCString { methodPointer in
                    request.userAgent.withCString { agent in
                        caFile.withOptionalCString { ca in
                            bodyBytes.withUnsafeBufferPointer { bodyBuffer in
                                headerPointers.withUnsafeBufferPointer { hp in
                                    var r = gz_http_request()
                                    r.url = urlPointer
                                    r.method = methodPointer
                                    r.headers = hp.baseAddress
                                    r.header_count = Int32(lines.count)
                                    r.body = body == nil ? nil : (bodyBuffer.baseAddress ?? UnsafePointer(bitPattern: 1))
                                    r.body_length = bodyBytes.count
                                    r.timeout_ms = max(1, Int(timeout * 1000))
                                    r.connect_timeout_ms = max(1, Int(min(timeout, 30) * 1000))
                                    r.max_bytes = request.maxBytes
                                    r.user_agent = agent
                                    r.ca_file = ca
                                    r.out_fd = -1
                                    if let download = request.download {
                                        r.out_fd = download.fd
                                        r.resume_from = Int64(download.resumeFrom)
                                        r.stall_seconds = download.stallSeconds
                                        r.progress = { context, received, total in
                                            guard let context else { return }
                                            Unmanaged<DownloadTarget>.fromOpaque(context).takeUnretainedValue()
                                                .report(received: Int(received), total: Int(total))
                                        }
                                        r.progress_context = Unmanaged.passUnretained(download).toOpaque()
                                    }
                                    gz_http_perform(&r, &response)
                                }
                            }
                        }
                    }
                }
            }
        }
        switch gz_http_failure(UInt32(response.failure)) {
        case GZ_HTTP_OK: break
        case GZ_HTTP_TOO_LARGE, GZ_HTTP_DECLARED_TOO_LARGE: return .failure(.tooLarge(limit: request.maxBytes))
        case GZ_HTTP_TIMED_OUT: return .failure(.timedOut(timeout))
        case GZ_HTTP_HEADERS_TOO_LARGE: return .failure(.connection("the response's headers are larger than 256 KB"))
        default: return .failure(describe(curlCode: response.curl_code, error: cString(response.error)))
        }
        let fields = parseHeaders(response.headers.map { String(cString: $0) } ?? "")
        let bytes = response.body.map { [UInt8](UnsafeBufferPointer(start: $0, count: response.body_length)) } ?? []
        let location = response.redirect_url.map { String(cString: $0) }
        return .success((HTTPResponse(status: response.status, headers: fields, body: bytes, url: url), location))
    }

    /// libcurl's result as the user reads it.
    static func describe(curlCode: Int32, error: String) -> HTTPFailure {
        let text = Sanitize.line(error)
        switch CURLcodeNumber(rawValue: curlCode) {
        case .couldntResolveHost: return .connection("host not found")
        case .couldntConnect: return .connection("could not connect (connection refused)")
        case .sslConnectError, .peerFailedVerification, .sslCertProblem, .sslCipher, .sslCACertBadFile,
             .sslIssuerError, .sslPinnedPubKeyNotMatch, .sslInvalidCertStatus:
            return .tls(text)
        case .unsupportedProtocol: return .connection("not an http(s) address")
        case .gotNothing: return .connection("the server closed the connection without answering")
        case .recvError, .sendError, .partialFile: return .connection("the connection was lost (\(text))")
        case .badContentEncoding: return .connection("the body could not be decoded (\(text))")
        default: return .connection(text)
        }
    }

    /// The libcurl result codes Gazette tells apart (curl/curl.h).
    enum CURLcodeNumber: Int32 {
        case unsupportedProtocol = 1, couldntResolveHost = 6, couldntConnect = 7, partialFile = 18
        case sslConnectError = 35, badContentEncoding = 61, gotNothing = 52, sendError = 55, recvError = 56
        case sslCertProblem = 58, sslCipher = 59, peerFailedVerification = 60, sslCACertBadFile = 77
        case sslPinnedPubKeyNotMatch = 90, sslInvalidCertStatus = 91, sslIssuerError = 83
    }

    /// "Name: value" lines into a dictionary (names lowercased; repeated fields keep the last).
    static func parseHeaders(_ block: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in block.split(whereSeparator: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" }) {
            guard let colon = line.firstIndex(of: ":"), !line.hasPrefix("HTTP/") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            fields[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    static func isWeb(_ url: String) -> Bool {
        guard let u = URL(string: url), let scheme = u.scheme?.lowercased(), let host = u.host, !host.isEmpty else { return false }
        return scheme == "http" || scheme == "https"
    }

    /// "5 s", "1.5 s".
    static func seconds(_ value: TimeInterval) -> String {
        value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }

    static func monotonicSeconds() -> TimeInterval {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return TimeInterval(ts.tv_sec) + TimeInterval(ts.tv_nsec) / 1e9
    }

    private static func cString<T>(_ tuple: T) -> String {
        withUnsafeBytes(of: tuple) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        return body(copies.map { UnsafePointer($0) })
    }
}

extension Optional where Wrapped == String {
    func withOptionalCString<R>(_ body: (UnsafePointer<CChar>?) -> R) -> R {
        switch self {
        case .some(let s): s.withCString { body($0) }
        case .none: body(nil)
        }
    }
}
