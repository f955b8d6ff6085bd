/**
 * Example triplets {context, question, answer} for the answer program (SPEC inputs and stage 3): the
 * project's own defaults (written by the augcon team, not taken from the paper), and the parser for a
 * user's JSONL file, whose errors name the file, the line and the field.
 */
import { z } from 'zod';
import type { PromptLanguage } from '../cst/prompt';
import { parseJson } from '../cst/parse';

export interface ExampleTriplet {
  context: string;
  question: string;
  answer: string;
}

const NON_EMPTY = 'expected a non-empty string';
const text = () => z.string({ error: NON_EMPTY }).trim().min(1, { error: NON_EMPTY });

/** One line of an examples file. Other fields (an id, a note) are allowed and dropped. */
export const ExampleTripletSchema = z.object({ context: text(), question: text(), answer: text() }, { error: 'expected a JSON object {context, question, answer}' });

/** The SPEC asks for 5 to 10 examples; fewer or more only warns, none or very many is refused. */
export const EXAMPLES_RECOMMENDED = { min: 5, max: 10 } as const;
export const EXAMPLES_LIMIT = { min: 1, max: 20 } as const;

const ENGLISH: readonly ExampleTriplet[] = [
  {
    context:
      'Honeybees make honey from flower nectar. Worker bees add enzymes that break down the sugars in the nectar and spread it in wax cells. They fan the cells with their wings until most of the water evaporates, then seal the thick honey under a wax cap.',
    question: 'How do bees turn nectar into honey?',
    answer:
      'Worker bees add enzymes that break down the sugars in the nectar, spread it in wax cells and fan it with their wings until most of the water evaporates. The thickened honey is then sealed under a wax cap.',
  },
  {
    context:
      'Around 1450 Johannes Gutenberg combined movable metal type, an oil-based ink and a screw press adapted from wine-making. Setting the type for a page took hours, but once it was set, each further copy was cheap to print. Within fifty years, print shops had opened in more than two hundred European towns.',
    question: "Why did Gutenberg's press make books cheaper?",
    answer: 'Setting the movable metal type took hours, but once a page was set, every further copy of it was cheap to print.',
  },
  {
    context:
      'Adults who regularly sleep less than seven hours a night are more likely to gain weight and to catch colds. During deep sleep the body releases growth hormone and repairs tissue. The brain also clears out waste products that build up while we are awake.',
    question: 'What does the body do during deep sleep?',
    answer: 'During deep sleep the body releases growth hormone and repairs tissue, and the brain clears out waste products that build up while we are awake.',
  },
  {
    context:
      'Two-factor authentication asks for a second proof of identity after the password, such as a code from a phone app. Even if a password leaks, an attacker without the phone cannot sign in. Codes sent by text message are weaker than app codes, because a phone number can be moved to another SIM card by fraud.',
    question: 'Why are text-message codes weaker than codes from an app?',
    answer: 'A phone number can be fraudulently moved to another SIM card, so codes sent by text message can end up with someone else.',
  },
  {
    context:
      'The Lindenfeld bakery is a cooperative owned by its thirty workers. Every worker has one vote at the yearly meeting, where they elect the manager and decide how the profit is used. Last year they voted to keep half of the profit for a new oven and to share the rest equally.',
    question: "How did the Lindenfeld bakery's workers decide to use last year's profit?",
    answer: 'At the yearly meeting the workers voted to keep half of the profit for a new oven and to share the rest equally.',
  },
  {
    context:
      'Mangrove forests grow along tropical coasts where the sea meets the land. Their tangled roots slow down waves and trap mud, which protects the shore from storms and erosion. The calm water among the roots shelters young fish, so many coastal fisheries depend on mangroves.',
    question: 'How do mangroves protect the shore?',
    answer: 'The tangled roots of mangroves slow down waves and trap mud, which protects the shore from storms and erosion.',
  },
];

