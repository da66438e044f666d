import fs from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../lib/config';
import { runIngestCli } from '../lib/ingest/cli-runner';
import type { IngestSummary } from '../lib/ingest/summary';
import { generateSampleTrail } from '../lib/sample/generate';

/** Writes a fresh sample trail (ending now) under the data folder and ingests it as sample data. */
export async function loadSample(opts: { quiet?: boolean } = {}): Promise<IngestSummary> {
  const config = loadConfig();
  const outDir = path.join(config.dataDir, 'sample-logs');
  await fs.rm(outDir, { recursive: true, force: true });
  const gen = await generateSampleTrail({ outDir });
  if (!opts.quiet)
    console.error(
      `Wrote a sample trail: ${gen.files} files (${gen.digestFiles} digests), ${gen.kmsEvents.toLocaleString('en-US')} KMS events, ` +
        `${gen.accounts.length} accounts, ${gen.regions.length} regions, ${gen.from} → ${gen.to}`,
    );
  return runIngestCli([outDir], { sample: true, quiet: opts.quiet });
}
