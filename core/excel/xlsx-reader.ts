/**
 * Reads an .xlsx worksheet exactly: the zip with yauzl, each part's bytes through one streaming
 * UTF-8 decoder (a character split across zip chunks is carried over, never replaced; invalid
 * UTF-8 is refused, not guessed), the XML with saxes. The sheet XML is streamed row by row
 * (constant memory for any length); the shared strings table and the styles are held in memory.
 * ExcelJS 4.4's streaming reader is not used for input: it decodes each chunk on its own and turns
 * a split CJK character into U+FFFD (exceljs issues #2063, #2084, #2316).
 */
import yauzl from 'yauzl';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { FormulaWithoutResult } from './cell-values.ts';

/** What a cell holds: text, a number, a boolean, a date (numbers in a date format), an error or nothing (null), or a formula saved without its result. */
export type CellValue = string | number | boolean | Date | FormulaWithoutResult | null;

export interface XlsxRow {
  /** 1-based, as Excel shows it. */
  rowNumber: number;
  /** By column (A = 0); a column without a value is a hole (reads as undefined), as ExcelJS gave it. */
  values: (CellValue | undefined)[];
}

/** The first worksheet in the workbook's own order (its tab order), row by row; blank rows are not skipped. */
export async function* readFirstWorksheet(data: Buffer): AsyncGenerator<XlsxRow> {
  const zip = await yauzl.fromBufferPromise(data, { lazyEntries: true, decodeStrings: true });
  try {
    const entries = await entriesOf(zip);
    const part = (name: string) =>
      entries.get(name.replace(/^\//, '')) ?? [...entries.entries()].find(([n]) => n.toLowerCase() === name.replace(/^\//, '').toLowerCase())?.[1];
    const workbookPath = (await relationshipTargets(zip, part('_rels/.rels'), '')).find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
    const workbookEntry = part(workbookPath);
    if (!workbookEntry) throw new Error('no workbook part');
    const book = await workbookInfo(zip, workbookEntry);
    const folder = workbookPath.slice(0, workbookPath.lastIndexOf('/') + 1);
    const rels = await relationshipTargets(zip, part(`${folder}_rels/${workbookPath.slice(folder.length)}.rels`), folder);
    // The first tab that is a worksheet (a chart sheet can come first).
    const sheetPath = book.sheets.map((s) => rels.find((r) => r.id === s.relId)).find((r) => r?.type.endsWith('/worksheet'))?.target;
    if (sheetPath === undefined) return;
    const sheetEntry = part(sheetPath);
    if (!sheetEntry) throw new Error('first sheet missing');
    const sharedStringsPath = rels.find((r) => r.type.endsWith('/sharedStrings'))?.target;
    const stylesPath = rels.find((r) => r.type.endsWith('/styles'))?.target;
    const sharedStrings = sharedStringsPath && part(sharedStringsPath) ? await readSharedStrings(zip, part(sharedStringsPath)!) : [];
    const dateStyles = stylesPath && part(stylesPath) ? await readDateStyles(zip, part(stylesPath)!) : [];
    yield* sheetRows(zip, sheetEntry, { sharedStrings, dateStyles, date1904: book.date1904 });
  } finally {
    zip.close();
  }
}

function entriesOf(zip: yauzl.ZipFile): Promise<Map<string, yauzl.Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, yauzl.Entry>();
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

/** Feeds a part's XML to a parser, decoded as one stream; yields after each chunk (where the sheet hands over the rows it completed). */
async function* parsePart(zip: yauzl.ZipFile, entry: yauzl.Entry, parser: SaxesParser): AsyncGenerator<void> {
  const stream = await zip.openReadStreamPromise(entry);
  let decoder: TextDecoder | null = null;
  let error: unknown = null;
  parser.on('error', (e) => {
    error ??= e;
  });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    // A byte-order mark says UTF-16 (never written by Excel, WPS or LibreOffice, but allowed); else UTF-8.
    decoder ??= new TextDecoder(chunk[0] === 0xff && chunk[1] === 0xfe ? 'utf-16le' : chunk[0] === 0xfe && chunk[1] === 0xff ? 'utf-16be' : 'utf-8', {
      fatal: true,
    });
    parser.write(decoder.decode(chunk, { stream: true }));
    if (error) throw error;
    yield;
  }
  if (decoder) parser.write(decoder.decode());
  parser.close();
  if (error) throw error;
}

async function parseWhole(zip: yauzl.ZipFile, entry: yauzl.Entry, parser: SaxesParser): Promise<void> {
  for await (const _ of parsePart(zip, entry, parser));
}

/** Tag names without a namespace prefix (some writers spell <x:row>). */
const local = (name: string) => {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
};

interface Relationship {
  id: string;
  type: string;
  /** Path inside the zip. */
  target: string;
}

async function relationshipTargets(zip: yauzl.ZipFile, entry: yauzl.Entry | undefined, folder: string): Promise<Relationship[]> {
  if (!entry) return [];
  const found: Relationship[] = [];
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => {
    if (local(tag.name) !== 'Relationship') return;
    const a = (tag as SaxesTagPlain).attributes;
    if (a.TargetMode === 'External' || !a.Target) return;
    found.push({ id: a.Id ?? '', type: a.Type ?? '', target: resolvePath(folder, a.Target) });
  });
  await parseWhole(zip, entry, parser);
  return found;
}

