CREATE TABLE "arrivals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"buy_id" uuid NOT NULL,
	"policy" text NOT NULL,
	"received" jsonb NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delivery_plans" (
	"buy_id" uuid PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone,
	"window_end" timestamp with time zone,
	"driver_name" text,
	"driver_phone" text,
	"plate" text,
	"pass_notes" text,
	"gate" text,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delivery_posts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"buy_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"message" text,
	"urgent" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delivery_reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"buy_id" uuid NOT NULL,
	"package_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"note" text,
	"lines" jsonb NOT NULL,
	"photo_key" text,
	"status" text DEFAULT 'open' NOT NULL,
	"resolution_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_by" uuid,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "distribution_settings" (
	"community_id" uuid PRIMARY KEY NOT NULL,
	"quiet_start" text DEFAULT '22:00' NOT NULL,
	"quiet_end" text DEFAULT '07:00' NOT NULL,
	"time_zone" text DEFAULT 'Asia/Shanghai' NOT NULL,
	"stale_hours" integer DEFAULT 6 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "packages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"buy_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"building_id" uuid NOT NULL,
	"code" text NOT NULL,
	"status" text DEFAULT 'sorted' NOT NULL,
	"delivered_at" timestamp with time zone,
	"delivered_by" uuid,
	"confirmed_at" timestamp with time zone,
	"confirmed_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "packages_delivered_consistent" CHECK ((status = 'sorted') = (delivered_at IS NULL))
);
--> statement-breakpoint
ALTER TABLE "arrivals" ADD CONSTRAINT "arrivals_buy_id_buys_id_fk" FOREIGN KEY ("buy_id") REFERENCES "public"."buys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "arrivals" ADD CONSTRAINT "arrivals_recorded_by_members_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_plans" ADD CONSTRAINT "delivery_plans_buy_id_buys_id_fk" FOREIGN KEY ("buy_id") REFERENCES "public"."buys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_plans" ADD CONSTRAINT "delivery_plans_updated_by_members_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_posts" ADD CONSTRAINT "delivery_posts_buy_id_buys_id_fk" FOREIGN KEY ("buy_id") REFERENCES "public"."buys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_posts" ADD CONSTRAINT "delivery_posts_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_reports" ADD CONSTRAINT "delivery_reports_buy_id_buys_id_fk" FOREIGN KEY ("buy_id") REFERENCES "public"."buys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_reports" ADD CONSTRAINT "delivery_reports_package_id_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."packages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_reports" ADD CONSTRAINT "delivery_reports_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_reports" ADD CONSTRAINT "delivery_reports_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_reports" ADD CONSTRAINT "delivery_reports_resolved_by_members_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_settings" ADD CONSTRAINT "distribution_settings_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "packages" ADD CONSTRAINT "packages_buy_id_buys_id_fk" FOREIGN KEY ("buy_id") REFERENCES "public"."buys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "packages" ADD CONSTRAINT "packages_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "packages" ADD CONSTRAINT "packages_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "packages" ADD CONSTRAINT "packages_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "packages" ADD CONSTRAINT "packages_delivered_by_members_id_fk" FOREIGN KEY ("delivered_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "packages" ADD CONSTRAINT "packages_confirmed_by_members_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "arrivals_buy_uq" ON "arrivals" USING btree ("buy_id");--> statement-breakpoint
CREATE INDEX "arrivals_recorded_by_idx" ON "arrivals" USING btree ("recorded_by");--> statement-breakpoint
CREATE INDEX "delivery_posts_buy_id_idx" ON "delivery_posts" USING btree ("buy_id","created_at");--> statement-breakpoint
CREATE INDEX "delivery_posts_created_by_idx" ON "delivery_posts" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "delivery_reports_buy_id_idx" ON "delivery_reports" USING btree ("buy_id","status");--> statement-breakpoint
CREATE INDEX "delivery_reports_package_id_idx" ON "delivery_reports" USING btree ("package_id");--> statement-breakpoint
CREATE INDEX "delivery_reports_household_id_idx" ON "delivery_reports" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "delivery_reports_created_by_idx" ON "delivery_reports" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "delivery_reports_resolved_by_idx" ON "delivery_reports" USING btree ("resolved_by");--> statement-breakpoint
CREATE UNIQUE INDEX "packages_buy_code_uq" ON "packages" USING btree ("buy_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "packages_buy_household_uq" ON "packages" USING btree ("buy_id","household_id");--> statement-breakpoint
CREATE UNIQUE INDEX "packages_order_uq" ON "packages" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "packages_buy_building_idx" ON "packages" USING btree ("buy_id","building_id");--> statement-breakpoint
CREATE INDEX "packages_household_id_idx" ON "packages" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "packages_building_id_idx" ON "packages" USING btree ("building_id");--> statement-breakpoint
CREATE INDEX "packages_delivered_by_idx" ON "packages" USING btree ("delivered_by");--> statement-breakpoint
CREATE INDEX "packages_confirmed_by_idx" ON "packages" USING btree ("confirmed_by");--> statement-breakpoint
CREATE INDEX "packages_code_idx" ON "packages" USING btree ("code");