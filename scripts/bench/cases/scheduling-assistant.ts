import { Random } from '../../../core/demo/random.ts';
import { addDays } from '../../../core/dates.ts';
import { round, stats, timeEach } from '../measure.ts';
import type { BenchCase, BenchResult } from '../types.ts';

const RUNS = 60;

/**
 * The scheduling assistant (issue 24): a free-slot search for one course over four weeks
 * (p95 < 100 ms) and a 6-week series checked (p95 < 50 ms), at bases with courses, rooms and
 * mentors. Every active mentor gets two weekly 不可用时间 and one one-off entry first (the
 * generated data has none), inside a transaction rolled back at the end, so the checks read them
 * and the database stays as generated.
 */
export const schedulingAssistantCase: BenchCase = {
  name: 'scheduling-assistant',
  postgres: true,
  async run(ctx) {
    const db = ctx.core.db;
    const rng = new Random(24);
    const bases = (db.prepare('SELECT id FROM training_base').pluck().all() as number[])
      .map((id) => ({
        id,
        courses: db.prepare("SELECT id FROM course WHERE base_id = ? AND status = 'active'").pluck().all(id) as number[],
        rooms: db.prepare('SELECT id, seats FROM room WHERE base_id = ?').all(id) as { id: number; seats: number }[],
        mentors: db.prepare("SELECT id FROM mentor WHERE base_id = ? AND status = 'active'").pluck().all(id) as number[],
      }))
      .filter((b) => b.courses.length && b.rooms.length && b.mentors.length);
    if (!bases.length) return [{ operation: '查找空闲时段', budget: '< 100 ms', met: null, note: '数据库中没有可排课的实训基地' }];
    const today = new Date().toISOString().slice(0, 10);
    const results: BenchResult[] = [];
    db.exec('BEGIN');
    try {
      const mentors = db.prepare("SELECT id, person_id AS personId FROM mentor WHERE status = 'active'").all() as { id: number; personId: number }[];
      const insert = db.prepare(
        `INSERT INTO mentor_unavailability (mentor_id, person_id, kind, starts_at, ends_at, weekday, start_time, end_time, reason, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, '测量', 'x', 'x')`,
      );
      for (const m of mentors) {
        insert.run(m.id, m.personId, 'weekly', null, null, rng.int(1, 5), '09:00', '12:00');
        insert.run(m.id, m.personId, 'weekly', null, null, rng.int(1, 5), '14:00', '17:30');
        const day = addDays(today, rng.int(0, 60));
        insert.run(m.id, m.personId, 'once', `${day}T08:00`, `${addDays(day, 2)}T18:00`, null, null, null);
      }
      const measure = (operation: string, budget: string, limit: number, make: () => { name: string; input: unknown }, note: (r: unknown) => number) => {
        const inputs = Array.from({ length: RUNS }, make);
        let refused = 0;
        let found = 0;
        const s = stats(
          timeEach(inputs, ({ name, input }) => {
            const res = ctx.core.call(name, input);
            if (!res.ok) refused++;
            else found += note(res.result);
          }),
        );
        results.push({
          operation,
          median: round(s.median),
          p95: round(s.p95),
          runs: s.runs,
          budget,
          met: s.p95 < limit,
          note: `平均每次 ${round(found / Math.max(1, s.runs - refused))}${refused ? `；${refused} 次被拒绝` : ''}`,
        });
      };
      measure(
        '查找空闲时段：一门课程、四周、3 小时（含导师不可用时间）',
        'p95 < 100 ms',
        100,
        () => {
          const from = addDays(today, rng.int(-30, 60));
          return { name: 'sessions.findSlots', input: { courseId: rng.pick(rng.pick(bases).courses), from, to: addDays(from, 27), durationMinutes: 180 } };
        },
        (r) => (r as { slots: unknown[] }).slots.length,
      );
      measure(
        '重复班期：6 周逐次检查',
        'p95 < 50 ms',
        50,
        () => {
          const base = rng.pick(bases);
          const room = rng.pick(base.rooms);
          const first = addDays(today, rng.int(-30, 60));
          const hour = rng.pick(['09', '14']);
          return {
            name: 'sessions.checkSeries',
            input: {
              courseId: rng.pick(base.courses),
              roomId: room.id,
              capacity: Math.min(20, room.seats),
              leadMentorIds: [rng.pick(base.mentors)],
              occurrences: Array.from({ length: 6 }, (_v, i) => ({ startsAt: `${addDays(first, 7 * i)}T${hour}:00`, endsAt: `${addDays(first, 7 * i)}T${hour === '09' ? '12' : '17'}:00` })),
            },
          };
        },
        (r) => (r as { occurrences: { problems: unknown[] }[] }).occurrences.filter((o) => o.problems.length).length,
      );
    } finally {
      db.exec('ROLLBACK');
    }
    return results;
  },
};
