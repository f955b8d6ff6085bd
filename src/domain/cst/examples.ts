/**
 * The project's own Context-Split-Tree examples (written by the augcon team, not taken from the
 * paper): each shows one node of a tree, its question about the whole passage and its two-way split.
 * Users may replace them with examples from their own domain.
 */
import type { PromptLanguage } from './prompt';

export interface CstExample {
  context: string;
  question: string;
  context1: string;
  context2: string;
}

const ENGLISH: readonly CstExample[] = [
  {
    context:
      'The town library moved into the old railway station in 2019. The waiting hall became a reading room, and the ticket office now lends laptops. Since the move, visits have doubled, mostly because commuters drop in on their way home.',
    question: 'How did moving into the old railway station change the town library?',
    context1:
      'The town library moved into the old railway station in 2019. The waiting hall became a reading room, and the ticket office now lends laptops.',
    context2:
      'Since the library moved into the old railway station, visits have doubled, mostly because commuters drop in on their way home.',
  },
  {
    context:
      'Sourdough rises because wild yeast and lactic acid bacteria ferment the flour. The bacteria give the bread its sour taste, while the yeast produces the gas that lifts the dough.',
    question: 'What do wild yeast and bacteria each contribute to sourdough?',
    context1: 'Sourdough rises because wild yeast and lactic acid bacteria ferment the flour.',
    context2:
      'In sourdough, the bacteria give the bread its sour taste, while the yeast produces the gas that lifts the dough.',
  },
  {
    context:
      'A heat pump moves heat instead of making it. In winter it pulls warmth from the outside air, even when that air is cold, and releases it indoors.',
    question: 'How can a heat pump warm a house with cold outside air?',
    context1: 'A heat pump moves heat instead of making it.',
    context2:
      'In winter a heat pump pulls warmth from the outside air, even when that air is cold, and releases it indoors.',
  },
];

const CHINESE: readonly CstExample[] = [
  {
    context:
      '小镇图书馆在2019年搬进了旧火车站。候车大厅改成了阅览室，售票处现在出借笔记本电脑。搬迁之后，到馆人次翻了一番，主要是下班回家的通勤者顺路进来。',
    question: '搬进旧火车站给小镇图书馆带来了哪些变化？',
    context1: '小镇图书馆在2019年搬进了旧火车站。候车大厅改成了阅览室，售票处现在出借笔记本电脑。',
    context2: '小镇图书馆搬进旧火车站之后，到馆人次翻了一番，主要是下班回家的通勤者顺路进来。',
  },
  {
    context: '酸面包之所以能发起来，是因为野生酵母和乳酸菌发酵了面粉。乳酸菌带来酸味，酵母则产生让面团膨胀的气体。',
    question: '野生酵母和乳酸菌分别为酸面包带来了什么？',
    context1: '酸面包之所以能发起来，是因为野生酵母和乳酸菌发酵了面粉。',
    context2: '在酸面包中，乳酸菌带来酸味，酵母则产生让面团膨胀的气体。',
  },
  {
    context: '热泵并不产生热量，而是搬运热量。冬天，即使室外空气很冷，热泵也能从中提取热量并释放到室内。',
    question: '室外空气很冷时，热泵为什么还能给房屋供暖？',
    context1: '热泵并不产生热量，而是搬运热量。',
    context2: '冬天，即使室外空气很冷，热泵也能从室外空气中提取热量并释放到室内。',
  },
];

export function defaultCstExamples(language: PromptLanguage): readonly CstExample[] {
  return language === 'zh' ? CHINESE : ENGLISH;
}
