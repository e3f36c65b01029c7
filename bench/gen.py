#!/usr/bin/env python3
"""Generate wire feeds for the benchmarks: N items in RSS 2.0 or Atom, with
realistic titles, actors, dates spread over weeks and the same happening
reported by several wires in different words.  Fixed seed: the same
arguments give the same bytes.

  gen.py --items 100000 --format rss --out wire.xml
  gen.py --items 100 --feeds 60 --format rss --out-dir feeds/   (one file a feed)
"""
import argparse
import os
import random
from datetime import datetime, timedelta, timezone
from xml.sax.saxutils import escape

PEOPLE = [
    "Vladimir Putin", "Volodymyr Zelensky", "Donald Trump", "Sergei Lavrov",
    "Dmitry Peskov", "Maria Zakharova", "Andrii Sybiha", "Marco Rubio",
    "Steve Witkoff", "Emmanuel Macron", "Keir Starmer", "Friedrich Merz",
    "Mark Rutte", "Rafael Grossi", "Recep Tayyip Erdoğan", "Donald Tusk",
    "Ursula von der Leyen", "Kaja Kallas", "Antonio Guterres", "Xi Jinping",
    "Narendra Modi", "Giorgia Meloni", "Pete Hegseth", "Andrei Belousov",
    "Valery Gerasimov", "Oleksandr Syrskyi", "Yulia Svyrydenko",
]
ORGS = ["NATO", "the Kremlin", "the European Union", "the IAEA",
        "the United Nations", "the White House", "the Pentagon"]
PLACES = ["Kyiv", "Moscow", "Washington", "Zaporizhzhia", "Kharkiv",
          "Odesa", "Brussels", "Geneva", "Ankara", "Warsaw", "Berlin",
          "Paris", "London", "Novgorod", "Donetsk", "Kherson", "Dnipro"]
VERBS = [
    ("says", "said"), ("warns", "warned"), ("rejects", "rejected"),
    ("backs", "backed"), ("questions", "questioned"), ("welcomes", "welcomed"),
    ("denies", "denied"), ("proposes", "proposed"), ("criticises", "criticised"),
]
TOPICS = [
    "peace framework", "ceasefire proposal", "security guarantees",
    "drone strikes", "energy grid attacks", "prisoner exchange",
    "sanctions package", "nuclear plant safety", "air defence deliveries",
    "grain corridor", "troop withdrawal plan", "reconstruction fund",
    "frontline offensive", "border talks", "missile attack",
]
FEEDS = ["Kestrel Wire", "Meridian News", "Baltic Dispatch",
         "Harbour Press", "Northline Agency", "Atlas Report"]
FILLER = (
    "Officials familiar with the matter described the discussions as "
    "difficult but said contacts would continue. Independent observers were "
    "unable to verify several of the claims. "
    ""
)


SYLLABLES = ["ka", "lo", "vy", "ni", "zh", "ar", "mi", "to", "ste", "po",
             "ro", "dan", "ivk", "sk", "ho", "rev", "ul", "yan", "ma", "bor"]


def town(rng):
    """An invented village name: what makes one happening unlike another."""
    name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randrange(2, 4)))
    return name.capitalize() + rng.choice(["ivka", "ove", "sk", "ino", "yi"])


def happening(rng, start):
    who = rng.choice(PEOPLE)
    other = rng.choice(PEOPLE + ORGS)
    topic = rng.choice(TOPICS)
    place = rng.choice(PLACES)
    verb = rng.choice(VERBS)
    when = start + timedelta(minutes=rng.randrange(0, 42 * 24 * 60))
    figure = rng.randrange(2, 400)
    return dict(who=who, other=other, topic=topic, place=place, verb=verb,
                when=when, figure=figure, town=town(rng))


