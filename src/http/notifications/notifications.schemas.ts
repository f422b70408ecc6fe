import { z } from 'zod';
import { MAX_PAGE } from '../../core/notifications/feed.ts';
import { NOTIFICATION_TYPES } from '../../core/notifications/model.ts';

export const communityParams = z.object({ communityId: z.uuid() });

export const feedQuery = z.object({
  /** A notification id from the previous page (its `nextBefore`): the page continues with older ones. */
  before: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(20),
});

export const markReadBody = z
  .object({
    /** Marks read everything up to and including this notification; without it, the whole feed. */
    upTo: z.uuid().optional(),
  })
  .strict()
  .nullish(); // a POST without a body marks everything read

export const notificationOut = z.object({
  id: z.uuid(),
  type: z.enum(NOTIFICATION_TYPES),
  buyId: z.uuid().nullable(),
  /** Message parameters for the localised text: buyTitle, householdLabel, items, qty, reason … */
  data: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  read: z.boolean(),
  /** For a proxy household the reader looks after (代管), not their own: its label ("1-101"); else null. */
  onBehalfOf: z.string().nullable(),
  /** That proxy household's id, for the reader's links that act for it (代付 …); else null. */
  onBehalfOfHouseholdId: z.uuid().nullable(),
});

export const feedOut = z.object({
  notifications: z.array(notificationOut),
  unreadCount: z.int(),
  nextBefore: z.uuid().nullable(),
});

export const markReadOut = z.object({ unreadCount: z.int() });
