/**
 * `npm run eval -- <name> [options]` runs one evaluation over standard-format data and prints its
 * metrics. Each evaluation lives in its own file and registers here.
 */
import type { Evaluation } from './evaluation';
import { parseArgs } from './evaluation';

const registry: Record<string, () => Promise<Evaluation>> = {};

/** Evaluations add themselves here as they are written (one file each). */
export function register(name: string, load: () => Promise<Evaluation>): void {
  registry[name] = load;
}

async function main(): Promise<void> {
  await import('./registry');
  const { positional, args } = parseArgs(process.argv.slice(2));
  const name = positional[0];
  if (!name && !args.help) {
    // No evaluation named: all of them, in one report.
    const { writeReport } = await import('./report');
    const { dir, files } = await writeReport(args);
    console.log(`Report written to ${dir}:\n${files.map((f) => `- ${f}`).join('\n')}`);
    return;
  }
  if (!name || name === 'help' || args.help) {
    console.log('Usage: npm run eval -- <evaluation> [options]   (no evaluation: all of them, in one report)\n');
    for (const [key, load] of Object.entries(registry)) console.log(`  ${key.padEnd(10)} ${(await load()).usage}`);
    return;
  }
  const load = registry[name];
  if (!load) throw new Error(`Unknown evaluation "${name}". Known: ${Object.keys(registry).join(', ')}`);
  const evaluation = await load();
  const result = await evaluation.run(args);
  console.log(result.markdown);
  if (result.missing.length) console.log(`\nMissing (not evaluated):\n${result.missing.map((m) => `- ${m}`).join('\n')}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
