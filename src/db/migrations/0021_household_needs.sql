CREATE TABLE "household_needs" (
	"household_id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"needs" text[] NOT NULL,
	"note" text,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "household_needs" ADD CONSTRAINT "household_needs_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_needs" ADD CONSTRAINT "household_needs_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_needs" ADD CONSTRAINT "household_needs_updated_by_members_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "household_needs_community_id_idx" ON "household_needs" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "household_needs_updated_by_idx" ON "household_needs" USING btree ("updated_by");