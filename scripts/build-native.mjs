// Rebuilds the one native addon (nfc-pcsc's @pokusew/pcsclite) against the Node that runs the project
// (the exact-pinned `node` devDependency), not the Node that runs npm. The `node` package's platform
// binary ships Node's headers; node-gyp is pointed at a copy of them so no header download is needed.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const platformPackage = join(root, 'node_modules/node/node_modules', `node-${process.platform}-${process.arch}`);
const headers = join(platformPackage, 'include/node');
const nodedir = join(root, 'node_modules/.cache/node-headers');

const args = ['rebuild', '@pokusew/pcsclite'];
if (existsSync(headers)) {
  cpSync(headers, join(nodedir, 'include/node'), { recursive: true });
  args.push(`--nodedir=${nodedir}`);
} else if (existsSync(join(nodedir, 'include/node'))) {
  // A reinstall can leave the platform package out; headers copied before still match the pinned Node,
  // whereas falling back to ~/.npmrc's nodedir builds for the wrong ABI (NODE_MODULE_VERSION mismatch).
  args.push(`--nodedir=${nodedir}`);
}
try {
  execFileSync('npm', args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
} catch {
  // The console still runs without readers (browser mode, the cloud); say how to get them.
  console.warn(
    '[sparkmotion] nfc-pcsc native build failed: install the PC/SC dev headers (Debian: libpcsclite-dev) and run `npm run postinstall`.',
  );
}
