/**
 * An organization's branding as the attendee-facing pages show it. Every field reaches a page strangers
 * open, so each is checked to a shape that cannot carry markup or script: colours are CSS hex colours,
 * the logo is an https URL (never `javascript:`/`data:`), the name is plain text (escaped when drawn).
 */
import { z } from 'zod';
import { CleanText } from '../schemas/common.schema.ts';

export const BRANDING_NAME_MAX = 120;
export const BRANDING_LOGO_URL_MAX = 2048;

const HexColour = z.string().regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'a CSS hex colour such as #1a7f5a');

const LogoUrl = CleanText.trim().max(BRANDING_LOGO_URL_MAX).refine(isHttpsUrl, 'an https:// address of an image');

function isHttpsUrl(value: string): boolean {
  if (!value.startsWith('https://')) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

export const Branding = z
  .object({
    name: CleanText.trim().min(1).max(BRANDING_NAME_MAX).optional(),
    logoUrl: LogoUrl.optional(),
    /** Headings and the band across the top of the page. */
    primaryColor: HexColour.optional(),
    backgroundColor: HexColour.optional(),
  })
  .strict();
export type Branding = z.infer<typeof Branding>;

/** Branding as stored (older rows may be free-form): what passes the schema now, or nothing. */
export function brandingOf(stored: unknown): Branding | null {
  const parsed = Branding.safeParse(stored);
  return parsed.success ? parsed.data : null;
}
