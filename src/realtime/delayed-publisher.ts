import type { DomainEvent } from '../core/shared/events.ts';

/**
 * Publishes events at a given time (NotifierDeps.later): one timer per distinct time, the events of one
 * time merged by audience (one notification.created per household is enough, with the count of both), timers that do not keep the
 * process alive, and all dropped by `stop()`. In memory only: a restart before the time loses the live
 * push, not the notification (the feed shows it when its time comes, at the next fetch).
 */
export class DelayedPublisher {
  readonly #publish: (events: DomainEvent[]) => void;
  readonly #now: () => number;
  readonly #due = new Map<number, { timer: NodeJS.Timeout; events: Map<string, DomainEvent> }>();

  constructor(publish: (events: DomainEvent[]) => void, now: () => number = () => Date.now()) {
    this.#publish = publish;
    this.#now = now;
  }

  at(when: Date, events: readonly DomainEvent[]): void {
    const time = when.getTime();
    let slot = this.#due.get(time);
    if (!slot) {
      // setTimeout takes at most ~24.8 days; quiet hours end within one.
      const delay = Math.min(Math.max(0, time - this.#now()), 2 ** 31 - 1);
      const timer = setTimeout(() => {
        const s = this.#due.get(time);
        this.#due.delete(time);
        if (s) this.#publish([...s.events.values()]);
      }, delay);
      timer.unref();
      slot = { timer, events: new Map() };
      this.#due.set(time, slot);
    }
    for (const e of events) {
      const key = audienceKey(e);
      slot.events.set(key, merged(slot.events.get(key), e));
    }
  }

  /** Events waiting to be published (for tests and shutdown logs). */
  get waiting(): number {
    let n = 0;
    for (const s of this.#due.values()) n += s.events.size;
    return n;
  }

  stop(): void {
    for (const s of this.#due.values()) clearTimeout(s.timer);
    this.#due.clear();
  }
}

function audienceKey(e: DomainEvent): string {
  const household = 'householdId' in e ? e.householdId : null;
  return `${e.type} ${e.communityId} ${household}`;
}

/** Two events for one audience at one time: the later, bringing the notices of both. */
function merged(was: DomainEvent | undefined, e: DomainEvent): DomainEvent {
  if (was?.type !== 'notification.created' || e.type !== 'notification.created') return e;
  if (was.count === undefined || e.count === undefined) return { ...e, count: undefined };
  return { ...e, count: was.count + e.count };
}
