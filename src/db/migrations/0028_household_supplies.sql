CREATE TABLE "household_supplies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"note" text,
	"given_by" uuid,
	"given_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "household_supplies" ADD CONSTRAINT "household_supplies_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_supplies" ADD CONSTRAINT "household_supplies_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_supplies" ADD CONSTRAINT "household_supplies_given_by_members_id_fk" FOREIGN KEY ("given_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "household_supplies_household_idx" ON "household_supplies" USING btree ("household_id","given_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "household_supplies_community_idx" ON "household_supplies" USING btree ("community_id","household_id");--> statement-breakpoint
CREATE INDEX "household_supplies_given_by_idx" ON "household_supplies" USING btree ("given_by");