/**
 * The version of the host<->plugin contract in this folder. A plugin's manifest names the range it
 * needs in `hostApi`; a host refuses a plugin whose range does not include this version.
 * Bump the minor version for additions, the major version for anything a plugin could notice.
 *
 * 2.0.0: the contract speaks of platforms only. `ConnectionSummary.concurrencyLevel` and the
 * CartRover field ids (`API_USER_FIELD`, `API_KEY_FIELD`, `CONCURRENCY_LEVEL_FIELD`,
 * `CONCURRENCY_POOL_NOTE_FIELD`) left it (an app reads its own values); the plugin-internal
 * `LENDER_RESOLUTION` and the CartRover settings moved into the plugin. Removals that 1.3.0 did
 * not mark as major: a form's `validate()` returns no mask for a stored secret (an omitted secret
 * means "keep the stored one"), and `SecretCipher`/`SecretKeyring` are gone (the host alone
 * encrypts at rest).
 */
export const HOST_API_VERSION = '2.0.0';
