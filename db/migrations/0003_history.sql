ALTER TABLE `decisions` ADD `imported` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `decisions` ADD `import_source` text;--> statement-breakpoint
ALTER TABLE `decisions` ADD `import_original` text;--> statement-breakpoint
ALTER TABLE `decisions` ADD `import_meta` text;--> statement-breakpoint
CREATE UNIQUE INDEX `decisions_import_source_uq` ON `decisions` (`team_id`,`import_source`);--> statement-breakpoint
CREATE INDEX `decisions_activity_idx` ON `decisions` (`last_activity_at`,`id`);--> statement-breakpoint
CREATE INDEX `decisions_team_activity_idx` ON `decisions` (`team_id`,`last_activity_at`,`id`);--> statement-breakpoint
CREATE INDEX `decisions_team_published_idx` ON `decisions` (`team_id`,`published_at`,`id`);