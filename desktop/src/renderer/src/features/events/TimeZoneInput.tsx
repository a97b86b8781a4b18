import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/** Every IANA zone this runtime knows (Intl's list, as the cloud's check uses the same names). */
const zones: readonly string[] = Intl.supportedValuesOf('timeZone');

/**
 * A searchable IANA time-zone picker: typing narrows the browser's list of suggestions (a native
 * `datalist`, so it works with the keyboard and screen readers), and any zone can still be typed.
 */
export function TimeZoneInput(props: {
  id: string;
  value: string;
  onChange: (zone: string) => void;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
}) {
  const { t } = useTranslation();
  const listId = useId();
  const { value, onChange, ...aria } = props;
  return (
    <>
      <input
        name="timezone"
        list={listId}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={t('events.timezoneHint')}
        autoComplete="off"
        spellCheck={false}
        required
        {...aria}
      />
      <datalist id={listId}>
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </>
  );
}
