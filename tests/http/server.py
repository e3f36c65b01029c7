#!/usr/bin/env python3
"""A test HTTP server that misbehaves on purpose, one way per path.

Listens on 127.0.0.1 only, on NPORTS ports chosen by the system, and prints
"PORTS p1 p2 ..." on standard output.  Given a PEM file (certificate and
key) as its argument, it serves the same paths over TLS on one more port,
printed after "TLS".  Every port serves the same paths (the
extra ports only let the fetcher's per-host limit be seen).  It stops by
itself when standard input closes (its parent died) or after LIFETIME
seconds, whichever comes first.

Bookkeeping paths: /hits?p=PATH (how many requests PATH got), /headers?p=PATH
(the request headers of the last request to PATH), /stats (the most /slow/ requests
in flight at once, in all and per port), /reset (forget the counters).
"""
import gzip
import os
import ssl
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

NPORTS = 6
LIFETIME = 300

FEED = (b'<?xml version="1.0" encoding="utf-8"?>\n'
        b'<rss version="2.0"><channel><title>Test wire</title>'
        b'<link>http://example.invalid/</link>'
        b'<item><title>Ceasefire talks resume in Cairo</title>'
        b'<link>http://example.invalid/1</link>'
        b'<pubDate>Sun, 28 Dec 2025 10:00:00 GMT</pubDate></item>'
        b'</channel></rss>\n')
HTML = (b'<!DOCTYPE html>\n<html><head><title>Front page</title></head>'
        b'<body><p>Not a feed.</p></body></html>\n')
ETAG = '"v1-abc"'
LAST_MODIFIED = 'Sun, 28 Dec 2025 10:00:00 GMT'
# Decompresses to 8 MiB of spaces from a few kilobytes.
BOMB = gzip.compress(b' ' * (8 << 20), 9)

lock = threading.Lock()
hits = {}
last_headers = {}
inflight = {'all': 0}
peak = {'all': 0}


BOOKKEEPING = ('/hits', '/headers', '/stats', '/reset')


def record(path, headers):
    if path in BOOKKEEPING:
        return
    with lock:
        hits[path] = hits.get(path, 0) + 1
        last_headers[path] = ''.join(
            '%s: %s\n' % (k, v) for k, v in headers.items())


