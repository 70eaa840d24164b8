import { describe, expect, it } from 'vitest';
import { parseBrokers } from './client.ts';

describe('parseBrokers', () => {
  it('splits and trims', () => expect(parseBrokers(' a:1, b:2 ,')).toEqual(['a:1', 'b:2']));
  it('refuses an empty value with the variable name', () =>
    expect(() => parseBrokers('')).toThrow(/KAFKA_BROKERS/));
});
