/**
 * Classifies taps in the pipeline, after the 302 left (docs/tap-trust.md): the flusher hands each batch
 * in, gets a verdict per tap, and stores it on the TapLog row. Per band it reads the trust kind, the
 * registered UID, the counter on record (PostgreSQL) and, for NTAG 424 DNA bands, the organization's
 * master key; `checkTap` decides what it can alone, the counter gate (Redis Lua compare-and-set, or its
 * in-process twin) decides GENUINE vs REPLAYED atomically across instances.
 *
 * - Trust on first proof: a band registered before its trust kind reached the cloud (`trust = NONE`,
 *   UID known) whose tap carries a well-formed mirror of exactly that UID is an NTAG21x band with the
 *   mirror; it is marked so, and from then on a tap without the mirror is COPIED.
 * - Redis down: the counter on record decides (counter > last genuine), so taps still land classified.
 * - A batch re-sent after a failed insert gets the counter verdicts it got the first time (remembered by
 *   tap id), not REPLAYED for its own counters. The other verdicts depend on the band alone and are
 *   simply judged again (remembering every tap's cost the shipper more than judging it).
 * Nothing here throws on what a tap carries; a database error fails the batch (the shipper retries it).
 */
import { parseMirrorParam } from '@sparkmotion/shared/ntag/mirror-param';
import { sdmKeysFor } from '@sparkmotion/shared/ntag424/sdm-keys';
import type { SunKeys } from '@sparkmotion/shared/ntag424/sun';
import type pg from 'pg';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import type { SecretBox } from '../secrets/secret-box.ts';
import type { Tap } from '../taps/tap.ts';
import type { CounterGate } from './counter-gate.ts';
import { openOrgSecret } from './org-secrets.ts';
import {
  type BandTrust,
  type CounterState,
  type CounterStep,
  checkTap,
  counterVerdict,
  MAX_COUNTER_STEP,
  stepCounter,
  type TapVerdict,
} from './tap-trust.ts';

export interface TapTrust {
  readonly verdict: TapVerdict;
  /** The reason, with its detail after a colon (`COPIED` / `MALFORMED:LENGTH`). */
  readonly reason: string;
  /** The UID the tap carried (mirror or decrypted SUN), upper-case hex; null when none. */
  readonly uid: string | null;
  readonly counter: number | null;
}

export interface TapClassifier {
  /** A verdict per tap of the batch (taps of no event or no known band get none). */
  classify(taps: readonly Tap[]): Promise<ReadonlyMap<string, TapTrust>>;
  /**
   * Counts in the metrics the verdicts of taps that landed in TapLog: a batch judged again after a failed
   * insert, or re-sent when part of it had landed, counts each tap once.
   */
  count(landed: Iterable<TapTrust>): void;
}

interface BandRow {
  band_id: string;
  trust: BandTrust;
  uid: string | null;
  last_counter: number | null;
  org_id: string;
  /** The sealed NTAG 424 master key of the version the band was written with (NTAG424_SUN bands). */
  key_version: number | null;
  key_id: string | null;
  sealed: Buffer | null;
}

const BANDS = `
select b.band_id, b.trust, b.uid, s.last_counter, b.org_id, k.version as key_version, k.key_id, k.sealed
from bands b
left join band_trust_state s on s.band_id = b.band_id
left join org_secrets k on b.trust = 'NTAG424_SUN' and k.org_id = b.org_id and k.kind = 'NTAG424'
  and k.version = coalesce(b.secret_version, 1)
where b.band_id = any($1::text[])`;

const RECORD_COUNTERS = `
insert into band_trust_state (band_id, last_counter)
select * from unnest($1::text[], $2::int[])
on conflict (band_id) do update set last_counter = greatest(band_trust_state.last_counter, excluded.last_counter),
  updated_at = now()`;

/** The query of the many taps that carry no evidence: only ever read, so one serves them all. */
const NO_EVIDENCE: Readonly<URLSearchParams> = new URLSearchParams();

/** Counter verdicts remembered for re-sent batches: at least this many of the latest, at most twice as many. */
const REMEMBERED = 50_000;

/**
 * Verdicts by tap id in two generations: when the newer one is full, the older one is dropped whole.
 * Evicting a Map's oldest entry one at a time instead walks past every hole earlier deletes left
 * (quadratic), which cost more CPU than the rest of the shipper together.
 */
function verdictMemory() {
  let older = new Map<string, TapTrust>();
  let newer = new Map<string, TapTrust>();
  return {
    has: (id: string): boolean => newer.has(id) || older.has(id),
    get: (id: string): TapTrust | undefined => newer.get(id) ?? older.get(id),
    set(id: string, trust: TapTrust): void {
      if (newer.size >= REMEMBERED) {
        older = newer;
        newer = new Map();
      }
      newer.set(id, trust);
    },
  };
}

