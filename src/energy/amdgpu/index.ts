export { type AmdGpuOptions, createAmdGpuSource } from './amdgpu-source.js';
