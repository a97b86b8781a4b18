/**
 * A Sentry DSN (`https://<public key>@<host>[/<path>]/<project id>`), as Sentry and compatible
 * services (GlitchTip, Bugsink, a self-hosted Sentry) hand it out: where to POST envelopes and the key
 * that authenticates them.
 */
import { z } from 'zod';

export interface Dsn {
  readonly dsn: string;
  readonly publicKey: string;
  readonly envelopeUrl: string;
}

/** Throws a plain Error saying what is wrong (the config names the variable). */
export function parseDsn(dsn: string): Dsn {
  let url: URL;
  try {
    url = new URL(dsn);
  } catch {
    throw new Error('not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('expected an http(s) URL');
  const parts = url.pathname.split('/').filter(Boolean);
  const projectId = parts.pop();
  if (!url.username || !projectId || !/^\d+$/.test(projectId)) {
    throw new Error('expected https://<public key>@<host>/<project id>');
  }
  const path = parts.length ? `/${parts.join('/')}` : '';
  return {
    dsn,
    publicKey: decodeURIComponent(url.username),
    envelopeUrl: `${url.protocol}//${url.host}${path}/api/${projectId}/envelope/`,
  };
}

/** The `X-Sentry-Auth` header of the envelope endpoint. */
export function sentryAuthHeader(dsn: Dsn, client: string): string {
  return `Sentry sentry_version=7, sentry_key=${dsn.publicKey}, sentry_client=${client}`;
}

/** `SENTRY_DSN` in a zod env schema: unset or empty = reporting off; a bad DSN is a config error. */
export const optionalDsn = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx) => {
    if (!value) return undefined;
    try {
      return parseDsn(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });
