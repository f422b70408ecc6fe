CREATE TABLE "audit_events" (
	"buy_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"actor_member_id" uuid,
	"household_id" uuid,
	"entity" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"action" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"prev_hash" text,
	"hash" text NOT NULL,
	CONSTRAINT "audit_events_buy_id_seq_pk" PRIMARY KEY("buy_id","seq")
);
--> statement-breakpoint
CREATE TABLE "buy_payment_qr" (
	"buy_id" uuid PRIMARY KEY NOT NULL,
	"file_key" text NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"buy_id" uuid NOT NULL,
	"txn_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"account" text NOT NULL,
	"household_id" uuid,
	"amount_fen" bigint NOT NULL,
	"ref_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_entries_nonzero" CHECK (amount_fen <> 0)
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"buy_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"amount_fen" bigint NOT NULL,
	"method" text NOT NULL,
	"reference" text,
	"screenshot_key" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"dispute_reason" text,
	"marked_by" uuid NOT NULL,
	"marked_at" timestamp with time zone NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	CONSTRAINT "payments_amount_positive" CHECK (amount_fen > 0)
);
--> statement-breakpoint
CREATE TABLE "refunds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"buy_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"amount_fen" bigint NOT NULL,
	"method" text NOT NULL,
	"reference" text,
	"status" text DEFAULT 'sent' NOT NULL,
	"sent_by" uuid NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	CONSTRAINT "refunds_amount_positive" CHECK (amount_fen > 0)
);
--> statement-breakpoint
CREATE TABLE "supplier_bills" (
	"id" uuid PRIMARY KEY NOT NULL,
	"buy_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"lines" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"note" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "supplier_bills_amount_positive" CHECK (amount_fen > 0)
);
--> statement-breakpoint
ALTER TABLE "buys" ADD COLUMN "audit_seq" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "buys" ADD COLUMN "audit_head" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_buy_id_buys_id_fk" FOREIGN KEY ("buy_id") REFERENCES "public"."buys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_member_id_members_id_fk" FOREIGN KEY ("actor_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buy_payment_qr" ADD CONSTRAINT "buy_payment_qr_buy_id_buys_id_fk" FOREIGN KEY ("buy_id") REFERENCES "public"."buys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buy_payment_qr" ADD CONSTRAINT "buy_payment_qr_updated_by_members_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_buy_id_buys_id_fk" FOREIGN KEY ("buy_id") REFERENCES "public"."buys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_buy_id_buys_id_fk" FOREIGN KEY ("buy_id") REFERENCES "public"."buys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_marked_by_members_id_fk" FOREIGN KEY ("marked_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_decided_by_members_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_buy_id_buys_id_fk" FOREIGN KEY ("buy_id") REFERENCES "public"."buys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_sent_by_members_id_fk" FOREIGN KEY ("sent_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_bills" ADD CONSTRAINT "supplier_bills_buy_id_buys_id_fk" FOREIGN KEY ("buy_id") REFERENCES "public"."buys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_bills" ADD CONSTRAINT "supplier_bills_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_household_idx" ON "audit_events" USING btree ("household_id","buy_id");--> statement-breakpoint
CREATE INDEX "audit_events_actor_idx" ON "audit_events" USING btree ("actor_member_id");--> statement-breakpoint
CREATE INDEX "buy_payment_qr_updated_by_idx" ON "buy_payment_qr" USING btree ("updated_by");--> statement-breakpoint
CREATE INDEX "ledger_entries_buy_idx" ON "ledger_entries" USING btree ("buy_id","account");--> statement-breakpoint
CREATE INDEX "ledger_entries_household_idx" ON "ledger_entries" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "ledger_entries_created_by_idx" ON "ledger_entries" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "ledger_entries_txn_idx" ON "ledger_entries" USING btree ("txn_id");--> statement-breakpoint
CREATE INDEX "payments_buy_idx" ON "payments" USING btree ("buy_id","household_id");--> statement-breakpoint
CREATE INDEX "payments_household_idx" ON "payments" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "payments_marked_by_idx" ON "payments" USING btree ("marked_by");--> statement-breakpoint
CREATE INDEX "payments_decided_by_idx" ON "payments" USING btree ("decided_by");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_one_pending_uq" ON "payments" USING btree ("buy_id","household_id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "refunds_buy_idx" ON "refunds" USING btree ("buy_id","household_id");--> statement-breakpoint
CREATE INDEX "refunds_household_idx" ON "refunds" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "refunds_sent_by_idx" ON "refunds" USING btree ("sent_by");--> statement-breakpoint
CREATE INDEX "supplier_bills_buy_idx" ON "supplier_bills" USING btree ("buy_id");--> statement-breakpoint
CREATE INDEX "supplier_bills_created_by_idx" ON "supplier_bills" USING btree ("created_by");