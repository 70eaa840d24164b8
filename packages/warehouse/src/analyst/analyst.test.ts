// The pure parts of the analysts' guard, on EXPLAIN AST text as ClickHouse prints it (captured
// from the engine); the integration test drives the same rules through the real parser.
import { describe, expect, it } from 'vitest';
import { parseExplainAst } from './ast.ts';
import { analystLimitsFromEnv, analystSettings, DEFAULT_ANALYST_LIMITS } from './limits.ts';
import { checkAnalystQuery } from './policy.ts';
import { analystUsers, hashPassword, verifyPassword } from './users.ts';

const policy = {
  database: 'servloop',
  databases: new Set(['servloop', 'system', 'default', 'information_schema']),
  tableFunctions: new Set(['file', 'url', 'remote', 'numbers', 'format', 'values']),
};
const check = (ast: string, canonical = 'SELECT') =>
  checkAnalystQuery(parseExplainAst(ast.split('\n')), canonical, policy);

describe('parseExplainAst', () => {
  it('reads types, names, aliases and nesting from the indentation', () => {
    const root = parseExplainAst([
      'SelectWithUnionQuery (children 1)',
      ' ExpressionList (children 1)',
      '  SelectQuery (children 2)',
      '   ExpressionList (children 1)',
      '    Function count (children 1)',
      '     ExpressionList',
      '   TablesInSelectQuery (children 1)',
      '    TablesInSelectQueryElement (children 1)',
      '     TableExpression (children 1)',
      '      TableIdentifier servloop.visits (alias v)',
      '',
    ]);
    expect(root.type).toBe('SelectWithUnionQuery');
    const select = root.children[0]!.children[0]!;
    expect(select.children.map((c) => c.type)).toEqual(['ExpressionList', 'TablesInSelectQuery']);
    const table = select.children[1]!.children[0]!.children[0]!.children[0]!;
    expect(table).toMatchObject({ type: 'TableIdentifier', name: 'servloop.visits', alias: 'v' });
    expect(select.children[0]!.children[0]).toMatchObject({ type: 'Function', name: 'count' });
  });
});

describe('checkAnalystQuery', () => {
  const selectFrom = (tableLine: string) =>
    [
      'SelectWithUnionQuery (children 1)',
      ' ExpressionList (children 1)',
      '  SelectQuery (children 2)',
      '   ExpressionList (children 1)',
      '    Asterisk',
      '   TablesInSelectQuery (children 1)',
      '    TablesInSelectQueryElement (children 1)',
      '     TableExpression (children 1)',
      `      ${tableLine}`,
    ].join('\n');
  it('lets reads of the servloop database, unqualified names and generating table functions through', () => {
    expect(check(selectFrom('TableIdentifier servloop.visits'))).toBeUndefined();
    expect(check(selectFrom('TableIdentifier visits'))).toBeUndefined();
    expect(check(selectFrom('TableIdentifier system.tables'))).toBeUndefined();
    expect(check(selectFrom('Function numbers (children 1)'))).toBeUndefined();
  });
  it('refuses table functions that reach outside, whatever their case', () => {
    expect(check(selectFrom('Function FiLe (children 1)'))).toMatchObject({ code: 497 });
    expect(check(selectFrom('Function remote (children 1)'))?.message).toMatch(/REMOTE ON \*\.\*/);
  });
  it('refuses other databases and catalogue tables that are not on the list', () => {
    expect(check(selectFrom('TableIdentifier default.secrets'))?.message).toMatch(
      /SELECT ON default\.secrets/,
    );
    expect(check(selectFrom('TableIdentifier system.processes'))).toMatchObject({ code: 497 });
    expect(check(selectFrom('TableIdentifier SYSTEM.PROCESSES'))).toMatchObject({ code: 497 });
  });
  it('checks a column qualified by db.table as that table (JDBC DatabaseMetaData writes system.tables.database)', () => {
    const column = (name: string) =>
      `SelectWithUnionQuery (children 1)\n ExpressionList (children 1)\n  SelectQuery (children 1)\n   ExpressionList (children 1)\n    Identifier ${name}`;
    expect(check(column('system.tables.database'))).toBeUndefined();
    expect(check(column('servloop.visits.branch_id'))).toBeUndefined();
    expect(check(column('t.tuple_column.field'))).toBeUndefined();
    expect(check(column('system.processes.query'))?.message).toMatch(/SELECT ON system\.processes$/);
    expect(check(column('default.secrets.k'))?.message).toMatch(/SELECT ON default\.secrets$/);
    expect(check(column('default.secrets'))).toMatchObject({ code: 497 });
  });
  it('refuses scalar functions that read files, dictionaries or server settings', () => {
    for (const fn of ['file', 'dictGetString', 'DICTHAS', 'joinGet', 'getServerSetting', 'x.file'])
      expect(
        check(
          `SelectWithUnionQuery (children 1)\n ExpressionList (children 1)\n  SelectQuery (children 1)\n   ExpressionList (children 1)\n    Function ${fn} (children 1)`,
        ),
        fn,
      ).toMatchObject({ code: 497 });
  });
  it('refuses SETTINGS anywhere, INTO OUTFILE, writes and other statements', () => {
    expect(check(`${selectFrom('TableIdentifier visits')}\n   Set`)).toMatchObject({ code: 164 });
    expect(check(`SelectWithUnionQuery (children 2)\n ExpressionList\n Literal \\'/tmp/x\\'`)).toMatchObject({
      code: 497,
    });
    expect(
      check(
        "DescribeQuery (children 2)\n TableExpression (children 1)\n  TableIdentifier a\n Literal \\'/tmp/x\\'",
      ),
    ).toMatchObject({ code: 497 });
    expect(check('ShowTables', "SHOW TABLES\nINTO OUTFILE '/tmp/x'")).toMatchObject({ code: 497 });
    expect(check('InsertQuery   (children 1)\n Identifier t')).toMatchObject({ code: 164 });
    expect(check('Set')).toMatchObject({ code: 164 });
    expect(check('ShowProcesslistQuery')).toMatchObject({ code: 164 });
    expect(check('ShowTables', 'SHOW DATABASES')).toMatchObject({ code: 164 });
    expect(check('ShowTables', 'SHOW TABLES')).toBeUndefined();
    expect(check('ShowTables (children 1)\n Identifier system', 'SHOW TABLES FROM system')).toMatchObject({
      code: 497,
    });
    expect(
      check('ExistsTableQuery default t (children 2)\n Identifier default\n Identifier t'),
    ).toMatchObject({ code: 497 });
    expect(check('ExistsTableQuery  t (children 1)\n Identifier t')).toBeUndefined();
  });
});

