CREATE TABLE "street_posts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"title" text NOT NULL,
	"body" text,
	"household_id" uuid,
	"author_member_id" uuid,
	"author_role" text,
	"on_behalf" boolean DEFAULT false NOT NULL,
	"helper_household_id" uuid,
	"helper_member_id" uuid,
	"helper_role" text,
	"reply_count" integer DEFAULT 0 NOT NULL,
	"removed_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "street_replies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"post_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"household_id" uuid,
	"member_id" uuid,
	"role" text,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "street_posts" ADD CONSTRAINT "street_posts_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "street_posts" ADD CONSTRAINT "street_posts_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "street_posts" ADD CONSTRAINT "street_posts_author_member_id_members_id_fk" FOREIGN KEY ("author_member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "street_posts" ADD CONSTRAINT "street_posts_helper_household_id_households_id_fk" FOREIGN KEY ("helper_household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "street_posts" ADD CONSTRAINT "street_posts_helper_member_id_members_id_fk" FOREIGN KEY ("helper_member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "street_replies" ADD CONSTRAINT "street_replies_post_id_street_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."street_posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "street_replies" ADD CONSTRAINT "street_replies_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "street_replies" ADD CONSTRAINT "street_replies_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "street_replies" ADD CONSTRAINT "street_replies_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "street_posts_board_idx" ON "street_posts" USING btree ("community_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "street_posts_household_idx" ON "street_posts" USING btree ("household_id","status");--> statement-breakpoint
CREATE INDEX "street_posts_author_idx" ON "street_posts" USING btree ("author_member_id");--> statement-breakpoint
CREATE INDEX "street_posts_helper_household_idx" ON "street_posts" USING btree ("helper_household_id");--> statement-breakpoint
CREATE INDEX "street_posts_helper_member_idx" ON "street_posts" USING btree ("helper_member_id");--> statement-breakpoint
CREATE INDEX "street_posts_waiting_idx" ON "street_posts" USING btree ("community_id","created_at") WHERE kind = 'need' AND status = 'open';--> statement-breakpoint
CREATE INDEX "street_replies_post_idx" ON "street_replies" USING btree ("post_id","created_at");--> statement-breakpoint
CREATE INDEX "street_replies_community_idx" ON "street_replies" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "street_replies_household_idx" ON "street_replies" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "street_replies_member_idx" ON "street_replies" USING btree ("member_id");