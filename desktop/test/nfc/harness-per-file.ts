import { afterAll, beforeAll } from 'vitest';
import { type HarnessOptions, NfcHarness } from './harness.ts';

/**
 * One harness per test file: started (both readers attached) in beforeAll, closed in afterAll. The returned
 * object stands for it from then on, so tests read `nfc.tap(…)`.
 */
export function nfcHarnessPerFile(options: HarnessOptions = {}): NfcHarness {
  let harness: NfcHarness | null = null;
  beforeAll(async () => {
    harness = await NfcHarness.start(options);
    await harness.readersReady();
  });
  afterAll(async () => {
    await harness?.close();
  });
  return new Proxy({} as NfcHarness, {
    get(_target, key) {
      if (!harness) throw new Error('the NFC harness is started in beforeAll');
      const value: unknown = Reflect.get(harness, key, harness);
      return typeof value === 'function' ? value.bind(harness) : value;
    },
  });
}
