export { migratedTemplate } from './template-database.ts';
export { type Caller, startTestCloud, type TestCloud, type TestCloudOptions } from './test-cloud.ts';
