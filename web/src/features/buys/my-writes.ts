import { echoesMyOrder } from './list-patch.ts';
import type { ListEntryChange, Order } from './types.ts';

type Items = readonly { id: string; name: string }[];

/**
 * Decides when the buy page must fetch my household's order, knowing which of its writes are in flight.
 *
 * The page shows a write's answer at once and skips fetching when my line's event echoes what it shows
 * (`echoesMyOrder`). But the event of my own join can arrive before the join's answer, most of all in a rush
 * when answers wait for their group commit while the event is already on its way; compared with the order
 * the page still shows, the echo looks like a change made elsewhere and cost a fetch of my orders. So while a
 * write is in flight, a line that differs from the page is held, and when the write ends it is compared with
 * the write's answer: only a line the answer does not explain (a family member's phone, a volunteer, a
 * promotion) is fetched, and so is any held line after a write that failed, since its outcome is unknown.
 */
export class MyWrites {
  private inFlight = 0;
  private held: ListEntryChange | null = null;

  /** A write of my order starts. */
  begin(): void {
    this.inFlight += 1;
  }

  /**
   * The newest line events carried for my household since the last refresh: whether to fetch my order now.
   * During a write, a line that differs from what the page shows is held for `end` instead.
   */
  onLine(entry: ListEntryChange, shown: Order | null, items: Items): boolean {
    if (echoesMyOrder(entry, shown, items)) return false;
    if (this.inFlight > 0) {
      this.held = entry;
      return false;
    }
    return true;
  }

  /**
   * A write ended with its answer (`null` for a cancellation), or `undefined` when it failed: whether to
   * fetch my order now, for a line held during it.
   */
  end(answer: Order | null | undefined, items: Items): boolean {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (this.inFlight > 0 || !this.held) return false;
    const entry = this.held;
    this.held = null;
    return answer === undefined || !echoesMyOrder(entry, answer, items);
  }
}
