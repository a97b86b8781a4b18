/**
 * `node --import <this file> …`: a process in which nfc-pcsc's native addon cannot be found, as on a machine
 * where `npm install` could not build it (no PC/SC headers). The real nfc-pcsc and `bindings` code run and
 * look for the addon where they always do; only the `.node` file is not found there.
 */
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier.endsWith('pcsclite.node')) {
      throw Object.assign(new Error(`Cannot find module '${specifier}'`), { code: 'MODULE_NOT_FOUND' });
    }
    return nextResolve(specifier, context);
  },
});
