ALTER TABLE "pool_members" ADD COLUMN "met_told_at" timestamp with time zone;--> statement-breakpoint
-- Each compound of a pool told before that holds its 成团 notice was told then; one whose buy was still a draft
-- (no notice) is told when its buy opens.
UPDATE "pool_members" pm SET "met_told_at" = p."met_told_at"
FROM "pools" p
WHERE p.id = pm.pool_id AND p."met_told_at" IS NOT NULL
  AND EXISTS (SELECT 1 FROM "notifications" n
    WHERE n.buy_id = pm.buy_id AND n.household_id IS NULL AND n.type = 'buy_threshold_met');--> statement-breakpoint
ALTER TABLE "pools" DROP COLUMN "met_told_at";
