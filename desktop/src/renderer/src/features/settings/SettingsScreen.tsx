import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useConsole } from '../../store/index.ts';
import { errorMessageOf, useTRPC } from '../../trpc.ts';

export function SettingsScreen() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.settings.get.queryOptions());
  const update = useMutation(
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
  useEffect(() => {
    if (settings.data) setHubBaseUrl(settings.data.hubBaseUrl);
  }, [settings.data]);

  if (!settings.data) return <div className="muted">Loading settings…</div>;
  const s = settings.data;
  const saveHub = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ hubBaseUrl });
  };

  return (
    <div className="stack narrow">
      <form className="card" onSubmit={saveHub}>
        <h2>Hub</h2>
        <p className="muted">Every tag is written with a link to this hub: {`${s.hubBaseUrl}/e?bandId=…`}</p>
        <label>
          Hub base URL
          <input name="hubBaseUrl" value={hubBaseUrl} onChange={(e) => setHubBaseUrl(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={hubBaseUrl === s.hubBaseUrl || update.isPending}>
          Save
        </button>
      </form>
      <div className="card">
        <h2>Encoding</h2>
        <Toggle
          label="Lock each tag after a verified write"
          hint="Irreversible: a locked tag can never be rewritten."
          checked={s.lockAfterWrite}
          onChange={(lockAfterWrite) => update.mutate({ lockAfterWrite })}
        />
        <Toggle
          label="Sounds"
          hint="A chime on success, a buzz on failure."
          checked={s.sounds}
          onChange={(sounds) => update.mutate({ sounds })}
        />
      </div>
      <div className="card">
        <h2>Readers</h2>
        <p className="muted" style={{ margin: 0 }}>
          Choose the readers this desk runs stations on. None chosen: every reader that is plugged in.
        </p>
        {[...new Set([...Object.keys(stations), ...s.readers])].map((reader) => (
          <Toggle
            key={reader}
            label={reader}
            hint={stations[reader] ? 'connected' : 'not connected'}
            checked={s.readers.includes(reader)}
            onChange={(on) =>
              update.mutate({ readers: on ? [...s.readers, reader] : s.readers.filter((r) => r !== reader) })
            }
          />
        ))}
        {Object.keys(stations).length === 0 && s.readers.length === 0 && (
          <div className="muted">No reader connected.</div>
        )}
      </div>
      {update.error && (
        <div className="alert error" role="alert">
          {errorMessageOf(update.error)}
        </div>
      )}
      <div className="card">
        <h2>Account</h2>
        <button type="button" onClick={() => signOut.mutate()}>
          Sign out
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
