import Foundation

/// A server account that keeps feeds, read marks and stars (FreshRSS and other Google
/// Reader API servers today). The sync engine speaks only this; a second kind of server
/// (Miniflux's REST API, Nextcloud News) is one more type conforming to it.
public protocol AccountSource: AnyObject {
    /// Checks the credentials and gets whatever session the server needs.
    func login() throws(SyncError)
    /// The server's clock, when an answer said it ("read items of the last 30 days" is
    /// counted on it, not on this machine's).
    var serverTime: Date? { get }
    /// The subscribed feeds with their folders.
    func feeds() throws(SyncError) -> [RemoteFeed]
    /// Every item of `query`, page by page, oldest page last.
    func items(_ query: ItemQuery, page: ([RemoteItem]) throws(SyncError) -> Void) throws(SyncError)
    /// The items with these ids (those the server still has).
    func items(ids: [UInt64]) throws(SyncError) -> [RemoteItem]
    /// The ids of every unread item, or of every starred item.
    func ids(_ list: IDList) throws(SyncError) -> Set<UInt64>
    /// Sets one state on items; returns once the server confirmed it.
    func send(_ change: StateChange) throws(SyncError)
}

public struct RemoteFeed: Sendable, Equatable {
    public var id: String
    public var title: String
    public var folder: String?
    public var url: String?
    public var siteURL: String?
}

public struct RemoteItem: Sendable, Equatable {
    /// The server's 64-bit item id (in the Google Reader API, the crawl time in µs).
    public var id: UInt64
    public var feedID: String
    public var feedTitle: String?
    public var title: String
    public var author: String?
    public var published: Date?
    public var crawled: Date
    public var url: String?
    public var html: String
    public var read: Bool
    public var starred: Bool
}

public enum ItemQuery: Sendable, Equatable {
    /// Unread items fetched by the server before this time (nil: at any time).
    case unread(before: Date?)
    /// Starred items fetched by the server before this time (nil: at any time).
    case starred(before: Date?)
    /// Every item the server fetched at or after this time, read or not.
    case crawledSince(Date)
}

public enum IDList: Sendable { case unread, starred }

public struct StateChange: Sendable, Equatable {
    public enum Tag: Sendable { case read, starred }
    public var tag: Tag
    public var on: Bool
    public var ids: [UInt64]
}

/// Why a sync or a login failed, in words for the user (never holding a password).
public struct SyncError: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String
    /// The server could not be reached or did not answer in time: a later sync may work.
    public var isConnection: Bool
    public init(_ description: String, isConnection: Bool = false) {
        self.description = description
        self.isConnection = isConnection
    }
}
