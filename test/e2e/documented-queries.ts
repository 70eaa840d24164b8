// The example queries of docs/analysts.md, by their `<!-- query: id -->` marker, and the
// parameters the ones with placeholders need.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.ts';

export function documentedQueries(file = 'analysts.md'): Map<string, string> {
  const doc = readFileSync(join(repoRoot, 'docs', file), 'utf8');
  return new Map(
    [...doc.matchAll(/<!-- query: ([\w-]+) -->[\s\S]*?```sql\n([\s\S]*?)```/g)].map((m) => [
      m[1]!,
      m[2]!.trim(),
    ]),
  );
}

export const DOCUMENTED_QUERY_PARAMS: Record<string, Record<string, string>> = {
  'item-gaps': { branch: 'B001' },
  'loop-history': { branch: 'B001', dimension: 'efficiency' },
};
