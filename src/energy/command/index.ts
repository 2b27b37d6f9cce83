export { type CommandOptions, createCommandSource } from './command-source.js';
