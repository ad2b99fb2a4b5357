import type { RunMode } from '../config/schema.js';
import { isAcceptablePlatformUrl } from './registration/acceptable-url.js';

/** What came back from a platform's endpoint. */
interface JsonResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

/** Limits on what e-carnet accepts from a platform's server. */
interface FetchLimits {
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
  /** A deadline of the whole task the call belongs to (a roster sync of many pages). */
  readonly signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

/**
 * Calls a platform endpoint and reads a JSON answer, within a time and size limit, so that a slow
 * or hostile server cannot hold a launch or fill memory. Throws on network failure, on a body
 * too large or not JSON; the caller turns that into its own stable error.
 */
async function fetchJson(url: string, init: RequestInit = {}, limits: FetchLimits = {}): Promise<JsonResponse> {
  const response = await fetch(url, {
    ...init,
    redirect: 'error',
    signal: deadline(limits),
  });
  const text = await readLimited(response, limits.maxBytes ?? DEFAULT_MAX_BYTES);
  let body: unknown = null;
  if (text.trim() !== '') body = JSON.parse(text) as unknown;
  return { status: response.status, headers: response.headers, body };
}

/**
 * `fetchJson` to an endpoint a platform named, once it is found acceptable for the run mode (in
 * production: HTTPS to a public address; see `isAcceptablePlatformUrl`). Throws otherwise, before
 * anything is sent.
 */
export async function fetchPlatformJson(url: string, mode: RunMode, init: RequestInit = {}, limits: FetchLimits = {}): Promise<JsonResponse> {
  if (!(await isAcceptablePlatformUrl(url, mode))) throw new Error('not an acceptable platform URL');
  return fetchJson(url, init, limits);
}

function deadline(limits: FetchLimits): AbortSignal {
  const own = AbortSignal.timeout(limits.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  return limits.signal ? AbortSignal.any([own, limits.signal]) : own;
}

async function readLimited(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new Error(`response larger than ${maxBytes} bytes`);
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    total += read.value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new Error(`response larger than ${maxBytes} bytes`);
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
