-- Full-text search on PostgreSQL: one row per decision with the text of its current revision and its
-- comments, and a weighted tsvector (title A; summary and decision B; context, methodology, open
-- critique and sources C; comments D) ranked with ts_rank_cd. Kept in step by db/queries/search.ts in the
-- same transaction as every save, publish and comment, like SQLite's FTS5 table.
-- The `candor` configuration is English stemming with accents removed (unaccent is a trusted extension:
-- the database owner may create it), matching FTS5's porter tokenizer with remove_diacritics.
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION candor (COPY = english);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION candor ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
--> statement-breakpoint
CREATE TABLE "decision_search" (
	"decision_id" bigint PRIMARY KEY NOT NULL REFERENCES "decisions"("id") ON DELETE CASCADE,
	"title" text NOT NULL DEFAULT '',
	"summary" text NOT NULL DEFAULT '',
	"context" text NOT NULL DEFAULT '',
	"decision" text NOT NULL DEFAULT '',
	"methodology" text NOT NULL DEFAULT '',
	"open_critique" text NOT NULL DEFAULT '',
	"sources" text NOT NULL DEFAULT '',
	"comments" text NOT NULL DEFAULT '',
	"document" tsvector GENERATED ALWAYS AS (
		setweight(to_tsvector('candor', "title"), 'A') ||
		setweight(to_tsvector('candor', "summary"), 'B') ||
		setweight(to_tsvector('candor', "decision"), 'B') ||
		setweight(to_tsvector('candor', "context"), 'C') ||
		setweight(to_tsvector('candor', "methodology"), 'C') ||
		setweight(to_tsvector('candor', "open_critique"), 'C') ||
		setweight(to_tsvector('candor', "sources"), 'C') ||
		setweight(to_tsvector('candor', "comments"), 'D')
	) STORED
);
--> statement-breakpoint
CREATE INDEX "decision_search_document_idx" ON "decision_search" USING gin ("document");
