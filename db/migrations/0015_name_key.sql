ALTER TABLE `user` ADD `name_key` text;--> statement-breakpoint
CREATE UNIQUE INDEX `user_name_key_unique` ON `user` (`name_key`);