CREATE TABLE "evidence_vouches" (
	"decision_id" bigint NOT NULL,
	"user_id" text NOT NULL,
	"revision" bigint NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "evidence_vouches_decision_id_user_id_pk" PRIMARY KEY("decision_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "evidence_vouches" ADD CONSTRAINT "evidence_vouches_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_vouches" ADD CONSTRAINT "evidence_vouches_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;