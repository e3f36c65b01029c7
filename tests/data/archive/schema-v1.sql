-- The archive as the first schema (user_version 1) left it: feeds without
-- their last status, stories without the time they were first seen.
PRAGMA journal_mode=WAL;
CREATE TABLE feeds (
 id INTEGER PRIMARY KEY,
 source TEXT NOT NULL UNIQUE,
 title TEXT, link TEXT, etag TEXT, last_modified TEXT);
CREATE TABLE stories (
 feed INTEGER NOT NULL REFERENCES feeds(id),
 id TEXT NOT NULL,
 link TEXT NOT NULL, title TEXT NOT NULL,
 summary TEXT NOT NULL, content TEXT NOT NULL,
 authors TEXT NOT NULL, categories TEXT NOT NULL,
 published INTEGER, utc_offset INTEGER NOT NULL,
 has_zone INTEGER NOT NULL,
 UNIQUE (feed, id));
INSERT INTO feeds VALUES (1, 'https://old.example/feed', 'Old Wire', 'https://old.example/', '"v1-etag"', 'Mon, 29 Dec 2025 10:00:00 GMT');
INSERT INTO stories VALUES (1, 'old-1', 'https://old.example/1', 'Kept from the first schema', 'A story stored before the migration.', '', '', '', 1766998800, 10800, 1);
INSERT INTO stories VALUES (1, 'old-2', 'https://old.example/2', 'A second old story', '', '', 'Desk', 'World', NULL, 0, 0);
PRAGMA user_version = 1;
