import { randomBytes } from 'node:crypto';
import { mintBandId } from '@sparkmotion/shared/bands/band-id';
import { orgBandTag } from '@sparkmotion/shared/bands/org-band-tag';
import { readCsv } from '@sparkmotion/shared/csv/csv';
import { describe, expect, test } from 'vitest';
import { expectErrorCode, useTestCloud } from '../../test/support/index.ts';

const t = useTestCloud();

const mint = () => mintBandId(orgBandTag(t.orgId), (n) => randomBytes(n));
let uidCounter = 0x10000000;
const uid = () => `04${(uidCounter++).toString(16).toUpperCase()}AB80`;

describe('registering', () => {
  test('registers one band with a desk-minted id, its tag UID and an attendee', async () => {
    const event = await t.newEvent();
    const bandId = mint();
    const band = await t.owner.bands.register({
      orgId: t.orgId,
      eventId: event.id,
      bandId,
      uid: '04:a1:b2:c3:d4:e5:80',
      stationId: 'desk-1',
      attendee: { name: 'Grace Hopper', email: 'Grace@Example.com', ticketCode: 'T-1' },
    });
    expect(band).toMatchObject({
      bandId,
      uid: '04A1B2C3D4E580',
      status: 'ACTIVE',
      stationId: 'desk-1',
      eventId: event.id,
      registeredBy: t.demo.userId,
      attendee: { name: 'Grace Hopper', email: 'grace@example.com', ticketCode: 'T-1' },
    });
  });

  test('mints an unguessable bandId when none is given', async () => {
    const event = await t.newEvent();
    const band = await t.owner.bands.register({ orgId: t.orgId, eventId: event.id });
    expect(band.bandId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(band.bandId.startsWith(orgBandTag(t.orgId))).toBe(true);
  });

  test('refuses a bandId or tag UID that is already registered', async () => {
    const event = await t.newEvent();
    const first = await t.owner.bands.register({ orgId: t.orgId, eventId: event.id, uid: uid() });
    await expectErrorCode(
      t.owner.bands.register({ orgId: t.orgId, eventId: event.id, bandId: first.bandId }),
      'BAND_ALREADY_REGISTERED',
    );
    await expectErrorCode(
      t.owner.bands.register({ orgId: t.orgId, eventId: event.id, uid: first.uid }),
      'BAND_ALREADY_REGISTERED',
    );
  });

  test('registers many at once, and refuses the whole batch listing every bad row', async () => {
    const event = await t.newEvent();
    const ok = await t.owner.bands.registerMany({
      orgId: t.orgId,
      eventId: event.id,
      bands: [{ uid: uid() }, { uid: uid() }, {}],
    });
    expect(ok.registered).toBe(3);
    const repeated = mint();
    const error = await expectErrorCode(
      t.owner.bands.registerMany({
        orgId: t.orgId,
        eventId: event.id,
        bands: [{ bandId: repeated }, { bandId: repeated }, { bandId: ok.bandIds[0] }, {}],
      }),
      'BAND_ALREADY_REGISTERED',
    );
    const details = (error as { cause: { details: { errors: Array<{ row: number }> } } }).cause.details;
    expect(details.errors.map((e) => e.row)).toEqual([1, 2]);
    const list = await t.owner.bands.list({ orgId: t.orgId, eventId: event.id });
    expect(list.items).toHaveLength(3);
  });

  test.each([
    ['a bandId of the wrong shape', { bandId: 'short' }],
    ['a tag UID that is not hex', { uid: 'XYZ' }],
    ['a tag UID of a wrong length', { uid: '0102030405' }],
    ['an attendee email that is not one', { attendee: { email: 'nope' } }],
  ])('refuses %s', async (_case, fields) => {
    const event = await t.newEvent();
    await expectErrorCode(t.owner.bands.register({ orgId: t.orgId, eventId: event.id, ...fields }), 'BAD_INPUT');
  });

  test('refuses a band for an event that does not exist', async () => {
    await expectErrorCode(
      t.owner.bands.register({ orgId: t.orgId, eventId: '00000000-0000-4000-8000-000000000000' }),
      'NOT_FOUND',
    );
  });
});

describe('finding', () => {
  test('pages through an event bands and finds one by bandId, uid, attendee name, email or ticket', async () => {
    const event = await t.newEvent();
    const tagUid = uid();
    const target = await t.owner.bands.register({
      orgId: t.orgId,
      eventId: event.id,
      uid: tagUid,
      attendee: { name: 'Alan Turing', email: 'alan@example.com', ticketCode: 'VIP-42' },
    });
    await t.owner.bands.registerMany({
      orgId: t.orgId,
      eventId: event.id,
      bands: Array.from({ length: 6 }, () => ({})),
    });
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ bandId: string }>; nextCursor: string | null } = await t.owner.bands.list({
        orgId: t.orgId,
        eventId: event.id,
        limit: 3,
        cursor,
      });
      for (const b of page.items) seen.add(b.bandId);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(7);
    for (const search of [target.bandId, tagUid.toLowerCase(), 'turing', 'ALAN@example', 'vip-42']) {
      const found = await t.owner.bands.list({ orgId: t.orgId, eventId: event.id, search });
      expect(
        found.items.map((b) => b.bandId),
        search,
      ).toEqual([target.bandId]);
    }
    expect(await t.owner.bands.get({ orgId: t.orgId, bandId: target.bandId })).toMatchObject({ uid: tagUid });
  });
});

