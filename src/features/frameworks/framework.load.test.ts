import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { paths } from '../../lib/paths.js';
import { FrameworkFileError, loadFrameworkFiles } from './framework.load.js';

describe('loading built-in frameworks', () => {
  it('stops with the file, the YAML line and the field when a file breaks the schema', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qm-fw-'));
    const doc = parseDocument(readFileSync(join(paths.frameworks, 'scr-quality-markers.yaml'), 'utf8'));
    doc.setIn(['stages', 0, 'markers', 1, 'statement'], 42);
    doc.deleteIn(['stages', 2, 'markers', 0, 'rationale']);
    const text = doc.toString();
    writeFileSync(join(dir, 'broken.yaml'), text);
    const statementLine = text.split('\n').findIndex((l) => l.trim() === 'statement: 42') + 1;
    expect(statementLine).toBeGreaterThan(1);

    let error: unknown;
    try {
      loadFrameworkFiles(dir);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(FrameworkFileError);
    const problems = (error as FrameworkFileError).problems;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain(
      `broken.yaml:${statementLine}:20 stages[0].markers[1].statement: Marker 'decision-making' statement must be text: put it in quotes, like "42"`,
    );
    expect(problems[1]).toMatch(/stages\[2\]\.markers\[0\]\.rationale: Marker 'report' rationale is missing$/);
  });
});
