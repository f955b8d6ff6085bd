/** The dev server the integration tests run against is the real one, configured from temporal-config/. */
import { temporalCli } from '../helpers/temporal-cli';

describe('the Temporal dev server of the tests', () => {
  it('is healthy and has the search attributes of temporal-config/dev-server.conf', () => {
    expect(temporalCli(['operator', 'cluster', 'health'])).toContain('SERVING');
    const attributes = temporalCli(['operator', 'search-attribute', 'list']);
    for (const name of ['AugconRunName', 'AugconStage', 'AugconDataset', 'AugconStatus']) expect(attributes).toMatch(new RegExp(`${name}\\s+Keyword`));
  });
});
