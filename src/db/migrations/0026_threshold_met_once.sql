-- A compound told of one buy's 成团 twice (two instances' notifiers at once, before this index): the first row stays.
DELETE FROM "notifications" n USING "notifications" m
WHERE n.household_id IS NULL AND m.household_id IS NULL
  AND n.type = 'buy_threshold_met' AND m.type = 'buy_threshold_met' AND n.buy_id = m.buy_id
  AND (n.created_at, n.id) > (m.created_at, m.id);--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_threshold_met_once_idx" ON "notifications" USING btree ("buy_id") WHERE household_id IS NULL AND type = 'buy_threshold_met';
