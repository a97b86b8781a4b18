import { describe, expect, test } from 'vitest';
import { invitationLink, parseInvitationLink } from './invitation-link.ts';

const token = 'FDqHpxUCh8XP_sce03tnPq1w';

describe('invitation links', () => {
  test.each([
    ['a cloud at the root', 'https://cloud.example'],
    ['a cloud under a path', 'https://example.com/sparkmotion'],
    ['a cloud on a port', 'http://127.0.0.1:3000'],
  ])('read back the cloud and the token of %s', (_name, cloudUrl) => {
    expect(parseInvitationLink(invitationLink(`${cloudUrl}/`, token))).toEqual({ cloudUrl, token });
  });

  test.each([
    ['text that is no URL', 'hello'],
    ['a link without a token', 'https://cloud.example/invite'],
    ['a link to another page', `https://cloud.example/login#${token}`],
    ['a javascript: URL', `javascript:alert(1)//invite#${token}`],
  ])('refuse %s', (_name, text) => {
    expect(parseInvitationLink(text)).toBeNull();
  });
});
