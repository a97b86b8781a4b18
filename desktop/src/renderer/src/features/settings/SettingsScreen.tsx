import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Language, languages } from '../../i18n/i18n.ts';
import { useConsole } from '../../store/index.ts';
import { useTRPC } from '../../trpc.ts';
import { ConfirmDialog } from '../ConfirmDialog.tsx';
import { FormAlert, TextField } from '../FormErrors.tsx';
import { hubUrlWarning } from './hub-url-warning.ts';

export function SettingsScreen() {
  const trpc = useTRPC();
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.settings.get.queryOptions());
  const update = useMutation(
    trpc.settings.update.mutationOptions({
      onSuccess: (next) => queryClient.setQueryData(trpc.settings.get.queryKey(), next),
    }),
  );
  // The hub's own form keeps its error apart, so a bad URL shows at its field, not under another card.
  const updateHub = useMutation(
    trpc.settings.update.mutationOptions({
      onSuccess: (next) => queryClient.setQueryData(trpc.settings.get.queryKey(), next),
    }),
  );
  const signOut = useMutation(
    trpc.session.signOut.mutationOptions({
      onSuccess: () => queryClient.setQueryData(trpc.session.current.queryKey(), null),
    }),
  );
  const stations = useConsole((st) => st.stations);
  const [hubBaseUrl, setHubBaseUrl] = useState('');
  // Locking is irreversible for every tag written afterwards: turning it on is asked first.
  const [askLock, setAskLock] = useState(false);
  useEffect(() => {
    if (settings.data) setHubBaseUrl(settings.data.hubBaseUrl);
  }, [settings.data]);

  if (!settings.data) return <div className="muted">{t('settings.loading')}</div>;
  const s = settings.data;
  const saveHub = (event: FormEvent) => {
    event.preventDefault();
    updateHub.mutate({ hubBaseUrl });
  };
  const warning = hubUrlWarning(hubBaseUrl);
  const chooseLanguage = (language: Language) => {
    update.mutate({ language });
    void i18n.changeLanguage(language);
  };

  return (
    <div className="stack narrow">
      <form className="card" onSubmit={saveHub} noValidate>
        <h2>{t('settings.hub')}</h2>
        <p className="muted">{t('settings.hubIntro', { url: `${s.hubBaseUrl}/e?bandId=…` })}</p>
        <TextField
          label={t('settings.hubBaseUrl')}
          name="hubBaseUrl"
          value={hubBaseUrl}
          onChange={setHubBaseUrl}
          error={updateHub.error}
        />
        {warning && (
          <div className="alert warn" data-testid="hub-warning">
            {t(`settings.hubWarning.${warning}`)}
          </div>
        )}
        <FormAlert error={updateHub.error} />
        <button type="submit" className="primary" disabled={hubBaseUrl === s.hubBaseUrl || updateHub.isPending}>
          {t('common.save')}
        </button>
      </form>
      <div className="card">
        <h2>{t('settings.encoding')}</h2>
        <Toggle
          label={t('settings.lock')}
          hint={t('settings.lockHint')}
          checked={s.lockAfterWrite}
          onChange={(lockAfterWrite) => (lockAfterWrite ? setAskLock(true) : update.mutate({ lockAfterWrite }))}
        />
        <ConfirmDialog
          open={askLock}
          title={t('settings.lockTitle')}
          cancelLabel={t('settings.lockCancel')}
          confirmLabel={t('settings.lockConfirm')}
          onCancel={() => setAskLock(false)}
          onConfirm={() => {
            update.mutate({ lockAfterWrite: true });
            setAskLock(false);
          }}
        >
          <p>{t('settings.lockBody')}</p>
        </ConfirmDialog>
        <Toggle
          label={t('settings.sounds')}
          hint={t('settings.soundsHint')}
          checked={s.sounds}
          onChange={(sounds) => update.mutate({ sounds })}
        />
      </div>
      <div className="card">
        <h2>{t('settings.readers')}</h2>
        <p className="muted" style={{ margin: 0 }}>
          {t('settings.readersIntro')}
        </p>
        {[...new Set([...Object.keys(stations), ...s.readers])].map((reader) => (
          <Toggle
            key={reader}
            label={reader}
            hint={stations[reader] ? t('settings.connected') : t('settings.notConnected')}
            checked={s.readers.includes(reader)}
            onChange={(on) =>
              update.mutate({ readers: on ? [...s.readers, reader] : s.readers.filter((r) => r !== reader) })
            }
          />
        ))}
        {Object.keys(stations).length === 0 && s.readers.length === 0 && (
          <div className="muted">{t('settings.noReader')}</div>
        )}
      </div>
      <div className="card">
        <h2>{t('settings.language')}</h2>
        <label>
          {t('settings.language')}
          <select value={i18n.language} onChange={(e) => chooseLanguage(e.target.value as Language)}>
            {Object.entries(languages).map(([code, name]) => (
              <option key={code} value={code} lang={code}>
                {name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <FormAlert error={update.error} />
      <div className="card">
        <h2>{t('settings.account')}</h2>
        <button type="button" onClick={() => signOut.mutate()}>
          {t('settings.signOut')}
        </button>
      </div>
    </div>
  );
}

function Toggle(props: { label: string; hint: string; checked: boolean; onChange: (value: boolean) => void }) {
  return (
    <label className="toggle">
      <input type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} />
      <span className="toggle-track" aria-hidden="true" />
      <span>
        <strong>{props.label}</strong>
        <small className="muted">{props.hint}</small>
      </span>
    </label>
  );
}
