import { parseArgs } from 'node:util';
import { diagnose } from '../../api/doctor.js';
import type { EnergyDevice } from '../../index.js';
import { EXIT, parseOrUsage } from '../errors.js';
import type { CliIo } from '../io.js';

/** The facts worth a glance on one line: power limit, persistence, method, compute capability. */
function deviceFacts(d: EnergyDevice): string {
  const i = d.info ?? {};
  const facts = [
    i.uuid === undefined ? '' : String(i.uuid),
    i.method === undefined ? '' : `method ${String(i.method)}`,
    typeof i.power_limit_w === 'number' ? `limit ${i.power_limit_w} W` : '',
    typeof i.persistence_mode === 'boolean' ? `persistence ${i.persistence_mode ? 'on' : 'off'}` : '',
    i.compute_capability ? `sm ${String(i.compute_capability)}` : '',
    typeof i.not_summed === 'string' ? 'not summed' : '',
  ].filter((f) => f !== '');
  return facts.length > 0 ? ` · ${facts.join(' · ')}` : '';
}

/** Help text of `llem doctor`. */
export const DOCTOR_HELP = `Usage: llem doctor [--json] [--verbose]      (alias: llem config)

What can be measured on this machine, and why not: the engines (available, version, device; for
the Python engines, which interpreter imports them — user config python map, LLEM_PYTHON, the
active virtual environment, or python3),
every energy source (available or the reason it is not, its devices) and the one \`auto\` would
choose, the user config path and the cache folder.

  --json      the same as one JSON object on stdout
  --verbose   print a stack trace for unexpected errors`;

/** `llem doctor`: what can be measured here, and why not. */
export async function doctor(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseOrUsage(
    () =>
      parseArgs({
        args: argv,
        strict: true,
        options: {
          json: { type: 'boolean' },
          verbose: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      }),
    'doctor',
  );
  if (values.help) {
    io.out(`${DOCTOR_HELP}\n`);
    return EXIT.ok;
  }
  const json = values.json === true;
  const report = await diagnose({ env: io.env });
  const { engines, energy_sources: energy } = report;
  if (json) {
    io.out(`${JSON.stringify(report, null, 2)}\n`);
    return EXIT.ok;
  }
  const mark = (ok: boolean) => (ok ? '✓' : '✗');
  const lines = [
    `llem ${report.llem_version} · node ${report.node_version} · ${report.platform}`,
    '',
    'Engines:',
  ];
  for (const e of engines) {
    const extra =
      'version' in e && e.version ? ` ${e.version}${'device' in e && e.device ? ` (${e.device})` : ''}` : '';
    lines.push(`  ${mark(e.available)} ${e.engine}${extra}${e.available ? '' : ` — ${e.reason ?? ''}`}`);
    if ('runtime' in e && e.runtime) lines.push(`      with ${e.runtime}`);
  }
  lines.push('', 'Energy sources (auto order):');
  for (const s of energy) {
    const use = s.auto.chosen ? ' [auto uses it]' : '';
    lines.push(`  ${mark(s.available)} ${s.source} (${s.scopes.join(', ')})${use} — ${s.reason}`);
    for (const d of s.devices) lines.push(`      ${d.id}: ${d.name} [${d.scope}]${deviceFacts(d)}`);
  }
  lines.push(`  auto measures with: ${report.auto_chosen.join(' + ') || 'nothing'}`);
  lines.push(
    '',
    `User config: ${report.user_config.path}${report.user_config.exists ? '' : ' (not present)'}`,
    `Cache: ${report.cache_dir}`,
  );
  io.out(`${lines.join('\n')}\n`);
  return EXIT.ok;
}