describe('status and replacement', () => {
  test('disables and re-enables a band', async () => {
    const event = await t.newEvent();
    const band = await t.owner.bands.register({ orgId: t.orgId, eventId: event.id });
    expect(await t.owner.bands.disable({ orgId: t.orgId, bandId: band.bandId })).toMatchObject({ status: 'DISABLED' });
    await expectErrorCode(t.owner.bands.disable({ orgId: t.orgId, bandId: band.bandId }), 'BAND_NOT_ACTIVE');
    expect(await t.owner.bands.enable({ orgId: t.orgId, bandId: band.bandId })).toMatchObject({ status: 'ACTIVE' });
    const disabled = await t.owner.bands.list({ orgId: t.orgId, eventId: event.id, status: 'DISABLED' });
    expect(disabled.items).toHaveLength(0);
  });

  test('a lost band is replaced by a new one that takes over its attendee and links back to it', async () => {
    const event = await t.newEvent();
    const lostUid = uid();
    const old = await t.owner.bands.register({
      orgId: t.orgId,
      eventId: event.id,
      uid: lostUid,
      attendee: { name: 'Lost Person', ticketCode: 'L-1' },
    });
    await t.owner.bands.markLost({ orgId: t.orgId, bandId: old.bandId });
    const newUid = uid();
    const { lost, replacement } = await t.owner.bands.replace({
      orgId: t.orgId,
      bandId: old.bandId,
      newUid,
      stationId: 'desk-2',
    });
    expect(lost).toMatchObject({ bandId: old.bandId, status: 'LOST', replacedBy: replacement.bandId, attendee: null });
    expect(replacement).toMatchObject({
      status: 'ACTIVE',
      uid: newUid,
      eventId: event.id,
      replaces: old.bandId,
      attendee: { name: 'Lost Person', ticketCode: 'L-1' },
    });
    await expectErrorCode(t.owner.bands.replace({ orgId: t.orgId, bandId: old.bandId }), 'BAND_ALREADY_REPLACED');
    const audit = await t.owner.audit.list({ orgId: t.orgId, entity: 'band', entityId: old.bandId });
    expect(audit.items[0]).toMatchObject({
      action: 'band.replace',
      actorId: t.demo.userId,
      before: { bandId: old.bandId, uid: lostUid, status: 'LOST' },
      after: { status: 'LOST', replacedBy: replacement.bandId },
    });
  });

  test('a band marked lost by mistake is restored: active again, its attendee back, its unencoded replacement retired', async () => {
    const event = await t.newEvent();
    const old = await t.owner.bands.register({
      orgId: t.orgId,
      eventId: event.id,
      uid: uid(),
      attendee: { name: 'Found' },
    });
    const { replacement } = await t.owner.bands.replace({ orgId: t.orgId, bandId: old.bandId });
    const restored = await t.owner.bands.restore({ orgId: t.orgId, bandId: old.bandId });
    expect(restored).toMatchObject({ status: 'ACTIVE', replacedBy: null, attendee: { name: 'Found' } });
    const list = await t.owner.bands.list({ orgId: t.orgId, eventId: event.id, search: replacement.bandId });
    expect(list.items[0]).toMatchObject({ status: 'DISABLED', attendee: null });
    await expectErrorCode(t.owner.bands.restore({ orgId: t.orgId, bandId: old.bandId }), 'BAND_NOT_ACTIVE');
  });

  test('a lost band whose replacement carries a tag is restored only when asked to retire it, in one audited change', async () => {
    const event = await t.newEvent();
    const old = await t.owner.bands.register({
      orgId: t.orgId,
      eventId: event.id,
      uid: uid(),
      attendee: { name: 'Found Again' },
    });
    const newUid = uid();
    const { replacement } = await t.owner.bands.replace({ orgId: t.orgId, bandId: old.bandId, newUid });
    const refused = await expectErrorCode(t.owner.bands.restore({ orgId: t.orgId, bandId: old.bandId }), 'CONFLICT');
    expect(refused).toMatchObject({ cause: { details: { replacedBy: replacement.bandId } } });
    expect(await t.owner.bands.get({ orgId: t.orgId, bandId: replacement.bandId })).toMatchObject({ status: 'ACTIVE' });

    const restored = await t.owner.bands.restore({ orgId: t.orgId, bandId: old.bandId, retireReplacement: true });
    expect(restored).toMatchObject({ status: 'ACTIVE', replacedBy: null, attendee: { name: 'Found Again' } });
    expect(await t.owner.bands.get({ orgId: t.orgId, bandId: replacement.bandId })).toMatchObject({
      status: 'DISABLED',
      uid: newUid,
      attendee: null,
    });
    const audit = await t.owner.audit.list({ orgId: t.orgId, entity: 'band', entityId: old.bandId });
    expect(audit.items[0]).toMatchObject({
      action: 'band.restore',
      actorId: t.demo.userId,
      before: { status: 'LOST', replacement: { bandId: replacement.bandId, uid: newUid, status: 'ACTIVE' } },
      after: { status: 'ACTIVE', replacementDisabled: replacement.bandId },
    });
  });

  test("a replacement written on the lost band's own tag is not undone, even once disabled or asked to retire it", async () => {
    const event = await t.newEvent();
    const tag = uid();
    const old = await t.owner.bands.register({ orgId: t.orgId, eventId: event.id, uid: tag });
    const { replacement } = await t.owner.bands.replace({ orgId: t.orgId, bandId: old.bandId, newUid: tag });
    const restore = { orgId: t.orgId, bandId: old.bandId };
    await expectErrorCode(t.owner.bands.restore({ ...restore, retireReplacement: true }), 'CONFLICT');
    // The tag carries the replacement's URL: two live bands on it would be one too many.
    await t.owner.bands.disable({ orgId: t.orgId, bandId: replacement.bandId });
    await expectErrorCode(t.owner.bands.restore(restore), 'CONFLICT');
    expect(await t.owner.bands.get({ orgId: t.orgId, bandId: old.bandId })).toMatchObject({ status: 'LOST' });
  });

  test('an active band can be replaced directly, and its tag may be reused for the replacement', async () => {
    const event = await t.newEvent();
    const tag = uid();
    const old = await t.owner.bands.register({ orgId: t.orgId, eventId: event.id, uid: tag });
    const { lost, replacement } = await t.owner.bands.replace({ orgId: t.orgId, bandId: old.bandId, newUid: tag });
    expect(lost.status).toBe('LOST');
    expect(replacement.uid).toBe(tag);
  });

  test('links, changes and unlinks an attendee', async () => {
    const event = await t.newEvent();
    const band = await t.owner.bands.register({ orgId: t.orgId, eventId: event.id });
    const linked = await t.owner.bands.setAttendee({ orgId: t.orgId, bandId: band.bandId, attendee: { name: 'A' } });
    expect(linked.attendee).toEqual({ name: 'A', email: null, ticketCode: null });
    const changed = await t.owner.bands.setAttendee({
      orgId: t.orgId,
      bandId: band.bandId,
      attendee: { email: 'b@example.com' },
    });
    expect(changed.attendee).toEqual({ name: null, email: 'b@example.com', ticketCode: null });
    expect(
      (await t.owner.bands.setAttendee({ orgId: t.orgId, bandId: band.bandId, attendee: null })).attendee,
    ).toBeNull();
  });
});

