/**
 * The typed union of domain events, named noun.verb. Use-cases return or publish them after their
 * transaction commits; realtime (SSE), notifications and metrics listen. Use-cases never call realtime.
 */
/**
 * A household's line of the public 接龙 list as an order change leaves it (`cancelled`: gone from the list),
 * carried by the order events of an order batch so that an open buy page patches its list instead of
 * fetching it again (web/src/features/buys/list-patch.ts). By household label only: no household id, so the
 * frame goes to every member of the compound, as the list itself does.
 */
export interface ListEntryChange {
  seq: number;
  householdLabel: string;
  status: 'active' | 'waitlisted' | 'cancelled';
  /**
   * The order's lines by item name. `waitlistedQty` only where part of an `active` line's quantity waits (a
   * `waitlisted` line waits for all of it): with it a page counts a waiting household's place from the list
   * (core/buys/list-place.ts).
   */
  items: { name: string; qty: number; waitlistedQty?: number }[];
}

/**
 * A buy's counters as an order batch leaves them, carried by its order events with `version` (the buy's
 * version after the batch), so an open page shows the stock left and the totals without fetching the buy.
 */
export interface BuyCounters {
  version: number;
  liveOrders: number;
  amountFen: number;
  items: { id: string; allocatedQty: number; waitlistedQty: number }[];
}

/**
 * A buy's status as a change of status leaves it, `version` being the buy's version after it. Carried by that
 * change's events (`buy.published`, `buy.closed`, `buy.status_changed` and the `buy.updated` that follows each),
 * so that an open buy page shows it without fetching the buy and its order again: at a rushed buy's close that
 * was every open page at once (bench/place-reads.ts). What GET /api/buys/{id} shows every member anyway.
 */
export interface BuyStatusChange {
  version: number;
  status: string;
  publishedAt: string | null;
  closedAt: string | null;
  cancelReason: string | null;
  updatedAt: string;
}

