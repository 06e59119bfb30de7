/**
 * A programme may name a video for the research phase: a file in content/media/ (served by the app
 * itself, so it works offline) or an https address (allowed by the CSP for video only).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../server/content/loadContent.ts';
import { PROJECT_ROOT } from '../../server/startServer.ts';
import { createSession, hostClient } from '../../scripts/lib/clients.ts';
import { useLiveServer } from '../helpers/liveServer.ts';

/** The real content, with a video named in the research phase. */
function contentWithVideo(video: string) {
  const dir = mkdtempSync(join(tmpdir(), 'driegesprek-media-'));
  cpSync(join(PROJECT_ROOT, 'content'), dir, { recursive: true });
  mkdirSync(join(dir, 'media'), { recursive: true });
  writeFileSync(join(dir, 'media', 'film.mp4'), Buffer.from('not really a film, but bytes all the same'));
  writeFileSync(join(dir, 'media', 'notities.txt'), 'geheim');
  const programme = join(dir, 'programmes', 'tienminutengesprekken.md');
  writeFileSync(programme, readFileSync(programme, 'utf8').replace('    quickscan: true\n', `    quickscan: true\n    video: ${video}\n`));
  return { dir, content: loadContent(dir) };
}

describe('a video in the research phase', () => {
  const local = contentWithVideo('film.mp4');
  const live = useLiveServer({ content: local.content, mediaDir: join(local.dir, 'media') });

  it('serves the file from content/media and offers it on the projector next to the presentation', async () => {
    const { url } = live.server;
    const film = await fetch(`${url}/media/film.mp4`);
    expect(film.status).toBe(200);
    expect(film.headers.get('content-type')).toBe('video/mp4');
    expect(await film.text()).toBe('not really a film, but bytes all the same');
    // Only video files: nothing else from the folder, and no way out of it.
    expect((await fetch(`${url}/media/notities.txt`)).status).toBe(404);
    expect((await fetch(`${url}/media/..%2Fprogrammes%2Ftienminutengesprekken.md`)).status).toBe(404);

    const { code, hostToken } = await createSession(url);
    const host = live.track(hostClient(url, code, hostToken));
    await host.until((view) => view.status === 'lobby');
    expect(await host.socket.emitWithAck('host:start', {})).toEqual({ ok: true, data: null });
    expect(await host.socket.emitWithAck('host:next', {})).toEqual({ ok: true, data: null });
    const view = await host.until((candidate) => candidate.research !== null);
    expect(view.research?.video).toBe('/media/film.mp4');
  });
});

describe('a video on another site', () => {
  const remote = contentWithVideo('https://video.example.org/onderzoek.mp4');
  const live = useLiveServer({ content: remote.content });

  it('is allowed by the CSP for media only, and nowhere else', async () => {
    const csp = (await fetch(`${live.server.url}/api/programmes`)).headers.get('content-security-policy') ?? '';
    const directives = Object.fromEntries(csp.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives['media-src']).toEqual(["'self'", 'https://video.example.org']);
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(csp.match(/video\.example\.org/g)).toHaveLength(1);
  });
});
