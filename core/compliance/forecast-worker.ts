/**
 * The worker side of the compliance forecast list computed again (core/compliance/forecast-view.ts):
 * everyone listed for one horizon, on a read-only connection of its own, from one snapshot (the rows,
 * the rules and the log's head read in one read transaction), sent back in slices (core/rows-worker.ts).
 */
import { changeMarker } from '../../db/repos/training-facts.ts';
import { answerRowsFromSnapshot } from '../rows-worker.ts';
import { forecastOfEveryone, horizonOf, listedInForecast, type ForecastRow } from './forecast.ts';
import { freezeCurrentRules, fromFrozen, type FrozenRules } from './rule-context.ts';

export interface ForecastArgs {
  today: string;
  months: number;
}

/** What the rows belong to: the rules and the log's head they were read at. */
export interface ForecastDone {
  frozen: FrozenRules;
  mark: number;
}

answerRowsFromSnapshot<ForecastArgs, ForecastRow, ForecastDone>((db, { today, months }) => {
  const frozen = freezeCurrentRules(db);
  const mark = changeMarker(db);
  const rows = forecastOfEveryone(db, fromFrozen(frozen), horizonOf(today, months)).filter(listedInForecast);
  return { rows, done: { frozen, mark } };
});
