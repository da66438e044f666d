/** Hands a folder to the running e2e dashboard as sample data (so the sample banner stays). */
import { runIngestCli } from '../lib/ingest/cli-runner';

runIngestCli(process.argv.slice(2), { sample: true, quiet: true }).then(
  (s) => {
    console.log(JSON.stringify({ eventsAdded: s.eventsAdded, errors: s.errors }));
    process.exit(s.errors.length ? 1 : 0);
  },
  (e: unknown) => {
    console.error(e);
    process.exit(2);
  },
);
