// Builds the one native addon (nfc-pcsc's @pokusew/pcsclite) against the Node that runs the project
// (the exact-pinned `node` devDependency), not the Node that runs npm. The `node` package's platform
// binary ships Node's headers; node-gyp is pointed at a copy of them so no header download is needed.
//
// The addon's own install script is denied in package.json's allowScripts: run by npm, a missing
// PC/SC header fails the whole `npm install` on a fresh machine. Here a failed build only warns (the
// cloud and the browser console run without readers); `scripts/ensure-test-services.sh` installs the
// headers and runs this again.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const addon = join(root, 'node_modules/@pokusew/pcsclite');
const platformPackage = join(root, 'node_modules/node/node_modules', `node-${process.platform}-${process.arch}`);
const headers = join(platformPackage, 'include/node');
const nodedir = join(root, 'node_modules/.cache/node-headers');

if (existsSync(headers)) cpSync(headers, join(nodedir, 'include/node'), { recursive: true });
// Without the platform package (a reinstall can leave it out), headers copied before still match the
// pinned Node, whereas node-gyp's fallback (npm's nodedir from ~/.npmrc, or a download) builds for the
// wrong ABI. They go in the environment, not a flag: run by npm (postinstall), npm's own nodedir is there
// already, and node-gyp prefers it to the command line.
const env = existsSync(join(nodedir, 'include/node')) ? { ...process.env, npm_config_nodedir: nodedir } : process.env;
try {
  execFileSync(process.execPath, [join(root, 'node_modules/node-gyp/bin/node-gyp.js'), 'rebuild'], {
    cwd: addon,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  console.log('[sparkmotion] nfc-pcsc native addon built');
} catch {
  console.warn(
    '[sparkmotion] nfc-pcsc native build failed: install the PC/SC dev headers (Debian: libpcsclite-dev) and run `npm run build:native`.',
  );
}
