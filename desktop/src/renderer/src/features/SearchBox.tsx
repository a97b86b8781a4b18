import { useTranslation } from 'react-i18next';
import type { Catalogue } from '../i18n/en.ts';

type SearchableList = Exclude<keyof Catalogue['listSearch'], 'noMatch'>;

/**
 * A list screen's search box, worded from the catalogue's `listSearch.<list>`. `/` puts the cursor in it from
 * anywhere on the screen (App finds it by `data-search`); there is one per screen.
 */
export function SearchBox(props: {
  list: SearchableList;
  value: string;
  onChange: (value: string) => void;
  maxLength?: number;
}) {
  const { t } = useTranslation();
  return (
    <input
      type="search"
      placeholder={t(`listSearch.${props.list}.hint`)}
      aria-label={t(`listSearch.${props.list}.label`)}
      aria-keyshortcuts="/"
      data-search
      value={props.value}
      maxLength={props.maxLength ?? 200}
      onChange={(e) => props.onChange(e.target.value)}
      style={{ width: 300 }}
    />
  );
}
