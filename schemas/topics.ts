import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const schemasDir = dirname(fileURLToPath(import.meta.url));

export interface TopicDefinition {
  name: string;
  partitions: number;
  replicationFactor?: number;
  config?: Record<string, string>;
}

/** Reads every `topics/*.yaml`, checking each has a name and a positive partition count. */
export function topicDefinitions(dir = join(schemasDir, 'topics')): TopicDefinition[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const def = parse(readFileSync(join(dir, file), 'utf8')) as TopicDefinition;
      if (typeof def?.name !== 'string' || !(Number.isInteger(def.partitions) && def.partitions > 0)) {
        throw new Error(`topics/${file}: needs name and a positive integer partitions`);
      }
      const config = Object.fromEntries(Object.entries(def.config ?? {}).map(([k, v]) => [k, String(v)]));
      return { ...def, config };
    });
}

export const TOPICS = {
  events: 'servloop.events.v1',
  dlq: 'servloop.events.dlq.v1',
} as const;
