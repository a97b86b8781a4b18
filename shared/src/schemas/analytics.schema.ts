/** Inputs of the cloud's `analytics` procedures (the console's main process passes some through). */
import { z } from 'zod';
import { CleanText, Id, Instant, OrgScoped } from './common.schema.ts';

/** Bots, link previews and rate-limited taps are recorded but left out of counts unless asked for. */
const EventScoped = OrgScoped.extend({ eventId: Id, includeFlagged: z.boolean().default(false) });

export const TapsOverTimeInput = EventScoped.extend({
  bucket: z.enum(['minute', 'hour', 'day']),
  from: Instant.optional(),
  to: Instant.optional(),
});
export const SummaryInput = EventScoped;
export const TopBandsInput = EventScoped.extend({ limit: z.number().int().min(1).max(100).default(10) });
export const PerWindowInput = EventScoped;
export const LiveInput = OrgScoped.extend({ eventId: Id });
export const ExportInput = OrgScoped.extend({
  eventId: Id,
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor: CleanText.max(200).nullish(),
  limit: z.number().int().min(1).max(10_000).default(5_000),
});
export const IpPrivacyMode = z.enum(['FULL', 'ANONYMIZED', 'NONE']);
export const PrivacyGetInput = OrgScoped;
export const PrivacySetInput = OrgScoped.extend({
  ipMode: IpPrivacyMode,
  /** Days until raw IPs and user agents are erased. */
  retentionDays: z.number().int().min(1).max(3650),
  /** Days until raw taps are deleted (their figures stay in the analytics); unchanged when absent. */
  rawRetentionDays: z.number().int().min(1).max(3650).optional(),
});
export const OrphansInput = z.object({ limit: z.number().int().min(1).max(500).default(50) });
export const BreakdownDimension = z.enum(['country', 'deviceType', 'os', 'browser', 'bot', 'trust', 'hourOfDay']);
export type BreakdownDimension = z.infer<typeof BreakdownDimension>;
export const BreakdownInput = EventScoped.extend({ dimension: BreakdownDimension });
