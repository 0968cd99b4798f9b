/**
 * Lecture videos: the caption formats Locus reads (W3C WebVTT; YouTube's timed text as JSON3, srv1
 * and srv3 XML), on samples written from their documentation (tests/support/caption-samples.mjs),
 * including overlapping, empty and roll-up cues and broken timings; the player response as a watch
 * page carries it; which track is read; the transcript as text with times; "no captions".
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { LocusError } from '../../lib/errors';
import { decodeHtmlEntities } from '../../lib/video/html-entities';
import { captionFormatOf, parseCaptionBody, parseJson3 } from '../../lib/video/timedtext';
import { formatTimestamp, parseTimestamp, timeAt, transcriptText, videoTimeUrl, TIMESTAMP_PATTERN } from '../../lib/video/transcript';
import { chooseHtml5Track, transcriptPage } from '../../lib/background/transcript-page';
import { parseWebVtt, vttSegments } from '../../lib/video/webvtt';
import {
  chooseCaptionTrack,
  extractPlayerResponse,
  timedTextUrl,
  youTubeVideoOf,
  type CaptionTrack,
} from '../../lib/video/youtube-captions';
import {
  LECTURE_LINES,
  LECTURE_VTT,
  LECTURE_VTT_SEGMENTS,
  json3Asr,
  json3Manual,
  playerResponse,
  playerResponseScript,
  srv1,
  srv3,
} from '../support/caption-samples.mjs';

const parseXml = (text: string) => new new JSDOM('').window.DOMParser().parseFromString(text, 'text/xml');

describe('WebVTT', () => {
  it('reads cues, timings with and without hours, settings, voices, tags and character references', () => {
    const cues = parseWebVtt(LECTURE_VTT);
    const intro = cues.find((c) => c.id === 'intro')!;
    expect(intro).toMatchObject({ start: 0, end: 4.5, voice: 'Prof. Tran', text: 'Good morning. Today we study photosynthesis.' });
    expect(intro.settings).toMatchObject({ align: 'start', position: 10, line: 85, size: 80 });
    expect(cues.find((c) => c.text.startsWith('Is that'))!.settings.vertical).toBe('rl');
    // Hours, and a cue an hour in.
    expect(cues.at(-1)).toMatchObject({ start: 3600, end: 3603 });
    // The cue with a broken arrow is skipped; NOTE, STYLE and REGION blocks are not captions.
    const all = cues.map((c) => c.text).join('\n');
    expect(all).not.toContain('broken arrow');
    expect(all).not.toContain('written for Locus tests');
    expect(all).not.toContain('::cue');
    expect(all).not.toContain('lines:3');
  });

  it('gives segments: empty cues dropped, overlapping cues in time order, roll-up repeats once, speakers named when they change', () => {
    expect(vttSegments(parseWebVtt(LECTURE_VTT))).toEqual(LECTURE_VTT_SEGMENTS);
  });

  it('refuses a file that is not WebVTT', () => {
    expect(() => parseWebVtt('1\n00:00:01,000 --> 00:00:02,000\nAn SRT file\n')).toThrow(LocusError);
    expect(() => parseWebVtt('WEBVTTX\n\n00:01.000 --> 00:02.000\nx\n')).toThrow(/WEBVTT/);
  });

  it('reads a file with only a signature as no captions', () => {
    expect(vttSegments(parseWebVtt('WEBVTT\n'))).toEqual([]);
    expect(vttSegments(parseWebVtt('WEBVTT\n\n00:01.000 --> 00:02.000\n\n00:03.000 --> 00:04.000\n<b></b>\n'))).toEqual([]);
  });

  it('keeps two different cues that overlap exactly (two speakers at once)', () => {
    const vtt =
      'WEBVTT\n\n00:01.000 --> 00:03.000\n<v A>Hello.\n\n00:01.000 --> 00:03.000\n<v B>Hi!\n\n00:01.000 --> 00:03.000\n<v B>Hi!\n';
    expect(vttSegments(parseWebVtt(vtt)).map((s) => s.text)).toEqual(['A: Hello.', 'B: Hi!']);
  });
});

describe("YouTube's timed text", () => {
  const expected = LECTURE_LINES.map((l) => ({ start: l.start, end: +(l.start + l.dur).toFixed(3), text: l.text }));
  const round = (segs: Array<{ start: number; end: number; text: string }>) =>
    segs.map((s) => ({ ...s, start: +s.start.toFixed(3), end: +s.end.toFixed(3) }));

  it('JSON3 of written captions: one segment per caption, window events skipped, line breaks as spaces', () => {
    expect(round(parseCaptionBody(json3Manual(), parseXml))).toEqual(expected);
  });

  it('JSON3 of automatic captions: the words of each event joined, the appended line breaks dropped', () => {
    const segs = parseCaptionBody(json3Asr(), parseXml);
    expect(segs).toHaveLength(LECTURE_LINES.length);
    expect(segs[0]).toMatchObject({ start: 0.32, text: 'welcome to todays lecture on the water cycle' });
    expect(segs[1]!.end).toBeGreaterThan(segs[2]!.start); // overlapping events stay as they are
  });

  it('srv1 XML: seconds, text escaped twice, the empty caption dropped', () => {
    expect(round(parseCaptionBody(srv1(), parseXml))).toEqual(expected);
  });

  it('srv3 XML: milliseconds, words in <s>, appended line breaks dropped', () => {
    expect(round(parseCaptionBody(srv3(), parseXml))).toEqual(expected);
    const asr = parseCaptionBody(srv3(LECTURE_LINES, true), parseXml);
    expect(asr.map((s) => s.text)).toEqual(LECTURE_LINES.map((l) => l.text));
  });

  it('srv2 XML: <timedtext><text t d>', () => {
    const xml =
      '<?xml version="1.0" encoding="utf-8" ?><timedtext><text t="1500" d="2000">First line</text><text t="3500" d="1000">Second &amp;amp; last</text></timedtext>';
    expect(parseCaptionBody(xml, parseXml)).toEqual([
      { start: 1.5, end: 3.5, text: 'First line' },
      { start: 3.5, end: 4.5, text: 'Second & last' },
    ]);
  });

  it('recognises the format from the body, and says plainly when the site sent nothing', () => {
    expect(captionFormatOf('\ufeffWEBVTT\n')).toBe('vtt');
    expect(captionFormatOf(' {"events":[]}')).toBe('json3');
    expect(captionFormatOf('<?xml version="1.0"?><transcript/>')).toBe('xml');
    expect(captionFormatOf('hello')).toBeNull();
    expect(() => parseCaptionBody('', parseXml)).toThrow(expect.objectContaining({ code: 'transcript-unreadable' }));
    expect(() => parseCaptionBody('<html><body>Sign in</body></html>', parseXml)).toThrow(
      expect.objectContaining({ code: 'transcript-unreadable' }),
    );
    expect(() => parseCaptionBody('{"events": 3', parseXml)).toThrow(/damaged/);
    expect(() => parseJson3({})).toThrow(LocusError);
    expect(parseCaptionBody(LECTURE_VTT, parseXml)).toEqual(LECTURE_VTT_SEGMENTS);
  });

  it('decodes HTML character references', () => {
    expect(decodeHtmlEntities('it&#39;s &quot;x&quot; &amp; &eacute;t&eacute; &#x1F600; &nbsp;&bogus;')).toBe(
      'it\'s "x" & été 😀 \u00a0&bogus;',
    );
  });
});

describe('the player response', () => {
  const tracks = [
    { lang: 'en', name: 'English', default: true },
    { lang: 'en', name: 'English (auto-generated)', asr: true },
    { lang: 'vi', name: 'Tiếng Việt', runs: true },
    { lang: 'fr-CA', name: 'Français (Canada)' },
  ];
  const response = playerResponse('abc123XYZ_-', 'The water cycle } {', 'https://www.youtube.com/api/timedtext', tracks);

  it('is read from the script text of a watch page, braces and quotes in strings included', () => {
    const script = playerResponseScript(response);
    expect(extractPlayerResponse(script)).toEqual(response);
    expect(extractPlayerResponse('var ytInitialPlayerResponse = {"broken": ')).toBeNull();
    expect(extractPlayerResponse('window.somethingElse = {}')).toBeNull();
  });

  it('lists the caption tracks, automatic ones marked, the default one known', () => {
    const video = youTubeVideoOf(response)!;
    expect(video).toMatchObject({ videoId: 'abc123XYZ_-', title: 'The water cycle } {', lengthSeconds: 1260 });
    expect(video.tracks.map((t) => [t.languageCode, t.name, t.autoGenerated, t.isDefault])).toEqual([
      ['en', 'English', false, true],
      ['en', 'English (auto-generated)', true, false],
      ['vi', 'Tiếng Việt', false, false],
      ['fr-CA', 'Français (Canada)', false, false],
    ]);
    expect(youTubeVideoOf({ videoDetails: { videoId: 'x' } })!.tracks).toEqual([]); // no captions at all
    expect(youTubeVideoOf('nonsense')).toBeNull();
  });

  it('reads the student’s language when there is one, else the original, else automatic captions', () => {
    const all = youTubeVideoOf(response)!.tracks;
    expect(chooseCaptionTrack(all, 'vi')).toMatchObject({ track: { languageCode: 'vi' }, reason: 'student-language' });
    expect(chooseCaptionTrack(all, 'fr')).toMatchObject({ track: { languageCode: 'fr-CA' }, reason: 'student-language' });
    expect(chooseCaptionTrack(all, 'de')).toMatchObject({ track: { languageCode: 'en', autoGenerated: false }, reason: 'original' });
    const onlyAsr: CaptionTrack[] = [
      { baseUrl: 'u', languageCode: 'en', name: 'English (auto-generated)', autoGenerated: true, isDefault: false },
    ];
    expect(chooseCaptionTrack(onlyAsr, 'vi')).toMatchObject({ track: { autoGenerated: true }, reason: 'auto-generated' });
    // Automatic captions in the student's language beat written ones in another.
    const spokenVi: CaptionTrack[] = [
      { baseUrl: 'a', languageCode: 'en', name: 'English', autoGenerated: false, isDefault: true },
      { baseUrl: 'b', languageCode: 'vi', name: 'Vietnamese (auto)', autoGenerated: true, isDefault: false },
    ];
    expect(chooseCaptionTrack(spokenVi, 'vi')).toMatchObject({ track: { baseUrl: 'b' }, reason: 'student-language' });
    // The original: written captions in the spoken (automatic captions') language first.
    const original: CaptionTrack[] = [
      { baseUrl: 'de', languageCode: 'de', name: 'Deutsch', autoGenerated: false, isDefault: false },
      { baseUrl: 'es', languageCode: 'es', name: 'Español', autoGenerated: false, isDefault: false },
      { baseUrl: 'asr', languageCode: 'es', name: 'Español (auto)', autoGenerated: true, isDefault: false },
    ];
    expect(chooseCaptionTrack(original, 'ja')).toMatchObject({ track: { baseUrl: 'es' }, reason: 'original' });
    expect(chooseCaptionTrack([], 'en')).toBeNull();
  });

  it('asks the timed-text endpoint for a format', () => {
    const base = 'https://www.youtube.com/api/timedtext?v=abc&lang=en&fmt=srv3';
    expect(new URL(timedTextUrl(base, 'json3')).searchParams.get('fmt')).toBe('json3');
    expect(new URL(timedTextUrl(base, '')).searchParams.has('fmt')).toBe(false);
  });

  it('chooses among a <video>’s tracks the same way', () => {
    const t = (srclang: string, kind: 'captions' | 'subtitles', isDefault = false) => ({
      src: `https://x/${srclang}.vtt`,
      srclang,
      label: srclang,
      kind,
      isDefault,
    });
    expect(chooseHtml5Track([t('en', 'subtitles'), t('vi', 'captions')], 'vi-VN')).toMatchObject({
      track: { srclang: 'vi' },
      reason: 'student-language',
    });
    expect(chooseHtml5Track([t('en', 'subtitles'), t('fr', 'captions', true)], 'de')).toMatchObject({
      track: { srclang: 'fr' },
      reason: 'original',
    });
    expect(chooseHtml5Track([], 'en')).toBeNull();
  });
});

describe('the transcript as text', () => {
  it('starts each paragraph with its time, keeps a mark per segment, and maps any offset back to a time', () => {
    const { text, marks } = transcriptText(LECTURE_VTT_SEGMENTS, { paragraphSeconds: 12 });
    expect(text.startsWith('[0:00] Prof. Tran: Good morning.')).toBe(true);
    expect(text).toContain('\n\n[0:12] Student: Is that inside the chloroplast? Prof. Tran: Yes.');
    expect(text).toContain('\n\n[1:00:00] One hour in');
    expect(marks).toHaveLength(LECTURE_VTT_SEGMENTS.length);
    for (const [i, m] of marks.entries()) {
      expect(m.t).toBe(LECTURE_VTT_SEGMENTS[i]!.start);
      expect(text.slice(m.at).startsWith(LECTURE_VTT_SEGMENTS[i]!.text)).toBe(true);
    }
    const at = text.indexOf('thylakoid');
    expect(timeAt(marks, at)).toBe(10);
    expect(timeAt(marks, 0)).toBe(0);
    expect(timeAt(marks, text.length)).toBe(3600);
    expect(timeAt([], 5)).toBeNull();
  });

  it('reads and writes timestamps', () => {
    expect(formatTimestamp(7)).toBe('0:07');
    expect(formatTimestamp(754.9)).toBe('12:34');
    expect(formatTimestamp(3723)).toBe('1:02:03');
    expect(parseTimestamp('[12:34]')).toBe(754);
    expect(parseTimestamp('1:02:03')).toBe(3723);
    expect(parseTimestamp('[1:75]')).toBeNull();
    expect([...'At [2:05] and [1:00:10].'.matchAll(TIMESTAMP_PATTERN)].map((m) => parseTimestamp(m[0]))).toEqual([125, 3610]);
  });

  it('opens a YouTube watch URL at a time', () => {
    expect(videoTimeUrl('https://www.youtube.com/watch?v=abc&t=5s', 125.8, 'youtube')).toBe('https://www.youtube.com/watch?v=abc&t=125s');
    expect(videoTimeUrl('https://uni.example/lecture', 125, 'html5')).toBe('https://uni.example/lecture');
  });

  it('becomes a page capture: the transcript alone, or after the page’s own text', () => {
    const video = {
      platform: 'html5' as const,
      videoId: '',
      durationSeconds: 3603,
      track: { languageCode: 'en', name: 'English', autoGenerated: false, reason: 'original' as const },
    };
    const alone = transcriptPage({ url: 'https://uni.example/l3', title: 'Lecture 3', lang: 'en', segments: LECTURE_VTT_SEGMENTS, video });
    expect(alone).toMatchObject({ source: 'transcript', title: 'Lecture 3', lang: 'en', truncated: false });
    expect(alone.video!.marks[0]).toEqual({ at: '[0:00] '.length, t: 0 });
    const page = {
      url: 'https://uni.example/l3',
      title: 'Lecture 3',
      lang: 'en',
      dir: 'ltr' as const,
      text: '# Lecture 3\n\nSlides and notes.',
      source: 'readability' as const,
      truncated: false,
      originalLength: 30,
      framesIncluded: 0,
    };
    const both = transcriptPage({ url: page.url, title: '', lang: 'en', segments: LECTURE_VTT_SEGMENTS, video, page });
    expect(both.text.startsWith('# Lecture 3\n\nSlides and notes.\n\n# Transcript\n\n[0:00] ')).toBe(true);
    expect(both.source).toBe('readability');
    for (const m of both.video!.marks)
      expect(both.text.slice(m.at, m.at + 5)).toBe(LECTURE_VTT_SEGMENTS.find((s) => s.start === m.t)!.text.slice(0, 5));
  });
});
