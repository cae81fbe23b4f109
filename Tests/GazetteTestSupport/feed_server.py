#!/usr/bin/env python3
"""A local HTTP server for Gazette's fetch tests. Binds 127.0.0.1 on a free port, prints the
port on its first line, and serves:

  /feed.xml      RSS with an ETag and Last-Modified; 304 when the request's validators match
  /missing.xml   404
  /slow.xml      answers after 5 s (longer than the tests' timeout)
  /gzip.xml      the feed, gzip-compressed (Content-Encoding: gzip)
  /redirect.xml  302 to /feed.xml
  /loop.xml      302 to itself
  /huge.xml      40 MB
  /page.html     an HTML page (not a feed)
  /site.html     a home page whose <link rel="alternate"> names /feed.xml
  /busy.xml      the feed after 0.3 s, counting requests in flight; /busy-peak says the most at once
  /stories/1     the first item's web page (for full-text fetching)
  /episode.mp3   2 MB of known bytes (byte i is i % 251), honouring Range (206)
  /cut.mp3       the same file, but a request from byte 0 gets its first 700,000 bytes and the
                 connection is closed (Content-Length says 2 MB); a Range request gets the rest
  /norange.mp3   the same file, always whole (200), whatever Range says
  /podcast.xml   a feed whose items have enclosures: /episode.mp3 and /cut.mp3

Hostile answers (each must cost bounded memory and time):
  /bomb.xml      gzip-encoded, 512 MiB once inflated (about 0.5 MB on the wire), sent at 1 MB/s
  /endless.xml   an endless body, as fast as the client reads it
  /drip.xml      headers at once, then one byte a second for ever
  /declared.xml  declares Content-Length: 100000000000 and sends a little
  /to-file.xml   302 to file:///etc/passwd
  /to-ftp.xml    301 to ftp://127.0.0.1/feed.xml
  /limited.xml   429 Too Many Requests with Retry-After: 600 (counts requests: /limited-count)
  /greader/...   a hostile Google Reader API: any password logs in; feed names, folders and
                 items carry terminal escapes and a local path as the feed's address; the
                 reading list never ends (one item a page, always another continuation)

With --tls CERT KEY it serves the same over HTTPS (a self-signed certificate, so clients
that verify certificates must refuse it).

It stops by itself after 120 s, or when its standard input closes.
"""
import gzip
import http.server
import socketserver
import sys
import threading
import struct
import time
import zlib

FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Local Test Feed</title><link>http://127.0.0.1/</link>
<item><title>First local story</title><link>/stories/1</link><guid>local-1</guid>
<pubDate>Tue, 20 May 2025 14:05:00 GMT</pubDate><description>&lt;p&gt;Hello from the &lt;b&gt;local&lt;/b&gt; server.&lt;/p&gt;</description></item>
<item><title>Second local story</title><link>/stories/2</link><guid>local-2</guid>
<pubDate>Wed, 21 May 2025 09:00:00 GMT</pubDate><description>Plain second story.</description></item>
</channel></rss>
"""
ETAG = '"v1"'
MODIFIED = "Tue, 20 May 2025 14:05:00 GMT"


BOMB_CHUNKS = []


EPISODE = bytes(i % 251 for i in range(2_000_000))

PODCAST = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Local Podcast</title><link>http://127.0.0.1/</link>
<item><title>Episode one</title><link>http://127.0.0.1/ep1</link><guid>ep-1</guid>
<pubDate>Tue, 20 May 2025 14:05:00 GMT</pubDate><description>&lt;p&gt;Show notes with a &lt;a href="http://127.0.0.1/notes"&gt;link&lt;/a&gt;.&lt;/p&gt;</description>
<enclosure url="/episode.mp3" type="audio/mpeg" length="2000000"/></item>
<item><title>Episode two</title><link>http://127.0.0.1/ep2</link><guid>ep-2</guid>
<pubDate>Wed, 21 May 2025 09:00:00 GMT</pubDate><description>Cut short.</description>
<enclosure url="/cut.mp3" type="audio/mpeg" length="2000000"/></item>
</channel></rss>
"""


def bomb_chunks():
    """512 MiB of spaces inside an RSS element, gzip-compressed (about 0.5 MB), made once.

    One MiB is deflated after a full flush, so its compressed form can be repeated: the
    stream is valid gzip without compressing 512 MiB (seconds) on every test run.
    """
    if not BOMB_CHUNKS:
        compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
        prefix = b"<rss><channel><title>"
        head = compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
        block = b" " * (1 << 20)
        segment = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
        crc = zlib.crc32(prefix)
        for _ in range(512):
            crc = zlib.crc32(block, crc)
        size = len(prefix) + 512 * len(block)
        tail = b"\x03\x00" + struct.pack("<II", crc, size & 0xFFFFFFFF)  # an empty last block, then the trailer
        BOMB_CHUNKS.extend([head] + [segment] * 512 + [tail])
    return BOMB_CHUNKS


