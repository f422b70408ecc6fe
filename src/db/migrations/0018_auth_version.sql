CREATE TABLE "auth_version" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "auth_version_one_row" CHECK ("auth_version"."id" = 1)
);
--> statement-breakpoint
-- auth_version moves in the same transaction as anything that could end a session or a bearer token, or change
-- what their lookup answers: a sign-out (sessions deleted), a revocation (access_tokens.revoked_at), a user's
-- name or account removed. Sessions and tokens read at one version are reused while it has not moved
-- (src/db/repos/version-held.ts). A new session or token moves nothing (only what was found is held), nor does
-- recording a token's last use, nor clearing sessions that had expired. (Custom SQL: triggers are not in drizzle's schema language.)
INSERT INTO auth_version (id, version) VALUES (1, 0) ON CONFLICT DO NOTHING;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION linli_auth_changed() RETURNS trigger AS $$
BEGIN
  UPDATE auth_version SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Rows deleted (or changed) by a statement: the version moves only if one of them could still have been
-- answered (a sign-in clears the user's expired sessions, which nothing holds as live).
CREATE OR REPLACE FUNCTION linli_auth_rows_gone() RETURNS trigger AS $$
BEGIN
  IF TG_TABLE_NAME = 'sessions' THEN
    IF EXISTS (SELECT 1 FROM old_rows WHERE expires_at > now()) THEN
      UPDATE auth_version SET version = version + 1 WHERE id = 1;
    END IF;
  ELSIF EXISTS (SELECT 1 FROM old_rows) THEN
    UPDATE auth_version SET version = version + 1 WHERE id = 1;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER sessions_auth_deleted AFTER DELETE ON sessions REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION linli_auth_rows_gone();
--> statement-breakpoint
CREATE TRIGGER sessions_auth_changed AFTER UPDATE ON sessions REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION linli_auth_rows_gone();
--> statement-breakpoint
CREATE TRIGGER access_tokens_auth_deleted AFTER DELETE ON access_tokens REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION linli_auth_rows_gone();
--> statement-breakpoint
CREATE TRIGGER access_tokens_auth_changed AFTER UPDATE ON access_tokens FOR EACH ROW
  WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.token_hash IS DISTINCT FROM NEW.token_hash
    OR OLD.user_id IS DISTINCT FROM NEW.user_id)
  EXECUTE FUNCTION linli_auth_changed();
--> statement-breakpoint
CREATE TRIGGER users_auth_deleted AFTER DELETE ON users REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION linli_auth_rows_gone();
--> statement-breakpoint
CREATE TRIGGER users_auth_changed AFTER UPDATE ON users FOR EACH ROW
  WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name)
  EXECUTE FUNCTION linli_auth_changed();
