// A loopback server publishing JWK Sets, as a client's jwks_uri would: each document is served at
// /cors/<name> (Access-Control-Allow-Origin: *, so the page's fetch can read it) and at
// /plain/<name> (no CORS headers at all, as most servers publish it, so a browser fetch fails
// while curl works). It records every request (method, path, headers, body), so a test can
// check what the page sent to fetch a JWKS.
import { createServer } from 'node:http';

export async function startJwksServer() {
  const documents = new Map();
  const requests = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url, 'http://x').pathname;
      requests.push({ method: req.method, url: req.url, path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const m = path.match(/^\/(cors|plain)\/([\w.-]+)$/);
      const cors = m?.[1] === 'cors' ? { 'access-control-allow-origin': '*' } : {};
      if (req.method === 'OPTIONS') return res.writeHead(m?.[1] === 'cors' ? 204 : 404, cors).end();
      const doc = m && documents.get(m[2]);
      if (!doc || req.method !== 'GET') return res.writeHead(404, { ...cors, 'content-type': 'application/json' }).end('{"error":"not_found"}');
      res.writeHead(200, { ...cors, 'content-type': doc.type, 'cache-control': 'no-store' }).end(doc.body);
    });
  });
  await new Promise((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    requests,
    /**
     * Publishes `jwks` (an object, or text served as it is) under `name`.
     * @returns {{cors: string, plain: string}} its two URLs
     */
    publish(name, jwks, { type = 'application/json' } = {}) {
      documents.set(name, { body: typeof jwks === 'string' ? jwks : JSON.stringify(jwks), type });
      return { cors: `${origin}/cors/${name}`, plain: `${origin}/plain/${name}` };
    },
    /** Requests for `name` (either URL). */
    requestsFor(name) { return requests.filter((r) => r.path.endsWith(`/${name}`)); },
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}
