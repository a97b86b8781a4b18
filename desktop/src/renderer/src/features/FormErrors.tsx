import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { en } from '../i18n/en.ts';
import { errorCodeOf, errorMessageOf, fieldErrorsOf } from '../trpc.ts';

/** What kind of value a field holds, so its problem is said in the operator's language, not the schema's. */
const kindOf: Record<string, 'timezone' | 'url' | 'name' | 'email' | 'link' | 'password'> = {
  timezone: 'timezone',
  fallbackUrl: 'url',
  hubBaseUrl: 'url',
  cloudUrl: 'url',
  link: 'link',
  password: 'password',
  url: 'url',
  name: 'name',
  email: 'email',
};

export const fieldErrorId = (field: string) => `${field}-error`;

/** The props that tie an input to its error message (screen readers announce both). */
export function fieldProps(error: unknown, field: string) {
  const bad = field in fieldErrorsOf(error);
  return bad ? { 'aria-invalid': true, 'aria-describedby': fieldErrorId(field) } : {};
}

/** The problem with one field, in words, right below it; nothing when the field is fine. */
export function FieldError({ error, field }: { error: unknown; field: string }) {
  const { t } = useTranslation();
  if (!(field in fieldErrorsOf(error))) return null;
  const kind = kindOf[field];
  return (
    <small className="field-error" id={fieldErrorId(field)}>
      {kind ? t(`fields.${kind}`) : t('fields.other')}
    </small>
  );
}

/** The desk's words for a refusal whose code says it all (`errors.<code>`); null for the others. */
export function wordsForCode(t: TFunction, code: string | undefined): string | null {
  return code && code in en.errors ? t(`errors.${code as keyof typeof en.errors}`) : null;
}

/**
 * A form's error: "see the fields" when the fields say it; a refusal the catalogue has words for in the
 * desk's language; the error's own words otherwise.
 */
export function FormAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const fields = Object.keys(fieldErrorsOf(error));
  const said = wordsForCode(t, errorCodeOf(error)) ?? errorMessageOf(error);
  return (
    <div className="alert error" role="alert">
      {fields.length ? t('common.fixFields') : said}
    </div>
  );
}

/** A labelled text input whose problem (from the last failed submit) shows below it, in words. */
export function TextField(props: {
  label: string;
  /** The input's name, and the field its error is found under unless `field` says otherwise. */
  name: string;
  field?: string;
  value: string;
  onChange: (value: string) => void;
  error: unknown;
  type?: 'text' | 'email' | 'password';
  autoComplete?: string;
}) {
  const field = props.field ?? props.name;
  return (
    <label>
      {props.label}
      <input
        name={props.name}
        type={props.type ?? 'text'}
        autoComplete={props.autoComplete}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        required
        {...fieldProps(props.error, field)}
      />
      <FieldError error={props.error} field={field} />
    </label>
  );
}
