/**
 * The process that lives INSIDE the harness's namespace (started by `harness.ts`): its own pcscd with vpcd,
 * the virtual tags, and the real NfcService on nfc-pcsc, reached by the test over Node's IPC channel.
 * Requests: `{ id, method, params }` → `{ id, result }` or `{ id, error }`; NFC events: `{ event }`.
 */

import { randomBytes } from 'node:crypto';
import { mintBandId } from '@sparkmotion/shared/bands/band-id';
import { orgBandTag } from '@sparkmotion/shared/bands/org-band-tag';
import { encodeUriMessage, wrapNdefTlv } from '@sparkmotion/shared/ndef/ndef';
import { configPagesOf } from '@sparkmotion/shared/ntag/config';
import { FIRST_USER_PAGE, type NtagType, toPages } from '@sparkmotion/shared/ntag/memory-layout';
import nfcPcsc from 'nfc-pcsc';
import type { BandRegistration } from '../../src/main/nfc/band-registry.ts';
import type { NtagSecrets } from '../../src/main/nfc/encode-session.ts';
import { InMemoryBandRegistry } from '../../src/main/nfc/in-memory-band-registry.ts';
import { NfcService } from '../../src/main/nfc/nfc.service.ts';
import type { StationMode } from '../../src/main/nfc/nfc-events.ts';
import type { OrgSdmKeys } from '../../src/main/nfc/ntag424/personalise.ts';
import type { StationSettings } from '../../src/main/nfc/station.ts';
import { type HostMethods, sendToParent, serveParent } from './child-host.ts';
import { Ntag424Chip } from './ntag424-chip.ts';
import { PCSCD_SOCKET, type Pcscd, startPcscd, VPCD_PORTS } from './pcscd.ts';
import { phoneReadNtag424, VirtualNtag424 } from './virtual-ntag424.ts';
import { NtagMemory, phoneRead, randomUid, type TagFaults, VirtualTag } from './virtual-tag.ts';
import type { VpcdCard } from './vpcd-card.ts';

export type HostOptions = { workDir: string; shimPath: string | null; settings: StationSettings; debug?: boolean };

/** What a module run with `run` gets: everything the host holds. */
export type HostContext = {
  service: NfcService;
  registry: InMemoryBandRegistry;
  tags: Map<string, VpcdCard>;
  createTag(name: string, type: NtagType, uid?: string, formatted?: boolean): VirtualTag;
  createNtag424(name: string, uid?: string): VirtualNtag424;
  readerPort(reader: number): number;
};

const options = JSON.parse(process.argv[2] ?? '{}') as HostOptions;
let pcscd: Pcscd | null = await startPcscd(options);
const settings: StationSettings = { ...options.settings };
const registry = new InMemoryBandRegistry();
/** The organization's NTAG 424 DNA master keys this desk holds (`sdmKeys.set`); none until a test sets them. */
let sdmKeys: OrgSdmKeys | null = null;
/** The organization's NTAG secret versions (`tagSecrets.set`), used where the settings carry no `ntagSecret`. */
let tagSecrets: NtagSecrets | null = null;
/** Which secret the service asked for which event, oldest first (`secrets.asked` hands them over and forgets them). */
const asked: { secret: 'sdmKeys' | 'tagSecret'; eventId: string }[] = [];
/** The organization of every event this desk encodes for (`desk.setOrg`): band ids are minted for it. */
let deskOrgId = 'nfc-harness-org';
const tags = new Map<string, VpcdCard>();
const service = new NfcService({
  registry,
  settings: () => settings,
  mintBandId: async () => mintBandId(orgBandTag(deskOrgId), (n) => randomBytes(n)),
  now: () => new Date(),
  loadNfc: async () => () => new nfcPcsc.NFC(),
  sdmKeys: async (eventId) => {
    asked.push({ secret: 'sdmKeys', eventId });
    return sdmKeys;
  },
  tagSecret: async (eventId) => {
    asked.push({ secret: 'tagSecret', eventId });
    return tagSecrets;
  },
  pcscdSocket: PCSCD_SOCKET,
  retryMs: 250,
});
service.events.on('event', (event) => sendToParent({ event }));

