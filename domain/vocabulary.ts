/**
 * The words the rules speak, each defined once (see enum.ts). db's column types, core's schemas
 * and rules, the Excel labels and the renderer's i18n all take them from here.
 */
import { defineEnum, type ValueOf } from './enum.ts';

export const SessionStatus = defineEnum([
  { value: 'planned', zh: '筹备中', en: 'Planned' },
  { value: 'open', zh: '报名中', en: 'Open' },
  { value: 'closed', zh: '报名截止', en: 'Closed' },
  { value: 'completed', zh: '已结课', en: 'Completed' },
  { value: 'cancelled', zh: '已取消', en: 'Cancelled' },
]);
export type SessionStatus = ValueOf<typeof SessionStatus>;

export const EnrolmentStatus = defineEnum([
  { value: 'enrolled', zh: '已报名', en: 'Enrolled' },
  { value: 'waitlisted', zh: '候补', en: 'Waitlisted' },
  { value: 'withdrawn', zh: '已退出', en: 'Withdrawn' },
  { value: 'completed', zh: '已结业', en: 'Completed' },
  { value: 'no_show', zh: '缺席', en: 'No-show' },
  { value: 'excused', zh: '请假', en: 'Excused' },
  /** Still on the waitlist when attendance was completed: the session is over, the place never came (migration 0024). */
  { value: 'not_admitted', zh: '未获名额', en: 'Not admitted' },
]);
export type EnrolmentStatus = ValueOf<typeof EnrolmentStatus>;

/** Enrolments that take a seat: the enrolled, and after attendance everyone who had a seat. */
export const SEAT_TAKING: readonly EnrolmentStatus[] = ['enrolled', 'completed', 'no_show', 'excused'];

export const Attendance = defineEnum([
  { value: 'full', zh: '全勤', en: 'Present' },
  { value: 'partial', zh: '部分出勤', en: 'Partly present' },
  { value: 'absent', zh: '缺席', en: 'Absent' },
  { value: 'excused', zh: '请假', en: 'Excused' },
]);
export type Attendance = ValueOf<typeof Attendance>;

export const TrainingRecordKind = defineEnum([
  { value: 'session', zh: '班期', en: 'Session' },
  { value: 'correction', zh: '考勤更正', en: 'Correction' },
  { value: 'external', zh: '外部培训', en: 'External' },
]);
export type TrainingRecordKind = ValueOf<typeof TrainingRecordKind>;

export const SupervisorStatus = defineEnum([
  { value: 'active', zh: '在册', en: 'Active' },
  { value: 'suspended', zh: '暂停', en: 'Suspended' },
  { value: 'expired', zh: '过期', en: 'Expired' },
  { value: 'revoked', zh: '注销', en: 'Revoked' },
]);
export type SupervisorStatus = ValueOf<typeof SupervisorStatus>;

/** Sex as the 身份证号 encodes it (person.sex). */
export const Sex = defineEnum([
  { value: 'M', zh: '男', en: 'Male' },
  { value: 'F', zh: '女', en: 'Female' },
]);
export type Sex = ValueOf<typeof Sex>;

/** 职业水平证书 levels, lowest first (the order is the ranking the entry conditions compare). */
export const CertificateLevel = defineEnum([
  { value: 'worker', zh: '社会工作员', en: 'Social Work Aide' },
  { value: 'assistant', zh: '助理社会工作师', en: 'Assistant Social Worker' },
  { value: 'social_worker', zh: '社会工作师', en: 'Social Worker' },
  { value: 'senior', zh: '高级社会工作师', en: 'Senior Social Worker' },
]);
export type CertificateLevel = ValueOf<typeof CertificateLevel>;

export const Education = defineEnum([
  { value: 'secondary', zh: '高中、中专及以下', en: 'Secondary or below' },
  { value: 'vocational', zh: '高职', en: 'Vocational college' },
  { value: 'associate', zh: '大专', en: 'Associate degree' },
  { value: 'bachelor', zh: '本科', en: 'Bachelor' },
  { value: 'master', zh: '硕士研究生', en: 'Master' },
  { value: 'doctorate', zh: '博士研究生', en: 'Doctorate' },
]);
export type Education = ValueOf<typeof Education>;

