ALTER TABLE `user` ADD `deactivated_at` integer;--> statement-breakpoint
CREATE INDEX `revisions_decision_author_idx` ON `revisions` (`decision_id`,`author_id`);