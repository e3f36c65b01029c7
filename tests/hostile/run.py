#!/usr/bin/env python3
"""Hostile-input suite: every file here (and a few generated at test time,
too big to commit) goes through the feeddump helper and, once the pipeline
can dump, through `$DATELINE dump --offline --no-archive FILE`.

For each run: it ends in under 5 s and under 200 MB, dies of no signal, its
output is valid UTF-8 without control, bidi or zero-width characters, the
items titled "Good N" are all kept, links are web links only, the secret
marker of secret.txt / secret.dtd never shows (nothing loaded from outside),
the local HTTP server gets no request, and nothing is executed.  With
`dateline dump` working, every corpus feed of tests/data/feeds/ goes through
it too: exit status 0, or 1 with "dateline: FILE: reason" when damaged.

    run.py FEEDDUMP
"""
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SECRET = 'DATELINE-SECRET-c0ffee'
PWNED = '/tmp/dateline-pwned'
TIME = shutil.which('time', path='/usr/bin:/bin')
TIME_LIMIT = 5.0
MEM_LIMIT_KB = 200 * 1024
# Items titled "Good 1" .. "Good N" each file must keep (default 2).
GOOD = {'deep-nesting.xml': 1}
FORBIDDEN = set(range(0x00, 0x20)) | set(range(0x7f, 0xa0)) | {
    0x061c, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2028, 0x2029,
    0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2060, 0x2066, 0x2067,
    0x2068, 0x2069, 0xfeff}

requests = []


class Trap(http.server.BaseHTTPRequestHandler):
    """Records any request: an external entity or DTD being fetched."""
    def do_GET(self):
        requests.append(self.path)
        body = ('<!ENTITY leak "%s">' % SECRET).encode()
        self.send_response(200)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def good_items(n):
    return ''.join('<item><title>Good %d</title><link>http://example.com/good/%d'
                   '</link></item>\n' % (i, i) for i in range(1, n + 1))


