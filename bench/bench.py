#!/usr/bin/env python3
"""dateline against its peers, side by side: every figure is the median of
several runs after a warm-up, peers and dateline interleaved, whole-process
wall time and peak memory (getrusage of the child, or for a program in tmux
its VmHWM when the screen shows).  A peer missing from the machine gives a
row saying so.  Prints one table of ratios and the run's length; only the
full run writes bench/results.md.

Run through scripts/bench [--quick]."""
import argparse
import json
import os
import platform
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATELINE = os.path.join(ROOT, "build", "src", "dateline")
BENCH_QUERY = os.path.join(ROOT, "build", "bench", "bench_query")
OUT = os.path.join(HERE, "out")
# One newsboat -x reload may take this long (about 20 s for 100,000 items
# here); beyond it, the run is stopped and the row says so.
NEWSBOAT_LIMIT = 600


def run(cmd, stdin=None, env=None, limit=None):
    """Wall seconds, peak RSS (MB) and exit code of one run of cmd; the code
    is None when the run was killed at limit seconds."""
    fin = open(stdin, "rb") if stdin else subprocess.DEVNULL
    t = time.monotonic()
    p = subprocess.Popen(cmd, stdin=fin, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, env=env)
    killed = threading.Event()

    def stop():
        killed.set()
        p.kill()
    timer = threading.Timer(limit, stop) if limit else None
    if timer:
        timer.start()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t
    if timer:
        timer.cancel()
    p.returncode = os.waitstatus_to_exitcode(status)  # reaped here
    if stdin:
        fin.close()
    code = None if killed.is_set() else p.returncode
    return wall, ru.ru_maxrss / 1024.0, code


def median_runs(tools, reps):
    """tools: {name: zero-argument function returning (secs, mb)}.
    One warm-up each, then reps rounds, interleaved.  A tool that raises
    RuntimeError is dropped; its result is the error's text."""
    got = {k: [] for k in tools}
    failed = {}
    for i in range(reps + 1):
        for k, f in tools.items():
            if k in failed:
                continue
            try:
                r = f()
            except RuntimeError as err:
                failed[k] = str(err)
                continue
            if i:
                got[k].append(r)
    res = dict(failed)
    for k, v in got.items():
        if k not in failed:
            res[k] = (statistics.median(x[0] for x in v),
                      median_or_none(x[1] for x in v))
    return res


def median_or_none(values):
    """The median of what was measured; None when nothing was."""
    v = [x for x in values if x is not None]
    return statistics.median(v) if v else None


def gen(name, *args):
    path = os.path.join(OUT, name)
    if not os.path.exists(path):
        subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), *args,
                        "--out" if not name.endswith("/") else "--out-dir",
                        path], check=True)
    return path


def scratch():
    """A fresh directory inside the run's own, which main removes whole even
    when a step fails."""
    if scratch.work is None:
        scratch.work = tempfile.mkdtemp(prefix="dateline-bench-")
    return tempfile.mkdtemp(dir=scratch.work)


scratch.work = None


def env_for(tmp):
    e = dict(os.environ)
    e.update(HOME=tmp, XDG_CONFIG_HOME=os.path.join(tmp, "config"),
             XDG_DATA_HOME=os.path.join(tmp, "data"), TZ="UTC")
    return e


class Table:
    def __init__(self):
        self.rows = []

    def add(self, task, ours, peer_name, peer, unit="s", note=""):
        self.rows.append((task, ours, peer_name, peer, unit, note))
        print(self.fmt(self.rows[-1]), flush=True)

    @staticmethod
    def fmt(r):
        task, ours, peer_name, peer, unit, note = r

        def v(x):
            if x is None:
                return "—"
            if isinstance(x, str):     # what happened instead of a figure
                return x
            if unit == "s":
                mb = "%.0f MB" % x[1] if x[1] is not None else "? MB"
                return "%.3f s / %s" % (x[0], mb)
            return "%.2f %s" % (x[0], unit)
        ratio = "—"
        if (isinstance(ours, tuple) and isinstance(peer, tuple) and
                peer[0] > 0):
            ratio = "%.2f×" % (ours[0] / peer[0])
        return "| %s | %s | %s | %s | %s | %s |" % (
            task, v(ours), peer_name, v(peer), ratio, note)

    def markdown(self):
        head = ("| task | dateline | peer | peer figure | ratio "
                "(dateline / peer) | note |\n|---|---|---|---|---|---|\n")
        return head + "\n".join(self.fmt(r) for r in self.rows) + "\n"


