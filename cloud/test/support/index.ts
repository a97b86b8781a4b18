export { errorCodeOf, expectErrorCode } from './expect-error.ts';
export { migratedTemplate } from './template-database.ts';
export { type Caller, startTestCloud, type TestCloud, type TestCloudOptions } from './test-cloud.ts';
export { useTestCloud } from './use-test-cloud.ts';

/** A phone's browser: a tap that counts as a person's, not a preview or a bot. */
export const PHONE_USER_AGENT =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
