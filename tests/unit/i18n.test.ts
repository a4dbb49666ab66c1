import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { zh, zhFeatures } from '../../renderer/src/i18n/zh.ts';
import { en, enFeatures } from '../../renderer/src/i18n/en.ts';
import { DOMAIN_GROUPS, domainLabels } from '../../renderer/src/i18n/domain-labels.ts';
import type { DomainEnum } from '../../domain/index.ts';
import { CertificateLevel, Education, OrganizationKind, RegionLevel, SupervisorStatus } from '../../domain/index.ts';

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : /\.tsx?$/.test(e.name) ? [full] : [];
  });
}

describe('UI strings', () => {
  it('exist in both languages, with no empty text', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const [key, text] of [...Object.entries(zh), ...Object.entries(en)]) expect(text.trim(), key).not.toBe('');
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(zh) as (keyof typeof zh)[]) expect(placeholders(en[key]), key).toEqual(placeholders(zh[key]));
  });

  it('cover every key the renderer asks for', () => {
    const used = new Set<string>();
    for (const file of sourceFiles('renderer/src')) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/\bt\('([\w.]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(20);
    const missing = [...used].filter((key) => !(key in zh));
    expect(missing).toEqual([]);
  });

  it('have a label for every enumerated value the core knows', () => {
    const groups: [string, readonly string[]][] = [
      ['supervisorStatus', SupervisorStatus.values],
      ['certLevel', CertificateLevel.values],
      ['orgKind', OrganizationKind.values],
      ['regionLevel', RegionLevel.values],
      ['education', Education.values],
      ['sex', ['M', 'F']],
    ];
    for (const [group, values] of groups) for (const v of values) expect(zh, `${group}.${v}`).toHaveProperty([`${group}.${v}`]);
  });

  it('say exactly what domain/ says for the vocabularies defined there (one definition, no drift)', () => {
    const groups = Object.entries(DOMAIN_GROUPS) as [string, DomainEnum<string>][];
    expect(groups.length).toBeGreaterThanOrEqual(19);
    for (const [group, vocabulary] of groups) {
      for (const v of vocabulary.values) {
        expect(zh[`${group}.${v}` as keyof typeof zh], `zh ${group}.${v}`).toBe(vocabulary.zh[v]);
        expect(en[`${group}.${v}` as keyof typeof en], `en ${group}.${v}`).toBe(vocabulary.en[v]);
      }
    }
  });

  it('are defined once: no feature file repeats a key of another or a domain label', () => {
    for (const [name, features] of [
      ['zh', zhFeatures],
      ['en', enFeatures],
    ] as const) {
      const seen = new Map<string, string>(Object.keys(domainLabels('zh')).map((key) => [key, 'domain-labels']));
      for (const [feature, messages] of Object.entries(features)) {
        for (const key of Object.keys(messages)) {
          expect(seen.get(key), `${name}/${feature}: ${key}`).toBeUndefined();
          seen.set(key, feature);
        }
      }
      expect(seen.size, name).toBe(Object.keys(name === 'zh' ? zh : en).length);
    }
  });

  it('keep each feature in its own file with the same keys in both languages', () => {
    expect(Object.keys(enFeatures).sort()).toEqual(Object.keys(zhFeatures).sort());
    for (const [feature, messages] of Object.entries(zhFeatures)) {
      expect(Object.keys(enFeatures[feature as keyof typeof enFeatures]).sort(), feature).toEqual(Object.keys(messages).sort());
    }
  });
});
