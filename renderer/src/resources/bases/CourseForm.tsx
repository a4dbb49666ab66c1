import { useEffect } from 'react';
import { Stack } from '@mui/material';
import { call, type Output } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { FormDialog } from '../../components/FormDialog.tsx';
import { useHeldRecord } from '../../components/useHeldRecord.ts';
import { SelectInput, TextInput } from '../../components/fields.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { useI18n } from '../../i18n/index.tsx';
import { courseFields, type CourseInput } from '../../../../core/schemas/bases.ts';
import { CertificateLevel } from '../../../../domain/index.ts';

type Course = Output<'bases.get'>['courses'][number];

const emptyCourse = (baseId: number): CourseInput => ({
  baseId,
  code: '',
  title: '',
  categoryId: undefined as unknown as number,
  creditHours: undefined as unknown as number,
  targetCertificateLevel: null,
  targetSupervisorLevelId: null,
  defaultCapacity: null,
  syllabus: '',
  status: 'active',
});

export function CourseForm({
  open,
  baseId,
  course: latest,
  onClose,
  onSaved,
}: {
  open: boolean;
  baseId: number;
  course: Course | null;
  onClose(): void;
  onSaved(): void;
}) {
  const record = useHeldRecord(open, latest); // another user's save shows a banner, not new values under the user's hands
  const course = record.held;
  const { t, label } = useI18n();
  const { data: lists } = useCall('bases.lists', {});
  const { data: levels } = useCall('supervisors.levels', {});
  const { form, setFormError, submitWith, dialog, loadVersion, version } = useApiForm(courseFields, emptyCourse(baseId));
  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.reset(course ? { ...course, baseId, syllabus: course.syllabus ?? '' } : emptyCourse(baseId));
    loadVersion(course?.version);
  }, [open, course, baseId, form, setFormError, loadVersion]);
  const onSubmit = submitWith(async ({ baseId: _baseId, ...values }) => {
    if (course) await call('courses.update', { ...values, id: course.id, version: version() });
    else await call('courses.create', { ...values, baseId });
    onSaved();
  });
  return (
    <FormDialog
      changedElsewhere={record}
      open={open}
      title={course ? t('course.edit') : t('course.create')}
      onClose={onClose}
      onSubmit={onSubmit}
      {...dialog}
      maxWidth="md"
    >
      <Stack direction="row" spacing={2}>
        <TextInput control={form.control} name="code" label={t('course.code')} required autoFocus />
        <TextInput control={form.control} name="title" label={t('course.title')} required />
      </Stack>
      <Stack direction="row" spacing={2}>
        <SelectInput
          control={form.control}
          name="categoryId"
          label={t('course.category')}
          required
          options={(lists?.courseCategories ?? []).map((c) => ({ value: c.id, label: c.name }))}
        />
        <TextInput control={form.control} name="creditHours" label={t('course.creditHours')} required numeric />
        <TextInput control={form.control} name="defaultCapacity" label={t('course.defaultCapacity')} numeric />
      </Stack>
      <Stack direction="row" spacing={2}>
        <SelectInput
          control={form.control}
          name="targetCertificateLevel"
          label={t('course.targetCertificate')}
          emptyLabel={t('course.any')}
          options={CertificateLevel.values.map((v) => ({ value: v, label: label('certLevel', v) }))}
        />
        <SelectInput
          control={form.control}
          name="targetSupervisorLevelId"
          label={t('course.targetSupervisor')}
          emptyLabel={t('course.any')}
          options={(levels ?? []).map((l) => ({ value: l.id, label: l.name }))}
        />
        <SelectInput
          control={form.control}
          name="status"
          label={t('course.status')}
          required
          options={(['active', 'retired'] as const).map((v) => ({ value: v, label: label('courseStatus', v) }))}
        />
      </Stack>
      <TextInput control={form.control} name="syllabus" label={t('course.syllabus')} multiline minRows={3} />
    </FormDialog>
  );
}
