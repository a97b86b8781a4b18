import { z } from 'zod';
import { BandIdSchema } from './common.schema.ts';

/** Where an event sends taps judged REPLAYED or COPIED: their own page, or the event's fallback. */
export const TrustPolicy = z.enum(['SAME_PAGE', 'FALLBACK']);
export const TrustPolicyInput = z.object({ orgId: z.uuid(), eventId: z.uuid(), policy: TrustPolicy });
/** A band whose tap counter the organizer resets (docs/tap-trust.md). */
export const BandCounterResetInput = z.object({ orgId: z.uuid(), bandId: BandIdSchema });
