CREATE TABLE `decision_links` (
	`low_id` integer NOT NULL,
	`high_id` integer NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`low_id`, `high_id`),
	FOREIGN KEY (`low_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`high_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "decision_links_order" CHECK("decision_links"."low_id" < "decision_links"."high_id")
);
--> statement-breakpoint
CREATE INDEX `decision_links_high_idx` ON `decision_links` (`high_id`,`low_id`);