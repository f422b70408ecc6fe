import { TickBatcher, type BatchHold } from './tick-batcher.ts';

/** An open bell waiting for its count: whose, and its stream. */
export interface BellCountRequest {
  communityId: string;
  userId: string;
  stream: { send(frame: string): void; closed(): boolean };
}

export interface BellCountsLogger {
  warn(obj: object, msg: string): void;
}

/** How many bells' counts one statement reads. */
const PER_STATEMENT = 200;

/**
 * A bell's first word: the member's unread count, sent on its stream when it opens (`unreadFrame`), so that the
 * phone asks nothing, neither when the app opens nor when the bell comes back after a cut. When a server
 * restarts in a rush, every phone's bell comes back within seconds, and each one's count was a request of its
 * own, on top of the joins being retried (docs/benchmarks.md, thirty-eighth session). The counts of the bells
 * that open together are read together (one statement for up to PER_STATEMENT of them), and a batch waits
 * while order batches run (`hold`, as the notifier's does): the joins are answered first. A bell closed
 * meanwhile is skipped; counts that cannot be read are logged and left to the phones' minute's poll.
 */
export class BellCounts {
  readonly #batcher: TickBatcher<BellCountRequest>;

  constructor(
    /** Each member's unread count, in order, or null for one no longer a member. */
    counts: (asks: { communityId: string; userId: string }[]) => Promise<(number | null)[]>,
    frame: (count: number) => string,
    log: BellCountsLogger,
    hold?: BatchHold,
  ) {
    this.#batcher = new TickBatcher<BellCountRequest>(async (batch) => {
      const open = batch.filter((r) => !r.stream.closed());
      for (let from = 0; from < open.length; from += PER_STATEMENT) {
        const part = open.slice(from, from + PER_STATEMENT);
        try {
          const said = await counts(part.map((r) => ({ communityId: r.communityId, userId: r.userId })));
          part.forEach((r, i) => {
            const n = said[i];
            if (n !== null && n !== undefined && !r.stream.closed()) r.stream.send(frame(n));
          });
        } catch (err) {
          log.warn({ err, bells: part.length }, 'could not read the bells’ unread counts');
        }
      }
    }, hold);
  }

  request(r: BellCountRequest): void {
    this.#batcher.push(r);
  }

  /** Resolves once every count asked so far has been sent (a held batch runs now). */
  flush(): Promise<void> {
    return this.#batcher.flush();
  }
}