describe('analystSettings', () => {
  it('puts the limits and readonly = 1 last, keeps allowed client settings and lowers only', () => {
    const r = analystSettings(
      { output_format_json_quote_64bit_integers: '0', max_result_rows: '10', wait_end_of_query: '1' },
      DEFAULT_ANALYST_LIMITS,
    );
    expect(r).toMatchObject({
      settings: {
        output_format_json_quote_64bit_integers: '0',
        max_result_rows: 10,
        max_threads: 1,
        readonly: 1,
      },
    });
    expect('settings' in r && 'wait_end_of_query' in r.settings).toBe(false);
  });
  it('refuses a limit raised, a setting not on the list and a setting that writes files', () => {
    expect(analystSettings({ max_execution_time: '31' }, DEFAULT_ANALYST_LIMITS)).toEqual({
      refused: { code: 452, message: "analyst: Setting max_execution_time shouldn't be greater than 30" },
    });
    expect(analystSettings({ allow_introspection_functions: '1' }, DEFAULT_ANALYST_LIMITS)).toMatchObject({
      refused: { code: 164 },
    });
    expect(analystSettings({ output_format_schema: '/tmp/x' }, DEFAULT_ANALYST_LIMITS)).toMatchObject({
      refused: { code: 164 },
    });
  });
  it('reads limits from the environment and names a bad value', () => {
    expect(analystLimitsFromEnv({ SERVLOOP_ANALYST_MAX_SECONDS: '5' }).maxExecutionSeconds).toBe(5);
    expect(() => analystLimitsFromEnv({ SERVLOOP_ANALYST_MAX_THREADS: 'two' })).toThrow(
      /SERVLOOP_ANALYST_MAX_THREADS=two/,
    );
  });
});

describe('analyst users', () => {
  it('verifies scrypt hashes, refuses wrong passwords and unknown names, and refuses a bad hash at start', async () => {
    const stored = hashPassword('s3cret');
    expect(verifyPassword('s3cret', stored)).toBe(true);
    expect(verifyPassword('s3cret ', stored)).toBe(false);
    const users = analystUsers({ ana: stored });
    expect(await users.verify('ana', 's3cret')).toBe(true);
    expect(await users.verify('ana', 's3cret')).toBe(true); // remembered
    expect(await users.verify('ana', 'nope')).toBe(false);
    expect(await users.verify('constructor', 's3cret')).toBe(false);
    expect(() => analystUsers({ bob: 'plain-text' })).toThrow(/bob: expected a scrypt/);
  });
  it('stops checking passwords from an address after 10 failures in a minute, even the right one', async () => {
    const users = analystUsers({ ana: hashPassword('s3cret') });
    for (let i = 0; i < 10; i++) expect(await users.verify('ana', `guess-${i}`, '10.0.0.9')).toBe(false);
    expect(await users.verify('ana', 's3cret', '10.0.0.9')).toBe(false);
    expect(await users.verify('ana', 's3cret', '10.0.0.10')).toBe(true);
  });
});
