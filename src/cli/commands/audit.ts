import { parseArgs } from 'node:util';
import type { Container } from '../../container.ts';
import { verifyAuditTrail } from '../../core/audit/verify-audit.ts';
import { withDatabase } from '../data.ts';
import { HELP_OPTION, parseOrUsage, UsageError, type Io } from '../io.ts';

export const AUDIT_USAGE = `linli audit verify

Recomputes the audit trail's hash chain of every buy (each event carries the hash of the one before it, and
the buy keeps the last one) and reports the first break: an event rewritten, removed or cut off the end.
Exit code 0 when every chain is intact, 1 at the first break. Uses the same data settings as "serve".`;

/** Verifies every chain of the container's database; prints the result; returns the exit code. */
export async function runAuditVerify(
  container: Pick<Container, 'auditDeps' | 'buysDeps'>,
  io: Io,
): Promise<number> {
  // Batches still in the order journal (a crash) carry audit events not written as rows yet.
  await container.buysDeps.repo.expandJournal();
  const report = await verifyAuditTrail(container.auditDeps.audit);
  if (!report.firstBreak) {
    io.out(`Audit trail intact: ${report.events} events in ${report.buys} buys.`);
    return 0;
  }
  const b = report.firstBreak;
  io.err(
    `Audit trail broken: buy ${b.buyId}, event ${b.seq} (${b.reason.replace(/_/g, ' ')}). ` +
      `Checked ${report.events} events in ${report.buys} buys before stopping.`,
  );
  return 1;
}

export async function auditCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseOrUsage(AUDIT_USAGE, () =>
    parseArgs({ args: argv, options: { help: HELP_OPTION }, allowPositionals: true }),
  );
  if (values.help) {
    io.out(AUDIT_USAGE);
    return 0;
  }
  if (positionals.length !== 1 || positionals[0] !== 'verify')
    throw new UsageError('the only subcommand is "verify"', AUDIT_USAGE);
  return withDatabase(io, 'audit', (container) => runAuditVerify(container, io));
}
