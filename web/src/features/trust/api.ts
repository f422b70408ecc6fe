/** The register of suppliers' calls, one function each, so screens never build URLs by hand. */
import { api, seg } from '../../api-client.ts';
import type { ListedSupplierEntry, SupplierEntry, SupplierInput } from './types.ts';

export const suppliersApi = {
  list: (communityId: string, signal?: AbortSignal) =>
    api.get<{ suppliers: ListedSupplierEntry[] }>(`/api/communities/${seg(communityId)}/suppliers`, {
      signal,
    }),
  add: (communityId: string, input: SupplierInput) =>
    api.post<SupplierEntry>(`/api/communities/${seg(communityId)}/suppliers`, input),
  update: (supplierId: string, change: Partial<SupplierInput> & { verified?: boolean }) =>
    api.patch<SupplierEntry>(`/api/suppliers/${seg(supplierId)}`, change),
};
