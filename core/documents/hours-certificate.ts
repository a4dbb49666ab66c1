/**
 * 学时证明: a person's counted training hours over a span (the rolling window, the current
 * registration period, or given dates), judged by the very functions 学时达标 uses
 * (personCompliance → core/compliance/person.ts), so the certificate and the screen never differ:
 * a row is listed when 学时达标 counts it, and in that span.
 */
import type { Db } from '../../db/engine/types.ts';
import { personCompliance } from '../services/compliance.ts';
import { currentRuleContext, type RuleContext } from '../compliance/rule-context.ts';
import { ledgerByPerson } from '../../db/repos/training-facts.ts';
import { ledgerSources, personHeader } from '../../db/repos/documents.ts';
import { maskIdNumber } from '../pii.ts';
import { AppError } from '../errors.ts';
import { statementOf, type Statement } from './statement.ts';

export type HoursSpan = { kind: 'window' } | { kind: 'period' } | { kind: 'range'; from: string; to: string };

export interface HoursCertificateDraft {
  kind: 'hours_certificate';
  personId: number;
  person: { name: string; maskedIdNumber: string; organizationName: string | null };
  /** Full values for the statement (masked there); never leave core. */
  full: { name: string; idNumber: string };
  span: { kind: HoursSpan['kind']; label: string; from: string; to: string };
  rows: { date: string; source: string; category: string; hours: number }[];
  totals: { categoryId: number; category: string; hours: number }[];
  total: number;
  /** When a requirement applies to the span: the hours required (the window's or the period's). */
  required: number | null;
  ruleVersion: number;
  asOf: string;
}

const round = (n: number) => Math.round(n * 100) / 100;

export function hoursCertificateDraft(
  db: Db,
  personId: number,
  span: HoursSpan,
  asOf: string,
  rc: RuleContext = currentRuleContext(db),
): HoursCertificateDraft {
  const person = personHeader(db, personId);
  if (!person) throw new AppError('NOT_FOUND', '人员不存在', 'personId');
  const compliance = personCompliance(db, rc, personId, asOf);
  let from: string, to: string, label: string, required: number | null;
  if (span.kind === 'window') {
    ({ start: from, end: to, required } = compliance.window);
    label = `近 ${rc.rules.windowYears} 年滚动期`;
  } else if (span.kind === 'period') {
    if (!compliance.current) throw new AppError('VALIDATION', `${person.name}没有职业水平证书，没有登记期：请选择滚动期或起止日期`, 'span');
    ({ start: from, end: to, required } = compliance.current);
    label = '当前登记期';
  } else {
    if (span.from > span.to) throw new AppError('VALIDATION', '起始日期晚于截止日期', 'span.from');
    ({ from, to } = span);
    required = null;
    label = '指定期间';
  }
  const records = new Map((ledgerByPerson(db, [personId]).get(personId) ?? []).map((r) => [r.id, r]));
  const sources = ledgerSources(db, personId);
  const periodText = span.kind === 'period' ? `${from} 至 ${to}` : null;
  const counted = compliance.attributions.filter((a) => {
    if (!a.counted) return false;
    if (span.kind === 'window') return a.inWindow;
    if (span.kind === 'period') return a.period === periodText;
    const on = records.get(a.recordId)!.earnedOn;
    return from <= on && on <= to;
  });
  const byCategory = new Map<number, number>();
  const rows = counted
    .map((a) => {
      const r = records.get(a.recordId)!;
      byCategory.set(r.categoryId, (byCategory.get(r.categoryId) ?? 0) + r.hours);
      return {
        date: r.earnedOn,
        source: sources.get(r.id)?.source || (r.kind === 'correction' ? '考勤更正' : ''),
        category: rc.categoryName(r.categoryId),
        hours: r.hours,
      };
    })
    .sort((a, b) => a.date.localeCompare(b.date));
  const totals = [...byCategory]
    .sort((a, b) => a[0] - b[0])
    .map(([categoryId, hours]) => ({ categoryId, category: rc.categoryName(categoryId), hours: round(hours) }));
  return {
    kind: 'hours_certificate',
    personId,
    person: { name: person.name, maskedIdNumber: maskIdNumber(person.idNumber), organizationName: person.organizationName },
    full: { name: person.name, idNumber: person.idNumber },
    span: { kind: span.kind, label, from, to },
    rows,
    totals,
    total: round(totals.reduce((sum, t) => sum + t.hours, 0)),
    required,
    ruleVersion: rc.version,
    asOf,
  };
}

export function hoursStatement(draft: HoursCertificateDraft, serial: string, issuedOn: string): Statement {
  return statementOf({
    kind: 'hours',
    serial,
    name: draft.full.name,
    idNumber: draft.full.idNumber,
    from: draft.span.from,
    to: draft.span.to,
    totals: draft.totals.map((t) => [t.categoryId, t.hours]),
    total: draft.total,
    ruleVersion: draft.ruleVersion,
    issuedOn,
  });
}
