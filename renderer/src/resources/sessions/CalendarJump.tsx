import { useState } from 'react';
import { IconButton, InputAdornment, Popover, TextField } from '@mui/material';
import EventIcon from '@mui/icons-material/Event';
import { DateCalendar } from '@mui/x-date-pickers/DateCalendar';
import dayjs from 'dayjs';
import { useI18n } from '../../i18n/index.tsx';
import { jumpDate } from './jump-date.ts';

/**
 * 跳转到日期 for the calendar: a date or a month typed (Enter), or picked from a calendar whose
 * year and month views reach next year at once; the calendar then shows the week or month holding it.
 */
export function CalendarJump({ onJump }: { onJump(date: string): void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [wrong, setWrong] = useState(false);
  const jump = () => {
    const date = jumpDate(text);
    setWrong(!date && text.trim() !== '');
    if (date) onJump(date);
  };
  const picked = jumpDate(text);
  return (
    <>
      <TextField
        size="small"
        label={t('session.jumpTo')}
        placeholder={t('session.jumpPlaceholder')}
        value={text}
        error={wrong}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') jump();
        }}
        onBlur={jump}
        sx={{ width: 170 }}
        slotProps={{
          input: {
            endAdornment: (
              <InputAdornment position="end">
                <IconButton size="small" aria-label={`${t('common.datePick')}：${t('session.jumpTo')}`} onClick={(e) => setAnchor(e.currentTarget)}>
                  <EventIcon fontSize="small" />
                </IconButton>
              </InputAdornment>
            ),
          },
        }}
      />
      <Popover open={!!anchor} anchorEl={anchor} onClose={() => setAnchor(null)} anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}>
        <DateCalendar
          value={picked ? dayjs(picked) : null}
          views={['year', 'month', 'day']}
          onChange={(value, state) => {
            if (!value) return;
            const date = value.format('YYYY-MM-DD');
            setText(date);
            setWrong(false);
            onJump(date);
            if (state === 'finish') setAnchor(null);
          }}
        />
      </Popover>
    </>
  );
}
