/**
 * Demo mode: a private pcscd with two virtual ACR122U readers and the real NFC service, with a virtual
 * wristband tapped on reader 0 every couple of seconds (ENCODE), printing each outcome. No hardware, no root
 * side effects (everything lives in the harness's namespaces).
 *   npx node desktop/test/nfc/demo.ts [--bands 10] [--event demo-event] [--hub https://hub.example]
 */
import { parseArgs } from 'node:util';
import { exitPlainlyOnFailure } from '@sparkmotion/cloud/exit-plainly';
import { NfcHarness, STATIONS } from './harness.ts';

exitPlainlyOnFailure('NFC demo', { level: process.env.LOG_LEVEL });

const { values } = parseArgs({
  options: {
    bands: { type: 'string', default: '10' },
    event: { type: 'string', default: 'demo-event' },
    hub: { type: 'string', default: 'http://localhost:3000' },
  },
});

const nfc = await NfcHarness.start({ settings: { hubBaseUrl: values.hub } });
try {
  await nfc.readersReady();
  console.log(`readers: ${STATIONS.join(', ')}`);
  await nfc.setMode(0, { kind: 'ENCODE', eventId: values.event });
  for (let i = 1; i <= Number(values.bands); i++) {
    const type = (['NTAG213', 'NTAG215', 'NTAG216'] as const)[i % 3]!;
    await nfc.createTag(`demo-${i}`, type);
    const outcome = await nfc.tapAndLift(`demo-${i}`, 0, { latencyMs: 5 });
    console.log(
      outcome.ok
        ? `${i}: ${outcome.kind} ${type} ${outcome.tag.uid} → ${outcome.tag.uri}`
        : `${i}: ${outcome.code} ${outcome.message}`,
    );
    await new Promise((r) => setTimeout(r, 1500));
  }
  console.log('registered:', (await nfc.registrations()).length);
} finally {
  await nfc.close();
}
