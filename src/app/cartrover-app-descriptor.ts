import type { AppRole, DocumentationLink } from '../contracts';

/** Who the app is; `plugin.manifest.json` declares the same (a test keeps the two in step). */
export const CARTROVER_APP = {
  id: 'cartrover',
  name: 'CartRover',
  roles: ['source', 'destination'] as readonly AppRole[],
  documentation: [
    { title: 'CartRover API Guide', url: 'https://developers.cartrover.com/api/collections/38801492/2sB34oDHpn' },
    { title: 'Authentication', url: 'https://help.cartrover.com/cartrover-api-documentation/' },
  ] as readonly DocumentationLink[],
} as const;
