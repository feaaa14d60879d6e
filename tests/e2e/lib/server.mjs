// A tiny static file server for the release build in dist/.
// It can mount dist/ under a sub-path (e.g. /some/sub/path/) so tests prove that every asset URL
// is relative, as on a GitHub Pages project site. Anything outside the mount is a 404.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

// PKJWT_DIST tests another build (e.g. one made elsewhere) without touching dist/.
export const DIST = resolve(process.env.PKJWT_DIST ?? fileURLToPath(new URL('../../../dist', import.meta.url)));

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', // required by WebAssembly.instantiateStreaming
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** Throws a clear error when there is no build to test; the e2e suite never builds. */
export function assertDist(root = DIST) {
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`no release build at ${root}/index.html: run \`make build\` (or \`make test\`) first`);
  }
}

/**
 * Serves `root` at http://127.0.0.1:<port><base> (a random free port unless `port` is given;
 * `make serve` uses 8080 through scripts/serve.mjs).
 * @returns {Promise<{url: string, origin: string, close: () => Promise<void>}>}
 */
export async function serveDist({ root = DIST, base = '/', port = 0 } = {}) {
  assertDist(root);
  if (!base.startsWith('/') || !base.endsWith('/')) throw new Error(`base must be /…/, got ${base}`);

  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(base) || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404).end();
      return;
    }
    let file = normalize(join(root, path.slice(base.length)));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end(); // path traversal
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': MIME[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404).end();
    }
  });

  await new Promise((ok, fail) => server.once('error', fail).listen(port, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: origin + base,
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}
