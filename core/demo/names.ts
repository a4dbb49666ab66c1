import { weighted } from './random.ts';

/**
 * Surnames weighted for the Pearl River Delta (the seeds come from 中山市): 陈, 李, 黄, 梁 lead,
 * with the national common ones close behind and a few compound surnames.
 */
export const SURNAMES = weighted([
  ['陈', 12],
  ['李', 8],
  ['黄', 7],
  ['梁', 5],
  ['张', 5],
  ['林', 4],
  ['刘', 4],
  ['吴', 3.5],
  ['何', 3.5],
  ['罗', 3],
  ['郑', 3],
  ['杨', 3],
  ['王', 3],
  ['周', 2.5],
  ['曾', 2],
  ['谭', 2],
  ['冯', 2],
  ['钟', 2],
  ['邓', 2],
  ['赵', 1.5],
  ['许', 1.5],
  ['彭', 1.5],
  ['蔡', 1.5],
  ['朱', 1.5],
  ['卢', 1.5],
  ['郭', 1.5],
  ['潘', 1],
  ['苏', 1],
  ['叶', 1],
  ['余', 1],
  ['麦', 0.8],
  ['甘', 0.6],
  ['简', 0.5],
  ['区', 0.4],
  ['单', 0.3],
  ['欧阳', 0.3],
  ['司徒', 0.2],
  ['上官', 0.05],
] as const);

const MALE = '伟强军磊勇杰涛斌明超辉刚健峰浩俊文华建国志宏家豪晓东锦荣振宇子轩嘉诚永康德胜'.split('');
const FEMALE = '芳娜敏静丽艳婷雪琳燕霞玲颖慧洁倩欣怡佳琪晓彤嘉欣雅婷美玲秀英淑贞凤'.split('');

export function givenName(next: () => number, sex: 'M' | 'F'): string {
  const pool = sex === 'M' ? MALE : FEMALE;
  const one = () => pool[Math.floor(next() * pool.length)]!;
  return next() < 0.25 ? one() : one() + one();
}
