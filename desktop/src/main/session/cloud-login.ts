import { DomainError } from '@sparkmotion/shared/errors';
import { createTRPCUntypedClient, httpLink } from '@trpc/client';
import type { CloudLogin } from './session.service.ts';

/** Signs in against the cloud's tRPC API (`auth.login`). */
export const cloudLogin: CloudLogin = async ({ cloudUrl, email, password }) => {
  const client = createTRPCUntypedClient({ links: [httpLink({ url: `${cloudUrl}/trpc` })] });
  try {
    const result = (await client.mutation('auth.login', { email, password })) as { token?: unknown };
    if (typeof result?.token !== 'string') throw new DomainError('INTERNAL', 'The cloud answered without a token.');
    return { token: result.token };
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const code = (error as { data?: { code?: string } }).data?.code;
    if (code === 'INVALID_CREDENTIALS' || code === 'UNAUTHORIZED') {
      throw new DomainError('INVALID_CREDENTIALS', 'Wrong email or password.');
    }
    throw new DomainError('UNAVAILABLE', `Cannot reach the cloud at ${cloudUrl}.`);
  }
};
