import { createTheme } from '@mui/material/styles';
import { zhCN as materialZh, enUS as materialEn } from '@mui/material/locale';
import { zhCN as gridZh, enUS as gridEn } from '@mui/x-data-grid/locales';
import { zhCN as pickersZh, enUS as pickersEn } from '@mui/x-date-pickers/locales';
import type { Language } from './i18n/index.tsx';

const FONT_STACK = [
  '"Microsoft YaHei UI"',
  '"Microsoft YaHei"',
  '"PingFang SC"',
  '"Noto Sans CJK SC"',
  '"WenQuanYi Micro Hei"',
  '"Segoe UI"',
  'Roboto',
  'sans-serif',
].join(',');

/** One theme per language, carrying MUI's, the Data Grid's and the date pickers' locale texts. */
export function themeFor(language: Language) {
  const locales = language === 'zh' ? [materialZh, gridZh, pickersZh] : [materialEn, gridEn, pickersEn];
  return createTheme(
    {
      palette: { primary: { main: '#1f5f8b' }, secondary: { main: '#b3541e' }, background: { default: '#f5f7fa' } },
      typography: { fontFamily: FONT_STACK, fontSize: 14 },
      shape: { borderRadius: 6 },
      // Chinese has no case; Latin words on buttons (Excel) keep theirs.
      components: { MuiButton: { styleOverrides: { root: { textTransform: 'none' } } } },
    },
    ...locales,
  );
}
