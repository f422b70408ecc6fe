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

/** How many of a batch's counts are read at once (PostgreSQL's pool; the embedded database takes them in turn). */
const AT_ONCE = 8;

/**
 * A bell's first word: the member's unread count, sent on its stream when it opens (`unreadFrame`), so that the
 * phone asks nothing, neither when the app opens nor when the bell comes back after a cut. When a server
 * restarts in a rush, every phone's bell comes back within seconds, and each one's count was a request of its
 * own, on top of the joins being retried (docs/benchmarks.md, thirty-eighth session). The counts of the bells
 * that open together are read as one batch, and a batch waits while order batches run (`hold`, as the
 * notifier's does): the joins are answered first. A bell closed meanwhile is skipped; a count that cannot be
 * read is left to the phone's minute's poll.
 */
export class BellCounts {
  readonly #batcher: TickBatcher<BellCountRequest>;

  constructor(
    /** The member's unread count, or null when they are no longer a member. */
    count: (communityId: string, userId: string) => Promise<number | null>,
    frame: (count: number) => string,
    log: BellCountsLogger,
    hold?: BatchHold,
  ) {
    this.#batcher = new TickBatcher<BellCountRequest>(async (batch) => {
      const open = batch.filter((r) => !r.stream.closed());
      for (let from = 0; from < open.length; from += AT_ONCE)
        await Promise.all(
          open.slice(from, from + AT_ONCE).map(async (r) => {
            try {
              const n = await count(r.communityId, r.userId);
              if (n !== null && !r.stream.closed()) r.stream.send(frame(n));
            } catch (err) {
              log.warn({ err }, 'could not read a bell’s unread count');
            }
          }),
        );
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
