import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemasDir } from './topics.ts';

export interface ValidExample {
  file: string;
  body: { type: string; schemaVersion?: number; occurredAt: string; data: Record<string, unknown> };
}
export interface InvalidExample {
  file: string;
  description: string;
  expect: { status: number; path: string };
  body: unknown;
}

function walk(kind: 'valid' | 'invalid'): { file: string; doc: unknown }[] {
  const root = join(schemasDir, 'examples');
  const out: { file: string; doc: unknown }[] = [];
  for (const name of readdirSync(root).sort()) {
    for (const version of readdirSync(join(root, name)).sort()) {
      let files: string[] = [];
      try {
        files = readdirSync(join(root, name, version, kind)).sort();
      } catch {}
      for (const f of files.filter((f) => f.endsWith('.json'))) {
        const file = `${name}/${version}/${kind}/${f}`;
        out.push({ file, doc: JSON.parse(readFileSync(join(root, file), 'utf8')) });
      }
    }
  }
  return out;
}

/** Golden examples: bodies a branch may post (valid) and ones it gets a precise 4xx for (invalid). */
export const validExamples = (): ValidExample[] =>
  walk('valid').map(({ file, doc }) => ({ file, body: doc as ValidExample['body'] }));
export const invalidExamples = (): InvalidExample[] =>
  walk('invalid').map(({ file, doc }) => ({ file, ...(doc as Omit<InvalidExample, 'file'>) }));
