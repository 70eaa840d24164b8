// Rows → XLSX (through exceljs, the one package that imports it) and CSV. Pure apart from the
// workbook library: the caller writes the bytes wherever it wants.
import ExcelJS from 'exceljs';

export type Cell = string | number | boolean | null;
export interface Column {
  key: string;
  /** The header as the reader sees it, e.g. "投诉编号 complaint id". */
  header: string;
  /** Column width in characters (XLSX only). */
  width?: number;
}
export interface Sheet {
  name: string;
  columns: Column[];
  rows: Record<string, Cell>[];
}

const SHEET_NAME = /^[^\\/?*[\]:]{1,31}$/;

function checkSheets(sheets: Sheet[]): void {
  if (sheets.length === 0) throw new Error('a workbook needs at least one sheet');
  const names = new Set<string>();
  sheets.forEach((s, i) => {
    if (!SHEET_NAME.test(s.name))
      throw new Error(
        `sheets[${i}].name: ${JSON.stringify(s.name)} must be 1–31 characters without \\ / ? * [ ] :`,
      );
    if (names.has(s.name)) throw new Error(`sheets[${i}].name: ${s.name} is used twice`);
    names.add(s.name);
    const keys = new Set(s.columns.map((c) => c.key));
    s.rows.forEach((row, r) => {
      for (const k of Object.keys(row))
        if (!keys.has(k)) throw new Error(`sheets[${i}].rows[${r}].${k}: not a column of sheet ${s.name}`);
    });
  });
}

/** An .xlsx workbook: one sheet per entry, a bold frozen header row, cells typed (numbers stay numbers). */
export async function toXlsx(
  sheets: Sheet[],
  meta: { creator?: string; created?: Date } = {},
): Promise<Buffer> {
  checkSheets(sheets);
  const wb = new ExcelJS.Workbook();
  wb.creator = meta.creator ?? 'servloop';
  wb.created = meta.created ?? new Date(0);
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = s.columns.map((c) => ({
      key: c.key,
      header: c.header,
      width: c.width ?? Math.max(10, c.header.length + 2),
    }));
    ws.getRow(1).font = { bold: true };
    for (const row of s.rows)
      ws.addRow(Object.fromEntries(s.columns.map((c) => [c.key, row[c.key] ?? null])));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Reads an .xlsx back into header → value rows per sheet (for tests and for checking an export). */
export async function readXlsx(bytes: Buffer): Promise<Record<string, Record<string, Cell>[]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const out: Record<string, Record<string, Cell>[]> = {};
  wb.eachSheet((ws) => {
    const headers = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    const rows: Record<string, Cell>[] = [];
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const values = (row.values as unknown[]).slice(1);
      rows.push(Object.fromEntries(headers.map((h, i) => [h, (values[i] ?? null) as Cell])));
    });
    out[ws.name] = rows;
  });
  return out;
}

// A cell starting with these is run as a formula by spreadsheet programs opening a CSV (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;
function csvCell(v: Cell): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * RFC 4180 CSV with CRLF line ends and a UTF-8 byte-order mark, so Excel opens Chinese text
 * correctly; text cells that would start a formula get a leading apostrophe.
 */
export function toCsv(columns: Column[], rows: Record<string, Cell>[]): string {
  const lines = [columns.map((c) => csvCell(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c.key] ?? null)).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
