import { isQuestion, questionForm, type QuestionForm } from './question-form';

const cases = (locale: 'en' | 'zh', expected: [string, QuestionForm][]) => {
  for (const [question, form] of expected) expect([question, questionForm(question, locale)]).toEqual([question, form]);
};

describe('questionForm in English', () => {
  it('tells wh-, yes/no and other questions from statements', () => {
    cases('en', [
      ['What did the Labor party win in 2019?', 'wh'], // starts with a wh-word
      ['How many seats?', 'wh'],
      ['In which year did the party win?', 'wh'], // "?" and a wh-word after a lead-in
      ['What the council decided.', 'wh'], // starts with a wh-word, no "?"
      ['Did the Labor party win in 2019?', 'yes-no'], // auxiliary + "?"
      ["Isn't the station closed?", 'yes-no'],
      ['Did the council explain why the station closed?', 'yes-no'], // the auxiliary comes first
      ['The station closed in 2019?', 'other-question'], // only the "?"
      ['Is the station still open', 'other-question'], // auxiliary without "?"
      ['The city of New York has a unique culture.', 'not-a-question'],
      ['Explain why the station closed.', 'not-a-question'], // an instruction, no "?"
    ]);
  });
});

describe('questionForm in Chinese', () => {
  it('tells wh-, yes/no and other questions from statements', () => {
    cases('zh', [
      ['北京是中国的首都吗？', 'yes-no'],
      ['北京是中国的首都吗', 'yes-no'], // ？ is optional after 吗
      ['你知道他是谁吗？', 'yes-no'], // a final 吗 wins over the embedded 谁
      ['中国的首都是哪个城市？', 'wh'],
      ['上海的人口是多少', 'wh'], // no ？ needed
      ['为什么工党获胜？', 'wh'],
      ['这是什么？', 'wh'], // ends with 么, but inside 什么
      ['他是不是学生？', 'yes-no'],
      ['是否应该延长开放时间？', 'yes-no'],
      ['这样做对么？', 'yes-no'],
      ['那北京呢？', 'other-question'],
      ['他去了北京？', 'other-question'],
      ['任何人都可以进入图书馆。', 'not-a-question'], // 何 only inside 任何
      ['几乎所有人都同意。', 'not-a-question'], // 几 only inside 几乎
      ['图书馆在2019年搬进了旧火车站。', 'not-a-question'],
    ]);
  });
  it('follows the question script, not the locale', () => {
    expect(questionForm('What is GDP?', 'zh')).toBe('wh');
    expect(questionForm('北京是首都吗？', 'en')).toBe('yes-no');
  });
});

describe('isQuestion', () => {
  it('is false only for not-a-question', () => {
    expect(isQuestion('The station closed in 2019?', 'en')).toBe(true);
    expect(isQuestion('The city of New York has a unique culture.', 'en')).toBe(false);
    expect(isQuestion('图书馆在2019年搬进了旧火车站。', 'zh')).toBe(false);
  });
});
