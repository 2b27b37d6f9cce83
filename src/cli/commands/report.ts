import { parseArgs } from 'node:util';
import { topFactorLines, writeReport } from '../../api/report.js';
import { ConfigError, isLlemError } from '../../core/errors.js';
import { EXIT, parseOrUsage, usageError } from '../errors.js';
import type { CliIo } from '../io.js';

const HELP = `Usage: llem report <study-dir> [--reference <config>] [--out <dir>] [--json]

  Writes report.html (one self-contained file: inline SVG charts, no network, prints well) and
  report.md into the study folder: which factors matter most for J/output token, the
  configuration table, effects with intervals, interactions, Pareto frontiers, comparisons with
  a reference, telemetry per run, validity checks, excluded runs, warnings, environment and
  methodology. Only valid cycles count; energy scopes are never mixed.

Options:
  --reference <config>  configuration to compare against: a config hash (6+ characters) or a
                        configuration name (default: the first configuration)
  --out <dir>           write the two files here instead of the study folder
  --json                print the analysis as JSON on stdout`;

/** `llem report <dir>`: renders and writes a study's report. */
export async function report(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOrUsage(() => parse(argv), 'report');
  if (values.help) {
    io.out(`${HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1)
    throw usageError('expected one study folder', 'llem report results/<study>-<hash>');
  let written: Awaited<ReturnType<typeof writeReport>>;
  try {
    written = await writeReport(positionals[0]!, {
      ...(values.reference === undefined ? {} : { reference: values.reference }),
      ...(values.out === undefined ? {} : { outDir: values.out }),
    });
  } catch (e) {
    // An unknown reference is a command-line mistake: exit 2 with the list of names.
    if (isLlemError(e, 'ERR_USAGE') && !(e instanceof ConfigError))
      throw usageError(e.message, 'see llem report --help', ['--reference']);
    throw e;
  }
  if (values.json) io.out(`${JSON.stringify(written.analysis, null, 2)}\n`);
  const lines = [written.analysis.headline];
  const top = topFactorLines(written.analysis);
  if (top.length > 0) lines.push('', 'what matters most:', ...top.map((l) => `  ${l}`));
  lines.push(
    '',
    `report  ${written.html_path} (${written.charts} charts)`,
    `        ${written.markdown_path}`,
  );
  (values.json ? io.err : io.out)(`${lines.join('\n')}\n`);
  return EXIT.ok;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      reference: { type: 'string' },
      out: { type: 'string', short: 'o' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      verbose: { type: 'boolean' },
    },
  });
}
