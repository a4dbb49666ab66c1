/**
 * Child process for the interrupted-backup test: backs up the given data file into the given
 * folder as `backup.create` does, so the parent can SIGKILL it while the copy is being written.
 */
import { openDatabase } from '../../db/open.ts';
import { snapshotDatabase } from '../../db/backup.ts';

const [file, dir] = process.argv.slice(2);
const db = openDatabase(file!);
console.log('start');
snapshotDatabase(db, dir!, 'manual');
console.log('done');
db.close();
