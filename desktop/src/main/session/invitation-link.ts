/**
 * The invitation link an OWNER hands over: `<cloud URL>/invite#<token>`. The token sits in the fragment,
 * which browsers and proxies never send, so it stays out of every server log; the console reads it back.
 */
export function invitationLink(cloudUrl: string, token: string): string {
  return `${cloudUrl.replace(/\/+$/, '')}/invite#${token}`;
}

/** The cloud and the token of an invitation link, or null when the text is not one. */
export function parseInvitationLink(text: string): { cloudUrl: string; token: string } | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  const token = url.hash.slice(1);
  if (!/^https?:$/.test(url.protocol) || !url.pathname.endsWith('/invite') || token.length < 20) return null;
  return { cloudUrl: `${url.origin}${url.pathname.slice(0, -'/invite'.length)}`, token };
}
