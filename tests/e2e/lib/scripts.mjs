// The page's Script output (testids script-lang, script-env, script, script-download,
// script-error), taken from the page and run by the real interpreter or compiler: python from a
// venv with requests + PyJWT[crypto] (scripts/setup.sh test makes it), node, `go run main.go`
// (Debian's golang-go), bash with openssl and curl. Each run gets a minimal environment (no
// proxy variables, no PKJWT_* of the test process), so only what a test passes reaches it.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
export const REPO = resolve(fileURLToPath(new URL('../../../', import.meta.url)));

export const LANGS = ['python', 'node', 'go', 'bash'];
/** The download's file name per language (ScriptLang::file_name). */
export const FILE_NAMES = { python: 'pkjwt-token.py', node: 'pkjwt-token.mjs', go: 'main.go', bash: 'pkjwt-token.sh' };
/** Languages whose script can read a .env file (script-env). */
export const DOTENV_LANGS = ['python', 'bash'];

/**
 * The venv's python (requests + PyJWT[crypto]); PKJWT_SCRIPT_VENV points at another venv.
 * The one place the tests name it.
 */
export const VENV = resolve(process.env.PKJWT_SCRIPT_VENV ?? join(REPO, 'target', 'script-venv'));
export const PYTHON = join(VENV, 'bin', 'python');

/** How each language's script is run: [program, args] in the script's directory. */
const COMMANDS = {
  python: () => [PYTHON, [FILE_NAMES.python]],
  node: () => [process.execPath, [FILE_NAMES.node]],
  go: () => ['go', ['run', FILE_NAMES.go]],
  bash: () => ['bash', [FILE_NAMES.bash]],
};

/** The environment every run starts from: enough to find the tools and Go's build cache. */
function baseEnv() {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME ?? tmpdir(), LANG: 'C.UTF-8' };
  for (const name of ['GOCACHE', 'GOPATH', 'GOROOT', 'TMPDIR']) if (process.env[name]) env[name] = process.env[name];
  return env;
}

