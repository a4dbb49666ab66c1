import { Box, Tooltip } from '@mui/material';

/** One level of one town as a bar: a slot per quota place, filled per active supervisor; surplus in a lighter tone. */
export function CoverageBar({ quota, actual, label }: { quota: number; actual: number; label: string }) {
  const slots = Math.max(quota, actual);
  return (
    <Tooltip title={label}>
      <Box role="img" aria-label={label} sx={{ display: 'flex', gap: '2px', alignItems: 'center', minHeight: 14 }}>
        {Array.from({ length: slots }, (_, i) => (
          <Box
            key={i}
            sx={{
              width: 12,
              height: 12,
              borderRadius: '2px',
              bgcolor: i < Math.min(actual, quota) ? 'success.main' : i < quota ? 'transparent' : 'info.light',
              border: 1,
              borderColor: i < quota && i >= actual ? 'error.main' : 'transparent',
            }}
          />
        ))}
      </Box>
    </Tooltip>
  );
}
