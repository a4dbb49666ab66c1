import { useState } from 'react';
import { Alert, Button, Chip, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { call, type Output } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { ExportButton } from '../../jobs/ExportButton.tsx';
import { today } from '../../api/clock.tsx';
import { RelationshipForm } from './RelationshipForm.tsx';

type Relationship = Output<'supervision.relationships'>[number];

/** A supervisor's 督导对象: the current load against the level's limit, current and past relationships, add, change, end. */
export function SubjectsTab({ supervisorId }: { supervisorId: number }) {
  const { t, label } = useI18n();
  const canWrite = useAuth().can('registry.write');
  const relationships = useCall('supervision.relationships', { supervisorId });
  const load = useCall('supervision.caseload', { supervisorId });
  const [editing, setEditing] = useState<Relationship | null | undefined>(undefined);
  const [ending, setEnding] = useState<Relationship | null>(null);
  const reload = () => {
    relationships.reload();
    load.reload();
  };
  if (relationships.error) return <Alert severity="error">{relationships.error.message}</Alert>;
  const rows = relationships.data ?? [];
  return (
    <Stack spacing={2} sx={{ alignItems: 'flex-start' }}>
      {load.data && (
        <Typography sx={{ fontWeight: 600 }}>
          {load.data.limit === null
            ? t('supervisionWork.load', { current: load.data.current })
            : t('supervisionWork.loadWithLimit', { current: load.data.current, level: load.data.levelName, limit: load.data.limit })}
        </Typography>
      )}
      <Stack direction="row" spacing={1}>
        {canWrite && (
          <Button variant="outlined" startIcon={<AddIcon />} onClick={() => setEditing(null)}>
            {t('supervisionWork.addRelationship')}
          </Button>
        )}
        <ExportButton operation="supervision.exportRelationships" query={{ supervisorId }} label={t('supervisionWork.exportRelationships')} />
      </Stack>
      {rows.length === 0 ? (
        <Typography color="text.secondary">{t('supervisionWork.noRelationships')}</Typography>
      ) : (
        <Table size="small" aria-label={t('supervisionWork.subjectsTab')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('supervisionWork.subjectName')}</TableCell>
              <TableCell>{t('supervisionWork.subjectOrganizationName')}</TableCell>
              <TableCell>{t('supervisionWork.form')}</TableCell>
              <TableCell>{t('supervisionWork.startsOn')}</TableCell>
              <TableCell>{t('supervisionWork.endsOn')}</TableCell>
              <TableCell>{t('supervisionWork.agreementRef')}</TableCell>
              <TableCell>{t('supervisionWork.state')}</TableCell>
              {canWrite && <TableCell />}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.id} hover>
                <TableCell>{r.subjectName}</TableCell>
                <TableCell>{r.personId !== null ? (r.subjectOrganizationName ?? '—') : t('supervisionWork.subjectOrganization')}</TableCell>
                <TableCell>{label('supervisionForm', r.form)}</TableCell>
                <TableCell>{r.startsOn}</TableCell>
                <TableCell>{r.endsOn ?? '—'}</TableCell>
                <TableCell>{r.agreementRef ?? '—'}</TableCell>
                <TableCell>
                  <Chip size="small" color={r.current ? 'success' : 'default'} label={r.current ? t('supervisionWork.current') : t('supervisionWork.past')} />
                </TableCell>
                {canWrite && (
                  <TableCell>
                    <Button size="small" onClick={() => setEditing(r)}>
                      {t('common.edit')}
                    </Button>
                    {r.current && (
                      <Button size="small" color="warning" onClick={() => setEnding(r)}>
                        {t('supervisionWork.endRelationship')}
                      </Button>
                    )}
                  </TableCell>
                )}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <RelationshipForm
        open={editing !== undefined}
        supervisorId={supervisorId}
        relationship={editing ?? null}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          reload();
        }}
      />
      {ending && (
        <ConfirmDialog
          open
          title={t('supervisionWork.endTitle')}
          confirmLabel={t('supervisionWork.endRelationship')}
          onClose={() => setEnding(null)}
          onConfirm={async () => {
            await call('supervision.endRelationship', {
              id: ending.id,
              version: ending.version,
              endsOn: today() < ending.startsOn ? ending.startsOn : today(),
            });
            setEnding(null);
            reload();
          }}
        >
          {`${ending.subjectName}：${ending.startsOn} – ${today() < ending.startsOn ? ending.startsOn : today()}`}
        </ConfirmDialog>
      )}
    </Stack>
  );
}
