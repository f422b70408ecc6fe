import type { DbHandle } from './db/client.ts';
import { createAuthRepo } from './db/repos/auth-repo.ts';
import { systemClock, uuidGenerator, type Clock, type IdGenerator } from './core/shared/ports.ts';
import { EventBus } from './realtime/event-bus.ts';
import { SseHub } from './realtime/sse-hub.ts';
import { RealtimeBridge } from './realtime/realtime-bridge.ts';
import { createEventStore } from './db/repos/event-store.ts';
import { createRealtimeRepo } from './db/repos/realtime-repo.ts';

export interface ContainerOptions {
  clock?: Clock;
  ids?: IdGenerator;
}

/**
 * Wires repositories and use-cases by hand. Each bounded context has its own section below; keep
 * edits inside your context's section.
 */
export function createContainer(handle: DbHandle, options: ContainerOptions = {}) {
  const db = handle.db;
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? uuidGenerator;
  const events = new EventBus();
  const base = { handle, db, clock, ids, events };

  // --- auth ---
  const authRepo = createAuthRepo(db);

  // --- community ---

  // --- buys ---

  // --- realtime ---
  const sse = new SseHub();
  const realtime = new RealtimeBridge(handle, events, sse);
  const eventStore = createEventStore(db);
  const realtimeRepo = createRealtimeRepo(db);

  return { ...base, sse, realtime, eventStore, realtimeRepo, authRepo };
}

export type Container = ReturnType<typeof createContainer>;
