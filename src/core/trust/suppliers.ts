/**
 * The compound's register of suppliers (docs/trust.md): leaders and admins add the suppliers they buy from, with
 * the business licence and 保供 status the supplier gave; an admin checks them (核验) and says so. 放心买 shows a
 * buy's supplier as verified when its name matches a verified entry.
 */
import { loadCommunity, NOT_MEMBER } from '../community/access.ts';
import type { CommunityRepo } from '../community/ports.ts';
import type { Actor } from '../shared/actor.ts';
import { conflict, forbidden, notFound } from '../shared/app-error.ts';
import type { Clock, IdGenerator } from '../shared/ports.ts';
import { canAddSupplier, canEditSupplier, canVerifySupplier, type SupplierViewer } from './policies.ts';
import type { BuyStatus } from '../buys/buy.ts';
import { buysBySupplier, supplierKey } from './trust-fns.ts';

export interface Supplier {
  id: string;
  communityId: string;
  name: string;
  contact: string | null;
  licenceNo: string | null;
  baogong: boolean;
  note: string | null;
  addedBy: string | null;
  verifiedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SupplierInput {
  name: string;
  contact?: string | null;
  licenceNo?: string | null;
  baogong?: boolean;
  note?: string | null;
}

/**
 * The buys residents are putting money into, from the list's opening to the goods' arrival: whose supplier the
 * register says how many buys use now (`underWay`), and an admin is asked to verify (the to-do's suppliers task).
 * Not drafts, which the leader may never publish.
 */
export const BUYS_UNDER_WAY = [
  'open',
  'closed',
  'confirmed',
  'arrived',
] as const satisfies readonly BuyStatus[];

export interface SuppliersRepo {
  listSuppliers(communityId: string): Promise<Supplier[]>;
  /** The supplier names of the compound's buys in BUYS_UNDER_WAY (as their leaders typed them), one per buy. */
  namesUnderWay(communityId: string): Promise<string[]>;
  findSupplier(id: string): Promise<Supplier | null>;
  /** False when the compound already has a supplier of that name (its key). */
  insertSupplier(s: Supplier, nameKey: string): Promise<boolean>;
  /** False when the new name is another supplier's. `verifiedBy`: who verified it now (undefined: as it was). */
  updateSupplier(s: Supplier, nameKey: string, verifiedBy: string | null | undefined): Promise<boolean>;
  /** The entry of this name in the compound, if any (放心买). */
  findByKey(communityId: string, nameKey: string): Promise<Supplier | null>;
}

export interface SuppliersDeps {
  community: Pick<CommunityRepo, 'findCommunity' | 'findMembership'>;
  suppliers: SuppliersRepo;
  clock: Clock;
  ids: IdGenerator;
}

/** A supplier as the caller sees it: what they may do with it. */
export interface SupplierForViewer {
  supplier: Supplier;
  mine: boolean;
  can: { edit: boolean; verify: boolean };
}

const forViewer = (s: Supplier, v: SupplierViewer): SupplierForViewer => ({
  supplier: s,
  mine: s.addedBy === v.memberId,
  can: { edit: canEditSupplier(v, s), verify: canVerifySupplier(v, s) },
});

async function viewerOf(deps: Pick<SuppliersDeps, 'community'>, actor: Actor, communityId: string) {
  const { me } = await loadCommunity(deps.community, actor, communityId);
  if (!me) throw forbidden(NOT_MEMBER, 'not_member');
  return me;
}

const EXISTS = () => conflict('This compound already has a supplier of that name', 'supplier_exists');
const tidy = (s: string | null | undefined) => s?.trim() || null;

/** An entry of the list, with how many buys under way name it (BUYS_UNDER_WAY, by supplierKey). */
export interface ListedSupplier extends SupplierForViewer {
  underWay: number;
}

/** Any member reads the register: verified first, then by name. */
export async function listSuppliers(
  deps: Pick<SuppliersDeps, 'community' | 'suppliers'>,
  actor: Actor,
  communityId: string,
): Promise<ListedSupplier[]> {
  const me = await viewerOf(deps, actor, communityId);
  const [entries, names] = await Promise.all([
    deps.suppliers.listSuppliers(communityId),
    deps.suppliers.namesUnderWay(communityId),
  ]);
  const underWay = buysBySupplier(names);
  return entries.map((s) => ({ ...forViewer(s, me), underWay: underWay.get(supplierKey(s.name)) ?? 0 }));
}

/** A leader or an admin adds a supplier (unverified). */
export async function addSupplier(
  deps: SuppliersDeps,
  actor: Actor,
  communityId: string,
  input: SupplierInput,
): Promise<SupplierForViewer> {
  const me = await viewerOf(deps, actor, communityId);
  if (!canAddSupplier(me, communityId))
    throw forbidden('Only a leader or an admin of this compound can add a supplier');
  const now = deps.clock.now();
  const s: Supplier = {
    id: deps.ids.id(),
    communityId,
    name: input.name.trim(),
    contact: tidy(input.contact),
    licenceNo: tidy(input.licenceNo),
    baogong: input.baogong ?? false,
    note: tidy(input.note),
    addedBy: me.memberId,
    verifiedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  if (!(await deps.suppliers.insertSupplier(s, supplierKey(s.name)))) throw EXISTS();
  return forViewer(s, me);
}

/** Changes an entry (an admin; the leader who added it, while it is not verified); an admin verifies it or not. */
export async function updateSupplier(
  deps: SuppliersDeps,
  actor: Actor,
  supplierId: string,
  input: Partial<SupplierInput> & { verified?: boolean },
): Promise<SupplierForViewer> {
  const found = await deps.suppliers.findSupplier(supplierId);
  if (!found) throw notFound('supplier');
  const me = await viewerOf(deps, actor, found.communityId);
  const details = Object.keys(input).some((k) => k !== 'verified');
  if (details && !canEditSupplier(me, found))
    throw forbidden(
      'Only an admin, or the leader who added it before it was verified, can change a supplier',
    );
  if (input.verified !== undefined && !canVerifySupplier(me, found))
    throw forbidden('Only an admin of this compound can verify a supplier');
  const now = deps.clock.now();
  const verifiedAt =
    input.verified === true ? (found.verifiedAt ?? now) : input.verified === false ? null : found.verifiedAt;
  const next: Supplier = {
    ...found,
    name: input.name?.trim() ?? found.name,
    contact: input.contact === undefined ? found.contact : tidy(input.contact),
    licenceNo: input.licenceNo === undefined ? found.licenceNo : tidy(input.licenceNo),
    baogong: input.baogong ?? found.baogong,
    note: input.note === undefined ? found.note : tidy(input.note),
    verifiedAt,
    updatedAt: now,
  };
  const by = input.verified === undefined ? undefined : input.verified ? me.memberId : null;
  if (!(await deps.suppliers.updateSupplier(next, supplierKey(next.name), by))) throw EXISTS();
  return forViewer(next, me);
}
