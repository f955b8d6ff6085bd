import { Capacity } from './capacity';

describe('Capacity', () => {
  it('serves at most the limit at once and hands a released slot to the first caller in line', async () => {
    const capacity = new Capacity({ limit: 2 });
    const order: string[] = [];
    const first = await capacity.acquire()!;
    const second = await capacity.acquire()!;
    const third = capacity.acquire()!.then((release) => {
      order.push('third');
      return release;
    });
    const fourth = capacity.acquire()!.then((release) => {
      order.push('fourth');
      return release;
    });
    await Promise.resolve();
    expect(order).toEqual([]);
    expect(capacity.inService).toBe(2);
    second();
    second(); // a second release of the same slot changes nothing
    const releaseThird = await third;
    expect(order).toEqual(['third']);
    expect(capacity.inService).toBe(2);
    first();
    (await fourth)();
    releaseThird();
    expect(order).toEqual(['third', 'fourth']);
    expect(capacity.inService).toBe(0);
  });

  it('refuses calls over the limit when it rejects, and is unlimited without a limit', async () => {
    const rejecting = new Capacity({ limit: 1, overLimit: 'reject' });
    const release = await rejecting.acquire()!;
    expect(rejecting.acquire()).toBeUndefined();
    release();
    expect(rejecting.acquire()).toBeDefined();
    const unlimited = new Capacity();
    await Promise.all(Array.from({ length: 100 }, () => unlimited.acquire()!));
    expect(unlimited.inService).toBe(100);
  });

  it('refuses a limit that is not a whole number of at least 1', () => {
    expect(() => new Capacity({ limit: 0 })).toThrow('at least 1, got 0');
    expect(() => new Capacity({ limit: 1.5 })).toThrow(RangeError);
  });
});
