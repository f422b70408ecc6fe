/** What the realtime layer needs to know about the person asking to follow a buy. */
export interface BuyViewer {
  buyExists: boolean;
  isMember: boolean;
}

export type FollowDecision = 'allow' | 'not_found' | 'forbidden';

/**
 * Any member of the buy's compound may follow its live updates; nobody else learns that it exists. The
 * stream is public within the compound: a frame that names a household (order.adjusted, package.delivered,
 * delivery_report.resolved) is filtered to that household's verified members (notifications/frames.ts).
 */
export function canFollowBuy(viewer: BuyViewer): FollowDecision {
  if (!viewer.buyExists) return 'not_found';
  return viewer.isMember ? 'allow' : 'forbidden';
}
