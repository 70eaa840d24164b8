// What an analyst must not be able to do, however it is written: read files, fetch URLs, reach
// other servers, databases or processes, write anywhere, or change settings inside the query.
// Shared by the endpoint's integration test and the analyst-safety e2e test.

/** Queries that reach outside the analysts' database (`otherDb.keys` is a table they must not see). */
export function outsideReads(otherDb: string): string[] {
  return [
    "SELECT * FROM file('/etc/passwd', 'LineAsString')",
    "select * from FILE('/etc/passwd', 'LineAsString')",
    "SELECT /* nothing to see */ *\nFROM `file`('/etc/passwd',\n'LineAsString') -- really",
    "SELECT file('/etc/passwd')",
    "SELECT length(FiLe('/etc/passwd')) AS n",
    "SELECT * FROM (SELECT * FROM (SELECT * FROM file('/etc/passwd', 'LineAsString')))",
    "WITH x AS (SELECT * FROM url('http://127.0.0.1:1080/', 'LineAsString')) SELECT * FROM x",
    "SELECT 1 UNION ALL SELECT count() FROM remote('127.0.0.1', system.one)",
    "SELECT * FROM remoteSecure('127.0.0.1:9440', system.one)",
    "SELECT * FROM s3('http://127.0.0.1:4569/servloop-raw/x', 'LineAsString')",
    "SELECT * FROM mysql('127.0.0.1:3306', 'db', 't', 'root', '')",
    "SELECT * FROM postgresql('127.0.0.1:5432', 'db', 't', 'postgres', '')",
    "SELECT * FROM executable('cat /etc/passwd', 'LineAsString', 'x String')",
    "SELECT * FROM input('x String')",
    "SELECT * FROM dictionary('d')",
    "SELECT dictGet('d', 'v', toUInt64(1))",
    "SELECT DICTGETSTRING('d', 'v', toUInt64(1))",
    "SELECT * FROM merge('system', '^processes$')",
    "SELECT * FROM cluster('default', system.one)",
    "SELECT * FROM hdfs('hdfs://x/y', 'TSV')",
    "SELECT * FROM jdbc('x', 'y')",
    "SELECT * FROM sqlite('/etc/x.db', 't')",
    "SELECT * FROM loop(file('/etc/passwd', 'LineAsString')) LIMIT 1",
    "SELECT * FROM view(SELECT * FROM file('/etc/passwd', 'LineAsString'))",
    "SELECT * FROM numbers(1) AS n JOIN url('http://127.0.0.1:1080/', 'LineAsString') AS u ON 1",
    'SELECT * FROM system.processes',
    'SELECT * FROM system.users',
    'SELECT * FROM SYSTEM.PROCESSES',
    'SELECT * FROM system.settings',
    `SELECT * FROM ${otherDb}.keys`,
    `SELECT * FROM system.one WHERE dummy IN (SELECT toUInt8(length(k)) FROM ${otherDb}.keys)`,
    `SELECT 'TOPSECRET' IN ${otherDb}.keys`,
    "SELECT getServerSetting('path')",
    `SELECT joinGet('${otherDb}.keys', 'k', 1)`,
    "SELECT 1 INTO OUTFILE '/tmp/servloop-analyst-out.tsv'",
    "DESCRIBE TABLE system.one INTO OUTFILE '/tmp/servloop-analyst-out.tsv'",
    "DESCRIBE (SELECT 1 AS `ATTACH TABLE x`) INTO OUTFILE '/tmp/servloop-analyst-out.tsv' TRUNCATE FORMAT TSVRaw",
    "SHOW TABLES INTO OUTFILE '/tmp/servloop-analyst-out.tsv' TRUNCATE",
    "EXISTS TABLE system.one INTO OUTFILE '/tmp/servloop-analyst-out.tsv'",
    "SHOW CREATE TABLE system.one INTO OUTFILE '/tmp/servloop-analyst-out.tsv'",
    "EXPLAIN SELECT 1 INTO OUTFILE '/tmp/servloop-analyst-out.tsv'",
    "SELECT 1 UNION ALL SELECT 2 INTO OUTFILE '/tmp/servloop-analyst-out.tsv' APPEND",
    'SELECT * FROM (SELECT 1 SETTINGS readonly = 0)',
    'SELECT 1 SETTINGS readonly = 0',
    "SELECT * FROM (SELECT * FROM file('/etc/passwd', 'LineAsString') SETTINGS readonly = 0) SETTINGS readonly = 1",
    'SHOW TABLES FROM system',
    `SHOW TABLES FROM ${otherDb}`,
    `EXISTS TABLE ${otherDb}.keys`,
    `SHOW CREATE TABLE ${otherDb}.keys`,
    "EXPLAIN SELECT * FROM file('/etc/passwd', 'LineAsString')",
    "DESCRIBE TABLE file('/etc/passwd', 'LineAsString')",
    "SHOW SETTINGS LIKE '%'",
  ];
}

/** Writes and session changes: each must be refused as READONLY (code 164). */
export const WRITES: readonly string[] = [
  "INSERT INTO branches_v1 (branch_id) VALUES ('X')",
  'DROP TABLE branches_v1',
  'ALTER TABLE branches_v1 DELETE WHERE 1',
  'CREATE TABLE t2 (x UInt8) ENGINE = Memory',
  'CREATE TEMPORARY TABLE t3 (x UInt8)',
  'SET readonly = 0',
  'USE system',
  'KILL QUERY WHERE 1',
  'SYSTEM FLUSH LOGS',
  'OPTIMIZE TABLE branches_v1 FINAL',
  'TRUNCATE TABLE branches_v1',
  "INSERT INTO FUNCTION file('/tmp/servloop-analyst-write.tsv', 'TSV', 'x String') VALUES ('x')",
  "CREATE DICTIONARY d (k UInt64, v String) PRIMARY KEY k SOURCE(FILE(path '/etc/passwd' format 'TSV')) LAYOUT(FLAT()) LIFETIME(0)",
  'SHOW PROCESSLIST',
  'SHOW GRANTS',
];

/** Signs of data that must never appear in a refusal's body. */
export const LEAK = /root:|TOPSECRET|\/bin\/bash|KAFKA_BROKERS|<html/i;
