/** Reads a run directory back for assertions. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface CandidateLine {
  docId: string;
  rootId: string;
  pass: number;
  path: string;
  depth: number;
  context: string;
  question: string;
  model: string;
  usage: { promptTokens: number; completionTokens: number; totalTokens: number };
  attempts: number;
  leafReason: string | null;
  grounding: number[];
}

/** The parts of manifest.json the tests read. */
export interface Manifest {
  configHash: string;
  counts: { candidates: number; parseRetries: number; [key: string]: unknown };
  tokens: { totalTokens: number };
  rootsUnderQuota: unknown[];
  [key: string]: unknown;
}

export async function readJsonl<T = Record<string, unknown>>(file: string): Promise<T[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as T);
}

export async function readRun(runDirectory: string) {
  return {
    candidates: await readJsonl<CandidateLine>(join(runDirectory, 'candidates.jsonl')),
    drops: await readJsonl(join(runDirectory, 'drops.jsonl')),
    diagnostics: await readJsonl<{ path: string; line?: number; severity: string; code: string; message: string }>(join(runDirectory, 'diagnostics.jsonl')),
    roots: await readJsonl<{ rootId: string; docId: string; quota: number; candidates: number; passes: number; error?: string; underQuota: boolean }>(
      join(runDirectory, 'roots.jsonl'),
    ),
    manifest: JSON.parse(await readFile(join(runDirectory, 'manifest.json'), 'utf8')) as Manifest,
  };
}

/** A small corpus written for tests: English documents of a few paragraphs each, optionally one in Chinese. */
export async function writeCorpus(directory: string, documents: number, options: { chinese?: boolean } = {}): Promise<string> {
  await mkdir(directory, { recursive: true });
  const topics = ['bike share', 'coffee machine', 'on-call rota', 'solar panels', 'library', 'garden', 'printer', 'heat pump'];
  for (let index = 0; index < documents; index += 1) {
    const topic = topics[index % topics.length]!;
    const text = [
      `# Notes on the ${topic} number ${index}`,
      `The ${topic} team wrote these notes in week ${index + 1}. They describe how the ${topic} works, who looks after it, and what to do when something breaks. Everyone on the floor is expected to read them once.`,
      `Maintenance happens every ${index + 2} days. The person on duty checks the ${topic}, writes the result in the log book, and reports any damage to the facilities desk before noon.`,
      `When the ${topic} fails outside office hours, call the emergency number printed on the door. Do not try to repair electrical parts yourself; wait for the technician, who usually arrives within two hours.`,
    ].join('\n\n');
    await writeFile(join(directory, `doc-${String(index).padStart(3, '0')}.md`), `${text}\n`);
  }
  if (options.chinese) {
    await writeFile(
      join(directory, 'zh-notes.txt'),
      '共享单车的车辆每天早上都会被重新调配。调度员根据前一天的骑行数据，把车辆从郊区运回市中心的地铁站附近。\n\n' +
        '如果车辆损坏，骑行者可以在应用里拍照上报。维修人员会在二十四小时内处理，并在处理完成后通知上报的用户。\n',
    );
  }
  return directory;
}
