import { DomainError } from '@sparkmotion/shared/errors';
import type { CloudSession, SessionStore } from './session-store.ts';

/** What the renderer may know of the session: never the token. */
export interface SessionView {
  cloudUrl: string;
  email: string;
}

export interface SignInInput {
  cloudUrl: string;
  email: string;
  password: string;
}

/** Exchanges credentials for a cloud session token (the cloud's `auth.login`). */
export type CloudLogin = (input: SignInInput) => Promise<{ token: string }>;

export interface JoinInput {
  cloudUrl: string;
  token: string;
  name: string;
  password: string;
}

/** Accepts an invitation with a new account (the cloud's `orgs.acceptInvite`): a session for the invitee. */
export type CloudJoin = (input: JoinInput) => Promise<{ token: string; email: string }>;

export interface SessionService {
  current(): Promise<SessionView | null>;
  signIn(input: SignInInput): Promise<SessionView>;
  /** Joins an organization from its invitation link with a new account, and signs in as it. */
  join(input: JoinInput): Promise<SessionView>;
  signOut(): Promise<void>;
  /** The session with its token, for main-process code that calls the cloud; throws UNAUTHENTICATED. */
  require(): Promise<CloudSession>;
  onChange(listener: (session: SessionView | null) => void): () => void;
}

export function createSessionService(deps: {
  store: SessionStore;
  login: CloudLogin;
  join: CloudJoin;
}): SessionService {
  const listeners = new Set<(session: SessionView | null) => void>();
  const view = (session: CloudSession | null): SessionView | null =>
    session ? { cloudUrl: session.cloudUrl, email: session.email } : null;
  const notify = (session: SessionView | null) => {
    for (const listener of listeners) listener(session);
  };
  const start = async (session: CloudSession): Promise<SessionView> => {
    await deps.store.save(session);
    const signedIn = { cloudUrl: session.cloudUrl, email: session.email };
    notify(signedIn);
    return signedIn;
  };
  return {
    current: async () => view(await deps.store.load()),
    async signIn(input) {
      const cloudUrl = input.cloudUrl.replace(/\/+$/, '');
      const { token } = await deps.login({ ...input, cloudUrl });
      return start({ cloudUrl, email: input.email, token });
    },
    async join(input) {
      const cloudUrl = input.cloudUrl.replace(/\/+$/, '');
      const { token, email } = await deps.join({ ...input, cloudUrl });
      return start({ cloudUrl, email, token });
    },
    async signOut() {
      await deps.store.clear();
      notify(null);
    },
    async require() {
      const session = await deps.store.load();
      if (!session) throw new DomainError('UNAUTHENTICATED', 'Sign in to the cloud first.');
      return session;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
