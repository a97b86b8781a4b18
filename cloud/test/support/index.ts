export { errorCodeOf, expectErrorCode } from './expect-error.ts';
export { migratedTemplate } from './template-database.ts';
export { type Caller, startTestCloud, type TestCloud, type TestCloudOptions } from './test-cloud.ts';
