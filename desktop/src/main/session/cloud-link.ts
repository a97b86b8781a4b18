import { httpLink } from '@trpc/client';

/**
 * Longest wait for one cloud call unless the caller says otherwise. A venue link that is up but carries
 * nothing (a half-open connection, a captive portal) must fail the call, so that the console says offline
 * and retries, rather than wait minutes for TCP to give up.
 */
const CLOUD_CALL_TIMEOUT_MS = 30_000;

/** The HTTP link every call from the desk to the cloud goes through: its `/trpc`, the bearer token, a deadline. */
export function cloudLink(options: { cloudUrl: string; token?: string; timeoutMs?: number }) {
  const timeoutMs = options.timeoutMs ?? CLOUD_CALL_TIMEOUT_MS;
  return httpLink({
    url: `${options.cloudUrl}/trpc`,
    headers: () => (options.token ? { authorization: `Bearer ${options.token}` } : {}),
    fetch: (url, init) => {
      const deadline = AbortSignal.timeout(timeoutMs);
      return fetch(url, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline });
    },
  });
}
