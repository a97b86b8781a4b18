/**
 * The console end to end, in Debian's Chromium against browser mode: a real cloud (PostgreSQL, Redis), the
 * real desktop composition (local store, NFC on pcscd + vpcd with virtual tags, sync) and no mocks.
 * Screenshots of each screen land in `desktop/test-results/e2e/` (git-ignored).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestCloud, type TestCloud } from '@sparkmotion/cloud/test-support';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AxeAudit } from './axe.ts';
import { launchChromium } from './browser.ts';
import { ConsoleUnderTest } from './console.ts';

const desktopDir = join(import.meta.dirname, '../..');
const shots = join(desktopDir, 'test-results/e2e');

let cloud: TestCloud;
let console_: ConsoleUnderTest;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
/** Every string shown must come from a catalogue: i18next reports a missing key on the console. */
const missingKeys: string[] = [];
const axe = new AxeAudit();

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  // The renderer build browser mode serves; electron-vite builds all three targets in about a second.
  execFileSync('npx', ['electron-vite', 'build'], { cwd: desktopDir, stdio: 'ignore' });
  cloud = await startTestCloud();
  console_ = await ConsoleUnderTest.start({ rendererDir: join(desktopDir, 'out/renderer'), hubBaseUrl: cloud.url });
  browser = await launchChromium();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.on('console', (message) => {
    if (message.text().startsWith('i18n: missing key')) missingKeys.push(message.text());
  });
}, 120_000);

afterAll(async () => {
  if (axe.report().screens > 0) writeFileSync(join(shots, 'axe.json'), `${JSON.stringify(axe.report(), null, 2)}\n`);
  expect(missingKeys).toEqual([]);
  expect(axe.report()).toMatchObject({ serious: 0, critical: 0 });
  await browser?.close();
  await console_?.close();
  await cloud?.close();
});

/** A screenshot of the screen as it is, and axe-core's accessibility check of the same state. */
async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(shots, `${name}.png`) });
  await axe.check(page, name);
}
/** axe-core's check of a state worth no picture of its own (an open dialog, a result message). */
const checked = (state: string) => axe.check(page, state);
const nav = (label: string) => page.getByRole('button', { name: label, exact: true }).first().click();

/** `/` (pressed away from any input) puts the cursor in the screen's search box. */
async function slashFocusesSearch(label: string): Promise<void> {
  await page.locator('main h1').click();
  await page.keyboard.press('/');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(label);
}

/** Waits for the sync status the screen shows; on a timeout, the failure says what the engine was doing. */
async function syncStatusBecomes(status: string): Promise<void> {
  try {
    await expect
      .poll(() => page.getByTestId('sync-status').getAttribute('data-status'), { timeout: 15_000 })
      .toBe(status);
  } catch (error) {
    const engine = JSON.stringify(await console_.call('sync.state'));
    throw new Error(`The console did not show sync ${status}; its engine: ${engine}`, { cause: error });
  }
}