const CHINESE: readonly ExampleTriplet[] = [
  {
    context:
      '绿茶和红茶来自同一种茶树。绿茶采摘后很快用高温杀青，阻止茶叶氧化，所以保留了绿色和清香。红茶则经过萎凋、揉捻和充分发酵，茶叶氧化后颜色变深，味道更醇厚。',
    question: '绿茶和红茶为什么颜色和味道不同？',
    answer:
      '两者来自同一种茶树，区别在于加工：绿茶采摘后很快高温杀青，阻止了氧化，保留了绿色和清香；红茶经过萎凋、揉捻和充分发酵，氧化后颜色变深，味道更醇厚。',
  },
  {
    context:
      '清河市去年开通了第一条地铁线，全长二十二公里，设十八个车站。开通后，从城东到火车站的时间由一小时缩短到二十五分钟。为了方便换乘，每个车站旁都设置了公共自行车停放点。',
    question: '清河市的第一条地铁线带来了哪些便利？',
    answer: '从城东到火车站的时间由一小时缩短到了二十五分钟；每个车站旁还设有公共自行车停放点，换乘很方便。',
  },
  {
    context:
      '雨后出现彩虹，是因为阳光射入空中的小水滴时发生了折射和反射。不同颜色的光折射的角度不同，于是白光被分解成红、橙、黄、绿、蓝、靛、紫等颜色。观看彩虹时，太阳一定在观察者的背后。',
    question: '彩虹的颜色是怎么来的？',
    answer: '阳光射入小水滴时发生折射和反射，而不同颜色的光折射角度不同，白光就被分解成了红、橙、黄、绿、蓝、靛、紫等颜色。',
  },
  {
    context:
      '人体大约百分之六十是水。水帮助调节体温、运送养分，并通过尿液排出代谢废物。天气炎热或运动出汗时，身体失水加快，应当及时、少量多次地补充水分。',
    question: '运动出汗时应该怎样补水？',
    answer: '运动出汗时身体失水加快，应当及时补水，并且少量多次地喝。',
  },
  {
    context:
      '东汉时期，蔡伦改进了造纸术。他用树皮、麻头、破布和旧渔网作原料，制成的纸既轻便又便宜。此后，纸逐渐取代竹简和丝帛，成为主要的书写材料。',
    question: '蔡伦改进的纸为什么能取代竹简和丝帛？',
    answer: '蔡伦用树皮、麻头、破布和旧渔网造出的纸既轻便又便宜，所以逐渐取代了竹简和丝帛，成为主要的书写材料。',
  },
  {
    context:
      '锂电池最怕长时间处在满电或完全没电的状态。电量保持在百分之二十到百分之八十之间时，电池老化得更慢。高温也会损伤电池，所以不要在阳光直射的车里给手机充电。',
    question: '怎样做可以让手机的锂电池老化得慢一些？',
    answer: '尽量让电量保持在百分之二十到百分之八十之间，避免长时间满电或完全没电；也不要在高温下充电，比如阳光直射的车里。',
  },
];

export function defaultAnswerExamples(language: PromptLanguage): readonly ExampleTriplet[] {
  return language === 'zh' ? CHINESE : ENGLISH;
}

export type ExampleParseResult = { ok: true; examples: ExampleTriplet[]; warnings: string[] } | { ok: false; message: string };

/** At most this many problems are listed; a file that is wrong everywhere needs no 500-line message. */
const MAX_LISTED_PROBLEMS = 10;

function describeLineIssues(error: z.ZodError, where: string): string[] {
  return error.issues.map((issue) => {
    const field = issue.path.length > 0 ? `field "${issue.path.join('.')}": ` : '';
    return `${where}: ${field}${issue.message}`;
  });
}

/**
 * Reads a JSONL file of example triplets, one JSON object per line; blank lines are ignored. Every
 * problem is reported as `examples.jsonl line 3: field "answer": expected a non-empty string`, all
 * problems of the file at once (up to 10).
 */
export function parseExampleTriplets(jsonlText: string, fileName: string): ExampleParseResult {
  const problems: string[] = [];
  const examples: ExampleTriplet[] = [];
  const lines = jsonlText.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim().length === 0) return;
    const where = `${fileName} line ${index + 1}`;
    const json = parseJson(line);
    if (!json.ok) {
      problems.push(`${where}: ${json.reason}`);
      return;
    }
    const checked = ExampleTripletSchema.safeParse(json.value);
    if (!checked.success) {
      problems.push(...describeLineIssues(checked.error, where));
      return;
    }
    examples.push(checked.data);
  });
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
    if (problems.length > listed.length) listed.push(`${fileName}: ... and ${problems.length - listed.length} more problems`);
    return { ok: false, message: listed.join('\n') };
  }
  const expected = `expected ${EXAMPLES_RECOMMENDED.min} to ${EXAMPLES_RECOMMENDED.max} lines of {"context", "question", "answer"}`;
  if (examples.length < EXAMPLES_LIMIT.min) return { ok: false, message: `${fileName}: no examples found (${expected})` };
  if (examples.length > EXAMPLES_LIMIT.max) {
    return { ok: false, message: `${fileName}: ${examples.length} examples is more than the limit of ${EXAMPLES_LIMIT.max} (${expected})` };
  }
  const warnings =
    examples.length < EXAMPLES_RECOMMENDED.min || examples.length > EXAMPLES_RECOMMENDED.max
      ? [`${fileName}: ${examples.length} example${examples.length === 1 ? '' : 's'}; the method is meant for ${EXAMPLES_RECOMMENDED.min} to ${EXAMPLES_RECOMMENDED.max}`]
      : [];
  return { ok: true, examples, warnings };
}