def wording(rng, h, variant):
    last = h["who"].split()[-1]
    if variant == 0:
        title = "%s %s %s after %s talks in %s" % (
            h["who"], h["verb"][0], h["topic"], h["town"], h["place"])
    elif variant == 1:
        title = "%s %s %s over %s, citing %d cases" % (
            last, h["verb"][1], h["topic"], h["town"], h["figure"])
    else:
        title = "%s: %s %s %s near %s" % (h["place"], h["who"],
                                          h["verb"][0], h["topic"], h["town"])
    summary = ("%s %s the %s in %s near %s on %s, telling reporters that "
               "%d issues remained open and that %s had been informed. %s" % (
                   h["who"], h["verb"][1], h["topic"], h["place"], h["town"],
                   h["when"].strftime("%A"), h["figure"], h["other"],
                   FILLER))
    return title, summary


def items(n, nfeeds, seed):
    """Yield (feed index, item dict) for n items across nfeeds wires."""
    rng = random.Random(seed)
    start = datetime(2025, 11, 24, tzinfo=timezone.utc)
    made = 0
    serial = 0
    while made < n:
        h = happening(rng, start)
        serial += 1
        copies = rng.choice([1, 1, 2, 3])
        feeds = rng.sample(range(nfeeds), min(copies, nfeeds))
        for v, f in enumerate(feeds):
            if made >= n:
                break
            title, summary = wording(rng, h, v % 3)
            pub = h["when"] + timedelta(minutes=rng.randrange(5, 600))
            slug = "%s-%d" % ("-".join(title.lower().split()[:5]), made)
            slug = "".join(c for c in slug if c.isalnum() or c == "-")
            yield f, dict(title=title, summary=summary, pub=pub,
                          guid="urn:bench:%d:%d" % (f, made),
                          link="https://wire%d.example/%s" % (f, slug),
                          author="%s desk" % FEEDS[f % len(FEEDS)],
                          happening=serial)
            made += 1


def rss(name, entries):
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">',
           '<channel><title>%s</title><link>https://%s.example/</link>'
           '<description>Benchmark wire</description>' % (
               escape(name), name.lower().replace(" ", ""))]
    for e in entries:
        out.append(
            '<item><title>%s</title><link>%s</link><guid isPermaLink="false">'
            '%s</guid><pubDate>%s</pubDate><dc:creator>%s</dc:creator>'
            '<description>%s</description></item>' % (
                escape(e["title"]), escape(e["link"]), e["guid"],
                e["pub"].strftime("%a, %d %b %Y %H:%M:%S +0000"),
                escape(e["author"]), escape(e["summary"])))
    out.append('</channel></rss>')
    return "\n".join(out) + "\n"


def atom(name, entries):
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom"><title>%s</title>'
           '<id>urn:bench:%s</id><updated>2026-01-05T00:00:00Z</updated>' % (
               escape(name), name.lower().replace(" ", ""))]
    for e in entries:
        out.append(
            '<entry><title>%s</title><link href="%s"/><id>%s</id>'
            '<published>%s</published><updated>%s</updated>'
            '<author><name>%s</name></author><summary>%s</summary></entry>' % (
                escape(e["title"]), escape(e["link"]), e["guid"],
                e["pub"].strftime("%Y-%m-%dT%H:%M:%SZ"),
                e["pub"].strftime("%Y-%m-%dT%H:%M:%SZ"),
                escape(e["author"]), escape(e["summary"])))
    out.append('</feed>')
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, required=True)
    ap.add_argument("--feeds", type=int, default=6)
    ap.add_argument("--format", choices=["rss", "atom"], default="rss")
    ap.add_argument("--seed", type=int, default=20251229)
    ap.add_argument("--out", help="one file holding every item")
    ap.add_argument("--out-dir", help="one file a feed")
    a = ap.parse_args()
    write = rss if a.format == "rss" else atom
    if a.out:
        entries = [e for _, e in items(a.items, a.feeds, a.seed)]
        with open(a.out, "w", encoding="utf-8") as f:
            f.write(write("Bench Wire", entries))
    else:
        per = [[] for _ in range(a.feeds)]
        for f, e in items(a.items, a.feeds, a.seed):
            per[f].append(e)
        os.makedirs(a.out_dir, exist_ok=True)
        for i, entries in enumerate(per):
            name = "%s %d" % (FEEDS[i % len(FEEDS)], i)
            path = os.path.join(a.out_dir, "feed%02d.xml" % i)
            with open(path, "w", encoding="utf-8") as f:
                f.write(write(name, entries))


if __name__ == "__main__":
    main()
