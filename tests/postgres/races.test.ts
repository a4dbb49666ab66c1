/**
 * The rules under concurrent writers in two server processes (issue 21): two real `npm run serve`
 * processes on one PostgreSQL database, each user signed in on one of them, calling the program's own
 * operations over HTTP at the same moment (both requests leave in the same turn of the test's event
 * loop, over connections already open, so both servers run them together). Each server checks its
 * rule inside its command's transaction, after the writer lock (db/engine/postgres.ts): for each
 * pair exactly one wins and the other is refused as it would be one after the other.
 * 1. the conflict check: two coordinators book the same mentor at overlapping times;
 * 2. the waitlist: the last seat asked for twice; a withdrawal promoting the first waiting while
 *    another enrolment arrives; two withdrawals at once;
 * 3. re-review decisions: two staff decide the same item with the version they read; a bulk
 *    confirmation against a single decision.
 * The data is set up by a core in this process on the same database (fast), then only read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.ts';
import { BASE_SCOPE_REFUSAL } from '../../core/services/base-access.ts';
import { dataLocationOf, makeIdNumber, openTestCore, type TestCore } from '../support/core.ts';
import { HttpCaller, startServe, type ApiAnswer, type ServeProcess } from '../support/serve-processes.ts';
import { openCycle } from '../support/recert.ts';

const PASSWORD = 'shegong-Dudao-26';
/** Far enough ahead of the servers' real today that every session is in the future. */
const YEAR = Number(systemClock.today().slice(0, 4)) + 1;
const dayOf = (month: number, i: number) => new Date(Date.UTC(YEAR, month - 1, 1 + i)).toISOString().slice(0, 10);

let core: TestCore;
let servers: ServeProcess[] = [];
/** Every server started, also when the setup fails half-way: afterAll stops each one. */
let starting: Promise<PromiseSettledResult<ServeProcess>[]> | undefined;
let baseId: number;
let otherBaseId: number;
let townId: number;
let courseId: number;
let rooms: { a: number; b: number };
let lin: number; // the mentor the coordinators race for
let wang: number; // the waitlist sessions' mentor
let seq = 100;
const person = (name: string) => core.ok('people.create', { idNumber: makeIdNumber('442000', '19850101', String(seq++)), name }).id;

/** Both calls leave in the same turn of the event loop: the two servers receive them together. */
const together = (a: () => Promise<ApiAnswer>, b: () => Promise<ApiAnswer>) => Promise.all([a(), b()]);

/** Each caller signed in on its own server process. */
let callers: { one: HttpCaller; two: HttpCaller };
async function signInOnBoth(first: string, second: string) {
  const [one, two] = servers.map((s) => new HttpCaller(s.url)) as [HttpCaller, HttpCaller];
  await Promise.all([one.signIn(first, PASSWORD), two.signIn(second, PASSWORD)]);
  callers = { one, two };
}

beforeAll(async () => {
  core = await openTestCore(undefined, systemClock);
  const database = dataLocationOf(core).database!;
  starting = Promise.allSettled([startServe(database), startServe(database)]);
  const admin = core.callWithSession('auth.setup', { username: 'admin', displayName: '管理员', password: PASSWORD }, undefined);
  expect(admin).toMatchObject({ ok: true });
  const city = core.ok('regions.create', { code: '442000', name: '中山市', level: 'city' });
  townId = core.ok('regions.create', { code: '442000001', name: '石岐街道', level: 'town', parentId: city.id }).id;
  const org = core.ok('organizations.create', { name: '协会', kind: 'mass_organization' });
  const { courseCategories } = core.ok('bases.lists', {});
  const base = (name: string) =>
    core.ok('bases.create', {
      name,
      organizationId: org.id,
      regionId: townId,
      grade: 'ordinary',
      accreditationStatus: 'accredited',
      accreditedUntil: `${YEAR + 1}-12-31`,
    }).base.id;
  baseId = base('竞争基地');
  otherBaseId = base('另一基地');
  rooms = {
    a: core.ok('rooms.create', { baseId, name: '甲教室', seats: 30 }).id,
    b: core.ok('rooms.create', { baseId, name: '乙教室', seats: 30 }).id,
  };
  courseId = core.ok('courses.create', { baseId, code: 'R-1', title: '竞争课程', categoryId: courseCategories[5]!.id, creditHours: 3 }).id;
  lin = core.ok('mentors.add', { baseId, personId: person('林导师'), joinedOn: '2025-01-01' }).id;
  wang = core.ok('mentors.add', { baseId, personId: person('王导师'), joinedOn: '2025-01-01' }).id;
  for (const [username, displayName, role] of [
    ['c1', '协调员甲', 'coordinator'],
    ['c2', '协调员乙', 'coordinator'],
    ['s1', '工作人员甲', 'staff'],
    ['s2', '工作人员乙', 'staff'],
  ] as const) {
    core.ok('users.create', { username, displayName, role, password: PASSWORD, baseIds: role === 'coordinator' ? [baseId] : [] });
  }
  servers = (await starting).map((started) => {
    if (started.status === 'rejected') throw started.reason;
    return started.value;
  });
}, 60_000);

