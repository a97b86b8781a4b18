import { isBandId } from '../bands/band-id.ts';

/** The URL a band's tag carries: `<hub>/e?bandId=<id>` (the hub base URL comes from settings). */
export function bandUrl(hubBaseUrl: string, bandId: string): string {
  if (!isBandId(bandId)) throw new Error(`not a band id: ${bandId}`);
  return `${hubBaseUrl.replace(/\/+$/, '')}/e?bandId=${bandId}`;
}

/**
 * The band id and hub a tag's URL names, for both forms the redirect serves (`/e?bandId=<id>` and
 * `/e/<id>`); null for any other URL, so a foreign tag is told apart from one of ours.
 */
export function parseBandUrl(uri: string): { bandId: string; hubBaseUrl: string } | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return null;
  }
  const path = url.pathname;
  let bandId: string | null = null;
  let base: string;
  if (path.endsWith('/e')) {
    bandId = url.searchParams.get('bandId');
    base = path.slice(0, -2);
  } else {
    const match = /^(.*)\/e\/([^/]+)$/.exec(path);
    if (!match) return null;
    bandId = match[2]!;
    base = match[1]!;
  }
  if (!bandId || !isBandId(bandId)) return null;
  return { bandId, hubBaseUrl: `${url.origin}${base}` };
}
