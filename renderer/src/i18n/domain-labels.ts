/**
 * The labels of the vocabularies domain/ defines, for both languages: the key `certLevel.worker`
 * reads CertificateLevel's label, so zh/ and en/ never repeat them and cannot drift from the
 * Excel labels core takes from the same definition.
 */
import {
  AccreditationStatus,
  Attendance,
  AuditAction,
  BaseGrade,
  CertificateLevel,
  CourseStatus,
  Education,
  EnrolmentStatus,
  EvaluationGrade,
  EvaluationStatus,
  MentorStatus,
  OrganizationKind,
  RecertCycleStatus,
  RecertOutcome,
  RegionLevel,
  Role,
  SessionStatus,
  Sex,
  SupervisionForm,
  SupervisorStatus,
  type DomainEnum,
  type ValueOf,
} from '../../../domain/index.ts';

/** i18n group → the vocabulary whose labels it shows (group names as the renderer's `label(group, value)` uses them). */
export const DOMAIN_GROUPS = {
  regionLevel: RegionLevel,
  orgKind: OrganizationKind,
  sex: Sex,
  education: Education,
  certLevel: CertificateLevel,
  supervisorStatus: SupervisorStatus,
  role: Role,
  auditAction: AuditAction,
  baseGrade: BaseGrade,
  accreditation: AccreditationStatus,
  mentorStatus: MentorStatus,
  courseStatus: CourseStatus,
  sessionStatus: SessionStatus,
  enrolStatus: EnrolmentStatus,
  attendanceKind: Attendance,
  outcome: RecertOutcome,
  cycleStatus: RecertCycleStatus,
  evaluationStatus: EvaluationStatus,
  evaluationGrade: EvaluationGrade,
  supervisionForm: SupervisionForm,
} as const;

type Groups = typeof DOMAIN_GROUPS;
export type DomainLabelKey = { [G in keyof Groups]: `${G}.${ValueOf<Groups[G]>}` }[keyof Groups];

export function domainLabels(language: 'zh' | 'en'): Record<DomainLabelKey, string> {
  const labels: Record<string, string> = {};
  for (const [group, vocabulary] of Object.entries(DOMAIN_GROUPS) as [string, DomainEnum<string>][]) {
    for (const value of vocabulary.values) labels[`${group}.${value}`] = vocabulary[language][value]!;
  }
  return labels as Record<DomainLabelKey, string>;
}
