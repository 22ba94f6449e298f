import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { GUIDANCE_SECTIONS, type FrameworkFile } from './framework.schema.js';

/**
 * One way to write a framework down: fields in the schema's order, absent optional fields left out.
 * Export writes it as YAML; the database stores it as JSON and hashes that. Reading what export
 * wrote and exporting again gives the same text.
 */
export function canonicalFramework(fw: FrameworkFile) {
  const clean = <T extends object>(o: T): T =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return clean({
    key: fw.key,
    version: fw.version,
    title: fw.title,
    summary: fw.summary,
    publisher: fw.publisher,
    published: fw.published,
    source: clean({ name: fw.source.name, url: fw.source.url, note: fw.source.note }),
    licence: fw.licence,
    audienceNote: fw.audienceNote,
    audiences: fw.audiences.map((a) => clean({ key: a.key, label: a.label, description: a.description })),
    scale: fw.scale.map((o) => clean({ key: o.key, label: o.label, description: o.description })),
    terminology: fw.terminology?.map((t) => ({ then: t.then, now: t.now })),
    stages: fw.stages.map((s) =>
      clean({
        key: s.key,
        title: s.title,
        summary: s.summary,
        markers: s.markers.map((m) => {
          const guidance = clean(Object.fromEntries(GUIDANCE_SECTIONS.map((g) => [g.key, m.guidance[g.key]])));
          return clean({
            key: m.key,
            number: m.number,
            title: m.title,
            statement: m.statement,
            rationale: m.rationale,
            questions: m.questions.map((q) =>
              clean({ key: q.key, text: q.text, audiences: [...q.audiences], origin: q.origin }),
            ),
            guidance: Object.keys(guidance).length ? guidance : undefined,
          });
        }),
      }),
    ),
  });
}

export function frameworkToYaml(fw: FrameworkFile): string {
  return stringify(canonicalFramework(fw), { lineWidth: 100, minContentWidth: 40 });
}

export function frameworkToJson(fw: FrameworkFile): string {
  return JSON.stringify(canonicalFramework(fw));
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
