import { z } from 'zod';

/** Where an event sends taps judged REPLAYED or COPIED: their own page, or the event's fallback. */
export const TrustPolicy = z.enum(['SAME_PAGE', 'FALLBACK']);
export const TrustPolicyInput = z.object({ orgId: z.uuid(), eventId: z.uuid(), policy: TrustPolicy });
