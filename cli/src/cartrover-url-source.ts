/**
 * Where the CartRover address of a command came from, so that a message names what the user
 * actually set: the flag, the environment variable, or neither (the plugin's default).
 */
export function cartroverUrlSource(flagValue: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flagValue !== undefined && flagValue !== '') return `the --cartrover-url you gave (${flagValue})`;
  if (env.CARTROVER_BASE_URL) return `the CARTROVER_BASE_URL environment variable (${env.CARTROVER_BASE_URL})`;
  return "the default CartRover address (set another one with --cartrover-url)";
}

const HOST_SETTING_HINT = /the host's CARTROVER_BASE_URL setting/g;

/** The plugin speaks to a host's operator; on the command line the address is the user's own. */
export function forCommandLine(message: string, source: string): string {
  return message.replace(HOST_SETTING_HINT, source);
}
