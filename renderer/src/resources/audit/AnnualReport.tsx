import { useState } from 'react';
import { Box, Paper, Stack, Typography } from '@mui/material';
import { Page } from '../../components/Page.tsx';
import { ExportButton } from '../../jobs/ExportButton.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { YearSelect } from '../../components/YearSelect.tsx';
import { thisYear as currentYear } from '../../api/clock.tsx';

const SHEETS = ['概览', '督导名册', '年度再审核结果', '培训学时', '基地与课程', '基地评估', '镇区覆盖', '操作记录摘要'] as const;

/** 年度审计报表: choose a year, get one workbook with everything the annual audit asks for. */
export function AnnualReport() {
  const { t } = useI18n();
  const thisYear = currentYear();
  const [year, setYear] = useState(thisYear);
  return (
    <Page title={t('annualReport.title')}>
      <Paper variant="outlined" sx={{ p: 2, maxWidth: 760 }}>
        <Stack spacing={2}>
          <Typography>{t('annualReport.intro')}</Typography>
          <Box component="ol" sx={{ m: 0, pl: 3 }} aria-label={t('annualReport.sheets')}>
            {SHEETS.map((name) => (
              <li key={name}>
                <Typography>
                  <b>{name}</b>：{t(`annualReport.sheet.${name}`)}
                </Typography>
              </li>
            ))}
          </Box>
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
            <YearSelect value={year} onChange={setYear} years={5} />
            <ExportButton operation="audit.annualWorkbook" query={{ year }} label={t('annualReport.generate')} variant="contained" />
          </Stack>
          <Typography variant="body2" color="text.secondary">
            {t('annualReport.note')}
          </Typography>
        </Stack>
      </Paper>
    </Page>
  );
}
