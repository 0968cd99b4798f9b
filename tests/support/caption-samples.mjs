// Caption files in the formats Locus reads, written by hand from their documentation (W3C WebVTT;
// YouTube's player response and timed-text formats as its player and the public transcript tools
// read them), shared by the unit tests and the local video site of the end-to-end tests.

/** A lecture's captions as WebVTT (text/vtt): BOM, header, STYLE/REGION/NOTE blocks, cue settings,
 * voices and other tags, character references, overlapping cues, empty cues, roll-up repeats, and
 * a cue with broken timings. */
export const LECTURE_VTT = [
  '\ufeffWEBVTT - Lecture 3: Photosynthesis',
  'Kind: captions',
  'Language: en',
  '',
  'STYLE',
  '::cue(.term) { color: yellow; }',
  '',
  'REGION',
  'id:bottom',
  'width:80%',
  'lines:3',
  '',
  'NOTE This file was written for Locus tests.',
  'It has comments that must not be read as captions.',
  '',
  'intro',
  '00:00.000 --> 00:04.500 align:start position:10% line:85% size:80%',
  '<v Prof. Tran>Good morning. Today we study <c.term>photosynthesis</c>.</v>',
  '',
  '00:04.500 --> 00:09.000 region:bottom',
  '<v Prof. Tran>Plants turn light, water &amp; carbon dioxide',
  'into sugar &lt;glucose&gt; and oxygen.</v>',
  '',
  'NOTE an empty cue follows: it has timings and nothing to say',
  '',
  '00:09.000 --> 00:09.500',
  '',
  '00:09.500 --> 00:10.000',
  '<i> </i>',
  '',
  '3',
  '00:00:10.000 --> 00:00:15.000',
  '<v Prof. Tran>The <b>light reactions</b> happen in the <u>thylakoid</u> membranes.</v>',
  '',
  '00:00:12.000 --> 00:00:14.000 vertical:rl',
  '<v Student>Is that inside the chloroplast?</v>',
  '',
  '00:00:15.000 --> 00:00:20.000',
  '<v Prof. Tran>Yes.<00:00:16.000> The Calvin cycle then fixes carbon in the stroma,',
  'using ATP and NADPH&nbsp;from the light reactions.</v>',
  '',
  'broken timing',
  '00:00:20.000 -> 00:00:22.000',
  'This cue has a broken arrow and is skipped.',
  '',
  '00:00:22.000 --> 00:00:25.000',
  'In Japanese the chloroplast is <ruby>葉緑体<rt>ようりょくたい</rt></ruby>; in Vietnamese <lang vi>lục lạp</lang>.',
  '',
  '00:00:25.000 --> 00:00:27.000',
  'Roll-up captions repeat',
  '',
  '00:00:26.000 --> 00:00:29.000',
  'Roll-up captions repeat',
  'the line before them.',
  '',
  '00:00:28.000 --> 00:00:31.000',
  'the line before them.',
  'Locus keeps each line once.',
  '',
  '01:00:00.000 --> 01:00:03.000',
  'One hour in: the end of the lecture.',
  '',
].join('\r\n');

/** The transcript text LECTURE_VTT should give, segment by segment. */
export const LECTURE_VTT_SEGMENTS = [
  { start: 0, end: 4.5, text: 'Prof. Tran: Good morning. Today we study photosynthesis.' },
  { start: 4.5, end: 9, text: 'Plants turn light, water & carbon dioxide into sugar <glucose> and oxygen.' },
  { start: 10, end: 15, text: 'The light reactions happen in the thylakoid membranes.' },
  { start: 12, end: 14, text: 'Student: Is that inside the chloroplast?' },
  {
    start: 15,
    end: 20,
    text: 'Prof. Tran: Yes. The Calvin cycle then fixes carbon in the stroma, using ATP and NADPH from the light reactions.',
  },
  { start: 22, end: 25, text: 'In Japanese the chloroplast is 葉緑体; in Vietnamese lục lạp.' },
  { start: 25, end: 27, text: 'Roll-up captions repeat' },
  { start: 26, end: 29, text: 'the line before them.' },
  { start: 28, end: 31, text: 'Locus keeps each line once.' },
  { start: 3600, end: 3603, text: 'One hour in: the end of the lecture.' },
];

/** The lecture as YouTube's timed text answers it, in each format. */
export const LECTURE_LINES = [
  { start: 0.32, dur: 4.1, text: "Welcome to today's lecture on the water cycle." },
  { start: 4.42, dur: 3.9, text: 'Water evaporates from the oceans & lakes when the sun warms them.' },
  { start: 8.32, dur: 4.4, text: 'The vapour cools and condenses into clouds.' },
  { start: 12.72, dur: 4.0, text: 'Rain returns the water to the ground, and rivers carry it to the sea.' },
  { start: 16.72, dur: 3.5, text: 'That loop is the "water cycle".' },
];

