CREATE TABLE "pool_members" (
	"pool_id" uuid NOT NULL,
	"buy_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"gate" text NOT NULL,
	"contact" text NOT NULL,
	"joined_by" uuid,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pools" (
	"id" uuid PRIMARY KEY NOT NULL,
	"host_buy_id" uuid NOT NULL,
	"code" text NOT NULL,
	"min_total_qty" integer,
	"min_amount_fen" integer,
	"deadline" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"closed_at" timestamp with time zone,
	"outcome" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "pool_members" ADD CONSTRAINT "pool_members_pool_id_pools_id_fk" FOREIGN KEY ("pool_id") REFERENCES "public"."pools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pool_members" ADD CONSTRAINT "pool_members_buy_id_buys_id_fk" FOREIGN KEY ("buy_id") REFERENCES "public"."buys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pool_members" ADD CONSTRAINT "pool_members_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pool_members" ADD CONSTRAINT "pool_members_joined_by_members_id_fk" FOREIGN KEY ("joined_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pools" ADD CONSTRAINT "pools_host_buy_id_buys_id_fk" FOREIGN KEY ("host_buy_id") REFERENCES "public"."buys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pools" ADD CONSTRAINT "pools_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "pool_members_buy_uq" ON "pool_members" USING btree ("buy_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pool_members_community_uq" ON "pool_members" USING btree ("pool_id","community_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pools_code_uq" ON "pools" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "pools_host_buy_uq" ON "pools" USING btree ("host_buy_id");--> statement-breakpoint
CREATE INDEX "pools_due_idx" ON "pools" USING btree ("deadline");