CREATE TABLE "order_adjustments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"buy_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"qty_delta" integer NOT NULL,
	"amount_fen_delta" bigint NOT NULL,
	"ref_id" uuid,
	"reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_adjustments_decrease_only" CHECK (qty_delta <= 0 AND amount_fen_delta <= 0)
);
--> statement-breakpoint
ALTER TABLE "order_adjustments" ADD CONSTRAINT "order_adjustments_buy_id_buys_id_fk" FOREIGN KEY ("buy_id") REFERENCES "public"."buys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_adjustments" ADD CONSTRAINT "order_adjustments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_adjustments" ADD CONSTRAINT "order_adjustments_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_adjustments" ADD CONSTRAINT "order_adjustments_item_id_buy_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."buy_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_adjustments" ADD CONSTRAINT "order_adjustments_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "order_adjustments_buy_id_idx" ON "order_adjustments" USING btree ("buy_id");--> statement-breakpoint
CREATE INDEX "order_adjustments_order_id_idx" ON "order_adjustments" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "order_adjustments_household_id_idx" ON "order_adjustments" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "order_adjustments_item_id_idx" ON "order_adjustments" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "order_adjustments_created_by_idx" ON "order_adjustments" USING btree ("created_by");