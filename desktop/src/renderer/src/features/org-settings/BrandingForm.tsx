import { Branding, brandingOf } from '@sparkmotion/shared/branding/branding';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../trpc.ts';
import { LoadingCard, SettingsForm } from './form-parts.tsx';

type Field = keyof Branding;
const problems: Record<Field, 'badName' | 'badLogo' | 'badColour'> = {
  name: 'badName',
  logoUrl: 'badLogo',
  primaryColor: 'badColour',
  backgroundColor: 'badColour',
};

/** The organization's branding, as the pages attendees see show it; checked here against the cloud's own schema. */
export function BrandingCard({ orgId, owner }: { orgId: string; owner: boolean }) {
  const trpc = useTRPC();
  const org = useQuery(trpc.orgs.get.queryOptions({ orgId }));
  if (!org.data) return <LoadingCard error={org.error} />;
  return <BrandingForm key={orgId} orgId={orgId} owner={owner} saved={brandingOf(org.data.branding) ?? {}} />;
}

function BrandingForm({ orgId, owner, saved }: { orgId: string; owner: boolean; saved: Branding }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  // The saved branding is read back, so the form and the cloud never disagree.
  const reload = () => queryClient.invalidateQueries({ queryKey: trpc.orgs.get.queryKey({ orgId }) });
  const save = useMutation(trpc.orgs.update.mutationOptions({ onSuccess: reload }));
  const [values, setValues] = useState<Record<Field, string>>({
    name: saved.name ?? '',
    logoUrl: saved.logoUrl ?? '',
    primaryColor: saved.primaryColor ?? '',
    backgroundColor: saved.backgroundColor ?? '',
  });
  const [bad, setBad] = useState<Partial<Record<Field, true>>>({});
  const submit = () => {
    // Empty fields are left out: the page then uses its plain look for them.
    const entered = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
    const parsed = Branding.safeParse(entered);
    if (!parsed.success) {
      setBad(Object.fromEntries(parsed.error.issues.map((issue) => [issue.path[0], true])));
      return;
    }
    setBad({});
    save.mutate({ orgId, branding: parsed.data });
  };

  const input = (field: Field, label: string, hint?: string) => (
    <label>
      {label}
      <input
        name={field}
        value={values[field]}
        disabled={!owner}
        onChange={(e) => setValues({ ...values, [field]: e.target.value })}
        {...(bad[field] ? { 'aria-invalid': true, 'aria-describedby': `${field}-error` } : {})}
      />
      {bad[field] ? (
        <small className="field-error" id={`${field}-error`}>
          {t(`orgSettings.${problems[field]}`)}
        </small>
      ) : (
        hint && <small className="muted">{hint}</small>
      )}
    </label>
  );

  return (
    <SettingsForm texts="orgSettings.cards.branding" mutation={save} canChange={owner} onSubmit={submit}>
      {input('name', t('orgSettings.brandingName'))}
      {input('logoUrl', t('orgSettings.logoUrl'))}
      <div className="grid2">
        {input('primaryColor', t('orgSettings.primaryColor'), t('orgSettings.colourHint'))}
        {input('backgroundColor', t('orgSettings.backgroundColor'), t('orgSettings.colourHint'))}
      </div>
    </SettingsForm>
  );
}
