/** A synthetic corpus of small English documents (and optionally one Chinese one) for tests and benchmarks. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const TOPICS = ['bike share', 'coffee machine', 'on-call rota', 'solar panels', 'library', 'garden', 'printer', 'heat pump'];

export async function writeCorpus(directory: string, documents: number, options: { chinese?: boolean; small?: boolean } = {}): Promise<string> {
  await mkdir(directory, { recursive: true });
  for (let index = 0; index < documents; index += 1) {
    const topic = TOPICS[index % TOPICS.length]!;
    if (options.small) {
      // About 230 characters: one root of a few CST nodes (the orchestration, not the model, is measured).
      const text = `The ${topic} number ${index} is checked every ${index % 7 + 2} days by the person on duty. Damage is reported to the facilities desk before noon, and the technician usually arrives within two hours.`;
      await writeFile(join(directory, `doc-${String(index).padStart(5, '0')}.txt`), `${text}\n`);
      continue;
    }
    const text = [
      `# Notes on the ${topic} number ${index}`,
      `The ${topic} team wrote these notes in week ${index + 1}. They describe how the ${topic} works, who looks after it, and what to do when something breaks. Everyone on the floor is expected to read them once.`,
      `Maintenance happens every ${index + 2} days. The person on duty checks the ${topic}, writes the result in the log book, and reports any damage to the facilities desk before noon.`,
      `When the ${topic} fails outside office hours, call the emergency number printed on the door. Do not try to repair electrical parts yourself; wait for the technician, who usually arrives within two hours.`,
    ].join('\n\n');
    await writeFile(join(directory, `doc-${String(index).padStart(5, '0')}.md`), `${text}\n`);
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