function run(program, args, { cwd, env = {}, timeout = 60_000 } = {}) {
  const started = Date.now();
  return new Promise((done) => {
    execFile(program, args, { cwd, env: { ...baseEnv(), ...env }, timeout, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : `${err.code ?? err.signal ?? 'killed'}`) : 0, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/**
 * Fails with what to install when an interpreter a script needs is missing: no language is
 * skipped (`make test` installs them all).
 */
export async function checkInterpreters() {
  const missing = [];
  if (!existsSync(PYTHON)) missing.push(`python venv at ${VENV} (scripts/setup.sh test makes it; PKJWT_SCRIPT_VENV points elsewhere)`);
  else if ((await run(PYTHON, ['-c', 'import requests, jwt, cryptography'])).code !== 0) missing.push(`requests / PyJWT[crypto] in ${VENV}`);
  for (const [program, args] of [['go', ['version']], ['bash', ['--version']], ['openssl', ['version']], ['curl', ['--version']]]) {
    if ((await run(program, args)).code !== 0) missing.push(program);
  }
  if (missing.length) throw new Error(`missing for the script tests: ${missing.join('; ')}. Run \`make test\` (scripts/setup.sh test installs them).`);
}

/** A temporary directory per test; removed after it. */
export async function workdir(t, label = 'script') {
  const dir = await mkdtemp(join(tmpdir(), `pkjwt-${label}-`));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A script in a directory of its own, ready to run: `run({env})` runs it with the real
 * interpreter there. `dir` holds the script (under its download name) and whatever else the
 * test puts there (the key file).
 */
export class ScriptRun {
  constructor(lang, dir, text) {
    Object.assign(this, { lang, dir, text, file: join(dir, FILE_NAMES[lang]) });
  }

  static async write(lang, dir, text) {
    await mkdir(dir, { recursive: true });
    const script = new ScriptRun(lang, dir, text);
    await writeFile(script.file, text);
    return script;
  }

  /** Copies a key file into the directory under `name` (the default PKJWT_KEY_FILE is the download's name). */
  async addFile(source, name) {
    await copyFile(source, join(this.dir, name));
    return join(this.dir, name);
  }

  /**
   * Go only: `go build` once, so run() then runs the program itself. `go run` reports a non-zero
   * exit as its own exit 1 plus an "exit status N" line on stderr, which hides the program's
   * exit code and one-line message; the error tests look at the program.
   */
  async build() {
    if (this.lang !== 'go') return this;
    const built = await run('go', ['build', '-o', 'pkjwt-token', FILE_NAMES.go], { cwd: this.dir });
    if (built.code !== 0) throw new Error(`go build failed: ${built.stderr}`);
    this.binary = join(this.dir, 'pkjwt-token');
    return this;
  }

  /** Runs the script: {code, stdout, stderr, ms, json} (json: stdout parsed, when it is JSON). */
  async run({ env = {}, timeout } = {}) {
    const [program, args] = this.binary ? [this.binary, []] : COMMANDS[this.lang]();
    const ran = await run(program, args, { cwd: this.dir, env, timeout });
    try { ran.json = JSON.parse(ran.stdout); } catch { /* not JSON */ }
    return ran;
  }
}

/** A run's outcome for an assertion message. */
export const describe = (ran) => `exit ${ran.code} after ${ran.ms} ms; stdout: ${ran.stdout.slice(0, 400)}; stderr: ${ran.stderr.slice(0, 1200)}`;

/** What a stack trace or a panic looks like in each language (must never reach the user). */
export const TRACE = /Traceback \(most recent call last\)|^\s+at .+:\d+:\d+\)?$|^panic:|goroutine \d+ \[|^\s+File ".+", line \d+/m;

/** The page side of the Script output. */
export class ScriptPanel {
  /** @param bench a Workbench (lib/workbench.mjs) */
  constructor(bench) {
    this.bench = bench;
  }

  /**
   * Chooses `lang` (and, for python/bash, whether it reads .env) and returns the script once the
   * page has re-rendered it: {text} or {error} (script-error's text when no script can be made).
   */
  async take(lang, { dotenv } = {}) {
    const b = this.bench;
    await b.reveal('script-lang');
    const before = await this.#current();
    const changed = (await b.el('script-lang').inputValue()) !== lang
      || (dotenv !== undefined && DOTENV_LANGS.includes(lang) && (await this.#dotenvOn()) !== dotenv);
    await b.el('script-lang').selectOption(lang);
    if (dotenv !== undefined && DOTENV_LANGS.includes(lang)) await b.check('script-env', dotenv);
    // The script is a memo of the request shape: wait until it is the new one and stays so.
    let last;
    let stable = 0;
    const end = Date.now() + 10_000;
    while (Date.now() < end) {
      await b.settle();
      const now = await this.#current();
      if (now.text !== undefined || now.error !== undefined) {
        const same = last && now.text === last.text && now.error === last.error;
        // (the same error for another language is an answer too: no script for either)
        const fresh = !changed || now.text !== before.text || now.error !== before.error || now.text === undefined;
        stable = same && fresh ? stable + 1 : 0;
        if (stable >= 2) return now;
      }
      last = now;
      await sleep(40);
    }
    throw new Error(`no ${lang} script within 10 s: ${JSON.stringify(last)?.slice(0, 300)}`);
  }

  /** take(), and the script must be there (throws with script-error's text otherwise). */
  async text(lang, options) {
    const got = await this.take(lang, options);
    if (got.text === undefined) throw new Error(`no ${lang} script: script-error says ${got.error}`);
    return got.text;
  }

  /** The script as script-download saves it: {name, content}. */
  async download() {
    const b = this.bench;
    await b.reveal('script-download');
    const [download] = await Promise.all([b.page.waitForEvent('download'), b.el('script-download').click()]);
    return { name: download.suggestedFilename(), content: await readFile(await download.path(), 'utf8') };
  }

  async #dotenvOn() {
    const box = this.bench.el('script-env');
    return (await box.count()) ? box.isChecked() : false;
  }

  async #current() {
    const b = this.bench;
    const out = {};
    if (await b.el('script').count()) out.text = await b.text('script');
    if (await b.el('script-error').count() && await b.el('script-error').isVisible()) out.error = await b.text('script-error');
    return out;
  }
}

/**
 * Saves the page's private key download (key-private-pem-download) into `dir` under its own
 * file name, the default of $PKJWT_KEY_FILE. Returns {name, path, pem}.
 */
export async function downloadPrivateKey(bench, dir) {
  await bench.reveal('key-private-pem-download');
  const [download] = await Promise.all([bench.page.waitForEvent('download'), bench.el('key-private-pem-download').click()]);
  const name = download.suggestedFilename();
  const path = join(dir, name);
  await download.saveAs(path);
  return { name, path, pem: await readFile(path, 'utf8') };
}
