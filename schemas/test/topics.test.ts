import { describe, expect, it } from 'vitest';
import { TOPICS, topicDefinitions } from '../topics.ts';

describe('topic definitions', () => {
  it('declare every topic the code names, with partitions and retention', () => {
    const defs = topicDefinitions();
    expect(defs.map((d) => d.name).sort()).toEqual(Object.values(TOPICS).sort());
    for (const d of defs) {
      expect(d.partitions).toBeGreaterThan(0);
      expect(Number(d.config?.['retention.ms'])).toBeGreaterThan(0);
    }
  });
});
