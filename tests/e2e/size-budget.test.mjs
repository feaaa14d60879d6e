// First-load size check: what the page downloads before it can be used (index.html, the
// app's JS and wasm, the lazy loader, CSS, icon; not the key worker, fetched only when
// RustCrypto is used, nor the lazy chunks, fetched on first use or after idle), compressed with
// gzip -9. It must stay within the budget (FIRST_LOAD_BUDGET, 250 KiB) and within
// FIRST_LOAD_CEILING, the best achieved plus 2 % (lib/size.mjs and BENCHMARKS.md explain the
// history). Bytes are stable, so unlike timings this can gate CI;
// `make bench` measures the rest (timings, ratios, long tasks, when each chunk loads).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, assertDist } from './lib/server.mjs';
import {
  FIRST_LOAD_BUDGET, FIRST_LOAD_CEILING, isLazyFile, isLazyLoader, kib, lazyFiles, lazyReferences, sizeTable, startFiles,
} from './lib/size.mjs';

test(`first load stays at most ${kib(FIRST_LOAD_CEILING)} gzip (best achieved; budget ${kib(FIRST_LOAD_BUDGET)})`, () => {
  assertDist();
  const files = startFiles(DIST);
  const names = files.map((f) => f.file);
  // If index.html changed shape and nothing was found, the budget would pass vacuously.
  assert.ok(names.some((n) => n.endsWith('.wasm')), `no wasm found among the start files: ${names.join(', ')}`);
  assert.ok(names.some((n) => n.endsWith('.js')), `no JS found among the start files: ${names.join(', ')}`);
  // The chunks are fetched later: counting one here would be a wrong total, either way.
  assert.deepEqual(names.filter((n) => isLazyFile(n.split('/').pop())), [], 'no lazy chunk among the start files');

  const total = files.reduce((sum, f) => sum + f.gzip, 0);
  const table = sizeTable(files);
  const lazy = lazyFiles(DIST);
  const budget = total <= FIRST_LOAD_BUDGET
    ? `within the issue's budget of ${kib(FIRST_LOAD_BUDGET)}`
    : `over the issue's budget of ${kib(FIRST_LOAD_BUDGET)} by ${kib(total - FIRST_LOAD_BUDGET)} (not met; see BENCHMARKS.md)`;
  console.log(`first load ${total} B gzip (${kib(total)}), ${budget}:\n${table}`);
  console.log(`lazy chunks (not in the first load; fetched on first use or after idle):\n${lazy.length ? sizeTable(lazy) : 'none'}`);
  assert.ok(FIRST_LOAD_CEILING <= FIRST_LOAD_BUDGET, `the ceiling (${FIRST_LOAD_CEILING} B) is within the budget (${FIRST_LOAD_BUDGET} B)`);
  assert.ok(total <= FIRST_LOAD_BUDGET, `first load is ${total} B gzip (${kib(total)}), over the issue's budget of ${kib(FIRST_LOAD_BUDGET)} by ${total - FIRST_LOAD_BUDGET} B:\n${table}`);
  if (total > FIRST_LOAD_CEILING) {
    const over = total - FIRST_LOAD_CEILING;
    assert.fail(
      `first load is ${total} B gzip (${kib(total)}), ${over} B more than the best achieved plus 2 % `
      + `(${FIRST_LOAD_CEILING} B). Something made the page bigger:\n${table}`,
    );
  }
});

test('every lazy chunk in dist/ is one the lazy loader names, and every chunk it names is in dist/', () => {
  assertDist();
  // The loader is a start file: the app's JS imports it, so a loader nobody loads is not found here.
  const loaders = startFiles(DIST).map((f) => f.file).filter((f) => isLazyLoader(f.split('/').pop()));
  assert.equal(loaders.length, 1, `one lazy loader (lazy-loader-<hash>.js) among the start files: ${loaders.join(', ') || 'none'}`);
  const named = lazyReferences(readFileSync(join(DIST, loaders[0]), 'utf8'));
  const present = lazyFiles(DIST).map((f) => f.file);
  assert.ok(present.length > 0, 'the build has lazy chunks (lazy-<name>-<hash>.wasm)');
  assert.deepEqual(present.filter((f) => !named.includes(f)), [], `chunks in dist/ that ${loaders[0]} never names (stray files)`);
  assert.deepEqual(named.filter((f) => !present.includes(f)), [], `chunks ${loaders[0]} names that dist/ lacks (the page would fail to load them)`);
});
