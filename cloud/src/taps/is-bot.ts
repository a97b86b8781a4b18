/**
 * Tracking policy: is this request a bot or a link preview rather than a person tapping a band?
 * Such taps are recorded and flagged (excluded from counts by default), never dropped.
 *
 * isbot's maintained list covers crawlers and most chat-app preview fetchers (WhatsApp, Telegram,
 * Slack, Discord, iMessage's facebookexternalhit/Twitterbot, Skype, Viber, LinkedIn). We add what a
 * band URL pasted into mail or chat also meets: mail security scanners and Office's link preview, and
 * an empty user agent (every phone browser sends one).
 */
import { createIsbotFromList, list } from 'isbot';

const EXTRA_PATTERNS = [
  'microsoft office',
  'ms-office',
  'outlook',
  'barracuda',
  'proofpoint',
  'mimecast',
  'zscaler',
  'forcepoint',
  'urldefense',
  'safelinks',
  'google-safety',
  'headlesschrome',
  'curl/',
  'wget/',
  'python-requests',
  'go-http-client',
  'okhttp',
];

const matches = createIsbotFromList([...list, ...EXTRA_PATTERNS]);

export function isBot(userAgent: string): boolean {
  return userAgent.trim() === '' || matches(userAgent);
}