def in_flight(port, delta):
    # Counted while a slow answer waits, before it is written: once the
    # client has the answer it may ask again at once.
    with lock:
        for key in ('all', port):
            inflight[key] = inflight.get(key, 0) + delta
            peak[key] = max(peak.get(key, 0), inflight[key])


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, fmt, *args):
        pass

    def send(self, code, body=b'', ctype='application/rss+xml',
             headers=()):
        self.send_response(code)
        self.send_header('Content-Type', ctype)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(body)

    def text(self, s):
        self.send(200, s.encode(), 'text/plain')

    def do_GET(self):
        url = urlsplit(self.path)
        path = url.path
        query = parse_qs(url.query)
        record(path, self.headers)
        try:
            handler = ROUTES.get(path)
            if handler is None and path.startswith('/slow/'):
                handler = Handler.slow
            if handler is None:
                self.send(404, b'no such path\n', 'text/plain')
            else:
                handler(self, query)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    # --- bookkeeping -------------------------------------------------

    def hits(self, q):
        with lock:
            self.text('%d\n' % hits.get(q.get('p', [''])[0], 0))

    def headers_of(self, q):
        with lock:
            self.text(last_headers.get(q.get('p', [''])[0], ''))

    def stats(self, q):
        with lock:
            per_port = max([v for k, v in peak.items() if k != 'all'] or [0])
            self.text('all %d\nport %d\n' % (peak['all'], per_port))

    def reset(self, q):
        with lock:
            hits.clear()
            last_headers.clear()
            for k in peak:
                peak[k] = inflight.get(k, 0)
        self.text('ok\n')

    # --- well-behaved ------------------------------------------------

    def feed(self, q):
        if (self.headers.get('If-None-Match') == ETAG or
                self.headers.get('If-Modified-Since') == LAST_MODIFIED):
            self.send_response(304)
            self.send_header('ETag', ETAG)
            self.end_headers()
            return
        self.send(200, FEED, headers=[('ETag', ETAG),
                                      ('Last-Modified', LAST_MODIFIED)])

    def damaged(self, q):
        """A feed cut after its first item, with validators: a client
        that keeps them would hear 304 and never see the damage again."""
        if self.headers.get('If-None-Match') == ETAG:
            self.send_response(304)
            self.send_header('ETag', ETAG)
            self.end_headers()
            return
        self.send(200, FEED[:FEED.index(b'</channel>')] + b'<item><title>Cut',
                  headers=[('ETag', ETAG)])

    def gzipped(self, q):
        self.send(200, gzip.compress(FEED),
                  headers=[('Content-Encoding', 'gzip')])

    def deflated(self, q):
        self.send(200, zlib.compress(FEED),
                  headers=[('Content-Encoding', 'deflate')])

    def html(self, q):
        self.send(200, HTML, 'text/html; charset=utf-8')

    def charset(self, q):
        self.send(200, FEED, 'application/xml; charset="ISO-8859-1"')

    def slow(self, q):
        port = self.server.server_address[1]
        in_flight(port, 1)
        try:
            time.sleep(float(q.get('s', ['0.3'])[0]))
        finally:
            in_flight(port, -1)
        self.send(200, FEED)

    def always_304(self, q):
        """'Not modified' whatever was asked: a broken cache."""
        self.send_response(304)
        self.end_headers()

    def moved(self, q):
        self.send(301, b'', headers=[('Location', '/feed.xml')])

    def flaky(self, q):
        with lock:
            n = hits.get('/flaky', 0)
        if n < 3:
            self.send(503, b'busy\n', 'text/plain',
                      headers=[('Retry-After', '1')])
        else:
            self.send(200, FEED)

    # --- hostile -----------------------------------------------------

    def bomb(self, q):
        self.send(200, BOMB, headers=[('Content-Encoding', 'gzip')])

    def big_length(self, q):
        self.send_response(200)
        self.send_header('Content-Type', 'application/rss+xml')
        self.send_header('Content-Length', str(2 << 20))
        self.end_headers()
        self.wfile.write(b' ' * (2 << 20))

    def endless(self, q):
        self.send_response(200)
        self.send_header('Content-Type', 'application/rss+xml')
        self.send_header('Transfer-Encoding', 'chunked')
        self.end_headers()
        chunk = b' ' * 65536
        deadline = time.time() + 60
        while time.time() < deadline:
            self.wfile.write(b'%x\r\n%s\r\n' % (len(chunk), chunk))
        self.close_connection = True

    def big_feed(self, q):
        # A well-formed feed of n items, each dated a minute apart, with
        # an ETag that must not be sent back when the body was cut.
        n = int(q.get('items', ['1000'])[0])
        items = [b'<item><title>Dispatch %d from the wires</title>'
                 b'<link>http://big.example/%d</link><guid>big-%d</guid>'
                 b'<pubDate>%s</pubDate><description>Report number %d of '
                 b'the long feed, padded to a realistic length with words'
                 b'.</description></item>\n'
                 % (i, i, i, time.strftime(
                     '%a, %d %b %Y %H:%M:%S GMT',
                     time.gmtime(1766966400 - 60 * i)).encode(), i)
                 for i in range(n)]
        body = (b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">'
                b'<channel><title>Big</title>\n' + b''.join(items) +
                b'</channel></rss>\n')
        self.send(200, body, headers=[('ETag', '"big-%d"' % n)])

    def no_length(self, q):
        # The body ends when the connection closes.
        size = int(q.get('n', ['0'])[0])
        self.send_response(200)
        self.send_header('Content-Type', 'application/rss+xml')
        self.send_header('Connection', 'close')
        self.end_headers()
        self.wfile.write(FEED if not size else b' ' * size)
        self.close_connection = True

    def drip(self, q):
        self.send_response(200)
        self.send_header('Content-Type', 'application/rss+xml')
        self.send_header('Content-Length', str(len(FEED)))
        self.end_headers()
        for b in FEED[:30]:
            self.wfile.write(bytes([b]))
            self.wfile.flush()
            time.sleep(1)
        self.close_connection = True

    def hang(self, q):
        time.sleep(20)
        self.close_connection = True

    def loop(self, q):
        self.send(302, b'', headers=[('Location', '/loop')])

    def to_file(self, q):
        self.send(302, b'', headers=[('Location', 'file:///etc/passwd')])

    def truncated(self, q):
        self.send_response(200)
        self.send_header('Content-Type', 'application/rss+xml')
        self.send_header('Content-Length', str(len(FEED) * 2))
        self.end_headers()
        self.wfile.write(FEED[:len(FEED) // 2])
        self.wfile.flush()
        self.close_connection = True

    def truncated_late(self, q):
        # two items, the connection closed inside the second
        body = FEED.replace(b'</channel>', b'<item><title>Second story'
                            b'</title><link>http://example.invalid/2</link>'
                            b'</item></channel>')
        cut = body.index(b'Second story')
        self.send_response(200)
        self.send_header('Content-Type', 'application/rss+xml')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body[:cut])
        self.wfile.flush()
        self.close_connection = True

    def bad_gzip(self, q):
        self.send(200, b'this is not gzip at all' * 10,
                  headers=[('Content-Encoding', 'gzip')])

    def nothing(self, q):
        # Hang up without a word.
        self.close_connection = True

    def status(code, retry_after=None):
        def answer(self, q):
            extra = [('Retry-After', retry_after)] if retry_after else []
            self.send(code, b'error %d\n' % code, 'text/plain',
                      headers=extra)
        return answer

    def retry_date(self, q):
        when = time.strftime('%a, %d %b %Y %H:%M:%S GMT',
                             time.gmtime(time.time() + 1))
        self.send(503, b'later\n', 'text/plain',
                  headers=[('Retry-After', when)])


ROUTES = {
    '/hits': Handler.hits,
    '/headers': Handler.headers_of,
    '/stats': Handler.stats,
    '/reset': Handler.reset,
    '/feed.xml': Handler.feed,
    '/always-304': Handler.always_304,
    '/damaged.xml': Handler.damaged,
    '/gzip.xml': Handler.gzipped,
    '/deflate.xml': Handler.deflated,
    '/html': Handler.html,
    '/charset.xml': Handler.charset,
    '/moved': Handler.moved,
    '/flaky': Handler.flaky,
    '/bomb': Handler.bomb,
    '/big-length': Handler.big_length,
    '/endless': Handler.endless,
    '/no-length': Handler.no_length,
    '/big-feed': Handler.big_feed,
    '/drip': Handler.drip,
    '/hang': Handler.hang,
    '/loop': Handler.loop,
    '/to-file': Handler.to_file,
    '/truncated': Handler.truncated,
    '/truncated-late': Handler.truncated_late,
    '/bad-gzip': Handler.bad_gzip,
    '/nothing': Handler.nothing,
    '/404': Handler.status(404),
    '/410': Handler.status(410),
    '/500': Handler.status(500),
    '/503': Handler.status(503, '1'),
    '/429': Handler.status(429, '1'),
    '/retry-date': Handler.retry_date,
}


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


def watch_stdin():
    try:
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        os._exit(0)


def main():
    servers = [Server(('127.0.0.1', 0), Handler) for _ in range(NPORTS)]
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    line = 'PORTS ' + ' '.join(str(s.server_address[1]) for s in servers)
    if len(sys.argv) > 1:
        tls = Server(('127.0.0.1', 0), Handler)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(sys.argv[1])
        tls.socket = ctx.wrap_socket(tls.socket, server_side=True)
        threading.Thread(target=tls.serve_forever, daemon=True).start()
        line += ' TLS %d' % tls.server_address[1]
    print(line, flush=True)
    threading.Thread(target=watch_stdin, daemon=True).start()
    time.sleep(LIFETIME)
    os._exit(0)


if __name__ == '__main__':
    main()
