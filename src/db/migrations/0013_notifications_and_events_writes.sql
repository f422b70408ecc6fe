ALTER TABLE "notifications" DROP CONSTRAINT "notifications_community_id_communities_id_fk";
--> statement-breakpoint
ALTER TABLE "notifications" DROP CONSTRAINT "notifications_household_id_households_id_fk";
--> statement-breakpoint
ALTER TABLE "notifications" DROP CONSTRAINT "notifications_buy_id_buys_id_fk";
--> statement-breakpoint
DROP INDEX "notifications_household_id_idx";--> statement-breakpoint
DROP INDEX "notifications_buy_id_idx";--> statement-breakpoint
DROP INDEX "domain_events_buy_id_idx";--> statement-breakpoint
CREATE INDEX "domain_events_buy_id_idx" ON "domain_events" USING btree ("buy_id","id") WHERE "domain_events"."buy_id" IS NOT NULL;