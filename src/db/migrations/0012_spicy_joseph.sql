ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_buy_id_buys_id_fk";
--> statement-breakpoint
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_actor_member_id_members_id_fk";
--> statement-breakpoint
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_household_id_households_id_fk";