describe('the console end to end', () => {
  test('signs in, creates an event with windows, encodes three bands and sees them in the list', async () => {
    await page.goto(console_.launchUrl);
    expect(new URL(page.url()).search).toBe('');
    await page.getByLabel('Cloud URL').fill(cloud.url);
    await page.getByLabel('Email').fill(cloud.demo.email);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent(), { timeout: 15_000 })
      .toContain('Wrong email or password');
    await shot('01-sign-in');
    // Someone invited joins from here with the link an owner handed over (the link itself: session tests).
    await page.getByRole('button', { name: 'I have an invitation link' }).click();
    await page.getByLabel('Invitation link').waitFor();
    await shot('01-sign-in-join');
    await page.getByRole('button', { name: 'Back to sign in' }).click();
    await page.getByLabel('Password').fill(cloud.demo.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // The first sync brings the demo organization and its event into the local store.
    await page.getByRole('combobox', { name: 'Organization' }).waitFor();
    await syncStatusBecomes('idle');

    // The demo event's windows were saved with seconds: opening it shows nothing unsaved.
    await page.getByRole('button', { name: /^Demo Festival/ }).click();
    await page.getByRole('heading', { name: 'Windows' }).waitFor();
    await page.getByText('All saved').waitFor();
    expect(await page.getByRole('button', { name: 'Discard', exact: true }).isDisabled()).toBe(true);
    await nav('Events');
    // The events the desk has, searched as typed.
    await slashFocusesSearch('Search events');
    await page.keyboard.type('harbour');
    await page.getByText('Nothing matches “harbour”.').waitFor();
    await page.getByLabel('Search events').fill('');

    // A time zone that does not exist is named at its field, in words (it was the zod issues as JSON).
    await page.getByLabel('Name').fill('Harbour Lights Festival');
    await page.getByLabel('Time zone').fill('Mars/Olympus_Mons');
    await page.getByLabel('Fallback URL').fill('https://harbour.example/info');
    await page.getByRole('button', { name: 'Create event' }).click();
    await page.getByText('Not a time zone we know').waitFor();
    expect(await page.getByLabel('Time zone').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('main').textContent()).not.toContain('[{');
    await shot('02-events-bad-time-zone');
    await page.getByLabel('Time zone').fill('Europe/Paris');
    await shot('02-events');
    await page.getByRole('button', { name: 'Create event' }).click();

    // Editor: three windows around now, typed in the event's zone; an overlap shows before saving.
    await page.getByRole('heading', { name: 'Harbour Lights Festival' }).waitFor();
    const local = (offsetHours: number) =>
      new Intl.DateTimeFormat('sv-SE', {
        timeZone: 'Europe/Paris',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
      })
        .format(new Date(Date.now() + offsetHours * 3_600_000))
        .replace(' ', 'T');
    const windows = [
      { url: 'https://harbour.example/pre', start: local(-48), end: local(-1) },
      { url: 'https://harbour.example/live', start: local(-1), end: local(5) },
      { url: 'https://harbour.example/post', start: local(5), end: local(30) },
    ];
    for (const [i, w] of windows.entries()) {
      await page.getByRole('button', { name: '+ Add window' }).click();
      await page.getByLabel(`Window ${i + 1} URL`).fill(w.url);
      await page.getByLabel(`Window ${i + 1} start`).fill(w.start);
      await page.getByLabel(`Window ${i + 1} end`).fill(w.end);
    }
    await page.getByLabel('Window 1 end').fill(local(0));
    await page.getByTestId('overlap-warning').waitFor();
    expect(await page.getByRole('button', { name: 'Save windows' }).isDisabled()).toBe(true);
    await shot('03-editor-overlap');
    await page.getByLabel('Window 1 end').fill(local(-1));
    await expect.poll(() => page.getByTestId('overlap-warning').count(), { timeout: 15_000 }).toBe(0);
    await page.getByRole('button', { name: 'Save windows' }).click();
    await page.getByText('All saved').waitFor();
    await shot('04-editor');

    // Dragging the POST window's right edge on the timeline changes its end (then discarded).
    const handle = page.getByTestId('timeline').locator('.bar.POST .bar-handle');
    const grip = (await handle.boundingBox())!;
    await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
    await page.mouse.down();
    await page.mouse.move(grip.x + 120, grip.y + grip.height / 2, { steps: 6 });
    await page.mouse.up();
    await page.getByText('1 unsaved change').waitFor();
    expect(await page.getByLabel('Window 3 end').inputValue()).not.toBe(windows[2]!.end);
    await page.getByRole('button', { name: 'Discard', exact: true }).click();
    await page.getByText('All saved').waitFor();

    // Moving the LIVE/POST boundary later (LIVE's end and POST's start together) is one change: saved one by
    // one, LIVE's new end overlapped POST on the way and was refused.
    await page.getByLabel('Window 2 end').fill(local(7));
    await page.getByLabel('Window 3 start').fill(local(7));
    await page.getByText('2 unsaved changes').waitFor();
    await page.getByRole('button', { name: 'Save windows' }).click();
    await page.getByText('All saved').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await page.getByLabel('Window 2 end').inputValue()).toBe(local(7));

    // Leaving the editor with unsaved edits asks first; staying keeps them, leaving drops them.
    await page.getByLabel('Window 3 URL').fill('https://harbour.example/after');
    await nav('Bands');
    const leave = page.getByRole('dialog', { name: 'Leave without saving?' });
    await leave.waitFor();
    await shot('04-editor-leave');
    await leave.getByRole('button', { name: 'Stay and save' }).click();
    expect(await page.getByLabel('Window 3 URL').inputValue()).toBe('https://harbour.example/after');
    await nav('Bands');
    await leave.getByRole('button', { name: 'Discard and leave' }).click();
    await page.getByLabel('Search bands').waitFor();
    await nav('Event editor');
    expect(await page.getByLabel('Window 3 URL').inputValue()).toBe('https://harbour.example/post');

    // Forcing a mode reaches every attendee at once: it asks first, and keeping it as it is changes nothing.
    await page.getByRole('group', { name: 'Mode override' }).getByRole('button', { name: 'LIVE' }).click();
    const force = page.getByRole('dialog', { name: 'Send every tap to the LIVE page?' });
    await force.waitFor();
    await shot('04-editor-force-confirm');
    await force.getByRole('button', { name: 'Keep as it is' }).click();
    expect(await page.getByRole('button', { name: 'Auto (by clock)' }).getAttribute('aria-pressed')).toBe('true');

    // Encoding station: ENCODE for this event, three virtual tags tapped one after the other.
    await nav('Encoding station');
    await page.getByTestId('station').first().waitFor();
    await page.keyboard.press('e');
    await expect
      .poll(() => page.getByTestId('station-state').first().textContent(), { timeout: 15_000 })
      .toContain('Waiting for a band');
    for (let n = 1; n <= 3; n++) {
      await console_.call('tag.insert', { name: `band-${n}`, reader: 0 });
      await expect
        .poll(() => page.getByTestId('station-count').first().textContent(), { timeout: 15_000 })
        .toBe(String(n));
      await console_.call('tag.remove', { name: `band-${n}` });
    }
    await expect
      .poll(() => page.getByTestId('station').first().getAttribute('data-phase'), { timeout: 15_000 })
      .toBe('done');
    expect(await page.getByTestId('station-reason').first().textContent()).toMatch(/^Band \S+ written$/);
    await shot('05-station');

    // A bulk list with a bad line is refused whole, with the line named.
    await page
      .getByTestId('station')
      .first()
      .locator('input[type=file]')
      .setInputFiles({ name: 'list.csv', mimeType: 'text/csv', buffer: Buffer.from('bandId\nnot a band id\n') });
    await expect
      .poll(() => page.getByRole('alert').first().textContent(), { timeout: 15_000 })
      .toContain('Line 2: “not a band id” is not a band id');
    await checked('05-station-bulk-refused');

    await nav('Bands');
    await expect.poll(() => page.getByTestId('band-row').count(), { timeout: 15_000 }).toBe(3);
    // Each band says how it proves its taps: these were encoded with the UID + counter mirror.
    expect(await page.getByTestId('band-proof').allTextContents()).toEqual(['UID mirror', 'UID mirror', 'UID mirror']);
    await shot('06-bands');
    // The store searches: a piece of one band's tag UID, in lower case, leaves that band.
    const uid = (await page.getByTestId('band-row').last().locator('td').nth(1).textContent()) ?? '';
    await page.getByLabel('Search bands').fill(uid.slice(-6).toLowerCase());
    await expect.poll(() => page.getByTestId('band-row').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByTestId('band-total').textContent()).toBe('1–1 of 1 bands (of 3 in the event)');
    await page.getByLabel('Search bands').fill('');
    await expect.poll(() => page.getByTestId('band-row').count(), { timeout: 15_000 }).toBe(3);
  }, 180_000);

  test('pushes the bands to the cloud, whose redirect sends a tap to the live window, seen in analytics', async () => {
    await expect
      .poll(() => page.getByTestId('sync-status').getAttribute('data-pending'), { timeout: 20_000 })
      .toBe('0');
    const bandId = (await page.getByTestId('band-row').first().locator('td').first().textContent()) ?? '';
    // An attendee's phone: a browser user agent (a bare HTTP client would be counted as a bot and left out).
    const phone =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';
    // A tag nobody owns (mis-encoded or foreign): its tap lands as an orphan, for the platform admin to see.
    await fetch(`${cloud.url}/e?bandId=NOBODYS-BAND`, { redirect: 'manual', headers: { 'user-agent': phone } });
    const response = await fetch(`${cloud.url}/e?bandId=${encodeURIComponent(bandId)}`, {
      redirect: 'manual',
      headers: { 'user-agent': phone },
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://harbour.example/live');
    // The band's registration time is the event's (Europe/Paris), not the desk's (America/Los_Angeles).
    const band = await cloud.client.bands.get.query({ orgId: cloud.demo.orgId, bandId });
    const inParis = await page.evaluate(
      (iso) =>
        new Intl.DateTimeFormat(navigator.language, {
          dateStyle: 'medium',
          timeStyle: 'short',
          timeZone: 'Europe/Paris',
        }).format(new Date(iso)),
      new Date(band.registeredAt!).toISOString(),
    );
    expect(await page.getByTestId('band-registered').first().textContent()).toBe(inParis);

    // The tap travels log → shipper → Redis stream → flusher → TapLog; analytics show it within seconds.
    await nav('Analytics');
    await expect.poll(() => page.getByTestId('analytics-taps').textContent(), { timeout: 30_000 }).toBe('1');
    expect(await page.getByTestId('analytics-unique').textContent()).toBe('1');
    // That tap had no mirror, on a band that has one: a copy, listed with the band's proof kind.
    await expect.poll(() => page.getByTestId('suspicious-band').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByTestId('suspicious-band').locator('td').nth(1).textContent()).toBe('UID mirror');
    // An editor resets its tap counter from there, asked first; the cloud audits it.
    await page.getByRole('button', { name: `Reset counter for ${bandId}` }).click();
    await shot('07-analytics-reset-confirm');
    await page.getByRole('dialog').getByRole('button', { name: 'Reset the counter' }).click();
    await expect
      .poll(() => page.getByTestId('trust-panel').getByRole('status').textContent(), { timeout: 15_000 })
      .toBe(`The tap counter of ${bandId} was reset: its next real taps count as genuine.`);
    const { items } = await cloud.client.audit.list.query({
      orgId: cloud.demo.orgId,
      entity: 'band',
      entityId: bandId,
    });
    expect(items[0]).toMatchObject({ action: 'band.resetCounter' });
    await page.getByRole('button', { name: 'per minute' }).click();
    await page.getByTestId('taps-chart').locator('canvas').waitFor();
    // Breakdowns: the phone's device type and OS, the hour of the tap.
    const devices = page.getByTestId('breakdown-deviceType');
    await expect.poll(() => devices.locator('tr').count(), { timeout: 30_000 }).toBe(1);
    expect(await devices.locator('td').first().textContent()).toBe('mobile');
    expect(await page.getByTestId('breakdown-os').locator('td').first().textContent()).toBe('iOS');
    // Each breakdown card asks for its own figures: wait for this one's too.
    await expect.poll(() => page.getByTestId('breakdown-hourOfDay').locator('tr').count(), { timeout: 30_000 }).toBe(1);
    await shot('07-analytics');
    // The raw taps as CSV, with the one tap in it.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export raw taps (CSV)' }).click();
    const csv = readFileSync((await (await download).path())!, 'utf8')
      .trim()
      .split('\n');
    expect(csv[0]).toContain('tap_id');
    expect(csv).toHaveLength(2);
    await expect.poll(() => page.getByTestId('tap-export-message').textContent()).toBe('1 tap exported');
  }, 60_000);

  test('keeps working offline and syncs what was done once the cloud is back', async () => {
    const server = cloud.cloud.server;
    const port = Number(new URL(cloud.url).port);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));

    await nav('Event editor');
    await page.getByLabel('Window 3 URL').fill('https://harbour.example/thanks');
    await page.getByRole('button', { name: 'Save windows' }).click();
    await page.getByText('All saved').waitFor();
    await nav('Encoding station');
    await console_.call('tag.insert', { name: 'band-offline', reader: 0 });
    await expect.poll(() => page.getByTestId('station-count').first().textContent(), { timeout: 15_000 }).toBe('4');
    await console_.call('tag.remove', { name: 'band-offline' });
    await page.getByRole('button', { name: 'Sync now' }).click();
    await syncStatusBecomes('offline');
    expect(Number(await page.getByTestId('sync-status').getAttribute('data-pending'))).toBeGreaterThanOrEqual(2);
    await shot('08-offline');
    // Deleting an event is the cloud's alone: offline, the question says so and cannot be answered yes.
    await nav('Events');
    await page.getByRole('button', { name: 'Delete Harbour Lights Festival' }).click();
    const doomed = page.getByRole('dialog', { name: 'Delete Harbour Lights Festival?' });
    await doomed.getByText('It has 4 bands.', { exact: false }).waitFor();
    await doomed.getByText('the desk cannot delete it offline', { exact: false }).waitFor();
    expect(await doomed.getByRole('button', { name: 'Delete the event and its 4 bands' }).isDisabled()).toBe(true);
    await shot('08-offline-delete-event');
    await doomed.getByRole('button', { name: 'Keep the event' }).click();

    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect
      .poll(() => page.getByTestId('sync-status').getAttribute('data-pending'), { timeout: 20_000 })
      .toBe('0');
    await syncStatusBecomes('idle');
    await shot('09-synced');

    const events = await cloud.client.events.list.query({ orgId: cloud.demo.orgId });
    const event = events.items.find((e: { name: string }) => e.name === 'Harbour Lights Festival');
    expect(event).toBeDefined();
    const detail = await cloud.client.events.get.query({ orgId: cloud.demo.orgId, eventId: event!.id });
    expect(detail.windows.map((w: { url: string }) => w.url)).toContain('https://harbour.example/thanks');
    expect(detail.bandCount).toBe(4);
  }, 120_000);

  test('manages bands in the cloud: disable one, import a CSV only once its row errors are fixed', async () => {
    await nav('Bands');
    await page.getByTestId('band-row').first().getByRole('button', { name: 'Disable', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('band-row').getByText('Disabled', { exact: true }).count(), { timeout: 20_000 })
      .toBe(1);

    // Marking a band lost stops it at once: it asks first.
    await page.getByTestId('band-row').first().getByRole('button', { name: 'Mark lost' }).click();
    const lost = page.getByRole('dialog', { name: /^Mark band .* as lost\?$/ });
    await lost.waitFor();
    await shot('10-bands-lost-confirm');
    await lost.getByRole('button', { name: 'Keep the band' }).click();

    await page.getByRole('button', { name: 'Import CSV' }).click();
    const upload = (csv: string) =>
      page.getByLabel('CSV file').setInputFiles({ name: 'bands.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await upload('uid,attendeeName\n04AA11BB22CC33,Ada Lovelace\nnot-a-uid,Alan Turing\n');
    await page.getByRole('button', { name: 'Import 2 bands' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent(), { timeout: 15_000 })
      .toContain('Line 3: uid is not a tag UID');
    await shot('10-bands-import-errors');
    await upload('uid,attendeeName\n04AA11BB22CC33,Ada Lovelace\n04AA11BB22CC34,Alan Turing\n');
    await page.getByRole('button', { name: 'Import 2 bands' }).click();
    await page.getByText('Imported 2 bands.').waitFor();
    await expect.poll(() => page.getByTestId('band-row').count(), { timeout: 20_000 }).toBe(6);

    await nav('Settings');
    await page.getByRole('heading', { name: 'Readers' }).waitFor();
    // The test's hub is on loopback: phones could not reach it, and the screen says so.
    await page.getByTestId('hub-warning').waitFor();
    await shot('11-settings');
    // A bad hub URL is named at its field, in words (it was raw JSON below another card).
    await page.getByLabel('Hub base URL').fill('hub dot example');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Type a full address that starts with https://').waitFor();
    expect(await page.locator('main').textContent()).not.toContain('[{');
    await shot('11-settings-bad-hub-url');
    await page.getByLabel('Hub base URL').fill(cloud.url);
    // Locking tags is irreversible: turning it on asks first.
    await page.getByText('Lock each tag after a verified write').click();
    const lock = page.getByRole('dialog', { name: 'Lock every tag after writing?' });
    await lock.waitFor();
    await checked('11-settings-lock-confirm');
    await lock.getByRole('button', { name: 'Do not lock' }).click();
    expect(await page.getByLabel(/Lock each tag after a verified write/).isChecked()).toBe(false);

    // Desk staff work in their own language: German throughout, then back.
    await page.getByLabel('Language').selectOption('de');
    await page.getByRole('heading', { name: 'Einstellungen', level: 1 }).waitFor();
    expect(await page.getByRole('button', { name: 'Jetzt synchronisieren' }).count()).toBe(1);
    await shot('11-settings-de');
    // The station's last outcome is kept as data, so it reads in German too.
    await nav('Codierstation');
    expect(await page.getByTestId('station-reason').first().textContent()).toMatch(/^Armband \S+ geschrieben$/);
    await nav('Einstellungen');
    await page.getByLabel('Sprache').selectOption('en');
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();

    // The chosen event survives a restart of the console and stays in sight in the sidebar.
    expect(await page.getByTestId('current-event').textContent()).toContain('Harbour Lights Festival');
    await page.reload();
    await page.getByTestId('current-event').getByText('Harbour Lights Festival').waitFor();
    await nav('Encoding station');
    expect(await page.getByLabel('Event', { exact: true }).locator('option:checked').textContent()).toBe(
      'Harbour Lights Festival',
    );
  }, 90_000);

  test('lists an event of many bands a hundred at a time', async () => {
    await nav('Bands');
    await page.getByRole('button', { name: 'Import CSV' }).click();
    const uids = Array.from({ length: 150 }, (_, i) => `04BB${i.toString(16).toUpperCase().padStart(4, '0')}00AA01`);
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'many.csv', mimeType: 'text/csv', buffer: Buffer.from(`uid\n${uids.join('\n')}\n`) });
    await page.getByRole('button', { name: 'Import 150 bands' }).click();
    await page.getByText('Imported 150 bands.').waitFor();
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    const total = () => page.getByTestId('band-total').textContent();
    await expect.poll(total, { timeout: 20_000 }).toBe('1–100 of 156 bands');
    expect(await page.getByTestId('band-row').count()).toBe(100);
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(total, { timeout: 15_000 }).toBe('101–156 of 156 bands');
    expect(await page.getByTestId('band-row').count()).toBe(56);
    // A search starts again at the first page; `/` puts the cursor in the search box.
    await page.locator('main h1').click();
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Search bands');
    await page.keyboard.type('04BB00');
    await expect.poll(total, { timeout: 15_000 }).toBe('1–100 of 150 bands (of 156 in the event)');
    await shot('12-bands-paged');
  }, 60_000);

  test('links an attendee at the desk, finds the band by it, and the cloud has the link', async () => {
    // How much of an attendee desks hold is the OWNER's rule, on the Organization screen.
    await nav('Organization');
    await page.getByLabel('Name, email and ticket code').check();
    await page.getByRole('button', { name: 'Save attendee rule' }).click();
    await page.getByText('Saved. Desks apply it at their next sync.').waitFor();
    await shot('12-org-settings-attendees');
    expect((await cloud.client.orgs.get.query({ orgId: cloud.demo.orgId })).deskAttendees).toBe('FULL');

    // Ada Lovelace came with the CSV import, through the cloud: the desk finds her band by a piece of her name.
    await nav('Bands');
    await page.getByLabel('Search bands').fill('lovelace');
    const row = page.getByTestId('band-row').filter({ hasText: 'Ada Lovelace' });
    await row.waitFor({ timeout: 20_000 });
    const bandId = (await row.locator('td').first().textContent()) ?? '';
    await row.getByRole('button', { name: `Attendee of band ${bandId}` }).click();
    const panel = page.getByTestId('attendee-panel');
    await panel.getByLabel('Email').fill('ada at example');
    await panel.getByLabel('Ticket code').fill('VIP-7');
    await panel.getByRole('button', { name: 'Save attendee' }).click();
    await panel.getByText('Type an email address, like ann@example.com.').waitFor();
    await shot('12-bands-attendee-error');
    await panel.getByLabel('Email').fill('ada@example.com');
    await panel.getByRole('button', { name: 'Save attendee' }).click();
    await page.getByText(`Attendee of band ${bandId} saved on this desk.`).waitFor();

    await page.getByLabel('Search bands').fill('vip-7');
    await expect
      .poll(() => page.getByTestId('band-attendee').allTextContents(), { timeout: 15_000 })
      .toEqual(['Ada LovelaceTicket VIP-7ada@example.com']);
    await shot('12-bands-attendee');
    await expect
      .poll(async () => (await cloud.client.bands.get.query({ orgId: cloud.demo.orgId, bandId })).attendee, {
        timeout: 20_000,
      })
      .toEqual({ name: 'Ada Lovelace', email: 'ada@example.com', ticketCode: 'VIP-7' });
  }, 60_000);

  test('manages the team: invites with a link, revokes, keeps the last owner; reads the audit log page by page', async () => {
    await nav('Team');
    await expect.poll(() => page.getByTestId('member-row').count(), { timeout: 15_000 }).toBe(1);
    await page.getByLabel('Email').fill('new.editor@example.test');
    await page.getByRole('button', { name: 'Create invitation' }).click();
    const link = page.getByTestId('invitation-link').getByRole('textbox');
    await link.waitFor();
    expect(await link.inputValue()).toMatch(new RegExp(`^${cloud.url}/invite#.{20,}`));
    await expect.poll(() => page.getByTestId('invitation-row').count(), { timeout: 15_000 }).toBe(1);
    await shot('13-team');
    await slashFocusesSearch('Search people');
    await page.keyboard.type('nobody at all');
    await expect.poll(() => page.getByTestId('member-row').count(), { timeout: 15_000 }).toBe(0);
    await page.getByLabel('Search people').fill('demo');
    await expect.poll(() => page.getByTestId('member-row').count(), { timeout: 15_000 }).toBe(1);
    await page.getByLabel('Search people').fill('');

    // The only owner cannot step down: the cloud says no, in words, and the role stays.
    await page.getByLabel(/^Role of /).selectOption('VIEWER');
    await expect
      .poll(() => page.getByRole('alert').textContent(), { timeout: 15_000 })
      .toContain('keeps at least one owner');
    await checked('13-team-last-owner');
    expect(await page.getByLabel(/^Role of /).inputValue()).toBe('OWNER');
    // Removing someone asks first; keeping them changes nothing.
    await page.getByTestId('member-row').getByRole('button', { name: 'Remove' }).click();
    const ask = page.getByRole('dialog', { name: /^Remove / });
    await ask.waitFor();
    await shot('13-team-remove-confirm');
    await ask.getByRole('button', { name: 'Keep' }).click();
    await page.getByTestId('invitation-row').getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => page.getByTestId('invitation-row').count(), { timeout: 15_000 }).toBe(0);

    await nav('Audit log');
    await expect.poll(() => page.getByTestId('audit-row').count(), { timeout: 15_000 }).toBe(10);
    const first = await page.getByTestId('audit-row').first().textContent();
    await page.getByRole('button', { name: 'Older' }).click();
    await expect.poll(() => page.getByTestId('audit-row').first().textContent(), { timeout: 15_000 }).not.toBe(first);
    await page.getByRole('button', { name: 'Newer' }).click();
    await expect.poll(() => page.getByTestId('audit-row').first().textContent(), { timeout: 15_000 }).toBe(first);
    // The log is paged by the cloud: its search asks the cloud for one thing's changes, by its id.
    const thing = (await page.getByTestId('audit-row').first().locator('small.mono').textContent()) ?? '';
    await slashFocusesSearch('Find the changes to one thing');
    await page.keyboard.type(thing);
    await expect
      .poll(async () => (await page.getByTestId('audit-row').allTextContents()).every((row) => row.includes(thing)), {
        timeout: 15_000,
      })
      .toBe(true);
    await shot('14-audit-search');
    await page.getByLabel('Find the changes to one thing').fill('');
    await page.getByLabel('Kind of change').selectOption('invitation');
    await expect.poll(() => page.getByTestId('audit-row').count(), { timeout: 15_000 }).toBe(2);
    expect(await page.getByTestId('audit-row').allTextContents()).toEqual([
      expect.stringContaining('member.revokeInvite'),
      expect.stringContaining('member.invite'),
    ]);
    await page.getByLabel('Kind of change').selectOption('window');
    await page.getByLabel('Person').selectOption({ label: 'Demo Owner' });
    await expect.poll(() => page.getByTestId('audit-row').count(), { timeout: 15_000 }).toBeGreaterThan(2);
    expect(await page.getByTestId('audit-row').first().textContent()).toContain('window.');
    await shot('14-audit');

    // Next year's edition: a copy with its windows 52 weeks later (same weekdays), opened at once.
    await nav('Events');
    await page.getByRole('button', { name: /^Harbour Lights Festival/ }).click();
    await page.getByRole('button', { name: 'Duplicate for next year' }).click();
    await page.getByRole('heading', { name: 'Harbour Lights Festival (next year)' }).waitFor();
    await expect.poll(() => page.getByLabel(/^Window \d URL$/).count(), { timeout: 15_000 }).toBe(3);
    expect(await page.getByTestId('current-event').textContent()).toContain('(next year)');
    await shot('15-editor-next-edition');
  }, 60_000);

  test("sets the organization's privacy rules; a platform admin granted without SQL sees every organization", async () => {
    await nav('Organization');
    await page.getByLabel('Keep no IP address').check();
    await page.getByLabel('Erase IPs and user agents after (days)').fill('7');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved.').waitFor();
    expect(await cloud.client.analytics.privacy.query({ orgId: cloud.demo.orgId })).toMatchObject({
      ipMode: 'NONE',
      retentionDays: 7,
    });
    await shot('16-org-settings');

    // The chosen event's tap-trust policy: diverting attendees is confirmed in words first.
    await page.getByLabel("Send them to the event's fallback page").check();
    await page.getByRole('button', { name: 'Save tap trust' }).click();
    await page.getByRole('dialog', { name: 'Send suspicious taps to the fallback page?' }).waitFor();
    await shot('16-org-settings-trust-confirm');
    await page.getByRole('button', { name: 'Divert suspicious taps' }).click();
    await page.getByText('Tap-trust policy saved.').waitFor();
    const nextEdition = (await cloud.client.events.list.query({ orgId: cloud.demo.orgId })).items.find((e) =>
      e.name.endsWith('(next year)'),
    );
    expect((await cloud.client.trust.policy.query({ orgId: cloud.demo.orgId, eventId: nextEdition!.id })).policy).toBe(
      'FALLBACK',
    );

    // Branding for the attendee pages: a value that could inject markup is refused at its field.
    await page.getByLabel('Name shown to attendees').fill('Harbour Lights');
    await page.getByLabel('Heading colour').fill('red}</style><script>alert(1)</script>');
    await page.getByRole('button', { name: 'Save branding' }).click();
    await page.getByText('Type a hex colour such as #1a7f5a.').waitFor();
    await shot('16-org-settings-branding-error');
    await page.getByLabel('Heading colour').fill('#1a7f5a');
    await page.getByLabel('Logo address (https://)').fill('https://cdn.example/logo.png');
    await page.getByRole('button', { name: 'Save branding' }).click();
    await page.getByText('Branding saved.').waitFor();
    await shot('16-org-settings-branding');
    expect((await cloud.client.orgs.get.query({ orgId: cloud.demo.orgId })).branding).toEqual({
      name: 'Harbour Lights',
      primaryColor: '#1a7f5a',
      logoUrl: 'https://cdn.example/logo.png',
    });

    // The OWNER rotates the NTAG secret: the dialog says what happens to bands already written.
    await page.getByRole('button', { name: 'Rotate the NTAG secret' }).click();
    await page
      .getByRole('dialog', { name: 'Rotate the NTAG secret?' })
      .getByText(/keep the version/)
      .waitFor();
    await shot('16-org-settings-rotate-confirm');
    await page.getByRole('button', { name: 'Rotate', exact: true }).click();
    const done = await page.getByText(/The NTAG secret is now version \d+\./).textContent();
    const { version } = await cloud.client.trust.ntagSecret.query({ orgId: cloud.demo.orgId });
    expect(done).toBe(`The NTAG secret is now version ${version}.`);
    expect(await page.getByText(/[0-9a-f]{32}/).count()).toBe(0);

    // The first platform admin, made with the npm script (no SQL).
    expect(await page.getByRole('button', { name: 'Platform admin' }).count()).toBe(0);
    const granted = execFileSync(
      'npm',
      ['run', '--silent', 'admin:grant', '-w', '@sparkmotion/cloud', '--', cloud.demo.email],
      {
        env: { ...process.env, DATABASE_URL: cloud.databaseUrl },
        encoding: 'utf8',
      },
    );
    expect(granted).toContain('is now a platform admin');
    await page.reload();
    await nav('Platform admin');
    await expect.poll(() => page.getByTestId('admin-org-row').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.getByRole('heading', { name: 'Taps on bands nobody owns' }).waitFor();
    await expect.poll(() => page.getByTestId('admin-orphan-row').count(), { timeout: 15_000 }).toBe(1);
    await shot('17-admin');
    await slashFocusesSearch('Search organizations and band ids');
    await page.keyboard.type('nobodys');
    await expect.poll(() => page.getByTestId('admin-org-row').count(), { timeout: 15_000 }).toBe(0);
    expect(await page.getByTestId('admin-orphan-row').count()).toBe(1);
    await page.getByLabel('Search organizations and band ids').fill('');
  }, 90_000);

  test('marks a band lost, restores it when it is found again, and sends it to a station to be replaced', async () => {
    await nav('Bands');
    await page.getByLabel('Event', { exact: true }).selectOption({ label: 'Harbour Lights Festival' });
    await page.getByRole('button', { name: 'Active', exact: true }).click();
    const row = page.getByTestId('band-row').first();
    const bandId = (await row.locator('td').first().textContent()) ?? '';
    await row.getByRole('button', { name: 'Mark lost' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Mark lost' }).click();
    await page.getByText(`Band ${bandId} marked lost`).waitFor();
    await page.getByRole('button', { name: 'Lost', exact: true }).click();
    const lost = page.getByTestId('band-row').filter({ hasText: bandId });
    await lost.waitFor({ timeout: 20_000 });
    await lost.getByRole('button', { name: 'Restore (found again)' }).click();
    await expect
      .poll(async () => (await page.locator('.alert').allTextContents()).join(' | '), { timeout: 15_000 })
      .toContain(`Band ${bandId} restored`);
    await page.getByRole('button', { name: 'Active', exact: true }).click();
    const found = page.getByTestId('band-row').filter({ hasText: bandId });
    await found.waitFor({ timeout: 20_000 });

    // Replacing is done at a station: its picker opens on the band and asks first; keeping it changes nothing.
    await found.getByRole('button', { name: 'Replace at a station…' }).click();
    await page.getByRole('heading', { name: 'Encoding station', level: 1 }).waitFor();
    const asked = page.getByRole('dialog', { name: `Replace band ${bandId}?` });
    await asked.getByRole('button', { name: 'Keep it' }).waitFor();
    await shot('18-station-replace-from-bands');
    await asked.getByRole('button', { name: 'Keep it' }).click();
    const picker = page.getByTestId('replace-picker');
    await picker.getByTestId('replace-match').filter({ hasText: bandId }).waitFor();
    await picker.getByRole('button', { name: 'Close' }).click();
    expect(await page.getByTestId('replace-waiting').count()).toBe(0);

    // Every screen is reachable by keyboard: Tab from the top of the page walks the whole sidebar, and Enter
    // opens the screen.
    await page.locator('.sidebar .brand').click();
    const reached: string[] = [];
    for (let i = 0; i < 14; i++) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => document.activeElement?.textContent?.trim() ?? ''));
    }
    const screens = ['Events', 'Event editor', 'Encoding station', 'Bands', 'Analytics', 'Team', 'Audit log'];
    for (const screen of [...screens, 'Organization', 'Platform admin', 'Settings'])
      expect(reached.some((text) => text.endsWith(screen))).toBe(true);
    await page.getByRole('button', { name: 'Team', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Team', level: 1 }).waitFor();
  }, 60_000);

  test('deletes an event with its bands once the question has said how many', async () => {
    await nav('Events');
    await page.getByRole('button', { name: 'Delete Demo Festival' }).click();
    const doomed = page.getByRole('dialog', { name: 'Delete Demo Festival?' });
    await doomed.getByText(`It has ${cloud.demo.bandIds.length} bands.`, { exact: false }).waitFor();
    await shot('18-events-delete-confirm');
    await doomed.getByRole('button', { name: `Delete the event and its ${cloud.demo.bandIds.length} bands` }).click();
    await expect.poll(() => page.getByRole('button', { name: /^Demo Festival/ }).count(), { timeout: 15_000 }).toBe(0);
    const left = await cloud.client.events.list.query({ orgId: cloud.demo.orgId });
    expect(left.items.map((e) => e.name)).not.toContain('Demo Festival');
  }, 60_000);

  test('replaces a lost band at a station: picked from the local store, confirmed, a blank band tapped', async () => {
    // Found by its attendee (imported with the CSV above), in the desk's own store, from the keyboard: the
    // picker takes the typing, Enter picks the match and confirms in the dialog.
    await nav('Encoding station');
    await page.getByTestId('station').first().getByRole('button', { name: 'Replace a lost band' }).click();
    await page.getByLabel('Lost band').pressSequentially('alan tur');
    const match = page.getByTestId('replace-match').filter({ hasText: 'Alan Turing' });
    const lostId = (await match.locator('.mono').first().textContent()) ?? '';
    await match.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: `Replace band ${lostId}?` });
    await dialog.getByRole('button', { name: 'Keep it' }).waitFor();
    await shot('19-station-replace-confirm');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByTestId('replace-waiting').waitFor();
    await console_.call('tag.insert', { name: 'band-replacement', reader: 0 });
    const receipt = page.getByTestId('replace-receipt');
    await receipt.waitFor({ timeout: 15_000 });
    expect(await receipt.locator('strong').textContent()).toBe(`Band ${lostId} replaced`);
    const newId = (await receipt.locator('dd').first().textContent()) ?? '';
    expect(newId).not.toBe(lostId);
    expect(await receipt.locator('dd').last().textContent()).toBe('Alan Turing');
    await shot('19-station-replace-receipt');
    await console_.call('tag.remove', { name: 'band-replacement' });

    // The lost band leads to its replacement; the cloud has it too once synced.
    await nav('Bands');
    await page.getByRole('button', { name: 'Lost', exact: true }).click();
    const link = page.getByTestId('band-row').filter({ hasText: lostId }).getByTestId('band-replaced-by');
    await link.waitFor({ timeout: 15_000 });
    await shot('20-bands-replace-link');
    await link.click();
    await expect.poll(() => page.getByTestId('band-row').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByTestId('band-row').locator('td').first().textContent()).toBe(newId);
    await expect
      .poll(async () => (await cloud.client.bands.get.query({ orgId: cloud.demo.orgId, bandId: lostId })).replacedBy, {
        timeout: 20_000,
      })
      .toBe(newId);

    // Found again after all: restoring retires the replacement the attendee was given, once asked.
    await page.getByLabel('Search bands').fill('');
    await page.getByRole('button', { name: 'Lost', exact: true }).click();
    const found = page.getByTestId('band-row').filter({ hasText: lostId });
    await found.getByRole('button', { name: 'Restore (found again)' }).click();
    const restore = page.getByRole('dialog', { name: `Restore band ${lostId}?` });
    await restore.getByText(`Band ${newId} replaced it.`, { exact: false }).waitFor();
    await shot('20-bands-restore-replaced');
    await restore.getByRole('button', { name: 'Retire the replacement and restore' }).click();
    await page.getByText(`Band ${lostId} restored; its replacement is retired`).waitFor({ timeout: 15_000 });
    const cloudBand = async (bandId: string) => cloud.client.bands.get.query({ orgId: cloud.demo.orgId, bandId });
    expect(await cloudBand(newId)).toMatchObject({ status: 'DISABLED', attendee: null });
    expect(await cloudBand(lostId)).toMatchObject({ status: 'ACTIVE', attendee: { name: 'Alan Turing' } });
  }, 60_000);

  test('tells desk staff in plain words when the reader service is down, when no reader is plugged in, and why a key did nothing', async () => {
    await nav('Encoding station');
    await page.getByTestId('station').first().waitFor();
    await console_.call('pcscd.stop');
    const service = page.getByTestId('reader-service');
    await service.getByText('The reader service is not running on this computer. Ask IT to start it.').waitFor();
    // The commands are for IT, folded under Details.
    await service.getByText('Details for IT').click();
    await service.locator('.mono').waitFor();
    await shot('21-station-service-down');

    await console_.call('pcscd.start', { readers: false });
    await page.getByTestId('no-reader').getByText('Plug in a reader.').waitFor({ timeout: 15_000 });
    await page.locator('main h1').click();
    await page.keyboard.press('e');
    await page.getByTestId('key-ignored').getByText('no reader is plugged in', { exact: false }).waitFor();
    await shot('21-station-no-reader');

    // Readers back: the stations return by themselves.
    await console_.call('pcscd.stop');
    await console_.call('pcscd.start', { readers: true });
    await page.getByTestId('station').first().waitFor({ timeout: 15_000 });
  }, 60_000);

  test("changes a member's role, which the cloud keeps", async () => {
    // Someone joins with an invitation (accepted through the cloud's API, as the joining desk would).
    const { token } = await cloud.client.orgs.invite.mutate({
      orgId: cloud.demo.orgId,
      email: 'ada.editor@example.test',
      role: 'EDITOR',
    });
    await cloud
      .clientFor(null)
      .orgs.acceptInvite.mutate({ token, name: 'Ada Editor', password: 'a long enough password' });
    await nav('Events');
    await nav('Team');
    const role = page.getByLabel('Role of Ada Editor');
    await role.waitFor({ timeout: 15_000 });
    expect(await role.inputValue()).toBe('EDITOR');
    await role.selectOption('VIEWER');
    await expect
      .poll(
        async () =>
          (await cloud.client.orgs.members.query({ orgId: cloud.demo.orgId })).find((m) => m.name === 'Ada Editor')
            ?.role,
        { timeout: 15_000 },
      )
      .toBe('VIEWER');
    await expect.poll(() => role.inputValue(), { timeout: 15_000 }).toBe('VIEWER');
    expect(await page.getByRole('alert').count()).toBe(0);
    await shot('13-team-role-changed');
  }, 60_000);
});
