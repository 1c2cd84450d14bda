-- Search at scale: keep decision_search's heap rows small. A search first picks its recency window (the
-- newest matches) from the GIN index's matches, which means visiting each match's heap row for its id.
-- With the text columns stored in the row (about 1.6 KB a decision, 5 rows a page) that was a visit to
-- nearly every page of the table for a common word: 160 ms at 100,000 decisions. With a 128-byte toast
-- target, any row over the usual 2 KB threshold keeps its texts and its tsvector out of line, about 80
-- rows a page, and the same window takes a few milliseconds. Short rows stay in line as before.
ALTER TABLE "decision_search" SET (toast_tuple_target = 128);
--> statement-breakpoint
-- Rewrite the existing rows so they are stored the new way (new rows and every re-index already are).
UPDATE "decision_search" SET "comments" = "comments";
