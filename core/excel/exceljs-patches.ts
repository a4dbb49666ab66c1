/**
 * Two things ExcelJS 4.4's writer cannot say, added to its own classes (loaded once, by workbook.ts):
 *
 * - Text cells written without shared strings (the streaming writer's way, in constant memory) come
 *   out as `t="str"`, the type of a formula's cached result, with control characters dropped. Here
 *   they are inline strings (`t="inlineStr"`, `<is><t>…</t></is>`), with what XML cannot carry (control
 *   characters, a carriage return) and a literal `_xHHHH_` escaped the way Excel does, so every
 *   reader gets the exact text back.
 * - A style's `quotePrefix` (Excel's "this text is not a formula": typing over it or saving as CSV
 *   keeps the leading = + - @ as text) is dropped by its styles writer; here it is written as the
 *   cell format's `quotePrefix="1"`.
 *
 * These reach into ExcelJS internals: tests/integration/excel-export-format.test.ts unzips the output
 * and fails if an ExcelJS upgrade changes them.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface XmlStream {
  openNode(name: string, attributes?: Record<string, unknown>): void;
  addAttribute(name: string, value: unknown): void;
  closeNode(): void;
}
interface CellModel {
  type: number;
  address: string;
  styleId?: number;
  ssId?: number;
  value: unknown;
}
type Render<M> = (this: { textXform?: unknown }, xmlStream: XmlStream, model: M) => void;

const CellXform = require('exceljs/lib/xlsx/xform/sheet/cell-xform.js') as { prototype: { render: Render<CellModel> } };
const TextXform = require('exceljs/lib/xlsx/xform/strings/text-xform.js') as new () => { render(xmlStream: XmlStream, text: string): void };
const StyleXform = require('exceljs/lib/xlsx/xform/style/style-xform.js') as { prototype: { render: Render<{ quotePrefix?: boolean }> } };
const StylesXform = require('exceljs/lib/xlsx/xform/style/styles-xform.js') as {
  prototype: { addStyleModel(model: unknown, cellType: unknown): number; _addStyle(style: object): number; quotePrefixNext?: boolean };
};
const { ValueType } = require('exceljs/lib/doc/enums.js') as { ValueType: { String: number } };

/** Excel's escape for characters XML 1.0 cannot hold (and for text that looks like such an escape). */
export function escapeOoxmlText(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- control characters are exactly what this escapes
    /_(?=x[0-9A-Fa-f]{4}_)|[\u0000-\u0008\u000b-\u001f\u007f\ufffe\uffff]/g,
    (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`,
  );
}

const PATCHED = Symbol.for('sw-supervision.exceljs-patches');
const registry = globalThis as { [PATCHED]?: boolean };

if (!registry[PATCHED]) {
  registry[PATCHED] = true;

  const text = new TextXform();
  const renderCell = CellXform.prototype.render;
  CellXform.prototype.render = function (xmlStream, model) {
    if (model.type !== ValueType.String || model.ssId !== undefined || typeof model.value !== 'string') return renderCell.call(this, xmlStream, model);
    xmlStream.openNode('c');
    xmlStream.addAttribute('r', model.address);
    if (model.styleId) xmlStream.addAttribute('s', model.styleId);
    xmlStream.addAttribute('t', 'inlineStr');
    xmlStream.openNode('is');
    text.render(xmlStream, escapeOoxmlText(model.value));
    xmlStream.closeNode();
    xmlStream.closeNode();
  };

  // The styles writer builds each format from a few known fields: carry quotePrefix past it.
  const addStyleModel = StylesXform.prototype.addStyleModel;
  StylesXform.prototype.addStyleModel = function (model, cellType) {
    this.quotePrefixNext = !!(model as { quotePrefix?: boolean } | undefined)?.quotePrefix;
    try {
      return addStyleModel.call(this, model, cellType);
    } finally {
      this.quotePrefixNext = false;
    }
  };
  const addStyle = StylesXform.prototype._addStyle;
  StylesXform.prototype._addStyle = function (style) {
    return addStyle.call(this, this.quotePrefixNext ? { ...style, quotePrefix: true } : style);
  };
  const renderStyle = StyleXform.prototype.render;
  StyleXform.prototype.render = function (xmlStream, model) {
    if (!model.quotePrefix) return renderStyle.call(this, xmlStream, model);
    // Attributes go right after <xf> opens (before its children close the tag); the stream's own openNode is back afterwards.
    const openNode = xmlStream.openNode;
    xmlStream.openNode = function (name, attributes) {
      openNode.call(this, name, attributes);
      if (name === 'xf') this.addAttribute('quotePrefix', '1');
    };
    try {
      renderStyle.call(this, xmlStream, model);
    } finally {
      delete (xmlStream as Partial<XmlStream>).openNode;
    }
  };
}
