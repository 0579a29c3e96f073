export * from './common.js';
export * from './events/index.js';
export * from './problem.js';
