import { describe, expect, it } from 'vitest';
import { timeSlicer } from '../../core/jobs.ts';

describe('timeSlicer: a job yields once its slice has run, and costs nothing before', () => {
  it('answers nothing within the slice, then a yield, after which a new slice starts', async () => {
    const breathe = timeSlicer(5);
    expect(breathe()).toBeUndefined();
    const until = performance.now() + 6;
    while (performance.now() < until) {
      // busy, as a loop writing rows is
    }
    let otherWorkRan = false;
    setImmediate(() => (otherWorkRan = true));
    const pause = breathe();
    expect(pause).toBeInstanceOf(Promise);
    await pause;
    expect(otherWorkRan).toBe(true); // what was waiting ran before the job went on
    expect(breathe()).toBeUndefined();
  });
});
