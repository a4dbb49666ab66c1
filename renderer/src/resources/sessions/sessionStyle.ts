import type { Session } from './SessionForm.tsx';

/** One colour per status, the same in the calendar and in chips. */
export const STATUS_COLOR: Record<Session['status'], 'default' | 'primary' | 'warning' | 'success' | 'info'> = {
  planned: 'info',
  open: 'primary',
  closed: 'warning',
  completed: 'success',
  cancelled: 'default',
};

export const CALENDAR_COLOR: Record<Session['status'], string> = {
  planned: '#0288d1',
  open: '#1565c0',
  closed: '#ef6c00',
  completed: '#2e7d32',
  cancelled: '#9e9e9e',
};

/** Sessions that can still be moved, edited or cancelled. */
export const isChangeable = (status: Session['status']) => status !== 'completed' && status !== 'cancelled';