describe('CSV', () => {
  test('imports a CSV and exports it again with status and tap URLs', async () => {
    const event = await t.newEvent();
    const [a, b] = [mint(), mint()];
    const csv = `bandId,uid,attendeeName,attendeeEmail,ticketCode\n${a},${uid()},Ann,ann@example.com,T1\n${b},,Bob,,\n,,,,\n`;
    const result = await t.owner.bands.importCsv({ orgId: t.orgId, eventId: event.id, csv });
    expect(result).toMatchObject({ imported: 3, errors: [] });
    expect(result.bandIds.slice(0, 2)).toEqual([a, b]);
    const exported = await t.owner.bands.exportCsv({ orgId: t.orgId, eventId: event.id });
    const lines = exported.csv.trim().split('\n');
    expect(lines[0]).toBe('bandId,uid,status,registeredAt,attendeeName,attendeeEmail,ticketCode,replacedBy,url');
    expect(lines).toHaveLength(4);
    // Rows of one import share their creation instant, so their order in the export is not asserted.
    const ann = lines.find((line) => line.startsWith(`${a},`))!;
    expect(ann).toContain('Ann,ann@example.com,T1');
    expect(ann).toContain(`${t.config.hubBaseUrl}/e?bandId=${a}`);
    expect(lines.find((line) => line.startsWith(`${b},`))).toContain(',ACTIVE,');
  });

  test('exports attendee names and tickets that a spreadsheet would run as formulas inert, read back as entered', async () => {
    const event = await t.newEvent();
    const band = await t.owner.bands.register({ orgId: t.orgId, eventId: event.id });
    const attendee = { name: '@SUM(1+1)*cmd|" /C calc"!A0', email: null, ticketCode: '+T-1' };
    await t.owner.bands.setAttendee({ orgId: t.orgId, bandId: band.bandId, attendee });
    const { csv } = await t.owner.bands.exportCsv({ orgId: t.orgId, eventId: event.id });
    const [header, row] = readCsv(csv);
    const cell = (column: string) => row!.cells[header!.cells.indexOf(column)];
    expect(csv).toContain(`"'@SUM(1+1)*cmd|"" /C calc""!A0"`);
    expect(csv).toContain(",'+T-1,");
    expect([cell('attendeeName'), cell('ticketCode')]).toEqual([attendee.name, attendee.ticketCode]);
  });

  test('a CSV with bad rows imports nothing and names every bad line', async () => {
    const event = await t.newEvent();
    const existing = await t.owner.bands.register({ orgId: t.orgId, eventId: event.id });
    const dup = mint();
    const csv = [
      'bandId,uid,attendeeEmail',
      `${mint()},,`, // line 2: fine
      'not-a-band-id,,', // line 3: bad bandId
      `${mint()},ZZZ,`, // line 4: bad uid
      `${existing.bandId},,`, // line 5: taken
      `${dup},,`, // line 6: fine alone
      `${dup},,x@example.com`, // line 7: repeats line 6
      `${mint()},,not-an-email`, // line 8: bad email
    ].join('\n');
    const result = await t.owner.bands.importCsv({ orgId: t.orgId, eventId: event.id, csv });
    expect(result.imported).toBe(0);
    expect(result.errors.map((e) => e.row)).toEqual([3, 4, 5, 7, 8]);
    // What is wrong travels as data, for the console to say in its language; a repeat names the file's line.
    expect(result.errors).toMatchObject([
      { code: 'BAD_INPUT', problem: { kind: 'INVALID', columns: ['bandId'] } },
      { code: 'BAD_INPUT', problem: { kind: 'INVALID', columns: ['uid'] } },
      { code: 'BAND_ALREADY_REGISTERED', column: 'bandId' },
      { code: 'BAND_ALREADY_REGISTERED', column: 'bandId', repeats: 6 },
      { code: 'BAD_INPUT', problem: { kind: 'INVALID', columns: ['attendeeEmail'] } },
    ]);
    expect((await t.owner.bands.list({ orgId: t.orgId, eventId: event.id })).items).toHaveLength(1);
  });

  test('refuses unknown columns', async () => {
    const event = await t.newEvent();
    const result = await t.owner.bands.importCsv({ orgId: t.orgId, eventId: event.id, csv: 'bandId,color\nabc,red\n' });
    expect(result).toMatchObject({ imported: 0, errors: [{ row: 1, code: 'BAD_INPUT' }] });
  });
});

