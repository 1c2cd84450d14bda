-- Search also reads the options considered (names and descriptions) and the risks and consequences.
-- FTS5 tables cannot gain columns: the table is made again with them, between decision and methodology
-- and after the open critique, and filled from every decision's current revision and comments, as
-- db/queries/search.ts indexes one decision.
DROP TABLE `decision_search`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `decision_search` USING fts5(
	`title`, `summary`, `context`, `decision`, `options`, `methodology`, `open_critique`, `risks`, `sources`, `comments`,
	tokenize = 'porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
INSERT INTO `decision_search` (rowid, `title`, `summary`, `context`, `decision`, `options`, `methodology`, `open_critique`, `risks`, `sources`, `comments`)
SELECT d.id,
	json_extract(r.content, '$.title'), json_extract(r.content, '$.summary'), json_extract(r.content, '$.context'),
	json_extract(r.content, '$.decision'),
	(SELECT group_concat(json_extract(o.value, '$.name') || char(10) || coalesce(json_extract(o.value, '$.description'), ''), char(10)) FROM json_each(r.content, '$.options') o),
	json_extract(r.content, '$.methodology'), json_extract(r.content, '$.openCritique'), json_extract(r.content, '$.risks'),
	(SELECT group_concat(json_extract(s.value, '$.name'), ' · ') FROM json_each(r.content, '$.dataSources') s),
	(SELECT group_concat(c.body, char(10)) FROM comments c WHERE c.decision_id = d.id AND c.deleted_at IS NULL)
FROM decisions d JOIN revisions r ON r.decision_id = d.id AND r.number = d.current_revision;