afterAll(async () => {
  await Promise.all(((await starting) ?? []).map((started) => (started.status === 'fulfilled' ? started.value.stop() : undefined)));
  core?.close();
});

describe('two server processes writing at the same moment keep the rules', () => {
  it('the conflict check: two coordinators book the same mentor at overlapping times (a new session, or one moved there): each pair, exactly one booking', async () => {
    await signInOnBoth('c1', 'c2');
    const pairs = 30;
    const moves = 10; // the last pairs: the second coordinator moves a session of the mentor's, from September, onto the slot
    const won = { one: 0, two: 0 };
    for (let i = 0; i < pairs; i++) {
      const day = dayOf(3, i);
      const times = { one: ['09:00', '12:00'], two: ['10:00', '13:00'] } as const;
      const plan = (who: 'one' | 'two', roomId: number) => ({
        courseId,
        roomId,
        startsAt: `${day}T${times[who][0]}`,
        endsAt: `${day}T${times[who][1]}`,
        capacity: 20,
        leadMentorIds: [lin],
      });
      const moved =
        i >= pairs - moves
          ? core.ok('sessions.create', { ...plan('two', rooms.b), startsAt: `${dayOf(9, i)}T10:00`, endsAt: `${dayOf(9, i)}T13:00` }).session
          : null;
      const [one, two] = await together(
        () => callers.one.call('sessions.create', plan('one', rooms.a)),
        () =>
          moved
            ? callers.two.call('sessions.reschedule', {
                id: moved.id,
                version: moved.version,
                startsAt: plan('two', rooms.b).startsAt,
                endsAt: plan('two', rooms.b).endsAt,
              })
            : callers.two.call('sessions.create', plan('two', rooms.b)),
      );
      expect([one.ok, two.ok].filter(Boolean), `pair ${i}: ${JSON.stringify([one.error, two.error])}`).toHaveLength(1);
      const [winner, refusal] = one.ok ? (['one', two] as const) : (['two', one] as const);
      won[winner]++;
      // Refused as it would be one after the other: the mentor's other session named, with its base and time.
      expect(refusal.error).toMatchObject({
        code: 'CONFLICT',
        field: 'leadMentorIds',
        message: `导师「林导师」在该时段已有班期「R-1 竞争课程」（竞争基地，${day} ${times[winner].join('–')}）`,
      });
    }
    expect(won.one + won.two).toBe(pairs);
    // In the database: one session on each pair's day, and no two sessions of the mentor overlap.
    expect(core.db.prepare('SELECT count(*) FROM training_session WHERE starts_at >= ? AND starts_at < ?').pluck().get(dayOf(3, 0), dayOf(3, pairs))).toBe(
      pairs,
    );
    const doubleBooked = core.db
      .prepare(
        `SELECT count(*) FROM session_mentor a
           JOIN session_mentor b ON b.person_id = a.person_id AND b.session_id > a.session_id
           JOIN training_session sa ON sa.id = a.session_id
           JOIN training_session sb ON sb.id = b.session_id
          WHERE sa.starts_at < sb.ends_at AND sb.starts_at < sa.ends_at`,
      )
      .pluck()
      .get();
    expect(doubleBooked).toBe(0);
  });

  it('the waitlist: the last seat once, a promotion once per withdrawal, in the queue’s order', async () => {
    await signInOnBoth('c1', 'c2');
    const names = { first: '学员甲', x: '学员乙', y: '学员丙', next: '学员丁', late: '学员戊' };
    const people = Object.fromEntries(Object.entries(names).map(([key, name]) => [key, person(name)])) as Record<keyof typeof names, number>;
    const nameOf = (id: number) => names[(Object.keys(people) as (keyof typeof names)[]).find((key) => people[key] === id)!];
    const enrolled = (sessionId: number) =>
      core.db.prepare("SELECT count(*) FROM enrolment WHERE session_id = ? AND status = 'enrolled'").pluck().get(sessionId) as number;
    const queue = (sessionId: number) =>
      core
        .ok('sessions.get', { id: sessionId })
        .enrolments.filter((e) => e.status === 'waitlisted')
        .map((e) => e.name);
    const enrolmentOf = (sessionId: number, personId: number) => core.ok('sessions.get', { id: sessionId }).enrolments.find((e) => e.personId === personId)!;
    const rounds = 8;
    for (let r = 0; r < rounds; r++) {
      const day = dayOf(6, r);
      const capacity = 2;
      const sessionId = core.ok('sessions.create', {
        courseId,
        roomId: rooms.a,
        startsAt: `${day}T09:00`,
        endsAt: `${day}T12:00`,
        capacity,
        leadMentorIds: [wang],
      }).session.id;
      const lastLogged = core.db.prepare('SELECT max(id) FROM audit_log').pluck().get() as number;
      core.ok('enrolments.enrol', { sessionId, personId: people.first });

      // The last seat, asked for on both servers at once: one gets it, the other waits first in the queue.
      const [x, y] = await together(
        () => callers.one.call('enrolments.enrol', { sessionId, personId: people.x }),
        () => callers.two.call('enrolments.enrol', { sessionId, personId: people.y }),
      );
      expect([x, y].map((a) => a.result?.status).sort(), JSON.stringify([x.error, y.error])).toEqual(['enrolled', 'waitlisted']);
      const [seated, waiting] = x.result!.status === 'enrolled' ? [people.x, people.y] : [people.y, people.x];
      expect([x, y].find((a) => a.result!.status === 'waitlisted')!.result).toMatchObject({ waitlistPosition: 1 });
      expect(enrolled(sessionId)).toBe(capacity);
      core.ok('enrolments.enrol', { sessionId, personId: people.next });
      expect(queue(sessionId)).toEqual([nameOf(waiting), names.next]);

      // A withdrawal promotes the first waiting while another enrolment arrives: that one queues behind.
      const first = enrolmentOf(sessionId, people.first);
      const [withdrawn, late] = await together(
        () => callers.one.call('enrolments.withdraw', { id: first.id, version: first.version }),
        () => callers.two.call('enrolments.enrol', { sessionId, personId: people.late }),
      );
      expect(withdrawn, JSON.stringify(withdrawn.error)).toMatchObject({ ok: true, result: { promoted: [{ name: nameOf(waiting) }] } });
      expect(late).toMatchObject({ ok: true, result: { status: 'waitlisted' } });
      expect(enrolled(sessionId)).toBe(capacity);
      expect(queue(sessionId)).toEqual([names.next, names.late]);

      // Two withdrawals at once: each promotes one, the next two in the queue's order, nobody twice.
      const [a, b] = [enrolmentOf(sessionId, seated), enrolmentOf(sessionId, waiting)];
      const [left, right] = await together(
        () => callers.one.call('enrolments.withdraw', { id: a.id, version: a.version }),
        () => callers.two.call('enrolments.withdraw', { id: b.id, version: b.version }),
      );
      const promoted = [left, right].flatMap((w) => (w.result?.promoted as { name: string }[] | undefined)?.map((p) => p.name) ?? []);
      expect(promoted.sort(), JSON.stringify([left.error, right.error])).toEqual([names.next, names.late].sort());
      expect(enrolled(sessionId)).toBe(capacity);
      expect(queue(sessionId)).toEqual([]);

      // The log, in commit order: every move from the waitlist to a seat in this round, each person once, in the queue's order.
      const promotions = (
        core.db
          .prepare(
            "SELECT row_id AS rowId, before_json AS before, after_json AS after FROM audit_log WHERE table_name = 'enrolment' AND action = 'update' AND id > ? ORDER BY id",
          )
          .all(lastLogged) as { rowId: number; before: string; after: string }[]
      )
        .filter(
          (e) => (JSON.parse(e.before) as { status: string }).status === 'waitlisted' && (JSON.parse(e.after) as { status: string }).status === 'enrolled',
        )
        .map((e) => e.rowId);
      expect(promotions).toEqual([waiting, people.next, people.late].map((p) => enrolmentOf(sessionId, p).id));
    }
  });

  it('re-review decisions: two staff decide the same item at its version: one decision stored, the other refused naming who; a bulk confirmation against a single decision', async () => {
    await signInOnBoth('s1', 's2');
    const staff = { one: '工作人员甲', two: '工作人员乙' } as const;
    const year = YEAR - 1; // the servers' current year
    const levelId = core.ok('supervisors.levels', {}).find((l) => l.name === '中级督导')!.id;
    const singles = 16;
    const batches = 6;
    const batchSize = 3;
    for (let i = 0; i < singles + batches * batchSize; i++) {
      const personId = core.ok('people.create', { idNumber: makeIdNumber('442000', '19800101', String(300 + i)), name: `督导${i + 1}`, regionId: townId }).id;
      core.ok('certificates.create', {
        personId,
        level: 'social_worker',
        number: `C${i}`,
        issuedOn: `${year - 2}-03-01`,
        registrationValidUntil: `${year + 1}-02-28`,
      });
      core.ok('supervisors.appoint', {
        personId,
        levelId,
        regionId: townId,
        appointedOn: `${year - 2}-01-01`,
        validUntil: `${year}-12-31`,
        overrideReason: '测试',
      });
    }
    const { id: cycleId } = core.ok('recert.create', { year });
    await openCycle(core, cycleId);
    const reviews = core.ok('recert.reviews', { cycleId, pageSize: 100 }).rows;
    expect(reviews).toHaveLength(singles + batches * batchSize);
    const stored = (id: number) =>
      core.db.prepare('SELECT decision, decision_reason AS reason, decided_by AS "by", version FROM recert_review WHERE id = ?').get(id) as {
        decision: string | null;
        reason: string | null;
        by: string | null;
        version: number;
      };
    const logged = (id: number) =>
      core.db
        .prepare("SELECT count(*) FROM audit_log WHERE table_name = 'recert_review' AND row_id = ? AND operation IN ('recert.decide', 'recert.confirm')")
        .pluck()
        .get(id);
    const staleBy = (who: string, what = '该记录', action = '保存') => new RegExp(`^${what}已被 ${who} 于 .+ 修改，请查看对方的修改后再${action}$`);

    // The same review, decided differently on each server with the version both read: one decision stands, whole.
    for (const review of reviews.slice(0, singles)) {
      const [one, two] = await together(
        () => callers.one.call('recert.decide', { id: review.id, version: review.version, decision: 'pass', reason: '甲：材料齐全' }),
        () => callers.two.call('recert.decide', { id: review.id, version: review.version, decision: 'fail', reason: '乙：学时不足' }),
      );
      expect([one.ok, two.ok].filter(Boolean), JSON.stringify([one.error, two.error])).toHaveLength(1);
      const [winner, refusal] = one.ok ? (['one', two] as const) : (['two', one] as const);
      expect(refusal.error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(staleBy(staff[winner])) });
      expect(stored(review.id)).toEqual(
        winner === 'one'
          ? { decision: 'pass', reason: '甲：材料齐全', by: staff.one, version: review.version + 1 }
          : { decision: 'fail', reason: '乙：学时不足', by: staff.two, version: review.version + 1 },
      );
      expect(logged(review.id)).toBe(1);
    }

    // A bulk confirmation of three against a single decision of one of them (the servers swap roles each batch):
    // either all three confirmed and the decision refused, or the decision stands and nothing of the batch is confirmed.
    for (let b = 0; b < batches; b++) {
      const batch = reviews.slice(singles + b * batchSize, singles + (b + 1) * batchSize);
      const single = batch[1]!;
      const [bulkOn, singleOn] = b % 2 === 0 ? (['one', 'two'] as const) : (['two', 'one'] as const);
      const [bulk, decided] = await together(
        () => callers[bulkOn].call('recert.confirm', { cycleId, reviewIds: batch.map((r) => r.id), versions: batch.map((r) => r.version), reason: '批量确认' }),
        () => callers[singleOn].call('recert.decide', { id: single.id, version: single.version, decision: 'fail', reason: '单独决定：投诉查实' }),
      );
      expect([bulk.ok, decided.ok].filter(Boolean), JSON.stringify([bulk.error, decided.error])).toHaveLength(1);
      if (bulk.ok) {
        expect(bulk.result).toEqual({ confirmed: batchSize });
        expect(decided.error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(staleBy(staff[bulkOn])) });
        for (const review of batch) expect(stored(review.id)).toMatchObject({ decision: review.proposal, by: staff[bulkOn], version: review.version + 1 });
      } else {
        expect(bulk.error).toMatchObject({
          code: 'CONFLICT',
          message: expect.stringMatching(staleBy(staff[singleOn], `「${single.personName}」的审核记录`, '确认')),
        });
        expect(stored(single.id)).toEqual({ decision: 'fail', reason: '单独决定：投诉查实', by: staff[singleOn], version: single.version + 1 });
        for (const review of [batch[0]!, batch[2]!]) expect(stored(review.id)).toEqual({ decision: null, reason: null, by: null, version: review.version });
      }
      for (const review of batch) expect(logged(review.id)).toBe(bulk.ok || review === single ? 1 : 0);
    }
  });

  it('a coordinator’s base taken away on one server while they save a session there on the other: refused, or saved before the change, never after it', async () => {
    await signInOnBoth('admin', 'c1');
    const coordinator = core.ok('users.list', {}).rows.find((u) => u.username === 'c1')!;
    const withBases = (baseIds: number[]) => ({ id: coordinator.id, displayName: coordinator.displayName, role: 'coordinator' as const, baseIds });
    const pairs = 20;
    const outcomes = { savedBefore: 0, refused: 0 };
    for (let i = 0; i < pairs; i++) {
      const day = dayOf(11, i);
      const lastLogged = core.db.prepare('SELECT max(id) FROM audit_log').pluck().get() as number;
      const [taken, saved] = await together(
        () => callers.one.call('users.update', withBases([otherBaseId])),
        () =>
          callers.two.call('sessions.create', {
            courseId,
            roomId: rooms.a,
            startsAt: `${day}T09:00`,
            endsAt: `${day}T12:00`,
            capacity: 20,
            leadMentorIds: [wang],
          }),
      );
      expect(taken, JSON.stringify(taken.error)).toMatchObject({ ok: true });
      // In commit order (the log): the save may come first; after the change it is refused as any later call is.
      const order = core.db
        .prepare(
          "SELECT operation, min(id) AS first FROM audit_log WHERE id > ? AND operation IN ('users.update', 'sessions.create') GROUP BY operation ORDER BY first",
        )
        .all(lastLogged)
        .map((e) => (e as { operation: string }).operation);
      if (saved.ok) {
        expect(order, `pair ${i}: saved after the base was taken away`).toEqual(['sessions.create', 'users.update']);
        outcomes.savedBefore++;
      } else {
        expect(saved.error).toMatchObject({ code: 'FORBIDDEN', message: BASE_SCOPE_REFUSAL });
        expect(order).toEqual(['users.update']);
        outcomes.refused++;
      }
      core.ok('users.update', withBases([baseId]));
    }
    expect(outcomes.savedBefore + outcomes.refused).toBe(pairs);
  });
});
