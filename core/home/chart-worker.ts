/** The worker side of the 工作台's kept charts computed again (core/home/charts.ts): every chart but the ledger's, for one caller's set of bases and day. */
import { answerFromSnapshot } from './snapshot-worker.ts';
import { computeKeptCharts } from './charts.ts';

answerFromSnapshot('charts', (ctx) => ({ charts: computeKeptCharts(ctx) }));
