/** A main process that fails (error-reporting.integration.test.ts): a rejection nobody handles. */
import { parseDesktopConfig } from './config.ts';
import { reportUnexpectedErrors } from './error-reporting.ts';

reportUnexpectedErrors(parseDesktopConfig(process.env).errorReporting, fetch);
setTimeout(() => Promise.reject(new Error('pushing the band of ann@example.com from 10.0.0.8 failed')), 10);
