export const STAMP: string;
export const INPUTS: string[];
export function newestMtime(path: string): number;
export function isBuildUpToDate(root: string, inputs?: string[], stamp?: string): boolean;
export function writeStamp(root: string, startedAt: Date, stamp?: string): void;
