import { describe, expect, test } from 'vitest';
import { attendeeForDesk, deskAttendeesFor } from './attendee-privacy.ts';

const ann = { name: 'Ann', email: 'ann@example.com', ticketCode: 'T-1' };

describe('what a desk may hold of an attendee', () => {
  test.each([
    ['FULL', ann],
    ['NAME_AND_TICKET', { ...ann, email: null }],
    ['NONE', null],
  ] as const)('under %s', (level, expected) => {
    expect(attendeeForDesk(ann, level)).toEqual(expected);
  });

  test('an attendee known by email only is not sent at all when the email is held back', () => {
    expect(attendeeForDesk({ name: null, email: 'a@example.com', ticketCode: null }, 'NAME_AND_TICKET')).toBeNull();
  });

  test.each([
    ['FULL', 'OWNER', 'FULL'],
    ['FULL', 'EDITOR', 'FULL'],
    ['FULL', 'VIEWER', 'NAME_AND_TICKET'],
    ['NAME_AND_TICKET', 'VIEWER', 'NAME_AND_TICKET'],
    ['NONE', 'OWNER', 'NONE'],
    ['NONE', 'VIEWER', 'NONE'],
  ] as const)('rule %s for a %s gives %s', (rule, role, level) => {
    expect(deskAttendeesFor(rule, role)).toBe(level);
  });
});
