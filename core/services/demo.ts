import { z } from 'zod';
import { defineOperation, type Context } from '../contract.ts';
import { conflict } from '../errors.ts';
import { generate } from '../demo/generate.ts';
import { countPeople, deleteExample, exampleCounts, markExample } from '../../db/repos/example-data.ts';
import { demoOutputs } from '../outputs/demo.ts';

/** Example data goes only into a database without people, so it never mixes with real records. */
const canLoad = (db: Context['db']) => countPeople(db) === 0;

/** 示例数据: the demo scale, loaded from the empty state, marked, and removable exactly. */
export const demoOperations = [
  defineOperation({
    name: 'demo.status',
    output: demoOutputs['demo.status'],
    title: '查看示例数据',
    kind: 'query',
    permission: 'registry.read',
    input: z.object({}),
    handler: (_input, { db }) => {
      const counts = exampleCounts(db);
      return { loaded: Object.keys(counts).length > 0, counts, canLoad: canLoad(db) };
    },
  }),
  defineOperation({
    name: 'demo.load',
    output: demoOutputs['demo.load'],
    title: '载入示例数据',
    kind: 'command',
    permission: 'config.write',
    input: z.object({}),
    handler: (_input, { db, clock, actor }) => {
      if (!canLoad(db)) throw conflict('数据库中已有人员记录：为避免示例数据与真实数据混在一起，只能在没有人员时载入示例数据');
      const report = generate(db, { scale: 'demo', today: clock.today(), now: clock.now(), actorName: actor.name });
      markExample(db, report.ids);
      return { created: report.created };
    },
  }),
  defineOperation({
    name: 'demo.remove',
    output: demoOutputs['demo.remove'],
    title: '删除示例数据',
    kind: 'command',
    permission: 'config.write',
    input: z.object({}),
    handler: (_input, { db }) => {
      try {
        return { deleted: deleteExample(db) };
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
          throw conflict(
            '部分示例数据已被您新增的记录引用（例如给示例人员添加了证书、变更了督导状态，或将示例督导纳入了年度再审核），无法自动删除。请先处理这些记录',
          );
        }
        throw error;
      }
    },
  }),
] as const;
