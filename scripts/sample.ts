/** npm run sample: write realistic sample trail files and ingest them. */
import '../lib/owner-only-files';
import { formatSummary } from '../lib/ingest/summary';
import { loadSample } from './load-sample';

loadSample().then(
  (s) => {
    console.log(formatSummary(s));
    process.exit(0);
  },
  (e: unknown) => {
    console.error(`Sample failed: ${e instanceof Error ? e.message : e}`);
    process.exit(2);
  },
);
