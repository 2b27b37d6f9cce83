import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { LlemError } from '../core/errors.js';
import type { DatasetContext } from './context.js';
import { type PromptFile, readPromptFile, sha256Hex } from './jsonl.js';

/** Where the AI Energy Score text-generation prompts live upstream, pinned to one revision. */
export const AIENERGYSCORE = {
  /** Hugging Face dataset repository. */
  repo: 'AIEnergyScore/text_generation',
  /** Commit the download is pinned to (main as of the 2024 language-metadata commit). */
  revision: '2dc92b2ee2cd9776a51ccf08c6c2ab04138370c3',
  /** The single data file: 1,000 rows with one `text` column, written by `datasets.push_to_hub`. */
  file: 'data/train-00000-of-00001.parquet',
  /** Upstream license (SPDX, lower case as on the hub). */
  license: 'apache-2.0',
  /** File name looked for in `LLEM_DATASET_DIR` and written to `<cacheDir>/datasets/`. */
  localName: 'aienergyscore.jsonl',
} as const;

/** The AI Energy Score prompts as read from disk, with the license recorded in the file. */
export interface AiEnergyScoreFile extends PromptFile {
  license: string;
}

/** One upstream row: prompt text, plus its origin corpus when the upstream data names it. */
interface UpstreamRow {
  text: string;
  origin?: string;
}

