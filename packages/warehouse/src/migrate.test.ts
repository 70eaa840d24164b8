import { describe, expect, it } from 'vitest';
import { parseWarehouseUrl } from './client.ts';
import { splitStatements } from './migrate.ts';

describe('splitStatements', () => {
  it('splits on a semicolon that ends a line and drops comment lines', () => {
    expect(splitStatements("-- c\nCREATE TABLE a (x String) ENGINE = Log;\n\nSELECT ';' AS s;\n")).toEqual([
      'CREATE TABLE a (x String) ENGINE = Log',
      "SELECT ';' AS s",
    ]);
  });
});

describe('parseWarehouseUrl', () => {
  it('knows both kinds', () => {
    expect(parseWarehouseUrl('chdb:///var/x')).toEqual({ kind: 'chdb', path: '/var/x' });
    expect(parseWarehouseUrl('http://h:8123')).toEqual({ kind: 'http', path: 'http://h:8123' });
  });
  it('explains a bad URL', () => {
    expect(() => parseWarehouseUrl('chdb://relative')).toThrow(/absolute path/);
    expect(() => parseWarehouseUrl('mysql://x')).toThrow(/http\(s\)/);
  });
});