describe('roles', () => {
  test('a VIEWER reads bands and exports them, and changes nothing', async () => {
    const event = await t.newEvent();
    const band = await t.owner.bands.register({ orgId: t.orgId, eventId: event.id });
    const viewer = await t.newUser('Viewer');
    const invitation = await t.owner.orgs.invite({ orgId: t.orgId, email: viewer.email, role: 'VIEWER' });
    await viewer.caller.orgs.acceptInvite({ token: invitation.token });
    await expect(viewer.caller.bands.get({ orgId: t.orgId, bandId: band.bandId })).resolves.toMatchObject({
      status: 'ACTIVE',
    });
    await expect(viewer.caller.bands.exportCsv({ orgId: t.orgId, eventId: event.id })).resolves.toBeDefined();
    const v = viewer.caller.bands;
    for (const call of [
      () => v.register({ orgId: t.orgId, eventId: event.id }),
      () => v.registerMany({ orgId: t.orgId, eventId: event.id, bands: [{}] }),
      () => v.disable({ orgId: t.orgId, bandId: band.bandId }),
      () => v.markLost({ orgId: t.orgId, bandId: band.bandId }),
      () => v.replace({ orgId: t.orgId, bandId: band.bandId }),
      () => v.setAttendee({ orgId: t.orgId, bandId: band.bandId, attendee: null }),
      () => v.importCsv({ orgId: t.orgId, eventId: event.id, csv: 'bandId\n' }),
    ]) {
      await expectErrorCode(call(), 'FORBIDDEN');
    }
  });

  test('a VIEWER looks people up but never gets, finds by or exports their email; an EDITOR does', async () => {
    const event = await t.newEvent();
    const person = { name: 'Ada Lovelace', email: 'ada@analytical.example', ticketCode: 'AE-1' };
    const band = await t.owner.bands.register({ orgId: t.orgId, eventId: event.id, attendee: person });
    // The organization keeps emails off desks: that rule binds desks, not an EDITOR in the cloud.
    await t.owner.orgs.update({ orgId: t.orgId, deskAttendees: 'NONE' });
    const viewer = await t.newUser('Viewer');
    await viewer.caller.orgs.acceptInvite({
      token: (await t.owner.orgs.invite({ orgId: t.orgId, email: viewer.email, role: 'VIEWER' })).token,
    });
    const editor = await t.newUser('Editor');
    await editor.caller.orgs.acceptInvite({
      token: (await t.owner.orgs.invite({ orgId: t.orgId, email: editor.email, role: 'EDITOR' })).token,
    });
    const scope = { orgId: t.orgId, eventId: event.id };
    const withoutEmail = { name: person.name, email: null, ticketCode: person.ticketCode };
    try {
      const v = viewer.caller.bands;
      expect((await v.get({ orgId: t.orgId, bandId: band.bandId })).attendee).toEqual(withoutEmail);
      expect((await v.list(scope)).items.map((b) => b.attendee)).toEqual([withoutEmail]);
      expect((await v.list({ ...scope, search: 'lovelace' })).items.map((b) => b.bandId)).toEqual([band.bandId]);
      expect((await v.list({ ...scope, search: 'ada@analytical' })).items).toEqual([]);
      expect((await v.exportCsv(scope)).csv).not.toContain(person.email);
      const e = editor.caller.bands;
      expect((await e.get({ orgId: t.orgId, bandId: band.bandId })).attendee).toEqual(person);
      expect((await e.list({ ...scope, search: 'ada@analytical' })).items.map((b) => b.bandId)).toEqual([band.bandId]);
      expect((await e.exportCsv(scope)).csv).toContain(person.email);
    } finally {
      await t.owner.orgs.update({ orgId: t.orgId, deskAttendees: 'NAME_AND_TICKET' });
    }
  });
});
