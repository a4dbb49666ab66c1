import { useEffect, useState } from 'react';
import { Alert, Button, FormControlLabel, Stack, Switch, TextField } from '@mui/material';
import EventAvailableIcon from '@mui/icons-material/EventAvailable';
import { z } from 'zod';
import { call, type Output } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { FormDialog } from '../../components/FormDialog.tsx';
import { useHeldRecord } from '../../components/useHeldRecord.ts';
import { CheckboxInput, DateTimeInput, MultiComboInput, SelectInput, TextInput } from '../../components/fields.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { useI18n } from '../../i18n/index.tsx';
import { BasePicker, type BaseChoice } from '../bases/BasePicker.tsx';
import { EDITABLE_SESSION_STATUSES, sessionFields } from '../../../../core/schemas/sessions.ts';
import { id } from '../../../../core/schemas/common.ts';
import { formatTimeRange } from '../../../../core/dates.ts';
import { SlotFinder, type SlotFinderStart } from './SlotFinder.tsx';
import { SeriesPanel, weeklyOccurrences, type Occurrence } from './SeriesPanel.tsx';

export type Session = Output<'sessions.get'>['session'];

/** What a calendar selection fills in before the form opens. */
export interface SessionDraft {
  base: BaseChoice | null;
  startsAt: string;
  endsAt: string;
  /** A slot chosen in 查找空闲时段 on the calendar: its course, room, mentor and capacity. */
  fill?: { courseId: number; roomId: number; leadMentorIds: number[]; capacity: number } | undefined;
}

const formSchema = sessionFields.extend({ baseId: id('基地') });
type FormValues = z.input<typeof formSchema>;

const blank = (draft: SessionDraft | null): FormValues => ({
  baseId: draft?.base?.id as number,
  courseId: draft?.fill?.courseId ?? (undefined as unknown as number),
  roomId: draft?.fill?.roomId ?? null,
  startsAt: draft?.startsAt ?? '',
  endsAt: draft?.endsAt ?? '',
  capacity: draft?.fill?.capacity ?? (undefined as unknown as number),
  leadMentorIds: draft?.fill?.leadMentorIds ?? [],
  assistantMentorIds: [],
  unified: false,
  status: 'open',
  note: '',
});

const fromSession = (s: Session): FormValues => ({
  baseId: s.baseId,
  courseId: s.courseId,
  roomId: s.roomId,
  startsAt: s.startsAt,
  endsAt: s.endsAt,
  capacity: s.capacity,
  leadMentorIds: s.mentors.filter((m) => m.role === 'lead').map((m) => m.mentorId),
  assistantMentorIds: s.mentors.filter((m) => m.role === 'assistant').map((m) => m.mentorId),
  unified: s.unified,
  status: s.status === 'planned' || s.status === 'closed' ? s.status : 'open',
  note: s.note ?? '',
});

/**
 * Creates a session of one of a base's courses, or edits one. The rules (pool membership on the
 * day, capacity within the room, no double booking) are core's: a refusal lands on its field.
 */
