-- The archive as the second schema (user_version 2) left it: feeds with
-- their last status, stories with the time first seen, no stored facts.
PRAGMA journal_mode=WAL;
CREATE TABLE feeds (
 id INTEGER PRIMARY KEY,
 source TEXT NOT NULL UNIQUE,
 title TEXT, link TEXT, etag TEXT, last_modified TEXT,
 last_status TEXT, last_success INTEGER, failed INTEGER NOT NULL DEFAULT 0);
CREATE TABLE stories (
 feed INTEGER NOT NULL REFERENCES feeds(id),
 id TEXT NOT NULL,
 link TEXT NOT NULL, title TEXT NOT NULL,
 summary TEXT NOT NULL, content TEXT NOT NULL,
 authors TEXT NOT NULL, categories TEXT NOT NULL,
 published INTEGER, utc_offset INTEGER NOT NULL,
 has_zone INTEGER NOT NULL,
 seen INTEGER NOT NULL DEFAULT 0,
 UNIQUE (feed, id));
CREATE INDEX stories_published ON stories(published);
INSERT INTO feeds VALUES (1, 'https://old.example/feed', 'Old Wire', 'https://old.example/', '"v2-etag"', 'Mon, 29 Dec 2025 10:00:00 GMT', 'ok 2 new', 1767002400, 0);
INSERT INTO stories VALUES (1, 'old-1', 'https://old.example/1', 'Vladimir Putin orders the army to hold the line', 'A story stored before the migration.', '', '', '', 1766998800, 10800, 1, 1767002400);
INSERT INTO stories VALUES (1, 'old-2', 'https://old.example/2', 'A second old story', '', '', 'Desk', 'World', NULL, 0, 0, 1767002400);
PRAGMA user_version = 2;
