import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { LlemError } from '../core/errors.js';
import { sha256Hex } from './jsonl.js';
import type { Prompt } from './prompt.js';

/**
 * The shipped prompt file; `data/` sits at the package root, two levels above both
 * `src/datasets/` (tests) and `dist/datasets/` (the installed package).
 */
export const BUILTIN_PROMPTS_URL = new URL('../../data/builtin-prompts.jsonl', import.meta.url);

/** License of the builtin set: written for llem, under the package's own license. */
export const BUILTIN_LICENSE = 'apache-2.0';

/** The builtin prompt set with the file it came from. */
export interface BuiltinPromptFile {
  /** Prompts in file order, each labelled with its category. */
  prompts: Prompt[];
  /** Absolute path of the shipped file. */
  file: string;
  /** SHA-256 of the file bytes, hex. */
  sha256: string;
  license: string;
}

let loaded: Promise<BuiltinPromptFile> | undefined;

function parseBuiltin(text: string, file: string): Prompt[] {
  const prompts: Prompt[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    const row = value as { prompt?: unknown; category?: unknown } | undefined;
    if (typeof row?.prompt !== 'string' || typeof row.category !== 'string') {
      throw new LlemError(
        'ERR_INTERNAL',
        `the builtin prompt file ${file} is damaged at line ${i + 1}; reinstall llenergymeasure`,
        {
          details: { file, line: i + 1 },
        },
      );
    }
    prompts.push({ text: row.prompt, source: row.category });
  });
  return prompts;
}

async function read(): Promise<BuiltinPromptFile> {
  const file = fileURLToPath(BUILTIN_PROMPTS_URL);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new LlemError(
      'ERR_INTERNAL',
      `the builtin prompt set is missing from the installed package (${file}); reinstall llenergymeasure`,
      {
        cause: e,
        details: { file },
      },
    );
  }
  return {
    prompts: parseBuiltin(bytes.toString('utf8'), file),
    file,
    sha256: sha256Hex(bytes),
    license: BUILTIN_LICENSE,
  };
}

/** Loads the builtin prompt set (read once per process; each call gets its own prompt objects). */
export async function loadBuiltinPrompts(): Promise<BuiltinPromptFile> {
  loaded ??= read();
  try {
    const set = await loaded;
    return { ...set, prompts: set.prompts.map((p) => ({ ...p })) };
  } catch (e) {
    loaded = undefined;
    throw e;
  }
}
