/**
 * ROUGE as rouge-score computes it: hand-worked examples (working in the comments), rouge-score's
 * own unit-test cases, and the two ROUGE-1.5.5 reference cases its tests check against (the
 * "ground truth" there came from runs of the original Perl ROUGE-1.5.5). Plus the Porter stemmer
 * on NLTK's documented examples.
 */
import { describe, expect, it } from 'vitest';
import { porterStem } from '../eval/metrics/porter';
import { lcsLength, rouge, rougeL, rougeMax, rougeN, rougeTokens } from '../eval/metrics/rouge';

const close = (digits: number) => (actual: number, expected: number) => expect(actual).toBeCloseTo(expected, digits);

describe('rougeTokens', () => {
  it('lower-cases and splits on anything but [a-z0-9]', () => {
    expect(rougeTokens("Hello, World! It's state-of-the-art (2024).")).toEqual([
      'hello',
      'world',
      'it',
      's',
      'state',
      'of',
      'the',
      'art',
      '2024',
    ]);
    expect(rougeTokens('  ')).toEqual([]);
    // Non-ASCII letters are separators, as in rouge-score: this ROUGE is for English.
    expect(rougeTokens('naïve café')).toEqual(['na', 've', 'caf']);
  });

  it('stems only tokens longer than 3 characters', () => {
    // 'was' (3) stays; 'this' (4) → 'thi'; 'models' → 'model'; 'trained' → 'train'
    expect(rougeTokens('This was trained on models', { stem: true })).toEqual(['thi', 'was', 'train', 'on', 'model']);
  });
});

describe('ROUGE-N', () => {
  it("rouge-score's unit cases", () => {
    // target "testing one two", prediction "testing": 1 of 1 candidate unigram matches, 1 of 3 reference ones.
    const r1 = rouge('testing one two', 'testing').rouge1;
    expect(r1).toEqual({ precision: 1, recall: 1 / 3, f1: 0.5 }); // F = 2·1·⅓ / (1 + ⅓) = ½
    // rouge2, "testing one two" vs "testing one": bigram "testing one" matches; P = 1/1, R = 1/2, F = ⅔
    const r2 = rouge('testing one two', 'testing one').rouge2;
    expect(r2.precision).toBe(1);
    expect(r2.recall).toBe(0.5);
    expect(r2.f1).toBeCloseTo(2 / 3, 12);
  });

  it('clips repeated n-grams to the reference count', () => {
    // ref "the cat the cat": {the: 2, cat: 2}; cand "the the the the": {the: 4}
    // overlap = min(2, 4) = 2 → P = 2/4, R = 2/4, F = 0.5
    expect(rouge('the cat the cat', 'the the the the').rouge1).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5 });
    // bigrams: ref {"the cat": 2, "cat the": 1}; cand {"the the": 3} → no overlap
    expect(rouge('the cat the cat', 'the the the the').rouge2).toEqual({ precision: 0, recall: 0, f1: 0 });
  });

  it('empty candidate or reference scores 0', () => {
    for (const s of [rouge('testing one two', ''), rouge('', 'testing'), rouge('', '')]) {
      expect(s).toEqual({
        rouge1: { precision: 0, recall: 0, f1: 0 },
        rouge2: { precision: 0, recall: 0, f1: 0 },
        rougeL: { precision: 0, recall: 0, f1: 0 },
      });
    }
    // A one-word candidate has no bigram: P = 0/max(0,1) = 0.
    expect(rouge('a b', 'a').rouge2).toEqual({ precision: 0, recall: 0, f1: 0 });
  });

  it('refuses n < 1', () => {
    expect(() => rougeN(['a'], ['a'], 0)).toThrow(RangeError);
  });
});

