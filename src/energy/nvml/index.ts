export { createNvmlSource } from './nvml-source.js';
export type { NvmlOptions } from './probe.js';
