import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { errorMessageOf, useTRPC } from '../../trpc.ts';

export function SignInScreen() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [cloudUrl, setCloudUrl] = useState('http://127.0.0.1:3000');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useMutation(
    trpc.session.signIn.mutationOptions({
      onSuccess: (session) => queryClient.setQueryData(trpc.session.current.queryKey(), session),
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ cloudUrl, email, password });
  };

  return (
    <div className="sign-in">
      <form className="card sign-in-card" onSubmit={submit}>
        <div className="brand big">
          <span className="brand-mark">◆</span> SparkMotion
        </div>
        <p className="muted">Sign in to your organization's cloud to encode and manage wristbands.</p>
        <label>
          Cloud URL
          <input name="cloudUrl" value={cloudUrl} onChange={(e) => setCloudUrl(e.target.value)} required />
        </label>
        <label>
          Email
          <input
            name="email"
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {signIn.error && (
          <div className="alert error" role="alert">
            {errorMessageOf(signIn.error)}
          </div>
        )}
        <button type="submit" className="primary" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
