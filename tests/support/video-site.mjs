// A local video site for the lecture-video tests, on 127.0.0.1 (the only remote host the tests
// fake is the video site itself):
//   /watch?v=ID          a page shaped like a YouTube watch page: the player (#movie_player with its
//                        <video class="html5-main-video">), and the player response in a script
//                        (var ytInitialPlayerResponse = {…}) listing caption tracks whose baseUrl is
//                        this site's /api/timedtext
//   /api/timedtext       the timed-text endpoint: JSON3 for fmt=json3, srv3 XML for fmt=srv3, WebVTT
//                        for fmt=vtt, the default XML (srv1) with no fmt; an empty 200 for videos set
//                        to refuse (what YouTube answers without its proof-of-origin token)
//   /lectures/ID.html    a plain page with an HTML5 <video> and <track kind=captions src=….vtt>
//                        (the VTT: `captions[ID]` when given, else LECTURE_VTT)
//   /media/lecture.wav   the video's media: a WAV file (audio only, which <video> plays), generated
//                        here, so the player has a real duration and seeks without a video codec
// Every request is logged, with its query.
import http from 'node:http';
import { LECTURE_LINES, LECTURE_VTT, json3Asr, json3Manual, playerResponse, playerResponseScript, srv1, srv3 } from './caption-samples.mjs';

/** A WAV file of silence (8-bit mono, 8 kHz): a valid media file of any length, no codec needed. */
export function silentWav(seconds) {
  const rate = 8000;
  const samples = Math.round(seconds * rate);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + samples, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16); // PCM header size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate, 28); // bytes per second
  header.writeUInt16LE(1, 32); // block align
  header.writeUInt16LE(8, 34); // bits per sample
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(samples, 40);
  return Buffer.concat([header, Buffer.alloc(samples, 0x80)]);
}

/**
 * @typedef {{ lang: string, name: string, asr?: boolean, default?: boolean }} TrackSpec
 * @typedef {{ title: string, tracks: TrackSpec[], refuse?: boolean, lines?: typeof LECTURE_LINES }} VideoSpec
 */

/** The videos the site has, by id. */
export const DEFAULT_VIDEOS = {
  /** Written English captions and automatic ones, and Vietnamese. */
  water1: {
    title: 'The water cycle (lecture 1)',
    tracks: [
      { lang: 'en', name: 'English', default: true },
      { lang: 'en', name: 'English (auto-generated)', asr: true },
      { lang: 'vi', name: 'Tiếng Việt' },
    ],
  },
  /** Only automatic captions. */
  asronly: { title: 'Office hours (automatic captions only)', tracks: [{ lang: 'en', name: 'English (auto-generated)', asr: true }] },
  /** No captions at all. */
  nocaps: { title: 'A silent experiment', tracks: [] },
  /** Captions listed, but the endpoint answers nothing (as YouTube does without its token). */
  refused: { title: 'A refused lecture', tracks: [{ lang: 'en', name: 'English' }], refuse: true },
};

function watchPage(id, video, origin) {
  const response = playerResponse(id, video.title, `${origin}/api/timedtext`, video.tracks);
  if (!video.tracks.length) delete response.captions;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${video.title} - LocalTube</title></head>
<body><div id="page-manager"><div id="player"><div id="movie_player" class="html5-video-player">
<video class="video-stream html5-main-video" src="/media/lecture.wav" preload="auto"></video></div></div>
<h1 class="title">${video.title}</h1><div id="description">A lecture from Locus Test University.</div></div>
<script nonce="n">window.ytcfg = { set() {} };</script>
<script nonce="n">${playerResponseScript(response)}</script>
</body></html>`;
}

function lecturePage(id) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lecture 3: Photosynthesis</title></head>
<body><main><h1>Lecture 3: Photosynthesis</h1><p>Watch the recording; the captions are below the player.</p>
<video id="lecture" controls preload="auto" src="/media/lecture.wav" width="640">
<track kind="captions" src="/captions/${id}.en.vtt" srclang="en" label="English" default>
</video></main></body></html>`;
}

/** @param {{ port?: number, videos?: Record<string, VideoSpec>, captions?: Record<string, string>, mediaSeconds?: number }} [options] */
export async function startVideoSite({ port = 0, videos = DEFAULT_VIDEOS, captions = {}, mediaSeconds = 3700 } = {}) {
  const log = [];
  const sockets = new Set();
  const wav = silentWav(mediaSeconds);
  let origin = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    log.push({ method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams) });
    const send = (status, type, body, headers = {}) => res.writeHead(status, { 'Content-Type': type, ...headers }).end(body);
    if (url.pathname === '/watch') {
      const id = url.searchParams.get('v') ?? '';
      const video = videos[id];
      return video ? send(200, 'text/html; charset=utf-8', watchPage(id, video, origin)) : send(404, 'text/plain', 'no such video');
    }
    if (url.pathname === '/api/timedtext') {
      const video = videos[url.searchParams.get('v') ?? ''];
      const lang = url.searchParams.get('lang') ?? '';
      const asr = url.searchParams.get('kind') === 'asr';
      const track = video?.tracks.find((t) => t.lang === lang && Boolean(t.asr) === asr);
      if (!video || !track || video.refuse) return send(200, 'text/html; charset=UTF-8', '');
      const lines = video.lines ?? LECTURE_LINES;
      switch (url.searchParams.get('fmt')) {
        case 'json3':
          return send(200, 'application/json; charset=UTF-8', asr ? json3Asr(lines) : json3Manual(lines));
        case 'srv3':
          return send(200, 'text/xml; charset=UTF-8', srv3(lines, asr));
        case 'vtt':
          return send(200, 'text/vtt; charset=UTF-8', LECTURE_VTT);
        default:
          return send(200, 'text/xml; charset=UTF-8', srv1(lines));
      }
    }
    let m = /^\/lectures\/([\w-]+)\.html$/.exec(url.pathname);
    if (m) return send(200, 'text/html; charset=utf-8', lecturePage(m[1]));
    m = /^\/captions\/([\w-]+)\.en\.vtt$/.exec(url.pathname);
    if (m) return send(200, 'text/vtt; charset=utf-8', captions[m[1]] ?? LECTURE_VTT);
    if (url.pathname === '/media/lecture.wav') {
      // Range requests, as media elements make them.
      const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
      if (range) {
        const start = Number(range[1]);
        const end = range[2] ? Math.min(Number(range[2]), wav.length - 1) : wav.length - 1;
        return send(206, 'audio/wav', wav.subarray(start, end + 1), {
          'Content-Range': `bytes ${start}-${end}/${wav.length}`,
          'Accept-Ranges': 'bytes',
        });
      }
      return send(200, 'audio/wav', wav, { 'Accept-Ranges': 'bytes' });
    }
    return send(404, 'text/plain', 'not found');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
  return {
    origin,
    log,
    watchUrl: (id) => `${origin}/watch?v=${id}`,
    lectureUrl: (id = 'l3') => `${origin}/lectures/${id}.html`,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}
