import { BandSetAttendeeArgs } from '@sparkmotion/shared/sync/mutations';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../trpc.ts';
import { FormAlert } from '../FormErrors.tsx';

type Field = 'name' | 'email' | 'ticketCode';
export type Attendee = Record<Field, string | null>;

/**
 * Links, corrects or unlinks a band's attendee on this desk: a local mutation, so it works offline and the
 * list shows it at once. Only the fields changed here are sent (the cloud merges them field by field), so a
 * desk that may not see emails never touches one. Checked here with the mutation's own schema.
 */
export function AttendeePanel(props: {
  bandId: string;
  saved: Attendee | null;
  /** False when the organization's rule keeps emails off this desk. */
  emailShown: boolean;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const { bandId, saved } = props;
  const fields: Field[] = props.emailShown ? ['name', 'email', 'ticketCode'] : ['name', 'ticketCode'];
  const [values, setValues] = useState<Record<Field, string>>({
    name: saved?.name ?? '',
    email: saved?.email ?? '',
    ticketCode: saved?.ticketCode ?? '',
  });
  const [bad, setBad] = useState<Partial<Record<Field, true>>>({});
  const setAttendee = useMutation(trpc.store.setAttendee.mutationOptions());
  const done = (message: string) => {
    props.onDone(message);
    props.onClose();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const patch: Partial<Attendee> = {};
    for (const field of fields) {
      const value = values[field].trim();
      if (value !== (saved?.[field] ?? '')) patch[field] = value === '' ? null : value;
    }
    if (Object.keys(patch).length === 0) return props.onClose();
    const parsed = BandSetAttendeeArgs.safeParse({ bandId, attendee: patch });
    if (!parsed.success) {
      setBad(Object.fromEntries(parsed.error.issues.map((issue) => [issue.path[1], true])));
      return;
    }
    setBad({});
    setAttendee.mutate(parsed.data, { onSuccess: () => done(t('attendees.saved', { bandId })) });
  };
  const unlink = () =>
    setAttendee.mutate({ bandId, attendee: null }, { onSuccess: () => done(t('attendees.unlinked', { bandId })) });

  const labels: Record<Field, string> = {
    name: t('attendees.name'),
    email: t('attendees.email'),
    ticketCode: t('attendees.ticketCode'),
  };
  const problems: Record<Field, string> = {
    name: t('attendees.problem.name'),
    email: t('attendees.problem.email'),
    ticketCode: t('attendees.problem.ticketCode'),
  };
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="attendee-title" data-testid="attendee-panel">
      <h2 id="attendee-title">{t('attendees.title', { bandId })}</h2>
      <p className="muted">{t('attendees.intro')}</p>
      <div className="grid2">
        {fields.map((field) => (
          <label key={field}>
            {labels[field]}
            <input
              name={field}
              type={field === 'email' ? 'email' : 'text'}
              value={values[field]}
              onChange={(e) => setValues({ ...values, [field]: e.target.value })}
              {...(bad[field] ? { 'aria-invalid': true, 'aria-describedby': `attendee-${field}-error` } : {})}
            />
            {bad[field] && (
              <small className="field-error" id={`attendee-${field}-error`}>
                {problems[field]}
              </small>
            )}
          </label>
        ))}
      </div>
      {!props.emailShown && <small className="muted">{t('attendees.emailHidden')}</small>}
      <FormAlert error={setAttendee.error} />
      <div className="row">
        <button type="submit" className="primary" disabled={setAttendee.isPending}>
          {t('attendees.save')}
        </button>
        {saved && (
          <button type="button" className="danger" disabled={setAttendee.isPending} onClick={unlink}>
            {t('attendees.unlink')}
          </button>
        )}
        <button type="button" onClick={props.onClose}>
          {t('attendees.cancel')}
        </button>
      </div>
    </form>
  );
}
