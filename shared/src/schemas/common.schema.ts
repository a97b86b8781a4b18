import { z } from 'zod';
import { isBandId } from '../bands/band-id.ts';
import { CLEAN_TEXT_MESSAGE, isCleanText } from '../text/clean-text.ts';
import { isValidTimeZone } from '../time/zoned.ts';
import { asciiHref } from '../urls/ascii-href.ts';

export const Id = z.uuid();
/**
 * Free text (names, searches, ticket codes, cursors, station ids): no NUL and no lone surrogate
 * (text/clean-text.ts), which PostgreSQL refuses. The one check for it, on both sides: the cloud answers
 * BAD_INPUT, and a desk refuses the change locally instead of queueing a mutation the cloud would reject.
 */
export const CleanText = z.string().refine(isCleanText, CLEAN_TEXT_MESSAGE);
export const OrgRole = z.enum(['OWNER', 'EDITOR', 'VIEWER']);
export type OrgRole = z.infer<typeof OrgRole>;
export const PlatformRole = z.enum(['ADMIN', 'CUSTOMER']);
export type PlatformRole = z.infer<typeof PlatformRole>;
export const WindowKind = z.enum(['PRE', 'LIVE', 'POST']);
export type WindowKind = z.infer<typeof WindowKind>;
export const BandStatus = z.enum(['ACTIVE', 'DISABLED', 'LOST']);
export type BandStatus = z.infer<typeof BandStatus>;

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'not an email address' }).max(254));
/** Kept and sent in its ASCII form (`asciiHref`): a URL a browser cannot take from `Location` is never stored. */
export const HttpUrl = z
  .url({ protocol: /^https?$/, message: 'not an http(s) URL' })
  .transform((url, ctx) => {
    const href = asciiHref(url);
    if (href === null) {
      ctx.addIssue({ code: 'custom', message: 'not an http(s) URL' });
      return z.NEVER;
    }
    return href;
  })
  .pipe(z.string().max(2048, 'URL too long (2,048 characters once percent-encoded)'));
export const BandIdSchema = z.string().refine(isBandId, 'not a band id');
/** Tag UIDs as upper-case hex, 4, 7 or 10 bytes (ISO 14443-3); colons and spaces are dropped. */
export const TagUid = z
  .string()
  .transform((value) => value.replace(/[\s:]/g, '').toUpperCase())
  .pipe(z.string().regex(/^([0-9A-F]{8}|[0-9A-F]{14}|[0-9A-F]{20})$/, 'not a tag UID'));
/** An ISO 8601 instant with an offset, or a Date (the in-process caller). */
export const Instant = z.union([z.date(), z.iso.datetime({ offset: true }).transform((value) => new Date(value))]);

/** Every org-scoped input names its organization; the role check reads it. */
export const OrgScoped = z.object({ orgId: Id });

export const Paging = z.object({
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor: CleanText.max(200).nullish(),
  limit: z.number().int().min(1).max(500).default(50),
});

/** IANA names only: Intl also takes offsets like "+01:00", which PostgreSQL's AT TIME ZONE reads with the sign inverted. */
export const isTimezone = isValidTimeZone;
export const Timezone = CleanText.min(1).max(64).refine(isTimezone, 'not an IANA time zone');
