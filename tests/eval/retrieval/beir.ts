/** BEIR-format data: corpus.jsonl, queries.jsonl, qrels/*.tsv (query-id, corpus-id, score). */
import { createReadStream, existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface BeirDoc {
  id: string;
  title: string;
  text: string;
}

export interface BeirQuery {
  id: string;
  text: string;
}

/** query id → (doc id → graded relevance); only grades > 0 are kept. */
export type Qrels = Map<string, Map<string, number>>;

async function* jsonLines(file: string): AsyncGenerator<Record<string, unknown>> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) if (line.trim()) yield JSON.parse(line) as Record<string, unknown>;
}

export async function loadCorpus(file: string): Promise<BeirDoc[]> {
  const docs: BeirDoc[] = [];
  for await (const d of jsonLines(file)) docs.push({ id: String(d._id), title: String(d.title ?? ''), text: String(d.text ?? '') });
  return docs;
}

export async function loadQueries(file: string): Promise<BeirQuery[]> {
  const out: BeirQuery[] = [];
  for await (const q of jsonLines(file)) out.push({ id: String(q._id), text: String(q.text ?? '') });
  return out;
}

export function loadQrels(file: string): Qrels {
  const qrels: Qrels = new Map();
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    const cells = line.split('\t');
    if (cells.length < 3) continue;
    const [qid, did, score] = cells as [string, string, string];
    if (i === 0 && Number.isNaN(Number(score))) continue; // header
    const grade = Number(score);
    if (!(grade > 0)) continue;
    if (!qrels.has(qid)) qrels.set(qid, new Map());
    qrels.get(qid)!.set(did, grade);
  }
  return qrels;
}

/** The qrels file to use: the one given, else test.tsv, else the first .tsv in qrels/. */
export function defaultQrelsFile(dataDir: string): string {
  const dir = path.join(dataDir, 'qrels');
  if (!existsSync(dir)) throw new Error(`No qrels folder in ${dataDir}; give --qrels <file>.`);
  const tsvs = readdirSync(dir)
    .filter((f) => f.endsWith('.tsv'))
    .sort();
  const pick = tsvs.includes('test.tsv') ? 'test.tsv' : tsvs[0];
  if (!pick) throw new Error(`No .tsv file in ${dir}; give --qrels <file>.`);
  return path.join(dir, pick);
}
