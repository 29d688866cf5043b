import { describe, expect, test } from 'vitest';
import { BOM, csvDocument, csvField, csvFileName, guardFormula, toCsv } from './csv';
import { readAllRows } from './exportRows';
import { splitCsv } from './catalogFile';

describe('csv', () => {
  test('RFC 4180: commas, quotes and line breaks are quoted, quotes doubled, CRLF after every record', () => {
    expect(toCsv(['a', 'b'], [['x,y', 'say "hi"'], ['line\nbreak', null], [3, true]]))
      .toBe('a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",\r\n3,true\r\n');
    expect(csvField('plain')).toBe('plain');
    expect(csvField(undefined)).toBe('');
  });

  test('a document starts with the UTF-8 byte-order mark and its bytes are UTF-8 (Arabic intact)', () => {
    const text = csvDocument([{ title: 'الاسم', value: (r: { n: string }) => r.n }], [{ n: 'مغسلة النور، مسقط' }]);
    expect(text.startsWith(BOM)).toBe(true);
    const bytes = new TextEncoder().encode(text);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)).toBe(`${BOM}الاسم\r\nمغسلة النور، مسقط\r\n`);
  });

  test('Arabic comma (U+060C) is not a separator; a Latin comma in Arabic text is quoted', () => {
    expect(csvField('مغسلة، مسقط')).toBe('مغسلة، مسقط');
    expect(csvField('مغسلة, مسقط')).toBe('"مغسلة, مسقط"');
  });

  test('formula injection: cells starting with = + - @ tab or CR are prefixed with an apostrophe', () => {
    for (const bad of ['=1+1', '+cmd', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("http://x","y")']) {
      expect(guardFormula(bad)).toBe(`'${bad}`);
    }
    expect(csvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    // numbers (and strings that are plain numbers) are not formulas; text with = inside is fine
    expect(guardFormula(-5)).toBe('-5');
    expect(guardFormula('-12.50')).toBe('-12.50');
    expect(guardFormula('+96891234567')).toBe('+96891234567');
    expect(guardFormula('a=b')).toBe('a=b');
  });

  test('what the export writes reads back to the same cells', () => {
    const rows = [['x,y', 'say "hi"', 'سطر\nثانٍ', '=1']];
    const split = splitCsv(toCsv(['a', 'b', 'c', 'd'], rows));
    expect(split).toEqual({ records: [['a', 'b', 'c', 'd'], ['x,y', 'say "hi"', 'سطر\nثانٍ', "'=1"]] });
  });

  test('file name: the list, the local date, safe characters', () => {
    expect(csvFileName('Audit log', new Date(2026, 11, 6, 23, 30))).toBe('audit-log-2026-12-06.csv');
    expect(csvFileName('تقرير', new Date(2026, 0, 2))).toBe('export-2026-01-02.csv');
  });
});

describe('readAllRows', () => {
  const table = Array.from({ length: 23 }, (_, i) => i + 1);
  const reader = (withTotal: boolean) => async (page: number, size: number) =>
    ({ data: table.slice((page - 1) * size, page * size), total: withTotal ? table.length : undefined });

  test('reads every batch until the last, with or without a server count', async () => {
    expect(await readAllRows(reader(true), 5, 100)).toEqual({ rows: table, total: 23, capped: false });
    expect(await readAllRows(reader(false), 5, 100)).toEqual({ rows: table, total: 23, capped: false });
    expect(await readAllRows(reader(true), 23, 100)).toEqual({ rows: table, total: 23, capped: false });
  });

  test('stops at the cap and says so, with the total the filters select', async () => {
    expect(await readAllRows(reader(true), 5, 10)).toEqual({ rows: table.slice(0, 10), total: 23, capped: true });
    expect(await readAllRows(reader(true), 5, 23)).toEqual({ rows: table, total: 23, capped: false });
  });
});
