// Key workshop, storage: nothing is kept in the browser unless key-remember is ticked; a
// remembered key comes back after a reload; key-forget, unticking and forget-everything remove
// it. At the end, no request or console message carried private material.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as jose from 'jose';
import { fixture } from './lib/fixture.mjs';
import { EMPTY_STORAGE } from './lib/keypanel.mjs';
import { Secrets } from './lib/secrets.mjs';

const ENTRY = 'pkjwt.key.v1';
const secrets = new Secrets();
// Every test opens its own page: a fresh context, so fresh storage.
const fx = fixture({ secrets });

async function expectNoKey(panel, why) {
  await panel.settle();
  assert.equal(await panel.el('key-summary').count(), 0, `${why}: no current key`);
  assert.equal(await panel.el('key-public-jwk').count(), 0, `${why}: no exports`);
}

test('without key-remember, nothing is stored in the browser', async (t) => {
  const panel = await fx.open(t);
  assert.deepEqual(await panel.userStorage(), EMPTY_STORAGE, 'empty on arrival');
  const rsa = await secrets.generated(panel, 'RSA-2048');
  await panel.makeCertificate({ cn: 'storage', days: 5 });
  await secrets.generated(panel, 'EC-P256', { engine: 'rustcrypto' });
  await panel.import(rsa.privatePem);
  await panel.reveal('key-private-jwk');
  await panel.page.getByRole('button', { name: 'Show' }).first().click();
  await panel.settle();
  assert.deepEqual(await panel.userStorage(), EMPTY_STORAGE, 'still empty after generating, certifying, importing');
  assert.equal(await panel.el('key-remember').isChecked(), false, 'key-remember is off by default');
  await panel.reload();
  await expectNoKey(panel, 'after a reload');
  const { appCache, ...rest } = await panel.storage();
  assert.deepEqual(rest, EMPTY_STORAGE);
  // The one thing kept is sw.js's offline copy of the page's own public files.
  assert.ok(appCache.includes('./') && appCache.some((f) => f.endsWith('_bg.wasm')), `offline copy: ${appCache}`);
});

test('key-remember keeps the key across a reload; key-forget removes it', async (t) => {
  const panel = await fx.open(t);
  const key = await secrets.generated(panel, 'EC-P384');
  await panel.el('key-remember').check();
  await panel.settle();
  const stored = await panel.userStorage();
  assert.deepEqual(Object.keys(stored.localStorage), [ENTRY], 'one localStorage entry');
  assert.deepEqual({ ...stored, localStorage: {} }, EMPTY_STORAGE, 'nothing else stored');
  const storedJwk = JSON.parse(stored.localStorage[ENTRY]);
  assert.equal(await jose.calculateJwkThumbprint(storedJwk), key.thumbprint, 'the stored JWK is this key');
  assert.equal(storedJwk.d, key.privateJwk.d, 'the stored JWK is the private key (as the warning says)');

  await panel.reload();
  const back = await panel.key();
  assert.equal(back.thumbprint, key.thumbprint, 'the same key is back');
  assert.equal(back.privateJwk.d, key.privateJwk.d);
  assert.match(back.provenance, /Restored from this browser's storage/);
  assert.equal(await panel.el('key-remember').isChecked(), true, 'key-remember stays ticked');

  await panel.el('key-forget').click();
  await expectNoKey(panel, 'after key-forget');
  assert.deepEqual(await panel.userStorage(), EMPTY_STORAGE, 'storage empty after key-forget');
  await panel.reload();
  await expectNoKey(panel, 'after key-forget and a reload');
  assert.deepEqual(await panel.userStorage(), EMPTY_STORAGE);
});

test('a remembered key follows edits (kid) and unticking removes it', async (t) => {
  const panel = await fx.open(t);
  const key = await secrets.generated(panel, 'Ed25519');
  await panel.el('key-remember').check();
  await panel.el('key-kid').fill('remembered-kid');
  await panel.el('key-kid').press('Tab');
  await panel.reload();
  assert.equal(await panel.el('key-kid').inputValue(), 'remembered-kid', 'the edited kid was remembered');
  assert.equal(await panel.text('key-thumbprint'), key.thumbprint);

  await panel.el('key-remember').uncheck();
  await panel.settle();
  assert.deepEqual(await panel.userStorage(), EMPTY_STORAGE, 'unticking removes the stored key at once');
  assert.equal(await panel.text('key-thumbprint'), key.thumbprint, 'the key stays in the page');
  await panel.reload();
  await expectNoKey(panel, 'after unticking and a reload');
});

test('forget-everything removes the key from memory and all of this site\'s storage', async (t) => {
  const panel = await fx.open(t);
  await secrets.generated(panel, 'RSA-2048');
  await panel.el('key-remember').check();
  await panel.page.evaluate(() => sessionStorage.setItem('something', 'else'));
  await panel.settle();
  const before = await panel.storage();
  assert.deepEqual(Object.keys(before.localStorage), [ENTRY]);
  assert.deepEqual(Object.keys(before.sessionStorage), ['something']);

  await panel.el('forget-everything').click();
  await expectNoKey(panel, 'after forget-everything');
  assert.deepEqual(await panel.userStorage(), EMPTY_STORAGE, 'local and session storage cleared');
  await panel.reload();
  await expectNoKey(panel, 'after forget-everything and a reload');
  assert.deepEqual(await panel.userStorage(), EMPTY_STORAGE);
});

test('nothing private left the page (requests, console)', async () => {
  const { found, requests, keys, pages } = await secrets.leaks();
  assert.ok(keys >= 5 && pages === 4 && requests > 0, `${keys} keys, ${pages} pages, ${requests} requests`);
  assert.deepEqual(found, []);
});
