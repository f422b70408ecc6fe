import type { DbHandle } from './db/client.ts';
import { createAuthRepo } from './db/repos/auth-repo.ts';
import { systemClock, uuidGenerator, type Clock, type IdGenerator } from './core/shared/ports.ts';
import { EventBus } from './realtime/event-bus.ts';

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

  return { ...base, authRepo };
}

export type Container = ReturnType<typeof createContainer>;
