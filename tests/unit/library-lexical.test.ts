/**
 * The lexical side of retrieval: text analysis (English stemming and stop words, other scripts kept)
 * and BM25 over chunks on MiniSearch (tests/support/lexical-index.ts).
 */
import { describe, expect, it } from 'vitest';
import { LexicalIndex } from '../support/lexical-index';
import { analyze, analyzeQuery } from '../../lib/search/text-analysis';

describe('analyze', () => {
  it('lowercases, drops English stop words and possessives, stems (Porter)', () => {
    expect(analyze("The Student's studies of running cells, and the studied CELL.")).toEqual([
      'student',
      'studi',
      'run',
      'cell',
      'studi',
      'cell',
    ]);
  });

  it('keeps numbers, decimals and words around hyphens', () => {
    expect(analyze('COVID-19 at 0.05 mg/kg, IL-6 in 2018')).toEqual(['covid', '19', '0.05', 'mg', 'kg', 'il', '6', '2018']);
  });

  it('folds accents only in Latin words and keeps other scripts whole', () => {
    expect(analyze('Café naïve')).toEqual(['cafe', 'naiv']);
    expect(analyze('Привет, как ДЕЛА?')).toEqual(['привет', 'как', 'дела']);
    expect(analyze('कक्षा में विद्यार्थी')).toEqual(['कक्षा', 'में', 'विद्यार्थी']); // vowel signs kept
    expect(analyze('Ωμέγα')).toEqual(['ωμέγα']);
  });

  it('cuts scripts written without spaces into words', () => {
    expect(analyze('北京大学的学生在学习机器学习。')).toEqual(['北京', '大学', '的', '学生', '在', '学习', '机器', '学习']);
    expect(analyze('สวัสดีครับ ผมชื่อ')).toEqual(['สวัสดี', 'ครับ', 'ผม', 'ชื่อ']);
  });

  it('drops question words from queries, unless nothing else is left', () => {
    expect(analyzeQuery('How do I explain what the late policy is?')).toEqual(['late', 'polici']);
    expect(analyzeQuery('What is it?')).toEqual(['what']);
    expect(analyze('How do I')).toEqual(['how', 'do', 'i']); // documents keep them
  });

  it('normalizes compatibility forms (full-width, ligatures)', () => {
    expect(analyze('ＡＢＣ ﬁnd')).toEqual(['abc', 'find']);
  });
});

/** Textbook BM25 (Robertson/Lucene IDF), for hand checks. */
function bm25(tf: number, df: number, n: number, dl: number, avgdl: number, k1 = 1.2, b = 0.75): number {
  const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
  return (idf * (tf * (k1 + 1))) / (tf + k1 * (1 - b + (b * dl) / avgdl));
}

describe('LexicalIndex', () => {
  const docs = [
    { id: 'd1', text: 'cat dog cat' },
    { id: 'd2', text: 'dog bird' },
    { id: 'd3', text: 'fish' },
  ];

  it('scores classic BM25: document length in tokens, no BM25+ bonus, no coordination factor', () => {
    const index = new LexicalIndex({ bm25: { k1: 1.2, b: 0.75 } });
    index.addAll(docs);
    const avgdl = (3 + 2 + 1) / 3;
    const cat = index.search('cat');
    expect(cat.map((h) => h.id)).toEqual(['d1']);
    expect(cat[0]!.score).toBeCloseTo(bm25(2, 1, 3, 3, avgdl), 10);
    const dogBird = index.search('dog bird');
    expect(dogBird.map((h) => h.id)).toEqual(['d2', 'd1']);
    expect(dogBird[0]!.score).toBeCloseTo(bm25(1, 2, 3, 2, avgdl) + bm25(1, 1, 3, 2, avgdl), 10);
    expect(dogBird[1]!.score).toBeCloseTo(bm25(1, 2, 3, 3, avgdl), 10);
  });

  it('ranks sensibly: rarer terms weigh more, repetition saturates, shorter wins on ties', () => {
    const index = new LexicalIndex();
    index.addAll([
      { id: 'common', text: 'the experiment measured the cell response in the cell culture' },
      { id: 'rare', text: 'mitochondria produce energy for the cell' },
      { id: 'long', text: 'mitochondria ' + 'unrelated filler words about other topics '.repeat(10) },
      { id: 'none', text: 'nothing to see here' },
    ]);
    const hits = index.search('cell mitochondria');
    expect(hits[0]!.id).toBe('rare'); // has both terms
    expect(hits.map((h) => h.id)).not.toContain('none');
    expect(hits.findIndex((h) => h.id === 'rare')).toBeLessThan(hits.findIndex((h) => h.id === 'long'));
  });

  it('indexes the title with the text by default, or as a separate field', () => {
    const combined = new LexicalIndex();
    combined.addAll([
      { id: 'a', title: 'Thermodynamics › Entropy', text: 'Heat flows from hot to cold.' },
      { id: 'b', title: 'Optics', text: 'Light bends in a prism.' },
    ]);
    expect(combined.search('entropy')[0]!.id).toBe('a');
    const separate = new LexicalIndex({ fields: 'separate' });
    separate.addAll([{ id: 'a', title: 'Entropy', text: 'Heat flows.' }]);
    expect(separate.search('entropy')[0]!.id).toBe('a');
  });

  it('filters, replaces and removes by id', () => {
    const index = new LexicalIndex();
    index.addAll(docs);
    expect(index.search('dog', { filter: (id) => id !== 'd2' }).map((h) => h.id)).toEqual(['d1']);
    index.add({ id: 'd2', text: 'fish fish' });
    expect(index.search('dog').map((h) => h.id)).toEqual(['d1']);
    expect(index.search('fish').map((h) => h.id)).toEqual(['d2', 'd3']);
    expect(index.remove('d1')).toBe(true);
    expect(index.remove('d1')).toBe(false);
    expect(index.search('dog')).toEqual([]);
    expect(index.size).toBe(2);
    expect(index.search('the of and')).toEqual([]); // only stop words
  });

  it('reports IDF-weighted coverage of the query terms', () => {
    const index = new LexicalIndex();
    index.addAll(docs);
    const n = 3;
    const idf = (df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
    const hits = index.search('cat dog unicorn');
    const total = idf(1) + idf(2) + idf(0);
    expect(hits.find((h) => h.id === 'd1')!.coverage).toBeCloseTo((idf(1) + idf(2)) / total, 10);
    expect(hits.find((h) => h.id === 'd2')!.coverage).toBeCloseTo(idf(2) / total, 10);
    expect(hits.find((h) => h.id === 'd1')!.matchedTerms.sort()).toEqual(['cat', 'dog']);
  });

  it('round-trips through JSON with identical results', () => {
    const index = new LexicalIndex({ bm25: { k1: 0.9, b: 0.4 } });
    index.addAll([...docs, { id: 'd4', title: 'Zoo', text: 'cats and dogs and birds' }]);
    index.remove('d3');
    const json = index.toJSON();
    const loaded = LexicalIndex.fromJSON(json);
    expect(loaded.params).toEqual({ k1: 0.9, b: 0.4 });
    for (const q of ['cat', 'dog bird', 'zoo cats', 'fish']) expect(loaded.search(q)).toEqual(index.search(q));
    loaded.add({ id: 'd5', text: 'another cat' });
    expect(loaded.search('cat').map((h) => h.id)).toContain('d5');
    expect(() => LexicalIndex.fromJSON(JSON.stringify({ format: 'other' }))).toThrow(/rebuilt/);
  });
});
