/** 放心买 as the server presents it (src/http/trust/trust.presenter.ts): the core's shapes, times as ISO text. */
import type { BuyTrust as CoreTrust } from '../../../../src/core/trust/read-trust.ts';
import type { BuysRecord, PriceCheck as CoreCheck } from '../../../../src/core/trust/trust-fns.ts';

export type { BuysRecord };

export type PriceCheck = Omit<CoreCheck, 'lastAt'> & { lastAt: string };

export type BuyTrust = Omit<CoreTrust, 'items'> & {
  items: (Omit<CoreTrust['items'][number], 'check'> & { check: PriceCheck | null })[];
};
