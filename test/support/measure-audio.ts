import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Duration in seconds and RMS amplitude of audio bytes, decoded by opusdec (Opus) and measured by sox. */
export function measureAudio(bytes: Buffer, contentType: string): { seconds: number; rms: number } {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'read-aloud-'));
  try {
    const wav = path.join(folder, 'audio.wav');
    if (contentType.startsWith('audio/ogg')) {
      fs.writeFileSync(path.join(folder, 'audio.opus'), bytes);
      execFileSync('opusdec', ['--quiet', path.join(folder, 'audio.opus'), wav]);
    } else {
      fs.writeFileSync(wav, bytes);
    }
    const seconds = Number(execFileSync('sox', ['--i', '-D', wav]).toString().trim());
    // `stat` writes to standard error.
    const stat = spawnSync('sox', [wav, '-n', 'stat']).stderr.toString();
    const rms = Number(/RMS\s+amplitude:\s+([0-9.]+)/.exec(stat)?.[1]);
    return { seconds, rms };
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}
