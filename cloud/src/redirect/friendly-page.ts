/**
 * The small page an attendee sees when a tap cannot go anywhere useful: never a stack trace, never a
 * bare error. Nothing from the request is echoed into the HTML. When the cloud knows the band's
 * organization, the page wears its branding — re-checked against the shared schema here (older rows may
 * be free-form) and escaped, so an organizer's values cannot put markup or script on attendees' pages.
 */
import { type Branding, brandingOf } from '@sparkmotion/shared/branding/branding';

const NOT_FOUND = {
  title: 'This wristband is not active',
  message: 'We could not find this wristband. If you think this is a mistake, please ask the event staff.',
};
const UNAVAILABLE = {
  title: 'Almost there',
  message: 'We could not open this wristband’s page right now. Please tap again in a moment.',
};

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

function page(text: { title: string; message: string }, branding: Branding | null): string {
  const colour = branding?.primaryColor ?? '#222';
  const background = branding?.backgroundColor ?? '#fff';
  const logo = branding?.logoUrl
    ? `<img src="${escapeHtml(branding.logoUrl)}" alt="" referrerpolicy="no-referrer" style="max-width:10rem;max-height:5rem">`
    : '';
  const name = branding?.name ? `<p class="org">${escapeHtml(branding.name)}</p>` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer"><title>${text.title}</title><style>body{font-family:system-ui,sans-serif;display:grid;place-items:center;min-height:90vh;margin:0;padding:1rem;color:#222;background:${background};text-align:center}main{max-width:28rem}h1{font-size:1.4rem;color:${colour}}.org{font-weight:600}</style></head><body><main>${logo}${name}<h1>${text.title}</h1><p>${text.message}</p></main></body></html>`;
}

export const NOT_FOUND_PAGE = page(NOT_FOUND, null);
export const UNAVAILABLE_PAGE = page(UNAVAILABLE, null);

/** The "tap again" page in the organization's branding (built per rare answer, never on the hot path). */
export const brandedUnavailablePage = (storedBranding: unknown): string => {
  const branding = brandingOf(storedBranding);
  return branding ? page(UNAVAILABLE, branding) : UNAVAILABLE_PAGE;
};
