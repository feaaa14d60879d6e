// Serves one authorization server metadata document on 127.0.0.1, at any path ending in
// /.well-known/openid-configuration, oauth-authorization-server or smart-configuration, so a test can
// show the page a server that announces less than the local oidc-provider (e.g. fewer client
// authentication methods or algorithms) while every endpoint it names stays the real one.
import { createServer } from 'node:http';

/**
 * @param {object} metadata the JSON document
 * @param {{cors?: boolean}} [options] cors: send Access-Control-Allow-Origin: *
 * @returns {Promise<{origin: string, requests: string[], close: () => Promise<void>}>}
 */
export async function serveMetadata(metadata, { cors = true } = {}) {
  const requests = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const path = req.url.split('?')[0];
    const headers = { 'content-type': 'application/json', 'cache-control': 'no-store', ...(cors ? { 'access-control-allow-origin': '*' } : {}) };
    if (req.method === 'GET' && /\/\.well-known\/(openid-configuration|oauth-authorization-server|smart-configuration)$/.test(path)) {
      res.writeHead(200, headers).end(JSON.stringify(metadata));
    } else {
      res.writeHead(404, headers).end('{"error":"not_found"}');
    }
  });
  await new Promise((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', ok));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}
