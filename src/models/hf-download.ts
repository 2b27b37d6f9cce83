/**
 * Downloads one GGUF file from the Hugging Face hub (or a mirror named by `HF_ENDPOINT`) into the
 * cache: streamed to a temporary file, checked (complete, a sound GGUF header), then renamed into
 * place, so an interrupted download never leaves a file that looks finished.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { isLlemError, LlemError } from '../core/errors.js';
import { findGgufProblems, type GgufProblem } from './gguf-checks.js';
import { readGgufHeader } from './gguf-reader.js';

/** A parsed `hf:<org>/<repo>[@revision]/<path>.gguf` reference. */
export interface HfModelRef {
  org: string;
  repo: string;
  revision: string;
  /** File path inside the repository, e.g. `Q4_K_M/model.gguf`. */
  file: string;
}

/** Parses `hf:org/repo/file.gguf` (optionally `org/repo@revision/...`); throws `ERR_MODEL_INVALID` when malformed. */
export function parseHfModel(model: string): HfModelRef {
  const m = /^hf:([^/@\s]+)\/([^/@\s]+)(?:@([^/\s]+))?\/(\S+\.gguf)$/i.exec(model);
  const file = m?.[4];
  if (m === null || file === undefined || file.split('/').some((s) => s === '' || s === '.' || s === '..')) {
    throw new LlemError(
      'ERR_MODEL_INVALID',
      `"${model}" is not a Hugging Face GGUF reference; write hf:<org>/<repo>/<file>.gguf, e.g. hf:TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF/tinyllama-1.1b-chat-v1.0.Q4_K_M.gguf`,
      { details: { model } },
    );
  }
  return { org: m[1]!, repo: m[2]!, revision: m[3] ?? 'main', file };
}

/** The download URL of `ref` on `endpoint` (no trailing slash). */
export function hfFileUrl(ref: HfModelRef, endpoint: string): string {
  const path = ref.file.split('/').map(encodeURIComponent).join('/');
  return `${endpoint}/${encodeURIComponent(ref.org)}/${encodeURIComponent(ref.repo)}/resolve/${encodeURIComponent(ref.revision)}/${path}`;
}

/** Where `ref` is cached under `cacheDir`. */
export function hfCachePath(cacheDir: string, ref: HfModelRef): string {
  return join(cacheDir, 'models', 'hf', ref.org, ref.repo, ref.revision, ...ref.file.split('/'));
}

function statusHint(status: number): string {
  if (status === 401 || status === 403) {
    return 'set HF_TOKEN to a token that can read the repository (gated models also need their licence accepted on the hub)';
  }
  if (status === 404) return 'check the organisation, repository and file name (they are case-sensitive)';
  if (status === 429) return 'the hub is rate-limiting; wait, or set HF_TOKEN';
  return 'try again later, or set HF_ENDPOINT to a mirror';
}

async function headerProblems(file: string, url: string): Promise<GgufProblem[]> {
  try {
    return findGgufProblems(await readGgufHeader(file));
  } catch (e) {
    const reason = isLlemError(e) ? String(e.details.reason ?? e.message) : (e as Error).message;
    throw new LlemError(
      'ERR_MODEL_INVALID',
      `${url} did not return a GGUF file (${reason}); check the file name`,
      {
        cause: e,
        details: { url },
      },
    );
  }
}

/** Downloads `url` to `dest` atomically; returns bytes written. Failures are `ERR_ENGINE_FAILED` with the URL and status. */
export async function downloadGguf(
  url: string,
  dest: string,
  o: { fetchImpl: typeof fetch; token?: string | undefined; signal?: AbortSignal | undefined },
): Promise<number> {
  const headers: Record<string, string> = { 'user-agent': 'llenergymeasure' };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  let res: Response;
  try {
    res = await o.fetchImpl(url, { headers, redirect: 'follow', ...(o.signal ? { signal: o.signal } : {}) });
  } catch (e) {
    if (o.signal?.aborted) throw new LlemError('ERR_ABORTED', `download of ${url} aborted`, { cause: e });
    throw new LlemError(
      'ERR_ENGINE_FAILED',
      `could not download ${url}: ${(e as Error).message}; check the network, or set HF_ENDPOINT to a mirror`,
      {
        cause: e,
        details: { url },
      },
    );
  }
  if (!res.ok || res.body === null) {
    await res.body?.cancel().catch(() => undefined);
    throw new LlemError(
      'ERR_ENGINE_FAILED',
      `could not download ${url}: HTTP ${res.status} ${res.statusText}; ${statusHint(res.status)}`,
      { details: { url, status: res.status } },
    );
  }
  await mkdir(dirname(dest), { recursive: true });
  const temp = `${dest}.${process.pid}-${randomBytes(4).toString('hex')}.part`;
  try {
    const body = Readable.fromWeb(res.body as NodeReadableStream<Uint8Array>);
    await pipeline(body, createWriteStream(temp), ...(o.signal ? [{ signal: o.signal }] : []));
    const bytes = (await stat(temp)).size;
    // fetch decodes content-encoding, after which content-length no longer counts the bytes written.
    const encoded = res.headers.get('content-encoding') !== null;
    const expected = Number(res.headers.get('content-length') ?? Number.NaN);
    if (!encoded && Number.isFinite(expected) && expected !== bytes) {
      throw new LlemError(
        'ERR_ENGINE_FAILED',
        `download of ${url} stopped after ${bytes} of ${expected} bytes; try again`,
        {
          details: { url, bytes, expected },
        },
      );
    }
    const problems = await headerProblems(temp, url);
    if (problems.length > 0) {
      throw new LlemError(
        'ERR_MODEL_INVALID',
        `${url} is not a usable GGUF file: ${problems.map((p) => p.message).join('; ')}; pick another file of the repository`,
        {
          details: { url, problems },
        },
      );
    }
    await rename(temp, dest);
    return bytes;
  } catch (e) {
    await rm(temp, { force: true });
    if (o.signal?.aborted) throw new LlemError('ERR_ABORTED', `download of ${url} aborted`, { cause: e });
    if (isLlemError(e)) throw e;
    throw new LlemError(
      'ERR_ENGINE_FAILED',
      `could not download ${url}: ${(e as Error).message}; try again`,
      {
        cause: e,
        details: { url },
      },
    );
  }
}
