import { useState } from 'react';
import { Alert, Button, IconButton, Paper, Table, TableBody, TableCell, TableHead, TableRow, Tooltip } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import EditIcon from '@mui/icons-material/Edit';
import ArrowUpwardIcon from '@mui/icons-material/ArrowUpward';
import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward';
import { call, type Output } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { Page } from '../../components/Page.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { LevelForm } from './LevelForm.tsx';

type Level = Output<'supervisors.levels'>[number];

/** 督导等级: the ladder, lowest first, with each level's entry conditions. */
export function LevelList() {
  const { t, label } = useI18n();
  const { data: levels, reload } = useCall('supervisors.levels', {});
  const [editing, setEditing] = useState<Level | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const move = async (level: Level, direction: 'up' | 'down') => {
    setError(null);
    try {
      await call('levels.move', { id: level.id, direction });
      reload();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <Page
      title={t('level.title')}
      actions={
        <Button variant="contained" startIcon={<AddIcon />} onClick={() => setEditing(null)}>
          {t('level.create')}
        </Button>
      }
    >
      <Alert severity="info">{t('level.hint')}</Alert>
      {error && <Alert severity="error">{error}</Alert>}
      <Paper variant="outlined">
        <Table size="small" aria-label={t('level.title')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('level.order')}</TableCell>
              <TableCell>{t('level.name')}</TableCell>
              <TableCell>{t('level.minCertificate')}</TableCell>
              <TableCell>{t('level.minPractice')}</TableCell>
              <TableCell>{t('level.minAtLower')}</TableCell>
              <TableCell align="right">{t('level.actions')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {(levels ?? []).map((level, i, all) => (
              <TableRow key={level.id}>
                <TableCell>{i + 1}</TableCell>
                <TableCell>{level.name}</TableCell>
                <TableCell>{level.minCertificateLevel ? t('level.andAbove', { level: label('certLevel', level.minCertificateLevel) }) : '—'}</TableCell>
                <TableCell>{t('level.years', { n: level.minPracticeYears })}</TableCell>
                <TableCell>{i === 0 ? '—' : t('level.yearsAt', { n: level.minYearsAtLower, lower: all[i - 1]!.name })}</TableCell>
                <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                  <Tooltip title={t('level.moveUp')}>
                    <span>
                      <IconButton size="small" aria-label={`${t('level.moveUp')}：${level.name}`} disabled={i === 0} onClick={() => move(level, 'up')}>
                        <ArrowUpwardIcon fontSize="small" />
                      </IconButton>
                    </span>
                  </Tooltip>
                  <Tooltip title={t('level.moveDown')}>
                    <span>
                      <IconButton
                        size="small"
                        aria-label={`${t('level.moveDown')}：${level.name}`}
                        disabled={i === all.length - 1}
                        onClick={() => move(level, 'down')}
                      >
                        <ArrowDownwardIcon fontSize="small" />
                      </IconButton>
                    </span>
                  </Tooltip>
                  <IconButton size="small" aria-label={`${t('level.edit')}：${level.name}`} onClick={() => setEditing(level)}>
                    <EditIcon fontSize="small" />
                  </IconButton>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Paper>
      <LevelForm
        open={editing !== undefined}
        level={editing ?? null}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          reload();
        }}
      />
    </Page>
  );
}
