export { checkRepository } from './checkRepository';
export { RULES } from './rules';
export type { Rule } from './rules';
export * from './types';
