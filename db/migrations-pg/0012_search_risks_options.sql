-- Search also reads the options considered (names and descriptions) and the risks and consequences,
-- both weighted C like the context and methodology. A generated column's expression cannot change, so the
-- document is made again with them (and its GIN index with it); the new columns are filled from every
-- decision's current revision, as db/queries/search.ts indexes one decision.
ALTER TABLE "decision_search" ADD COLUMN "options" text NOT NULL DEFAULT '', ADD COLUMN "risks" text NOT NULL DEFAULT '';
--> statement-breakpoint
DROP INDEX "decision_search_document_idx";
--> statement-breakpoint
ALTER TABLE "decision_search" DROP COLUMN "document";
--> statement-breakpoint
UPDATE "decision_search" s SET
	"options" = coalesce((SELECT string_agg(coalesce(o.value ->> 'name', '') || E'\n' || coalesce(o.value ->> 'description', ''), E'\n' ORDER BY o.n)
		FROM jsonb_array_elements(coalesce(r.content::jsonb -> 'options', '[]'::jsonb)) WITH ORDINALITY o(value, n)), ''),
	"risks" = coalesce(r.content::jsonb ->> 'risks', '')
FROM "decisions" d JOIN "revisions" r ON r.decision_id = d.id AND r.number = d.current_revision
WHERE s.decision_id = d.id;
--> statement-breakpoint
ALTER TABLE "decision_search" ADD COLUMN "document" tsvector GENERATED ALWAYS AS (
	setweight(to_tsvector('candor', "title"), 'A') ||
	setweight(to_tsvector('candor', "summary"), 'B') ||
	setweight(to_tsvector('candor', "decision"), 'B') ||
	setweight(to_tsvector('candor', "context"), 'C') ||
	setweight(to_tsvector('candor', "options"), 'C') ||
	setweight(to_tsvector('candor', "methodology"), 'C') ||
	setweight(to_tsvector('candor', "open_critique"), 'C') ||
	setweight(to_tsvector('candor', "risks"), 'C') ||
	setweight(to_tsvector('candor', "sources"), 'C') ||
	setweight(to_tsvector('candor', "comments"), 'D')
) STORED;
--> statement-breakpoint
CREATE INDEX "decision_search_document_idx" ON "decision_search" USING gin ("document");
