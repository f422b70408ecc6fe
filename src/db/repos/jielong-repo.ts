import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { jielongImports } from '../schema/jielong.ts';
import { idempotencyKeys } from '../schema/buys.ts';
import type { CompoundHousehold, ImportRecord, JielongRepo } from '../../core/jielong/ports.ts';

/** The 接龙 import records, and the compound's households as the import matches them (labels only). */
export function createJielongRepo(db: Db): JielongRepo {
  return {
    async householdsOf(communityId) {
      const result = (await db.execute(
        sql`SELECT h.id, h.label,
              (h.is_proxy OR EXISTS (SELECT 1 FROM household_claims c
                                      WHERE c.household_id = h.id AND c.status = 'verified')) AS verified
            FROM households h WHERE h.community_id = ${communityId}
            ORDER BY h.label`,
      )) as unknown as { rows: { id: string; label: string; verified: boolean }[] };
      return result.rows.map((r): CompoundHousehold => ({
        id: r.id,
        label: r.label,
        verified: r.verified === true,
      }));
    },

    async findCommit(scope, key) {
      const [row] = await db
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
      return row ? { scope, key, requestHash: row.requestHash, response: row.response } : null;
    },

    async saveCommit(commit) {
      await db
        .insert(idempotencyKeys)
        .values({ ...commit, statusCode: 200, response: commit.response as object })
        .onConflictDoNothing();
    },

    async importsOf(buyId) {
      const list = await db.select().from(jielongImports).where(eq(jielongImports.buyId, buyId));
      return list.map((r): ImportRecord => ({
        householdId: r.householdId,
        action: r.action,
        lines: r.lines,
        sourceLine: r.sourceLine,
        sourceText: r.sourceText,
      }));
    },

    async saveImports(buyId, importedBy, at, records) {
      if (records.length === 0) return;
      await db
        .insert(jielongImports)
        .values(
          records.map((r) => ({
            id: crypto.randomUUID(),
            buyId,
            householdId: r.householdId,
            action: r.action,
            lines: r.lines,
            sourceLine: r.sourceLine,
            sourceText: r.sourceText.slice(0, 500),
            importedBy,
            importedAt: at,
          })),
        )
        .onConflictDoUpdate({
          target: [jielongImports.buyId, jielongImports.householdId],
          set: {
            action: sql`excluded.action`,
            lines: sql`excluded.lines`,
            sourceLine: sql`excluded.source_line`,
            sourceText: sql`excluded.source_text`,
            importedBy: sql`excluded.imported_by`,
            importedAt: sql`excluded.imported_at`,
          },
        });
    },
  };
}
