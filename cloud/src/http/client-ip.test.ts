import type { IncomingMessage } from 'node:http';
import { describe, expect, test } from 'vitest';
import { clientIp } from './client-ip.ts';

const request = (rawHeaders: string[], remoteAddress = '10.0.0.9') =>
  ({ rawHeaders, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('clientIp', () => {
  test('is the socket peer unless the proxy is trusted', () => {
    expect(clientIp(request(['X-Forwarded-For', '203.0.113.7']), false)).toBe('10.0.0.9');
  });

  test('behind a trusted load balancer: the last hop of the last X-Forwarded-For (what the balancer saw)', () => {
    const forged = request(['x-forwarded-for', '1.2.3.4', 'X-Forwarded-For', '6.6.6.6, 203.0.113.7']);
    expect(clientIp(forged, true)).toBe('203.0.113.7');
    expect(clientIp(request([]), true)).toBe('10.0.0.9');
  });
});
