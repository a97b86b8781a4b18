/**
 * The ceiling: a bare node:http server answering every request with a fixed 302, as the redirect
 * does (same headers), and nothing else. Prints its URL on stdout once listening.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const server = createServer((_req, res) => {
  res.writeHead(302, { location: 'https://example.com/live', 'cache-control': 'no-store' });
  res.end();
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(JSON.stringify({ url: `http://127.0.0.1:${port}` }));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