describe('ROUGE-L', () => {
  it("rouge-score's unit cases", () => {
    // "testing one two" vs "testing one": LCS 2 → P = 2/2, R = 2/3, F = 2·1·⅔ / (5/3) = 0.8
    expect(rouge('testing one two', 'testing one').rougeL.f1).toBeCloseTo(0.8, 12);
    // non-consecutive: "testing one two" vs "testing two": LCS "testing two" = 2 → same figures
    const l = rouge('testing one two', 'testing two').rougeL;
    expect(l.precision).toBe(1);
    expect(l.recall).toBeCloseTo(2 / 3, 12);
    expect(l.f1).toBeCloseTo(0.8, 12);
  });

  it("Lin's (2004) example, without and with stemming", () => {
    const ref = 'police killed the gunman';
    // S2 "police kill the gunman": LCS "police the gunman" = 3 → P = R = F = 3/4
    expect(rouge(ref, 'police kill the gunman').rougeL.f1).toBeCloseTo(0.75, 12);
    // S3 "the gunman kill police": LCS "the gunman" = 2 → P = R = F = 2/4
    expect(rouge(ref, 'the gunman kill police').rougeL.f1).toBeCloseTo(0.5, 12);
    // ROUGE-2 cannot tell them apart: each shares one bigram ("the gunman") of 3 → 1/3
    expect(rouge(ref, 'police kill the gunman').rouge2.f1).toBeCloseTo(1 / 3, 12);
    expect(rouge(ref, 'the gunman kill police').rouge2.f1).toBeCloseTo(1 / 3, 12);
    // With stemming "killed" → "kill" (and "police" → "polic" on both sides): S2 matches exactly.
    const stemmed = rouge(ref, 'police kill the gunman', { stem: true });
    expect([stemmed.rouge1.f1, stemmed.rouge2.f1, stemmed.rougeL.f1]).toEqual([1, 1, 1]);
  });

  it('lcsLength', () => {
    // rouge-score's testLcsTable: ref [1..5], cand [2, 5, 3, 4] → LCS 2 3 4 = 3; no common token → 0
    expect(lcsLength(['1', '2', '3', '4', '5'], ['2', '5', '3', '4'])).toBe(3);
    expect(lcsLength(['1', '2', '3', '4', '5'], ['8', '9'])).toBe(0);
    expect(lcsLength([], ['a'])).toBe(0);
    expect(rougeL([], ['a'])).toEqual({ precision: 0, recall: 0, f1: 0 });
  });
});

describe('against ROUGE-1.5.5 (the reference cases of rouge-score’s tests)', () => {
  // google-research/rouge testdata/target.txt and prediction.txt, lines 1 and 2: random strings whose
  // suffixes (-ing, -tion, -er) exercise the tokenizer and the stemmer.
  const targets = [
    "ZfbCUIUuePaiLVUlCaUXxkpu XPeWing tUHfPMuZ',-Xd Y BrUgVJing M-HV.-DgdDaY.rFDJCRing Ht-LM EKBDXkME,yz'RBr q'wtion wIojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxer tKM L\n",
    "KsJdPByEtAor fE-Qg Dpdbring cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMtion psing sbKao Q m qiing LMmer HqqLFXe,XPY,J XsurkMer ,ed nB'wH'bWVHjWFEing tQ.saefZwJtKrTlixYpMMsJing UCAPwNHeYVjDing c T BUySKtion gMPfJpwGw p'NvxAoping eu pBwMBKV'I DNxqelhu,PHPxDEq,mtion SN\n",
  ];
  const predictions = [
    "rFDJCRtion Ht-LM EKtDXkME,yz'RBr q'wer wrojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxi\n",
    "n cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMer pstion sbKao Q m qier LMmed HqqLFXe,XPY,J XsurkMeo ,ed nB'wH'bWVHjWFEer tQ.saefZwJtKrTlixYpMMNJtion UCAPwNHeYVjD\n",
  ];
  const expect5 = close(5);

  it('ROUGE-1 and ROUGE-L without stemming', () => {
    const [a, b] = [rouge(targets[0]!, predictions[0]!), rouge(targets[1]!, predictions[1]!)];
    for (const s of [a.rouge1, a.rougeL]) {
      expect5(s.recall, 0.40741);
      expect5(s.precision, 0.6875);
      expect5(s.f1, 0.51163);
    }
    for (const s of [b.rouge1, b.rougeL]) {
      expect5(s.recall, 0.40476);
      expect5(s.precision, 0.65385);
      expect5(s.f1, 0.5);
    }
  });

  it('ROUGE-1 with stemming', () => {
    const a = rouge(targets[0]!, predictions[0]!, { stem: true }).rouge1;
    expect5(a.recall, 0.40741);
    expect5(a.precision, 0.6875);
    expect5(a.f1, 0.51163);
    const b = rouge(targets[1]!, predictions[1]!, { stem: true }).rouge1;
    expect5(b.recall, 0.42857);
    expect5(b.precision, 0.69231);
    expect5(b.f1, 0.52941);
  });

  it('ROUGE-2, with and without stemming', () => {
    for (const stem of [false, true]) {
      const a = rouge(targets[0]!, predictions[0]!, { stem }).rouge2;
      expect5(a.recall, 0.30769);
      expect5(a.precision, 0.53333);
      expect5(a.f1, 0.39024);
      const b = rouge(targets[1]!, predictions[1]!, { stem }).rouge2;
      expect5(b.recall, 0.29268);
      expect5(b.precision, 0.48);
      expect5(b.f1, 0.36364);
    }
  });
});

