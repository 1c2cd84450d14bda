ALTER TABLE "user" ADD COLUMN "name_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "user_name_key_unique" ON "user" USING btree ("name_key");