export const OrganizationKind = defineEnum([
  { value: 'social_work_agency', zh: '社工服务机构', en: 'Social work agency' },
  { value: 'public_institution', zh: '事业单位', en: 'Public institution' },
  { value: 'community', zh: '社区', en: 'Community' },
  { value: 'mass_organization', zh: '群团组织', en: 'Mass organization' },
  { value: 'other', zh: '其他', en: 'Other' },
]);
export type OrganizationKind = ValueOf<typeof OrganizationKind>;

export const RegionLevel = defineEnum([
  { value: 'city', zh: '市', en: 'City' },
  { value: 'district', zh: '区县', en: 'District' },
  { value: 'town', zh: '镇区·街道', en: 'Town / street' },
]);
export type RegionLevel = ValueOf<typeof RegionLevel>;

export const BaseGrade = defineEnum([
  { value: 'demonstration', zh: '示范基地', en: 'Model base' },
  { value: 'ordinary', zh: '普通基地', en: 'Ordinary base' },
]);
export type BaseGrade = ValueOf<typeof BaseGrade>;

export const AccreditationStatus = defineEnum([
  { value: 'accredited', zh: '已认定', en: 'Accredited' },
  { value: 'provisional', zh: '试运行', en: 'Provisional' },
  { value: 'suspended', zh: '暂停', en: 'Suspended' },
  { value: 'revoked', zh: '撤销', en: 'Revoked' },
]);
export type AccreditationStatus = ValueOf<typeof AccreditationStatus>;

export const MentorStatus = defineEnum([
  { value: 'active', zh: '在库', en: 'Active' },
  { value: 'inactive', zh: '停用', en: 'Inactive' },
]);
export type MentorStatus = ValueOf<typeof MentorStatus>;

export const CourseStatus = defineEnum([
  { value: 'active', zh: '开设中', en: 'Offered' },
  { value: 'retired', zh: '已停开', en: 'Retired' },
]);
export type CourseStatus = ValueOf<typeof CourseStatus>;

/** A re-review's proposal and decision (资质再审核). */
export const RecertOutcome = defineEnum([
  { value: 'pass', zh: '通过', en: 'Pass' },
  { value: 'conditional', zh: '有条件通过', en: 'Conditional pass' },
  { value: 'fail', zh: '不通过', en: 'Fail' },
]);
export type RecertOutcome = ValueOf<typeof RecertOutcome>;

export const RecertCycleStatus = defineEnum([
  { value: 'draft', zh: '草稿', en: 'Draft' },
  { value: 'open', zh: '审核中', en: 'Open' },
  { value: 'closed', zh: '已结束', en: 'Closed' },
]);
export type RecertCycleStatus = ValueOf<typeof RecertCycleStatus>;

export const EvaluationGrade = defineEnum([
  { value: 'excellent', zh: '优秀', en: 'Excellent' },
  { value: 'good', zh: '良好', en: 'Good' },
  { value: 'pass', zh: '合格', en: 'Pass' },
  { value: 'fail', zh: '不合格', en: 'Fail' },
]);
export type EvaluationGrade = ValueOf<typeof EvaluationGrade>;

export const EvaluationStatus = defineEnum([
  { value: 'draft', zh: '自评中', en: 'Self-assessing' },
  { value: 'submitted', zh: '待评审', en: 'Awaiting review' },
  { value: 'reviewed', zh: '已评审', en: 'Reviewed' },
]);
export type EvaluationStatus = ValueOf<typeof EvaluationStatus>;

/** How a supervisor supervises a 督导对象 (supervision_relationship.form, supervision_record.form; issue 22). */
export const SupervisionForm = defineEnum([
  { value: 'individual', zh: '个别督导', en: 'Individual' },
  { value: 'group', zh: '团体督导', en: 'Group' },
  { value: 'organizational', zh: '机构督导', en: 'Organizational' },
]);
export type SupervisionForm = ValueOf<typeof SupervisionForm>;

/** What an audit-log row records (audit_log.action). */
export const AuditAction = defineEnum([
  { value: 'insert', zh: '新增', en: 'Added' },
  { value: 'update', zh: '修改', en: 'Changed' },
  { value: 'delete', zh: '删除', en: 'Deleted' },
]);
export type AuditAction = ValueOf<typeof AuditAction>;