/** The download URL for an endpoint (default `https://huggingface.co`, or `HF_ENDPOINT`). */
export function aienergyscoreUrl(endpoint = 'https://huggingface.co'): string {
  return `${endpoint.replace(/\/+$/, '')}/datasets/${AIENERGYSCORE.repo}/resolve/${AIENERGYSCORE.revision}/${AIENERGYSCORE.file}`;
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

async function readLocal(file: string, signal?: AbortSignal): Promise<AiEnergyScoreFile> {
  const got = await readPromptFile(file, 'aienergyscore', signal);
  const license = got.metadata.map((m) => m._license).find((l): l is string => typeof l === 'string');
  return { ...got, license: license ?? AIENERGYSCORE.license };
}

/** Maps an upstream origin value to a short corpus label. */
function originLabel(value: string): string {
  const v = value.toLowerCase();
  for (const label of ['wikitext', 'oscar', 'ultrachat']) if (v.includes(label.slice(0, 4))) return label;
  return v;
}

function rowsFromObjects(objects: readonly Record<string, unknown>[]): UpstreamRow[] {
  const rows: UpstreamRow[] = [];
  for (const o of objects) {
    const text = o.text ?? o.prompt;
    if (typeof text !== 'string' || text.trim() === '') continue;
    const origin = [o.source, o.origin, o.dataset, o.subset].find(
      (v): v is string => typeof v === 'string' && v !== '',
    );
    rows.push(origin ? { text, origin: originLabel(origin) } : { text });
  }
  return rows;
}

/** Decodes the upstream file: Parquet (the hub's format) or, for mirrors, JSON lines. */
async function decodeUpstream(bytes: Uint8Array): Promise<UpstreamRow[]> {
  const magic = new TextDecoder().decode(bytes.subarray(0, 4));
  if (magic === 'PAR1') {
    // Loaded lazily: only a first download needs a Parquet reader.
    const { parquetReadObjects } = await import('hyparquet');
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    // Keep a leading U+FEFF inside values (one upstream prompt starts with it); the default
    // TextDecoder would silently drop it and change that prompt's tokens.
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    const parsers = { stringFromBytes: (b: Uint8Array) => b && decoder.decode(b) };
    return rowsFromObjects(await parquetReadObjects({ file, parsers }));
  }
  const objects: Record<string, unknown>[] = [];
  for (const line of new TextDecoder().decode(bytes).split('\n')) {
    if (line.trim() === '') continue;
    const value: unknown = JSON.parse(line);
    if (typeof value === 'object' && value !== null && !('_provenance' in value))
      objects.push(value as Record<string, unknown>);
  }
  return rowsFromObjects(objects);
}

/** Our JSONL form: a `_provenance` line (revision, license, URL, upstream SHA-256), then one prompt per line. */
function toJsonl(rows: readonly UpstreamRow[], url: string, upstreamSha256: string): string {
  const provenance = {
    _provenance: AIENERGYSCORE.repo,
    _commit: AIENERGYSCORE.revision,
    _license: AIENERGYSCORE.license,
    _url: url,
    _sha256: upstreamSha256,
    _description: `${rows.length} prompts from WikiText, OSCAR, UltraChat`,
  };
  const lines = rows.map((r) =>
    JSON.stringify(r.origin ? { prompt: r.text, source: r.origin } : { prompt: r.text }),
  );
  return `${[JSON.stringify(provenance), ...lines].join('\n')}\n`;
}

/** Writes `text` to `file` through a temporary file and a rename, so readers never see half a file. */
async function writeAtomic(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(tmp, text);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

function downloadError(
  url: string,
  status: string,
  localDir: string | undefined,
  cause?: unknown,
): LlemError {
  const looked = localDir ? ` (LLEM_DATASET_DIR=${localDir} has no ${AIENERGYSCORE.localName})` : '';
  return new LlemError(
    'ERR_DATASET_INVALID',
    `could not download the AI Energy Score prompts from ${url}: ${status}${looked}. ` +
      `Fix: set LLEM_DATASET_DIR to a folder holding ${AIENERGYSCORE.localName} (one {"prompt": …} per line), ` +
      'or check the network and HF_ENDPOINT, or use dataset source builtin',
    { cause, details: { url, status } },
  );
}

async function download(
  ctx: DatasetContext,
  env: Record<string, string | undefined>,
  target: string,
): Promise<void> {
  const url = aienergyscoreUrl(env.HF_ENDPOINT);
  const localDir = env.LLEM_DATASET_DIR;
  const fetchImpl = ctx.fetchImpl ?? fetch;
  const headers: Record<string, string> = env.HF_TOKEN ? { authorization: `Bearer ${env.HF_TOKEN}` } : {};
  let bytes: Uint8Array;
  try {
    const response = await fetchImpl(url, { headers, ...(ctx.signal ? { signal: ctx.signal } : {}) });
    if (!response.ok)
      throw downloadError(url, `HTTP ${response.status} ${response.statusText}`.trim(), localDir);
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (e) {
    if (e instanceof LlemError || ctx.signal?.aborted) throw e;
    throw downloadError(url, `network error: ${e instanceof Error ? e.message : String(e)}`, localDir, e);
  }
  let rows: UpstreamRow[];
  try {
    rows = await decodeUpstream(bytes);
  } catch (e) {
    throw downloadError(
      url,
      `the file could not be decoded (${e instanceof Error ? e.message : String(e)})`,
      localDir,
      e,
    );
  }
  if (rows.length === 0) throw downloadError(url, 'the file holds no prompts', localDir);
  try {
    await writeAtomic(target, toJsonl(rows, url, sha256Hex(bytes)));
  } catch (e) {
    throw new LlemError('ERR_STORE_IO', `cannot write the dataset cache ${target}: ${(e as Error).message}`, {
      cause: e,
      details: { file: target },
    });
  }
}

/**
 * Loads the AI Energy Score text-generation prompts: from `$LLEM_DATASET_DIR/aienergyscore.jsonl`
 * if present, else from `<cacheDir>/datasets/aienergyscore.jsonl`, else downloads the pinned
 * upstream file from the Hugging Face hub (`HF_ENDPOINT`, `HF_TOKEN` honoured), converts it and
 * caches it. Prompts are labelled by origin corpus when the data names it, else `aienergyscore`.
 */
export async function loadAiEnergyScore(ctx: DatasetContext): Promise<AiEnergyScoreFile> {
  const env = ctx.env ?? process.env;
  if (env.LLEM_DATASET_DIR) {
    const local = join(resolve(env.LLEM_DATASET_DIR), AIENERGYSCORE.localName);
    if (await isFile(local)) return readLocal(local, ctx.signal);
  }
  const cached = join(ctx.cacheDir, 'datasets', AIENERGYSCORE.localName);
  if (!(await isFile(cached))) await download(ctx, env, cached);
  return readLocal(cached, ctx.signal);
}
