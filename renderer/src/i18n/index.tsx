import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { zh, type MessageKey } from './zh.ts';
import { en } from './en.ts';

export type Language = 'zh' | 'en';
export const DICTIONARIES: Record<Language, Record<MessageKey, string>> = { zh, en };
export type { MessageKey };

const STORAGE_KEY = 'sws.language';

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t: Translate;
  /** Label of an enumerated value, e.g. `label('supervisorStatus', 'active')` → 在册. */
  label(group: string, value: string | null | undefined): string;
}

const I18nContext = createContext<I18n | null>(null);

export function interpolate(template: string, vars?: Record<string, string | number>): string {
  return vars ? template.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? '')) : template;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(() => (localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh'));
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next);
    document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
    setLanguageState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const dictionary = DICTIONARIES[language];
    const t: Translate = (key, vars) => interpolate(dictionary[key] ?? key, vars);
    return {
      language,
      setLanguage,
      t,
      label: (group, v) => (v ? (dictionary[`${group}.${v}` as MessageKey] ?? v) : '—'),
    };
  }, [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside I18nProvider');
  return context;
}