/** `{ version, keys: { [version]: hex } }` as a test sends secrets; null without keys. */
function versioned(p: Record<string, unknown>) {
  const keys = p.keys as Record<string, string> | undefined;
  if (!keys) return null;
  const byVersion = new Map(Object.entries(keys).map(([v, hex]) => [Number(v), Buffer.from(hex, 'hex') as Uint8Array]));
  return { version: p.version as number, byVersion };
}

const readerPort = (reader: number): number => {
  const port = VPCD_PORTS[reader];
  if (port === undefined) throw new Error(`no virtual reader ${reader}`);
  return port;
};
const card = (name: string): VpcdCard => {
  const found = tags.get(name);
  if (!found) throw new Error(`no tag ${name}`);
  return found;
};
const tag = (name: string): VirtualTag => {
  const found = card(name);
  if (!(found instanceof VirtualTag)) throw new Error(`tag ${name} is not an NTAG21x`);
  return found;
};
const ntag424 = (name: string): VirtualNtag424 => {
  const found = card(name);
  if (!(found instanceof VirtualNtag424)) throw new Error(`tag ${name} is not an NTAG 424 DNA`);
  return found;
};
const context: HostContext = {
  service,
  registry,
  tags,
  createTag(name, type, uid, formatted = true) {
    const bytes = uid ? Uint8Array.from(Buffer.from(uid, 'hex')) : randomUid((n) => randomBytes(n));
    const created = new VirtualTag(new NtagMemory(type, bytes, formatted));
    tags.set(name, created);
    return created;
  },
  createNtag424(name, uid) {
    const bytes = uid ? Uint8Array.from(Buffer.from(uid, 'hex')) : randomUid((n) => randomBytes(n));
    const created = new VirtualNtag424(new Ntag424Chip(bytes, (n) => randomBytes(n)));
    tags.set(name, created);
    return created;
  },
  readerPort,
};

