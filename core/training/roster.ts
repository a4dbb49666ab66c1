/**
 * A roster for bulk enrolment, pasted (one 身份证号 per line) or as an .xlsx with a 身份证号
 * column: every row is classified before anything is saved, so the coordinator sees unknown,
 * duplicate, invalid and conflicting rows first and enrols only the rest.
 */
import type { Context } from '../contract.ts';
import { AppError } from '../errors.ts';
import { idCardProblem, ID_CARD_MESSAGES, normalizeIdNumber } from '../idcard.ts';
import { readFirstSheet } from '../excel/workbook.ts';
import { FormulaWithoutResult } from '../excel/cell-values.ts';
import { matchHeaders } from '../excel/registry-columns.ts';
import { findEnrolment } from '../../db/repos/enrolments.ts';
import { peopleByIdNumbers } from '../../db/repos/people.ts';
import { timeHeldBy, type SessionRow } from '../../db/repos/sessions.ts';
import { heldTimeText } from './enrolment.ts';

export type RosterProblem = 'invalid' | 'unknown' | 'duplicate' | 'already' | 'conflict' | 'mentor';

export interface RosterRow {
  /** Line of the pasted text, or row of the worksheet. */
  row: number;
  idNumber: string;
  personId: number | null;
  name: string | null;
  problem: RosterProblem | null;
  message: string | null;
}

const MAX_ROWS = 5000;

async function rawIdNumbers(input: { text?: string | undefined; file?: Buffer | undefined }): Promise<{ row: number; value: string }[]> {
  if (input.file) {
    // The registry's header rules: 身份证号 and its aliases (身份证, 证件号码…), so any roster exported
    // from the registry or kept by hand works, also with a title above its header row.
    const idColumn = (headers: string[]) => [...matchHeaders(headers)].find(([, c]) => c.field === 'idNumber')?.[0] ?? -1;
    const { headers, rows } = await readFirstSheet(input.file, { isHeader: (cells) => idColumn(cells) >= 0 });
    const column = idColumn(headers);
    if (column < 0) throw new AppError('VALIDATION', '名单的表头（前 10 行内）没有“身份证号”列：请在表头写明“身份证号”', 'file');
    // A formula saved without its result shows as its formula, so the row is refused as not a 身份证号.
    return rows.map((r) => {
      const cell = r.values[column];
      return { row: r.rowNumber, value: cell instanceof FormulaWithoutResult ? `=${cell.formula}` : String(cell ?? '') };
    });
  }
  return (input.text ?? '')
    .split(/\r?\n/)
    .flatMap((line, i) => line.split(/[,，;；\s]+/).map((value) => ({ row: i + 1, value })))
    .filter((r) => r.value.trim() !== '');
}

export async function readRoster(ctx: Context, session: SessionRow, input: { text?: string | undefined; file?: Buffer | undefined }): Promise<RosterRow[]> {
  const raw = await rawIdNumbers(input);
  if (raw.length === 0) throw new AppError('VALIDATION', '名单中没有身份证号', input.file ? 'file' : 'text');
  if (raw.length > MAX_ROWS) throw new AppError('VALIDATION', `名单有 ${raw.length} 行，一次最多 ${MAX_ROWS} 行：请分批报名`, input.file ? 'file' : 'text');
  const normalized = raw.map((r) => ({ row: r.row, idNumber: normalizeIdNumber(r.value) }));
  const people = new Map(
    peopleByIdNumbers(
      ctx.db,
      normalized.map((r) => r.idNumber),
    ).map((p) => [p.idNumber, p]),
  );
  const seen = new Map<string, number>();
  const today = ctx.clock.today();
  return normalized.map(({ row, idNumber }): RosterRow => {
    const problem = idCardProblem(idNumber, today);
    if (problem) return { row, idNumber, personId: null, name: null, problem: 'invalid', message: ID_CARD_MESSAGES[problem] };
    const person = people.get(idNumber);
    if (!person) return { row, idNumber, personId: null, name: null, problem: 'unknown', message: '人员库中没有此身份证号：请先在「人员」中登记' };
    const base = { row, idNumber, personId: person.id, name: person.name };
    const firstRow = seen.get(idNumber);
    if (firstRow !== undefined) return { ...base, problem: 'duplicate', message: `与第 ${firstRow} 行重复` };
    seen.set(idNumber, row);
    const existing = findEnrolment(ctx.db, session.id, person.id);
    if (existing && existing.status !== 'withdrawn')
      return { ...base, problem: 'already', message: existing.status === 'waitlisted' ? '已在候补名单中' : '已报名该班期' };
    if (session.mentors.some((m) => m.personId === person.id)) return { ...base, problem: 'mentor', message: '是该班期的导师' };
    const clash = timeHeldBy(ctx.db, [person.id], { startsAt: session.startsAt, endsAt: session.endsAt, excludeId: session.id });
    if (clash) return { ...base, problem: 'conflict', message: heldTimeText(clash).replace(/^在/, '') };
    return { ...base, problem: null, message: null };
  });
}
