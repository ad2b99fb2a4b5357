import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { baseLanguage } from '../translate/provider.js';

const ESPEAK = '/usr/bin/espeak-ng';
/** From Debian's `opus-tools`: Opus is a tenth of the WAV's size. Without it the WAV is served as is. */
const OPUSENC = '/usr/bin/opusenc';
/** Longer texts are cut here: a message body is at most 10,000 characters, a minute of speech is about 900. */
const MAX_CHARACTERS = 10_000;
/** Rendering never holds a request longer than this. */
const TIME_LIMIT_MS = 20_000;

/** Audio of a text read aloud. */
export interface SpokenAudio {
  readonly bytes: Buffer;
  readonly contentType: 'audio/ogg; codecs=opus' | 'audio/wav';
}

/** The engine cannot read this text (not installed, no voice, failed): the page says reading aloud is unavailable. */
export class SpeechUnavailable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'SpeechUnavailable';
  }
}

/** Renders text as speech. */
export interface SpeechEngine {
  /** True when the engine has a voice for the language (`ar`, `pt-BR`…). */
  speaks(language: string): Promise<boolean>;
  render(text: string, language: string): Promise<SpokenAudio>;
}

/**
 * `espeak-ng` (Debian package `espeak-ng`), with a voice for each of about a hundred languages,
 * encoded as Opus with `opusenc` when installed. Text goes through standard input, never the
 * command line, and both programs run without a shell.
 */
export class EspeakEngine implements SpeechEngine {
  private voices: Promise<ReadonlySet<string>> | undefined;

  constructor(
    private readonly espeak = ESPEAK,
    private readonly opusenc: string | null = fs.existsSync(OPUSENC) ? OPUSENC : null,
  ) {}

  async speaks(language: string): Promise<boolean> {
    return (await this.voiceFor(language)) !== null;
  }

  async render(text: string, language: string): Promise<SpokenAudio> {
    const voice = await this.voiceFor(language);
    if (!voice) throw new SpeechUnavailable(`no espeak-ng voice for ${language}`);
    const wav = await run(this.espeak, ['-v', voice, '--stdout'], Buffer.from(text.slice(0, MAX_CHARACTERS), 'utf8'));
    if (wav.length <= 44) throw new SpeechUnavailable('espeak-ng produced no audio');
    if (!this.opusenc) return { bytes: wav, contentType: 'audio/wav' };
    const opus = await run(this.opusenc, ['--quiet', '--speech', '--bitrate', '24', '-', '-'], wav);
    return { bytes: opus, contentType: 'audio/ogg; codecs=opus' };
  }

  /** The voice for a language: its own region's (`pt-br`) if espeak-ng has one, else the language's. */
  private async voiceFor(language: string): Promise<string | null> {
    this.voices ??= listVoices(this.espeak).catch(() => new Set<string>());
    const voices = await this.voices;
    const exact = language.toLowerCase();
    if (voices.has(exact)) return exact;
    const base = baseLanguage(language);
    if (voices.has(base)) return base;
    // French is listed as fr-fr, Portuguese as pt: the first voice of the language.
    return [...voices].find((voice) => voice.split('-')[0] === base) ?? null;
  }
}

/** The language codes of `espeak-ng --voices` (second column), lowercased. */
async function listVoices(espeak: string): Promise<ReadonlySet<string>> {
  const listing = (await run(espeak, ['--voices'], Buffer.alloc(0))).toString('utf8');
  const codes = listing
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/)[1])
    .filter((code): code is string => Boolean(code));
  return new Set(codes.map((code) => code.toLowerCase()));
}

/** Runs a program with `input` on its standard input and returns its standard output. */
function run(program: string, args: readonly string[], input: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let child;
    try {
      child = spawn(program, args, { stdio: ['pipe', 'pipe', 'ignore'], timeout: TIME_LIMIT_MS, killSignal: 'SIGKILL' });
    } catch (error) {
      reject(new SpeechUnavailable(`${program} could not start: ${String(error)}`));
      return;
    }
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', (error) => reject(new SpeechUnavailable(`${program} failed: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve(Buffer.concat(chunks));
      else reject(new SpeechUnavailable(`${program} ended with ${signal ?? code}`));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}
