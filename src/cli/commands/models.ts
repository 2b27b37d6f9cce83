import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type TinySize, type TinyWeightType, writeTinyModel } from '../../api/models.js';
import { EXIT, usageError as usage } from '../errors.js';
import type { CliIo } from '../io.js';

const HELP = `Usage: llem models tiny [--out PATH] [--size tiny|small|1b] [--type f32|f16|q8_0|q4_0] [--seed N]

Writes a deterministic random-weight llama-architecture GGUF (same arguments → same bytes).`;

const SIZES = ['tiny', 'small', '1b'];
const TYPES = ['f32', 'f16', 'q8_0', 'q4_0'];

function parseModelArgs(args: string[]) {
  try {
    return parseArgs({
      args,
      strict: true,
      options: {
        out: { type: 'string' },
        size: { type: 'string' },
        type: { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        verbose: { type: 'boolean' },
      },
    }).values;
  } catch (e) {
    throw usage((e as Error).message, 'llem models tiny --help');
  }
}

/** `llem models tiny`: writes the tiny model. */
export async function models(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h') {
    io.out(`${HELP}\n`);
    return EXIT.ok;
  }
  if (sub !== 'tiny') throw usage(`unknown models subcommand '${sub ?? ''}'`, 'llem models tiny --help');
  const values = parseModelArgs(rest);
  if (values.help) {
    io.out(`${HELP}\n`);
    return EXIT.ok;
  }
  const size = values.size ?? 'tiny';
  if (!SIZES.includes(size)) throw usage(`--size ${size} is not one of ${SIZES.join(', ')}`);
  if (values.type !== undefined && !TYPES.includes(values.type)) {
    throw usage(`--type ${values.type} is not one of ${TYPES.join(', ')}`);
  }
  const seed = values.seed === undefined ? 42 : Number(values.seed);
  if (!Number.isInteger(seed)) throw usage(`--seed ${values.seed} is not an integer`);
  const typeSuffix = values.type ? `-${values.type}` : '';
  const out = resolve(io.cwd, values.out ?? `llem-${size}${typeSuffix}.gguf`);
  const result = await writeTinyModel({
    out,
    size: size as TinySize,
    seed,
    ...(values.type ? { type: values.type as TinyWeightType } : {}),
  });
  io.out(`${result.path}\n`);
  io.err(
    `wrote ${result.parameters.toLocaleString('en')} parameters, ${result.bytes.toLocaleString('en')} bytes, sha256 ${result.sha256}\n`,
  );
  return EXIT.ok;
}
