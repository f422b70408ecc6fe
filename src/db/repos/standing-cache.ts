/**
 * Members' standing in a compound (roles, volunteers' buildings, the household they claimed), kept between order
 * batches. A compound's `standing_version` moves in the same transaction as any change to what a standing is
 * read from (triggers, migration 0017), and every read sends the version with the standings it lacks, in one
 * statement (one snapshot): a standing is reused only while the version it was read at is still the current
 * one, so a revoked role or a rejected claim is seen by the next batch, on any instance. What a batch reads is
 * then as fresh as reading every standing again in that statement would be.
 */
import type { MemberContext } from '../../core/buys/ports.ts';
import type { Executor } from '../client.ts';

/** One statement: the compound's current standing version, and the standing of these users (members only). */
export type ReadStanding = (
  communityId: string,
  userIds: readonly string[],
  /** Read through this executor (a transaction's) rather than the one the reader was made with. */
  via?: Executor,
) => Promise<{ version: number; members: Map<string, MemberContext> }>;

/** A compound's standings as read at `version` (null: not a member). */
interface Held {
  version: number;
  users: Map<string, MemberContext | null>;
}

export class StandingCache {
  readonly #read: ReadStanding;
  readonly #max: number;
  /** By compound: the version its standings were read at, and each user's (null: not a member). */
  readonly #byCommunity = new Map<string, Held>();
  #size = 0;

  /** `max`: standings held in all; past it everything is dropped and read again as batches need it. */
  constructor(read: ReadStanding, options: { max?: number } = {}) {
    this.#read = read;
    this.#max = options.max ?? 50_000;
  }

  /** Standings held (all compounds). */
  get size(): number {
    return this.#size;
  }

  /** The standing of each of these users in the compound, by user id (non-members are absent). */
  async members(
    communityId: string,
    userIds: readonly string[],
    via?: Executor,
  ): Promise<Map<string, MemberContext>> {
    if (this.#size + userIds.length > this.#max) this.clear();
    const held = this.#byCommunity.get(communityId);
    const missing = held ? userIds.filter((u) => !held.users.has(u)) : [...userIds];
    const read = await this.#read(communityId, missing, via);
    if (held && held.version === read.version) {
      const found = new Map<string, MemberContext>();
      for (const u of userIds) {
        const m = held.users.has(u) ? held.users.get(u) : read.members.get(u);
        if (m) found.set(u, m);
      }
      // (Another batch of the compound may have replaced what was held meanwhile.)
      if (this.#byCommunity.get(communityId) === held) this.#keep(held, missing, read.members);
      return found;
    }
    // First read of the compound, or its standing changed since: what was held is dropped, and the users
    // held are read again. Kept only when both reads saw the same version.
    this.#drop(communityId);
    const rest = held ? userIds.filter((u) => held.users.has(u)) : [];
    const again = rest.length > 0 ? await this.#read(communityId, rest, via) : null;
    if (!again || again.version === read.version) {
      this.#drop(communityId);
      const fresh: Held = { version: read.version, users: new Map() };
      this.#byCommunity.set(communityId, fresh);
      this.#keep(fresh, missing, read.members);
      if (again) this.#keep(fresh, rest, again.members);
    }
    return new Map([...read.members, ...(again?.members ?? [])]);
  }

  #keep(held: Held, userIds: readonly string[], read: Map<string, MemberContext>): void {
    for (const u of userIds) {
      if (!held.users.has(u)) this.#size++;
      held.users.set(u, read.get(u) ?? null);
    }
  }

  #drop(communityId: string): void {
    this.#size -= this.#byCommunity.get(communityId)?.users.size ?? 0;
    this.#byCommunity.delete(communityId);
  }

  /** Drops every standing held. */
  clear(): void {
    this.#byCommunity.clear();
    this.#size = 0;
  }
}
