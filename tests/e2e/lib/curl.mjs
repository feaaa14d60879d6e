// The page's shell commands, run by real bash: either as they are (runCurl: the real curl against
// a real server), or with `curl` replaced by a shell function that prints its arguments
// NUL-separated (curlInvocation), so a test sees exactly what curl would receive after bash has
// done its quoting, expansion and word splitting. The one curl argv parser lives here.
import { execFile } from 'node:child_process';

/** Runs `command` with real bash; resolves {stdout, stderr, code}. */
export function bash(command, { timeout = 20_000 } = {}) {
  return new Promise((resolve) => {
    execFile('bash', ['-c', command], { timeout, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ stdout, stderr, code: err ? (err.code ?? 'killed') : 0 });
    });
  });
}

/**
 * Runs a curl command from the page with bash, exactly as the page wrote it; a shell function
 * named curl wraps the real one to append the HTTP status on a line of its own.
 * @returns {{status: number, body: any, text: string, stderr: string}}
 */
export async function runCurl(command) {
  const { stdout, stderr, code } = await bash(`curl() { command curl --write-out '\\n%{http_code}' "$@"; }\n${command}`);
  if (code !== 0) throw new Error(`bash exited ${code}: ${stderr}\n${command}`);
  const cut = stdout.lastIndexOf('\n');
  const text = stdout.slice(0, cut);
  let body = text;
  try { body = JSON.parse(text); } catch { /* not JSON */ }
  return { status: Number(stdout.slice(cut + 1)), body, text, stderr };
}

/**
 * What curl would receive from `command`: bash runs it (with `env` exported and `unset` unset
 * first) with curl replaced by a function that prints its arguments.
 * @returns {{code, stderr, argv: string[]} & ReturnType<typeof parseCurlArgv>} code is bash's exit code
 */
export async function curlInvocation(command, { env = {}, unset = [] } = {}) {
  const exports = Object.entries(env).map(([k, v]) => `export ${k}=${shellQuote(v)}\n`).join('');
  const unsets = unset.map((k) => `unset ${k}\n`).join('');
  const { stdout, stderr, code } = await bash(`${unsets}${exports}curl() { printf '%s\\0' "$@"; }\n${command}`);
  const argv = stdout ? stdout.split('\0').slice(0, -1) : [];
  return { code, stderr, argv, ...parseCurlArgv(argv) };
}

/** curlInvocation() of a command that must run: throws with bash's stderr when it does not. */
export async function curlArgs(command) {
  const invocation = await curlInvocation(command);
  if (invocation.code !== 0) throw new Error(`bash exited ${invocation.code}: ${invocation.stderr}`);
  return invocation;
}

/**
 * curl's arguments by meaning: url, method, headers [[name, value]], form [[name, value]] (what
 * --data-urlencode sends: name=value, the value encoded by curl), raw bodies, user, other flags.
 */
export function parseCurlArgv(argv) {
  const out = { url: undefined, method: undefined, headers: [], form: [], raw: [], user: undefined, flags: [] };
  for (let i = 0; i < argv.length; i++) {
    const [option, value] = [argv[i], argv[i + 1]];
    if (option === '--url') { out.url = value; i++; } else if (option === '--request' || option === '-X') { out.method = value; i++; } else if (option === '--header' || option === '-H') {
      const at = value.indexOf(':');
      out.headers.push([value.slice(0, at), value.slice(at + 1).trim()]);
      i++;
    } else if (option === '--data-urlencode') {
      const at = value.indexOf('=');
      out.form.push([value.slice(0, at), value.slice(at + 1)]);
      i++;
    } else if (option === '--data-raw' || option === '--data' || option === '-d') { out.raw.push(value); i++; } else if (option === '--user' || option === '-u') { out.user = value; i++; } else if (option !== 'curl') out.flags.push(option);
  }
  return out;
}

/** The value of header `name` (any case) in [[name, value]]. */
export const header = (headers, name) => headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];

/** `value` as one single-quoted bash word. */
export function shellQuote(value) {
  return `'${String(value).replace(/'/g, `'\\''`)}'`;
}
