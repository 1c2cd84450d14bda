CREATE TABLE `outcomes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`decision_id` integer NOT NULL,
	`verdict` text NOT NULL,
	`body` text NOT NULL,
	`evidence` text DEFAULT '[]' NOT NULL,
	`author_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `outcomes_decision_idx` ON `outcomes` (`decision_id`,`id`);--> statement-breakpoint
ALTER TABLE `decisions` ADD `outcome_review_date` text;--> statement-breakpoint
ALTER TABLE `decisions` ADD `published_at` integer;--> statement-breakpoint
ALTER TABLE `decisions` ADD `published_revision` integer;--> statement-breakpoint
ALTER TABLE `decisions` ADD `published_by` text REFERENCES user(id);--> statement-breakpoint
ALTER TABLE `decisions` ADD `publish_snapshot` text;--> statement-breakpoint
ALTER TABLE `decisions` ADD `supersedes_id` integer;--> statement-breakpoint
ALTER TABLE `decisions` ADD `superseded_by_id` integer;--> statement-breakpoint
ALTER TABLE `decisions` ADD `closed_at` integer;--> statement-breakpoint
ALTER TABLE `decisions` ADD `closed_by` text REFERENCES user(id);--> statement-breakpoint
ALTER TABLE `decisions` ADD `closed_reason` text;--> statement-breakpoint
CREATE INDEX `decisions_outcome_due_idx` ON `decisions` (`status`,`outcome_review_date`);--> statement-breakpoint
CREATE INDEX `decisions_published_idx` ON `decisions` (`published_at`,`id`);--> statement-breakpoint
UPDATE `decisions` SET `outcome_review_date` = (SELECT json_extract(r.content, '$.outcomeReviewDate') FROM revisions r WHERE r.decision_id = decisions.id AND r.number = decisions.current_revision);
