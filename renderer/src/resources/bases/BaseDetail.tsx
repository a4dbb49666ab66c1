import { useState, type ReactNode } from 'react';
import { Link as RouterLink, useParams, useSearchParams } from 'react-router';
import {
  Alert,
  Box,
  Button,
  Chip,
  CircularProgress,
  IconButton,
  Paper,
  Stack,
  Tab,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tabs,
  Typography,
} from '@mui/material';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import EditIcon from '@mui/icons-material/Edit';
import AddIcon from '@mui/icons-material/Add';
import type { Output } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { DetailList, Page } from '../../components/Page.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { BaseForm } from './BaseForm.tsx';
import { RoomForm } from './RoomForm.tsx';
import { MentorForm } from './MentorForm.tsx';
import { UnavailabilityDialog } from './UnavailabilityDialog.tsx';
import { UnavailabilityImportButton } from './UnavailabilityImport.tsx';
import { CourseForm } from './CourseForm.tsx';
import { BaseEvaluationTab } from '../evaluations/BaseEvaluationTab.tsx';

type Detail = Output<'bases.get'>;

/** A small table of a base's items, with an empty state and an edit button per row. */
function ItemTable<T extends { id: number }>({
  label,
  rows,
  empty,
  headers,
  cells,
  onEdit,
}: {
  label: string;
  rows: T[];
  empty: string;
  headers: string[];
  cells: (row: T) => ReactNode[];
  onEdit?: (row: T) => void;
}) {
  const { t } = useI18n();
  if (rows.length === 0) return <Typography color="text.secondary">{empty}</Typography>;
  return (
    <Table size="small" aria-label={label}>
      <TableHead>
        <TableRow>
          {headers.map((h) => (
            <TableCell key={h}>{h}</TableCell>
          ))}
          {onEdit && <TableCell padding="checkbox" />}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.id}>
            {cells(row).map((c, i) => (
              <TableCell key={i}>{c}</TableCell>
            ))}
            {onEdit && (
              <TableCell padding="checkbox">
                <IconButton size="small" aria-label={`${t('common.edit')}：${String(cells(row)[0])}`} onClick={() => onEdit(row)}>
                  <EditIcon fontSize="small" />
                </IconButton>
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function BaseDetail() {
  const { t, label } = useI18n();
  const id = Number(useParams().id);
  const canWrite = useAuth().can('bases.write');
  const { data, error, reload } = useCall('bases.get', { id });
  const [search] = useSearchParams();
  const [tab, setTab] = useState(search.get('tab') === 'evaluation' ? 4 : 0);
  const [editing, setEditing] = useState(false);
  const [room, setRoom] = useState<Detail['rooms'][number] | null | undefined>(undefined);
  const [mentor, setMentor] = useState<Detail['mentors'][number] | null | undefined>(undefined);
  const [away, setAway] = useState<Detail['mentors'][number] | null>(null);
  const [course, setCourse] = useState<Detail['courses'][number] | null | undefined>(undefined);
  if (error) return <Alert severity="error">{t('common.loadFailed', { message: error.message })}</Alert>;
  if (!data) return <CircularProgress aria-label={t('common.loading')} />;
  const { base, coordinators, rooms, mentors, courses } = data;
  const saved = (close: () => void) => () => {
    close();
    reload();
  };
  const addButton = (text: string, onClick: () => void) =>
    canWrite && (
      <Button variant="outlined" startIcon={<AddIcon />} onClick={onClick}>
        {text}
      </Button>
    );
  return (
    <Page
      title={
        <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center' }}>
          <span>{base.name}</span>
          <Chip size="small" color={base.grade === 'demonstration' ? 'primary' : 'default'} label={label('baseGrade', base.grade)} />
          <Chip size="small" label={label('accreditation', base.accreditationStatus)} />
        </Stack>
      }
      actions={
        <>
          <Button component={RouterLink} to="/bases" startIcon={<ArrowBackIcon />}>
            {t('common.back')}
          </Button>
          {canWrite && (
            <Button variant="outlined" startIcon={<EditIcon />} onClick={() => setEditing(true)}>
              {t('base.edit')}
            </Button>
          )}
        </>
      }
    >
      <Paper variant="outlined" sx={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
        <Tabs value={tab} onChange={(_e, v: number) => setTab(v)} sx={{ borderBottom: 1, borderColor: 'divider', px: 1 }}>
          <Tab label={t('base.tab.basic')} />
          <Tab label={`${t('base.tab.rooms')}（${rooms.length}）`} />
          <Tab label={`${t('base.tab.mentors')}（${mentors.length}）`} />
          <Tab label={`${t('base.tab.courses')}（${courses.length}）`} />
          <Tab label={t('evaluation.tab')} />
        </Tabs>
        <Box sx={{ p: 2, overflow: 'auto' }}>
          {tab === 0 && (
            <DetailList
              items={[
                { label: t('base.name'), value: base.name },
                { label: t('base.organization'), value: base.organizationName },
                { label: t('base.region'), value: base.regionName },
                { label: t('base.address'), value: base.address },
                { label: t('base.capacity'), value: base.capacity },
                { label: t('base.grade'), value: label('baseGrade', base.grade) },
                { label: t('base.accreditation'), value: label('accreditation', base.accreditationStatus) },
                { label: t('base.accreditedUntil'), value: base.accreditedUntil },
                { label: t('base.coordinators'), value: coordinators.map((c) => c.name).join('、') || '—' },
                { label: t('base.facilities'), value: base.facilities },
              ]}
            />
          )}
          {tab === 1 && (
            <Stack spacing={2} sx={{ alignItems: 'flex-start' }}>
              {addButton(t('room.create'), () => setRoom(null))}
              <ItemTable
                label={t('base.tab.rooms')}
                rows={rooms}
                empty={t('room.empty')}
                headers={[t('room.name'), t('room.seats')]}
                cells={(r) => [r.name, r.seats]}
                onEdit={canWrite ? setRoom : undefined}
              />
            </Stack>
          )}
          {tab === 2 && (
            <Stack spacing={2} sx={{ alignItems: 'flex-start' }}>
              <Stack direction="row" spacing={1.5}>
                {addButton(t('mentor.add'), () => setMentor(null))}
                {canWrite && mentors.length > 0 && <UnavailabilityImportButton baseId={base.id} onImported={reload} />}
              </Stack>
              <ItemTable
                label={t('base.tab.mentors')}
                rows={mentors}
                empty={t('mentor.empty')}
                headers={[
                  t('person.name'),
                  t('mentor.specialties'),
                  t('mentor.joinedOn'),
                  t('mentor.validUntil'),
                  t('mentor.status'),
                  t('unavailability.open'),
                ]}
                cells={(m) => [
                  <Button key="p" component={RouterLink} to={`/people/${m.personId}`} size="small">
                    {m.personName}
                  </Button>,
                  m.specialties.join('、') || '—',
                  m.joinedOn,
                  m.validUntil ?? '—',
                  label('mentorStatus', m.status),
                  <Button key="u" size="small" aria-label={`${t('unavailability.open')}：${m.personName}`} onClick={() => setAway(m)}>
                    {t('unavailability.open')}
                  </Button>,
                ]}
                onEdit={canWrite ? setMentor : undefined}
              />
            </Stack>
          )}
          {tab === 3 && (
            <Stack spacing={2} sx={{ alignItems: 'flex-start' }}>
              {addButton(t('course.create'), () => setCourse(null))}
              <ItemTable
                label={t('base.tab.courses')}
                rows={courses}
                empty={t('course.empty')}
                headers={[t('course.code'), t('course.title'), t('course.category'), t('course.creditHours'), t('course.defaultCapacity'), t('course.status')]}
                cells={(c) => [c.code, c.title, c.categoryName, c.creditHours, c.defaultCapacity ?? '—', label('courseStatus', c.status)]}
                onEdit={canWrite ? setCourse : undefined}
              />
            </Stack>
          )}
          {tab === 4 && <BaseEvaluationTab baseId={base.id} onBaseChanged={reload} />}
        </Box>
      </Paper>
      <BaseForm open={editing} detail={data} onClose={() => setEditing(false)} onSaved={saved(() => setEditing(false))} />
      <RoomForm open={room !== undefined} baseId={base.id} room={room ?? null} onClose={() => setRoom(undefined)} onSaved={saved(() => setRoom(undefined))} />
      <MentorForm
        open={mentor !== undefined}
        baseId={base.id}
        mentor={mentor ?? null}
        onClose={() => setMentor(undefined)}
        onSaved={saved(() => setMentor(undefined))}
      />
      <UnavailabilityDialog mentor={away} canWrite={canWrite} onClose={() => setAway(null)} />
      <CourseForm
        open={course !== undefined}
        baseId={base.id}
        course={course ?? null}
        onClose={() => setCourse(undefined)}
        onSaved={saved(() => setCourse(undefined))}
      />
    </Page>
  );
}
