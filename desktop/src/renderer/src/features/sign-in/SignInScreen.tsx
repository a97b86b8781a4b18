import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../trpc.ts';
import { FormAlert, TextField } from '../FormErrors.tsx';
import { JoinForm } from './JoinForm.tsx';

export function SignInScreen() {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [cloudUrl, setCloudUrl] = useState('http://127.0.0.1:3000');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [joining, setJoining] = useState(false);
  const signIn = useMutation(
    trpc.session.signIn.mutationOptions({
      onSuccess: (session) => queryClient.setQueryData(trpc.session.current.queryKey(), session),
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ cloudUrl, email, password });
  };

  if (joining) {
    return (
      <div className="sign-in">
        <JoinForm onBack={() => setJoining(false)} />
      </div>
    );
  }
  return (
    <div className="sign-in">
      <form className="card sign-in-card" onSubmit={submit} noValidate>
        <div className="brand big">
          <span className="brand-mark">◆</span> {t('app.name')}
        </div>
        <p className="muted">{t('signIn.intro')}</p>
        <TextField
          label={t('signIn.cloudUrl')}
          name="cloudUrl"
          value={cloudUrl}
          onChange={setCloudUrl}
          error={signIn.error}
        />
        <TextField
          label={t('signIn.email')}
          name="email"
          type="email"
          autoComplete="username"
          value={email}
          onChange={setEmail}
          error={signIn.error}
        />
        <TextField
          label={t('signIn.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          error={signIn.error}
        />
        <FormAlert error={signIn.error} />
        <button type="submit" className="primary" disabled={signIn.isPending}>
          {signIn.isPending ? t('signIn.submitting') : t('signIn.submit')}
        </button>
        <button type="button" onClick={() => setJoining(true)}>
          {t('join.open')}
        </button>
      </form>
    </div>
  );
}
