/** The settings the control may change while the server runs. */
import type { BucketSetting, LatencySetting } from './public-types';
import type { ResponseStyles } from './sandbox-options';

export interface LiveSettings {
  latency: LatencySetting;
  styles: ResponseStyles;
  bucket: BucketSetting;
}