def needs(prog, f):
    """f, or when prog is not on this machine a function saying so (the
    row then shows it instead of a figure)."""
    if shutil.which(prog):
        return f

    def absent():
        raise RuntimeError("%s is not installed" % prog)
    return absent


def ingest(t, reps, quick):
    feed = gen("wire-100k.xml", "--items", "100000")
    tmp = scratch()
    e = env_for(tmp)
    tools = {
        "dateline": lambda: run([DATELINE, "dump", "--offline",
                                 "--no-archive", feed], env=e)[:2],
        "xmllint": needs("xmllint", lambda: run(
            ["xmllint", "--stream", "--noout", feed])[:2]),
        "sfeed": needs("sfeed", lambda: run(["sfeed"], stdin=feed)[:2]),
    }
    m = median_runs(tools, reps)
    t.add("ingest 100,000 items (dump --offline --no-archive)",
          m["dateline"], "xmllint --stream", m["xmllint"])
    t.add("ingest 100,000 items", m["dateline"], "sfeed", m["sfeed"])
    if not quick:
        nb, note = newsboat_cache(feed, reps)
        t.add("ingest 100,000 items", m["dateline"], "newsboat -x reload",
              nb, note="newsboat also writes its cache; " + note)
    shutil.rmtree(tmp)


def newsboat_cache(feed, reps, limit=None):
    """newsboat -x reload of feed into a fresh cache, measured once a run:
    (median (secs, MB) or what happened instead, a note).  The cache stays
    in newsboat_cache.dirs[feed] for the first screen."""
    if feed not in newsboat_cache.done:
        tmp = newsboat_cache.dirs[feed] = scratch()
        note = ("median of %d runs" % reps if reps > 1 else "one run")
        if limit:
            note += ", limit %d s" % limit
        if not shutil.which("newsboat"):
            got, note = "newsboat is not installed", ""
        else:
            got = newsboat_reload(feed, tmp, reps, limit=limit)
        if got is None:
            got = "not done after %d s: stopped" % limit
        newsboat_cache.done[feed] = (got, note)
    return newsboat_cache.done[feed]


newsboat_cache.done = {}
newsboat_cache.dirs = {}


def newsboat_reload(feed_url, tmp, reps=1, threads=None, limit=None):
    """newsboat -x reload into a fresh cache, reps times: median (secs, MB),
    or None when a run was stopped at limit seconds.  feed_url: a path or a
    list of URLs.  The cache of the last run stays in tmp/nb-cache.db."""
    urls = os.path.join(tmp, "nb-urls")
    conf = os.path.join(tmp, "nb-config")
    urls_list = feed_url if isinstance(feed_url, list) else [
        "file://" + feed_url]
    with open(urls, "w") as f:
        f.write("\n".join(urls_list) + "\n")
    with open(conf, "w") as f:
        f.write("reload-threads %d\n" % (threads or 1))
    res = []
    for _ in range(reps):
        cache = os.path.join(tmp, "nb-cache.db")
        if os.path.exists(cache):
            os.remove(cache)
        secs, mb, code = run(["newsboat", "-u", urls, "-c", cache, "-C",
                              conf, "-x", "reload"], env=env_for(tmp),
                             limit=limit)
        if code is None:
            return None
        res.append((secs, mb))
    return (statistics.median(r[0] for r in res),
            statistics.median(r[1] for r in res))


