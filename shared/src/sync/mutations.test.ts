import { describe, expect, test } from 'vitest';
import { mutationKeys, parseMutation } from './mutations.ts';

const eventId = '3f1a3c9e-8a5e-4a36-9d38-0d0f2a4b6c11';
const windowId = '7b0c1d2e-3f40-4152-8364-a5b6c7d8e9f0';

describe('mutations', () => {
  test('parse a band registration and normalise the tag UID to upper case', () => {
    const mutation = parseMutation({
      mutationId: 1,
      name: 'band.register',
      args: {
        bandId: 'AAAAAAAAAAAAAAAB',
        uid: '04a1b2c3d4e5f6',
        eventId,
        stationId: 'desk-1',
        registeredAt: '2026-07-01T10:00:00Z',
      },
    });
    expect(mutation.args).toMatchObject({ uid: '04A1B2C3D4E5F6' });
    expect(mutationKeys(mutation)).toEqual(['band:AAAAAAAAAAAAAAAB']);
  });

  test('carry the trust kind a desk reported; a registration queued before desks reported it still parses', () => {
    const args = {
      bandId: 'AAAAAAAAAAAAAAAB',
      uid: '04A1B2C3D4E5F6',
      eventId,
      stationId: 'desk-1',
      registeredAt: '2026-07-01T10:00:00Z',
    };
    const withTrust = parseMutation({
      mutationId: 1,
      name: 'band.register',
      args: { ...args, trust: 'NTAG21X_MIRROR' },
    });
    expect(withTrust.args).toMatchObject({ trust: 'NTAG21X_MIRROR' });
    expect(parseMutation({ mutationId: 2, name: 'band.register', args }).args).not.toHaveProperty('trust');
  });

  test.each([
    ['an unknown name', 'band.delete', { bandId: 'AAAAAAAAAAAAAAAB' }],
    ['a band id that is not one', 'band.reassign', { bandId: 'nope', eventId }],
    [
      'a UID of the wrong length',
      'band.register',
      { bandId: 'AAAAAAAAAAAAAAAB', uid: '04A1B2', eventId, stationId: 's', registeredAt: '2026-07-01T10:00:00Z' },
    ],
    [
      'a trust kind no desk encodes',
      'band.register',
      {
        bandId: 'AAAAAAAAAAAAAAAB',
        uid: '04A1B2C3D4E5F6',
        eventId,
        stationId: 's',
        registeredAt: '2026-07-01T10:00:00Z',
        trust: 'NTAG213_SIGNATURE',
      },
    ],
    [
      'a secret version past what a key version byte holds',
      'band.register',
      {
        bandId: 'AAAAAAAAAAAAAAAB',
        uid: '04A1B2C3D4E5F6',
        eventId,
        stationId: 's',
        registeredAt: '2026-07-01T10:00:00Z',
        trust: 'NTAG424_SUN',
        secretVersion: 256,
      },
    ],
    ['an empty event patch', 'event.update', { eventId, patch: {} }],
    [
      'a window that ends before it starts',
      'window.create',
      {
        windowId,
        eventId,
        kind: 'LIVE',
        url: 'https://x.example',
        startsAt: '2026-07-01T12:00:00Z',
        endsAt: '2026-07-01T10:00:00Z',
      },
    ],
    ['a javascript: URL', 'window.update', { windowId, patch: { url: 'javascript:alert(1)' } }],
  ])('refuse %s', (_name, name, args) => {
    expect(() => parseMutation({ mutationId: 1, name, args })).toThrow();
  });

  const put = (windowId: string, startsAt: string, endsAt: string) => ({
    windowId,
    kind: 'LIVE',
    url: 'https://x.example',
    startsAt,
    endsAt,
  });
  const otherId = '9b0c1d2e-3f40-4152-8364-a5b6c7d8e9f1';

  test('key an event save by every window it writes or removes', () => {
    const save = parseMutation({
      mutationId: 3,
      name: 'windows.save',
      args: { eventId, put: [put(windowId, '2026-07-01T10:00:00Z', '2026-07-01T12:00:00Z')], remove: [otherId] },
    });
    expect(mutationKeys(save)).toEqual([`window:${windowId}`, `window:${otherId}`]);
  });

  test.each([
    ['an empty save', { eventId, put: [], remove: [] }],
    [
      'a window both written and removed',
      { eventId, put: [put(windowId, '2026-07-01T10:00:00Z', '2026-07-01T12:00:00Z')], remove: [windowId] },
    ],
    [
      'a written window that ends before it starts',
      { eventId, put: [put(windowId, '2026-07-01T12:00:00Z', '2026-07-01T10:00:00Z')], remove: [] },
    ],
    ['more than 50 windows', { eventId, put: [], remove: Array.from({ length: 51 }, () => crypto.randomUUID()) }],
  ])('refuse an event save with %s', (_name, args) => {
    expect(() => parseMutation({ mutationId: 1, name: 'windows.save', args })).toThrow();
  });

  test('key window mutations by the window id', () => {
    expect(mutationKeys(parseMutation({ mutationId: 2, name: 'window.delete', args: { windowId } }))).toEqual([
      `window:${windowId}`,
    ]);
  });
});

describe('band.setAttendee', () => {
  const bandId = 'AAAAAAAAAAAAAAAB';
  test('carries only the fields the desk changed, email normalised, and touches the band', () => {
    const mutation = parseMutation({
      mutationId: 1,
      name: 'band.setAttendee',
      args: { bandId, attendee: { email: ' Ann@Example.com ' } },
    });
    expect(mutation.args).toEqual({ bandId, attendee: { email: 'ann@example.com' } });
    expect(mutationKeys(mutation)).toEqual([`band:${bandId}`]);
  });

  test.each([
    ['an empty change', { bandId, attendee: {} }],
    ['a name holding a NUL, which the cloud would reject', { bandId, attendee: { name: 'A\u0000' } }],
    ['a ticket code with a lone surrogate', { bandId, attendee: { ticketCode: 'T\ud800' } }],
    ['an email that is not one', { bandId, attendee: { email: 'nope' } }],
    ['an empty name (clearing is null)', { bandId, attendee: { name: '  ' } }],
  ])('refuses %s', (_, args) => {
    expect(() => parseMutation({ mutationId: 1, name: 'band.setAttendee', args })).toThrow();
  });
});
