import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../trpc.ts';
import { FormAlert, TextField } from '../FormErrors.tsx';

/** Joining an organization from the invitation link an owner handed over, with a new account. */
export function JoinForm(props: { onBack: () => void }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [link, setLink] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const join = useMutation(
    trpc.session.join.mutationOptions({
      onSuccess: (session) => queryClient.setQueryData(trpc.session.current.queryKey(), session),
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    join.mutate({ link, name, password });
  };
  return (
    <form className="card sign-in-card" onSubmit={submit} noValidate>
      <h2>{t('join.title')}</h2>
      <p className="muted">{t('join.intro')}</p>
      <TextField label={t('join.link')} name="link" value={link} onChange={setLink} error={join.error} />
      <TextField label={t('join.name')} name="name" value={name} onChange={setName} error={join.error} />
      <TextField
        label={t('join.password')}
        name="password"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={setPassword}
        error={join.error}
      />
      <FormAlert error={join.error} />
      <button type="submit" className="primary" disabled={join.isPending}>
        {t('join.submit')}
      </button>
      <button type="button" onClick={props.onBack}>
        {t('join.back')}
      </button>
    </form>
  );
}
