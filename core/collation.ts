/**
 * People's names in pinyin order (黄小燕 before 李伟强: huang < li), the order staff expect of a
 * roster, in memory. The key is the full pinyin every person's row stores (person.name_pinyin,
 * from db/search-keys.ts nameSearchKeys, with pinyin-pro's surname mode: 单 shan, 曾 zeng), so lists
 * sorted in SQL (db/search-keys.ts personNameOrder) and in memory agree; same pinyin, then characters.
 */
import { nameSearchKeys } from '../db/search-keys.ts';

/** A name with its stored full-pinyin key. */
export interface PinyinNamed {
  name: string;
  namePinyin: string;
}

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Orders two named rows by their stored pinyin keys, then by the characters. */
export function comparePinyin(a: PinyinNamed, b: PinyinNamed): number {
  return byCode(a.namePinyin, b.namePinyin) || byCode(a.name, b.name);
}

/** Orders rows of people (lists and exports) by their names in pinyin order. */
export function comparePersonNames(a: { personName: string; namePinyin: string }, b: { personName: string; namePinyin: string }): number {
  return byCode(a.namePinyin, b.namePinyin) || byCode(a.personName, b.personName);
}

/** A name's pinyin key, for names whose row does not carry it (computed as when a person is saved). */
export function pinyinKey(name: string): string {
  return nameSearchKeys(name).namePinyin;
}

/** Orders two names by pinyin (keys computed here: for short lists; long ones carry the stored key). */
export function compareNames(a: string, b: string): number {
  return comparePinyin({ name: a, namePinyin: pinyinKey(a) }, { name: b, namePinyin: pinyinKey(b) });
}