export function createTapClassifier(deps: {
  pool: pg.Pool;
  gate: Pick<CounterGate, 'advance'>;
  /** Opens the organizations' sealed NTAG 424 master keys. */
  secretBox: SecretBox;
  registry?: Registry;
  log: Logger;
}): TapClassifier {
  const { pool, gate, log } = deps;
  const verdicts = new Counter({
    name: 'sparkmotion_tap_trust_verdicts_total',
    help: 'Classified taps in TapLog by tap-trust verdict.',
    labelNames: ['verdict'],
    registers: deps.registry ? [deps.registry] : [],
  });
  const alerts = new Counter({
    name: 'sparkmotion_tap_trust_alerts_total',
    help: 'Suspicious taps (REPLAYED or COPIED): a copied or shared band URL.',
    labelNames: ['verdict'],
    registers: deps.registry ? [deps.registry] : [],
  });
  const seen = verdictMemory();
  let gateWarned = 0;

  const classify = async (taps: readonly Tap[]) => {
    const out = new Map<string, TapTrust>();
    const wanted = [...new Set(taps.filter((t) => t.eventId !== null && !seen.has(t.id)).map((t) => t.bandId))];
    for (const tap of taps) {
      const known = seen.get(tap.id);
      if (known) out.set(tap.id, known);
    }
    if (wanted.length === 0) return out;
    const { rows } = await pool.query<BandRow>(BANDS, [wanted]);
    const bands = new Map(rows.map((row) => [row.band_id, row]));
    const keys = new Map<string, SunKeys>();
    const advanced = new Map<string, number>();
    const upgraded = new Set<string>();
    const gated: Array<{ tap: Tap; band: BandRow; uid: string; counter: number }> = [];
    for (const tap of taps) {
      if (out.has(tap.id) || tap.eventId === null) continue;
      const band = bands.get(tap.bandId);
      if (!band) continue;
      const query = tap.evidence ? new URLSearchParams(tap.evidence) : NO_EVIDENCE;
      let trust = band.trust;
      if (trust === 'NONE' && band.uid !== null) {
        const mirror = parseMirrorParam(query.getAll('m'));
        if (mirror.kind === 'MIRROR' && mirror.uid === band.uid.toUpperCase()) {
          trust = 'NTAG21X_MIRROR';
          band.trust = trust;
          upgraded.add(band.band_id);
        }
      }
      let sunKeys: SunKeys | null = null;
      if (trust === 'NTAG424_SUN' && band.sealed && band.key_id && band.key_version) {
        const keyOf = `${band.org_id}:${band.key_version}`;
        sunKeys =
          keys.get(keyOf) ??
          sdmKeysFor(
            openOrgSecret(deps.secretBox, {
              org_id: band.org_id,
              kind: 'NTAG424',
              version: band.key_version,
              key_id: band.key_id,
              sealed: band.sealed,
            }).secret,
          );
        keys.set(keyOf, sunKeys);
      }
      const check = checkTap({ trust, uid: band.uid }, query, sunKeys);
      if (check.final) {
        const reason = check.detail === undefined ? check.reason : `${check.reason}:${check.detail}`;
        // Evidence for the organizer: the UID and counter a mirror showed, even when they are not the band's.
        const shown = parseMirrorParam(query.getAll('m'));
        out.set(
          tap.id,
          shown.kind === 'MIRROR'
            ? { verdict: check.verdict, reason, uid: shown.uid, counter: shown.counter }
            : { verdict: check.verdict, reason, uid: null, counter: null },
        );
      } else gated.push({ tap, band, uid: check.uid, counter: check.counter });
    }
    // All counter steps of the batch at once: Redis runs them in the order sent (one connection), so the
    // answers are those of one-by-one calls, without a round trip each.
    // NTAG 424 counters are authenticated (SUN MAC): any jump is real. Mirror counters are not.
    const maxStep = (band: BandRow) => (band.trust === 'NTAG424_SUN' ? null : MAX_COUNTER_STEP);
    const answers = await Promise.all(
      gated.map(({ band, counter }) =>
        gate.advance(band.band_id, counter, band.last_counter, maxStep(band)).catch((error: unknown) => error),
      ),
    );
    const onRecord = new Map<string, CounterState>();
    gated.forEach(({ tap, band, uid, counter }, i) => {
      const answer = answers[i];
      let step: CounterStep;
      if (typeof answer === 'string') step = answer as CounterStep;
      else {
        if (Date.now() - gateWarned > 10_000) {
          gateWarned = Date.now();
          log.warn({ err: answer }, 'tap trust: counter gate unavailable; judging by the counter on record');
        }
        const state = onRecord.get(band.band_id) ?? { last: band.last_counter, pending: null };
        const stepped = stepCounter(state, counter, maxStep(band));
        step = stepped.step;
        onRecord.set(band.band_id, stepped.next);
      }
      if (step === 'ADVANCED') advanced.set(band.band_id, Math.max(advanced.get(band.band_id) ?? counter, counter));
      const { verdict, reason } = counterVerdict(step);
      const result = { verdict, reason, uid, counter };
      out.set(tap.id, result);
      seen.set(tap.id, result);
    });
    if (advanced.size > 0) await pool.query(RECORD_COUNTERS, [[...advanced.keys()], [...advanced.values()]]);
    if (upgraded.size > 0) {
      await pool.query(`update bands set trust = 'NTAG21X_MIRROR' where band_id = any($1::text[]) and trust = 'NONE'`, [
        [...upgraded],
      ]);
    }
    return out;
  };

  const count = (landed: Iterable<TapTrust>) => {
    // Counted per batch: a metric update per tap was a measurable part of the shipper's CPU.
    const tally = new Map<TapVerdict, number>();
    for (const { verdict } of landed) tally.set(verdict, (tally.get(verdict) ?? 0) + 1);
    for (const [verdict, n] of tally) {
      verdicts.inc({ verdict }, n);
      if (verdict === 'REPLAYED' || verdict === 'COPIED') alerts.inc({ verdict }, n);
    }
  };

  return { classify, count };
}
