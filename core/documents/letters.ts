/**
 * 督导聘书 and 再审核结果通知 of a supervisor, worded by the current template (templates.ts) and
 * filled from the appointment as it stands after its latest event, and from the latest decided
 * re-review (of a given cycle, for a cycle's batch).
 */
import type { Db } from '../../db/engine/types.ts';
import { appointmentFacts, latestReviewOutcome, type AppointmentFacts } from '../../db/repos/documents.ts';
import { fillTemplate } from '../../domain/document-template.ts';
import { RecertOutcome } from '../../domain/index.ts';
import { maskIdNumber } from '../pii.ts';
import { AppError } from '../errors.ts';
import { currentTemplates, type DocumentTemplates } from './templates.ts';
import { statementOf, type Statement } from './statement.ts';

export interface LetterDraft {
  kind: 'appointment_letter' | 'recert_notice';
  personId: number;
  supervisorId: number;
  person: { name: string; maskedIdNumber: string };
  full: { name: string; idNumber: string };
  title: string;
  paragraphs: string[];
  issuer: string;
  templateVersion: number;
  levelName: string;
  appointedOn: string;
  validUntil: string;
  /** Of a notice: the cycle's year and the decision. */
  year: number | null;
  decision: string | null;
}

function facts(db: Db, supervisorId: number): AppointmentFacts {
  const f = appointmentFacts(db, supervisorId);
  if (!f) throw new AppError('NOT_FOUND', '督导记录不存在', 'supervisorId');
  return f;
}

const words = (text: string, values: Record<string, string>) =>
  fillTemplate(text, values)
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);

function draftOf(
  kind: LetterDraft['kind'],
  f: AppointmentFacts,
  template: DocumentTemplates['appointment'],
  version: number,
  values: Record<string, string>,
  notice?: { year: number; decision: string },
): LetterDraft {
  return {
    kind,
    personId: f.personId,
    supervisorId: f.supervisorId,
    person: { name: f.name, maskedIdNumber: maskIdNumber(f.idNumber) },
    full: { name: f.name, idNumber: f.idNumber },
    title: fillTemplate(template.title, values),
    paragraphs: words(template.body, values),
    issuer: template.issuer,
    templateVersion: version,
    levelName: f.levelName,
    appointedOn: f.appointedOn,
    validUntil: f.validUntil,
    year: notice?.year ?? null,
    decision: notice?.decision ?? null,
  };
}

const commonValues = (f: AppointmentFacts, issuedOn: string) => ({
  姓名: f.name,
  身份证号: maskIdNumber(f.idNumber),
  等级: f.levelName,
  镇区: f.regionName,
  聘任日期: f.appointedOn,
  有效期至: f.validUntil,
  发文日期: issuedOn,
});

/** 聘书 wording; {编号} is filled when the letter is issued (the serial is known then). */
export function appointmentDraft(db: Db, supervisorId: number, issuedOn: string, serial = '{编号}'): LetterDraft {
  const f = facts(db, supervisorId);
  if (f.status !== 'active') throw new AppError('VALIDATION', `${f.name}的督导聘任当前不在册，不能打印聘书`, 'supervisorId');
  const t = currentTemplates(db);
  return draftOf('appointment_letter', f, t.body.appointment, t.version, { ...commonValues(f, issuedOn), 编号: serial });
}

export function appointmentStatement(d: LetterDraft, serial: string, issuedOn: string): Statement {
  return statementOf({
    kind: 'appointment',
    serial,
    name: d.full.name,
    idNumber: d.full.idNumber,
    level: d.levelName,
    appointedOn: d.appointedOn,
    validUntil: d.validUntil,
    issuedOn,
  });
}

export function recertNoticeDraft(db: Db, supervisorId: number, issuedOn: string, cycleId?: number): LetterDraft {
  const f = facts(db, supervisorId);
  const review = latestReviewOutcome(db, supervisorId, cycleId);
  if (!review) throw new AppError('VALIDATION', `${f.name}尚无已决定的年度再审核结论`, 'supervisorId');
  const t = currentTemplates(db);
  const decision = RecertOutcome.label(review.decision);
  return draftOf(
    'recert_notice',
    f,
    t.body.recertNotice,
    t.version,
    {
      ...commonValues(f, issuedOn),
      年度: String(review.year),
      结论: decision,
      说明: review.decisionReason ? `说明：${review.decisionReason}。` : '',
      整改期限: review.conditionDeadline ? `请于 ${review.conditionDeadline} 前完成整改。` : '',
    },
    { year: review.year, decision },
  );
}
