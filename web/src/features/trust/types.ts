/** 放心买 as the server presents it (src/http/trust/*.presenter.ts): the core's shapes, times as ISO text. */
import type { BuyTrust as CoreTrust } from '../../../../src/core/trust/read-trust.ts';
import type { BuysRecord, PriceCheck as CoreCheck } from '../../../../src/core/trust/trust-fns.ts';

export type { BuysRecord };

type Iso<T, K extends keyof T> = Omit<T, K> & { [P in K]: null extends T[P] ? string | null : string };

export type PriceCheck = Iso<CoreCheck, 'lastAt'>;

type CoreSupplier = NonNullable<CoreTrust['supplier']>;
type Registered = Iso<NonNullable<CoreSupplier['registered']>, 'verifiedAt'>;

export type BuyTrust = Omit<CoreTrust, 'items' | 'supplier'> & {
  items: (Omit<CoreTrust['items'][number], 'check'> & { check: PriceCheck | null })[];
  supplier: (Omit<CoreSupplier, 'registered'> & { registered: Registered | null }) | null;
};

/** An entry of the compound's register of suppliers (src/http/trust/suppliers.presenter.ts). */
export interface SupplierEntry {
  id: string;
  name: string;
  contact: string | null;
  licenceNo: string | null;
  baogong: boolean;
  note: string | null;
  verifiedAt: string | null;
  createdAt: string;
  mine: boolean;
  can: { edit: boolean; verify: boolean };
}

/** An entry as the register's list gives it: how many buys under way name it. */
export interface ListedSupplierEntry extends SupplierEntry {
  underWay: number;
}

/** What the register's form sends (POST; PATCH takes any of it, and `verified` from an admin). */
export interface SupplierInput {
  name: string;
  contact: string | null;
  licenceNo: string | null;
  baogong: boolean;
  note: string | null;
}
