CREATE TABLE "buy_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"buy_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"name" text NOT NULL,
	"spec" text,
	"unit" text,
	"price_fen" integer NOT NULL,
	"stock" integer,
	"per_household_max" integer,
	"pack_size" integer,
	"allocated_qty" integer DEFAULT 0 NOT NULL,
	"waitlisted_qty" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "buy_items_no_oversell" CHECK (stock IS NULL OR allocated_qty <= stock),
	CONSTRAINT "buy_items_counters_nonneg" CHECK (allocated_qty >= 0 AND waitlisted_qty >= 0)
);
--> statement-breakpoint
CREATE TABLE "buys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"supplier_name" text,
	"supplier_contact" text,
	"deadline" timestamp with time zone NOT NULL,
	"delivery_date" date,
	"pickup_mode" text DEFAULT 'building' NOT NULL,
	"min_total_qty" integer,
	"min_amount_fen" integer,
	"leader_fee_fen" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"cancel_reason" text,
	"created_by" uuid NOT NULL,
	"next_seq" integer DEFAULT 1 NOT NULL,
	"live_orders" integer DEFAULT 0 NOT NULL,
	"amount_fen" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"published_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status_code" integer NOT NULL,
	"response" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
CREATE TABLE "order_lines" (
	"order_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"qty" integer NOT NULL,
	"allocated_qty" integer NOT NULL,
	"waitlisted_qty" integer NOT NULL,
	CONSTRAINT "order_lines_order_id_item_id_pk" PRIMARY KEY("order_id","item_id"),
	CONSTRAINT "order_lines_qty_split" CHECK (allocated_qty + waitlisted_qty = qty AND allocated_qty >= 0 AND waitlisted_qty >= 0)
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"buy_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"status" text NOT NULL,
	"placed_by" uuid,
	"note" text,
	"amount_fen" integer DEFAULT 0 NOT NULL,
	"cancel_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "buy_items" ADD CONSTRAINT "buy_items_buy_id_buys_id_fk" FOREIGN KEY ("buy_id") REFERENCES "public"."buys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buys" ADD CONSTRAINT "buys_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buys" ADD CONSTRAINT "buys_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_item_id_buy_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."buy_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_buy_id_buys_id_fk" FOREIGN KEY ("buy_id") REFERENCES "public"."buys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_placed_by_members_id_fk" FOREIGN KEY ("placed_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "buy_items_buy_id_idx" ON "buy_items" USING btree ("buy_id","position");--> statement-breakpoint
CREATE INDEX "buys_community_status_idx" ON "buys" USING btree ("community_id","status","deadline");--> statement-breakpoint
CREATE INDEX "buys_created_by_idx" ON "buys" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "buys_open_deadline_idx" ON "buys" USING btree ("deadline") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_at_idx" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "order_lines_item_id_idx" ON "order_lines" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "order_lines_waiting_idx" ON "order_lines" USING btree ("item_id") WHERE waitlisted_qty > 0;--> statement-breakpoint
CREATE UNIQUE INDEX "orders_buy_seq_uq" ON "orders" USING btree ("buy_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_live_household_uq" ON "orders" USING btree ("buy_id","household_id") WHERE status <> 'cancelled';--> statement-breakpoint
CREATE INDEX "orders_household_id_idx" ON "orders" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "orders_placed_by_idx" ON "orders" USING btree ("placed_by");