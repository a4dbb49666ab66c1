import { useState } from 'react';
import { Link as RouterLink, useNavigate, useParams } from 'react-router';
import { Alert, Box, Button, Chip, CircularProgress, Paper, Stack, Tab, Tabs, Typography } from '@mui/material';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import EditIcon from '@mui/icons-material/Edit';
import AddIcon from '@mui/icons-material/Add';
import type { Output } from '../../api/client.ts';
import { HoursCertificateButton } from '../documents/PrintButtons.tsx';
import { useCall } from '../../api/useCall.ts';
import { Code, DetailList, Page } from '../../components/Page.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { PersonForm } from './PersonForm.tsx';
import { CertificateForm } from './CertificateForm.tsx';
import { CertificateTable } from './CertificateTable.tsx';
import { AppointForm } from '../supervisors/AppointForm.tsx';
import { RecordHistory } from '../audit/AuditLog.tsx';
import { TaughtTab, TrainingHoursTab } from '../training/TrainingHoursTab.tsx';
import { ComplianceTab } from '../compliance/ComplianceTab.tsx';
import { SupervisedByPanel } from '../supervision-work/SupervisedByPanel.tsx';

type Certificate = Output<'people.get'>['certificates'][number];

export function PersonDetail() {
  const { t, label } = useI18n();
  const { can } = useAuth();
  const canWrite = can('registry.write');
  const canReadHistory = can('audit.read');
  const canReadBases = can('bases.read');
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const { data, error, reload } = useCall('people.get', { id });
  const [tab, setTab] = useState('basic');
  const [editing, setEditing] = useState(false);
  const [certificate, setCertificate] = useState<Certificate | null | undefined>(undefined);
  const [appointing, setAppointing] = useState(false);

  if (error) return <Alert severity="error">{t('common.loadFailed', { message: error.message })}</Alert>;
  if (!data) return <CircularProgress aria-label={t('common.loading')} />;
  const { person, certificates, supervisor } = data;

  return (
    <Page
      title={
        <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center' }}>
          <span>{person.name}</span>
          {supervisor && <Chip size="small" color="primary" label={`${supervisor.levelName} · ${label('supervisorStatus', supervisor.status)}`} />}
        </Stack>
      }
      actions={
        <>
          <Button component={RouterLink} to="/people" startIcon={<ArrowBackIcon />}>
            {t('common.back')}
          </Button>
          <HoursCertificateButton personId={person.id} />
          {canWrite && (
            <Button variant="outlined" startIcon={<EditIcon />} onClick={() => setEditing(true)}>
              {t('person.edit')}
            </Button>
          )}
        </>
      }
    >
      <Paper variant="outlined" sx={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
        <Tabs
          value={tab}
          onChange={(_e, v: string) => setTab(v)}
          variant="scrollable"
          scrollButtons="auto"
          sx={{ borderBottom: 1, borderColor: 'divider', px: 1 }}
        >
          <Tab value="basic" label={t('person.tab.basic')} />
          <Tab value="certificates" label={`${t('person.tab.certificates')}（${certificates.length}）`} />
          <Tab value="supervision" label={t('person.tab.supervision')} />
          <Tab value="supervisedBy" label={t('supervisionWork.supervisedByTab')} />
          <Tab value="training" label={t('training.tab')} />
          <Tab value="compliance" label={t('compliance.tab')} />
          {canReadBases && <Tab value="taught" label={t('taught.tab')} />}
          {canReadHistory && <Tab value="history" label={t('person.tab.history')} />}
        </Tabs>
        <Box sx={{ p: 2, overflow: 'auto' }}>
          {tab === 'basic' && (
            <DetailList
              items={[
                { label: t('person.name'), value: person.name },
                { label: t('person.idNumber'), value: <Code>{person.idNumber}</Code> },
                { label: t('person.sex'), value: label('sex', person.sex) },
                { label: t('person.birthDate'), value: person.birthDate },
                { label: t('person.phone'), value: person.phone },
                { label: t('person.email'), value: person.email },
                { label: t('person.education'), value: label('education', person.education) },
                { label: t('person.major'), value: person.major },
                { label: t('person.organization'), value: person.organizationName },
                { label: t('person.region'), value: person.regionName },
                { label: t('person.practiceStart'), value: person.practiceStart },
                { label: t('person.jobGrade'), value: person.jobGrade },
              ]}
            />
          )}
          {tab === 'certificates' && (
            <Stack spacing={2} sx={{ alignItems: 'flex-start' }}>
              {canWrite && (
                <Button variant="outlined" startIcon={<AddIcon />} onClick={() => setCertificate(null)}>
                  {t('certificate.add')}
                </Button>
              )}
              <CertificateTable certificates={certificates} onEdit={canWrite ? (c) => setCertificate(c) : undefined} />
            </Stack>
          )}
          {tab === 'supervision' && (
            <Stack spacing={2} sx={{ alignItems: 'flex-start' }}>
              {supervisor ? (
                <>
                  <DetailList
                    items={[
                      { label: t('supervisor.level'), value: supervisor.levelName },
                      { label: t('supervisor.status'), value: label('supervisorStatus', supervisor.status) },
                      { label: t('supervisor.region'), value: supervisor.regionName },
                      { label: t('supervisor.appointedOn'), value: supervisor.appointedOn },
                      { label: t('supervisor.validUntil'), value: supervisor.validUntil },
                    ]}
                  />
                  <Button component={RouterLink} to={`/supervisors/${supervisor.id}`} variant="outlined">
                    {t('person.openSupervisor')}
                  </Button>
                </>
              ) : (
                <>
                  <Typography color="text.secondary">{t('person.notSupervisor')}</Typography>
                  {canWrite && (
                    <Button variant="contained" onClick={() => setAppointing(true)}>
                      {t('person.appoint')}
                    </Button>
                  )}
                </>
              )}
            </Stack>
          )}
          {tab === 'supervisedBy' && <SupervisedByPanel personId={person.id} />}
          {tab === 'training' && <TrainingHoursTab personId={person.id} />}
          {tab === 'compliance' && <ComplianceTab personId={person.id} />}
          {tab === 'taught' && <TaughtTab personId={person.id} onOpen={(sessionId) => navigate(`/sessions/${sessionId}`)} />}
          {tab === 'history' && <RecordHistory tableName="person" rowId={person.id} />}
        </Box>
      </Paper>
      <PersonForm
        open={editing}
        person={person}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          reload();
        }}
      />
      <CertificateForm
        open={certificate !== undefined}
        personId={person.id}
        certificate={certificate ?? null}
        onClose={() => setCertificate(undefined)}
        onSaved={() => {
          setCertificate(undefined);
          reload();
        }}
      />
      <AppointForm
        open={appointing}
        person={{ id: person.id, name: person.name, regionId: person.regionId }}
        onClose={() => setAppointing(false)}
        onSaved={() => {
          setAppointing(false);
          reload();
        }}
      />
    </Page>
  );
}
