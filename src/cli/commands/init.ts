import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type StarterKind, starterConfig } from '../../api/config.js';
import { EXIT, parseOrUsage, usageError } from '../errors.js';
import type { CliIo } from '../io.js';

/** Help text of `llem init`. */
export const INIT_HELP = `Usage: llem init [experiment|study] [-o FILE] [--force]

Writes a commented starter file that validates as written: an experiment (one configuration;
default experiment.yaml) or a study (a small sweep with its execution block; default study.yaml).

  -o, --output FILE         where to write it ('-' for stdout)
  --force                   overwrite an existing file

Then: llem run <file> --dry-run, and llem run <file>.`;

/** `llem init`: writes a commented starter experiment or study file; refuses to overwrite without --force. */
export async function init(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOrUsage(
    () =>
      parseArgs({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: {
          output: { type: 'string', short: 'o' },
          force: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      }),
    'init',
  );
  if (values.help) {
    io.out(`${INIT_HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length > 1)
    throw usageError(`expected one kind, got ${positionals.join(' ')}`, 'llem init study');
  const kind = positionals[0] ?? 'experiment';
  if (kind !== 'experiment' && kind !== 'study')
    throw usageError(`unknown starter '${kind}'`, 'llem init experiment, or llem init study');
  const text = starterConfig(kind as StarterKind);
  const target = values.output ?? `${kind}.yaml`;
  if (target === '-') {
    io.out(text);
    return EXIT.ok;
  }
  const path = resolve(io.cwd, target);
  try {
    await writeFile(path, text, { flag: values.force ? 'w' : 'wx' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST')
      throw usageError(`${target} exists already`, 'add --force to overwrite it, or -o <other file>');
    throw usageError(
      `cannot write ${target}: ${code ?? (e as Error).message}`,
      'choose another file with -o',
    );
  }
  io.err(`wrote ${target} (${kind}); next: llem run ${target} --dry-run\n`);
  return EXIT.ok;
}