export function SessionForm({
  open,
  session: latest,
  draft,
  onClose,
  onSaved,
}: {
  open: boolean;
  session: Session | null;
  draft: SessionDraft | null;
  onClose(): void;
  onSaved(id: number, promoted: string): void;
}) {
  const record = useHeldRecord(open, latest); // another user's save shows a banner, not new values under the user's hands
  const session = record.held;
  const { t, label } = useI18n();
  const { form, setFormError, submitWith, dialog, loadVersion, version } = useApiForm(formSchema, blank(draft));
  const [base, setBase] = useState<BaseChoice | null>(null);
  const { data: detail } = useCall('bases.get', { id: base?.id ?? 0 }, open && !!base);
  const [finding, setFinding] = useState<SlotFinderStart | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  // 重复: a weekly series of the first occurrence's time, checked and saved all at once.
  const [repeat, setRepeat] = useState(false);
  const [weeks, setWeeks] = useState('6');
  const [occurrences, setOccurrences] = useState<Occurrence[]>([]);
  const [checked, setChecked] = useState<Output<'sessions.checkSeries'> | null>(null);
  const [checking, setChecking] = useState(false);
  useEffect(() => {
    if (!open) return;
    setFormError(null);
    setChosen(null);
    setRepeat(false);
    setWeeks('6');
    setChecked(null);
    setBase(session ? { id: session.baseId, name: session.baseName } : (draft?.base ?? null));
    form.reset(session ? fromSession(session) : blank(draft));
    loadVersion(session?.version);
  }, [open, session, draft, form, setFormError, loadVersion]);

  const courses = (detail?.courses ?? []).filter((c) => c.status === 'active' || c.id === session?.courseId);
  const mentors = (detail?.mentors ?? []).filter((m) => m.status === 'active' || session?.mentors.some((s) => s.mentorId === m.id));
  const mentorOptions = mentors.map((m) => ({ value: m.id, label: m.personName }));

  const [firstStart, firstEnd] = [form.watch('startsAt'), form.watch('endsAt')];
  useEffect(() => {
    if (!repeat) return;
    setOccurrences(weeklyOccurrences(firstStart, firstEnd, Number(weeks)));
    setChecked(null);
  }, [repeat, firstStart, firstEnd, weeks]);

  const seriesFields = () => {
    const { baseId: _baseId, startsAt: _startsAt, endsAt: _endsAt, ...values } = form.getValues();
    return values;
  };
  const checkSeries = async (list: Occurrence[]) => {
    setChecking(true);
    setFormError(null);
    try {
      setChecked(await call('sessions.checkSeries', { ...seriesFields(), occurrences: list }));
    } catch (e) {
      setChecked(null);
      setFormError(e instanceof Error ? e.message : String(e));
    } finally {
      setChecking(false);
    }
  };

  const onSubmit = submitWith(async ({ baseId: _baseId, courseId, ...values }) => {
    if (!session && repeat) {
      const { startsAt: _startsAt, endsAt: _endsAt, ...fields } = values;
      const { ids } = await call('sessions.createSeries', { ...fields, courseId, occurrences });
      onSaved(ids[0]!, '');
      return;
    }
    if (session) {
      const result = await call('sessions.update', { ...values, id: session.id, version: version() });
      onSaved(session.id, result.promoted.map((p) => `「${p.name}」`).join('、'));
    } else {
      const created = await call('sessions.create', { ...values, courseId });
      onSaved(created.session.id, '');
    }
  });

  // A new session takes the course's default capacity until the user types their own.
  const courseId = form.watch('courseId');
  const defaultCapacity = courses.find((c) => c.id === courseId)?.defaultCapacity;
  useEffect(() => {
    if (!session && defaultCapacity && !form.getFieldState('capacity').isDirty) form.setValue('capacity', defaultCapacity);
  }, [session, defaultCapacity, form]);

  return (
    <FormDialog
      changedElsewhere={record}
      open={open}
      title={session ? t('session.edit') : t('session.create')}
      onClose={onClose}
      onSubmit={onSubmit}
      {...dialog}
      maxWidth="md"
      submitLabel={!session && repeat && occurrences.length ? t('series.save', { count: occurrences.length }) : undefined}
    >
      <Stack direction="row" spacing={2}>
        <BasePicker
          label={t('session.base')}
          required
          fullWidth
          value={base}
          disabled={!!session}
          error={form.formState.errors.baseId?.message}
          onChange={(next) => {
            setBase(next);
            form.setValue('baseId', next?.id as number, { shouldValidate: form.formState.isSubmitted });
            form.setValue('courseId', undefined as unknown as number);
            form.setValue('roomId', null);
            form.setValue('leadMentorIds', []);
            form.setValue('assistantMentorIds', []);
          }}
        />
        <SelectInput
          control={form.control}
          name="courseId"
          label={t('session.course')}
          required
          options={courses.map((c) => ({ value: c.id, label: `${c.code} ${c.title}（${c.creditHours} 学时）` }))}
        />
      </Stack>
      {detail && courses.length === 0 && <Alert severity="info">{t('session.noCourses')}</Alert>}
      {detail && mentors.length === 0 && <Alert severity="info">{t('session.noMentors')}</Alert>}
      {!session && (
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
          <Button
            variant="outlined"
            startIcon={<EventAvailableIcon />}
            onClick={() => {
              const values = form.getValues();
              setFinding({
                base,
                courseId: values.courseId ?? null,
                from: typeof values.startsAt === 'string' ? values.startsAt.slice(0, 10) : undefined,
                capacity: typeof values.capacity === 'number' ? values.capacity : undefined,
              });
            }}
          >
            {t('slots.open')}
          </Button>
          {chosen && (
            <Alert severity="success" sx={{ py: 0, flex: 1 }}>
              {chosen}
            </Alert>
          )}
        </Stack>
      )}
      <Stack direction="row" spacing={2}>
        <DateTimeInput control={form.control} name="startsAt" label={t('session.startsAt')} required placeholder={t('session.dateTimePlaceholder')} />
        <DateTimeInput control={form.control} name="endsAt" label={t('session.endsAt')} required placeholder={t('session.dateTimePlaceholder')} />
      </Stack>
      <Stack direction="row" spacing={2}>
        <SelectInput
          control={form.control}
          name="roomId"
          label={t('session.room')}
          emptyLabel={t('session.noRoom')}
          options={(detail?.rooms ?? []).map((r) => ({ value: r.id, label: `${r.name}（${r.seats} 座）` }))}
        />
        <TextInput control={form.control} name="capacity" label={t('session.capacity')} required numeric />
        <SelectInput
          control={form.control}
          name="status"
          label={t('session.status')}
          required
          options={EDITABLE_SESSION_STATUSES.map((v) => ({ value: v, label: label('sessionStatus', v) }))}
        />
      </Stack>
      <MultiComboInput control={form.control} name="leadMentorIds" label={t('session.leadMentors')} required options={mentorOptions} />
      <MultiComboInput control={form.control} name="assistantMentorIds" label={t('session.assistantMentors')} options={mentorOptions} />
      {!session && (
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
          <FormControlLabel control={<Switch checked={repeat} onChange={(e) => setRepeat(e.target.checked)} />} label={t('series.toggle')} />
          {repeat && <TextField size="small" label={t('series.weeks')} value={weeks} onChange={(e) => setWeeks(e.target.value)} sx={{ width: '8em' }} />}
        </Stack>
      )}
      {!session && repeat && (
        <SeriesPanel
          occurrences={occurrences}
          checked={checked}
          busy={checking}
          onCheck={() => void checkSeries(occurrences)}
          onMove={(index, to) => {
            const next = occurrences.map((o, i) => (i === index ? to : o));
            setOccurrences(next);
            void checkSeries(next);
          }}
        />
      )}
      <CheckboxInput control={form.control} name="unified" label={t('session.unified')} helperText={t('session.unifiedHint')} />
      <TextInput control={form.control} name="note" label={t('session.note')} multiline minRows={2} />
      <SlotFinder
        open={finding !== null}
        start={finding ?? { base: null, courseId: null }}
        onClose={() => setFinding(null)}
        onChoose={(slot, chosenBase, chosenCourse, capacity) => {
          setFinding(null);
          setBase(chosenBase);
          const fill = { shouldDirty: true, shouldValidate: form.formState.isSubmitted };
          form.setValue('baseId', chosenBase.id, fill);
          form.setValue('courseId', chosenCourse, fill);
          form.setValue('startsAt', slot.startsAt, fill);
          form.setValue('endsAt', slot.endsAt, fill);
          form.setValue('roomId', slot.roomId, fill);
          form.setValue('capacity', capacity, fill);
          form.setValue('leadMentorIds', [slot.mentorId], fill);
          setChosen(t('slots.chosen', { time: formatTimeRange(slot.startsAt, slot.endsAt), room: slot.roomName, mentor: slot.mentorName }));
        }}
      />
    </FormDialog>
  );
}
