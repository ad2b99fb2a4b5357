import { expect } from 'chai';
import { loadConfig } from '../../src/config/load.js';

const noFile = () => {
  throw Object.assign(new Error('no file'), { code: 'ENOENT' });
};

describe('configuration: database waits, metrics, shutdown', () => {
  it('bounds database waits to 2 s, has no /metrics and a 20 s grace by default', () => {
    const result = loadConfig({}, noFile);
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(result.config.operations).to.deep.equal({ databaseWaitMs: 2_000, metricsToken: null, metricsPort: null, shutdownGraceMs: 20_000 });
  });

  it('reads the four settings', () => {
    const token = 'p'.repeat(40);
    const result = loadConfig(
      { ECARNET_DB_WAIT_MS: '1500', ECARNET_METRICS_TOKEN: token, ECARNET_METRICS_PORT: '9464', ECARNET_SHUTDOWN_GRACE_SECONDS: '5' },
      noFile,
    );
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(result.config.operations).to.deep.equal({ databaseWaitMs: 1_500, metricsToken: token, metricsPort: 9464, shutdownGraceMs: 5_000 });
  });

  it('lists every bad value with the other problems', () => {
    const result = loadConfig(
      { ECARNET_DB_WAIT_MS: '10', ECARNET_METRICS_TOKEN: 'short', ECARNET_METRICS_PORT: '70000', ECARNET_SHUTDOWN_GRACE_SECOND: '5' },
      noFile,
    );
    if (result.ok) throw new Error('expected errors');
    expect(result.errors).to.have.length(4);
    expect(result.errors.find((error) => error.startsWith('ECARNET_DB_WAIT_MS:'))).to.match(/100/);
    expect(result.errors.find((error) => error.startsWith('ECARNET_METRICS_TOKEN:'))).to.include('at least 32 characters');
    expect(result.errors.find((error) => error.startsWith('ECARNET_METRICS_PORT:'))).to.not.equal(undefined);
    expect(result.errors.find((error) => error.startsWith('ECARNET_SHUTDOWN_GRACE_SECOND:'))).to.include('did you mean ECARNET_SHUTDOWN_GRACE_SECONDS?');
  });
});
