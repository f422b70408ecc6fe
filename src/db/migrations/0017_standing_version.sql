ALTER TABLE "communities" ADD COLUMN "standing_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- A compound's standing_version moves in the same transaction as any change to what a member's standing is
-- read from (roles, claims, volunteers' buildings, households; a new household has no claim yet, so its insert
-- moves nothing). A standing read at one version may be reused while the version has not moved
-- (src/db/repos/version-held.ts). Statement triggers: a bulk import moves it once per statement, not once per
-- row. (Custom SQL: triggers are not in drizzle's schema language.)
CREATE OR REPLACE FUNCTION linli_standing_changed() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE communities SET standing_version = standing_version + 1
      WHERE id IN (SELECT community_id FROM new_rows);
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE communities SET standing_version = standing_version + 1
      WHERE id IN (SELECT community_id FROM old_rows);
  ELSE
    UPDATE communities SET standing_version = standing_version + 1
      WHERE id IN (SELECT community_id FROM new_rows UNION SELECT community_id FROM old_rows);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['members', 'household_claims', 'volunteer_buildings', 'households'] LOOP
    IF t <> 'households' THEN
      EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION linli_standing_changed()', t || '_standing_ins', t);
    END IF;
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION linli_standing_changed()', t || '_standing_upd', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION linli_standing_changed()', t || '_standing_del', t);
  END LOOP;
END;
$$;
