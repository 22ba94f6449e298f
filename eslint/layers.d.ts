import type { ESLint, Rule } from 'eslint';

export declare function layerViolation(fromPath: string, toPath: string): string | null;
export declare const layersRule: Rule.RuleModule;
declare const plugin: ESLint.Plugin;
export default plugin;
