ALTER TABLE "notification_reads" ADD COLUMN "read_snapshot" "pg_snapshot";--> statement-breakpoint
-- Added without a default, then given one: the rows already stored stay NULL (long committed) and the table
-- is not rewritten (a volatile default on ADD COLUMN would write every row again).
ALTER TABLE "notifications" ADD COLUMN "written_by" "xid8";--> statement-breakpoint
ALTER TABLE "notifications" ALTER COLUMN "written_by" SET DEFAULT pg_current_xact_id();
