import { useEffect, useId, useState } from 'react';
import { NavLink, useLocation } from 'react-router';
import { Box, Collapse, List, ListItemButton, ListItemIcon, ListItemText } from '@mui/material';
import ExpandLessIcon from '@mui/icons-material/ExpandLess';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { useAuth } from '../auth/AuthProvider.tsx';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { navigationGroups, RESOURCES } from '../resources/index.ts';

/** Navigation grouped by job (docs/design.md §7), from the resources' declarations. Only screens that work are listed. */
const NAV = navigationGroups();

/** Which groups a user keeps open, remembered per user on this computer. */
const storageKey = (userId: number) => `sws.nav.open.${userId}`;

function readOpen(userId: number): Set<MessageKey> {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(storageKey(userId)) ?? '[]');
    return new Set(Array.isArray(stored) ? (stored.filter((g) => typeof g === 'string') as MessageKey[]) : []);
  } catch {
    return new Set();
  }
}

/** The group of the screen at `pathname` (the longest declared path it is under). */
function groupOf(pathname: string): MessageKey | undefined {
  const under = RESOURCES.filter((r) => pathname === `/${r.path}` || pathname.startsWith(`/${r.path}/`));
  return under.sort((a, b) => b.path.length - a.path.length)[0]?.nav.group;
}

/**
 * The side navigation: one collapsible group per job. At 1366×768 (and at 125 %) every group open
 * at once does not fit, so the current screen's group is open and the others are collapsed until
 * the user opens them; what the user opened or closed is kept for them.
 */
export function Navigation() {
  const { t } = useI18n();
  const { can, user } = useAuth();
  const { pathname } = useLocation();
  const current = groupOf(pathname);
  const [open, setOpen] = useState<Set<MessageKey>>(() => readOpen(user.id));

  // Arriving on a screen (a link elsewhere, the address bar) opens its group.
  useEffect(() => {
    if (current) setOpen((was) => (was.has(current) ? was : new Set([...was, current])));
  }, [current]);
  useEffect(() => localStorage.setItem(storageKey(user.id), JSON.stringify([...open])), [open, user.id]);

  const toggle = (group: MessageKey) =>
    setOpen((was) => {
      const next = new Set(was);
      if (!next.delete(group)) next.add(group);
      return next;
    });

  return (
    <Box component="nav" aria-label="主导航" sx={{ overflowY: 'auto' }}>
      <List dense disablePadding>
        {NAV.map(({ group, items }) => {
          const visible = items.filter((item) => !item.permission || can(item.permission));
          if (visible.length === 0) return null;
          // A group that is one screen of the same name (工作台) is that screen's link, not a group to open first.
          const [only] = visible;
          if (visible.length === 1 && only && t(only.nav.label) === t(group)) return <NavItem key={group} item={only} />;
          return <NavGroup key={group} label={t(group)} open={open.has(group)} onToggle={() => toggle(group)} items={visible} />;
        })}
      </List>
    </Box>
  );
}

function NavGroup({ label, open, onToggle, items }: { label: string; open: boolean; onToggle(): void; items: typeof RESOURCES }) {
  const listId = useId();
  return (
    <li role="group" aria-label={label}>
      <ListItemButton aria-expanded={open} aria-controls={listId} onClick={onToggle} sx={{ py: 0.25 }}>
        <ListItemText primary={label} slotProps={{ primary: { sx: { fontSize: 13, fontWeight: 600, color: 'text.secondary' } } }} />
        {open ? <ExpandLessIcon fontSize="small" /> : <ExpandMoreIcon fontSize="small" />}
      </ListItemButton>
      <Collapse in={open} timeout="auto">
        <List id={listId} dense disablePadding>
          {items.map((item) => (
            <NavItem key={item.path} item={item} />
          ))}
        </List>
      </Collapse>
    </li>
  );
}

function NavItem({ item: { path, nav } }: { item: (typeof RESOURCES)[number] }) {
  const { t } = useI18n();
  const Icon = nav.icon;
  return (
    <ListItemButton component={NavLink} to={`/${path}`} end={nav.end} sx={{ '&.active': { bgcolor: 'action.selected', fontWeight: 600 } }}>
      <ListItemIcon sx={{ minWidth: 36 }}>
        <Icon />
      </ListItemIcon>
      <ListItemText primary={t(nav.label)} />
    </ListItemButton>
  );
}
