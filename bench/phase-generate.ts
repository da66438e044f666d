/**
 * Bench phase: write a sample organization trail as CloudTrail delivers it (one
 * gzip file per account, region and 5-minute window), in its own process so
 * the generator's memory does not count against the phases that follow.
 *   phase-generate.ts <outDir> <nowIso> <days> <seed> <events>
 */
import { generateSampleTrail } from '../lib/sample/generate';
import { dirBytes, phaseMain } from './common';

phaseMain(async () => {
  const [outDir, nowIso, days, seed, events] = process.argv.slice(2);
  const s = await generateSampleTrail({ outDir, now: new Date(nowIso), days: Number(days), seed: Number(seed), events: Number(events) });
  return {
    files: s.files,
    digestFiles: s.digestFiles,
    records: s.events + s.duplicateDeliveries,
    kmsEvents: s.kmsEvents,
    duplicateDeliveries: s.duplicateDeliveries,
    from: s.from,
    to: s.to,
    bytesOnDisk: dirBytes(outDir),
  };
});
