/**
 * 服务履历: every change of a person's organization or post (岗位等级) becomes an event, written in
 * the same transaction as the change. The person form (people.create / people.update) and the
 * registry import both change people through core/services/people.ts, which calls recordPostChange
 * here: one place decides what counts as a change and what the event says.
 */
import type { Context } from '../contract.ts';
import { localDate } from '../dates.ts';
import { invalid } from '../errors.ts';
import {
  hasPostEvents,
  insertPostEvent,
  lastPostEventDate,
  insertPostEventsOfPeople,
  postEventsOfPerson,
  type PostEventSource,
} from '../../db/repos/service-history.ts';

/** Where a change came from: the person form, or the registry import. */
export type PostChangeSource = Exclude<PostEventSource, 'initial'>;

export interface PostState {
  organizationId: number | null;
  jobGrade: string | null;
}

const samePost = (a: PostState, b: PostState) => a.organizationId === b.organizationId && (a.jobGrade ?? null) === (b.jobGrade ?? null);

/**
 * The day a change takes effect: the one the user gave (the form's 变更生效日期), checked — not after
 * today, not before the person's last change (the history stays in order) — or today.
 */
export function postChangeDate(ctx: Context, personId: number | undefined, given: string | null): string {
  const today = ctx.clock.today();
  if (given === null) return today;
  if (given > today) throw invalid('变更生效日期不能晚于今天', 'postChangedOn');
  const last = personId === undefined ? undefined : lastPostEventDate(ctx.db, personId);
  if (last !== undefined && given < last) throw invalid(`变更生效日期不能早于上一次变更（${last}）`, 'postChangedOn');
  return given;
}

/**
 * Records a person's organization and post after a save, if they differ from before (`before`
 * undefined: a new person, recorded when they have either), effective on `effectiveOn` (from
 * postChangeDate). A person registered before their history began, with neither (no 'initial'
 * event), gets that empty state first, dated the day they were registered (or the change's day if
 * earlier): so a date before the change reads "no organization", not the new one.
 */
export function recordPostChange(
  ctx: Context,
  personId: number,
  before: (PostState & { createdAt: string }) | undefined,
  after: PostState,
  source: PostChangeSource,
  effectiveOn: string = ctx.clock.today(),
): void {
  const event = { personId, recordedAt: ctx.clock.now(), actorName: ctx.actor.name };
  if (before === undefined) {
    if (after.organizationId === null && !after.jobGrade) return;
  } else {
    if (samePost(before, after)) return;
    if (!hasPostEvents(ctx.db, personId))
      insertPostEvent(ctx.db, {
        ...event,
        organizationId: before.organizationId,
        post: before.jobGrade ?? null,
        effectiveOn: [registeredOn(ctx, before.createdAt), effectiveOn].sort()[0]!,
        source: 'initial',
      });
  }
  insertPostEvent(ctx.db, { ...event, organizationId: after.organizationId, post: after.jobGrade ?? null, effectiveOn, source });
}

/** The day a person was registered, in the configured time zone (the stored instant's date if it is not one). */
function registeredOn(ctx: Context, createdAt: string): string {
  return Number.isNaN(Date.parse(createdAt)) ? createdAt.slice(0, 10) : localDate(createdAt, ctx.clock.timeZone());
}

/** The registry import's new people, inserted in one statement (ids firstId…lastId): their events in one statement too. */
export function recordPostsOfNewPeople(ctx: Context, range: { firstId: number; lastId: number }, source: PostChangeSource): void {
  if (range.lastId < range.firstId) return;
  insertPostEventsOfPeople(ctx.db, range, { effectiveOn: ctx.clock.today(), source, recordedAt: ctx.clock.now(), actorName: ctx.actor.name });
}

/**
 * A person's 服务履历 for their page: each event becomes a period, from its date to the next one's
 * (null: to now), newest first.
 */
export function serviceHistory(ctx: Pick<Context, 'db'>, personId: number) {
  const events = postEventsOfPerson(ctx.db, personId);
  return events
    .map((e, i) => ({
      id: e.id,
      organizationId: e.organizationId,
      organizationName: e.organizationName,
      post: e.post,
      from: e.effectiveOn,
      to: events[i + 1]?.effectiveOn ?? null,
      source: e.source,
      recordedAt: e.recordedAt,
      actorName: e.actorName,
    }))
    .reverse();
}
