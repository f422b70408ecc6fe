CREATE TABLE "domain_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"buy_id" uuid,
	"type" text NOT NULL,
	"data" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "domain_events_buy_id_idx" ON "domain_events" USING btree ("buy_id","id");--> statement-breakpoint
CREATE INDEX "domain_events_community_id_idx" ON "domain_events" USING btree ("community_id","id");