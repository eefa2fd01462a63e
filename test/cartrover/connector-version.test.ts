import { CONNECTOR_VERSION, USER_AGENT } from '../../src/cartrover';
import packageJson from '../../package.json';

describe('connector version', () => {
  it('equals the version in package.json', () => {
    expect(CONNECTOR_VERSION).toBe(packageJson.version);
    expect(USER_AGENT).toBe(`cartrover-connector/${packageJson.version}`);
  });
});
