// Vega-Lite spec → SVG text in Node (no canvas, no DOM): vega's headless renderer. Vega and
// Vega-Lite are loaded lazily, on the first chart, because only the report needs them.
import { LlemError } from '../core/errors.js';

type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');

let libs: Promise<{ vega: Vega; vl: VegaLite }> | undefined;

function load(): Promise<{ vega: Vega; vl: VegaLite }> {
  libs ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vl]) => ({ vega, vl }));
  return libs;
}

/**
 * Renders a Vega-Lite spec to a standalone SVG string. The SVG carries `role="img"` and an
 * `aria-label` with the chart's title, and scales with its container (viewBox kept).
 */
export async function renderSvg(spec: Record<string, unknown>, title: string): Promise<string> {
  const { vega, vl } = await load();
  let view: InstanceType<Vega['View']> | undefined;
  try {
    const compiled = vl.compile(spec as unknown as Parameters<VegaLite['compile']>[0]).spec;
    view = new vega.View(vega.parse(compiled), { renderer: 'none' });
    const svg = await view.toSVG();
    return svg.replace(
      /^<svg /,
      `<svg role="img" aria-label="${title.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`)}" `,
    );
  } catch (e) {
    throw new LlemError('ERR_INTERNAL', `cannot render the chart "${title}": ${(e as Error).message}`, {
      cause: e,
      details: { chart: title },
    });
  } finally {
    view?.finalize();
  }
}