function resolvePath(folder: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : folder + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

async function workbookInfo(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<{ sheets: { name: string; relId: string }[]; date1904: boolean }> {
  const sheets: { name: string; relId: string }[] = [];
  let date1904 = false;
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => {
    const name = local(tag.name);
    const a = (tag as SaxesTagPlain).attributes;
    if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
    else if (name === 'sheet') {
      const relId = Object.entries(a).find(([k]) => local(k) === 'id' && k !== 'sheetId')?.[1];
      if (relId) sheets.push({ name: a.name ?? '', relId });
    }
  });
  await parseWhole(zip, entry, parser);
  return { sheets, date1904 };
}

/**
 * The text of a string item (<si> or <is>): its <t>, or its rich-text runs' <t> joined; phonetic
 * guides (<rPh>, furigana) are not part of the text. OOXML's _xHHHH_ escapes (control characters,
 * which XML cannot carry) are decoded as Excel shows them.
 */
class StringItemText {
  private parts: string[] = [];
  private inT = false;
  private inPhonetic = 0;
  open(name: string): void {
    if (name === 'rPh') this.inPhonetic++;
    else if (name === 't' && !this.inPhonetic) this.inT = true;
  }
  close(name: string): void {
    if (name === 'rPh') this.inPhonetic--;
    else if (name === 't') this.inT = false;
  }
  text(text: string): void {
    if (this.inT) this.parts.push(text);
  }
  take(): string {
    const text = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    this.parts = [];
    return unescapeOoxml(text);
  }
}

function unescapeOoxml(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

async function readSharedStrings(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<string[]> {
  const strings: string[] = [];
  const item = new StringItemText();
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => item.open(local(tag.name)));
  parser.on('closetag', (tag) => {
    const name = local(tag.name);
    if (name === 'si') strings.push(item.take());
    else item.close(name);
  });
  parser.on('text', (text) => item.text(text));
  parser.on('cdata', (text) => item.text(text));
  await parseWhole(zip, entry, parser);
  return strings;
}

/** Built-in number formats that show a date or time: 14–22 and 45–47, and the CJK locales' 27–36 and 50–58. */
const BUILT_IN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

/** A custom format shows a date when it has y, m, d, h or s outside quoted text, [colour]/[$-804] brackets and escapes. */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\[(?:h+|m+|s+)\]/gi, 'h') // elapsed time, [h]:mm
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '');
  // Only the first section (positive numbers) decides; "General" and text formats have no date letters.
  return /[ymdhs]/i.test(bare.split(';')[0]!) && !/^general$/i.test(bare.trim());
}

/** Per cell style (the s attribute), whether it shows numbers as dates. */
async function readDateStyles(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<boolean[]> {
  const customDate = new Map<number, boolean>();
  const styles: boolean[] = [];
  let inCellXfs = false;
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => {
    const name = local(tag.name);
    const a = (tag as SaxesTagPlain).attributes;
    if (name === 'numFmt') customDate.set(Number(a.numFmtId), isDateFormat(a.formatCode ?? ''));
    else if (name === 'cellXfs') inCellXfs = true;
    else if (name === 'xf' && inCellXfs) {
      const id = Number(a.numFmtId ?? 0);
      styles.push(customDate.get(id) ?? BUILT_IN_DATE_FORMATS.has(id));
    }
  });
  parser.on('closetag', (tag) => {
    if (local(tag.name) === 'cellXfs') inCellXfs = false;
  });
  await parseWhole(zip, entry, parser);
  return styles;
}