def generate(tmp):
    """The inputs too big to commit."""
    head = '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Big</title>\n'
    with open(os.path.join(tmp, 'deep-nesting.xml'), 'w') as f:
        f.write(head + good_items(1) + '<item><title>Deep</title><description>'
                + '<d>' * 20000 + 'x' + '</d>' * 20000
                + '</description></item>\n' + '</channel></rss>\n')
    with open(os.path.join(tmp, 'huge-title.xml'), 'w') as f:
        f.write(head + good_items(1) + '<item><title>'
                + 'A five megabyte title. ' * (5 * 1024 * 1024 // 23)
                + '</title></item>\n<item><title>Good 2</title></item>\n</channel></rss>\n')
    with open(os.path.join(tmp, 'entity-blowup.xml'), 'w') as f:
        f.write('<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "' + 'x' * 1000
                + '">]>\n' + head[head.index('<rss'):] + good_items(2)
                + '<item><title>Blow</title><description>' + '&a;' * 200000
                + '</description></item>\n</channel></rss>\n')


def run_measured(argv):
    """Run argv: (status, seconds, peak memory in KB, stdout, stderr).  The
    memory is /usr/bin/time's %M when there is one (wait4 alone would count
    the forked Python too)."""
    start = time.monotonic()
    mem = tempfile.NamedTemporaryFile(prefix='hostile-mem')
    if TIME:
        argv = [TIME, '-f', '%M', '-o', mem.name] + argv
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out_chunks, err_chunks = [], []
    t1 = threading.Thread(target=lambda: out_chunks.append(p.stdout.read()))
    t2 = threading.Thread(target=lambda: err_chunks.append(p.stderr.read()))
    t1.start()
    t2.start()
    killer = threading.Timer(30, p.kill)
    killer.start()
    _, status, usage = os.wait4(p.pid, 0)
    killer.cancel()
    t1.join()
    t2.join()
    p.returncode = os.waitstatus_to_exitcode(status)
    kb = usage.ru_maxrss
    if TIME:
        with open(mem.name) as f:
            last = f.read().split()
        if last and last[-1].isdigit():
            kb = int(last[-1])
        if last and last[0] == 'Command':
            # time reports "Command terminated by signal N" itself
            m = re.search(r'signal (\d+)', ' '.join(last))
            if m:
                p.returncode = -int(m.group(1))
    mem.close()
    return (p.returncode, time.monotonic() - start, kb, out_chunks[0],
            err_chunks[0])


def clean_text(s, allow_newline):
    for ch in s:
        c = ord(ch)
        if c in FORBIDDEN and not (allow_newline and ch == '\n'):
            return 'U+%04X' % c
    return None


def check_common(name, what, rc, secs, kb, out, err, problems):
    if rc < 0:
        problems.append('%s: %s killed by signal %d' % (name, what, -rc))
    if secs > TIME_LIMIT:
        problems.append('%s: %s took %.1f s' % (name, what, secs))
    if kb > MEM_LIMIT_KB:
        problems.append('%s: %s used %d MB' % (name, what, kb // 1024))
    if SECRET.encode() in out or SECRET.encode() in err:
        problems.append('%s: %s shows the secret: an entity was loaded' % (name, what))
    try:
        return out.decode('utf-8')
    except UnicodeDecodeError as e:
        problems.append('%s: %s output is not UTF-8 (%s)' % (name, what, e))
        return None


def check_feeddump(feeddump, name, path, problems):
    rc, secs, kb, out, err = run_measured([feeddump, '--base', 'http://example.com/feed.xml', path])
    text = check_common(name, 'feeddump', rc, secs, kb, out, err, problems)
    if text is None:
        return None
    stories, end = [], None
    for line in text.splitlines():
        d = json.loads(line)
        if 'feed' in d:
            end = d
        else:
            stories.append(d)
    if end is None:
        problems.append('%s: feeddump gave no result line' % name)
        return None
    for s in stories:
        for key in ('title', 'link', 'id', 'authors', 'categories', 'summary', 'content'):
            bad = clean_text(s[key], key in ('summary', 'content'))
            if bad:
                problems.append('%s: %s holds %s: %r' % (name, key, bad, s[key][:80]))
        if s['link'] and not re.match(r'(https?|ftp)://', s['link']):
            problems.append('%s: link %r kept' % (name, s['link']))
        if len(s['title'].encode()) > 2048:
            problems.append('%s: title of %d bytes' % (name, len(s['title'])))
    titles = {s['title'] for s in stories}
    for i in range(1, GOOD.get(name, 2) + 1):
        if 'Good %d' % i not in titles:
            problems.append('%s: "Good %d" was lost (have %s)' % (name, i, sorted(titles)[:5]))
    bad = clean_text(end['error'], False)
    if bad:
        problems.append('%s: error message holds %s' % (name, bad))
    print('%-30s feeddump %.2f s %5d KB rc %d %d items %s' % (
        name, secs, kb, end['rc'], end['items'], end['error'][:60]))
    return end


def dump_works(dateline, env):
    probe = os.path.join(os.environ.get('SRCDIR', '.'), 'tests/data/feeds/rss20-basic.xml')
    p = subprocess.run([dateline, 'dump', '--offline', '--no-archive', probe],
                       capture_output=True, env=env, timeout=30)
    return p.returncode == 0 and b'Drone claim made' in p.stdout


def strings(value):
    """Every string inside a decoded JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(v)


def dump_argv(dateline, env, path, *extra):
    return (['env'] + ['%s=%s' % kv for kv in env.items()
                       if kv[0] in ('HOME', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME')]
            + [dateline, 'dump'] + list(extra) + ['--offline', '--no-archive', path])


def check_dump(dateline, env, name, path, end, problems):
    """TSV: bounded, clean lines, the exit status and message of damage;
    JSON: every good item among the events' stories (clustering may make
    several stories one event), every string clean."""
    rc, secs, kb, out, err = run_measured(dump_argv(dateline, env, path))
    text = check_common(name, 'dump', rc, secs, kb, out, err, problems)
    if text is None:
        return
    if rc not in (0, 1):
        problems.append('%s: dump exit status %d: %s' % (name, rc, err[:200]))
    for line in text.splitlines():
        bad = clean_text(line.replace('\t', ' '), False)
        if bad:
            problems.append('%s: dump line holds %s' % (name, bad))
    if end and end['rc'] != 0:
        if rc != 1 or not err.startswith(b'dateline: '):
            problems.append('%s: a damaged feed must exit 1 with "dateline: ..." (got %d)' % (name, rc))
    print('%-30s dump     %.2f s %5d KB rc %d' % (name, secs, kb, rc))
    rc, secs, kb, out, err = run_measured(dump_argv(dateline, env, path, '--json'))
    text = check_common(name, 'dump --json', rc, secs, kb, out, err, problems)
    if text is None:
        return
    titles = set()
    for line in text.splitlines():
        event = json.loads(line)
        for s in strings(event):
            bad = clean_text(s, True)
            if bad:
                problems.append('%s: dump --json holds %s' % (name, bad))
        titles.update(story['title'] for story in event.get('stories', []))
    for i in range(1, GOOD.get(name, 2) + 1):
        if 'Good %d' % i not in titles:
            problems.append('%s: dump lost "Good %d"' % (name, i))


def check_corpus_dump(feeddump, dateline, env, problems):
    """Every corpus feed through `dateline dump`: exit status 0 when the
    parser read it whole, else 1 with "dateline: FILE: reason"."""
    corpus = os.path.join(os.environ.get('SRCDIR', '.'), 'tests/data/feeds')
    for name in sorted(os.listdir(corpus)):
        path = os.path.join(corpus, name)
        ours = subprocess.run([feeddump, path], capture_output=True, timeout=30)
        end = json.loads(ours.stdout.decode().splitlines()[-1])
        p = subprocess.run([dateline, 'dump', '--offline', '--no-archive', path],
                           capture_output=True, env=env, timeout=30)
        want = 0 if end['rc'] == 0 else 1
        if p.returncode != want:
            problems.append('corpus %s: dump exit status %d, expected %d' % (name, p.returncode, want))
        elif want and not re.search(rb'^dateline: .*' + re.escape(name.encode()) + rb'.*: ',
                                    p.stderr, re.M):
            problems.append('corpus %s: no "dateline: %s: reason" message' % (name, name))
        elif want and end.get('damaged') and end['error'].startswith('XML error'):
            # a damaged feed says how many of its stories are left
            kept = '(%d %s kept)' % (end['items'], 'story' if end['items'] == 1 else 'stories')
            if kept.encode() not in p.stderr:
                problems.append('corpus %s: the message does not say "%s"' % (name, kept))
        try:
            text = p.stdout.decode('utf-8')
        except UnicodeDecodeError:
            problems.append('corpus %s: dump output is not UTF-8' % name)
            continue
        for line in text.splitlines():
            bad = clean_text(line.replace('\t', ' '), False)
            if bad:
                problems.append('corpus %s: dump line holds %s' % (name, bad))
    print('corpus through dump: %d files' % len(os.listdir(corpus)))


def main():
    feeddump = sys.argv[1]
    dateline = os.environ.get('DATELINE')
    pwned_before = os.path.exists(PWNED)
    server = http.server.HTTPServer(('127.0.0.1', 0), Trap)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for f in os.listdir(HERE):
            if f.endswith(('.xml', '.txt', '.dtd')):
                with open(os.path.join(HERE, f), 'rb') as src:
                    data = src.read()
                data = data.replace(b'@DIR@', tmp.encode()).replace(b'@PORT@', str(port).encode())
                with open(os.path.join(tmp, f), 'wb') as dst:
                    dst.write(data)
        generate(tmp)
        env = dict(os.environ, HOME=tmp, XDG_CONFIG_HOME=tmp + '/config',
                   XDG_DATA_HOME=tmp + '/data', XDG_CACHE_HOME=tmp + '/cache')
        use_dump = bool(dateline) and dump_works(dateline, env)
        if not use_dump:
            print('note: `dateline dump` cannot dump feeds yet: feeddump only')
        files = sorted(f for f in os.listdir(tmp) if f.endswith('.xml'))
        for name in files:
            path = os.path.join(tmp, name)
            end = check_feeddump(feeddump, name, path, problems)
            if use_dump:
                check_dump(dateline, env, name, path, end, problems)
        if use_dump:
            check_corpus_dump(feeddump, dateline, env, problems)
    server.shutdown()
    if requests:
        problems.append('the HTTP server was asked for %s' % requests)
    if os.path.exists(PWNED) and not pwned_before:
        problems.append('%s exists: a link was executed' % PWNED)
    for p in problems:
        print('FAIL ' + p)
    print('%d files, %d problems' % (len(files), len(problems)))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
