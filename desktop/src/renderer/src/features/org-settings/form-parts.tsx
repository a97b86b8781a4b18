import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { orgSettingsEn } from '../../i18n/org-settings.ts';
import { FormAlert } from '../FormErrors.tsx';

/** The Organization screen's radio groups; `texts` is the catalogue section with a title and hint per option. */
export function Choices<T extends string>(props: {
  group: { name: string; legend: string; texts: string; options: readonly T[] };
  state: readonly [T, (value: T) => void];
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const { name, legend, texts, options } = props.group;
  const [value, setValue] = props.state;
  // The option keys are checked by the catalogue's type (en/de parity), not by the literal-key scan.
  const text = (option: T, part: 'title' | 'hint') => t(`${texts}.${option}.${part}` as never);
  return (
    <fieldset className="choices" disabled={props.disabled}>
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option} className="choice">
          <input type="radio" name={name} checked={value === option} onChange={() => setValue(option)} />
          <span>
            <strong>{text(option, 'title')}</strong>
            <small className="muted">{text(option, 'hint')}</small>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/**
 * One card of the Organization screen: its title and intro, the fields, the error, "saved" once it is, and
 * the submit button for those who may change it (`readOnly` for the others).
 */
export function SettingsForm(props: {
  /** The catalogue section with the card's title, intro, submit and saved: an Organization card, or a feature's own. */
  texts: `orgSettings.cards.${keyof typeof orgSettingsEn.cards}` | 'attendees.card';
  mutation: { error: unknown; isSuccess: boolean; isPending: boolean };
  canChange: boolean;
  readOnly?: ReactNode;
  onSubmit: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { mutation } = props;
  const text = (part: 'title' | 'intro' | 'submit' | 'saved') => t(`${props.texts}.${part}`);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onSubmit();
  };
  return (
    <form className="card narrow" onSubmit={submit} noValidate>
      <h2>{text('title')}</h2>
      <p className="muted">{text('intro')}</p>
      {props.children}
      <FormAlert error={mutation.error} />
      {mutation.isSuccess && (
        <div className="alert ok" role="status">
          {text('saved')}
        </div>
      )}
      {props.canChange ? (
        <button type="submit" className="primary" disabled={mutation.isPending}>
          {text('submit')}
        </button>
      ) : (
        props.readOnly
      )}
    </form>
  );
}

/** A card's place while its saved values load (the form starts from them, so a late answer never overwrites an edit). */
export function LoadingCard({ error }: { error: unknown }) {
  const { t } = useTranslation();
  return (
    <div className="card narrow" role="status">
      {error ? <FormAlert error={error} /> : t('common.loading')}
    </div>
  );
}
