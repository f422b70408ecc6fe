CREATE TABLE "jielong_imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"buy_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"action" text NOT NULL,
	"lines" jsonb NOT NULL,
	"source_line" integer NOT NULL,
	"source_text" text DEFAULT '' NOT NULL,
	"imported_by" uuid NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "jielong_imports_source_line_check" CHECK ("jielong_imports"."source_line" >= 0)
);
--> statement-breakpoint
ALTER TABLE "jielong_imports" ADD CONSTRAINT "jielong_imports_buy_id_buys_id_fk" FOREIGN KEY ("buy_id") REFERENCES "public"."buys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jielong_imports" ADD CONSTRAINT "jielong_imports_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jielong_imports" ADD CONSTRAINT "jielong_imports_imported_by_members_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "jielong_imports_buy_household_uq" ON "jielong_imports" USING btree ("buy_id","household_id");--> statement-breakpoint
CREATE INDEX "jielong_imports_household_idx" ON "jielong_imports" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "jielong_imports_imported_by_idx" ON "jielong_imports" USING btree ("imported_by");