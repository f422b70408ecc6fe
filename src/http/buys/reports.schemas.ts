import { z } from 'zod';

export const reportParams = z.object({ buyId: z.uuid() });
export const packingQuery = z.object({
  buildingId: z.uuid().optional().describe('Only this building (it must be one of the caller’s buildings)'),
});
