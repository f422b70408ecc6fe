ALTER TABLE "order_lines" DROP CONSTRAINT "order_lines_order_id_orders_id_fk";
--> statement-breakpoint
ALTER TABLE "orders" DROP CONSTRAINT "orders_buy_id_buys_id_fk";
--> statement-breakpoint
ALTER TABLE "orders" DROP CONSTRAINT "orders_placed_by_members_id_fk";
--> statement-breakpoint
DROP INDEX "orders_placed_by_idx";--> statement-breakpoint
DROP INDEX "audit_events_actor_idx";