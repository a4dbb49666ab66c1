/** Unzipping an .xlsx in tests, to look at the XML a writer produced (yauzl: no part of the reader under test). */
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
