import { useEffect, useState } from 'react';
import { Alert } from '@mui/material';
import { onReachability } from '../api/client.ts';

/** Says, above everything, that the program or the association server did not answer; gone after the next answer. */
export function ConnectionBanner() {
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => onReachability(setProblem), []);
  if (!problem) return null;
  return (
    <Alert severity="error" role="alert" sx={{ borderRadius: 0, position: 'sticky', top: 0, zIndex: (theme) => theme.zIndex.appBar + 1 }}>
      {problem}
    </Alert>
  );
}
