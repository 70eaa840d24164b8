// The CDNOW sample (test-data/README.md) as a calibration summary in weeks: shared by the tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CustomerSummary, summarise, type Transaction } from './summary.ts';

export function cdnowTransactions(): Transaction[] {
  const raw = readFileSync(join(import.meta.dirname, '..', '..', 'test-data', 'CDNOW_sample.txt'), 'utf8');
  return raw
    .trim()
    .split('\n')
    .map((line) => {
      const [, id, date, , dollars] = line.trim().split(/\s+/);
      return {
        customerId: id!,
        at: `${date!.slice(0, 4)}-${date!.slice(4, 6)}-${date!.slice(6, 8)}`,
        amount: Number(dollars),
      };
    });
}

export function cdnowSummary(transactions = cdnowTransactions()): CustomerSummary[] {
  return summarise(transactions, '1997-09-30', 7);
}
