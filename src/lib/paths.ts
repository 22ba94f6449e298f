import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding package.json, whether we run from src/ (tsx) or dist/src/ (built). */
function findProjectRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export const projectRoot = findProjectRoot(dirname(fileURLToPath(import.meta.url)));

export const paths = {
  frameworks: join(projectRoot, 'frameworks'),
  views: join(projectRoot, 'src', 'views'),
  features: join(projectRoot, 'src', 'features'),
  govukFrontend: join(projectRoot, 'node_modules', 'govuk-frontend', 'dist'),
  builtAssets: join(projectRoot, 'dist', 'assets'),
  assets: join(projectRoot, 'assets'),
  projectRoot,
} as const;
