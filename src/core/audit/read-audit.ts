/** Reading a buy's audit trail: the leader and admins see all of it, a household buy-wide events and its own. */
import type { Actor } from '../shared/actor.ts';
import { loadVisibleBuy } from '../buys/access.ts';
import { canManageBuy } from '../buys/policies.ts';
import type { BuysRepo } from '../buys/ports.ts';
import type { AuditEventView, AuditRepo } from './ports.ts';

export interface AuditDeps {
  audit: AuditRepo;
  buys: Pick<BuysRepo, 'findBuyHeader' | 'memberContext'>;
}

export interface AuditTrail {
  scope: 'buy' | 'household';
  events: (AuditEventView & { byLeader: boolean })[];
}

/** GET /api/buys/{id}/audit (?limit): newest first. Names are for admins; others see labels and roles. */
export async function getAuditTrail(
  deps: AuditDeps,
  actor: Actor,
  input: { buyId: string; limit: number },
): Promise<AuditTrail> {
  const { buy, member } = await loadVisibleBuy(deps.buys, input.buyId, actor);
  const whole = canManageBuy(member, buy);
  const events = await deps.audit.listEvents(input.buyId, {
    limit: input.limit,
    // Without a household, a member sees buy-wide events only (no household id matches).
    ...(whole ? {} : { householdId: member.household?.id ?? '00000000-0000-0000-0000-000000000000' }),
  });
  return {
    scope: whole ? 'buy' : 'household',
    events: events.map((e) => ({
      ...e,
      actorName: member.isAdmin ? e.actorName : null,
      byLeader: e.actorMemberId !== null && e.actorMemberId === buy.createdBy,
    })),
  };
}