const DAY_MS = 86_400_000;

/**
 * An Excel serial date as a Date: whole days at midnight UTC, times as UTC wall clock (what
 * isoFromExcelDate reads). The 1900 system counts a 29 February 1900 that never was, so serials
 * before 61 are a day later than the formula; the 1904 system starts 1,462 days later.
 */
export function dateFromSerial(serial: number, date1904: boolean): Date {
  const days = date1904 ? serial + 1462 : serial < 61 ? serial + 1 : serial;
  return new Date(Math.round((days - 25569) * DAY_MS));
}

function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + c - 64;
    else if (c >= 97 && c <= 122) n = n * 26 + c - 96;
    else break;
  }
  return n - 1;
}

interface SheetContext {
  sharedStrings: string[];
  dateStyles: boolean[];
  date1904: boolean;
}

async function* sheetRows(zip: yauzl.ZipFile, entry: yauzl.Entry, { sharedStrings, dateStyles, date1904 }: SheetContext): AsyncGenerator<XlsxRow> {
  const ready: XlsxRow[] = [];
  let rowNumber = 0;
  let values: CellValue[] = [];
  let column = -1;
  // The cell being read.
  let type = 'n';
  let style = 0;
  let value: string | null = null;
  let formula: string | null = null;
  let collecting: 'v' | 'f' | null = null;
  let inInline = false;
  let sawInline = false;
  const inline = new StringItemText();
  let depth = 0; // inside <sheetData>

  const cellValue = (): CellValue => {
    if (sawInline) return inline.take();
    if (value === null) return formula !== null ? new FormulaWithoutResult(formula) : null;
    switch (type) {
      case 's':
        return sharedStrings[Number(value)] ?? null;
      case 'str':
        return unescapeOoxml(value);
      case 'b':
        return value.trim() === '1' || value.trim() === 'true';
      case 'e':
        return null;
      case 'd': {
        const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
        return Number.isNaN(t) ? value : new Date(t);
      }
      default: {
        const n = Number(value);
        if (value.trim() === '' || Number.isNaN(n)) return null;
        return dateStyles[style] ? dateFromSerial(n, date1904) : n;
      }
    }
  };

  const parser = new SaxesParser();
  parser.on('opentag', (tag) => {
    const name = local(tag.name);
    if (name === 'sheetData') {
      depth = 1;
      return;
    }
    if (!depth) return;
    if (inInline) {
      inline.open(name);
      return;
    }
    const a = (tag as SaxesTagPlain).attributes;
    switch (name) {
      case 'row':
        rowNumber = a.r ? Number(a.r) : rowNumber + 1;
        values = [];
        column = -1;
        break;
      case 'c':
        column = a.r ? columnIndex(a.r) : column + 1;
        type = a.t ?? 'n';
        style = a.s ? Number(a.s) : 0;
        value = null;
        formula = null;
        sawInline = false;
        break;
      case 'v':
        collecting = 'v';
        value = '';
        break;
      case 'f':
        collecting = 'f';
        formula = '';
        break;
      case 'is':
        inInline = true;
        sawInline = true;
        break;
    }
  });
  parser.on('text', (text) => {
    if (inInline) inline.text(text);
    else if (collecting === 'v') value += text;
    else if (collecting === 'f') formula += text;
  });
  parser.on('cdata', (text) => {
    if (inInline) inline.text(text);
    else if (collecting === 'v') value += text;
  });
  parser.on('closetag', (tag) => {
    if (!depth) return;
    const name = local(tag.name);
    if (inInline) {
      if (name === 'is') inInline = false;
      else inline.close(name);
      return;
    }
    switch (name) {
      case 'v':
      case 'f':
        collecting = null;
        break;
      case 'c':
        // A cell with nothing in it (only a style) is left out, as a column without a cell is.
        if (value !== null || formula !== null || sawInline) values[column] = cellValue();
        break;
      case 'row':
        ready.push({ rowNumber, values });
        break;
      case 'sheetData':
        depth = 0;
        break;
    }
  });
  for await (const _ of parsePart(zip, entry, parser)) {
    if (ready.length) yield* ready.splice(0);
  }
  yield* ready.splice(0);
}
