import manifest from '../../plugin.manifest.json';
import { CARTROVER_APP } from '../../src/app/cartrover-app-descriptor';

describe('the CartRover app descriptor', () => {
  it('says what plugin.manifest.json declares (id, name, roles, documentation)', () => {
    const declared = manifest.apps.find((app) => app.id === CARTROVER_APP.id);
    expect(declared).toBeDefined();
    expect(declared!.name).toBe(CARTROVER_APP.name);
    expect([...declared!.roles].sort()).toEqual([...CARTROVER_APP.roles].sort());
    expect(declared!.documentation).toEqual(CARTROVER_APP.documentation);
  });
});