def fetch(t, reps, quick):
    feeds = gen("feeds-60/", "--items", "6000", "--feeds", "60")
    srv = subprocess.Popen([sys.executable, os.path.join(HERE,
                            "slowserver.py"), feeds, "6", "0.5"],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                           text=True)
    ports = [int(srv.stdout.readline()) for _ in range(6)]
    urls = ["http://127.0.0.1:%d/feed%02d.xml" % (ports[i % 6], i)
            for i in range(60)]
    tmp = scratch()
    feedsfile = os.path.join(tmp, "feeds")
    with open(feedsfile, "w") as f:
        f.write("\n".join(urls) + "\n")

    def ours():
        db = os.path.join(tmp, "fetch.db")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        return run([DATELINE, "fetch", "--archive", db, "-F", feedsfile],
                   env=env_for(tmp))[:2]
    tools = {"dateline": ours,
             "newsboat": needs("newsboat", lambda: newsboat_reload(
                 urls, tmp, threads=16))}
    m = median_runs(tools, max(1, reps // 2))
    t.add("fetch 60 feeds from 6 loopback servers answering after 0.5 s",
          m["dateline"], "newsboat, 16 threads", m["newsboat"],
          note="serial would take 30 s")
    srv.stdin.close()
    srv.wait()
    shutil.rmtree(tmp)


def archive(t, reps, quick):
    feed = gen("wire-100k.xml", "--items", "100000")
    tmp = scratch()

    def ours():
        db = os.path.join(tmp, "a.db")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        return run([DATELINE, "fetch", "--archive", db, feed],
                   env=env_for(tmp))[:2]
    m = median_runs({"dateline": ours}, reps)
    if quick:
        t.add("archive write of 100,000 items", m["dateline"], "newsboat",
              None, note="newsboat skipped in --quick (about 20 s a run)")
    else:
        nb, note = newsboat_cache(feed, reps)
        t.add("archive write of 100,000 items", m["dateline"],
              "newsboat -x reload", nb, note=note)
    shutil.rmtree(tmp)


def query(t, quick):
    feed = gen("wire-1m.xml" if not quick else "wire-100k.xml", "--items",
               "1000000" if not quick else "100000")
    n = "1,000,000" if not quick else "100,000"
    p = subprocess.Popen([BENCH_QUERY, feed, "actor:Putin", "drone",
                          "actor:Zelensky (ceasefire or guarantees) "
                          "from:2025-12-01 -feed:nothing"],
                         stdout=subprocess.PIPE, text=True)
    out = p.stdout.read()
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)    # reaped here
    if p.returncode:
        raise RuntimeError("bench_query exited with %d" % p.returncode)
    note = "build/bench/bench_query; no peer builds events"
    for line in out.splitlines():
        name, value = line.split("\t", 1)
        t.add("in memory, %s stories: %s" % (n, name), value, "none", None,
              note=note)
    t.add("in memory, %s stories: peak memory of all the above" % n,
          "%.0f MB" % (ru.ru_maxrss / 1024.0), "none", None, note=note)


def build(t, reps):
    """Issue 5's goal: the timeline built from 100,000 parsed stories
    (clustering included), in bench_query's own clock (its parse apart)."""
    feed = gen("wire-100k.xml", "--items", "100000")
    got = {"build": [], "parse": []}
    for i in range(reps + 1):
        out = subprocess.run([BENCH_QUERY, feed], stdout=subprocess.PIPE,
                             text=True, check=True).stdout
        if i == 0:
            continue    # the warm-up
        for line in out.splitlines():
            name, value = line.split("\t", 1)
            if name in got:
                got[name].append(float(value.split()[0]))
    note = ("build/bench/bench_query; median of %d runs; the goal: well "
            "under 1 s" % reps)
    t.add("in memory, 100,000 stories: build (clustering included)",
          "%.0f ms" % statistics.median(got["build"]), "none", None,
          note=note)
    t.add("in memory, 100,000 stories: parse (for scale)",
          "%.0f ms" % statistics.median(got["parse"]), "none", None,
          note=note)


class Tmux:
    """A private tmux server holding one program on a fixed-size screen."""

    count = 0

    def __init__(self, cmd, env, size=(120, 40)):
        Tmux.count += 1     # a server of its own: a closing one may linger
        self.sock = "dateline-bench-%d-%d" % (os.getpid(), Tmux.count)
        self.env = env
        self.t0 = time.monotonic()
        # exec: the pane's process is the program itself, not a shell
        self.tmux("new-session", "-d", "-s", "bench", "-x", str(size[0]),
                  "-y", str(size[1]), "exec " + cmd, check=True)
        said = self.tmux("display", "-p", "-t", "bench", "#{pane_pid}")
        if not said.stdout.strip().isdigit():
            # the program ended at once and took its session with it
            raise RuntimeError("%s: ended before its first screen (%s)" % (
                os.path.basename(cmd.split()[0]),
                said.stderr.strip() or "no pane"))
        self.pid = int(said.stdout)

    def tmux(self, *args, check=False):
        return subprocess.run(["tmux", "-L", self.sock, *args],
                              capture_output=True, text=True, env=self.env,
                              check=check)

    def screen(self):
        return self.tmux("capture-pane", "-p", "-t", "bench").stdout

    def wait_until(self, shown, limit=120, steady=0.0):
        """Seconds since start until shown(screen) holds (and has held for
        steady seconds), or None after limit seconds."""
        since = None
        while time.monotonic() - self.t0 < limit:
            now = time.monotonic()
            if not shown(self.screen()):
                since = None
            elif since is None and steady <= 0:
                return now - self.t0
            elif since is None:
                since = now
            elif now - since >= steady:
                return since - self.t0
            time.sleep(0.005)
        return None

    def wait_for(self, marker, limit=120):
        return self.wait_until(lambda scr: marker in scr, limit)

    def peak_mb(self):
        """The program's peak resident memory so far (VmHWM), in MB."""
        return peak_mb_of(self.pid)

    def keys(self, *keys):
        self.tmux("send-keys", "-t", "bench", *keys)

    def close(self):
        """Stop the server and see the program gone: the next measurement
        must not share the machine with it.  A program deaf to the hangup
        (busy loading, say) is killed after 2 s."""
        self.tmux("kill-server")
        for sig in (None, signal.SIGKILL):
            if sig and alive(self.pid):
                os.kill(self.pid, sig)
            end = time.monotonic() + 2
            while alive(self.pid) and time.monotonic() < end:
                time.sleep(0.01)


def alive(pid):
    """Is pid running (neither gone nor a zombie)?"""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def peak_mb_of(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return None


def archive_of(feed):
    """The archive of feed, built once a run."""
    db = os.path.join(scratch.work, os.path.basename(feed) + ".db")
    if not os.path.exists(db):
        subprocess.run([DATELINE, "fetch", "--archive", db, feed],
                       env=env_for(scratch.work), stdout=subprocess.DEVNULL,
                       check=True)
    return db


def screen_time(cmd, env, shown, limit=300):
    """A function timing cmd in tmux until shown(screen) holds: (seconds,
    peak MB of the program then)."""
    def f():
        s = Tmux(cmd, env)
        secs = s.wait_until(shown, limit)
        mb = s.peak_mb()
        s.close()
        if secs is None:
            raise RuntimeError("%s: no screen within %d s" % (
                os.path.basename(cmd.split()[0]), limit))
        return (secs, mb)
    return f


def header_has(text):
    """dateline's first line is its header."""
    return lambda scr: text in scr.split("\n", 1)[0]


def anywhere(text):
    return lambda scr: text in scr


def first_screen(t, reps, quick, sizes=None):
    if sizes is None:
        sizes = [("100,000", "wire-100k.xml", "100000")]
        if not quick:
            sizes.append(("1,000,000", "wire-1m.xml", "1000000"))
    tmp = scratch()
    e = env_for(tmp)
    for label, name, n in sizes:
        feed = gen(name, "--items", n)
        db = archive_of(feed)
        tsv = os.path.join(tmp, "wire")
        if shutil.which("sfeed"):
            with open(feed, "rb") as fin, open(tsv, "wb") as fout:
                subprocess.run(["sfeed"], stdin=fin, stdout=fout, check=True)
        tools = {
            "dateline": screen_time("%s --offline --archive %s -F /dev/null"
                                    % (DATELINE, db), e,
                                    header_has(" events")),
            "sfeed_curses": needs("sfeed", needs("sfeed_curses", screen_time(
                "sfeed_curses %s" % tsv, e, anywhere("/%s)" % n)))),
        }
        m = median_runs(tools, reps)
        task = "first screen over %s events (archive)" % label
        t.add(task, m["dateline"], "sfeed_curses", m["sfeed_curses"],
              note="time until the screen shows; peak RSS (VmHWM) then")
        if not quick:
            nb, note = newsboat_screen(feed, n, e, reps)
            t.add(task, m["dateline"], "newsboat (feed list)", nb,
                  note=note)
    shutil.rmtree(tmp)


def newsboat_screen(feed, n, env, reps):
    """newsboat's feed list over its own cache of feed (n items): (figure,
    note).  A cache of more than 100,000 items is built once, with a time
    limit."""
    big = int(n) > 100000
    built, how = newsboat_cache(feed, 1 if big else reps,
                                NEWSBOAT_LIMIT if big else None)
    if isinstance(built, str):
        return built, "no cache to open" + (
            " (newsboat -x reload, %s)" % how if how else "")
    tmp = newsboat_cache.dirs[feed]
    cmd = "newsboat -u %s -c %s -C %s" % tuple(
        os.path.join(tmp, f) for f in ("nb-urls", "nb-cache.db", "nb-config"))
    m = median_runs({"newsboat": screen_time(cmd, env, anywhere(
        "Bench Wire"))}, reps)
    return m["newsboat"], ("newsboat over its own cache (built by -x reload "
                           "in %.0f s, %s)" % (built[0], how))


def percentile(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]


# How long the interface may take to read a whole archive before the keys.
LOAD_LIMIT = 600


def key_latency(t, quick):
    label, name, n = (("100,000", "wire-100k.xml", "100000") if quick else
                      ("1,000,000", "wire-1m.xml", "1000000"))
    feed = gen(name, "--items", n)
    tmp = scratch()
    db = archive_of(feed)
    log = os.path.join(tmp, "keys.log")
    e = env_for(tmp)
    e["DATELINE_KEYLOG"] = log
    s = Tmux("%s --offline --archive %s -F /dev/null" % (DATELINE, db), e)
    # A large archive is read progressively: keys go only once it is all in
    # (the status line's "loading archive" gone; held a moment, in case the
    # first paint comes before that text).
    loaded = s.wait_until(lambda scr: " events" in scr.split("\n", 1)[0]
                          and "loading archive" not in scr,
                          limit=LOAD_LIMIT, steady=0.3)
    if loaded is None:
        s.close()
        shutil.rmtree(tmp)
        raise RuntimeError("the archive of %s events was still loading after "
                           "%d s; no keys sent" % (label, LOAD_LIMIT))
    for keys in (["j"] * 150 + ["k"] * 50 + ["NPage"] * 30 + ["PPage"] * 10
                 + ["]"] * 20 + ["["] * 10 + ["G", "g"] * 5):
        s.keys(keys)
        time.sleep(0.01)
    time.sleep(0.5)
    s.keys("f")
    time.sleep(0.2)
    s.keys("-l", "actor:Putin")
    time.sleep(0.2)
    nmoves = len(open(log).readlines())
    s.keys("Enter")
    time.sleep(2)
    nfilter = len(open(log).readlines())
    # incremental search, typed at a brisk pace over the whole timeline
    s.keys("F")
    time.sleep(1)
    s.keys("/")
    time.sleep(0.3)
    for ch in "zelensky":
        s.keys("-l", ch)
        time.sleep(0.15)
    time.sleep(0.5)
    s.keys("Escape")
    time.sleep(0.3)
    lines = [l.split() for l in open(log) if l.strip()]
    mb = s.peak_mb()
    mem = "%.0f MB" % mb if mb is not None else "? MB"
    s.keys("q")
    time.sleep(0.3)
    s.close()
    moves = [int(us) / 1000.0 for k, us in lines[:nmoves - 12]]
    filt = ([int(lines[nfilter - 1][1]) / 1000.0] if nfilter > nmoves
            else [])
    typed = [int(us) / 1000.0 for k, us in lines[nfilter + 2:nfilter + 10]]
    note = ("from DATELINE_KEYLOG; keys sent once the whole archive was in "
            "(%.1f s after start); peers log no per-key times" % loaded)
    t.add("per-key time moving, %s events" % label,
          "p50 %.2f ms, p99 %.2f ms over %d keys / %s" % (
              percentile(moves, 50), percentile(moves, 99), len(moves), mem),
          "none", None, note=note)
    if filt:
        t.add("applying actor:Putin in the filter prompt, %s events" % label,
              "%.1f ms / %s" % (filt[-1], mem), "none", None, note=note)
    if typed:
        t.add("incremental search, per key typing 'zelensky', %s events"
              % label, "median %.1f ms, slowest %.1f ms / %s" % (
                  percentile(typed, 50), max(typed), mem), "none", None,
              note=note + "; one key every 150 ms")
    shutil.rmtree(tmp)


def reload(t, reps, quick):
    """dump --offline of a whole archive, as a restart reads it: the first
    reader after fetch makes every story's facts and stores them; the
    others restore them.  Also the archive's size against its text."""
    label, name, n = (("100,000", "wire-100k.xml", "100000") if quick else
                      ("1,000,000", "wire-1m.xml", "1000000"))
    feed = gen(name, "--items", n)
    tmp = scratch()
    db = os.path.join(tmp, "reload.db")
    e = env_for(tmp)
    subprocess.run([DATELINE, "fetch", "--archive", db, feed], env=e,
                   stdout=subprocess.DEVNULL, check=True)
    args = [DATELINE, "dump", "--offline", "--archive", db, "-F",
            "/dev/null"]
    first = run(args, env=e, limit=1800)
    t.add("first dump --offline after fetch, archive of %s stories" % label,
          first[:2], "none", None,
          note="every story's facts made and stored by this run")
    m = median_runs({"dateline": lambda: run(args, env=e)[:2]}, reps)
    t.add("dump --offline of every event, archive of %s stories" % label,
          m["dateline"], "none", None,
          note="facts restored; nothing compared again")
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    text = con.execute(
        "SELECT sum(length(CAST(id AS BLOB)) + length(CAST(link AS BLOB))"
        " + length(CAST(title AS BLOB)) + length(CAST(summary AS BLOB))"
        " + length(CAST(content AS BLOB)) + length(CAST(authors AS BLOB))"
        " + length(CAST(categories AS BLOB))) FROM stories").fetchone()[0]
    con.close()
    size = os.path.getsize(db)
    t.add("archive size, %s stories with their facts" % label,
          "%.1f MB for %.1f MB of text: %.2f×" % (
              size / 1e6, text / 1e6, size / text), "none", None,
          note="after a checkpoint; no VACUUM")
    shutil.rmtree(tmp)


# About 10,000 of the 100,000-story archive's events (some 1,100 a day).
EXPORT_RANGE = ("2025-12-01", "2025-12-09")


def export(t, reps, quick):
    feed = gen("wire-100k.xml", "--items", "100000")
    tmp = scratch()
    db = archive_of(feed)
    e = env_for(tmp)
    out = os.path.join(tmp, "range.txt")
    args = [DATELINE, "export", "--offline", "--archive", db, "-F",
            "/dev/null", "--from", EXPORT_RANGE[0], "--to", EXPORT_RANGE[1],
            "-o", out, "--force"]
    m = median_runs({"dateline": lambda: run(args, env=e)[:2]}, reps)
    n, said = exported_events(out)
    note = "%s to %s; no peer exports a range" % EXPORT_RANGE
    if n != said:
        note += "; the header says %s events" % said
    t.add("export of a %s-event range (archive of 100,000 stories)"
          % format(n, ","), m["dateline"], "none", None, note=note)
    shutil.rmtree(tmp)


def exported_events(path):
    """Events counted in a plain-text export: entries begin at column 0
    after the header; day headings are underlined with dashes.  Also the
    count its "Events:" line gives."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    said = next((l.split()[1] for l in lines if l.startswith("Events: ")),
                "no")
    body = lines[lines.index("") + 1:]
    n = 0
    for i, line in enumerate(body):
        heading = i + 1 < len(body) and body[i + 1].startswith("---")
        if line and not line[0].isspace() and line[0] != "-" and \
                not heading:
            n += 1
    return n, int(said) if said.isdigit() else said


STEPS = ["ingest", "fetch", "archive", "build", "query", "screen", "keys",
         "reload", "export"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--reps", type=int)
    ap.add_argument("--only", help="comma-separated: " + ",".join(STEPS))
    a = ap.parse_args()
    only = a.only.split(",") if a.only else STEPS
    if set(only) - set(STEPS):
        ap.error("--only: steps are " + ",".join(STEPS))
    reps = a.reps or (3 if a.quick else 5)
    os.makedirs(OUT, exist_ok=True)
    t = Table()
    print("| task | dateline | peer | peer figure | ratio | note |")
    print("|---|---|---|---|---|---|")
    steps = {"ingest": lambda: ingest(t, reps, a.quick),
             "fetch": lambda: fetch(t, reps, a.quick),
             "archive": lambda: archive(t, reps, a.quick),
             "build": lambda: build(t, reps),
             "query": lambda: query(t, a.quick),
             "screen": lambda: first_screen(t, reps, a.quick),
             "keys": lambda: key_latency(t, a.quick),
             "reload": lambda: reload(t, reps, a.quick),
             "export": lambda: export(t, reps, a.quick)}
    start = time.monotonic()
    scratch()
    try:
        for name in only:
            try:
                steps[name]()
            except Exception as e:  # one broken row must not hide others
                row = (name, None, "—", None, "", "failed: %s" % e)
                t.rows.append(row)
                print(Table.fmt(row), flush=True)
    finally:
        shutil.rmtree(scratch.work, ignore_errors=True)
    took = time.monotonic() - start
    if not a.quick and not a.only:
        with open(os.path.join(HERE, "results.md"), "w") as f:
            f.write("# Benchmark results\n\n%s; %s.\n\nEach figure is the "
                    "median of %d runs after a warm-up (fetch: %d), dateline "
                    "and its peers interleaved, unless its row says "
                    "otherwise; whole-process wall time and peak RSS. "
                    "Produced by `scripts/bench` in %.0f s; dateline is the "
                    "`build/` binary (%s).\n\n" % (
                        machine(), time.strftime("%Y-%m-%d %H:%M UTC",
                                                 time.gmtime()),
                        reps, max(1, reps // 2), took, buildtype()))
            f.write(t.markdown())
        print("bench: wrote bench/results.md")
    else:
        print("bench: bench/results.md left alone (only a full run writes it)")
    print("bench: %d rows in %.0f s" % (len(t.rows), took))


def machine():
    """CPU model, cores and kernel, for the results."""
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return "%s, %d cores, Linux %s" % (cpu, os.cpu_count(),
                                       platform.release())


def buildtype():
    try:
        with open(os.path.join(ROOT, "build", "meson-info",
                               "intro-buildoptions.json")) as f:
            opts = {o["name"]: o["value"] for o in json.load(f)}
        return str(opts.get("buildtype", "buildtype unknown"))
    except (OSError, ValueError):
        return "buildtype unknown"


if __name__ == "__main__":
    main()
