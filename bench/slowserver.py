#!/usr/bin/env python3
"""Loopback feed servers for the fetch benchmark: COUNT servers on
127.0.0.1, each serving the files of DIR after DELAY seconds.  Prints one
port a line, then serves until stdin closes (or TTL seconds pass)."""
import http.server
import os
import sys
import threading
import time

root, count, delay = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
ttl = float(sys.argv[4]) if len(sys.argv) > 4 else 600


class Slow(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep(delay)
        path = os.path.join(root, os.path.basename(self.path))
        try:
            with open(path, "rb") as f:
                body = f.read()
        except OSError:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


servers = []
for _ in range(count):
    s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    s.daemon_threads = True
    threading.Thread(target=s.serve_forever, daemon=True).start()
    servers.append(s)
    print(s.server_address[1], flush=True)
deadline = time.time() + ttl
t = threading.Thread(target=sys.stdin.read, daemon=True)
t.start()
while t.is_alive() and time.time() < deadline:
    t.join(0.2)
