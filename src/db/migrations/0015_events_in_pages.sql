-- Domain events are stored in pages (repos/event-store.ts): a row's data is a JSON array of events (json, as
-- written: it is read back whole, never queried inside), and an event's id is the row's id × 1,000 plus its
-- place in the page. Rows written before hold one event each and become pages of one. A client still holding
-- an id of the old numbering (the row id itself) is replayed from an earlier row on its next reconnect: a few
-- hundred events it has seen already, once; clients refetch what changed, so this costs a moment, not
-- correctness.
UPDATE "domain_events" SET "data" = jsonb_build_array("data") WHERE jsonb_typeof("data") <> 'array';
--> statement-breakpoint
ALTER TABLE "domain_events" ALTER COLUMN "data" SET DATA TYPE json USING "data"::json;
--> statement-breakpoint
-- A page of a rush's order batch is 20–30 KB: stored out of line without compression, which cost the embedded
-- database about a millisecond per page (the column is not in drizzle's schema language; kept here).
ALTER TABLE "domain_events" ALTER COLUMN "data" SET STORAGE EXTERNAL;
--> statement-breakpoint
ALTER TABLE "domain_events" DROP COLUMN "type";
