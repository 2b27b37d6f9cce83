import { describe, expect, it } from 'vitest';
import { selectGpus } from './devices.js';

const gpus = [0, 1, 2, 3].map((index) => ({
  index,
  uuid: `GPU-${index}${index}aa11bb-0000-0000-0000-00000000000${index}`,
}));
const ids = (o: Parameters<typeof selectGpus>[1]) =>
  selectGpus(gpus, o).selected.map((s) => [s.index, s.cudaIndex]);

describe('selectGpus', () => {
  it('unset CUDA_VISIBLE_DEVICES and devices: visible selects every GPU', () => {
    expect(ids({ devices: 'visible' })).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
  });

  it('indices and UUIDs (full, GPU- prefix, bare prefix) in CUDA order', () => {
    expect(
      ids({ devices: 'visible', cudaVisibleDevices: '2, GPU-00aa11bb-0000-0000-0000-000000000000,33aa' }),
    ).toEqual([
      [2, 0],
      [0, 1],
      [3, 2],
    ]);
  });

  it('an empty value hides every GPU', () => {
    const s = selectGpus(gpus, { devices: 'visible', cudaVisibleDevices: '' });
    expect(s.selected).toEqual([]);
    expect(s.how).toMatch(/0 of 4 GPUs/);
  });

  it('like CUDA, parsing stops at the first invalid entry, and says so', () => {
    const s = selectGpus(gpus, { devices: 'visible', cudaVisibleDevices: '1,7,2' });
    expect(s.selected.map((x) => x.index)).toEqual([1]);
    expect(s.notes[0]).toMatch(/"7" ignored: index 7 does not exist.*the 1 entry after it/);
  });

  it('MIG instances, duplicates and ambiguous prefixes are refused with a reason', () => {
    expect(selectGpus(gpus, { devices: 'visible', cudaVisibleDevices: 'MIG-abc' }).notes[0]).toMatch(
      /MIG instance/,
    );
    expect(selectGpus(gpus, { devices: 'visible', cudaVisibleDevices: '1,1' }).notes[0]).toMatch(
      /listed twice/,
    );
    const both = [
      { index: 0, uuid: 'GPU-ab01' },
      { index: 1, uuid: 'GPU-ab02' },
    ];
    expect(selectGpus(both, { devices: 'visible', cudaVisibleDevices: 'GPU-ab' }).notes[0]).toMatch(
      /matches 2 GPUs/,
    );
  });

  it('measurement.energy.devices are positions among the visible GPUs; out of range is an error', () => {
    expect(ids({ devices: [1], cudaVisibleDevices: '3,2' })).toEqual([[2, 1]]);
    const s = selectGpus(gpus, { devices: [0, 4], cudaVisibleDevices: undefined });
    expect(s.error).toMatch(/devices lists 4, but only 4 GPUs are visible/);
  });
});
