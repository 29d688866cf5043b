import { describe, expect, test } from 'vitest';
import { MAX_IMPORT_BYTES, parseCatalogFile, toCatalogCsv, type CatalogRecord } from './catalogFile';

const utf8 = (s: string) => new TextEncoder().encode(s);
const header = 'family,code,name_en,name_ar,description_en,description_ar,sort_order,active,icon,colour,attributes';

describe('catalog import files', () => {
  test('a CSV export reads back to the same rows (quotes, commas, Arabic, JSON attributes)', () => {
    const rows: CatalogRecord[] = [
      { family: 'item_types', code: 'THOBE', name_en: 'Thobe, "long"', name_ar: 'ثوب / دشداشة', sort_order: 30, active: true,
        icon: 'thobe', attributes: { service_categories: ['LAUNDRY', 'DRY_CLEAN'] } },
      { family: 'fabrics', code: 'SILK', name_en: 'Silk\nline two', sort_order: 10, active: false },
    ];
    const parsed = parseCatalogFile('catalog.csv', utf8(toCatalogCsv(rows)));
    expect(parsed).toEqual({ rows });
  });

  test('a JSON export is read as it is', () => {
    expect(parseCatalogFile('c.json', utf8('[{"family":"fabrics","code":"SILK"}]'))).toEqual({ rows: [{ family: 'fabrics', code: 'SILK' }] });
    expect(parseCatalogFile('c.json', utf8('{"family":"fabrics"}'))).toEqual({ problem: { code: 'bad_json' } });
  });

  test('a file over 2 MB is refused before it is read', () => {
    expect(parseCatalogFile('big.csv', new Uint8Array(MAX_IMPORT_BYTES + 1))).toEqual({ problem: { code: 'too_large', bytes: MAX_IMPORT_BYTES + 1 } });
  });

  test('a file that is not UTF-8 is refused', () => {
    // "ثوب" in Windows-1256
    const cp1256 = new Uint8Array([...utf8(`${header}\nfabrics,X,`), 0xcb, 0xe6, 0xc8, 0x0a]);
    expect(parseCatalogFile('c.csv', cp1256)).toEqual({ problem: { code: 'not_utf8' } });
  });

  test('wrong columns are named', () => {
    expect(parseCatalogFile('c.csv', utf8('family,name,colour_hex\nfabrics,x,y\n')))
      .toEqual({ problem: { code: 'wrong_columns', missing: ['code'], unknown: ['name', 'colour_hex'] } });
  });

  test('an open quote names the line it starts on', () => {
    expect(parseCatalogFile('c.csv', utf8(`${header}\nfabrics,A,ok\nfabrics,B,"open\n`))).toEqual({ problem: { code: 'bad_quotes', line: 3 } });
  });

  test('a header alone is an empty file; a BOM is ignored', () => {
    expect(parseCatalogFile('c.csv', utf8(`${header}\n`))).toEqual({ problem: { code: 'empty' } });
    expect(parseCatalogFile('c.csv', utf8(`\uFEFFfamily,code\nfabrics,SILK\n`))).toEqual({ rows: [{ family: 'fabrics', code: 'SILK' }] });
  });
});
