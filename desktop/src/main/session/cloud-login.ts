import { DomainError } from '@sparkmotion/shared/errors';
import { createTRPCUntypedClient } from '@trpc/client';
import { toDomainError } from './cloud-client.ts';
import { cloudLink } from './cloud-link.ts';
import type { CloudJoin, CloudLogin } from './session.service.ts';

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

/** Accepts an invitation with a new account (`orgs.acceptInvite`), which answers with the invitee's session. */
export const cloudJoin: CloudJoin = async ({ cloudUrl, token, name, password }) => {
  const client = createTRPCUntypedClient({ links: [cloudLink({ cloudUrl })] });
  let result: { token?: unknown; user?: { email?: unknown } };
  try {
    result = (await client.mutation('orgs.acceptInvite', { token, name, password })) as typeof result;
  } catch (error) {
    throw toDomainError(error, cloudUrl);
  }
  if (typeof result?.token !== 'string' || typeof result.user?.email !== 'string')
    throw new DomainError('INTERNAL', 'The cloud answered without a session.');
  return { token: result.token, email: result.user.email };
};