limited_count = 0
in_flight = 0
peak = 0
counter_lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body=b"", headers=()):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    def stream(self, chunks, per_second=None):
        """Writes chunks (at about per_second bytes a second), until the client hangs up."""
        try:
            for chunk in chunks:
                self.wfile.write(chunk)
                self.wfile.flush()
                if per_second:
                    time.sleep(len(chunk) / per_second)
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass
        self.close_connection = True

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        path = self.path.split("?")[0]
        if path == "/greader/accounts/ClientLogin":
            return self.send(200, b"SID=x\nLSID=null\nAuth=hostile/token\n", [("Content-Type", "text/plain")])
        if path.startswith("/greader/"):
            return self.send(200, b"OK", [("Content-Type", "text/plain")])
        return self.send(404, b"not found", [("Content-Type", "text/plain")])

    def greader(self, path, query):
        import json
        esc = "\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J\x9b31m"
        if path == "/greader/reader/api/0/token":
            return self.send(200, b"hostiletoken", [("Content-Type", "text/plain")])
        if path == "/greader/reader/api/0/subscription/list":
            body = {"subscriptions": [{"id": "feed/1", "title": "Evil" + esc + " Feed", "url": "/etc/passwd.xml",
                                       "htmlUrl": "javascript:alert(1)",
                                       "categories": [{"id": "user/-/label/x", "label": "../../Escape" + esc}]}]}
            return self.send(200, json.dumps(body).encode(), [("Content-Type", "application/json")])
        if path.startswith("/greader/reader/api/0/stream/contents/"):
            n = int(query.get("c", "0")) + 1
            item = {"id": "tag:google.com,2005:reader/item/%016x" % n, "crawlTimeMsec": "1700000000000",
                    "published": 1700000000, "title": "Story " + str(n) + esc,
                    "author": "Mallory" + esc, "origin": {"streamId": "feed/1", "title": "Evil" + esc},
                    "canonical": [{"href": "http://evil.test/%d" % n}],
                    "categories": ["user/-/state/com.google/reading-list"],
                    "summary": {"content": "<p>Text" + esc + "</p><script>alert(1)</script>"}}
            body = {"id": "user/-/state/com.google/reading-list", "updated": 1700000000,
                    "items": [item], "continuation": str(n)}
            return self.send(200, json.dumps(body).encode(), [("Content-Type", "application/json")])
        if path == "/greader/reader/api/0/stream/items/ids":
            return self.send(200, b'{"itemRefs":[{"id":"1"}]}', [("Content-Type", "application/json")])
        return self.send(404, b"not found", [("Content-Type", "text/plain")])

    def episode(self, path):
        ranged = self.headers.get("Range", "")
        start = 0
        if ranged.startswith("bytes=") and path != "/norange.mp3":
            start = int(ranged[6:].split("-")[0] or 0)
        if start >= len(EPISODE):
            return self.send(416, headers=[("Content-Range", "bytes */%d" % len(EPISODE))])
        if start > 0:
            self.send_response(206)
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, len(EPISODE) - 1, len(EPISODE)))
        else:
            self.send_response(200)
        self.send_header("Content-Type", "audio/mpeg")
        self.send_header("Content-Length", str(len(EPISODE) - start))
        self.end_headers()
        if path == "/cut.mp3" and start == 0:
            self.wfile.write(EPISODE[:700_000])
            self.wfile.flush()
            self.close_connection = True
            try:
                import socket
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        self.wfile.write(EPISODE[start:])

    def do_GET(self):
        path = self.path.split("?")[0]
        if path.startswith("/greader/"):
            from urllib.parse import parse_qsl
            query = dict(parse_qsl(self.path.split("?", 1)[1])) if "?" in self.path else {}
            return self.greader(path, query)
        if path in ("/episode.mp3", "/cut.mp3", "/norange.mp3"):
            return self.episode(path)
        if path == "/podcast.xml":
            return self.send(200, PODCAST.replace(b'url="/', b'url="http://127.0.0.1:%d/' % self.server.server_address[1]),
                             [("Content-Type", "application/rss+xml")])
        if path == "/feed.xml":
            if self.headers.get("If-None-Match") == ETAG or self.headers.get("If-Modified-Since") == MODIFIED:
                return self.send(304, headers=[("ETag", ETAG)])
            return self.send(200, FEED, [("Content-Type", "application/rss+xml"), ("ETag", ETAG), ("Last-Modified", MODIFIED)])
        if path == "/gzip.xml":
            return self.send(200, gzip.compress(FEED), [("Content-Type", "application/rss+xml"), ("Content-Encoding", "gzip")])
        if path == "/redirect.xml":
            return self.send(302, headers=[("Location", "/feed.xml")])
        if path == "/loop.xml":
            return self.send(302, headers=[("Location", "/loop.xml")])
        if path == "/busy.xml":
            # Counts requests in flight at once; /busy-peak says the most it saw.
            global in_flight, peak
            with counter_lock:
                in_flight += 1
                peak = max(peak, in_flight)
            time.sleep(0.3)
            with counter_lock:
                in_flight -= 1
            return self.send(200, FEED, [("Content-Type", "application/rss+xml")])
        if path == "/busy-peak":
            return self.send(200, str(peak).encode(), [("Content-Type", "text/plain")])
        if path == "/slow.xml":
            time.sleep(5)
            return self.send(200, FEED, [("Content-Type", "application/rss+xml")])
        if path == "/huge.xml":
            body = b"<rss><channel>" + b" " * (40 << 20) + b"</channel></rss>"
            return self.send(200, body, [("Content-Type", "application/rss+xml")])
        if path == "/bomb.xml":
            chunks = bomb_chunks()
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(sum(len(c) for c in chunks)))
            self.end_headers()
            return self.stream(chunks, per_second=1 << 20)
        if path == "/endless.xml":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Connection", "close")
            self.end_headers()
            block = b"<item>" + b"x" * 65530
            return self.stream(iter(lambda: block, None))
        if path == "/drip.xml":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", "1000000")
            self.end_headers()
            return self.stream(iter(lambda: b" ", None), per_second=1)
        if path == "/declared.xml":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", "100000000000")
            self.end_headers()
            return self.stream([b"<rss>"])
        if path == "/to-file.xml":
            return self.send(302, headers=[("Location", "file:///etc/passwd")])
        if path == "/to-ftp.xml":
            return self.send(301, headers=[("Location", "ftp://127.0.0.1/feed.xml")])
        if path == "/limited.xml":
            global limited_count
            with counter_lock:
                limited_count += 1
            return self.send(429, b"slow down", [("Content-Type", "text/plain"), ("Retry-After", "600")])
        if path == "/limited-count":
            return self.send(200, str(limited_count).encode(), [("Content-Type", "text/plain")])
        if path == "/stories/1":
            page = b"""<!doctype html><html lang="en"><head><title>First local story - Local News</title>
<meta name="author" content="Ada Reporter"></head><body><nav><a href="/">Home</a> <a href="/x">World</a></nav>
<article><h1>First local story</h1>
<p>This is the full text of the first local story, much longer than the summary in the feed, with details.</p>
<p>A second paragraph adds the quotes, the numbers and the context that the feed's summary left out entirely.</p>
<h2>What comes next</h2><ul><li>One detail</li><li>Another <b>detail</b></li></ul>
</article><footer><p>Copyright Local News. All rights reserved.</p></footer></body></html>"""
            return self.send(200, page, [("Content-Type", "text/html; charset=utf-8")])
        if path == "/page.html":
            return self.send(200, b"<!doctype html><html><body><p>Not a feed</p></body></html>", [("Content-Type", "text/html")])
        if path == "/site.html":
            site = (b'<!doctype html><html><head><title>Local News</title>'
                    b'<link rel="alternate" type="application/rss+xml" title="RSS" href="/feed.xml">'
                    b'<link rel="stylesheet" href="/style.css"></head><body><p>Home page</p></body></html>')
            return self.send(200, site, [("Content-Type", "text/html")])
        return self.send(404, b"not found", [("Content-Type", "text/plain")])


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def main():
    server = Server(("127.0.0.1", 0), Handler)
    if len(sys.argv) == 4 and sys.argv[1] == "--tls":
        import ssl
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[2], sys.argv[3])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # Stop when the test closes our stdin, or after two minutes at most.
    stdin_closed = threading.Event()
    def watch():
        sys.stdin.read()
        stdin_closed.set()
    threading.Thread(target=watch, daemon=True).start()
    stdin_closed.wait(timeout=120)
    server.shutdown()

if __name__ == "__main__":
    main()
