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

const PATTERNS = [...list, ...EXTRA_PATTERNS];
const matches = createIsbotFromList(PATTERNS);
const firstMatch = new RegExp(PATTERNS.join('|'), 'i');

export function isBot(userAgent: string): boolean {
  return userAgent.trim() === '' || matches(userAgent);
}

/**
 * What an organizer would call the bot or preview: the product token its user agent was flagged by
 * (`Mozilla/5.0 (compatible; Googlebot/2.1; …)` → `Googlebot`, `WhatsApp/2.23` → `WhatsApp`).
 */
export function botName(userAgent: string): string {
  if (userAgent.trim() === '') return '(no user agent)';
  const match = firstMatch.exec(userAgent);
  if (!match) return '(other)';
  // From the start of the word the match is in, through the end of the match's word, up to a version or comment.
  const end = match.index + match[0].length;
  const start = userAgent.slice(0, match.index).search(/[^\s;(),]*$/);
  const tail = /^[^\s;(),/]*/.exec(userAgent.slice(end))![0];
  return `${userAgent.slice(start, end)}${tail}`
    .split(/[;(),/]/)[0]!
    .trim()
    .slice(0, 64);
}