const methods: HostMethods = {
  'tag.create': (p) => {
    const created = context.createTag(p.name as string, p.type as NtagType, p.uid as string, p.formatted !== false);
    return Buffer.from(created.memory.uid).toString('hex');
  },
  /** Puts an NDEF URI on the tag as another app would have (pages from 4, through the tag's write rules). */
  'tag.setUri': (p) => {
    const image = wrapNdefTlv(encodeUriMessage(p.uri as string));
    toPages(image).forEach((data, i) => {
      if (!tag(p.name as string).memory.write(FIRST_USER_PAGE + i, data)) throw new Error('page refused');
    });
  },
  /** A factory-fresh NTAG 424 DNA (all keys zero, empty NDEF file). */
  'tag.create424': (p) =>
    Buffer.from(context.createNtag424(p.name as string, p.uid as string).chip.uid).toString('hex'),
  'tag.insert': (p) => {
    const t = card(p.name as string);
    if (p.faults) t.faults = p.faults as TagFaults;
    return t.insert(readerPort((p.reader as number) ?? 0));
  },
  'tag.remove': (p) => card(p.name as string).remove(),
  'tag.faults': (p) => {
    card(p.name as string).faults = p.faults as TagFaults;
  },
  'tag.memory': (p) => Buffer.from(tag(p.name as string).memory.bytes).toString('hex'),
  /** Writes a page as the tag's own WRITE command would (lock/CC OR semantics); returns whether it took. */
  'tag.writePage': (p) => tag(p.name as string).memory.write(p.page as number, Buffer.from(p.hex as string, 'hex')),
  /** A phone's tap: power-on, FAST_READ, the NDEF URI as the tag presents it (mirror filled in). */
  'tag.phoneRead': (p) => {
    const found = card(p.name as string);
    return found instanceof VirtualNtag424 ? phoneReadNtag424(found.chip) : phoneRead(tag(p.name as string).memory);
  },
  /** An NTAG 424 DNA's key versions, SDMReadCtr and whether its NDEF file has SDM on. */
  'tag.state424': (p) => {
    const chip = ntag424(p.name as string).chip;
    const ndef = chip.file(2);
    return { keyVersions: [...chip.keyVersions], counter: ndef.readCounter, sdm: ndef.settings.sdm !== undefined };
  },
  /**
   * Clones a band onto a new tag `to` (random UID) as a copier would: `raw` copies the stored bytes (the
   * placeholder), `phone` the URL a phone read; `mirror` also copies CFG0/CFG1, so the clone mirrors its own UID.
   */
  'tag.clone': (p) => {
    const source = tag(p.from as string).memory;
    const clone = context.createTag(p.to as string, source.spec.type);
    if (p.source === 'phone') {
      const uri = phoneRead(source);
      if (uri === null) throw new Error('nothing to copy');
      toPages(wrapNdefTlv(encodeUriMessage(uri))).forEach((data, i) => {
        if (!clone.memory.write(FIRST_USER_PAGE + i, data)) throw new Error('page refused');
      });
    } else {
      for (let page = FIRST_USER_PAGE; page <= source.spec.lastUserPage; page++) {
        if (!clone.memory.write(page, source.page(page))) throw new Error('page refused');
      }
    }
    if (p.mirror) {
      const cfg0 = configPagesOf(source.spec.type).cfg0;
      // Without the password: the copier cannot read it (PWD reads as zeros), so the clone is unprotected.
      const page0 = source.page(cfg0);
      page0[3] = 0xff;
      clone.memory.write(cfg0 + 1, source.page(cfg0 + 1));
      clone.memory.write(cfg0, page0);
    }
    return Buffer.from(clone.memory.uid).toString('hex');
  },
  /** The tag's NFC counter and configuration as it holds them. */
  'tag.state': (p) => {
    const memory = tag(p.name as string).memory;
    return { counter: memory.counter, config: memory.config };
  },
  'tag.stats': (p) => ({ ...card(p.name as string).stats }),
  'service.status': () => service.status,
  'service.listStations': () => service.listStations(),
  'service.setMode': (p) => service.setMode(p.stationId as string, p.mode as StationMode),
  'service.confirmOverwrite': (p) => service.confirmOverwrite(p.stationId as string, p.uid as string),
  'service.cancelPending': (p) => service.cancelPending(p.stationId as string),
  'service.idle': () => service.idle(),
  'settings.set': (p) => Object.assign(settings, p),
  'desk.setOrg': (p) => {
    deskOrgId = p.orgId as string;
  },
  /** The desk's NTAG 424 DNA master keys: `{ version, keys: { [version]: hex } }`, or null for none. */
  'sdmKeys.set': (p) => {
    const keys = versioned(p);
    sdmKeys = keys ? { version: keys.version, masterKeys: keys.byVersion } : null;
  },
  /** The desk's NTAG secret versions as its cloud source answers them: `{ version, keys: { [version]: hex } }`. */
  'tagSecrets.set': (p) => {
    const keys = versioned(p);
    tagSecrets = keys ? { version: keys.version, secrets: keys.byVersion } : null;
  },
  'secrets.asked': () => asked.splice(0),
  'registry.all': () => registry.all(),
  'registry.register': (p) =>
    registry.register({ ...(p as Omit<BandRegistration, 'registeredAt'>), registeredAt: new Date() }),
  'pcscd.stop': async () => {
    await pcscd?.stop();
    pcscd = null;
  },
  'pcscd.start': async () => {
    pcscd ??= await startPcscd(options);
  },
  /** Runs `default(context, args)` of a module inside the namespace (the benchmark's loop). */
  run: async (p) => {
    const module = (await import(p.module as string)) as { default: (c: HostContext, a: unknown) => unknown };
    return module.default(context, p.args);
  },
};

serveParent(methods, async () => {
  for (const t of tags.values()) t.remove();
  await service.close();
  await pcscd?.stop();
  process.exit(0);
});

await service.start();
sendToParent({ ready: true });
