CREATE TABLE "order_journal" (
	"buy_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"data" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_journal_buy_id_version_pk" PRIMARY KEY("buy_id","version")
);
--> statement-breakpoint
ALTER TABLE "order_journal" ADD CONSTRAINT "order_journal_buy_id_buys_id_fk" FOREIGN KEY ("buy_id") REFERENCES "public"."buys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- A batch's journal row is ~100 KB of JSON written once and read once: out of line, not compressed
-- (docs/order-book.md; the column is not in drizzle's schema language; kept here).
ALTER TABLE "order_journal" ALTER COLUMN "data" SET STORAGE EXTERNAL;
