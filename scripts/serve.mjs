// `make serve`: serves the release build in dist/ on http://127.0.0.1:8080 (PKJWT_PORT to
// change), with the same static server the e2e tests use. `make serve` builds first; run
// `make build` again after a change and reload.
import { serveDist } from '../tests/e2e/lib/server.mjs';

const port = Number(process.env.PKJWT_PORT ?? 8080);
try {
  const server = await serveDist({ port });
  console.log(`serve: ${server.url} (Ctrl-C to stop)`);
} catch (error) {
  console.error(`serve: cannot serve on 127.0.0.1:${port}: ${error.message}`);
  process.exit(1);
}
