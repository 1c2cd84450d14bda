ALTER TABLE "user" ADD COLUMN "deactivated_at" bigint;--> statement-breakpoint
CREATE INDEX "revisions_decision_author_idx" ON "revisions" USING btree ("decision_id","author_id");