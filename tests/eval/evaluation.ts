/** The shape every evaluation shares, so `npm run eval` can run one or all and report them alike. */
export type EvalArgs = Record<string, string | boolean | undefined>;

export interface EvalResult {
  name: string;
  title: string;
  /** The figures, as printed: a Markdown section (tables and notes). */
  markdown: string;
  /** The same figures as data, for the JSON report and comparisons across models. */
  metrics: Record<string, unknown>;
  /** What was wanted but not there (a model, a data file): listed in reports, never skipped silently. */
  missing: string[];
}

export interface Evaluation {
  name: string;
  usage: string;
  run(args: EvalArgs): Promise<EvalResult>;
}

/** `--key value` and `--flag` pairs after the evaluation's name. */
export function parseArgs(argv: string[]): { positional: string[]; args: EvalArgs } {
  const positional: string[] = [];
  const args: EvalArgs = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const [key, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    if (inline !== undefined) args[key] = inline;
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) args[key] = argv[++i];
    else args[key] = true;
  }
  return { positional, args };
}

export function stringArg(args: EvalArgs, key: string, fallback?: string): string | undefined {
  const v = args[key];
  return typeof v === 'string' ? v : fallback;
}

export function numberArg(args: EvalArgs, key: string, fallback: number): number {
  const v = args[key];
  const n = typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : fallback;
}

/** A Markdown table from rows of cells. */
export function markdownTable(header: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.map(String).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export const fmt = (n: number, digits = 3) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
