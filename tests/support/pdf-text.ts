/**
 * Reads back what a PDF that Chromium printed says, without poppler (not every machine has it):
 * its pages, the text of each (content streams decoded through each font's ToUnicode map), its
 * images and whether every font is embedded. Enough for Skia's PDFs (no object streams, Flate or
 * plain streams, fonts with ToUnicode maps); not a general PDF reader.
 */
import zlib from 'node:zlib';

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

export interface PdfContents {
  pages: string[];
  text: string;
  images: number;
  /** Each font's /BaseFont and whether its program is embedded (FontFile, FontFile2 or FontFile3). */
  fonts: { name: string; embedded: boolean }[];
}

function objects(pdf: Buffer): Map<number, PdfObject> {
  const raw = pdf.toString('latin1');
  const map = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endobj', start);
    const body = raw.slice(start, end);
    const streamAt = body.search(/\bstream\r?\n/);
    let stream: Buffer | null = null;
    let dict = body;
    if (streamAt >= 0) {
      dict = body.slice(0, streamAt);
      const dataStart = start + streamAt + body.slice(streamAt).indexOf('\n') + 1;
      const length = /\/Length (\d+)(?! 0 R)/.exec(dict);
      const dataEnd = length ? dataStart + Number(length[1]) : raw.lastIndexOf('endstream', end);
      stream = pdf.subarray(dataStart, dataEnd);
      if (/\/FlateDecode/.test(dict)) stream = zlib.inflateSync(stream);
    }
    map.set(Number(m[1]), { dict, stream });
    re.lastIndex = end;
  }
  return map;
}

const refs = (text: string) => [...text.matchAll(/(\d+) 0 R/g)].map((r) => Number(r[1]));

/** A dictionary entry's value: an inline << … >> (balanced) or the object a reference names. */
function entry(dict: string, key: string, all: Map<number, PdfObject>): string | null {
  const at = dict.indexOf(`/${key}`);
  if (at < 0) return null;
  const rest = dict.slice(at + key.length + 1).trimStart();
  if (rest.startsWith('<<')) {
    let depth = 0;
    for (let i = 0; i < rest.length; i++) {
      if (rest.startsWith('<<', i)) {
        depth++;
        i++;
      } else if (rest.startsWith('>>', i)) {
        depth--;
        i++;
        if (depth === 0) return rest.slice(0, i + 1);
      }
    }
  }
  const ref = /^(\d+) 0 R/.exec(rest);
  return ref ? (all.get(Number(ref[1]))?.dict ?? null) : rest;
}

/** A font's code → text map, and how many bytes a code takes. */
function toUnicode(cmap: string): { bytes: number; map: Map<number, string> } {
  const map = new Map<number, string>();
  const utf16 = (hex: string) => Buffer.from(hex, 'hex').swap16().toString('utf16le');
  const space = /begincodespacerange\s*<([0-9a-fA-F]+)>/.exec(cmap);
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const [, src, dst] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(src!, 16), utf16(dst!));
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, dst] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]+>|\[[^\]]*\])/g)) {
      const from = parseInt(lo!, 16);
      const to = parseInt(hi!, 16);
      if (dst!.startsWith('[')) [...dst!.matchAll(/<([0-9a-fA-F]+)>/g)].forEach((d, i) => map.set(from + i, utf16(d[1]!)));
      else {
        const base = Buffer.from(dst!.slice(1, -1), 'hex');
        for (let code = from; code <= to; code++) {
          const value = Buffer.from(base);
          value.writeUInt16BE(value.readUInt16BE(value.length - 2) + (code - from), value.length - 2);
          map.set(code, value.swap16().toString('utf16le'));
        }
      }
    }
  }
  return { bytes: space ? space[1]!.length / 2 : 2, map };
}

function decodeString(token: string, font: { bytes: number; map: Map<number, string> } | undefined): string {
  let bytes: Buffer;
  if (token.startsWith('<')) bytes = Buffer.from(token.slice(1, -1).replace(/\s/g, ''), 'hex');
  else {
    const inner = token
      .slice(1, -1)
      .replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_m, e: string) =>
        /^[0-7]/.test(e) ? String.fromCharCode(parseInt(e, 8)) : ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' }[e] ?? e),
      );
    bytes = Buffer.from(inner, 'latin1');
  }
  if (!font) return bytes.toString('latin1');
  let out = '';
  for (let i = 0; i + font.bytes <= bytes.length; i += font.bytes) {
    const code = font.bytes === 2 ? bytes.readUInt16BE(i) : bytes[i]!;
    out += font.map.get(code) ?? '';
  }
  return out;
}

export function readPdf(pdf: Buffer): PdfContents {
  const all = objects(pdf);
  const fonts: PdfContents['fonts'] = [];
  const fontMaps = new Map<number, { bytes: number; map: Map<number, string> }>();
  let images = 0;
  for (const [id, o] of all) {
    if (/\/Subtype\s*\/Image/.test(o.dict) && !/\/SMask\b/.test(o.dict.split('/Subtype')[0] ?? '')) images++;
    if (/\/Type\s*\/Font\b/.test(o.dict) && /\/ToUnicode/.test(o.dict)) {
      const ref = /\/ToUnicode\s+(\d+) 0 R/.exec(o.dict);
      const cmap = ref ? all.get(Number(ref[1])) : undefined;
      if (cmap?.stream) fontMaps.set(id, toUnicode(cmap.stream.toString('latin1')));
    }
    if (/\/Type\s*\/FontDescriptor/.test(o.dict))
      fonts.push({ name: /\/FontName\s*\/([^\s/]+)/.exec(o.dict)?.[1] ?? '?', embedded: /\/FontFile[23]?\b/.test(o.dict) });
  }
  const pages: string[] = [];
  for (const o of all.values()) {
    if (!/\/Type\s*\/Page\b(?!s)/.test(o.dict)) continue;
    const resources = entry(o.dict, 'Resources', all) ?? '';
    const fontDict = entry(resources, 'Font', all) ?? '';
    const byName = new Map([...fontDict.matchAll(/\/([\w.+-]+)\s+(\d+) 0 R/g)].map((f) => [f[1]!, Number(f[2])]));
    const contents = /\/Contents\s*\[([^\]]*)\]/.exec(o.dict)?.[1] ?? /\/Contents\s*(\d+ 0 R)/.exec(o.dict)?.[1] ?? '';
    let text = '';
    for (const ref of refs(contents)) {
      const stream = all.get(ref)?.stream?.toString('latin1') ?? '';
      let font: { bytes: number; map: Map<number, string> } | undefined;
      const tokens = stream.matchAll(
        /\/([\w.+-]+)\s+[\d.]+\s+Tf|(<[0-9a-fA-F\s]*>|\((?:\\.|[^\\)])*\))\s*(?:Tj|'|")|\[((?:<[0-9a-fA-F\s]*>|\((?:\\.|[^\\)])*\)|[-\d.\s])*)\]\s*TJ|\b(ET|T\*|Td|TD)\b/g,
      );
      for (const t of tokens) {
        if (t[1]) font = fontMaps.get(byName.get(t[1]) ?? -1);
        else if (t[2]) text += decodeString(t[2], font);
        else if (t[3] !== undefined) for (const s of t[3].matchAll(/<[0-9a-fA-F\s]*>|\((?:\\.|[^\\)])*\)/g)) text += decodeString(s[0], font);
        else if (t[4]) text += t[4] === 'ET' ? '\n' : ' ';
      }
    }
    pages.push(text);
  }
  return { pages, text: pages.join('\n'), images, fonts };
}
