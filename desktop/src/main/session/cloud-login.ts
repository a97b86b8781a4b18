import { createCloudClient, toDomainError } from './cloud-client.ts';
import type { CloudJoin, CloudLogin } from './session.service.ts';

/** Signs in against the cloud's tRPC API (`auth.login`); the cloud's own reason comes back as a DomainError. */
export const cloudLogin: CloudLogin = async ({ cloudUrl, email, password }) => {
  try {
    const { token } = await createCloudClient({ cloudUrl }).auth.login.mutate({ email, password });
    return { token };
  } catch (error) {
    throw toDomainError(error, cloudUrl);
  }
};

/** Accepts an invitation with a new account (`orgs.acceptInvite`), which answers with the invitee's session. */
export const cloudJoin: CloudJoin = async ({ cloudUrl, token, name, password }) => {
  try {
    const joined = await createCloudClient({ cloudUrl }).orgs.acceptInvite.mutate({ token, name, password });
    return { token: joined.token, email: joined.user.email };
  } catch (error) {
    throw toDomainError(error, cloudUrl);
  }
};
