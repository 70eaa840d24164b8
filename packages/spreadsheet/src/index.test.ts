import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readXlsx, toCsv, toXlsx } from './index.ts';

const columns = [
  { key: 'id', header: '投诉编号 complaint id' },
  { key: 'days', header: '时限(日) days' },
  { key: 'note', header: '说明 note' },
];
const rows = [
  { id: 'C-1', days: 15, note: '春节顺延,"已告知"' },
  { id: 'C-2', days: 30, note: null },
  { id: '=HYPERLINK("x")', days: 0, note: '-1' },
];

describe('spreadsheet', () => {
  it('writes an XLSX that exceljs reads back: sheets, headers, typed cells', async () => {
    const bytes = await toXlsx([
      { name: '明细 detail', columns, rows },
      {
        name: '汇总 summary',
        columns: [
          { key: 'k', header: 'metric' },
          { key: 'v', header: 'value' },
        ],
        rows: [{ k: 'received', v: 3 }],
      },
    ]);
    expect(bytes.subarray(0, 2).toString()).toBe('PK'); // a zip, as every .xlsx is
    const back = await readXlsx(bytes);
    expect(Object.keys(back)).toEqual(['明细 detail', '汇总 summary']);
    expect(back['明细 detail']).toEqual([
      { '投诉编号 complaint id': 'C-1', '时限(日) days': 15, '说明 note': '春节顺延,"已告知"' },
      { '投诉编号 complaint id': 'C-2', '时限(日) days': 30, '说明 note': null },
      { '投诉编号 complaint id': '=HYPERLINK("x")', '时限(日) days': 0, '说明 note': '-1' },
    ]);
    expect(back['汇总 summary']).toEqual([{ metric: 'received', value: 3 }]);
    // the header row is bold and frozen
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('明细 detail')!;
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(typeof ws.getCell('B2').value).toBe('number');
  });

  it('refuses a bad sheet name and a cell that is not a column, saying where', async () => {
    await expect(toXlsx([{ name: 'a/b', columns, rows: [] }])).rejects.toThrow(
      'sheets[0].name: "a/b" must be',
    );
    await expect(toXlsx([{ name: 'x', columns, rows: [{ id: 'C', colour: 'red' }] }])).rejects.toThrow(
      'sheets[0].rows[0].colour: not a column of sheet x',
    );
    await expect(toXlsx([])).rejects.toThrow('at least one sheet');
  });

  it('writes CSV with a BOM, CRLF, quoting, and formula-looking text defused', () => {
    expect(toCsv(columns, rows)).toBe(
      '\uFEFF投诉编号 complaint id,时限(日) days,说明 note\r\n' +
        'C-1,15,"春节顺延,""已告知"""\r\n' +
        'C-2,30,\r\n' +
        `"'=HYPERLINK(""x"")",0,'-1\r\n`,
    );
  });
});
