/** What device selection needs to know about one GPU NVML enumerates. */
export interface GpuIdentity {
  /** NVML index (PCI bus order, as `nvidia-smi` numbers GPUs). */
  index: number;
  /** e.g. `GPU-6b9d3c1e-…`. */
  uuid: string;
}

/** A selected GPU: its NVML index and the CUDA ordinal the engine sees it as. */
export interface SelectedGpu {
  index: number;
  /** Position among the visible devices (what `cuda:N` means to the engine). */
  cudaIndex: number;
}

/** The outcome of device selection. */
export interface GpuSelection {
  selected: SelectedGpu[];
  /** How the selection was made, in words (for the probe's reason). */
  how: string;
  /** Entries that were ignored and why. */
  notes: string[];
  /** Set when the configuration cannot be satisfied (e.g. an index beyond the visible GPUs). */
  error?: string;
}

/** Matches one `CUDA_VISIBLE_DEVICES` entry to a GPU: an index, or a (prefix of a) UUID. */
function matchEntry(entry: string, gpus: readonly GpuIdentity[]): GpuIdentity | string {
  if (/^\d+$/.test(entry)) {
    const gpu = gpus.find((g) => g.index === Number(entry));
    return gpu ?? `index ${entry} does not exist (${gpus.length} GPUs)`;
  }
  if (/^MIG-/i.test(entry)) {
    return `${entry} is a MIG instance: llem measures whole GPUs, and NVML cannot split a GPU's energy between MIG instances`;
  }
  // CUDA accepts `GPU-<uuid>` and unique prefixes of it; a bare UUID is accepted here too.
  const wanted = (/^GPU-/i.test(entry) ? entry : `GPU-${entry}`).toLowerCase();
  const hits = gpus.filter((g) => g.uuid.toLowerCase().startsWith(wanted));
  if (hits.length === 1) return hits[0]!;
  return hits.length === 0 ? `no GPU has UUID ${entry}` : `${entry} matches ${hits.length} GPUs`;
}

/**
 * Applies `CUDA_VISIBLE_DEVICES` the way CUDA does: a comma-separated list of indices or UUIDs
 * (`GPU-…`, unique prefixes allowed); parsing stops at the first invalid entry, and an empty
 * value hides every GPU. Then `devices` (positions among the visible GPUs, i.e. CUDA ordinals)
 * picks a subset. Indices in `CUDA_VISIBLE_DEVICES` are NVML's (PCI bus order); set
 * `CUDA_DEVICE_ORDER=PCI_BUS_ID` so that CUDA numbers them the same way, or use UUIDs.
 */
export function selectGpus(
  gpus: readonly GpuIdentity[],
  o: { cudaVisibleDevices?: string | undefined; devices: 'visible' | readonly number[] },
): GpuSelection {
  const notes: string[] = [];
  let visible: GpuIdentity[] = [...gpus];
  let how = `all ${gpus.length} GPU${gpus.length === 1 ? '' : 's'}`;
  const cvd = o.cudaVisibleDevices;
  if (cvd !== undefined) {
    visible = [];
    const entries = cvd.trim() === '' ? [] : cvd.split(',').map((e) => e.trim());
    for (const [i, entry] of entries.entries()) {
      const hit = matchEntry(entry, gpus);
      if (typeof hit === 'string' || visible.includes(hit)) {
        const why = typeof hit === 'string' ? hit : `${entry} is listed twice`;
        const rest = entries.length - i - 1;
        notes.push(
          `CUDA_VISIBLE_DEVICES entry "${entry}" ignored: ${why}${rest > 0 ? `; like CUDA, the ${rest} entr${rest === 1 ? 'y' : 'ies'} after it are ignored too` : ''}`,
        );
        break;
      }
      visible.push(hit);
    }
    how = `${visible.length} of ${gpus.length} GPUs visible through CUDA_VISIBLE_DEVICES=${cvd}`;
  }
  const toSelected = (g: GpuIdentity, cudaIndex: number): SelectedGpu => ({ index: g.index, cudaIndex });
  if (o.devices === 'visible') return { selected: visible.map(toSelected), how, notes };
  const bad = o.devices.filter((d) => d >= visible.length);
  if (bad.length > 0) {
    return {
      selected: [],
      how,
      notes,
      error: `measurement.energy.devices lists ${bad.join(', ')}, but only ${visible.length} GPU${visible.length === 1 ? ' is' : 's are'} visible (${how}); devices are positions among the visible GPUs, from 0`,
    };
  }
  const picked = [...new Set(o.devices)].map((d) => toSelected(visible[d]!, d));
  return { selected: picked, how: `${how}; measurement.energy.devices = [${o.devices.join(', ')}]`, notes };
}
