/**
 * Group commit: requests for the same key (a buy) that arrive while a batch for it is running wait, then
 * run together as the next batch, in arrival order, in one transaction. Each request is answered only
 * after its batch has committed. Different keys run independently.
 */
export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

export type BatchRunner<Q, R> = (key: string, requests: readonly Q[]) => Promise<Settled<R>[]>;

interface Pending<Q, R> {
  request: Q;
  resolve(value: R): void;
  reject(error: unknown): void;
}

export class GroupCommitQueue<Q, R> {
  readonly #run: BatchRunner<Q, R>;
  readonly #maxBatch: number;
  readonly #onBatch: (size: number) => void;
  readonly #queues = new Map<string, Pending<Q, R>[]>();
  #batches = 0;
  #batchedRequests = 0;
  /** When the last key's batches ended (performance.now()); -Infinity before any. */
  #lastEnded = -Infinity;

  /** `onBatch` is told the size of every batch as it starts (metrics). */
  constructor(run: BatchRunner<Q, R>, options: { maxBatch?: number; onBatch?: (size: number) => void } = {}) {
    this.#run = run;
    this.#maxBatch = options.maxBatch ?? 200;
    this.#onBatch = options.onBatch ?? (() => {});
  }

  /** Batches run so far and the requests they carried (for metrics and tests). */
  get stats(): { batches: number; requests: number } {
    return { batches: this.#batches, requests: this.#batchedRequests };
  }

  /**
   * Milliseconds since batches last ran: 0 while any runs or waits, Infinity before the first. Work that can
   * wait (the notifier's) waits while this is small, so that a rush's requests are answered first.
   */
  quietFor(now = performance.now()): number {
    return this.#queues.size > 0 ? 0 : now - this.#lastEnded;
  }

  submit(key: string, request: Q): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const queue = this.#queues.get(key);
      if (queue) {
        queue.push({ request, resolve, reject });
        return;
      }
      this.#queues.set(key, [{ request, resolve, reject }]);
      // Start after pending I/O callbacks so that requests arriving together share the first batch.
      setImmediate(() => void this.#drain(key));
    });
  }

  async #drain(key: string): Promise<void> {
    const queue = this.#queues.get(key)!;
    let answerPrevious: (() => void) | null = null;
    while (queue.length > 0) {
      const batch = queue.splice(0, this.#maxBatch);
      const running = this.#runBatch(key, batch);
      // The previous batch is committed: its callers are answered now, while this batch's first statements
      // are already on their way to the database (answering a hundred requests takes the server's thread
      // several milliseconds, which the database used to spend idle). A later turn, so that those statements
      // are sent first; still before anything of this batch can be answered.
      if (answerPrevious) setImmediate(answerPrevious);
      answerPrevious = await running;
      // An embedded database runs a whole batch without giving the event loop a turn (its calls finish
      // synchronously, so every await resolves at once); yield so requests read meanwhile join the next one.
      await new Promise((r) => setImmediate(r));
    }
    this.#queues.delete(key);
    this.#lastEnded = performance.now();
    answerPrevious?.();
  }

  /** Runs a batch to its commit (or its failure); returns what answers its callers. */
  async #runBatch(key: string, batch: Pending<Q, R>[]): Promise<() => void> {
    this.#batches++;
    this.#batchedRequests += batch.length;
    this.#onBatch(batch.length);
    let results: Settled<R>[];
    const requests: Q[] = [];
    for (const p of batch) requests.push(p.request);
    try {
      results = await this.#run(key, requests);
    } catch (error) {
      if (batch.length === 1) return () => batch[0]!.reject(error);
      // One request broke the whole transaction (a constraint, a lost race with another instance): run
      // each alone so the others still succeed and the culprit gets its own error.
      const answers: (() => void)[] = [];
      for (const p of batch) answers.push(await this.#runBatch(key, [p]));
      return () => answers.forEach((answer) => answer());
    }
    return () => {
      for (let i = 0; i < batch.length; i++) {
        const p = batch[i]!;
        const r = results[i];
        if (!r) p.reject(new Error('batch runner returned too few results'));
        else if (r.ok) p.resolve(r.value);
        else p.reject(r.error);
      }
    };
  }
}
