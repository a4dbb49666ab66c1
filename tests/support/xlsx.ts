/** Unzipping an .xlsx in tests, to look at the XML a writer produced (yauzl: no part of the reader under test). */
import zlib from 'node:zlib';
import yauzl from 'yauzl';

/** Every part of the zip as text, by path. */
export async function xlsxParts(data: Buffer): Promise<Map<string, string>> {
  const zip = await yauzl.fromBufferPromise(data, { lazyEntries: true });
  const parts = new Map<string, string>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          parts.set(entry.fileName.replace(/^\//, ''), Buffer.concat(chunks).toString('utf8'));
          zip.readEntry();
        });
        stream.on('error', reject);
      });
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  return parts;
}

/** The cell formats (cellXfs) of styles.xml, in order: each <xf …> tag's attributes. */
export function cellFormats(stylesXml: string): Record<string, string>[] {
  const cellXfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(stylesXml)?.[1] ?? '';
  return [...cellXfs.matchAll(/<xf\b([^>]*?)\/?>/g)].map((m) => Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])));
}

/** The <c> elements of a sheet's XML: reference, type, style index and the raw inner XML. */
export function sheetCells(sheetXml: string): { ref: string; t: string | undefined; s: number; inner: string }[] {
  return [...sheetXml.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)].map((m) => {
    const attrs = Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!]));
    return { ref: attrs.r!, t: attrs.t, s: Number(attrs.s ?? 0), inner: m[2] ?? '' };
  });
}

/**
 * A zip written by hand (node:zlib's deflate at the given level, or stored), entries in the order
 * given: for workbooks whose XML a test spells out, written by nothing the reader shares code with.
 */
export function zipOf(files: [string, string | Buffer][], level = 6): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of files) {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const stored = level === 0;
    const body = stored ? data : zlib.deflateRawSync(data, { level });
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = zlib.crc32(data);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x0800, 6); // UTF-8 names
    header.writeUInt16LE(stored ? 0 : 8, 8);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(body.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    locals.push(header, nameBytes, body);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(stored ? 0 : 8, 10);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(body.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, nameBytes);
    offset += header.length + nameBytes.length + body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/**
 * An .xlsx from its parts' XML: sheets listed in the workbook in the order given (each with the
 * file it lives in), the zip's entries in `entryOrder` ('reverse' puts the last sheet file first).
 */
export function handBuiltXlsx(options: {
  /** A chart sheet has no sheetData (it is written as an empty <chartsheet>). */
  sheets: { name: string; file: string; sheetData: string; chart?: boolean }[];
  sharedStrings?: string[];
  /** <numFmts> and <cellXfs> content of styles.xml. */
  numFmts?: string;
  cellXfs?: string;
  date1904?: boolean;
  entryOrder?: 'normal' | 'reverse';
  level?: number;
}): Buffer {
  const { sheets, sharedStrings, date1904 } = options;
  const parts: [string, string][] = [
    [
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>',
    ],
    [
      '_rels/.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ],
    [
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS}>${date1904 ? '<workbookPr date1904="1"/>' : '<workbookPr/>'}<sheets>${sheets.map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rIdS${i}"/>`).join('')}</sheets></workbook>`,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((s, i) => `<Relationship Id="rIdS${i}" Type="${REL}/${s.chart ? 'chartsheet' : 'worksheet'}" Target="${s.file}"/>`).join('')}<Relationship Id="rIdST" Type="${REL}/styles" Target="styles.xml"/>${sharedStrings ? `<Relationship Id="rIdSS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : ''}</Relationships>`,
    ],
    [
      'xl/styles.xml',
      `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${options.numFmts ?? ''}<cellXfs>${options.cellXfs ?? '<xf numFmtId="0"/>'}</cellXfs></styleSheet>`,
    ],
  ];
  if (sharedStrings)
    parts.push(['xl/sharedStrings.xml', `<?xml version="1.0" encoding="UTF-8"?><sst ${NS} count="${sharedStrings.length}">${sharedStrings.join('')}</sst>`]);
  const sheetParts: [string, string][] = sheets.map((s) => [
    s.file.startsWith('/') ? s.file.slice(1) : `xl/${s.file}`,
    s.chart
      ? `<?xml version="1.0" encoding="UTF-8"?><chartsheet ${NS}/>`
      : `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}><sheetData>${s.sheetData}</sheetData></worksheet>`,
  ]);
  const ordered = options.entryOrder === 'reverse' ? [...sheetParts.reverse(), ...parts.reverse()] : [...parts, ...sheetParts];
  return zipOf(ordered, options.level);
}

/** Text escaped for XML content. */
export const xmlText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
