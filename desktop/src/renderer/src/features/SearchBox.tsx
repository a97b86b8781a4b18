/**
 * A list screen's search box. `/` puts the cursor in it from anywhere on the screen (App finds it by
 * `data-search`); there is one per screen.
 */
export function SearchBox(props: {
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
  maxLength?: number;
}) {
  return (
    <input
      type="search"
      placeholder={props.hint}
      aria-label={props.label}
      aria-keyshortcuts="/"
      data-search
      value={props.value}
      maxLength={props.maxLength ?? 200}
      onChange={(e) => props.onChange(e.target.value)}
      style={{ width: 300 }}
    />
  );
}
