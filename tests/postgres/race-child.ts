/**
 * One of two processes racing in tests/postgres/engine.test.ts: for each slot, in a writer's
 * transaction, books it when nobody has (a check then an insert, as a conflict check does). Prints how many it booked.
 */
import { openPostgres } from '../../db/open.ts';

const [url, who, slots] = process.argv.slice(2) as [string, string, string];
const db = openPostgres(url);
const taken = db.prepare('SELECT count(*) FROM booking WHERE slot = ?').pluck();
const book = db.prepare('INSERT INTO booking (slot, by) VALUES (?, ?)');
let booked = 0;
for (let slot = 1; slot <= Number(slots); slot++) {
  db.transaction(() => {
    if (taken.get(slot) !== 0) return;
    // Widen the gap between check and insert, where an unserialized writer would slip in.
    db.prepare('SELECT pg_sleep(0.002)').get();
    book.run(slot, who);
    booked++;
  }).immediate();
}
db.close();
console.log(booked);
