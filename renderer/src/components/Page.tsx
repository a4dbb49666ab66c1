import type { ReactNode } from 'react';
import { Box, Stack, Typography } from '@mui/material';

/** A screen: title and actions on one line, filters below, content filling the rest. */
export function Page({ title, actions, filters, children }: { title: ReactNode; actions?: ReactNode; filters?: ReactNode; children: ReactNode }) {
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100%', gap: 1.5, minHeight: 0 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, minHeight: 40 }}>
        <Typography variant="h5" component="h1" sx={{ fontWeight: 600, flex: 1, minWidth: 0 }}>
          {title}
        </Typography>
        {actions}
      </Box>
      {filters && (
        <Stack direction="row" spacing={1.5} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
          {filters}
        </Stack>
      )}
      {children}
    </Box>
  );
}

/** 身份证号 and other codes are read digit by digit: monospace. */
export function Code({ children }: { children: ReactNode }) {
  return (
    <Box component="span" sx={{ fontFamily: '"Cascadia Mono", Consolas, "DejaVu Sans Mono", monospace', letterSpacing: 0.3 }}>
      {children}
    </Box>
  );
}

/** Label–value pairs of a detail page. */
export function DetailList({ items }: { items: { label: string; value: ReactNode }[] }) {
  return (
    <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: { xs: '8em 1fr', md: '8em 1fr 8em 1fr' }, columnGap: 2, rowGap: 1.25, m: 0 }}>
      {items.map((item) => (
        <Box key={item.label} sx={{ display: 'contents' }}>
          <Typography component="dt" color="text.secondary">
            {item.label}
          </Typography>
          <Typography component="dd" sx={{ m: 0, minWidth: 0, overflowWrap: 'anywhere' }}>
            {item.value ?? '—'}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}
