#!/usr/bin/env python3
"""How well dateline merges the generated bench feed: the generator knows
which items report one happening, so the events of `dateline dump --json`
can be scored pair by pair (precision: of the pairs of stories put in one
event, the share that are one happening; recall: of the pairs that are one
happening, the share put in one event).

  bench/quality.py [--items 100000]     builds the feed in bench/out first
"""
import argparse
import json
import os
import subprocess
import sys
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import gen  # noqa: E402


def pairs(counts):
    return sum(c * (c - 1) // 2 for c in counts)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=20251229)
    ap.add_argument("--dateline",
                    default=os.path.join(ROOT, "build", "src", "dateline"))
    a = ap.parse_args()
    feed = os.path.join(ROOT, "bench", "out", "wire-%s.xml" % (
        "100k" if a.items == 100000 else str(a.items)))
    truth = {}
    entries = []
    for _, e in gen.items(a.items, 6, a.seed):
        truth[e["link"]] = e["happening"]
        entries.append(e)
    if not os.path.exists(feed):
        os.makedirs(os.path.dirname(feed), exist_ok=True)
        with open(feed, "w", encoding="utf-8") as f:
            f.write(gen.rss("Bench Wire", entries))
    out = subprocess.run([a.dateline, "dump", "--json", "--offline",
                          "--no-archive", feed], check=True,
                         capture_output=True, text=True).stdout
    put = good = events = 0
    for line in out.splitlines():
        ev = json.loads(line)
        events += 1
        same = Counter(truth.get(s["link"]) for s in ev["stories"])
        put += pairs([len(ev["stories"])])
        good += pairs(same.values())
    wanted = pairs(Counter(truth.values()).values())
    print("items %d, happenings %d, events %d" % (
        len(truth), len(set(truth.values())), events))
    print("pairwise precision %.3f, recall %.3f" % (
        good / put if put else 1.0, good / wanted if wanted else 1.0))


if __name__ == "__main__":
    main()
