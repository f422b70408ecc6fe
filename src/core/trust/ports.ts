/** What 放心买's read needs; src/db/repos/trust-repo.ts implements it. */

export interface TrustFacts {
  buy: {
    id: string;
    communityId: string;
    createdBy: string;
    supplierName: string | null;
    /** When it was published (or created, for a draft): "earlier" buys are before it. */
    since: Date;
  };
  items: { id: string; name: string; spec: string | null; unit: string | null; priceFen: number }[];
  /** The leader as the compound sees them: their verified household's label and roles. */
  leader: { label: string | null; isAdmin: boolean; isLeader: boolean };
  /** The leader's buys in the compound by status (this one included), and their delivery reports. */
  leaderBuys: { status: string; count: number }[];
  leaderReports: { total: number; resolved: number };
  /** The compound's earlier buys that name a supplier, by supplier name and status (matched by supplierKey). */
  supplierBuys: { name: string; status: string; count: number }[];
  /**
   * The items of the compound's earlier buys (published, before this one, within EARLIER_DAYS): matched with
   * this buy's goods by goodsKey, which SQL cannot compute (NFKC).
   */
  earlierItems: { name: string; spec: string | null; unit: string | null; priceFen: number; at: Date }[];
}

export interface TrustRepo {
  /** Everything 放心买 shows of a buy, in a few statements; null when the buy does not exist. */
  trustFacts(buyId: string): Promise<TrustFacts | null>;
}
