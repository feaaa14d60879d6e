// A loopback HTTP server that keeps every request exactly as it arrived (method, URL, headers,
// the body's raw bytes) and answers each with a small token response, with CORS so the page's
// Send can reach it too. For "these bytes reached the server" checks of curl and the scripts.
import { createServer } from 'node:http';

/**
 * @param options.answer (req) => {status, body}: what to answer (default 200 with a token)
 * @returns {{url: (path?) => string, requests: {method, url, headers, body: Buffer, text: string}[], close}}
 */
export async function startFormRecorder({ answer } = {}) {
  const requests = [];
  let count = 0;
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const cors = {
        'access-control-allow-origin': req.headers.origin ?? '*',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
        'access-control-allow-methods': 'POST, GET',
      };
      if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
      const body = Buffer.concat(chunks);
      const entry = { method: req.method, url: req.url, headers: req.headers, body, text: body.toString('utf8') };
      requests.push(entry);
      const { status = 200, body: out = { access_token: `recorded-${++count}`, token_type: 'Bearer', expires_in: 60 } } = answer?.(entry) ?? {};
      res.writeHead(status, { ...cors, 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(out));
    });
  });
  await new Promise((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: (path = '/token') => origin + path,
    requests,
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}

/** A form body with the value of `name` (client_assertion, assertion) replaced by `X`, as raw bytes. */
export function withoutValue(body, ...names) {
  let text = Buffer.isBuffer(body) ? body.toString('latin1') : Buffer.from(body, 'utf8').toString('latin1');
  for (const name of names) text = text.replace(new RegExp(`(^|&)(${name})=[^&]*`, 'g'), '$1$2=X');
  return Buffer.from(text, 'latin1');
}
