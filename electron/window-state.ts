/**
 * The window remembers its size and position (window-state.json in the data folder), and never
 * comes back off-screen: a saved position outside every display's work area is dropped.
 */
import fs from 'node:fs';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

const MIN = { width: 1024, height: 600 };

/** The saved state that still fits a display, or null (then the default size, centred). */
export function restoreWindowState(file: string, workAreas: readonly Rect[]): WindowState | null {
  let saved: WindowState;
  try {
    saved = JSON.parse(fs.readFileSync(file, 'utf8')) as WindowState;
  } catch {
    return null;
  }
  const b = saved?.bounds;
  if (!b || ![b.x, b.y, b.width, b.height].every(Number.isFinite)) return null;
  const width = Math.max(MIN.width, Math.round(b.width));
  const height = Math.max(MIN.height, Math.round(b.height));
  // Visible enough to grab: the title bar's left part lies inside some work area.
  const onScreen = workAreas.some((a) => b.x + 100 > a.x && b.x < a.x + a.width - 100 && b.y >= a.y && b.y < a.y + a.height - 50);
  if (!onScreen) return { bounds: { ...centred(workAreas[0], width, height) }, maximized: !!saved.maximized };
  return { bounds: { x: Math.round(b.x), y: Math.round(b.y), width, height }, maximized: !!saved.maximized };
}

function centred(area: Rect | undefined, width: number, height: number): Rect {
  if (!area) return { x: 0, y: 0, width, height };
  const w = Math.min(width, area.width);
  const h = Math.min(height, area.height);
  return { x: area.x + Math.round((area.width - w) / 2), y: area.y + Math.round((area.height - h) / 2), width: w, height: h };
}

export function saveWindowState(file: string, state: WindowState): void {
  try {
    fs.writeFileSync(file, JSON.stringify(state));
  } catch {
    // Not worth stopping the program for.
  }
}