/** fmt=json3 for written captions: one event per caption, with window and pen definitions around. */
export function json3Manual(lines = LECTURE_LINES) {
  return JSON.stringify({
    wireMagic: 'pb3',
    pens: [{}],
    wsWinStyles: [{}, { mhModeHint: 2, juJustifCode: 0, sdScrollDir: 3 }],
    wpWinPositions: [{}, { apPoint: 6, ahHorPos: 20, avVerPos: 100, rcRows: 2, ccCols: 40 }],
    events: [
      { tStartMs: 0, dDurationMs: 25000, id: 1, wpWinPosId: 1, wsWinStyleId: 1 }, // a window, no text
      ...lines.map((l) => ({
        tStartMs: Math.round(l.start * 1000),
        dDurationMs: Math.round(l.dur * 1000),
        wWinId: 1,
        segs: [{ utf8: l.text.replace(' when ', '\nwhen ') }], // a line break inside a caption
      })),
    ],
  });
}

/** fmt=json3 for automatic captions: words as segs with offsets, line breaks as appended events. */
export function json3Asr(lines = LECTURE_LINES) {
  const events = [{ tStartMs: 0, dDurationMs: 30000, id: 1, wpWinPosId: 1, wsWinStyleId: 1 }];
  for (const l of lines) {
    const words = l.text.replace(/[."']/g, '').toLowerCase().split(' ');
    const start = Math.round(l.start * 1000);
    events.push({
      tStartMs: start,
      dDurationMs: Math.round(l.dur * 1000) + 600, // ASR events overlap the next one
      wWinId: 1,
      segs: words.map((w, i) => (i === 0 ? { utf8: w, acAsrConf: 0 } : { utf8: ` ${w}`, tOffsetMs: i * 240, acAsrConf: 0 })),
    });
    events.push({ tStartMs: start + Math.round(l.dur * 1000), dDurationMs: 600, wWinId: 1, aAppend: 1, segs: [{ utf8: '\n' }] });
  }
  return JSON.stringify({ wireMagic: 'pb3', pens: [{}], wsWinStyles: [{}], wpWinPositions: [{}], events });
}

const xmlEscape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The default XML (srv1): seconds, text escaped twice (&amp;#39; for an apostrophe). */
export function srv1(lines = LECTURE_LINES) {
  const html = (s) => s.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/"/g, '&quot;');
  return `<?xml version="1.0" encoding="utf-8" ?><transcript>${lines
    .map((l) => `<text start="${l.start}" dur="${l.dur}">${xmlEscape(html(l.text))}</text>`)
    .join('')}<text start="21" dur="1"></text></transcript>`;
}

/** fmt=srv3: milliseconds, <p> per caption, words in <s> for automatic captions. */
export function srv3(lines = LECTURE_LINES, asr = false) {
  const body = lines
    .map((l) => {
      const t = Math.round(l.start * 1000);
      const d = Math.round(l.dur * 1000);
      if (!asr) return `<p t="${t}" d="${d}" w="1">${xmlEscape(l.text)}</p>`;
      const words = l.text.split(' ');
      return `<p t="${t}" d="${d}" w="1"><s ac="0">${xmlEscape(words[0])}</s>${words
        .slice(1)
        .map((w, i) => `<s t="${(i + 1) * 240}" ac="0"> ${xmlEscape(w)}</s>`)
        .join('')}</p><p t="${t + d}" d="10" w="1" a="1">\n</p>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="utf-8" ?><timedtext format="3"><head><ws id="0"/><wp id="0"/></head><body>${body}</body></timedtext>`;
}

/**
 * A YouTube watch page's player response, with caption tracks whose baseUrl points at `timedtextBase`
 * (the site's /api/timedtext). `tracks`: which tracks the video has.
 */
export function playerResponse(videoId, title, timedtextBase, tracks) {
  const track = (t) => ({
    baseUrl: `${timedtextBase}?v=${videoId}&caps=asr&xoaf=5&hl=en&ip=0.0.0.0&ipbits=0&expire=1900000000&sparams=ip,ipbits,expire,v&signature=ABC.DEF&key=yt8&lang=${t.lang}${t.asr ? '&kind=asr' : ''}`,
    name: t.runs ? { runs: [{ text: t.name }] } : { simpleText: t.name },
    vssId: `${t.asr ? 'a' : ''}.${t.lang}`,
    languageCode: t.lang,
    ...(t.asr ? { kind: 'asr' } : {}),
    isTranslatable: true,
    trackName: '',
  });
  return {
    responseContext: { serviceTrackingParams: [] },
    playabilityStatus: { status: 'OK', playableInEmbed: true },
    captions: {
      playerCaptionsTracklistRenderer: {
        captionTracks: tracks.map(track),
        audioTracks: [
          {
            captionTrackIndices: tracks.map((_, i) => i),
            defaultCaptionTrackIndex: Math.max(
              0,
              tracks.findIndex((t) => t.default),
            ),
          },
        ],
        translationLanguages: [{ languageCode: 'vi', languageName: { simpleText: 'Vietnamese' } }],
        defaultAudioTrackIndex: 0,
      },
    },
    videoDetails: {
      videoId,
      title,
      lengthSeconds: '1260',
      author: 'Locus Test University',
      shortDescription: 'A lecture. Braces in text: } { and a quote: " must not confuse a parser.',
      isLiveContent: false,
    },
  };
}

/** The script a watch page carries it in, as YouTube writes it. */
export function playerResponseScript(response) {
  return `var ytInitialPlayerResponse = ${JSON.stringify(response)};var meta = document.createElement('meta'); meta.name = 'referrer'; if (window.ytcsi) {}`;
}
