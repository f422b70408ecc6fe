/** The register of suppliers' JSON, field by field: who added or verified an entry stays on the server. */
import type { ListedSupplier, SupplierForViewer } from '../../core/trust/suppliers.ts';

export const presentSupplier = ({ supplier: s, mine, can }: SupplierForViewer) => ({
  id: s.id,
  name: s.name,
  contact: s.contact,
  licenceNo: s.licenceNo,
  baogong: s.baogong,
  note: s.note,
  verifiedAt: s.verifiedAt === null ? null : s.verifiedAt.toISOString(),
  createdAt: s.createdAt.toISOString(),
  mine,
  can: { edit: can.edit, verify: can.verify },
});

/** An entry of the list: how many buys under way name it as well. */
export const presentListedSupplier = (s: ListedSupplier) => ({ ...presentSupplier(s), underWay: s.underWay });