export type DomainEvent =
  | { type: 'community.created'; communityId: string; at: string }
  | { type: 'household.claimed'; communityId: string; householdId: string; memberId: string; at: string }
  /**
   * A household counts as verified: a claim on it was (`claimLabel`, the household's label: its members are told,
   * claim_verified), or a volunteer registered it as a proxy (no one to tell).
   */
  | {
      type: 'household.verified';
      communityId: string;
      householdId: string;
      memberId: string;
      claimLabel?: string;
      at: string;
    }
  | { type: 'member.roles_changed'; communityId: string; memberId: string; at: string }
  /** After any change of a buy; `change` when the change was its status alone (BuyStatusChange). */
  | { type: 'buy.updated'; communityId: string; buyId: string; change?: BuyStatusChange; at: string }
  /** byMemberId on order events: who made the change (the resident, or a volunteer/admin on their behalf). */
  | {
      type: 'order.placed';
      communityId: string;
      buyId: string;
      orderId: string;
      byMemberId?: string;
      listEntry?: ListEntryChange;
      counters?: BuyCounters;
      at: string;
    }
  | {
      type: 'order.updated';
      communityId: string;
      buyId: string;
      orderId: string;
      byMemberId?: string;
      listEntry?: ListEntryChange;
      counters?: BuyCounters;
      at: string;
    }
  | {
      type: 'order.cancelled';
      communityId: string;
      buyId: string;
      orderId: string;
      byMemberId?: string;
      listEntry?: ListEntryChange;
      counters?: BuyCounters;
      at: string;
    }
  // --- buys ---
  | { type: 'buy.published'; communityId: string; buyId: string; change?: BuyStatusChange; at: string }
  /** `byMemberId`: who closed it by hand (none when the deadline did: the leader is told then, notify.ts). */
  | {
      type: 'buy.closed';
      communityId: string;
      buyId: string;
      byMemberId?: string;
      change?: BuyStatusChange;
      at: string;
    }
  | { type: 'buy.failed'; communityId: string; buyId: string; byMemberId?: string; at: string }
  /** Another compound joined the pool (联合团购) of the host's buy `buyId`, at its `gate`. */
  | {
      type: 'pool.joined';
      communityId: string;
      buyId: string;
      compoundName: string;
      gate: string;
      at: string;
    }
  /**
   * An open buy reached its 成团 threshold (an order batch or a leader's edit took it there: buy.ts
   * reachedThreshold), or the 联合团购 it is part of did, counted over every compound (`pool`: how many compounds
   * are in it and their totals then; src/core/pools/tell-pools-met.ts).
   */
  | {
      type: 'buy.threshold_met';
      communityId: string;
      buyId: string;
      pool?: { compounds: number; qty: number; amountFen: number };
      at: string;
    }
  | { type: 'buy.cancelled'; communityId: string; buyId: string; reason: string; at: string }
  | {
      type: 'buy.status_changed';
      communityId: string;
      buyId: string;
      status: string;
      change?: BuyStatusChange;
      at: string;
    }
  /**
   * Price, stock or other item details changed on an open buy: households with orders should be told.
   * `keepsList`: no item was renamed, so the 接龙 list's lines are as they were, but for those of the households
   * the change promoted (their `order.promoted` events carry them).
   */
  | {
      type: 'buy.items_changed';
      communityId: string;
      buyId: string;
      itemIds: string[];
      keepsList?: boolean;
      at: string;
    }
  | {
      type: 'order.promoted';
      communityId: string;
      buyId: string;
      orderId: string;
      itemId: string;
      qty: number;
      /**
       * The promoted household's line as the change leaves it; from an order batch, the buy's counters too (a
       * leader's restock moves more than the counters: pages fetch the buy).
       */
      listEntry?: ListEntryChange;
      counters?: BuyCounters;
      at: string;
    }
  /**
   * What a household receives and owes changed after the list closed (rows in order_adjustments, written in
   * the same transaction): a shortage at the gate, a refunded delivery report. Money and notifications listen.
   */
  | {
      type: 'order.adjusted';
      communityId: string;
      buyId: string;
      orderId: string;
      householdId: string;
      kind: 'shortage' | 'report_refund';
      amountFenDelta: number;
      byMemberId?: string;
      at: string;
    }
  // --- money ---
  /** The buy's ledger or payments changed: public ledger screens refetch (no household, no amounts). */
  | { type: 'money.updated'; communityId: string; buyId: string; at: string }
  /** A household's payment was confirmed or disputed by the leader (reaches that household only). */
  | {
      type: 'payment.confirmed' | 'payment.disputed';
      communityId: string;
      buyId: string;
      householdId: string;
      paymentId: string;
      amountFen: number;
      reason?: string;
      at: string;
    }
  /** A household is owed money back (refund due grew), or the leader sent it. */
  | {
      type: 'refund.due' | 'refund.sent';
      communityId: string;
      buyId: string;
      householdId: string;
      amountFen: number;
      at: string;
    }
  // --- distribution ---
  /** Something on the buy's distribution board changed (counts only: safe for the buy's public stream). */
  | { type: 'delivery.updated'; communityId: string; buyId: string; at: string }
  /** The leader posted "truck arriving" / "at the gate" / a note; participants are notified. */
  | {
      type: 'delivery.posted';
      communityId: string;
      buyId: string;
      postId: string;
      kind: 'arriving' | 'at_gate' | 'note';
      /** The leader's words to participants ("北门, 带好口罩"): public within the buy. */
      message: string | null;
      urgent: boolean;
      at: string;
    }
  /** A package was delivered to the door or picked up (household-scoped: reaches that household only). */
  | {
      type: 'package.delivered';
      communityId: string;
      buyId: string;
      packageId: string;
      householdId: string;
      at: string;
    }
  /**
   * A delivery mark was taken back (a wrong code typed, the wrong row tapped): the package is waiting again
   * (household-scoped).
   */
  | {
      type: 'package.undelivered';
      communityId: string;
      buyId: string;
      packageId: string;
      householdId: string;
      at: string;
    }
  /** The leader resolved a household's delivery report (household-scoped). */
  | {
      type: 'delivery_report.resolved';
      communityId: string;
      buyId: string;
      reportId: string;
      householdId: string;
      resolution: 'redelivered' | 'refunded' | 'rejected';
      at: string;
    }
  // --- notifications ---
  /**
   * New in-app notifications: for one household (householdId), or for the whole compound (null). `count` is
   * how many (absent from events stored before it was added: the phone then asks its count). Carries no
   * buyId so it never reaches a buy's public stream.
   */
  | {
      type: 'notification.created';
      communityId: string;
      householdId: string | null;
      at: string;
      count?: number;
    }
  /**
   * A member of the household marked notifications read: the household's other phones (the same member on
   * another device among them) ask their count again, so their badge does not wait for the minute's poll.
   * Household-scoped, like its notices.
   */
  | { type: 'notifications.read'; communityId: string; householdId: string; at: string }
  // --- street (邻里街坊, docs/street.md) ---
  /**
   * A post went up, changed state, or was answered. Public within the compound, as the board is: labels and
   * roles, never a name. The post's household is `postHouseholdId`, not `householdId`, so that the frame goes to
   * every member of the compound (core/notifications/frames.ts scopes frames by `householdId`); its notices
   * (help_offered, post_replied) are stored for that household.
   */
  | { type: 'post.created'; communityId: string; postId: string; kind: string; at: string }
  | ({
      type: 'post.changed';
      communityId: string;
      postId: string;
      kind: string;
      action: 'take' | 'release' | 'resolve' | 'close' | 'remove';
      status: string;
    } & PostEventFacts)
  | ({ type: 'post.replied'; communityId: string; postId: string; replyId: string } & PostEventFacts);

/** What a street event says of its post and of who acted, so its notice needs no read. */
export interface PostEventFacts {
  postHouseholdId: string | null;
  postTitle: string;
  byLabel: string | null;
  byRole: string | null;
  /** The one who acted is on the post's own side (its household, its poster): nobody is told. */
  byOwnSide: boolean;
  at: string;
}

export type DomainEventType = DomainEvent['type'];
