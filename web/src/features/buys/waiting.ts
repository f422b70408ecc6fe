import type { BuyStatus } from './types.ts';

/**
 * Whether what waits in a buy of this status may still be filled: only an open buy promotes (a cancellation, a
 * reduction or a restock). Once the list has closed, a waiting line is what the household did not get, and the
 * page says so ("未分到") rather than "已排队" and a place in a queue that no longer moves.
 */
export const waitingCanBeFilled = (status: BuyStatus): boolean => status === 'draft' || status === 'open';
