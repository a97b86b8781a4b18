import { MIRROR_QUERY_PARAM } from '@sparkmotion/shared/ntag/mirror';
import {
  SUN_MAC_QUERY_PARAM,
  SUN_PICC_QUERY_ALIASES,
  SUN_PICC_QUERY_PARAM,
} from '@sparkmotion/shared/ntag424/sun-template';

/** Longest evidence kept per tap: a genuine one is under 80 characters; anything longer is cut (and judged malformed). */
export const MAX_EVIDENCE = 160;

/** Kept parameters by the name a tag may use, to the name the classifier reads. */
const NAMES = new Map([
  [MIRROR_QUERY_PARAM, MIRROR_QUERY_PARAM],
  [SUN_PICC_QUERY_PARAM, SUN_PICC_QUERY_PARAM],
  [SUN_MAC_QUERY_PARAM, SUN_MAC_QUERY_PARAM],
  ...SUN_PICC_QUERY_ALIASES.map((alias) => [alias, SUN_PICC_QUERY_PARAM] as const),
]);

/**
 * The tap-trust parameters of a request URL (`m`, `picc`, `cmac`, every occurrence, as a query string;
 * `picc_data` of tags personalised elsewhere kept as `picc`),
 * to travel with the tap to the pipeline that classifies it; undefined when there are none. Cheap on the
 * hot path: a URL without `=` after the bandId costs one scan. Never throws.
 */
export function trustEvidence(url: string): string | undefined {
  const query = url.indexOf('?');
  if (query < 0 || (!url.includes('m=', query) && !url.includes('picc=', query) && !url.includes('cmac=', query)))
    return undefined;
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(url.slice(query + 1));
  } catch {
    return undefined;
  }
  const kept = new URLSearchParams();
  for (const [name, value] of params) {
    const canonical = NAMES.get(name);
    if (canonical) kept.append(canonical, value);
  }
  const text = kept.toString();
  if (text === '') return undefined;
  return text.length > MAX_EVIDENCE ? text.slice(0, MAX_EVIDENCE) : text;
}
