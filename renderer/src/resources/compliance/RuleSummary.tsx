import { Accordion, AccordionDetails, AccordionSummary, Box, Typography } from '@mui/material';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { useI18n } from '../../i18n/index.tsx';

/** The rules a result was computed under, in plain Chinese, folded away until asked for. */
export function RuleSummary({ lines, version, defaultExpanded = false }: { lines: string[]; version: number; defaultExpanded?: boolean }) {
  const { t } = useI18n();
  return (
    <Accordion variant="outlined" disableGutters defaultExpanded={defaultExpanded}>
      <AccordionSummary expandIcon={<ExpandMoreIcon />}>
        <Typography>{t('compliance.rules', { version })}</Typography>
      </AccordionSummary>
      <AccordionDetails>
        <Box component="ol" sx={{ m: 0, pl: 2.5 }}>
          {lines.map((line) => (
            <li key={line}>
              <Typography variant="body2">{line}</Typography>
            </li>
          ))}
        </Box>
      </AccordionDetails>
    </Accordion>
  );
}
