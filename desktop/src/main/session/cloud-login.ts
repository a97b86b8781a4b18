import { DomainError } from '@sparkmotion/shared/errors';
import { createTRPCUntypedClient } from '@trpc/client';
import { toDomainError } from './cloud-client.ts';
import { cloudLink } from './cloud-link.ts';
import type { CloudLogin } from './session.service.ts';

/** Signs in against the cloud's tRPC API (`auth.login`); the cloud's own reason comes back as a DomainError. */
export const cloudLogin: CloudLogin = async ({ cloudUrl, email, password }) => {
  const client = createTRPCUntypedClient({ links: [cloudLink({ cloudUrl })] });
  let result: { token?: unknown };
  try {
    result = (await client.mutation('auth.login', { email, password })) as { token?: unknown };
  } catch (error) {
    throw toDomainError(error, cloudUrl);
  }
  if (typeof result?.token !== 'string') throw new DomainError('INTERNAL', 'The cloud answered without a token.');
  return { token: result.token };
};
