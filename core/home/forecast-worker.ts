/** The worker side of the 工作台's forecast headlines (core/home/forecast-headlines.ts): both counted for one caller and day. */
import { answerFromSnapshot } from './snapshot-worker.ts';
import { computeForecastHeadlines } from './forecast-headlines.ts';

answerFromSnapshot('forecast headlines', (ctx) => ({ headlines: computeForecastHeadlines(ctx) }));
