/**
 * A resource is declared once: its route, its navigation entry, who sees it, and its screens.
 * App.tsx builds the routes and layout/Navigation.tsx the navigation from the list in index.ts, so a screen is
 * never listed in two places. Screens load when first shown (React.lazy): Vite gives each its own chunk.
 */
import { createElement, lazy, useState, type ComponentType } from 'react';
import type { SvgIconProps } from '@mui/material';
import type { Permission } from '../../../core/permissions.ts';
import type { MessageKey } from '../i18n/index.tsx';

/** A screen loaded on first use; `preload` starts loading it before it is shown. */
export type Screen = ComponentType & { preload(): void };

export interface Resource {
  /** The route under `/`, without the leading slash (`recert/outstanding`). */
  path: string;
  /** Its entry in the navigation; a resource without one is reached from another screen. */
  nav: {
    group: MessageKey;
    label: MessageKey;
    icon: ComponentType<SvgIconProps>;
    /** Active only on this exact path (a sub-path has its own entry). */
    end?: boolean;
  };
  /** Who sees it in the navigation; without one, every signed-in role does. */
  permission?: Permission;
  /** The screen at `path`. */
  list: Screen;
  /** The screen at `path/:id`, if records open on a page of their own. */
  detail?: Screen;
  /** Asks ahead for what `list` asks first (its first page, unfiltered): the first screen's, on a repeat visit. */
  askFirstPage?(): void;
}

/** A screen from a module's named export, loaded when first rendered (or preloaded). */
export function screen<M extends Record<K, ComponentType>, K extends keyof M & string>(load: () => Promise<M>, name: K): Screen {
  let loading: Promise<M> | undefined;
  let loaded: ComponentType | undefined;
  const start = () => (loading ??= load().then((m) => ((loaded = m[name]), m)));
  const Lazy = lazy<ComponentType>(() => start().then((m) => ({ default: m[name] })));
  // A screen already loaded (preloaded while signing in) renders at once: React.lazy would suspend once
  // all the same, and React then holds the screen back behind its fallback for ~300 ms. Chosen once per
  // mount, so the screen is never swapped (and reset) under the user.
  function LoadedScreen() {
    const [{ component }] = useState<{ component: ComponentType }>(() => ({ component: loaded ?? Lazy }));
    return createElement(component);
  }
  LoadedScreen.displayName = name;
  return Object.assign(LoadedScreen, { preload: () => void start() });
}
