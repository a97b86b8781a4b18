import { describe, expect, test } from 'vitest';
import { hubUrlWarning } from './hub-url-warning.ts';

describe('the hub base URL warning', () => {
  test.each([
    ['http://localhost:3000', 'localhost'],
    ['https://desk.local', 'localhost'],
    ['http://127.0.0.1:3000', 'loopback'],
    ['https://127.1.2.3', 'loopback'],
    ['http://[::1]:3000', 'loopback'],
    ['https://10.0.0.5', 'private'],
    ['https://172.16.4.1', 'private'],
    ['https://172.31.255.255', 'private'],
    ['https://192.168.1.20', 'private'],
    ['https://[fd12:3456::1]', 'private'],
    ['http://hub.example.com', 'http'],
  ])('warns about %s (%s)', (url, warning) => {
    expect(hubUrlWarning(url)).toBe(warning);
  });

  test.each([
    'https://hub.example.com',
    'https://172.32.0.1',
    'https://8.8.8.8',
    'https://localhost.example.com',
    'not a url',
  ])('says nothing about %s', (url) => {
    expect(hubUrlWarning(url)).toBeNull();
  });
});
