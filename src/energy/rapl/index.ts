export { createRaplSource, type RaplOptions } from './rapl-source.js';
