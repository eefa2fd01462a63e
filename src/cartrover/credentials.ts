import { CartRoverError } from './cartrover-error';

export interface CartRoverCredentials {
  readonly apiUser: string;
  readonly apiKey: string;
}

/**
 * Called for every request, so the plaintext key lives only while that request is built and sent
 * (e.g. the plugin decrypts it from the connection store on demand).
 */
export type CredentialsProvider = () => Promise<CartRoverCredentials> | CartRoverCredentials;

/** Fetches and checks the credentials; failures are `config` errors that reveal nothing of them. */
export async function obtainCredentials(provider: CredentialsProvider): Promise<CartRoverCredentials> {
  let credentials: CartRoverCredentials;
  try {
    credentials = await provider();
  } catch (error) {
    // The provider's own message might quote what it failed to decrypt: report its type only.
    const type = error instanceof Error ? error.name : typeof error;
    throw new CartRoverError({ kind: 'config', message: `Could not obtain the CartRover credentials (${type}).` });
  }
  const apiUser = typeof credentials?.apiUser === 'string' ? credentials.apiUser : '';
  const apiKey = typeof credentials?.apiKey === 'string' ? credentials.apiKey : '';
  if (apiUser.trim() === '') throw new CartRoverError({ kind: 'config', message: 'The CartRover API user is missing.' });
  if (apiKey === '') throw new CartRoverError({ kind: 'config', message: 'The CartRover API key is missing.' });
  // HTTP Basic cannot carry a user name containing ':' (the user/password separator).
  if (apiUser.includes(':')) {
    throw new CartRoverError({ kind: 'config', message: "The CartRover API user must not contain ':'." });
  }
  return { apiUser, apiKey };
}

/** The `Authorization` header value for HTTP Basic. */
export function basicAuthorization(credentials: CartRoverCredentials): string {
  return `Basic ${Buffer.from(`${credentials.apiUser}:${credentials.apiKey}`, 'utf8').toString('base64')}`;
}
