import { describe, expect, test } from 'vitest';
import { botName, isBot } from './is-bot.ts';

describe('isBot', () => {
  test.each([
    ['WhatsApp preview', 'WhatsApp/2.23.20.0 A'],
    ['Telegram preview', 'TelegramBot (like TwitterBot)'],
    ['Slack unfurl', 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)'],
    ['Discord embed', 'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)'],
    [
      'iMessage preview',
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0',
    ],
    ['Outlook link preview', 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.12026; Pro)'],
    ['Googlebot', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'],
    ['curl', 'curl/8.5.0'],
    ['an empty user agent', ''],
  ])('flags %s', (_name, ua) => {
    expect(isBot(ua)).toBe(true);
  });

  test.each([
    [
      'Safari on iPhone',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
    ],
    [
      'Chrome on Android',
      'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
    ],
    [
      'Samsung Internet',
      'Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36',
    ],
  ])('lets %s through', (_name, ua) => {
    expect(isBot(ua)).toBe(false);
  });
});

describe('botName', () => {
  test.each([
    ['WhatsApp/2.23.20.0 A', 'WhatsApp'],
    ['TelegramBot (like TwitterBot)', 'TelegramBot'],
    ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'Googlebot'],
    ['Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)', 'Discordbot'],
    ['Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.12026; Pro)', 'Microsoft Office'],
    ['curl/8.5.0', 'curl'],
    ['', '(no user agent)'],
  ])('names %j %s', (ua, name) => {
    expect(botName(ua)).toBe(name);
  });
});
