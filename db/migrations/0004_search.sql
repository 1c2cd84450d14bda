-- Full-text search over what a decision says and what was said about it (SQLite FTS5, ranked with bm25).
-- Kept in step by db/queries/search.ts in the same transaction as every save, publish and comment;
-- `npm run -s candor -- search rebuild` repopulates it.
CREATE VIRTUAL TABLE `decision_search` USING fts5(
	`title`, `summary`, `context`, `decision`, `methodology`, `open_critique`, `sources`, `comments`,
	tokenize = 'porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
INSERT INTO `decision_search` (rowid, `title`, `summary`, `context`, `decision`, `methodology`, `open_critique`, `sources`, `comments`)
SELECT d.id,
	json_extract(r.content, '$.title'), json_extract(r.content, '$.summary'), json_extract(r.content, '$.context'),
	json_extract(r.content, '$.decision'), json_extract(r.content, '$.methodology'), json_extract(r.content, '$.openCritique'),
	(SELECT group_concat(json_extract(s.value, '$.name'), ' · ') FROM json_each(r.content, '$.dataSources') s),
	(SELECT group_concat(c.body, char(10)) FROM comments c WHERE c.decision_id = d.id AND c.deleted_at IS NULL)
FROM decisions d JOIN revisions r ON r.decision_id = d.id AND r.number = d.current_revision;
