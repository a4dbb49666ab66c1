import { z } from 'zod';
import { defineOperation, type Context } from '../contract.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { levelFields, levelMove, levelUpdate } from '../schemas/supervisors.ts';
import * as repo from '../../db/repos/supervisors.ts';
import { levelsOutputs } from '../outputs/levels.ts';
import { expectVersion } from '../versions.ts';

/** The supervisor ladder is data: admins rename, add and reorder levels and set their entry conditions. */
function checkName(ctx: Context, name: string, selfId?: number) {
  const same = repo.findLevelByName(ctx.db, name);
  if (same && same.id !== selfId) throw conflict(`已有名为「${name}」的督导等级`, 'name');
}

export const levelOperations = [
  defineOperation({
    name: 'levels.create',
    output: levelsOutputs['levels.create'],
    title: '新增督导等级',
    kind: 'command',
    permission: 'config.write',
    input: levelFields,
    handler: (f: z.output<typeof levelFields>, ctx) => {
      checkName(ctx, f.name);
      return repo.getSupervisorLevel(ctx.db, repo.insertLevel(ctx.db, f, ctx.clock.now()))!;
    },
  }),
  defineOperation({
    name: 'levels.update',
    output: levelsOutputs['levels.update'],
    title: '修改督导等级',
    kind: 'command',
    permission: 'config.write',
    input: levelUpdate,
    handler: ({ id, version, ...f }, ctx) => {
      const level = repo.getSupervisorLevel(ctx.db, id);
      if (!level) throw notFound('该督导等级');
      expectVersion(ctx, { table: 'supervisor_level', id, version, current: () => level });
      checkName(ctx, f.name, id);
      repo.updateLevel(ctx.db, id, f, ctx.clock.now());
      return repo.getSupervisorLevel(ctx.db, id)!;
    },
  }),
  defineOperation({
    name: 'levels.move',
    output: levelsOutputs['levels.move'],
    title: '调整督导等级顺序',
    kind: 'command',
    permission: 'config.write',
    input: levelMove,
    handler: ({ id, direction }, ctx) => {
      const levels = repo.supervisorLevels(ctx.db);
      const index = levels.findIndex((l) => l.id === id);
      if (index < 0) throw notFound('该督导等级');
      const other = levels[direction === 'up' ? index - 1 : index + 1];
      if (!other) throw invalid(direction === 'up' ? `「${levels[index]!.name}」已是最低一级` : `「${levels[index]!.name}」已是最高一级`, 'direction');
      repo.swapLevelRanks(ctx.db, levels[index]!, other, ctx.clock.now());
      return repo.supervisorLevels(ctx.db);
    },
  }),
] as const;
