-- Full-text search on PostgreSQL: one row per decision with the text of its current revision and its
-- comments, and a weighted tsvector (title A; summary and decision B; context, methodology, open
-- critique and sources C; comments D) ranked with ts_rank_cd. Kept in step by db/queries/search.ts in the
-- same transaction as every save, publish and comment, like SQLite's FTS5 table.
CREATE TABLE "decision_search" (
	"decision_id" integer PRIMARY KEY NOT NULL REFERENCES "decisions"("id") ON DELETE CASCADE,
	"title" text NOT NULL DEFAULT '',
	"summary" text NOT NULL DEFAULT '',
	"context" text NOT NULL DEFAULT '',
	"decision" text NOT NULL DEFAULT '',
	"methodology" text NOT NULL DEFAULT '',
	"open_critique" text NOT NULL DEFAULT '',
	"sources" text NOT NULL DEFAULT '',
	"comments" text NOT NULL DEFAULT '',
	"document" tsvector GENERATED ALWAYS AS (
		setweight(to_tsvector('english', "title"), 'A') ||
		setweight(to_tsvector('english', "summary"), 'B') ||
		setweight(to_tsvector('english', "decision"), 'B') ||
		setweight(to_tsvector('english', "context"), 'C') ||
		setweight(to_tsvector('english', "methodology"), 'C') ||
		setweight(to_tsvector('english', "open_critique"), 'C') ||
		setweight(to_tsvector('english', "sources"), 'C') ||
		setweight(to_tsvector('english', "comments"), 'D')
	) STORED
);
--> statement-breakpoint
CREATE INDEX "decision_search_document_idx" ON "decision_search" USING gin ("document");
