import { Random } from '../../../core/demo/random.ts';
import { addDays } from '../../../core/dates.ts';
import { round, stats, timeEach } from '../measure.ts';
import type { BenchCase, BenchResult } from '../types.ts';

const RUNS = 200;

interface BaseSetup {
  id: number;
  courses: number[];
  rooms: { id: number; seats: number }[];
  mentors: number[];
}

/**
 * Saving a session runs every conflict check (room, mentors anywhere, trainees, pool, capacity)
 * on date-times: p95 < 10 ms at province scale. Each save runs inside a transaction that is
 * rolled back, so the database stays as generated; refusals (a real conflict) count too.
 * Also the session lists (list-page budget) and enrolling a person (its trainee check).
 */
export const sessionsCase: BenchCase = {
  name: 'sessions',
  postgres: true,
  async run(ctx) {
    const db = ctx.core.db;
    const rng = new Random(11);
    const bases = (db.prepare('SELECT id FROM training_base').pluck().all() as number[]).map((id): BaseSetup => ({
      id,
      courses: db.prepare("SELECT id FROM course WHERE base_id = ? AND status = 'active'").pluck().all(id) as number[],
      rooms: db.prepare('SELECT id, seats FROM room WHERE base_id = ?').all(id) as { id: number; seats: number }[],
      mentors: db.prepare("SELECT id FROM mentor WHERE base_id = ? AND status = 'active'").pluck().all(id) as number[],
    })).filter((b) => b.courses.length && b.rooms.length && b.mentors.length);
    if (!bases.length) return [{ operation: '保存班期时的冲突检查', budget: '< 10 ms', met: null, note: '数据库中没有实训基地' }];
    const today = new Date().toISOString().slice(0, 10);
    const sessionIds = db.prepare("SELECT id FROM training_session WHERE status = 'open'").pluck().all() as number[];
    const personCount = db.prepare('SELECT max(id) FROM person').pluck().get() as number;

    /** Runs a command and undoes it: the measured time includes the checks, the write and the audit entries. */
    const rolledBack = (name: string, input: unknown): boolean => {
      db.exec('BEGIN');
      try {
        return ctx.core.call(name, input).ok;
      } finally {
        db.exec('ROLLBACK');
      }
    };
    const results: BenchResult[] = [];
    const measure = (operation: string, budget: string, limit: number, make: () => { name: string; input: unknown }, write: boolean) => {
      const inputs = Array.from({ length: RUNS }, make);
      let refused = 0;
      const s = stats(
        timeEach(inputs, ({ name, input }) => {
          if (!(write ? rolledBack(name, input) : ctx.core.call(name, input).ok)) refused++;
        }),
      );
      results.push({ operation, median: round(s.median), p95: round(s.p95), runs: s.runs, budget, met: s.p95 < limit, note: refused ? `其中 ${refused} 次因冲突等被拒绝` : undefined });
    };

    measure('保存班期：全部冲突检查（写入后回滚）', 'p95 < 10 ms', 10, () => {
      const base = rng.pick(bases);
      const room = rng.pick(base.rooms);
      const day = addDays(today, rng.int(-5 * 365, 60));
      const hour = rng.pick(['09', '14']);
      return {
        name: 'sessions.create',
        input: { courseId: rng.pick(base.courses), roomId: room.id, startsAt: `${day}T${hour}:00`, endsAt: `${day}T${hour === '09' ? '12' : '17'}:00`, capacity: Math.min(20, room.seats), leadMentorIds: [rng.pick(base.mentors)] },
      };
    }, true);
    if (sessionIds.length) {
      measure('报名：学员时间冲突与名额检查（写入后回滚）', 'p95 < 10 ms', 10, () => ({ name: 'enrolments.enrol', input: { sessionId: rng.pick(sessionIds), personId: rng.int(1, personCount) } }), true);
    }
    measure('班期列表：某基地，按开始时间倒序', 'p95 < 20 ms', 20, () => ({ name: 'sessions.list', input: { baseId: rng.pick(bases).id, pageSize: 100, sortField: 'startsAt', sortDir: 'desc' } }), false);
    measure('班期列表：全部基地，按课程名称搜索', 'p95 < 20 ms', 20, () => ({ name: 'sessions.list', input: { pageSize: 100, search: rng.pick(['个案', '小组', '督导', '考前']) } }), false);
    measure('考勤待办', 'p95 < 20 ms', 20, () => ({ name: 'sessions.list', input: { attendanceDue: true, pageSize: 100 } }), false);
    measure('班期日历：某基地一个月', 'p95 < 20 ms', 20, () => {
      const from = addDays(today, rng.int(-5 * 365, 30));
      return { name: 'sessions.calendar', input: { baseId: rng.pick(bases).id, from: `${from}T00:00`, to: `${addDays(from, 42)}T00:00` } };
    }, false);
    measure('个人培训学时记录', 'p95 < 20 ms', 20, () => ({ name: 'training.ofPerson', input: { personId: rng.int(1, personCount), pageSize: 100, sortField: 'earnedOn', sortDir: 'desc' } }), false);
    return results;
  },
};
