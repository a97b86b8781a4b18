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

export interface SessionService {
  current(): Promise<SessionView | null>;
  signIn(input: SignInInput): Promise<SessionView>;
  signOut(): Promise<void>;
  /** The session with its token, for main-process code that calls the cloud; throws UNAUTHENTICATED. */
  require(): Promise<CloudSession>;
  onChange(listener: (session: SessionView | null) => void): () => void;
}

export function createSessionService(deps: { store: SessionStore; login: CloudLogin }): SessionService {
  const listeners = new Set<(session: SessionView | null) => void>();
  const view = (session: CloudSession | null): SessionView | null =>
    session ? { cloudUrl: session.cloudUrl, email: session.email } : null;
  const notify = (session: SessionView | null) => {
    for (const listener of listeners) listener(session);
  };
  return {
    current: async () => view(await deps.store.load()),
    async signIn(input) {
      const cloudUrl = input.cloudUrl.replace(/\/+$/, '');
      const { token } = await deps.login({ ...input, cloudUrl });
      const session = { cloudUrl, email: input.email, token };
      await deps.store.save(session);
      const signedIn = { cloudUrl, email: input.email };
      notify(signedIn);
      return signedIn;
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
