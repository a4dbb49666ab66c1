import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createElement, Suspense, type ComponentType } from 'react';
import { renderToString } from 'react-dom/server';
import { RESOURCES, FIRST_RESOURCE, navigationGroups } from '../../renderer/src/resources/index.ts';
import { screen } from '../../renderer/src/resources/declare.ts';
import { zh } from '../../renderer/src/i18n/zh.ts';

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : /\.tsx?$/.test(e.name) ? [full] : [];
  });
}

describe('renderer resources (one declaration per screen)', () => {
  it('give every route once, and the first screen after signing in', () => {
    const routes = RESOURCES.flatMap((r) => [r.path, ...(r.detail ? [`${r.path}/:id`] : [])]);
    expect(new Set(routes).size).toBe(routes.length);
    expect(routes).toContain('recert/outstanding');
    expect(FIRST_RESOURCE.path).toBe('home'); // 工作台, for every role (issue 23)
  });

  it('build the navigation grouped by job, in the order the screens are known by', () => {
    expect(navigationGroups().map(({ group, items }) => [zh[group], items.map((r) => zh[r.nav.label])])).toEqual([
      ['工作台', ['工作台']],
      ['督导管理', ['督导库', '人员', '证书', '镇区覆盖', '督导工作记录']],
      ['学时与再审核', ['学时达标', '年度再审核', '待完成事项', '证书核验']],
      ['实训基地', ['基地', '班期日历', '考勤待办', '基地评估']],
      ['报表与审计', ['年度审计报表', '操作日志']],
      ['系统', ['行政区划', '机构', '规则设置', '督导等级', '用户', '备份', '服务器设置']],
    ]);
  });

  it('load every screen on first use (React.lazy inside), so that each is a chunk of its own', () => {
    for (const r of RESOURCES) {
      for (const s of [r.list, ...(r.detail ? [r.detail] : [])]) {
        expect(typeof s, r.path).toBe('function');
        expect(typeof s.preload, r.path).toBe('function');
      }
    }
  });

  it('render a screen already loaded (preloaded) at once, without suspending behind its fallback', async () => {
    let loads = 0;
    const Ready = screen(async () => (loads++, { Ready: () => createElement('p', null, '已就绪') }), 'Ready');
    const Later = screen(async () => ({ Later: () => createElement('p', null, '已就绪') }), 'Later');
    Ready.preload();
    Ready.preload();
    await new Promise((resolve) => setTimeout(resolve, 0));
    const shown = (Screen: ComponentType) => renderToString(createElement(Suspense, { fallback: createElement('i', null, '加载中') }, createElement(Screen)));
    // React.lazy alone suspends once even then, and React keeps the fallback ~300 ms in the browser.
    expect(shown(Ready)).toContain('<p>已就绪</p>');
    expect(shown(Ready)).not.toContain('加载中');
    expect(shown(Later)).toContain('加载中'); // not loaded yet: the fallback while its chunk comes
    expect(loads).toBe(1);
  });

  it('and the first bundle (what main.tsx imports, statically) holds no screen', () => {
    const screens = new Set<string>();
    for (const file of sourceFiles('renderer/src').filter((f) => f.endsWith('resource.ts'))) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/import\('(\.\/[\w-]+\.tsx)'\)/g)) screens.add(path.join(path.dirname(file), m[1]!));
    }
    expect(screens.size).toBeGreaterThanOrEqual(24);
    const reached = new Set<string>();
    const visit = (file: string) => {
      if (reached.has(file) || !file.startsWith('renderer/')) return;
      reached.add(file);
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/^import (?!type )[^;]*? from '(\.[^']+\.tsx?)';/gm)) visit(path.join(path.dirname(file), m[1]!));
    };
    visit('renderer/src/main.tsx');
    expect(reached.size).toBeGreaterThan(10);
    expect([...reached].filter((f) => screens.has(f))).toEqual([]);
  });
});