describe('rougeMax (several references)', () => {
  it('takes, per type, the reference with the best F1', () => {
    // refs "a b c d" and "x y", candidate "a b x y"
    // R1: ref 1 overlap 2 → P = 2/4, R = 2/4, F = 0.5; ref 2 overlap 2 → P = 2/4, R = 2/2, F = 2/3 → 2/3
    // R2: ref 1 {ab, bc, cd} ∩ {ab, bx, xy} = 1 → P = R = F = 1/3; ref 2 {xy}: P = 1/3, R = 1 → F = 0.5 → 0.5
    // RL: ref 1 LCS "a b" = 2 → 0.5; ref 2 LCS "x y" = 2 → P = 0.5, R = 1 → 2/3
    const s = rougeMax(['a b c d', 'x y'], 'a b x y');
    expect(s.rouge1.f1).toBeCloseTo(2 / 3, 12);
    expect(s.rouge2.f1).toBeCloseTo(0.5, 12);
    expect(s.rougeL.f1).toBeCloseTo(2 / 3, 12);
  });

  it('each type may come from a different reference', () => {
    // refs "a c b" and "b a": candidate "a b"
    // R1: ref 1: overlap 2 → P = 1, R = 2/3, F = 0.8; ref 2: overlap 2 → P = 1, R = 1, F = 1 → 1 (ref 2)
    // R2: ref 1 {ac, cb} vs {ab}: 0; ref 2 {ba} vs {ab}: 0 → 0 (ties: the first)
    // RL: ref 1 LCS "a b" = 2 → 0.8; ref 2 "b a" vs "a b": LCS 1 → P = R = 0.5 → 0.8 (ref 1)
    const s = rougeMax(['a c b', 'b a'], 'a b');
    expect(s.rouge1.f1).toBe(1);
    expect(s.rouge2.f1).toBe(0);
    expect(s.rougeL.f1).toBeCloseTo(0.8, 12);
    expect(s.rougeL.recall).toBeCloseTo(2 / 3, 12); // from ref 1
  });

  it('needs a reference', () => {
    expect(() => rougeMax([], 'a')).toThrow(RangeError);
  });
});

describe('porterStem (NLTK default mode, as rouge-score uses)', () => {
  it("NLTK's documented examples", () => {
    // nltk/test/stem.doctest: stems of these words with PorterStemmer()
    const words = [
      'caresses',
      'flies',
      'dies',
      'mules',
      'denied',
      'died',
      'agreed',
      'owned',
      'humbled',
      'sized',
      'meeting',
      'stating',
      'siezing',
      'itemization',
      'sensational',
      'traditional',
      'reference',
      'colonizer',
      'plotted',
    ];
    expect(words.map(porterStem).join(' ')).toBe(
      'caress fli die mule deni die agre own humbl size meet state siez item sensat tradit refer colon plot',
    );
  });

  it("Porter's paper examples, step by step", () => {
    const cases: Record<string, string> = {
      // step 1a/1b
      ponies: 'poni',
      cats: 'cat',
      feed: 'feed',
      plastered: 'plaster',
      bled: 'bled',
      motoring: 'motor',
      sing: 'sing',
      conflated: 'conflat',
      troubled: 'troubl',
      hopping: 'hop',
      tanned: 'tan',
      falling: 'fall',
      hissing: 'hiss',
      fizzed: 'fizz',
      failing: 'fail',
      filing: 'file',
      // step 1c (NLTK: y → i only after a consonant)
      happy: 'happi',
      enjoy: 'enjoy',
      // steps 2–5
      relational: 'relat',
      conditional: 'condit',
      rational: 'ration',
      digitizer: 'digit',
      operator: 'oper',
      hopefulness: 'hope',
      goodness: 'good',
      adjustment: 'adjust',
      adoption: 'adopt',
      probate: 'probat',
      rate: 'rate',
      cease: 'ceas',
      controlling: 'control',
      roll: 'roll',
    };
    for (const [word, stem] of Object.entries(cases)) expect([word, porterStem(word)]).toEqual([word, stem]);
  });

  it('NLTK departures: irregular forms, short words, -logi, -fulli', () => {
    expect(['skies', 'dying', 'lying', 'news', 'innings', 'proceed'].map(porterStem)).toEqual([
      'sky',
      'die',
      'lie',
      'news',
      'inning',
      'proceed',
    ]);
    expect(porterStem('is')).toBe('is');
    expect(porterStem('geology')).toBe('geolog'); // -logi → -log keeps the 'l' with the stem
    expect(porterStem('hopefully')).toBe('hope'); // -fulli → -ful, then step 3 -ful →
  });
});
